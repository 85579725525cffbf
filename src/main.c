// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nfcommit: load iptables rulesets as transactions.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "compat.h"
#include "txn.h"
#include "config.h"

/* What a command needs before it runs. */
enum command_flags {
	CMD_RECOVER = 1 << 0, /* roll back an abandoned apply transaction first */
	CMD_HIDDEN = 1 << 1,  /* internal, not in the help */
};

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	unsigned int flags;
	const char *summary;
};

static const struct command commands[] = {
	{ "restore", cmd_restore, CMD_RECOVER,
	  "load a rules file, all tables or none" },
	{ "save", cmd_save, CMD_RECOVER,
	  "print the live ruleset in iptables-save format" },
	{ "check", cmd_check, 0, "validate rules files offline, without root" },
	{ "boot", cmd_boot, 0,
	  "load the configured rules at boot, or else the fallback" },
	{ "reload", cmd_reload, CMD_RECOVER,
	  "load the configured rules again, keeping foreign chains" },
	{ "stop", cmd_stop, CMD_RECOVER,
	  "what the services do at stop: save, flush, as configured" },
	{ "panic", cmd_panic, 0,
	  "drop everything but loopback (and established SSH)" },
	{ "flush", cmd_flush, CMD_RECOVER,
	  "open the firewall: ACCEPT policies, no rules" },
	{ "config", cmd_config, 0, "show the configuration (nfcommit.conf)" },
	{ "apply", cmd_apply, 0,
	  "commit with a confirmation timer that rolls back" },
	{ "confirm", cmd_confirm, 0, "keep the rules of a pending apply" },
	{ "rollback", cmd_rollback, 0, "undo a pending apply now" },
	{ "status", cmd_status, CMD_RECOVER,
	  "the pending apply transaction and the last outcome" },
	{ "guardian", cmd_guardian, CMD_HIDDEN, "" },
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

int no_more_args(const char *cmd, int argc, char **argv)
{
	if (optind >= argc)
		return 0;
	fprintf(stderr, "nfcommit %s: unexpected argument `%s'\n", cmd,
		argv[optind]);
	return NFC_EXIT_INPUT;
}

static void usage(FILE *out)
{
	size_t i;

	fputs("Usage: nfcommit COMMAND [OPTIONS] [ARGS]\n\nCommands:\n", out);
	for (i = 0; i < NFC_ARRAY_SIZE(commands); i++)
		if (!(commands[i].flags & CMD_HIDDEN))
			fprintf(out, "  %-10s %s\n", commands[i].name,
				commands[i].summary);
	fputs("\nRun `nfcommit COMMAND --help' for a command's options.\n", out);
}

int main(int argc, char **argv)
{
	const char *tool = compat_name(argv[0]);
	char **compat_argv = NULL;
	size_t i;
	int code;

	/* Run as iptables-restore & co: their options, then our command. */
	if (compat_translate(argc, argv, &argc, &compat_argv, &code) == COMPAT_DONE)
		return code;
	if (compat_argv)
		argv = compat_argv;
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
	for (i = 0; i < NFC_ARRAY_SIZE(commands); i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		/* A transaction whose guardian died, or whose deadline passed
		 * while the machine was down, is rolled back before anything
		 * else looks at or changes the ruleset. */
		if (commands[i].flags & CMD_RECOVER) {
			int ret = txn_recover(commands[i].name);

			if (ret) {
				compat_free(compat_argv);
				return ret;
			}
		}
		code = commands[i].fn(argc - 1, argv + 1);
		compat_free(compat_argv);
		return code;
	}
	if (tool) {
		fprintf(stderr, "%s: not yet: this nfcommit has no `%s' command\n",
			tool, argv[1]);
		compat_free(compat_argv);
		return NFC_EXIT_INPUT;
	}
	fprintf(stderr, "nfcommit: unknown command `%s'\n", argv[1]);
	usage(stderr);
	return NFC_EXIT_INPUT;
}
