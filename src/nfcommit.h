/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Definitions every part of nfcommit shares: exit codes, families, limits.
 */
#ifndef NFC_NFCOMMIT_H
#define NFC_NFCOMMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Exit codes: part of the interface scripts rely on (see nfcommit(8)). */
enum nfc_exit {
	NFC_EXIT_OK = 0,
	NFC_EXIT_FAIL = 1,     /* load or commit failed, findings in check */
	NFC_EXIT_INPUT = 2,    /* bad input or usage */
	NFC_EXIT_RESOURCE = 4, /* lock held, out of memory, kernel busy */
};

enum nfc_family {
	NFC_IPV4 = 4,
	NFC_IPV6 = 6,
};

/*
 * Input limits.  iptables-restore reads lines with fgets() into a 10240-byte
 * buffer and splits longer lines silently; we refuse them instead.  The
 * token and word limits are iptables' own, so that what loads here also
 * loads with the reference tools.
 */
#define NFC_MAX_LINE 10239
#define NFC_MAX_TOKEN 1023
#define NFC_MAX_ARGC 255
/* Bytes of one input; reading stops early at a NUL byte (source.h). */
#define NFC_MAX_INPUT (256UL * 1024 * 1024)
#define NFC_MAX_ERRORS 20

/*
 * Memory bounds for one input (README, "Limits").  A rule line with N
 * source and M destination addresses stands for N x M rules, at most
 * NFC_MAX_EXPANSION; an input holds at most NFC_MAX_ENTRIES tables,
 * chains and rules together.  With NFC_MAX_INPUT they bound what a file,
 * however hostile, can make nfcommit allocate.
 */
#define NFC_MAX_EXPANSION 65536
#define NFC_MAX_ENTRIES 2000000
/* The rules' kernel entries of one input, together: matches such as
 * comment take 256 bytes for a few bytes of text. */
#define NFC_MAX_RULE_BYTES (512UL * 1024 * 1024)

/* Kernel limit on table, chain and extension names, NUL included. */
#define NFC_NAME_MAX 32
#define NFC_CHAIN_MAXLEN 29 /* XT_EXTENSION_MAXNAMELEN: 28 chars + NUL */

#define NFC_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const char *nfc_family_name(enum nfc_family family);

/* FNV-1a of a NUL-terminated name: the chain and table indexes' hash. */
static inline uint32_t nfc_name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* snprintf(dst, size, "%s", src) without the cost of printf (size > 0):
 * a few hundred instructions a call, which per rule adds up. */
static inline void nfc_copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* FNV-1a a 64-bit word at a time, with a shift so that high bits reach
 * the low ones; the bytes left over one by one.  Each step maps h one to
 * one for a given word, so inputs that differ in one word never collide.
 * Rule entries are hundreds of bytes, hashed for every rule read. */
#define NFC_FNV64_OFFSET 14695981039346656037ULL
#define NFC_FNV64_PRIME 1099511628211ULL

static inline uint64_t nfc_hash_words(uint64_t h, const void *data,
				      size_t len)
{
	const unsigned char *p = data;
	uint64_t w;

	for (; len >= sizeof(w); p += sizeof(w), len -= sizeof(w)) {
		memcpy(&w, p, sizeof(w));
		h = (h ^ w) * NFC_FNV64_PRIME;
		h ^= h >> 29;
	}
	for (; len; p++, len--)
		h = (h ^ *p) * NFC_FNV64_PRIME;
	return h;
}

#endif
