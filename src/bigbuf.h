/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Buffers of megabytes that the kernel fills whole in one call (a legacy
 * table read with IPT_SO_GET_ENTRIES): their memory is asked for in
 * transparent huge pages where the system grants them on request, so
 * that the kernel's copy takes one page fault per 2 MiB instead of one
 * per 4 KiB.  Not for buffers filled bit by bit while other memory is
 * given back (a legacy blob): a huge page is resident whole from its
 * first byte.
 */
#ifndef NFC_BIGBUF_H
#define NFC_BIGBUF_H

#include <stdbool.h>
#include <stddef.h>

/* len bytes, 16-aligned, uninitialised; NULL when out of memory. */
void *bigbuf_alloc(size_t len);
/* Free what bigbuf_alloc returned (NULL is fine). */
void bigbuf_free(void *p);
/* Whether p is a mapping of its own, whose whole pages past the first
 * may be moved away with mremap() before bigbuf_free() (the first holds
 * what bigbuf_free() needs). */
bool bigbuf_mapped(const void *p);

#endif
