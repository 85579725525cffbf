/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x_tables tables as the kernel takes and gives them, without libiptc.
 *
 * A table image becomes the ipt_replace (ip6t_replace) blob in one pass
 * over one buffer, laid out exactly as libiptc lays it out (builtin chains
 * in hook order, then user chains sorted by name, each user chain behind
 * an ERROR entry that names it, every chain closed by its policy or a
 * RETURN, one ERROR entry at the end), so that the kernel ends up in the
 * same state as after iptables-legacy-restore.  The kernel is asked for
 * the table's entry count only (IPT_SO_GET_INFO), never for its rules,
 * and IPT_SO_SET_ADD_COUNTERS is sent only when a counter is not zero.
 *
 * A raw snapshot is a table read back as the kernel gives it; committing
 * it puts the table back as it was, counters included (rollback).
 */
#ifndef NFC_LEGACY_BLOB_H
#define NFC_LEGACY_BLOB_H

#include <stddef.h>

#include "ruleset.h"

/*
 * Replace the kernel's table img->name (of img->family) with img, in two
 * steps, so that several tables can all be built before the first one is
 * replaced: the time between their replaces is then that of the system
 * calls alone.  legacy_blob_apply is all or nothing: when setting the
 * counters fails after the replace, the table is put back as it was (err
 * says so if that fails too).  Both return 0 or -errno with a message in
 * err.  An image with consume set has no rules left after the build
 * (ruleset.h).
 */
struct legacy_blob;

int legacy_blob_build(struct nfc_table *img, struct legacy_blob **out,
		      char *err, size_t errlen);
int legacy_blob_apply(struct legacy_blob *bl, char *err, size_t errlen);
void legacy_blob_free(struct legacy_blob *bl);

struct legacy_raw;

int legacy_raw_read(enum nfc_family family, const char *name,
		    struct legacy_raw **out, char *err, size_t errlen);
int legacy_raw_commit(const struct legacy_raw *raw, char *err,
		      size_t errlen);
const char *legacy_raw_name(const struct legacy_raw *raw);
/* The image legacy_blob_read() would have given when raw was read. */
int legacy_raw_decode(const struct legacy_raw *raw, struct nfc_table **out,
		      char *err, size_t errlen);
void legacy_raw_free(struct legacy_raw *raw);

/* Read table name into a new image, as the kernel holds it. */
int legacy_blob_read(enum nfc_family family, const char *name,
		     struct nfc_table **out, char *err, size_t errlen);

#endif
