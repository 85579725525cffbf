/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rules of a one-pass build sit in their arena in file order, which
 * interleaves chains (rulesets often append to many chains in turn).  The
 * nf_tables commit sends and frees them chain by chain, so no arena chunk
 * would empty before the last chain is sent, and the rules and the whole
 * batch would be in memory together.  Moving the rules into chain order
 * first lets each chunk go back as the batch grows.
 */
#ifndef NFC_LOAD_RELAYOUT_H
#define NFC_LOAD_RELAYOUT_H

#include "load.h"

/* Move the rules of each of l's images into a new arena, in chain order.
 * Returns 0, or -ENOMEM with the rules not moved left where they were
 * (every rule stays valid either way). */
int load_relayout(struct nfc_load *l);

#endif
