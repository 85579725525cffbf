/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Host names in -s and -d.  iptables resolves them once, when the rules
 * load; check flags them, and offline it never looks them up: each name
 * becomes a placeholder address derived from the name, from a range that
 * never appears on the wire (0.0.0.0/8 for IPv4, the discard prefix
 * 100::/64 for IPv6).  The same name always gives the same placeholder.
 */
#ifndef NFC_HOSTNAME_H
#define NFC_HOSTNAME_H

#include <stdbool.h>
#include <stddef.h>

#include "nfcommit.h"

/* Longest list element looked at as an address; longer ones are names. */
#define HOST_ELEM_MAX 256

/* Tells whether elem[0..len) ("ADDR" or "ADDR/MASK") is numeric. */
typedef bool (*host_numeric_fn)(const char *elem, size_t len, void *arg);

/* Is elem[0..len) (up to a /MASK) spelled like a host name: letters,
 * digits, dots, dashes and underscores, with at least one letter?  What is
 * neither an address nor a name stays for libxtables to refuse. */
bool host_elem_is_name(const char *elem, size_t len);
/* True when some element of the comma-separated spec is a name. */
bool host_spec_has_names(const char *spec, host_numeric_fn numeric,
			 void *arg);
/* Bytes host_spec_offline needs for spec, NUL included. */
size_t host_spec_offline_size(const char *spec);
/* spec with each name replaced by its placeholder (a /MASK is kept);
 * addresses and anything else stay as they are. */
void host_spec_offline(const char *spec, enum nfc_family family,
		       host_numeric_fn numeric, void *arg, char *out,
		       size_t size);

#endif
