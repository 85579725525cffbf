/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libxtables' process-wide state lives here and nowhere else.
 *
 * libxtables keeps its extensions, the merged getopt table and the
 * per-rule match and target blobs in globals, and reports errors through
 * a noreturn callback.  This file owns that state: it initialises the
 * library once per process for one family, picks how extension revisions
 * are probed, and turns the library's fatal errors into return codes.
 */
#ifndef NFC_XT_H
#define NFC_XT_H

#include <stddef.h>
#include <stdint.h>

#include "nfcommit.h"

enum xt_probe {
	XT_PROBE_KERNEL,  /* ask the kernel which revisions it supports */
	XT_PROBE_OFFLINE, /* assume the newest: no socket, no modprobe */
};

/* Initialise libxtables for family.  A process serves one family; a second
 * call with another family fails with -EBUSY. */
int xt_init(enum nfc_family family, enum xt_probe probe, char *msg,
	    size_t msglen);
/* The family libxtables serves, 0 before xt_init. */
enum nfc_family xt_family(void);

/*
 * Run fn(arg), catching libxtables' fatal errors: returns fn's result, or
 * -1 with the library's message in msg.  Callers must not hold resources
 * across a call that fn does not release itself, since the error path
 * leaves fn by longjmp.
 */
int xt_protect(int (*fn)(void *), void *arg, char *msg, size_t msglen);

/* Bytes of an extension blob that userspace fills (the rest is kernel
 * scratch); size when the extension is unknown. */
size_t xt_usersize(uint8_t family, int is_target, const char *name,
		   uint8_t revision, size_t size);

#endif
