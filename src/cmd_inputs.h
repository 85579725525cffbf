/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rules files of a command line, as restore and apply take them:
 * "-4 FILE4 -6 FILE6", each FILE belonging to the family named last
 * before it (IPv4 at first), and the options that go with them.
 */
#ifndef NFC_CMD_INPUTS_H
#define NFC_CMD_INPUTS_H

#include "engine.h"

struct cmd_inputs {
	struct engine_input in[ENGINE_MAX_INPUTS];
	unsigned int n;
	enum nfc_family family; /* of the next FILE */
};

#define CMD_INPUTS_INIT { .family = NFC_IPV4 }

/* getopt_long() entries of the shared options (optstring "-46"). */
#define CMD_INPUTS_LONG_OPTIONS                             \
	{ "ipv4", 0, NULL, '4' }, { "ipv6", 0, NULL, '6' }, \
	{ "backend", 1, NULL, 'B' },                        \
	{ "allow-unsafe-perms", 0, NULL, 'U' }

/*
 * Take getopt_long()'s result c (arg: optarg) if it is one of the shared
 * options or a FILE (1).  Returns 0 when taken, 1 when c is another
 * option, NFC_EXIT_INPUT after a message (cmd names the command).
 */
int cmd_inputs_opt(struct cmd_inputs *ci, struct engine_opts *eo,
		   const char *cmd, int c, const char *arg);

/* Add a FILE (NULL: standard input) of the current family. */
int cmd_inputs_add(struct cmd_inputs *ci, const char *cmd, const char *path);

#endif
