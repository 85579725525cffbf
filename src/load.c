// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "arena.h"
#include "builtin.h"
#include "keep_foreign.h"
#include "load.h"
#include "parse.h"

int load_read(struct nfc_load *l, const char *path, const char *text,
	      const char *name, struct nfc_diags *d)
{
	return load_read_flags(l, path, text, name, 0, d);
}

int load_read_flags(struct nfc_load *l, const char *path, const char *text,
		    const char *name, unsigned int source_flags,
		    struct nfc_diags *d)
{
	char msg[512];
	int ret;

	memset(l, 0, sizeof(*l));
	if (text)
		ret = source_from_buffer(&l->src, name ? name : "<built-in>",
					 text, strlen(text));
	else
		ret = source_read_flags(&l->src, path, source_flags, msg,
					sizeof(msg));
	if (ret == -ENOMEM) {
		diag_add(d, NFC_ERROR, NULL, "out of memory reading input");
		return NFC_EXIT_RESOURCE;
	}
	if (ret < 0) {
		diag_add(d, NFC_ERROR, NULL, "%s: %s",
			 path && strcmp(path, "-") ? path : "<stdin>", msg);
		return NFC_EXIT_INPUT;
	}
	return 0;
}

static struct nfc_arena *rules_arena(void *arg, const struct nfc_section *sec)
{
	(void)sec;
	return ((struct nfc_load *)arg)->rules;
}

int load_parse_script(struct nfc_load *l, const struct load_opts *o,
		      struct nfc_diags *d)
{
	struct parse_opts po = {
		.family = o->family,
		.counters = o->counters,
		.only_table = o->only_table,
		.lenient_crlf = o->offline,
		.offline = o->offline,
	};
	int ret;

	/* An offline load is never committed: its rules can share one
	 * arena (no malloc and free per rule; lint reads them in order). */
	if (o->offline && !l->rules)
		l->rules = arena_new();
	if (l->rules) {
		po.on_section = rules_arena;
		po.hook_arg = l;
	}
	ret = script_parse(&l->script, &l->src, &po, d);

	if (ret < 0) {
		diag_add(d, NFC_ERROR, NULL, "out of memory parsing %s",
			 l->src.name);
		return NFC_EXIT_RESOURCE;
	}
	return ret ? NFC_EXIT_INPUT : 0;
}

int load_parse(struct nfc_load *l, const char *path,
	       const struct load_opts *o, struct nfc_diags *d)
{
	int ret = load_read(l, path, NULL, NULL, d);

	return ret ? ret : load_parse_script(l, o, d);
}

static void zero_policy_counters(struct nfc_table *img)
{
	unsigned int i;

	for (i = 0; i < img->nchains; i++)
		memset(&img->chains[i]->counters, 0,
		       sizeof(img->chains[i]->counters));
}

static struct nfc_table *find_img(struct nfc_load *l, const char *name)
{
	unsigned int i;

	for (i = 0; i < l->nimgs; i++)
		if (strcmp(l->imgs[i]->name, name) == 0)
			return l->imgs[i];
	return NULL;
}

static int base_image(struct nfc_load *l, struct nfc_backend *b,
		      const struct load_opts *o, const char *name,
		      struct nfc_table **out, struct nfc_diags *d)
{
	struct nfc_table **v;
	int ret;

	*out = NULL;
	if (o->offline || !b) {
		*out = table_new_builtin(l->script.family, name);
	} else if (!o->noflush && !o->keep_foreign && b->ops->flush_image) {
		/* Replaced whole, so what the table holds is not needed. */
		*out = table_new(l->script.family, name);
	} else {
		ret = b->ops->read_table(b, l->script.family, name, out);
		if (ret < 0) {
			diag_add(d, NFC_ERROR, NULL, "%s", b->err);
			return NFC_EXIT_FAIL;
		}
	}
	if (!*out)
		return NFC_EXIT_RESOURCE;
	v = realloc(l->imgs, (l->nimgs + 1) * sizeof(*v));
	if (!v) {
		table_free(*out);
		*out = NULL;
		return NFC_EXIT_RESOURCE;
	}
	l->imgs = v;
	l->imgs[l->nimgs++] = *out;
	return 0;
}

int load_build(struct nfc_load *l, struct nfc_backend *b,
	       const struct load_opts *o, struct nfc_diags *d)
{
	struct apply_opts ao = { .noflush = o->noflush || o->keep_foreign,
				 .take_rules = o->take_rules };
	unsigned int i, errors = 0;
	int ret;

	if (l->one_pass) /* built already, unless the images were dropped */
		return l->nimgs || !l->script.nsecs ? 0 : NFC_EXIT_FAIL;

	for (i = 0; i < l->script.nsecs; i++) {
		const struct nfc_section *sec = &l->script.secs[i];
		struct nfc_table *img = find_img(l, sec->table);

		if (!builtin_table_find(sec->table))
			continue; /* reported by the parser */
		if (!img) {
			ret = base_image(l, b, o, sec->table, &img, d);
			if (ret)
				return ret;
			/* Policy counters come from the file (with -c) or
			 * start at zero, as iptables-restore leaves them,
			 * with --noflush too. */
			zero_policy_counters(img);
		}
		/* Each section replaces the table again, as a second
		 * *filter block does with iptables-restore. */
		if (o->keep_foreign)
			keep_foreign_flush(img, sec);
		else if (!o->noflush && b && !o->offline && b->ops->flush_image)
			b->ops->flush_image(b, img);
		else if (!o->noflush)
			apply_flush_base(img);
		errors += (unsigned int)apply_section(img, sec, &ao, d);
	}
	return errors ? NFC_EXIT_INPUT : 0;
}

void load_drop_images(struct nfc_load *l)
{
	unsigned int i;

	for (i = 0; i < l->nimgs; i++)
		table_free(l->imgs[i]);
	free(l->imgs);
	l->imgs = NULL;
	l->nimgs = 0;
}

void load_drop_script(struct nfc_load *l)
{
	script_free(&l->script);
}

void load_free(struct nfc_load *l)
{
	unsigned int i;

	for (i = 0; i < l->nimgs; i++)
		table_free(l->imgs[i]);
	free(l->imgs);
	script_free(&l->script);
	arena_free(l->rules); /* after every rule it holds is freed */
	source_free(&l->src);
	memset(l, 0, sizeof(*l));
}
