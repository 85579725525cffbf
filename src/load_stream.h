/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Parse and build in one pass (see load_stream.c): for a restore that
 * replaces whole tables.
 */
#ifndef NFC_LOAD_STREAM_H
#define NFC_LOAD_STREAM_H

#include "load.h"

/* load_parse_script() and load_build() in one: the images are complete
 * when it returns 0, and the script keeps no commands.  Returns as
 * load_parse_script() does, or NFC_EXIT_INPUT when a command does not fit
 * its table. */
int load_parse_build(struct nfc_load *l, const struct load_opts *o,
		     struct nfc_diags *d);

#endif
