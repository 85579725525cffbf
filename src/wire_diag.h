/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Passing queued diagnostics from a forked child to its parent, beside
 * the parsed script (wire.h): check parses the other family's files in a
 * child and reports all findings together.  Locations travel as they
 * are: the sources they point into were read before the fork.
 */
#ifndef NFC_WIRE_DIAG_H
#define NFC_WIRE_DIAG_H

#include "diag.h"

int wire_send_diags(int fd, const struct nfc_diags *d);
/* One yes/no, to say whether more follows. */
int wire_send_flag(int fd, bool flag);
int wire_recv_flag(int fd, bool *flag);
/* Appends what it reads to d; returns 0 or -errno (-EPROTO). */
int wire_recv_diags(int fd, struct nfc_diags *d);

#endif
