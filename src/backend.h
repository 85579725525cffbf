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
	/* Optional: read_table in two steps.  capture keeps what the kernel
	 * holds as it is (opaque, in *cap); capture_decode makes the image
	 * of it that read_table would have given, or with out NULL only
	 * frees it, and frees it either way.  For a rollback, which must
	 * take the tables as they are just before it replaces them but has
	 * no need of the image until its rules are back. */
	int (*capture)(struct nfc_backend *b, enum nfc_family family,
		       const char *name, void **cap);
	int (*capture_decode)(struct nfc_backend *b, void *cap,
			      struct nfc_table **out);
	/* Make imgs live, all of them or none; they may be of both families
	 * (each image says which).  Errors go to d.  -ERESTART: another
	 * program changed the ruleset since the images' tables were read;
	 * nothing was changed, build the images again and retry (images
	 * that read nothing are sent again by the backend itself). */
	int (*commit)(struct nfc_backend *b, struct nfc_table **imgs,
		      unsigned int n, struct nfc_diags *d);
	/* Optional: have the kernel check imgs as commit would, keeping
	 * nothing (restore --test).  Returns as commit does. */
	int (*validate)(struct nfc_backend *b, struct nfc_table **imgs,
			unsigned int n, struct nfc_diags *d);
	/* Optional: empty img the way a restore without --noflush replaces
	 * a table.  When set, such a restore starts from table_new() and
	 * never reads the table; when NULL it reads the table and calls
	 * apply_flush_base(). */
	void (*flush_image)(struct nfc_backend *b, struct nfc_table *img);
	/* Optional: how save shows a table read_table returned (enum
	 * nfc_save_note, with the note's text), or -errno with b->err set
	 * when it cannot be shown. */
	int (*save_note)(struct nfc_backend *b, const struct nfc_table *t,
			 char *note, size_t len);
	void (*close)(struct nfc_backend *b);
};

#define NFC_NOTE_MAX 256 /* room for a save_note */

enum nfc_save_note {
	NFC_SAVE_PRINT,     /* print the table */
	NFC_SAVE_NOTE,      /* print the note, then the table */
	NFC_SAVE_NOTE_ONLY, /* print the note instead of the table */
};

struct nfc_backend {
	const struct nfc_backend_ops *ops;
	char err[512];       /* message of the last failed call */
	const char *why;     /* how the backend was chosen, for -v */
	/* Set by the caller when nothing reads the images after commit:
	 * commit may then free their rules as it sends them (a large
	 * ruleset need not be in memory twice). */
	bool consume;
	void *priv;
};

/* How often a commit that does not depend on what the kernel held is
 * sent again when another program changed the ruleset meanwhile. */
#define NFT_COMMIT_ATTEMPTS 5

/* The environment variable that names the default backend. */
#define NFC_BACKEND_ENV "NFCOMMIT_BACKEND"

/*
 * Open the named backend: "legacy", "nft", or "auto" (legacy when the
 * legacy tables of either family hold rules, so that one host never mixes
 * the two, else nft).  NULL means $NFCOMMIT_BACKEND, else "auto".
 * Returns 0 or -errno with b->err set.
 */
int backend_open(struct nfc_backend *b, const char *name);
/* The backend backend_open would open for name ("auto" and NULL
 * resolved, which reads the legacy tables but changes nothing), and
 * in *why how it was chosen.  An unknown name is returned as it is:
 * backend_open refuses it. */
const char *backend_resolve(const char *name, const char **why);
void backend_close(struct nfc_backend *b);

extern const struct nfc_backend_ops backend_legacy_ops;
extern const struct nfc_backend_ops backend_nft_ops;

/* Called by backend_open for "nft". */
int backend_nft_init(struct nfc_backend *b);
/* Empty img as nft's flush_image does, without the kernel: for images
 * built while parsing, before the backend is open.  nft's commit replaces
 * a table it never read whole, so the image needs no registering. */
void backend_nft_empty_image(struct nfc_table *img);
/* The netlink session of an nft backend (NULL for another backend), for
 * snapshot_nft.h. */
struct nft_nl;
struct nft_nl *backend_nft_nl(struct nfc_backend *b);

#endif
