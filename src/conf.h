/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The service configuration, nfcommit.conf(5): which rules files boot,
 * reload, stop and `save --to-config' use, the fallback loaded when they
 * are broken, and how.  KEY=value lines; see config.c for the grammar.
 */
#ifndef NFC_CONF_H
#define NFC_CONF_H

#include <stdio.h>

#include "nfcommit.h"

/* NFC_CONFDIR comes from configure (--with-confdir, default /etc/nfcommit). */
#define NFC_CONF_DEFAULT NFC_CONFDIR "/nfcommit.conf"
#define NFC_CONF_ENV "NFCOMMIT_CONF" /* another file, for tests and chroots */

#define NFC_RULES_V4_DEFAULT "/etc/iptables/rules.v4"
#define NFC_RULES_V6_DEFAULT "/etc/iptables/rules.v6"
/* The emergency ruleset built into the binary (see emergency.h). */
#define NFC_FALLBACK_BUILTIN "builtin"
#define NFC_SAVE_GENERATIONS_DEFAULT 3
#define NFC_SAVE_GENERATIONS_MAX 99

#define NFC_NFAMILIES 2

/* Index of a family in the per-family arrays below. */
static inline unsigned int fam_idx(enum nfc_family family)
{
	return family == NFC_IPV6 ? 1 : 0;
}

static inline enum nfc_family idx_fam(unsigned int i)
{
	return i ? NFC_IPV6 : NFC_IPV4;
}

struct nfc_config {
	char *path;                         /* file read; NULL: defaults */
	char *rules[NFC_NFAMILIES];         /* NULL: family not managed */
	char *fallback[NFC_NFAMILIES];      /* path, "builtin" or NULL */
	char *backend; /* NULL: backend_open()'s default */
	bool counters;
	bool save_on_stop;
	bool flush_on_stop;
	bool reload_keep_foreign;
	int lock_wait; /* seconds, or NFC_WAIT_FOREVER */
	unsigned int save_generations;
};

/* The file to read: $NFCOMMIT_CONF, else NFC_CONF_DEFAULT. */
const char *config_path(void);

/*
 * Fill c with the defaults, then read path (NULL: config_path()).  A
 * missing default file is not an error; a missing file named by
 * NFCOMMIT_CONF is.  Diagnostics (FILE:LINE:COL) go to stderr.  Returns 0,
 * NFC_EXIT_INPUT for a broken file (c then holds the defaults, so a boot
 * can still find its fallback), or NFC_EXIT_RESOURCE.
 */
int config_load(struct nfc_config *c, const char *path);
void config_free(struct nfc_config *c);

/* Print every key as KEY=value, as the file would set it. */
void config_print(const struct nfc_config *c, FILE *out);
/* Print one key's value; -1 when there is no such key. */
int config_print_key(const struct nfc_config *c, const char *key, FILE *out);

#endif
