// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * panic and flush: the two ends of the scale, each one transaction over
 * both families, written as rules text in memory and loaded through the
 * engine like any file.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cmd.h"
#include "rulegen.h"
#include "svc_opts.h"
#include "txn.h"

#define MAX_TABLES 16
#define PORT_MAX 65535

struct pf_args {
	const char *cmd;
	struct svc_opts o;
	bool allow_ssh;
	unsigned int ssh_port;
};

static void pf_usage(const char *cmd, FILE *out)
{
	if (strcmp(cmd, "panic") == 0)
		fputs("Usage: nfcommit panic [-4|-6] [--allow-ssh[=PORT]] [--backend=NAME]\n"
		      "                      [-w[SECONDS]] [-v]\n"
		      "\n"
		      "Drop every packet but loopback, in one transaction: the filter, raw and\n"
		      "mangle tables of both families get DROP policies and no other rules;\n"
		      "nat is left alone.\n"
		      "\n"
		      "      --allow-ssh[=PORT]  keep established connections to the local SSH\n"
		      "                          server (port 22 unless PORT) working\n",
		      out);
	else
		fputs("Usage: nfcommit flush [-4|-6] [--backend=NAME] [-w[SECONDS]] [-v]\n"
		      "\n"
		      "Open the firewall, in one transaction: every loaded table of both\n"
		      "families (as the backend lists them) gets ACCEPT policies and no rules\n"
		      "or user-defined chains.\n"
		      "\n",
		      out);
	fputs("  -4, --ipv4             IPv4 only\n"
	      "  -6, --ipv6             IPv6 only\n"
	      "      --backend=NAME     instead of BACKEND of nfcommit.conf(5)\n"
	      "  -w, --wait[=SECONDS]   xtables lock wait, instead of LOCK_WAIT\n"
	      "  -v, --verbose          say what is done\n"
	      "  -h, --help             this text\n",
	      out);
}

static int parse_port(const char *arg, unsigned int *port)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*end || end == arg || v < 1 || v > PORT_MAX) {
		fprintf(stderr, "nfcommit panic: --allow-ssh takes a port number, not `%s'\n",
			arg);
		return -1;
	}
	*port = (unsigned int)v;
	return 0;
}

static int pf_options(int argc, char **argv, struct pf_args *a)
{
	enum { O_SSH = 256 };
	static const struct option opts[] = {
		SVC_LONG_OPTIONS,
		{ "allow-ssh", 2, NULL, O_SSH },
		{ "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool panic = strcmp(a->cmd, "panic") == 0;
	int c, ret;

	while ((c = getopt_long(argc, argv, "46w::vh", opts, NULL)) != -1) {
		switch (c) {
		case O_SSH:
			if (!panic) {
				print_try_help(a->cmd);
				return NFC_EXIT_INPUT;
			}
			a->allow_ssh = true;
			if (optarg && parse_port(optarg, &a->ssh_port) < 0)
				return NFC_EXIT_INPUT;
			break;
		case 'h':
			pf_usage(a->cmd, stdout);
			return -1;
		default:
			ret = svc_opt(&a->o, a->cmd, c, optarg);
			if (ret)
				return ret;
		}
	}
	return no_more_args(a->cmd, argc, argv);
}

/* Options, configuration, families: what panic and flush both need. */
static int pf_setup(int argc, char **argv, struct pf_args *a,
		    struct nfc_config *c, struct engine_opts *eo,
		    bool fam[NFC_NFAMILIES], struct svc_log *l)
{
	int ret;

	memset(c, 0, sizeof(*c));
	svc_opts_init(&a->o);
	ret = pf_options(argc, argv, a);
	if (ret)
		return ret;
	/* A broken configuration must not stop a panic: its errors are
	 * shown and the defaults used. */
	if (config_load(c, NULL) == NFC_EXIT_RESOURCE)
		return NFC_EXIT_RESOURCE;
	svc_log_open(l, a->cmd, a->o.verbose);
	svc_opts_engine(&a->o, c, eo);
	fam[0] = a->o.files.sel[0] || !a->o.files.sel[1];
	fam[1] = a->o.files.sel[1] || !a->o.files.sel[0];
	if (fam[1] && !svc_ipv6_available()) {
		svc_log(l, a->o.files.sel[1] ? LOG_ERR : LOG_INFO,
			"this kernel has no IPv6: only IPv4 is handled");
		fam[1] = false;
		if (a->o.files.sel[1] && !a->o.files.sel[0])
			return NFC_EXIT_FAIL;
	}
	return 0;
}

static int load_texts(char *text[NFC_NFAMILIES], const char *what,
		      const struct engine_opts *eo)
{
	struct engine_input in[ENGINE_MAX_INPUTS];
	struct nfc_diags d;
	unsigned int i, n = 0;
	int ret;

	for (i = 0; i < NFC_NFAMILIES; i++)
		if (text[i])
			in[n++] = (struct engine_input){
				.family = idx_fam(i),
				.text = text[i],
				.name = what,
			};
	if (n == 0)
		return 0;
	diags_init(&d);
	ret = engine_restore(in, n, eo, &d);
	/* Once panic or flush is live, a pending apply's guardian must not
	 * roll back over it. */
	if (ret == 0 && !eo->test)
		txn_supersede(what);
	return ret;
}

int cmd_panic(int argc, char **argv)
{
	struct pf_args a = { .cmd = "panic", .ssh_port = NFC_SSH_PORT };
	char *text[NFC_NFAMILIES] = { NULL, NULL };
	struct engine_opts eo;
	struct nfc_config c;
	struct svc_log l;
	bool fam[NFC_NFAMILIES];
	unsigned int i;
	int ret = pf_setup(argc, argv, &a, &c, &eo, fam, &l);

	if (ret) {
		config_free(&c);
		return ret < 0 ? 0 : ret;
	}
	for (i = 0; i < NFC_NFAMILIES && ret == 0; i++)
		if (fam[i] && !(text[i] = rulegen_panic(idx_fam(i), a.allow_ssh,
							a.ssh_port)))
			ret = NFC_EXIT_RESOURCE;
	if (ret == 0)
		ret = load_texts(text, "<panic ruleset>", &eo);
	for (i = 0; i < NFC_NFAMILIES; i++) {
		if (ret == 0 && fam[i])
			svc_stand_in_set(idx_fam(i), STAND_IN_PANIC);
		free(text[i]);
	}
	if (ret)
		svc_log(&l, LOG_CRIT, "PANIC FAILED: the firewall is unchanged");
	else if (a.allow_ssh)
		svc_log(&l, LOG_ALERT,
			"PANIC: every packet is dropped but loopback and established SSH (port %u)%s",
			a.ssh_port, fam[1] ? "" : "; IPv4 only");
	else
		svc_log(&l, LOG_ALERT,
			"PANIC: every packet is dropped but loopback%s",
			fam[1] ? "" : "; IPv4 only");
	svc_log_close();
	config_free(&c);
	return ret;
}

/* The tables the backend says are loaded: never /proc/net/ip_tables_names
 * alone, which is empty under nf_tables. */
static int open_texts(const bool fam[NFC_NFAMILIES],
		      const struct engine_opts *eo, const struct svc_log *l,
		      char *text[NFC_NFAMILIES])
{
	char names[MAX_TABLES][NFC_NAME_MAX];
	struct nfc_backend b;
	unsigned int i, n;
	int ret = 0;

	if (backend_open(&b, eo->backend) < 0) {
		svc_log(l, LOG_ERR, "%s", b.err);
		return NFC_EXIT_INPUT;
	}
	for (i = 0; i < NFC_NFAMILIES && ret == 0; i++) {
		if (!fam[i])
			continue;
		if (b.ops->list_tables(&b, idx_fam(i), names, MAX_TABLES, &n) < 0) {
			svc_log(l, LOG_ERR, "%s", b.err);
			ret = NFC_EXIT_FAIL;
		} else if (n && !(text[i] = rulegen_open(idx_fam(i), names, n))) {
			ret = NFC_EXIT_RESOURCE;
		}
	}
	backend_close(&b);
	return ret;
}

int svc_flush(const bool fam[NFC_NFAMILIES], const struct engine_opts *eo,
	      const struct svc_log *l)
{
	char *text[NFC_NFAMILIES] = { NULL, NULL };
	unsigned int i;
	int ret = open_texts(fam, eo, l, text);

	if (ret == 0)
		ret = load_texts(text, "<flush ruleset>", eo);
	for (i = 0; i < NFC_NFAMILIES; i++) {
		if (ret == 0 && fam[i])
			svc_stand_in_set(idx_fam(i), STAND_IN_FLUSH);
		free(text[i]);
	}
	if (ret)
		svc_log(l, LOG_ERR, "flush failed: the firewall is unchanged");
	else
		svc_log(l, LOG_NOTICE, "the firewall is open: every %stable accepts everything",
			fam[0] && fam[1] ? "" : fam[0] ? "IPv4 " : "IPv6 ");
	return ret;
}

int cmd_flush(int argc, char **argv)
{
	struct pf_args a = { .cmd = "flush" };
	struct engine_opts eo;
	struct nfc_config c;
	struct svc_log l;
	bool fam[NFC_NFAMILIES];
	int ret = pf_setup(argc, argv, &a, &c, &eo, fam, &l);

	if (ret == 0)
		ret = svc_flush(fam, &eo, &l);
	svc_log_close();
	config_free(&c);
	return ret < 0 ? 0 : ret;
}
