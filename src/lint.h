/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks on complete table images that no single line shows: the ones
 * the kernel would catch only at commit time (jump loops, extensions in
 * the wrong place), and the ones nothing catches (unreachable and
 * shadowed rules, dead chains, host names, old spellings, IPv4/IPv6
 * parity).  Each queues findings (finding.h) on d and returns how many.
 */
#ifndef NFC_LINT_H
#define NFC_LINT_H

#include "diag.h"
#include "load.h"
#include "ruleset.h"

/*
 * Where the rules of t jump: for each rule, chain after chain, the index
 * in t->chains of the user chain it jumps or goes to, or -1 (a verdict,
 * a target, a builtin chain).  The checks that follow jumps (loops,
 * hooks, dead chains) each walk every rule; the chain lookups are made
 * once, here.  Sets the chains' scratch to their index.
 */
struct lint_jumps {
	int *to;
	unsigned int *first; /* per chain: where its rules start in to */
};

/* Returns 0 or -1 (out of memory; j is then empty). */
int lint_jumps_init(struct lint_jumps *j, const struct nfc_table *t);
void lint_jumps_free(struct lint_jumps *j);

static inline int lint_jump(const struct lint_jumps *j, unsigned int chain,
			    unsigned int rule)
{
	return j->to[j->first[chain] + rule];
}

/* Report jump loops among the chains of t.  Returns the number found. */
int lint_loops(const struct nfc_table *t, const struct lint_jumps *j,
	       struct nfc_diags *d);
/* Unreachable, shadowed and duplicate rules (NFC011-NFC013, NFC024). */
int lint_reach(const struct nfc_table *t, struct nfc_diags *d);
/* Dead chains and matches or targets that do not fit where they stand
 * (NFC014-NFC018). */
int lint_chains(const struct nfc_table *t, const struct lint_jumps *j,
		struct nfc_diags *d);
/* Host names and old spellings in the rule lines (NFC019, NFC020).  Reads
 * the script's rules, so it runs before a build that takes them. */
int lint_text(const struct nfc_load *l, struct nfc_diags *d);
/* Services one family's filter table accepts and the other's does not
 * (NFC021). */
int lint_parity(const struct nfc_load *v4, const struct nfc_load *v6,
		struct nfc_diags *d);

/* Every check of the images of one file built without error (all but
 * lint_text and lint_parity). */
int lint_images(const struct nfc_load *l, struct nfc_diags *d);

/* The netfilter hooks (a bit per NF_INET_*) from which packets reach
 * each chain of t, by index in t->chains; via, when not NULL, gets the
 * first rule found jumping to each user chain.  Returns 0 or -1 (out of
 * memory). */
int lint_hooks(const struct nfc_table *t, const struct lint_jumps *j,
	       unsigned int *hooks, const struct nfc_rule **via);

#endif
