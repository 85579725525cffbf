// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rules no packet reaches: after a rule without conditions that ends the
 * chain (NFC011), behind an earlier rule that matches all they match and
 * ends the chain (NFC012), or identical to an earlier rule (NFC013).
 *
 * Comparing each rule with every earlier one is quadratic, and real
 * chains reach tens of thousands of rules.  Earlier rules are therefore
 * indexed by what a rule covering a later one must share with it: its
 * source prefix, or else its single destination port.  The index is
 * exact (it never hides a covering rule); only rules with neither go on
 * a list that every later rule is compared with.  A work limit bounds
 * what is left (NFC024).  Only those earlier rules keep their decoded
 * facts: the others are not needed once looked at.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "fmt.h"
#include "lint.h"
#include "lint_facts.h"

/* Rule comparisons per table before the shadow analysis gives up. */
#define SHADOW_BUDGET 4000000UL
#define NONE UINT32_MAX
#define ACTION_MAX 64

enum slot_kind { SLOT_FREE, SLOT_BITS, SLOT_PORT, SLOT_RULE };

/* The masked-value fields a candidate can be indexed by, best first. */
enum { F_SRC, F_DST, F_IN, F_OUT, NFIELDS };
#define PLEN_MAX (IFNAMSIZ * 8)

/* One open-addressing table serves the candidate buckets (by a prefix of
 * a field, or by protocol and port) and the duplicate finder (by rule). */
struct slot {
	uint64_t hash;
	uint8_t kind;
	uint8_t field; /* SLOT_BITS */
	uint8_t plen;  /* SLOT_BITS: prefix length; SLOT_PORT: protocol */
	uint16_t port; /* SLOT_PORT */
	uint32_t rule; /* the rule whose value is the key */
	uint32_t head, tail;
};

struct reach {
	const struct nfc_table *t;
	const struct nfc_chain *c;
	struct rule_facts cur, after;
	struct rule_facts *cand; /* rules that may cover later ones */
	uint32_t ncand, capcand;
	uint32_t *next; /* candidate lists, by candidate index */
	struct slot *slots;
	unsigned int cap; /* slots in use for this chain, a power of two */
	uint32_t gen_head, gen_tail; /* candidates without an index key */
	unsigned char plens[NFIELDS][PLEN_MAX + 1]; /* prefix lengths in use */
	unsigned long work;
	bool stopped;
	struct finding_sink o;
};

/* The parts of an entry that say what it matches and does: the header
 * without counters and bookkeeping, then matches and target. */
static size_t entry_hdr(const struct nfc_rule *r, size_t *iplen)
{
	if (r->family == NFC_IPV6) {
		*iplen = sizeof(struct ip6t_ip6);
		return sizeof(struct ip6t_entry);
	}
	*iplen = sizeof(struct ipt_ip);
	return sizeof(struct ipt_entry);
}

static uint64_t rule_hash(const struct nfc_rule *r)
{
	size_t iplen, hdr = entry_hdr(r, &iplen);

	return nfc_hash_words(nfc_hash_words(NFC_FNV64_OFFSET, r->entry, iplen),
			      r->entry + hdr, r->size - hdr);
}

static bool rule_same(const struct nfc_rule *a, const struct nfc_rule *b)
{
	size_t iplen, hdr = entry_hdr(a, &iplen);

	return a->size == b->size &&
	       (a->flags & NFC_RULE_STANDARD) == (b->flags & NFC_RULE_STANDARD) &&
	       memcmp(a->entry, b->entry, iplen) == 0 &&
	       memcmp(a->entry + hdr, b->entry + hdr, a->size - hdr) == 0;
}

static const struct lf_bits *field(const struct rule_facts *f, unsigned int k)
{
	switch (k) {
	case F_SRC:
		return &f->src;
	case F_DST:
		return &f->dst;
	case F_IN:
		return &f->in;
	default:
		break;
	}
	return &f->out;
}

/* Leading one bits of a byte. */
static unsigned int byte_lead_ones(unsigned char b)
{
	unsigned int n = 0;

	while (b & 0x80) {
		b = (unsigned char)(b << 1);
		n++;
	}
	return n;
}

/* Leading one bits of a mask. */
static unsigned int lead_ones(const struct lf_bits *b)
{
	unsigned int i;

	for (i = 0; i < b->len && b->msk[i] == 0xff; i++)
		;
	return i * 8 + (i < b->len ? byte_lead_ones(b->msk[i]) : 0);
}

/* Leading one bits of a mask; -1 when the mask is not a prefix. */
static int prefix_len(const struct lf_bits *b)
{
	return fmt_mask_bits(b->msk, b->len);
}

/* The first plen bits of b's value, the rest of IFNAMSIZ bytes zero. */
static void masked(const struct lf_bits *b, unsigned int plen,
		   unsigned char *out)
{
	memset(out, 0, IFNAMSIZ);
	memcpy(out, b->val, plen / 8);
	if (plen % 8)
		out[plen / 8] = b->val[plen / 8] &
				(unsigned char)(0xff << (8 - plen % 8));
}

static uint64_t bits_hash(unsigned int fld, unsigned int plen,
			  const unsigned char *v, unsigned int len)
{
	unsigned int key = fld << 8 | plen;

	return nfc_hash_words(nfc_hash_words(NFC_FNV64_OFFSET, &key, sizeof(key)),
			      v, len);
}

/* Can field b of a candidate serve as its index key? */
static bool indexable(const struct lf_bits *b)
{
	return !b->inv && !b->unknown && prefix_len(b) > 0;
}

static uint64_t port_hash(uint8_t proto, uint16_t port)
{
	uint32_t k = ((uint32_t)proto << 16) | port;

	return nfc_hash_words(NFC_FNV64_OFFSET ^ 1, &k, sizeof(k));
}

/* Find the slot for a key, or the free slot where it goes. */
static struct slot *slot_find(struct reach *w, uint64_t h, uint8_t kind,
			      uint8_t fld, uint8_t plen, uint16_t port,
			      const unsigned char *val, const struct nfc_rule *r)
{
	unsigned int i = (unsigned int)h & (w->cap - 1);

	for (;; i = (i + 1) & (w->cap - 1)) {
		struct slot *s = &w->slots[i];
		const struct lf_bits *k;

		if (s->kind == SLOT_FREE)
			return s;
		if (s->hash != h || s->kind != kind)
			continue;
		if (kind == SLOT_BITS && s->field == fld && s->plen == plen) {
			k = field(&w->cand[s->rule], fld);
			if (memcmp(k->val, val, k->len) == 0)
				return s;
		}
		if (kind == SLOT_PORT && s->plen == plen && s->port == port)
			return s;
		if (kind == SLOT_RULE && rule_same(w->c->rules[s->rule], r))
			return s;
	}
}

static void list_add(struct reach *w, uint32_t *head, uint32_t *tail,
		     uint32_t k)
{
	w->next[k] = NONE;
	if (*head == NONE)
		*head = k;
	else
		w->next[*tail] = k;
	*tail = k;
}

static bool single_dport(const struct rule_facts *f, uint16_t *port)
{
	if (!f->has_dport || f->dport.n != 1 ||
	    f->dport.r[0].lo != f->dport.r[0].hi || f->proto_inv || !f->proto)
		return false;
	*port = f->dport.r[0].lo;
	return true;
}

/* Keep the facts of the current rule as a candidate; false when out of
 * memory (the analysis then misses findings, never invents them). */
static bool keep_candidate(struct reach *w, uint32_t *k)
{
	if (w->ncand == w->capcand) {
		uint32_t cap = w->capcand ? w->capcand * 2 : 64;
		struct rule_facts *c = realloc(w->cand, cap * sizeof(*c));
		uint32_t *n;

		if (!c)
			return false;
		w->cand = c;
		n = realloc(w->next, cap * sizeof(*n));
		if (!n)
			return false;
		w->next = n;
		w->capcand = cap;
	}
	w->cand[w->ncand] = w->cur;
	*k = w->ncand++;
	return true;
}

static void index_candidate(struct reach *w)
{
	const struct lf_bits *b = NULL;
	const struct rule_facts *f;
	uint8_t kind, key, fld;
	uint16_t port = 0;
	struct slot *s;
	uint32_t k;
	uint64_t h;

	if (!keep_candidate(w, &k))
		return;
	f = &w->cand[k];
	for (fld = 0; fld < NFIELDS; fld++)
		if (indexable(field(f, fld))) {
			b = field(f, fld);
			break;
		}
	if (b) {
		kind = SLOT_BITS;
		key = (uint8_t)prefix_len(b);
		h = bits_hash(fld, key, b->val, b->len);
		w->plens[fld][key] = 1;
	} else if (single_dport(f, &port)) {
		kind = SLOT_PORT;
		key = f->proto;
		fld = 0;
		h = port_hash(f->proto, port);
	} else {
		list_add(w, &w->gen_head, &w->gen_tail, k);
		return;
	}
	s = slot_find(w, h, kind, fld, key, port, b ? b->val : NULL, NULL);
	if (s->kind == SLOT_FREE) {
		s->hash = h;
		s->kind = kind;
		s->field = fld;
		s->plen = key;
		s->port = port;
		s->rule = k;
		s->head = s->tail = NONE;
	}
	list_add(w, &s->head, &s->tail, k);
}

/* The first candidate of a list that covers the current rule, or NONE. */
static uint32_t scan(struct reach *w, uint32_t head)
{
	uint32_t i;

	for (i = head; i != NONE; i = w->next[i]) {
		w->work++;
		if (facts_cover(&w->cand[i], &w->cur))
			return i;
	}
	return NONE;
}

static uint32_t earlier(uint32_t a, uint32_t b)
{
	return a < b ? a : b; /* NONE is the largest */
}

static uint32_t find_cover(struct reach *w)
{
	const struct rule_facts *f = &w->cur;
	uint32_t best = scan(w, w->gen_head);
	unsigned char v[IFNAMSIZ];
	unsigned int fld, plen, most;
	const struct lf_bits *b;
	struct slot *s;
	uint16_t port;

	/* A candidate indexed by a prefix of a field covers the rule only if
	 * its field is a positive test whose mask starts with that prefix and
	 * whose value agrees on it: exactly the buckets looked at here. */
	for (fld = 0; fld < NFIELDS; fld++) {
		b = field(f, fld);
		if (b->inv || b->unknown)
			continue;
		most = lead_ones(b);
		for (plen = 1; plen <= most; plen++) {
			if (!w->plens[fld][plen])
				continue;
			masked(b, plen, v);
			s = slot_find(w, bits_hash(fld, plen, v, b->len),
				      SLOT_BITS, (uint8_t)fld, (uint8_t)plen, 0,
				      v, NULL);
			if (s->kind != SLOT_FREE)
				best = earlier(best, scan(w, s->head));
		}
	}
	if (single_dport(f, &port)) {
		s = slot_find(w, port_hash(f->proto, port), SLOT_PORT, 0,
			      f->proto, port, NULL, NULL);
		if (s->kind != SLOT_FREE)
			best = earlier(best, scan(w, s->head));
	}
	return best;
}

static bool same_action(const struct nfc_rule *a, const struct nfc_rule *b)
{
	const struct xt_entry_target *ta = rule_target_const(a);
	const struct xt_entry_target *tb = rule_target_const(b);

	return ta->u.target_size == tb->u.target_size &&
	       rule_is_goto(a) == rule_is_goto(b) &&
	       memcmp(ta, tb, ta->u.target_size) == 0;
}

static void report_shadow(struct reach *w, const struct rule_facts *fi,
			  const struct rule_facts *fj)
{
	const struct nfc_rule *ri = fi->rule, *rj = fj->rule;
	char ai[ACTION_MAX], aj[ACTION_MAX];
	struct nfc_diag *dg;

	facts_action(fi, ai, sizeof(ai));
	facts_action(fj, aj, sizeof(aj));
	if (same_action(ri, rj))
		dg = finding_emit(&w->o, NFC_F_SHADOWED, &rj->loc,
				 "rule is shadowed by the rule at line %u, which matches every packet this one matches and takes the same action (%s): this rule is redundant",
				 ri->loc.line, ai);
	else
		dg = finding_emit(&w->o, NFC_F_SHADOWED, &rj->loc,
				 "rule is shadowed by the rule at line %u, which matches every packet this one matches: this rule's action (%s) never happens, the packets get %s",
				 ri->loc.line, aj, ai);
	diag_set_related(dg, &ri->loc, "the shadowing rule (%s)", ai);
}

static void report_unreachable(struct reach *w, const struct rule_facts *fi,
			       const struct rule_facts *fj, unsigned int more)
{
	const struct nfc_rule *ri = fi->rule, *rj = fj->rule;
	char ai[ACTION_MAX];
	struct nfc_diag *dg;

	facts_action(fi, ai, sizeof(ai));
	if (more)
		dg = finding_emit(&w->o, NFC_F_UNREACHABLE, &rj->loc,
				 "rule is never reached, nor %s the %u rule%s after it in chain `%s': the rule at line %u matches every packet and ends the chain (%s)",
				 more == 1 ? "is" : "are", more,
				 more == 1 ? "" : "s", w->c->name,
				 ri->loc.line, ai);
	else
		dg = finding_emit(&w->o, NFC_F_UNREACHABLE, &rj->loc,
				 "rule is never reached: the rule at line %u matches every packet and ends chain `%s' (%s)",
				 ri->loc.line, w->c->name, ai);
	diag_set_related(dg, &ri->loc, "this rule has no condition");
}

static void report_duplicate(struct reach *w, const struct nfc_rule *first,
			     const struct nfc_rule *r)
{
	diag_set_related(finding_emit(&w->o, NFC_F_DUPLICATE, &r->loc,
				     "rule duplicates the rule at line %u of chain `%s'",
				     first->loc.line, w->c->name),
			 &first->loc, "the first copy");
}

static void report_limit(struct reach *w, const struct nfc_rule *r)
{
	finding_emit(&w->o, NFC_F_ANALYSIS_LIMIT, &r->loc,
		    "shadowing analysis of chain `%s' stops here: more than %lu rule comparisons in table `%s'",
		    w->c->name, SHADOW_BUDGET, w->t->name);
	w->stopped = true;
}

/* A rule identical to an earlier one: returns that rule's index, or NONE
 * after remembering this one. */
static uint32_t find_duplicate(struct reach *w, uint32_t j)
{
	const struct nfc_rule *r = w->c->rules[j];
	uint64_t h = rule_hash(r);
	struct slot *s = slot_find(w, h, SLOT_RULE, 0, 0, 0, NULL, r);

	if (s->kind != SLOT_FREE)
		return s->rule;
	s->hash = h;
	s->kind = SLOT_RULE;
	s->rule = j;
	return NONE;
}

static unsigned int pow2_above(unsigned int n)
{
	unsigned int c = 16;

	while (c < n)
		c *= 2;
	return c;
}

static void chain_pass(struct reach *w)
{
	const struct nfc_chain *c = w->c;
	const struct rule_facts *f = &w->cur;
	uint32_t j, i, n = c->nrules;

	w->cap = pow2_above(4 * n);
	memset(w->slots, 0, w->cap * sizeof(*w->slots));
	memset(w->plens, 0, sizeof(w->plens));
	w->gen_head = w->gen_tail = NONE;
	w->ncand = 0;
	for (j = 0; j < n; j++) {
		i = find_duplicate(w, j);
		if (i != NONE) {
			report_duplicate(w, c->rules[i], c->rules[j]);
			continue;
		}
		facts_decode(&w->cur, c->rules[j]);
		if (!w->stopped && w->work > SHADOW_BUDGET)
			report_limit(w, c->rules[j]);
		i = w->stopped ? NONE : find_cover(w);
		if (i != NONE) {
			report_shadow(w, &w->cand[i], f);
			continue;
		}
		if (!facts_terminal(f))
			continue;
		if (facts_unconditional(f)) {
			if (j + 1 < n) {
				facts_decode(&w->after, c->rules[j + 1]);
				report_unreachable(w, f, &w->after, n - j - 2);
			}
			return;
		}
		if (!f->nopaque && !w->stopped)
			index_candidate(w);
	}
}

int lint_reach(const struct nfc_table *t, struct nfc_diags *d)
{
	struct reach *w = calloc(1, sizeof(*w));
	unsigned int i, most = 0, before = d->count;

	if (!w)
		return 0;
	w->t = t;
	finding_sink_init(&w->o, d, "table", t->name);
	for (i = 0; i < t->nchains; i++)
		if (t->chains[i]->nrules > most)
			most = t->chains[i]->nrules;
	/* Two slots per rule at most (a bucket and a duplicate entry), at
	 * most half full. */
	w->slots = malloc(pow2_above(4 * most) * sizeof(*w->slots));
	for (i = 0; w->slots && i < t->nchains; i++) {
		w->c = t->chains[i];
		chain_pass(w);
	}
	free(w->cand);
	free(w->next);
	free(w->slots);
	free(w);
	return (int)(d->count - before);
}
