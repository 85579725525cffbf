/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Printing table images in iptables-save's format, byte for byte as
 * iptables-legacy-save 1.8.9 prints them.  Extensions print their own
 * options with printf(), so everything here goes to stdout.
 */
#ifndef NFC_PRINT_H
#define NFC_PRINT_H

#include "ruleset.h"

/* "*table", the chain lines, the rules and COMMIT.  The "#" lines around
 * them are the caller's.  Returns 0, or -1 when an extension is missing. */
int print_table(const struct nfc_table *t, bool counters);
int print_rule(const struct nfc_rule *r, const char *chain, bool counters);

#endif
