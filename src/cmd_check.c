// SPDX-License-Identifier: GPL-2.0-or-later
#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "lint.h"
#include "load.h"
#include "xt.h"

static void check_usage(FILE *out)
{
	fputs("Usage: nfcommit check [-4|-6] FILE...\n"
	      "\n"
	      "Validate rules files without root and without touching the kernel:\n"
	      "syntax, every match and target option, undefined chains, jump loops,\n"
	      "missing COMMIT and more.  Exit 0 when clean, 1 when errors were found,\n"
	      "2 on usage errors or unreadable files.\n"
	      "\n"
	      "  -4, --ipv4   IPv4 rules (default)\n"
	      "  -6, --ipv6   IPv6 rules\n"
	      "  -h, --help   this text\n",
	      out);
}

static int check_one(const char *path, const struct load_opts *lo,
		     struct nfc_diags *d)
{
	struct nfc_load l;
	unsigned int i;
	int ret = load_parse(&l, path, lo, d);

	if (ret == NFC_EXIT_INPUT && !l.src.buf)
		ret = -1; /* unreadable: a usage-level failure */
	else if (ret == 0)
		ret = load_build(&l, NULL, lo, d);
	if (ret == 0)
		for (i = 0; i < l.nimgs; i++)
			lint_loops(l.imgs[i], d);
	if (ret == 0 && d->nerrors)
		ret = NFC_EXIT_FAIL;
	/* Print now: diagnostics point into this file's text. */
	diags_print(d, stderr);
	diags_free(d);
	load_free(&l);
	return ret;
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ipv4", 0, NULL, '4' },
		{ "ipv6", 0, NULL, '6' },
		{ "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct load_opts lo = { .family = NFC_IPV4, .offline = true };
	bool unreadable = false, errors = false;
	struct nfc_diags d;
	char msg[256];
	int c;

	while ((c = getopt_long(argc, argv, "46h", opts, NULL)) != -1) {
		switch (c) {
		case '4':
		case '6':
			lo.family = c == '4' ? NFC_IPV4 : NFC_IPV6;
			break;
		case 'h':
			check_usage(stdout);
			return 0;
		default:
			print_try_help("check");
			return NFC_EXIT_INPUT;
		}
	}
	if (optind == argc) {
		fputs("nfcommit check: name at least one rules file (- for stdin)\n",
		      stderr);
		return NFC_EXIT_INPUT;
	}
	if (xt_init(lo.family, XT_PROBE_OFFLINE, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "nfcommit: %s\n", msg);
		return NFC_EXIT_FAIL;
	}
	/* Parsing a rule runs getopt again: keep our own index. */
	for (int i = optind; i < argc; i++) {
		int ret;

		diags_init(&d);
		ret = check_one(argv[i], &lo, &d);
		if (ret < 0)
			unreadable = true;
		else if (ret)
			errors = true;
	}
	if (unreadable)
		return NFC_EXIT_INPUT;
	return errors ? NFC_EXIT_FAIL : 0;
}
