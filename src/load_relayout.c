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
	unsigned int i, j;

	/* An image that owns an arena already has its rules in order. */
	if (t->own)
		return 0;
	t->own = arena_new();
	if (!t->own)
		return -ENOMEM;
	for (i = 0; i < t->nchains; i++) {
		struct nfc_chain *c = t->chains[i];

		for (j = 0; j < c->nrules; j++) {
			struct nfc_rule *n;

			if (!(c->rules[j]->flags & NFC_RULE_ARENA))
				continue;
			n = move_rule(t->own, c->rules[j]);
			if (!n)
				return -ENOMEM;
			c->rules[j] = n;
		}
	}
	return 0;
}

int load_relayout(struct nfc_load *l)
{
	unsigned int i;
	int ret;

	if (!l->arena)
		return 0;
	for (i = 0; i < l->nimgs; i++) {
		ret = relayout_table(l->imgs[i]);
		if (ret < 0)
			return ret;
	}
	/* Every rule has moved: the last chunk, emptied but kept for
	 * reuse, goes too. */
	if (arena_is_empty(l->arena)) {
		arena_free(l->arena);
		l->arena = NULL;
	}
	return 0;
}
