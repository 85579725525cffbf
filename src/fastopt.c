// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The subset of glibc's getopt_long() behaviour that fastopt reproduces
 * (RETURN_IN_ORDER, because the option string starts with '-'):
 *  - a word that does not start with '-', or is "-" or empty, is returned
 *    as option 1 with optarg pointing at it;
 *  - "-X" is the short option X; its required argument is the next word,
 *    whatever it looks like; an optional argument must be attached, so
 *    optarg is NULL;
 *  - "--name" spelt out in full is the first entry of the table with that
 *    exact name: the base options first, then the extensions, the most
 *    recently merged first (libxtables puts new options ahead of old);
 *    a required argument is the next word.
 * getopt_long() sets optarg to NULL at every call, and so does fastopt.
 */
#include <stdlib.h>
#include <string.h>

#include "fastopt.h"

#define LENGTH_BITS 63

static uint64_t length_bit(const char *name)
{
	size_t len = strnlen(name, LENGTH_BITS);

	return (uint64_t)1 << len;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void fastopt_base_init(struct fastopt_base *b, const char *optstring,
		       const struct option *opts)
{
	unsigned int n = 0;
	const char *s;

	b->opts = opts;
	while (opts[n].name && n < FASTOPT_BASE_MAX) {
		b->sorted[n] = opts[n].name;
		n++;
	}
	b->nsorted = opts[n].name ? 0 : n;
	qsort(b->sorted, b->nsorted, sizeof(b->sorted[0]), cmp_name);
	memset(b->lengths, 0, sizeof(b->lengths));
	for (n = 0; opts[n].name; n++)
		b->lengths[(unsigned char)opts[n].name[0]] |= length_bit(opts[n].name);
	/* Past the leading "-:" (ordering and quiet-errors flags).  As with
	 * strchr(), the first mention of a letter is the one that counts. */
	memset(b->shorts, FASTOPT_SHORT_NONE, sizeof(b->shorts));
	for (s = optstring + 2; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == ':')
			continue;
		if (b->shorts[c] == FASTOPT_SHORT_NONE)
			b->shorts[c] = s[1] != ':'   ? FASTOPT_SHORT_FLAG
				       : s[2] != ':' ? FASTOPT_SHORT_ARG
						     : FASTOPT_SHORT_OPT;
	}
}

void fastopt_init(struct fastopt *f, const struct fastopt_base *base)
{
	f->base = base;
	f->nsets = 0;
	f->overflow = false;
}

void fastopt_add(struct fastopt *f, const struct xt_option_entry *x6,
		 const struct option *extra, unsigned int offset)
{
	if (f->nsets == FASTOPT_MAX_SETS) {
		f->overflow = true;
		return;
	}
	f->sets[f->nsets].x6 = x6;
	f->sets[f->nsets].extra = x6 ? NULL : extra;
	f->sets[f->nsets].offset = offset;
	f->nsets++;
}

static bool is_base_long(const struct fastopt *f, const char *name)
{
	const struct fastopt_base *b = f->base;
	const struct option *o;

	if (!(b->lengths[(unsigned char)name[0]] & length_bit(name)))
		return false;
	if (b->nsorted)
		return bsearch(&name, b->sorted, b->nsorted, sizeof(b->sorted[0]),
			       cmp_name) != NULL;
	for (o = b->opts; o->name; o++)
		if (o->name[0] == name[0] && strcmp(o->name, name) == 0)
			return true;
	return false;
}

/* The option value and has_arg of the option named exactly name in one
 * extension's table; false when it has none (or one getopt would store
 * through a flag pointer instead of returning). */
static bool find_in_set(const struct xt_option_entry *x6,
			const struct option *extra, unsigned int offset,
			const char *name, int *val, int *has_arg)
{
	if (x6) {
		const struct xt_option_entry *e;

		for (e = x6; e->name; e++) {
			if (e->name[0] != name[0] || strcmp(e->name, name))
				continue;
			*val = (int)(e->id + offset);
			*has_arg = e->type != XTTYPE_NONE;
			return true;
		}
		return false;
	}
	for (; extra && extra->name; extra++) {
		if (extra->name[0] != name[0] || strcmp(extra->name, name))
			continue;
		if (extra->flag)
			return false;
		*val = extra->val + (int)offset;
		*has_arg = extra->has_arg;
		return true;
	}
	return false;
}

/* The newest merged extension with an option named exactly name; false
 * when none has it. */
static bool find_ext(const struct fastopt *f, const char *name, int *val,
		     int *has_arg)
{
	unsigned int i = f->nsets;

	while (i-- > 0) {
		const struct fastopt_set *s = &f->sets[i];

		if (find_in_set(s->x6, s->extra, s->offset, name, val, has_arg))
			return true;
	}
	return false;
}

static int short_option(struct fastopt *f, int argc, char **argv,
			const char *w)
{
	uint8_t spec = f->base->shorts[(unsigned char)w[1]];

	if (w[2] != '\0' || spec == FASTOPT_SHORT_NONE)
		return FASTOPT_BAIL; /* grouped, attached value, or unknown */
	if (spec == FASTOPT_SHORT_ARG) {
		if (optind + 1 >= argc)
			return FASTOPT_BAIL; /* missing argument */
		optarg = argv[optind + 1];
		optind += 2;
		return w[1];
	}
	optind++;
	return w[1];
}

int fastopt_next(struct fastopt *f, int argc, char **argv)
{
	const char *w;
	int val, has_arg;

	optarg = NULL;
	if (f->overflow)
		return FASTOPT_BAIL;
	if (optind >= argc)
		return -1;
	w = argv[optind];
	if (w[0] != '-' || w[1] == '\0') {
		optarg = argv[optind++];
		return 1;
	}
	if (w[1] != '-')
		return short_option(f, argc, argv, w);
	/* "--" ends the options, "--name=value" and abbreviations are the
	 * real getopt's business. */
	if (w[2] == '\0' || strchr(w, '=') || is_base_long(f, w + 2) ||
	    !find_ext(f, w + 2, &val, &has_arg))
		return FASTOPT_BAIL;
	optind++;
	if (has_arg == required_argument) {
		if (optind >= argc)
			return FASTOPT_BAIL;
		optarg = argv[optind++];
	}
	return val;
}
