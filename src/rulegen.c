// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "rulegen.h"

/* The tables panic closes.  security is left alone like nat: it holds
 * MAC labels, and filter already drops what it would see. */
static const char *const panic_tables[] = { "raw", "mangle", "filter" };

/* Neighbour solicitation and advertisement. */
static const unsigned int ndp_types[] = { 135, 136 };

/* ICMPv6 that IPv6 needs at all: errors (1-4) and neighbour discovery
 * (router advertisement 134, solicitation 135, advertisement 136). */
static const unsigned int icmp6_needed[] = { 1, 2, 3, 4, 134, 135, 136 };
/* ICMP errors IPv4 needs: unreachable (incl. path MTU), time exceeded,
 * parameter problem. */
static const unsigned int icmp4_needed[] = { 3, 11, 12 };

/* open_memstream() sets *buf only when the stream is flushed or closed. */
static char *finish(FILE *f, char **buf)
{
	bool bad = ferror(f) != 0;

	if (fclose(f) != 0 || bad) {
		free(*buf);
		return NULL;
	}
	return *buf;
}

static void chain_lines(FILE *f, const struct builtin_table *t,
			const char *policy)
{
	unsigned int i;

	for (i = 0; i < t->nchains; i++)
		fprintf(f, ":%s %s [0:0]\n", t->chains[i].name, policy);
}

/* Does packets of chain c come in (-i) or go out (-o)?  FORWARD is
 * neither: panic routes nothing. */
static char chain_dir(const char *chain)
{
	if (strcmp(chain, "PREROUTING") == 0 || strcmp(chain, "INPUT") == 0)
		return 'i';
	if (strcmp(chain, "OUTPUT") == 0 || strcmp(chain, "POSTROUTING") == 0)
		return 'o';
	return 0;
}

/*
 * The SSH session's packets: TCP to or from the port, without SYN.  No
 * SYN means no new connection, while the session's packets pass whether
 * or not conntrack saw the connection start (it only tracks once some
 * rule needs it), and without the conntrack module at all.
 */
static void panic_ssh(FILE *f, enum nfc_family family, const char *chain,
		      char dir, unsigned int port)
{
	unsigned int i;

	fprintf(f, "-A %s -p tcp -m tcp --%s %u ! --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT\n",
		chain, dir == 'i' ? "dport" : "sport", port);
	if (family != NFC_IPV6)
		return;
	for (i = 0; i < NFC_ARRAY_SIZE(ndp_types); i++)
		fprintf(f, "-A %s -p ipv6-icmp -m icmp6 --icmpv6-type %u -j ACCEPT\n",
			chain, ndp_types[i]);
}

char *rulegen_panic(enum nfc_family family, bool allow_ssh,
		    unsigned int ssh_port)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	unsigned int i, j;

	if (!f)
		return NULL;
	fputs("# nfcommit panic: everything dropped but loopback\n", f);
	for (i = 0; i < NFC_ARRAY_SIZE(panic_tables); i++) {
		const struct builtin_table *t = builtin_table_find(panic_tables[i]);

		fprintf(f, "*%s\n", t->name);
		chain_lines(f, t, "DROP");
		for (j = 0; j < t->nchains; j++) {
			const char *c = t->chains[j].name;
			char dir = chain_dir(c);

			if (!dir)
				continue;
			fprintf(f, "-A %s -%c lo -j ACCEPT\n", c, dir);
			if (allow_ssh)
				panic_ssh(f, family, c, dir, ssh_port);
		}
		fputs("COMMIT\n", f);
	}
	return finish(f, &buf);
}

char *rulegen_open(enum nfc_family family, const char (*tables)[NFC_NAME_MAX],
		   unsigned int n)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	unsigned int i;

	(void)family; /* both families have the same tables and chains */
	if (!f)
		return NULL;
	fputs("# nfcommit flush: every table open, no rules\n", f);
	for (i = 0; i < n; i++) {
		const struct builtin_table *t = builtin_table_find(tables[i]);

		if (!t)
			continue;
		fprintf(f, "*%s\n", t->name);
		chain_lines(f, t, "ACCEPT");
		fputs("COMMIT\n", f);
	}
	return finish(f, &buf);
}

char *rulegen_emergency(enum nfc_family family)
{
	const bool v6 = family == NFC_IPV6;
	const unsigned int *types = v6 ? icmp6_needed : icmp4_needed;
	const unsigned int ntypes = v6 ? NFC_ARRAY_SIZE(icmp6_needed)
				       : NFC_ARRAY_SIZE(icmp4_needed);
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	unsigned int i;

	if (!f)
		return NULL;
	fputs("# nfcommit built-in fallback: loopback, replies, SSH\n"
	      "*filter\n"
	      ":INPUT DROP [0:0]\n"
	      ":FORWARD DROP [0:0]\n"
	      ":OUTPUT ACCEPT [0:0]\n"
	      "-A INPUT -i lo -j ACCEPT\n"
	      "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n",
	      f);
	for (i = 0; i < ntypes; i++)
		fprintf(f, v6 ? "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type %u -j ACCEPT\n"
			      : "-A INPUT -p icmp -m icmp --icmp-type %u -j ACCEPT\n",
			types[i]);
	fprintf(f, "-A INPUT -p tcp -m tcp --dport %u -j ACCEPT\nCOMMIT\n",
		NFC_SSH_PORT);
	return finish(f, &buf);
}
