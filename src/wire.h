/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Passing a parsed script between processes.  libxtables serves one
 * family per process, so the other family's file is parsed in a forked
 * child that sends the result back through a pipe.  Both ends are the same
 * binary and share the parent's memory image up to the fork, so locations
 * (which point at the sources) travel as they are.
 */
#ifndef NFC_WIRE_H
#define NFC_WIRE_H

#include "ruleset.h"
#include "script.h"

int wire_send_script(int fd, const struct nfc_script *s);
/* Fills s; returns 0 or -errno (-EPROTO on a malformed stream). */
int wire_recv_script(int fd, struct nfc_script *s);

/*
 * Table images in a file (apply's snapshots).  Locations are dropped:
 * they point into memory that a later process does not have.  Both ends
 * move data in large blocks; reading may go past the tables' end, so the
 * file must hold nothing after them.
 */
int wire_send_tables(int fd, struct nfc_table *const *t, unsigned int n);
/* Allocates *out (n tables); the caller frees them with table_free. */
int wire_recv_tables(int fd, struct nfc_table ***out, unsigned int *n);

#endif
