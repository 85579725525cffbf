// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "script.h"

void cmd_release(struct nfc_cmd *cmd)
{
	unsigned int i;

	for (i = 0; i < cmd->nrules; i++)
		rule_free(cmd->rules[i]);
	free(cmd->rules);
	cmd->rules = NULL;
	cmd->nrules = 0;
}

void script_free(struct nfc_script *s)
{
	unsigned int i, j;

	for (i = 0; i < s->nsecs; i++) {
		for (j = 0; j < s->secs[i].ncmds; j++)
			cmd_release(&s->secs[i].cmds[j]);
		free(s->secs[i].cmds);
	}
	free(s->secs);
	s->secs = NULL;
	s->nsecs = s->cap = 0;
}

struct nfc_cmd *section_add_cmd(struct nfc_section *sec)
{
	if (sec->ncmds == sec->cap) {
		unsigned int cap = sec->cap ? sec->cap * 2 : 16;
		struct nfc_cmd *v = realloc(sec->cmds, cap * sizeof(*v));

		if (!v)
			return NULL;
		sec->cmds = v;
		sec->cap = cap;
	}
	memset(&sec->cmds[sec->ncmds], 0, sizeof(sec->cmds[0]));
	return &sec->cmds[sec->ncmds++];
}
