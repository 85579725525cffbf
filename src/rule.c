// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "rule.h"

static size_t entry_hdr_size(uint8_t family)
{
	return family == NFC_IPV6 ? sizeof(struct ip6t_entry)
				  : sizeof(struct ipt_entry);
}

/* The three fields both entry layouts have, at family-specific offsets. */
static uint16_t entry_target_offset(const struct nfc_rule *r)
{
	if (r->family == NFC_IPV6)
		return ((const struct ip6t_entry *)r->entry)->target_offset;
	return ((const struct ipt_entry *)r->entry)->target_offset;
}

struct nfc_rule *rule_new(enum nfc_family family, const void *entry,
			  size_t size, const struct nfc_loc *loc)
{
	return rule_new_in(NULL, family, entry, size, loc);
}

struct nfc_rule *rule_new_in(struct nfc_arena *a, enum nfc_family family,
			     const void *entry, size_t size,
			     const struct nfc_loc *loc)
{
	struct nfc_rule *r;

	if (size > UINT16_MAX || size < entry_hdr_size(family))
		return NULL;
	r = a ? arena_alloc(a, sizeof(*r) + size) : malloc(sizeof(*r) + size);
	if (!r)
		return NULL;
	memset(r, 0, sizeof(*r));
	if (a)
		r->flags = NFC_RULE_ARENA;
	r->family = (uint8_t)family;
	r->size = (uint16_t)size;
	memcpy(r->entry, entry, size);
	if (loc)
		r->loc = *loc;
	return r;
}

size_t rule_arena_size(const void *obj)
{
	const struct nfc_rule *r = obj;

	return sizeof(*r) + r->size;
}

struct nfc_rule *rule_clone(const struct nfc_rule *r)
{
	struct nfc_rule *c = malloc(sizeof(*r) + r->size);

	if (c) {
		memcpy(c, r, sizeof(*r) + r->size);
		c->flags &= (uint8_t)~(NFC_RULE_ARENA | NFC_RULE_PLACED);
	}
	return c;
}

void rule_free(struct nfc_rule *r)
{
	if (r && (r->flags & NFC_RULE_ARENA)) {
		/* Arena memory stays mapped until its chunk empties: walks
		 * over the arena (legacy_blob.c) must see this one gone. */
		r->flags |= NFC_RULE_DEAD;
		arena_release(r);
	} else
		free(r);
}

struct xt_counters *rule_counters(struct nfc_rule *r)
{
	if (r->family == NFC_IPV6)
		return &((struct ip6t_entry *)r->entry)->counters;
	return &((struct ipt_entry *)r->entry)->counters;
}

const struct xt_counters *rule_counters_const(const struct nfc_rule *r)
{
	return rule_counters((struct nfc_rule *)r);
}

struct xt_entry_target *rule_target(struct nfc_rule *r)
{
	return (struct xt_entry_target *)(r->entry + entry_target_offset(r));
}

const struct xt_entry_target *rule_target_const(const struct nfc_rule *r)
{
	return rule_target((struct nfc_rule *)r);
}

const char *rule_jump_name(const struct nfc_rule *r)
{
	return rule_target_const(r)->u.user.name;
}

bool rule_is_goto(const struct nfc_rule *r)
{
	if (r->family == NFC_IPV6)
		return ((const struct ip6t_entry *)r->entry)->ipv6.flags &
		       IP6T_F_GOTO;
	return ((const struct ipt_entry *)r->entry)->ip.flags & IPT_F_GOTO;
}

void rule_set_jump_name(struct nfc_rule *r, const char *name)
{
	struct xt_entry_target *t = rule_target(r);

	memset(t->u.user.name, 0, sizeof(t->u.user.name));
	strncpy(t->u.user.name, name, sizeof(t->u.user.name) - 1);
}

const struct xt_entry_match *rule_match_first(const struct nfc_rule *r)
{
	size_t off = entry_hdr_size(r->family);

	if (off >= entry_target_offset(r))
		return NULL;
	return (const struct xt_entry_match *)(r->entry + off);
}

const struct xt_entry_match *rule_match_next(const struct nfc_rule *r,
					     const struct xt_entry_match *m)
{
	size_t off = (size_t)((const unsigned char *)m - r->entry);

	if (m->u.match_size == 0)
		return NULL;
	off += m->u.match_size;
	if (off >= entry_target_offset(r))
		return NULL;
	return (const struct xt_entry_match *)(r->entry + off);
}

/* Compare the part of an extension blob that userspace wrote; the rest
 * is kernel scratch (pointers, rate state) that differs once loaded. */
static bool ext_equal(const unsigned char *a, const unsigned char *b,
		      size_t size, size_t usersize)
{
	const struct xt_entry_match *ma = (const void *)a;
	size_t cmp = XT_ALIGN(sizeof(struct xt_entry_match)) + usersize;

	if (memcmp(ma->u.user.name, ((const struct xt_entry_match *)b)->u.user.name,
		   sizeof(ma->u.user.name)) != 0 ||
	    ma->u.user.revision != ((const struct xt_entry_match *)b)->u.user.revision)
		return false;
	if (cmp > size)
		cmp = size;
	return memcmp(a + XT_ALIGN(sizeof(struct xt_entry_match)),
		      b + XT_ALIGN(sizeof(struct xt_entry_match)),
		      cmp - XT_ALIGN(sizeof(struct xt_entry_match))) == 0;
}

bool rule_equal(const struct nfc_rule *a, const struct nfc_rule *b,
		rule_usersize_fn usersize)
{
	const struct xt_entry_match *ma, *mb;
	const struct xt_entry_target *ta, *tb;
	size_t iplen = a->family == NFC_IPV6 ? sizeof(struct ip6t_ip6)
					     : sizeof(struct ipt_ip);

	if (a->family != b->family || a->size != b->size ||
	    entry_target_offset(a) != entry_target_offset(b) ||
	    (a->flags & NFC_RULE_STANDARD) != (b->flags & NFC_RULE_STANDARD))
		return false;
	if (memcmp(a->entry, b->entry, iplen) != 0)
		return false;
	for (ma = rule_match_first(a), mb = rule_match_first(b); ma && mb;
	     ma = rule_match_next(a, ma), mb = rule_match_next(b, mb)) {
		if (ma->u.match_size != mb->u.match_size ||
		    !ext_equal((const void *)ma, (const void *)mb,
			       ma->u.match_size,
			       usersize(a->family, 0, ma->u.user.name,
					ma->u.user.revision, ma->u.match_size)))
			return false;
	}
	if (ma || mb)
		return false;
	ta = rule_target_const(a);
	tb = rule_target_const(b);
	if (ta->u.target_size != tb->u.target_size)
		return false;
	if (a->flags & NFC_RULE_STANDARD)
		return strcmp(ta->u.user.name, tb->u.user.name) == 0;
	return ext_equal((const void *)ta, (const void *)tb, ta->u.target_size,
			 usersize(a->family, 1, ta->u.user.name,
				  ta->u.user.revision, ta->u.target_size));
}

bool is_verdict_label(const char *name)
{
	/* asked for every rule's target: one strcmp, not four */
	switch (name[0]) {
	case 'A':
		return strcmp(name, "ACCEPT") == 0;
	case 'D':
		return strcmp(name, "DROP") == 0;
	case 'Q':
		return strcmp(name, "QUEUE") == 0;
	case 'R':
		return strcmp(name, "RETURN") == 0;
	default:
		return false;
	}
}
