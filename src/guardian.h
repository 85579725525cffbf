/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rollback guardian: a process outside the caller's session, process
 * group and terminal, that puts the snapshot back at the deadline unless
 * the transaction was confirmed.  On hosts booted with systemd it runs as
 * a transient unit, so that a login session's teardown cannot kill it.
 */
#ifndef NFC_GUARDIAN_H
#define NFC_GUARDIAN_H

#include "journal.h"

/* Start the guardian for transaction id.  Returns 0 or -errno. */
int guardian_spawn(const char *id, char *msg, size_t msglen);

/* The guardian itself (`nfcommit guardian ID`).  Returns an exit code. */
int guardian_main(const char *id);

#endif
