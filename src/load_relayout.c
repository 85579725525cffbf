// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "arena.h"
#include "load_relayout.h"

static struct nfc_rule *move_rule(struct nfc_arena *a, struct nfc_rule *r)
{
	size_t size = sizeof(*r) + r->size;
	struct nfc_rule *n = arena_alloc(a, size);

	if (!n)
		return NULL;
	memcpy(n, r, size);
	rule_free(r);
	return n;
}

static int relayout_table(struct nfc_table *t)
{
	struct nfc_arena *parsed = t->own;
	unsigned int i, j;
	int ret = 0;

	/* Only the images of a one-pass build hold their rules in file
	 * order, and only those a chain's rules come in out of order
	 * (-I, -R, -D) need moving: the commit sends the others in arena
	 * order (nft_commit.c). */
	if (!t->consume || table_rules_in_arena_order(t))
		return 0;
	t->own = arena_new();
	if (!t->own) {
		t->own = parsed;
		return -ENOMEM;
	}
	for (i = 0; i < t->nchains && !ret; i++) {
		struct nfc_chain *c = t->chains[i];

		for (j = 0; j < c->nrules; j++) {
			struct nfc_rule *n;

			if (!(c->rules[j]->flags & NFC_RULE_ARENA))
				continue;
			n = move_rule(t->own, c->rules[j]);
			if (!n) {
				ret = -ENOMEM;
				break;
			}
			c->rules[j] = n;
		}
	}
	/* The chunks emptied by the moves are gone; any left hold rules
	 * that could not move, and are the image's still. */
	arena_merge(t->own, parsed);
	return ret;
}

int load_relayout(struct nfc_load *l)
{
	unsigned int i;
	int ret;

	for (i = 0; i < l->nimgs; i++) {
		ret = relayout_table(l->imgs[i]);
		if (ret < 0)
			return ret;
	}
	return 0;
}
