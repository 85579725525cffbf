// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Writes expressions straight into the batch message, without building
 * libnftnl objects first: at 50k rules the objects would cost more memory
 * than the batch itself.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>
#include <linux/netfilter/xt_NFLOG.h>
#include <linux/netfilter/xt_limit.h>
#include <linux/netfilter/xt_mark.h>
#include <linux/netfilter/xt_tcpudp.h>

#include "nft_linearize.h"
#include "nl_put.h"
#include "nft_nl.h"

/* What is left for attributes other than extension blobs: name, nest and
 * register attributes of one expression. */
#define EXPR_OVERHEAD 256
#define INVALID_IFNAME "INVAL/D"

/* The parts of an entry header both families have. */
struct hdr {
	const char *iniface, *outiface;
	uint16_t proto;
	uint8_t invflags;
	bool frag, go_to;
	const unsigned char *src, *smsk, *dst, *dmsk;
	unsigned int alen, src_off, dst_off;
	const struct xt_counters *counters;
};

struct lin {
	struct nlmsghdr *nlh;
	const struct hdr *h;
	nft_chain_map map;
	const void *map_arg;
	char *msg;
	size_t msglen;
	int err;
};

static void get_hdr(const struct nfc_rule *r, struct hdr *h)
{
	memset(h, 0, sizeof(*h));
	if (r->family == NFC_IPV6) {
		const struct ip6t_entry *e = (const void *)r->entry;

		h->iniface = e->ipv6.iniface;
		h->outiface = e->ipv6.outiface;
		h->proto = e->ipv6.proto;
		h->invflags = e->ipv6.invflags;
		h->go_to = e->ipv6.flags & IP6T_F_GOTO;
		h->src = e->ipv6.src.s6_addr;
		h->smsk = e->ipv6.smsk.s6_addr;
		h->dst = e->ipv6.dst.s6_addr;
		h->dmsk = e->ipv6.dmsk.s6_addr;
		h->alen = sizeof(struct in6_addr);
		h->src_off = 8; /* struct ip6_hdr: ip6_src */
		h->dst_off = 24;
		h->counters = &e->counters;
	} else {
		const struct ipt_entry *e = (const void *)r->entry;

		h->iniface = e->ip.iniface;
		h->outiface = e->ip.outiface;
		h->proto = e->ip.proto;
		h->invflags = e->ip.invflags;
		h->frag = e->ip.flags & IPT_F_FRAG;
		h->go_to = e->ip.flags & IPT_F_GOTO;
		h->src = (const unsigned char *)&e->ip.src;
		h->smsk = (const unsigned char *)&e->ip.smsk;
		h->dst = (const unsigned char *)&e->ip.dst;
		h->dmsk = (const unsigned char *)&e->ip.dmsk;
		h->alen = sizeof(struct in_addr);
		h->src_off = 12; /* struct iphdr: saddr */
		h->dst_off = 16;
		h->counters = &e->counters;
	}
}

static bool room(struct lin *l, size_t need)
{
	size_t used = l->nlh->nlmsg_len;

	if (l->err)
		return false;
	if (used + need + EXPR_OVERHEAD <= NFT_BATCH_MSG_MAX)
		return true;
	snprintf(l->msg, l->msglen,
		 "the rule is too large for one nf_tables message");
	l->err = -E2BIG;
	return false;
}

static void put_be32(struct nlmsghdr *nlh, uint16_t type, uint32_t v)
{
	nl_put_u32(nlh, type, htonl(v));
}

static void put_be64(struct nlmsghdr *nlh, uint16_t type, uint64_t v)
{
	nl_put_u64(nlh, type, htobe64(v));
}

static void put_data(struct nlmsghdr *nlh, uint16_t type, const void *data,
		     size_t len)
{
	struct nlattr *n = nl_nest_start(nlh, type);

	nl_put(nlh, NFTA_DATA_VALUE, len, data);
	nl_nest_end(nlh, n);
}

struct expr {
	struct nlattr *elem, *data;
};

static bool expr_open(struct lin *l, struct expr *x, const char *name,
		      size_t payload)
{
	if (!room(l, payload))
		return false;
	x->elem = nl_nest_start(l->nlh, NFTA_LIST_ELEM);
	nl_put_strz(l->nlh, NFTA_EXPR_NAME, name);
	x->data = nl_nest_start(l->nlh, NFTA_EXPR_DATA);
	return true;
}

static void expr_close(struct lin *l, struct expr *x)
{
	nl_nest_end(l->nlh, x->data);
	nl_nest_end(l->nlh, x->elem);
}

static void e_meta(struct lin *l, uint32_t key)
{
	struct expr x;

	if (!expr_open(l, &x, "meta", 0))
		return;
	put_be32(l->nlh, NFTA_META_KEY, key);
	put_be32(l->nlh, NFTA_META_DREG, NFT_REG_1);
	expr_close(l, &x);
}

static void e_payload(struct lin *l, uint32_t base, uint32_t off,
		      uint32_t len)
{
	struct expr x;

	if (!expr_open(l, &x, "payload", 0))
		return;
	put_be32(l->nlh, NFTA_PAYLOAD_DREG, NFT_REG_1);
	put_be32(l->nlh, NFTA_PAYLOAD_BASE, base);
	put_be32(l->nlh, NFTA_PAYLOAD_OFFSET, off);
	put_be32(l->nlh, NFTA_PAYLOAD_LEN, len);
	expr_close(l, &x);
}

static void e_cmp(struct lin *l, uint32_t op, const void *data, size_t len)
{
	struct expr x;

	if (!expr_open(l, &x, "cmp", len))
		return;
	put_be32(l->nlh, NFTA_CMP_SREG, NFT_REG_1);
	put_be32(l->nlh, NFTA_CMP_OP, op);
	put_data(l->nlh, NFTA_CMP_DATA, data, len);
	expr_close(l, &x);
}

static void e_bitwise(struct lin *l, const void *mask, size_t len)
{
	static const unsigned char zero[sizeof(struct in6_addr)];
	struct expr x;

	if (!expr_open(l, &x, "bitwise", 2 * len))
		return;
	put_be32(l->nlh, NFTA_BITWISE_SREG, NFT_REG_1);
	put_be32(l->nlh, NFTA_BITWISE_DREG, NFT_REG_1);
	put_be32(l->nlh, NFTA_BITWISE_LEN, (uint32_t)len);
	put_data(l->nlh, NFTA_BITWISE_MASK, mask, len);
	put_data(l->nlh, NFTA_BITWISE_XOR, zero, len);
	expr_close(l, &x);
}

static void e_range16(struct lin *l, uint32_t op, uint16_t lo, uint16_t hi)
{
	struct expr x;

	if (!expr_open(l, &x, "range", 0))
		return;
	lo = htons(lo);
	hi = htons(hi);
	put_be32(l->nlh, NFTA_RANGE_SREG, NFT_REG_1);
	put_be32(l->nlh, NFTA_RANGE_OP, op);
	put_data(l->nlh, NFTA_RANGE_FROM_DATA, &lo, sizeof(lo));
	put_data(l->nlh, NFTA_RANGE_TO_DATA, &hi, sizeof(hi));
	expr_close(l, &x);
}

static void e_counter(struct lin *l, const struct xt_counters *c)
{
	struct expr x;

	if (!expr_open(l, &x, "counter", 0))
		return;
	/* The kernel starts a counter at zero without them: 24 bytes a
	 * rule less to send and parse. */
	if (c->bcnt || c->pcnt) {
		put_be64(l->nlh, NFTA_COUNTER_BYTES, c->bcnt);
		put_be64(l->nlh, NFTA_COUNTER_PACKETS, c->pcnt);
	}
	expr_close(l, &x);
}

static void e_verdict(struct lin *l, int code, const char *chain)
{
	struct nlattr *data, *verdict;
	struct expr x;

	if (!expr_open(l, &x, "immediate", NFC_NAME_MAX))
		return;
	put_be32(l->nlh, NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
	data = nl_nest_start(l->nlh, NFTA_IMMEDIATE_DATA);
	verdict = nl_nest_start(l->nlh, NFTA_DATA_VERDICT);
	put_be32(l->nlh, NFTA_VERDICT_CODE, (uint32_t)code);
	if (chain)
		nl_put_strz(l->nlh, NFTA_VERDICT_CHAIN, chain);
	nl_nest_end(l->nlh, verdict);
	nl_nest_end(l->nlh, data);
	expr_close(l, &x);
}

/* An xt match or target expression: the name, revision and the whole
 * blob after the xt_entry_match/target header. */
static void e_xt(struct lin *l, bool target, const void *ext)
{
	const struct xt_entry_match *m = ext;
	size_t len = m->u.match_size - sizeof(*m);
	struct expr x;

	if (!expr_open(l, &x, target ? "target" : "match", len))
		return;
	nl_put_strz(l->nlh, target ? NFTA_TARGET_NAME : NFTA_MATCH_NAME,
		    m->u.user.name);
	put_be32(l->nlh, target ? NFTA_TARGET_REV : NFTA_MATCH_REV,
		 m->u.user.revision);
	nl_put(l->nlh, target ? NFTA_TARGET_INFO : NFTA_MATCH_INFO, len,
	       m->data);
	expr_close(l, &x);
}

static uint32_t cmp_op(const struct hdr *h, uint8_t invbit)
{
	return h->invflags & invbit ? NFT_CMP_NEQ : NFT_CMP_EQ;
}

/* "eth0" matches the name with its NUL; "eth+" the prefix "eth"; "+" alone
 * anything, so it loads the name and tests nothing, and "! -i +" tests
 * for a name no interface can have. */
static void iface(struct lin *l, uint32_t key, const char *name, uint32_t op)
{
	size_t len = strnlen(name, IFNAMSIZ - 1);

	e_meta(l, key);
	if (name[len - 1] != '+')
		e_cmp(l, op, name, len + 1);
	else if (len > 1)
		e_cmp(l, op, name, len - 1);
	else if (op != NFT_CMP_EQ)
		e_cmp(l, NFT_CMP_EQ, INVALID_IFNAME, sizeof(INVALID_IFNAME));
}

/* Prefix masks become a shorter load; any other mask a bitwise. */
static void addr(struct lin *l, unsigned int off, const unsigned char *a,
		 const unsigned char *m, unsigned int len, uint32_t op)
{
	bool bitwise = false;
	unsigned int i, j;

	for (i = 0; i < len; i++) {
		if (m[i] != 0xff) {
			bitwise = m[i] != 0;
			break;
		}
	}
	for (j = i + 1; !bitwise && j < len; j++)
		bitwise = m[j] != 0;
	if (!bitwise)
		len = i;
	e_payload(l, NFT_PAYLOAD_NETWORK_HEADER, off, len);
	if (bitwise)
		e_bitwise(l, m, len);
	e_cmp(l, op, a, len);
}

static bool any_set(const unsigned char *p, unsigned int len)
{
	while (len--)
		if (*p++)
			return true;
	return false;
}

static void header(struct lin *l, const struct hdr *h)
{
	if (h->iniface[0])
		iface(l, NFT_META_IIFNAME, h->iniface,
		      cmp_op(h, IPT_INV_VIA_IN));
	if (h->outiface[0])
		iface(l, NFT_META_OIFNAME, h->outiface,
		      cmp_op(h, IPT_INV_VIA_OUT));
	if (h->proto) {
		uint8_t p = (uint8_t)h->proto;

		e_meta(l, NFT_META_L4PROTO);
		e_cmp(l, cmp_op(h, XT_INV_PROTO), &p, sizeof(p));
	}
	if (any_set(h->src, h->alen) || any_set(h->smsk, h->alen) ||
	    h->invflags & IPT_INV_SRCIP)
		addr(l, h->src_off, h->src, h->smsk, h->alen,
		     cmp_op(h, IPT_INV_SRCIP));
	if (any_set(h->dst, h->alen) || any_set(h->dmsk, h->alen) ||
	    h->invflags & IPT_INV_DSTIP)
		addr(l, h->dst_off, h->dst, h->dmsk, h->alen,
		     cmp_op(h, IPT_INV_DSTIP));
	if (h->frag) {
		/* the 13 bits of the fragment offset: non-zero for a
		 * fragment other than the first */
		uint16_t mask = htons(0x1fff), zero = 0;

		e_payload(l, NFT_PAYLOAD_NETWORK_HEADER, 6, sizeof(mask));
		e_bitwise(l, &mask, sizeof(mask));
		e_cmp(l, h->invflags & IPT_INV_FRAG ? NFT_CMP_EQ : NFT_CMP_NEQ,
		      &zero, sizeof(zero));
	}
}

/* One port or a range: the shortest test iptables-nft uses for it. */
static void port_test(struct lin *l, uint16_t lo, uint16_t hi, bool inv)
{
	uint16_t v;

	if (lo == hi) {
		v = htons(lo);
		e_cmp(l, inv ? NFT_CMP_NEQ : NFT_CMP_EQ, &v, sizeof(v));
	} else if (lo == 0 && hi < UINT16_MAX) {
		v = htons(hi);
		e_cmp(l, inv ? NFT_CMP_GT : NFT_CMP_LTE, &v, sizeof(v));
	} else {
		e_range16(l, inv ? NFT_RANGE_NEQ : NFT_RANGE_EQ, lo, hi);
	}
}

static void ports(struct lin *l, const uint16_t *src, bool inv_src,
		  const uint16_t *dst, bool inv_dst)
{
	if (src[0] && src[0] == src[1] && dst[0] && dst[0] == dst[1] &&
	    inv_src == inv_dst) {
		uint32_t both = htonl((uint32_t)dst[0] |
				      (uint32_t)src[0] << 16);

		e_payload(l, NFT_PAYLOAD_TRANSPORT_HEADER, 0, sizeof(both));
		e_cmp(l, inv_src ? NFT_CMP_NEQ : NFT_CMP_EQ, &both,
		      sizeof(both));
		return;
	}
	if (src[0] || src[1] < UINT16_MAX) {
		e_payload(l, NFT_PAYLOAD_TRANSPORT_HEADER, 0, sizeof(uint16_t));
		port_test(l, src[0], src[1], inv_src);
	}
	if (dst[0] || dst[1] < UINT16_MAX) {
		e_payload(l, NFT_PAYLOAD_TRANSPORT_HEADER, 2, sizeof(uint16_t));
		port_test(l, dst[0], dst[1], inv_dst);
	}
}

static bool need_proto(struct lin *l, uint8_t proto, const char *what)
{
	if (l->h->proto == proto)
		return true;
	snprintf(l->msg, l->msglen, "%s match requires '-p %s'", what,
		 proto == IPPROTO_TCP ? "tcp" : "udp");
	l->err = -EINVAL;
	return false;
}

/* A tcp match nf_tables can express natively: ports, flags and their
 * inversions, but not --tcp-option, and not the match-everything blob
 * (that stays a match, so "-m tcp" keeps meaning what it says). */
static bool tcp_native(struct lin *l, const struct xt_entry_match *m)
{
	static const struct xt_tcp all = { .spts = { 0, UINT16_MAX },
					   .dpts = { 0, UINT16_MAX } };
	const struct xt_tcp *t = (const void *)m->data;

	if (t->invflags & ~(XT_TCP_INV_SRCPT | XT_TCP_INV_DSTPT |
			    XT_TCP_INV_FLAGS) ||
	    t->option || memcmp(t, &all, sizeof(all)) == 0)
		return false;
	if (!need_proto(l, IPPROTO_TCP, "TCP"))
		return true;
	if (t->flg_mask) {
		e_payload(l, NFT_PAYLOAD_TRANSPORT_HEADER, 13, 1);
		e_bitwise(l, &t->flg_mask, 1);
		e_cmp(l, t->invflags & XT_TCP_INV_FLAGS ? NFT_CMP_NEQ
							 : NFT_CMP_EQ,
		      &t->flg_cmp, 1);
	}
	ports(l, t->spts, t->invflags & XT_TCP_INV_SRCPT, t->dpts,
	      t->invflags & XT_TCP_INV_DSTPT);
	return true;
}

static bool udp_native(struct lin *l, const struct xt_entry_match *m)
{
	static const struct xt_udp all = { .spts = { 0, UINT16_MAX },
					   .dpts = { 0, UINT16_MAX } };
	const struct xt_udp *u = (const void *)m->data;

	if (u->invflags > XT_UDP_INV_MASK || memcmp(u, &all, sizeof(all)) == 0)
		return false;
	if (need_proto(l, IPPROTO_UDP, "UDP"))
		ports(l, u->spts, u->invflags & XT_UDP_INV_SRCPT, u->dpts,
		      u->invflags & XT_UDP_INV_DSTPT);
	return true;
}

static bool mark_native(struct lin *l, const struct xt_entry_match *m)
{
	const struct xt_mark_mtinfo1 *k = (const void *)m->data;

	if (m->u.user.revision != 1)
		return false; /* another layout */
	e_meta(l, NFT_META_MARK);
	if (k->mask != UINT32_MAX)
		e_bitwise(l, &k->mask, sizeof(k->mask));
	e_cmp(l, k->invert ? NFT_CMP_NEQ : NFT_CMP_EQ, &k->mark,
	      sizeof(k->mark));
	return true;
}

/* The limit expression counts in whole units: pick the largest unit in
 * which the rate stays exact enough, as iptables-nft does. */
static bool limit_native(struct lin *l, const struct xt_entry_match *m)
{
	static const uint32_t mult[] = {
		XT_LIMIT_SCALE * 24 * 60 * 60, XT_LIMIT_SCALE * 60 * 60,
		XT_LIMIT_SCALE * 60, XT_LIMIT_SCALE,
	};
	const struct xt_rateinfo *ri = (const void *)m->data;
	struct expr x;
	unsigned int i;

	if (!ri->avg)
		return false;
	for (i = 1; i < NFC_ARRAY_SIZE(mult); i++)
		if (ri->avg > mult[i] || mult[i] / ri->avg < mult[i] % ri->avg)
			break;
	if (!expr_open(l, &x, "limit", 0))
		return true;
	put_be64(l->nlh, NFTA_LIMIT_RATE, mult[i - 1] / ri->avg);
	put_be64(l->nlh, NFTA_LIMIT_UNIT, mult[i - 1] / XT_LIMIT_SCALE);
	put_be32(l->nlh, NFTA_LIMIT_BURST, ri->burst);
	put_be32(l->nlh, NFTA_LIMIT_TYPE, NFT_LIMIT_PKTS);
	put_be32(l->nlh, NFTA_LIMIT_FLAGS, 0);
	expr_close(l, &x);
	return true;
}

static void match(struct lin *l, const struct xt_entry_match *m)
{
	const char *name = m->u.user.name;
	bool native = false;

	if (strcmp(name, "tcp") == 0)
		native = tcp_native(l, m);
	else if (strcmp(name, "udp") == 0)
		native = udp_native(l, m);
	else if (strcmp(name, "mark") == 0)
		native = mark_native(l, m);
	else if (strcmp(name, "limit") == 0)
		native = limit_native(l, m);
	if (!native)
		e_xt(l, false, m);
}

static void nflog(struct lin *l, const struct xt_entry_target *t)
{
	const struct xt_nflog_info *info = (const void *)t->data;
	struct expr x;

	if (!expr_open(l, &x, "log", sizeof(info->prefix)))
		return;
	if (info->prefix[0])
		nl_put(l->nlh, NFTA_LOG_PREFIX,
		       strnlen(info->prefix, sizeof(info->prefix) - 1) + 1,
		       info->prefix);
	nl_put_u16(l->nlh, NFTA_LOG_GROUP, htons(info->group));
	if (info->flags & XT_NFLOG_F_COPY_LEN)
		put_be32(l->nlh, NFTA_LOG_SNAPLEN, info->len);
	if (info->threshold)
		nl_put_u16(l->nlh, NFTA_LOG_QTHRESHOLD, htons(info->threshold));
	expr_close(l, &x);
}

/* TRACE is "meta nftrace set 1". */
static void trace(struct lin *l)
{
	uint8_t one = 1;
	struct nlattr *data;
	struct expr x;

	if (!expr_open(l, &x, "immediate", 0))
		return;
	put_be32(l->nlh, NFTA_IMMEDIATE_DREG, NFT_REG32_01);
	data = nl_nest_start(l->nlh, NFTA_IMMEDIATE_DATA);
	nl_put(l->nlh, NFTA_DATA_VALUE, sizeof(one), &one);
	nl_nest_end(l->nlh, data);
	expr_close(l, &x);
	if (!expr_open(l, &x, "meta", 0))
		return;
	put_be32(l->nlh, NFTA_META_KEY, NFT_META_NFTRACE);
	put_be32(l->nlh, NFTA_META_SREG, NFT_REG32_01);
	expr_close(l, &x);
}

static void action(struct lin *l, const struct nfc_rule *r)
{
	const struct xt_entry_target *t = rule_target_const(r);
	const char *name = t->u.user.name;

	if (r->flags & NFC_RULE_STANDARD) {
		if (!name[0])
			return;
		if (strcmp(name, "ACCEPT") == 0)
			e_verdict(l, NF_ACCEPT, NULL);
		else if (strcmp(name, "DROP") == 0)
			e_verdict(l, NF_DROP, NULL);
		else if (strcmp(name, "RETURN") == 0)
			e_verdict(l, NFT_RETURN, NULL);
		else if (strcmp(name, "QUEUE") == 0)
			e_xt(l, true, t); /* as iptables-nft: an xt target */
		else
			e_verdict(l, l->h->go_to ? NFT_GOTO : NFT_JUMP,
				  l->map ? l->map(l->map_arg, name) : name);
		return;
	}
	if (strcmp(name, "NFLOG") == 0)
		nflog(l, t);
	else if (strcmp(name, "TRACE") == 0)
		trace(l);
	else
		e_xt(l, true, t);
}

int nft_linearize(struct nlmsghdr *nlh, const struct nfc_rule *r, char *msg,
		  size_t msglen)
{
	return nft_linearize_mapped(nlh, r, NULL, NULL, msg, msglen);
}

int nft_linearize_mapped(struct nlmsghdr *nlh, const struct nfc_rule *r,
			 nft_chain_map map, const void *map_arg, char *msg,
			 size_t msglen)
{
	const struct xt_entry_match *m;
	struct nlattr *exprs, *compat;
	struct hdr h;
	struct lin l = { .nlh = nlh, .h = &h, .map = map, .map_arg = map_arg,
			 .msg = msg, .msglen = msglen };

	get_hdr(r, &h);
	exprs = nl_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
	header(&l, &h);
	for (m = rule_match_first(r); m && !l.err; m = rule_match_next(r, m))
		match(&l, m);
	e_counter(&l, h.counters);
	action(&l, r);
	if (l.err)
		return l.err;
	if ((char *)nl_tail(nlh) - (char *)exprs > UINT16_MAX) {
		snprintf(msg, msglen,
			 "the rule is too large for one nf_tables message");
		return -E2BIG;
	}
	nl_nest_end(nlh, exprs);
	compat = nl_nest_start(nlh, NFTA_RULE_COMPAT);
	put_be32(nlh, NFTA_RULE_COMPAT_PROTO, h.proto);
	put_be32(nlh, NFTA_RULE_COMPAT_FLAGS,
		 h.invflags & XT_INV_PROTO ? NFT_RULE_COMPAT_F_INV : 0);
	nl_nest_end(nlh, compat);
	return 0;
}
