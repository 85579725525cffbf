/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A kernel rule (nf_tables expressions) back into an iptables entry, the
 * way iptables-nft-save 1.8.9 reads it: native payload/meta/cmp/bitwise/
 * range for the header fields and for tcp, udp, icmp, mark, pkttype,
 * ttl/hl, limit, log (NFLOG) and nftrace (TRACE); xt match and target
 * expressions give back their blobs; a comment in the rule's user data
 * becomes a comment match.  Needs no kernel and no libxtables.
 */
#ifndef NFC_NFT_DELINEARIZE_H
#define NFC_NFT_DELINEARIZE_H

#include <stddef.h>

#include "nft_xrule.h"
#include "rule.h"

enum nft_delin_flags {
	/* Expressions were left out because iptables has no words for
	 * them (a set lookup, an odd verdict): the entry does not say all
	 * the rule does, so it must never be written back in its place. */
	NFT_DELIN_LOSSY = 1 << 0,
};

/* Room to decode rules in, reused from one rule to the next (a rule may
 * take 64 KiB while it is put together). */
struct delin;
struct delin *nft_delin_new(void);
void nft_delin_free(struct delin *ws);

/*
 * Decode nr (a rule of family's table) into *out, using ws.  Returns 0;
 * -EPROTONOSUPPORT when the rule uses an expression iptables-nft does not
 * know (iptables-nft-save then calls the whole table incompatible);
 * -EINVAL when it cannot be decoded (msg says why, in iptables-nft's
 * words); -ENOMEM.  *flags gets enum nft_delin_flags.
 */
int nft_delinearize(struct delin *ws, const struct nft_xrule *nr,
		    enum nfc_family family, struct nfc_rule **out,
		    unsigned int *flags, char *msg, size_t msglen);

#endif
