/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a rule tests and what it does, decoded from its kernel entry into
 * a form the semantic checks can reason about exactly: addresses and
 * interfaces as masked values, the protocol, port sets of tcp, udp and
 * multiport, conntrack/state states, tcp flags.  Anything else a rule
 * matches on is "opaque": it may narrow the rule, and the checks never
 * assume what it does.
 *
 * Conntrack states come as two sets because a state match with the SNAT
 * or DNAT pseudo-states cannot be written as a set of base states: `under'
 * holds the base states for which the rule surely matches, `over' those
 * for which it possibly matches.
 */
#ifndef NFC_LINT_FACTS_H
#define NFC_LINT_FACTS_H

#include <stdbool.h>
#include <stdint.h>

#include "rule.h"

/* Enough for any tcp/udp/multiport combination iptables can write; a
 * rule whose sets would need more is treated as opaque. */
#define LF_MAX_RANGES 16
#define LF_PORT_MAX 65535

struct lf_range {
	uint16_t lo, hi;
};

/* A set of ports: sorted, disjoint, non-adjacent ranges. */
struct lf_ports {
	unsigned int n;
	struct lf_range r[LF_MAX_RANGES];
};

/* A masked-value test: addresses (4 or 16 bytes) and interface names. */
struct lf_bits {
	unsigned char val[IFNAMSIZ], msk[IFNAMSIZ];
	uint8_t len;
	bool inv;
	bool unknown; /* a host name: the value is not known */
};

/* Base conntrack states, as the checks number them. */
enum {
	LF_ST_INVALID = 1 << 0,
	LF_ST_ESTABLISHED = 1 << 1,
	LF_ST_RELATED = 1 << 2,
	LF_ST_NEW = 1 << 3,
	LF_ST_UNTRACKED = 1 << 4,
	LF_ST_ALL = (1 << 5) - 1,
};

enum lf_target {
	LF_T_CONTINUE, /* no target, or one that lets the packet go on */
	LF_T_ACCEPT,
	LF_T_DROP,
	LF_T_REJECT,
	LF_T_RETURN,
	LF_T_QUEUE, /* QUEUE, NFQUEUE: a program decides */
	LF_T_JUMP,  /* -j CHAIN */
	LF_T_GOTO,  /* -g CHAIN */
	LF_T_NAT,   /* DNAT, SNAT, MASQUERADE, REDIRECT, NETMAP */
	LF_T_OTHER, /* a target the checks do not know */
};

struct rule_facts {
	const struct nfc_rule *rule;
	struct lf_bits src, dst, in, out;
	uint8_t proto; /* 0: any */
	bool proto_inv;
	bool frag, frag_inv; /* -f: IPv4 non-first fragments */
	bool l4;             /* a port match: never matches non-first fragments */
	bool has_sport, has_dport, has_either;
	struct lf_ports sport, dport, either; /* either: multiport --ports */
	uint8_t st_under, st_over;
	bool has_flags;
	uint8_t flg_mask, flg_cmp;
	bool flg_inv;
	const struct xt_entry_match *opaque; /* the first opaque match */
	unsigned int nopaque; /* opaque matches, and tests facts cannot hold */
	enum lf_target target;
	const char *target_name; /* chain or extension name, "" for none */
};

/* Decode r.  Never fails: what it cannot decode counts as opaque. */
void facts_decode(struct rule_facts *f, const struct nfc_rule *r);
/* The protocol r's header tests for (0: any), and in *inv whether the
 * test is inverted. */
uint8_t facts_proto(const struct nfc_rule *r, bool *inv);
/* The entry header (addresses, interfaces, protocol, fragments) and the
 * target only, for checks that need no more: the matches are not walked.
 * Their facts read as "no test" and nopaque as 0, so the result must not
 * reach facts_cover() or facts_unconditional(). */
void facts_decode_outer(struct rule_facts *f, const struct nfc_rule *r);

/* Does the earlier rule i match every packet that the later rule j
 * matches?  False whenever that cannot be proved from the facts. */
bool facts_cover(const struct rule_facts *i, const struct rule_facts *j);
/* Does the rule match every packet (no test at all)? */
bool facts_unconditional(const struct rule_facts *f);
/* Does the target end the chain's traversal for a matching packet? */
bool facts_terminal(const struct rule_facts *f);
/* "ACCEPT", "REJECT", "-j CHAIN", "-g CHAIN", "no target" */
void facts_action(const struct rule_facts *f, char *buf, size_t len);

/* Port set helpers (also used by the parity check). */
void ports_full(struct lf_ports *p);
bool ports_is_full(const struct lf_ports *p);
bool ports_contains(const struct lf_ports *p, uint16_t port);
bool ports_subset(const struct lf_ports *a, const struct lf_ports *b);
/* Write "22", "80,443" or "1024:65535" into buf (cut with "..."). */
void ports_format(const struct lf_ports *p, char *buf, size_t len);

/* Does the masked test b match the value v (b->len bytes)?  Ignores
 * b->unknown: callers check it. */
bool bits_match(const struct lf_bits *b, const unsigned char *v);
/* Is b a test at all (a mask, or an inversion)? */
bool bits_constrains(const struct lf_bits *b);

#endif
