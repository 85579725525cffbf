/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * apply's state: root-only directories, opened without following links.
 *
 * The runtime directory (/run/nfcommit) holds the transaction lock and the
 * guardian's pid.  The journal (the pending record, the snapshot, the log
 * of outcomes) lives in /var/lib/nfcommit, because it must outlive a
 * reboot: a transaction pending when the machine went down is rolled back
 * when it comes up, never silently kept.  NFCOMMIT_STATE_DIR=DIR puts both
 * under DIR (DIR/run and DIR/lib), for tests.
 */
#ifndef NFC_STATEDIR_H
#define NFC_STATEDIR_H

#include <stdbool.h>
#include <stddef.h>

#define NFC_RUN_DIR "/run/nfcommit"
#define NFC_LIB_DIR "/var/lib/nfcommit"
#define NFC_STATE_ENV "NFCOMMIT_STATE_DIR"

struct nfc_statedir {
	int run_fd;
	int lib_fd;
};

/* Open (creating with mode 0700 when create is set) both directories.
 * Refuses symlinks, other owners and group/other permissions.  Returns 0,
 * -ENOENT when they do not exist and create is false, or -errno with msg. */
int statedir_open(struct nfc_statedir *sd, bool create, char *msg,
		  size_t msglen);
void statedir_close(struct nfc_statedir *sd);
/* The journal directory's path, for handing one of its files to code
 * that opens by name (boot). */
void statedir_lib_path(char *buf, size_t len);

/* Replace dir/name with buf: temporary file, fsync, rename, fsync the
 * directory.  Mode 0600. */
int statedir_write(int dirfd, const char *name, const void *buf, size_t len);
/* The same, with fn writing the content to the temporary file's fd. */
int statedir_write_fn(int dirfd, const char *name,
		      int (*fn)(int fd, const void *arg), const void *arg);
/* Read dir/name whole (NUL-terminated); -ENOENT when absent. */
int statedir_read(int dirfd, const char *name, char **buf, size_t *len);
int statedir_unlink(int dirfd, const char *name);
/* Open dir/name for reading or (O_CREAT, 0600) writing, never via a link. */
int statedir_openat(int dirfd, const char *name, int flags);

#endif
