// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xtables.h>

#include "builtin.h"
#include "finding.h"
#include "parse.h"
#include "ruleparse.h"
#include "tokenize.h"

/* argv[0], plus what iptables-restore adds in front of every rule: "-t"
 * TABLE and, with counters, "--set-counters" P B.  Its 255-word limit
 * counts them, so ours must too. */
#define PREFIX_WORDS 3
#define COUNTER_WORDS 3

struct parser {
	struct nfc_script *s;
	const struct parse_opts *o;
	struct nfc_diags *d;
	struct nfc_section *sec; /* open table, NULL outside one */
	struct nfc_arena *arena; /* where its rules go (on_section) */
	bool skipping;           /* inside a table -T leaves out */
	bool crlf_warned;
	char *store;             /* token storage for the current line */
	struct ruleparse_ctx *rctx; /* kept from rule to rule */
	struct nfc_loc line;
	unsigned long entries;   /* tables, chains and rules so far */
	unsigned long rule_bytes; /* and the size of those rules */
	bool full;               /* past NFC_MAX_ENTRIES: parsing stopped */
};

static struct nfc_loc at(const struct parser *ps, size_t col, size_t len)
{
	struct nfc_loc l = ps->line;

	l.col = (unsigned int)col + 1;
	l.len = (unsigned int)len;
	return l;
}

static struct nfc_diag *error_at(struct parser *ps, size_t col, size_t len,
				 const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static struct nfc_diag *error_at(struct parser *ps, size_t col, size_t len,
				 const char *fmt, ...)
{
	struct nfc_loc l = at(ps, col, len);
	struct nfc_diag *dg;
	va_list ap;

	va_start(ap, fmt);
	dg = diag_vadd(ps->d, NFC_ERROR, &l, fmt, ap);
	va_end(ap);
	return dg;
}

/* The first blank-separated word at or after *pos, as strtok(" \t\n")
 * would find it.  Returns its length (0 when none) and moves *pos. */
static size_t next_word(const char *text, size_t len, size_t *pos,
			size_t *start)
{
	size_t i = *pos, b;

	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	b = i;
	while (i < len && text[i] != ' ' && text[i] != '\t')
		i++;
	*start = b;
	*pos = i;
	return i - b;
}

/* Count n more entries; past NFC_MAX_ENTRIES, say so once and stop:
 * the limit bounds the memory one input can take. */
static void count_entries(struct parser *ps, unsigned long n,
			  unsigned long rule_bytes)
{
	ps->entries += n;
	ps->rule_bytes += rule_bytes;
	if (ps->full)
		return;
	if (ps->entries > NFC_MAX_ENTRIES)
		error_at(ps, 0, 0,
			 "more than %u tables, chains and rules: nfcommit's limit for one input; split the file",
			 NFC_MAX_ENTRIES);
	else if (ps->rule_bytes > NFC_MAX_RULE_BYTES)
		error_at(ps, 0, 0,
			 "the rules so far take more than %lu MiB: nfcommit's limit for one input; split the file",
			 NFC_MAX_RULE_BYTES >> 20);
	else
		return;
	ps->full = true;
}

/* A one-pass build takes the command now; its slot is used again. */
static void hand_over(struct parser *ps, struct nfc_cmd *cmd)
{
	if (!ps->o->on_cmd)
		return;
	ps->o->on_cmd(ps->o->hook_arg, ps->sec, cmd);
	cmd_release(cmd);
	ps->sec->ncmds--;
}

static struct nfc_section *open_section(struct parser *ps, const char *name)
{
	struct nfc_script *s = ps->s;
	struct nfc_section *sec;

	if (s->nsecs == s->cap) {
		unsigned int cap = s->cap ? s->cap * 2 : 4;
		struct nfc_section *v = realloc(s->secs, cap * sizeof(*v));

		if (!v)
			return NULL;
		s->secs = v;
		s->cap = cap;
	}
	sec = &s->secs[s->nsecs++];
	memset(sec, 0, sizeof(*sec));
	snprintf(sec->table, sizeof(sec->table), "%s", name);
	sec->loc = ps->line;
	return sec;
}

static int table_line(struct parser *ps, const char *text, size_t len)
{
	size_t pos = 1, start, n = next_word(text, len, &pos, &start);
	char name[NFC_NAME_MAX];

	if (n == 0) {
		error_at(ps, 0, 1, "%s", "table name missing after `*'");
		return 0;
	}
	if (n >= sizeof(name)) {
		error_at(ps, start, n, "%s", "table name too long");
		snprintf(name, sizeof(name), "?");
	} else {
		snprintf(name, sizeof(name), "%.*s", (int)n, text + start);
		/* Reported, then read on as a table so that its rules and
		 * COMMIT do not cascade into more errors. */
		if (!builtin_table_find(name))
			diag_set_code(error_at(ps, start, n,
					       "unknown table `%s': the tables are filter, nat, mangle, raw and security",
					       name),
				      NFC_F_UNKNOWN_TABLE);
	}
	if (ps->o->only_table && strcmp(ps->o->only_table, name) != 0) {
		ps->skipping = true;
		return 0;
	}
	ps->skipping = false;
	ps->sec = open_section(ps, name);
	if (!ps->sec)
		return -ENOMEM;
	ps->sec->loc = at(ps, start, n);
	count_entries(ps, 1, 0);
	ps->arena = ps->o->on_section
			    ? ps->o->on_section(ps->o->hook_arg, ps->sec)
			    : NULL;
	return 0;
}

static bool parse_counter_pair(const char *s, size_t len,
			       struct xt_counters *c)
{
	char buf[64];
	unsigned long long p, b;
	char tail;

	if (len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	/* iptables reads "[%llu:%llu]" and ignores what follows. */
	if (sscanf(buf, "[%llu:%llu%c", &p, &b, &tail) != 3 || tail != ']')
		return false;
	c->pcnt = p;
	c->bcnt = b;
	return true;
}

static int chain_line(struct parser *ps, const char *text, size_t len)
{
	size_t pos = 1, cs, ps_, xs, cn, pn, xn;
	struct nfc_cmd *cmd;

	cn = next_word(text, len, &pos, &cs);
	pn = next_word(text, len, &pos, &ps_);
	xn = next_word(text, len, &pos, &xs);
	if (cn == 0) {
		error_at(ps, 0, 1, "%s", "chain name missing after `:'");
		return 0;
	}
	if (cn >= NFC_CHAIN_MAXLEN) {
		error_at(ps, cs, cn, "chain name is longer than %s characters",
			 "28");
		return 0;
	}
	if (pn == 0) {
		error_at(ps, cs + cn, 1, "%s",
			 "policy missing: write ACCEPT or DROP for a builtin chain, `-' for a user-defined one");
		return 0;
	}
	cmd = section_add_cmd(ps->sec);
	if (!cmd)
		return -ENOMEM;
	cmd->type = NFC_CMD_DECLARE;
	cmd->loc = at(ps, 0, len);
	cmd->chain_loc = at(ps, cs, cn);
	cmd->arg_loc = at(ps, ps_, pn);
	snprintf(cmd->chain, sizeof(cmd->chain), "%.*s", (int)cn, text + cs);
	snprintf(cmd->arg, sizeof(cmd->arg), "%.*s",
		 (int)(pn < sizeof(cmd->arg) ? pn : sizeof(cmd->arg) - 1),
		 text + ps_);
	if (ps->o->counters && strcmp(cmd->arg, "-") != 0) {
		if (!xn || !parse_counter_pair(text + xs, xn, &cmd->counters)) {
			error_at(ps, xn ? xs : ps_ + pn, xn ? xn : 1,
				 "invalid policy counters for chain `%s': expected [PACKETS:BYTES]",
				 cmd->chain);
			ps->sec->ncmds--;
			return 0;
		}
		cmd->has_counters = true;
	}
	ruleparse_announce_chain(ps->rctx, cmd->chain);
	count_entries(ps, 1, 0);
	hand_over(ps, cmd);
	return 0;
}

/* A leading [P:B] on a rule line.  Returns the offset where the command
 * starts, or -1 after reporting a malformed prefix. */
static long prefix_counters(struct parser *ps, const char *text, size_t len,
			  struct xt_counters *c, bool *have)
{
	const char *close, *colon;

	*have = false;
	if (len == 0 || text[0] != '[')
		return 0;
	close = memchr(text, ']', len);
	colon = memchr(text, ':', len);
	if (!close) {
		error_at(ps, 0, 1, "%s", "counter prefix needs a closing `]'");
		return -1;
	}
	if (!colon || colon > close) {
		error_at(ps, 0, (size_t)(close - text) + 1, "%s",
			 "counter prefix needs `:' between packets and bytes");
		return -1;
	}
	if (ps->o->counters) {
		char buf[64];
		unsigned long long p, b;
		int n1 = -1, n2 = -1;
		size_t n = (size_t)(close - text) + 1;

		if (n >= sizeof(buf) ||
		    (snprintf(buf, sizeof(buf), "%.*s", (int)n, text),
		     sscanf(buf, "[%llu%n:%llu%n", &p, &n1, &b, &n2) != 2) ||
		    buf[n1] != ':' || buf[n2] != ']') {
			error_at(ps, 0, n, "%s",
				 "counters must be [PACKETS:BYTES], two decimal numbers");
			return -1;
		}
		c->pcnt = p;
		c->bcnt = b;
		*have = true;
	}
	return (long)(close - text) + 1;
}

static int rule_line(struct parser *ps, const char *text, size_t len)
{
	struct nfc_token tok[NFC_MAX_ARGC];
	char *argv[NFC_MAX_ARGC + 1];
	unsigned int cols[NFC_MAX_ARGC + 1], widths[NFC_MAX_ARGC + 1];
	unsigned int ntok = 0, errcol = 0, i, max;
	struct ruleparse_in in;
	struct xt_counters ctr = { 0, 0 };
	enum tokenize_error te;
	struct nfc_cmd *cmd;
	struct nfc_diag *dg;
	char msg[512];
	bool have_ctr;
	unsigned long bytes;
	long start = prefix_counters(ps, text, len, &ctr, &have_ctr);
	int blame;

	if (start < 0)
		return 0;
	max = NFC_MAX_ARGC - 1 - PREFIX_WORDS - (have_ctr ? COUNTER_WORDS : 0);
	te = tokenize_line(text + start, len - (size_t)start, ps->store, tok,
			   max, &ntok, &errcol);
	if (te != TOK_OK) {
		error_at(ps, (size_t)start + errcol - 1, 1, "%s",
			 tokenize_strerror(te));
		return 0;
	}
	argv[0] = (char *)"nfcommit";
	cols[0] = 1;
	widths[0] = (unsigned int)len;
	for (i = 0; i < ntok; i++) {
		argv[i + 1] = tok[i].text;
		cols[i + 1] = tok[i].col + (unsigned int)start;
		widths[i + 1] = tok[i].width;
	}
	argv[ntok + 1] = NULL;
	memset(&in, 0, sizeof(in));
	in.argc = (int)ntok + 1;
	in.argv = argv;
	in.cols = cols;
	in.widths = widths;
	in.family = ps->o->family;
	in.table = ps->sec->table;
	in.line = at(ps, 0, 0);
	in.offline = ps->o->offline;
	in.arena = ps->arena;
	in.ctx = ps->rctx;
	cmd = section_add_cmd(ps->sec);
	if (!cmd)
		return -ENOMEM;
	if (rule_parse(&in, cmd, msg, sizeof(msg), &blame) < 0) {
		ps->sec->ncmds--;
		if (blame > 0)
			dg = error_at(ps, cols[blame] - 1, widths[blame], "%s",
				      msg);
		else
			dg = error_at(ps, (size_t)start, 0, "%s", msg);
		if (strcmp(msg, ruleparse_nat_drop_msg) == 0)
			diag_set_code(dg, NFC_F_NAT_FILTER);
		return 0;
	}
	cmd->loc = at(ps, (size_t)start, 0);
	if (have_ctr && !cmd->has_counters) {
		/* The prefix means --set-counters P B. */
		for (i = 0; i < cmd->nrules; i++)
			*rule_counters(cmd->rules[i]) = ctr;
		cmd->has_counters = true;
		cmd->counters = ctr;
	} else if (have_ctr) {
		error_at(ps, 0, 1, "%s",
			 "counters given twice: as a [P:B] prefix and with -c");
	}
	if (cmd->type == NFC_CMD_NEW_CHAIN)
		ruleparse_announce_chain(ps->rctx, cmd->chain);
	for (i = 0, bytes = 0; i < cmd->nrules; i++)
		bytes += cmd->rules[i]->size;
	count_entries(ps, cmd->nrules ? cmd->nrules : 1, bytes);
	hand_over(ps, cmd);
	return 0;
}

static bool check_bytes(struct parser *ps, const char *text, size_t len)
{
	const char *nul = memchr(text, '\0', len);

	if (nul) {
		error_at(ps, (size_t)(nul - text), 1, "%s",
			 "NUL byte in the input: this is not a text rules file");
		return false;
	}
	if (len > NFC_MAX_LINE) {
		error_at(ps, NFC_MAX_LINE, 1,
			 "line longer than %s bytes (iptables-restore's limit)",
			 "10239");
		return false;
	}
	return true;
}

static size_t strip_cr(struct parser *ps, const char *text, size_t len)
{
	if (len == 0 || text[len - 1] != '\r')
		return len;
	if (ps->o->lenient_crlf) {
		if (!ps->crlf_warned) {
			struct nfc_loc l = at(ps, len - 1, 1);

			diag_set_code(diag_add(ps->d, NFC_WARNING, &l,
					       "CRLF (Windows) line endings: iptables-restore and nfcommit restore reject this file; convert it with `dos2unix FILE' or `sed -i 's/\\r$//' FILE'"),
				      NFC_F_CRLF);
			ps->crlf_warned = true;
		}
		return len - 1;
	}
	diag_set_code(error_at(ps, len - 1, 1, "%s",
			       "line ends in a carriage return (CRLF line endings): convert the file with `dos2unix FILE'"),
		      NFC_F_CRLF);
	return (size_t)-1;
}

static int one_line(struct parser *ps, const char *text, size_t len,
		    bool last_unterminated)
{
	(void)last_unterminated;
	if (!check_bytes(ps, text, len))
		return 0;
	if (len == 0 || text[0] == '#')
		return 0;
	len = strip_cr(ps, text, len);
	if (len == (size_t)-1)
		return 0;
	if (text[0] == '*' && !ps->sec)
		return table_line(ps, text, len);
	if (ps->skipping)
		return 0;
	if (!ps->sec) {
		struct nfc_diag *dg;

		if (len == 6 && memcmp(text, "COMMIT", 6) == 0)
			dg = error_at(ps, 0, 6, "%s",
				      "COMMIT outside a table: there is no *table line before it");
		else
			dg = error_at(ps, 0, len, "%s",
				      "text outside a table: a rules file starts each table with a line like *filter");
		diag_set_code(dg, NFC_F_OUTSIDE_TABLE);
		return 0;
	}
	if (len == 6 && memcmp(text, "COMMIT", 6) == 0) {
		ps->sec->commit_loc = at(ps, 0, 6);
		ps->sec->committed = true;
		ps->sec = NULL;
		return 0;
	}
	if (text[0] == ':')
		return chain_line(ps, text, len);
	return rule_line(ps, text, len);
}

int script_parse(struct nfc_script *s, const struct nfc_source *src,
		 const struct parse_opts *o, struct nfc_diags *d)
{
	struct parser ps = { .s = s, .o = o, .d = d };
	const char *p = src->buf, *end = src->buf + src->len;
	unsigned int lineno = 0, before = d->nerrors;
	int ret = 0;

	memset(s, 0, sizeof(*s));
	s->family = o->family;
	s->src = src;
	ps.store = malloc(NFC_MAX_LINE + 2);
	ps.rctx = ruleparse_ctx_new();
	if (!ps.store || !ps.rctx) {
		free(ps.store);
		ruleparse_ctx_free(ps.rctx);
		return -ENOMEM;
	}
	ps.line.src = src;
	while (p < end && ret == 0 && !ps.full) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		ps.line.line = ++lineno;
		ret = one_line(&ps, p, len, !nl);
		p = nl ? nl + 1 : end;
		if (d->nerrors - before >= NFC_MAX_ERRORS)
			break;
	}
	free(ps.store);
	ruleparse_ctx_free(ps.rctx);
	if (ret < 0)
		return ret;
	/* A cut input (source.h) ends where reading stopped, not the file. */
	if (ps.sec && !src->cut && !ps.full &&
	    d->nerrors - before < NFC_MAX_ERRORS) {
		struct nfc_loc l = { src, lineno + 1, 1, 0 };
		struct nfc_diag *dg = diag_add(
			d, NFC_ERROR, &l,
			"COMMIT expected: the file ends inside table `%s'",
			ps.sec->table);

		diag_set_related(dg, &ps.sec->loc, "table `%s' starts here",
				 ps.sec->table);
		diag_set_code(dg, NFC_F_COMMIT_MISSING);
	}
	return (int)(d->nerrors - before);
}
