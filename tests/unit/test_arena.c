// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The arena the rules of a restore live in: allocation order across
 * chunks (both commits walk it in that order and nf_tables appends in
 * it), which arena holds what, chunks going back as they empty, and
 * arena_merge keeping what it hands over valid; emptied chunks handed to
 * a reuse hook, and the legacy blob's memory taking them in where its
 * plan says, never over what is written.  Huge arenas carve their
 * chunks from 2 MiB pages and leave no mapping behind.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <unistd.h>

#include "arena.h"
#include "bigbuf.h"
#include "blobmem.h"
#include "unit.h"

/* Enough 1 KiB objects for several 256 KiB chunks. */
#define OBJS 1000
#define OBJ_SIZE 1024

struct obj {
	size_t size;
	unsigned int seq;
	bool dead;
};

static size_t obj_size(const void *p)
{
	return ((const struct obj *)p)->size;
}

struct walk {
	unsigned int seen, next;
	bool in_order;
	unsigned int release_below; /* release objects with seq < this */
};

static bool visit(void *p, void *arg)
{
	struct obj *o = p;
	struct walk *w = arg;

	if (o->dead)
		return false;
	w->in_order &= o->seq == w->next;
	w->next = o->seq + 1;
	w->seen++;
	if (o->seq < w->release_below) {
		o->dead = true;
		return true;
	}
	return false;
}

static struct obj *alloc(struct nfc_arena *a, unsigned int seq)
{
	struct obj *o = arena_alloc(a, OBJ_SIZE);

	if (o) {
		o->size = OBJ_SIZE;
		o->seq = seq;
		o->dead = false;
	}
	return o;
}

static void test_order_and_owner(void)
{
	struct nfc_arena *a = arena_new(), *b = arena_new();
	struct obj *v[OBJS], *other;
	bool ordered = true, held = true;
	unsigned int i;

	CHECK(a && b);
	for (i = 0; i < OBJS; i++) {
		v[i] = alloc(a, i);
		CHECK(v[i] != NULL);
	}
	other = alloc(b, 0);
	for (i = 1; i < OBJS; i++)
		ordered &= arena_order(v[i]) > arena_order(v[i - 1]);
	for (i = 0; i < OBJS; i++)
		held &= arena_holds(a, v[i]) && !arena_holds(b, v[i]);
	CHECK(ordered);
	CHECK(held);
	CHECK(arena_holds(b, other) && !arena_holds(a, other));
	/* Too large for a chunk: refused, not split. */
	CHECK(arena_alloc(a, 1024 * 1024) == NULL);
	arena_free(a);
	arena_free(b);
}

static void test_walk_and_release(void)
{
	struct nfc_arena *a = arena_new();
	struct walk w = { .in_order = true, .release_below = OBJS / 2 };
	unsigned int i;

	for (i = 0; i < OBJS; i++)
		CHECK(alloc(a, i) != NULL);
	arena_walk(a, obj_size, visit, &w);
	CHECK(w.seen == OBJS);
	CHECK(w.in_order);
	CHECK(!arena_is_empty(a));
	/* The chunks of the first half are gone; a second walk meets the
	 * rest, still in order, and releases them all. */
	w = (struct walk){ .in_order = true, .next = OBJS / 2,
			   .release_below = OBJS };
	arena_walk(a, obj_size, visit, &w);
	CHECK(w.seen == OBJS - OBJS / 2);
	CHECK(w.in_order);
	CHECK(arena_is_empty(a));
	arena_free(a);
}

static void test_merge(void)
{
	struct nfc_arena *into = arena_new(), *from = arena_new();
	struct obj *kept[OBJS], *mine;
	bool held = true, intact = true;
	unsigned int i;

	mine = alloc(into, 7);
	for (i = 0; i < OBJS; i++)
		kept[i] = alloc(from, i);
	/* Release every other one: chunks stay, partly used. */
	for (i = 0; i < OBJS; i += 2)
		arena_release(kept[i]);
	arena_merge(into, from);
	for (i = 1; i < OBJS; i += 2) {
		held &= arena_holds(into, kept[i]);
		intact &= kept[i]->seq == i;
	}
	CHECK(held);
	CHECK(intact);
	CHECK(arena_holds(into, mine) && mine->seq == 7);
	/* into still allocates, and empties when all is released. */
	CHECK(alloc(into, 8) != NULL);
	CHECK(!arena_is_empty(into));
	arena_free(into);
}

struct reused {
	unsigned int calls;
	size_t bytes;
	bool take;
};

static bool reuse_hook(void *mem, size_t len, void *arg)
{
	struct reused *r = arg;

	r->calls++;
	r->bytes += len;
	return r->take && munmap(mem, len) == 0;
}

static void test_reuse_hook(void)
{
	struct nfc_arena *a = arena_new();
	struct walk w = { .in_order = true, .release_below = OBJS };
	struct reused r = { .take = true };
	unsigned int i;

	for (i = 0; i < OBJS; i++)
		CHECK(alloc(a, i) != NULL);
	arena_set_reuse(a, reuse_hook, &r);
	arena_walk(a, obj_size, visit, &w);
	arena_set_reuse(a, NULL, NULL);
	/* Every chunk that emptied went to the hook, whole. */
	CHECK(arena_is_empty(a));
	CHECK(r.calls >= OBJS * OBJ_SIZE / (256 * 1024));
	CHECK(r.bytes == r.calls * (size_t)256 * 1024);
	/* Without a hook, nothing is handed on. */
	r.calls = 0;
	for (i = 0; i < OBJS; i++)
		CHECK(alloc(a, i) != NULL);
	w = (struct walk){ .in_order = true, .release_below = OBJS };
	arena_walk(a, obj_size, visit, &w);
	CHECK(r.calls == 0);
	arena_free(a);
}

static void *page_run(size_t pages, int fill)
{
	size_t len = pages * (size_t)sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, fill, len);
	return p;
}

static bool all_bytes(const unsigned char *p, size_t len, int v)
{
	while (len--)
		if (*p++ != (unsigned char)v)
			return false;
	return true;
}

static void test_blobmem(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	struct blobmem m;
	unsigned char *b, *give;

	/* 16 pages: stretch A (pages 2-5) is written later than stretch B
	 * (pages 8-11), which the plan must put first. */
	blobmem_init(&m);
	blobmem_plan(&m, 2 * pg, 4 * pg, 200);
	blobmem_plan(&m, 8 * pg, 4 * pg, 100);
	b = blobmem_alloc(&m, 16 * pg);
	CHECK(b != NULL);
	if (!b)
		return;
	/* B's first page is written already: it must keep its bytes. */
	memset(b + 8 * pg, 'w', pg);
	blobmem_wrote(&m, 8 * pg, pg);
	give = page_run(5, 'x');
	CHECK(give != NULL);
	CHECK(blobmem_take(give, 5 * pg, &m));
	CHECK(all_bytes(b + 8 * pg, pg, 'w'));
	/* B's three unwritten pages got the first three, A's first two
	 * the rest. */
	CHECK(all_bytes(b + 9 * pg, 3 * pg, 'x'));
	CHECK(all_bytes(b + 2 * pg, 2 * pg, 'x'));
	CHECK(all_bytes(b + 4 * pg, 2 * pg, 0));
	/* What has no place left in the plan is unmapped, and the pages
	 * outside the plan are never touched. */
	give = page_run(4, 'y');
	CHECK(give != NULL);
	CHECK(blobmem_take(give, 4 * pg, &m));
	CHECK(all_bytes(b + 4 * pg, 2 * pg, 'y'));
	CHECK(all_bytes(b + 12 * pg, 4 * pg, 0));
	CHECK(all_bytes(b + pg, pg, 0));
	blobmem_free(&m);
}

/* Mappings of this process, as /proc/self/maps lists them. */
static unsigned int mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned int n = 0;
	int c;

	if (!f)
		return 0;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

#define HUGE_PAGE ((uintptr_t)2 << 20)
#define HUGE_OBJS 3000 /* about 3 MiB: two huge pages */

static void test_huge(void)
{
	static struct obj *v[HUGE_OBJS];
	unsigned int before = mappings(), i, same = 0;
	struct nfc_arena *a = arena_new(), *into;
	struct walk w = { .in_order = true, .release_below = HUGE_OBJS };

	arena_set_huge(a);
	for (i = 0; i < HUGE_OBJS; i++)
		v[i] = alloc(a, i);
	CHECK(v[HUGE_OBJS - 1] != NULL);
	/* The first 2 MiB of objects share one aligned huge page. */
	for (i = 0; i < 1900; i++)
		same += (uintptr_t)v[i] / HUGE_PAGE == (uintptr_t)v[0] / HUGE_PAGE;
	CHECK(same == 1900);
	CHECK(arena_order(v[1]) > arena_order(v[0]));
	CHECK(arena_order(v[HUGE_OBJS - 1]) > arena_order(v[1000]));
	arena_walk(a, obj_size, visit, &w);
	CHECK(w.in_order && w.seen == HUGE_OBJS);
	CHECK(arena_is_empty(a));
	arena_free(a);
	CHECK(mappings() == before);

	/* Merged into an ordinary arena: what it had not carved goes. */
	a = arena_new();
	into = arena_new();
	arena_set_huge(a);
	CHECK(alloc(a, 1) != NULL);
	arena_merge(into, a);
	arena_free(into);
	CHECK(mappings() == before);
}

struct donor {
	unsigned char *from, *end;
	unsigned int given;
};

static bool give(size_t len, void **mem, void *arg)
{
	struct donor *d = arg;

	if (d->from + len > d->end)
		return false;
	*mem = d->from;
	d->from += len;
	d->given++;
	return true;
}

#define DONOR_SIZE ((size_t)8 << 20)
#define CHUNK ((size_t)256 * 1024) /* arena.c's chunk */

/* Chunks made of a donor's pages: they come with the donor's bytes (no
 * new page, no zeroing), the donor's buffer stays mapped in full and
 * reads empty where pages left, and nothing is left mapped after. */
static void test_donor(void)
{
	unsigned int before = mappings(), i;
	unsigned char *buf = bigbuf_alloc(DONOR_SIZE), *first, *tail;
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	struct nfc_arena *a = arena_new();
	struct donor d;

	CHECK(buf && bigbuf_mapped(buf));
	if (!buf || !a)
		return;
	memset(buf, 'd', DONOR_SIZE);
	d.from =
		(unsigned char *)(((uintptr_t)buf + pg) & ~(uintptr_t)(pg - 1));
	d.end = d.from + 2 * CHUNK;
	d.given = 0;
	arena_set_donor(a, give, &d);
	first = (unsigned char *)alloc(a, 0);
	CHECK(d.given == 1 && first != NULL);
	/* Past the object, the chunk holds what the donor's pages held. */
	tail = (unsigned char *)(((uintptr_t)first | (CHUNK - 1)) - 64);
	CHECK(all_bytes(tail, 64, 'd'));
	CHECK(all_bytes(d.from - CHUNK, CHUNK, 0));
	for (i = 1; i < 3 * CHUNK / OBJ_SIZE; i++)
		CHECK(alloc(a, i) != NULL);
	/* Two chunks given, the third is new memory. */
	CHECK(d.given == 2);
	tail = (unsigned char *)(((uintptr_t)alloc(a, i) | (CHUNK - 1)) - 64);
	CHECK(all_bytes(tail, 64, 0));
	CHECK(((struct obj *)first)->seq == 0);
	arena_set_donor(a, NULL, NULL);
	arena_free(a);
	bigbuf_free(buf);
	CHECK(mappings() == before);
}

int main(void)
{
	test_order_and_owner();
	test_walk_and_release();
	test_merge();
	test_reuse_hook();
	test_blobmem();
	test_huge();
	test_donor();
	return unit_report("test_arena");
}
