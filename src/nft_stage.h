/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * apply on nf_tables: a layout that makes the rollback cheap.
 *
 * Putting a snapshot back means the kernel makes every old rule again,
 * and for 10k rules that alone takes longer than apply's rollback may.
 * So apply does not delete the old rules: in each table that exists, the
 * new rules go in front of them, behind them a marker rule ends every base
 * chain with the new policy, and the old rules stay where they are,
 * unreachable, with their handles and counters.  New user chains whose
 * names the old ruleset still uses get a stand-in name until confirm.
 *
 *   rollback: delete the new rules, the markers and the new chains, put
 *             the old policies back: the old objects were never touched,
 *             so what is live is the snapshot, to the counter;
 *   confirm:  delete the markers, the old rules and chains, and give the
 *             new chains their names.
 *
 * Both are one batch guarded by the generation the plan was made at: if
 * anyone else changed the ruleset in the window, the batch is refused and
 * the caller falls back (rollback: the snapshot; confirm: the new rules
 * committed again).  Tables that hold what this layout cannot keep aside
 * (sets, stateful objects, flowtables, chains nft made under the built-in
 * names with other hooks) are not staged: apply replaces them as restore
 * does, and rollback puts the snapshot back.
 */
#ifndef NFC_NFT_STAGE_H
#define NFC_NFT_STAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "backend.h"
#include "snapshot_nft.h"

#define NFT_STAGE_NAME_MAX 256 /* NFT_NAME_MAXLEN */
/* A stand-in name stays within what iptables accepts as a chain name. */
#define NFT_STAGE_ASIDE_MAX 29
#define NFT_STAGE_MARKER_MAX 160

enum nft_stage_kind {
	NFT_STAGE_BASE,	    /* a base chain of both: new rules, marker, old */
	NFT_STAGE_BASE_NEW, /* a base chain only the new ruleset has */
	NFT_STAGE_INERT, /* a base chain only the old one has: marker accepts */
	NFT_STAGE_USER_NEW, /* a user chain of the new ruleset */
	NFT_STAGE_USER_OLD, /* a user chain of the old ruleset */
};

struct nft_stage_chain {
	enum nft_stage_kind kind;
	char name[NFT_STAGE_NAME_MAX];	 /* its name in its own ruleset */
	char aside[NFT_STAGE_ASIDE_MAX]; /* USER_NEW: name in the window, or ""
					  */
	uint64_t handle;		 /* USER_NEW with aside (collected) */
	uint32_t old_policy;		 /* BASE, INERT: NF_ACCEPT or NF_DROP */
	bool old_counters;		 /* BASE, INERT: policy counters */
	uint64_t old_pkts, old_bytes;
	unsigned int nnew; /* BASE: rules put in front */
	uint64_t *newh;	   /* BASE: their handles (collected) */
	uint64_t marker;   /* BASE, INERT: the marker's handle (collected) */
	unsigned int nold; /* BASE: the old rules behind the marker */
	uint64_t *oldh;	   /* their handles (from the snapshot) */
};

struct nft_stage_table {
	uint8_t nfproto;
	char name[NFT_STAGE_NAME_MAX];
	bool created; /* the table did not exist: made, and deleted on rollback
		       */
	struct nft_stage_chain *c;
	unsigned int n, cap;
	unsigned int *slot; /* chains by name (index + 1): kube-proxy tables */
	unsigned int mask;  /* have tens of thousands */
};

struct nft_stage {
	uint32_t genid; /* the snapshot's, then (collected) the one after */
	bool collected; /* handles known: rollback and confirm may use it */
	char marker[NFT_STAGE_MARKER_MAX]; /* the marker rules' comment */
	struct nft_stage_table *t;
	unsigned int n;
};

/*
 * Plan the layout for committing imgs[0..n) over the tables of snapshot s
 * (which holds every table the images name).  id names the transaction
 * in the marker.  Returns 0 with *out set, or NULL when a table cannot be
 * staged (then apply replaces the tables); -ENOMEM.
 */
int nft_stage_plan(const struct nft_snapshot *s, struct nfc_table **imgs,
		   unsigned int n, const char *id, struct nft_stage **out);

const struct nft_stage_table *nft_stage_table_find(const struct nft_stage *st,
						   uint8_t nfproto,
						   const char *name);
/* The entry of a chain the new ruleset has (BASE, BASE_NEW, USER_NEW). */
const struct nft_stage_chain *
nft_stage_new_chain(const struct nft_stage_table *t, const char *name);

/* Make the nft backend b commit its next images this way, against the
 * snapshot's generation.  The plan must outlive the commit. */
void nft_stage_arm(struct nfc_backend *b, const struct nft_stage *st);

/* After the commit: learn the handles the kernel gave.  Returns 0, or
 * -ERESTART when someone else committed meanwhile (the plan is then not
 * usable), or -errno. */
int nft_stage_collect(struct nfc_backend *b, struct nft_stage *st);

/* Rollback and confirm, one batch each.  Return 0, -ERESTART when the
 * ruleset changed since the plan was collected, or -errno; b->err says
 * why. */
int nft_stage_rollback(struct nfc_backend *b, const struct nft_stage *st);
int nft_stage_confirm(struct nfc_backend *b, const struct nft_stage *st);

/* A plan as text for the journal (private format, one object a line),
 * and back.  Return 0 or -errno (-EINVAL: not a plan). */
int nft_stage_format(const struct nft_stage *st, char **text, size_t *len);
int nft_stage_parse(const char *text, size_t len, struct nft_stage **out);

void nft_stage_free(struct nft_stage *st);

#endif
