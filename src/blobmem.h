/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The memory of a legacy blob that is filled while the arena of its rules
 * empties (legacy_blob.c, arena.h).  Fresh anonymous memory costs a page
 * fault, a page allocation and a page clearing for every 4 KiB of blob
 * written; the pages of an emptied arena chunk, moved under the blob with
 * mremap() where the next rules will be written, cost none of these.
 *
 * Where the next rules go is the plan: the blob's stretches (a chain's
 * rules) in the order of their first rule in the arena, which is the
 * order the arena walk writes them in.  Pages only ever move under pages
 * nothing has been written to yet, whatever the plan says, so what is
 * written stays; the writer writes every byte of the blob, so what the
 * pages held before never reaches the kernel.
 */
#ifndef NFC_BLOBMEM_H
#define NFC_BLOBMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct blobmem_run {
	size_t off, len; /* from the blob's start */
	uint64_t order;	 /* arena_order() of its first writer */
};

struct blobmem {
	unsigned char *base; /* the mapping, page-aligned */
	size_t map, page;    /* its length, whole pages; the page size */
	uint8_t *state;	     /* per page: enum in blobmem.c */
	struct blobmem_run *plan;
	size_t nplan, cap;
	size_t at_run, at_off; /* where the next pages go: plan[at_run] */
	bool oom;	       /* the plan is incomplete: follow none */
};

/* An empty blobmem, without memory or plan. */
void blobmem_init(struct blobmem *m);
/* Plan a stretch before the memory is allocated. */
void blobmem_plan(struct blobmem *m, size_t off, size_t len, uint64_t order);
/* len bytes, uninitialised, in m; NULL when out of memory.  The first
 * page counts as written (the caller's header goes there). */
void *blobmem_alloc(struct blobmem *m, size_t len);
void blobmem_free(struct blobmem *m);

/* Bytes [off, off + len) from base have been written. */
void blobmem_wrote(struct blobmem *m, size_t off, size_t len);

/* An arena_reuse_fn (arena.h) whose arg is a struct blobmem: moves the
 * pages under the next unwritten stretches of the plan, unmaps those that
 * find no place, and always takes them. */
bool blobmem_take(void *mem, size_t len, void *arg);

#endif
