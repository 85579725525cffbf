// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The legacy backend: x_tables.  Tables are read and written as the
 * kernel's own blobs (legacy_blob.h).  The kernel swaps a whole table per
 * setsockopt, so a file of several tables is made all-or-nothing here:
 * every table but the last is read before the first replace, and when a
 * later table fails the earlier ones are put back from those copies.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "legacy_blob.h"

/* The tables of each family the kernel holds now. */
static const char *names_file(enum nfc_family family)
{
	return family == NFC_IPV6 ? "/proc/net/ip6_tables_names"
				  : "/proc/net/ip_tables_names";
}

static int legacy_list_tables(struct nfc_backend *b, enum nfc_family family,
			      char (*names)[NFC_NAME_MAX], unsigned int max,
			      unsigned int *n)
{
	FILE *f = fopen(names_file(family), "re");
	char line[NFC_NAME_MAX + 2];

	*n = 0;
	if (!f) {
		if (errno == ENOENT)
			return 0; /* x_tables not loaded: no tables */
		snprintf(b->err, sizeof(b->err), "cannot read %s: %s",
			 names_file(family), strerror(errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), f) && *n < max) {
		line[strcspn(line, "\n")] = '\0';
		snprintf(names[(*n)++], NFC_NAME_MAX, "%.*s", NFC_NAME_MAX - 1, line);
	}
	fclose(f);
	return 0;
}

/* The kernel's blob read directly (legacy_blob.h), as libiptc reads it. */
static int legacy_read_table(struct nfc_backend *b, enum nfc_family family,
			     const char *name, struct nfc_table **out)
{
	return legacy_blob_read(family, name, out, b->err, sizeof(b->err));
}

/* The blob as the kernel gives it; it is decoded later, if at all. */
static int legacy_capture(struct nfc_backend *b, enum nfc_family family,
			  const char *name, void **cap)
{
	struct legacy_raw *raw;
	int ret = legacy_raw_read(family, name, &raw, b->err, sizeof(b->err));

	*cap = ret ? NULL : raw;
	return ret;
}

static int legacy_capture_decode(struct nfc_backend *b, void *cap,
				 struct nfc_table **out)
{
	int ret = out ? legacy_raw_decode(cap, out, b->err, sizeof(b->err))
		      : 0;

	legacy_raw_free(cap);
	return ret;
}

static void report_commit_error(struct nfc_backend *b,
				const struct nfc_table *img, int err,
				struct nfc_diags *d)
{
	const struct nfc_loc *loc = img->commit_loc.src ? &img->commit_loc
							: &img->loc;
	const char *hint = err == -ELOOP
		? " (a chain jumps back into itself)"
		: err == -EINVAL
		? " (a match or target is not allowed in this table or chain, or the kernel lacks a module)"
		: "";

	diag_add(d, NFC_ERROR, loc->src ? loc : NULL,
		 "the kernel rejected table `%s': %s%s", img->name, b->err,
		 hint);
}

static int legacy_commit(struct nfc_backend *b, struct nfc_table **imgs,
			 unsigned int n, struct nfc_diags *d)
{
	/* A table whose commit fails is as it was (legacy_blob_apply puts
	 * it back itself): only the ones before it may have to be put back,
	 * so the last one is not read.  Every table is built before the
	 * first is replaced, so that the tables change in quick succession. */
	struct legacy_raw **snap = calloc(n ? n : 1, sizeof(*snap));
	struct legacy_blob **blob = calloc(n ? n : 1, sizeof(*blob));
	char msg[sizeof(b->err)];
	unsigned int i, j;
	int ret = 0;

	if (!snap || !blob) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i + 1 < n && ret == 0; i++)
		ret = legacy_raw_read(imgs[i]->family, imgs[i]->name, &snap[i],
				      b->err, sizeof(b->err));
	if (ret < 0) {
		diag_add(d, NFC_ERROR, NULL, "%s", b->err);
		goto out;
	}
	for (i = 0; i < n; i++) {
		ret = legacy_blob_build(imgs[i], &blob[i], b->err,
					sizeof(b->err));
		if (ret < 0) {
			report_commit_error(b, imgs[i], ret, d);
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		ret = legacy_blob_apply(blob[i], b->err, sizeof(b->err));
		if (ret == 0)
			continue;
		report_commit_error(b, imgs[i], ret, d);
		for (j = i; j-- > 0;) {
			if (legacy_raw_commit(snap[j], msg, sizeof(msg)) < 0)
				diag_add(d, NFC_ERROR, NULL,
					 "ROLLBACK FAILED: table `%s' could not be put back (%s); it holds the new rules",
					 legacy_raw_name(snap[j]), msg);
			else
				diag_add(d, NFC_NOTE, NULL,
					 "table `%s' was put back as it was",
					 legacy_raw_name(snap[j]));
		}
		break;
	}
out:
	for (i = 0; i < n && snap && blob; i++) {
		legacy_raw_free(snap[i]);
		legacy_blob_free(blob[i]);
	}
	free(snap);
	free(blob);
	return ret;
}

static void legacy_close(struct nfc_backend *b)
{
	(void)b;
}

const struct nfc_backend_ops backend_legacy_ops = {
	.name = "legacy",
	.list_tables = legacy_list_tables,
	.read_table = legacy_read_table,
	.capture = legacy_capture,
	.capture_decode = legacy_capture_decode,
	.commit = legacy_commit,
	.close = legacy_close,
};
