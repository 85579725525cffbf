/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A rule as nf_tables expressions, exactly as iptables-nft 1.8.9 encodes
 * it, so that iptables-nft-save reads back what nfcommit wrote:
 *
 *   iifname, oifname, meta l4proto, saddr, daddr, fragment  (in that order,
 *   native payload/meta + bitwise + cmp), then per match either a native
 *   encoding (tcp and udp ports and flags, mark, limit) or an xt "match"
 *   expression carrying the libxtables blob, a counter, and the action:
 *   an immediate verdict for ACCEPT, DROP, RETURN and jumps/gotos, a native
 *   log for NFLOG, meta nftrace for TRACE, or an xt "target" expression.
 *   NFTA_RULE_COMPAT carries -p for the xt extensions' checks.
 */
#ifndef NFC_NFT_LINEARIZE_H
#define NFC_NFT_LINEARIZE_H

#include <stddef.h>
#include <libmnl/libmnl.h>

#include "rule.h"

/*
 * Add NFTA_RULE_EXPRESSIONS and NFTA_RULE_COMPAT for r to the message nlh
 * (which has room for NFT_BATCH_MSG_MAX bytes).  Returns 0, or -EINVAL
 * (the rule cannot be encoded, e.g. "-m tcp" without "-p tcp") or -E2BIG
 * with the reason in msg.
 */
int nft_linearize(struct nlmsghdr *nlh, const struct nfc_rule *r, char *msg,
		  size_t msglen);

/* The same, with the chain a jump or goto names passed through map (the
 * name that chain has in the kernel for now: see nft_stage.h). */
typedef const char *(*nft_chain_map)(const void *arg, const char *name);
int nft_linearize_mapped(struct nlmsghdr *nlh, const struct nfc_rule *r,
			 nft_chain_map map, const void *map_arg, char *msg,
			 size_t msglen);

#endif
