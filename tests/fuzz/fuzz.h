/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the libFuzzer drivers share: libxtables set up once per process,
 * offline (no kernel, no modprobe), and a sink for diagnostics so that
 * their formatting runs on every input too.
 */
#ifndef NFC_FUZZ_H
#define NFC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Inputs above this are skipped: the parser's cost is linear, and small
 * inputs explore more per second.  Big inputs have tests of their own. */
#define FUZZ_MAX_INPUT (256 * 1024)

/* libFuzzer's hooks; declared here for -Wmissing-prototypes. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Print d (sorted, with the quoted lines) to /dev/null, then free it. */
void fuzz_flush_diags(struct nfc_diags *d);

#endif
