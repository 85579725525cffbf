/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Answers that libxtables gives the same way for every rule of a run,
 * kept so that each rule does not ask again:
 *  - which extension a -m or -j name finds.  xtables_find_match() and
 *    _find_target() walk the list of pending extensions and then the
 *    registered ones with a strcmp() per entry: a tenth of a 50k-rule
 *    restore.  Extensions are never unregistered, so a pointer found
 *    once stays good for the process;
 *  - that an option table's constraints (mandatory options, options that
 *    need or exclude others) hold for a set of options given:
 *    xtables_options_fcheck() answers from the table and the flags
 *    alone, or does not return;
 *  - the zeroed buffer each rule gives a match or target for its data:
 *    the one of the rule before is kept instead of freed, which saves a
 *    calloc() and a free() per extension and rule.
 * Lookups that miss cost a hash and a compare; a full table only stops
 * remembering.
 */
#ifndef NFC_EXTCACHE_H
#define NFC_EXTCACHE_H

#include <stdbool.h>
#include <xtables.h>

#define EXTCACHE_NAMES 64  /* per kind; a power of two */
#define EXTCACHE_CHECKS 64 /* a power of two */
#define EXTCACHE_SPARES 64 /* a power of two */

struct extcache_name {
	char name[XT_EXTENSION_MAXNAMELEN];
	void *ext;
};

struct extcache_check {
	const void *table;
	unsigned int flags;
};

struct extcache_spare {
	const void *ext;
	void *buf; /* malloc'd, size bytes; NULL while a rule holds it */
	size_t size;
};

struct extcache {
	struct extcache_name match[EXTCACHE_NAMES];
	struct extcache_name target[EXTCACHE_NAMES];
	unsigned int nmatch, ntarget;
	struct extcache_check check[EXTCACHE_CHECKS];
	unsigned int ncheck;
	struct extcache_spare spare[EXTCACHE_SPARES];
	unsigned int nspare;
};

/* Frees the buffers kept; the cache is empty after. */
void extcache_release(struct extcache *c);

/* The match or target extension name found before, or NULL. */
struct xtables_match *extcache_match(const struct extcache *c,
				     const char *name);
struct xtables_target *extcache_target(const struct extcache *c,
				       const char *name);
void extcache_put_match(struct extcache *c, const char *name,
			struct xtables_match *m);
void extcache_put_target(struct extcache *c, const char *name,
			 struct xtables_target *t);

/* Did options_fcheck pass table with these flags before? */
bool extcache_checked(const struct extcache *c, const void *table,
		      unsigned int flags);
void extcache_put_checked(struct extcache *c, const void *table,
			  unsigned int flags);

/* The buffer kept for ext, zeroed, if it has size bytes; else NULL. */
void *extcache_take_buffer(struct extcache *c, const void *ext, size_t size);
/* Keep buf (malloc'd, size bytes) for ext's next rule.  False when it is
 * not kept: the caller still owns it. */
bool extcache_keep_buffer(struct extcache *c, const void *ext, void *buf,
			  size_t size);

#endif
