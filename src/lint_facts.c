// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>
#include <linux/netfilter/xt_conntrack.h>
#include <linux/netfilter/xt_multiport.h>
#include <linux/netfilter/xt_state.h>
#include <linux/netfilter/xt_tcpudp.h>

#include "lint_facts.h"

/* Conntrack match state bits (linux/netfilter/xt_conntrack.h builds them
 * from enum ip_conntrack_info, which userspace headers do not export). */
#define CT_BIT_INVALID (1u << 0)
#define CT_BIT_ESTABLISHED (1u << 1)
#define CT_BIT_RELATED (1u << 2)
#define CT_BIT_NEW (1u << 3)
#define CT_BIT_SNAT (1u << 6)
#define CT_BIT_DNAT (1u << 7)
#define CT_BIT_UNTRACKED (1u << 8)
#define STATE_BIT_UNTRACKED (1u << 6) /* the state match numbers it so */

_Static_assert(XT_STATE_INVALID == CT_BIT_INVALID,
	       "state and conntrack number INVALID alike");

/* ------------------------------------------------------------------ */
/* Port sets */

void ports_full(struct lf_ports *p)
{
	p->n = 1;
	p->r[0].lo = 0;
	p->r[0].hi = LF_PORT_MAX;
}

bool ports_is_full(const struct lf_ports *p)
{
	return p->n == 1 && p->r[0].lo == 0 && p->r[0].hi == LF_PORT_MAX;
}

bool ports_contains(const struct lf_ports *p, uint16_t port)
{
	unsigned int i;

	for (i = 0; i < p->n; i++)
		if (port >= p->r[i].lo && port <= p->r[i].hi)
			return true;
	return false;
}

bool ports_subset(const struct lf_ports *a, const struct lf_ports *b)
{
	unsigned int i, k = 0;

	for (i = 0; i < a->n; i++) {
		while (k < b->n && b->r[k].hi < a->r[i].lo)
			k++;
		if (k == b->n || b->r[k].lo > a->r[i].lo ||
		    b->r[k].hi < a->r[i].hi)
			return false;
	}
	return true;
}

/* out = all ports not in a; false when that needs too many ranges. */
static bool ports_complement(const struct lf_ports *a, struct lf_ports *out)
{
	unsigned int i, next = 0; /* first port not yet covered */
	struct lf_ports c = { 0 };

	for (i = 0; i <= a->n; i++) {
		unsigned int lo = i < a->n ? a->r[i].lo : LF_PORT_MAX + 1;

		if (lo > next) {
			if (c.n == LF_MAX_RANGES)
				return false;
			c.r[c.n].lo = (uint16_t)next;
			c.r[c.n++].hi = (uint16_t)(lo - 1);
		}
		if (i < a->n)
			next = (unsigned int)a->r[i].hi + 1;
	}
	*out = c;
	return true;
}

/* out = a & b; false when the result needs too many ranges. */
static bool ports_intersect(const struct lf_ports *a, const struct lf_ports *b,
			    struct lf_ports *out)
{
	struct lf_ports c = { 0 };
	unsigned int i = 0, k = 0;

	while (i < a->n && k < b->n) {
		uint16_t lo = a->r[i].lo > b->r[k].lo ? a->r[i].lo : b->r[k].lo;
		uint16_t hi = a->r[i].hi < b->r[k].hi ? a->r[i].hi : b->r[k].hi;

		if (lo <= hi) {
			if (c.n == LF_MAX_RANGES)
				return false;
			c.r[c.n].lo = lo;
			c.r[c.n++].hi = hi;
		}
		if (a->r[i].hi < b->r[k].hi)
			i++;
		else
			k++;
	}
	*out = c;
	return true;
}

static int range_cmp(const struct lf_range *a, const struct lf_range *b)
{
	return a->lo < b->lo ? -1 : a->lo > b->lo;
}

/* Sort and merge the n ranges of p (insertion sort: n <= 16). */
static void ports_normalize(struct lf_ports *p)
{
	unsigned int i, j, n = 0;

	for (i = 1; i < p->n; i++) {
		struct lf_range x = p->r[i];

		for (j = i; j > 0 && range_cmp(&p->r[j - 1], &x) > 0; j--)
			p->r[j] = p->r[j - 1];
		p->r[j] = x;
	}
	for (i = 0; i < p->n; i++) {
		if (n && (unsigned int)p->r[n - 1].hi + 1 >= p->r[i].lo) {
			if (p->r[i].hi > p->r[n - 1].hi)
				p->r[n - 1].hi = p->r[i].hi;
		} else {
			p->r[n++] = p->r[i];
		}
	}
	p->n = n;
}

void ports_format(const struct lf_ports *p, char *buf, size_t len)
{
	size_t o = 0;
	unsigned int i;
	int n;

	buf[0] = '\0';
	for (i = 0; i < p->n && o + 16 < len; i++) {
		if (p->r[i].lo == p->r[i].hi)
			n = snprintf(buf + o, len - o, "%s%u", i ? "," : "",
				     p->r[i].lo);
		else
			n = snprintf(buf + o, len - o, "%s%u:%u", i ? "," : "",
				     p->r[i].lo, p->r[i].hi);
		if (n < 0)
			return;
		o += (size_t)n;
	}
	if (i < p->n)
		snprintf(buf + o, len - o, ",...");
}

/* ------------------------------------------------------------------ */
/* Masked values */

bool bits_match(const struct lf_bits *b, const unsigned char *v)
{
	unsigned int k;
	bool m = true;

	for (k = 0; k < b->len; k++)
		if ((v[k] & b->msk[k]) != b->val[k])
			m = false;
	return m != b->inv;
}

bool bits_constrains(const struct lf_bits *b)
{
	unsigned int k;

	if (b->inv || b->unknown)
		return true;
	for (k = 0; k < b->len; k++)
		if (b->msk[k])
			return true;
	return false;
}

/* Is the set of values a (positive) inside the set b (positive)? */
static bool bits_subset(const struct lf_bits *a, const struct lf_bits *b)
{
	unsigned int k;

	for (k = 0; k < a->len; k++)
		if ((b->msk[k] & ~a->msk[k]) ||
		    (a->val[k] & b->msk[k]) != b->val[k])
			return false;
	return true;
}

static bool bits_disjoint(const struct lf_bits *a, const struct lf_bits *b)
{
	unsigned int k;

	for (k = 0; k < a->len; k++)
		if ((a->val[k] ^ b->val[k]) & a->msk[k] & b->msk[k])
			return true;
	return false;
}

/* Does test i accept every value that test j accepts? */
static bool bits_cover(const struct lf_bits *i, const struct lf_bits *j)
{
	if (!bits_constrains(i))
		return true;
	if (i->unknown || j->unknown)
		return false;
	if (!i->inv && !j->inv)
		return bits_subset(j, i);
	if (i->inv && j->inv)
		return bits_subset(i, j);
	if (i->inv)
		return bits_disjoint(i, j);
	return false;
}

static void set_bits(struct lf_bits *b, const void *val, const void *msk,
		     unsigned int len, bool inv, bool unknown)
{
	const unsigned char *v = val, *m = msk;
	unsigned int k;

	memset(b, 0, sizeof(*b));
	b->len = (uint8_t)len;
	memcpy(b->msk, m, len);
	memcpy(b->val, v, len);
	/* All of val: a fixed count the compiler does in one go. */
	for (k = 0; k < sizeof(b->val); k++)
		b->val[k] &= b->msk[k];
	b->inv = inv;
	b->unknown = unknown;
}

/* ------------------------------------------------------------------ */
/* Decoding */

static void opaque(struct rule_facts *f, const struct xt_entry_match *m)
{
	if (!f->opaque)
		f->opaque = m;
	f->nopaque++;
}

static void add_ports(struct rule_facts *f, bool *has, struct lf_ports *set,
		      const struct lf_ports *p, const struct xt_entry_match *m)
{
	if (ports_is_full(p))
		return;
	if (!*has) {
		*set = *p;
		*has = true;
	} else if (!ports_intersect(set, p, set)) {
		opaque(f, m);
	}
}

static void add_range(struct rule_facts *f, bool *has, struct lf_ports *set,
		      const uint16_t pts[2], bool inv,
		      const struct xt_entry_match *m)
{
	struct lf_ports p = { 0 };

	if (pts[0] <= pts[1]) {
		p.n = 1;
		p.r[0].lo = pts[0];
		p.r[0].hi = pts[1];
	}
	if (inv && !ports_complement(&p, &p)) {
		opaque(f, m);
		return;
	}
	add_ports(f, has, set, &p, m);
}

static size_t match_data_len(const struct xt_entry_match *m)
{
	size_t hdr = XT_ALIGN(sizeof(struct xt_entry_match));

	return m->u.match_size > hdr ? m->u.match_size - hdr : 0;
}

/* tcp and udp: a source and a destination port range each. */
static void add_l4_ranges(struct rule_facts *f, const uint16_t spts[2],
			  bool sinv, const uint16_t dpts[2], bool dinv,
			  const struct xt_entry_match *m)
{
	f->l4 = true;
	add_range(f, &f->has_sport, &f->sport, spts, sinv, m);
	add_range(f, &f->has_dport, &f->dport, dpts, dinv, m);
}

static void decode_tcp(struct rule_facts *f, const struct xt_entry_match *m)
{
	const struct xt_tcp *t = (const void *)m->data;

	add_l4_ranges(f, t->spts, t->invflags & XT_TCP_INV_SRCPT, t->dpts,
		      t->invflags & XT_TCP_INV_DSTPT, m);
	if (t->option)
		opaque(f, m);
	if (t->flg_mask) {
		if (f->has_flags)
			opaque(f, m);
		f->has_flags = true;
		f->flg_mask = t->flg_mask;
		f->flg_cmp = t->flg_cmp;
		f->flg_inv = t->invflags & XT_TCP_INV_FLAGS;
	}
}

static void decode_udp(struct rule_facts *f, const struct xt_entry_match *m)
{
	const struct xt_udp *u = (const void *)m->data;

	add_l4_ranges(f, u->spts, u->invflags & XT_UDP_INV_SRCPT, u->dpts,
		      u->invflags & XT_UDP_INV_DSTPT, m);
}

static void decode_multiport(struct rule_facts *f,
			     const struct xt_entry_match *m)
{
	const struct xt_multiport_v1 *mp = (const void *)m->data;
	bool v1 = m->u.user.revision >= 1;
	struct lf_ports p = { 0 };
	unsigned int i, count = mp->count;

	f->l4 = true;
	if (count > XT_MULTI_PORTS || mp->flags > XT_MULTIPORT_EITHER) {
		opaque(f, m);
		return;
	}
	for (i = 0; i < count; i++) {
		uint16_t lo = mp->ports[i], hi = lo;

		if (v1 && mp->pflags[i] && i + 1 < count)
			hi = mp->ports[++i];
		if (lo <= hi) {
			p.r[p.n].lo = lo;
			p.r[p.n++].hi = hi;
		}
	}
	ports_normalize(&p);
	if (v1 && mp->invert && !ports_complement(&p, &p)) {
		opaque(f, m);
		return;
	}
	if (mp->flags == XT_MULTIPORT_SOURCE) {
		add_ports(f, &f->has_sport, &f->sport, &p, m);
	} else if (mp->flags == XT_MULTIPORT_DESTINATION) {
		add_ports(f, &f->has_dport, &f->dport, &p, m);
	} else if (v1 && mp->invert) {
		/* Neither port in the list: two plain constraints. */
		add_ports(f, &f->has_sport, &f->sport, &p, m);
		add_ports(f, &f->has_dport, &f->dport, &p, m);
	} else if (!f->has_either) {
		f->either = p;
		f->has_either = true;
	} else {
		opaque(f, m);
	}
}

static void add_states(struct rule_facts *f, uint8_t under, uint8_t over)
{
	f->st_under &= under;
	f->st_over &= over;
}

/* The base states of a state or conntrack mask: the two number all but
 * untracked alike. */
static uint8_t base_states(unsigned int mask, unsigned int untracked)
{
	uint8_t st = 0;

	if (mask & CT_BIT_INVALID)
		st |= LF_ST_INVALID;
	if (mask & CT_BIT_ESTABLISHED)
		st |= LF_ST_ESTABLISHED;
	if (mask & CT_BIT_RELATED)
		st |= LF_ST_RELATED;
	if (mask & CT_BIT_NEW)
		st |= LF_ST_NEW;
	if (mask & untracked)
		st |= LF_ST_UNTRACKED;
	return st;
}

static void decode_state(struct rule_facts *f, const struct xt_entry_match *m)
{
	const struct xt_state_info *s = (const void *)m->data;
	uint8_t st = base_states(s->statemask, STATE_BIT_UNTRACKED);

	add_states(f, st, st);
}

static void decode_conntrack(struct rule_facts *f,
			     const struct xt_entry_match *m)
{
	const struct xt_conntrack_mtinfo2 *c = (const void *)m->data;
	const struct xt_conntrack_mtinfo1 *c1 = (const void *)m->data;
	unsigned int mask;
	uint8_t st, nat;
	bool inv;

	if (m->u.user.revision < 1 || m->u.user.revision > 3) {
		opaque(f, m);
		return;
	}
	/* Revisions 1-3 share the layout up to the state mask, which is 8
	 * bits wide in revision 1 and 16 after. */
	mask = m->u.user.revision == 1 ? c1->state_mask : c->state_mask;
	inv = c->invert_flags & XT_CONNTRACK_STATE;
	if (c->match_flags & ~XT_CONNTRACK_STATE)
		opaque(f, m);
	if (!(c->match_flags & XT_CONNTRACK_STATE))
		return;
	st = base_states(mask, CT_BIT_UNTRACKED);
	nat = (mask & (CT_BIT_SNAT | CT_BIT_DNAT)) != 0;
	if (!inv)
		add_states(f, st, nat ? LF_ST_ALL : st);
	else
		add_states(f, nat ? 0 : LF_ST_ALL & ~st, LF_ST_ALL & ~st);
}

static const struct {
	const char *name;
	size_t size; /* smallest data that is well-formed */
	void (*decode)(struct rule_facts *f, const struct xt_entry_match *m);
} decoders[] = {
	{ "tcp", sizeof(struct xt_tcp), decode_tcp },
	{ "udp", sizeof(struct xt_udp), decode_udp },
	{ "multiport", sizeof(struct xt_multiport), decode_multiport },
	{ "state", sizeof(struct xt_state_info), decode_state },
	{ "conntrack", sizeof(struct xt_conntrack_mtinfo1), decode_conntrack },
};

static void decode_match(struct rule_facts *f, const struct xt_entry_match *m)
{
	const char *name = m->u.user.name;
	unsigned int i;

	if (strcmp(name, "comment") == 0)
		return; /* always true */
	for (i = 0; i < NFC_ARRAY_SIZE(decoders); i++) {
		if (name[0] != decoders[i].name[0] ||
		    strcmp(name, decoders[i].name) != 0)
			continue;
		if (strcmp(name, "multiport") == 0 && m->u.user.revision >= 1 &&
		    match_data_len(m) < sizeof(struct xt_multiport_v1))
			break;
		if (strcmp(name, "conntrack") == 0 && m->u.user.revision >= 2 &&
		    match_data_len(m) < sizeof(struct xt_conntrack_mtinfo2))
			break;
		if (match_data_len(m) < decoders[i].size)
			break;
		decoders[i].decode(f, m);
		return;
	}
	opaque(f, m);
}

uint8_t facts_proto(const struct nfc_rule *r, bool *inv)
{
	if (r->family == NFC_IPV6) {
		const struct ip6t_ip6 *ip =
			&((const struct ip6t_entry *)r->entry)->ipv6;

		/* Without IP6T_F_PROTO the kernel ignores the field. */
		*inv = (ip->flags & IP6T_F_PROTO) &&
		       (ip->invflags & IP6T_INV_PROTO);
		return ip->flags & IP6T_F_PROTO ? (uint8_t)ip->proto : 0;
	}
	*inv = ((const struct ipt_entry *)r->entry)->ip.invflags & XT_INV_PROTO;
	return (uint8_t)((const struct ipt_entry *)r->entry)->ip.proto;
}

static void decode_header4(struct rule_facts *f, const struct nfc_rule *r)
{
	const struct ipt_ip *ip = &((const struct ipt_entry *)r->entry)->ip;

	set_bits(&f->src, &ip->src, &ip->smsk, 4, ip->invflags & IPT_INV_SRCIP,
		 r->flags & NFC_RULE_SRC_NAME);
	set_bits(&f->dst, &ip->dst, &ip->dmsk, 4, ip->invflags & IPT_INV_DSTIP,
		 r->flags & NFC_RULE_DST_NAME);
	set_bits(&f->in, ip->iniface, ip->iniface_mask, IFNAMSIZ,
		 ip->invflags & IPT_INV_VIA_IN, false);
	set_bits(&f->out, ip->outiface, ip->outiface_mask, IFNAMSIZ,
		 ip->invflags & IPT_INV_VIA_OUT, false);
	f->proto = facts_proto(r, &f->proto_inv);
	f->frag = ip->flags & IPT_F_FRAG;
	f->frag_inv = ip->invflags & IPT_INV_FRAG;
}

static void decode_header6(struct rule_facts *f, const struct nfc_rule *r)
{
	const struct ip6t_ip6 *ip = &((const struct ip6t_entry *)r->entry)->ipv6;

	set_bits(&f->src, &ip->src, &ip->smsk, 16,
		 ip->invflags & IP6T_INV_SRCIP, r->flags & NFC_RULE_SRC_NAME);
	set_bits(&f->dst, &ip->dst, &ip->dmsk, 16,
		 ip->invflags & IP6T_INV_DSTIP, r->flags & NFC_RULE_DST_NAME);
	set_bits(&f->in, ip->iniface, ip->iniface_mask, IFNAMSIZ,
		 ip->invflags & IP6T_INV_VIA_IN, false);
	set_bits(&f->out, ip->outiface, ip->outiface_mask, IFNAMSIZ,
		 ip->invflags & IP6T_INV_VIA_OUT, false);
	f->proto = facts_proto(r, &f->proto_inv);
	if (ip->flags & IP6T_F_TOS)
		f->nopaque++;
}

static const struct {
	const char *name;
	enum lf_target t;
} targets[] = {
	{ "REJECT", LF_T_REJECT },     { "NFQUEUE", LF_T_QUEUE },
	{ "DNAT", LF_T_NAT },	       { "SNAT", LF_T_NAT },
	{ "MASQUERADE", LF_T_NAT },    { "REDIRECT", LF_T_NAT },
	{ "NETMAP", LF_T_NAT },	       { "LOG", LF_T_CONTINUE },
	{ "NFLOG", LF_T_CONTINUE },    { "ULOG", LF_T_CONTINUE },
	{ "MARK", LF_T_CONTINUE },     { "CONNMARK", LF_T_CONTINUE },
	{ "CONNSECMARK", LF_T_CONTINUE }, { "SECMARK", LF_T_CONTINUE },
	{ "CLASSIFY", LF_T_CONTINUE }, { "DSCP", LF_T_CONTINUE },
	{ "TOS", LF_T_CONTINUE },      { "TTL", LF_T_CONTINUE },
	{ "HL", LF_T_CONTINUE },       { "ECN", LF_T_CONTINUE },
	{ "TCPMSS", LF_T_CONTINUE },   { "TCPOPTSTRIP", LF_T_CONTINUE },
	{ "NOTRACK", LF_T_CONTINUE },  { "CT", LF_T_CONTINUE },
	{ "TRACE", LF_T_CONTINUE },    { "AUDIT", LF_T_CONTINUE },
	{ "CHECKSUM", LF_T_CONTINUE }, { "IDLETIMER", LF_T_CONTINUE },
	{ "LED", LF_T_CONTINUE },      { "RATEEST", LF_T_CONTINUE },
	{ "SET", LF_T_CONTINUE },      { "TEE", LF_T_CONTINUE },
	{ "HMARK", LF_T_CONTINUE },
};

static void decode_target(struct rule_facts *f, const struct nfc_rule *r)
{
	const char *name;
	unsigned int i;

	if (r->flags & NFC_RULE_STANDARD) {
		name = rule_jump_name(r);
		f->target_name = name;
		if (!*name)
			f->target = LF_T_CONTINUE;
		else if (strcmp(name, "ACCEPT") == 0)
			f->target = LF_T_ACCEPT;
		else if (strcmp(name, "DROP") == 0)
			f->target = LF_T_DROP;
		else if (strcmp(name, "RETURN") == 0)
			f->target = LF_T_RETURN;
		else if (strcmp(name, "QUEUE") == 0)
			f->target = LF_T_QUEUE;
		else
			f->target = rule_is_goto(r) ? LF_T_GOTO : LF_T_JUMP;
		return;
	}
	name = rule_target_const(r)->u.user.name;
	f->target_name = name;
	f->target = LF_T_OTHER;
	for (i = 0; i < NFC_ARRAY_SIZE(targets); i++) {
		if (name[0] == targets[i].name[0] &&
		    strcmp(name, targets[i].name) == 0) {
			f->target = targets[i].t;
			break;
		}
	}
}

void facts_decode_outer(struct rule_facts *f, const struct nfc_rule *r)
{
	memset(f, 0, sizeof(*f));
	f->rule = r;
	f->st_under = f->st_over = LF_ST_ALL;
	if (r->family == NFC_IPV6)
		decode_header6(f, r);
	else
		decode_header4(f, r);
	decode_target(f, r);
}

void facts_decode(struct rule_facts *f, const struct nfc_rule *r)
{
	const struct xt_entry_match *m;

	facts_decode_outer(f, r);
	for (m = rule_match_first(r); m; m = rule_match_next(r, m))
		decode_match(f, m);
}

/* ------------------------------------------------------------------ */
/* Reasoning */

static bool proto_cover(const struct rule_facts *i, const struct rule_facts *j)
{
	if (i->proto == 0 && !i->proto_inv)
		return true;
	if (!i->proto_inv)
		return !j->proto_inv && j->proto == i->proto;
	if (!j->proto_inv)
		return j->proto != 0 && j->proto != i->proto;
	return j->proto == i->proto;
}

static bool ports_cover(const struct rule_facts *i, const struct rule_facts *j)
{
	struct lf_ports full;
	const struct lf_ports *js, *jd;

	ports_full(&full);
	js = j->has_sport ? &j->sport : &full;
	jd = j->has_dport ? &j->dport : &full;
	if (i->has_sport && !ports_subset(js, &i->sport))
		return false;
	if (i->has_dport && !ports_subset(jd, &i->dport))
		return false;
	if (i->has_either && !ports_subset(js, &i->either) &&
	    !ports_subset(jd, &i->either) &&
	    !(j->has_either && ports_subset(&j->either, &i->either)))
		return false;
	return true;
}

bool facts_cover(const struct rule_facts *i, const struct rule_facts *j)
{
	if (i->nopaque)
		return false;
	if (!bits_cover(&i->src, &j->src) || !bits_cover(&i->dst, &j->dst) ||
	    !bits_cover(&i->in, &j->in) || !bits_cover(&i->out, &j->out))
		return false;
	if (!proto_cover(i, j))
		return false;
	if (i->frag && !(j->frag && j->frag_inv == i->frag_inv))
		return false;
	/* A port match never matches a non-first fragment. */
	if (i->l4 && !j->l4 && !(j->frag && j->frag_inv))
		return false;
	if (!ports_cover(i, j))
		return false;
	if (i->has_flags &&
	    !(j->has_flags && j->flg_mask == i->flg_mask &&
	      j->flg_cmp == i->flg_cmp && j->flg_inv == i->flg_inv))
		return false;
	return (j->st_over & ~i->st_under) == 0;
}

bool facts_unconditional(const struct rule_facts *f)
{
	return !bits_constrains(&f->src) && !bits_constrains(&f->dst) &&
	       !bits_constrains(&f->in) && !bits_constrains(&f->out) &&
	       f->proto == 0 && !f->proto_inv && !f->frag && !f->l4 &&
	       !f->has_sport && !f->has_dport && !f->has_either &&
	       !f->has_flags && f->st_under == LF_ST_ALL && !f->nopaque;
}

bool facts_terminal(const struct rule_facts *f)
{
	switch (f->target) {
	case LF_T_ACCEPT:
	case LF_T_DROP:
	case LF_T_REJECT:
	case LF_T_RETURN:
	case LF_T_QUEUE:
	case LF_T_GOTO:
	case LF_T_NAT:
		return true;
	case LF_T_CONTINUE:
	case LF_T_JUMP:
	case LF_T_OTHER:
		break;
	}
	return false;
}

void facts_action(const struct rule_facts *f, char *buf, size_t len)
{
	if (f->target == LF_T_JUMP || f->target == LF_T_GOTO)
		snprintf(buf, len, "-%c %s", f->target == LF_T_GOTO ? 'g' : 'j',
			 f->target_name);
	else if (!f->target_name || !*f->target_name)
		snprintf(buf, len, "no target");
	else
		snprintf(buf, len, "%s", f->target_name);
}
