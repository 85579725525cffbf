// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "lint.h"

enum color { WHITE, GREY, BLACK };

struct walk {
	const struct nfc_table *t;
	const struct lint_jumps *j;
	struct nfc_diags *d;
	unsigned char *color;
	unsigned int *stack; /* chain indexes on the current path */
	unsigned int depth;
	int found;
};

static void report_loop(struct walk *w, const struct nfc_rule *r,
			unsigned int target)
{
	char path[512] = "";
	unsigned int i, start = 0;
	size_t len = 0;

	for (i = 0; i < w->depth; i++)
		if (w->stack[i] == target)
			start = i;
	for (i = start; i < w->depth && len < sizeof(path) - 64; i++)
		len += (size_t)snprintf(path + len, sizeof(path) - len, "%s -> ",
					w->t->chains[w->stack[i]]->name);
	snprintf(path + len, sizeof(path) - len, "%s",
		 w->t->chains[target]->name);
	finding_add(w->d, NFC_F_JUMP_LOOP, &r->loc,
		    "jump loop in table `%s': %s (the kernel refuses to load it)",
		    w->t->name, path);
	w->found++;
}

int lint_jumps_init(struct lint_jumps *j, const struct nfc_table *t)
{
	unsigned int i, k, n = 0;

	for (i = 0; i < t->nchains; i++) {
		t->chains[i]->scratch = i;
		n += t->chains[i]->nrules;
	}
	j->to = malloc((n ? n : 1) * sizeof(*j->to));
	j->first = malloc((t->nchains + 1) * sizeof(*j->first));
	if (!j->to || !j->first) {
		lint_jumps_free(j);
		return -1;
	}
	for (i = 0, n = 0; i < t->nchains; i++) {
		const struct nfc_chain *c = t->chains[i];

		j->first[i] = n;
		for (k = 0; k < c->nrules; k++) {
			const struct nfc_rule *r = c->rules[k];
			const struct nfc_chain *to =
				r->flags & NFC_RULE_STANDARD
					? table_find_chain(t, rule_jump_name(r))
					: NULL;

			j->to[n++] = to && !chain_is_builtin(to)
					     ? (int)to->scratch
					     : -1;
		}
	}
	j->first[t->nchains] = n;
	return 0;
}

void lint_jumps_free(struct lint_jumps *j)
{
	free(j->to);
	free(j->first);
	j->to = NULL;
	j->first = NULL;
}

/* Iterative depth-first search: 10k-deep jump chains must not overflow
 * the stack.  The per-chain cursor remembers the next rule to look at. */
static void visit(struct walk *w, unsigned int root, unsigned int *cursor)
{
	w->depth = 0;
	w->stack[w->depth++] = root;
	w->color[root] = GREY;
	cursor[root] = 0;
	while (w->depth) {
		unsigned int ci = w->stack[w->depth - 1];
		const struct nfc_chain *c = w->t->chains[ci];
		unsigned int k;
		int ti;

		if (cursor[ci] >= c->nrules) {
			w->color[ci] = BLACK;
			w->depth--;
			continue;
		}
		k = cursor[ci]++;
		ti = lint_jump(w->j, ci, k);
		if (ti < 0)
			continue;
		if (w->color[ti] == GREY)
			report_loop(w, c->rules[k], (unsigned int)ti);
		else if (w->color[ti] == WHITE) {
			w->color[ti] = GREY;
			cursor[ti] = 0;
			w->stack[w->depth++] = (unsigned int)ti;
		}
	}
}

int lint_loops(const struct nfc_table *t, const struct lint_jumps *j,
	       struct nfc_diags *d)
{
	struct walk w = {.t = t, .j = j, .d = d};
	unsigned int i, *cursor;

	w.color = calloc(t->nchains + 1, 1);
	w.stack = calloc(t->nchains + 1, sizeof(*w.stack));
	cursor = calloc(t->nchains + 1, sizeof(*cursor));
	if (w.color && w.stack && cursor)
		for (i = 0; i < t->nchains; i++)
			if (w.color[i] == WHITE)
				visit(&w, i, cursor);
	free(w.color);
	free(w.stack);
	free(cursor);
	return w.found;
}

int lint_images(const struct nfc_load *l, struct nfc_diags *d)
{
	unsigned int i;
	int n = 0;

	for (i = 0; i < l->nimgs; i++) {
		struct lint_jumps j;

		/* Out of memory: the checks that need it are left out. */
		if (lint_jumps_init(&j, l->imgs[i]) == 0) {
			n += lint_loops(l->imgs[i], &j, d);
			n += lint_chains(l->imgs[i], &j, d);
			lint_jumps_free(&j);
		}
		n += lint_reach(l->imgs[i], d);
	}
	return n;
}
