// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Findings about how a rule is written rather than what it does: host
 * names where addresses belong (NFC019) and old spellings (NFC020).  They
 * point at the words of the line, so the line is split again here, only
 * for the few rules that have something to report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "finding.h"
#include "hostname.h"
#include "lineidx.h"
#include "lint.h"
#include "tokenize.h"

#define NAMES_MAX 256

struct text_lint {
	const struct nfc_load *l;
	struct finding_sink o;
	struct line_index li;
	bool have_li;
	char *store;
	struct nfc_token *tok;
	unsigned int ntok;
	unsigned int line; /* the line tok holds, 0 if none */
};

/* Split line `line' into t->tok.  Returns false when it cannot. */
static bool split(struct text_lint *t, unsigned int line)
{
	unsigned int errcol;
	const char *text;
	size_t len;

	if (t->line == line)
		return true;
	t->line = 0;
	if (!t->have_li) {
		if (line_index_build(&t->li, &t->l->src) < 0)
			return false;
		t->have_li = true;
	}
	if (!t->store)
		t->store = malloc(NFC_MAX_LINE + 2);
	if (!t->tok)
		t->tok = calloc(NFC_MAX_ARGC, sizeof(*t->tok));
	text = line_index_get(&t->li, line, &len);
	if (!t->store || !t->tok || !text || len > NFC_MAX_LINE ||
	    tokenize_line(text, len, t->store, t->tok, NFC_MAX_ARGC, &t->ntok,
			  &errcol) != TOK_OK)
		return false;
	t->line = line;
	return true;
}

/* The location of the first unquoted word among names that another word
 * follows (the option's value), with the value's index in *val. */
static bool find_option(struct text_lint *t, const struct nfc_loc *rule,
			const char *const *names, const char *value,
			struct nfc_loc *out, unsigned int *val)
{
	unsigned int i, k;

	if (!split(t, rule->line))
		return false;
	for (i = 0; i + 1 < t->ntok; i++) {
		if (t->tok[i].quoted)
			continue;
		for (k = 0; names[k]; k++)
			if (strcmp(t->tok[i].text, names[k]) == 0)
				break;
		if (!names[k] || (value && strcmp(t->tok[i + 1].text, value)))
			continue;
		*out = *rule;
		*val = i + 1;
		return true;
	}
	return false;
}

static void at_word(const struct text_lint *t, unsigned int from,
		    unsigned int to, struct nfc_loc *loc)
{
	loc->col = t->tok[from].col;
	loc->len = t->tok[to].col + t->tok[to].width - t->tok[from].col;
}

/* Is elem[0..len) an address, with or without a mask?  Only to pick the
 * names out of a list for the message: the parser decided already. */
static bool numeric(const char *elem, size_t len, void *arg)
{
	const enum nfc_family *fam = arg;
	char buf[HOST_ELEM_MAX], *slash;
	unsigned char a[sizeof(struct in6_addr)];
	struct in_addr a4;

	if (len >= sizeof(buf))
		return false;
	memcpy(buf, elem, len);
	buf[len] = '\0';
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (*fam == NFC_IPV6)
		return inet_pton(AF_INET6, buf, a) == 1;
	return inet_aton(buf, &a4) != 0;
}

/* The elements of an -s/-d list that are names, comma-separated. */
static void name_list(const char *spec, enum nfc_family fam, char *out,
		      size_t size)
{
	const char *p = spec, *comma;
	size_t len, o = 0;

	out[0] = '\0';
	for (; *p; p = comma + 1) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (!numeric(p, len, &fam) && host_elem_is_name(p, len) &&
		    o + len + 2 < size) {
			if (o)
				out[o++] = ',';
			memcpy(out + o, p, len);
			o += len;
			out[o] = '\0';
		}
		if (!comma)
			break;
	}
}

static void hostname(struct text_lint *t, const struct nfc_cmd *cmd, bool dst)
{
	static const char *const src_opts[] = { "-s", "--source", "--src", NULL };
	static const char *const dst_opts[] = { "-d", "--destination", "--dst",
						NULL };
	struct nfc_loc loc = cmd->loc;
	char names[NAMES_MAX] = "?";
	unsigned int v;

	if (find_option(t, &cmd->loc, dst ? dst_opts : src_opts, NULL, &loc,
			&v)) {
		at_word(t, v, v, &loc);
		name_list(t->tok[v].text, t->l->script.family, names,
			  sizeof(names));
	}
	finding_emit(&t->o, NFC_F_HOSTNAME, &loc,
		    "host name in %s (`%s'): it is looked up once, when the rules load (possibly before DNS works at boot), and the rule keeps the addresses of that moment; write the address",
		    dst ? "-d" : "-s", names);
}

/* Does the line say `-m state' (or `--match state')?  A cheap look at
 * the text first: iptables 1.8 builds -m state as the conntrack match, so
 * the rule's entry cannot tell. */
static bool says_state(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t k;

	while ((p = memmem(p, (size_t)(end - p), "state", 5))) {
		k = (size_t)(p - text);
		p += 5;
		if (p < end && *p != ' ' && *p != '\t')
			continue;
		while (k && (text[k - 1] == ' ' || text[k - 1] == '\t'))
			k--;
		if ((k >= 2 && memcmp(text + k - 2, "-m", 2) == 0) ||
		    (k >= 7 && memcmp(text + k - 7, "--match", 7) == 0))
			return true;
	}
	return false;
}

static void old_state(struct text_lint *t, const struct nfc_cmd *cmd)
{
	static const char *const opts[] = { "-m", "--match", NULL };
	static const char *const state_opt[] = { "--state", NULL };
	struct nfc_loc loc = cmd->loc, vloc;
	const char *states = "STATES", *not = "";
	unsigned int v, s;

	if (!find_option(t, &cmd->loc, opts, "state", &loc, &v))
		return; /* only in a quoted word, a comment */
	at_word(t, v - 1, v, &loc);
	if (find_option(t, &cmd->loc, state_opt, NULL, &vloc, &s)) {
		states = t->tok[s].text;
		if (s >= 2 && !t->tok[s - 2].quoted &&
		    strcmp(t->tok[s - 2].text, "!") == 0)
			not = "! ";
	}
	finding_emit(&t->o, NFC_F_DEPRECATED, &loc,
		    "`-m state %s--state %s' is the old spelling of `-m conntrack %s--ctstate %s'",
		    not, states, not, states);
}

static void old_notrack(struct text_lint *t, const struct nfc_cmd *cmd)
{
	static const char *const opts[] = { "-j", "--jump", NULL };
	struct nfc_loc loc = cmd->loc;
	unsigned int v;

	if (find_option(t, &cmd->loc, opts, "NOTRACK", &loc, &v))
		at_word(t, v - 1, v, &loc);
	finding_emit(&t->o, NFC_F_DEPRECATED, &loc,
		    "`-j NOTRACK' is the old spelling of `-j CT --notrack'");
}

static bool has_state_match(const struct nfc_rule *r)
{
	const struct xt_entry_match *m;

	for (m = rule_match_first(r); m; m = rule_match_next(r, m))
		if (strcmp(m->u.user.name, "state") == 0 ||
		    strcmp(m->u.user.name, "conntrack") == 0)
			return true;
	return false;
}

static bool line_says_state(struct text_lint *t, unsigned int line)
{
	const char *text;
	size_t len;

	if (!t->have_li) {
		if (line_index_build(&t->li, &t->l->src) < 0)
			return false;
		t->have_li = true;
	}
	text = line_index_get(&t->li, line, &len);
	return text && says_state(text, len);
}

static void one_cmd(struct text_lint *t, const struct nfc_cmd *cmd)
{
	const struct nfc_rule *r;

	if (!cmd->nrules || (cmd->type != NFC_CMD_APPEND &&
			     cmd->type != NFC_CMD_INSERT &&
			     cmd->type != NFC_CMD_REPLACE))
		return;
	r = cmd->rules[0];
	if (r->flags & NFC_RULE_SRC_NAME)
		hostname(t, cmd, false);
	if (r->flags & NFC_RULE_DST_NAME)
		hostname(t, cmd, true);
	if (has_state_match(r) && line_says_state(t, cmd->loc.line))
		old_state(t, cmd);
	/* iptables 1.8 builds NOTRACK as the CT target: ask the line. */
	if (strcmp(cmd->jumpto, "NOTRACK") == 0)
		old_notrack(t, cmd);
}

int lint_text(const struct nfc_load *l, struct nfc_diags *d)
{
	struct text_lint *t = calloc(1, sizeof(*t));
	unsigned int i, j, before = d->count;

	if (!t)
		return 0;
	t->l = l;
	finding_sink_init(&t->o, d, "file", l->src.name);

	for (i = 0; i < l->script.nsecs; i++)
		for (j = 0; j < l->script.secs[i].ncmds; j++)
			one_cmd(t, &l->script.secs[i].cmds[j]);
	if (t->have_li)
		line_index_free(&t->li);
	free(t->store);
	free(t->tok);
	free(t);
	return (int)(d->count - before);
}
