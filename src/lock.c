// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "lock.h"

#define LOCK_POLL_MS 50

static const char *lock_path(void)
{
	const char *p = getenv("XTABLES_LOCKFILE");

	return p && *p ? p : NFC_LOCK_DEFAULT;
}

int lock_acquire(int wait_s, char *msg, size_t msglen)
{
	const char *path = lock_path();
	struct timespec nap = { 0, LOCK_POLL_MS * 1000000L };
	long waited_ms = 0;
	int fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0) {
		snprintf(msg, msglen, "cannot open lock file %s: %s", path,
			 strerror(errno));
		return -1;
	}
	/* Poll rather than alarm(): no signal handlers, no global state. */
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			snprintf(msg, msglen, "cannot lock %s: %s", path,
				 strerror(errno));
			close(fd);
			return -1;
		}
		if (wait_s == 0 ||
		    (wait_s > 0 && waited_ms >= (long)wait_s * 1000)) {
			if (wait_s == 0)
				snprintf(msg, msglen,
					 "another program holds the xtables lock %s; use -w to wait for it",
					 path);
			else
				snprintf(msg, msglen,
					 "gave up waiting for the xtables lock %s after %ds",
					 path, wait_s);
			close(fd);
			return -1;
		}
		nanosleep(&nap, NULL);
		waited_ms += LOCK_POLL_MS;
	}
	return fd;
}

void lock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}
