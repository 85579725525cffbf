/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rules of a one-pass build sit in their table's arena in file order,
 * which interleaves chains (rulesets often append to many chains in
 * turn).  The nf_tables commit appends them in that order and gives each
 * arena chunk back once its rules are in the batch.  That works while
 * every chain's rules lie in the arena in chain order; when a file
 * inserts, replaces or deletes rules they do not, and the rules are moved
 * into chain order first.
 */
#ifndef NFC_LOAD_RELAYOUT_H
#define NFC_LOAD_RELAYOUT_H

#include "load.h"

/* Move the rules of each of l's images into a new arena, in chain order.
 * Returns 0, or -ENOMEM with the rules not moved left where they were
 * (every rule stays valid either way). */
int load_relayout(struct nfc_load *l);

#endif
