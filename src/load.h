/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The loader's first two stages, shared by every command that reads a
 * rules file: read and parse it whole, then build one complete image per
 * table it names.  Nothing here writes to the kernel.
 */
#ifndef NFC_LOAD_H
#define NFC_LOAD_H

#include "backend.h"
#include "diag.h"
#include "script.h"
#include "source.h"

struct load_opts {
	enum nfc_family family;
	bool counters;
	bool noflush;
	/* reload: start from the kernel's tables and empty only the chains
	 * the file declares; other chains (docker's, fail2ban's) stay. */
	bool keep_foreign;
	const char *only_table;
	bool offline; /* check: start from empty tables, never the kernel */
	bool take_rules; /* see apply_opts; load_build can run only once */
	/* restore replacing whole tables: build while parsing
	 * (load_stream.h) */
	bool one_pass;
	/* one_pass: how the backend empties a table it replaces (nf_tables:
	 * backend_nft_empty_image); NULL keeps legacy's builtin chains with
	 * the kernel's policies. */
	void (*empty_image)(struct nfc_table *img);
};

struct nfc_load {
	struct nfc_source src;
	struct nfc_script script;
	struct nfc_table **imgs; /* one per table, in first-seen order */
	unsigned int nimgs;
	/* The images were built while parsing; the script has no commands
	 * left to build them again from. */
	bool one_pass;
	/* Offline (check): where the parsed rules live, and the images'
	 * that took them.  NULL otherwise: the commit paths expect rules in
	 * an arena to be in their image's own (ruleset.h). */
	struct nfc_arena *rules;
};

/* Read path (NULL or "-" for stdin), or take text when it is not NULL.
 * Returns 0, or an exit code with the reason on d. */
int load_read(struct nfc_load *l, const char *path, const char *text,
	      const char *name, struct nfc_diags *d);
/* load_read with source_flags (source.h) for path, e.g. SOURCE_SAFE_PERMS. */
int load_read_flags(struct nfc_load *l, const char *path, const char *text,
		    const char *name, unsigned int source_flags,
		    struct nfc_diags *d);
/* Parse what load_read read.  Returns 0, or NFC_EXIT_INPUT with the
 * reasons on d. */
int load_parse_script(struct nfc_load *l, const struct load_opts *o,
		      struct nfc_diags *d);
/* load_read and load_parse_script in one. */
int load_parse(struct nfc_load *l, const char *path,
	       const struct load_opts *o, struct nfc_diags *d);
/* Build the images, reading base tables through b unless offline.
 * Returns 0, NFC_EXIT_INPUT (the file does not fit the tables) or
 * NFC_EXIT_FAIL (the kernel could not be read). */
int load_build(struct nfc_load *l, struct nfc_backend *b,
	       const struct load_opts *o, struct nfc_diags *d);
/* Free the images load_build made but keep the parsed script, to build
 * them again when the kernel changed under a commit. */
void load_drop_images(struct nfc_load *l);
/* Free the parsed script once the images are built (the source stays:
 * diagnostics quote it). */
void load_drop_script(struct nfc_load *l);
void load_free(struct nfc_load *l);

#endif
