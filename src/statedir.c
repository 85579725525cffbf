// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fdio.h"
#include "statedir.h"

#define STATE_FILE_MAX (1024L * 1024 * 1024)

static int open_dir(const char *path, bool create, char *msg, size_t msglen)
{
	struct stat st;
	int fd;

	if (create && mkdir(path, 0700) < 0 && errno != EEXIST) {
		snprintf(msg, msglen, "cannot create %s: %s", path,
			 strerror(errno));
		return -errno;
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;

		if (err == ELOOP || err == ENOTDIR)
			snprintf(msg, msglen,
				 "%s is a symlink or not a directory: refusing to use it",
				 path);
		else
			snprintf(msg, msglen, "cannot open %s: %s", path,
				 strerror(err));
		return -err;
	}
	if (fstat(fd, &st) < 0 || st.st_uid != geteuid() ||
	    (st.st_mode & 077)) {
		snprintf(msg, msglen,
			 "%s must be a directory owned by root with mode 0700; refusing to use it",
			 path);
		close(fd);
		return -EPERM;
	}
	return fd;
}

int statedir_open(struct nfc_statedir *sd, bool create, char *msg,
		  size_t msglen)
{
	const char *base = getenv(NFC_STATE_ENV);
	char run[PATH_MAX], lib[PATH_MAX];
	int fd;

	sd->run_fd = sd->lib_fd = -1;
	if (base && *base) {
		fd = open_dir(base, create, msg, msglen);
		if (fd < 0)
			return fd;
		close(fd);
		snprintf(run, sizeof(run), "%s/run", base);
		snprintf(lib, sizeof(lib), "%s/lib", base);
	} else {
		snprintf(run, sizeof(run), "%s", NFC_RUN_DIR);
		snprintf(lib, sizeof(lib), "%s", NFC_LIB_DIR);
	}
	sd->run_fd = open_dir(run, create, msg, msglen);
	if (sd->run_fd < 0)
		return sd->run_fd;
	sd->lib_fd = open_dir(lib, create, msg, msglen);
	if (sd->lib_fd < 0) {
		int ret = sd->lib_fd;

		close(sd->run_fd);
		sd->run_fd = -1;
		return ret;
	}
	return 0;
}

void statedir_lib_path(char *buf, size_t len)
{
	const char *base = getenv(NFC_STATE_ENV);

	if (base && *base)
		snprintf(buf, len, "%s/lib", base);
	else
		snprintf(buf, len, "%s", NFC_LIB_DIR);
}

void statedir_close(struct nfc_statedir *sd)
{
	if (sd->run_fd >= 0)
		close(sd->run_fd);
	if (sd->lib_fd >= 0)
		close(sd->lib_fd);
	sd->run_fd = sd->lib_fd = -1;
}

int statedir_openat(int dirfd, const char *name, int flags)
{
	return openat(dirfd, name, flags | O_NOFOLLOW | O_CLOEXEC, 0600);
}

int statedir_write_fn(int dirfd, const char *name,
		      int (*fn)(int fd, const void *arg), const void *arg)
{
	char tmp[NAME_MAX + 1];
	int fd, ret;

	snprintf(tmp, sizeof(tmp), ".%s.tmp", name);
	unlinkat(dirfd, tmp, 0);
	fd = statedir_openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL);
	if (fd < 0)
		return -errno;
	ret = fn(fd, arg);
	if (ret == 0 && fsync(fd) < 0)
		ret = -errno;
	if (close(fd) < 0 && ret == 0)
		ret = -errno;
	if (ret == 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		ret = -errno;
	if (ret == 0 && fsync(dirfd) < 0)
		ret = -errno;
	if (ret)
		unlinkat(dirfd, tmp, 0);
	return ret;
}

struct buffer {
	const void *buf;
	size_t len;
};

static int write_buffer(int fd, const void *arg)
{
	const struct buffer *b = arg;

	return fd_write_all(fd, b->buf, b->len);
}

int statedir_write(int dirfd, const char *name, const void *buf, size_t len)
{
	struct buffer b = { buf, len };

	return statedir_write_fn(dirfd, name, write_buffer, &b);
}

int statedir_read(int dirfd, const char *name, char **buf, size_t *len)
{
	int fd = statedir_openat(dirfd, name, O_RDONLY);
	struct stat st;
	char *b;
	ssize_t n;
	size_t got = 0;

	*buf = NULL;
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > STATE_FILE_MAX) {
		close(fd);
		return -EINVAL;
	}
	b = malloc((size_t)st.st_size + 1);
	if (!b) {
		close(fd);
		return -ENOMEM;
	}
	while (got < (size_t)st.st_size &&
	       (n = read(fd, b + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	b[got] = '\0';
	*buf = b;
	*len = got;
	return 0;
}

int statedir_unlink(int dirfd, const char *name)
{
	return unlinkat(dirfd, name, 0) < 0 && errno != ENOENT ? -errno : 0;
}
