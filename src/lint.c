// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "lint.h"

enum color { WHITE, GREY, BLACK };

struct walk {
	const struct nfc_table *t;
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
		const struct nfc_rule *r;
		const struct nfc_chain *to;
		int ti;

		if (cursor[ci] >= c->nrules) {
			w->color[ci] = BLACK;
			w->depth--;
			continue;
		}
		r = c->rules[cursor[ci]++];
		if (!(r->flags & NFC_RULE_STANDARD))
			continue;
		to = table_find_chain(w->t, rule_jump_name(r));
		if (!to || chain_is_builtin(to))
			continue;
		ti = (int)to->scratch;
		if (w->color[ti] == GREY)
			report_loop(w, r, (unsigned int)ti);
		else if (w->color[ti] == WHITE) {
			w->color[ti] = GREY;
			cursor[ti] = 0;
			w->stack[w->depth++] = (unsigned int)ti;
		}
	}
}

int lint_loops(const struct nfc_table *t, struct nfc_diags *d)
{
	struct walk w = { .t = t, .d = d };
	unsigned int i, *cursor;

	w.color = calloc(t->nchains + 1, 1);
	w.stack = calloc(t->nchains + 1, sizeof(*w.stack));
	cursor = calloc(t->nchains + 1, sizeof(*cursor));
	for (i = 0; i < t->nchains; i++)
		t->chains[i]->scratch = i;
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
		n += lint_loops(l->imgs[i], d);
		n += lint_chains(l->imgs[i], d);
		n += lint_reach(l->imgs[i], d);
	}
	return n;
}
