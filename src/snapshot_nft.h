/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Snapshots of nf_tables tables, for rollback (apply).
 *
 * A snapshot holds a set of tables exactly as the kernel has them: the
 * table, its chains (with policies and policy counters), rules (with
 * counters, and also rules iptables cannot express), sets and their
 * elements, stateful objects and flowtables, all as the kernel's own
 * netlink objects, taken at one ruleset generation.  Restoring puts every
 * table back in one transaction: each table is deleted and made again
 * from the snapshot; a table that did not exist when the snapshot was
 * taken is deleted.  Tables not in the snapshot are never touched.
 *
 * `nft list ruleset` after taking a snapshot, changing the tables and
 * restoring it prints the same bytes as before.  Limits: a table made
 * again goes to the end of the kernel's table list (so the listing order
 * is the same only if the snapshot's tables were last, or are all the
 * tables); set elements' remaining timeouts restart; an owner flag
 * (NFT_TABLE_F_OWNER) is not restored; chains bound to a rule (nft's
 * "jump { ... }") are not supported.
 */
#ifndef NFC_SNAPSHOT_NFT_H
#define NFC_SNAPSHOT_NFT_H

#include <stdint.h>

#include "backend.h"

struct nft_snapshot;

/* A table: its nf_tables family (NFPROTO_IPV4 = 2, NFPROTO_IPV6 = 10,
 * NFPROTO_INET = 1, ...) and name. */
struct nft_table_id {
	uint8_t nfproto;
	const char *name;
};

/* The nf_tables family of an iptables family. */
uint8_t nft_snapshot_family(enum nfc_family family);

/*
 * Capture the tables ids[0..n) through b (which must be the nft backend).
 * Returns 0 with *out set, or -errno with b->err set.
 */
int nft_snapshot_take(struct nfc_backend *b, const struct nft_table_id *ids,
		      unsigned int n, struct nft_snapshot **out);

/* Capture the tables that imgs[0..n) name (what a commit of the images
 * would change). */
int nft_snapshot_take_images(struct nfc_backend *b, struct nfc_table **imgs,
			     unsigned int n, struct nft_snapshot **out);

/*
 * Put the snapshot's tables back, in one transaction.  Retries a few
 * times when another program changes the ruleset meanwhile.  Returns 0,
 * -ERESTART when it kept changing, or -errno; b->err says why.
 */
int nft_snapshot_restore(struct nfc_backend *b, const struct nft_snapshot *s);

void nft_snapshot_free(struct nft_snapshot *s);

/* Number of tables in the snapshot, and whether table i existed. */
unsigned int nft_snapshot_ntables(const struct nft_snapshot *s);
struct nft_table_id nft_snapshot_table(const struct nft_snapshot *s,
				       unsigned int i, bool *existed);

/* The generation a snapshot was taken at (0 for one read from a file). */
uint32_t nft_snapshot_genid(const struct nft_snapshot *s);

/* The index of a table in the snapshot, or -1. */
int nft_snapshot_find(const struct nft_snapshot *s, uint8_t nfproto,
		      const char *name);

/* Call cb on each kernel dump message kept for table i (table, chains,
 * objects, flowtables, sets, elements, rules, in that order); stops at
 * the first nonzero return, which it returns. */
struct nlmsghdr;
int nft_snapshot_each(const struct nft_snapshot *s, unsigned int i,
		      int (*cb)(const struct nlmsghdr *nlh, void *arg),
		      void *arg);

/* Keep a snapshot in a file (for a rollback after a crash) and read it
 * back.  The format is private to this version of nfcommit.  Return 0 or
 * -errno. */
int nft_snapshot_write(const struct nft_snapshot *s, int fd);
int nft_snapshot_read(int fd, struct nft_snapshot **out);

#endif
