// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nfcommit: load iptables rulesets as transactions.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "config.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "restore", cmd_restore, "load a rules file, all tables or none" },
	{ "save", cmd_save, "print the live ruleset in iptables-save format" },
	{ "check", cmd_check, "validate rules files offline, without root" },
};

const char *nfc_family_name(enum nfc_family family)
{
	return family == NFC_IPV6 ? "IPv6" : "IPv4";
}

int parse_wait(const char *arg, int *wait_s)
{
	char *end;
	long v;

	if (!arg) {
		*wait_s = -1;
		return 0;
	}
	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || *end || end == arg || v < 0 || v > 86400) {
		fprintf(stderr, "nfcommit: --wait takes whole seconds (0 to 86400), not `%s'\n",
			arg);
		return -1;
	}
	*wait_s = (int)v;
	return 0;
}

void print_try_help(const char *cmd)
{
	fprintf(stderr, "Try `nfcommit %s --help' for more information.\n", cmd);
}

static void usage(FILE *out)
{
	size_t i;

	fputs("Usage: nfcommit COMMAND [OPTIONS] [ARGS]\n\nCommands:\n", out);
	for (i = 0; i < NFC_ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fputs("\nRun `nfcommit COMMAND --help' for a command's options.\n", out);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return NFC_EXIT_INPUT;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("nfcommit %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < NFC_ARRAY_SIZE(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "nfcommit: unknown command `%s'\n", argv[1]);
	usage(stderr);
	return NFC_EXIT_INPUT;
}
