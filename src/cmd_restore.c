// SPDX-License-Identifier: GPL-2.0-or-later
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmd_inputs.h"
#include "engine.h"
#include "lock.h"

struct restore_args {
	struct engine_opts eo;
	struct cmd_inputs files;
};

static void restore_usage(FILE *out)
{
	fputs("Usage: nfcommit restore [-4|-6] [--backend=NAME] [-c] [-n] [-t]\n"
	      "                        [-T TABLE] [-w[SECONDS]] [-v] [FILE]\n"
	      "       nfcommit restore [OPTIONS] -4 FILE4 -6 FILE6\n"
	      "\n"
	      "Load rules files (iptables-save format) from FILE or stdin.  Every file\n"
	      "is parsed and checked before anything reaches the kernel; then all\n"
	      "their tables, of both families, are committed, all or none.\n"
	      "\n"
	      "  -4, --ipv4           the next FILE (or stdin) holds IPv4 rules (default)\n"
	      "  -6, --ipv6           the next FILE (or stdin) holds IPv6 rules\n"
	      "      --backend=NAME   legacy (x_tables), nft (nf_tables), or auto (the\n"
	      "                       default, or $NFCOMMIT_BACKEND): legacy when the\n"
	      "                       legacy tables hold rules, else nft\n"
	      "  -c, --counters       restore packet and byte counters\n"
	      "  -n, --noflush        add to the tables instead of replacing them\n"
	      "  -t, --test           build everything against the live tables, commit nothing\n"
	      "                       (nft: the kernel checks the whole batch and keeps nothing)\n"
	      "  -T, --table=NAME     only load table NAME\n"
	      "  -w, --wait[=SECONDS] wait for the xtables lock: forever without SECONDS,\n"
	      "                       10 seconds when -w is not given, -w 0 not at all\n"
	      "  -v, --verbose        say what is done\n"
	      "      --allow-unsafe-perms  load a FILE that is not a regular file, or\n"
	      "                       that users other than root and you can write\n"
	      "  -h, --help           this text\n",
	      out);
}

static int restore_options(int argc, char **argv, struct restore_args *a)
{
	static const struct option opts[] = {
		CMD_INPUTS_LONG_OPTIONS,
		{ "counters", 0, NULL, 'c' }, { "noflush", 0, NULL, 'n' },
		{ "test", 0, NULL, 't' },     { "table", 1, NULL, 'T' },
		{ "wait", 2, NULL, 'w' },     { "verbose", 0, NULL, 'v' },
		{ "help", 0, NULL, 'h' },     { NULL, 0, NULL, 0 },
	};
	int c, ret;

	/* "-" first: files come back in order, each after its -4 or -6. */
	while ((c = getopt_long(argc, argv, "-46cntT:w::vh", opts, NULL)) != -1) {
		ret = cmd_inputs_opt(&a->files, &a->eo, "restore", c, optarg);
		if (ret != 1) {
			if (ret)
				return ret;
			continue;
		}
		switch (c) {
		case 'c':
			a->eo.counters = true;
			break;
		case 'n':
			a->eo.noflush = true;
			break;
		case 't':
			a->eo.test = true;
			break;
		case 'T':
			a->eo.only_table = optarg;
			break;
		case 'w':
			/* iptables takes "-w 5" as well as "-w5". */
			if (!optarg && optind < argc &&
			    strspn(argv[optind], "0123456789") == strlen(argv[optind]) &&
			    argv[optind][0])
				optarg = argv[optind++];
			if (parse_wait(optarg, &a->eo.wait_s) < 0)
				return NFC_EXIT_INPUT;
			break;
		case 'v':
			a->eo.verbose++;
			break;
		case 'h':
			restore_usage(stdout);
			return -1;
		default:
			print_try_help("restore");
			return NFC_EXIT_INPUT;
		}
	}
	if (a->files.n == 0)
		return cmd_inputs_add(&a->files, "restore", NULL);
	return 0;
}

int cmd_restore(int argc, char **argv)
{
	struct restore_args a = {
		.eo = { .backend = NULL, .wait_s = NFC_WAIT_DEFAULT },
		.files = CMD_INPUTS_INIT,
	};
	struct nfc_diags d;
	int ret = restore_options(argc, argv, &a);

	if (ret)
		return ret < 0 ? 0 : ret;
	diags_init(&d);
	return engine_restore(a.files.in, a.files.n, &a.eo, &d);
}
