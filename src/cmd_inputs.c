// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>

#include "cmd_inputs.h"
#include "nfcommit.h"

int cmd_inputs_add(struct cmd_inputs *ci, const char *cmd, const char *path)
{
	if (ci->n == ENGINE_MAX_INPUTS) {
		fprintf(stderr,
			"nfcommit %s: at most one file per family (-4 FILE4 -6 "
			"FILE6)\n",
			cmd);
		return NFC_EXIT_INPUT;
	}
	ci->in[ci->n++] =
		(struct engine_input){.family = ci->family, .path = path};
	return 0;
}

int cmd_inputs_opt(struct cmd_inputs *ci, struct engine_opts *eo,
		   const char *cmd, int c, const char *arg)
{
	switch (c) {
	case 1:
		return cmd_inputs_add(ci, cmd, arg);
	case '4':
	case '6':
		ci->family = c == '4' ? NFC_IPV4 : NFC_IPV6;
		return 0;
	case 'B':
		eo->backend = arg;
		return 0;
	case 'U':
		eo->allow_unsafe_perms = true;
		return 0;
	default:
		return 1;
	}
}
