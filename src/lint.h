/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checks on complete table images that no single line shows: the ones
 * the kernel would catch only at commit time (jump loops), and the ones
 * nothing catches.
 */
#ifndef NFC_LINT_H
#define NFC_LINT_H

#include "diag.h"
#include "ruleset.h"

/* Report jump loops among the chains of t.  Returns the number found. */
int lint_loops(const struct nfc_table *t, struct nfc_diags *d);

#endif
