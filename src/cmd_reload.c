// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * reload: load the rules files again while the machine runs.  Unlike
 * boot there is no fallback: files that do not verify leave the live
 * rules exactly as they are.  By default (RELOAD_KEEP_FOREIGN=yes) only
 * the chains the files declare are replaced, so the chains other programs
 * keep in the same tables (docker, libvirt, fail2ban, kube) survive.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cmd.h"
#include "rulegen.h"
#include "source.h"
#include "svc_opts.h"

#define MAX_TABLES 16

struct reload_args {
	struct svc_opts o;
	int keep_foreign; /* -1: RELOAD_KEEP_FOREIGN */
};

static void reload_usage(FILE *out)
{
	fputs("Usage: nfcommit reload [-4 [FILE4]] [-6 [FILE6]] [--[no-]keep-foreign]\n"
	      "                       [--backend=NAME] [-c] [-w[SECONDS]] [-v]\n"
	      "\n"
	      "Load the configured rules files again, IPv4 and IPv6 in one transaction.\n"
	      "Files that fail the checks of `nfcommit check' change nothing.\n"
	      "\n"
	      "  -4, --ipv4 [FILE]      IPv4 only, from FILE instead of RULES_V4\n"
	      "  -6, --ipv6 [FILE]      IPv6 only, from FILE instead of RULES_V6\n"
	      "      --keep-foreign     replace only the chains the files declare; other\n"
	      "                         chains and tables stay (RELOAD_KEEP_FOREIGN=yes)\n"
	      "      --no-keep-foreign  replace the tables the files name whole and empty\n"
	      "                         every other loaded table, as a fresh boot would\n"
	      "      --backend=NAME     instead of BACKEND\n"
	      "  -c, --counters         restore counters (as COUNTERS=yes)\n"
	      "  -w, --wait[=SECONDS]   xtables lock wait, instead of LOCK_WAIT\n"
	      "  -v, --verbose          say what is done\n"
	      "  -h, --help             this text\n",
	      out);
}

static int reload_options(int argc, char **argv, struct reload_args *a)
{
	enum { O_KEEP = 256, O_NO_KEEP };
	static const struct option opts[] = {
		SVC_LONG_OPTIONS,
		{ "keep-foreign", 0, NULL, O_KEEP },
		{ "no-keep-foreign", 0, NULL, O_NO_KEEP },
		{ "counters", 0, NULL, 'c' },
		{ "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret;

	while ((c = getopt_long(argc, argv, "-46cw::vh", opts, NULL)) != -1) {
		switch (c) {
		case O_KEEP:
		case O_NO_KEEP:
			a->keep_foreign = c == O_KEEP;
			break;
		case 'h':
			reload_usage(stdout);
			return -1;
		default:
			ret = svc_opt(&a->o, "reload", c, optarg);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* Is table `name' the subject of a "*name" line of src? */
static bool names_table(const struct nfc_source *src, const char *name)
{
	size_t n = strlen(name);
	const char *p = src->buf, *end = src->buf + src->len;

	while (p && p < end) {
		if (*p == '*' && (size_t)(end - p) > n &&
		    strncmp(p + 1, name, n) == 0 &&
		    (p + 1 + n == end || strchr(" \t\n", p[1 + n])))
			return true;
		p = memchr(p, '\n', (size_t)(end - p));
		if (p)
			p++;
	}
	return false;
}

/*
 * RELOAD_KEEP_FOREIGN=no: the file, followed by an empty open image of
 * every loaded table the file does not name, as one input.  The file
 * comes first so that diagnostics keep its line numbers.
 */
static int whole_text(struct nfc_backend *b, enum nfc_family family,
		      const char *path, char **out)
{
	char names[MAX_TABLES][NFC_NAME_MAX], msg[256];
	unsigned int n, i, m = 0;
	struct nfc_source src;
	char *extra = NULL;
	int ret;

	*out = NULL;
	if (source_read(&src, path, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "nfcommit reload: %s: %s\n", path, msg);
		return NFC_EXIT_INPUT;
	}
	if (b->ops->list_tables(b, family, names, MAX_TABLES, &n) < 0) {
		fprintf(stderr, "nfcommit reload: %s\n", b->err);
		source_free(&src);
		return NFC_EXIT_FAIL;
	}
	for (i = 0; i < n; i++)
		if (!names_table(&src, names[i]))
			memcpy(names[m++], names[i], NFC_NAME_MAX);
	ret = NFC_EXIT_RESOURCE;
	extra = rulegen_open(family, names, m);
	if (extra && asprintf(out, "%s%s%s", src.buf,
			      src.len && src.buf[src.len - 1] != '\n' ? "\n" : "",
			      m ? extra : "") >= 0)
		ret = 0;
	else
		*out = NULL;
	free(extra);
	source_free(&src);
	return ret;
}

static int reload_load(const bool fam[NFC_NFAMILIES],
		       const char *file[NFC_NFAMILIES], struct engine_opts *eo,
		       bool keep_foreign)
{
	struct engine_input in[ENGINE_MAX_INPUTS];
	char *text[NFC_NFAMILIES] = { NULL, NULL };
	struct nfc_backend b;
	struct nfc_diags d;
	unsigned int i, n = 0;
	int ret = 0;

	memset(&b, 0, sizeof(b));
	eo->keep_foreign = keep_foreign;
	if (!keep_foreign && backend_open(&b, eo->backend) < 0) {
		fprintf(stderr, "nfcommit reload: %s\n", b.err);
		return NFC_EXIT_INPUT;
	}
	for (i = 0; i < NFC_NFAMILIES && ret == 0; i++) {
		if (!fam[i])
			continue;
		in[n] = (struct engine_input){ .family = idx_fam(i),
					       .path = file[i] };
		if (!keep_foreign) {
			ret = whole_text(&b, idx_fam(i), file[i], &text[i]);
			in[n].text = text[i];
			in[n].name = file[i];
		}
		n++;
	}
	if (!keep_foreign)
		backend_close(&b);
	if (ret == 0) {
		diags_init(&d);
		ret = engine_restore(in, n, eo, &d);
	}
	for (i = 0; i < NFC_NFAMILIES; i++)
		free(text[i]);
	return ret;
}

int cmd_reload(int argc, char **argv)
{
	struct reload_args a = { .keep_foreign = -1 };
	const char *file[NFC_NFAMILIES] = { NULL, NULL };
	struct engine_opts eo;
	struct nfc_config c;
	struct svc_log l;
	bool fam[NFC_NFAMILIES];
	unsigned int i;
	int ret;

	svc_opts_init(&a.o);
	ret = reload_options(argc, argv, &a);
	if (ret)
		return ret < 0 ? 0 : ret;
	ret = config_load(&c, NULL);
	if (ret) {
		fputs("nfcommit reload: nothing was changed\n", stderr);
		config_free(&c);
		return ret;
	}
	svc_log_open(&l, "reload", a.o.verbose);
	svc_opts_engine(&a.o, &c, &eo);
	eo.counters |= a.o.over.counters;
	svc_families(&a.o.files, &c, fam);
	if (fam[1] && !svc_ipv6_available()) {
		svc_log(&l, LOG_WARNING, "this kernel has no IPv6: the IPv6 rules are not loaded");
		fam[1] = false;
	}
	for (i = 0; i < NFC_NFAMILIES && ret == 0; i++) {
		if (!fam[i])
			continue;
		file[i] = a.o.files.file[i] ? a.o.files.file[i] : c.rules[i];
		if (!file[i]) {
			fprintf(stderr, "nfcommit reload: no %s rules file: RULES_V%c is empty; name one with -%c FILE\n",
				svc_fam(i), i ? '6' : '4', i ? '6' : '4');
			ret = NFC_EXIT_INPUT;
		} else {
			ret = svc_verify(&l, idx_fam(i), file[i]);
		}
	}
	if (ret == 0 && (fam[0] || fam[1]))
		ret = reload_load(fam, file, &eo,
				  a.keep_foreign >= 0 ? a.keep_foreign
						      : c.reload_keep_foreign);
	if (ret) {
		svc_log(&l, LOG_ERR, "the rules were NOT reloaded: the live rules are unchanged");
	} else {
		for (i = 0; i < NFC_NFAMILIES; i++)
			if (fam[i]) {
				svc_stand_in_set(idx_fam(i), STAND_IN_NONE);
				svc_log(&l, LOG_INFO, "reloaded the %s rules from %s",
					svc_fam(i), file[i]);
			}
	}
	svc_log_close();
	config_free(&c);
	return ret;
}
