/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One rule line's words -> one command, with the rule's entry blobs built
 * by libxtables, exactly as iptables' command parser would build them.
 */
#ifndef NFC_RULEPARSE_H
#define NFC_RULEPARSE_H

#include <getopt.h>

#include "script.h"

/* What rule_parse keeps from one line to the next of one input:
 * fastopt's index of the base options and the set of chains declared so
 * far. */
struct ruleparse_ctx;

struct ruleparse_ctx *ruleparse_ctx_new(void);
void ruleparse_ctx_free(struct ruleparse_ctx *ctx);

/* A chain of this name exists: tell libxtables (xtables_announce_chain,
 * so that -j NAME is not looked for as an extension on disk) and ctx
 * (may be NULL), which answers -j NAME for such names itself. */
void ruleparse_announce_chain(struct ruleparse_ctx *ctx, const char *name);

struct ruleparse_in {
	int argc;
	char **argv;               /* argv[0] is a placeholder program name */
	const unsigned int *cols;  /* column of each argv word, 0 if made up */
	const unsigned int *widths;
	enum nfc_family family;
	const char *table;
	struct nfc_loc line;       /* the line, for the rules' locations */
	bool offline;              /* check: never resolve names via DNS */
	bool slow;                 /* always getopt_long (tests compare) */
	struct nfc_arena *arena;   /* where the rules go (NULL: malloc) */
	struct ruleparse_ctx *ctx; /* NULL: each line from scratch */
};

/*
 * Parse in->argv into cmd.  Returns 0, or -1 with a message in msg and in
 * *blame the argv index of the word at fault (0: the line as a whole).
 * libxtables must be initialised for in->family.
 */
int rule_parse(const struct ruleparse_in *in, struct nfc_cmd *cmd, char *msg,
	       size_t msglen, int *blame);

/* The message of the error for DROP in the nat table (check files it
 * under its own finding). */
extern const char ruleparse_nat_drop_msg[];

/* iptables' base option table, which libxtables merges extensions into. */
struct option *rule_base_options(void);

#endif
