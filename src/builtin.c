// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>
#include <linux/netfilter.h>

#include "builtin.h"

/*
 * nf_tables lists tables in this order (iptables-nft-save walks this
 * array); legacy lists them in kernel registration order instead.
 */
static const struct builtin_table tables[] = {
	{ "mangle",
	  { { "PREROUTING", NF_INET_PRE_ROUTING, -150, "filter" },
	    { "INPUT", NF_INET_LOCAL_IN, -150, "filter" },
	    { "FORWARD", NF_INET_FORWARD, -150, "filter" },
	    { "OUTPUT", NF_INET_LOCAL_OUT, -150, "route" },
	    { "POSTROUTING", NF_INET_POST_ROUTING, -150, "filter" } },
	  5 },
	{ "security",
	  { { "INPUT", NF_INET_LOCAL_IN, 150, "filter" },
	    { "FORWARD", NF_INET_FORWARD, 150, "filter" },
	    { "OUTPUT", NF_INET_LOCAL_OUT, 150, "filter" } },
	  3 },
	{ "raw",
	  { { "PREROUTING", NF_INET_PRE_ROUTING, -300, "filter" },
	    { "OUTPUT", NF_INET_LOCAL_OUT, -300, "filter" } },
	  2 },
	{ "filter",
	  { { "INPUT", NF_INET_LOCAL_IN, 0, "filter" },
	    { "FORWARD", NF_INET_FORWARD, 0, "filter" },
	    { "OUTPUT", NF_INET_LOCAL_OUT, 0, "filter" } },
	  3 },
	{ "nat",
	  { { "PREROUTING", NF_INET_PRE_ROUTING, -100, "nat" },
	    { "INPUT", NF_INET_LOCAL_IN, 100, "nat" },
	    { "OUTPUT", NF_INET_LOCAL_OUT, -100, "nat" },
	    { "POSTROUTING", NF_INET_POST_ROUTING, 100, "nat" } },
	  4 },
};

const struct builtin_table *builtin_table_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < NFC_ARRAY_SIZE(tables); i++)
		if (strcmp(tables[i].name, name) == 0)
			return &tables[i];
	return NULL;
}

const struct builtin_chain *builtin_chain_find(const struct builtin_table *t,
					       const char *chain)
{
	unsigned int i;

	for (i = 0; i < t->nchains; i++)
		if (strcmp(t->chains[i].name, chain) == 0)
			return &t->chains[i];
	return NULL;
}

const struct builtin_table *builtin_tables(unsigned int *n)
{
	*n = NFC_ARRAY_SIZE(tables);
	return tables;
}
