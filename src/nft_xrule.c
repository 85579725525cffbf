// SPDX-License-Identifier: GPL-2.0-or-later
#include <endian.h>
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>

#include "nft_xrule.h"

/* libmnl's iteration, inline: these loops run for every attribute of
 * every rule of a dump. */
#define ATTR_LEN(a) ((a)->nla_len)
#define for_each_attr(a, start, len)                                           \
	for ((a) = (const struct nlattr *)(start);                             \
	     attr_ok((a), (const char *)(start) + (len));                      \
	     (a) = (const struct nlattr *)((const char *)(a) +                 \
					   MNL_ALIGN(ATTR_LEN(a))))
#define for_each_nested(a, nest)                                               \
	for_each_attr(a, payload(nest),                                        \
		      (size_t)ATTR_LEN(nest) - MNL_ATTR_HDRLEN)

static inline bool attr_ok(const struct nlattr *a, const char *end)
{
	return (const char *)a + sizeof(*a) <= end &&
	       ATTR_LEN(a) >= sizeof(*a) &&
	       (const char *)a + ATTR_LEN(a) <= end;
}

static inline uint16_t attr_type(const struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}

static inline const void *payload(const struct nlattr *a)
{
	return (const char *)a + MNL_ATTR_HDRLEN;
}

static inline uint16_t payload_len(const struct nlattr *a)
{
	return (uint16_t)(a->nla_len - MNL_ATTR_HDRLEN);
}

static const char *str_of(const struct nlattr *a)
{
	const char *s = payload(a);
	uint16_t len = payload_len(a);

	return len && s[len - 1] == '\0' ? s : NULL;
}

int nft_xrule_parse(const struct nlmsghdr *nlh, struct nft_xrule *r)
{
	const struct nlattr *a;

	memset(r, 0, sizeof(*r));
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(struct nfgenmsg)))
		return -EINVAL;
	for_each_attr(a,
		      (const char *)mnl_nlmsg_get_payload(nlh) +
			      MNL_ALIGN(sizeof(struct nfgenmsg)),
		      nlh->nlmsg_len - MNL_NLMSG_HDRLEN -
			      MNL_ALIGN(sizeof(struct nfgenmsg)))
	{
		switch (attr_type(a)) {
		case NFTA_RULE_TABLE:
			r->table = str_of(a);
			break;
		case NFTA_RULE_CHAIN:
			r->chain = str_of(a);
			break;
		case NFTA_RULE_HANDLE:
			if (payload_len(a) != sizeof(uint64_t))
				return -EINVAL;
			memcpy(&r->handle, payload(a), sizeof(r->handle));
			r->handle = be64toh(r->handle);
			break;
		case NFTA_RULE_EXPRESSIONS:
			r->exprs = a;
			break;
		case NFTA_RULE_USERDATA:
			r->udata = payload(a);
			r->udata_len = payload_len(a);
			break;
		}
	}
	return 0;
}

int nft_xexpr_parse(const struct nlattr *elem, struct nft_xexpr *e)
{
	const struct nlattr *a, *data = NULL;

	memset(e, 0, sizeof(*e));
	if (attr_type(elem) != NFTA_LIST_ELEM)
		return -EINVAL;
	for_each_nested(a, elem)
	{
		if (attr_type(a) == NFTA_EXPR_NAME)
			e->name = str_of(a);
		else if (attr_type(a) == NFTA_EXPR_DATA)
			data = a;
	}
	if (!e->name)
		return -EINVAL;
	if (data)
		for_each_nested(a, data)
		{
			uint16_t t = attr_type(a);

			if (t <= NFT_XATTR_MAX)
				e->tb[t] = a;
		}
	return 0;
}

int nft_xrule_next(const struct nft_xrule *r, const struct nlattr **it,
		   struct nft_xexpr *e)
{
	const char *end;
	const struct nlattr *a;

	if (!r->exprs)
		return 0;
	end = (const char *)r->exprs + r->exprs->nla_len;
	a = *it ? (const struct nlattr *)((const char *)*it +
					  MNL_ALIGN((*it)->nla_len))
		: payload(r->exprs);
	if (!attr_ok(a, end))
		return 0;
	*it = a;
	return nft_xexpr_parse(a, e) < 0 ? -EINVAL : 1;
}

static const struct nlattr *get(const struct nft_xexpr *e, uint16_t type,
				uint16_t len)
{
	const struct nlattr *a = type <= NFT_XATTR_MAX ? e->tb[type] : NULL;

	return a && payload_len(a) >= len ? a : NULL;
}

bool nft_x_is_set(const struct nft_xexpr *e, uint16_t type)
{
	return get(e, type, 0) != NULL;
}

uint16_t nft_x_u16(const struct nft_xexpr *e, uint16_t type)
{
	const struct nlattr *a = get(e, type, sizeof(uint16_t));

	uint16_t v;

	if (!a)
		return 0;
	memcpy(&v, payload(a), sizeof(v));
	return ntohs(v);
}

uint32_t nft_x_u32(const struct nft_xexpr *e, uint16_t type)
{
	const struct nlattr *a = get(e, type, sizeof(uint32_t));

	uint32_t v;

	if (!a)
		return 0;
	memcpy(&v, payload(a), sizeof(v));
	return ntohl(v);
}

uint64_t nft_x_u64(const struct nft_xexpr *e, uint16_t type)
{
	const struct nlattr *a = get(e, type, sizeof(uint64_t));

	uint64_t v;

	if (!a)
		return 0;
	memcpy(&v, payload(a), sizeof(v));
	return be64toh(v);
}

const char *nft_x_str(const struct nft_xexpr *e, uint16_t type)
{
	const struct nlattr *a = get(e, type, 1);

	return a ? str_of(a) : NULL;
}

const void *nft_x_raw(const struct nft_xexpr *e, uint16_t type, uint32_t *len)
{
	const struct nlattr *a = get(e, type, 0);

	*len = a ? payload_len(a) : 0;
	return a ? payload(a) : NULL;
}

static const struct nlattr *nested(const struct nlattr *a, uint16_t type)
{
	const struct nlattr *n;

	for_each_nested(n, a)
	{
		if (attr_type(n) == type)
			return n;
	}
	return NULL;
}

const void *nft_x_data(const struct nft_xexpr *e, uint16_t type, uint32_t *len)
{
	const struct nlattr *a = get(e, type, 0);
	const struct nlattr *v = a ? nested(a, NFTA_DATA_VALUE) : NULL;

	*len = v ? payload_len(v) : 0;
	return v ? payload(v) : NULL;
}

bool nft_x_verdict(const struct nft_xexpr *e, int *code, const char **chain)
{
	const struct nlattr *a = get(e, NFTA_IMMEDIATE_DATA, 0);
	const struct nlattr *v = a ? nested(a, NFTA_DATA_VERDICT) : NULL;
	const struct nlattr *c;
	uint32_t be;

	*code = 0;
	*chain = NULL;
	if (!v)
		return false;
	c = nested(v, NFTA_VERDICT_CODE);
	if (c && payload_len(c) >= sizeof(be)) {
		memcpy(&be, payload(c), sizeof(be));
		*code = (int)ntohl(be);
	}
	c = nested(v, NFTA_VERDICT_CHAIN);
	if (c)
		*chain = str_of(c);
	return true;
}
