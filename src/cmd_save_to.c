// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `nfcommit save --to FILE' and `--to-config': the crash-safe save of
 * save_atomic.c, for one family or both.  cmd_save() hands over to this
 * when it sees either option.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "save_atomic.h"
#include "save_common.h"
#include "svc.h"

struct save_to_args {
	struct svc_files files;
	struct save_what w;
	bool to_config;
	bool force;
	bool allow_empty;
	long keep; /* -1: SAVE_GENERATIONS */
	int verbose;
};

static void save_to_usage(FILE *out)
{
	fputs("Usage: nfcommit save [-4|-6] --to FILE [OPTIONS]\n"
	      "       nfcommit save -4 --to FILE4 -6 --to FILE6 [OPTIONS]\n"
	      "       nfcommit save [-4|-6] --to-config [OPTIONS]\n"
	      "\n"
	      "Write the live ruleset to FILE crash-safely: a temporary file in the same\n"
	      "directory, fsync, read back and checked, previous versions kept as\n"
	      "FILE.1 ... FILE.N, renamed into place, mode 0600.\n"
	      "\n"
	      "  -4, --ipv4           the next --to is for IPv4 (default)\n"
	      "  -6, --ipv6           the next --to is for IPv6\n"
	      "      --to=FILE        write to FILE\n"
	      "      --to-config      write to RULES_V4 / RULES_V6 of nfcommit.conf(5)\n"
	      "      --keep=N         keep N previous versions (default SAVE_GENERATIONS)\n"
	      "      --allow-empty    write the file even when no table is loaded\n"
	      "      --force          write even while a stand-in (the boot fallback,\n"
	      "                       panic or flush) is live instead of your rules\n"
	      "      --backend=NAME   instead of BACKEND\n"
	      "  -c, --counters       save counters (default COUNTERS)\n"
	      "  -t, --table=NAME     only table NAME\n"
	      "  -v, --verbose        say what is done\n"
	      "  -h, --help           this text\n",
	      out);
}

bool save_to_wanted(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--to") == 0 ||
		    strncmp(argv[i], "--to=", 5) == 0 ||
		    strcmp(argv[i], "--to-config") == 0)
			return true;
	return false;
}

static int parse_keep(const char *arg, long *keep)
{
	char *end;

	*keep = strtol(arg, &end, 10);
	if (*end || end == arg || *keep < 0 || *keep > NFC_SAVE_GENERATIONS_MAX) {
		fprintf(stderr, "nfcommit save: --keep takes 0 to %d, not `%s'\n",
			NFC_SAVE_GENERATIONS_MAX, arg);
		return -1;
	}
	return 0;
}

static int save_to_options(int argc, char **argv, struct save_to_args *a)
{
	enum { O_TO = 256, O_TO_CONFIG, O_KEEP, O_FORCE, O_EMPTY };
	static const struct option opts[] = {
		{ "ipv4", 0, NULL, '4' },
		{ "ipv6", 0, NULL, '6' },
		{ "to", 1, NULL, O_TO },
		{ "to-config", 0, NULL, O_TO_CONFIG },
		{ "keep", 1, NULL, O_KEEP },
		{ "force", 0, NULL, O_FORCE },
		{ "allow-empty", 0, NULL, O_EMPTY },
		SAVE_WHAT_LONG_OPTIONS,
		{ "verbose", 0, NULL, 'v' },
		{ "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "46ct:vh", opts, NULL)) != -1) {
		switch (c) {
		case '4':
		case '6':
			svc_files_family(&a->files, c == '4' ? NFC_IPV4 : NFC_IPV6);
			break;
		case O_TO:
			if (svc_files_add(&a->files, "save", optarg))
				return NFC_EXIT_INPUT;
			break;
		case O_TO_CONFIG:
			a->to_config = true;
			break;
		case O_KEEP:
			if (parse_keep(optarg, &a->keep) < 0)
				return NFC_EXIT_INPUT;
			break;
		case O_FORCE:
			a->force = true;
			break;
		case O_EMPTY:
			a->allow_empty = true;
			break;
		case 'v':
			a->verbose++;
			break;
		case 'h':
			save_to_usage(stdout);
			return -1;
		default:
			if (save_what_opt(&a->w, c, optarg) == 0)
				break;
			print_try_help("save");
			return NFC_EXIT_INPUT;
		}
	}
	if (no_more_args("save", argc, argv))
		return NFC_EXIT_INPUT;
	if (a->to_config && (a->files.file[0] || a->files.file[1])) {
		fputs("nfcommit save: --to-config and --to do not mix\n", stderr);
		return NFC_EXIT_INPUT;
	}
	return 0;
}

int save_to_config_files(const struct nfc_config *c, const bool fam[NFC_NFAMILIES],
			 const struct save_to_opts *o)
{
	struct save_req r = {
		.backend = o->backend ? o->backend : c->backend,
		.table = o->table,
		.counters = o->counters || c->counters,
		.generations = o->keep >= 0 ? (unsigned int)o->keep
					    : c->save_generations,
		.allow_empty = o->allow_empty,
		.verbose = o->verbose,
	};
	unsigned int i;
	int ret = 0, r1;

	for (i = 0; i < NFC_NFAMILIES; i++) {
		if (!fam[i])
			continue;
		r.family = idx_fam(i);
		r.path = o->files[i] ? o->files[i] : c->rules[i];
		if (!r.path) {
			fprintf(stderr, "nfcommit save: RULES_V%c is empty in %s: no %s file to write\n",
				i ? '6' : '4', config_path(), svc_fam(i));
			ret = ret ? ret : NFC_EXIT_INPUT;
			continue;
		}
		if (o->guard_stand_in && !o->force && svc_stand_in(r.family)) {
			fprintf(stderr,
				"nfcommit save: the live %s ruleset is a stand-in (%s), not your rules: %s was NOT written (--force writes it anyway)\n",
				svc_fam(i), svc_stand_in(r.family), r.path);
			ret = ret ? ret : NFC_EXIT_FAIL;
			continue;
		}
		r1 = save_atomic(&r);
		if (r1 && !ret)
			ret = r1;
	}
	return ret;
}

int cmd_save_to(int argc, char **argv)
{
	struct save_to_args a = { .keep = -1 };
	struct nfc_config c;
	struct save_to_opts o;
	bool fam[NFC_NFAMILIES];
	unsigned int i;
	int ret, cfgret;

	svc_files_init(&a.files);
	ret = save_to_options(argc, argv, &a);
	if (ret)
		return ret < 0 ? 0 : ret;
	cfgret = config_load(&c, NULL);
	if (cfgret == NFC_EXIT_RESOURCE || (cfgret && a.to_config)) {
		config_free(&c);
		return cfgret;
	}
	o = (struct save_to_opts){
		.backend = a.w.backend, .table = a.w.table,
		.counters = a.w.counters,
		.keep = a.keep, .allow_empty = a.allow_empty,
		.guard_stand_in = true, .force = a.force,
		.verbose = a.verbose,
	};
	for (i = 0; i < NFC_NFAMILIES; i++) {
		o.files[i] = a.files.file[i];
		/* --to alone: IPv4, the family save defaults to. */
		fam[i] = a.to_config ? (a.files.sel[0] || a.files.sel[1]
						? a.files.sel[i]
						: c.rules[i] != NULL)
				     : a.files.file[i] != NULL;
	}
	if (!a.to_config && !fam[0] && !fam[1]) {
		fputs("nfcommit save: --to needs a FILE\n", stderr);
		ret = NFC_EXIT_INPUT;
	} else {
		ret = save_to_config_files(&c, fam, &o);
	}
	config_free(&c);
	return ret;
}
