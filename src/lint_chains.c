// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Checks that need to know where a chain stands: which netfilter hooks
 * its packets come from, through the jumps of the table.  A user chain no
 * hook reaches is dead (NFC014); a match that the hook makes impossible
 * never fires (NFC015); an extension the kernel allows only at some hooks
 * or in some tables makes it refuse the whole table (NFC016-NFC018).
 */
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter.h>

#include "finding.h"
#include "lint.h"
#include "lint_facts.h"

#define HOOK_BIT(h) (1u << (h))
#define HOOKS_IN_ONLY (HOOK_BIT(NF_INET_PRE_ROUTING) | HOOK_BIT(NF_INET_LOCAL_IN))
#define HOOKS_OUT_ONLY (HOOK_BIT(NF_INET_LOCAL_OUT) | HOOK_BIT(NF_INET_POST_ROUTING))
#define HOOK_NAMES_MAX 64

static const char *const hook_names[NF_INET_NUMHOOKS] = {
	[NF_INET_PRE_ROUTING] = "PREROUTING", [NF_INET_LOCAL_IN] = "INPUT",
	[NF_INET_FORWARD] = "FORWARD",	      [NF_INET_LOCAL_OUT] = "OUTPUT",
	[NF_INET_POST_ROUTING] = "POSTROUTING",
};

static void hook_list(unsigned int mask, char *buf, size_t len)
{
	size_t o = 0;
	unsigned int h;

	buf[0] = '\0';
	for (h = 0; h < NF_INET_NUMHOOKS; h++) {
		if (!(mask & HOOK_BIT(h)) || o + 16 >= len)
			continue;
		o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? ", " : "",
				      hook_names[h]);
	}
}

int lint_hooks(const struct nfc_table *t, const struct lint_jumps *jumps,
	       unsigned int *hooks, const struct nfc_rule **via)
{
	unsigned int i, j, top, *stack = malloc((t->nchains + 1) * sizeof(*stack));

	if (!stack)
		return -1;
	for (i = 0; i < t->nchains; i++) {
		hooks[i] = 0;
		if (via)
			via[i] = NULL;
	}
	for (i = 0; i < t->nchains; i++) {
		const struct nfc_chain *root = t->chains[i];
		unsigned int bit;

		if (!chain_is_builtin(root) || root->hook >= NF_INET_NUMHOOKS)
			continue;
		bit = HOOK_BIT(root->hook);
		hooks[i] |= bit;
		top = 0;
		stack[top++] = i;
		while (top) {
			unsigned int ci = stack[--top];
			const struct nfc_chain *c = t->chains[ci];

			for (j = 0; j < c->nrules; j++) {
				int to = lint_jump(jumps, ci, j);

				if (to < 0 || (hooks[to] & bit))
					continue;
				hooks[to] |= bit;
				if (via && !via[to])
					via[to] = c->rules[j];
				stack[top++] = (unsigned int)to;
			}
		}
	}
	free(stack);
	return 0;
}

static void check_unused(const struct nfc_table *t,
			 const struct lint_jumps *jumps,
			 const unsigned int *hooks, struct finding_sink *o)
{
	unsigned int i, j, *refs = calloc(t->nchains + 1, sizeof(*refs));

	if (!refs)
		return;
	for (i = 0; i < t->nchains; i++)
		for (j = 0; j < t->chains[i]->nrules; j++) {
			int to = lint_jump(jumps, i, j);

			if (to >= 0)
				refs[to]++;
		}
	for (i = 0; i < t->nchains; i++) {
		const struct nfc_chain *c = t->chains[i];

		if (chain_is_builtin(c) || hooks[i])
			continue;
		if (!refs[i] && !c->nrules)
			finding_emit(o, NFC_F_CHAIN_UNUSED, &c->loc,
				    "chain `%s' is never jumped to (and has no rules)",
				    c->name);
		else if (!refs[i])
			finding_emit(o, NFC_F_CHAIN_UNUSED, &c->loc,
				    "chain `%s' is never jumped to: no packet ever sees its %u rule%s",
				    c->name, c->nrules, c->nrules == 1 ? "" : "s");
		else
			finding_emit(o, NFC_F_CHAIN_UNUSED, &c->loc,
				    "chain `%s' is only jumped to from chains that no packet reaches",
				    c->name);
	}
	free(refs);
}

/* The protocol a port match needs, 0 for other matches. */
static uint8_t port_match_proto(const char *name)
{
	static const struct {
		const char *name;
		uint8_t proto;
	} m[] = { { "tcp", 6 }, { "udp", 17 }, { "sctp", 132 }, { "dccp", 33 } };
	unsigned int i;

	for (i = 0; i < NFC_ARRAY_SIZE(m); i++)
		if (strcmp(name, m[i].name) == 0)
			return m[i].proto;
	return 0;
}

static void check_matches(const struct nfc_table *t, const struct nfc_chain *c,
			  unsigned int hooks, const struct nfc_rule *via,
			  const struct nfc_rule *r, struct finding_sink *o)
{
	const struct xt_entry_match *m;
	char names[HOOK_NAMES_MAX];
	struct nfc_diag *dg;
	int proto = -1;
	bool inv = false;

	for (m = rule_match_first(r); m; m = rule_match_next(r, m)) {
		const char *name = m->u.user.name;
		uint8_t need = port_match_proto(name);

		if (need && proto < 0)
			proto = facts_proto(r, &inv);
		if (need && (proto != need || inv))
			finding_emit(o, NFC_F_PROTO_MISMATCH, &r->loc,
				    "`-m %s' needs `-p %s' in the same rule: the kernel refuses this rule (and with it the table)",
				    name, name);
		if (strcmp(name, "owner") == 0 && (hooks & ~HOOKS_OUT_ONLY)) {
			hook_list(hooks & ~HOOKS_OUT_ONLY, names, sizeof(names));
			dg = finding_emit(o, NFC_F_OWNER_HOOK, &r->loc,
					 "`-m owner' in chain `%s', which packets reach from %s: the kernel allows the owner match only in OUTPUT and POSTROUTING and refuses table `%s'",
					 c->name, names, t->name);
			if (via)
				diag_set_related(dg, &via->loc,
						 "chain `%s' is reached from here",
						 c->name);
		}
	}
}

/* f: room for the rule's facts, decoded only where they can matter. */
static void check_iface(const struct nfc_chain *c, unsigned int hooks,
			const struct nfc_rule *via, const struct nfc_rule *r,
			struct rule_facts *f, struct finding_sink *o)
{
	static const unsigned char none[IFNAMSIZ];
	struct nfc_diag *dg = NULL;

	/* Builtin chains: the parser refuses these, as iptables does. */
	if (chain_is_builtin(c) || !hooks ||
	    ((hooks & ~HOOKS_IN_ONLY) && (hooks & ~HOOKS_OUT_ONLY)))
		return;
	facts_decode_outer(f, r);
	if (!(hooks & ~HOOKS_IN_ONLY) && bits_constrains(&f->out) &&
	    !bits_match(&f->out, none))
		dg = finding_emit(o, NFC_F_IFACE_NEVER, &f->rule->loc,
				 "`-o' is never true here: chain `%s' is only reached from PREROUTING or INPUT, where packets have no output interface yet",
				 c->name);
	if (!(hooks & ~HOOKS_OUT_ONLY) && bits_constrains(&f->in) &&
	    !bits_match(&f->in, none))
		dg = finding_emit(o, NFC_F_IFACE_NEVER, &f->rule->loc,
				 "`-i' is never true here: chain `%s' is only reached from OUTPUT or POSTROUTING, where packets have no input interface",
				 c->name);
	if (dg && via)
		diag_set_related(dg, &via->loc, "chain `%s' is reached from here",
				 c->name);
}

static void check_target(const struct nfc_table *t, const struct nfc_rule *r,
			 struct finding_sink *o)
{
	if (!(r->flags & NFC_RULE_STANDARD) &&
	    strcmp(rule_target_const(r)->u.user.name, "REJECT") == 0 &&
	    strcmp(t->name, "filter") != 0)
		finding_emit(o, NFC_F_NAT_FILTER, &r->loc,
			    "REJECT in table `%s': the kernel allows REJECT only in the filter table and refuses this table",
			    t->name);
}

static void check_nat_policy(const struct nfc_table *t, struct finding_sink *o)
{
	unsigned int i;

	if (strcmp(t->name, "nat") != 0)
		return;
	for (i = 0; i < t->nchains; i++) {
		const struct nfc_chain *c = t->chains[i];

		if (chain_is_builtin(c) && c->policy == NFC_POLICY_DROP)
			finding_emit(o, NFC_F_NAT_FILTER, &c->loc,
				    "DROP policy on nat chain `%s': the nat table sees only the first packet of each connection and is not for filtering; this drops every new connection through %s (iptables refuses `-t nat -P %s DROP')",
				    c->name, c->name, c->name);
	}
}

int lint_chains(const struct nfc_table *t, const struct lint_jumps *jumps,
		struct nfc_diags *d)
{
	unsigned int *hooks = calloc(t->nchains + 1, sizeof(*hooks));
	const struct nfc_rule **via = calloc(t->nchains + 1, sizeof(*via));
	unsigned int i, j, before = d->count;
	struct rule_facts *f = malloc(sizeof(*f));
	struct finding_sink *o = malloc(sizeof(*o));

	if (hooks && via && f && o && lint_hooks(t, jumps, hooks, via) == 0) {
		finding_sink_init(o, d, "table", t->name);
		check_unused(t, jumps, hooks, o);
		check_nat_policy(t, o);
		for (i = 0; i < t->nchains; i++) {
			const struct nfc_chain *c = t->chains[i];

			for (j = 0; j < c->nrules; j++) {
				const struct nfc_rule *r = c->rules[j];

				check_matches(t, c, hooks[i], via[i], r, o);
				check_iface(c, hooks[i], via[i], r, f, o);
				check_target(t, r, o);
			}
		}
	}
	free(o);
	free(f);
	free(hooks);
	free(via);
	return (int)(d->count - before);
}
