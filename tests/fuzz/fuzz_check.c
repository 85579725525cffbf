// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer driver for the whole of `nfcommit check' on one input: parse,
 * build the table images offline, lint them, print the diagnostics.  It
 * goes through check_load(), the function the command itself uses.
 */
#include <string.h>

#include "check.h"
#include "fuzz.h"
#include "load.h"
#include "xt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_opts lo = { .family = xt_family(), .offline = true };
	struct nfc_diags d;
	struct nfc_load l;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	memset(&l, 0, sizeof(l));
	if (source_from_buffer(&l.src, "<fuzz>", (const char *)data, size) < 0)
		return 0;
	diags_init(&d);
	check_load(&l, &lo, &d);
	fuzz_flush_diags(&d);
	load_free(&l);
	return 0;
}
