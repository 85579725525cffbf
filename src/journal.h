/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * apply's journal: the record of the pending transaction (a small
 * KEY=value text file, fsynced before the commit), and the log of every
 * transaction's outcome (JSON lines in the journal directory, and syslog).
 */
#ifndef NFC_JOURNAL_H
#define NFC_JOURNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define TXN_ID_LEN 16
#define TXN_PATH_MAX 4096
#define TXN_WHO_MAX 256

enum txn_state {
	TXN_PENDING,
	TXN_CONFIRMED,
	TXN_ROLLED_BACK,
	TXN_ROLLBACK_FAILED,
	TXN_ABORTED,    /* the commit itself failed: nothing changed */
	TXN_SUPERSEDED, /* panic or flush replaced it: no rollback over them */
};

struct txn_record {
	char id[TXN_ID_LEN + 1];
	enum txn_state state;
	char backend[16];
	char file4[TXN_PATH_MAX]; /* "" when that family is not involved */
	char file6[TXN_PATH_MAX];
	char who[TXN_WHO_MAX];    /* user, uid, SSH client, terminal */
	int64_t started;          /* wall clock, seconds */
	int64_t deadline;         /* wall clock, seconds */
	pid_t guardian;           /* 0 until the guardian reports in */
	bool persist;
	char reason[256];         /* how it ended */
	/* Not kept in the record: when a rollback had the old rules live
	 * again (wall clock, milliseconds; 0: no such moment), for the
	 * journal line of the event that follows. */
	int64_t live_ms;
};

/* File names inside the journal directory. */
#define TXN_PENDING_FILE "pending"
#define TXN_LAST_FILE "last"
#define TXN_SNAPSHOT_FILE "snapshot"  /* images before the commit */
#define TXN_NEW_FILE "new"            /* images committed */
#define TXN_STAGE_FILE "stage.nft"    /* nf_tables staged layout (nft_stage.h) */
#define TXN_NEW_TEXT4 "new.v4"        /* the rules as given, for --persist */
#define TXN_NEW_TEXT6 "new.v6"
#define TXN_LOG_FILE "journal.log"
/* The live ruleset before the commit, saved when the file applied is the
 * configured boot file: what boot loads instead of that file when the
 * transaction was never confirmed. */
#define TXN_BOOT_BEFORE4 "boot-before.v4"
#define TXN_BOOT_BEFORE6 "boot-before.v6"

const char *txn_state_name(enum txn_state s);
int txn_record_write(int dirfd, const char *name, const struct txn_record *r);
/* 0, -ENOENT when there is no such record, -EPROTO when it is corrupt. */
int txn_record_read(int dirfd, const char *name, struct txn_record *r);

/* The wall clock in milliseconds, as the journal's lines give it. */
int64_t txn_wall_ms(void);
/* Log an outcome to syslog and append it to the journal log. */
void txn_log(int dirfd, const struct txn_record *r, const char *event,
	     const char *detail);

/* A fresh random transaction id. */
void txn_new_id(char id[TXN_ID_LEN + 1]);

#endif
