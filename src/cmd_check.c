// SPDX-License-Identifier: GPL-2.0-or-later
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "cmd.h"
#include "nosocket.h"
#include "report.h"

#define MSG_MAX 256

static void check_usage(FILE *out)
{
	fputs("Usage: nfcommit check [OPTIONS] [-4] FILE... [-6 FILE...]\n"
	      "\n"
	      "Validate rules files without root and without touching the kernel:\n"
	      "syntax, every match and target option, undefined chains, jump loops,\n"
	      "unreachable and shadowed rules, dead chains, host names, old spellings,\n"
	      "IPv4/IPv6 parity and the SSH session.  `nfcommit check --list-rules'\n"
	      "lists every finding with its ID.  Exit 0 when clean, 1 when errors were\n"
	      "found (or warnings, with --werror), 2 on usage errors or unreadable files.\n"
	      "\n"
	      "  -4, --ipv4            the files that follow are IPv4 rules (default)\n"
	      "  -6, --ipv6            the files that follow are IPv6 rules\n"
	      "      --format=FORMAT   gcc (default, on stderr), json, sarif or github\n"
	      "                        (on stdout)\n"
	      "      --werror          warnings fail the check too\n"
	      "      --list-rules      print every finding ID with a sentence and an example\n"
	      "      --ssh-from=ADDR[:PORT], --ssh-to=ADDR[:PORT]\n"
	      "                        check that the filter INPUT path keeps this SSH\n"
	      "                        session (to port 22 unless given)\n"
	      "      --ssh             the same for the session in $SSH_CONNECTION\n"
	      "      --ssh-iface=NAME  the interface its packets arrive on\n"
	      "  -h, --help            this text\n"
	      "\n"
	      "`# nfcommit: ignore=NFC012,NFC013' on the line before a rule silences\n"
	      "those findings there; in the comment block at the top of a file, in the\n"
	      "whole file.\n",
	      out);
}

enum {
	OPT_FORMAT = 256,
	OPT_WERROR,
	OPT_LIST_RULES,
	OPT_SSH_FROM,
	OPT_SSH_TO,
	OPT_SSH,
	OPT_SSH_IFACE,
};

struct check_args {
	struct check_file *files;
	unsigned int nfiles;
	enum report_format format;
	bool werror, list_rules, ssh_env;
	const char *ssh_from, *ssh_to, *ssh_iface;
};

/* -4 and -6 set the family of the files after them; files before the
 * first of them take its family, so `check FILE -6' reads FILE as IPv6
 * as it always did. */
static int parse_args(int argc, char **argv, struct check_args *a)
{
	static const struct option opts[] = {
		{ "ipv4", 0, NULL, '4' },
		{ "ipv6", 0, NULL, '6' },
		{ "help", 0, NULL, 'h' },
		{ "format", 1, NULL, OPT_FORMAT },
		{ "werror", 0, NULL, OPT_WERROR },
		{ "list-rules", 0, NULL, OPT_LIST_RULES },
		{ "ssh-from", 1, NULL, OPT_SSH_FROM },
		{ "ssh-to", 1, NULL, OPT_SSH_TO },
		{ "ssh", 0, NULL, OPT_SSH },
		{ "ssh-iface", 1, NULL, OPT_SSH_IFACE },
		{ NULL, 0, NULL, 0 },
	};
	enum nfc_family fam = NFC_IPV4;
	unsigned int i, unset = 0;
	bool seen = false;
	int c;

	a->files = calloc((size_t)argc + 1, sizeof(*a->files));
	if (!a->files)
		return NFC_EXIT_RESOURCE;
	optind = 0;
	while ((c = getopt_long(argc, argv, "-46h", opts, NULL)) != -1) {
		switch (c) {
		case 1:
			a->files[a->nfiles].path = optarg;
			a->files[a->nfiles++].family = fam;
			if (!seen)
				unset = a->nfiles;
			break;
		case '4':
		case '6':
			fam = c == '4' ? NFC_IPV4 : NFC_IPV6;
			if (!seen)
				for (i = 0; i < unset; i++)
					a->files[i].family = fam;
			seen = true;
			break;
		case 'h':
			check_usage(stdout);
			return -1;
		case OPT_FORMAT:
			if (report_parse_format(optarg, &a->format) < 0) {
				fprintf(stderr,
					"nfcommit check: --format takes gcc, json, sarif or github, not `%s'\n",
					optarg);
				return NFC_EXIT_INPUT;
			}
			break;
		case OPT_WERROR:
			a->werror = true;
			break;
		case OPT_LIST_RULES:
			a->list_rules = true;
			break;
		case OPT_SSH_FROM:
			a->ssh_from = optarg;
			break;
		case OPT_SSH_TO:
			a->ssh_to = optarg;
			break;
		case OPT_SSH:
			a->ssh_env = true;
			break;
		case OPT_SSH_IFACE:
			a->ssh_iface = optarg;
			break;
		default:
			print_try_help("check");
			return NFC_EXIT_INPUT;
		}
	}
	return 0;
}

/* The SSH session to check, if one was asked for. */
static int ssh_flow(const struct check_args *a, struct ssh_flow *f,
		    bool *have)
{
	char msg[MSG_MAX];
	unsigned int i;
	int ret;

	*have = a->ssh_env || a->ssh_from || a->ssh_to;
	if (!*have)
		return 0;
	if (a->ssh_env && (a->ssh_from || a->ssh_to)) {
		fputs("nfcommit check: give either --ssh or --ssh-from and --ssh-to\n",
		      stderr);
		return NFC_EXIT_INPUT;
	}
	if (a->ssh_env)
		ret = ssh_flow_from_env(f, getenv("SSH_CONNECTION"), msg,
					sizeof(msg));
	else
		ret = ssh_flow_parse(f, a->ssh_from, a->ssh_to, msg,
				     sizeof(msg));
	if (ret == 0 && a->ssh_iface &&
	    strlen(a->ssh_iface) >= sizeof(f->iniface)) {
		snprintf(msg, sizeof(msg), "--ssh-iface `%s' is too long",
			 a->ssh_iface);
		ret = -1;
	}
	if (ret < 0) {
		fprintf(stderr, "nfcommit check: %s\n", msg);
		return NFC_EXIT_INPUT;
	}
	if (a->ssh_iface)
		snprintf(f->iniface, sizeof(f->iniface), "%s", a->ssh_iface);
	for (i = 0; i < a->nfiles; i++)
		if (a->files[i].family == f->family)
			return 0;
	fprintf(stderr,
		"nfcommit check: the SSH session is %s, but no %s rules file was given (use %s FILE)\n",
		nfc_family_name(f->family), nfc_family_name(f->family),
		f->family == NFC_IPV6 ? "-6" : "-4");
	return NFC_EXIT_INPUT;
}

static int report_and_exit(const struct check_args *a, struct nfc_diags *d,
			   int ret)
{
	struct report_input *in = calloc(a->nfiles + 1, sizeof(*in));
	unsigned int i, n = 0;
	bool unreadable = false;
	struct report r;

	if (!in)
		return NFC_EXIT_RESOURCE;
	for (i = 0; i < a->nfiles; i++) {
		if (a->files[i].unreadable) {
			unreadable = true;
			continue;
		}
		in[n].src = &a->files[i].l.src;
		if (line_index_build(&in[n].li, in[n].src) < 0) {
			ret = NFC_EXIT_RESOURCE;
			break;
		}
		suppress_init(&in[n].sup, &in[n].li);
		n++;
	}
	if (ret != NFC_EXIT_RESOURCE && report_build(&r, d, in, n) == 0) {
		report_print(&r, a->format,
			     a->format == REPORT_GCC ? stderr : stdout);
		if (!ret && (r.nerrors || (a->werror && r.nwarnings)))
			ret = NFC_EXIT_FAIL;
		report_free(&r);
	} else {
		ret = NFC_EXIT_RESOURCE;
	}
	for (i = 0; i < n; i++)
		line_index_free(&in[i].li);
	free(in);
	if (unreadable && (!ret || ret == NFC_EXIT_FAIL))
		ret = NFC_EXIT_INPUT;
	return ret;
}

int cmd_check(int argc, char **argv)
{
	struct check_args a = { .format = REPORT_GCC };
	struct check_opts o = { 0 };
	struct ssh_flow flow;
	struct nfc_diags d;
	bool have_ssh;
	int ret = parse_args(argc, argv, &a);

	if (ret == 0 && a.list_rules) {
		report_list_rules(a.format, stdout);
		ret = -1;
	} else if (ret == 0 && !a.nfiles) {
		fputs("nfcommit check: name at least one rules file (- for stdin)\n",
		      stderr);
		ret = NFC_EXIT_INPUT;
	}
	if (ret == 0)
		ret = ssh_flow(&a, &flow, &have_ssh);
	if (ret) {
		free(a.files);
		return ret < 0 ? 0 : ret;
	}
	o.ssh = have_ssh ? &flow : NULL;
	/* Best effort: without seccomp, check still opens nothing itself. */
	nosocket_install();
	diags_init(&d);
	ret = check_files(a.files, a.nfiles, &o, &d);
	/* The report quotes the files: print it before freeing them. */
	ret = report_and_exit(&a, &d, ret);
	diags_free(&d);
	check_files_free(a.files, a.nfiles);
	free(a.files);
	return ret;
}
