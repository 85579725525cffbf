// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The text is source.c's buffer, which we own.  Its pages are given back
 * with MADV_DONTNEED: for the bytes concerned that is memset(0) that also
 * returns the memory, and only whole pages inside the buffer are touched,
 * so the allocator's own bookkeeping around it stays intact.  Nothing
 * reads those bytes again: the parser is past them, and at the end the
 * buffer is freed and replaced.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "source_keep.h"

/* Text is given back this much at a time, at least. */
#define DROP_STEP ((size_t)64 << 10)

struct kept_line {
	unsigned int line;
	size_t off, len; /* in text */
};

struct source_keep {
	struct nfc_source *src;
	size_t page;
	unsigned int scan_line; /* the line that starts at scan_off */
	size_t scan_off;
	size_t dropped;         /* bytes before it may read as zeros */
	struct kept_line *lines;
	size_t nlines, lcap;
	char *text;
	size_t tlen, tcap;
	bool oom;
};

struct source_keep *source_keep_new(struct nfc_source *src)
{
	struct source_keep *k = calloc(1, sizeof(*k));
	long page = sysconf(_SC_PAGESIZE);

	if (!k)
		return NULL;
	k->src = src;
	k->page = page > 0 ? (size_t)page : 4096;
	k->scan_line = 1;
	return k;
}

void source_keep_free(struct source_keep *k)
{
	if (!k)
		return;
	free(k->lines);
	free(k->text);
	free(k);
}

static bool needed(unsigned int line, const unsigned int *need, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (need[mid] == line)
			return true;
		if (need[mid] < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static void keep(struct source_keep *k, unsigned int line, const char *s,
		 size_t len)
{
	if (k->nlines == k->lcap) {
		size_t cap = k->lcap ? 2 * k->lcap : 16;
		struct kept_line *v = realloc(k->lines, cap * sizeof(*v));

		if (!v) {
			k->oom = true;
			return;
		}
		k->lines = v;
		k->lcap = cap;
	}
	if (k->tlen + len > k->tcap) {
		size_t cap = k->tcap ? 2 * k->tcap : 4096;
		char *t;

		while (cap < k->tlen + len)
			cap *= 2;
		t = realloc(k->text, cap);
		if (!t) {
			k->oom = true;
			return;
		}
		k->text = t;
		k->tcap = cap;
	}
	memcpy(k->text + k->tlen, s, len);
	k->lines[k->nlines].line = line;
	k->lines[k->nlines].off = k->tlen;
	k->lines[k->nlines].len = len;
	k->nlines++;
	k->tlen += len;
}

/* Move the scan to the start of line `line` (or the end), copying out the
 * needed lines it passes. */
static void scan_to(struct source_keep *k, unsigned int line,
		    const unsigned int *need, size_t n)
{
	const char *buf = k->src->buf;
	size_t len = k->src->len;

	while (k->scan_line < line && k->scan_off < len) {
		const char *p = buf + k->scan_off;
		const char *nl = memchr(p, '\n', len - k->scan_off);
		size_t l = nl ? (size_t)(nl - p) : len - k->scan_off;

		if (needed(k->scan_line, need, n))
			keep(k, k->scan_line, p, l);
		k->scan_off += l + (nl ? 1 : 0);
		k->scan_line++;
	}
}

static void drop(struct source_keep *k, size_t upto)
{
	uintptr_t b = (uintptr_t)k->src->buf;
	uintptr_t from = (b + k->dropped + k->page - 1) & ~(uintptr_t)(k->page - 1);
	uintptr_t to = (b + upto) & ~(uintptr_t)(k->page - 1);

	if (to > from)
		madvise((void *)from, to - from, MADV_DONTNEED);
	k->dropped = upto;
}

void source_keep_advance(struct source_keep *k, unsigned int line,
			 const unsigned int *need, size_t n)
{
	scan_to(k, line, need, n);
	if (k->scan_off - k->dropped >= DROP_STEP && !k->oom)
		drop(k, k->scan_off);
}

int source_keep_finish(struct source_keep *k, const unsigned int *need,
		       size_t n)
{
	struct nfc_source *src = k->src;
	unsigned int total, line;
	size_t size, i = 0, out = 0;
	char *sparse;

	scan_to(k, UINT32_MAX, need, n);
	if (k->oom)
		return -ENOMEM;
	total = k->scan_line - 1;
	size = total + k->tlen + 1;
	sparse = malloc(size);
	if (!sparse)
		return -ENOMEM;
	for (line = 1; line <= total; line++) {
		if (i < k->nlines && k->lines[i].line == line) {
			memcpy(sparse + out, k->text + k->lines[i].off,
			       k->lines[i].len);
			out += k->lines[i].len;
			i++;
		}
		sparse[out++] = '\n';
	}
	sparse[out] = '\0';
	free(src->buf);
	src->buf = sparse;
	src->len = out;
	return 0;
}
