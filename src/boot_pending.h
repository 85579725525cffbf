/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * HOOK FOR APPLY: which files boot loads when an `apply' transaction was
 * pending, never confirmed, when the machine went down.  Those rules were
 * never accepted, so boot must load the last confirmed ones instead of
 * whatever the configured files hold now.
 *
 * Until apply provides it, boot_pending_lookup() reports that nothing was
 * pending.  Whoever fills it in: set p->path[i] (malloc'ed) for each
 * family whose confirmed rules differ from the configured file, return
 * BOOT_PENDING_FOUND, and boot verifies and loads those files exactly as
 * it would the configured ones (falling back as usual when they fail).
 */
#ifndef NFC_BOOT_PENDING_H
#define NFC_BOOT_PENDING_H

#include <stddef.h>

#include "conf.h"

enum boot_pending_result {
	BOOT_PENDING_NONE = 0,  /* nothing pending: load the configured files */
	BOOT_PENDING_FOUND = 1, /* load p->path[] where set */
};

struct boot_pending {
	char *path[NFC_NFAMILIES]; /* NULL: keep the configured file */
};

/* Returns an enum boot_pending_result, or -errno with msg set (boot then
 * treats every family as failed and loads the fallback). */
int boot_pending_lookup(const struct nfc_config *c, struct boot_pending *p,
			char *msg, size_t msglen);
void boot_pending_free(struct boot_pending *p);

#endif
