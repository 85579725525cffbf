// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "finding.h"

/* Indexed by enum nfc_finding; the order is the order of the IDs. */
static const struct finding_info catalogue[NFC_F_COUNT] = {
	[NFC_F_SYNTAX] = {
		"NFC001", "syntax", NFC_ERROR,
		"A line that iptables-restore would refuse: an unknown option, match or target, or a bad value.",
		"-A INPUT -p tcp --dport 99999 -j ACCEPT",
	},
	[NFC_F_COMMIT_MISSING] = {
		"NFC002", "commit-missing", NFC_ERROR,
		"A table is not closed by COMMIT, so iptables-restore loads none of it.",
		"*filter\n-A INPUT -j ACCEPT\n(end of file)",
	},
	[NFC_F_OUTSIDE_TABLE] = {
		"NFC003", "outside-table", NFC_ERROR,
		"A rule, chain or COMMIT line that stands before any *table line.",
		"-A INPUT -j ACCEPT\n*filter",
	},
	[NFC_F_UNKNOWN_TABLE] = {
		"NFC004", "unknown-table", NFC_ERROR,
		"A *table line names a table that does not exist (the tables are filter, nat, mangle, raw and security).",
		"*filtre",
	},
	[NFC_F_CRLF] = {
		"NFC005", "crlf", NFC_WARNING,
		"The file has CRLF (Windows) line endings, which iptables-restore rejects.",
		"-A INPUT -j ACCEPT\\r\\n",
	},
	[NFC_F_CHAIN_DUPLICATE] = {
		"NFC006", "chain-duplicate", NFC_ERROR,
		"A user-defined chain is declared twice in one table.",
		":web - [0:0]\n:web - [0:0]",
	},
	[NFC_F_CHAIN_POLICY] = {
		"NFC007", "chain-policy", NFC_ERROR,
		"A user-defined chain is declared with a policy; only builtin chains have one.",
		":web DROP [0:0]",
	},
	[NFC_F_JUMP_UNDEFINED] = {
		"NFC008", "jump-undefined", NFC_ERROR,
		"A jump or goto names a chain that does not exist in the table, or a builtin chain.",
		"-A INPUT -j no-such-chain",
	},
	[NFC_F_JUMP_LOOP] = {
		"NFC009", "jump-loop", NFC_ERROR,
		"Chains jump to each other in a circle; the kernel refuses such a table.",
		"-A a -j b\n-A b -j a",
	},
	[NFC_F_COMMAND_FAILS] = {
		"NFC010", "command-fails", NFC_ERROR,
		"A command fails on the table being built: deleting a rule or chain that is not there, a rule number past the end, a bad policy.",
		"-D INPUT -s 192.0.2.1/32 -j DROP   (no such rule)",
	},
	[NFC_F_UNREACHABLE] = {
		"NFC011", "unreachable", NFC_WARNING,
		"A rule follows a rule without conditions whose target ends the chain (ACCEPT, DROP, REJECT, RETURN, a goto ...), so no packet reaches it.",
		"-A INPUT -j DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT",
	},
	[NFC_F_SHADOWED] = {
		"NFC012", "shadowed", NFC_WARNING,
		"Every packet the rule matches is already matched by an earlier rule of the chain whose target ends the chain, so the rule never fires.",
		"-A INPUT -s 192.0.2.0/24 -j DROP\n-A INPUT -s 192.0.2.7 -p tcp --dport 22 -j ACCEPT",
	},
	[NFC_F_DUPLICATE] = {
		"NFC013", "duplicate", NFC_WARNING,
		"The rule is identical to an earlier rule in the same chain.",
		"-A INPUT -p tcp --dport 80 -j ACCEPT\n-A INPUT -p tcp --dport 80 -j ACCEPT",
	},
	[NFC_F_CHAIN_UNUSED] = {
		"NFC014", "chain-unused", NFC_WARNING,
		"A user-defined chain that no packet can reach: nothing jumps to it, or only chains that are themselves never reached.",
		":old-rules - [0:0]   (and no -j old-rules anywhere)",
	},
	[NFC_F_IFACE_NEVER] = {
		"NFC015", "iface-never", NFC_WARNING,
		"An interface match that is never true where the rule stands: -o in a chain reached only from PREROUTING or INPUT, -i in a chain reached only from OUTPUT or POSTROUTING.",
		"-A INPUT -j web\n-A web -o eth0 -j ACCEPT",
	},
	[NFC_F_PROTO_MISMATCH] = {
		"NFC016", "proto-mismatch", NFC_ERROR,
		"A port match (-m tcp, udp, sctp, dccp) without the matching -p; the kernel refuses the rule.",
		"-A INPUT -m tcp --dport 22 -j ACCEPT",
	},
	[NFC_F_OWNER_HOOK] = {
		"NFC017", "owner-hook", NFC_ERROR,
		"-m owner in a chain that packets reach from a hook other than OUTPUT and POSTROUTING; the kernel refuses the table.",
		"-A INPUT -m owner --uid-owner 0 -j ACCEPT",
	},
	[NFC_F_NAT_FILTER] = {
		"NFC018", "nat-filter", NFC_ERROR,
		"Filtering where the kernel does not allow it: a DROP policy or DROP target in the nat table, or REJECT outside the filter table.",
		"*nat\n:PREROUTING DROP [0:0]",
	},
	[NFC_F_HOSTNAME] = {
		"NFC019", "hostname", NFC_WARNING,
		"A host name instead of an address: it is resolved once, when the rules load, possibly before DNS works at boot, and the rule silently keeps the addresses of that moment.",
		"-A INPUT -s backup.example.com -j ACCEPT",
	},
	[NFC_F_DEPRECATED] = {
		"NFC020", "deprecated", NFC_WARNING,
		"An old spelling that has a modern replacement: -m state --state (use -m conntrack --ctstate), -j NOTRACK (use -j CT --notrack).",
		"-A INPUT -m state --state ESTABLISHED -j ACCEPT",
	},
	[NFC_F_PARITY] = {
		"NFC021", "parity", NFC_WARNING,
		"Given an IPv4 and an IPv6 file, a port or service that one family accepts and the other does not.",
		"rules.v4: -A INPUT -p tcp --dport 443 -j ACCEPT   (and no such rule in rules.v6)",
	},
	[NFC_F_SSH_LOCKOUT] = {
		"NFC022", "ssh-lockout", NFC_ERROR,
		"The filter INPUT path drops the SSH session given with --ssh-from/--ssh-to (or --ssh): loading these rules would lock the operator out.",
		"--ssh-to 192.0.2.1:22 with :INPUT DROP and no rule accepting tcp port 22",
	},
	[NFC_F_SSH_UNDECIDED] = {
		"NFC023", "ssh-undecided", NFC_WARNING,
		"Whether the SSH session survives depends on a match that cannot be evaluated offline (an interface, a rate limit, an ipset ...).",
		"-A INPUT -m recent --update --seconds 60 --hitcount 4 -j DROP",
	},
	[NFC_F_ANALYSIS_LIMIT] = {
		"NFC024", "analysis-limit", NFC_NOTE,
		"An analysis stopped at a limit: the shadowing analysis of a huge chain at its work limit, or the findings of one kind after 1000 in a table; the rest are not reported.",
		"a generated chain of 100000 rules, each a copy of the one before",
	},
};

const struct finding_info *finding_info(unsigned int code)
{
	if (code == NFC_F_NONE || code >= NFC_F_COUNT)
		return NULL;
	return &catalogue[code];
}

unsigned int finding_lookup(const char *s)
{
	unsigned int i;

	for (i = 1; i < NFC_F_COUNT; i++)
		if (strcasecmp(s, catalogue[i].id) == 0 ||
		    strcasecmp(s, catalogue[i].name) == 0)
			return i;
	return NFC_F_NONE;
}

struct nfc_diag *finding_add(struct nfc_diags *d, unsigned int code,
			     const struct nfc_loc *loc, const char *fmt, ...)
{
	const struct finding_info *fi = finding_info(code);
	struct nfc_diag *dg;
	va_list ap;

	va_start(ap, fmt);
	dg = diag_vadd(d, fi ? fi->severity : NFC_ERROR, loc, fmt, ap);
	va_end(ap);
	diag_set_code(dg, code);
	return dg;
}

bool finding_cap_ok(struct finding_cap *c, struct nfc_diags *d,
		    unsigned int code, const struct nfc_loc *loc,
		    const char *where)
{
	if (code >= NFC_F_COUNT)
		return true;
	if (c->n[code] < FINDING_REPORT_MAX) {
		c->n[code]++;
		return true;
	}
	if (c->n[code]++ == FINDING_REPORT_MAX)
		finding_add(d, NFC_F_ANALYSIS_LIMIT, loc,
			    "more than %u %s findings in %s: the rest are not reported",
			    FINDING_REPORT_MAX, catalogue[code].id, where);
	return false;
}

void finding_sink_init(struct finding_sink *s, struct nfc_diags *d,
		       const char *what, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->d = d;
	snprintf(s->where, sizeof(s->where), "%s `%s'", what, name);
}

struct nfc_diag *finding_emit(struct finding_sink *s, unsigned int code,
			      const struct nfc_loc *loc, const char *fmt, ...)
{
	const struct finding_info *fi = finding_info(code);
	struct nfc_diag *dg;
	va_list ap;

	if (!finding_cap_ok(&s->cap, s->d, code, loc, s->where))
		return NULL;
	va_start(ap, fmt);
	dg = diag_vadd(s->d, fi ? fi->severity : NFC_ERROR, loc, fmt, ap);
	va_end(ap);
	diag_set_code(dg, code);
	return dg;
}
