/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * apply's probes: checks that the new ruleset still lets the machine do
 * its job, run right after the commit; any failure rolls back at once.
 */
#ifndef NFC_PROBE_H
#define NFC_PROBE_H

#include <stddef.h>

#define PROBE_TIMEOUT_S 5

/* "tcp:HOST:PORT" (IPv6 as tcp:[ADDR]:PORT): a new TCP connection. */
int probe_tcp(const char *spec, char *msg, size_t msglen);
/* A shell command: its exit status. */
int probe_cmd(const char *cmd, int timeout_s, char *msg, size_t msglen);
/* Syntax check of a tcp probe, before anything is committed. */
int probe_tcp_valid(const char *spec);

#endif
