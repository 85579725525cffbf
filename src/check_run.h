/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The work of `nfcommit check' on a set of files: read them all, parse
 * each with libxtables for its family (the other family in a forked
 * child, since libxtables serves one family per process), build the
 * table images offline, run every lint, then the checks across files:
 * IPv4/IPv6 parity and the SSH session.  All findings end up on one
 * queue, so that one report covers every file.
 */
#ifndef NFC_CHECK_RUN_H
#define NFC_CHECK_RUN_H

#include <sys/types.h>

#include "diag.h"
#include "lint_ssh.h"
#include "load.h"

struct check_file {
	const char *path; /* "-" for standard input */
	enum nfc_family family;
	struct nfc_load l;
	bool unreadable;
	bool built; /* parsed and built without error: l.imgs are complete */
	pid_t pid;  /* the child parsing the file, while fd >= 0 */
	int fd;
};

struct check_opts {
	const struct ssh_flow *ssh; /* NULL: no SSH check */
};

/* Returns 0, or an exit code (enum nfc_exit) for a failure that is no
 * finding: libxtables cannot start, memory runs out. */
int check_files(struct check_file *files, unsigned int n,
		const struct check_opts *o, struct nfc_diags *d);
void check_files_free(struct check_file *files, unsigned int n);

/* After load_parse_script: build l's images offline and, when that
 * succeeds without error, lint them.  Returns 0 or NFC_EXIT_INPUT. */
int check_build_lint(struct nfc_load *l, const struct load_opts *lo,
		     struct nfc_diags *d);
/* Give every diagnostic queued after *mark that has no finding code the
 * code `code'; mark is a d->tail taken before the step that queued them. */
void check_default_code(struct nfc_diag **mark, unsigned int code);

#endif
