// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fdio.h"
#include "wire.h"

/* A sanity bound on what the stream may announce, far above any real
 * file, so that a corrupt stream cannot make us allocate without end. */
#define WIRE_MAX_COUNT (64u * 1024 * 1024)

int wire_send_script(int fd, const struct nfc_script *s)
{
	uint32_t n = s->nsecs;
	unsigned int i, j, k;
	int ret = fd_write_all(fd, &n, sizeof(n));

	for (i = 0; i < s->nsecs && ret == 0; i++) {
		const struct nfc_section *sec = &s->secs[i];

		ret = fd_write_all(fd, sec, sizeof(*sec));
		for (j = 0; j < sec->ncmds && ret == 0; j++) {
			const struct nfc_cmd *c = &sec->cmds[j];

			ret = fd_write_all(fd, c, sizeof(*c));
			for (k = 0; k < c->nrules && ret == 0; k++) {
				const struct nfc_rule *r = c->rules[k];

				ret = fd_write_all(fd, r, sizeof(*r) + r->size);
			}
		}
	}
	return ret;
}

static int recv_rule(int fd, struct nfc_rule **out)
{
	struct nfc_rule hdr, *r;
	int ret = fd_read_all(fd, &hdr, sizeof(hdr));

	if (ret)
		return ret;
	r = malloc(sizeof(hdr) + hdr.size);
	if (!r)
		return -ENOMEM;
	memcpy(r, &hdr, sizeof(hdr));
	r->flags &= (uint8_t)~(NFC_RULE_ARENA | NFC_RULE_PLACED); /* malloc'd */
	ret = fd_read_all(fd, r->entry, hdr.size);
	if (ret) {
		free(r);
		return ret;
	}
	*out = r;
	return 0;
}

static int recv_cmd(int fd, struct nfc_cmd *c)
{
	unsigned int k, n;
	int ret = fd_read_all(fd, c, sizeof(*c));

	n = c->nrules;
	c->rules = NULL;
	c->nrules = 0;
	if (ret)
		return ret;
	if (n > WIRE_MAX_COUNT)
		return -EPROTO;
	if (n) {
		c->rules = calloc(n, sizeof(*c->rules));
		if (!c->rules)
			return -ENOMEM;
	}
	for (k = 0; k < n; k++) {
		ret = recv_rule(fd, &c->rules[k]);
		if (ret)
			return ret;
		c->nrules++;
	}
	return 0;
}

int wire_recv_script(int fd, struct nfc_script *s)
{
	uint32_t n;
	unsigned int i, j, ncmds;
	int ret = fd_read_all(fd, &n, sizeof(n));

	if (ret)
		return ret;
	if (n > WIRE_MAX_COUNT)
		return -EPROTO;
	s->secs = calloc(n ? n : 1, sizeof(*s->secs));
	if (!s->secs)
		return -ENOMEM;
	s->cap = n;
	for (i = 0; i < n; i++) {
		struct nfc_section *sec = &s->secs[i];

		ret = fd_read_all(fd, sec, sizeof(*sec));
		ncmds = sec->ncmds;
		sec->cmds = NULL;
		sec->ncmds = sec->cap = 0;
		s->nsecs++;
		if (ret)
			return ret;
		if (ncmds > WIRE_MAX_COUNT)
			return -EPROTO;
		sec->cmds = calloc(ncmds ? ncmds : 1, sizeof(*sec->cmds));
		if (!sec->cmds)
			return -ENOMEM;
		sec->cap = ncmds;
		for (j = 0; j < ncmds; j++) {
			sec->ncmds++;
			ret = recv_cmd(fd, &sec->cmds[j]);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* On-disk layout of one table: its header, then per chain its header and
 * rules.  Same binary at both ends, so plain structs are fine. */
struct wire_table {
	char name[NFC_NAME_MAX];
	uint32_t family;
	uint32_t nchains;
};

struct wire_chain {
	char name[NFC_NAME_MAX];
	int32_t hook;
	uint32_t policy;
	struct xt_counters counters;
	uint32_t nrules;
};

static int send_table(int fd, const struct nfc_table *t)
{
	struct wire_table wt = { .family = t->family, .nchains = t->nchains };
	unsigned int i, j;
	int ret;

	memcpy(wt.name, t->name, sizeof(wt.name));
	ret = fd_write_all(fd, &wt, sizeof(wt));
	for (i = 0; i < t->nchains && ret == 0; i++) {
		const struct nfc_chain *c = t->chains[i];
		struct wire_chain wc = { .hook = c->hook, .policy = c->policy,
					 .counters = c->counters,
					 .nrules = c->nrules };

		memcpy(wc.name, c->name, sizeof(wc.name));
		ret = fd_write_all(fd, &wc, sizeof(wc));
		for (j = 0; j < c->nrules && ret == 0; j++) {
			struct nfc_rule hdr = *c->rules[j];

			memset(&hdr.loc, 0, sizeof(hdr.loc));
			ret = fd_write_all(fd, &hdr, sizeof(hdr));
			if (ret == 0)
				ret = fd_write_all(fd, c->rules[j]->entry,
						   hdr.size);
		}
	}
	return ret;
}

int wire_send_tables(int fd, struct nfc_table *const *t, unsigned int n)
{
	uint32_t count = n;
	unsigned int i;
	int ret = fd_write_all(fd, &count, sizeof(count));

	for (i = 0; i < n && ret == 0; i++)
		ret = send_table(fd, t[i]);
	return ret;
}

static int recv_chain(int fd, struct nfc_table *t)
{
	struct wire_chain wc;
	struct nfc_chain *c;
	unsigned int j;
	int ret = fd_read_all(fd, &wc, sizeof(wc));

	if (ret)
		return ret;
	wc.name[sizeof(wc.name) - 1] = '\0';
	if (wc.nrules > WIRE_MAX_COUNT)
		return -EPROTO;
	c = table_add_chain(t, wc.name, wc.hook);
	if (!c)
		return -ENOMEM;
	c->policy = (enum nfc_policy)wc.policy;
	c->counters = wc.counters;
	for (j = 0; j < wc.nrules; j++) {
		struct nfc_rule *r;

		ret = recv_rule(fd, &r);
		if (ret)
			return ret;
		if (chain_insert_rule(c, c->nrules, r) < 0) {
			rule_free(r);
			return -ENOMEM;
		}
	}
	return 0;
}

int wire_recv_tables(int fd, struct nfc_table ***out, unsigned int *n)
{
	struct nfc_table **v;
	uint32_t count;
	unsigned int i, k;
	int ret = fd_read_all(fd, &count, sizeof(count));

	*out = NULL;
	*n = 0;
	if (ret)
		return ret;
	if (count > WIRE_MAX_COUNT)
		return -EPROTO;
	v = calloc(count ? count : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < count && ret == 0; i++) {
		struct wire_table wt;

		ret = fd_read_all(fd, &wt, sizeof(wt));
		if (ret)
			break;
		wt.name[sizeof(wt.name) - 1] = '\0';
		if (wt.nchains > WIRE_MAX_COUNT ||
		    (wt.family != NFC_IPV4 && wt.family != NFC_IPV6)) {
			ret = -EPROTO;
			break;
		}
		v[i] = table_new((enum nfc_family)wt.family, wt.name);
		if (!v[i]) {
			ret = -ENOMEM;
			break;
		}
		for (k = 0; k < wt.nchains && ret == 0; k++)
			ret = recv_chain(fd, v[i]);
	}
	if (ret) {
		for (k = 0; k < count; k++)
			table_free(v[k]);
		free(v);
		return ret;
	}
	*out = v;
	*n = count;
	return 0;
}
