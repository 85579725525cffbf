/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the two forms of save share: `save' printing to stdout or -o FILE
 * and `save --to' writing crash-safely (cmd_save_to.c, save_atomic.c)
 * take the same options for what they print, and print each table the
 * same way.
 */
#ifndef NFC_SAVE_COMMON_H
#define NFC_SAVE_COMMON_H

#include "ruleset.h"

/* What getopt_long() returns for --backend; save has no short -B. */
#define SAVE_OPT_BACKEND 'B'

/* The long options of save_what_opt(), for a save command's table. */
#define SAVE_WHAT_LONG_OPTIONS                                              \
	{ "backend", 1, NULL, SAVE_OPT_BACKEND },                           \
	{ "counters", 0, NULL, 'c' }, { "table", 1, NULL, 't' }

/* --backend, -c and -t. */
struct save_what {
	const char *backend; /* NULL: the default */
	const char *table;   /* NULL: every table */
	bool counters;
};

/* 0 when c was one of save_what's options, -1 when it is not. */
int save_what_opt(struct save_what *w, int c, const char *arg);

/* One table as iptables-save prints it, between its "# Generated" and
 * "# Completed" lines; print_table()'s result. */
int save_print_table(const struct nfc_table *t, bool counters);

#endif
