// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer driver for the rules-save parser: the tokenizer on every line,
 * then script_parse over the whole input with the option sets that change
 * what it accepts (-c counters, check's lenient CRLF, -T one table).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "nfcommit.h"
#include "parse.h"
#include "script.h"
#include "source.h"
#include "tokenize.h"
#include "xt.h"

static void fuzz_tokenizer(const struct nfc_source *src, char *store)
{
	struct nfc_token tok[NFC_MAX_ARGC];
	const char *p = src->buf, *end = src->buf + src->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		unsigned int ntok = 0, errcol = 0, i;

		if (len <= NFC_MAX_LINE &&
		    tokenize_line(p, len, store, tok, NFC_MAX_ARGC, &ntok,
				  &errcol) == TOK_OK) {
			/* Every word must lie inside the store, terminated. */
			for (i = 0; i < ntok; i++)
				if (tok[i].text < store ||
				    tok[i].text + strlen(tok[i].text) > store + len ||
				    tok[i].col == 0 || tok[i].col > len)
					abort();
		}
		p = nl ? nl + 1 : end;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct {
		bool counters, lenient_crlf;
		const char *only_table;
	} runs[] = {
		{ false, false, NULL },
		{ true, true, NULL },
		{ false, false, "nat" },
	};
	struct nfc_source src;
	char *store;
	unsigned int i;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	if (source_from_buffer(&src, "<fuzz>", (const char *)data, size) < 0)
		return 0;
	store = malloc(NFC_MAX_LINE + 1);
	if (store)
		fuzz_tokenizer(&src, store);
	free(store);
	for (i = 0; i < NFC_ARRAY_SIZE(runs); i++) {
		struct parse_opts o = {
			.family = xt_family(),
			.counters = runs[i].counters,
			.only_table = runs[i].only_table,
			.lenient_crlf = runs[i].lenient_crlf,
		};
		struct nfc_script s;
		struct nfc_diags d;

		diags_init(&d);
		script_parse(&s, &src, &o, &d);
		script_free(&s);
		fuzz_flush_diags(&d);
	}
	source_free(&src);
	return 0;
}
