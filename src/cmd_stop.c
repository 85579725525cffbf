// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stop: what the services run when they stop (at shutdown, or by hand).
 * By default it changes nothing: the rules stay loaded, so that a package
 * upgrade or a stop before a restart never opens the machine.  With
 * SAVE_ON_STOP the live rules are saved to the rules files, crash-safely,
 * unless a stand-in (boot fallback, panic, flush) is live; with
 * FLUSH_ON_STOP the firewall is opened afterwards.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "svc_opts.h"

struct stop_args {
	struct svc_opts o;
	int save;  /* -1: SAVE_ON_STOP */
	int flush; /* -1: FLUSH_ON_STOP */
};

static void stop_usage(FILE *out)
{
	fputs("Usage: nfcommit stop [-4 [FILE4]] [-6 [FILE6]] [--[no-]save] [--[no-]flush]\n"
	      "                     [--backend=NAME] [-c] [-w[SECONDS]] [-v]\n"
	      "\n"
	      "What the services do when they stop: save the live rules to the rules\n"
	      "files when SAVE_ON_STOP=yes (crash-safely, as save --to does), then open\n"
	      "the firewall when FLUSH_ON_STOP=yes.  Both default to no: the rules stay.\n"
	      "\n"
	      "  -4, --ipv4 [FILE]    IPv4 only, FILE instead of RULES_V4\n"
	      "  -6, --ipv6 [FILE]    IPv6 only, FILE instead of RULES_V6\n"
	      "      --save, --no-save    override SAVE_ON_STOP\n"
	      "      --flush, --no-flush  override FLUSH_ON_STOP\n"
	      "      --backend=NAME   instead of BACKEND\n"
	      "  -c, --counters       save counters (as COUNTERS=yes)\n"
	      "  -w, --wait[=SECONDS] xtables lock wait for the flush, instead of LOCK_WAIT\n"
	      "  -v, --verbose        say what is done\n"
	      "  -h, --help           this text\n",
	      out);
}

static int stop_options(int argc, char **argv, struct stop_args *a)
{
	enum { O_SAVE = 256, O_NO_SAVE, O_FLUSH, O_NO_FLUSH };
	static const struct option opts[] = {
		SVC_LONG_OPTIONS,
		{ "save", 0, NULL, O_SAVE },
		{ "no-save", 0, NULL, O_NO_SAVE },
		{ "flush", 0, NULL, O_FLUSH },
		{ "no-flush", 0, NULL, O_NO_FLUSH },
		{ "counters", 0, NULL, 'c' },
		{ "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret;

	while ((c = getopt_long(argc, argv, "-46cw::vh", opts, NULL)) != -1) {
		switch (c) {
		case O_SAVE:
		case O_NO_SAVE:
			a->save = c == O_SAVE;
			break;
		case O_FLUSH:
		case O_NO_FLUSH:
			a->flush = c == O_FLUSH;
			break;
		case 'h':
			stop_usage(stdout);
			return -1;
		default:
			ret = svc_opt(&a->o, "stop", c, optarg);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int cmd_stop(int argc, char **argv)
{
	struct stop_args a = { .save = -1, .flush = -1 };
	struct save_to_opts so = { .keep = -1, .guard_stand_in = true };
	struct engine_opts eo;
	struct nfc_config c;
	struct svc_log l;
	bool fam[NFC_NFAMILIES], save, flush;
	int ret, r;

	svc_opts_init(&a.o);
	ret = stop_options(argc, argv, &a);
	if (ret)
		return ret < 0 ? 0 : ret;
	ret = config_load(&c, NULL);
	if (ret) {
		fputs("nfcommit stop: nothing was saved or flushed\n", stderr);
		config_free(&c);
		return ret;
	}
	svc_log_open(&l, "stop", a.o.verbose);
	save = a.save >= 0 ? a.save : c.save_on_stop;
	flush = a.flush >= 0 ? a.flush : c.flush_on_stop;
	svc_families(&a.o.files, &c, fam);
	if (fam[1] && !svc_ipv6_available())
		fam[1] = false;
	if (save) {
		so.files[0] = a.o.files.file[0];
		so.files[1] = a.o.files.file[1];
		so.backend = a.o.over.backend;
		so.counters = a.o.over.counters;
		so.verbose = a.o.verbose;
		ret = save_to_config_files(&c, fam, &so);
		if (ret)
			svc_log(&l, LOG_ERR, "the rules were NOT saved");
	}
	if (flush) {
		svc_opts_engine(&a.o, &c, &eo);
		r = svc_flush(fam, &eo, &l);
		if (r && !ret)
			ret = r;
	}
	if (!save && !flush)
		svc_log(&l, LOG_INFO,
			"the rules stay loaded (SAVE_ON_STOP=no, FLUSH_ON_STOP=no)");
	svc_log_close();
	config_free(&c);
	return ret;
}
