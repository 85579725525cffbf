/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * State the nf_tables backend keeps between calls of one command: the
 * socket, the ruleset generation the images were read at, and what each
 * table held when read (rule handles), so that --noflush sends only the
 * difference.  Private to backend_nft.c and nft_commit.c.
 */
#ifndef NFC_NFT_PRIV_H
#define NFC_NFT_PRIV_H

#include <linux/netfilter.h>

#include "backend.h"
#include "nft_nl.h"

/* A kernel rule as read: the image's entry for it and how to find it. */
struct nft_stage;

struct nft_krule {
	const struct nfc_rule *rule;
	uint64_t handle;
	uint64_t hash;  /* of the entry as read, to see later edits */
	bool lossy;     /* iptables cannot say all it does: never rewrite */
};

struct nft_kchain {
	char name[NFC_NAME_MAX];
	bool base;
	struct nft_krule *rules;
	unsigned int nrules, cap;
};

struct nft_ktable {
	enum nfc_family family;
	char name[NFC_NAME_MAX];
	bool exists;
	/* what iptables-nft-save would say about it */
	bool incompatible; /* a rule uses expressions iptables lacks */
	bool undecodable;  /* a rule could not be read */
	bool tainted;      /* a base chain is not laid out as iptables' */
	char why[128];     /* why a rule could not be read */
	struct nft_kchain *chains;
	unsigned int nchains, cap;
};

struct nft_priv {
	struct nft_nl nl;
	bool have_genid;
	uint32_t genid;
	struct nft_ktable *read; /* tables read for a commit */
	unsigned int nread;
	/* images emptied by flush_image: replaced whole at commit */
	const struct nfc_table **flushed;
	unsigned int nflushed, flushed_cap;
	/* apply's staged layout for the next commit (nft_stage.h), or NULL */
	const struct nft_stage *stage;
};

static inline struct nft_priv *nft_priv(struct nfc_backend *b)
{
	return b->priv;
}

static inline uint8_t nfproto_of(enum nfc_family family)
{
	return family == NFC_IPV6 ? NFPROTO_IPV6 : NFPROTO_IPV4;
}

uint64_t nft_rule_hash(const struct nfc_rule *r);
struct nft_ktable *nft_ktable_find(struct nft_priv *p, enum nfc_family family,
				   const char *name);
bool nft_was_flushed(const struct nft_priv *p, const struct nfc_table *img);
int nft_need_genid(struct nfc_backend *b);
/* Forget the generation and everything read: the next command starts
 * afresh. */
void nft_forget(struct nft_priv *p);

/* Build the batch for imgs and send it; commit false checks only. */
int nft_commit_images(struct nfc_backend *b, struct nfc_table **imgs,
		      unsigned int n, struct nfc_diags *d, bool commit);

#endif
