// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "apply.h"
#include "finding.h"
#include "xt.h"

struct applier {
	struct nfc_table *img;
	const struct nfc_cmd *cmd;
	const struct apply_opts *o;
	struct nfc_diags *d;
	int errors;
};

static struct nfc_diag *fail(struct applier *a, const struct nfc_loc *loc,
			     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static struct nfc_diag *fail(struct applier *a, const struct nfc_loc *loc,
			     const char *fmt, ...)
{
	struct nfc_diag *dg;
	va_list ap;

	va_start(ap, fmt);
	dg = diag_vadd(a->d, NFC_ERROR, loc, fmt, ap);
	va_end(ap);
	a->errors++;
	return dg;
}

static struct nfc_chain *need_chain(struct applier *a)
{
	struct nfc_chain *c = table_find_chain(a->img, a->cmd->chain);

	if (!c)
		fail(a, &a->cmd->chain_loc,
		     "chain `%s' does not exist in table `%s'", a->cmd->chain,
		     a->img->name);
	else
		c->absent = false; /* named: nf_tables creates it now */
	return c;
}

static bool parse_policy(struct applier *a, const char *name,
			 enum nfc_policy *p)
{
	if (strcmp(name, "ACCEPT") == 0)
		*p = NFC_POLICY_ACCEPT;
	else if (strcmp(name, "DROP") == 0)
		*p = NFC_POLICY_DROP;
	else {
		fail(a, &a->cmd->arg_loc,
		     "bad policy `%s': a builtin chain's policy is ACCEPT or DROP",
		     name);
		return false;
	}
	return true;
}

static void do_declare(struct applier *a)
{
	const struct nfc_cmd *cmd = a->cmd;
	struct nfc_chain *c = table_find_chain(a->img, cmd->chain);
	bool keep = strcmp(cmd->arg, "-") == 0;
	enum nfc_policy pol;

	if (c && chain_is_builtin(c)) {
		c->absent = false;
		c->policy_set = true;
		if (keep || !parse_policy(a, cmd->arg, &pol))
			return;
		c->policy = pol;
		c->policy_kernel = false;
		memset(&c->counters, 0, sizeof(c->counters));
		if (cmd->has_counters)
			c->counters = cmd->counters;
		c->loc = cmd->chain_loc;
		return;
	}
	if (c && !a->o->noflush) {
		diag_set_code(fail(a, &cmd->chain_loc,
				   "chain `%s' is declared twice", cmd->chain),
			      NFC_F_CHAIN_DUPLICATE);
		return;
	}
	if (c) {
		chain_flush(c);
	} else {
		c = table_add_chain(a->img, cmd->chain, -1);
		if (!c) {
			fail(a, &cmd->loc, "out of memory");
			return;
		}
	}
	c->loc = cmd->chain_loc;
	if (!keep)
		diag_set_code(fail(a, &cmd->arg_loc,
				   "user-defined chain `%s' cannot have a policy (only builtin chains do): write `:%s -'",
				   cmd->chain, cmd->chain),
			      NFC_F_CHAIN_POLICY);
}

/* Decide what -j NAME means now that the chains of the image are known. */
static bool resolve_jump(struct applier *a, struct nfc_rule *r)
{
	const struct nfc_cmd *cmd = a->cmd;
	struct nfc_chain *to;
	struct nfc_diag *dg;

	if (!cmd->jumpto[0] || is_verdict_label(cmd->jumpto))
		return true;
	to = table_find_chain(a->img, cmd->jumpto);
	if (cmd->jump_ext) {
		if (!to)
			return true;
		/* iptables prefers the chain, with a warning; so do we. */
		diag_add(a->d, NFC_WARNING, &cmd->arg_loc,
			 "`%s' is both a chain and a target extension: jumping to the chain",
			 cmd->jumpto);
		return false; /* caller rebuilds the rule as a jump */
	}
	if (!to) {
		if (rule_is_goto(r))
			dg = fail(a, &cmd->arg_loc,
				  "goto `%s': no chain of that name in table `%s'",
				  cmd->jumpto, a->img->name);
		else
			dg = fail(a, &cmd->arg_loc,
				  "jump to `%s': no chain or target extension of that name in table `%s'",
				  cmd->jumpto, a->img->name);
		diag_set_code(dg, NFC_F_JUMP_UNDEFINED);
		return true;
	}
	if (chain_is_builtin(to))
		diag_set_code(fail(a, &cmd->arg_loc,
				   "cannot jump to builtin chain `%s': only user-defined chains can be jump targets",
				   cmd->jumpto),
			      NFC_F_JUMP_UNDEFINED);
	return true;
}

static size_t usersize(uint8_t family, int is_target, const char *name,
		       uint8_t rev, size_t size)
{
	return xt_usersize(family, is_target, name, rev, size);
}

static int find_rule(const struct nfc_chain *c, const struct nfc_rule *r)
{
	unsigned int i;

	for (i = 0; i < c->nrules; i++)
		if (rule_equal(c->rules[i], r, usersize))
			return (int)i;
	return -1;
}

static bool check_index(struct applier *a, const struct nfc_chain *c,
			unsigned int max, const char *what)
{
	char n[16];

	if (a->cmd->rulenum <= max)
		return true;
	snprintf(n, sizeof(n), "%u", a->cmd->rulenum);
	fail(a, &a->cmd->chain_loc, "%s %s is past the end of the chain", what,
	     n);
	(void)c;
	return false;
}

static void do_rule(struct applier *a, struct nfc_chain *c, unsigned int idx)
{
	const struct nfc_rule *src = a->cmd->rules[idx];
	const struct nfc_cmd *cmd = a->cmd;
	struct nfc_rule *r;
	int i;

	switch (cmd->type) {
	case NFC_CMD_DELETE:
	case NFC_CMD_CHECK:
		i = find_rule(c, src);
		if (i < 0)
			fail(a, &cmd->loc,
			     "no rule in chain `%s' matches this one%s", c->name,
			     cmd->type == NFC_CMD_DELETE ? ", so it cannot be deleted" : "");
		else if (cmd->type == NFC_CMD_DELETE)
			chain_delete_rule(c, (unsigned int)i);
		return;
	default:
		break;
	}
	if (a->o->take_rules) {
		r = cmd->rules[idx];
		cmd->rules[idx] = NULL; /* the image owns it now */
	} else {
		r = rule_clone(src);
	}
	if (!r) {
		fail(a, &cmd->loc, "out of memory");
		return;
	}
	r->loc = cmd->loc;
	if (!resolve_jump(a, r)) {
		/* Rebuilding an extension blob as a standard jump is rare
		 * enough (a chain named like a target) to refuse instead. */
		fail(a, &cmd->arg_loc,
		     "chain `%s' shadows the target of the same name; rename the chain",
		     cmd->jumpto);
		rule_free(r);
		return;
	}
	if (cmd->type == NFC_CMD_REPLACE) {
		rule_free(c->rules[cmd->rulenum - 1]);
		c->rules[cmd->rulenum - 1] = r;
		return;
	}
	if (chain_insert_rule(c, cmd->type == NFC_CMD_INSERT ? cmd->rulenum - 1
							      : c->nrules,
			      r) < 0) {
		rule_free(r);
		fail(a, &cmd->loc, "out of memory");
	}
}

static void do_rules(struct applier *a)
{
	const struct nfc_cmd *cmd = a->cmd;
	struct nfc_chain *c = need_chain(a);
	unsigned int i;

	if (!c)
		return;
	if (cmd->type == NFC_CMD_INSERT &&
	    !check_index(a, c, c->nrules + 1, "insert position"))
		return;
	if (cmd->type == NFC_CMD_REPLACE &&
	    !check_index(a, c, c->nrules, "rule"))
		return;
	for (i = 0; i < cmd->nrules; i++)
		do_rule(a, c, i);
}

static void zero_chain(struct nfc_chain *c)
{
	unsigned int i;

	memset(&c->counters, 0, sizeof(c->counters));
	for (i = 0; i < c->nrules; i++)
		memset(rule_counters(c->rules[i]), 0, sizeof(struct xt_counters));
}

static void for_chains(struct applier *a, void (*fn)(struct nfc_chain *))
{
	unsigned int i;
	struct nfc_chain *c;

	if (!a->cmd->chain[0]) {
		for (i = 0; i < a->img->nchains; i++)
			fn(a->img->chains[i]);
		return;
	}
	c = need_chain(a);
	if (c)
		fn(c);
}

static void delete_chain(struct applier *a, struct nfc_chain *c)
{
	unsigned int refs;

	if (chain_is_builtin(c)) {
		fail(a, &a->cmd->chain_loc, "cannot delete builtin chain `%s'",
		     c->name);
		return;
	}
	refs = table_chain_refs(a->img, c->name);
	if (refs) {
		fail(a, &a->cmd->chain_loc,
		     "cannot delete chain `%s': rules still jump to it", c->name);
		return;
	}
	if (c->nrules) {
		fail(a, &a->cmd->chain_loc,
		     "cannot delete chain `%s': it still has rules (flush it first with -F %s)",
		     c->name, c->name);
		return;
	}
	table_del_chain(a->img, c);
}

static void do_del_chain(struct applier *a)
{
	struct nfc_chain *c;
	unsigned int i;

	if (a->cmd->chain[0]) {
		c = need_chain(a);
		if (c)
			delete_chain(a, c);
		return;
	}
	for (i = a->img->nchains; i-- > 0;)
		if (!chain_is_builtin(a->img->chains[i]))
			delete_chain(a, a->img->chains[i]);
}

static void do_new_chain(struct applier *a)
{
	if (table_find_chain(a->img, a->cmd->chain)) {
		fail(a, &a->cmd->chain_loc, "chain `%s' already exists",
		     a->cmd->chain);
		return;
	}
	if (!table_add_chain(a->img, a->cmd->chain, -1))
		fail(a, &a->cmd->loc, "out of memory");
	else
		table_find_chain(a->img, a->cmd->chain)->loc = a->cmd->chain_loc;
}

static void do_rename(struct applier *a)
{
	struct nfc_chain *c = need_chain(a);

	if (!c)
		return;
	if (chain_is_builtin(c))
		fail(a, &a->cmd->chain_loc, "cannot rename builtin chain `%s'",
		     c->name);
	else if (strlen(a->cmd->arg) >= NFC_CHAIN_MAXLEN)
		fail(a, &a->cmd->arg_loc, "chain name `%s' is too long",
		     a->cmd->arg);
	else if (table_find_chain(a->img, a->cmd->arg))
		fail(a, &a->cmd->arg_loc, "chain `%s' already exists",
		     a->cmd->arg);
	else
		table_rename_chain(a->img, c, a->cmd->arg);
}

static void do_policy(struct applier *a)
{
	struct nfc_chain *c = need_chain(a);
	enum nfc_policy pol;

	if (!c)
		return;
	if (!chain_is_builtin(c)) {
		fail(a, &a->cmd->chain_loc,
		     "cannot set a policy on user-defined chain `%s'", c->name);
		return;
	}
	if (!parse_policy(a, a->cmd->arg, &pol))
		return;
	c->policy = pol;
	c->policy_set = true;
	c->policy_kernel = false;
	memset(&c->counters, 0, sizeof(c->counters));
	if (a->cmd->has_counters)
		c->counters = a->cmd->counters;
}

static void do_cmd(struct applier *a)
{
	struct nfc_chain *c;

	switch (a->cmd->type) {
	case NFC_CMD_NONE:
	case NFC_CMD_LIST:
		break;
	case NFC_CMD_DECLARE:
		do_declare(a);
		break;
	case NFC_CMD_APPEND:
	case NFC_CMD_INSERT:
	case NFC_CMD_REPLACE:
	case NFC_CMD_DELETE:
	case NFC_CMD_CHECK:
		do_rules(a);
		break;
	case NFC_CMD_DELETE_NUM:
		c = need_chain(a);
		if (c && check_index(a, c, c->nrules, "rule"))
			chain_delete_rule(c, a->cmd->rulenum - 1);
		break;
	case NFC_CMD_FLUSH:
		for_chains(a, chain_flush);
		break;
	case NFC_CMD_ZERO:
		for_chains(a, zero_chain);
		break;
	case NFC_CMD_ZERO_NUM:
		c = need_chain(a);
		if (c && check_index(a, c, c->nrules, "rule"))
			memset(rule_counters(c->rules[a->cmd->rulenum - 1]), 0,
			       sizeof(struct xt_counters));
		break;
	case NFC_CMD_NEW_CHAIN:
		do_new_chain(a);
		break;
	case NFC_CMD_DEL_CHAIN:
		do_del_chain(a);
		break;
	case NFC_CMD_RENAME:
		do_rename(a);
		break;
	case NFC_CMD_POLICY:
		do_policy(a);
		break;
	}
}

void apply_flush_base(struct nfc_table *img)
{
	unsigned int i;

	for (i = 0; i < img->nchains; i++)
		chain_flush(img->chains[i]);
	for (i = img->nchains; i-- > 0;)
		if (!chain_is_builtin(img->chains[i]))
			table_del_chain(img, img->chains[i]);
}

int apply_command(struct nfc_table *img, const struct nfc_cmd *cmd,
		  const struct apply_opts *o, struct nfc_diags *d)
{
	struct applier a = { .img = img, .cmd = cmd, .o = o, .d = d };

	do_cmd(&a);
	return a.errors;
}

int apply_section(struct nfc_table *img, const struct nfc_section *sec,
		  const struct apply_opts *o, struct nfc_diags *d)
{
	struct applier a = { .img = img, .o = o, .d = d };
	unsigned int i;

	img->loc = sec->loc;
	img->commit_loc = sec->commit_loc;
	for (i = 0; i < sec->ncmds && a.errors < NFC_MAX_ERRORS; i++) {
		a.cmd = &sec->cmds[i];
		do_cmd(&a);
	}
	return a.errors;
}
