/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The options the service commands (boot, reload, stop, panic, flush)
 * share: -4/-6 [FILE], --backend, -c, -w and -v.  Each command keeps its
 * own getopt loop, for its own options and usage, and hands every other
 * result to svc_opt(), so that the shared ones mean the same everywhere.
 */
#ifndef NFC_SVC_OPTS_H
#define NFC_SVC_OPTS_H

#include "svc.h"

/* What getopt_long() returns for --backend; no command has a short -B. */
#define SVC_OPT_BACKEND 'B'

/* The long options of svc_opt(), to open a command's table.  --counters
 * is not among them: panic and flush do not take -c. */
#define SVC_LONG_OPTIONS                                                    \
	{ "ipv4", 0, NULL, '4' }, { "ipv6", 0, NULL, '6' },                 \
	{ "backend", 1, NULL, SVC_OPT_BACKEND }, { "wait", 2, NULL, 'w' },  \
	{ "verbose", 0, NULL, 'v' }

struct svc_opts {
	struct svc_files files;
	struct engine_opts over; /* backend, counters and wait_s as given */
	bool wait_set;
	int verbose;
};

void svc_opts_init(struct svc_opts *o);
/* A getopt_long() result the command has no case of its own for: 0 for a
 * shared option, NFC_EXIT_INPUT for a bad argument or an unknown option
 * (with the hint at --help). */
int svc_opt(struct svc_opts *o, const char *cmd, int c, const char *arg);
/* The engine options of a run: the configuration's, with --backend, -w
 * and -v over them.  -c is left to the caller: only the commands that
 * load a rules file restore its counters. */
void svc_opts_engine(const struct svc_opts *o, const struct nfc_config *c,
		     struct engine_opts *eo);

#endif
