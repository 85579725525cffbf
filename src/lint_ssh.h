/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Would these rules drop the operator's SSH session?
 *
 * The filter table's INPUT chain, and every user chain it jumps or goes
 * to, is walked for one TCP connection (from --ssh-from, to --ssh-to, or
 * from $SSH_CONNECTION) twice: for a packet of the established connection
 * and for the first packet (SYN) of a new one.  Matches the walk cannot
 * evaluate offline (an input interface, a rate limit, an ipset, a mark
 * ...) split it in two; the answer is "accepted" when every branch
 * accepts, "dropped" when every branch drops, and otherwise "undecided",
 * naming, on the first branch found that drops, the undecidable match
 * nearest to the drop.
 *
 * No libxtables and no kernel: this reads the rules' entries only, so
 * check (offline) and apply (before its commit) call it alike:
 *
 *	struct ssh_flow f;
 *	char msg[128];
 *
 *	if (ssh_flow_from_env(&f, getenv("SSH_CONNECTION"), msg,
 *			      sizeof(msg)) == 0 &&
 *	    ssh_check(imgs, nimgs, &f, d) != SSH_ACCEPTED && !yes_i_know)
 *		refuse: the diagnostics on d say why;
 */
#ifndef NFC_LINT_SSH_H
#define NFC_LINT_SSH_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "ruleset.h"

#define SSH_DEFAULT_PORT 22
#define SSH_WHAT_MAX 96

struct ssh_flow {
	enum nfc_family family;
	unsigned char saddr[16], daddr[16]; /* IPv4 uses the first 4 bytes */
	uint16_t sport;   /* the client's port, if sport_known */
	bool sport_known;
	uint16_t dport;
	char iniface[IFNAMSIZ]; /* where packets arrive; "" if not known */
};

/* from: ADDR or ADDR:PORT ([ADDR]:PORT for IPv6); to: ADDR[:PORT] (port
 * 22 if none).  Returns 0, or -1 with a message in msg. */
int ssh_flow_parse(struct ssh_flow *f, const char *from, const char *to,
		   char *msg, size_t msglen);
/* The value of $SSH_CONNECTION ("CLIENT CPORT SERVER SPORT"); NULL or
 * empty (no SSH session) gives -1 with a message. */
int ssh_flow_from_env(struct ssh_flow *f, const char *value, char *msg,
		      size_t msglen);
/* "192.0.2.7:50022 -> 192.0.2.1:22" */
void ssh_flow_format(const struct ssh_flow *f, char *buf, size_t len);

enum ssh_verdict {
	SSH_ACCEPTED,
	SSH_UNDECIDED,
	SSH_DROPPED,
};

struct ssh_outcome {
	enum ssh_verdict verdict;
	/* The rule (or, with rule NULL, the policy line) that drops the
	 * packet; for SSH_ACCEPTED the one that accepts it. */
	const struct nfc_rule *rule;
	struct nfc_loc where;
	/* SSH_UNDECIDED: the rule holding the match that decides, the
	 * match, and whether the drop needs it to match (true) or not. */
	struct nfc_loc undecided_at;
	char what[SSH_WHAT_MAX];
	bool if_matches;
	/* The rule at where hands the packet on (-j NFQUEUE, a target
	 * nfcommit does not know) instead of dropping it. */
	bool hands_off;
};

/* Evaluate filter's INPUT path for a packet of f: of the established
 * connection, or the SYN of a new one.  Returns 0, or -1 when filter has
 * no INPUT chain or memory runs out. */
int ssh_evaluate(const struct nfc_table *filter, const struct ssh_flow *f,
		 bool established, struct ssh_outcome *out);

/* Evaluate both packets on the filter table of f's family among imgs
 * and queue NFC022 (dropped) or NFC023 (undecided) findings on d.
 * Returns the worse of the two verdicts; SSH_ACCEPTED also when imgs
 * hold no filter table of that family (the live one stays). */
enum ssh_verdict ssh_check(struct nfc_table *const *imgs, unsigned int n,
			   const struct ssh_flow *f, struct nfc_diags *d);

#endif
