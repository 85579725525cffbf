/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * getopt_long() for rule lines, without libxtables' merged option table.
 *
 * iptables parses a rule with getopt_long() over a table that libxtables
 * rebuilds for every -m and -j of every rule (malloc and copy of every
 * option so far), and getopt_long() then compares each word with every
 * entry.  fastopt gives the same answers for the words rules-save files
 * are made of: whole short options ("-s"), long options spelt out in
 * full ("--dport"), and plain words.  For anything else (abbreviations,
 * "--opt=value", "-sVALUE", unknown options, a missing argument) it
 * answers FASTOPT_BAIL and the caller parses the line again with
 * getopt_long() itself, which also gives the canonical error.
 */
#ifndef NFC_FASTOPT_H
#define NFC_FASTOPT_H

#include <getopt.h>
#include <stdint.h>
#include <xtables.h>

/* Option sets (the base table aside) one rule may name before fastopt
 * gives up; a rule has a handful. */
#define FASTOPT_MAX_SETS 16
#define FASTOPT_BAIL (-2)

/* One extension's options, as libxtables would have merged them. */
struct fastopt_set {
	const struct xt_option_entry *x6; /* or */
	const struct option *extra;
	unsigned int offset; /* the extension's option_offset */
};

/* Base long options indexed by name, longer tables than this are
 * searched in place. */
#define FASTOPT_BASE_MAX 64

/* The base options, indexed once for every line of a parse. */
struct fastopt_base {
	const struct option *opts; /* the base long options */
	const char *sorted[FASTOPT_BASE_MAX]; /* their names, by strcmp */
	unsigned int nsorted;      /* 0: search opts in place */
	/* For each first byte, the lengths of base names starting with it
	 * (bit n: length n, bit 63: 63 or more): most names are no base
	 * name, and this says so without a search. */
	uint64_t lengths[256];
	/* For each byte, what the option string says of it as a short option
	 * (FASTOPT_SHORT_*): a lookup instead of a strchr() per option. */
	uint8_t shorts[256];
};

enum {
	FASTOPT_SHORT_NONE, /* no such option */
	FASTOPT_SHORT_FLAG, /* "x" */
	FASTOPT_SHORT_ARG,  /* "x:", a required argument */
	FASTOPT_SHORT_OPT,  /* "x::", an optional one */
};

void fastopt_base_init(struct fastopt_base *b, const char *optstring,
		       const struct option *opts);

struct fastopt {
	const struct fastopt_base *base;
	struct fastopt_set sets[FASTOPT_MAX_SETS]; /* in merge order */
	unsigned int nsets;
	bool overflow;
};

void fastopt_init(struct fastopt *f, const struct fastopt_base *base);

/* An extension's options join the table, ahead of the older ones as in
 * libxtables' merge (offset as libxtables would have assigned it). */
void fastopt_add(struct fastopt *f, const struct xt_option_entry *x6,
		 const struct option *extra, unsigned int offset);

/*
 * The next option of argv, as getopt_long() with f's table would return
 * it, updating optind and optarg the same way; -1 at the end, or
 * FASTOPT_BAIL when the word needs the real getopt_long().  Start with
 * optind = 1.
 */
int fastopt_next(struct fastopt *f, int argc, char **argv);

#endif
