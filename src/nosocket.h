/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check promises to touch neither the kernel's tables nor the network.
 * libxtables and the C library do not quite keep that promise on their
 * own: parsing a udp port calls getaddrinfo(), which opens a netlink
 * socket and connects UDP sockets to sort addresses, and some extensions
 * ask the kernel through a raw socket.  This installs a seccomp filter
 * that makes socket(2) fail with EACCES for the rest of the process (and
 * its children), so nothing can open one; the C library copes with that
 * by falling back as it does in a sandbox without a network.
 */
#ifndef NFC_NOSOCKET_H
#define NFC_NOSOCKET_H

/* Returns 0, or -errno when the kernel or architecture has no seccomp
 * filters (the caller goes on without). */
int nosocket_install(void);

#endif
