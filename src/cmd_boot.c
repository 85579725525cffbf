// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * boot: what the services run at start.  The rules files are verified as
 * `check' verifies them and then loaded, IPv4 and IPv6 in one
 * transaction.  A file that is missing, broken or refused by the kernel
 * never leaves the machine open by accident: the fallback ruleset is
 * loaded instead, loudly, and the exit status says the boot failed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot_pending.h"
#include "cmd.h"
#include "rulegen.h"
#include "svc_opts.h"

enum choice {
	CH_NONE,          /* nothing for this family */
	CH_FILE,          /* the rules file */
	CH_FALLBACK_FILE, /* the configured fallback file */
	CH_BUILTIN,       /* the emergency ruleset built in */
};

struct boot {
	struct nfc_config cfg;
	struct engine_opts eo;
	struct svc_log log;
	bool fam[NFC_NFAMILIES];
	const char *file[NFC_NFAMILIES];
	enum choice ch[NFC_NFAMILIES];
	struct boot_pending pending; /* owns the files it names */
};

static void boot_usage(FILE *out)
{
	fputs("Usage: nfcommit boot [-4 [FILE4]] [-6 [FILE6]] [--backend=NAME] [-c]\n"
	      "                     [-w[SECONDS]] [-v]\n"
	      "\n"
	      "Load the configured rules files at boot (see nfcommit.conf(5)): verify\n"
	      "them as `nfcommit check' does, then load IPv4 and IPv6 in one\n"
	      "transaction.  When a file is missing or broken, or the kernel refuses\n"
	      "it, the fallback ruleset is loaded instead and the exit status is 1:\n"
	      "boot never exits 0 unless the rules files themselves were loaded.\n"
	      "\n"
	      "  -4, --ipv4 [FILE]    IPv4 only, from FILE instead of RULES_V4\n"
	      "  -6, --ipv6 [FILE]    IPv6 only, from FILE instead of RULES_V6\n"
	      "                       (both: -4 FILE4 -6 FILE6; neither: every family\n"
	      "                       the configuration names)\n"
	      "      --backend=NAME   instead of BACKEND\n"
	      "  -c, --counters       restore counters (as COUNTERS=yes)\n"
	      "  -w, --wait[=SECONDS] xtables lock wait, instead of LOCK_WAIT\n"
	      "  -v, --verbose        say what is done\n"
	      "  -h, --help           this text\n",
	      out);
}

static int boot_options(int argc, char **argv, struct svc_opts *o)
{
	static const struct option opts[] = {
		SVC_LONG_OPTIONS,
		{ "counters", 0, NULL, 'c' },
		{ "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret;

	while ((c = getopt_long(argc, argv, "-46cw::vh", opts, NULL)) != -1) {
		if (c == 'h') {
			boot_usage(stdout);
			return -1;
		}
		ret = svc_opt(o, "boot", c, optarg);
		if (ret)
			return ret;
	}
	return 0;
}

static const char *choice_name(const struct boot *b, unsigned int i)
{
	switch (b->ch[i]) {
	case CH_FILE:
		return b->file[i];
	case CH_FALLBACK_FILE:
		return b->cfg.fallback[i];
	case CH_BUILTIN:
		return "the built-in fallback ruleset";
	case CH_NONE:
		break;
	}
	return "nothing";
}

/* One attempt: load what b->ch says, every family in one transaction,
 * each attempt in a process of its own. */
static int load(struct boot *b)
{
	struct engine_input in[ENGINE_MAX_INPUTS];
	char *text[NFC_NFAMILIES] = { NULL, NULL };
	static const char *const names[NFC_NFAMILIES] = {
		"<built-in fallback IPv4>", "<built-in fallback IPv6>"
	};
	unsigned int i, n = 0;
	int ret = 0;

	for (i = 0; i < NFC_NFAMILIES && ret == 0; i++) {
		in[n] = (struct engine_input){ .family = idx_fam(i) };
		switch (b->ch[i]) {
		case CH_NONE:
			continue;
		case CH_FILE:
			in[n].path = b->file[i];
			break;
		case CH_FALLBACK_FILE:
			in[n].path = b->cfg.fallback[i];
			break;
		case CH_BUILTIN:
			text[i] = rulegen_emergency(idx_fam(i));
			if (!text[i])
				ret = NFC_EXIT_RESOURCE;
			in[n].text = text[i];
			in[n].name = names[i];
			break;
		}
		n++;
	}
	if (ret == 0 && n == 0)
		ret = NFC_EXIT_FAIL;
	if (ret == 0)
		ret = svc_restore_forked(in, n, &b->eo);
	for (i = 0; i < NFC_NFAMILIES; i++)
		free(text[i]);
	return ret;
}

/* What a family falls back to: the configured file if it verifies, the
 * built-in ruleset if it does not, nothing if FALLBACK_Vx=none. */
static enum choice fallback_for(struct boot *b, unsigned int i)
{
	const char *fb = b->cfg.fallback[i];

	if (!fb)
		return CH_NONE;
	if (strcmp(fb, NFC_FALLBACK_BUILTIN) == 0)
		return CH_BUILTIN;
	if (svc_verify(&b->log, idx_fam(i), fb) == 0)
		return CH_FALLBACK_FILE;
	svc_log(&b->log, LOG_CRIT,
		"the %s fallback file %s is unusable too: using the built-in fallback ruleset",
		svc_fam(i), fb);
	return CH_BUILTIN;
}

static bool any(const struct boot *b, enum choice ch)
{
	return (b->fam[0] && b->ch[0] == ch) || (b->fam[1] && b->ch[1] == ch);
}

/* Load, and when the kernel refuses, fall back further: the rules files
 * give way to the fallback, a fallback file to the built-in ruleset. */
static int load_with_fallbacks(struct boot *b)
{
	unsigned int i;
	int ret = load(b);

	if (ret && any(b, CH_FILE)) {
		svc_log(&b->log, LOG_CRIT,
			"loading the rules failed: loading the fallback ruleset for every family instead");
		for (i = 0; i < NFC_NFAMILIES; i++)
			if (b->fam[i] && b->ch[i] == CH_FILE)
				b->ch[i] = fallback_for(b, i);
		ret = load(b);
	}
	if (ret && any(b, CH_FALLBACK_FILE)) {
		svc_log(&b->log, LOG_CRIT,
			"loading the fallback files failed: loading the built-in fallback ruleset instead");
		for (i = 0; i < NFC_NFAMILIES; i++)
			if (b->fam[i] && b->ch[i] == CH_FALLBACK_FILE)
				b->ch[i] = CH_BUILTIN;
		ret = load(b);
	}
	return ret;
}

/* Report the outcome, set the fallback markers, pick the exit status. */
static int outcome(struct boot *b, int ret)
{
	unsigned int i;
	bool fell_back = false;

	if (ret) {
		svc_log(&b->log, LOG_CRIT,
			"NOTHING WAS LOADED: the firewall is as it was before boot ran (check the messages above)");
		return ret == NFC_EXIT_RESOURCE ? ret : NFC_EXIT_FAIL;
	}
	for (i = 0; i < NFC_NFAMILIES; i++) {
		if (!b->fam[i])
			continue;
		if (b->ch[i] == CH_FILE) {
			svc_stand_in_set(idx_fam(i), STAND_IN_NONE);
			svc_log(&b->log, LOG_INFO, "loaded the %s rules from %s",
				svc_fam(i), b->file[i]);
			continue;
		}
		fell_back = true;
		if (b->ch[i] == CH_NONE) {
			svc_log(&b->log, LOG_CRIT,
				"%s: the rules were not loaded and no fallback is configured (FALLBACK_V%c=none): %s is left as it was",
				svc_fam(i), i ? '6' : '4', svc_fam(i));
			continue;
		}
		svc_stand_in_set(idx_fam(i), STAND_IN_FALLBACK);
		svc_log(&b->log, LOG_CRIT,
			"FALLBACK ACTIVE: the %s rules (%s) were not loaded; %s is live instead. Fix the file, then run `nfcommit reload'",
			svc_fam(i), b->file[i] ? b->file[i] : "none",
			choice_name(b, i));
	}
	return fell_back ? NFC_EXIT_FAIL : 0;
}

static int plan(struct boot *b, const struct svc_files *f, int cfgret)
{
	struct boot_pending *bp = &b->pending;
	char msg[256];
	unsigned int i;
	int pending;

	svc_families(f, &b->cfg, b->fam);
	for (i = 0; i < NFC_NFAMILIES; i++) {
		if (!b->fam[i])
			continue;
		b->file[i] = f->file[i] ? f->file[i] : b->cfg.rules[i];
		if (!b->file[i]) {
			fprintf(stderr,
				"nfcommit boot: no %s rules file: RULES_V%c is empty in %s; name one with -%c FILE\n",
				svc_fam(i), i ? '6' : '4', config_path(),
				i ? '6' : '4');
			return NFC_EXIT_INPUT;
		}
	}
	if (b->fam[1] && !svc_ipv6_available()) {
		svc_log(&b->log, LOG_WARNING,
			"this kernel has no IPv6 (ipv6.disable=1?): the IPv6 rules are not loaded");
		b->fam[1] = false;
	}
	pending = boot_pending_lookup(&b->cfg, bp, msg, sizeof(msg));
	if (pending < 0)
		svc_log(&b->log, LOG_CRIT,
			"cannot tell whether an apply transaction was left pending: %s",
			msg);
	for (i = 0; i < NFC_NFAMILIES; i++) {
		if (!b->fam[i])
			continue;
		if (pending == BOOT_PENDING_FOUND && bp->path[i]) {
			svc_log(&b->log, LOG_WARNING,
				"an apply transaction was never confirmed: loading the last confirmed %s rules from %s",
				svc_fam(i), bp->path[i]);
			b->file[i] = bp->path[i];
		}
	}
	for (i = 0; i < NFC_NFAMILIES; i++) {
		if (!b->fam[i])
			continue;
		if (cfgret == 0 && pending >= 0 &&
		    svc_verify(&b->log, idx_fam(i), b->file[i]) == 0) {
			b->ch[i] = CH_FILE;
			continue;
		}
		b->ch[i] = fallback_for(b, i);
	}
	return 0;
}

int cmd_boot(int argc, char **argv)
{
	struct svc_opts o;
	struct boot b;
	int cfgret, ret;

	svc_opts_init(&o);
	ret = boot_options(argc, argv, &o);
	if (ret)
		return ret < 0 ? 0 : ret;
	memset(&b, 0, sizeof(b));
	cfgret = config_load(&b.cfg, NULL);
	if (cfgret == NFC_EXIT_RESOURCE)
		return cfgret;
	svc_log_open(&b.log, "boot", o.verbose);
	if (cfgret)
		svc_log(&b.log, LOG_CRIT,
			"the configuration %s is broken: loading the fallback ruleset",
			config_path());
	svc_opts_engine(&o, &b.cfg, &b.eo);
	b.eo.counters |= o.over.counters;
	ret = plan(&b, &o.files, cfgret);
	if (ret == 0 && !b.fam[0] && !b.fam[1])
		svc_log(&b.log, LOG_NOTICE,
			"no family to load (RULES_V4 and RULES_V6 are empty)");
	else if (ret == 0)
		ret = outcome(&b, load_with_fallbacks(&b));
	if (ret == 0 && cfgret)
		ret = NFC_EXIT_FAIL;
	boot_pending_free(&b.pending);
	svc_log_close();
	config_free(&b.cfg);
	return ret;
}
