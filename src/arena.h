/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rules of a parsed input live in an arena: large chunks filled in order,
 * no per-rule malloc.  A rule knows it came from an arena
 * (NFC_RULE_ARENA) and rule_free() returns it to its chunk; a chunk whose
 * rules have all been freed goes back to the kernel at once.  That is what
 * lets the legacy writer hand the memory of the rules it has copied into
 * the kernel's blob back while it fills the blob (legacy_blob.h), so
 * that rules and blob are not both resident in full.
 *
 * The arena must outlive every table image that holds its rules.
 */
#ifndef NFC_ARENA_H
#define NFC_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nfc_arena;

struct nfc_arena *arena_new(void);
/* Frees every chunk, whether its rules were freed or not. */
void arena_free(struct nfc_arena *a);

/* size bytes, 8-aligned, or NULL when out of memory. */
void *arena_alloc(struct nfc_arena *a, size_t size);
/* Give back an allocation of arena_alloc (any arena). */
void arena_release(void *p);
/* Whether p, an allocation of some arena, is one of a's. */
bool arena_holds(const struct nfc_arena *a, const void *p);
/* Where allocation p stands among those of its arena: later ones compare
 * greater (not across arena_merge). */
uint64_t arena_order(const void *p);
/* Hand every chunk of from over to into, and free from: allocations
 * stay where they are, and are into's from now on. */
void arena_merge(struct nfc_arena *into, struct nfc_arena *from);
/* True when every allocation of a has been given back. */
bool arena_is_empty(const struct nfc_arena *a);

/*
 * Carve a's chunks from transparent huge pages: one page fault per 2 MiB
 * instead of one per 4 KiB, for the price of up to 2 MiB resident and
 * unused.  For arenas filled whole before they are read, as with a table
 * read back from the kernel.
 */
void arena_set_huge(struct nfc_arena *a);

/*
 * Where the memory of a chunk that empties goes instead of back to the
 * kernel: reuse() gets it (len bytes, page-aligned, contents undefined)
 * and returns true when it has taken the pages over, say by moving them
 * under a buffer being filled with mremap(), which spares that buffer
 * its page faults.  NULL: unmap, as ever.
 */
typedef bool (*arena_reuse_fn)(void *mem, size_t len, void *arg);
void arena_set_reuse(struct nfc_arena *a, arena_reuse_fn reuse, void *arg);

/*
 * Where a's new chunks come from first: give() names len bytes of
 * resident, page-aligned memory its owner is done with (false while it
 * has none), and the arena moves those pages under the chunk with
 * mremap(), so the chunk costs no page fault and no zeroing.  The reverse
 * of arena_set_reuse, for an arena filled while a big buffer is read
 * through in order (a table read back from the kernel).  NULL: new
 * memory, as ever.
 */
typedef bool (*arena_give_fn)(size_t len, void **mem, void *arg);
void arena_set_donor(struct nfc_arena *a, arena_give_fn give, void *arg);

/*
 * Visit every allocation of a, in the order they were made, released ones
 * included (the caller marks those in its objects).  size_of tells an
 * object's size as passed to arena_alloc; visit returns true to release
 * the object, which the walk then does itself: a chunk whose last object
 * goes is unmapped under the walk.
 */
void arena_walk(struct nfc_arena *a, size_t (*size_of)(const void *obj),
		bool (*visit)(void *obj, void *arg), void *arg);

#endif
