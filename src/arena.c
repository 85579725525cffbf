// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "arena.h"

/* Chunks are aligned to their size, so that an allocation finds its chunk
 * by masking its address.  A rule is at most 64 KiB. */
#define CHUNK_SIZE ((size_t)256 * 1024)
#define ALLOC_ALIGN 8

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
};

struct nfc_arena *arena_new(void)
{
	return calloc(1, sizeof(struct nfc_arena));
}

/* A CHUNK_SIZE-aligned mapping: map twice the size, cut the rest off. */
static struct chunk *chunk_map(void)
{
	size_t span = 2 * CHUNK_SIZE, head;
	char *p = mmap(NULL, span, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *c;

	if (p == MAP_FAILED)
		return NULL;
	c = (char *)(((uintptr_t)p + CHUNK_SIZE - 1) & ~(uintptr_t)(CHUNK_SIZE - 1));
	head = (size_t)(c - p);
	if (head)
		munmap(p, head);
	munmap(c + CHUNK_SIZE, span - head - CHUNK_SIZE);
	return (struct chunk *)c;
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

void arena_set_reuse(struct nfc_arena *a, arena_reuse_fn reuse, void *arg)
{
	a->reuse = reuse;
	a->reuse_arg = arg;
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
		c = chunk_map();
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
	free(a);
}
