/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tables the kernel knows for iptables and ip6tables, with their
 * builtin chains, hooks and nf_tables priorities.
 */
#ifndef NFC_BUILTIN_H
#define NFC_BUILTIN_H

#include "nfcommit.h"

#define NFC_MAX_BUILTIN_CHAINS 5

struct builtin_chain {
	const char *name;
	int hook;     /* NF_INET_PRE_ROUTING ... */
	int priority; /* nf_tables base chain priority */
	const char *type; /* nf_tables chain type: filter, nat, route */
};

struct builtin_table {
	const char *name;
	struct builtin_chain chains[NFC_MAX_BUILTIN_CHAINS];
	unsigned int nchains;
};

const struct builtin_table *builtin_table_find(const char *name);
const struct builtin_chain *builtin_chain_find(const struct builtin_table *t,
					       const char *chain);
/* All known tables, in nf_tables' listing order. */
const struct builtin_table *builtin_tables(unsigned int *n);

#endif
