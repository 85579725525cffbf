// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "guard.h"

/* The kernel gives init_net this fixed inode number (PROC_NET_INIT_INO in
 * include/linux/proc_ns.h), so the initial namespace is recognisable even
 * where /proc/1 may not be looked at. */
#define PROC_NET_INIT_INO 0xEFFFFFF9U

static bool is_initial_netns(const struct stat *self)
{
	struct stat init;

	if (self->st_ino == PROC_NET_INIT_INO)
		return true;
	/* A container's own "initial" namespace: the one PID 1 is in. */
	return stat("/proc/1/ns/net", &init) == 0 &&
	       init.st_dev == self->st_dev && init.st_ino == self->st_ino;
}

int guard_check(char *msg, size_t msglen)
{
	const char *v = getenv(NFC_GUARD_ENV);
	struct stat self;

	if (!v || !*v || strcmp(v, "0") == 0)
		return 0;
	if (stat("/proc/self/ns/net", &self) < 0) {
		snprintf(msg, msglen,
			 "%s is set and /proc/self/ns/net cannot be read; refusing to change the firewall",
			 NFC_GUARD_ENV);
		return -1;
	}
	if (is_initial_netns(&self)) {
		snprintf(msg, msglen,
			 "%s is set: refusing to change the firewall of the initial network namespace (run inside `unshare -n')",
			 NFC_GUARD_ENV);
		return -1;
	}
	return 0;
}
