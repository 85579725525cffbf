/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A parsed rules file: per *table section, the commands in file order,
 * each with its place in the input.  Parsing builds this without touching
 * the kernel; apply.c turns it into table images.
 */
#ifndef NFC_SCRIPT_H
#define NFC_SCRIPT_H

#include "diag.h"
#include "nfcommit.h"
#include "rule.h"
#include "source.h"

enum nfc_cmd_type {
	NFC_CMD_NONE = 0, /* a line for the other family (-4 / -6) */
	NFC_CMD_DECLARE,  /* :CHAIN POLICY [counters] */
	NFC_CMD_APPEND,
	NFC_CMD_INSERT,
	NFC_CMD_DELETE,     /* by rule */
	NFC_CMD_DELETE_NUM, /* by number */
	NFC_CMD_REPLACE,
	NFC_CMD_CHECK,
	NFC_CMD_FLUSH,
	NFC_CMD_ZERO,
	NFC_CMD_ZERO_NUM,
	NFC_CMD_NEW_CHAIN,
	NFC_CMD_DEL_CHAIN,
	NFC_CMD_RENAME,
	NFC_CMD_POLICY,
	NFC_CMD_LIST, /* -L / -S: accepted, no effect on the ruleset */
};

struct nfc_cmd {
	enum nfc_cmd_type type;
	struct nfc_loc loc;       /* the line */
	struct nfc_loc chain_loc; /* the chain name */
	struct nfc_loc arg_loc;   /* policy, new name, or jump target */
	char chain[NFC_NAME_MAX]; /* empty: every chain (-F, -X, -Z) */
	char arg[NFC_NAME_MAX];   /* policy, or new name for -E */
	unsigned int rulenum;     /* 1-based, for -I -R -D -Z */
	bool has_counters;
	struct xt_counters counters;
	/* The rules a rule command stands for: one per address pair. */
	struct nfc_rule **rules;
	unsigned int nrules;
	/* -j NAME where NAME is no target extension: resolved as a chain. */
	bool jump_to_chain;
	/* -j NAME where an extension exists, but a chain may shadow it. */
	bool jump_ext;
	char jumpto[NFC_NAME_MAX];
};

struct nfc_section {
	char table[NFC_NAME_MAX];
	struct nfc_loc loc;
	struct nfc_loc commit_loc;
	bool committed;
	struct nfc_cmd *cmds;
	unsigned int ncmds, cap;
};

struct nfc_script {
	enum nfc_family family;
	const struct nfc_source *src;
	struct nfc_section *secs;
	unsigned int nsecs, cap;
};

void cmd_release(struct nfc_cmd *cmd);
void script_free(struct nfc_script *s);
struct nfc_cmd *section_add_cmd(struct nfc_section *sec);

#endif
