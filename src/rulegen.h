/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rulesets written in memory, as rules-file text, so that panic, flush
 * and the boot fallback go through the same parser, checks and
 * all-or-nothing commit as a file would (engine_restore with .text).
 * Each function returns a malloc'ed, NUL-terminated text for one family,
 * or NULL when out of memory.
 */
#ifndef NFC_RULEGEN_H
#define NFC_RULEGEN_H

#include "nfcommit.h"

#define NFC_SSH_PORT 22

/*
 * panic: filter, raw and mangle with DROP policies and no rules but
 * loopback; with allow_ssh, the packets of established connections to
 * the local SSH server on ssh_port too (TCP without SYN: no new session
 * can start), and IPv6 neighbour discovery, without which an IPv6 session
 * dies within minutes.  nat is not named, so it
 * stays as it is: the kernel refuses DROP policies there.
 */
char *rulegen_panic(enum nfc_family family, bool allow_ssh,
		    unsigned int ssh_port);

/* flush: each named table with ACCEPT policies and no rules or user
 * chains.  Tables nfcommit does not know are skipped. */
char *rulegen_open(enum nfc_family family, const char (*tables)[NFC_NAME_MAX],
		   unsigned int n);

/* The built-in boot fallback: loopback, replies, new SSH connections on
 * port 22 and the ICMP the family needs come in; the rest of INPUT and
 * FORWARD is dropped.  The same policy as examples/fallback.rules.*. */
char *rulegen_emergency(enum nfc_family family);

#endif
