/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Transactions above the backends: snapshot, journal, confirm and
 * rollback.  Nothing here knows rule syntax; it moves table images.
 */
#ifndef NFC_TXN_H
#define NFC_TXN_H

#include "backend.h"
#include "journal.h"
#include "statedir.h"

/* Exit codes of apply, confirm and rollback (see nfcommit(8)). */
enum txn_exit {
	TXN_EXIT_CONFIRMED = 0,
	TXN_EXIT_ROLLED_BACK = 3, /* timeout or refusal */
	TXN_EXIT_PROBE_FAILED = 5,
	TXN_EXIT_ROLLBACK_FAILED = 6,
};

/* A rollback that finds the xtables lock held waits this long, then goes
 * ahead anyway: an unreachable machine is worse than a racing writer. */
#define TXN_ROLLBACK_LOCK_WAIT 30
/* A guardian that has not reported in after this long counts as dead. */
#define TXN_GUARDIAN_GRACE 10
/* The nf_tables backend snapshots native objects (rules iptables cannot
 * express included) into this journal file. */
#define TXN_SNAPSHOT_NFT_FILE "snapshot.nft"
/* Set to 0, apply on nf_tables replaces the tables as restore does
 * instead of staging them (nft_stage.h); rollback then puts the snapshot
 * back.  For tests of that path. */
#define TXN_STAGE_ENV "NFCOMMIT_NFT_STAGE"

struct nft_stage;

/* What apply hands to the before-commit hook. */
struct txn_begin {
	struct nfc_statedir *sd;
	struct txn_record rec;
	const char *text4, *text6; /* the rules as given, NULL if absent */
	int timeout_s;
	/* Refuse rules that would drop the caller's SSH session (the flow
	 * from $SSH_CONNECTION), unless yes_i_know. */
	bool yes_i_know;
	struct nft_stage *stage; /* nf_tables: the staged layout, owned */
	char err[512];
};

/* Serialise transaction state changes between processes. */
int txn_lock(const struct nfc_statedir *sd);
void txn_unlock(int fd);

/* engine_opts.before_commit for apply: snapshot every table of the
 * families involved, write the journal record, fsync it all. */
int txn_before_commit(struct nfc_backend *b, struct nfc_table **imgs,
		      unsigned int n, void *arg);

/* engine_opts.after_commit for apply: record what the kernel made of a
 * staged commit (nft_stage.h), so that rollback is one cheap batch. */
void txn_after_commit(struct nfc_backend *b, void *arg);
/* What txn_before_commit left in tb. */
void txn_begin_release(struct txn_begin *tb);

/* Put the snapshot back (caller holds the txn lock).  why goes to the log.
 * Returns TXN_EXIT_ROLLED_BACK or TXN_EXIT_ROLLBACK_FAILED. */
int txn_rollback_locked(struct nfc_statedir *sd, struct txn_record *r,
			const char *why);
/* Record a pending transaction as rolled back without touching the
 * kernel: at boot, where the kernel holds nothing of it any more. */
void txn_abandon_locked(struct nfc_statedir *sd, struct txn_record *r,
			const char *why);
/* Keep the new rules (caller holds the txn lock). */
int txn_confirm_locked(struct nfc_statedir *sd, struct txn_record *r,
		       bool persist, char *msg, size_t msglen);

/*
 * Called by every command that may change or report the ruleset: if a
 * transaction is pending and its deadline has passed or its guardian is
 * gone, roll it back now.  Returns 0 when nothing was pending or it was
 * handled, or TXN_EXIT_ROLLBACK_FAILED.
 */
int txn_recover(const char *who);

/* panic and flush end a pending transaction without rolling it back:
 * a timer must never undo an emergency.  Returns 0 or -errno. */
int txn_supersede(const char *by);

/* Is the guardian named in r alive? */
bool txn_guardian_alive(const struct txn_record *r);

/* apply holds this lock (in the run directory) from before it writes its
 * record until it exits: a pending record with no guardian yet belongs to
 * a live apply only while the lock is held.  Returns the fd or -errno. */
int txn_apply_hold(const struct nfc_statedir *sd);

#endif
