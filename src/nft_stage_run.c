// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The staged layout at work: learning the handles the commit gave, and
 * the rollback and confirm batches (see nft_stage.h).
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

#include "nft_priv.h"
#include "nft_stage.h"

/* The generation after one commit of ours: the kernel counts commits and
 * skips 0. */
static uint32_t gen_after(uint32_t genid)
{
	return genid + 1 ? genid + 1 : 1;
}

/* -------------------------------------------------------------------- */
/* Collecting handles after the commit */

struct handles {
	uint64_t *h;
	unsigned int n, cap;
	int err;
};

static int rule_handle_cb(const struct nlmsghdr *nlh, void *data)
{
	struct handles *hs = data;
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg))
	{
		if (mnl_attr_get_type(a) != NFTA_RULE_HANDLE)
			continue;
		if (hs->n == hs->cap) {
			unsigned int cap = hs->cap ? hs->cap * 2 : 256;
			uint64_t *v = realloc(hs->h, cap * sizeof(*v));

			if (!v) {
				hs->err = -ENOMEM;
				return MNL_CB_ERROR;
			}
			hs->h = v;
			hs->cap = cap;
		}
		hs->h[hs->n++] = be64toh(mnl_attr_get_u64(a));
	}
	return MNL_CB_OK;
}

static int dump_rules(struct nft_nl *nl, const struct nft_stage_table *t,
		      const char *chain, struct handles *hs)
{
	char buf[NFT_NL_REQ_MAX];
	struct nlmsghdr *req = nft_nl_request(nl, buf, NFT_MSG_GETRULE,
					      t->nfproto, NLM_F_DUMP);
	int ret;

	mnl_attr_put_strz(req, NFTA_RULE_TABLE, t->name);
	mnl_attr_put_strz(req, NFTA_RULE_CHAIN, chain);
	ret = nft_nl_dump(nl, req, rule_handle_cb, hs);
	return hs->err ? hs->err : ret;
}

/* A base chain holds the image's rules, the marker, then the old rules
 * exactly as the snapshot had them; anything else is not our layout. */
static int collect_base(struct nft_nl *nl, const struct nft_stage_table *t,
			struct nft_stage_chain *c)
{
	struct handles hs = {0};
	unsigned int front = c->kind == NFT_STAGE_BASE ? c->nnew : 0;
	int ret = dump_rules(nl, t, c->name, &hs);

	if (ret == 0 && (hs.n != front + 1 + c->nold ||
			 (c->nold && memcmp(hs.h + front + 1, c->oldh,
					    c->nold * sizeof(*c->oldh)) != 0)))
		ret = -ESTALE;
	if (ret == 0) {
		c->marker = hs.h[front];
		free(c->newh);
		c->newh = NULL;
		if (front) {
			c->newh = hs.h;
			hs.h = NULL;
		}
	}
	free(hs.h);
	return ret;
}

/* The stand-in chains, sorted by name, to find each one the chain dump
 * brings (a kube-proxy table can have tens of thousands). */
struct chain_find {
	struct nft_stage_chain **v;
	unsigned int n;
	const char *table;
};

static int by_aside(const void *a, const void *b)
{
	const struct nft_stage_chain *const *x = a, *const *y = b;

	return strcmp((*x)->aside, (*y)->aside);
}

static int aside_key(const void *key, const void *elem)
{
	const struct nft_stage_chain *const *c = elem;

	return strcmp(key, (*c)->aside);
}

static int chain_handle_cb(const struct nlmsghdr *nlh, void *data)
{
	struct chain_find *cf = data;
	const char *table = NULL, *name = NULL;
	struct nft_stage_chain **c;
	uint64_t handle = 0;
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg))
	{
		switch (mnl_attr_get_type(a)) {
		case NFTA_CHAIN_TABLE:
			table = mnl_attr_get_str(a);
			break;
		case NFTA_CHAIN_NAME:
			name = mnl_attr_get_str(a);
			break;
		case NFTA_CHAIN_HANDLE:
			handle = be64toh(mnl_attr_get_u64(a));
			break;
		}
	}
	if (!table || !name || strcmp(table, cf->table) != 0)
		return MNL_CB_OK;
	c = bsearch(name, cf->v, cf->n, sizeof(*cf->v), aside_key);
	if (c)
		(*c)->handle = handle;
	return MNL_CB_OK;
}

/* The handles of the stand-in chains, which confirm renames. */
static int collect_asides(struct nft_nl *nl, struct nft_stage_table *t)
{
	struct chain_find cf = {.table = t->name};
	char buf[NFT_NL_REQ_MAX];
	struct nlmsghdr *req;
	unsigned int i;
	int ret = 0;

	cf.v = calloc(t->n + 1, sizeof(*cf.v));
	if (!cf.v)
		return -ENOMEM;
	for (i = 0; i < t->n; i++)
		if (t->c[i].kind == NFT_STAGE_USER_NEW && t->c[i].aside[0])
			cf.v[cf.n++] = &t->c[i];
	if (cf.n) {
		qsort(cf.v, cf.n, sizeof(*cf.v), by_aside);
		req = nft_nl_request(nl, buf, NFT_MSG_GETCHAIN, t->nfproto,
				     NLM_F_DUMP);
		ret = nft_nl_dump(nl, req, chain_handle_cb, &cf);
	}
	for (i = 0; i < cf.n && ret == 0; i++)
		if (!cf.v[i]->handle)
			ret = -ESTALE;
	free(cf.v);
	return ret;
}

int nft_stage_collect(struct nfc_backend *b, struct nft_stage *st)
{
	struct nft_nl *nl = &nft_priv(b)->nl;
	uint32_t want = gen_after(st->genid), g1, g2;
	unsigned int i, j;
	int ret = nft_nl_genid(nl, &g1);

	if (ret == 0 && g1 != want)
		ret = -ERESTART;
	for (i = 0; i < st->n && ret == 0; i++) {
		struct nft_stage_table *t = &st->t[i];

		if (t->created)
			continue;
		for (j = 0; j < t->n && ret == 0; j++)
			if (t->c[j].kind == NFT_STAGE_BASE ||
			    t->c[j].kind == NFT_STAGE_INERT)
				ret = collect_base(nl, t, &t->c[j]);
		if (ret == 0)
			ret = collect_asides(nl, t);
	}
	if (ret == 0)
		ret = nft_nl_genid(nl, &g2);
	if (ret == 0 && g2 != g1)
		ret = -ERESTART;
	if (ret == -EINTR)
		ret = -ERESTART;
	if (ret == 0) {
		st->genid = g1;
		st->collected = true;
	}
	return ret;
}

/* -------------------------------------------------------------------- */
/* The rollback and confirm batches */

struct sender {
	struct nfc_backend *b;
	struct nft_nl *nl;
	struct nft_batch bt;
	const struct nft_stage_table *t;
	uint32_t genid;	       /* the batch is built against */
	unsigned int nrenames; /* in the batch */
	int err;
	bool reported;
};

/*
 * The kernel checks each chain rename against every message of its
 * transaction: 40k renames in one batch took minutes (perf: all of it in
 * nf_tables_newchain).  Renames change no verdict, so confirm sends them
 * in batches of this many, each guarded by the generation the one before
 * made, which keeps it linear and no less safe.
 */
#define RENAMES_PER_BATCH 256

static struct nlmsghdr *msg(struct sender *sn, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh;

	if (sn->err)
		return NULL;
	nlh = nft_batch_msg(&sn->bt, type, sn->t->nfproto, flags, 0);
	if (!nlh)
		sn->err = -ENOMEM;
	return nlh;
}

static void done(struct sender *sn)
{
	if (!sn->err && nft_batch_next(&sn->bt) < 0)
		sn->err = -ENOMEM;
}

static void del_rule(struct sender *sn, const char *chain, uint64_t handle)
{
	struct nlmsghdr *nlh = msg(sn, NFT_MSG_DELRULE, 0);

	if (!nlh)
		return;
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, sn->t->name);
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, chain);
	if (handle) /* else every rule of the chain */
		mnl_attr_put_u64(nlh, NFTA_RULE_HANDLE, htobe64(handle));
	done(sn);
}

static void del_chain(struct sender *sn, const char *chain)
{
	struct nlmsghdr *nlh = msg(sn, NFT_MSG_DELCHAIN, 0);

	if (!nlh)
		return;
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, sn->t->name);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, chain);
	done(sn);
}

/* The old policy and policy counters, as the snapshot had them. */
static void old_policy(struct sender *sn, const struct nft_stage_chain *c)
{
	struct nlmsghdr *nlh = msg(sn, NFT_MSG_NEWCHAIN, 0);
	struct nlattr *nest;

	if (!nlh)
		return;
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, sn->t->name);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, c->name);
	mnl_attr_put_u32(nlh, NFTA_CHAIN_POLICY, htonl(c->old_policy));
	if (c->old_counters) {
		nest = mnl_attr_nest_start(nlh, NFTA_CHAIN_COUNTERS);
		mnl_attr_put_u64(nlh, NFTA_COUNTER_BYTES,
				 htobe64(c->old_bytes));
		mnl_attr_put_u64(nlh, NFTA_COUNTER_PACKETS,
				 htobe64(c->old_pkts));
		mnl_attr_nest_end(nlh, nest);
	}
	done(sn);
}

static void send_err(void *arg, uint32_t tag, int err, const char *kmsg);

/* Send what the batch holds and start the next one. */
static void flush(struct sender *sn)
{
	int ret;

	if (sn->err)
		return;
	ret = nft_batch_send(sn->nl, &sn->bt, sn->genid, true, send_err, sn);
	nft_batch_free(&sn->bt);
	memset(&sn->bt, 0, sizeof(sn->bt));
	sn->genid = gen_after(sn->genid);
	sn->nrenames = 0;
	if (ret == 0)
		ret = nft_batch_init(&sn->bt, sn->nl);
	sn->err = ret;
}

static void rename_chain(struct sender *sn, const struct nft_stage_chain *c)
{
	struct nlmsghdr *nlh = msg(sn, NFT_MSG_NEWCHAIN, 0);

	if (!nlh)
		return;
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, sn->t->name);
	mnl_attr_put_u64(nlh, NFTA_CHAIN_HANDLE, htobe64(c->handle));
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, c->name);
	done(sn);
	if (++sn->nrenames == RENAMES_PER_BATCH)
		flush(sn);
}

static void del_table(struct sender *sn)
{
	struct nlmsghdr *nlh = msg(sn, NFT_MSG_DELTABLE, 0);

	if (!nlh)
		return;
	mnl_attr_put_strz(nlh, NFTA_TABLE_NAME, sn->t->name);
	done(sn);
}

static const char *live_name(const struct nft_stage_chain *c)
{
	return c->aside[0] ? c->aside : c->name;
}

/* Back to the old ruleset: what apply added goes, the old policies come
 * back; the old rules and chains were never touched. */
static void rollback_table(struct sender *sn)
{
	const struct nft_stage_table *t = sn->t;
	unsigned int i, j;

	if (t->created) {
		del_table(sn);
		return;
	}
	for (i = 0; i < t->n; i++) {
		const struct nft_stage_chain *c = &t->c[i];

		switch (c->kind) {
		case NFT_STAGE_BASE:
			for (j = 0; j < c->nnew; j++)
				del_rule(sn, c->name, c->newh[j]);
			/* fall through */
		case NFT_STAGE_INERT:
			del_rule(sn, c->name, c->marker);
			old_policy(sn, c);
			break;
		case NFT_STAGE_BASE_NEW:
		case NFT_STAGE_USER_NEW:
			del_rule(sn, live_name(c), 0);
			break;
		case NFT_STAGE_USER_OLD:
			break;
		}
	}
	for (i = 0; i < t->n; i++)
		if (t->c[i].kind == NFT_STAGE_BASE_NEW ||
		    t->c[i].kind == NFT_STAGE_USER_NEW)
			del_chain(sn, live_name(&t->c[i]));
}

/* On to the new ruleset: the markers and what they hid go, the new
 * chains get their names (once the old ones have freed them). */
static void confirm_table(struct sender *sn)
{
	const struct nft_stage_table *t = sn->t;
	unsigned int i, j;

	if (t->created)
		return;
	for (i = 0; i < t->n; i++) {
		const struct nft_stage_chain *c = &t->c[i];

		if (c->kind == NFT_STAGE_BASE) {
			del_rule(sn, c->name, c->marker);
			for (j = 0; j < c->nold; j++)
				del_rule(sn, c->name, c->oldh[j]);
		} else if (c->kind == NFT_STAGE_INERT ||
			   c->kind == NFT_STAGE_USER_OLD) {
			del_rule(sn, c->name, 0);
		}
	}
	for (i = 0; i < t->n; i++)
		if (t->c[i].kind == NFT_STAGE_INERT ||
		    t->c[i].kind == NFT_STAGE_USER_OLD)
			del_chain(sn, t->c[i].name);
	for (i = 0; i < t->n; i++)
		if (t->c[i].kind == NFT_STAGE_USER_NEW && t->c[i].aside[0])
			rename_chain(sn, &t->c[i]);
}

static void send_err(void *arg, uint32_t tag, int err, const char *kmsg)
{
	struct sender *sn = arg;

	(void)tag;
	if (sn->reported)
		return;
	sn->reported = true;
	snprintf(sn->b->err, sizeof(sn->b->err),
		 "the kernel refused the staged %s: %s%s%s", "batch",
		 strerror(-err), kmsg ? ": " : "", kmsg ? kmsg : "");
}

static int run(struct nfc_backend *b, const struct nft_stage *st,
	       void (*table_fn)(struct sender *))
{
	struct nft_nl *nl = &nft_priv(b)->nl;
	struct sender sn = {.b = b, .nl = nl, .genid = st->genid};
	unsigned int i;
	int ret;

	b->err[0] = '\0';
	if (!st->collected) {
		snprintf(b->err, sizeof(b->err),
			 "the staged layout's handles are not known");
		return -ESTALE;
	}
	ret = nft_batch_init(&sn.bt, nl);
	for (i = 0; i < st->n && ret == 0 && !sn.err; i++) {
		sn.t = &st->t[i];
		table_fn(&sn);
	}
	if (ret == 0)
		ret = sn.err;
	if (ret == 0)
		ret = nft_batch_send(nl, &sn.bt, sn.genid, true, send_err, &sn);
	if (ret == -ERESTART)
		snprintf(b->err, sizeof(b->err),
			 "the ruleset changed since apply");
	else if (ret < 0 && !b->err[0])
		snprintf(b->err, sizeof(b->err), "%s", strerror(-ret));
	nft_batch_free(&sn.bt);
	return ret;
}

int nft_stage_rollback(struct nfc_backend *b, const struct nft_stage *st)
{
	return run(b, st, rollback_table);
}

int nft_stage_confirm(struct nfc_backend *b, const struct nft_stage *st)
{
	return run(b, st, confirm_table);
}
