// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "builtin.h"
#include "ruleset.h"

#define HASH_INITIAL 64

struct nfc_table *table_new(enum nfc_family family, const char *name)
{
	struct nfc_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->family = family;
	strncpy(t->name, name, sizeof(t->name) - 1);
	t->hash_size = HASH_INITIAL;
	t->hash = calloc(t->hash_size, sizeof(*t->hash));
	if (!t->hash) {
		free(t);
		return NULL;
	}
	return t;
}

struct nfc_table *table_new_builtin(enum nfc_family family, const char *name)
{
	const struct builtin_table *bt = builtin_table_find(name);
	struct nfc_table *t;
	unsigned int i;

	if (!bt)
		return NULL;
	t = table_new(family, name);
	if (!t)
		return NULL;
	for (i = 0; i < bt->nchains; i++) {
		struct nfc_chain *c = table_add_chain(t, bt->chains[i].name,
						      bt->chains[i].hook);
		if (!c) {
			table_free(t);
			return NULL;
		}
		c->policy = NFC_POLICY_ACCEPT;
	}
	return t;
}

static void chain_free(struct nfc_chain *c)
{
	chain_flush(c);
	free(c->rules);
	free(c);
}

void table_free(struct nfc_table *t)
{
	unsigned int i;

	if (!t)
		return;
	for (i = 0; i < t->nchains; i++)
		chain_free(t->chains[i]);
	free(t->chains);
	free(t->hash);
	arena_free(t->own);
	free(t);
}

static void hash_insert(struct nfc_table *t, struct nfc_chain *c)
{
	unsigned int b = nfc_name_hash(c->name) & (t->hash_size - 1);

	c->hash_next = t->hash[b];
	t->hash[b] = c;
}

static void hash_remove(struct nfc_table *t, struct nfc_chain *c)
{
	struct nfc_chain **pp = &t->hash[nfc_name_hash(c->name) & (t->hash_size - 1)];

	while (*pp && *pp != c)
		pp = &(*pp)->hash_next;
	if (*pp)
		*pp = c->hash_next;
	c->hash_next = NULL;
}

static int hash_grow(struct nfc_table *t)
{
	unsigned int i, size = t->hash_size * 2;
	struct nfc_chain **h = calloc(size, sizeof(*h));

	if (!h)
		return -ENOMEM;
	free(t->hash);
	t->hash = h;
	t->hash_size = size;
	for (i = 0; i < t->nchains; i++)
		hash_insert(t, t->chains[i]);
	return 0;
}

bool table_rules_in_arena_order(const struct nfc_table *t)
{
	unsigned int i, j;

	if (!t->own)
		return false;
	for (i = 0; i < t->nchains; i++) {
		const struct nfc_chain *c = t->chains[i];
		uint64_t last = 0;

		for (j = 0; j < c->nrules; j++) {
			const struct nfc_rule *r = c->rules[j];
			uint64_t at;

			if (!(r->flags & NFC_RULE_ARENA) ||
			    !arena_holds(t->own, r))
				return false;
			at = arena_order(r);
			if (j && at <= last)
				return false;
			last = at;
		}
	}
	return true;
}

bool table_has_content(const struct nfc_table *t)
{
	unsigned int i;

	for (i = 0; i < t->nchains; i++)
		if (!t->chains[i]->absent)
			return true;
	return false;
}

struct nfc_chain *table_find_chain(const struct nfc_table *t,
				   const char *name)
{
	struct nfc_chain *c = t->hash[nfc_name_hash(name) & (t->hash_size - 1)];

	while (c && strcmp(c->name, name) != 0)
		c = c->hash_next;
	return c;
}

struct nfc_chain *table_add_chain(struct nfc_table *t, const char *name,
				  int hook)
{
	struct nfc_chain *c;

	if (t->nchains == t->cap) {
		unsigned int cap = t->cap ? t->cap * 2 : 8;
		struct nfc_chain **v = realloc(t->chains, cap * sizeof(*v));

		if (!v)
			return NULL;
		t->chains = v;
		t->cap = cap;
	}
	if (t->nchains >= t->hash_size * 2 && hash_grow(t) < 0)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	strncpy(c->name, name, sizeof(c->name) - 1);
	c->hook = hook;
	t->chains[t->nchains++] = c;
	hash_insert(t, c);
	return c;
}

void table_del_chain(struct nfc_table *t, struct nfc_chain *c)
{
	unsigned int i;

	for (i = 0; i < t->nchains; i++) {
		if (t->chains[i] == c) {
			memmove(&t->chains[i], &t->chains[i + 1],
				(t->nchains - i - 1) * sizeof(*t->chains));
			t->nchains--;
			break;
		}
	}
	hash_remove(t, c);
	chain_free(c);
}

int table_rename_chain(struct nfc_table *t, struct nfc_chain *c,
		       const char *newname)
{
	unsigned int i, j;
	char old[NFC_NAME_MAX];

	memcpy(old, c->name, sizeof(old));
	hash_remove(t, c);
	memset(c->name, 0, sizeof(c->name));
	strncpy(c->name, newname, sizeof(c->name) - 1);
	hash_insert(t, c);
	/* Jumps name their chain in the image, so they follow the rename. */
	for (i = 0; i < t->nchains; i++) {
		struct nfc_chain *o = t->chains[i];

		for (j = 0; j < o->nrules; j++) {
			struct nfc_rule *r = o->rules[j];

			if ((r->flags & NFC_RULE_STANDARD) &&
			    strcmp(rule_jump_name(r), old) == 0)
				rule_set_jump_name(r, newname);
		}
	}
	return 0;
}

static int chain_order(const void *a, const void *b)
{
	const struct nfc_chain *x = *(struct nfc_chain *const *)a;
	const struct nfc_chain *y = *(struct nfc_chain *const *)b;

	if (chain_is_builtin(x) || chain_is_builtin(y)) {
		if (!chain_is_builtin(y))
			return -1;
		if (!chain_is_builtin(x))
			return 1;
		return x->hook - y->hook;
	}
	return strcmp(x->name, y->name);
}

struct nfc_chain **table_sorted_chains(const struct nfc_table *t)
{
	struct nfc_chain **v = malloc((t->nchains + 1) * sizeof(*v));

	if (!v)
		return NULL;
	memcpy(v, t->chains, t->nchains * sizeof(*v));
	qsort(v, t->nchains, sizeof(*v), chain_order);
	v[t->nchains] = NULL;
	return v;
}

unsigned int table_chain_refs(const struct nfc_table *t, const char *name)
{
	unsigned int i, j, refs = 0;

	for (i = 0; i < t->nchains; i++) {
		const struct nfc_chain *c = t->chains[i];

		for (j = 0; j < c->nrules; j++)
			if ((c->rules[j]->flags & NFC_RULE_STANDARD) &&
			    strcmp(rule_jump_name(c->rules[j]), name) == 0)
				refs++;
	}
	return refs;
}

unsigned long table_rule_count(const struct nfc_table *t)
{
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i < t->nchains; i++)
		n += t->chains[i]->nrules;
	return n;
}

struct nfc_table *table_clone(const struct nfc_table *t)
{
	struct nfc_table *c = table_new(t->family, t->name);
	unsigned int i, j;

	if (!c)
		return NULL;
	c->loc = t->loc;
	c->commit_loc = t->commit_loc;
	for (i = 0; i < t->nchains; i++) {
		const struct nfc_chain *o = t->chains[i];
		struct nfc_chain *n = table_add_chain(c, o->name, o->hook);

		if (!n)
			goto fail;
		n->policy = o->policy;
		n->counters = o->counters;
		n->loc = o->loc;
		n->absent = o->absent;
		n->policy_set = o->policy_set;
		n->policy_kernel = o->policy_kernel;
		for (j = 0; j < o->nrules; j++) {
			struct nfc_rule *r = rule_clone(o->rules[j]);

			if (!r || chain_insert_rule(n, n->nrules, r) < 0) {
				rule_free(r);
				goto fail;
			}
		}
	}
	return c;
fail:
	table_free(c);
	return NULL;
}

int chain_insert_rule(struct nfc_chain *c, unsigned int pos,
		      struct nfc_rule *r)
{
	if (c->nrules == c->cap) {
		unsigned int cap = c->cap ? c->cap * 2 : 8;
		struct nfc_rule **v = realloc(c->rules, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		c->rules = v;
		c->cap = cap;
	}
	if (pos < c->nrules)
		memmove(&c->rules[pos + 1], &c->rules[pos],
			(c->nrules - pos) * sizeof(*c->rules));
	c->rules[pos] = r;
	c->nrules++;
	return 0;
}

void chain_delete_rule(struct nfc_chain *c, unsigned int pos)
{
	rule_free(c->rules[pos]);
	memmove(&c->rules[pos], &c->rules[pos + 1],
		(c->nrules - pos - 1) * sizeof(*c->rules));
	c->nrules--;
}

void chain_flush(struct nfc_chain *c)
{
	unsigned int i;

	for (i = 0; i < c->nrules; i++)
		rule_free(c->rules[i]);
	c->nrules = 0;
}

const char *policy_name(enum nfc_policy p)
{
	switch (p) {
	case NFC_POLICY_ACCEPT:
		return "ACCEPT";
	case NFC_POLICY_DROP:
		return "DROP";
	case NFC_POLICY_NONE:
		break;
	}
	return "-";
}
