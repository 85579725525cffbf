// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A numeric port never reaches the resolver.
 *
 * libxtables turns every port of an XTTYPE_PORT/PORTRC option (udp
 * --sport/--dport, conntrack --ctorigsrcport, dccp, TPROXY ...) into a
 * number with getaddrinfo(NULL, port, NULL, &res), also when the port is
 * already a number.  With hints NULL, glibc applies AI_ADDRCONFIG and
 * dumps the host's addresses over netlink for each call: some 20 us and
 * ten system calls per port, a third of a large restore.
 *
 * This file interposes getaddrinfo() and freeaddrinfo() for the whole
 * program (the executable's definitions come first in the dynamic
 * symbol lookup, so libxtables' calls land here).  Exactly one kind of
 * call is answered here: no node, no hints, and a service of one to five
 * decimal digits worth at most 65535.  glibc answers such a call with the
 * number as the port (strtoul, no name lookup: checked for every value,
 * leading zeros included, by tests/unit/test_resolve.c), and libxtables
 * reads nothing but the port of the first IPv4 or IPv6 result.  Every
 * other call, names and odd spellings such as "+5" or "99999" included,
 * goes to the C library unchanged.
 */
#include <dlfcn.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "resolve_numeric.h"

#define PORT_DIGITS_MAX 5
#define PORT_MAX 65535
/* Marks a result made here: no resolver returns this protocol number
 * (protocol numbers are 0-255), so freeaddrinfo() can tell ours apart
 * by reading a field every struct addrinfo has. */
#define NUMERIC_RESULT_MARK 0x6e6663

struct numeric_result {
	struct addrinfo ai;
	struct sockaddr_in sin;
};

typedef int (*gai_fn)(const char *, const char *, const struct addrinfo *,
		      struct addrinfo **);
typedef void (*fai_fn)(struct addrinfo *);

int resolve_numeric_port(const char *service)
{
	unsigned int v = 0;
	size_t i;

	if (!service)
		return -1;
	for (i = 0; service[i]; i++) {
		if (i == PORT_DIGITS_MAX || service[i] < '0' || service[i] > '9')
			return -1;
		v = v * 10 + (unsigned int)(service[i] - '0');
	}
	if (i == 0 || v > PORT_MAX)
		return -1;
	return (int)v;
}

int getaddrinfo(const char *node, const char *service,
		const struct addrinfo *hints, struct addrinfo **res)
{
	struct numeric_result *r;
	gai_fn next;
	int port = node || hints ? -1 : resolve_numeric_port(service);

	if (port >= 0) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return EAI_MEMORY;
		r->sin.sin_family = AF_INET;
		r->sin.sin_port = htons((uint16_t)port);
		r->ai.ai_family = AF_INET;
		r->ai.ai_protocol = NUMERIC_RESULT_MARK;
		r->ai.ai_addrlen = sizeof(r->sin);
		r->ai.ai_addr = (struct sockaddr *)&r->sin;
		*res = &r->ai;
		return 0;
	}
	next = (gai_fn)dlsym(RTLD_NEXT, "getaddrinfo");
	if (!next)
		return EAI_SYSTEM;
	return next(node, service, hints, res);
}

void freeaddrinfo(struct addrinfo *res)
{
	fai_fn next;

	if (res && res->ai_protocol == NUMERIC_RESULT_MARK) {
		free(res); /* the addrinfo is the first member */
		return;
	}
	next = (fai_fn)dlsym(RTLD_NEXT, "freeaddrinfo");
	if (next)
		next(res);
}
