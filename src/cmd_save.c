// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "builtin.h"
#include "cmd.h"
#include "guard.h"
#include "save_atomic.h"
#include "save_common.h"
#include "xt.h"

#define MAX_TABLES 16

struct save_args {
	enum nfc_family family;
	struct save_what w;
	const char *out;
};

static void save_usage(FILE *out)
{
	fputs("Usage: nfcommit save [-4|-6] [--backend=NAME] [-c] [-t TABLE] [-o FILE]\n"
	      "\n"
	      "Print the live ruleset in iptables-save format.\n"
	      "\n"
	      "  -4, --ipv4           IPv4 tables (default)\n"
	      "  -6, --ipv6           IPv6 tables\n"
	      "      --backend=NAME   legacy (x_tables), nft (nf_tables), or auto (the\n"
	      "                       default, or $NFCOMMIT_BACKEND)\n"
	      "  -c, --counters       print packet and byte counters of every rule\n"
	      "  -t, --table=NAME     only table NAME\n"
	      "  -o, --output=FILE    write to FILE instead of stdout\n"
	      "      --to=FILE        write FILE crash-safely, keeping old versions\n"
	      "      --to-config      the same, to the files of nfcommit.conf(5)\n"
	      "                       (`nfcommit save --to FILE --help' for more)\n"
	      "  -h, --help           this text\n",
	      out);
}

static int save_options(int argc, char **argv, struct save_args *a)
{
	static const struct option opts[] = {
		{ "ipv4", 0, NULL, '4' },
		{ "ipv6", 0, NULL, '6' },
		SAVE_WHAT_LONG_OPTIONS,
		{ "output", 1, NULL, 'o' },
		{ "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "46ct:o:h", opts, NULL)) != -1) {
		switch (c) {
		case '4':
		case '6':
			a->family = c == '4' ? NFC_IPV4 : NFC_IPV6;
			break;
		case 'o':
			a->out = optarg;
			break;
		case 'h':
			save_usage(stdout);
			return -1;
		default:
			if (save_what_opt(&a->w, c, optarg) == 0)
				break;
			print_try_help("save");
			return NFC_EXIT_INPUT;
		}
	}
	return no_more_args("save", argc, argv);
}

static int redirect_stdout(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0) {
		fprintf(stderr, "nfcommit save: cannot open %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	fflush(stdout);
	if (dup2(fd, STDOUT_FILENO) < 0) {
		fprintf(stderr, "nfcommit save: cannot write to %s: %s\n", path,
			strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int save_table(struct nfc_backend *b, enum nfc_family family,
		      const char *name, bool counters)
{
	char note[NFC_NOTE_MAX];
	struct nfc_table *t;
	int ret;

	if (b->ops->read_table(b, family, name, &t) < 0) {
		fprintf(stderr, "nfcommit save: %s\n", b->err);
		return NFC_EXIT_FAIL;
	}
	ret = b->ops->save_note ? b->ops->save_note(b, t, note, sizeof(note))
				: NFC_SAVE_PRINT;
	if (ret < 0)
		fprintf(stderr, "nfcommit save: %s\n", b->err);
	else if (ret != NFC_SAVE_PRINT)
		printf("%s\n", note);
	if (ret < 0 || ret == NFC_SAVE_NOTE_ONLY) {
		table_free(t);
		return ret < 0 ? NFC_EXIT_FAIL : 0;
	}
	ret = save_print_table(t, counters);
	table_free(t);
	return ret < 0 ? NFC_EXIT_FAIL : 0;
}

int cmd_save(int argc, char **argv)
{
	struct save_args a = { .family = NFC_IPV4 };
	char names[MAX_TABLES][NFC_NAME_MAX], msg[512];
	struct nfc_backend b;
	unsigned int n = 0, i;
	int ret;

	if (save_to_wanted(argc, argv))
		return cmd_save_to(argc, argv);
	ret = save_options(argc, argv, &a);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (a.w.table && !builtin_table_find(a.w.table)) {
		fprintf(stderr, "nfcommit save: no table `%s' (the tables are filter, nat, mangle, raw and security)\n",
			a.w.table);
		return NFC_EXIT_FAIL;
	}
	/* Reading a table that is not loaded yet creates it. */
	if (a.w.table && guard_check(msg, sizeof(msg)) < 0) {
		fprintf(stderr, "nfcommit save: %s\n", msg);
		return NFC_EXIT_FAIL;
	}
	if (xt_init(a.family, XT_PROBE_KERNEL, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "nfcommit: %s\n", msg);
		return NFC_EXIT_FAIL;
	}
	if (backend_open(&b, a.w.backend) < 0) {
		fprintf(stderr, "nfcommit save: %s\n", b.err);
		return NFC_EXIT_INPUT;
	}
	if (a.out && redirect_stdout(a.out) < 0)
		ret = NFC_EXIT_FAIL;
	else if (a.w.table)
		ret = save_table(&b, a.family, a.w.table, a.w.counters);
	else if (b.ops->list_tables(&b, a.family, names, MAX_TABLES, &n) < 0) {
		fprintf(stderr, "nfcommit save: %s\n", b.err);
		ret = NFC_EXIT_FAIL;
	}
	for (i = 0; i < n && ret == 0; i++)
		ret = save_table(&b, a.family, names[i], a.w.counters);
	backend_close(&b);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "nfcommit save: write error: %s\n",
			strerror(errno));
		ret = NFC_EXIT_FAIL;
	}
	return ret;
}
