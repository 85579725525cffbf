/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The xtables lock, shared with iptables: legacy writers serialise on an
 * flock of /run/xtables.lock (XTABLES_LOCKFILE overrides the path).
 */
#ifndef NFC_LOCK_H
#define NFC_LOCK_H

#include <stddef.h>

#define NFC_LOCK_DEFAULT "/run/xtables.lock"
#define NFC_WAIT_FOREVER (-1)
/* Without -w: long enough to ride out another writer's commit, short
 * enough that a stuck lock holder fails a boot script instead of hanging
 * it.  (iptables 1.8.9 blocks forever here; 1.8.11 fails at once.) */
#define NFC_WAIT_DEFAULT 10

/* Take the lock, waiting up to wait_s seconds (0: fail at once,
 * NFC_WAIT_FOREVER: block).  Returns the fd to pass to lock_release, or
 * -1 with msg set. */
int lock_acquire(int wait_s, char *msg, size_t msglen);
void lock_release(int fd);

#endif
