// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The legacy backend: x_tables through libiptc.  The kernel swaps a whole
 * table per setsockopt, so a file of several tables is made all-or-nothing
 * here: every table is read before the first replace, and when a later
 * replace fails the earlier tables are put back from those images.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libiptc/libiptc.h>
#include <libiptc/libip6tc.h>

#include "backend.h"

/* libiptc has one API per family with different entry types; these thin
 * wrappers give both the same shape. */
struct tc_ops {
	const char *names_file;
	struct xtc_handle *(*init)(const char *table);
	void (*free)(struct xtc_handle *h);
	const char *(*first_chain)(struct xtc_handle *h);
	const char *(*next_chain)(struct xtc_handle *h);
	const void *(*first_rule)(const char *chain, struct xtc_handle *h);
	const void *(*next_rule)(const void *e, struct xtc_handle *h);
	const char *(*get_target)(const void *e, struct xtc_handle *h);
	int (*builtin)(const char *chain, struct xtc_handle *h);
	const char *(*get_policy)(const char *chain, struct xt_counters *c,
				  struct xtc_handle *h);
	int (*append)(const char *chain, const void *e, struct xtc_handle *h);
	int (*flush)(const char *chain, struct xtc_handle *h);
	int (*create_chain)(const char *chain, struct xtc_handle *h);
	int (*delete_chain)(const char *chain, struct xtc_handle *h);
	int (*set_policy)(const char *chain, const char *policy,
			  struct xt_counters *c, struct xtc_handle *h);
	int (*commit)(struct xtc_handle *h);
	const char *(*strerror)(int err);
};

#define TC_WRAPPERS(pfx, entry)                                               \
	static const void *pfx##_w_first_rule(const char *c,                  \
					      struct xtc_handle *h)           \
	{                                                                     \
		return pfx##_first_rule(c, h);                                \
	}                                                                     \
	static const void *pfx##_w_next_rule(const void *e,                   \
					     struct xtc_handle *h)            \
	{                                                                     \
		return pfx##_next_rule((const struct entry *)e, h);           \
	}                                                                     \
	static const char *pfx##_w_get_target(const void *e,                  \
					      struct xtc_handle *h)           \
	{                                                                     \
		return pfx##_get_target((const struct entry *)e, h);          \
	}                                                                     \
	static int pfx##_w_append(const char *c, const void *e,               \
				  struct xtc_handle *h)                       \
	{                                                                     \
		return pfx##_append_entry(c, (const struct entry *)e, h);     \
	}

TC_WRAPPERS(iptc, ipt_entry)
TC_WRAPPERS(ip6tc, ip6t_entry)

static const struct tc_ops tc4 = {
	"/proc/net/ip_tables_names", iptc_init, iptc_free, iptc_first_chain,
	iptc_next_chain, iptc_w_first_rule, iptc_w_next_rule,
	iptc_w_get_target, iptc_builtin, iptc_get_policy, iptc_w_append,
	iptc_flush_entries, iptc_create_chain, iptc_delete_chain,
	iptc_set_policy, iptc_commit, iptc_strerror,
};

static const struct tc_ops tc6 = {
	"/proc/net/ip6_tables_names", ip6tc_init, ip6tc_free,
	ip6tc_first_chain, ip6tc_next_chain, ip6tc_w_first_rule,
	ip6tc_w_next_rule, ip6tc_w_get_target, ip6tc_builtin,
	ip6tc_get_policy, ip6tc_w_append, ip6tc_flush_entries,
	ip6tc_create_chain, ip6tc_delete_chain, ip6tc_set_policy,
	ip6tc_commit, ip6tc_strerror,
};

static const struct tc_ops *tc(enum nfc_family family)
{
	return family == NFC_IPV6 ? &tc6 : &tc4;
}

static int legacy_list_tables(struct nfc_backend *b, enum nfc_family family,
			      char (*names)[NFC_NAME_MAX], unsigned int max,
			      unsigned int *n)
{
	FILE *f = fopen(tc(family)->names_file, "re");
	char line[NFC_NAME_MAX + 2];

	*n = 0;
	if (!f) {
		if (errno == ENOENT)
			return 0; /* x_tables not loaded: no tables */
		snprintf(b->err, sizeof(b->err), "cannot read %s: %s",
			 tc(family)->names_file, strerror(errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), f) && *n < max) {
		line[strcspn(line, "\n")] = '\0';
		snprintf(names[(*n)++], NFC_NAME_MAX, "%.*s", NFC_NAME_MAX - 1, line);
	}
	fclose(f);
	return 0;
}

static struct xtc_handle *open_handle(struct nfc_backend *b,
				      enum nfc_family family, const char *name)
{
	struct xtc_handle *h = tc(family)->init(name);

	if (!h)
		snprintf(b->err, sizeof(b->err),
			 "cannot read table `%s' from the kernel: %s", name,
			 tc(family)->strerror(errno));
	return h;
}

/* Copy one kernel entry into the model, naming its standard target the
 * way a parsed rule names it. */
static struct nfc_rule *import_rule(enum nfc_family family, const void *e,
				    struct xtc_handle *h)
{
	uint16_t size = family == NFC_IPV6
		? ((const struct ip6t_entry *)e)->next_offset
		: ((const struct ipt_entry *)e)->next_offset;
	struct nfc_rule *r = rule_new(family, e, size, NULL);
	struct xt_entry_target *t;

	if (!r)
		return NULL;
	t = rule_target(r);
	if (t->u.user.name[0] == '\0') {
		struct xt_standard_target *st = (void *)t;

		r->flags |= NFC_RULE_STANDARD;
		st->verdict = 0;
		rule_set_jump_name(r, tc(family)->get_target(e, h));
	}
	return r;
}

static int import_chain(enum nfc_family family, struct nfc_table *t,
			const char *name, struct xtc_handle *h)
{
	int hook = tc(family)->builtin(name, h);
	struct nfc_chain *c = table_add_chain(t, name, hook ? hook - 1 : -1);
	const void *e;

	if (!c)
		return -ENOMEM;
	if (hook) {
		const char *pol = tc(family)->get_policy(name, &c->counters, h);

		c->policy = pol && strcmp(pol, "DROP") == 0 ? NFC_POLICY_DROP
							    : NFC_POLICY_ACCEPT;
	}
	for (e = tc(family)->first_rule(name, h); e; e = tc(family)->next_rule(e, h)) {
		struct nfc_rule *r = import_rule(family, e, h);

		if (!r || chain_insert_rule(c, c->nrules, r) < 0) {
			rule_free(r);
			return -ENOMEM;
		}
	}
	return 0;
}

static int legacy_read_table(struct nfc_backend *b, enum nfc_family family,
			     const char *name, struct nfc_table **out)
{
	struct xtc_handle *h = open_handle(b, family, name);
	struct nfc_table *t;
	const char *chain;
	int ret = 0;

	*out = NULL;
	if (!h)
		return -ENOENT;
	t = table_new(family, name);
	if (!t) {
		tc(family)->free(h);
		return -ENOMEM;
	}
	for (chain = tc(family)->first_chain(h); chain && ret == 0;
	     chain = tc(family)->next_chain(h))
		ret = import_chain(family, t, chain, h);
	tc(family)->free(h);
	if (ret < 0) {
		snprintf(b->err, sizeof(b->err), "out of memory reading `%s'",
			 name);
		table_free(t);
		return ret;
	}
	*out = t;
	return 0;
}

/* Empty a handle: every rule, then every user chain (jumps are gone by
 * then, so no chain is still referenced). */
static int wipe(enum nfc_family family, struct xtc_handle *h)
{
	const char *c;
	char **names = NULL;
	unsigned int n = 0, cap = 0, i;
	int ret = 0;

	for (c = tc(family)->first_chain(h); c; c = tc(family)->next_chain(h)) {
		if (n == cap) {
			char **v;

			cap = cap ? cap * 2 : 16;
			v = realloc(names, cap * sizeof(*v));
			if (!v) {
				ret = -ENOMEM;
				goto out;
			}
			names = v;
		}
		names[n] = strdup(c);
		if (!names[n]) {
			ret = -ENOMEM;
			goto out;
		}
		n++;
	}
	for (i = 0; i < n && ret == 0; i++)
		if (!tc(family)->flush(names[i], h))
			ret = -errno;
	for (i = 0; i < n && ret == 0; i++)
		if (!tc(family)->builtin(names[i], h) &&
		    !tc(family)->delete_chain(names[i], h))
			ret = -errno;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ret;
}

static int fill(struct xtc_handle *h, const struct nfc_table *img)
{
	enum nfc_family family = img->family;
	unsigned int i, j;

	for (i = 0; i < img->nchains; i++)
		if (!chain_is_builtin(img->chains[i]) &&
		    !tc(family)->create_chain(img->chains[i]->name, h))
			return -errno;
	for (i = 0; i < img->nchains; i++) {
		struct nfc_chain *c = img->chains[i];

		if (chain_is_builtin(c) &&
		    !tc(family)->set_policy(c->name, policy_name(c->policy),
				       &c->counters, h))
			return -errno;
		for (j = 0; j < c->nrules; j++)
			if (!tc(family)->append(c->name, c->rules[j]->entry, h))
				return -errno;
	}
	return 0;
}

/* Replace one table with img: one setsockopt, atomic in the kernel. */
static int commit_one(struct nfc_backend *b, const struct nfc_table *img)
{
	enum nfc_family family = img->family;
	struct xtc_handle *h = open_handle(b, family, img->name);
	int ret;

	if (!h)
		return -ENOENT;
	ret = wipe(family, h);
	if (ret == 0)
		ret = fill(h, img);
	if (ret == 0 && !tc(family)->commit(h))
		ret = -errno;
	if (ret < 0)
		snprintf(b->err, sizeof(b->err), "%s",
			 tc(family)->strerror(-ret));
	tc(family)->free(h);
	return ret;
}

static void report_commit_error(struct nfc_backend *b,
				const struct nfc_table *img, int err,
				struct nfc_diags *d)
{
	const struct nfc_loc *loc = img->commit_loc.src ? &img->commit_loc
							: &img->loc;
	const char *hint = err == -ELOOP
		? " (a chain jumps back into itself)"
		: err == -EINVAL
		? " (a match or target is not allowed in this table or chain, or the kernel lacks a module)"
		: "";

	diag_add(d, NFC_ERROR, loc->src ? loc : NULL,
		 "the kernel rejected table `%s': %s%s", img->name, b->err,
		 hint);
}

static int legacy_commit(struct nfc_backend *b, struct nfc_table **imgs,
			 unsigned int n, struct nfc_diags *d)
{
	struct nfc_table **snap = calloc(n ? n : 1, sizeof(*snap));
	unsigned int i, j;
	int ret = 0;

	if (!snap)
		return -ENOMEM;
	for (i = 0; i < n && ret == 0; i++)
		ret = legacy_read_table(b, imgs[i]->family, imgs[i]->name,
					&snap[i]);
	if (ret < 0) {
		diag_add(d, NFC_ERROR, NULL, "%s", b->err);
		goto out;
	}
	for (i = 0; i < n; i++) {
		ret = commit_one(b, imgs[i]);
		if (ret == 0)
			continue;
		report_commit_error(b, imgs[i], ret, d);
		for (j = i; j-- > 0;) {
			if (commit_one(b, snap[j]) < 0)
				diag_add(d, NFC_ERROR, NULL,
					 "ROLLBACK FAILED: table `%s' could not be put back (%s); it holds the new rules",
					 snap[j]->name, b->err);
			else
				diag_add(d, NFC_NOTE, NULL,
					 "table `%s' was put back as it was",
					 snap[j]->name);
		}
		break;
	}
out:
	for (i = 0; i < n; i++)
		table_free(snap[i]);
	free(snap);
	return ret;
}

static void legacy_close(struct nfc_backend *b)
{
	(void)b;
}

const struct nfc_backend_ops backend_legacy_ops = {
	.name = "legacy",
	.list_tables = legacy_list_tables,
	.read_table = legacy_read_table,
	.commit = legacy_commit,
	.close = legacy_close,
};
