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

/* The reading end: unbuffered (buf NULL: a pipe may carry more after
 * what we read) or, for tables, which travel only through files, in
 * large reads rather than two system calls per rule. */
struct rd {
	int fd;
	unsigned char *buf;
	size_t pos, len;
};

#define WIRE_BUF_SIZE (256 * 1024)

static int rd_get(struct rd *r, void *out, size_t len)
{
	unsigned char *o = out;
	ssize_t n;

	if (!r->buf)
		return fd_read_all(r->fd, out, len);
	while (len) {
		if (r->pos == r->len) {
			do
				n = read(r->fd, r->buf, WIRE_BUF_SIZE);
			while (n < 0 && errno == EINTR);
			if (n <= 0)
				return n < 0 ? -errno : -EPROTO;
			r->pos = 0;
			r->len = (size_t)n;
		}
		n = (ssize_t)(r->len - r->pos < len ? r->len - r->pos : len);
		memcpy(o, r->buf + r->pos, (size_t)n);
		r->pos += (size_t)n;
		o += n;
		len -= (size_t)n;
	}
	return 0;
}

static int recv_rule(struct rd *rd, struct nfc_rule **out)
{
	struct nfc_rule hdr, *r;
	int ret = rd_get(rd, &hdr, sizeof(hdr));

	if (ret)
		return ret;
	r = malloc(sizeof(hdr) + hdr.size);
	if (!r)
		return -ENOMEM;
	memcpy(r, &hdr, sizeof(hdr));
	r->flags &= (uint8_t)~(NFC_RULE_ARENA | NFC_RULE_PLACED); /* malloc'd */
	ret = rd_get(rd, r->entry, hdr.size);
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
		struct rd rd = { .fd = fd };

		ret = recv_rule(&rd, &c->rules[k]);
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

/* The writing end of a table stream: large writes. */
struct wr {
	int fd;
	unsigned char *buf;
	size_t len;
	int err;
};

static int wr_flush(struct wr *w)
{
	if (w->err == 0 && w->len)
		w->err = fd_write_all(w->fd, w->buf, w->len);
	w->len = 0;
	return w->err;
}

static int wr_put(struct wr *w, const void *p, size_t len)
{
	if (w->err)
		return w->err;
	if (w->len + len > WIRE_BUF_SIZE && wr_flush(w))
		return w->err;
	if (len > WIRE_BUF_SIZE)
		return w->err = fd_write_all(w->fd, p, len);
	memcpy(w->buf + w->len, p, len);
	w->len += len;
	return 0;
}

static int send_table(struct wr *fd, const struct nfc_table *t)
{
	struct wire_table wt = { .family = t->family, .nchains = t->nchains };
	unsigned int i, j;
	int ret;

	memcpy(wt.name, t->name, sizeof(wt.name));
	ret = wr_put(fd, &wt, sizeof(wt));
	for (i = 0; i < t->nchains && ret == 0; i++) {
		const struct nfc_chain *c = t->chains[i];
		struct wire_chain wc = { .hook = c->hook, .policy = c->policy,
					 .counters = c->counters,
					 .nrules = c->nrules };

		memcpy(wc.name, c->name, sizeof(wc.name));
		ret = wr_put(fd, &wc, sizeof(wc));
		for (j = 0; j < c->nrules && ret == 0; j++) {
			struct nfc_rule hdr = *c->rules[j];

			memset(&hdr.loc, 0, sizeof(hdr.loc));
			ret = wr_put(fd, &hdr, sizeof(hdr));
			if (ret == 0)
				ret = wr_put(fd, c->rules[j]->entry, hdr.size);
		}
	}
	return ret;
}

int wire_send_tables(int fd, struct nfc_table *const *t, unsigned int n)
{
	struct wr w = { .fd = fd, .buf = malloc(WIRE_BUF_SIZE) };
	uint32_t count = n;
	unsigned int i;
	int ret;

	if (!w.buf)
		return -ENOMEM;
	ret = wr_put(&w, &count, sizeof(count));
	for (i = 0; i < n && ret == 0; i++)
		ret = send_table(&w, t[i]);
	if (ret == 0)
		ret = wr_flush(&w);
	free(w.buf);
	return ret;
}

static int recv_chain(struct rd *fd, struct nfc_table *t)
{
	struct wire_chain wc;
	struct nfc_chain *c;
	unsigned int j;
	int ret = rd_get(fd, &wc, sizeof(wc));

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

static int recv_tables(struct rd *fd, struct nfc_table ***out, unsigned int *n);

int wire_recv_tables(int fd, struct nfc_table ***out, unsigned int *n)
{
	struct rd rd = { .fd = fd, .buf = malloc(WIRE_BUF_SIZE) };
	int ret;

	*out = NULL;
	*n = 0;
	if (!rd.buf)
		return -ENOMEM;
	ret = recv_tables(&rd, out, n);
	free(rd.buf);
	return ret;
}

static int recv_tables(struct rd *fd, struct nfc_table ***out, unsigned int *n)
{
	struct nfc_table **v;
	uint32_t count;
	unsigned int i, k;
	int ret = rd_get(fd, &count, sizeof(count));

	if (ret)
		return ret;
	if (count > WIRE_MAX_COUNT)
		return -EPROTO;
	v = calloc(count ? count : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < count && ret == 0; i++) {
		struct wire_table wt;

		ret = rd_get(fd, &wt, sizeof(wt));
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
