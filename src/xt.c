// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#ifdef __GLIBC__
#include <nss.h>
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xtables.h>

#include "config.h"
#include "ruleparse.h"
#include "xt.h"

#define XT_MSG_MAX 512

/*
 * The only mutable globals in nfcommit, forced on us by libxtables: its
 * error callback cannot return, and it reports through this jump buffer.
 */
static struct {
	bool ready;
	enum nfc_family family;
	jmp_buf *catch;
	char msg[XT_MSG_MAX];
} xt_state;

static int offline_revision(const char *name, uint8_t rev, int opt)
{
	(void)name;
	(void)rev;
	(void)opt;
	return 1;
}

/*
 * Offline, names are never looked up in DNS: check must work without a
 * network and must not hang on a resolver.  -s and -d names are replaced
 * before libxtables sees them (ruleparse.c); an extension option that
 * takes a host name (--ctorigsrc, --tunnel-src, ...) still reaches the
 * C library, which this confines to /etc/hosts and /etc/networks.
 */
static void offline_names(void)
{
#ifdef __GLIBC__
	__nss_configure_lookup("hosts", "files");
	__nss_configure_lookup("networks", "files");
#endif
}

static void __attribute__((noreturn, format(printf, 2, 3)))
xt_error(enum xtables_exittype status, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	(void)status;
	va_start(ap, fmt);
	vsnprintf(xt_state.msg, sizeof(xt_state.msg), fmt, ap);
	va_end(ap);
	/* Messages come with stray newlines from iptables' own callers. */
	n = strlen(xt_state.msg);
	while (n && (xt_state.msg[n - 1] == '\n' || xt_state.msg[n - 1] == ' '))
		xt_state.msg[--n] = '\0';
	while (xt_state.msg[0] == '\n')
		memmove(xt_state.msg, xt_state.msg + 1, n--);
	if (xt_state.catch)
		longjmp(*xt_state.catch, 1);
	/* An error outside xt_protect is a bug in nfcommit, not bad input. */
	fprintf(stderr, "nfcommit: internal error: libxtables: %s\n",
		xt_state.msg);
	abort();
}

static struct xtables_globals nfc_globals = {
	.option_offset = 0,
	.program_name = "nfcommit",
	.program_version = PACKAGE_VERSION,
	.orig_opts = NULL, /* set in xt_init */
	.exit_err = xt_error,
	.compat_rev = xtables_compatible_revision,
};

int xt_init(enum nfc_family family, enum xt_probe probe, char *msg,
	    size_t msglen)
{
	uint8_t proto = family == NFC_IPV6 ? NFPROTO_IPV6 : NFPROTO_IPV4;

	if (xt_state.ready) {
		if (xt_state.family == family)
			return 0;
		snprintf(msg, msglen, "libxtables already serves IPv%d",
			 xt_state.family);
		return -EBUSY;
	}
	nfc_globals.orig_opts = rule_base_options();
	if (probe == XT_PROBE_OFFLINE) {
		nfc_globals.compat_rev = offline_revision;
		offline_names();
	}
	if (xtables_init_all(&nfc_globals, proto) < 0) {
		snprintf(msg, msglen, "cannot initialise libxtables");
		return -EINVAL;
	}
	xt_state.ready = true;
	xt_state.family = family;
	return 0;
}

enum nfc_family xt_family(void)
{
	return xt_state.ready ? xt_state.family : 0;
}

int xt_protect(int (*fn)(void *), void *arg, char *msg, size_t msglen)
{
	jmp_buf jb, *outer = xt_state.catch;
	volatile int ret;

	if (setjmp(jb)) {
		xt_state.catch = outer;
		snprintf(msg, msglen, "%s", xt_state.msg);
		return -1;
	}
	xt_state.catch = &jb;
	ret = fn(arg);
	xt_state.catch = outer;
	return ret;
}

static int find_ext_cb(void *arg)
{
	void **a = arg;
	const char *name = a[0];
	int is_target = *(int *)a[1];

	if (is_target)
		a[2] = xtables_find_target(name, XTF_TRY_LOAD);
	else
		a[2] = xtables_find_match(name, XTF_TRY_LOAD, NULL);
	return 0;
}

size_t xt_usersize(uint8_t family, int is_target, const char *name,
		   uint8_t revision, size_t size)
{
	char msg[XT_MSG_MAX];
	void *a[3] = { (void *)name, &is_target, NULL };

	(void)family;
	(void)revision;
	if (xt_protect(find_ext_cb, a, msg, sizeof(msg)) < 0 || !a[2])
		return size;
	if (is_target)
		return ((struct xtables_target *)a[2])->userspacesize;
	return ((struct xtables_match *)a[2])->userspacesize;
}
