// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Choosing and opening a backend.  "auto" keeps a host on one kernel
 * interface: if the legacy x_tables hold any rule, user chain or non-ACCEPT
 * policy (in either family) we stay on legacy, so that nfcommit never
 * loads nf_tables rules beside live legacy ones; otherwise nf_tables.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"

#define LEGACY_MAX_TABLES 16

static bool table_in_use(const struct nfc_table *t)
{
	unsigned int i;

	for (i = 0; i < t->nchains; i++) {
		const struct nfc_chain *c = t->chains[i];

		if (!chain_is_builtin(c) || c->nrules ||
		    c->policy != NFC_POLICY_ACCEPT)
			return true;
	}
	return false;
}

/* Only tables the kernel already lists are read: reading one that is not
 * loaded would create it. */
static bool legacy_in_use(struct nfc_backend *legacy)
{
	static const enum nfc_family fams[] = { NFC_IPV4, NFC_IPV6 };
	char names[LEGACY_MAX_TABLES][NFC_NAME_MAX];
	unsigned int f, i, n;

	for (f = 0; f < NFC_ARRAY_SIZE(fams); f++) {
		if (legacy->ops->list_tables(legacy, fams[f], names,
					     LEGACY_MAX_TABLES, &n) < 0)
			continue;
		for (i = 0; i < n; i++) {
			struct nfc_table *t;
			bool used;

			if (legacy->ops->read_table(legacy, fams[f], names[i],
						    &t) < 0)
				continue;
			used = table_in_use(t);
			table_free(t);
			if (used)
				return true;
		}
	}
	return false;
}

static int open_named(struct nfc_backend *b, const char *name)
{
	if (strcmp(name, "legacy") == 0) {
		b->ops = &backend_legacy_ops;
		return 0;
	}
	if (strcmp(name, "nft") == 0) {
		b->ops = &backend_nft_ops;
		return backend_nft_init(b);
	}
	snprintf(b->err, sizeof(b->err),
		 "unknown backend `%s' (legacy, nft or auto)", name);
	return -EINVAL;
}

const char *backend_resolve(const char *name, const char **why)
{
	const char *env = getenv(NFC_BACKEND_ENV);

	*why = "--backend";
	if (!name && env && *env) {
		name = env;
		*why = NFC_BACKEND_ENV;
	}
	if (!name) {
		name = "auto";
		*why = "default";
	}
	if (strcmp(name, "auto") == 0) {
		struct nfc_backend legacy = { .ops = &backend_legacy_ops };

		if (legacy_in_use(&legacy)) {
			*why = "auto: the legacy tables hold rules";
			return "legacy";
		}
		*why = "auto: no legacy rules";
		return "nft";
	}
	return name;
}

int backend_open(struct nfc_backend *b, const char *name)
{
	const char *why;

	memset(b, 0, sizeof(*b));
	name = backend_resolve(name, &why);
	b->why = why;
	return open_named(b, name);
}

void backend_close(struct nfc_backend *b)
{
	if (b->ops)
		b->ops->close(b);
	b->ops = NULL;
}
