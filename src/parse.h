/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rules-save grammar: *table, :CHAIN POLICY [p:b], rule lines,
 * COMMIT and comments, line by line as iptables-restore reads them.
 */
#ifndef NFC_PARSE_H
#define NFC_PARSE_H

#include "diag.h"
#include "script.h"

struct nfc_arena;

struct parse_opts {
	enum nfc_family family;
	bool counters;          /* -c: [p:b] prefixes and policy counters */
	const char *only_table; /* -T: other tables are skipped unparsed */
	bool lenient_crlf;      /* check: warn about CRLF, then read on */
	bool offline;           /* check: never resolve host names */
	/* One-pass builds (load_stream.c): on_section when a *table line
	 * opens a section, returning where the section's rules go (arena.h;
	 * NULL: each its own allocation); on_cmd with each command once it
	 * is parsed; the command is released and not kept in the script
	 * afterwards. */
	struct nfc_arena *(*on_section)(void *arg,
					const struct nfc_section *sec);
	void (*on_cmd)(void *arg, const struct nfc_section *sec,
		       struct nfc_cmd *cmd);
	void *hook_arg;
};

/*
 * Parse src into s.  Every error is queued on d; parsing goes on at the
 * next line so that one run reports them all.  Returns the number of
 * errors (0: s is complete), or -ENOMEM.
 */
int script_parse(struct nfc_script *s, const struct nfc_source *src,
		 const struct parse_opts *o, struct nfc_diags *d);

#endif
