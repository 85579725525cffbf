/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * getaddrinfo() for numeric ports without the resolver (see
 * resolve_numeric.c).  Linked into the nfcommit executable, where it
 * interposes the C library's getaddrinfo() and freeaddrinfo().
 */
#ifndef NFC_RESOLVE_NUMERIC_H
#define NFC_RESOLVE_NUMERIC_H

/* The port a service string of 1-5 decimal digits (<= 65535) names, or
 * -1 when the string must go to the real resolver. */
int resolve_numeric_port(const char *service);

#endif
