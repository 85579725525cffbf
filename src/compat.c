// SPDX-License-Identifier: GPL-2.0-or-later
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "nfcommit.h"

enum tool { T_RESTORE, T_SAVE, T_APPLY };

struct compat_tool {
	const char *name;
	enum tool tool;
	enum nfc_family family;
};

static const struct compat_tool tools[] = {
	{ "iptables-restore", T_RESTORE, NFC_IPV4 },
	{ "ip6tables-restore", T_RESTORE, NFC_IPV6 },
	{ "iptables-save", T_SAVE, NFC_IPV4 },
	{ "ip6tables-save", T_SAVE, NFC_IPV6 },
	{ "iptables-apply", T_APPLY, NFC_IPV4 },
	{ "ip6tables-apply", T_APPLY, NFC_IPV6 },
};

/* iptables-apply's default rules files. */
#define APPLY_DEFAULT4 "/etc/network/iptables.up.rules"
#define APPLY_DEFAULT6 "/etc/network/ip6tables.up.rules"

/* Arguments of the translated command line: the original ones can at most
 * double (an option and its value), plus the program, the command and
 * the family. */
#define EXTRA_ARGS 4

/* The translated command line; it owns every string in it. */
struct out {
	char **v;
	int n;
	bool nomem;
};

static void push_owned(struct out *o, char *s)
{
	if (!s)
		o->nomem = true;
	else
		o->v[o->n++] = s;
	o->v[o->n] = NULL;
}

static void push(struct out *o, const char *s)
{
	push_owned(o, strdup(s));
}

static const struct compat_tool *find_tool(const char *argv0)
{
	const char *base = argv0 ? strrchr(argv0, '/') : NULL;
	unsigned int i;

	base = base ? base + 1 : argv0;
	for (i = 0; base && i < NFC_ARRAY_SIZE(tools); i++)
		if (strcmp(base, tools[i].name) == 0)
			return &tools[i];
	return NULL;
}

void compat_free(char **argv)
{
	char **p;

	for (p = argv; p && *p; p++)
		free(*p);
	free(argv);
}

const char *compat_name(const char *argv0)
{
	const struct compat_tool *t = find_tool(argv0);

	return t ? t->name : NULL;
}

static void help(const struct compat_tool *t)
{
	switch (t->tool) {
	case T_RESTORE:
		printf("Usage: %s [-c] [-v] [-V] [-t] [-h] [-n] [-w[SECONDS]] [-W USECS]\n"
		       "       [-M COMMAND] [-T TABLE] [FILE]\n"
		       "\n"
		       "nfcommit in the role of %s: every table of FILE (or stdin) is\n"
		       "loaded, all or none.  See nfcommit(8), `nfcommit restore'.\n",
		       t->name, t->name);
		break;
	case T_SAVE:
		printf("Usage: %s [-c] [-t TABLE] [-f FILE] [-M COMMAND] [-V] [-h]\n"
		       "\n"
		       "nfcommit in the role of %s.  See nfcommit(8), `nfcommit save'.\n",
		       t->name, t->name);
		break;
	case T_APPLY:
		printf("Usage: %s [-t SECONDS] [-h] [-V] [RULESFILE]\n"
		       "\n"
		       "nfcommit in the role of %s: load RULESFILE (default %s)\n"
		       "and roll back unless confirmed in time.  See `nfcommit apply'.\n",
		       t->name, t->name,
		       t->family == NFC_IPV6 ? APPLY_DEFAULT6 : APPLY_DEFAULT4);
		break;
	}
}

/* -w takes its value attached ("-w5", "--wait=5") or, as iptables
 * allows, as the next word when that is a number. */
static char *wait_arg(int argc, char **argv)
{
	char *s;

	if (!optarg && optind < argc && argv[optind][0] &&
	    strspn(argv[optind], "0123456789") == strlen(argv[optind]))
		optarg = argv[optind++];
	if (!optarg)
		return strdup("--wait");
	return asprintf(&s, "--wait=%s", optarg) < 0 ? NULL : s;
}

static int restore_args(int argc, char **argv, struct out *o, int *code)
{
	static const struct option opts[] = {
		{ "binary", 0, NULL, 'b' },   { "counters", 0, NULL, 'c' },
		{ "verbose", 0, NULL, 'v' },  { "version", 0, NULL, 'V' },
		{ "test", 0, NULL, 't' },     { "help", 0, NULL, 'h' },
		{ "noflush", 0, NULL, 'n' },  { "modprobe", 1, NULL, 'M' },
		{ "table", 1, NULL, 'T' },    { "wait", 2, NULL, 'w' },
		{ "wait-interval", 1, NULL, 'W' },
		{ NULL, 0, NULL, 0 },
	};
	char *s;
	int c;

	while ((c = getopt_long(argc, argv, "bcvVthnM:T:w::W:", opts, NULL)) != -1) {
		switch (c) {
		case 'b': /* binary mode was never implemented upstream either */
		case 'M': /* nfcommit lets the kernel load modules */
		case 'W': /* nfcommit polls the lock at its own interval */
			break;
		case 'c':
			push(o, "-c");
			break;
		case 'v':
			push(o, "-v");
			break;
		case 't':
			push(o, "-t");
			break;
		case 'n':
			push(o, "-n");
			break;
		case 'T':
			if (asprintf(&s, "--table=%s", optarg) < 0)
				return -1;
			push_owned(o, s);
			break;
		case 'w':
			s = wait_arg(argc, argv);
			if (!s)
				return -1;
			push_owned(o, s);
			break;
		default:
			*code = NFC_EXIT_INPUT;
			return 1;
		}
	}
	if (optind < argc - 1) {
		fprintf(stderr, "%s: too many arguments (one rules file at most)\n",
			argv[0]);
		*code = NFC_EXIT_INPUT;
		return 1;
	}
	if (optind < argc)
		push(o, argv[optind]);
	return 0;
}

static int save_args(int argc, char **argv, struct out *o, int *code)
{
	static const struct option opts[] = {
		{ "binary", 0, NULL, 'b' },  { "counters", 0, NULL, 'c' },
		{ "dump", 0, NULL, 'd' },    { "table", 1, NULL, 't' },
		{ "modprobe", 1, NULL, 'M' }, { "file", 1, NULL, 'f' },
		{ "version", 0, NULL, 'V' }, { "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *s;
	int c;

	while ((c = getopt_long(argc, argv, "bcdt:M:f:Vh", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
		case 'd':
		case 'M':
			break;
		case 'c':
			push(o, "-c");
			break;
		case 't':
		case 'f':
			if (asprintf(&s, "--%s=%s", c == 't' ? "table" : "output",
				     optarg) < 0)
				return -1;
			push_owned(o, s);
			break;
		default:
			*code = NFC_EXIT_INPUT;
			return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument `%s'\n", argv[0],
			argv[optind]);
		*code = NFC_EXIT_INPUT;
		return 1;
	}
	return 0;
}

static int apply_args(const struct compat_tool *t, int argc, char **argv,
		      struct out *o, int *code)
{
	static const struct option opts[] = {
		{ "timeout", 1, NULL, 't' }, { "write", 1, NULL, 'w' },
		{ "command", 1, NULL, 'c' }, { "version", 0, NULL, 'V' },
		{ "help", 0, NULL, 'h' },    { NULL, 0, NULL, 0 },
	};
	char *s;
	int c;

	while ((c = getopt_long(argc, argv, "t:w:c:Vh", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (asprintf(&s, "--timeout=%s", optarg) < 0)
				return -1;
			push_owned(o, s);
			break;
		case 'w':
		case 'c':
			fprintf(stderr,
				"%s: not yet: -%c is not supported in nfcommit's %s; use `nfcommit apply' (--persist saves confirmed rules for boot)\n",
				t->name, c, t->name);
			*code = NFC_EXIT_INPUT;
			return 1;
		default:
			*code = NFC_EXIT_INPUT;
			return 1;
		}
	}
	if (optind < argc - 1) {
		fprintf(stderr, "%s: too many arguments (one rules file at most)\n",
			t->name);
		*code = NFC_EXIT_INPUT;
		return 1;
	}
	push(o, optind < argc ? argv[optind]
			      : t->family == NFC_IPV6 ? APPLY_DEFAULT6 : APPLY_DEFAULT4);
	return 0;
}

/* -h and -V are answered here, in the tool's own words. */
static bool answer_help_version(const struct compat_tool *t, int argc,
				char **argv, int *code)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			help(t);
			*code = 0;
			return true;
		}
		if (strcmp(argv[i], "-V") == 0 ||
		    strcmp(argv[i], "--version") == 0) {
			printf("%s (nfcommit) %s\n", t->name, PACKAGE_VERSION);
			*code = 0;
			return true;
		}
	}
	return false;
}

enum compat_result compat_translate(int argc, char **argv, int *nargc,
				    char ***nargv, int *code)
{
	const struct compat_tool *t = find_tool(argv[0]);
	struct out o;
	int ret;

	if (!t)
		return COMPAT_NONE;
	if (answer_help_version(t, argc, argv, code))
		return COMPAT_DONE;
	o.v = calloc((size_t)argc * 2 + EXTRA_ARGS, sizeof(*o.v));
	if (!o.v) {
		*code = NFC_EXIT_RESOURCE;
		return COMPAT_DONE;
	}
	o.n = 0;
	o.nomem = false;
	push(&o, "nfcommit");
	push(&o, t->tool == T_RESTORE ? "restore"
		 : t->tool == T_SAVE  ? "save"
				      : "apply");
	push(&o, t->family == NFC_IPV6 ? "-6" : "-4");
	if (t->tool == T_RESTORE)
		ret = restore_args(argc, argv, &o, code);
	else if (t->tool == T_SAVE)
		ret = save_args(argc, argv, &o, code);
	else
		ret = apply_args(t, argc, argv, &o, code);
	/* The command parses its own options from the start again. */
	optind = 0;
	if (ret == 0 && o.nomem)
		ret = -1;
	if (ret < 0) {
		fprintf(stderr, "%s: out of memory\n", t->name);
		*code = NFC_EXIT_RESOURCE;
	}
	if (ret) {
		if (ret > 0 && *code == NFC_EXIT_INPUT)
			fprintf(stderr, "Try `%s -h' for more information.\n",
				t->name);
		compat_free(o.v);
		return COMPAT_DONE;
	}
	*nargc = o.n;
	*nargv = o.v;
	return COMPAT_ARGV;
}
