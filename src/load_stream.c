// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One-pass build for a restore that replaces whole tables: each
 * command is applied to its table image as soon as it is parsed, and its
 * rules move into the image instead of being copied.  No command is kept,
 * so a large file costs its rules and little else.
 *
 * The result is the one load_parse_script() and load_build() give:
 *  - the base image is what a restore without --noflush starts from: the
 *    table's builtin chains, no rules, zero policy counters, and the
 *    policies the kernel has.  The kernel is not read here; the chains are
 *    marked policy_kernel, and the legacy backend takes those policies from
 *    the kernel at commit, unless the file sets them (ruleset.h).  On
 *    nf_tables the base image is the one flush_image makes (see
 *    load_opts.empty_image): the table goes whole, so nothing of it is
 *    read either;
 *  - a second section of the same table empties the image again;
 *  - the apply step's diagnostics are kept apart and reported only when
 *    the whole input parsed, as when apply runs after the parse.
 * The text read is given back as the parse moves on, but for the lines
 * diagnostics may quote (source_keep.h).
 */
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "arena.h"
#include "builtin.h"
#include "load.h"
#include "load_stream.h"
#include "parse.h"
#include "source_keep.h"

/* Lines parsed between two hand-backs of the text before them. */
#define KEEP_EVERY_LINES 256

struct stream {
	struct nfc_load *l;
	const struct load_opts *o;
	struct nfc_diags *d;      /* the parser's */
	struct nfc_diags applied; /* the apply step's, held back */
	unsigned int parse_errors_before;
	struct nfc_table *img;    /* of the open section */
	int section_errors;
	bool oom;
	struct source_keep *keep;
	unsigned int kept_at;     /* line of the last hand-back */
	unsigned int *need;       /* lines diagnostics may quote, sorted */
	size_t nneed, needcap;
};

static struct nfc_table *find_img(struct nfc_load *l, const char *name)
{
	unsigned int i;

	for (i = 0; i < l->nimgs; i++)
		if (strcmp(l->imgs[i]->name, name) == 0)
			return l->imgs[i];
	return NULL;
}

static struct nfc_table *new_img(struct stream *st, const char *name)
{
	struct nfc_load *l = st->l;
	struct nfc_table *t =
		st->o->empty_image ? table_new(l->script.family, name)
				   : table_new_builtin(l->script.family, name);
	struct nfc_table **v;
	unsigned int i;

	if (!t)
		return NULL;
	/* Each table's rules in an arena of their own: the legacy commit
	 * walks it (ruleset.h), and must not read the other tables'. */
	t->own = arena_new();
	v = t->own ? realloc(l->imgs, (l->nimgs + 1) * sizeof(*v)) : NULL;
	if (!v) {
		table_free(t);
		return NULL;
	}
	if (st->o->empty_image)
		st->o->empty_image(t);
	for (i = 0; i < t->nchains && !st->o->empty_image; i++)
		t->chains[i]->policy_kernel = true;
	t->consume = true;
	l->imgs = v;
	l->imgs[l->nimgs++] = t;
	return t;
}

static bool parse_failed(const struct stream *st)
{
	return st->d->nerrors != st->parse_errors_before || st->oom;
}

static struct nfc_arena *on_section(void *arg, const struct nfc_section *sec)
{
	struct stream *st = arg;

	st->img = NULL;
	st->section_errors = 0;
	if (parse_failed(st) || !builtin_table_find(sec->table))
		return NULL; /* an unknown table is the parser's error */
	st->img = find_img(st->l, sec->table);
	if (st->img) {
		/* Each section replaces the table again. */
		if (st->o->empty_image)
			st->o->empty_image(st->img);
		else
			apply_flush_base(st->img);
		return st->img->own;
	}
	st->img = new_img(st, sec->table);
	if (!st->img) {
		st->oom = true;
		return NULL;
	}
	return st->img->own;
}

static void need_line(struct stream *st, const struct nfc_loc *loc)
{
	unsigned int *v;

	if (loc->src != &st->l->src || !loc->line)
		return;
	if (st->nneed == st->needcap) {
		size_t cap = st->needcap ? 2 * st->needcap : 64;

		v = realloc(st->need, cap * sizeof(*v));
		if (!v) {
			st->oom = true;
			return;
		}
		st->need = v;
		st->needcap = cap;
	}
	st->need[st->nneed++] = loc->line;
}

static void need_diags(struct stream *st, const struct nfc_diags *d)
{
	const struct nfc_diag *dg;

	for (dg = d->head; dg; dg = dg->next) {
		need_line(st, &dg->loc);
		need_line(st, &dg->related);
	}
}

static int cmp_line(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/* The lines a diagnostic may quote: those of the diagnostics so far, and
 * every *table and COMMIT line (commit errors point there). */
static void collect_need(struct stream *st)
{
	const struct nfc_script *s = &st->l->script;
	unsigned int i;

	st->nneed = 0;
	for (i = 0; i < s->nsecs; i++) {
		need_line(st, &s->secs[i].loc);
		need_line(st, &s->secs[i].commit_loc);
	}
	need_diags(st, st->d);
	need_diags(st, &st->applied);
	if (st->nneed) /* need is NULL for an empty input */
		qsort(st->need, st->nneed, sizeof(*st->need), cmp_line);
}

static void on_cmd(void *arg, const struct nfc_section *sec,
		   struct nfc_cmd *cmd)
{
	static const struct apply_opts ao = { .take_rules = true };
	struct stream *st = arg;

	(void)sec;
	if (st->keep && cmd->loc.line - st->kept_at >= KEEP_EVERY_LINES) {
		collect_need(st);
		source_keep_advance(st->keep, cmd->loc.line, st->need,
				    st->nneed);
		st->kept_at = cmd->loc.line;
	}
	if (!st->img || parse_failed(st) || st->section_errors >= NFC_MAX_ERRORS)
		return;
	st->section_errors += apply_command(st->img, cmd, &ao, &st->applied);
}

int load_parse_build(struct nfc_load *l, const struct load_opts *o,
		     struct nfc_diags *d)
{
	struct stream st = { .l = l, .o = o, .d = d };
	struct parse_opts po = {
		.family = o->family,
		.counters = o->counters,
		.only_table = o->only_table,
		.on_section = on_section,
		.on_cmd = on_cmd,
		.hook_arg = &st,
	};
	unsigned int i;
	int ret;

	diags_init(&st.applied);
	st.parse_errors_before = d->nerrors;
	st.keep = source_keep_new(&l->src);
	ret = script_parse(&l->script, &l->src, &po, d);
	l->one_pass = true;
	if (st.keep) {
		collect_need(&st);
		if (!st.oom)
			source_keep_finish(st.keep, st.need, st.nneed);
		source_keep_free(st.keep);
	}
	free(st.need);
	if (ret < 0 || st.oom) {
		diags_free(&st.applied);
		diag_add(d, NFC_ERROR, NULL, "out of memory parsing %s",
			 l->src.name);
		return NFC_EXIT_RESOURCE;
	}
	if (ret) {
		diags_free(&st.applied);
		return NFC_EXIT_INPUT;
	}
	ret = st.applied.nerrors ? NFC_EXIT_INPUT : 0;
	diags_append(d, &st.applied); /* the held-back ones, in their order */
	/* What apply_section records: the last section's places. */
	for (i = 0; i < l->script.nsecs; i++) {
		const struct nfc_section *sec = &l->script.secs[i];
		struct nfc_table *img = find_img(l, sec->table);

		if (img) {
			img->loc = sec->loc;
			img->commit_loc = sec->commit_loc;
		}
	}
	return ret;
}
