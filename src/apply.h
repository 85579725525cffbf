/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Turning a parsed section into a complete table image: its commands run,
 * in file order, against a base image (the kernel's table for --noflush,
 * an emptied one otherwise), with every error tied to its line.
 */
#ifndef NFC_APPLY_H
#define NFC_APPLY_H

#include "diag.h"
#include "ruleset.h"
#include "script.h"

struct apply_opts {
	bool noflush;
	/* Move the rules of -A/-I/-R into the image instead of copying
	 * them (half the memory for large files); the section cannot be
	 * applied again. */
	bool take_rules;
};

/* Empty the base image the way a restore without --noflush does: rules
 * and user chains go, builtin policies and their counters stay. */
void apply_flush_base(struct nfc_table *img);

/* Run one command on img as apply_section would (with take_rules, its
 * rules move into img).  Returns the number of errors queued on d. */
int apply_command(struct nfc_table *img, const struct nfc_cmd *cmd,
		  const struct apply_opts *o, struct nfc_diags *d);

/* Run sec's commands on img.  Returns the number of errors queued on d. */
int apply_section(struct nfc_table *img, const struct nfc_section *sec,
		  const struct apply_opts *o, struct nfc_diags *d);

#endif
