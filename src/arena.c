// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "arena.h"

/* Chunks are aligned to their size, so that an allocation finds its chunk
 * by masking its address.  A rule is at most 64 KiB. */
#define CHUNK_SIZE ((size_t)256 * 1024)
#define ALLOC_ALIGN 8
/* A transparent huge page, which huge arenas carve their chunks from. */
#define HUGE_SIZE ((size_t)2 << 20)

struct chunk {
	struct nfc_arena *owner;
	struct chunk *prev, *next;
	size_t used; /* bytes from the chunk's start, header included */
	size_t live; /* allocations not released yet */
	uint64_t seq; /* chunks of one arena, in the order they were mapped */
};

#define CHUNK_HDR (((sizeof(struct chunk) + ALLOC_ALIGN - 1) / ALLOC_ALIGN) * ALLOC_ALIGN)

struct nfc_arena {
	struct chunk *chunks, *last; /* every chunk still mapped, oldest first */
	struct chunk *cur;           /* the one being filled */
	uint64_t mapped;             /* chunks mapped so far */
	arena_reuse_fn reuse;        /* who takes emptied chunks, if anyone */
	void *reuse_arg;
	/* Who gives pages for new chunks, if anyone. */
	arena_give_fn give;
	void *give_arg;
	bool huge;                   /* arena_set_huge */
	char *region;                /* what is left of the huge page */
	size_t region_left;
};

struct nfc_arena *arena_new(void)
{
	return calloc(1, sizeof(struct nfc_arena));
}

/* A size-aligned mapping of size bytes: map twice the size, cut the
 * rest off. */
static char *map_aligned(size_t size)
{
	size_t span = 2 * size, head;
	char *p = mmap(NULL, span, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *c;

	if (p == MAP_FAILED)
		return NULL;
	c = (char *)(((uintptr_t)p + size - 1) & ~(uintptr_t)(size - 1));
	head = (size_t)(c - p);
	if (head)
		munmap(p, head);
	munmap(c + size, span - head - size);
	return c;
}

/* The next chunk of a's huge page, a new huge page when it is used up;
 * NULL when none can be mapped. */
static struct chunk *chunk_carve(struct nfc_arena *a)
{
	char *c;

	if (!a->region_left) {
		a->region = map_aligned(HUGE_SIZE);
		if (!a->region)
			return NULL;
		/* A refusal only costs the page faults saved. */
		(void)madvise(a->region, HUGE_SIZE, MADV_HUGEPAGE);
		a->region_left = HUGE_SIZE;
	}
	c = a->region;
	a->region += CHUNK_SIZE;
	a->region_left -= CHUNK_SIZE;
	return (struct chunk *)c;
}

/* A chunk made of pages the donor gives; NULL when it has none. */
static struct chunk *chunk_donated(struct nfc_arena *a)
{
	void *mem;
	char *c;

	if (!a->give(CHUNK_SIZE, &mem, a->give_arg))
		return NULL;
	/* Only an aligned address is wanted of this mapping: the donor's
	 * pages replace it.  Their old place stays mapped, empty, so that
	 * no later mapping lands inside the donor's buffer, which is
	 * unmapped whole.  Should the move fail, the pages stay where they
	 * were and the chunk is new memory. */
	c = map_aligned(CHUNK_SIZE);
	if (c)
		(void)mremap(mem, CHUNK_SIZE, CHUNK_SIZE,
			     MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP,
			     c);
	return (struct chunk *)c;
}

static struct chunk *chunk_map(struct nfc_arena *a)
{
	struct chunk *c = a->give ? chunk_donated(a) : NULL;

	if (!c && a->huge)
		c = chunk_carve(a);
	return c ? c : (struct chunk *)map_aligned(CHUNK_SIZE);
}

/* The chunks a huge arena has not carved yet. */
static void region_unmap(struct nfc_arena *a)
{
	if (a->region_left)
		munmap(a->region, a->region_left);
	a->region = NULL;
	a->region_left = 0;
}

static void chunk_unmap(struct chunk *c)
{
	struct nfc_arena *a = c->owner;

	if (c->prev)
		c->prev->next = c->next;
	else
		a->chunks = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		a->last = c->prev;
	if (a->cur == c)
		a->cur = NULL;
	if (!a->reuse || !a->reuse(c, CHUNK_SIZE, a->reuse_arg))
		munmap(c, CHUNK_SIZE);
}

void arena_set_huge(struct nfc_arena *a)
{
	a->huge = true;
}

void arena_set_reuse(struct nfc_arena *a, arena_reuse_fn reuse, void *arg)
{
	a->reuse = reuse;
	a->reuse_arg = arg;
}

void arena_set_donor(struct nfc_arena *a, arena_give_fn give, void *arg)
{
	a->give = give;
	a->give_arg = arg;
}

void *arena_alloc(struct nfc_arena *a, size_t size)
{
	struct chunk *c = a->cur;
	void *p;

	size = (size + ALLOC_ALIGN - 1) & ~(size_t)(ALLOC_ALIGN - 1);
	if (size > CHUNK_SIZE - CHUNK_HDR)
		return NULL;
	if (!c || c->used + size > CHUNK_SIZE) {
		/* The full chunk stays until its last rule goes. */
		if (c && c->live == 0)
			chunk_unmap(c);
		c = chunk_map(a);
		if (!c)
			return NULL;
		c->owner = a;
		c->prev = a->last;
		c->next = NULL;
		if (a->last)
			a->last->next = c;
		else
			a->chunks = c;
		a->last = c;
		c->used = CHUNK_HDR;
		c->live = 0;
		c->seq = a->mapped++;
		a->cur = c;
	}
	p = (char *)c + c->used;
	c->used += size;
	c->live++;
	return p;
}

/* Returns true when the chunk of p went away with it. */
static bool release(void *p)
{
	struct chunk *c = (struct chunk *)((uintptr_t)p & ~(uintptr_t)(CHUNK_SIZE - 1));

	if (--c->live)
		return false;
	/* The current chunk too: its pages would stay resident while the
	 * commit that emptied it builds the batch or blob. */
	chunk_unmap(c);
	return true;
}

void arena_release(void *p)
{
	release(p);
}

static const struct chunk *chunk_of(const void *p)
{
	return (const struct chunk *)((uintptr_t)p & ~(uintptr_t)(CHUNK_SIZE - 1));
}

bool arena_holds(const struct nfc_arena *a, const void *p)
{
	return chunk_of(p)->owner == a;
}

uint64_t arena_order(const void *p)
{
	return chunk_of(p)->seq * CHUNK_SIZE +
	       ((uintptr_t)p & (CHUNK_SIZE - 1));
}

void arena_merge(struct nfc_arena *into, struct nfc_arena *from)
{
	struct chunk *c;

	if (!from)
		return;
	for (c = from->chunks; c; c = c->next)
		c->owner = into;
	if (from->chunks) {
		from->chunks->prev = into->last;
		if (into->last)
			into->last->next = from->chunks;
		else
			into->chunks = from->chunks;
		into->last = from->last;
	}
	/* into goes on filling its own current chunk. */
	region_unmap(from);
	free(from);
}

bool arena_is_empty(const struct nfc_arena *a)
{
	const struct chunk *c;

	for (c = a->chunks; c; c = c->next)
		if (c->live)
			return false;
	return true;
}

void arena_walk(struct nfc_arena *a, size_t (*size_of)(const void *obj),
		bool (*visit)(void *obj, void *arg), void *arg)
{
	struct chunk *c, *next;

	for (c = a->chunks; c; c = next) {
		size_t off = CHUNK_HDR, end = c->used;

		next = c->next;
		while (off < end) {
			char *obj = (char *)c + off;

			off += (size_of(obj) + ALLOC_ALIGN - 1) &
			       ~(size_t)(ALLOC_ALIGN - 1);
			if (visit(obj, arg) && release(obj))
				break; /* the chunk is gone (or empty) */
		}
	}
}

void arena_free(struct nfc_arena *a)
{
	if (!a)
		return;
	while (a->chunks)
		chunk_unmap(a->chunks);
	region_unmap(a);
	free(a);
}
