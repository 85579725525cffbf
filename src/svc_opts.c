// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "cmd.h"
#include "svc_opts.h"

void svc_opts_init(struct svc_opts *o)
{
	memset(o, 0, sizeof(*o));
	svc_files_init(&o->files);
}

int svc_opt(struct svc_opts *o, const char *cmd, int c, const char *arg)
{
	switch (c) {
	case 1:
		return svc_files_add(&o->files, cmd, arg) ? NFC_EXIT_INPUT : 0;
	case '4':
	case '6':
		svc_files_family(&o->files, c == '4' ? NFC_IPV4 : NFC_IPV6);
		return 0;
	case SVC_OPT_BACKEND:
		o->over.backend = arg;
		return 0;
	case 'c':
		o->over.counters = true;
		return 0;
	case 'w':
		if (parse_wait(arg, &o->over.wait_s) < 0)
			return NFC_EXIT_INPUT;
		o->wait_set = true;
		return 0;
	case 'v':
		o->verbose++;
		return 0;
	}
	print_try_help(cmd);
	return NFC_EXIT_INPUT;
}

void svc_opts_engine(const struct svc_opts *o, const struct nfc_config *c,
		     struct engine_opts *eo)
{
	svc_engine_opts(c, eo);
	if (o->over.backend)
		eo->backend = o->over.backend;
	if (o->wait_set)
		eo->wait_s = o->over.wait_s;
	eo->verbose = o->verbose;
}
