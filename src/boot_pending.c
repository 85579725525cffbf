// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * HOOK FOR APPLY (see boot_pending.h): nothing is ever pending yet.
 */
#include <stdlib.h>
#include <string.h>

#include "boot_pending.h"

int boot_pending_lookup(const struct nfc_config *c, struct boot_pending *p,
			char *msg, size_t msglen)
{
	(void)c;
	(void)msg;
	(void)msglen;
	memset(p, 0, sizeof(*p));
	return BOOT_PENDING_NONE;
}

void boot_pending_free(struct boot_pending *p)
{
	unsigned int i;

	for (i = 0; i < NFC_NFAMILIES; i++)
		free(p->path[i]);
	memset(p, 0, sizeof(*p));
}
