/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `save --to FILE': write the live ruleset of one family so that FILE is
 * at every moment either the old file or the complete new one, never
 * empty or cut short, even across a crash or a full disk:
 *
 *   1. print into a temporary file in FILE's own directory (a rename
 *      across file systems would not be atomic), mode 0600;
 *   2. fsync it, and check its size and that the engine's parser reads
 *      back every table and rule that was printed;
 *   3. keep the previous generations: FILE.N-1 becomes FILE.N, ...,
 *      FILE is hard-linked as FILE.1 (FILE itself stays in place);
 *   4. rename the temporary file over FILE and fsync the directory.
 *
 * A symlink at FILE is followed: the file it points to is replaced.
 */
#ifndef NFC_SAVE_ATOMIC_H
#define NFC_SAVE_ATOMIC_H

#include "nfcommit.h"

struct save_req {
	enum nfc_family family;
	const char *path;
	const char *backend;
	const char *table; /* NULL: every table */
	bool counters;
	unsigned int generations; /* previous files to keep, 0: none */
	bool allow_empty;         /* write a file even when no table exists */
	int verbose;
};

/* Runs in a child process, since libxtables serves one family per
 * process.  Returns an exit code (enum nfc_exit); messages on stderr. */
int save_atomic(const struct save_req *r);

/* cmd_save() hands over to cmd_save_to() when argv has --to or
 * --to-config (cmd_save_to.c). */
bool save_to_wanted(int argc, char **argv);
int cmd_save_to(int argc, char **argv);

#endif
