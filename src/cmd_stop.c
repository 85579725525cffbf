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
#include "svc.h"

struct stop_args {
	struct svc_files files;
	int save;  /* -1: SAVE_ON_STOP */
	int flush; /* -1: FLUSH_ON_STOP */
	struct engine_opts over;
	bool wait_set;
	int verbose;
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
	enum { O_SAVE = 256, O_NO_SAVE, O_FLUSH, O_NO_FLUSH, O_BACKEND };
	static const struct option opts[] = {
		{ "ipv4", 0, NULL, '4' },         { "ipv6", 0, NULL, '6' },
		{ "save", 0, NULL, O_SAVE },      { "no-save", 0, NULL, O_NO_SAVE },
		{ "flush", 0, NULL, O_FLUSH },    { "no-flush", 0, NULL, O_NO_FLUSH },
		{ "backend", 1, NULL, O_BACKEND }, { "counters", 0, NULL, 'c' },
		{ "wait", 2, NULL, 'w' },         { "verbose", 0, NULL, 'v' },
		{ "help", 0, NULL, 'h' },         { NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "-46cw::vh", opts, NULL)) != -1) {
		switch (c) {
		case 1:
			if (svc_files_add(&a->files, "stop", optarg))
				return NFC_EXIT_INPUT;
			break;
		case '4':
		case '6':
			svc_files_family(&a->files, c == '4' ? NFC_IPV4 : NFC_IPV6);
			break;
		case O_SAVE:
		case O_NO_SAVE:
			a->save = c == O_SAVE;
			break;
		case O_FLUSH:
		case O_NO_FLUSH:
			a->flush = c == O_FLUSH;
			break;
		case O_BACKEND:
			a->over.backend = optarg;
			break;
		case 'c':
			a->over.counters = true;
			break;
		case 'w':
			if (parse_wait(optarg, &a->over.wait_s) < 0)
				return NFC_EXIT_INPUT;
			a->wait_set = true;
			break;
		case 'v':
			a->verbose++;
			break;
		case 'h':
			stop_usage(stdout);
			return -1;
		default:
			print_try_help("stop");
			return NFC_EXIT_INPUT;
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

	svc_files_init(&a.files);
	ret = stop_options(argc, argv, &a);
	if (ret)
		return ret < 0 ? 0 : ret;
	ret = config_load(&c, NULL);
	if (ret) {
		fputs("nfcommit stop: nothing was saved or flushed\n", stderr);
		config_free(&c);
		return ret;
	}
	svc_log_open(&l, "stop", a.verbose);
	save = a.save >= 0 ? a.save : c.save_on_stop;
	flush = a.flush >= 0 ? a.flush : c.flush_on_stop;
	svc_families(&a.files, &c, fam);
	if (fam[1] && !svc_ipv6_available())
		fam[1] = false;
	if (save) {
		so.files[0] = a.files.file[0];
		so.files[1] = a.files.file[1];
		so.backend = a.over.backend;
		so.counters = a.over.counters;
		so.verbose = a.verbose;
		ret = save_to_config_files(&c, fam, &so);
		if (ret)
			svc_log(&l, LOG_ERR, "the rules were NOT saved");
	}
	if (flush) {
		svc_engine_opts(&c, &eo);
		if (a.over.backend)
			eo.backend = a.over.backend;
		if (a.wait_set)
			eo.wait_s = a.over.wait_s;
		eo.verbose = a.verbose;
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
