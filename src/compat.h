/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Drop-in mode: run as iptables-restore, ip6tables-restore, iptables-save,
 * ip6tables-save, iptables-apply or ip6tables-apply (links installed in
 * $(libexecdir)/nfcommit/compat, never over the system's tools), nfcommit
 * takes those tools' options and behaves like them, so that existing
 * scripts and test suites can run against it.
 */
#ifndef NFC_COMPAT_H
#define NFC_COMPAT_H

enum compat_result {
	COMPAT_NONE = 0, /* not a compat name: argv is nfcommit's own */
	COMPAT_ARGV,     /* *nargv is the equivalent nfcommit command line */
	COMPAT_DONE,     /* handled (--help, --version, bad usage): *code */
};

/*
 * Look at basename(argv[0]); for a compat name, translate the tool's
 * options into an nfcommit command line: (*nargv)[0] is "nfcommit",
 * (*nargv)[1] the command.  The caller owns *nargv: compat_free() it.
 */
enum compat_result compat_translate(int argc, char **argv, int *nargc,
				    char ***nargv, int *code);
void compat_free(char **argv);

/* The tool name argv[0] stands for, for messages; NULL if none. */
const char *compat_name(const char *argv0);

#endif
