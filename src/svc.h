/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the service commands (boot, reload, stop, panic, flush and
 * save --to-config) share: the families and files a run is about,
 * logging to stderr and syslog, verifying a file exactly as `check'
 * does, and the marker that says a fallback ruleset is live.
 */
#ifndef NFC_SVC_H
#define NFC_SVC_H

#include <stdarg.h>
#include <syslog.h>

#include "conf.h"
#include "engine.h"

/* Families and files named on the command line: -4 [FILE] -6 [FILE]. */
struct svc_files {
	bool sel[NFC_NFAMILIES];
	const char *file[NFC_NFAMILIES];
	int cur; /* family index the next FILE belongs to, -1 before -4/-6 */
};

void svc_files_init(struct svc_files *f);
void svc_files_family(struct svc_files *f, enum nfc_family family);
/* A positional FILE: for the family named last (IPv4 when none was). */
int svc_files_add(struct svc_files *f, const char *cmd, const char *path);
/* The families the run covers: those named, or else every family the
 * configuration manages (rules file set) and the kernel has. */
void svc_families(const struct svc_files *f, const struct nfc_config *c,
		  bool out[NFC_NFAMILIES]);

/* Is there IPv6 in this network namespace (not ipv6.disable=1)? */
bool svc_ipv6_available(void);

/* Messages go to stderr as "nfcommit CMD: ..." and to syslog at prio;
 * LOG_INFO and LOG_DEBUG reach stderr only when verbose (under systemd
 * both land in the journal, and a success needs saying once). */
struct svc_log {
	const char *cmd;
	int verbose;
};

void svc_log_open(struct svc_log *l, const char *cmd, int verbose);
void svc_log(const struct svc_log *l, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void svc_log_close(void);

/*
 * Verify a rules file as `nfcommit check' does (the same binary is run,
 * so every check that command has applies), and refuse a file with no
 * table: loading it would load nothing.  Its diagnostics go to stderr.
 * Returns 0 when the file may be loaded.
 */
int svc_verify(const struct svc_log *l, enum nfc_family family,
	       const char *path);

/* engine_restore() in a child process: libxtables serves one family per
 * process and cannot be reset, so a process that loads more than once
 * (boot's fallbacks) loads each time from a fresh child. */
int svc_restore_forked(const struct engine_input *in, unsigned int n,
		       const struct engine_opts *eo);

/* Engine options from the configuration (the caller overrides). */
void svc_engine_opts(const struct nfc_config *c, struct engine_opts *eo);

/*
 * The stand-in marker, in the runtime state directory (see statedir.h):
 * set while a family runs on a ruleset that is not the admin's (the boot
 * fallback, panic, flush), so that stop and save --to-config never write
 * it over the real rules file.  boot and reload clear it when they load
 * the real rules.
 */
enum svc_stand_in {
	STAND_IN_NONE = 0,
	STAND_IN_FALLBACK,
	STAND_IN_PANIC,
	STAND_IN_FLUSH,
};

int svc_stand_in_set(enum nfc_family family, enum svc_stand_in what);
/* A name for what stands in ("the boot fallback", ...), NULL if none. */
const char *svc_stand_in(enum nfc_family family);

/* Options of a crash-safe save to the configured files (cmd_save_to.c),
 * shared with stop. */
struct save_to_opts {
	const char *files[NFC_NFAMILIES]; /* NULL: RULES_V4 / RULES_V6 */
	const char *backend;              /* NULL: BACKEND */
	const char *table;
	bool counters; /* or COUNTERS */
	long keep;     /* -1: SAVE_GENERATIONS */
	bool allow_empty;
	bool guard_stand_in; /* refuse while a stand-in is live... */
	bool force;          /* ...unless forced */
	int verbose;
};

int save_to_config_files(const struct nfc_config *c,
			 const bool fam[NFC_NFAMILIES],
			 const struct save_to_opts *o);

/* flush for the given families in one transaction (cmd_panic.c). */
int svc_flush(const bool fam[NFC_NFAMILIES], const struct engine_opts *eo,
	      const struct svc_log *l);

/* Names for messages. */
const char *svc_fam(unsigned int idx); /* "IPv4" / "IPv6" */

#endif
