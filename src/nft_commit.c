// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every image of a command becomes part of one nf_tables batch, so all
 * tables of both families change in one transaction or not at all.
 *
 * An image emptied by flush_image replaces its table the way
 * iptables-nft-restore does: the table is deleted (if it exists: a NEWTABLE
 * first makes the DELTABLE safe either way) and made again from the image.
 * An image built on a table read from the kernel (--noflush) is sent as
 * the difference: new chains, deleted rules by handle, new rules inserted
 * before the kernel rule that follows them, deleted chains; tables, chains
 * and rules the file leaves alone are not touched.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <endian.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "arena.h"
#include "builtin.h"
#include "nft_linearize.h"
#include "nft_priv.h"
#include "nft_stage.h"

#define MAX_REPORTED 20

enum okind { O_TABLE, O_CHAIN, O_RULE, O_KCHAIN };

/* What a message was about, for the error it may bring back.  Rules
 * may be freed once sent (consume), so for them the place is kept.  One
 * per message, a rule's among them: kept small (24 bytes). */
struct obj {
	const void *p; /* chain, kernel chain, or a rule's source */
	uint32_t line; /* a rule's place */
	uint16_t col, len;
	uint16_t img;  /* index into the builder's images */
	uint8_t kind;  /* enum okind */
};

/* Give freed heap memory back to the system every so many bytes of
 * batch (trim()), so that what the batch was made of and the batch are
 * not both resident. */
#define TRIM_EVERY (4 * 1024 * 1024)

struct builder {
	struct nfc_backend *b;
	struct nft_batch bt;
	struct obj *objs;
	uint32_t nobjs, cap;
	struct nfc_table *const *imgs; /* of the batch, for struct obj */
	unsigned int nimgs;
	struct nfc_diags *d;
	unsigned int reported;
	size_t trimmed_at; /* batch size at the last trim */
	bool delta;        /* some image was sent as a difference */
	const struct nft_stage_table *st; /* the table being staged, or NULL */
	int err;
};

static uint16_t clamp16(unsigned int v)
{
	return v > UINT16_MAX ? UINT16_MAX : (uint16_t)v;
}

/* Images are few: five tables in each of two families at most. */
static uint16_t img_index(const struct builder *bd,
			  const struct nfc_table *img)
{
	unsigned int i;

	for (i = 0; i < bd->nimgs; i++)
		if (bd->imgs[i] == img)
			return (uint16_t)i;
	return UINT16_MAX;
}

static uint32_t obj_tag(struct builder *bd, const struct nfc_table *img,
			const void *p, enum okind kind)
{
	if (bd->nobjs == bd->cap) {
		uint32_t cap = bd->cap ? bd->cap * 2 : 1024;
		struct obj *v = realloc(bd->objs, cap * sizeof(*v));

		if (!v) {
			bd->err = -ENOMEM;
			return NFT_TAG_BATCH;
		}
		bd->objs = v;
		bd->cap = cap;
	}
	bd->objs[bd->nobjs] = (struct obj){ .p = p, .kind = (uint8_t)kind,
					    .img = img_index(bd, img) };
	if (kind == O_RULE) {
		const struct nfc_loc *loc = &((const struct nfc_rule *)p)->loc;

		bd->objs[bd->nobjs].p = loc->src;
		bd->objs[bd->nobjs].line = loc->line;
		bd->objs[bd->nobjs].col = clamp16(loc->col);
		bd->objs[bd->nobjs].len = clamp16(loc->len);
	}
	return bd->nobjs++;
}

static struct nlmsghdr *msg(struct builder *bd, uint16_t type, uint16_t flags,
			    const struct nfc_table *img, const void *p,
			    enum okind kind)
{
	struct nlmsghdr *nlh;
	uint32_t tag;

	if (bd->err)
		return NULL;
	tag = obj_tag(bd, img, p, kind);
	nlh = bd->err ? NULL
		      : nft_batch_msg(&bd->bt, type, nfproto_of(img->family),
				      flags, tag);
	if (!nlh && !bd->err)
		bd->err = -ENOMEM;
	return nlh;
}

static void done(struct builder *bd)
{
	if (!bd->err && nft_batch_next(&bd->bt) < 0)
		bd->err = -ENOMEM;
}

/* The name a chain of the new ruleset has in the kernel for now. */
static const char *staged_name(const void *arg, const char *name)
{
	const struct nft_stage_chain *c = nft_stage_new_chain(arg, name);

	return c && c->aside[0] ? c->aside : name;
}

static void put_be32(struct nlmsghdr *nlh, uint16_t type, uint32_t v)
{
	mnl_attr_put_u32(nlh, type, htonl(v));
}

static void put_be64(struct nlmsghdr *nlh, uint16_t type, uint64_t v)
{
	mnl_attr_put_u64(nlh, type, htobe64(v));
}

static void table_msg(struct builder *bd, const struct nfc_table *img,
		      uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = msg(bd, type, flags, img, NULL, O_TABLE);

	if (!nlh)
		return;
	mnl_attr_put_strz(nlh, NFTA_TABLE_NAME, img->name);
	done(bd);
}

/* A base chain as iptables-nft makes it; with the policy counters only
 * when the file set the policy, which is when iptables-nft sends them. */
static void base_chain_msg(struct builder *bd, const struct nfc_table *img,
			   const struct nfc_chain *c)
{
	const struct builtin_table *bt = builtin_table_find(img->name);
	const struct builtin_chain *bc = bt ? builtin_chain_find(bt, c->name)
					    : NULL;
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	if (!bc) {
		bd->err = -EINVAL;
		return;
	}
	nlh = msg(bd, NFT_MSG_NEWCHAIN, NLM_F_CREATE, img, c, O_CHAIN);
	if (!nlh)
		return;
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, img->name);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, c->name);
	nest = mnl_attr_nest_start(nlh, NFTA_CHAIN_HOOK);
	put_be32(nlh, NFTA_HOOK_HOOKNUM, (uint32_t)bc->hook);
	put_be32(nlh, NFTA_HOOK_PRIORITY, (uint32_t)bc->priority);
	mnl_attr_nest_end(nlh, nest);
	put_be32(nlh, NFTA_CHAIN_POLICY,
		 c->policy == NFC_POLICY_DROP ? NF_DROP : NF_ACCEPT);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TYPE, bc->type);
	if (c->policy_set) {
		nest = mnl_attr_nest_start(nlh, NFTA_CHAIN_COUNTERS);
		put_be64(nlh, NFTA_COUNTER_BYTES, c->counters.bcnt);
		put_be64(nlh, NFTA_COUNTER_PACKETS, c->counters.pcnt);
		mnl_attr_nest_end(nlh, nest);
	}
	done(bd);
}

static void user_chain_msg(struct builder *bd, const struct nfc_table *img,
			   const struct nfc_chain *c)
{
	struct nlmsghdr *nlh = msg(bd, NFT_MSG_NEWCHAIN,
				   NLM_F_CREATE | NLM_F_EXCL, img, c, O_CHAIN);

	if (!nlh)
		return;
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, img->name);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME,
			  bd->st ? staged_name(bd->st, c->name) : c->name);
	done(bd);
}

static void chain_msg(struct builder *bd, const struct nfc_table *img,
		      const struct nfc_chain *c)
{
	if (chain_is_builtin(c))
		base_chain_msg(bd, img, c);
	else
		user_chain_msg(bd, img, c);
}

/* Delete one kernel rule, or (handle 0) every rule of the chain. */
static void del_rule_msg(struct builder *bd, const struct nfc_table *img,
			 const struct nft_kchain *kc, uint64_t handle)
{
	struct nlmsghdr *nlh = msg(bd, NFT_MSG_DELRULE, 0, img, kc, O_KCHAIN);

	if (!nlh)
		return;
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, img->name);
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, kc->name);
	if (handle)
		put_be64(nlh, NFTA_RULE_HANDLE, handle);
	done(bd);
}

static void del_chain_msg(struct builder *bd, const struct nfc_table *img,
			  const struct nft_kchain *kc)
{
	struct nlmsghdr *nlh = msg(bd, NFT_MSG_DELCHAIN, 0, img, kc, O_KCHAIN);

	if (!nlh)
		return;
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, img->name);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, kc->name);
	done(bd);
}

/* Where rule_msg puts a rule: `before' is a kernel rule's handle, or: */
#define AT_END 0
#define AT_HEAD UINT64_MAX

/* Add r to chain c: at the end, at the head, or before a kernel rule. */
static void rule_msg(struct builder *bd, const struct nfc_table *img,
		     const struct nfc_chain *c, const struct nfc_rule *r,
		     uint64_t before)
{
	struct nlmsghdr *nlh;
	char why[256];
	int ret;

	nlh = msg(bd, NFT_MSG_NEWRULE,
		  before != AT_END ? NLM_F_CREATE : NLM_F_CREATE | NLM_F_APPEND,
		  img, r, O_RULE);
	if (!nlh)
		return;
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, img->name);
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN,
			  bd->st ? staged_name(bd->st, c->name) : c->name);
	if (before != AT_END && before != AT_HEAD)
		put_be64(nlh, NFTA_RULE_POSITION, before);
	ret = bd->st ? nft_linearize_mapped(nlh, r, staged_name, bd->st, why,
					    sizeof(why))
		     : nft_linearize(nlh, r, why, sizeof(why));
	if (ret < 0) {
		diag_add(bd->d, NFC_ERROR, r->loc.src ? &r->loc : NULL,
			 "cannot encode this rule for nf_tables: %s", why);
		bd->err = ret;
		return;
	}
	done(bd);
}


/* The heap holds what the growing arrays of the batch left behind when
 * they moved: give it back now and then. */
static void trim(struct builder *bd)
{
	if (bd->bt.bytes - bd->trimmed_at >= TRIM_EVERY) {
		malloc_trim(0);
		bd->trimmed_at = bd->bt.bytes;
	}
}

/* Once sent, a chain's rules are not needed (consume): free them. */
static void consume_rules(struct builder *bd, const struct nfc_chain *c)
{
	if (!bd->b->consume)
		return;
	chain_flush((struct nfc_chain *)c);
	trim(bd);
}

/* What the arena walk of send_in_arena_order() needs. */
struct walk {
	struct builder *bd;
	const struct nfc_table *img;
};

static bool send_placed(void *obj, void *arg)
{
	struct nfc_rule *r = obj;
	struct walk *w = arg;

	if ((r->flags & (NFC_RULE_DEAD | NFC_RULE_PLACED)) != NFC_RULE_PLACED)
		return false;
	rule_msg(w->bd, w->img, w->img->chains[r->scratch], r, AT_END);
	r->flags |= NFC_RULE_DEAD;
	trim(w->bd);
	return true;
}

/*
 * The rules of a one-pass restore, appended in the order the file gave
 * them rather than chain by chain: the chains interleave in the arena,
 * and sending in arena order gives each chunk back as soon as its rules
 * are in the batch, with no second copy of the rules to reorder them
 * (load_relayout.h).  Each chain's own rules keep their order, which is
 * all an append needs.  The image is left without rules.
 */
static void send_in_arena_order(struct builder *bd, struct nfc_table *img)
{
	struct walk w = { bd, img };
	unsigned int i, j;

	for (i = 0; i < img->nchains; i++) {
		struct nfc_chain *c = img->chains[i];

		for (j = 0; j < c->nrules; j++) {
			c->rules[j]->scratch = i;
			c->rules[j]->flags |= NFC_RULE_PLACED;
		}
		free(c->rules);
		c->rules = NULL;
		c->nrules = c->cap = 0;
	}
	arena_walk(img->own, rule_arena_size, send_placed, &w);
}

static void replace_table(struct builder *bd, struct nfc_table *img)
{
	unsigned int i, j;

	/* delete it if it exists, whatever it holds */
	table_msg(bd, img, NFT_MSG_NEWTABLE, NLM_F_CREATE);
	table_msg(bd, img, NFT_MSG_DELTABLE, 0);
	if (!table_has_content(img))
		return;
	table_msg(bd, img, NFT_MSG_NEWTABLE, NLM_F_CREATE);
	for (i = 0; i < img->nchains; i++)
		if (!img->chains[i]->absent)
			chain_msg(bd, img, img->chains[i]);
	if (bd->b->consume && img->consume && !bd->st &&
	    table_rules_in_arena_order(img)) {
		send_in_arena_order(bd, img);
		return;
	}
	for (i = 0; i < img->nchains; i++) {
		for (j = 0; j < img->chains[i]->nrules; j++)
			rule_msg(bd, img, img->chains[i],
				 img->chains[i]->rules[j], 0);
		consume_rules(bd, img->chains[i]);
	}
}

/* ----------------------------------------------------------------------
 * apply's staged layout (nft_stage.h): the new rules in front of the old.
 */

/* A base chain that stays: its new policy (and the file's policy
 * counters, as iptables-nft sends them). */
static void policy_msg(struct builder *bd, const struct nfc_table *img,
		       const char *chain, const struct nfc_chain *c)
{
	struct nlmsghdr *nlh = msg(bd, NFT_MSG_NEWCHAIN, 0, img, c,
				   c ? O_CHAIN : O_TABLE);
	struct nlattr *nest;

	if (!nlh)
		return;
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, img->name);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, chain);
	put_be32(nlh, NFTA_CHAIN_POLICY,
		 c && c->policy == NFC_POLICY_DROP ? NF_DROP : NF_ACCEPT);
	if (c && c->policy_set) {
		nest = mnl_attr_nest_start(nlh, NFTA_CHAIN_COUNTERS);
		put_be64(nlh, NFTA_COUNTER_BYTES, c->counters.bcnt);
		put_be64(nlh, NFTA_COUNTER_PACKETS, c->counters.pcnt);
		mnl_attr_nest_end(nlh, nest);
	}
	done(bd);
}

/* Iptables' rule user data: TLV type 0 is the comment. */
#define UDATA_COMMENT 0

/* The marker at the head of a base chain: it ends the new rules with the
 * chain's new policy (accept for a chain the new ruleset lacks), so the
 * old rules behind it are never reached. */
static void marker_msg(struct builder *bd, const struct nfc_table *img,
		       const char *chain, uint32_t verdict)
{
	const char *text = nft_priv(bd->b)->stage->marker;
	struct nlmsghdr *nlh = msg(bd, NFT_MSG_NEWRULE, NLM_F_CREATE, img,
				   NULL, O_TABLE);
	struct nlattr *exprs, *elem, *data, *imm, *verd;
	unsigned char ud[2 + NFT_STAGE_MARKER_MAX];
	size_t len = strlen(text) + 1;

	if (!nlh)
		return;
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, img->name);
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, chain);
	exprs = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "counter");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	put_be64(nlh, NFTA_COUNTER_BYTES, 0);
	put_be64(nlh, NFTA_COUNTER_PACKETS, 0);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);
	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "immediate");
	data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	put_be32(nlh, NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
	imm = mnl_attr_nest_start(nlh, NFTA_IMMEDIATE_DATA);
	verd = mnl_attr_nest_start(nlh, NFTA_DATA_VERDICT);
	put_be32(nlh, NFTA_VERDICT_CODE, verdict);
	mnl_attr_nest_end(nlh, verd);
	mnl_attr_nest_end(nlh, imm);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);
	mnl_attr_nest_end(nlh, exprs);
	ud[0] = UDATA_COMMENT;
	ud[1] = (unsigned char)len;
	memcpy(ud + 2, text, len);
	mnl_attr_put(nlh, NFTA_RULE_USERDATA, 2 + len, ud);
	done(bd);
}

static void stage_table(struct builder *bd, const struct nfc_table *img,
			const struct nft_stage_table *st)
{
	unsigned int i, j;

	bd->st = st;
	bd->delta = true; /* built on what the snapshot saw: never resent */
	/* chains first, so that rules can jump to them */
	for (i = 0; i < st->n; i++) {
		const struct nft_stage_chain *sc = &st->c[i];
		const struct nfc_chain *c = table_find_chain(img, sc->name);

		if (sc->kind == NFT_STAGE_BASE_NEW || sc->kind == NFT_STAGE_USER_NEW)
			chain_msg(bd, img, c);
		else if (sc->kind == NFT_STAGE_BASE)
			policy_msg(bd, img, sc->name, c);
		else if (sc->kind == NFT_STAGE_INERT)
			policy_msg(bd, img, sc->name, NULL);
	}
	for (i = 0; i < st->n; i++) {
		const struct nft_stage_chain *sc = &st->c[i];
		const struct nfc_chain *c = table_find_chain(img, sc->name);

		switch (sc->kind) {
		case NFT_STAGE_BASE:
			/* marker, then the rules in front of it, last first */
			marker_msg(bd, img, sc->name,
				   c->policy == NFC_POLICY_DROP ? NF_DROP : NF_ACCEPT);
			for (j = c->nrules; j-- > 0;)
				rule_msg(bd, img, c, c->rules[j], AT_HEAD);
			break;
		case NFT_STAGE_INERT:
			marker_msg(bd, img, sc->name, NF_ACCEPT);
			break;
		case NFT_STAGE_BASE_NEW:
		case NFT_STAGE_USER_NEW:
			for (j = 0; j < c->nrules; j++)
				rule_msg(bd, img, c, c->rules[j], AT_END);
			break;
		case NFT_STAGE_USER_OLD:
			break;
		}
	}
	bd->st = NULL;
}

/* ----------------------------------------------------------------------
 * --noflush: the difference between the table as read and the image.
 */

/* Which kernel rules of a chain are still in the image, unchanged and in
 * their order; for the image's other rules, the handle of the kernel rule
 * they go before (0: at the end). */
struct chain_diff {
	const struct nfc_chain *c;
	const struct nft_kchain *kc;
	bool *kept;        /* per kernel rule */
	uint64_t *before;  /* per image rule: 0 survivor/append, else handle */
	bool *fresh;       /* per image rule: to be added */
};

struct ptrmap {
	const void **keys;
	unsigned int *vals;
	unsigned int mask;
};

static unsigned int ptr_hash(const void *p)
{
	uint64_t v = (uint64_t)(uintptr_t)p;

	v ^= v >> 33;
	v *= 0xff51afd7ed558ccdULL;
	return (unsigned int)(v ^ (v >> 33));
}

static int ptrmap_init(struct ptrmap *m, const struct nft_kchain *kc)
{
	unsigned int size = 16, i, h;

	while (size < kc->nrules * 2)
		size *= 2;
	m->mask = size - 1;
	m->keys = calloc(size, sizeof(*m->keys));
	m->vals = calloc(size, sizeof(*m->vals));
	if (!m->keys || !m->vals)
		return -ENOMEM;
	for (i = 0; i < kc->nrules; i++) {
		for (h = ptr_hash(kc->rules[i].rule) & m->mask; m->keys[h];
		     h = (h + 1) & m->mask)
			;
		m->keys[h] = kc->rules[i].rule;
		m->vals[h] = i;
	}
	return 0;
}

static int ptrmap_get(const struct ptrmap *m, const void *p)
{
	unsigned int h;

	for (h = ptr_hash(p) & m->mask; m->keys[h]; h = (h + 1) & m->mask)
		if (m->keys[h] == p)
			return (int)m->vals[h];
	return -1;
}

static void ptrmap_free(struct ptrmap *m)
{
	free(m->keys);
	free(m->vals);
}

static int diff_chain(struct builder *bd, const struct nfc_table *img,
		      struct chain_diff *cd)
{
	const struct nfc_chain *c = cd->c;
	const struct nft_kchain *kc = cd->kc;
	struct ptrmap m = { 0 };
	uint64_t next = 0;
	unsigned int j;
	int last = -1, k;

	cd->kept = calloc(kc->nrules + 1, sizeof(*cd->kept));
	cd->before = calloc(c->nrules + 1, sizeof(*cd->before));
	cd->fresh = calloc(c->nrules + 1, sizeof(*cd->fresh));
	if (!cd->kept || !cd->before || !cd->fresh || ptrmap_init(&m, kc) < 0) {
		ptrmap_free(&m);
		return -ENOMEM;
	}
	for (j = 0; j < c->nrules; j++) {
		const struct nfc_rule *r = c->rules[j];

		k = ptrmap_get(&m, r);
		if (k > last && nft_rule_hash(r) == kc->rules[k].hash) {
			cd->kept[k] = true;
			/* a survivor notes its handle for the pass below */
			cd->before[j] = kc->rules[k].handle;
			last = k;
			continue;
		}
		if (k >= 0 && kc->rules[k].lossy) {
			diag_add(bd->d, NFC_ERROR,
				 img->loc.src ? &img->loc : NULL,
				 "a rule of chain `%s' in table `%s' does more than iptables can say (it was written with nft); nfcommit cannot change it",
				 c->name, img->name);
			ptrmap_free(&m);
			return -EPERM;
		}
		cd->fresh[j] = true;
	}
	ptrmap_free(&m);
	/* a new rule goes before the next kernel rule that stays */
	for (j = c->nrules; j-- > 0;) {
		if (cd->fresh[j]) {
			cd->before[j] = next;
		} else {
			next = cd->before[j];
			cd->before[j] = 0;
		}
	}
	return 0;
}

static void diff_free(struct chain_diff *v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		free(v[i].kept);
		free(v[i].before);
		free(v[i].fresh);
	}
	free(v);
}

/* The kernel's chains by name (kube-proxy-like tables have tens of
 * thousands). */
struct kindex {
	const struct nft_kchain **slots;
	unsigned int mask;
};

static int kindex_init(struct kindex *x, const struct nft_ktable *kt)
{
	unsigned int size = 16, i, h;

	while (size < kt->nchains * 2)
		size *= 2;
	x->mask = size - 1;
	x->slots = calloc(size, sizeof(*x->slots));
	if (!x->slots)
		return -ENOMEM;
	for (i = 0; i < kt->nchains; i++) {
		for (h = nfc_name_hash(kt->chains[i].name) & x->mask; x->slots[h];
		     h = (h + 1) & x->mask)
			;
		x->slots[h] = &kt->chains[i];
	}
	return 0;
}

static const struct nft_kchain *kindex_get(const struct kindex *x,
					   const char *name)
{
	unsigned int h;

	for (h = nfc_name_hash(name) & x->mask; x->slots[h]; h = (h + 1) & x->mask)
		if (strcmp(x->slots[h]->name, name) == 0)
			return x->slots[h];
	return NULL;
}

static void delta_chains(struct builder *bd, const struct nfc_table *img,
			 const struct nft_ktable *kt, const struct kindex *x)
{
	unsigned int i;

	if (!kt->exists && table_has_content(img))
		table_msg(bd, img, NFT_MSG_NEWTABLE, NLM_F_CREATE);
	for (i = 0; i < img->nchains; i++) {
		const struct nfc_chain *c = img->chains[i];

		if (c->absent)
			continue;
		if (!kindex_get(x, c->name) ||
		    (chain_is_builtin(c) && c->policy_set))
			chain_msg(bd, img, c);
	}
}

static void delta_table(struct builder *bd, const struct nfc_table *img,
			const struct nft_ktable *kt)
{
	struct chain_diff *cd = calloc(img->nchains + 1, sizeof(*cd));
	struct kindex x = { 0 };
	unsigned int i, j, k, n = 0;

	if (!cd || kindex_init(&x, kt) < 0) {
		free(cd);
		free(x.slots);
		bd->err = -ENOMEM;
		return;
	}
	delta_chains(bd, img, kt, &x);
	for (i = 0; i < img->nchains && !bd->err; i++) {
		const struct nfc_chain *c = img->chains[i];

		cd[n].c = c;
		cd[n].kc = kindex_get(&x, c->name);
		if (cd[n].kc && (bd->err = diff_chain(bd, img, &cd[n])) < 0)
			break;
		n++;
	}
	/* rules that went, then chains that went (emptied first) */
	for (i = 0; i < n && !bd->err; i++)
		for (k = 0; cd[i].kc && k < cd[i].kc->nrules; k++)
			if (!cd[i].kept[k])
				del_rule_msg(bd, img, cd[i].kc,
					     cd[i].kc->rules[k].handle);
	for (k = 0; k < kt->nchains && !bd->err; k++) {
		const struct nft_kchain *kc = &kt->chains[k];

		if (kc->base || table_find_chain(img, kc->name))
			continue;
		if (kc->nrules)
			del_rule_msg(bd, img, kc, 0);
		del_chain_msg(bd, img, kc);
	}
	for (i = 0; i < n && !bd->err; i++)
		for (j = 0; j < cd[i].c->nrules; j++)
			if (!cd[i].kc || cd[i].fresh[j])
				rule_msg(bd, img, cd[i].c, cd[i].c->rules[j],
					 cd[i].kc ? cd[i].before[j] : 0);
	diff_free(cd, n);
	free(x.slots);
}

/* ---------------------------------------------------------------------- */

static const char *hint(int err, enum okind kind)
{
	switch (err) {
	case -ELOOP:
		return " (a chain jumps back into itself)";
	case -EMLINK:
		return " (a chain jumps back into itself, or jumps nest too deep)";
	case -ENOENT:
		return kind == O_RULE
			? " (a match, target or chain it uses is missing; is the kernel module loaded?)"
			: "";
	case -EOPNOTSUPP:
	case -EINVAL:
		return kind == O_RULE
			? " (a match or target is not allowed in this table or chain, or the kernel lacks a module)"
			: "";
	default:
		return "";
	}
}

static void on_err(void *arg, uint32_t tag, int err, const char *kmsg)
{
	struct builder *bd = arg;
	const struct obj *o = tag < bd->nobjs ? &bd->objs[tag] : NULL;
	const struct nfc_table *img =
		o && o->img < bd->nimgs ? bd->imgs[o->img] : NULL;
	const struct nfc_loc *loc = NULL;
	struct nfc_loc rule_loc;
	char what[160];

	if (++bd->reported > MAX_REPORTED) {
		if (bd->reported == MAX_REPORTED + 1)
			diag_add(bd->d, NFC_NOTE, NULL,
				 "the kernel reported more failures; not shown");
		return;
	}
	if (!o || !img) {
		diag_add(bd->d, NFC_ERROR, NULL,
			 "the kernel rejected the transaction: %s%s%s",
			 strerror(-err), kmsg ? ": " : "", kmsg ? kmsg : "");
		return;
	}
	switch (o->kind) {
	case O_RULE:
		rule_loc = (struct nfc_loc){ .src = o->p, .line = o->line,
					     .col = o->col, .len = o->len };
		loc = &rule_loc;
		snprintf(what, sizeof(what), "this rule of table `%s'",
			 img->name);
		break;
	case O_CHAIN:
		loc = &((const struct nfc_chain *)o->p)->loc;
		snprintf(what, sizeof(what), "chain `%s' of table `%s'",
			 ((const struct nfc_chain *)o->p)->name, img->name);
		break;
	case O_KCHAIN:
		snprintf(what, sizeof(what),
			 "removing rules or chain `%s' of table `%s'",
			 ((const struct nft_kchain *)o->p)->name, img->name);
		break;
	case O_TABLE:
		snprintf(what, sizeof(what), "table `%s'", img->name);
		break;
	}
	if (!loc || !loc->src)
		loc = img->commit_loc.src ? &img->commit_loc
					     : &img->loc;
	diag_add(bd->d, NFC_ERROR, loc->src ? loc : NULL,
		 "the kernel rejected %s (%s): %s%s%s%s", what,
		 img->family == NFC_IPV6 ? "IPv6" : "IPv4", strerror(-err),
		 kmsg ? ": " : "", kmsg ? kmsg : "", hint(err, (enum okind)o->kind));
}

static int build(struct builder *bd, struct nfc_table **imgs, unsigned int n)
{
	struct nft_priv *p = nft_priv(bd->b);
	unsigned int i;

	for (i = 0; i < n && !bd->err; i++) {
		const struct nft_ktable *kt =
			nft_ktable_find(p, imgs[i]->family, imgs[i]->name);

		const struct nft_stage_table *st = nft_stage_table_find(
			p->stage, nfproto_of(imgs[i]->family), imgs[i]->name);

		if (st && !st->created && nft_was_flushed(p, imgs[i])) {
			stage_table(bd, imgs[i], st);
		} else if (nft_was_flushed(p, imgs[i]) || !kt) {
			replace_table(bd, imgs[i]);
		} else {
			bd->delta = true;
			delta_table(bd, imgs[i], kt);
		}
	}
	return bd->err;
}

/* A batch that only replaces tables does not depend on what they held:
 * when another program committed meanwhile, send it again as it is. */
static int send_batch(struct builder *bd, bool commit)
{
	struct nft_priv *p = nft_priv(bd->b);
	unsigned int attempt;
	int ret = 0;

	for (attempt = 0; attempt < NFT_COMMIT_ATTEMPTS; attempt++) {
		if (attempt) {
			p->have_genid = false;
			ret = nft_need_genid(bd->b);
			if (ret < 0) {
				diag_add(bd->d, NFC_ERROR, NULL, "%s", bd->b->err);
				return ret;
			}
		}
		ret = nft_batch_send(&p->nl, &bd->bt, p->genid, commit, on_err,
				     bd);
		if (ret != -ERESTART || bd->delta)
			break;
	}
	return ret;
}

int nft_commit_images(struct nfc_backend *b, struct nfc_table **imgs,
		      unsigned int n, struct nfc_diags *d, bool commit)
{
	struct nft_priv *p = nft_priv(b);
	struct builder bd = { .b = b, .d = d };
	int ret = nft_need_genid(b);

	if (ret < 0) {
		diag_add(d, NFC_ERROR, NULL, "%s", b->err);
		goto out;
	}
	bd.imgs = imgs;
	bd.nimgs = n;
	ret = nft_batch_init(&bd.bt, &p->nl);
	if (ret == 0)
		ret = build(&bd, imgs, n);
	if (ret == -ENOMEM)
		diag_add(d, NFC_ERROR, NULL, "out of memory building the batch");
	if (ret == 0)
		ret = send_batch(&bd, commit);
	if (ret < 0 && ret != -ERESTART && !bd.reported && d->nerrors == 0)
		diag_add(d, NFC_ERROR, NULL, "nf_tables: %s", strerror(-ret));
out:
	nft_batch_free(&bd.bt);
	free(bd.objs);
	nft_forget(p);
	return ret;
}
