/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The restore pipeline as one call: read every input, parse it, build the
 * table images of both families, and commit them in one transaction.
 * restore, boot, panic and apply all load rules through here.
 */
#ifndef NFC_ENGINE_H
#define NFC_ENGINE_H

#include "diag.h"
#include "load.h"

/* One input: a family and where its text comes from. */
struct engine_input {
	enum nfc_family family;
	const char *path; /* a file, or "-"/NULL for stdin, unless text */
	const char *text; /* in-memory rules (panic, fallback); NULL if path */
	const char *name; /* how diagnostics call the in-memory text */
};

struct engine_opts {
	const char *backend; /* legacy, nft, auto; NULL: see backend_open */
	bool counters;
	bool noflush;
	bool keep_foreign;      /* see load.h */
	bool test;              /* build and check everything, commit nothing */
	const char *only_table; /* -T */
	int wait_s;             /* xtables lock wait, see lock.h */
	bool allow_unsafe_perms; /* read files anyone could have written */
	int verbose;
	/*
	 * Called with the xtables lock held, after every image is built and
	 * before anything is committed (apply takes its snapshot and writes
	 * its journal here).  Non-zero aborts with that exit code.
	 */
	int (*before_commit)(struct nfc_backend *b, struct nfc_table **imgs,
			     unsigned int n, void *arg);
	/* Called, lock still held, once the commit went in (apply learns
	 * what the kernel made of it).  It cannot undo the commit. */
	void (*after_commit)(struct nfc_backend *b, void *arg);
	void *hook_arg;
};

#define ENGINE_MAX_INPUTS 2 /* one per family */

/* Returns an exit code (enum nfc_exit); diagnostics are queued on d. */
int engine_restore(const struct engine_input *in, unsigned int n,
		   const struct engine_opts *o, struct nfc_diags *d);

#endif
