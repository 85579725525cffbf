// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The staged layout of apply on nf_tables: the plan, made from the
 * snapshot and the images; the handles the commit produced; and the
 * rollback and confirm batches.  The commit itself is in nft_commit.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <endian.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>

#include "builtin.h"
#include "nft_priv.h"
#include "nft_stage.h"

#define STAGE_MAGIC "nfcommit-stage 1"

/* -------------------------------------------------------------------- */
/* The plan */

static void slot_put(struct nft_stage_table *t, unsigned int i)
{
	unsigned int h = nfc_name_hash(t->c[i].name) & t->mask;

	while (t->slot[h])
		h = (h + 1) & t->mask;
	t->slot[h] = i + 1;
}

/* Keep the index at most half full. */
static int slot_grow(struct nft_stage_table *t)
{
	unsigned int size = t->mask ? (t->mask + 1) * 2 : 64, i;
	unsigned int *v;

	if (t->slot && t->n * 2 < t->mask + 1)
		return 0;
	v = calloc(size, sizeof(*v));
	if (!v)
		return -ENOMEM;
	free(t->slot);
	t->slot = v;
	t->mask = size - 1;
	for (i = 0; i < t->n; i++)
		slot_put(t, i);
	return 0;
}

static struct nft_stage_chain *
add_chain(struct nft_stage_table *t, enum nft_stage_kind kind, const char *name)
{
	struct nft_stage_chain *c;

	if (t->n == t->cap) {
		unsigned int cap = t->cap ? t->cap * 2 : 16;

		c = realloc(t->c, cap * sizeof(*c));
		if (!c)
			return NULL;
		t->c = c;
		t->cap = cap;
	}
	if (slot_grow(t) < 0)
		return NULL;
	c = &t->c[t->n];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	snprintf(c->name, sizeof(c->name), "%s", name);
	slot_put(t, t->n++);
	return c;
}

static bool is_old(const struct nft_stage_chain *c)
{
	return c->kind == NFT_STAGE_INERT || c->kind == NFT_STAGE_USER_OLD;
}

/* The chain of that name in the old ruleset (old) or the new one. */
static struct nft_stage_chain *find(const struct nft_stage_table *t,
				    const char *name, bool old)
{
	unsigned int h;

	if (!t->slot)
		return NULL;
	for (h = nfc_name_hash(name) & t->mask; t->slot[h]; h = (h + 1) & t->mask) {
		struct nft_stage_chain *c = &t->c[t->slot[h] - 1];

		if (is_old(c) == old && strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

const struct nft_stage_chain *
nft_stage_new_chain(const struct nft_stage_table *t, const char *name)
{
	return find(t, name, false);
}

const struct nft_stage_table *nft_stage_table_find(const struct nft_stage *st,
						   uint8_t nfproto,
						   const char *name)
{
	unsigned int i;

	for (i = 0; st && i < st->n; i++)
		if (st->t[i].nfproto == nfproto &&
		    strcmp(st->t[i].name, name) == 0)
			return &st->t[i];
	return NULL;
}

/* What the snapshot says of one old chain, while reading its messages. */
struct old_chain {
	const char *name;
	uint64_t handle;
	bool base, binding, counters;
	uint32_t hook, policy;
	int32_t prio;
	const char *type;
	uint64_t pkts, bytes;
};

static uint64_t be64_attr(const struct nlattr *a)
{
	return be64toh(mnl_attr_get_u64(a));
}

static uint32_t be32_attr(const struct nlattr *a)
{
	return ntohl(mnl_attr_get_u32(a));
}

static int nest_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type <= NFTA_CHAIN_MAX) /* larger than any nest used here */
		tb[type] = a;
	return MNL_CB_OK;
}

static void parse_attrs(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	mnl_attr_parse(nlh, sizeof(struct nfgenmsg), nest_cb, tb);
}

static void parse_chain(const struct nlmsghdr *nlh, struct old_chain *oc)
{
	const struct nlattr *tb[NFTA_CHAIN_MAX + 1] = {0};
	const struct nlattr *hk[NFTA_CHAIN_MAX + 1] = {0};
	const struct nlattr *ct[NFTA_CHAIN_MAX + 1] = {0};

	memset(oc, 0, sizeof(*oc));
	parse_attrs(nlh, tb);
	oc->name = tb[NFTA_CHAIN_NAME] ? mnl_attr_get_str(tb[NFTA_CHAIN_NAME])
				       : "";
	oc->handle =
		tb[NFTA_CHAIN_HANDLE] ? be64_attr(tb[NFTA_CHAIN_HANDLE]) : 0;
	oc->binding = tb[NFTA_CHAIN_FLAGS] &&
		      (be32_attr(tb[NFTA_CHAIN_FLAGS]) & NFT_CHAIN_BINDING);
	oc->type = tb[NFTA_CHAIN_TYPE] ? mnl_attr_get_str(tb[NFTA_CHAIN_TYPE])
				       : "";
	oc->policy = tb[NFTA_CHAIN_POLICY] ? be32_attr(tb[NFTA_CHAIN_POLICY])
					   : NF_ACCEPT;
	if (tb[NFTA_CHAIN_HOOK]) {
		oc->base = true;
		mnl_attr_parse_nested(tb[NFTA_CHAIN_HOOK], nest_cb, hk);
		if (hk[NFTA_HOOK_HOOKNUM])
			oc->hook = be32_attr(hk[NFTA_HOOK_HOOKNUM]);
		if (hk[NFTA_HOOK_PRIORITY])
			oc->prio = (int32_t)be32_attr(hk[NFTA_HOOK_PRIORITY]);
	}
	if (tb[NFTA_CHAIN_COUNTERS]) {
		mnl_attr_parse_nested(tb[NFTA_CHAIN_COUNTERS], nest_cb, ct);
		oc->counters =
			ct[NFTA_COUNTER_PACKETS] && ct[NFTA_COUNTER_BYTES];
		if (oc->counters) {
			oc->pkts = be64_attr(ct[NFTA_COUNTER_PACKETS]);
			oc->bytes = be64_attr(ct[NFTA_COUNTER_BYTES]);
		}
	}
}

struct planner {
	struct nft_stage_table *t;
	const struct nfc_table *img;
	const struct builtin_table *bt;
	bool refuse; /* the table cannot be staged */
	int err;
};

/* An old chain: where it goes in the plan. */
static void plan_old_chain(struct planner *pl, const struct old_chain *oc)
{
	const struct nfc_chain *nc = table_find_chain(pl->img, oc->name);
	struct nft_stage_chain *c;

	if (oc->binding) {
		pl->refuse = true;
		return;
	}
	if (nc && !nc->absent && chain_is_builtin(nc)) {
		const struct builtin_chain *bc =
			pl->bt ? builtin_chain_find(pl->bt, oc->name) : NULL;

		/* The new base chain must be this very one. */
		if (!oc->base || !bc || oc->hook != (uint32_t)bc->hook ||
		    oc->prio != bc->priority ||
		    strcmp(oc->type, bc->type) != 0) {
			pl->refuse = true;
			return;
		}
		c = add_chain(pl->t, NFT_STAGE_BASE, oc->name);
	} else {
		c = add_chain(pl->t,
			      oc->base ? NFT_STAGE_INERT : NFT_STAGE_USER_OLD,
			      oc->name);
	}
	if (!c) {
		pl->err = -ENOMEM;
		return;
	}
	c->handle = oc->handle;
	c->old_policy = oc->policy;
	c->old_counters = oc->counters;
	c->old_pkts = oc->pkts;
	c->old_bytes = oc->bytes;
}

static int push_handle(uint64_t **v, unsigned int *n, uint64_t h)
{
	uint64_t *p;

	if ((*n & (*n - 1)) == 0) { /* 0, 1, 2, 4, ...: grow */
		p = realloc(*v, (*n ? *n * 2 : 1) * sizeof(*p));
		if (!p)
			return -ENOMEM;
		*v = p;
	}
	(*v)[(*n)++] = h;
	return 0;
}

static int plan_msg(const struct nlmsghdr *nlh, void *arg)
{
	struct planner *pl = arg;
	const struct nlattr *tb[NFTA_CHAIN_MAX + 1] = {0};
	struct nft_stage_chain *c;
	struct old_chain oc;

	switch (NFNL_MSG_TYPE(nlh->nlmsg_type)) {
	case NFT_MSG_NEWTABLE:
		break;
	case NFT_MSG_NEWCHAIN:
		parse_chain(nlh, &oc);
		plan_old_chain(pl, &oc);
		break;
	case NFT_MSG_NEWRULE:
		/* the old rules of a base chain of both: deleted on confirm */
		parse_attrs(nlh, tb);
		if (!tb[NFTA_RULE_CHAIN] || !tb[NFTA_RULE_HANDLE]) {
			pl->refuse = true;
			break;
		}
		c = find(pl->t, mnl_attr_get_str(tb[NFTA_RULE_CHAIN]), false);
		/* (find is a hash lookup: tables may hold 100k rules) */
		if (c && c->kind == NFT_STAGE_BASE &&
		    push_handle(&c->oldh, &c->nold,
				be64_attr(tb[NFTA_RULE_HANDLE])) < 0)
			pl->err = -ENOMEM;
		break;
	default:
		pl->refuse = true; /* sets, objects, flowtables */
		break;
	}
	return pl->err || pl->refuse ? -1 : 0;
}

/* A stand-in name must be no chain's name, old or new (stand-in names
 * differ from each other by their serial). */
static bool name_taken(const struct nft_stage_table *t,
		       const struct nfc_table *img, const char *aside)
{
	return find(t, aside, true) || find(t, aside, false) ||
	       table_find_chain(img, aside) != NULL;
}

/* The new chains: a user chain whose name an old chain still has gets a
 * stand-in name until confirm. */
static int plan_new_chains(struct planner *pl, unsigned int *serial)
{
	const struct nfc_table *img = pl->img;
	unsigned int i;

	for (i = 0; i < img->nchains; i++) {
		const struct nfc_chain *nc = img->chains[i];
		struct nft_stage_chain *c;

		if (nc->absent)
			continue;
		if (chain_is_builtin(nc)) {
			c = find(pl->t, nc->name, false);
			if (!c)
				c = add_chain(pl->t, NFT_STAGE_BASE_NEW,
					      nc->name);
			if (!c)
				return -ENOMEM;
			c->nnew = nc->nrules;
			continue;
		}
		if (find(pl->t, nc->name, false)) /* an old base chain's name */
			return 1;
		c = add_chain(pl->t, NFT_STAGE_USER_NEW, nc->name);
		if (!c)
			return -ENOMEM;
		if (!find(pl->t, nc->name, true))
			continue;
		/* cut to iptables' length: the serial keeps it unique */
		do
			if (snprintf(c->aside, sizeof(c->aside), "nfc-%u-%s",
				     ++*serial, nc->name) < 0)
				return -EINVAL;
		while (name_taken(pl->t, img, c->aside));
	}
	return 0;
}

static int plan_table(const struct nft_snapshot *s, const struct nfc_table *img,
		      struct nft_stage_table *t, unsigned int *serial)
{
	struct planner pl = {
		.t = t, .img = img, .bt = builtin_table_find(img->name)};
	bool existed = false;
	int i = nft_snapshot_find(s, t->nfproto, img->name);

	if (i < 0)
		return 1;
	nft_snapshot_table(s, (unsigned int)i, &existed);
	if (!existed) {
		t->created = true;
		return 0;
	}
	if (!table_has_content(img))
		return 1; /* restore deletes such a table: not staged */
	nft_snapshot_each(s, (unsigned int)i, plan_msg, &pl);
	if (pl.err || pl.refuse)
		return pl.err ? pl.err : 1;
	return plan_new_chains(&pl, serial);
}

int nft_stage_plan(const struct nft_snapshot *s, struct nfc_table **imgs,
		   unsigned int n, const char *id, struct nft_stage **out)
{
	struct nft_stage *st = calloc(1, sizeof(*st));
	unsigned int i, serial = 0;
	int ret = 0;

	*out = NULL;
	if (!st || !(st->t = calloc(n ? n : 1, sizeof(*st->t)))) {
		free(st);
		return -ENOMEM;
	}
	st->genid = nft_snapshot_genid(s);
	snprintf(st->marker, sizeof(st->marker),
		 "nfcommit: the rules below are the previous ones, kept until "
		 "transaction %s is confirmed",
		 id);
	for (i = 0; i < n && ret == 0; i++) {
		struct nft_stage_table *t = &st->t[st->n++];

		t->nfproto = nfproto_of(imgs[i]->family);
		snprintf(t->name, sizeof(t->name), "%s", imgs[i]->name);
		ret = plan_table(s, imgs[i], t, &serial);
	}
	if (ret) {
		nft_stage_free(st);
		return ret < 0 ? ret : 0;
	}
	*out = st;
	return 0;
}

void nft_stage_free(struct nft_stage *st)
{
	unsigned int i, j;

	if (!st)
		return;
	for (i = 0; i < st->n; i++) {
		for (j = 0; j < st->t[i].n; j++) {
			free(st->t[i].c[j].newh);
			free(st->t[i].c[j].oldh);
		}
		free(st->t[i].c);
		free(st->t[i].slot);
	}
	free(st->t);
	free(st);
}

void nft_stage_arm(struct nfc_backend *b, const struct nft_stage *st)
{
	struct nft_priv *p = nft_priv(b);

	p->stage = st;
	p->genid = st->genid;
	p->have_genid = true;
}

/* -------------------------------------------------------------------- */
/* The plan as text */

static void put_handles(FILE *f, const char *tag, const uint64_t *h,
			unsigned int n)
{
	unsigned int i;

	fprintf(f, "%s %u", tag, n);
	for (i = 0; i < n; i++)
		fprintf(f, " %llu", (unsigned long long)h[i]);
	fputc('\n', f);
}

int nft_stage_format(const struct nft_stage *st, char **text, size_t *len)
{
	FILE *f = open_memstream(text, len);
	unsigned int i, j;
	int bad;

	if (!f)
		return -ENOMEM;
	fprintf(f, "%s\ngenid %u %d\nmarker %s\n", STAGE_MAGIC, st->genid,
		st->collected, st->marker);
	for (i = 0; i < st->n; i++) {
		const struct nft_stage_table *t = &st->t[i];

		fprintf(f, "table %u %d %u %s\n", t->nfproto, t->created, t->n,
			t->name);
		for (j = 0; j < t->n; j++) {
			const struct nft_stage_chain *c = &t->c[j];

			fprintf(f, "chain %d %llu %u %d %llu %llu %llu %s %s\n",
				(int)c->kind, (unsigned long long)c->handle,
				c->old_policy, c->old_counters,
				(unsigned long long)c->old_pkts,
				(unsigned long long)c->old_bytes,
				(unsigned long long)c->marker,
				c->aside[0] ? c->aside : "-", c->name);
			put_handles(f, "new", c->newh, c->newh ? c->nnew : 0);
			put_handles(f, "old", c->oldh, c->nold);
		}
	}
	fputs("end\n", f); /* a cut plan must not read as a smaller one */
	bad = ferror(f);
	if (fclose(f) != 0 || bad) {
		free(*text);
		*text = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* A cursor over the text: one line at a time, fields by strtoull. */
struct cursor {
	const char *p, *end;
	bool bad;
};

static const char *next_line(struct cursor *cu, char *line, size_t size)
{
	const char *nl = memchr(cu->p, '\n', (size_t)(cu->end - cu->p));
	size_t n;

	if (!nl || (n = (size_t)(nl - cu->p)) >= size) {
		cu->bad = true;
		return NULL;
	}
	memcpy(line, cu->p, n);
	line[n] = '\0';
	cu->p = nl + 1;
	return line;
}

static unsigned long long field(struct cursor *cu, char **s)
{
	char *e;
	unsigned long long v = strtoull(*s, &e, 10);

	if (e == *s || (*e != ' ' && *e != '\0'))
		cu->bad = true;
	*s = *e ? e + 1 : e;
	return v;
}

/* "TAG N h1 ... hN" on a line of its own (which may be long). */
static uint64_t *get_handles(struct cursor *cu, const char *tag,
			     unsigned int *n)
{
	size_t tl = strlen(tag);
	uint64_t *v = NULL;
	char *s, *e;
	unsigned int i;

	if ((size_t)(cu->end - cu->p) <= tl || memcmp(cu->p, tag, tl) != 0 ||
	    cu->p[tl] != ' ') {
		cu->bad = true;
		return NULL;
	}
	/* the text ends with a newline (checked by the caller): strtoull
	 * stops there */
	s = (char *)cu->p + tl + 1;
	*n = (unsigned int)strtoul(s, &e, 10);
	if (e == s || *n > (size_t)(cu->end - cu->p) / 2) {
		cu->bad = true;
		return NULL;
	}
	if (*n && !(v = calloc(*n, sizeof(*v)))) {
		cu->bad = true;
		return NULL;
	}
	for (i = 0; i < *n && *e == ' '; i++) {
		s = e + 1;
		v[i] = strtoull(s, &e, 10);
		if (e == s)
			break;
	}
	if (i != *n || *e != '\n') {
		free(v);
		cu->bad = true;
		return NULL;
	}
	cu->p = e + 1;
	return v;
}

static void parse_chain_line(struct cursor *cu, char *s,
			     struct nft_stage_table *t)
{
	struct nft_stage_chain f = {0}, *c;
	unsigned long long kind = field(cu, &s);
	char *aside, *name;

	f.handle = field(cu, &s);
	f.old_policy = (uint32_t)field(cu, &s);
	f.old_counters = field(cu, &s) != 0;
	f.old_pkts = field(cu, &s);
	f.old_bytes = field(cu, &s);
	f.marker = field(cu, &s);
	aside = s;
	name = strchr(s, ' ');
	if (cu->bad || !name || kind > NFT_STAGE_USER_OLD) {
		cu->bad = true;
		return;
	}
	*name++ = '\0';
	/* the name first: it is what the index is keyed on */
	c = add_chain(t, (enum nft_stage_kind)kind, name);
	if (!c) {
		cu->bad = true;
		return;
	}
	c->handle = f.handle;
	c->old_policy = f.old_policy;
	c->old_counters = f.old_counters;
	c->old_pkts = f.old_pkts;
	c->old_bytes = f.old_bytes;
	c->marker = f.marker;
	if (strcmp(aside, "-") != 0)
		snprintf(c->aside, sizeof(c->aside), "%s", aside);
	c->newh = get_handles(cu, "new", &c->nnew);
	c->oldh = get_handles(cu, "old", &c->nold);
}

#define LINE_MAX_LEN 512

int nft_stage_parse(const char *text, size_t len, struct nft_stage **out)
{
	struct cursor cu = {text, text + len,
			    len == 0 || text[len - 1] != '\n'};
	struct nft_stage *st = calloc(1, sizeof(*st));
	char line[LINE_MAX_LEN], *s;
	unsigned int i, j, nt = 0, nc;
	bool ended = false;

	*out = NULL;
	if (!st)
		return -ENOMEM;
	if (!next_line(&cu, line, sizeof(line)) ||
	    strcmp(line, STAGE_MAGIC) != 0)
		cu.bad = true;
	if (!cu.bad && next_line(&cu, line, sizeof(line)) &&
	    strncmp(line, "genid ", 6) == 0) {
		s = line + 6;
		st->genid = (uint32_t)field(&cu, &s);
		st->collected = field(&cu, &s) != 0;
	} else {
		cu.bad = true;
	}
	if (!cu.bad && next_line(&cu, line, sizeof(line)) &&
	    strncmp(line, "marker ", 7) == 0)
		cu.bad = snprintf(st->marker, sizeof(st->marker), "%s",
				  line + 7) >= (int)sizeof(st->marker);
	else
		cu.bad = true;
	for (i = 0; !cu.bad && cu.p < cu.end; i++) {
		struct nft_stage_table *t;

		if (cu.end - cu.p == 4 && memcmp(cu.p, "end\n", 4) == 0) {
			cu.p = cu.end;
			ended = true;
			break;
		}

		if (i == nt) {
			nt = nt ? nt * 2 : 4;
			t = realloc(st->t, nt * sizeof(*t));
			if (!t)
				break;
			st->t = t;
		}
		t = &st->t[st->n++];
		memset(t, 0, sizeof(*t));
		if (!next_line(&cu, line, sizeof(line)) ||
		    strncmp(line, "table ", 6) != 0) {
			cu.bad = true;
			break;
		}
		s = line + 6;
		t->nfproto = (uint8_t)field(&cu, &s);
		t->created = field(&cu, &s) != 0;
		nc = (unsigned int)field(&cu, &s);
		snprintf(t->name, sizeof(t->name), "%s", s);
		for (j = 0; j < nc && !cu.bad; j++) {
			if (!next_line(&cu, line, sizeof(line)) ||
			    strncmp(line, "chain ", 6) != 0) {
				cu.bad = true;
				break;
			}
			parse_chain_line(&cu, line + 6, t);
		}
	}
	if (cu.bad || cu.p < cu.end || !ended) {
		nft_stage_free(st);
		return -EINVAL;
	}
	*out = st;
	return 0;
}
