/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reload's way of replacing a table: the kernel's table is the base, and
 * only the chains the file declares are emptied before its commands run.
 * Chains the file does not name (docker's, libvirt's, fail2ban's, kube's)
 * keep their rules, and tables it does not name are not touched at all.
 */
#ifndef NFC_KEEP_FOREIGN_H
#define NFC_KEEP_FOREIGN_H

#include "ruleset.h"
#include "script.h"

void keep_foreign_flush(struct nfc_table *img, const struct nfc_section *sec);

#endif
