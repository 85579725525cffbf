/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The catalogue of check findings.  Every finding nfcommit check reports
 * has a stable ID (NFC001 ...), a default severity, a short name, one
 * sentence and an example.  IDs are part of the interface: suppression
 * comments, CI configurations and SARIF consumers name them, so an ID is
 * never renumbered or reused; new checks get new numbers at the end.
 */
#ifndef NFC_FINDING_H
#define NFC_FINDING_H

#include <stdbool.h>

#include "diag.h"

enum nfc_finding {
	NFC_F_NONE = 0,
	NFC_F_SYNTAX,		/* NFC001 */
	NFC_F_COMMIT_MISSING,	/* NFC002 */
	NFC_F_OUTSIDE_TABLE,	/* NFC003 */
	NFC_F_UNKNOWN_TABLE,	/* NFC004 */
	NFC_F_CRLF,		/* NFC005 */
	NFC_F_CHAIN_DUPLICATE,	/* NFC006 */
	NFC_F_CHAIN_POLICY,	/* NFC007 */
	NFC_F_JUMP_UNDEFINED,	/* NFC008 */
	NFC_F_JUMP_LOOP,	/* NFC009 */
	NFC_F_COMMAND_FAILS,	/* NFC010 */
	NFC_F_UNREACHABLE,	/* NFC011 */
	NFC_F_SHADOWED,		/* NFC012 */
	NFC_F_DUPLICATE,	/* NFC013 */
	NFC_F_CHAIN_UNUSED,	/* NFC014 */
	NFC_F_IFACE_NEVER,	/* NFC015 */
	NFC_F_PROTO_MISMATCH,	/* NFC016 */
	NFC_F_OWNER_HOOK,	/* NFC017 */
	NFC_F_NAT_FILTER,	/* NFC018 */
	NFC_F_HOSTNAME,		/* NFC019 */
	NFC_F_DEPRECATED,	/* NFC020 */
	NFC_F_PARITY,		/* NFC021 */
	NFC_F_SSH_LOCKOUT,	/* NFC022 */
	NFC_F_SSH_UNDECIDED,	/* NFC023 */
	NFC_F_ANALYSIS_LIMIT,	/* NFC024 */
	NFC_F_COUNT,
};

struct finding_info {
	const char *id;		/* "NFC012" */
	const char *name;	/* "shadowed" */
	enum nfc_severity severity;
	const char *summary;	/* one sentence */
	const char *example;	/* a rules-file fragment that triggers it */
};

/* The entry for code, or NULL for NFC_F_NONE and out-of-range codes. */
const struct finding_info *finding_info(unsigned int code);
/* The code whose ID or name is s (case-insensitive), or NFC_F_NONE. */
unsigned int finding_lookup(const char *s);

/* Queue a diagnostic with its finding code and the code's severity. */
struct nfc_diag *finding_add(struct nfc_diags *d, unsigned int code,
			     const struct nfc_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Findings of one kind per table (or file) that are reported; past that
 * they are only counted.  A generated file can have a million dead rules,
 * and a million findings help nobody and cost a gigabyte.
 */
#define FINDING_REPORT_MAX 1000

struct finding_cap {
	unsigned int n[NFC_F_COUNT];
};

/* True while fewer than FINDING_REPORT_MAX findings of code went through
 * c; the first one past queues an NFC024 note at loc, naming `where'
 * ("table `filter'"). */
bool finding_cap_ok(struct finding_cap *c, struct nfc_diags *d,
		    unsigned int code, const struct nfc_loc *loc,
		    const char *where);

/* A diagnostics queue with a cap per kind, for the lint passes. */
#define FINDING_WHERE_MAX 64

struct finding_sink {
	struct nfc_diags *d;
	struct finding_cap cap;
	char where[FINDING_WHERE_MAX]; /* "table `filter'", "file x" */
};

void finding_sink_init(struct finding_sink *s, struct nfc_diags *d,
		       const char *what, const char *name);
/* finding_add through the cap: NULL when capped (diag_set_related and
 * diag_set_code take NULL). */
struct nfc_diag *finding_emit(struct finding_sink *s, unsigned int code,
			      const struct nfc_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
