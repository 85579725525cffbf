/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Exact reads and writes on a file descriptor: the wire streams between
 * processes and the state files both need every byte or an error, never a
 * short count.
 */
#ifndef NFC_FDIO_H
#define NFC_FDIO_H

#include <stddef.h>

/* Write or read exactly len bytes, retrying on EINTR.  0 or -errno;
 * a write that makes no progress gives -EIO, a stream that ends early
 * -EPROTO. */
int fd_write_all(int fd, const void *buf, size_t len);
int fd_read_all(int fd, void *buf, size_t len);

#endif
