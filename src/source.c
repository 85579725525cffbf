// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nfcommit.h"
#include "source.h"

#define READ_CHUNK (64 * 1024)

static int read_fd(int fd, struct nfc_source *src, char *msg, size_t msglen)
{
	size_t cap = READ_CHUNK, len = 0;
	char *buf = malloc(cap + 1);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *nbuf;

			if (cap >= NFC_MAX_INPUT) {
				free(buf);
				snprintf(msg, msglen,
					 "input is larger than %lu MiB; "
					 "split it or check what is being fed in",
					 NFC_MAX_INPUT >> 20);
				return -EFBIG;
			}
			cap *= 2;
			nbuf = realloc(buf, cap + 1);
			if (!nbuf) {
				free(buf);
				return -ENOMEM;
			}
			buf = nbuf;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			int err = errno;

			if (err == EINTR)
				continue;
			free(buf);
			snprintf(msg, msglen, "read error: %s", strerror(err));
			return -err;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	src->buf = buf;
	src->len = len;
	return 0;
}

int source_read(struct nfc_source *src, const char *path, char *msg,
		size_t msglen)
{
	int fd = STDIN_FILENO, ret;
	struct stat st;

	memset(src, 0, sizeof(*src));
	if (path && strcmp(path, "-") != 0) {
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0) {
			ret = -errno;
			snprintf(msg, msglen, "cannot open: %s", strerror(errno));
			return ret;
		}
		if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			close(fd);
			snprintf(msg, msglen, "is a directory, not a rules file");
			return -EISDIR;
		}
	}
	src->name = strdup(fd == STDIN_FILENO ? "<stdin>" : path);
	if (!src->name) {
		if (fd != STDIN_FILENO)
			close(fd);
		return -ENOMEM;
	}
	ret = read_fd(fd, src, msg, msglen);
	if (fd != STDIN_FILENO)
		close(fd);
	if (ret < 0) {
		free(src->name);
		src->name = NULL;
	}
	return ret;
}

int source_from_buffer(struct nfc_source *src, const char *name,
		       const char *buf, size_t len)
{
	memset(src, 0, sizeof(*src));
	src->name = strdup(name);
	src->buf = malloc(len + 1);
	if (!src->name || !src->buf) {
		source_free(src);
		return -ENOMEM;
	}
	memcpy(src->buf, buf, len);
	src->buf[len] = '\0';
	src->len = len;
	return 0;
}

void source_free(struct nfc_source *src)
{
	free(src->name);
	free(src->buf);
	memset(src, 0, sizeof(*src));
}

const char *source_line(const struct nfc_source *src, unsigned int line,
			size_t *len)
{
	const char *p = src->buf, *end = src->buf + src->len, *nl;
	unsigned int n;

	if (line == 0)
		return NULL;
	for (n = 1; n < line; n++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return NULL;
		p = nl + 1;
	}
	if (p >= end)
		return NULL;
	nl = memchr(p, '\n', (size_t)(end - p));
	*len = nl ? (size_t)(nl - p) : (size_t)(end - p);
	return p;
}
