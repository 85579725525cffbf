// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * config: show the configuration the service commands use, every key
 * with its effective value, or one key's value for scripts (the OpenRC
 * service asks for RULES_V4 this way).  A broken file exits 2 with its
 * diagnostics, which makes this the way to check the file after editing.
 */
#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "conf.h"

static void config_usage(FILE *out)
{
	fputs("Usage: nfcommit config [--get KEY]\n"
	      "\n"
	      "Print the configuration (nfcommit.conf(5)) as the service commands see\n"
	      "it, defaults included; exit 2 with FILE:LINE diagnostics when the file is\n"
	      "broken.  The file is $NFCOMMIT_CONF, else " NFC_CONF_DEFAULT ".\n"
	      "\n"
	      "  -g, --get KEY   print only the value of KEY\n"
	      "  -h, --help      this text\n",
	      out);
}

int cmd_config(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "get", 1, NULL, 'g' },
		{ "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *key = NULL;
	struct nfc_config c;
	int ch, ret;

	while ((ch = getopt_long(argc, argv, "g:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'g':
			key = optarg;
			break;
		case 'h':
			config_usage(stdout);
			return 0;
		default:
			print_try_help("config");
			return NFC_EXIT_INPUT;
		}
	}
	if (no_more_args("config", argc, argv))
		return NFC_EXIT_INPUT;
	ret = config_load(&c, NULL);
	if (ret == 0 && key && config_print_key(&c, key, stdout) < 0) {
		fprintf(stderr, "nfcommit config: no key `%s' (see nfcommit.conf(5))\n",
			key);
		ret = NFC_EXIT_INPUT;
	} else if (ret == 0 && !key) {
		printf("# %s\n", c.path ? c.path : "no file: the defaults");
		config_print(&c, stdout);
	}
	config_free(&c);
	return ret;
}
