// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The nf_tables backend: iptables tables as nf_tables tables of family ip
 * and ip6, laid out as iptables-nft 1.8.9 lays them out, read and written
 * over one netlink socket.  This file reads; nft_commit.c writes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/chain.h>
#include <libnftnl/table.h>

#include "builtin.h"
#include "nft_delinearize.h"
#include "nft_priv.h"

#define READ_ATTEMPTS 5 /* dumps interrupted by other writers */
#define MAX_TABLES 16    /* iptables' tables: filter, nat, mangle... */

uint64_t nft_rule_hash(const struct nfc_rule *r)
{
	return nfc_hash_words(NFC_FNV64_OFFSET ^ r->size, r->entry,
			      r->size);
}

struct nft_ktable *nft_ktable_find(struct nft_priv *p, enum nfc_family family,
				   const char *name)
{
	unsigned int i;

	for (i = 0; i < p->nread; i++)
		if (p->read[i].family == family &&
		    strcmp(p->read[i].name, name) == 0)
			return &p->read[i];
	return NULL;
}

bool nft_was_flushed(const struct nft_priv *p, const struct nfc_table *img)
{
	unsigned int i;

	for (i = 0; i < p->nflushed; i++)
		if (p->flushed[i] == img)
			return true;
	return false;
}

/* Forget what was read of kt, keeping which table it is. */
static void ktable_clear(struct nft_ktable *kt)
{
	enum nfc_family family = kt->family;
	char name[NFC_NAME_MAX];
	unsigned int i;

	for (i = 0; i < kt->nchains; i++)
		free(kt->chains[i].rules);
	free(kt->chains);
	memcpy(name, kt->name, sizeof(name));
	memset(kt, 0, sizeof(*kt));
	kt->family = family;
	memcpy(kt->name, name, sizeof(name));
}

void nft_forget(struct nft_priv *p)
{
	unsigned int i;

	for (i = 0; i < p->nread; i++)
		ktable_clear(&p->read[i]);
	free(p->read);
	p->read = NULL;
	p->nread = 0;
	p->nflushed = 0;
	p->have_genid = false;
	p->stage = NULL;
}

int nft_need_genid(struct nfc_backend *b)
{
	struct nft_priv *p = nft_priv(b);
	int ret;

	if (p->have_genid)
		return 0;
	ret = nft_nl_genid(&p->nl, &p->genid);
	if (ret < 0) {
		snprintf(b->err, sizeof(b->err),
			 "cannot read the nf_tables ruleset generation: %s",
			 strerror(-ret));
		return ret;
	}
	p->have_genid = true;
	return 0;
}

/* -------------------------------------------------------------------- */
/* Listing tables */

struct names {
	const struct builtin_table *bt;
	unsigned int nbt;
	bool *present;
};

static int table_cb(const struct nlmsghdr *nlh, void *data)
{
	struct names *nm = data;
	struct nftnl_table *t = nftnl_table_alloc();
	const char *name;
	unsigned int i;

	if (!t)
		return MNL_CB_ERROR;
	/* A message that cannot be parsed (out of memory) must fail the
	 * read, never shorten its result. */
	if (nftnl_table_nlmsg_parse(nlh, t) < 0) {
		nftnl_table_free(t);
		return MNL_CB_ERROR;
	}
	if ((name = nftnl_table_get_str(t, NFTNL_TABLE_NAME)))
		for (i = 0; i < nm->nbt; i++)
			if (strcmp(nm->bt[i].name, name) == 0)
				nm->present[i] = true;
	nftnl_table_free(t);
	return MNL_CB_OK;
}

static int nft_list_tables(struct nfc_backend *b, enum nfc_family family,
			   char (*names)[NFC_NAME_MAX], unsigned int max,
			   unsigned int *n)
{
	struct nft_priv *p = nft_priv(b);
	bool present[MAX_TABLES] = { false };
	struct names nm = { .present = present };
	char buf[NFT_NL_REQ_MAX];
	unsigned int i;
	int ret;

	*n = 0;
	nm.bt = builtin_tables(&nm.nbt);
	if (nm.nbt > NFC_ARRAY_SIZE(present))
		nm.nbt = NFC_ARRAY_SIZE(present);
	ret = nft_nl_dump(&p->nl,
			  nft_nl_request(&p->nl, buf, NFT_MSG_GETTABLE,
					 nfproto_of(family), NLM_F_DUMP),
			  table_cb, &nm);
	if (ret < 0) {
		snprintf(b->err, sizeof(b->err),
			 "cannot list the nf_tables tables: %s", strerror(-ret));
		return ret;
	}
	/* iptables-nft-save's order, not the kernel's */
	for (i = 0; i < nm.nbt && *n < max; i++)
		if (present[i])
			snprintf(names[(*n)++], NFC_NAME_MAX, "%s", nm.bt[i].name);
	return 0;
}

/* -------------------------------------------------------------------- */
/* Reading a table */

struct reader {
	struct nfc_backend *b;
	struct nfc_table *img;
	struct nft_ktable *kt;
	const struct builtin_table *bt;
	/* the chain whose rules are being read */
	struct nfc_chain *c;
	struct nft_kchain *kc;
	struct delin *ws;
	int err; /* first failure */
};

static struct nft_kchain *kchain_add(struct nft_ktable *kt, const char *name,
				     bool base)
{
	struct nft_kchain *c;

	if (kt->nchains == kt->cap) {
		unsigned int cap = kt->cap ? kt->cap * 2 : 8;
		struct nft_kchain *v = realloc(kt->chains, cap * sizeof(*v));

		if (!v)
			return NULL;
		kt->chains = v;
		kt->cap = cap;
	}
	c = &kt->chains[kt->nchains++];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->base = base;
	return c;
}

/* A base chain counts as the builtin chain only when it is laid out
 * exactly as iptables-nft makes it; otherwise it is someone else's. */
static const struct builtin_chain *as_builtin(const struct reader *rd,
					      const struct nftnl_chain *c)
{
	const char *name = nftnl_chain_get_str(c, NFTNL_CHAIN_NAME);
	const char *type = nftnl_chain_get_str(c, NFTNL_CHAIN_TYPE);
	uint32_t hook = nftnl_chain_get_u32(c, NFTNL_CHAIN_HOOKNUM);
	int prio = (int)nftnl_chain_get_u32(c, NFTNL_CHAIN_PRIO);
	unsigned int i;

	for (i = 0; i < rd->bt->nchains; i++) {
		const struct builtin_chain *bc = &rd->bt->chains[i];

		if ((uint32_t)bc->hook != hook)
			continue;
		if (prio == bc->priority && name && type &&
		    strcmp(name, bc->name) == 0 && strcmp(type, bc->type) == 0)
			return bc;
		return NULL;
	}
	return NULL;
}

static int chain_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reader *rd = data;
	struct nftnl_chain *nc = nftnl_chain_alloc();
	const struct builtin_chain *bc = NULL;
	struct nfc_chain *c;
	const char *name;

	if (!nc)
		return MNL_CB_ERROR;
	if (nftnl_chain_nlmsg_parse(nlh, nc) < 0) {
		rd->err = -ENOMEM; /* fail the read, never shorten it */
		goto out;
	}
	/* chain dumps cannot be asked for one table */
	if (!(name = nftnl_chain_get_str(nc, NFTNL_CHAIN_NAME)) ||
	    !nftnl_chain_is_set(nc, NFTNL_CHAIN_TABLE) ||
	    strcmp(nftnl_chain_get_str(nc, NFTNL_CHAIN_TABLE),
		   rd->img->name) != 0)
		goto out;
	if (nftnl_chain_is_set(nc, NFTNL_CHAIN_HOOKNUM)) {
		bc = as_builtin(rd, nc);
		if (!bc || table_find_chain(rd->img, name)) {
			/* not iptables': left out, as iptables-nft does */
			rd->kt->tainted = true;
			goto out;
		}
	}
	c = table_add_chain(rd->img, name, bc ? bc->hook : -1);
	if (!c || !kchain_add(rd->kt, name, bc != NULL)) {
		rd->err = -ENOMEM;
		goto out;
	}
	if (bc) {
		uint32_t pol = nftnl_chain_get_u32(nc, NFTNL_CHAIN_POLICY);
		bool drop = nftnl_chain_is_set(nc, NFTNL_CHAIN_POLICY) &&
			    pol == NF_DROP;

		c->policy = drop ? NFC_POLICY_DROP : NFC_POLICY_ACCEPT;
		c->counters.pcnt = nftnl_chain_get_u64(nc, NFTNL_CHAIN_PACKETS);
		c->counters.bcnt = nftnl_chain_get_u64(nc, NFTNL_CHAIN_BYTES);
	}
out:
	nftnl_chain_free(nc);
	return rd->err ? MNL_CB_ERROR : MNL_CB_OK;
}

static int keep_rule(struct reader *rd, struct nfc_chain *c,
		     struct nft_kchain *kc, struct nfc_rule *r,
		     uint64_t handle, unsigned int flags)
{
	struct nft_krule *k;

	if (kc->nrules == kc->cap) {
		unsigned int cap = kc->cap ? kc->cap * 2 : 16;
		struct nft_krule *v = realloc(kc->rules, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		kc->rules = v;
		kc->cap = cap;
	}
	if (chain_insert_rule(c, c->nrules, r) < 0)
		return -ENOMEM;
	k = &kc->rules[kc->nrules++];
	k->rule = r;
	k->handle = handle;
	k->hash = nft_rule_hash(r);
	k->lossy = flags & NFT_DELIN_LOSSY;
	(void)rd;
	return 0;
}

/*
 * A rule iptables cannot read stays in the image as a placeholder, so that
 * rule numbers still count it and --noflush leaves it where it is; its
 * target is a name no rule file can give, so no -D or -C matches it, and
 * nft_commit.c never writes it back.
 */
#define FOREIGN_TARGET "nft-only"

static struct nfc_rule *placeholder(enum nfc_family family)
{
	size_t hdr = family == NFC_IPV6 ? sizeof(struct ip6t_entry)
					: sizeof(struct ipt_entry);
	size_t tsize = XT_ALIGN(sizeof(struct xt_entry_target));
	_Alignas(8) unsigned char buf[sizeof(struct ip6t_entry) +
				      XT_ALIGN(sizeof(struct xt_entry_target))];
	struct xt_entry_target *t = (struct xt_entry_target *)(buf + hdr);

	memset(buf, 0, sizeof(buf));
	if (family == NFC_IPV6) {
		struct ip6t_entry *e = (struct ip6t_entry *)buf;

		e->target_offset = (uint16_t)hdr;
		e->next_offset = (uint16_t)(hdr + tsize);
	} else {
		struct ipt_entry *e = (struct ipt_entry *)buf;

		e->target_offset = (uint16_t)hdr;
		e->next_offset = (uint16_t)(hdr + tsize);
	}
	t->u.user.target_size = (uint16_t)tsize;
	snprintf(t->u.user.name, sizeof(t->u.user.name), FOREIGN_TARGET);
	return rule_new(family, buf, hdr + tsize, NULL);
}

static int rule_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reader *rd = data;
	struct nft_xrule nr;
	struct nfc_rule *r = NULL;
	unsigned int flags;
	char msg[128];
	int ret;

	if (nft_xrule_parse(nlh, &nr) < 0) {
		rd->err = -EINVAL; /* fail the read, never shorten it */
		return MNL_CB_ERROR;
	}
	if (!nr.table || strcmp(nr.table, rd->img->name) != 0 || !nr.chain ||
	    strcmp(nr.chain, rd->kc->name) != 0)
		return MNL_CB_OK; /* not what was asked for */
	ret = nft_delinearize(rd->ws, &nr, rd->img->family, &r, &flags, msg,
			      sizeof(msg));
	if (ret == -EPROTONOSUPPORT || ret == -EINVAL || ret == -E2BIG) {
		if (ret == -EPROTONOSUPPORT)
			rd->kt->incompatible = true;
		else if (!rd->kt->undecodable)
			snprintf(rd->kt->why, sizeof(rd->kt->why), "%s", msg);
		rd->kt->undecodable |= ret != -EPROTONOSUPPORT;
		r = placeholder(rd->img->family);
		flags = NFT_DELIN_LOSSY;
		ret = r ? 0 : -ENOMEM;
	}
	if (ret < 0) {
		rd->err = ret;
	} else if (keep_rule(rd, rd->c, rd->kc, r, nr.handle, flags) < 0) {
		rule_free(r);
		rd->err = -ENOMEM;
	}
	return rd->err ? MNL_CB_ERROR : MNL_CB_OK;
}

static struct nft_ktable *ktable_fresh(struct nft_priv *p,
				       enum nfc_family family, const char *name)
{
	struct nft_ktable *kt = nft_ktable_find(p, family, name), *v;

	if (kt) {
		ktable_clear(kt);
		return kt;
	}
	v = realloc(p->read, (p->nread + 1) * sizeof(*v));
	if (!v)
		return NULL;
	p->read = v;
	kt = &p->read[p->nread++];
	memset(kt, 0, sizeof(*kt));
	kt->family = family;
	snprintf(kt->name, sizeof(kt->name), "%s", name);
	return kt;
}

static int ignore_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static int table_exists(struct nft_priv *p, enum nfc_family family,
			const char *name, bool *exists)
{
	char buf[NFT_NL_REQ_MAX];
	struct nlmsghdr *req = nft_nl_request(&p->nl, buf, NFT_MSG_GETTABLE,
					      nfproto_of(family), NLM_F_ACK);
	int ret;

	mnl_attr_put_strz(req, NFTA_TABLE_NAME, name);
	ret = nft_nl_dump(&p->nl, req, ignore_cb, NULL);
	*exists = ret == 0;
	return ret == -ENOENT ? 0 : ret;
}

static int dump_table(struct nft_priv *p, struct reader *rd, uint16_t type,
		      uint16_t attr, mnl_cb_t cb)
{
	char buf[NFT_NL_REQ_MAX];
	struct nlmsghdr *req = nft_nl_request(&p->nl, buf, type,
					      nfproto_of(rd->img->family),
					      NLM_F_DUMP);
	int ret;

	mnl_attr_put_strz(req, attr, rd->img->name);
	ret = nft_nl_dump(&p->nl, req, cb, rd);
	if (ret == -EBADMSG && rd->err)
		ret = rd->err;
	return ret;
}

/* Rules chain by chain: the kernel resumes a dump by counting from the
 * start of what was asked for, so a whole-table dump costs the square of
 * its size. */
static int dump_rules(struct nft_priv *p, struct reader *rd)
{
	char buf[NFT_NL_REQ_MAX];
	struct nlmsghdr *req;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < rd->kt->nchains && ret == 0; i++) {
		rd->kc = &rd->kt->chains[i];
		rd->c = table_find_chain(rd->img, rd->kc->name);
		req = nft_nl_request(&p->nl, buf, NFT_MSG_GETRULE,
				     nfproto_of(rd->img->family), NLM_F_DUMP);
		mnl_attr_put_strz(req, NFTA_RULE_TABLE, rd->img->name);
		mnl_attr_put_strz(req, NFTA_RULE_CHAIN, rd->kc->name);
		ret = nft_nl_dump(&p->nl, req, rule_cb, rd);
		if (ret == -EBADMSG && rd->err)
			ret = rd->err;
	}
	return ret;
}

/* Builtin chains the table lacks: nf_tables makes them on demand, and
 * save prints them as iptables-nft-save does, ACCEPT [0:0]. */
static int add_absent(struct nfc_table *img, const struct builtin_table *bt)
{
	unsigned int i;

	for (i = 0; i < bt->nchains; i++) {
		const struct builtin_chain *bc = &bt->chains[i];
		struct nfc_chain *c;

		if (table_find_chain(img, bc->name))
			continue;
		c = table_add_chain(img, bc->name, bc->hook);
		if (!c)
			return -ENOMEM;
		c->policy = NFC_POLICY_ACCEPT;
		c->absent = true;
	}
	return 0;
}

static int read_once(struct nfc_backend *b, struct reader *rd)
{
	struct nft_priv *p = nft_priv(b);
	int ret = nft_need_genid(b);

	if (ret == 0)
		ret = table_exists(p, rd->img->family, rd->img->name,
				   &rd->kt->exists);
	if (ret == 0 && rd->kt->exists)
		ret = dump_table(p, rd, NFT_MSG_GETCHAIN, NFTA_CHAIN_TABLE,
				 chain_cb);
	if (ret == 0 && rd->kt->exists)
		ret = dump_rules(p, rd);
	if (ret == 0)
		ret = add_absent(rd->img, rd->bt);
	return ret;
}

static int nft_read_table(struct nfc_backend *b, enum nfc_family family,
			  const char *name, struct nfc_table **out)
{
	struct nft_priv *p = nft_priv(b);
	struct reader rd = { .b = b, .bt = builtin_table_find(name) };
	unsigned int attempt;
	int ret = -EINTR;

	*out = NULL;
	if (!rd.bt) {
		snprintf(b->err, sizeof(b->err), "no table `%s'", name);
		return -ENOENT;
	}
	rd.ws = nft_delin_new();
	if (!rd.ws)
		ret = -ENOMEM;
	for (attempt = 0; attempt < READ_ATTEMPTS && ret == -EINTR; attempt++) {
		table_free(rd.img);
		rd.img = table_new(family, name);
		rd.kt = ktable_fresh(p, family, name);
		rd.err = 0;
		if (!rd.img || !rd.kt) {
			ret = -ENOMEM;
			break;
		}
		if (attempt)
			p->have_genid = false; /* changed meanwhile: again */
		ret = read_once(b, &rd);
	}
	if (ret < 0) {
		snprintf(b->err, sizeof(b->err),
			 "cannot read table `%s' from nf_tables: %s", name,
			 ret == -EINTR ? "the ruleset kept changing"
				       : strerror(-ret));
	}
	nft_delin_free(rd.ws);
	if (ret < 0) {
		table_free(rd.img);
		return ret;
	}
	*out = rd.img;
	return 0;
}

/* What iptables-nft-save says of a table: nothing, a note before it, or
 * only a note (its rules are not iptables'). */
static int nft_save_note(struct nfc_backend *b, const struct nfc_table *t,
			 char *note, size_t len)
{
	const struct nft_ktable *kt =
		nft_ktable_find(nft_priv(b), t->family, t->name);

	if (!kt)
		return NFC_SAVE_PRINT;
	if (kt->incompatible) {
		snprintf(note, len, "# Table `%s' is incompatible, use 'nft' tool.",
			 t->name);
		return NFC_SAVE_NOTE_ONLY;
	}
	if (kt->undecodable) {
		snprintf(b->err, sizeof(b->err),
			 "cannot decode all rules of table `%s': %s", t->name,
			 kt->why);
		return -EINVAL;
	}
	if (kt->tainted) {
		snprintf(note, len,
			 "# Table `%s' contains incompatible base-chains, use 'nft' tool to list them.",
			 t->name);
		return NFC_SAVE_NOTE;
	}
	return NFC_SAVE_PRINT;
}

/* -------------------------------------------------------------------- */

/* As iptables-nft replaces a table: the table goes, with everything in
 * it; base chains come back when a command names them, policy ACCEPT. */
void backend_nft_empty_image(struct nfc_table *img)
{
	const struct builtin_table *bt = builtin_table_find(img->name);
	unsigned int i;

	for (i = img->nchains; i-- > 0;) {
		struct nfc_chain *c = img->chains[i];

		if (!chain_is_builtin(c)) {
			table_del_chain(img, c);
			continue;
		}
		chain_flush(c);
		c->absent = true;
		c->policy_set = false;
		c->policy = NFC_POLICY_ACCEPT;
		memset(&c->counters, 0, sizeof(c->counters));
	}
	if (bt)
		add_absent(img, bt);
}

static void nft_flush_image(struct nfc_backend *b, struct nfc_table *img)
{
	struct nft_priv *p = nft_priv(b);

	backend_nft_empty_image(img);
	if (nft_was_flushed(p, img))
		return;
	if (p->nflushed == p->flushed_cap) {
		unsigned int cap = p->flushed_cap ? p->flushed_cap * 2 : 8;
		const struct nfc_table **v =
			realloc(p->flushed, cap * sizeof(*v));

		if (!v)
			return; /* then it is diffed against nothing: same */
		p->flushed = v;
		p->flushed_cap = cap;
	}
	p->flushed[p->nflushed++] = img;
}

static int nft_commit(struct nfc_backend *b, struct nfc_table **imgs,
		      unsigned int n, struct nfc_diags *d)
{
	return nft_commit_images(b, imgs, n, d, true);
}

static int nft_validate(struct nfc_backend *b, struct nfc_table **imgs,
			unsigned int n, struct nfc_diags *d)
{
	return nft_commit_images(b, imgs, n, d, false);
}

static void nft_close(struct nfc_backend *b)
{
	struct nft_priv *p = nft_priv(b);

	if (!p)
		return;
	nft_forget(p);
	free(p->flushed);
	nft_nl_close(&p->nl);
	free(p);
	b->priv = NULL;
}

int backend_nft_init(struct nfc_backend *b)
{
	struct nft_priv *p = calloc(1, sizeof(*p));
	int ret;

	if (!p) {
		snprintf(b->err, sizeof(b->err), "out of memory");
		return -ENOMEM;
	}
	ret = nft_nl_open(&p->nl, b->err, sizeof(b->err));
	if (ret < 0) {
		free(p);
		return ret;
	}
	b->priv = p;
	return 0;
}

struct nft_nl *backend_nft_nl(struct nfc_backend *b)
{
	return b->ops == &backend_nft_ops ? &nft_priv(b)->nl : NULL;
}

const struct nfc_backend_ops backend_nft_ops = {
	.name = "nft",
	.list_tables = nft_list_tables,
	.read_table = nft_read_table,
	.commit = nft_commit,
	.validate = nft_validate,
	.flush_image = nft_flush_image,
	.save_note = nft_save_note,
	.close = nft_close,
};
