// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libxtables serves one family per process: NFC_FUZZ_FAMILY=6 makes a
 * driver fuzz IPv6 rules, anything else IPv4.  Revisions are not asked of
 * the kernel (XT_PROBE_OFFLINE), exactly as `nfcommit check' runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "nfcommit.h"
#include "xt.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *f = getenv("NFC_FUZZ_FAMILY");
	enum nfc_family family = f && strcmp(f, "6") == 0 ? NFC_IPV6 : NFC_IPV4;
	char msg[256];

	(void)argc;
	(void)argv;
	if (xt_init(family, XT_PROBE_OFFLINE, msg, sizeof(msg)) < 0) {
		/* Nothing can be fuzzed without libxtables. */
		fprintf(stderr, "fuzz: %s\n", msg);
		abort();
	}
	return 0;
}

void fuzz_flush_diags(struct nfc_diags *d)
{
	FILE *sink = fopen("/dev/null", "we");

	if (sink) {
		diags_print(d, sink);
		fclose(sink);
	}
	diags_free(d);
}
