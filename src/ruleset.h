/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Complete table images: a table owns its chains, a chain owns its rules.
 * An image is what a table will look like in the kernel after a commit,
 * or what it looked like when read; backends commit and read images.
 */
#ifndef NFC_RULESET_H
#define NFC_RULESET_H

#include <stdint.h>

#include "diag.h"
#include "nfcommit.h"
#include "rule.h"

enum nfc_policy {
	NFC_POLICY_NONE = 0, /* user chain */
	NFC_POLICY_ACCEPT,
	NFC_POLICY_DROP,
};

struct nfc_chain {
	char name[NFC_NAME_MAX];
	int hook; /* NF_INET_* for builtin chains, -1 for user chains */
	enum nfc_policy policy;
	struct xt_counters counters; /* policy counters of builtin chains */
	struct nfc_loc loc;          /* where it was declared, if anywhere */
	struct nfc_rule **rules;
	unsigned int nrules, cap;
	struct nfc_chain *hash_next;
	unsigned int scratch; /* for passes that number the chains */
	/* nf_tables only.  absent: a builtin chain the table does not hold;
	 * nf_tables makes base chains on demand, the way iptables-nft does
	 * when a command first names one.  policy_set: the file set the
	 * policy (a :CHAIN line or -P), which gives iptables-nft's base
	 * chains policy counters. */
	bool absent;
	bool policy_set;
	/* legacy one-pass restore (load_stream.c): the file has not set this
	 * builtin chain's policy, which stays what the kernel has at commit */
	bool policy_kernel;
};

struct nfc_table {
	char name[NFC_NAME_MAX];
	enum nfc_family family;
	struct nfc_loc loc;        /* the *table line */
	struct nfc_loc commit_loc; /* its COMMIT line */
	struct nfc_chain **chains; /* builtin ones first, in hook order */
	unsigned int nchains, cap;
	struct nfc_chain **hash;
	unsigned int hash_size;
	/* An arena the image owns and frees with itself: images read from
	 * the kernel and those a one-pass restore builds keep their rules
	 * there (one allocation per chunk of rules instead of one per rule;
	 * one arena per table, so that a walk over it reads no other
	 * table's rules). */
	struct nfc_arena *own;
	/* Set when the rules are in own in file order and nothing reads
	 * the image after its commit (one-pass restore): the commit then
	 * moves them into the kernel's blob or batch in the arena's order
	 * and gives their memory back as it goes (legacy_blob.c,
	 * nft_commit.c). */
	bool consume;
};

struct nfc_table *table_new(enum nfc_family family, const char *name);
/* A table as the kernel creates it: its builtin chains, policy ACCEPT. */
struct nfc_table *table_new_builtin(enum nfc_family family, const char *name);
struct nfc_table *table_clone(const struct nfc_table *t);
void table_free(struct nfc_table *t);

struct nfc_chain *table_find_chain(const struct nfc_table *t,
				   const char *name);
/* Does the table hold any chain (an nf_tables image whose chains are all
 * absent makes no table)? */
bool table_has_content(const struct nfc_table *t);
/* Whether every rule of t lives in t's own arena and each chain's rules
 * were allocated in chain order: an arena walk then meets them in an
 * order in which they can be appended. */
bool table_rules_in_arena_order(const struct nfc_table *t);
/* Adds a chain (builtin when hook >= 0).  Returns NULL on ENOMEM. */
struct nfc_chain *table_add_chain(struct nfc_table *t, const char *name,
				  int hook);
void table_del_chain(struct nfc_table *t, struct nfc_chain *c);
int table_rename_chain(struct nfc_table *t, struct nfc_chain *c,
		       const char *newname);
/* Chains in save order: builtin in hook order, then user chains by name. */
struct nfc_chain **table_sorted_chains(const struct nfc_table *t);
/* Number of rules in the table that jump or go to chain `name`. */
unsigned int table_chain_refs(const struct nfc_table *t, const char *name);
unsigned long table_rule_count(const struct nfc_table *t);

/* Insert r at index pos (0-based, pos <= nrules); the chain takes r. */
int chain_insert_rule(struct nfc_chain *c, unsigned int pos,
		      struct nfc_rule *r);
void chain_delete_rule(struct nfc_chain *c, unsigned int pos);
void chain_flush(struct nfc_chain *c);
static inline bool chain_is_builtin(const struct nfc_chain *c)
{
	return c->hook >= 0;
}

const char *policy_name(enum nfc_policy p);

#endif
