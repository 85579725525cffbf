// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extcache.h"
#include "nfcommit.h"

/* Tables stay at most three quarters full, so that probes end. */
#define FULL(n, size) (4 * ((n) + 1) > 3 * (size))

static void *get(const struct extcache_name *tab, const char *name)
{
	uint32_t i = nfc_name_hash(name) & (EXTCACHE_NAMES - 1);

	for (; tab[i].ext; i = (i + 1) & (EXTCACHE_NAMES - 1))
		if (strcmp(tab[i].name, name) == 0)
			return tab[i].ext;
	return NULL;
}

static void put(struct extcache_name *tab, unsigned int *n, const char *name,
		void *ext)
{
	uint32_t i;

	if (FULL(*n, EXTCACHE_NAMES) || strlen(name) >= sizeof(tab->name) ||
	    get(tab, name))
		return;
	i = nfc_name_hash(name) & (EXTCACHE_NAMES - 1);
	while (tab[i].ext)
		i = (i + 1) & (EXTCACHE_NAMES - 1);
	strcpy(tab[i].name, name);
	tab[i].ext = ext;
	(*n)++;
}

struct xtables_match *extcache_match(const struct extcache *c, const char *name)
{
	return get(c->match, name);
}

struct xtables_target *extcache_target(const struct extcache *c,
				       const char *name)
{
	return get(c->target, name);
}

void extcache_put_match(struct extcache *c, const char *name,
			struct xtables_match *m)
{
	put(c->match, &c->nmatch, name, m);
}

void extcache_put_target(struct extcache *c, const char *name,
			 struct xtables_target *t)
{
	put(c->target, &c->ntarget, name, t);
}

/* Fibonacci hashing: pointers are aligned, flags are small; the
 * product's high half mixes both. */
static uint32_t ptr_hash(const void *ptr, unsigned int flags)
{
	uint64_t k = (uint64_t)(uintptr_t)ptr ^ ((uint64_t)flags << 32);

	return (uint32_t)((k * 0x9e3779b97f4a7c15ull) >> 32);
}

static uint32_t check_slot(const void *table, unsigned int flags)
{
	return ptr_hash(table, flags) & (EXTCACHE_CHECKS - 1);
}

bool extcache_checked(const struct extcache *c, const void *table,
		      unsigned int flags)
{
	uint32_t i = check_slot(table, flags);

	for (; c->check[i].table; i = (i + 1) & (EXTCACHE_CHECKS - 1))
		if (c->check[i].table == table && c->check[i].flags == flags)
			return true;
	return false;
}

void extcache_put_checked(struct extcache *c, const void *table,
			  unsigned int flags)
{
	uint32_t i;

	if (!table || FULL(c->ncheck, EXTCACHE_CHECKS) ||
	    extcache_checked(c, table, flags))
		return;
	i = check_slot(table, flags);
	while (c->check[i].table)
		i = (i + 1) & (EXTCACHE_CHECKS - 1);
	c->check[i] = (struct extcache_check){table, flags};
	c->ncheck++;
}

/* ext's slot, or the free slot where it would go. */
static struct extcache_spare *spare_slot(struct extcache *c, const void *ext)
{
	uint32_t i = ptr_hash(ext, 0) & (EXTCACHE_SPARES - 1);

	while (c->spare[i].ext && c->spare[i].ext != ext)
		i = (i + 1) & (EXTCACHE_SPARES - 1);
	return &c->spare[i];
}

void *extcache_take_buffer(struct extcache *c, const void *ext, size_t size)
{
	struct extcache_spare *s = spare_slot(c, ext);
	void *buf = s->buf;

	if (!buf || s->size != size)
		return NULL;
	s->buf = NULL;
	memset(buf, 0, size);
	return buf;
}

bool extcache_keep_buffer(struct extcache *c, const void *ext, void *buf,
			  size_t size)
{
	struct extcache_spare *s = spare_slot(c, ext);

	if (!s->ext) {
		if (FULL(c->nspare, EXTCACHE_SPARES))
			return false;
		s->ext = ext;
		c->nspare++;
	}
	if (s->buf)
		return false;
	s->buf = buf;
	s->size = size;
	return true;
}

void extcache_release(struct extcache *c)
{
	unsigned int i;

	for (i = 0; i < EXTCACHE_SPARES; i++)
		free(c->spare[i].buf);
	memset(c, 0, sizeof(*c));
}
