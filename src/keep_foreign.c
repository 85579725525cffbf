// SPDX-License-Identifier: GPL-2.0-or-later
#include "keep_foreign.h"

void keep_foreign_flush(struct nfc_table *img, const struct nfc_section *sec)
{
	unsigned int i;

	for (i = 0; i < sec->ncmds; i++) {
		const struct nfc_cmd *cmd = &sec->cmds[i];
		struct nfc_chain *c;

		if (cmd->type != NFC_CMD_DECLARE)
			continue;
		c = table_find_chain(img, cmd->chain);
		if (c)
			chain_flush(c);
	}
}
