// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The rule command parser.  Its behaviour follows iptables' own parser
 * (getopt over a table that libxtables extends as matches and targets are
 * named, "!" as a word of its own, implicit protocol matches), because a
 * rules file must mean here exactly what it means to iptables-restore.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xtables.h>

#include "extcache.h"
#include "fastaddr.h"
#include "fastopt.h"
#include "hostname.h"
#include "ruleparse.h"
#include "xt.h"

/* libxtables gives each extension this many option ids (its header hides
 * the constant behind XTABLES_INTERNAL). */
#ifndef XT_OPTION_OFFSET_SCALE
#define XT_OPTION_OFFSET_SCALE 256
#endif

/* Command bits, in iptables' order (cmd_letters below relies on it). */
enum {
	C_INSERT = 1 << 0,
	C_DELETE = 1 << 1,
	C_DELETE_NUM = 1 << 2,
	C_REPLACE = 1 << 3,
	C_APPEND = 1 << 4,
	C_LIST = 1 << 5,
	C_FLUSH = 1 << 6,
	C_ZERO = 1 << 7,
	C_NEW_CHAIN = 1 << 8,
	C_DEL_CHAIN = 1 << 9,
	C_POLICY = 1 << 10,
	C_RENAME = 1 << 11,
	C_LIST_RULES = 1 << 12,
	C_ZERO_NUM = 1 << 13,
	C_CHECK = 1 << 14,
};
static const char cmd_letters[] = "IDDRALFZNXPESZC";

/* Option bits, in the order of opt_letters. */
enum {
	O_NUMERIC = 1 << 0,
	O_SOURCE = 1 << 1,
	O_DEST = 1 << 2,
	O_PROTO = 1 << 3,
	O_JUMP = 1 << 4,
	O_VERBOSE = 1 << 5,
	O_EXPANDED = 1 << 6,
	O_VIAIN = 1 << 7,
	O_VIAOUT = 1 << 8,
	O_LINENUM = 1 << 9,
	O_COUNTERS = 1 << 10,
	O_FRAG = 1 << 11,
	O_COUNT = 12,
};
static const char opt_letters[] = "nsdpjvxio0cf";
static const uint8_t opt_inverse[O_COUNT] = {
	0, IPT_INV_SRCIP, IPT_INV_DSTIP, XT_INV_PROTO, 0, 0, 0,
	IPT_INV_VIA_IN, IPT_INV_VIA_OUT, 0, 0, IPT_INV_FRAG,
};

#define ALL_BUT(x) ((1u << O_COUNT) - 1 - (x))
#define RULE_ILLEGAL (O_NUMERIC | O_EXPANDED | O_LINENUM)

/* Options each command refuses; an option given with several commands is
 * legal when any of them takes it. */
static unsigned int cmd_illegal(unsigned int cmdbit)
{
	switch (cmdbit) {
	case C_INSERT:
	case C_REPLACE:
	case C_APPEND:
		return RULE_ILLEGAL;
	case C_DELETE:
	case C_CHECK:
		return RULE_ILLEGAL | O_COUNTERS;
	case C_LIST:
		return O_SOURCE | O_DEST | O_PROTO | O_JUMP | O_VIAIN |
		       O_VIAOUT | O_COUNTERS | O_FRAG;
	case C_POLICY:
		return ALL_BUT(O_VERBOSE | O_COUNTERS);
	default:
		return ALL_BUT(O_VERBOSE);
	}
}

#define OPTSTRING "-:A:C:D:E:F::I:L::M:N:P:VX::Z::c:d:i:j:o:p:s:t:R:S::W::46bfg:h::m:nvw::x"

static struct option base_options[] = {
	{ "append", 1, NULL, 'A' },	   { "delete", 1, NULL, 'D' },
	{ "check", 1, NULL, 'C' },	   { "insert", 1, NULL, 'I' },
	{ "replace", 1, NULL, 'R' },	   { "list", 2, NULL, 'L' },
	{ "list-rules", 2, NULL, 'S' },    { "flush", 2, NULL, 'F' },
	{ "zero", 2, NULL, 'Z' },	   { "new-chain", 1, NULL, 'N' },
	{ "delete-chain", 2, NULL, 'X' },  { "rename-chain", 1, NULL, 'E' },
	{ "policy", 1, NULL, 'P' },	   { "source", 1, NULL, 's' },
	{ "destination", 1, NULL, 'd' },   { "src", 1, NULL, 's' },
	{ "dst", 1, NULL, 'd' },	   { "protocol", 1, NULL, 'p' },
	{ "in-interface", 1, NULL, 'i' },  { "jump", 1, NULL, 'j' },
	{ "table", 1, NULL, 't' },	   { "match", 1, NULL, 'm' },
	{ "numeric", 0, NULL, 'n' },	   { "out-interface", 1, NULL, 'o' },
	{ "verbose", 0, NULL, 'v' },	   { "wait", 2, NULL, 'w' },
	{ "wait-interval", 2, NULL, 'W' }, { "exact", 0, NULL, 'x' },
	{ "fragments", 0, NULL, 'f' },	   { "version", 0, NULL, 'V' },
	{ "help", 2, NULL, 'h' },	   { "line-numbers", 0, NULL, '0' },
	{ "modprobe", 1, NULL, 'M' },	   { "set-counters", 1, NULL, 'c' },
	{ "goto", 1, NULL, 'g' },	   { "ipv4", 0, NULL, '4' },
	{ "ipv6", 0, NULL, '6' },	   { NULL, 0, NULL, 0 },
};

/*
 * Chain names announced to libxtables, hashed.  libxtables keeps them in
 * 512 lists, which a ruleset with tens of thousands of chains makes long
 * for every -j to a chain; this set answers those.
 */
struct chain_set {
	char **names;
	size_t size, n; /* size: a power of two, or 0 */
};

struct ruleparse_ctx {
	struct fastopt_base base;
	struct chain_set chains;
	struct extcache ext; /* the fast path's; the slow one asks afresh */
};

static bool chain_set_has(const struct chain_set *cs, const char *name)
{
	size_t i;

	if (!cs->size)
		return false;
	for (i = nfc_name_hash(name) & (cs->size - 1); cs->names[i];
	     i = (i + 1) & (cs->size - 1))
		if (strcmp(cs->names[i], name) == 0)
			return true;
	return false;
}

static void chain_set_put(char **names, size_t size, char *name)
{
	size_t i = nfc_name_hash(name) & (size - 1);

	while (names[i])
		i = (i + 1) & (size - 1);
	names[i] = name;
}

/* Keeps the table at most half full; without memory the set stays as it
 * was, which only means slower lookups through libxtables. */
static void chain_set_add(struct chain_set *cs, const char *name)
{
	char *copy;
	size_t i;

	if (chain_set_has(cs, name))
		return;
	if (2 * (cs->n + 1) > cs->size) {
		size_t size = cs->size ? 2 * cs->size : 256;
		char **v = calloc(size, sizeof(*v));

		if (!v)
			return;
		for (i = 0; i < cs->size; i++)
			if (cs->names[i])
				chain_set_put(v, size, cs->names[i]);
		free(cs->names);
		cs->names = v;
		cs->size = size;
	}
	copy = strdup(name);
	if (!copy)
		return;
	chain_set_put(cs->names, cs->size, copy);
	cs->n++;
}

const char ruleparse_nat_drop_msg[] =
	"the nat table is not for filtering: DROP is not allowed there";

struct option *rule_base_options(void)
{
	return base_options;
}

/* Everything one rule line's parse accumulates. */
struct rp {
	const struct ruleparse_in *in;
	struct nfc_cmd *cmd;
	int blame; /* argv index of the word being parsed */

	unsigned int command;
	unsigned int options;
	bool invert;
	bool ignore_line; /* -4 in an IPv6 file or the reverse */
	uint8_t invflags;
	uint8_t flags;
	char iniface[IFNAMSIZ], outiface[IFNAMSIZ];
	unsigned char iniface_mask[IFNAMSIZ], outiface_mask[IFNAMSIZ];
	const char *protocol;
	bool proto_used;
	const char *shost, *dhost;
	int shost_arg, dhost_arg; /* their argv indexes, for diagnostics */
	const char *jumpto;
	bool goto_set;
	struct xtables_rule_match *matches;
	struct xtables_target *target;
	unsigned long long pcnt, bcnt;
	/* Options found by fastopt instead of getopt_long (fastopt.h). */
	struct fastopt *fast;

	/* Addresses after expansion (hostnames may give several). */
	unsigned int nsaddrs, ndaddrs;
	void *saddrs, *smasks, *daddrs, *dmasks;
	/* Their storage when fastaddr read one address each. */
	struct in6_addr one_addr[2], one_mask[2];
	/* Host names in -s / -d (NFC_RULE_*_NAME), and offline, the
	 * specifications with the names replaced (see hostname.h). */
	uint8_t name_flags;
	char *shost_offline, *dhost_offline;

	/* Last: the entries end in a flexible array member. */
	union {
		struct ipt_entry e4;
		struct ip6t_entry e6;
	} fw;
};

static bool is_ipv6(const struct rp *p)
{
	return p->in->family == NFC_IPV6;
}

static void add_command(struct rp *p, unsigned int bit, unsigned int others)
{
	unsigned int i, j;

	if (p->invert)
		xtables_error(PARAMETER_PROBLEM, "unexpected '!' flag");
	if (p->command & ~others) {
		for (i = 0; !(bit & (1u << i)); i++)
			;
		for (j = 0; !((p->command & ~others) & (1u << j)); j++)
			;
		xtables_error(PARAMETER_PROBLEM, "Cannot use -%c with -%c",
			      cmd_letters[i], cmd_letters[j]);
	}
	p->command |= bit;
}

static char opt_letter(unsigned int bit)
{
	unsigned int i;

	for (i = 0; !(bit & (1u << i)); i++)
		;
	return opt_letters[i];
}

static void set_option(struct rp *p, unsigned int bit)
{
	unsigned int i;

	if (p->options & bit)
		xtables_error(PARAMETER_PROBLEM, "multiple -%c flags not allowed",
			      opt_letter(bit));
	p->options |= bit;
	if (!p->invert)
		return;
	for (i = 0; !(bit & (1u << i)); i++)
		;
	if (!opt_inverse[i])
		xtables_error(PARAMETER_PROBLEM, "cannot have ! before -%c",
			      opt_letter(bit));
	p->invflags |= opt_inverse[i];
}

static unsigned int parse_rulenum(const char *s)
{
	unsigned int n;

	if (!xtables_strtoui(s, NULL, &n, 1, INT_MAX))
		xtables_error(PARAMETER_PROBLEM, "Invalid rule number `%s'", s);
	return n;
}

/* The optional argument of -I, -D, -L ...: the next word if it is not an
 * option (getopt's optional arguments need "=" otherwise). */
static bool next_is_arg(const struct rp *p)
{
	char **argv = p->in->argv;

	return optind < p->in->argc && argv[optind][0] != '-' &&
	       argv[optind][0] != '!';
}

static const char *take_arg(struct rp *p)
{
	p->blame = optind;
	return p->in->argv[optind++];
}

static void check_name_length(const char *what, const char *name)
{
	if (strlen(name) >= NFC_CHAIN_MAXLEN)
		xtables_error(PARAMETER_PROBLEM,
			      "%s `%s' too long (must be under %u chars)", what,
			      name, NFC_CHAIN_MAXLEN);
}

/* The extension cache, on the fast path of a parse that keeps a context. */
static struct extcache *ext_cache(const struct rp *p)
{
	return p->fast && p->in->ctx ? &p->in->ctx->ext : NULL;
}

/*
 * xtables_find_target(name, XTF_TRY_LOAD), where an announced chain is no
 * extension (verdicts and "" are libxtables' own business).  A target that
 * no rule being parsed holds (t->t unset) is what libxtables would return
 * itself; one that is held it would clone, and a clone is never kept.
 */
static struct xtables_target *find_target(const struct rp *p, const char *name)
{
	struct extcache *c = ext_cache(p);
	struct xtables_target *t;

	if (p->in->ctx && name[0] && !is_verdict_label(name) &&
	    chain_set_has(&p->in->ctx->chains, name))
		return NULL;
	t = c ? extcache_target(c, name) : NULL;
	if (t && !t->t) {
		t->used = 1;
		return t;
	}
	t = xtables_find_target(name, XTF_TRY_LOAD);
	if (c && t && t != t->next)
		extcache_put_target(c, name, t);
	return t;
}

/*
 * xtables_find_match(name, XTF_LOAD_MUST_SUCCEED, &p->matches).  For a
 * match no earlier -m of this rule holds (m->m unset) libxtables returns
 * the extension itself and appends it to the rule's list, marking no
 * entry completed: there is none of that name before it.
 */
static struct xtables_match *find_match(struct rp *p, const char *name)
{
	struct extcache *c = ext_cache(p);
	struct xtables_match *m = c ? extcache_match(c, name) : NULL;
	struct xtables_rule_match **at, *entry;

	if (!m || m->m) {
		m = xtables_find_match(name, XTF_LOAD_MUST_SUCCEED,
				       &p->matches);
		if (c && m != m->next)
			extcache_put_match(c, name, m);
		return m;
	}
	entry = xtables_calloc(1, sizeof(*entry));
	entry->match = m;
	for (at = &p->matches; *at; at = &(*at)->next)
		;
	*at = entry;
	return m;
}

static void check_chain_name(const struct rp *p, const char *name)
{
	const char *c;

	check_name_length("chain name", name);
	if (*name == '-' || *name == '!')
		xtables_error(PARAMETER_PROBLEM,
			      "chain name not allowed to start with `%c'", *name);
	if (find_target(p, name))
		xtables_error(PARAMETER_PROBLEM,
			      "chain name `%s' clashes with the target of that name",
			      name);
	for (c = name; *c; c++)
		if (isspace((unsigned char)*c))
			xtables_error(PARAMETER_PROBLEM,
				      "Invalid chain name `%s'", name);
}

static const char *check_target_name(const char *name)
{
	const char *c;

	if (!*name)
		xtables_error(PARAMETER_PROBLEM, "Invalid target name (too short)");
	if (strlen(name) >= XT_EXTENSION_MAXNAMELEN)
		xtables_error(PARAMETER_PROBLEM,
			      "Invalid target name `%s' (%u chars max)", name,
			      XT_EXTENSION_MAXNAMELEN - 1);
	for (c = name; *c; c++)
		if (isspace((unsigned char)*c))
			xtables_error(PARAMETER_PROBLEM,
				      "Invalid target name `%s'", name);
	return name;
}

static void merge_options(struct rp *p, struct xtables_match *m,
			  struct xtables_target *t)
{
	struct option *opts = xt_params->opts;
	unsigned int *offset = m ? &m->option_offset : &t->option_offset;
	const struct xt_option_entry *x6 = m ? m->x6_options : t->x6_options;
	const struct option *extra = m ? m->extra_opts : t->extra_opts;

	if (p->fast) {
		/* The offsets libxtables' merge would give, without the
		 * table: fastopt looks the options up in place. */
		if (!x6 && !extra)
			return;
		xt_params->option_offset += XT_OPTION_OFFSET_SCALE;
		*offset = xt_params->option_offset;
		fastopt_add(p->fast, x6, extra, *offset);
		return;
	}
	if (x6)
		opts = xtables_options_xfrm(xt_params->orig_opts, opts, x6,
					    offset);
	else if (extra || t)
		opts = xtables_merge_options(xt_params->orig_opts, opts, extra,
					     offset);
	if (!opts)
		xtables_error(OTHER_PROBLEM, "out of memory merging options");
	xt_params->opts = opts;
}

/* The zeroed buffer for an extension's data in this rule: the one its
 * previous rule used when the cache kept it (never for a clone, which
 * is freed with the rule). */
static void *ext_data(const struct rp *p, const void *ext, bool clone,
		      size_t size)
{
	struct extcache *c = ext_cache(p);
	void *buf = c && !clone ? extcache_take_buffer(c, ext, size) : NULL;

	return buf ? buf : xtables_calloc(1, size);
}

/* Give the buffer back to the cache; true when it took it. */
static bool keep_ext_data(const struct rp *p, const void *ext, bool clone,
			  void *buf, size_t size)
{
	struct extcache *c = ext_cache(p);

	return c && !clone && buf && extcache_keep_buffer(c, ext, buf, size);
}

static size_t match_data_size(const struct xtables_match *m)
{
	return XT_ALIGN(sizeof(struct xt_entry_match)) + m->size;
}

static size_t target_data_size(const struct xtables_target *t)
{
	return XT_ALIGN(sizeof(struct xt_entry_target)) + t->size;
}

static void init_match(struct rp *p, struct xtables_match *m)
{
	size_t size = match_data_size(m);

	m->m = ext_data(p, m, m == m->next, size);
	m->m->u.match_size = (uint16_t)size;
	strcpy(m->m->u.user.name, m->real_name ? m->real_name : m->name);
	m->m->u.user.revision = m->revision;
	if (m->udata_size) {
		free(m->udata);
		m->udata = xtables_calloc(1, m->udata_size);
	}
	if (m->init)
		m->init(m->m);
}

static void do_match(struct rp *p, const char *name)
{
	struct xtables_match *m;

	if (p->invert)
		xtables_error(PARAMETER_PROBLEM, "unexpected ! flag before --match");
	m = find_match(p, name);
	init_match(p, m);
	if (m != m->next) /* clones share the first instance's options */
		merge_options(p, m, NULL);
}

static void do_jump(struct rp *p, const char *name)
{
	struct xtables_target *t;
	size_t size;

	p->jumpto = check_target_name(name);
	t = find_target(p, name);
	p->target = t;
	if (!t)
		return; /* a chain, resolved against the image later */
	size = target_data_size(t);
	t->t = ext_data(p, t, t == t->next, size);
	t->t->u.target_size = (uint16_t)size;
	strcpy(t->t->u.user.name, t->real_name ? t->real_name : name);
	t->t->u.user.revision = t->revision;
	if (t->udata_size) {
		free(t->udata);
		t->udata = xtables_calloc(1, t->udata_size);
	}
	if (t->init)
		t->init(t->t);
	merge_options(p, NULL, t);
}

static const char *proto_name(uint16_t proto)
{
	unsigned int i;

	for (i = 0; xtables_chain_protos[i].name; i++)
		if (xtables_chain_protos[i].num == proto)
			return xtables_chain_protos[i].name;
	return NULL;
}

static struct xtables_match *find_proto(const char *pname,
					enum xtables_tryload tryload,
					struct xtables_rule_match **matches)
{
	unsigned int proto;

	if (xtables_strtoui(pname, NULL, &proto, 0, UINT8_MAX)) {
		const char *name = proto_name((uint16_t)proto);

		return name ? xtables_find_match(name, tryload, matches) : NULL;
	}
	return xtables_find_match(pname, tryload, matches);
}

/* An option no match or target has claimed: the protocol's own match may
 * know it (-p tcp --dport 22).  Returns true when getopt must rerun. */
/* Is the protocol's match loaded?  Asked with no match list, libxtables
 * answers with a fresh clone when the match is in use in this rule (an
 * extension is never its own next, a clone always is); nobody else would
 * free that clone. */
static bool proto_match_loaded(const char *pname)
{
	struct xtables_match *m = find_proto(pname, XTF_DONT_LOAD, NULL);

	if (!m)
		return false;
	if (m->next == m)
		free(m);
	return true;
}

static bool try_proto_match(struct rp *p)
{
	struct xtables_match *m;

	if (!p->protocol)
		return false;
	if (proto_match_loaded(p->protocol) && p->proto_used)
		return false;
	m = find_proto(p->protocol, XTF_TRY_LOAD, &p->matches);
	if (!m)
		return false;
	p->proto_used = true;
	init_match(p, m);
	merge_options(p, m, NULL);
	optind--;
	return true;
}

static bool ext_option(struct rp *p, int c)
{
	struct xtables_rule_match *mp;
	struct xtables_target *t = p->target;

	if (t && (t->parse || t->x6_parse) && c >= (int)t->option_offset &&
	    c < (int)(t->option_offset + XT_OPTION_OFFSET_SCALE)) {
		xtables_option_tpcall(c, p->in->argv, p->invert, t, &p->fw);
		return false;
	}
	for (mp = p->matches; mp; mp = mp->next) {
		struct xtables_match *m = mp->match;

		if (mp->completed || (!m->x6_parse && !m->parse))
			continue;
		if (c < (int)m->option_offset ||
		    c >= (int)(m->option_offset + XT_OPTION_OFFSET_SCALE))
			continue;
		xtables_option_mpcall(c, p->in->argv, p->invert, m, &p->fw);
		return false;
	}
	if (try_proto_match(p))
		return true;
	if (c == ':')
		xtables_error(PARAMETER_PROBLEM,
			      "option \"%s\" requires an argument",
			      p->in->argv[optind - 1]);
	if (c == '?')
		xtables_error(PARAMETER_PROBLEM, "unknown option \"%s\"",
			      p->in->argv[optind - 1]);
	xtables_error(PARAMETER_PROBLEM, "Unknown arg \"%s\"", optarg);
}

/*
 * iptables takes the value of -p, -s, -d, -i and -o from the word getopt
 * stopped after, not from optarg, so `-ptcp' and `--protocol=tcp' give the
 * value "-ptcp" and fail.  Files that load must load the same here.
 */
static char *last_word(const struct rp *p)
{
	return p->in->argv[optind - 1];
}

static void set_proto(struct rp *p)
{
	char *s;
	uint16_t proto;

	set_option(p, O_PROTO);
	for (s = last_word(p); *s; s++)
		*s = (char)tolower((unsigned char)*s);
	p->protocol = last_word(p);
	proto = xtables_parse_protocol(p->protocol);
	if (proto == 0 && (p->invflags & XT_INV_PROTO))
		xtables_error(PARAMETER_PROBLEM, "rule would never match protocol");
	/* Extensions read the protocol while parsing their options. */
	if (is_ipv6(p)) {
		p->fw.e6.ipv6.proto = proto;
		p->fw.e6.ipv6.invflags = p->invflags;
		p->flags |= IP6T_F_PROTO;
		p->fw.e6.ipv6.flags |= IP6T_F_PROTO;
	} else {
		p->fw.e4.ip.proto = proto;
		p->fw.e4.ip.invflags = p->invflags;
	}
}

static void set_counters(struct rp *p)
{
	/* Past an empty word ("") lies the next word or stale bytes. */
	const char *pc = optarg,
		   *bc = *optarg ? strchr(optarg + 1, ',') : NULL;

	set_option(p, O_COUNTERS);
	if (bc)
		bc++;
	else if (next_is_arg(p))
		bc = take_arg(p);
	if (!bc)
		xtables_error(PARAMETER_PROBLEM,
			      "-c requires packet and byte counter");
	if (sscanf(pc, "%llu", &p->pcnt) != 1)
		xtables_error(PARAMETER_PROBLEM, "-c packet counter not numeric");
	if (sscanf(bc, "%llu", &p->bcnt) != 1)
		xtables_error(PARAMETER_PROBLEM, "-c byte counter not numeric");
}

static void set_chain(struct rp *p, const char *name)
{
	struct nfc_cmd *cmd = p->cmd;

	nfc_copy_str(cmd->chain, sizeof(cmd->chain), name);
	p->cmd->chain_loc.col = p->in->cols[p->blame];
	p->cmd->chain_loc.len = p->in->widths[p->blame];
	check_name_length("chain name", name);
}

/* Commands: -A -C -D -R -I -L -S -F -Z -N -X -E -P. */
static bool parse_command(struct rp *p, int c)
{
	struct nfc_cmd *cmd = p->cmd;
	const char *a;

	switch (c) {
	case 'A':
	case 'C':
		add_command(p, c == 'A' ? C_APPEND : C_CHECK, 0);
		set_chain(p, optarg);
		return true;
	case 'D':
		add_command(p, C_DELETE, 0);
		set_chain(p, optarg);
		if (next_is_arg(p)) {
			cmd->rulenum = parse_rulenum(take_arg(p));
			p->command = C_DELETE_NUM;
		}
		return true;
	case 'R':
	case 'I':
		add_command(p, c == 'R' ? C_REPLACE : C_INSERT, 0);
		set_chain(p, optarg);
		if (next_is_arg(p))
			cmd->rulenum = parse_rulenum(take_arg(p));
		else if (c == 'R')
			xtables_error(PARAMETER_PROBLEM, "-R requires a rule number");
		else
			cmd->rulenum = 1;
		return true;
	case 'L':
	case 'S':
	case 'F':
	case 'Z':
	case 'X':
		add_command(p,
			    c == 'L' ? C_LIST : c == 'S' ? C_LIST_RULES :
			    c == 'F' ? C_FLUSH : c == 'Z' ? C_ZERO : C_DEL_CHAIN,
			    c == 'Z' ? C_LIST | C_LIST_RULES :
			    (c == 'L' || c == 'S') ? C_ZERO | C_ZERO_NUM : 0);
		a = optarg ? optarg : next_is_arg(p) ? take_arg(p) : NULL;
		if (a)
			set_chain(p, a);
		if ((c == 'L' || c == 'S' || c == 'Z') && next_is_arg(p)) {
			cmd->rulenum = parse_rulenum(take_arg(p));
			if (c == 'Z')
				p->command = (p->command & ~C_ZERO) | C_ZERO_NUM;
		}
		return true;
	case 'N':
		check_chain_name(p, optarg);
		add_command(p, C_NEW_CHAIN, 0);
		set_chain(p, optarg);
		return true;
	case 'E':
	case 'P':
		add_command(p, c == 'E' ? C_RENAME : C_POLICY, 0);
		set_chain(p, optarg);
		if (!next_is_arg(p))
			xtables_error(PARAMETER_PROBLEM, c == 'E' ?
				      "-E requires old-chain-name and new-chain-name" :
				      "-P requires a chain and a policy");
		a = take_arg(p);
		snprintf(cmd->arg, sizeof(cmd->arg), "%s", a);
		cmd->arg_loc = cmd->chain_loc;
		cmd->arg_loc.col = p->in->cols[p->blame];
		cmd->arg_loc.len = p->in->widths[p->blame];
		if (strlen(a) >= sizeof(cmd->arg))
			xtables_error(PARAMETER_PROBLEM, "`%s' is too long", a);
		return true;
	}
	return false;
}

static void set_iface(struct rp *p, unsigned int bit, char *name,
		      unsigned char *mask)
{
	if (!*optarg)
		xtables_error(PARAMETER_PROBLEM,
			      "Empty interface is likely to be undesired");
	set_option(p, bit);
	xtables_parse_interface(last_word(p), name, mask);
}

static void set_jump_loc(struct rp *p)
{
	p->cmd->arg_loc = p->in->line;
	p->cmd->arg_loc.col = p->in->cols[p->blame];
	p->cmd->arg_loc.len = p->in->widths[p->blame];
}

/* One getopt result.  Returns true when getopt must run again at once
 * without resetting the pending "!". */
static bool parse_one(struct rp *p, int c)
{
	if (parse_command(p, c))
		return false;
	switch (c) {
	case 'p':
		set_proto(p);
		break;
	case 's':
	case 'd':
		set_option(p, c == 's' ? O_SOURCE : O_DEST);
		*(c == 's' ? &p->shost : &p->dhost) = last_word(p);
		*(c == 's' ? &p->shost_arg : &p->dhost_arg) = optind - 1;
		break;
	case 'g':
		set_option(p, O_JUMP);
		set_jump_loc(p);
		p->goto_set = true;
		p->jumpto = check_target_name(optarg);
		break;
	case 'j':
		set_option(p, O_JUMP);
		set_jump_loc(p);
		do_jump(p, optarg);
		break;
	case 'i':
		set_iface(p, O_VIAIN, p->iniface, p->iniface_mask);
		break;
	case 'o':
		set_iface(p, O_VIAOUT, p->outiface, p->outiface_mask);
		break;
	case 'f':
		if (is_ipv6(p))
			xtables_error(PARAMETER_PROBLEM,
				      "`-f' is not supported in IPv6, use -m frag instead");
		set_option(p, O_FRAG);
		p->flags |= IPT_F_FRAG;
		break;
	case 'v':
		if (!(p->options & O_VERBOSE))
			set_option(p, O_VERBOSE);
		break;
	case 'm':
		do_match(p, optarg);
		break;
	case 'n':
		set_option(p, O_NUMERIC);
		break;
	case 'x':
		set_option(p, O_EXPANDED);
		break;
	case '0':
		set_option(p, O_LINENUM);
		break;
	case 'c':
		set_counters(p);
		break;
	case 't':
		xtables_error(PARAMETER_PROBLEM,
			      "-t cannot be used inside a rules file: the *table line chooses the table");
	case 'w':
	case 'W':
		xtables_error(PARAMETER_PROBLEM,
			      "-%c cannot be used inside a rules file (give it to the command instead)",
			      c);
	case 'M':
		break; /* modprobe program: no effect in a file */
	case 'V':
	case 'h':
	case 'b':
		xtables_error(PARAMETER_PROBLEM, "-%c is not a rule option", c);
	case '4':
	case '6':
		if ((c == '4') != is_ipv6(p))
			break;
		p->ignore_line = true; /* the other family's line */
		return false;
	case 1:
		if (optarg[0] == '!' && optarg[1] == '\0') {
			if (p->invert)
				xtables_error(PARAMETER_PROBLEM,
					      "multiple consecutive ! not allowed");
			p->invert = true;
			return true;
		}
		xtables_error(PARAMETER_PROBLEM, "Bad argument `%s'", optarg);
	default:
		return ext_option(p, c);
	}
	return false;
}

static void check_options(struct rp *p)
{
	unsigned int i, j, illegal = (1u << O_COUNT) - 1;

	for (j = 0; j < 15; j++)
		if (p->command & (1u << j))
			illegal &= cmd_illegal(1u << j);
	for (i = 0; i < O_COUNT; i++)
		if (p->options & illegal & (1u << i))
			xtables_error(PARAMETER_PROBLEM,
				      "Illegal option `-%c' with this command",
				      opt_letters[i]);
}

static void check_chain_direction(struct rp *p)
{
	const char *chain = p->cmd->chain;

	if (!(p->command &
	      (C_APPEND | C_DELETE | C_DELETE_NUM | C_CHECK | C_INSERT | C_REPLACE)))
		return;
	if ((strcmp(chain, "PREROUTING") == 0 || strcmp(chain, "INPUT") == 0) &&
	    (p->options & O_VIAOUT))
		xtables_error(PARAMETER_PROBLEM,
			      "Can't use -o with %s: packets there have no output interface yet",
			      chain);
	if ((strcmp(chain, "POSTROUTING") == 0 || strcmp(chain, "OUTPUT") == 0) &&
	    (p->options & O_VIAIN))
		xtables_error(PARAMETER_PROBLEM,
			      "Can't use -i with %s: locally generated packets have no input interface",
			      chain);
}

/* Is this one element of an -s / -d list an address (no name lookup)? */
static bool numeric_host(const char *elem, size_t len, void *arg)
{
	const struct rp *p = arg;
	char buf[HOST_ELEM_MAX];
	char *slash;

	if (len >= sizeof(buf))
		return false;
	memcpy(buf, elem, len);
	buf[len] = '\0';
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (is_ipv6(p))
		return xtables_numeric_to_ip6addr(buf) != NULL;
	return xtables_numeric_to_ipaddr(buf) != NULL;
}

/*
 * A host name in -s or -d is flagged on the rules (check warns about it and
 * lint treats the address as unknown).  Offline, the name is never looked
 * up: check must work without DNS, and a lookup could hang on a machine
 * without network.  It is replaced by a placeholder address that is the
 * same for the same name, so that -D and duplicates still pair up.
 */
static const char *host_spec(struct rp *p, const char *spec, uint8_t flag,
			     char **store)
{
	size_t size;

	if (!spec || !host_spec_has_names(spec, numeric_host, p))
		return spec;
	p->name_flags |= flag;
	if (!p->in->offline)
		return spec;
	size = host_spec_offline_size(spec);
	*store = xtables_malloc(size);
	host_spec_offline(spec, p->in->family, numeric_host, p, *store, size);
	return *store;
}

/* One specification in the spelling fastaddr reads into slot i of
 * one_addr/one_mask; none, for a rule, is any address. */
static bool fast_address(struct rp *p, const char *spec, unsigned int i)
{
	struct in_addr *a4 = (void *)p->one_addr, *m4 = (void *)p->one_mask;

	if (is_ipv6(p)) {
		if (spec)
			return fastaddr_parse6(spec, &p->one_addr[i],
					       &p->one_mask[i]);
		memset(&p->one_addr[i], 0, sizeof(p->one_addr[i]));
		memset(&p->one_mask[i], 0, sizeof(p->one_mask[i]));
		return true;
	}
	if (spec)
		return fastaddr_parse4(spec, &a4[i], &m4[i]);
	a4[i].s_addr = m4[i].s_addr = 0;
	return true;
}

/* Both in that spelling: no allocation, no host names, one address
 * each. */
static bool fast_addresses(struct rp *p, bool rule_cmd)
{
	if (!rule_cmd || !fast_address(p, p->shost, 0) ||
	    !fast_address(p, p->dhost, 1))
		return false;
	if (is_ipv6(p)) {
		p->daddrs = &p->one_addr[1];
		p->dmasks = &p->one_mask[1];
	} else {
		p->daddrs = (struct in_addr *)(void *)p->one_addr + 1;
		p->dmasks = (struct in_addr *)(void *)p->one_mask + 1;
	}
	p->saddrs = p->one_addr;
	p->smasks = p->one_mask;
	p->nsaddrs = p->ndaddrs = 1;
	return true;
}

static void free_addresses(struct rp *p)
{
	if (p->saddrs == (void *)p->one_addr)
		return;
	free(p->saddrs);
	free(p->smasks);
	free(p->daddrs);
	free(p->dmasks);
}

static void parse_addresses(struct rp *p)
{
	bool rule_cmd = p->command &
		(C_REPLACE | C_INSERT | C_DELETE | C_APPEND | C_CHECK);
	const char *any = is_ipv6(p) ? "::0/0" : "0.0.0.0/0";
	const char *s = p->shost ? p->shost : rule_cmd ? any : NULL;
	const char *d = p->dhost ? p->dhost : rule_cmd ? any : NULL;

	if (fast_addresses(p, rule_cmd))
		return; /* one address each: none of the checks below can fail */
	s = host_spec(p, s, NFC_RULE_SRC_NAME, &p->shost_offline);
	d = host_spec(p, d, NFC_RULE_DST_NAME, &p->dhost_offline);

	if (is_ipv6(p)) {
		p->blame = p->shost_arg;
		if (s)
			xtables_ip6parse_multiple(s, (struct in6_addr **)&p->saddrs,
						  (struct in6_addr **)&p->smasks,
						  &p->nsaddrs);
		p->blame = p->dhost_arg;
		if (d)
			xtables_ip6parse_multiple(d, (struct in6_addr **)&p->daddrs,
						  (struct in6_addr **)&p->dmasks,
						  &p->ndaddrs);
	} else {
		p->blame = p->shost_arg;
		if (s)
			xtables_ipparse_multiple(s, (struct in_addr **)&p->saddrs,
						 (struct in_addr **)&p->smasks,
						 &p->nsaddrs);
		p->blame = p->dhost_arg;
		if (d)
			xtables_ipparse_multiple(d, (struct in_addr **)&p->daddrs,
						 (struct in_addr **)&p->dmasks,
						 &p->ndaddrs);
	}
	p->blame = p->nsaddrs > 1 ? p->shost_arg : p->dhost_arg;
	if ((p->nsaddrs > 1 || p->ndaddrs > 1) &&
	    (p->invflags & (IPT_INV_SRCIP | IPT_INV_DSTIP)))
		xtables_error(PARAMETER_PROBLEM,
			      "! not allowed with multiple source or destination IP addresses");
	p->blame = 0;
	if ((p->command & C_REPLACE) && (p->nsaddrs != 1 || p->ndaddrs != 1))
		xtables_error(PARAMETER_PROBLEM,
			      "Replacement rule does not specify a unique address");
	/* One line must not make an unbounded number of rules. */
	if ((unsigned long)p->nsaddrs * p->ndaddrs > NFC_MAX_EXPANSION)
		xtables_error(PARAMETER_PROBLEM,
			      "%u source times %u destination addresses make more than %u rules, nfcommit's limit for one line",
			      p->nsaddrs, p->ndaddrs, NFC_MAX_EXPANSION);
}

static void finish_header(struct rp *p)
{
	if (is_ipv6(p)) {
		struct ip6t_ip6 *ip = &p->fw.e6.ipv6;

		ip->flags = p->flags | (p->goto_set ? IP6T_F_GOTO : 0);
		ip->invflags = p->invflags;
		memcpy(ip->iniface, p->iniface, IFNAMSIZ);
		memcpy(ip->iniface_mask, p->iniface_mask, IFNAMSIZ);
		memcpy(ip->outiface, p->outiface, IFNAMSIZ);
		memcpy(ip->outiface_mask, p->outiface_mask, IFNAMSIZ);
		p->fw.e6.counters.pcnt = p->pcnt;
		p->fw.e6.counters.bcnt = p->bcnt;
	} else {
		struct ipt_ip *ip = &p->fw.e4.ip;

		ip->flags = p->flags | (p->goto_set ? IPT_F_GOTO : 0);
		ip->invflags = p->invflags;
		memcpy(ip->iniface, p->iniface, IFNAMSIZ);
		memcpy(ip->iniface_mask, p->iniface_mask, IFNAMSIZ);
		memcpy(ip->outiface, p->outiface, IFNAMSIZ);
		memcpy(ip->outiface_mask, p->outiface_mask, IFNAMSIZ);
		p->fw.e4.counters.pcnt = p->pcnt;
		p->fw.e4.counters.bcnt = p->bcnt;
	}
}

static void store_command(struct rp *p)
{
	static const struct {
		unsigned int bits;
		enum nfc_cmd_type type;
	} map[] = {
		{ C_APPEND, NFC_CMD_APPEND },	  { C_INSERT, NFC_CMD_INSERT },
		{ C_DELETE, NFC_CMD_DELETE },	  { C_DELETE_NUM, NFC_CMD_DELETE_NUM },
		{ C_REPLACE, NFC_CMD_REPLACE },   { C_CHECK, NFC_CMD_CHECK },
		{ C_FLUSH, NFC_CMD_FLUSH },	  { C_ZERO, NFC_CMD_ZERO },
		{ C_ZERO_NUM, NFC_CMD_ZERO_NUM }, { C_NEW_CHAIN, NFC_CMD_NEW_CHAIN },
		{ C_DEL_CHAIN, NFC_CMD_DEL_CHAIN }, { C_RENAME, NFC_CMD_RENAME },
		{ C_POLICY, NFC_CMD_POLICY },
	};
	unsigned int i;

	p->cmd->type = NFC_CMD_LIST;
	for (i = 0; i < NFC_ARRAY_SIZE(map); i++)
		if (p->command == map[i].bits)
			p->cmd->type = map[i].type;
	if (p->options & O_COUNTERS) {
		p->cmd->has_counters = true;
		p->cmd->counters.pcnt = p->pcnt;
		p->cmd->counters.bcnt = p->bcnt;
	}
}

static void *addr_at(void *v, unsigned int i, bool v6)
{
	return (char *)v + i * (v6 ? sizeof(struct in6_addr)
				   : sizeof(struct in_addr));
}

/* Assemble header, matches and target into one entry per address pair. */
/* Most rules fit: their entry is assembled on the stack. */
#define RULE_STACK_MAX 1024

static void build_rules(struct rp *p, const struct xt_entry_target *t)
{
	struct xtables_rule_match *mp;
	bool v6 = is_ipv6(p);
	size_t hdr = v6 ? sizeof(struct ip6t_entry) : sizeof(struct ipt_entry);
	size_t msize = 0, size, off;
	unsigned char stack[RULE_STACK_MAX] __attribute__((aligned(8)));
	unsigned char *buf;
	unsigned int i, j, n = 0;

	for (mp = p->matches; mp; mp = mp->next)
		msize += mp->match->m->u.match_size;
	size = hdr + msize + t->u.target_size;
	/* Offsets in an entry are 16-bit: a bigger rule cannot exist. */
	if (size > UINT16_MAX)
		xtables_error(PARAMETER_PROBLEM,
			      "this rule's matches and target take %zu bytes, more than the %u bytes the kernel allows for one rule",
			      size, UINT16_MAX);
	/* Every byte is written below: header, matches, target. */
	buf = size <= sizeof(stack) ? stack : xtables_calloc(1, size);
	memcpy(buf, &p->fw, hdr);
	off = hdr;
	for (mp = p->matches; mp; mp = mp->next) {
		memcpy(buf + off, mp->match->m, mp->match->m->u.match_size);
		off += mp->match->m->u.match_size;
	}
	memcpy(buf + off, t, t->u.target_size);
	if (v6) {
		((struct ip6t_entry *)buf)->target_offset = (uint16_t)(hdr + msize);
		((struct ip6t_entry *)buf)->next_offset = (uint16_t)size;
	} else {
		((struct ipt_entry *)buf)->target_offset = (uint16_t)(hdr + msize);
		((struct ipt_entry *)buf)->next_offset = (uint16_t)size;
	}
	p->cmd->rules = xtables_calloc(p->nsaddrs * p->ndaddrs,
				       sizeof(*p->cmd->rules));
	for (i = 0; i < p->nsaddrs; i++) {
		for (j = 0; j < p->ndaddrs; j++) {
			struct nfc_rule *r;

			if (v6) {
				struct ip6t_ip6 *ip = &((struct ip6t_entry *)buf)->ipv6;

				memcpy(&ip->src, addr_at(p->saddrs, i, true), 16);
				memcpy(&ip->smsk, addr_at(p->smasks, i, true), 16);
				memcpy(&ip->dst, addr_at(p->daddrs, j, true), 16);
				memcpy(&ip->dmsk, addr_at(p->dmasks, j, true), 16);
			} else {
				struct ipt_ip *ip = &((struct ipt_entry *)buf)->ip;

				memcpy(&ip->src, addr_at(p->saddrs, i, false), 4);
				memcpy(&ip->smsk, addr_at(p->smasks, i, false), 4);
				memcpy(&ip->dst, addr_at(p->daddrs, j, false), 4);
				memcpy(&ip->dmsk, addr_at(p->dmasks, j, false), 4);
			}
			r = rule_new_in(p->in->arena, p->in->family, buf, size,
					&p->in->line);
			if (!r) {
				if (buf != stack)
					free(buf);
				xtables_error(OTHER_PROBLEM, "out of memory");
			}
			if (!p->target || strcmp(p->target->name, "standard") == 0)
				r->flags |= NFC_RULE_STANDARD;
			r->flags |= p->name_flags;
			p->cmd->rules[n++] = r;
			p->cmd->nrules = n;
		}
	}
	if (buf != stack)
		free(buf);
}

static void make_rules(struct rp *p)
{
	struct nfc_cmd *cmd = p->cmd;
	struct xt_standard_target std;

	if (!(p->command &
	      (C_APPEND | C_DELETE | C_CHECK | C_INSERT | C_REPLACE)))
		return;
	if (p->jumpto) {
		nfc_copy_str(cmd->jumpto, sizeof(cmd->jumpto), p->jumpto);
		cmd->jump_ext = p->target && strcmp(p->target->name, "standard");
		cmd->jump_to_chain = !p->target;
	}
	if (p->target) {
		build_rules(p, p->target->t);
		return;
	}
	/* A verdict-less rule or a jump to a chain: the standard target. */
	memset(&std, 0, sizeof(std));
	std.target.u.target_size = XT_ALIGN(sizeof(std));
	nfc_copy_str(std.target.u.user.name, sizeof(std.target.u.user.name),
		     p->jumpto ? p->jumpto : "");
	build_rules(p, &std.target);
}

/*
 * Would xtables_options_fcheck() find anything to say about this option
 * table?  Only options that are mandatory, or that require or exclude
 * others, give it something to check; for a table without any it only
 * loops (32 lookups per option given).
 */
static bool options_constrained(const struct xt_option_entry *e)
{
	for (; e && e->name; e++)
		if ((e->flags & XTOPT_MAND) || e->also || e->excl)
			return true;
	return false;
}

/* xtables_options_fcheck(), asked once per table and set of options. */
static void check_option_table(const struct rp *p, const char *name,
			       unsigned int flags,
			       const struct xt_option_entry *table)
{
	struct extcache *c = ext_cache(p);

	if (!table || (c && extcache_checked(c, table, flags)))
		return;
	if (options_constrained(table))
		xtables_options_fcheck(name, flags, table);
	if (c)
		extcache_put_checked(c, table, flags);
}

/*
 * xtables_option_mfcall() and _tfcall() call the extension's own final
 * check, then xtables_options_fcheck() on its option table.  The fast
 * path makes the first call the same way and the second only where it
 * can say something it has not said before.
 */
static void final_check_match(const struct rp *p, struct xtables_match *m)
{
	struct xt_fcheck_call cb;

	if (!p->fast) {
		xtables_option_mfcall(m);
		return;
	}
	if (m->x6_fcheck) {
		cb.ext_name = m->name;
		cb.data = m->m->data;
		cb.xflags = m->mflags;
		cb.udata = m->udata;
		m->x6_fcheck(&cb);
	} else if (m->final_check) {
		m->final_check(m->mflags);
	}
	check_option_table(p, m->name, m->mflags, m->x6_options);
}

static void final_check_target(const struct rp *p, struct xtables_target *t)
{
	struct xt_fcheck_call cb;

	if (!p->fast) {
		xtables_option_tfcall(t);
		return;
	}
	if (t->x6_fcheck) {
		cb.ext_name = t->name;
		cb.data = t->t->data;
		cb.xflags = t->tflags;
		cb.udata = t->udata;
		t->x6_fcheck(&cb);
	} else if (t->final_check) {
		t->final_check(t->tflags);
	}
	check_option_table(p, t->name, t->tflags, t->x6_options);
}

/* parse_words' answer when fastopt met a word it leaves to getopt. */
#define RP_SLOW 1

static int parse_words(void *arg)
{
	struct rp *p = arg;
	const struct ruleparse_in *in = p->in;
	struct xtables_match *m;
	struct xtables_target *t;
	struct xtables_rule_match *mp;
	int c;

	optind = p->fast ? 1 : 0; /* glibc: 0 starts a fresh scan */
	opterr = 0;
	/* release() leaves the flags of the extensions a rule used at zero;
	 * the slow path, which also retries what the fast one could not
	 * take, clears every extension's all the same. */
	for (m = p->fast ? NULL : xtables_matches; m; m = m->next)
		m->mflags = 0;
	for (t = p->fast ? NULL : xtables_targets; t; t = t->next) {
		t->tflags = 0;
		t->used = 0;
	}
	xt_params->opts = xt_params->orig_opts;
	for (;;) {
		int before = optind ? optind : 1;

		if (p->fast)
			c = fastopt_next(p->fast, in->argc, in->argv);
		else
			c = getopt_long(in->argc, in->argv, OPTSTRING,
					xt_params->opts, NULL);
		if (c == -1)
			break;
		if (c == FASTOPT_BAIL)
			return RP_SLOW;
		/* Blame the option's value when it has one of its own: most
		 * errors are about the value. */
		p->blame = before;
		if (c != '?' && c != ':' && optarg && optind - 1 > before &&
		    optarg == in->argv[optind - 1])
			p->blame = optind - 1;
		if (parse_one(p, c))
			continue;
		if (p->ignore_line)
			return 0;
		p->invert = false;
	}
	p->blame = 0;
	if (strcmp(in->table, "nat") == 0 &&
	    ((p->command & C_POLICY && strcmp(p->cmd->arg, "DROP") == 0) ||
	     (p->jumpto && strcmp(p->jumpto, "DROP") == 0)))
		xtables_error(PARAMETER_PROBLEM, "%s", ruleparse_nat_drop_msg);
	for (mp = p->matches; mp; mp = mp->next)
		final_check_match(p, mp->match);
	if (p->target)
		final_check_target(p, p->target);
	if (!p->command)
		xtables_error(PARAMETER_PROBLEM, "no command specified");
	if (p->invert)
		xtables_error(PARAMETER_PROBLEM, "nothing appropriate following !");
	finish_header(p);
	parse_addresses(p);
	check_options(p);
	check_chain_direction(p);
	store_command(p);
	make_rules(p);
	return 0;
}

static void release(struct rp *p)
{
	struct xtables_target *t = p->target;
	struct xtables_rule_match *mp;

	for (mp = p->matches; mp; mp = mp->next) {
		struct xtables_match *m = mp->match;

		m->mflags = 0;
		/* Data an extension resized is freed below, not kept. */
		if (m->m && m->m->u.match_size == match_data_size(m) &&
		    keep_ext_data(p, m, m == m->next, m->m, match_data_size(m)))
			m->m = NULL;
	}
	if (t)
		t->tflags = 0;
	xtables_rule_matches_free(&p->matches);
	if (t) {
		if (t->t && t->t->u.target_size == target_data_size(t) &&
		    keep_ext_data(p, t, t == t->next, t->t,
				  target_data_size(t)))
			t->t = NULL;
		free(t->t);
		t->t = NULL;
		free(t->udata);
		t->udata = NULL;
		if (t == t->next)
			free(t);
	}
	free_addresses(p);
	free(p->shost_offline);
	free(p->dhost_offline);
	xtables_free_opts(1);
}

struct ruleparse_ctx *ruleparse_ctx_new(void)
{
	struct ruleparse_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	fastopt_base_init(&ctx->base, OPTSTRING, base_options);
	return ctx;
}

/*
 * With a context the name goes to its set only: every question
 * libxtables' list would answer (is -j NAME an extension?) is asked in
 * this file, which asks the set first and gets the answer the list
 * would give.  Announcing to libxtables as well costs a walk of one of
 * its 512 lists per chain, which is quadratic in the number of chains.
 */
void ruleparse_announce_chain(struct ruleparse_ctx *ctx, const char *name)
{
	if (ctx)
		chain_set_add(&ctx->chains, name);
	else
		xtables_announce_chain(name);
}


void ruleparse_ctx_free(struct ruleparse_ctx *ctx)
{
	size_t i;

	if (!ctx)
		return;
	for (i = 0; i < ctx->chains.size; i++)
		free(ctx->chains.names[i]);
	free(ctx->chains.names);
	extcache_release(&ctx->ext);
	free(ctx);
}

int rule_parse(const struct ruleparse_in *in, struct nfc_cmd *cmd, char *msg,
	       size_t msglen, int *blame)
{
	const struct nfc_cmd blank = *cmd;
	struct fastopt_base fb;
	struct fastopt fo;
	struct rp p;
	int ret;

	memset(&p, 0, sizeof(p));
	p.in = in;
	p.cmd = cmd;
	cmd->loc = in->line;
	cmd->chain_loc = in->line;
	if (!in->slow) {
		/* The same parse with fastopt for getopt_long; a line it
		 * cannot take, or that fails, goes the slow way below so
		 * that errors read exactly as ever. */
		if (!in->ctx)
			fastopt_base_init(&fb, OPTSTRING, base_options);
		fastopt_init(&fo, in->ctx ? &in->ctx->base : &fb);
		p.fast = &fo;
		ret = xt_protect(parse_words, &p, msg, msglen);
		if (ret == 0)
			goto done;
		cmd_release(cmd);
		release(&p);
		*cmd = blank;
		memset(&p, 0, sizeof(p));
		p.in = in;
		p.cmd = cmd;
		cmd->loc = in->line;
		cmd->chain_loc = in->line;
	}
	ret = xt_protect(parse_words, &p, msg, msglen);
done:
	*blame = p.blame;
	if (ret == 0 && p.ignore_line) {
		cmd_release(cmd);
		cmd->type = NFC_CMD_NONE;
	}
	if (ret < 0)
		cmd_release(cmd);
	release(&p);
	return ret;
}
