// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A snapshot keeps the kernel's dump messages themselves, table by table
 * (table, chains, objects, flowtables, sets, set elements, rules: the order
 * in which they can be made again).  Restoring turns each dump message back
 * into the message that creates the object, with what only the kernel may
 * set (handles, use counts) left out, anonymous sets renamed for the kernel
 * to name again, and the rule's compat data (which dumps leave out) worked
 * out from its protocol test.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/flowtable.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>

#include "fdio.h"
#include "nft_nl.h"
#include "snapshot_nft.h"

#define SNAP_ATTEMPTS 5
#define SNAP_NAME_MAX 256 /* NFT_NAME_MAXLEN */
#define SNAP_MAGIC "NFCSNAP1"
#define ANON_SET_NAME "__set%d"

struct snap_table {
	uint8_t nfproto;
	bool exists;
	char name[SNAP_NAME_MAX];
	unsigned char *msgs; /* dump messages, NLMSG_ALIGNed, back to back */
	size_t len, cap;
};

struct nft_snapshot {
	struct snap_table *t;
	unsigned int n;
	uint32_t genid; /* the generation it was taken at (not kept in files) */
};

uint8_t nft_snapshot_family(enum nfc_family family)
{
	return family == NFC_IPV6 ? NFPROTO_IPV6 : NFPROTO_IPV4;
}

static struct nft_nl *session(struct nfc_backend *b)
{
	struct nft_nl *nl = backend_nft_nl(b);

	if (!nl)
		snprintf(b->err, sizeof(b->err),
			 "snapshots need the nft backend, not %s", b->ops->name);
	return nl;
}

/* -------------------------------------------------------------------- */
/* Taking */

/* Some dumps (chains) cannot be asked for one table: the others go.
 * Every object names its table in attribute 1 (NFTA_TABLE_NAME,
 * NFTA_CHAIN_TABLE, NFTA_RULE_TABLE, NFTA_SET_TABLE, ...). */
static bool of_table(const struct nlmsghdr *nlh, const char *table)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg)) {
		if (mnl_attr_get_type(a) == NFTA_TABLE_NAME)
			return mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0 &&
			       strcmp(mnl_attr_get_str(a), table) == 0;
	}
	return false;
}

static int keep_msg(const struct nlmsghdr *nlh, void *data)
{
	struct snap_table *t = data;
	size_t len = NLMSG_ALIGN(nlh->nlmsg_len);

	if (!of_table(nlh, t->name))
		return MNL_CB_OK;

	if (t->len + len > t->cap) {
		size_t cap = t->cap ? t->cap : 64 * 1024;
		unsigned char *v;

		while (cap < t->len + len)
			cap *= 2;
		v = realloc(t->msgs, cap);
		if (!v)
			return MNL_CB_ERROR;
		t->msgs = v;
		t->cap = cap;
	}
	memcpy(t->msgs + t->len, nlh, nlh->nlmsg_len);
	memset(t->msgs + t->len + nlh->nlmsg_len, 0, len - nlh->nlmsg_len);
	t->len += len;
	return MNL_CB_OK;
}

static int dump(struct nft_nl *nl, struct snap_table *t, uint16_t type,
		uint16_t flags, uint16_t table_attr, uint16_t extra_attr,
		const char *extra)
{
	char buf[NFT_NL_REQ_MAX];
	struct nlmsghdr *req = nft_nl_request(nl, buf, type, t->nfproto,
					      flags);

	mnl_attr_put_strz(req, table_attr, t->name);
	if (extra)
		mnl_attr_put_strz(req, extra_attr, extra);
	return nft_nl_dump(nl, req, keep_msg, t);
}

/* The names (attribute attr) of the objects dumped into t from offset
 * `from' on. */
static int names_of(const struct snap_table *t, size_t from, uint16_t attr,
		    char ***out, unsigned int *n)
{
	const struct nlmsghdr *nlh;
	size_t off;

	*out = NULL;
	*n = 0;
	for (off = from; off < t->len; off += NLMSG_ALIGN(nlh->nlmsg_len)) {
		const struct nlattr *a;
		char **v;

		nlh = (const struct nlmsghdr *)(t->msgs + off);
		mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg)) {
			if (mnl_attr_get_type(a) != attr ||
			    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
				continue;
			v = realloc(*out, (*n + 1) * sizeof(*v));
			if (!v)
				return -ENOMEM;
			*out = v;
			v[*n] = strdup(mnl_attr_get_str(a));
			if (!v[*n])
				return -ENOMEM;
			(*n)++;
		}
	}
	return 0;
}

static void free_names(char **v, unsigned int n)
{
	while (n--)
		free(v[n]);
	free(v);
}

static int take_table(struct nft_nl *nl, struct snap_table *t)
{
	char **sets = NULL, **chains = NULL;
	unsigned int nsets = 0, nchains = 0, i;
	size_t from;
	int ret;

	t->len = 0;
	ret = dump(nl, t, NFT_MSG_GETTABLE, NLM_F_ACK, NFTA_TABLE_NAME, 0,
		   NULL);
	t->exists = ret == 0;
	if (ret == -ENOENT)
		return 0;
	from = t->len;
	if (ret == 0)
		ret = dump(nl, t, NFT_MSG_GETCHAIN, NLM_F_DUMP,
			   NFTA_CHAIN_TABLE, 0, NULL);
	if (ret == 0)
		ret = names_of(t, from, NFTA_CHAIN_NAME, &chains, &nchains);
	if (ret == 0)
		ret = dump(nl, t, NFT_MSG_GETOBJ, NLM_F_DUMP, NFTA_OBJ_TABLE, 0,
			   NULL);
	if (ret == 0)
		ret = dump(nl, t, NFT_MSG_GETFLOWTABLE, NLM_F_DUMP,
			   NFTA_FLOWTABLE_TABLE, 0, NULL);
	from = t->len;
	if (ret == 0)
		ret = dump(nl, t, NFT_MSG_GETSET, NLM_F_DUMP, NFTA_SET_TABLE, 0,
			   NULL);
	if (ret == 0)
		ret = names_of(t, from, NFTA_SET_NAME, &sets, &nsets);
	for (i = 0; i < nsets && ret == 0; i++)
		ret = dump(nl, t, NFT_MSG_GETSETELEM, NLM_F_DUMP,
			   NFTA_SET_ELEM_LIST_TABLE, NFTA_SET_ELEM_LIST_SET,
			   sets[i]);
	/* chain by chain: a dump of the whole table costs the square of
	 * its size in the kernel */
	for (i = 0; i < nchains && ret == 0; i++)
		ret = dump(nl, t, NFT_MSG_GETRULE, NLM_F_DUMP, NFTA_RULE_TABLE,
			   NFTA_RULE_CHAIN, chains[i]);
	free_names(sets, nsets);
	free_names(chains, nchains);
	return ret;
}

struct order {
	struct nft_snapshot *s;
	unsigned int *rank; /* per snapshot table, its place in the kernel */
	unsigned int next;
};

static int order_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nfgenmsg *g = mnl_nlmsg_get_payload(nlh);
	struct order *o = data;
	unsigned int i;

	o->next++;
	for (i = 0; i < o->s->n; i++)
		if (o->s->t[i].nfproto == g->nfgen_family &&
		    of_table(nlh, o->s->t[i].name))
			o->rank[i] = o->next;
	return MNL_CB_OK;
}

/* Tables made again go to the end of the kernel's list, so they are made
 * in the order the kernel lists them now (tables that do not exist last):
 * when the snapshot holds every table, the listing comes back the same. */
static int sort_tables(struct nft_nl *nl, struct nft_snapshot *s)
{
	struct order o = { .s = s, .rank = calloc(s->n + 1, sizeof(*o.rank)) };
	char buf[NFT_NL_REQ_MAX];
	unsigned int i, j;
	int ret;

	if (!o.rank)
		return -ENOMEM;
	ret = nft_nl_dump(nl, nft_nl_request(nl, buf, NFT_MSG_GETTABLE,
					     AF_UNSPEC, NLM_F_DUMP),
			  order_cb, &o);
	for (i = 0; i < s->n; i++)
		if (!o.rank[i])
			o.rank[i] = UINT32_MAX;
	for (i = 1; ret == 0 && i < s->n; i++) {
		for (j = i; j > 0 && o.rank[j - 1] > o.rank[j]; j--) {
			struct snap_table t = s->t[j];
			unsigned int r = o.rank[j];

			s->t[j] = s->t[j - 1];
			s->t[j - 1] = t;
			o.rank[j] = o.rank[j - 1];
			o.rank[j - 1] = r;
		}
	}
	free(o.rank);
	return ret;
}

/* Every table at one generation: a change in between starts over. */
static int take_all(struct nft_nl *nl, struct nft_snapshot *s,
		    uint32_t *genid)
{
	unsigned int attempt, i;
	uint32_t g1 = 0, g2;
	int ret = -EINTR;

	for (attempt = 0; attempt < SNAP_ATTEMPTS && ret == -EINTR; attempt++) {
		ret = nft_nl_genid(nl, &g1);
		if (ret == 0)
			ret = sort_tables(nl, s);
		for (i = 0; i < s->n && ret == 0; i++)
			ret = take_table(nl, &s->t[i]);
		if (ret == 0)
			ret = nft_nl_genid(nl, &g2);
		if (ret == 0 && g1 != g2)
			ret = -EINTR;
	}
	*genid = g1;
	return ret;
}

static int take(struct nfc_backend *b, struct nft_nl *nl,
		const struct nft_table_id *ids, unsigned int n,
		struct nft_snapshot **out, uint32_t *genid)
{
	struct nft_snapshot *s;
	unsigned int i;
	int ret;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s || !(s->t = calloc(n ? n : 1, sizeof(*s->t)))) {
		free(s);
		snprintf(b->err, sizeof(b->err), "out of memory");
		return -ENOMEM;
	}
	s->n = n;
	for (i = 0; i < n; i++) {
		s->t[i].nfproto = ids[i].nfproto;
		snprintf(s->t[i].name, sizeof(s->t[i].name), "%s", ids[i].name);
	}
	ret = take_all(nl, s, genid);
	s->genid = *genid;
	if (ret < 0) {
		snprintf(b->err, sizeof(b->err),
			 "cannot take a snapshot of the nf_tables tables: %s",
			 ret == -EINTR ? "the ruleset kept changing"
				       : strerror(-ret));
		nft_snapshot_free(s);
		return ret;
	}
	*out = s;
	return 0;
}

int nft_snapshot_take(struct nfc_backend *b, const struct nft_table_id *ids,
		      unsigned int n, struct nft_snapshot **out)
{
	struct nft_nl *nl = session(b);
	uint32_t genid;

	*out = NULL;
	return nl ? take(b, nl, ids, n, out, &genid) : -EINVAL;
}

int nft_snapshot_take_images(struct nfc_backend *b, struct nfc_table **imgs,
			     unsigned int n, struct nft_snapshot **out)
{
	struct nft_table_id *ids = calloc(n ? n : 1, sizeof(*ids));
	unsigned int i, j, k = 0;
	int ret;

	if (!ids) {
		snprintf(b->err, sizeof(b->err), "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		uint8_t f = nft_snapshot_family(imgs[i]->family);

		for (j = 0; j < k; j++)
			if (ids[j].nfproto == f &&
			    strcmp(ids[j].name, imgs[i]->name) == 0)
				break;
		if (j == k)
			ids[k++] = (struct nft_table_id){ f, imgs[i]->name };
	}
	ret = nft_snapshot_take(b, ids, k, out);
	free(ids);
	return ret;
}

void nft_snapshot_free(struct nft_snapshot *s)
{
	unsigned int i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		free(s->t[i].msgs);
	free(s->t);
	free(s);
}

unsigned int nft_snapshot_ntables(const struct nft_snapshot *s)
{
	return s->n;
}

struct nft_table_id nft_snapshot_table(const struct nft_snapshot *s,
				       unsigned int i, bool *existed)
{
	if (existed)
		*existed = s->t[i].exists;
	return (struct nft_table_id){ s->t[i].nfproto, s->t[i].name };
}

uint32_t nft_snapshot_genid(const struct nft_snapshot *s)
{
	return s->genid;
}

int nft_snapshot_find(const struct nft_snapshot *s, uint8_t nfproto,
		      const char *name)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		if (s->t[i].nfproto == nfproto && strcmp(s->t[i].name, name) == 0)
			return (int)i;
	return -1;
}

int nft_snapshot_each(const struct nft_snapshot *s, unsigned int i,
		      int (*cb)(const struct nlmsghdr *nlh, void *arg),
		      void *arg)
{
	const struct snap_table *t = &s->t[i];
	size_t off;
	int ret = 0;

	for (off = 0; t->exists && off < t->len && ret == 0;) {
		const struct nlmsghdr *nlh = (const void *)(t->msgs + off);

		ret = cb(nlh, arg);
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	return ret;
}

/* -------------------------------------------------------------------- */
/* Restoring */

struct anon {
	unsigned int table;
	char *name; /* the kernel's name for it, e.g. __set3 */
	uint32_t id;
};

struct restorer {
	struct nft_batch bt;
	const struct nft_snapshot *s;
	unsigned int table; /* the one being rebuilt */
	/* per message sent: its table and kind, for the kernel's errors */
	struct sent {
		uint32_t table;
		uint16_t type;
	} *sent;
	uint32_t nsent, sent_cap;
	struct anon *anon;
	unsigned int nanon;
	uint32_t next_id;
	int err;
};

static const struct anon *anon_find(const struct restorer *rs,
				    const char *name)
{
	unsigned int i;

	for (i = 0; name && i < rs->nanon; i++)
		if (rs->anon[i].table == rs->table &&
		    strcmp(rs->anon[i].name, name) == 0)
			return &rs->anon[i];
	return NULL;
}

static uint32_t anon_add(struct restorer *rs, const char *name)
{
	struct anon *v = realloc(rs->anon, (rs->nanon + 1) * sizeof(*v));

	if (!v || !(name = strdup(name))) {
		if (v)
			rs->anon = v;
		rs->err = -ENOMEM;
		return 0;
	}
	rs->anon = v;
	v[rs->nanon++] =
		(struct anon){ rs->table, (char *)name, ++rs->next_id };
	return rs->next_id;
}

static struct nlmsghdr *start(struct restorer *rs, uint16_t type,
			      uint16_t flags)
{
	struct nlmsghdr *nlh;

	if (rs->err)
		return NULL;
	if (rs->nsent == rs->sent_cap) {
		uint32_t cap = rs->sent_cap ? rs->sent_cap * 2 : 256;
		struct sent *v = realloc(rs->sent, cap * sizeof(*v));

		if (!v) {
			rs->err = -ENOMEM;
			return NULL;
		}
		rs->sent = v;
		rs->sent_cap = cap;
	}
	rs->sent[rs->nsent] = (struct sent){ rs->table, type };
	nlh = nft_batch_msg(&rs->bt, type, rs->s->t[rs->table].nfproto, flags,
			    rs->nsent++);
	if (!nlh)
		rs->err = -ENOMEM;
	return nlh;
}

static void finish(struct restorer *rs)
{
	if (!rs->err && nft_batch_next(&rs->bt) < 0)
		rs->err = -ENOMEM;
}

static void table_by_name(struct restorer *rs, uint16_t type)
{
	uint16_t flags = type == NFT_MSG_NEWTABLE ? NLM_F_CREATE : 0;
	struct nlmsghdr *nlh = start(rs, type, flags);

	if (!nlh)
		return;
	mnl_attr_put_strz(nlh, NFTA_TABLE_NAME, rs->s->t[rs->table].name);
	finish(rs);
}

static void re_table(struct restorer *rs, const struct nlmsghdr *dumped)
{
	struct nftnl_table *t = nftnl_table_alloc();
	struct nlmsghdr *nlh;

	if (!t || nftnl_table_nlmsg_parse(dumped, t) < 0) {
		rs->err = t ? -EBADMSG : -ENOMEM;
		goto out;
	}
	nftnl_table_unset(t, NFTNL_TABLE_HANDLE);
	nftnl_table_unset(t, NFTNL_TABLE_USE);
	/* ownership belongs to a socket that is not ours */
	nftnl_table_set_u32(t, NFTNL_TABLE_FLAGS,
			    nftnl_table_get_u32(t, NFTNL_TABLE_FLAGS) &
				    NFT_TABLE_F_DORMANT);
	nlh = start(rs, NFT_MSG_NEWTABLE, NLM_F_CREATE);
	if (nlh) {
		nftnl_table_nlmsg_build_payload(nlh, t);
		finish(rs);
	}
out:
	if (t)
		nftnl_table_free(t);
}

static void re_chain(struct restorer *rs, const struct nlmsghdr *dumped)
{
	struct nftnl_chain *c = nftnl_chain_alloc();
	struct nlmsghdr *nlh;
	uint32_t flags;

	if (!c || nftnl_chain_nlmsg_parse(dumped, c) < 0) {
		rs->err = c ? -EBADMSG : -ENOMEM;
		goto out;
	}
	nftnl_chain_unset(c, NFTNL_CHAIN_HANDLE);
	nftnl_chain_unset(c, NFTNL_CHAIN_USE);
	flags = nftnl_chain_get_u32(c, NFTNL_CHAIN_FLAGS);
	if (flags & NFT_CHAIN_BINDING) {
		rs->err = -EOPNOTSUPP;
		goto out;
	}
	/* "base" follows from the hook; the kernel does not take it back */
	if (flags & ~NFT_CHAIN_BASE)
		nftnl_chain_set_u32(c, NFTNL_CHAIN_FLAGS,
				    flags & ~NFT_CHAIN_BASE);
	else
		nftnl_chain_unset(c, NFTNL_CHAIN_FLAGS);
	nlh = start(rs, NFT_MSG_NEWCHAIN, NLM_F_CREATE);
	if (nlh) {
		nftnl_chain_nlmsg_build_payload(nlh, c);
		finish(rs);
	}
out:
	if (c)
		nftnl_chain_free(c);
}

/* Objects go back attribute by attribute (libnftnl cannot unset an
 * object's handle): all but what the kernel sets itself. */
static void re_obj(struct restorer *rs, const struct nlmsghdr *dumped)
{
	struct nlmsghdr *nlh = start(rs, NFT_MSG_NEWOBJ, NLM_F_CREATE);
	const struct nlattr *a;

	if (!nlh)
		return;
	mnl_attr_for_each(a, dumped, sizeof(struct nfgenmsg)) {
		uint16_t type = mnl_attr_get_type(a);

		if (type == NFTA_OBJ_HANDLE || type == NFTA_OBJ_USE)
			continue;
		mnl_attr_put(nlh, a->nla_type, mnl_attr_get_payload_len(a),
			     mnl_attr_get_payload(a));
	}
	finish(rs);
}

static void re_flowtable(struct restorer *rs, const struct nlmsghdr *dumped)
{
	struct nftnl_flowtable *f = nftnl_flowtable_alloc();
	struct nlmsghdr *nlh;

	if (!f || nftnl_flowtable_nlmsg_parse(dumped, f) < 0) {
		rs->err = f ? -EBADMSG : -ENOMEM;
		goto out;
	}
	nftnl_flowtable_unset(f, NFTNL_FLOWTABLE_HANDLE);
	nftnl_flowtable_unset(f, NFTNL_FLOWTABLE_USE);
	nlh = start(rs, NFT_MSG_NEWFLOWTABLE, NLM_F_CREATE);
	if (nlh) {
		nftnl_flowtable_nlmsg_build_payload(nlh, f);
		finish(rs);
	}
out:
	if (f)
		nftnl_flowtable_free(f);
}

/* Anonymous sets get a fresh name from the kernel; what refers to them
 * does so by the batch-local id. */
static void anon_ref(struct restorer *rs, struct nftnl_set *s)
{
	const char *name = nftnl_set_get_str(s, NFTNL_SET_NAME);
	const struct anon *a = anon_find(rs, name);

	if (!a)
		return;
	nftnl_set_set_str(s, NFTNL_SET_NAME, ANON_SET_NAME);
	nftnl_set_set_u32(s, NFTNL_SET_ID, a->id);
}

static void re_set(struct restorer *rs, const struct nlmsghdr *dumped)
{
	struct nftnl_set *s = nftnl_set_alloc();
	struct nlmsghdr *nlh;

	if (!s || nftnl_set_nlmsg_parse(dumped, s) < 0) {
		rs->err = s ? -EBADMSG : -ENOMEM;
		goto out;
	}
	nftnl_set_unset(s, NFTNL_SET_HANDLE);
	if (nftnl_set_get_u32(s, NFTNL_SET_FLAGS) & NFT_SET_ANONYMOUS) {
		anon_add(rs, nftnl_set_get_str(s, NFTNL_SET_NAME));
		anon_ref(rs, s);
	} else {
		/* the kernel wants a batch-local id for every new set */
		nftnl_set_set_u32(s, NFTNL_SET_ID, ++rs->next_id);
	}
	nlh = start(rs, NFT_MSG_NEWSET, NLM_F_CREATE);
	if (nlh) {
		nftnl_set_nlmsg_build_payload(nlh, s);
		finish(rs);
	}
out:
	if (s)
		nftnl_set_free(s);
}

/* A dump of elements may end with a message that holds none. */
static bool has_elems(const struct nlmsghdr *dumped)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, dumped, sizeof(struct nfgenmsg)) {
		if (mnl_attr_get_type(a) == NFTA_SET_ELEM_LIST_ELEMENTS)
			return mnl_attr_get_payload_len(a) > 0;
	}
	return false;
}

static void re_elems(struct restorer *rs, const struct nlmsghdr *dumped)
{
	struct nftnl_set *s;
	struct nlmsghdr *nlh;

	if (!has_elems(dumped))
		return;
	s = nftnl_set_alloc();

	if (!s || nftnl_set_elems_nlmsg_parse(dumped, s) < 0) {
		rs->err = s ? -EBADMSG : -ENOMEM;
		goto out;
	}
	anon_ref(rs, s);
	nlh = start(rs, NFT_MSG_NEWSETELEM, NLM_F_CREATE);
	if (nlh) {
		nftnl_set_elems_nlmsg_build_payload(nlh, s);
		finish(rs);
	}
out:
	if (s)
		nftnl_set_free(s);
}

struct rule_fix {
	struct restorer *rs;
	uint8_t nfproto;
	uint32_t l4reg;   /* register holding the layer 4 protocol, 0: none */
	bool have_proto, xt;
	uint32_t proto, inv;
};

static void fix_set_ref(struct rule_fix *f, struct nftnl_expr *e,
			uint16_t name_attr, uint16_t id_attr)
{
	const struct anon *a;
	const char *old;

	if (!nftnl_expr_is_set(e, name_attr))
		return;
	old = nftnl_expr_get_str(e, name_attr);
	a = anon_find(f->rs, old);
	if (!a)
		return;
	nftnl_expr_set_str(e, name_attr, ANON_SET_NAME);
#ifdef NFC_NFTNL_SET_STR_LEAKS
	free((void *)old); /* this libnftnl dropped it without freeing */
#endif
	nftnl_expr_set_u32(e, id_attr, a->id);
}

/* Dumps leave out NFTA_RULE_COMPAT, which xt matches and targets need to
 * pass their checks (tcp wants -p tcp): take it from the rule's own test
 * of the protocol, as it was made from. */
static void note_proto(struct rule_fix *f, const struct nftnl_expr *e,
		       const char *name)
{
	if (strcmp(name, "match") == 0 || strcmp(name, "target") == 0) {
		f->xt = true;
	} else if (strcmp(name, "meta") == 0 &&
		   nftnl_expr_is_set(e, NFTNL_EXPR_META_DREG)) {
		uint32_t r = nftnl_expr_get_u32(e, NFTNL_EXPR_META_DREG);
		uint32_t key = nftnl_expr_get_u32(e, NFTNL_EXPR_META_KEY);

		if (key == NFT_META_L4PROTO)
			f->l4reg = r;
		else if (r == f->l4reg)
			f->l4reg = 0;
	} else if (strcmp(name, "payload") == 0 &&
		   nftnl_expr_is_set(e, NFTNL_EXPR_PAYLOAD_DREG)) {
		uint32_t r = nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_DREG);

		if (f->nfproto == NFPROTO_IPV4 &&
		    nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_BASE) ==
			    NFT_PAYLOAD_NETWORK_HEADER &&
		    nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET) == 9 &&
		    nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_LEN) == 1)
			f->l4reg = r;
		else if (r == f->l4reg)
			f->l4reg = 0;
	} else if (strcmp(name, "cmp") == 0 && f->l4reg && !f->have_proto &&
		   nftnl_expr_get_u32(e, NFTNL_EXPR_CMP_SREG) == f->l4reg) {
		uint32_t len, op = nftnl_expr_get_u32(e, NFTNL_EXPR_CMP_OP);
		const uint8_t *d = nftnl_expr_get(e, NFTNL_EXPR_CMP_DATA, &len);

		if (d && len == 1 && (op == NFT_CMP_EQ || op == NFT_CMP_NEQ)) {
			f->have_proto = true;
			f->proto = d[0];
			f->inv = op == NFT_CMP_NEQ ? NFT_RULE_COMPAT_F_INV : 0;
		}
	}
}

static int fix_expr(struct nftnl_expr *e, void *data)
{
	struct rule_fix *f = data;
	const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);

	if (!name)
		return 0;
	if (strcmp(name, "lookup") == 0)
		fix_set_ref(f, e, NFTNL_EXPR_LOOKUP_SET,
			    NFTNL_EXPR_LOOKUP_SET_ID);
	else if (strcmp(name, "dynset") == 0)
		fix_set_ref(f, e, NFTNL_EXPR_DYNSET_SET_NAME,
			    NFTNL_EXPR_DYNSET_SET_ID);
	else if (strcmp(name, "objref") == 0)
		fix_set_ref(f, e, NFTNL_EXPR_OBJREF_SET_NAME,
			    NFTNL_EXPR_OBJREF_SET_ID);
	note_proto(f, e, name);
	return 0;
}

static void re_rule(struct restorer *rs, const struct nlmsghdr *dumped)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct rule_fix f = { .rs = rs,
			      .nfproto = rs->s->t[rs->table].nfproto };
	struct nlmsghdr *nlh;

	if (!r || nftnl_rule_nlmsg_parse(dumped, r) < 0) {
		rs->err = r ? -EBADMSG : -ENOMEM;
		goto out;
	}
	nftnl_rule_unset(r, NFTNL_RULE_HANDLE);
	nftnl_rule_unset(r, NFTNL_RULE_POSITION);
	nftnl_expr_foreach(r, fix_expr, &f);
	if (f.xt && !nftnl_rule_is_set(r, NFTNL_RULE_COMPAT_PROTO)) {
		nftnl_rule_set_u32(r, NFTNL_RULE_COMPAT_PROTO, f.proto);
		nftnl_rule_set_u32(r, NFTNL_RULE_COMPAT_FLAGS, f.inv);
	}
	nlh = start(rs, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND);
	if (nlh) {
		nftnl_rule_nlmsg_build_payload(nlh, r);
		finish(rs);
	}
out:
	if (r)
		nftnl_rule_free(r);
}

static void re_msg(struct restorer *rs, const struct nlmsghdr *nlh)
{
	switch (NFNL_MSG_TYPE(nlh->nlmsg_type)) {
	case NFT_MSG_NEWTABLE:
		re_table(rs, nlh);
		break;
	case NFT_MSG_NEWCHAIN:
		re_chain(rs, nlh);
		break;
	case NFT_MSG_NEWOBJ:
		re_obj(rs, nlh);
		break;
	case NFT_MSG_NEWFLOWTABLE:
		re_flowtable(rs, nlh);
		break;
	case NFT_MSG_NEWSET:
		re_set(rs, nlh);
		break;
	case NFT_MSG_NEWSETELEM:
		re_elems(rs, nlh);
		break;
	case NFT_MSG_NEWRULE:
		re_rule(rs, nlh);
		break;
	default:
		break;
	}
}

static void re_table_all(struct restorer *rs)
{
	const struct snap_table *t = &rs->s->t[rs->table];
	size_t off;

	/* gone whatever it holds, even if it does not exist */
	table_by_name(rs, NFT_MSG_NEWTABLE);
	table_by_name(rs, NFT_MSG_DELTABLE);
	for (off = 0; t->exists && off < t->len && !rs->err;) {
		const struct nlmsghdr *nlh =
			(const struct nlmsghdr *)(t->msgs + off);

		re_msg(rs, nlh);
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
}

struct restore_err {
	struct nfc_backend *b;
	const struct restorer *rs;
	bool reported;
};

static const char *what(uint16_t type)
{
	switch (type) {
	case NFT_MSG_NEWCHAIN:
		return "a chain";
	case NFT_MSG_NEWRULE:
		return "a rule";
	case NFT_MSG_NEWSET:
		return "a set";
	case NFT_MSG_NEWSETELEM:
		return "set elements";
	case NFT_MSG_NEWOBJ:
		return "an object";
	case NFT_MSG_NEWFLOWTABLE:
		return "a flowtable";
	default:
		return "the table";
	}
}

static void restore_err(void *arg, uint32_t tag, int err, const char *kmsg)
{
	struct restore_err *re = arg;

	if (re->reported)
		return;
	re->reported = true;
	if (tag < re->rs->nsent)
		snprintf(re->b->err, sizeof(re->b->err),
			 "the kernel refused to put back %s of table `%s': %s%s%s",
			 what(re->rs->sent[tag].type),
			 re->rs->s->t[re->rs->sent[tag].table].name,
			 strerror(-err), kmsg ? ": " : "", kmsg ? kmsg : "");
	else
		snprintf(re->b->err, sizeof(re->b->err),
			 "the kernel refused to put the tables back: %s",
			 strerror(-err));
}

/* The same objects, message for message; the headers (sequence numbers,
 * the generation in nfgenmsg) are the dumps' own and do not count. */
static bool same_table(const struct snap_table *a, const struct snap_table *b)
{
	size_t hdr = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg));
	size_t off;

	if (a->exists != b->exists || a->len != b->len)
		return false;
	for (off = 0; a->exists && off < a->len;) {
		const struct nlmsghdr *x = (const void *)(a->msgs + off);
		const struct nlmsghdr *y = (const void *)(b->msgs + off);

		if (x->nlmsg_len != y->nlmsg_len ||
		    x->nlmsg_type != y->nlmsg_type || x->nlmsg_len < hdr ||
		    memcmp((const char *)x + hdr, (const char *)y + hdr,
			   x->nlmsg_len - hdr) != 0)
			return false;
		off += NLMSG_ALIGN(x->nlmsg_len);
	}
	return true;
}

/*
 * How many of the snapshot's tables are as they were, in content and in
 * their order in the kernel's list (both snapshots list the tables in
 * that order): those stay; the rest are made again, in their old order,
 * so the kernel lists them as before.
 */
static unsigned int same_prefix(const struct nft_snapshot *s,
				const struct nft_snapshot *now)
{
	unsigned int i;

	for (i = 0; i < s->n && i < now->n; i++)
		if (s->t[i].nfproto != now->t[i].nfproto ||
		    strcmp(s->t[i].name, now->t[i].name) != 0 ||
		    !same_table(&s->t[i], &now->t[i]))
			break;
	return i;
}

static void restorer_reset(struct restorer *rs)
{
	unsigned int i;

	nft_batch_free(&rs->bt);
	for (i = 0; i < rs->nanon; i++)
		free(rs->anon[i].name);
	free(rs->anon);
	free(rs->sent);
	rs->anon = NULL;
	rs->sent = NULL;
	rs->nanon = rs->nsent = rs->sent_cap = 0;
	rs->next_id = 0;
	rs->err = 0;
}

/* One attempt: compare with the tables as they are now, and send the
 * ones that differ, guarded by the generation they were read at. */
static int restore_once(struct nfc_backend *b, struct nft_nl *nl,
			struct restorer *rs, struct restore_err *re)
{
	const struct nft_snapshot *s = rs->s;
	struct nft_table_id *ids = calloc(s->n + 1, sizeof(*ids));
	struct nft_snapshot *now = NULL;
	unsigned int i, changed = 0;
	uint32_t genid;
	int ret = ids ? 0 : -ENOMEM;

	for (i = 0; i < s->n && ids; i++)
		ids[i] = (struct nft_table_id){ s->t[i].nfproto, s->t[i].name };
	if (ret == 0)
		ret = take(b, nl, ids, s->n, &now, &genid);
	if (ret == 0)
		ret = nft_batch_init(&rs->bt, nl);
	for (rs->table = ret == 0 ? same_prefix(s, now) : 0;
	     ret == 0 && rs->table < s->n && !rs->err; rs->table++) {
		re_table_all(rs);
		changed++;
	}
	if (ret == 0)
		ret = rs->err;
	if (ret < 0 && !b->err[0])
		snprintf(b->err, sizeof(b->err),
			 "cannot put the tables back: %s",
			 ret == -EOPNOTSUPP ? "a chain bound to a rule cannot be restored"
					    : strerror(-ret));
	if (ret == 0 && changed)
		ret = nft_batch_send(nl, &rs->bt, genid, true, restore_err, re);
	nft_snapshot_free(now);
	free(ids);
	return ret;
}

int nft_snapshot_restore(struct nfc_backend *b, const struct nft_snapshot *s)
{
	struct nft_nl *nl = session(b);
	struct restorer rs = { .s = s };
	struct restore_err re = { .b = b, .rs = &rs };
	unsigned int attempt;
	int ret = -ERESTART;

	if (!nl)
		return -EINVAL;
	b->err[0] = '\0';
	for (attempt = 0; attempt < SNAP_ATTEMPTS && ret == -ERESTART;
	     attempt++) {
		restorer_reset(&rs);
		ret = restore_once(b, nl, &rs, &re);
	}
	if (ret == -ERESTART)
		snprintf(b->err, sizeof(b->err),
			 "another program kept changing the ruleset: the tables were not put back");
	else if (ret < 0 && !re.reported && !b->err[0])
		snprintf(b->err, sizeof(b->err), "cannot put the tables back: %s",
			 strerror(-ret));
	restorer_reset(&rs);
	return ret;
}

/* -------------------------------------------------------------------- */
/* Files */

struct file_table {
	uint8_t nfproto, exists;
	uint16_t namelen;
	uint32_t pad;
	uint64_t len;
};

int nft_snapshot_write(const struct nft_snapshot *s, int fd)
{
	uint32_t n = s->n;
	unsigned int i;
	int ret = fd_write_all(fd, SNAP_MAGIC, sizeof(SNAP_MAGIC) - 1);

	if (ret == 0)
		ret = fd_write_all(fd, &n, sizeof(n));
	for (i = 0; i < s->n && ret == 0; i++) {
		const struct snap_table *t = &s->t[i];
		struct file_table ft = { t->nfproto, t->exists,
					 (uint16_t)strlen(t->name), 0, t->len };

		ret = fd_write_all(fd, &ft, sizeof(ft));
		if (ret == 0)
			ret = fd_write_all(fd, t->name, ft.namelen);
		if (ret == 0 && t->len)
			ret = fd_write_all(fd, t->msgs, t->len);
	}
	return ret;
}

/* The file must be what nft_snapshot_write wrote: every message whole. */
static bool msgs_ok(const unsigned char *p, size_t len)
{
	size_t off = 0;

	while (off + sizeof(struct nlmsghdr) <= len) {
		const struct nlmsghdr *nlh = (const void *)(p + off);

		if (nlh->nlmsg_len < sizeof(*nlh) ||
		    NLMSG_ALIGN(nlh->nlmsg_len) > len - off)
			return false;
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	return off == len;
}

int nft_snapshot_read(int fd, struct nft_snapshot **out)
{
	char magic[sizeof(SNAP_MAGIC) - 1];
	struct nft_snapshot *s = NULL;
	uint32_t n;
	unsigned int i;
	int ret;

	*out = NULL;
	ret = fd_read_all(fd, magic, sizeof(magic));
	if (ret == 0 && memcmp(magic, SNAP_MAGIC, sizeof(magic)) != 0)
		ret = -EPROTO;
	if (ret == 0)
		ret = fd_read_all(fd, &n, sizeof(n));
	if (ret == 0 && n > 4096)
		ret = -EPROTO;
	if (ret == 0 && (!(s = calloc(1, sizeof(*s))) ||
			 !(s->t = calloc(n ? n : 1, sizeof(*s->t)))))
		ret = -ENOMEM;
	for (i = 0; ret == 0 && i < n; i++) {
		struct snap_table *t = &s->t[i];
		struct file_table ft;

		s->n = i + 1;
		ret = fd_read_all(fd, &ft, sizeof(ft));
		if (ret == 0 && (ft.namelen >= sizeof(t->name) ||
				 ft.len > SIZE_MAX / 2))
			ret = -EPROTO;
		if (ret == 0)
			ret = fd_read_all(fd, t->name, ft.namelen);
		t->nfproto = ft.nfproto;
		t->exists = ft.exists;
		t->len = t->cap = (size_t)ft.len;
		if (ret == 0 && t->len && !(t->msgs = malloc(t->len)))
			ret = -ENOMEM;
		if (ret == 0 && t->len)
			ret = fd_read_all(fd, t->msgs, t->len);
		if (ret == 0 && !msgs_ok(t->msgs, t->len))
			ret = -EPROTO;
	}
	if (ret < 0) {
		nft_snapshot_free(s);
		return ret;
	}
	*out = s;
	return 0;
}
