// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>

#include "bigbuf.h"

#define HUGE_SIZE ((size_t)2 << 20)
/* Before the buffer: the length of its mapping, 0 when malloc'd. */
#define HDR 16

void *bigbuf_alloc(size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), map;
	unsigned char *p;

	if (len > SIZE_MAX - HDR - page)
		return NULL;
	map = (len + HDR + page - 1) & ~(page - 1);
	if (map < 2 * HUGE_SIZE) {
		/* no whole huge page would fit inside */
		p = malloc(len + HDR);
		if (!p)
			return NULL;
		*(size_t *)p = 0;
		return p + HDR;
	}
	p = mmap(NULL, map, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	/* Only the 2 MiB extents wholly inside the mapping become huge
	 * pages, and the buffer reaches the mapping's end: none is
	 * resident beyond what the kernel writes.  A refusal only costs
	 * speed. */
	(void)madvise(p, map, MADV_HUGEPAGE);
	*(size_t *)p = map;
	return p + HDR;
}

void bigbuf_free(void *p)
{
	unsigned char *base;
	size_t map;

	if (!p)
		return;
	base = (unsigned char *)p - HDR;
	map = *(size_t *)base;
	if (map)
		munmap(base, map);
	else
		free(base);
}

bool bigbuf_mapped(const void *p)
{
	return p && *(const size_t *)((const unsigned char *)p - HDR) != 0;
}
