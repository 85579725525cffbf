/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The whole of `check' for one input, as the command and the fuzzer run
 * it.  check_run.h has the multi-file driver behind the command.
 */
#ifndef NFC_CHECK_H
#define NFC_CHECK_H

#include "diag.h"
#include "load.h"

/* The whole of `check' for one input that l holds already (load_read):
 * parse, build offline, lint.  Diagnostics stay on d.  Returns an exit
 * code.  The fuzzer calls it too, so that it fuzzes what check runs. */
int check_load(struct nfc_load *l, const struct load_opts *lo,
	       struct nfc_diags *d);

#endif
