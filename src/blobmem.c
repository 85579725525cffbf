// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>

#include "blobmem.h"

enum page_state {
	PAGE_FRESH = 0, /* neither written nor moved in: would fault */
	PAGE_WRITTEN,	/* holds bytes of the blob */
	PAGE_MOVED,	/* moved in, waiting for its bytes */
};

void blobmem_init(struct blobmem *m)
{
	*m = (struct blobmem){0};
}

void blobmem_plan(struct blobmem *m, size_t off, size_t len, uint64_t order)
{
	if (m->oom || !len)
		return;
	if (m->nplan == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		struct blobmem_run *v = realloc(m->plan, cap * sizeof(*v));

		if (!v) {
			m->oom = true;
			return;
		}
		m->plan = v;
		m->cap = cap;
	}
	m->plan[m->nplan++] = (struct blobmem_run){off, len, order};
}

static int by_order(const void *a, const void *b)
{
	const struct blobmem_run *x = a, *y = b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

void *blobmem_alloc(struct blobmem *m, size_t len)
{
	size_t i, npages;
	void *p;

	m->page = (size_t)sysconf(_SC_PAGESIZE);
	if (len > SIZE_MAX - m->page)
		return NULL;
	m->map = (len + m->page - 1) & ~(m->page - 1);
	if (!m->map)
		m->map = m->page;
	npages = m->map / m->page;
	m->state = calloc(npages, 1);
	if (!m->state)
		return NULL;
	m->state[0] = PAGE_WRITTEN;
	p = mmap(NULL, m->map, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	m->base = p;
	/* Chains come in the arena in the order of the file, the blob has
	 * them by name: the plan is often sorted already. */
	for (i = 1; i < m->nplan; i++)
		if (by_order(&m->plan[i - 1], &m->plan[i]) > 0)
			break;
	if (i < m->nplan)
		qsort(m->plan, m->nplan, sizeof(*m->plan), by_order);
	return p;
}

void blobmem_free(struct blobmem *m)
{
	if (m->base)
		munmap(m->base, m->map);
	free(m->state);
	free(m->plan);
	blobmem_init(m);
}

void blobmem_wrote(struct blobmem *m, size_t off, size_t len)
{
	size_t p, last;

	if (!m->state || !len)
		return;
	last = (off + len - 1) / m->page;
	for (p = off / m->page; p <= last; p++)
		m->state[p] = PAGE_WRITTEN;
}

/* Move pages [p, q) of the blob in from mem; false when mremap fails. */
static bool move_in(struct blobmem *m, unsigned char *mem, size_t p, size_t q)
{
	size_t len = (q - p) * m->page;

	/* MREMAP_FIXED replaces the untouched pages there; a failure
	 * leaves both mappings as they were. */
	if (mremap(mem, len, len, MREMAP_MAYMOVE | MREMAP_FIXED,
		   m->base + p * m->page) == MAP_FAILED)
		return false;
	for (; p < q; p++)
		m->state[p] = PAGE_MOVED;
	return true;
}

bool blobmem_take(void *mem, size_t len, void *arg)
{
	struct blobmem *m = arg;
	unsigned char *from = mem;
	size_t have;

	if (!m->base)
		return false;
	have = len / m->page;
	while (have && !m->oom && m->at_run < m->nplan) {
		const struct blobmem_run *r = &m->plan[m->at_run];
		size_t p = (r->off + m->at_off) / m->page, q = p;
		size_t last = (r->off + r->len - 1) / m->page;

		if (m->at_off >= r->len || p > last) {
			m->at_run++;
			m->at_off = 0;
			continue;
		}
		while (q <= last && q - p < have && m->state[q] == PAGE_FRESH)
			q++;
		if (q > p) {
			if (!move_in(m, from, p, q))
				break;
			from += (q - p) * m->page;
			have -= q - p;
		} else {
			q = p + 1; /* written or moved in already */
		}
		m->at_off = q * m->page - r->off;
	}
	if (have)
		munmap(from, have * m->page);
	return true;
}
