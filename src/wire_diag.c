// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fdio.h"
#include "wire_diag.h"

/* Far above what a run queues (parsing stops after NFC_MAX_ERRORS
 * errors), so that a corrupt stream cannot make us allocate without end. */
#define WIRE_MAX_DIAGS (16u * 1024 * 1024)
#define WIRE_MAX_MSG (64u * 1024)

struct wire_diag {
	uint32_t severity, code;
	struct nfc_loc loc, related;
	uint32_t msglen, rmsglen; /* bytes, no NUL; UINT32_MAX: NULL */
};

static uint32_t text_len(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (!s)
		return UINT32_MAX;
	return n > WIRE_MAX_MSG ? WIRE_MAX_MSG : (uint32_t)n;
}

int wire_send_diags(int fd, const struct nfc_diags *d)
{
	const struct nfc_diag *dg;
	uint32_t n = d->count;
	int ret = fd_write_all(fd, &n, sizeof(n));

	for (dg = d->head; dg && ret == 0; dg = dg->next) {
		struct wire_diag w;

		memset(&w, 0, sizeof(w));
		w.severity = dg->severity;
		w.code = dg->code;
		w.loc = dg->loc;
		w.related = dg->related;
		w.msglen = text_len(dg->msg);
		w.rmsglen = text_len(dg->related_msg);
		ret = fd_write_all(fd, &w, sizeof(w));
		if (ret == 0 && w.msglen != UINT32_MAX)
			ret = fd_write_all(fd, dg->msg, w.msglen);
		if (ret == 0 && w.rmsglen != UINT32_MAX)
			ret = fd_write_all(fd, dg->related_msg, w.rmsglen);
	}
	return ret;
}

int wire_send_flag(int fd, bool flag)
{
	uint32_t v = flag;

	return fd_write_all(fd, &v, sizeof(v));
}

int wire_recv_flag(int fd, bool *flag)
{
	uint32_t v;
	int ret = fd_read_all(fd, &v, sizeof(v));

	if (ret == 0 && v > 1)
		ret = -EPROTO;
	*flag = ret == 0 && v;
	return ret;
}

static int get_text(int fd, uint32_t len, char **out)
{
	int ret;

	*out = NULL;
	if (len == UINT32_MAX)
		return 0;
	if (len > WIRE_MAX_MSG)
		return -EPROTO;
	*out = malloc(len + 1);
	if (!*out)
		return -ENOMEM;
	ret = fd_read_all(fd, *out, len);
	(*out)[len] = '\0';
	return ret;
}

int wire_recv_diags(int fd, struct nfc_diags *d)
{
	uint32_t n, i;
	int ret = fd_read_all(fd, &n, sizeof(n));

	if (ret)
		return ret;
	if (n > WIRE_MAX_DIAGS)
		return -EPROTO;
	for (i = 0; i < n; i++) {
		struct wire_diag w;
		struct nfc_diag *dg;
		char *msg, *rmsg;

		ret = fd_read_all(fd, &w, sizeof(w));
		if (ret == 0)
			ret = get_text(fd, w.msglen, &msg);
		if (ret)
			return ret;
		ret = get_text(fd, w.rmsglen, &rmsg);
		if (ret) {
			free(msg);
			return ret;
		}
		dg = diag_add(d, (enum nfc_severity)w.severity, &w.loc, "%s",
			      msg ? msg : "");
		free(msg);
		if (!dg) {
			free(rmsg);
			return -ENOMEM;
		}
		dg->code = w.code;
		if (w.related.src) {
			dg->related = w.related;
			dg->related_msg = rmsg;
		} else {
			free(rmsg);
		}
	}
	return 0;
}
