/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The test guard: with NFCOMMIT_FORBID_INIT_NETNS set, nfcommit refuses to
 * change the firewall of the initial network namespace, so that a test
 * that forgot its `unshare -n' fails instead of locking the machine out.
 */
#ifndef NFC_GUARD_H
#define NFC_GUARD_H

#include <stddef.h>

#define NFC_GUARD_ENV "NFCOMMIT_FORBID_INIT_NETNS"

/* 0 when changing this namespace's firewall is allowed; -1 with msg. */
int guard_check(char *msg, size_t msglen);

#endif
