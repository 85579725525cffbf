// SPDX-License-Identifier: GPL-2.0-or-later
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cmd.h"
#include "guard.h"
#include "load.h"
#include "lock.h"
#include "xt.h"

struct restore_args {
	struct load_opts lo;
	const char *backend;
	const char *file;
	bool test;
	int verbose;
	int wait_s;
};

static void restore_usage(FILE *out)
{
	fputs("Usage: nfcommit restore [-4|-6] [--backend=legacy] [-c] [-n] [-t]\n"
	      "                        [-T TABLE] [-w[SECONDS]] [-v] [FILE]\n"
	      "\n"
	      "Load a rules file (iptables-save format) from FILE or stdin.  The whole\n"
	      "file is parsed and checked before anything reaches the kernel; then\n"
	      "all its tables are committed, all or none.\n"
	      "\n"
	      "  -4, --ipv4           IPv4 rules (default)\n"
	      "  -6, --ipv6           IPv6 rules\n"
	      "      --backend=NAME   legacy (x_tables via libiptc)\n"
	      "  -c, --counters       restore packet and byte counters\n"
	      "  -n, --noflush        add to the tables instead of replacing them\n"
	      "  -t, --test           parse and check against the kernel's tables, commit nothing\n"
	      "  -T, --table=NAME     only load table NAME\n"
	      "  -w, --wait[=SECONDS] wait for the xtables lock: forever without SECONDS,\n"
	      "                       10 seconds when -w is not given, -w 0 not at all\n"
	      "  -v, --verbose        say what is done\n"
	      "  -h, --help           this text\n",
	      out);
}

static int restore_options(int argc, char **argv, struct restore_args *a)
{
	static const struct option opts[] = {
		{ "ipv4", 0, NULL, '4' },     { "ipv6", 0, NULL, '6' },
		{ "backend", 1, NULL, 'B' },  { "counters", 0, NULL, 'c' },
		{ "noflush", 0, NULL, 'n' },  { "test", 0, NULL, 't' },
		{ "table", 1, NULL, 'T' },    { "wait", 2, NULL, 'w' },
		{ "verbose", 0, NULL, 'v' },  { "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "46cntT:w::vh", opts, NULL)) != -1) {
		switch (c) {
		case '4':
		case '6':
			a->lo.family = c == '4' ? NFC_IPV4 : NFC_IPV6;
			break;
		case 'B':
			a->backend = optarg;
			break;
		case 'c':
			a->lo.counters = true;
			break;
		case 'n':
			a->lo.noflush = true;
			break;
		case 't':
			a->test = true;
			break;
		case 'T':
			a->lo.only_table = optarg;
			break;
		case 'w':
			if (!optarg && optind < argc && argv[optind][0] != '-' &&
			    strspn(argv[optind], "0123456789") == strlen(argv[optind]))
				optarg = argv[optind++];
			if (parse_wait(optarg, &a->wait_s) < 0)
				return NFC_EXIT_INPUT;
			break;
		case 'v':
			a->verbose++;
			break;
		case 'h':
			restore_usage(stdout);
			return -1;
		default:
			print_try_help("restore");
			return NFC_EXIT_INPUT;
		}
	}
	if (optind < argc)
		a->file = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "nfcommit restore: one rules file at a time (got `%s' too)\n",
			argv[optind]);
		return NFC_EXIT_INPUT;
	}
	return 0;
}

static int restore_commit(struct restore_args *a, struct nfc_load *l,
			  struct nfc_diags *d)
{
	struct nfc_backend b;
	char msg[512];
	int lock, ret;

	if (guard_check(msg, sizeof(msg)) < 0) {
		diag_add(d, NFC_ERROR, NULL, "%s", msg);
		return NFC_EXIT_FAIL;
	}
	lock = lock_acquire(a->wait_s, msg, sizeof(msg));
	if (lock < 0) {
		diag_add(d, NFC_ERROR, NULL, "%s", msg);
		return NFC_EXIT_RESOURCE;
	}
	if (backend_open(&b, a->backend, a->lo.family) < 0) {
		diag_add(d, NFC_ERROR, NULL, "%s", b.err);
		lock_release(lock);
		return NFC_EXIT_INPUT;
	}
	if (a->verbose)
		fprintf(stderr, "nfcommit: backend %s, IPv%d\n", b.ops->name,
			a->lo.family);
	ret = load_build(l, &b, &a->lo, d);
	if (ret == 0 && !a->test && b.ops->commit(&b, l->imgs, l->nimgs, d) < 0)
		ret = NFC_EXIT_FAIL;
	if (ret == 0 && a->verbose)
		fprintf(stderr, "nfcommit: %u table(s) %s\n", l->nimgs,
			a->test ? "checked, nothing committed" : "committed");
	backend_close(&b);
	lock_release(lock);
	return ret;
}

int cmd_restore(int argc, char **argv)
{
	struct restore_args a = {
		.lo = { .family = NFC_IPV4 },
		.backend = "legacy",
		.wait_s = NFC_WAIT_DEFAULT,
	};
	struct nfc_diags d;
	struct nfc_load l;
	char msg[256];
	int ret = restore_options(argc, argv, &a);

	if (ret)
		return ret < 0 ? 0 : ret;
	diags_init(&d);
	if (xt_init(a.lo.family, XT_PROBE_KERNEL, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "nfcommit: %s\n", msg);
		return NFC_EXIT_FAIL;
	}
	ret = load_parse(&l, a.file, &a.lo, &d);
	if (ret == 0)
		ret = restore_commit(&a, &l, &d);
	diags_print(&d, stderr);
	diags_free(&d);
	load_free(&l);
	return ret;
}
