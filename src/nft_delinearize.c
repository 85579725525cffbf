// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The expressions are read in order with a small model of the registers:
 * a load (payload, meta, immediate) says what a register holds, bitwise
 * adds a mask, and a cmp or range on the register is then a test of that
 * field.  Native tests that stand for an extension build its blob the way
 * the extension's own parser would.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>
#include <linux/netfilter/xt_NFLOG.h>
#include <linux/netfilter/xt_comment.h>
#include <linux/netfilter/xt_limit.h>
#include <linux/netfilter/xt_mark.h>
#include <linux/netfilter/xt_pkttype.h>
#include <linux/netfilter/xt_tcpudp.h>
#include <linux/netfilter_ipv4/ipt_ttl.h>
#include <libnftnl/udata.h>

#include "nft_delinearize.h"

#define NREGS 16      /* 32-bit registers NFT_REG32_00..15 */
#define REG_BYTES 16  /* what one cmp or bitwise looks at, at most */
#define ENTRY_MAX UINT16_MAX
#define UDATA_COMMENT 0 /* iptables-nft's rule user data TLV types */
#define UDATA_MAX 1
#define INVALID_IFNAME "INVAL/D"
#define NFLOG_LONG_PREFIX 128 /* nft allows longer log prefixes */
#define NFLOG_PREFIX_KERNEL sizeof(((struct xt_nflog_info *)0)->prefix)

enum reg_type { R_UNDEF, R_META, R_PAYLOAD, R_IMM };

struct reg {
	enum reg_type type;
	uint32_t key;            /* meta */
	uint32_t base, off, len; /* payload */
	bool bitwise;
	unsigned char mask[REG_BYTES];
	unsigned char imm[REG_BYTES];
};

enum tkind { T_NONE, T_STD, T_XT, T_NFLOG, T_TRACE };

/* The expression types iptables-nft reads. */
enum xkind {
	X_OTHER,
	X_COUNTER,
	X_PAYLOAD,
	X_META,
	X_BITWISE,
	X_CMP,
	X_IMMEDIATE,
	X_MATCH,
	X_TARGET,
	X_LIMIT,
	X_LOG,
	X_RANGE,
	X_LOOKUP,
};

/* Rules keep their first expressions parsed between the check of the
 * whole rule and the reading (iptables-nft's rules have a dozen). */
#define XEXPRS_KEPT 32

#define HDR_MAX (sizeof(struct ip6t_entry) > sizeof(struct ipt_entry) \
			 ? sizeof(struct ip6t_entry)                   \
			 : sizeof(struct ipt_entry))

/* xt_nflog_info with room for nft's longer prefixes. */
struct nflog_long {
	uint32_t len;
	uint16_t group, threshold, flags, pad;
	char prefix[NFLOG_LONG_PREFIX];
};

struct delin {
	enum nfc_family family;
	/* the entry header (struct ipt_entry or ip6t_entry), and its
	 * fields */
	_Alignas(8) unsigned char hdr[HDR_MAX];
	char *iniface, *outiface;
	unsigned char *inmask, *outmask;
	uint16_t *proto;
	uint8_t *flags, *invflags;
	unsigned char *src, *smsk, *dst, *dmsk;
	unsigned int alen;
	/* matches, as they go into the entry (which starts hdr bytes
	 * before, in entry) */
	unsigned char *mbuf;
	size_t mlen, mmax;
	size_t tcp, udp; /* offset of their data in mbuf, 0: none yet */
	struct reg regs[NREGS];
	/* the action */
	enum tkind tkind;
	char tname[XT_EXTENSION_MAXNAMELEN];
	const void *tinfo;
	uint32_t tlen, trev;
	struct nflog_long nflog;
	bool go_to;
	struct xt_counters counters;
	const char *errmsg;
	bool incompatible;
	unsigned int oflags;
	/* the rule's expressions, read once (not cleared per rule) */
	unsigned int nx;
	struct nft_xexpr x[XEXPRS_KEPT];
	enum xkind xk[XEXPRS_KEPT];
	/* the entry being built: header, matches, target */
	_Alignas(8) unsigned char entry[];
};

static void set_family(struct delin *d, enum nfc_family family)
{
	d->family = family;
	if (family == NFC_IPV6) {
		struct ip6t_ip6 *ip = &((struct ip6t_entry *)d->hdr)->ipv6;

		d->iniface = ip->iniface;
		d->outiface = ip->outiface;
		d->inmask = ip->iniface_mask;
		d->outmask = ip->outiface_mask;
		d->proto = &ip->proto;
		d->flags = &ip->flags;
		d->invflags = &ip->invflags;
		d->src = ip->src.s6_addr;
		d->smsk = ip->smsk.s6_addr;
		d->dst = ip->dst.s6_addr;
		d->dmsk = ip->dmsk.s6_addr;
		d->alen = sizeof(struct in6_addr);
	} else {
		struct ipt_ip *ip = &((struct ipt_entry *)d->hdr)->ip;

		d->iniface = ip->iniface;
		d->outiface = ip->outiface;
		d->inmask = ip->iniface_mask;
		d->outmask = ip->outiface_mask;
		d->proto = &ip->proto;
		d->flags = &ip->flags;
		d->invflags = &ip->invflags;
		d->src = (unsigned char *)&ip->src;
		d->smsk = (unsigned char *)&ip->smsk;
		d->dst = (unsigned char *)&ip->dst;
		d->dmsk = (unsigned char *)&ip->dmsk;
		d->alen = sizeof(struct in_addr);
	}
}

/* 16-byte registers NFT_REG_1..4 overlay four 32-bit ones each. */
static struct reg *reg_at(struct delin *d, uint32_t r)
{
	if (r >= NFT_REG_1 && r <= NFT_REG_4)
		return &d->regs[(r - NFT_REG_1) * 4];
	if (r >= NFT_REG32_00 && r <= NFT_REG32_15)
		return &d->regs[r - NFT_REG32_00];
	d->errmsg = "unknown register";
	return NULL;
}

/* A register written to starts over. */
static struct reg *dreg(struct delin *d, const struct nft_xexpr *e,
			uint16_t attr)
{
	struct reg *r = reg_at(d, nft_x_u32(e, attr));

	if (r)
		memset(r, 0, sizeof(*r));
	return r;
}

/* Append a match with a zeroed blob of size bytes; returns the offset of
 * its data in mbuf, 0 when the entry would grow too large. */
static size_t add_match(struct delin *d, const char *name, uint8_t rev,
			size_t size)
{
	size_t total = XT_ALIGN(sizeof(struct xt_entry_match)) + XT_ALIGN(size);
	struct xt_entry_match *m;

	if (d->mlen + total > d->mmax) {
		d->errmsg = "rule too large";
		return 0;
	}
	m = (struct xt_entry_match *)(d->mbuf + d->mlen);
	memset(m, 0, total);
	m->u.user.match_size = (uint16_t)total;
	nfc_copy_str(m->u.user.name, sizeof(m->u.user.name), name);
	m->u.user.revision = rev;
	d->mlen += total;
	return d->mlen - total + XT_ALIGN(sizeof(struct xt_entry_match));
}

static void *match_data(struct delin *d, size_t off)
{
	return off ? d->mbuf + off : NULL;
}

/* tcp and udp start out matching every port, as their init does. */
static struct xt_tcp *tcp_match(struct delin *d)
{
	struct xt_tcp *t;

	if (!d->tcp) {
		d->tcp = add_match(d, "tcp", 0, sizeof(struct xt_tcp));
		t = match_data(d, d->tcp);
		if (t)
			t->spts[1] = t->dpts[1] = UINT16_MAX;
	}
	return match_data(d, d->tcp);
}

static struct xt_udp *udp_match(struct delin *d)
{
	struct xt_udp *u;

	if (!d->udp) {
		d->udp = add_match(d, "udp", 0, sizeof(struct xt_udp));
		u = match_data(d, d->udp);
		if (u)
			u->spts[1] = u->dpts[1] = UINT16_MAX;
	}
	return match_data(d, d->udp);
}

static const void *cmp_data(const struct nft_xexpr *e, uint32_t *len)
{
	return nft_x_data(e, NFTA_CMP_DATA, len);
}

/* The first n bytes of the compared value, zero-padded. */
static void cmp_copy(const struct nft_xexpr *e, void *dst, size_t n)
{
	uint32_t len;
	const void *p = cmp_data(e, &len);

	memset(dst, 0, n);
	if (p)
		memcpy(dst, p, len < n ? len : n);
}

static uint32_t cmp_op(const struct nft_xexpr *e)
{
	return nft_x_u32(e, NFTA_CMP_OP);
}

/* "eth0\0" is the name, "eth" (no NUL) the wildcard "eth+". */
static void ifname(const struct nft_xexpr *e, char *dst, unsigned char *mask,
		   uint8_t invbit, uint8_t *invflags)
{
	uint32_t len;
	const char *name = cmp_data(e, &len);

	if (cmp_op(e) == NFT_CMP_NEQ)
		*invflags |= invbit;
	if (!name || len == 0)
		return;
	if (len > IFNAMSIZ)
		len = IFNAMSIZ;
	memcpy(dst, name, len);
	if (name[len - 1] == '\0') {
		memset(mask, 0xff, strnlen(dst, IFNAMSIZ - 1) + 1);
	} else if (len < IFNAMSIZ) {
		dst[len++] = '+';
		if (len < IFNAMSIZ) {
			dst[len++] = '\0';
			memset(mask, 0xff, len - 2);
		}
	}
	/* iptables-nft's encoding of "! -i +", which never matches */
	if (!(*invflags & invbit) && strcmp(dst, INVALID_IFNAME) == 0) {
		*invflags |= invbit;
		memset(dst, 0, IFNAMSIZ);
		dst[0] = '+';
		memset(mask, 0, IFNAMSIZ);
		mask[0] = mask[1] = 0xff;
	}
}

static void iface_index(const struct nft_xexpr *e, char *dst,
			unsigned char *mask, uint8_t invbit, uint8_t *invflags)
{
	uint32_t idx;

	cmp_copy(e, &idx, sizeof(idx));
	if (cmp_op(e) == NFT_CMP_NEQ)
		*invflags |= invbit;
	if (if_indextoname(idx, dst))
		memset(mask, 0xff, strnlen(dst, IFNAMSIZ - 1) + 1);
}

static void meta_mark(struct delin *d, const struct reg *r,
		      const struct nft_xexpr *e)
{
	struct xt_mark_mtinfo1 *m =
		match_data(d, add_match(d, "mark", 1, sizeof(*m)));

	if (!m)
		return;
	m->invert = cmp_op(e) == NFT_CMP_NEQ;
	cmp_copy(e, &m->mark, sizeof(m->mark));
	m->mask = UINT32_MAX;
	if (r->bitwise)
		memcpy(&m->mask, r->mask, sizeof(m->mask));
}

static void meta_pkttype(struct delin *d, const struct nft_xexpr *e)
{
	struct xt_pkttype_info *p =
		match_data(d, add_match(d, "pkttype", 0, sizeof(*p)));
	uint8_t v;

	if (!p)
		return;
	p->invert = cmp_op(e) == NFT_CMP_NEQ;
	cmp_copy(e, &v, sizeof(v));
	p->pkttype = v;
}

static void cmp_meta(struct delin *d, const struct reg *r,
		     const struct nft_xexpr *e)
{
	switch (r->key) {
	case NFT_META_L4PROTO: {
		uint8_t p;

		cmp_copy(e, &p, sizeof(p));
		*d->proto = p;
		if (cmp_op(e) == NFT_CMP_NEQ)
			*d->invflags |= XT_INV_PROTO;
		/* what ip6tables' parser sets along with -p */
		if (d->family == NFC_IPV6)
			*d->flags |= IP6T_F_PROTO;
		break;
	}
	case NFT_META_IIF:
		iface_index(e, d->iniface, d->inmask, IPT_INV_VIA_IN,
			    d->invflags);
		break;
	case NFT_META_OIF:
		iface_index(e, d->outiface, d->outmask, IPT_INV_VIA_OUT,
			    d->invflags);
		break;
	case NFT_META_IIFNAME:
	case NFT_META_BRI_IIFNAME:
		ifname(e, d->iniface, d->inmask, IPT_INV_VIA_IN, d->invflags);
		break;
	case NFT_META_OIFNAME:
	case NFT_META_BRI_OIFNAME:
		ifname(e, d->outiface, d->outmask, IPT_INV_VIA_OUT,
		       d->invflags);
		break;
	case NFT_META_MARK:
		meta_mark(d, r, e);
		break;
	case NFT_META_PKTTYPE:
		meta_pkttype(d, e);
		break;
	default:
		d->errmsg = d->family == NFC_IPV6 ? "unknown ipv6 meta key"
						  : "unknown ipv4 meta key";
	}
}

/* ttl and hl share their layout and mode values. */
static void ttl_hl(struct delin *d, const struct nft_xexpr *e)
{
	struct ipt_ttl_info *t;
	uint8_t v, mode;

	cmp_copy(e, &v, sizeof(v));
	switch (cmp_op(e)) {
	case NFT_CMP_NEQ:
		mode = IPT_TTL_NE;
		break;
	case NFT_CMP_EQ:
		mode = IPT_TTL_EQ;
		break;
	case NFT_CMP_LT:
		mode = IPT_TTL_LT;
		break;
	case NFT_CMP_GT:
		mode = IPT_TTL_GT;
		break;
	case NFT_CMP_LTE:
		mode = IPT_TTL_LT;
		if (v == UINT8_MAX)
			goto bad;
		v++;
		break;
	case NFT_CMP_GTE:
		mode = IPT_TTL_GT;
		if (v == 0)
			goto bad;
		v--;
		break;
	default:
		goto bad;
	}
	t = match_data(d, add_match(d, d->family == NFC_IPV6 ? "hl" : "ttl", 0,
				    sizeof(*t)));
	if (t) {
		t->mode = mode;
		t->ttl = v;
	}
	return;
bad:
	d->errmsg = "invalid ttl field match";
}

static void addr(const struct reg *r, const struct nft_xexpr *e,
		 unsigned char *a, unsigned char *m, unsigned int alen,
		 uint8_t invbit, uint8_t *invflags)
{
	cmp_copy(e, a, alen);
	if (r->bitwise)
		memcpy(m, r->mask, alen);
	else
		memset(m, 0xff, r->len < alen ? r->len : alen);
	if (cmp_op(e) == NFT_CMP_NEQ)
		*invflags |= invbit;
}

/* Where each family's network header keeps the fields iptables tests,
 * and the inversion flag each sets, so that one decoder serves both. */
struct nh_layout {
	uint32_t saddr, daddr, proto, ttl;
	uint32_t frag; /* NH_NONE: no fragment offset to test */
	uint8_t inv_saddr, inv_daddr, inv_proto;
	bool proto_is_ttl; /* iptables-nft 1.8.9 reads it as a hop limit too */
};

#define NH_NONE UINT32_MAX

static const struct nh_layout nh_ipv4 = {
	/* struct iphdr */
	.saddr = 12,
	.daddr = 16,
	.proto = 9,
	.ttl = 8,
	.frag = 6, /* "! -f" tests it for zero */
	.inv_saddr = IPT_INV_SRCIP,
	.inv_daddr = IPT_INV_DSTIP,
	.inv_proto = IPT_INV_PROTO,
};

static const struct nh_layout nh_ipv6 = {
	/* struct ip6_hdr */
	.saddr = 8,
	.daddr = 24,
	.proto = 6,
	.ttl = 7,
	.frag = NH_NONE,
	.inv_saddr = IP6T_INV_SRCIP,
	.inv_daddr = IP6T_INV_DSTIP,
	.inv_proto = IP6T_INV_PROTO,
	.proto_is_ttl = true,
};

static void cmp_network(struct delin *d, const struct reg *r,
			const struct nft_xexpr *e)
{
	const struct nh_layout *nh =
		d->family == NFC_IPV6 ? &nh_ipv6 : &nh_ipv4;
	uint8_t p;

	if (r->off == nh->saddr) {
		addr(r, e, d->src, d->smsk, d->alen, nh->inv_saddr,
		     d->invflags);
	} else if (r->off == nh->daddr) {
		addr(r, e, d->dst, d->dmsk, d->alen, nh->inv_daddr,
		     d->invflags);
	} else if (r->off == nh->proto) {
		cmp_copy(e, &p, sizeof(p));
		*d->proto = p;
		if (cmp_op(e) == NFT_CMP_NEQ)
			*d->invflags |= nh->inv_proto;
		if (nh->proto_is_ttl)
			ttl_hl(d, e);
	} else if (r->off == nh->ttl) {
		ttl_hl(d, e);
	} else if (nh->frag != NH_NONE && r->off == nh->frag) {
		*d->flags |= IPT_F_FRAG;
		if (r->bitwise && cmp_op(e) == NFT_CMP_EQ)
			*d->invflags |= IPT_INV_FRAG;
	} else {
		d->errmsg = "unknown payload offset";
	}
}

/* One compared port: a value, a bound, or (with NEQ) an excluded value. */
static void port_to_range(uint16_t *ports, uint8_t *invflags, uint32_t op,
			  int port, uint8_t invflag)
{
	if (port < 0)
		return;
	switch (op) {
	case NFT_CMP_NEQ:
		*invflags |= invflag;
		/* fall through */
	case NFT_CMP_EQ:
		ports[0] = ports[1] = (uint16_t)port;
		break;
	case NFT_CMP_LT:
		ports[1] = (uint16_t)(port - 1 > 1 ? port - 1 : 1);
		break;
	case NFT_CMP_LTE:
		ports[1] = (uint16_t)port;
		break;
	case NFT_CMP_GT:
		ports[0] = (uint16_t)(port + 1 < UINT16_MAX ? port + 1
							    : UINT16_MAX);
		break;
	case NFT_CMP_GTE:
		ports[0] = (uint16_t)port;
		break;
	}
}

/* The port ranges of the tcp or udp match the rule's -p calls for: the
 * two lay out their ports alike but number their inversion flags apart. */
struct l4_ports {
	uint16_t *spts, *dpts;
	uint8_t *invflags;
	uint8_t inv_spt, inv_dpt;
};

static bool l4_ports(struct delin *d, struct l4_ports *p)
{
	if (*d->proto == IPPROTO_UDP) {
		struct xt_udp *u = udp_match(d);

		if (!u)
			return false;
		*p = (struct l4_ports){ u->spts, u->dpts, &u->invflags,
					XT_UDP_INV_SRCPT, XT_UDP_INV_DSTPT };
		return true;
	}
	if (*d->proto == IPPROTO_TCP) {
		struct xt_tcp *t = tcp_match(d);

		if (!t)
			return false;
		*p = (struct l4_ports){ t->spts, t->dpts, &t->invflags,
					XT_TCP_INV_SRCPT, XT_TCP_INV_DSTPT };
		return true;
	}
	d->errmsg = "unknown layer 4 protocol for TH match";
	return false;
}

static void th_ports(struct delin *d, int sport, int dport, uint32_t op)
{
	struct l4_ports p;

	if (!l4_ports(d, &p))
		return;
	port_to_range(p.spts, p.invflags, op, sport, p.inv_spt);
	port_to_range(p.dpts, p.invflags, op, dport, p.inv_dpt);
}

static void icmp(struct delin *d, const struct reg *r,
		 const struct nft_xexpr *e)
{
	struct ipt_icmp ic = { .type = UINT8_MAX, .code = { 0, UINT8_MAX } };
	uint32_t len;
	const uint8_t *data = cmp_data(e, &len);
	struct ipt_icmp *m;

	if (!data || len < 1)
		goto bad_len;
	switch (r->off) {
	case 0:
		ic.type = data[0];
		if (len == 1)
			break;
		len--;
		data++;
		/* fall through */
	case 1:
		if (len > 1)
			goto bad_len;
		ic.code[0] = ic.code[1] = data[0];
		break;
	default:
		d->errmsg = "unexpected payload offset";
		return;
	}
	if (d->family == NFC_IPV6 && ic.type == UINT8_MAX) {
		d->errmsg = "icmp6 code with any type match not supported";
		return;
	}
	/* ipt_icmp and ip6t_icmp share their layout */
	m = match_data(d, add_match(d, d->family == NFC_IPV6 ? "icmp6" : "icmp",
				    0, sizeof(*m)));
	if (m)
		*m = ic;
	return;
bad_len:
	d->errmsg = "unexpected RHS data length";
}

static void cmp_transport(struct delin *d, const struct reg *r,
			  const struct nft_xexpr *e)
{
	uint32_t len, op = cmp_op(e);
	uint16_t port;
	uint32_t both;

	cmp_data(e, &len);
	switch (*d->proto) {
	case IPPROTO_UDP:
	case IPPROTO_TCP:
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		icmp(d, r, e);
		return;
	default:
		d->errmsg = "unsupported layer 4 protocol value";
		return;
	}
	if (r->off == 0 && len == sizeof(port)) {
		cmp_copy(e, &port, sizeof(port));
		th_ports(d, ntohs(port), -1, op);
	} else if (r->off == 0 && len == sizeof(both)) {
		cmp_copy(e, &both, sizeof(both));
		both = ntohl(both);
		th_ports(d, (int)(both >> 16), (int)(both & UINT16_MAX), op);
	} else if (r->off == 2 && len == sizeof(port)) {
		cmp_copy(e, &port, sizeof(port));
		th_ports(d, -1, ntohs(port), op);
	} else if (r->off == 13 && len == 1 && *d->proto == IPPROTO_TCP) {
		struct xt_tcp *t = tcp_match(d);

		if (!t)
			return;
		if (op == NFT_CMP_NEQ)
			t->invflags |= XT_TCP_INV_FLAGS;
		cmp_copy(e, &t->flg_cmp, 1);
		t->flg_mask = r->bitwise ? r->mask[0] : UINT8_MAX;
	} else {
		d->oflags |= NFT_DELIN_LOSSY;
	}
}

static void e_cmp(struct delin *d, const struct nft_xexpr *e)
{
	struct reg *r = reg_at(d, nft_x_u32(e, NFTA_CMP_SREG));

	if (!r)
		return;
	switch (r->type) {
	case R_UNDEF:
		d->errmsg = "cmp sreg undef";
		break;
	case R_META:
		cmp_meta(d, r, e);
		break;
	case R_PAYLOAD:
		if (r->base == NFT_PAYLOAD_NETWORK_HEADER) {
			cmp_network(d, r, e);
		} else if (r->base == NFT_PAYLOAD_TRANSPORT_HEADER) {
			cmp_transport(d, r, e);
		} else {
			d->oflags |= NFT_DELIN_LOSSY;
		}
		break;
	default:
		d->errmsg = "cmp sreg has unknown type";
	}
}

static void e_range(struct delin *d, const struct nft_xexpr *e)
{
	struct reg *r = reg_at(d, nft_x_u32(e, NFTA_RANGE_SREG));
	uint32_t lf, lt, op = nft_x_u32(e, NFTA_RANGE_OP);
	const uint16_t *from, *to;
	uint16_t lo, hi, *pts;
	struct l4_ports p;

	if (!r)
		return;
	if (r->type == R_UNDEF) {
		d->errmsg = "range sreg undef";
		return;
	}
	if (r->type != R_PAYLOAD) {
		d->errmsg = "range sreg type unsupported";
		return;
	}
	if (r->base != NFT_PAYLOAD_TRANSPORT_HEADER) {
		d->errmsg = "range with unknown payload base";
		return;
	}
	from = nft_x_data(e, NFTA_RANGE_FROM_DATA, &lf);
	to = nft_x_data(e, NFTA_RANGE_TO_DATA, &lt);
	if (!from || !to || lf != sizeof(*from) || lt != sizeof(*to) ||
	    (r->off != 0 && r->off != 2) ||
	    (*d->proto != IPPROTO_TCP && *d->proto != IPPROTO_UDP)) {
		d->oflags |= NFT_DELIN_LOSSY;
		return;
	}
	lo = ntohs(*from);
	hi = ntohs(*to);
	if (!l4_ports(d, &p))
		return;
	pts = r->off ? p.dpts : p.spts;
	if (op == NFT_RANGE_NEQ)
		*p.invflags |= r->off ? p.inv_dpt : p.inv_spt;
	pts[0] = lo;
	pts[1] = hi;
}

static void e_payload(struct delin *d, const struct nft_xexpr *e)
{
	struct reg *r = dreg(d, e, NFTA_PAYLOAD_DREG);

	if (!r)
		return;
	r->type = R_PAYLOAD;
	r->base = nft_x_u32(e, NFTA_PAYLOAD_BASE);
	r->off = nft_x_u32(e, NFTA_PAYLOAD_OFFSET);
	r->len = nft_x_u32(e, NFTA_PAYLOAD_LEN);
}

static void e_bitwise(struct delin *d, const struct nft_xexpr *e)
{
	uint32_t sreg = nft_x_u32(e, NFTA_BITWISE_SREG);
	uint32_t dreg = nft_x_u32(e, NFTA_BITWISE_DREG);
	struct reg *s = reg_at(d, sreg), *t = reg_at(d, dreg);
	const void *mask;
	uint32_t len;

	if (!s || !t)
		return;
	if (t != s)
		*t = *s;
	mask = nft_x_data(e, NFTA_BITWISE_MASK, &len);
	if (len > REG_BYTES) {
		d->errmsg = "bitwise mask too large";
		return;
	}
	memset(t->mask, 0, sizeof(t->mask));
	if (mask)
		memcpy(t->mask, mask, len);
	t->bitwise = true;
}

static void e_meta(struct delin *d, const struct nft_xexpr *e)
{
	struct reg *r;

	if (!nft_x_is_set(e, NFTA_META_SREG)) {
		r = dreg(d, e, NFTA_META_DREG);
		if (r) {
			r->type = R_META;
			r->key = nft_x_u32(e, NFTA_META_KEY);
		}
		return;
	}
	if (nft_x_u32(e, NFTA_META_KEY) != NFT_META_NFTRACE) {
		d->errmsg = "meta sreg key not supported";
		return;
	}
	r = reg_at(d, nft_x_u32(e, NFTA_META_SREG));
	if (!r)
		return;
	if (r->type != R_IMM)
		d->errmsg = "meta nftrace but reg not immediate";
	else if (r->imm[0] == 0)
		d->errmsg = "trace is cleared";
	else
		d->tkind = T_TRACE;
}

static void e_immediate(struct delin *d, const struct nft_xexpr *e)
{
	const char *chain;
	uint32_t len;
	const void *data = nft_x_data(e, NFTA_IMMEDIATE_DATA, &len);
	int verdict;

	if (data) {
		struct reg *r = dreg(d, e, NFTA_IMMEDIATE_DREG);

		if (!r)
			return;
		if (len > REG_BYTES) {
			d->errmsg = "oversized immediate data";
			return;
		}
		memcpy(r->imm, data, len);
		r->type = R_IMM;
		return;
	}
	/* none at all reads as verdict 0, as libnftnl reads it */
	(void)nft_x_verdict(e, &verdict, &chain);
	switch (verdict) {
	case NF_ACCEPT:
	case NF_DROP:
	case NFT_RETURN:
		d->tkind = T_STD;
		nfc_copy_str(d->tname, sizeof(d->tname),
			     verdict == NF_ACCEPT ? "ACCEPT"
			     : verdict == NF_DROP ? "DROP"
						  : "RETURN");
		break;
	case NFT_GOTO:
	case NFT_JUMP:
		d->go_to = verdict == NFT_GOTO;
		/* with a target already there, iptables-nft keeps it */
		if (d->tkind == T_NONE || d->tkind == T_STD) {
			d->tkind = T_STD;
			nfc_copy_str(d->tname, sizeof(d->tname),
				     chain ? chain : "");
		}
		break;
	default:
		d->oflags |= NFT_DELIN_LOSSY;
	}
}

static void e_xt(struct delin *d, const struct nft_xexpr *e, bool target)
{
	const char *name =
		nft_x_str(e, target ? NFTA_TARGET_NAME : NFTA_MATCH_NAME);
	uint32_t rev = nft_x_u32(e, target ? NFTA_TARGET_REV : NFTA_MATCH_REV);
	uint32_t len;
	const void *info =
		nft_x_raw(e, target ? NFTA_TARGET_INFO : NFTA_MATCH_INFO, &len);
	size_t off;

	if (!name) {
		d->errmsg = target ? "target extension not found"
				   : "match extension not found";
		return;
	}
	if (!info)
		len = 0;
	if (target) {
		d->tkind = T_XT;
		nfc_copy_str(d->tname, sizeof(d->tname), name);
		d->tinfo = info;
		d->tlen = len;
		d->trev = rev;
		return;
	}
	off = add_match(d, name, (uint8_t)rev, len);
	if (off && len)
		memcpy(d->mbuf + off, info, len);
}

/* limit counts rate per unit seconds; xt_limit the average gap between
 * packets, in 1/XT_LIMIT_SCALE seconds. */
static void e_limit(struct delin *d, const struct nft_xexpr *e)
{
	uint64_t unit = nft_x_u64(e, NFTA_LIMIT_UNIT);
	uint64_t rate = nft_x_u64(e, NFTA_LIMIT_RATE);
	struct xt_rateinfo *ri =
		match_data(d, add_match(d, "limit", 0, sizeof(*ri)));

	if (!ri)
		return;
	ri->avg = rate ? (uint32_t)(XT_LIMIT_SCALE * unit / rate) : 0;
	ri->burst = nft_x_u32(e, NFTA_LIMIT_BURST);
}

static void e_log(struct delin *d, const struct nft_xexpr *e)
{
	memset(&d->nflog, 0, sizeof(d->nflog));
	d->nflog.group = nft_x_u16(e, NFTA_LOG_GROUP);
	d->nflog.threshold = nft_x_u16(e, NFTA_LOG_QTHRESHOLD);
	if (nft_x_is_set(e, NFTA_LOG_SNAPLEN)) {
		d->nflog.len = nft_x_u32(e, NFTA_LOG_SNAPLEN);
		d->nflog.flags = XT_NFLOG_F_COPY_LEN;
	}
	if (nft_x_is_set(e, NFTA_LOG_PREFIX))
		snprintf(d->nflog.prefix, sizeof(d->nflog.prefix), "%s",
			 nft_x_str(e, NFTA_LOG_PREFIX));
	d->tkind = T_NFLOG;
}

static enum xkind kind_of(const char *name)
{
	static const struct {
		const char *name;
		enum xkind kind;
	} kinds[] = {
		{ "cmp", X_CMP },
		{ "payload", X_PAYLOAD },
		{ "meta", X_META },
		{ "counter", X_COUNTER },
		{ "immediate", X_IMMEDIATE },
		{ "match", X_MATCH },
		{ "target", X_TARGET },
		{ "bitwise", X_BITWISE },
		{ "range", X_RANGE },
		{ "limit", X_LIMIT },
		{ "log", X_LOG },
		{ "lookup", X_LOOKUP },
	};
	unsigned int i;

	for (i = 0; i < NFC_ARRAY_SIZE(kinds); i++)
		if (strcmp(name, kinds[i].name) == 0)
			return kinds[i].kind;
	return X_OTHER;
}

/* What iptables-nft-save accepts in a table; anything else makes it
 * call the table incompatible. */
static bool compatible(enum xkind k, const struct nft_xexpr *e)
{
	switch (k) {
	case X_OTHER:
		return false;
	case X_LIMIT:
		return nft_x_u32(e, NFTA_LIMIT_TYPE) == NFT_LIMIT_PKTS &&
		       nft_x_u32(e, NFTA_LIMIT_FLAGS) == 0;
	case X_LOG:
		return nft_x_is_set(e, NFTA_LOG_GROUP);
	default:
		return true;
	}
}

static void one_expr(struct delin *d, enum xkind k, const struct nft_xexpr *e)
{
	switch (k) {
	case X_COUNTER:
		d->counters.pcnt = nft_x_u64(e, NFTA_COUNTER_PACKETS);
		d->counters.bcnt = nft_x_u64(e, NFTA_COUNTER_BYTES);
		break;
	case X_PAYLOAD:
		e_payload(d, e);
		break;
	case X_META:
		e_meta(d, e);
		break;
	case X_BITWISE:
		e_bitwise(d, e);
		break;
	case X_CMP:
		e_cmp(d, e);
		break;
	case X_IMMEDIATE:
		e_immediate(d, e);
		break;
	case X_MATCH:
		e_xt(d, e, false);
		break;
	case X_TARGET:
		e_xt(d, e, true);
		break;
	case X_LIMIT:
		e_limit(d, e);
		break;
	case X_LOG:
		e_log(d, e);
		break;
	case X_RANGE:
		e_range(d, e);
		break;
	default:
		d->oflags |= NFT_DELIN_LOSSY; /* lookup: no iptables words */
	}
}

static int udata_cb(const struct nftnl_udata *attr, void *data)
{
	const struct nftnl_udata **tb = data;
	const char *v = nftnl_udata_get(attr);
	uint8_t type = nftnl_udata_type(attr), len = nftnl_udata_len(attr);

	if (type == UDATA_COMMENT && (len == 0 || v[len - 1] != '\0'))
		return -1;
	if (type <= UDATA_MAX)
		tb[type] = attr;
	return 0;
}

/* A comment nft keeps in the rule's user data reads as -m comment. */
static void udata_comment(struct delin *d, const struct nft_xrule *nr)
{
	const struct nftnl_udata *tb[UDATA_MAX + 1] = { 0 };
	struct xt_comment_info *c;

	if (!nr->udata)
		return;
	if (nftnl_udata_parse(nr->udata, nr->udata_len, udata_cb, tb) < 0 ||
	    !tb[UDATA_COMMENT])
		return;
	c = match_data(d, add_match(d, "comment", 0, sizeof(*c)));
	if (c)
		nfc_copy_str(c->comment, sizeof(c->comment),
			     (const char *)nftnl_udata_get(tb[UDATA_COMMENT]));
}

/* The target as it goes into the entry; its size, 0 if too large. */
static size_t put_target(struct delin *d, unsigned char *at, size_t room,
			 bool *standard)
{
	struct xt_entry_target *t = (struct xt_entry_target *)at;
	size_t hdr = XT_ALIGN(sizeof(*t)), size, dlen = 0;
	const void *data = NULL;

	*standard = false;
	switch (d->tkind) {
	case T_NONE:
	case T_STD:
		size = XT_ALIGN(sizeof(struct xt_standard_target));
		*standard = true;
		break;
	case T_XT:
		dlen = d->tlen;
		data = d->tinfo;
		size = hdr + XT_ALIGN(dlen);
		break;
	case T_NFLOG:
		/* the kernel's layout unless the prefix needs more room */
		dlen = strlen(d->nflog.prefix) < NFLOG_PREFIX_KERNEL
			       ? sizeof(struct xt_nflog_info)
			       : sizeof(d->nflog);
		data = &d->nflog;
		size = hdr + XT_ALIGN(dlen);
		snprintf(d->tname, sizeof(d->tname), "NFLOG");
		break;
	case T_TRACE:
	default:
		size = hdr;
		snprintf(d->tname, sizeof(d->tname), "TRACE");
		break;
	}
	if (size > room)
		return 0;
	memset(t, 0, size);
	t->u.user.target_size = (uint16_t)size;
	nfc_copy_str(t->u.user.name, sizeof(t->u.user.name),
		     d->tkind == T_NONE ? "" : d->tname);
	t->u.user.revision = (uint8_t)d->trev;
	if (data && dlen)
		memcpy(t->data, data, dlen);
	return size;
}

static int assemble(struct delin *d, struct nfc_rule **out)
{
	size_t hdr = (size_t)(d->mbuf - d->entry), tsize, total;
	bool standard;
	struct nfc_rule *r;

	tsize = put_target(d, d->mbuf + d->mlen, d->mmax - d->mlen, &standard);
	if (!tsize)
		return -E2BIG;
	total = hdr + d->mlen + tsize;
	if (d->go_to)
		*d->flags |= d->family == NFC_IPV6 ? IP6T_F_GOTO : IPT_F_GOTO;
	if (d->family == NFC_IPV6) {
		struct ip6t_entry *e = (struct ip6t_entry *)d->hdr;

		e->target_offset = (uint16_t)(hdr + d->mlen);
		e->next_offset = (uint16_t)total;
		e->counters = d->counters;
	} else {
		struct ipt_entry *e = (struct ipt_entry *)d->hdr;

		e->target_offset = (uint16_t)(hdr + d->mlen);
		e->next_offset = (uint16_t)total;
		e->counters = d->counters;
	}
	memcpy(d->entry, d->hdr, hdr);
	r = rule_new(d->family, d->entry, total, NULL);
	if (!r)
		return -ENOMEM;
	if (standard)
		r->flags |= NFC_RULE_STANDARD;
	*out = r;
	return 0;
}

struct delin *nft_delin_new(void)
{
	return malloc(sizeof(struct delin) + ENTRY_MAX);
}

void nft_delin_free(struct delin *ws)
{
	free(ws);
}

/* Like iptables-nft, judge the whole rule before reading any of it; the
 * first XEXPRS_KEPT expressions are kept parsed for the reading. */
static int check_rule(struct delin *d, const struct nft_xrule *nr)
{
	const struct nlattr *it = NULL;
	struct nft_xexpr e;
	unsigned int n = 0;
	int ret;

	while ((ret = nft_xrule_next(nr, &it, &e)) > 0) {
		enum xkind k = kind_of(e.name);

		if (!compatible(k, &e))
			d->incompatible = true;
		if (n < XEXPRS_KEPT) {
			d->x[n] = e;
			d->xk[n] = k;
		}
		n++;
	}
	d->nx = n;
	return ret;
}

int nft_delinearize(struct delin *d, const struct nft_xrule *nr,
		    enum nfc_family family, struct nfc_rule **out,
		    unsigned int *flags, char *msg, size_t msglen)
{
	size_t hdr = family == NFC_IPV6 ? sizeof(struct ip6t_entry)
				       : sizeof(struct ipt_entry);
	const struct nlattr *it = NULL;
	unsigned int i, skip = 0;
	struct nft_xexpr e;

	*out = NULL;
	*flags = 0;
	/* only the state starts over; the entry is written as it grows */
	memset(d, 0, offsetof(struct delin, nx));
	d->mbuf = d->entry + hdr;
	d->mmax = ENTRY_MAX - hdr;
	set_family(d, family);
	if (check_rule(d, nr) < 0) {
		snprintf(msg, msglen, "malformed expression");
		return -EINVAL;
	}
	for (i = 0; i < d->nx && !d->incompatible && !d->errmsg; i++) {
		if (i < XEXPRS_KEPT) {
			one_expr(d, d->xk[i], &d->x[i]);
			continue;
		}
		/* beyond those kept: parse again where they lie */
		while (skip < XEXPRS_KEPT && nft_xrule_next(nr, &it, &e) > 0)
			skip++;
		if (nft_xrule_next(nr, &it, &e) <= 0)
			break;
		one_expr(d, kind_of(e.name), &e);
	}
	if (d->incompatible) {
		snprintf(msg, msglen, "the rule uses expressions iptables cannot express");
		return -EPROTONOSUPPORT;
	}
	if (!d->errmsg)
		udata_comment(d, nr);
	if (d->errmsg) {
		snprintf(msg, msglen, "%s", d->errmsg);
		return -EINVAL;
	}
	*flags = d->oflags;
	if (assemble(d, out) == -E2BIG) {
		snprintf(msg, msglen, "rule too large");
		return -E2BIG;
	}
	return *out ? 0 : -ENOMEM;
}
