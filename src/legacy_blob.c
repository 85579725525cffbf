// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/netfilter.h>

#include "arena.h"
#include "bigbuf.h"
#include "blobmem.h"
#include "legacy_blob.h"

/* The replace, getinfo, get_entries and counters structures of the two
 * families differ only in the type of their trailing entries. */
_Static_assert(sizeof(struct ipt_replace) == sizeof(struct ip6t_replace),
	       "ipt_replace layout");
_Static_assert(offsetof(struct ipt_replace, entries) ==
		       offsetof(struct ip6t_replace, entries),
	       "ipt_replace layout");
_Static_assert(sizeof(struct ipt_getinfo) == sizeof(struct ip6t_getinfo),
	       "ipt_getinfo layout");
_Static_assert(offsetof(struct ipt_get_entries, entrytable) ==
		       offsetof(struct ip6t_get_entries, entrytable),
	       "ipt_get_entries layout");

/* An ERROR entry: a user chain's head, or the table's end. */
#define ERROR_TARGET_SIZE XT_ALIGN(sizeof(struct xt_error_target))
/* A standard target: verdicts, jumps, chain policies and RETURNs. */
#define STD_TARGET_SIZE XT_ALIGN(sizeof(struct xt_standard_target))
/* The name of the table's last entry, as iptables writes it. */
#define END_ERROR_NAME "ERROR"
/* Room for a message of a nested step. */
#define ERR_MAX 256
/* A concurrent change makes the kernel refuse a replace with EAGAIN
 * (num_counters no longer matches); read the size again this often. */
#define REPLACE_ATTEMPTS 3

static const char *const hook_names[NF_INET_NUMHOOKS] = {
	[NF_INET_PRE_ROUTING] = "PREROUTING",
	[NF_INET_LOCAL_IN] = "INPUT",
	[NF_INET_FORWARD] = "FORWARD",
	[NF_INET_LOCAL_OUT] = "OUTPUT",
	[NF_INET_POST_ROUTING] = "POSTROUTING",
};

/* What differs between iptables and ip6tables at this level. */
struct fam {
	int af, level;
	size_t hdr; /* sizeof(struct ipt_entry) or ip6t_entry */
	size_t target_off, next_off, counters_off;
	int so_replace, so_counters, so_info, so_entries;
};

static const struct fam fam4 = {
	AF_INET,
	IPPROTO_IP,
	sizeof(struct ipt_entry),
	offsetof(struct ipt_entry, target_offset),
	offsetof(struct ipt_entry, next_offset),
	offsetof(struct ipt_entry, counters),
	IPT_SO_SET_REPLACE,
	IPT_SO_SET_ADD_COUNTERS,
	IPT_SO_GET_INFO,
	IPT_SO_GET_ENTRIES,
};

static const struct fam fam6 = {
	AF_INET6,
	IPPROTO_IPV6,
	sizeof(struct ip6t_entry),
	offsetof(struct ip6t_entry, target_offset),
	offsetof(struct ip6t_entry, next_offset),
	offsetof(struct ip6t_entry, counters),
	IP6T_SO_SET_REPLACE,
	IP6T_SO_SET_ADD_COUNTERS,
	IP6T_SO_GET_INFO,
	IP6T_SO_GET_ENTRIES,
};

static const struct fam *fam_of(enum nfc_family family)
{
	return family == NFC_IPV6 ? &fam6 : &fam4;
}

static uint16_t get16(const unsigned char *e, size_t off)
{
	uint16_t v;

	memcpy(&v, e + off, sizeof(v));
	return v;
}

static void put16(unsigned char *e, size_t off, size_t v)
{
	uint16_t x = (uint16_t)v;

	memcpy(e + off, &x, sizeof(x));
}

static int open_sock(const struct fam *f, char *err, size_t errlen)
{
	int fd = socket(f->af, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);

	if (fd < 0)
		snprintf(err, errlen, "cannot open a raw socket: %s",
			 strerror(errno));
	return fd < 0 ? -errno : fd;
}

/* What the kernel holds now; asking also makes the kernel instantiate
 * the table in this network namespace if it was not yet. */
static int get_info(int fd, const struct fam *f, const char *name,
		    struct ipt_getinfo *info, char *err, size_t errlen)
{
	socklen_t len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	snprintf(info->name, sizeof(info->name), "%s", name);
	if (getsockopt(fd, f->level, f->so_info, info, &len) == 0)
		return 0;
	snprintf(err, errlen, "cannot read table `%s' from the kernel: %s",
		 name,
		 errno == ENOENT ? "no such table (is the module loaded?)" :
		 errno == EPERM ? "permission denied (you must be root)" :
		 strerror(errno));
	return -errno;
}

/* The rules of the blob.  Errors from IPT_SO_SET_REPLACE in words: most
 * come from a check the kernel runs on a match or target. */
static const char *replace_strerror(int err)
{
	switch (err) {
	case ENOENT:
		return "a match, target or table is unknown to the kernel";
	case ENOPROTOOPT:
		return "the kernel has no x_tables (ip_tables not loaded?)";
	case ENOMEM:
		return "out of memory";
	default:
		return strerror(err);
	}
}

/* ------------------------------------------------------------------ */
/* Image to blob */

struct layout {
	const struct fam *f;
	const struct nfc_table *img;
	struct nfc_chain **order; /* blob order, NULL-terminated */
	/* Builtin chains by hook; NULL where the image lacks one. */
	const struct nfc_chain *hook_chain[NF_INET_NUMHOOKS];
	/* The kernel's policy verdicts, for chains marked policy_kernel. */
	int kernel_policy[NF_INET_NUMHOOKS];
	size_t size;
	unsigned int entries;
	/* Set by the writers when an entry carries counters: the blob is
	 * not read again to find out (it is cold by then). */
	bool *counted;
	/* Rules not in the image's arena (consume): when none, the walk
	 * over the chains that finds them is left out. */
	unsigned int foreign;
	/* On the consume path, the blob's memory, told which pages the
	 * rules have been written to, so that emptied arena chunks move in
	 * under unwritten ones only (blobmem.h); NULL otherwise. */
	struct blobmem *mem;
};

static size_t head_size(const struct fam *f)
{
	return f->hdr + ERROR_TARGET_SIZE;
}

static size_t foot_size(const struct fam *f)
{
	return f->hdr + STD_TARGET_SIZE;
}

/*
 * Tell the blob's memory where a chain's rules go and when the arena walk
 * writes them (blobmem.h), if it writes them in one go: when the chain's
 * rules lie together in the arena, as in a file that iptables-save wrote.
 * The rules of chains filled in turn, one rule each, are written a few at
 * a time all over the blob; pages moved in for them would sit idle for
 * most of the walk, and the blob plans none.
 */
static void plan_chain(struct blobmem *m, const struct nfc_chain *c,
		       size_t start, size_t len)
{
	const struct nfc_rule *first = c->rules[0];
	const struct nfc_rule *last = c->rules[c->nrules - 1];
	uint64_t from, to;

	if (!(first->flags & NFC_RULE_ARENA) || !(last->flags & NFC_RULE_ARENA))
		return;
	from = arena_order(first);
	to = arena_order(last);
	/* Twice the rules' bytes: their headers in the arena and a chunk
	 * boundary fit in that, other chains' rules in between do not. */
	if (to < from || to - from > 2 * (uint64_t)len)
		return;
	blobmem_plan(m, sizeof(struct ipt_replace) + start, len, from);
}

/*
 * First pass: chain order and offsets.  A chain's scratch becomes the
 * offset of its first entry (a jump lands past a user chain's ERROR
 * head); builtin chains go first,
 * in hook order, then user chains by name, as libiptc orders them.  With
 * place (the consume path), every rule learns its offset too, and the
 * blob's memory gets its plan.
 */
static int layout(struct layout *l, const struct nfc_table *img,
		  struct blobmem *place)
{
	struct nfc_chain **v;
	size_t off = 0, start;
	unsigned int i, j, n = 0;

	memset(l, 0, sizeof(*l));
	l->f = fam_of(img->family);
	l->img = img;
	v = table_sorted_chains(img);
	if (!v)
		return -ENOMEM;
	l->order = v;
	for (i = 0; v[i]; i++) {
		struct nfc_chain *c = v[i];

		c->scratch = (unsigned int)off;
		if (chain_is_builtin(c)) {
			if (c->hook < 0 || c->hook >= NF_INET_NUMHOOKS ||
			    l->hook_chain[c->hook])
				return -EINVAL;
			l->hook_chain[c->hook] = c;
		} else {
			off += head_size(l->f);
			n++;
		}
		start = off;
		for (j = 0; j < c->nrules; j++) {
			struct nfc_rule *r = c->rules[j];

			if (!(r->flags & NFC_RULE_ARENA))
				l->foreign++;
			if (place) {
				r->scratch = (uint32_t)off;
				r->flags |= NFC_RULE_PLACED;
			}
			off += r->size;
		}
		if (place && c->nrules)
			plan_chain(place, c, start, off - start);
		n += c->nrules;
		off += foot_size(l->f);
		n++;
	}
	off += head_size(l->f);
	n++;
	if (off > UINT32_MAX)
		return -E2BIG;
	l->size = off;
	l->entries = n;
	return 0;
}

static void put_error(const struct fam *f, unsigned char *e, const char *name)
{
	struct xt_error_target *t = (void *)(e + f->hdr);

	memset(e, 0, head_size(f));
	put16(e, f->target_off, f->hdr);
	put16(e, f->next_off, head_size(f));
	t->target.u.user.target_size = ERROR_TARGET_SIZE;
	snprintf(t->target.u.user.name, sizeof(t->target.u.user.name), "%s",
		 XT_ERROR_TARGET);
	snprintf(t->errorname, sizeof(t->errorname), "%s", name);
}

static void put_foot(const struct fam *f, unsigned char *e, int verdict,
		     const struct xt_counters *c)
{
	struct xt_standard_target *t = (void *)(e + f->hdr);

	memset(e, 0, foot_size(f));
	put16(e, f->target_off, f->hdr);
	put16(e, f->next_off, foot_size(f));
	memcpy(e + f->counters_off, c, sizeof(*c));
	t->target.u.user.target_size = STD_TARGET_SIZE;
	t->verdict = verdict;
}

static int policy_verdict(const struct layout *l, const struct nfc_chain *c)
{
	if (c->policy_kernel)
		return l->kernel_policy[c->hook];
	return c->policy == NFC_POLICY_DROP ? -NF_DROP - 1 : -NF_ACCEPT - 1;
}

/* The verdict of a rule with a standard target, stored in the image as a
 * name: a verdict label, a chain, or "" (fall through to the next rule). */
static int std_verdict(const struct layout *l, const char *name,
		       size_t next)
{
	const struct nfc_chain *to;

	if (name[0] == '\0')
		return (int)next;
	if (strcmp(name, "ACCEPT") == 0)
		return -NF_ACCEPT - 1;
	if (strcmp(name, "DROP") == 0)
		return -NF_DROP - 1;
	if (strcmp(name, "QUEUE") == 0)
		return -NF_QUEUE - 1;
	if (strcmp(name, "RETURN") == 0)
		return XT_RETURN;
	to = table_find_chain(l->img, name);
	if (!to || chain_is_builtin(to))
		return INT32_MIN;
	return (int)(to->scratch + head_size(l->f));
}

static bool counter_set(const struct xt_counters *c)
{
	return c->pcnt || c->bcnt;
}

/* One rule at its place, its standard target made a kernel verdict. */
static int put_rule(const struct layout *l, unsigned char *entries,
		    const struct nfc_rule *rule, size_t off, const char *chain,
		    char *err, size_t errlen)
{
	const struct fam *f = l->f;
	unsigned char *e = entries + off;
	struct xt_standard_target *t;

	memcpy(e, rule->entry, rule->size);
	if (l->mem)
		blobmem_wrote(l->mem, (size_t)(e - l->mem->base), rule->size);
	if (counter_set((const void *)(e + f->counters_off)))
		*l->counted = true;
	if (!(rule->flags & NFC_RULE_STANDARD))
		return 0;
	t = (void *)(e + get16(e, f->target_off));
	t->verdict = std_verdict(l, rule_jump_name(rule), off + rule->size);
	if (t->verdict == INT32_MIN) {
		snprintf(err, errlen,
			 "chain `%s' jumps to `%s', which is no user-defined chain of table `%s'",
			 chain, rule_jump_name(rule), l->img->name);
		return -ENOENT;
	}
	memset(t->target.u.user.name, 0, sizeof(t->target.u.user.name));
	t->target.u.user.revision = 0;
	return 0;
}

/*
 * Every entry that is not a rule: chain heads and feet, the table's end,
 * and the hook offsets.  Only the offsets of the first pass are used, not
 * the rules, which may be gone by now: writing the frame last keeps a
 * blob with many small chains from being touched all over before its
 * rules arrive.
 */
static void put_frame(const struct layout *l, unsigned char *entries,
		      struct ipt_replace *r)
{
	const struct fam *f = l->f;
	static const struct xt_counters zero;
	size_t off = 0;
	unsigned int i;

	for (i = 0; l->order[i]; i++) {
		const struct nfc_chain *c = l->order[i];
		size_t next = l->order[i + 1] ? l->order[i + 1]->scratch
					       : l->size - head_size(f);

		if (chain_is_builtin(c)) {
			r->hook_entry[c->hook] = (unsigned int)off;
		} else {
			put_error(f, entries + off, c->name);
			off += head_size(f);
		}
		off = next - foot_size(f);
		if (chain_is_builtin(c)) {
			r->underflow[c->hook] = (unsigned int)off;
			if (counter_set(&c->counters))
				*l->counted = true;
			put_foot(f, entries + off, policy_verdict(l, c),
				 &c->counters);
		} else {
			put_foot(f, entries + off, XT_RETURN, &zero);
		}
		off += foot_size(f);
	}
	put_error(f, entries + off, END_ERROR_NAME);
}

/* Second pass: the rules, chain by chain. */
static int put_rules(const struct layout *l, unsigned char *entries,
		     char *err, size_t errlen)
{
	size_t off = 0;
	unsigned int i, j;
	int ret;

	for (i = 0; l->order[i]; i++) {
		const struct nfc_chain *c = l->order[i];

		if (!chain_is_builtin(c))
			off += head_size(l->f);
		for (j = 0; j < c->nrules; j++) {
			ret = put_rule(l, entries, c->rules[j], off, c->name,
				       err, errlen);
			if (ret)
				return ret;
			off += c->rules[j]->size;
		}
		off += foot_size(l->f);
	}
	return 0;
}

/* What the arena walk of put_rules_consume() needs. */
struct consume {
	const struct layout *l;
	unsigned char *entries;
	char *err;
	size_t errlen;
	int ret;
};

static bool consume_rule(void *obj, void *arg)
{
	struct nfc_rule *r = obj;
	struct consume *cs = arg;
	int ret;

	if ((r->flags & (NFC_RULE_DEAD | NFC_RULE_PLACED)) != NFC_RULE_PLACED)
		return false;
	ret = put_rule(cs->l, cs->entries, r, r->scratch, "?", cs->err,
		       cs->errlen);
	if (ret && !cs->ret)
		cs->ret = ret;
	r->flags |= NFC_RULE_DEAD;
	return true;
}

/*
 * Second pass for an image nothing reads afterwards: the rules are copied
 * in the order the arena holds them (each knows its offset from the first
 * pass), so that every arena chunk goes back to the kernel as soon as its
 * rules are in the blob; the rules and the blob are never both resident
 * in full.  Rules from elsewhere follow, chain by chain.  The image is
 * left without rules.
 */
static int put_rules_consume(const struct layout *l, struct nfc_table *img,
			     unsigned char *entries, char *err, size_t errlen)
{
	struct consume cs = { l, entries, err, errlen, 0 };
	unsigned int i, j;
	int ret;

	/* First the others: once the walk is done, the arena rules the
	 * chains point to are gone. */
	for (i = 0; i < img->nchains && l->foreign; i++) {
		struct nfc_chain *c = img->chains[i];

		for (j = 0; j < c->nrules; j++) {
			struct nfc_rule *r = c->rules[j];

			if (r->flags & NFC_RULE_ARENA)
				continue;
			ret = put_rule(l, entries, r, r->scratch, c->name, err,
				       errlen);
			if (ret && !cs.ret)
				cs.ret = ret;
			rule_free(r);
		}
	}
	/* Every rule knows its place now: the chains' arrays can go before
	 * the blob fills up. */
	for (i = 0; i < img->nchains; i++) {
		struct nfc_chain *c = img->chains[i];

		free(c->rules);
		c->rules = NULL;
		c->nrules = c->cap = 0;
	}
	arena_set_reuse(img->own, blobmem_take, l->mem);
	arena_walk(img->own, rule_arena_size, consume_rule, &cs);
	arena_set_reuse(img->own, NULL, NULL);
	return cs.ret;
}

/* The counters to add after the replace: those of every entry of the
 * blob, in order; NULL when none carries any (counted false), which is
 * what a replaced table starts with. */
static struct xt_counters_info *new_counters(const struct fam *f,
					     const struct ipt_replace *r,
					     bool counted, size_t *len,
					     int *ret)
{
	const unsigned char *ent = (const unsigned char *)r->entries;
	struct xt_counters_info *ci;
	size_t off;
	unsigned int k;

	*ret = 0;
	if (!counted)
		return NULL;
	*len = sizeof(*ci) + (size_t)r->num_entries * sizeof(struct xt_counters);
	ci = calloc(1, *len);
	if (!ci) {
		*ret = -ENOMEM;
		return NULL;
	}
	snprintf(ci->name, sizeof(ci->name), "%s", r->name);
	ci->num_counters = r->num_entries;
	for (off = 0, k = 0; off < r->size && k < r->num_entries; k++) {
		memcpy(&ci->counters[k], ent + off + f->counters_off,
		       sizeof(struct xt_counters));
		off += get16(ent + off, f->next_off);
	}
	return ci;
}

/*
 * Hand a complete replace to the kernel.  num_counters must equal the
 * entry count of the table being replaced; a concurrent change makes the
 * kernel answer EAGAIN, and the count is read again.
 */
static int replace(int fd, const struct fam *f, struct ipt_replace *r,
		   size_t len, char *err, size_t errlen)
{
	struct ipt_getinfo info;
	unsigned int attempt;
	int ret = 0;

	for (attempt = 0; attempt < REPLACE_ATTEMPTS; attempt++) {
		struct xt_counters *old;

		ret = get_info(fd, f, r->name, &info, err, errlen);
		if (ret)
			return ret;
		if (info.valid_hooks != r->valid_hooks) {
			snprintf(err, errlen,
				 "table `%s' has other builtin chains in the kernel than in the image",
				 r->name);
			return -EINVAL;
		}
		/* The kernel hands back the old counters here. */
		old = calloc(info.num_entries ? info.num_entries : 1,
			     sizeof(*old));
		if (!old)
			return -ENOMEM;
		r->num_counters = info.num_entries;
		r->counters = old;
		ret = setsockopt(fd, f->level, f->so_replace, r,
				 (socklen_t)len) < 0 ? -errno : 0;
		free(old);
		r->counters = NULL;
		if (ret != -EAGAIN)
			break;
	}
	if (ret)
		snprintf(err, errlen, "%s", replace_strerror(-ret));
	return ret;
}

static int add_counters(int fd, const struct fam *f,
			const struct xt_counters_info *ci, size_t len,
			char *err, size_t errlen)
{
	if (setsockopt(fd, f->level, f->so_counters, ci, (socklen_t)len) == 0)
		return 0;
	snprintf(err, errlen, "the rules are in, but their counters could not be set: %s",
		 strerror(errno));
	return -errno;
}

/* The valid hooks of img's table: those of its builtin chains. */
static unsigned int valid_hooks(const struct layout *l)
{
	unsigned int h, hooks = 0;

	for (h = 0; h < NF_INET_NUMHOOKS; h++)
		if (l->hook_chain[h])
			hooks |= 1u << h;
	return hooks;
}

static int read_entries(int fd, const struct fam *f, const char *name,
			struct ipt_getinfo *info, struct ipt_get_entries **out,
			char *err, size_t errlen);
static int std_verdict_of(const struct fam *f, const unsigned char *e);

/* Chains whose policy the file left to the kernel (ruleset.h) get the
 * verdicts of the table's underflow entries as they are now. */
static int kernel_policies(struct layout *l, int fd, char *err, size_t errlen)
{
	const struct fam *f = l->f;
	struct ipt_get_entries *ge;
	struct ipt_getinfo info;
	unsigned int h;
	bool need = false;
	int ret;

	for (h = 0; h < NF_INET_NUMHOOKS; h++) {
		l->kernel_policy[h] = -NF_ACCEPT - 1;
		need |= l->hook_chain[h] && l->hook_chain[h]->policy_kernel;
	}
	if (!need)
		return 0;
	ret = read_entries(fd, f, l->img->name, &info, &ge, err, errlen);
	if (ret)
		return ret;
	for (h = 0; h < NF_INET_NUMHOOKS; h++) {
		const unsigned char *e =
			(const unsigned char *)ge->entrytable + info.underflow[h];

		if (!(info.valid_hooks & (1u << h)) ||
		    info.underflow[h] + foot_size(f) > info.size)
			continue;
		l->kernel_policy[h] = std_verdict_of(f, e);
	}
	bigbuf_free(ge);
	return 0;
}

/* After a failure past the replace: the table as it was, and the reason
 * why not added to err when it cannot be. */
static void put_back(const struct legacy_raw *old, char *err, size_t errlen)
{
	char why[ERR_MAX];
	size_t n = strlen(err);

	if (legacy_raw_commit(old, why, sizeof(why)) == 0)
		return;
	snprintf(err + n, errlen - n,
		 "; ROLLBACK FAILED: table `%s' could not be put back (%s), it may hold the new rules",
		 legacy_raw_name(old), why);
}

/* A table's replace, built and ready to go to the kernel. */
struct legacy_blob {
	const struct fam *f;
	int fd;
	struct ipt_replace *r; /* in mem */
	struct blobmem mem;
	size_t len;
	struct xt_counters_info *ci; /* NULL: every counter is zero */
	size_t clen;
	struct legacy_raw *old;      /* with ci: to put the table back */
};

void legacy_blob_free(struct legacy_blob *bl)
{
	if (!bl)
		return;
	if (bl->fd >= 0)
		close(bl->fd);
	legacy_raw_free(bl->old);
	free(bl->ci);
	blobmem_free(&bl->mem);
	free(bl);
}

int legacy_blob_build(struct nfc_table *img, struct legacy_blob **out,
		      char *err, size_t errlen)
{
	struct legacy_blob *bl = calloc(1, sizeof(*bl));
	struct layout l = { 0 };
	bool counted = false;
	int ret;

	*out = NULL;
	if (!bl) {
		snprintf(err, errlen, "out of memory building table `%s'",
			 img->name);
		return -ENOMEM;
	}
	bl->fd = -1;
	blobmem_init(&bl->mem);
	ret = layout(&l, img, img->consume ? &bl->mem : NULL);
	if (ret) {
		snprintf(err, errlen, "%s", ret == -EINVAL
			 ? "a builtin chain appears twice" : strerror(-ret));
		goto out;
	}
	l.counted = &counted;
	bl->f = l.f;
	bl->len = sizeof(*bl->r) + l.size;
	bl->r = blobmem_alloc(&bl->mem, bl->len);
	if (img->consume)
		l.mem = &bl->mem;
	if (!bl->r) {
		ret = -ENOMEM;
		snprintf(err, errlen, "out of memory building table `%s'",
			 img->name);
		goto out;
	}
	memset(bl->r, 0, sizeof(*bl->r));
	snprintf(bl->r->name, sizeof(bl->r->name), "%s", img->name);
	bl->r->valid_hooks = valid_hooks(&l);
	bl->r->num_entries = l.entries;
	bl->r->size = (unsigned int)l.size;
	bl->fd = open_sock(l.f, err, errlen);
	if (bl->fd < 0) {
		ret = bl->fd;
		goto out;
	}
	ret = kernel_policies(&l, bl->fd, err, errlen);
	if (ret)
		goto out;
	if (img->consume)
		ret = put_rules_consume(&l, img, (unsigned char *)bl->r->entries,
					err, errlen);
	else
		ret = put_rules(&l, (unsigned char *)bl->r->entries, err,
				errlen);
	if (ret)
		goto out;
	put_frame(&l, (unsigned char *)bl->r->entries, bl->r);
	bl->ci = new_counters(l.f, bl->r, counted, &bl->clen, &ret);
	if (ret) {
		snprintf(err, errlen, "out of memory building table `%s'",
			 img->name);
		goto out;
	}
	/* The counters go in a second call, after the table is replaced:
	 * should that one fail, the old table must come back. */
	if (bl->ci)
		ret = legacy_raw_read(img->family, img->name, &bl->old, err,
				      errlen);
out:
	free(l.order);
	if (ret) {
		legacy_blob_free(bl);
		return ret;
	}
	*out = bl;
	return 0;
}

int legacy_blob_apply(struct legacy_blob *bl, char *err, size_t errlen)
{
	int ret = replace(bl->fd, bl->f, bl->r, bl->len, err, errlen);

	if (ret == 0 && bl->ci) {
		ret = add_counters(bl->fd, bl->f, bl->ci, bl->clen, err, errlen);
		if (ret)
			put_back(bl->old, err, errlen);
	}
	return ret;
}

/* ------------------------------------------------------------------ */
/* Kernel to blob and back */

struct legacy_raw {
	enum nfc_family family;
	struct ipt_getinfo info;
	struct ipt_get_entries *ge; /* the entries, counters included */
};

/* The table's entries as the kernel gives them; retried when the table
 * changes size between the two calls. */
static int read_entries(int fd, const struct fam *f, const char *name,
			struct ipt_getinfo *info, struct ipt_get_entries **out,
			char *err, size_t errlen)
{
	unsigned int attempt;
	int ret = 0;

	*out = NULL;
	for (attempt = 0; attempt < REPLACE_ATTEMPTS; attempt++) {
		struct ipt_get_entries *ge;
		socklen_t len;

		ret = get_info(fd, f, name, info, err, errlen);
		if (ret)
			return ret;
		len = (socklen_t)(sizeof(*ge) + info->size);
		ge = bigbuf_alloc(len);
		if (!ge)
			return -ENOMEM;
		memset(ge, 0, sizeof(*ge));
		snprintf(ge->name, sizeof(ge->name), "%s", name);
		ge->size = info->size;
		if (getsockopt(fd, f->level, f->so_entries, ge, &len) == 0) {
			*out = ge;
			return 0;
		}
		ret = -errno;
		bigbuf_free(ge);
		if (ret != -EAGAIN)
			break;
	}
	snprintf(err, errlen, "cannot read the rules of table `%s': %s", name,
		 strerror(-ret));
	return ret;
}

int legacy_raw_read(enum nfc_family family, const char *name,
		    struct legacy_raw **out, char *err, size_t errlen)
{
	const struct fam *f = fam_of(family);
	struct legacy_raw *raw = calloc(1, sizeof(*raw));
	int fd, ret;

	*out = NULL;
	if (!raw)
		return -ENOMEM;
	raw->family = family;
	fd = open_sock(f, err, errlen);
	if (fd < 0) {
		free(raw);
		return fd;
	}
	ret = read_entries(fd, f, name, &raw->info, &raw->ge, err, errlen);
	close(fd);
	if (ret) {
		free(raw);
		return ret;
	}
	*out = raw;
	return 0;
}

const char *legacy_raw_name(const struct legacy_raw *raw)
{
	return raw->info.name;
}

int legacy_raw_commit(const struct legacy_raw *raw, char *err, size_t errlen)
{
	const struct fam *f = fam_of(raw->family);
	const unsigned char *ent = (const unsigned char *)raw->ge->entrytable;
	struct xt_counters_info *ci = NULL;
	struct ipt_replace *r;
	size_t len = sizeof(*r) + raw->info.size, clen, off;
	unsigned int h, k;
	bool any = false;
	int fd, ret;

	r = malloc(len);
	if (!r)
		return -ENOMEM;
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", raw->info.name);
	r->valid_hooks = raw->info.valid_hooks;
	r->num_entries = raw->info.num_entries;
	r->size = raw->info.size;
	for (h = 0; h < NF_INET_NUMHOOKS; h++) {
		r->hook_entry[h] = raw->info.hook_entry[h];
		r->underflow[h] = raw->info.underflow[h];
	}
	memcpy(r->entries, ent, raw->info.size);
	/* The kernel gave each entry's counters in place. */
	clen = sizeof(*ci) + (size_t)raw->info.num_entries *
				     sizeof(struct xt_counters);
	ci = calloc(1, clen);
	if (!ci) {
		free(r);
		return -ENOMEM;
	}
	snprintf(ci->name, sizeof(ci->name), "%s", raw->info.name);
	ci->num_counters = raw->info.num_entries;
	for (off = 0, k = 0; off < raw->info.size && k < ci->num_counters;
	     k++) {
		memcpy(&ci->counters[k], ent + off + f->counters_off,
		       sizeof(struct xt_counters));
		any |= counter_set(&ci->counters[k]);
		off += get16(ent + off, f->next_off);
	}
	fd = open_sock(f, err, errlen);
	ret = fd < 0 ? fd : replace(fd, f, r, len, err, errlen);
	if (ret == 0 && any)
		ret = add_counters(fd, f, ci, clen, err, errlen);
	if (fd >= 0)
		close(fd);
	free(ci);
	free(r);
	return ret;
}

void legacy_raw_free(struct legacy_raw *raw)
{
	if (!raw)
		return;
	bigbuf_free(raw->ge);
	free(raw);
}

/* ------------------------------------------------------------------ */
/* Blob to image */

/* Where a chain's entries lie, to find the chain a jump lands in. */
struct span {
	size_t head, foot;
	struct nfc_chain *c;
};

struct reader {
	const struct fam *f;
	const struct ipt_getinfo *info;
	const unsigned char *ent;
	struct nfc_table *t;
	struct span *spans;
	unsigned int nspans;
	struct nfc_chain *cur;
	size_t cur_head, last_off; /* offset of cur's last entry so far */
	size_t pos; /* the entry being read: those before it are done with */
	unsigned char *give_from; /* the first page not given to the arena */
};

static const char *target_name(const struct fam *f, const unsigned char *e)
{
	const struct xt_entry_target *t = (const void *)(e + get16(e, f->target_off));

	return t->u.user.name;
}

static int std_verdict_of(const struct fam *f, const unsigned char *e)
{
	const struct xt_standard_target *t = (const void *)(e + get16(e, f->target_off));

	return t->verdict;
}

/* The chain's last entry is its policy or RETURN: it leaves the rules. */
static void close_chain(struct reader *rd)
{
	struct nfc_chain *c = rd->cur;
	const unsigned char *e;
	int v;

	if (!c)
		return;
	rd->spans[rd->nspans].head = rd->cur_head;
	rd->spans[rd->nspans].foot = rd->last_off;
	rd->spans[rd->nspans].c = c;
	rd->nspans++;
	rd->cur = NULL;
	if (!c->nrules)
		return;
	e = c->rules[c->nrules - 1]->entry;
	if (chain_is_builtin(c)) {
		v = std_verdict_of(rd->f, e);
		c->policy = v == -NF_DROP - 1 ? NFC_POLICY_DROP
					      : NFC_POLICY_ACCEPT;
		memcpy(&c->counters, e + rd->f->counters_off,
		       sizeof(c->counters));
	}
	rule_free(c->rules[c->nrules - 1]);
	c->nrules--;
}

static int hook_at(const struct reader *rd, size_t off)
{
	unsigned int h;

	for (h = 0; h < NF_INET_NUMHOOKS; h++)
		if ((rd->info->valid_hooks & (1u << h)) &&
		    rd->info->hook_entry[h] == off)
			return (int)h;
	return -1;
}

static int open_chain(struct reader *rd, const char *name, int hook,
		      size_t off)
{
	close_chain(rd);
	rd->cur = table_add_chain(rd->t, name, hook);
	if (!rd->cur)
		return -ENOMEM;
	rd->cur_head = off;
	if (hook >= 0)
		rd->cur->policy = NFC_POLICY_ACCEPT;
	return 0;
}

static int add_entry(struct reader *rd, const unsigned char *e, size_t off)
{
	uint16_t size = get16(e, rd->f->next_off);
	struct nfc_rule *r = rule_new_in(rd->t->own, rd->t->family, e, size,
					 NULL);

	if (!r)
		return -ENOMEM;
	/* Offsets for now; named once every chain is known. */
	if (target_name(rd->f, e)[0] == '\0')
		r->flags |= NFC_RULE_STANDARD;
	if (chain_insert_rule(rd->cur, rd->cur->nrules, r) < 0) {
		rule_free(r);
		return -ENOMEM;
	}
	rd->last_off = off;
	return 0;
}

static const struct span *span_of(const struct reader *rd, size_t off)
{
	unsigned int lo = 0, hi = rd->nspans;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (off < rd->spans[mid].head)
			hi = mid;
		else if (off > rd->spans[mid].foot)
			lo = mid + 1;
		else
			return &rd->spans[mid];
	}
	return NULL;
}

/* Standard targets named as parsed rules name them: a verdict label, the
 * chain a jump lands in, or "" for a fall-through. */
static int name_targets(struct reader *rd)
{
	unsigned int i, j;

	for (i = 0; i < rd->nspans; i++) {
		struct nfc_chain *c = rd->spans[i].c;
		size_t off = rd->spans[i].head;

		if (!chain_is_builtin(c))
			off += head_size(rd->f);
		for (j = 0; j < c->nrules; j++) {
			struct nfc_rule *r = c->rules[j];
			struct xt_standard_target *st;
			const struct span *to;
			const char *name;
			int v;

			off += r->size;
			if (!(r->flags & NFC_RULE_STANDARD))
				continue;
			st = (void *)rule_target(r);
			v = st->verdict;
			if (v == -NF_ACCEPT - 1)
				name = "ACCEPT";
			else if (v == -NF_DROP - 1)
				name = "DROP";
			else if (v == -NF_QUEUE - 1)
				name = "QUEUE";
			else if (v == XT_RETURN)
				name = "RETURN";
			else if (v >= 0 && (size_t)v == off)
				name = "";
			else if (v >= 0 && (to = span_of(rd, (size_t)v)))
				name = to->c->name;
			else
				return -EINVAL;
			st->verdict = 0;
			rule_set_jump_name(r, name);
		}
	}
	return 0;
}

static int parse_blob(struct reader *rd, size_t size)
{
	size_t off = 0;
	int ret = 0, hook;

	while (off < size && ret == 0) {
		const unsigned char *e = rd->ent + off;
		uint16_t next = get16(e, rd->f->next_off);

		rd->pos = off;
		if (next < rd->f->hdr || off + next > size)
			return -EINVAL;
		if (off + next == size) {
			close_chain(rd); /* the table's closing ERROR entry */
			break;
		}
		if (strcmp(target_name(rd->f, e), XT_ERROR_TARGET) == 0) {
			const struct xt_error_target *t =
				(const void *)(e + get16(e, rd->f->target_off));
			char name[NFC_NAME_MAX];

			snprintf(name, sizeof(name), "%.*s",
				 (int)sizeof(t->errorname), t->errorname);
			ret = open_chain(rd, name, -1, off);
		} else {
			hook = hook_at(rd, off);
			if (hook >= 0)
				ret = open_chain(rd, hook_names[hook], hook, off);
			if (ret == 0 && rd->cur)
				ret = add_entry(rd, e, off);
		}
		off += next;
	}
	return ret ? ret : name_targets(rd);
}

/* The pages of the kernel's copy that the reader is past, for the arena
 * that the rules are copied into (arena_set_donor). */
static bool give_read_pages(size_t len, void **mem, void *arg)
{
	struct reader *rd = arg;

	if (rd->give_from + len > rd->ent + rd->pos)
		return false;
	*mem = rd->give_from;
	rd->give_from += len;
	return true;
}

/*
 * The image of a table the kernel gave as info and ge.  With spend, ge
 * is freed right after: the pages decoding has read are moved under the
 * table's arena instead of new ones, so that the table is resident once,
 * not twice (a 50k-rule save peaked at 15 MiB instead of 25).
 */
static int decode(enum nfc_family family, const char *name,
		  const struct ipt_getinfo *info, struct ipt_get_entries *ge,
		  bool spend, struct nfc_table **out, char *err, size_t errlen)
{
	struct reader rd = { .f = fam_of(family), .info = info };
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	int ret;

	*out = NULL;
	rd.ent = (const unsigned char *)ge->entrytable;
	rd.t = table_new(family, name);
	if (rd.t)
		rd.t->own = arena_new();
	/* A table read back is as big as the kernel's copy: page faults
	 * were a tenth of a 50k-rule save. */
	if (rd.t && rd.t->own)
		arena_set_huge(rd.t->own);
	/* At most one chain per entry. */
	rd.spans = calloc(info->num_entries ? info->num_entries : 1,
			  sizeof(*rd.spans));
	if (!rd.t || !rd.spans || !rd.t->own) {
		ret = -ENOMEM;
	} else {
		if (spend && bigbuf_mapped(ge)) {
			rd.give_from =
				(unsigned char *)(((uintptr_t)ge + page) &
						  ~(uintptr_t)(page - 1));
			arena_set_donor(rd.t->own, give_read_pages, &rd);
		}
		ret = parse_blob(&rd, info->size);
		arena_set_donor(rd.t->own, NULL, NULL);
	}
	free(rd.spans);
	if (ret) {
		snprintf(err, errlen, ret == -ENOMEM
			 ? "out of memory reading `%s'"
			 : "table `%s' in the kernel is not laid out as iptables lays tables out",
			 name);
		table_free(rd.t);
		return ret;
	}
	*out = rd.t;
	return 0;
}

int legacy_blob_read(enum nfc_family family, const char *name,
		     struct nfc_table **out, char *err, size_t errlen)
{
	const struct fam *f = fam_of(family);
	struct ipt_get_entries *ge = NULL;
	struct ipt_getinfo info;
	int fd, ret;

	*out = NULL;
	fd = open_sock(f, err, errlen);
	if (fd < 0)
		return fd;
	ret = read_entries(fd, f, name, &info, &ge, err, errlen);
	close(fd);
	if (ret)
		return ret;
	ret = decode(family, name, &info, ge, true, out, err, errlen);
	bigbuf_free(ge);
	return ret;
}

int legacy_raw_decode(const struct legacy_raw *raw, struct nfc_table **out,
		      char *err, size_t errlen)
{
	return decode(raw->family, raw->info.name, &raw->info, raw->ge, false,
		      out, err, errlen);
}
