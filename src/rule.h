/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A rule is kept as the kernel's own entry: struct ipt_entry or ip6t_entry,
 * then its matches, then its target, in one allocation.  Both backends
 * read it: legacy hands it to the kernel nearly as it is, nf_tables turns
 * its header into native expressions and carries the match and target
 * blobs as compat expressions.
 *
 * Standard targets (verdicts, jumps and gotos, or none) are stored the
 * way iptables builds them before libiptc maps them: an xt_standard_target
 * whose name is the verdict label or the chain name, or "" for none.
 */
#ifndef NFC_RULE_H
#define NFC_RULE_H

#include <stdint.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv6/ip6_tables.h>

#include "diag.h"
#include "nfcommit.h"

enum nfc_rule_flags {
	NFC_RULE_STANDARD = 1 << 0, /* target is a verdict, a jump or none */
	NFC_RULE_SRC_NAME = 1 << 1, /* -s gave a host name, not an address */
	NFC_RULE_DST_NAME = 1 << 2, /* -d gave a host name */
	NFC_RULE_ARENA = 1 << 3,    /* allocated in an arena (arena.h) */
	NFC_RULE_DEAD = 1 << 4,     /* freed, its arena memory not reused */
	NFC_RULE_PLACED = 1 << 5,   /* scratch holds its offset in a blob */
};

struct nfc_rule {
	struct nfc_loc loc;
	uint8_t family;
	uint8_t flags;
	uint16_t size; /* bytes of entry, == next_offset */
	uint32_t scratch; /* for the pass that writes the rule (legacy_blob) */
	/* struct ipt_entry or struct ip6t_entry, matches, target */
	unsigned char entry[] __attribute__((aligned(8)));
};

struct nfc_rule *rule_new(enum nfc_family family, const void *entry,
			  size_t size, const struct nfc_loc *loc);
struct nfc_arena;
/* rule_new in arena a (malloc when a is NULL). */
struct nfc_rule *rule_new_in(struct nfc_arena *a, enum nfc_family family,
			     const void *entry, size_t size,
			     const struct nfc_loc *loc);
struct nfc_rule *rule_clone(const struct nfc_rule *r);
/* The size an arena rule was allocated with, for arena_walk(). */
size_t rule_arena_size(const void *obj);
void rule_free(struct nfc_rule *r);

struct xt_counters *rule_counters(struct nfc_rule *r);
const struct xt_counters *rule_counters_const(const struct nfc_rule *r);
struct xt_entry_target *rule_target(struct nfc_rule *r);
const struct xt_entry_target *rule_target_const(const struct nfc_rule *r);

/* Name of the chain or verdict a standard target names ("" for none). */
const char *rule_jump_name(const struct nfc_rule *r);
bool rule_is_goto(const struct nfc_rule *r);
/* Rewrite the chain name of a jump (chain renames). */
void rule_set_jump_name(struct nfc_rule *r, const char *name);

/* Offsets of the matches: iterate with rule_match_first/next. */
const struct xt_entry_match *rule_match_first(const struct nfc_rule *r);
const struct xt_entry_match *rule_match_next(const struct nfc_rule *r,
					     const struct xt_entry_match *m);

/* True when both describe the same packet test and action (what -D RULE
 * and duplicate detection compare), counters aside.  usersize says how
 * many bytes of an extension blob userspace owns (libxtables knows). */
typedef size_t (*rule_usersize_fn)(uint8_t family, int is_target,
				   const char *name, uint8_t revision,
				   size_t size);
bool rule_equal(const struct nfc_rule *a, const struct nfc_rule *b,
		rule_usersize_fn usersize);

/* Is name one of ACCEPT DROP QUEUE RETURN? */
bool is_verdict_label(const char *name);

#endif
