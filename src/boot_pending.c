// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Boot and an apply transaction that was never confirmed (see
 * boot_pending.h): its rules were never accepted, so for each family it
 * touched boot loads the boot file as it was before that apply, kept in
 * the journal, and the transaction is recorded as rolled back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "boot_pending.h"
#include "txn.h"

/* A transaction still guarded by a live guardian before its deadline:
 * this is a service restart, not a reboot.  Undo it properly first. */
static bool still_live(const struct txn_record *r)
{
	return r->guardian > 0 && txn_guardian_alive(r) &&
	       time(NULL) < r->deadline;
}

static int name_kept_files(const struct txn_record *r, int lib,
			   struct boot_pending *p)
{
	static const char *const keep[] = { TXN_BOOT_BEFORE4, TXN_BOOT_BEFORE6 };
	const char *file[] = { r->file4, r->file6 };
	char dir[TXN_PATH_MAX];
	unsigned int i;

	statedir_lib_path(dir, sizeof(dir));
	for (i = 0; i < NFC_NFAMILIES; i++) {
		if (!file[i][0] || faccessat(lib, keep[i], R_OK, 0) < 0)
			continue;
		if (asprintf(&p->path[i], "%s/%s", dir, keep[i]) < 0) {
			p->path[i] = NULL;
			return -ENOMEM;
		}
	}
	return 0;
}

int boot_pending_lookup(const struct nfc_config *c, struct boot_pending *p,
			char *msg, size_t msglen)
{
	struct nfc_statedir sd;
	struct txn_record r;
	int lock, ret;

	(void)c;
	memset(p, 0, sizeof(*p));
	ret = statedir_open(&sd, false, msg, msglen);
	if (ret == -ENOENT)
		return BOOT_PENDING_NONE;
	if (ret < 0)
		return ret;
	lock = txn_lock(&sd);
	ret = txn_record_read(sd.lib_fd, TXN_PENDING_FILE, &r);
	if (ret == -ENOENT || (ret == 0 && r.state != TXN_PENDING)) {
		ret = BOOT_PENDING_NONE;
	} else if (ret < 0) {
		snprintf(msg, msglen, "the pending-transaction record is unreadable (%s)",
			 strerror(-ret));
	} else {
		ret = name_kept_files(&r, sd.lib_fd, p);
		if (ret == 0 && still_live(&r))
			txn_rollback_locked(&sd, &r,
					    "the firewall service started while it was pending");
		else if (ret == 0)
			txn_abandon_locked(&sd, &r,
					   "the machine restarted before it was confirmed; boot loads the rules from before it");
		if (ret == 0)
			ret = BOOT_PENDING_FOUND;
		else
			snprintf(msg, msglen, "out of memory");
	}
	txn_unlock(lock);
	statedir_close(&sd);
	return ret;
}

void boot_pending_free(struct boot_pending *p)
{
	unsigned int i;

	for (i = 0; i < NFC_NFAMILIES; i++) {
		free(p->path[i]);
		p->path[i] = NULL;
	}
}
