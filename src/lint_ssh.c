// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "lint_facts.h"
#include "lint_ssh.h"

/* Bounds on the walk: branches (undecidable matches split it) and rules
 * evaluated.  Past them the answer is "undecided". */
#define SSH_MAX_BRANCHES 256
#define SSH_MAX_STEPS 2000000UL
#define TCP_SYN 0x02
#define TCP_ACK 0x10
#define IPPROTO_TCP_NUM 6
#define FLOW_MAX 128
#define PORT_TEXT_MAX 8

/* ------------------------------------------------------------------ */
/* Flows */

static int parse_port(const char *s, uint16_t *port)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v == 0 || v > LF_PORT_MAX)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

/* An address, as text of len bytes; IPv4-mapped IPv6 becomes IPv4. */
static int parse_addr(const char *s, size_t len, enum nfc_family *fam,
		      unsigned char *out)
{
	char buf[INET6_ADDRSTRLEN + 1];
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0,
						  0, 0, 0, 0, 0xff, 0xff };

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(out, 0, 16);
	if (inet_pton(AF_INET, buf, out) == 1) {
		*fam = NFC_IPV4;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, out) != 1)
		return -1;
	*fam = NFC_IPV6;
	if (memcmp(out, mapped, sizeof(mapped)) == 0) {
		memmove(out, out + 12, 4);
		memset(out + 4, 0, 12);
		*fam = NFC_IPV4;
	}
	return 0;
}

/* ADDR, ADDR:PORT (IPv4), [ADDR]:PORT or [ADDR] or ADDR (IPv6). */
static int parse_endpoint(const char *s, enum nfc_family *fam,
			  unsigned char *addr, uint16_t *port, bool *has_port)
{
	const char *colon = strrchr(s, ':'), *close;

	*has_port = false;
	if (s[0] == '[') {
		close = strchr(s, ']');
		if (!close || parse_addr(s + 1, (size_t)(close - s - 1), fam,
					 addr) < 0)
			return -1;
		if (!close[1])
			return 0;
		if (close[1] != ':' || parse_port(close + 2, port) < 0)
			return -1;
		*has_port = true;
		return 0;
	}
	if (colon && strchr(s, ':') == colon) { /* one colon: IPv4:PORT */
		if (parse_addr(s, (size_t)(colon - s), fam, addr) < 0 ||
		    parse_port(colon + 1, port) < 0)
			return -1;
		*has_port = true;
		return 0;
	}
	return parse_addr(s, strlen(s), fam, addr);
}

int ssh_flow_parse(struct ssh_flow *f, const char *from, const char *to,
		   char *msg, size_t msglen)
{
	enum nfc_family ff, tf;
	bool has;

	memset(f, 0, sizeof(*f));
	if (!from || !to) {
		snprintf(msg, msglen,
			 "the SSH check needs both --ssh-from and --ssh-to");
		return -1;
	}
	if (parse_endpoint(from, &ff, f->saddr, &f->sport, &has) < 0) {
		snprintf(msg, msglen,
			 "--ssh-from `%s': expected ADDR or ADDR:PORT ([ADDR]:PORT for IPv6)",
			 from);
		return -1;
	}
	f->sport_known = has;
	if (parse_endpoint(to, &tf, f->daddr, &f->dport, &has) < 0) {
		snprintf(msg, msglen,
			 "--ssh-to `%s': expected ADDR:PORT ([ADDR]:PORT for IPv6)",
			 to);
		return -1;
	}
	if (!has)
		f->dport = SSH_DEFAULT_PORT;
	if (ff != tf) {
		snprintf(msg, msglen,
			 "--ssh-from and --ssh-to are of different address families");
		return -1;
	}
	f->family = ff;
	return 0;
}

int ssh_flow_from_env(struct ssh_flow *f, const char *value, char *msg,
		      size_t msglen)
{
	char from[FLOW_MAX], cport[PORT_TEXT_MAX], to[FLOW_MAX],
		sport[PORT_TEXT_MAX];
	enum nfc_family ff, tf;
	bool has;

	memset(f, 0, sizeof(*f));
	if (!value || !*value) {
		snprintf(msg, msglen,
			 "SSH_CONNECTION is not set: this is not an SSH session");
		return -1;
	}
	if (sscanf(value, "%127s %7s %127s %7s", from, cport, to, sport) != 4 ||
	    parse_endpoint(from, &ff, f->saddr, &f->sport, &has) < 0 || has ||
	    parse_endpoint(to, &tf, f->daddr, &f->dport, &has) < 0 || has ||
	    ff != tf || parse_port(cport, &f->sport) < 0 ||
	    parse_port(sport, &f->dport) < 0) {
		snprintf(msg, msglen,
			 "SSH_CONNECTION `%s': expected CLIENT-ADDR CLIENT-PORT SERVER-ADDR SERVER-PORT",
			 value);
		return -1;
	}
	f->sport_known = true;
	f->family = ff;
	return 0;
}

static void format_end(const unsigned char *a, enum nfc_family fam,
		       bool has_port, uint16_t port, char *buf, size_t len)
{
	char s[INET6_ADDRSTRLEN];

	inet_ntop(fam == NFC_IPV6 ? AF_INET6 : AF_INET, a, s, sizeof(s));
	if (!has_port)
		snprintf(buf, len, "%s", s);
	else if (fam == NFC_IPV6)
		snprintf(buf, len, "[%s]:%u", s, port);
	else
		snprintf(buf, len, "%s:%u", s, port);
}

void ssh_flow_format(const struct ssh_flow *f, char *buf, size_t len)
{
	char a[FLOW_MAX], b[FLOW_MAX];

	format_end(f->saddr, f->family, f->sport_known, f->sport, a, sizeof(a));
	format_end(f->daddr, f->family, true, f->dport, b, sizeof(b));
	snprintf(buf, len, "%s -> %s", a, b);
}

/* ------------------------------------------------------------------ */
/* One rule against one packet */

enum tri { T_NO, T_YES, T_UNKNOWN };

struct packet {
	const struct ssh_flow *f;
	uint8_t flags; /* TCP flags */
	uint8_t state; /* LF_ST_* */
	char in[IFNAMSIZ]; /* the input interface, "" if not known */
	bool not_lo;       /* known at least not to come in on lo */
};

/* Packets arrive on lo exactly when they come from this host: from a
 * loopback address or from the address they go to.  A session from
 * anywhere else never uses lo, which settles the usual first rule
 * `-i lo -j ACCEPT' without knowing the real interface. */
static void infer_iface(struct packet *p)
{
	static const unsigned char lo6[16] = { [15] = 1 };
	const struct ssh_flow *f = p->f;
	size_t alen = f->family == NFC_IPV6 ? 16 : 4;
	bool loopback = f->family == NFC_IPV6 ? memcmp(f->saddr, lo6, 16) == 0
					      : f->saddr[0] == 127;

	if (f->iniface[0])
		memcpy(p->in, f->iniface, sizeof(p->in));
	else if (loopback || memcmp(f->saddr, f->daddr, alen) == 0)
		snprintf(p->in, sizeof(p->in), "lo");
	else
		p->not_lo = true;
}

/* Is b an exact (no `+') test for the name lo? */
static bool is_lo(const struct lf_bits *b)
{
	static const struct lf_bits lo = {
		.val = "lo", .msk = { 0xff, 0xff, 0xff }, .len = IFNAMSIZ,
	};

	return memcmp(b->val, lo.val, IFNAMSIZ) == 0 &&
	       memcmp(b->msk, lo.msk, IFNAMSIZ) == 0;
}

static void iface_text(const struct lf_bits *b, char c, char *what,
		       size_t len)
{
	snprintf(what, len, "%s-%c %.*s", b->inv ? "! " : "", c, IFNAMSIZ,
		 (const char *)b->val);
}

/* Is bit test b true for value v?  Sets *what when it cannot tell. */
static enum tri eval_addr(const struct lf_bits *b, const unsigned char *v,
			  char c, char *what, size_t len)
{
	if (!bits_constrains(b))
		return T_YES;
	if (b->unknown) {
		snprintf(what, len, "-%c HOSTNAME (resolved when loading)", c);
		return T_UNKNOWN;
	}
	return bits_match(b, v) ? T_YES : T_NO;
}

static enum tri eval_ports(const struct rule_facts *r, const struct packet *p,
			   char *what, size_t len)
{
	const struct ssh_flow *f = p->f;
	enum tri t = T_YES;

	if (r->has_dport && !ports_contains(&r->dport, f->dport))
		return T_NO;
	if (r->has_sport) {
		if (!f->sport_known) {
			snprintf(what, len, "--sport (give --ssh-from ADDR:PORT)");
			t = T_UNKNOWN;
		} else if (!ports_contains(&r->sport, f->sport)) {
			return T_NO;
		}
	}
	if (r->has_either && !ports_contains(&r->either, f->dport)) {
		if (!f->sport_known) {
			snprintf(what, len, "-m multiport --ports (give --ssh-from ADDR:PORT)");
			t = T_UNKNOWN;
		} else if (!ports_contains(&r->either, f->sport)) {
			return T_NO;
		}
	}
	return t;
}

/* The first definite "no" wins; else the first unknown; else yes. */
static enum tri combine(enum tri acc, enum tri t, char *what, const char *w,
			size_t len)
{
	if (acc == T_NO || t == T_NO)
		return T_NO;
	if (t == T_UNKNOWN && acc != T_UNKNOWN) {
		snprintf(what, len, "%s", w);
		return T_UNKNOWN;
	}
	return acc;
}

static enum tri eval_rule(const struct rule_facts *r, const struct packet *p,
			  char *what, size_t len)
{
	static const unsigned char none[IFNAMSIZ];
	const struct ssh_flow *f = p->f;
	char w[SSH_WHAT_MAX] = "";
	enum tri acc = T_YES, t;
	unsigned char in[IFNAMSIZ] = { 0 };

	acc = combine(acc, eval_addr(&r->src, f->saddr, 's', w, sizeof(w)),
		      what, w, len);
	acc = combine(acc, eval_addr(&r->dst, f->daddr, 'd', w, sizeof(w)),
		      what, w, len);
	if (bits_constrains(&r->in)) {
		if (p->in[0]) {
			memcpy(in, p->in, sizeof(in));
			t = bits_match(&r->in, in) ? T_YES : T_NO;
		} else if (p->not_lo && is_lo(&r->in)) {
			t = r->in.inv ? T_YES : T_NO;
		} else {
			iface_text(&r->in, 'i', w, sizeof(w));
			t = T_UNKNOWN;
		}
		acc = combine(acc, t, what, w, len);
	}
	acc = combine(acc, bits_match(&r->out, none) ? T_YES : T_NO, what, "",
		      len);
	if (r->proto || r->proto_inv)
		acc = combine(acc,
			      (r->proto == IPPROTO_TCP_NUM) != r->proto_inv ?
				      T_YES : T_NO,
			      what, "", len);
	if (r->frag && !r->frag_inv)
		acc = T_NO; /* the packet is no fragment */
	acc = combine(acc, eval_ports(r, p, w, sizeof(w)), what, w, len);
	if (r->has_flags)
		acc = combine(acc,
			      ((p->flags & r->flg_mask) == r->flg_cmp) !=
					      r->flg_inv ?
				      T_YES : T_NO,
			      what, "", len);
	if (!(r->st_over & p->state))
		acc = T_NO;
	else if (!(r->st_under & p->state))
		acc = combine(acc, T_UNKNOWN, what,
			      "-m conntrack --ctstate SNAT/DNAT", len);
	if (r->nopaque) {
		if (r->opaque)
			snprintf(w, sizeof(w), "-m %s", r->opaque->u.user.name);
		else
			snprintf(w, sizeof(w), "a test nfcommit cannot evaluate");
		acc = combine(acc, T_UNKNOWN, what, w, len);
	}
	return acc;
}

/* ------------------------------------------------------------------ */
/* The walk */

struct frame {
	uint32_t chain, rule;
};

struct branch {
	struct frame *stack;
	unsigned int depth, cap;
	struct frame at;
	bool assumed; /* an undecidable match on this path: the last one */
	bool if_matches;
	struct nfc_loc assumed_at;
	char what[SSH_WHAT_MAX];
};

enum leaf { LEAF_ACCEPT, LEAF_DROP, LEAF_OPEN };

struct walk {
	const struct nfc_table *t;
	const struct nfc_chain *input;
	struct packet p;
	struct branch *todo;
	unsigned int ntodo, branches;
	unsigned long steps;
	unsigned int leaves, drops;
	bool have_accept, have_bad;
	struct ssh_outcome accept, bad;
	bool oom;
};

static int push_frame(struct branch *b, struct frame fr)
{
	if (b->depth == b->cap) {
		unsigned int cap = b->cap ? b->cap * 2 : 16;
		struct frame *v = realloc(b->stack, cap * sizeof(*v));

		if (!v)
			return -1;
		b->stack = v;
		b->cap = cap;
	}
	b->stack[b->depth++] = fr;
	return 0;
}

static void leaf(struct walk *w, const struct branch *b, enum leaf kind,
		 const struct nfc_rule *r, const struct nfc_loc *where,
		 const char *what)
{
	struct ssh_outcome *o = kind == LEAF_ACCEPT ? &w->accept : &w->bad;
	bool *have = kind == LEAF_ACCEPT ? &w->have_accept : &w->have_bad;

	w->leaves++;
	if (kind == LEAF_DROP)
		w->drops++;
	if (*have)
		return;
	*have = true;
	memset(o, 0, sizeof(*o));
	o->rule = r;
	o->hands_off = kind == LEAF_OPEN;
	if (where)
		o->where = *where;
	if (b->assumed) {
		o->undecided_at = b->assumed_at;
		o->if_matches = b->if_matches;
		snprintf(o->what, sizeof(o->what), "%s", b->what);
	} else if (kind == LEAF_OPEN) {
		if (where)
			o->undecided_at = *where;
		snprintf(o->what, sizeof(o->what), "%s", what);
		o->if_matches = true;
	}
}

/* A branch remembers the last undecidable match on its path: the one
 * nearest to where it ends, which is what decided it. */
static void assume(struct branch *b, const struct nfc_rule *r,
		   const char *what, bool matches)
{
	b->assumed = true;
	b->if_matches = matches;
	b->assumed_at = r->loc;
	snprintf(b->what, sizeof(b->what), "%s", what);
}

/* Queue the other side of an undecidable match: the rule matches. */
static void fork_branch(struct walk *w, const struct branch *b,
			const struct nfc_rule *r, const char *what)
{
	struct branch *v, *nb;

	if (w->branches >= SSH_MAX_BRANCHES)
		return;
	v = realloc(w->todo, (w->ntodo + 1) * sizeof(*v));
	if (!v) {
		w->oom = true;
		return;
	}
	w->todo = v;
	nb = &w->todo[w->ntodo];
	*nb = *b;
	nb->stack = NULL;
	nb->cap = nb->depth = 0;
	if (b->depth) {
		nb->stack = malloc(b->depth * sizeof(*nb->stack));
		if (!nb->stack) {
			w->oom = true;
			return;
		}
		memcpy(nb->stack, b->stack, b->depth * sizeof(*nb->stack));
		nb->cap = nb->depth = b->depth;
	}
	/* The copy starts at the rule again, deciding it matches. */
	nb->at.rule--;
	assume(nb, r, what, true);
	w->ntodo++;
	w->branches++;
}

/* The end of INPUT, reached by falling off it, by RETURN, or by the end
 * of a chain that INPUT went to with -g: the policy decides. */
static void policy(struct walk *w, const struct branch *b)
{
	leaf(w, b, w->input->policy == NFC_POLICY_DROP ? LEAF_DROP : LEAF_ACCEPT,
	     NULL, &w->input->loc, "");
}

static const struct nfc_chain *chain_at(const struct walk *w, uint32_t i)
{
	return w->t->chains[i];
}

/* Run one branch to its end.  forced: the rule at b->at.rule - 1 is
 * taken as matching (the fork's side of an undecidable match). */
static void run_branch(struct walk *w, struct branch *b, bool forced)
{
	struct rule_facts f;
	char what[SSH_WHAT_MAX];

	for (;;) {
		const struct nfc_chain *c = chain_at(w, b->at.chain);
		const struct nfc_rule *r;
		const struct nfc_chain *to;
		enum tri m;

		if (++w->steps > SSH_MAX_STEPS) {
			leaf(w, b, LEAF_OPEN, NULL, &c->loc,
			     "too many rules to follow");
			return;
		}
		if (b->at.rule >= c->nrules) {
			if (!b->depth) {
				policy(w, b);
				return;
			}
			b->at = b->stack[--b->depth];
			continue;
		}
		r = c->rules[b->at.rule++];
		facts_decode(&f, r);
		what[0] = '\0';
		m = forced ? T_YES : eval_rule(&f, &w->p, what, sizeof(what));
		forced = false;
		if (m == T_NO)
			continue;
		if (m == T_UNKNOWN && f.target == LF_T_CONTINUE)
			continue; /* either way the packet goes on */
		if (m == T_UNKNOWN) {
			fork_branch(w, b, r, what);
			assume(b, r, what, false);
			continue;
		}
		switch (f.target) {
		case LF_T_CONTINUE:
			continue;
		case LF_T_ACCEPT:
			leaf(w, b, LEAF_ACCEPT, r, &r->loc, "");
			return;
		case LF_T_DROP:
		case LF_T_REJECT:
			leaf(w, b, LEAF_DROP, r, &r->loc, "");
			return;
		case LF_T_RETURN:
			if (!b->depth) {
				policy(w, b);
				return;
			}
			b->at = b->stack[--b->depth];
			continue;
		case LF_T_JUMP:
		case LF_T_GOTO:
			to = table_find_chain(w->t, f.target_name);
			if (!to || chain_is_builtin(to))
				break;
			if (f.target == LF_T_JUMP && push_frame(b, b->at) < 0) {
				w->oom = true;
				return;
			}
			b->at.chain = to->scratch;
			b->at.rule = 0;
			continue;
		case LF_T_QUEUE:
		case LF_T_NAT:
		case LF_T_OTHER:
			break;
		}
		snprintf(what, sizeof(what), "-j %s", f.target_name);
		leaf(w, b, LEAF_OPEN, r, &r->loc, what);
		return;
	}
}

int ssh_evaluate(const struct nfc_table *filter, const struct ssh_flow *f,
		 bool established, struct ssh_outcome *out)
{
	const struct nfc_chain *input = table_find_chain(filter, "INPUT");
	struct walk w = { .t = filter, .input = input };
	struct branch b = { 0 };
	unsigned int i;
	bool forced = false;

	memset(out, 0, sizeof(*out));
	if (!input || !chain_is_builtin(input))
		return -1;
	for (i = 0; i < filter->nchains; i++)
		filter->chains[i]->scratch = i;
	w.p.f = f;
	w.p.flags = established ? TCP_ACK : TCP_SYN;
	w.p.state = established ? LF_ST_ESTABLISHED : LF_ST_NEW;
	infer_iface(&w.p);
	b.at.chain = input->scratch;
	for (;;) {
		run_branch(&w, &b, forced);
		free(b.stack);
		if (!w.ntodo || w.oom)
			break;
		b = w.todo[--w.ntodo];
		forced = true;
	}
	for (i = 0; i < w.ntodo; i++)
		free(w.todo[i].stack);
	free(w.todo);
	if (w.oom)
		return -1;
	if (!w.have_bad) {
		*out = w.accept;
		out->verdict = SSH_ACCEPTED;
	} else {
		*out = w.bad;
		out->verdict = w.drops == w.leaves ? SSH_DROPPED : SSH_UNDECIDED;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Findings */

static const char *drop_place(const struct ssh_outcome *o, char *buf,
			      size_t len)
{
	if (o->rule)
		snprintf(buf, len, "the rule at line %u", o->where.line);
	else
		snprintf(buf, len, "the INPUT policy (line %u)", o->where.line);
	return buf;
}

static void report(const struct ssh_outcome *o, const char *which,
		   const char *flow, struct nfc_diags *d)
{
	char place[64];
	struct nfc_diag *dg;

	if (o->verdict == SSH_DROPPED) {
		finding_add(d, NFC_F_SSH_LOCKOUT, &o->where,
			    "%s drops the SSH session %s (%s): loading these rules would lock you out",
			    o->rule ? "this rule" : "the INPUT policy", flow,
			    which);
		return;
	}
	if (o->hands_off && o->undecided_at.line == o->where.line) {
		finding_add(d, NFC_F_SSH_UNDECIDED, &o->undecided_at,
			    "cannot tell whether the SSH session %s survives (%s): `%s' here decides, which cannot be evaluated offline",
			    flow, which, o->what);
		return;
	}
	dg = finding_add(d, NFC_F_SSH_UNDECIDED, &o->undecided_at,
			 "cannot tell whether the SSH session %s survives (%s): it depends on `%s' here, which cannot be evaluated offline; if it %s, %s %s",
			 flow, which, o->what,
			 o->if_matches ? "matches" : "does not match",
			 drop_place(o, place, sizeof(place)),
			 o->hands_off ? "decides instead" : "drops it");
	if (o->where.src && o->where.line != o->undecided_at.line)
		diag_set_related(dg, &o->where, "where the packet would be dropped");
}

enum ssh_verdict ssh_check(struct nfc_table *const *imgs, unsigned int n,
			   const struct ssh_flow *f, struct nfc_diags *d)
{
	const struct nfc_table *filter = NULL;
	struct ssh_outcome est, syn;
	char flow[2 * FLOW_MAX + 8];
	unsigned int i;

	for (i = 0; i < n; i++)
		if (imgs[i]->family == f->family &&
		    strcmp(imgs[i]->name, "filter") == 0)
			filter = imgs[i];
	if (!filter || ssh_evaluate(filter, f, true, &est) < 0 ||
	    ssh_evaluate(filter, f, false, &syn) < 0)
		return SSH_ACCEPTED;
	ssh_flow_format(f, flow, sizeof(flow));
	if (est.verdict != SSH_ACCEPTED && syn.verdict == est.verdict &&
	    syn.where.line == est.where.line &&
	    syn.undecided_at.line == est.undecided_at.line &&
	    strcmp(syn.what, est.what) == 0) {
		report(&est, "the running session and new connections", flow,
		       d);
	} else {
		if (est.verdict != SSH_ACCEPTED)
			report(&est, "the running session's packets", flow, d);
		if (syn.verdict != SSH_ACCEPTED)
			report(&syn, "a new connection: once this session ends, no one can log in again",
			       flow, d);
	}
	return est.verdict > syn.verdict ? est.verdict : syn.verdict;
}
