/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A kernel rule message read where it lies in the dump, without libnftnl
 * objects: a save of 50000 rules spent half its time building and
 * freeing nftnl_rule and nftnl_expr objects (and finding each
 * expression's type by name) only to read a few numbers back.
 * The accessors answer as libnftnl's getters do: values in host order,
 * 0 or NULL for an attribute the kernel did not send.
 */
#ifndef NFC_NFT_XRULE_H
#define NFC_NFT_XRULE_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct nft_xrule {
	const char *table, *chain; /* NULL when absent */
	uint64_t handle;
	const struct nlattr *exprs; /* NFTA_RULE_EXPRESSIONS, or NULL */
	const void *udata;	    /* NFTA_RULE_USERDATA, or NULL */
	uint32_t udata_len;
};

/* Attribute types above this are not read by anything iptables knows. */
#define NFT_XATTR_MAX 15

struct nft_xexpr {
	const char *name;
	const struct nlattr *tb[NFT_XATTR_MAX + 1]; /* of NFTA_EXPR_DATA */
};

/* Returns 0, or -EINVAL when nlh is no well-formed rule message. */
int nft_xrule_parse(const struct nlmsghdr *nlh, struct nft_xrule *r);
/* One NFTA_LIST_ELEM of r->exprs.  Returns 0 or -EINVAL. */
int nft_xexpr_parse(const struct nlattr *elem, struct nft_xexpr *e);
/* The expressions of r in order: start with *it NULL; returns 1 with e
 * filled, 0 after the last, -EINVAL for a malformed one. */
int nft_xrule_next(const struct nft_xrule *r, const struct nlattr **it,
		   struct nft_xexpr *e);

bool nft_x_is_set(const struct nft_xexpr *e, uint16_t type);
uint16_t nft_x_u16(const struct nft_xexpr *e, uint16_t type);
uint32_t nft_x_u32(const struct nft_xexpr *e, uint16_t type);
uint64_t nft_x_u64(const struct nft_xexpr *e, uint16_t type);
/* A NUL-terminated string attribute, else NULL. */
const char *nft_x_str(const struct nft_xexpr *e, uint16_t type);
/* The bytes of an attribute as sent (match and target info). */
const void *nft_x_raw(const struct nft_xexpr *e, uint16_t type, uint32_t *len);
/* The NFTA_DATA_VALUE inside a data attribute (cmp, bitwise, range,
 * immediate); NULL for a verdict or nothing. */
const void *nft_x_data(const struct nft_xexpr *e, uint16_t type, uint32_t *len);
/* The verdict inside NFTA_IMMEDIATE_DATA: its code, and its chain (NULL
 * when it names none).  False when the immediate holds no verdict. */
bool nft_x_verdict(const struct nft_xexpr *e, int *code, const char **chain);

#endif
