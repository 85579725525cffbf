// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IPv4/IPv6 parity (NFC021): a service, a protocol and destination port
 * that the filter table of one family accepts for new connections while
 * the other family's accepts it nowhere on the same hook.  Addresses are
 * not compared (they cannot be, across families); a rule counts as
 * accepting a service when it ends in ACCEPT, names tcp, udp, sctp or
 * dccp, and does not exclude new connections.
 */
#include <linux/netfilter.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "lint.h"
#include "lint_facts.h"

#define PORT_WORDS ((LF_PORT_MAX + 1) / 64)
#define PORTS_TEXT_MAX 96

static const uint8_t protos[] = { 6, 17, 132, 33 };
static const char *const proto_names[] = { "tcp", "udp", "sctp", "dccp" };
#define NPROTOS NFC_ARRAY_SIZE(protos)

static const int hooks[] = { NF_INET_LOCAL_IN, NF_INET_FORWARD,
			     NF_INET_LOCAL_OUT };
static const char *const hook_names[] = { "INPUT", "FORWARD", "OUTPUT" };
#define NHOOKS NFC_ARRAY_SIZE(hooks)

/* Ports accepted per hook and protocol, one bit per port. */
struct accepted {
	uint64_t bits[NHOOKS][NPROTOS][PORT_WORDS];
};

static int proto_index(const struct rule_facts *f)
{
	unsigned int i;

	if (f->proto_inv)
		return -1;
	for (i = 0; i < NPROTOS; i++)
		if (f->proto == protos[i])
			return (int)i;
	return -1;
}

/* The ports a service rule accepts; false when it is no service rule. */
static bool service(const struct rule_facts *f, struct lf_ports *ports)
{
	if (f->target != LF_T_ACCEPT || proto_index(f) < 0 ||
	    !(f->st_over & LF_ST_NEW))
		return false;
	if (f->has_dport)
		*ports = f->dport;
	else if (f->has_either)
		*ports = f->either;
	else
		ports_full(ports);
	return true;
}

/* Word at a time: a rule without a port accepts all 65536 of them. */
static void mark(uint64_t *bits, const struct lf_ports *p)
{
	unsigned int i, port;

	for (i = 0; i < p->n; i++) {
		port = p->r[i].lo;
		while (port <= p->r[i].hi) {
			if (port % 64 == 0 && port + 63 <= p->r[i].hi) {
				bits[port / 64] = UINT64_MAX;
				port += 64;
			} else {
				bits[port / 64] |= 1ULL << (port % 64);
				port++;
			}
		}
	}
}

static bool has(const uint64_t *bits, unsigned int port)
{
	return bits[port / 64] & (1ULL << (port % 64));
}

static const struct nfc_table *filter_of(const struct nfc_load *l)
{
	unsigned int i;

	for (i = 0; i < l->nimgs; i++)
		if (strcmp(l->imgs[i]->name, "filter") == 0)
			return l->imgs[i];
	return NULL;
}

typedef void (*service_fn)(void *arg, unsigned int hook, unsigned int proto,
			   const struct rule_facts *f,
			   const struct lf_ports *ports);

/* Call fn for every service rule of t, per hook that reaches it. */
static int for_services(const struct nfc_table *t, service_fn fn, void *arg)
{
	unsigned int *reach = calloc(t->nchains + 1, sizeof(*reach));
	unsigned int c, j, h;
	struct rule_facts f;
	struct lf_ports ports;
	struct lint_jumps jumps;
	int ret = -1;

	if (reach && lint_jumps_init(&jumps, t) == 0) {
		ret = lint_hooks(t, &jumps, reach, NULL);
		lint_jumps_free(&jumps);
	}
	if (ret < 0) {
		free(reach);
		return -1;
	}
	for (c = 0; c < t->nchains; c++)
		for (j = 0; j < t->chains[c]->nrules; j++) {
			facts_decode(&f, t->chains[c]->rules[j]);
			if (!service(&f, &ports))
				continue;
			for (h = 0; h < NHOOKS; h++)
				if (reach[c] & (1u << hooks[h]))
					fn(arg, h, (unsigned int)proto_index(&f),
					   &f, &ports);
		}
	free(reach);
	return 0;
}

static void collect(void *arg, unsigned int hook, unsigned int proto,
		    const struct rule_facts *f, const struct lf_ports *ports)
{
	struct accepted *a = arg;

	(void)f;
	mark(a->bits[hook][proto], ports);
}

struct compare {
	const struct accepted *other;
	const struct nfc_table *other_t;
	const char *fam, *other_fam, *other_name;
	struct nfc_diags *d;
	const struct nfc_rule *last; /* report a rule once */
};

/* The ports of p that bits lacks, as ranges (cut at LF_MAX_RANGES). */
static void missing(const struct lf_ports *p, const uint64_t *bits,
		    struct lf_ports *out)
{
	unsigned int i, port, span;

	out->n = 0;
	for (i = 0; i < p->n; i++)
		for (port = p->r[i].lo; port <= p->r[i].hi; port++) {
			if (port % 64 == 0 && bits[port / 64] == UINT64_MAX &&
			    port + 63 <= p->r[i].hi) {
				port += 63;
				continue;
			}
			if (has(bits, port))
				continue;
			if (port % 64 == 0 && !bits[port / 64] &&
			    port + 63 <= p->r[i].hi)
				span = 63; /* a whole word is missing */
			else
				span = 0;
			if (out->n && out->r[out->n - 1].hi + 1u == port) {
				out->r[out->n - 1].hi = (uint16_t)(port + span);
			} else if (out->n < LF_MAX_RANGES) {
				out->r[out->n].lo = (uint16_t)port;
				out->r[out->n].hi = (uint16_t)(port + span);
				out->n++;
			}
			port += span;
		}
}

static void compare_one(void *arg, unsigned int hook, unsigned int proto,
			const struct rule_facts *f,
			const struct lf_ports *ports)
{
	struct compare *c = arg;
	char text[PORTS_TEXT_MAX];
	struct lf_ports miss;
	struct nfc_diag *dg;

	if (c->last == f->rule)
		return;
	missing(ports, c->other->bits[hook][proto], &miss);
	if (!miss.n)
		return;
	c->last = f->rule;
	ports_format(&miss, text, sizeof(text));
	dg = finding_add(c->d, NFC_F_PARITY, &f->rule->loc,
			 "%s port%s %s: accepted here (%s filter %s) but by no rule of the %s file %s in filter %s",
			 proto_names[proto],
			 miss.n == 1 && miss.r[0].lo == miss.r[0].hi ? "" : "s",
			 text, c->fam, hook_names[hook], c->other_fam,
			 c->other_name, hook_names[hook]);
	if (c->other_t->loc.src)
		diag_set_related(dg, &c->other_t->loc,
				 "the %s filter table, which does not accept it",
				 c->other_fam);
}

int lint_parity(const struct nfc_load *v4, const struct nfc_load *v6,
		struct nfc_diags *d)
{
	const struct nfc_table *t4 = filter_of(v4), *t6 = filter_of(v6);
	struct accepted *a4, *a6;
	struct compare c = { .d = d };
	unsigned int before = d->count;

	if (!t4 || !t6)
		return 0;
	a4 = calloc(1, sizeof(*a4));
	a6 = calloc(1, sizeof(*a6));
	if (a4 && a6 && for_services(t4, collect, a4) == 0 &&
	    for_services(t6, collect, a6) == 0) {
		c.other = a6;
		c.other_t = t6;
		c.fam = "IPv4";
		c.other_fam = "IPv6";
		c.other_name = v6->src.name;
		for_services(t4, compare_one, &c);
		c.other = a4;
		c.other_t = t4;
		c.fam = "IPv6";
		c.other_fam = "IPv4";
		c.other_name = v4->src.name;
		c.last = NULL;
		for_services(t6, compare_one, &c);
	}
	free(a4);
	free(a6);
	return (int)(d->count - before);
}
