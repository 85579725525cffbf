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

static int too_big(char *msg, size_t msglen)
{
	snprintf(msg, msglen,
		 "input is larger than %lu MiB (nfcommit's limit); split it or check what is being fed in",
		 NFC_MAX_INPUT >> 20);
	return -EFBIG;
}

/*
 * After a NUL byte nothing can load (the parser refuses the line that
 * holds it), so reading stops at the end of that line: /dev/zero or a
 * binary stream costs one chunk, not NFC_MAX_INPUT bytes.  Cutting at the
 * line's end, not at the chunk's, keeps what the parser sees independent
 * of how the writer chunked its output.
 */
static bool cut_at_nul(struct nfc_source *src, char *buf, size_t from,
		       size_t *len)
{
	char *nul = memchr(buf + from, '\0', *len - from), *nl;

	if (!nul)
		return false;
	nl = memchr(nul, '\n', (size_t)(buf + *len - nul));
	if (nl)
		*len = (size_t)(nl - buf) + 1;
	src->cut = true;
	return true;
}

/* size_hint: the size of a regular file (0 if unknown), so that it is
 * read into one allocation instead of a doubling one. */
static int read_fd(int fd, size_t size_hint, struct nfc_source *src,
		   char *msg, size_t msglen)
{
	size_t cap = size_hint ? size_hint + 1 : READ_CHUNK, len = 0;
	char *buf;

	if (size_hint >= NFC_MAX_INPUT)
		return too_big(msg, msglen);
	buf = malloc(cap + 1);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *nbuf;

			if (cap >= NFC_MAX_INPUT) {
				free(buf);
				return too_big(msg, msglen);
			}
			cap = cap * 2 > NFC_MAX_INPUT ? NFC_MAX_INPUT : cap * 2;
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
		if (cut_at_nul(src, buf, len - (size_t)n, &len))
			break;
	}
	buf[len] = '\0';
	src->buf = buf;
	src->len = len;
	return 0;
}

static const char *file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	return "not a regular file";
}

/*
 * Whoever can write a rules file that root loads controls the firewall.
 * Root and the caller may own it; nobody else may be able to write it.
 */
static int check_safe(const struct stat *st, char *msg, size_t msglen)
{
	const char *fix = "; fix it with `chown root: FILE; chmod go-w FILE', or pass --allow-unsafe-perms";

	if (!S_ISREG(st->st_mode)) {
		snprintf(msg, msglen,
			 "is %s, not a regular file: pipe it to standard input instead (nfcommit restore < FILE), or pass --allow-unsafe-perms",
			 file_kind(st->st_mode));
		return -EPERM;
	}
	if (st->st_uid != 0 && st->st_uid != geteuid()) {
		snprintf(msg, msglen,
			 "refused: the file is owned by uid %u, not by root or by the user running nfcommit, so that user could change the firewall%s",
			 (unsigned int)st->st_uid, fix);
		return -EPERM;
	}
	if (st->st_mode & S_IWOTH) {
		snprintf(msg, msglen,
			 "refused: the file is writable by every user (mode %04o), so anyone could change the firewall%s",
			 (unsigned int)(st->st_mode & 07777), fix);
		return -EPERM;
	}
	if ((st->st_mode & S_IWGRP) && st->st_gid != 0 &&
	    st->st_gid != getegid()) {
		snprintf(msg, msglen,
			 "refused: the file is writable by group %u (mode %04o), whose members could change the firewall%s",
			 (unsigned int)st->st_gid,
			 (unsigned int)(st->st_mode & 07777), fix);
		return -EPERM;
	}
	return 0;
}

static int open_input(const char *path, unsigned int flags, size_t *size,
		      char *msg, size_t msglen)
{
	int oflags = O_RDONLY | O_CLOEXEC | O_NOCTTY, fd, ret;
	struct stat st;

	if (flags & SOURCE_SAFE_PERMS) {
		/* Look before opening: opening a FIFO blocks until a writer
		 * comes, and opening a device may do things. */
		if (stat(path, &st) == 0 && (ret = check_safe(&st, msg, msglen)))
			return ret;
		oflags |= O_NONBLOCK; /* in case it became a FIFO since */
	}
	fd = open(path, oflags);
	if (fd < 0) {
		ret = -errno;
		snprintf(msg, msglen, "cannot open: %s", strerror(errno));
		return ret;
	}
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		snprintf(msg, msglen, "cannot stat: %s", strerror(errno));
		close(fd);
		return ret;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		snprintf(msg, msglen, "is a directory, not a rules file");
		return -EISDIR;
	}
	/* What was opened is what counts: the path may have changed. */
	if ((flags & SOURCE_SAFE_PERMS) && (ret = check_safe(&st, msg, msglen))) {
		close(fd);
		return ret;
	}
	*size = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size : 0;
	return fd;
}

int source_read_flags(struct nfc_source *src, const char *path,
		      unsigned int flags, char *msg, size_t msglen)
{
	int fd = STDIN_FILENO, ret;
	size_t size = 0;

	memset(src, 0, sizeof(*src));
	if (path && strcmp(path, "-") != 0) {
		fd = open_input(path, flags, &size, msg, msglen);
		if (fd < 0)
			return fd;
	}
	src->name = strdup(fd == STDIN_FILENO ? "<stdin>" : path);
	if (!src->name) {
		if (fd != STDIN_FILENO)
			close(fd);
		return -ENOMEM;
	}
	ret = read_fd(fd, size, src, msg, msglen);
	if (fd != STDIN_FILENO)
		close(fd);
	if (ret < 0) {
		free(src->name);
		src->name = NULL;
	}
	return ret;
}

int source_read(struct nfc_source *src, const char *path, char *msg,
		size_t msglen)
{
	return source_read_flags(src, path, 0, msg, msglen);
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
