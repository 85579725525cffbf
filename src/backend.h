/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel behind one small interface.  A backend reads table images and
 * commits a set of them all-or-nothing; everything above it (restore,
 * save, apply's snapshots) knows nothing of libiptc or netlink.
 */
#ifndef NFC_BACKEND_H
#define NFC_BACKEND_H

#include "diag.h"
#include "ruleset.h"

struct nfc_backend;

struct nfc_backend_ops {
	const char *name;
	/* Names of the tables of family that exist now, in the order save
	 * lists them. */
	int (*list_tables)(struct nfc_backend *b, enum nfc_family family,
			   char (*names)[NFC_NAME_MAX], unsigned int max,
			   unsigned int *n);
	/* The current image of a table (created empty if the kernel has to). */
	int (*read_table)(struct nfc_backend *b, enum nfc_family family,
			  const char *name, struct nfc_table **out);
	/* Make imgs live, all of them or none; they may be of both families
	 * (each image says which).  Errors go to d. */
	int (*commit)(struct nfc_backend *b, struct nfc_table **imgs,
		      unsigned int n, struct nfc_diags *d);
	void (*close)(struct nfc_backend *b);
};

struct nfc_backend {
	const struct nfc_backend_ops *ops;
	char err[512]; /* message of the last failed call */
	void *priv;
};

/* Open the named backend ("legacy").  Returns 0 or -errno with b->err
 * set. */
int backend_open(struct nfc_backend *b, const char *name);
void backend_close(struct nfc_backend *b);

extern const struct nfc_backend_ops backend_legacy_ops;

#endif
