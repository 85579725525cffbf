// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend.h"
#include "builtin.h"
#include "guard.h"
#include "load.h"
#include "save_atomic.h"
#include "save_common.h"
#include "xt.h"

#define MAX_TABLES 16
#define COPY_CHUNK 65536
#define SAVE_DIR_MODE 0755
#define SAVE_FILE_MODE 0600

/* Where the file goes: its directory (open) and its name in it. */
struct target {
	char *dir;
	char *base;
	int dfd;
	char *tmp; /* name of the temporary file in dir, once created */
	int fd;
};

struct written {
	unsigned int tables;
	unsigned long rules;
	off_t bytes;
};

static void say(const struct save_req *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(const struct save_req *r, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "nfcommit save: %s: ", r->path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Split the real path of r->path (symlinks followed) into directory and
 * name, creating the directory when its parent exists. */
static int resolve(const struct save_req *r, struct target *t)
{
	char *copy1 = strdup(r->path), *copy2 = strdup(r->path), *real;
	int ret = 0;

	t->dfd = t->fd = -1;
	if (!copy1 || !copy2) {
		ret = -ENOMEM;
		goto out;
	}
	real = realpath(r->path, NULL);
	if (real) {
		free(copy1);
		free(copy2);
		copy1 = real;
		copy2 = strdup(real);
		if (!copy2) {
			ret = -ENOMEM;
			goto out;
		}
	} else if (errno != ENOENT) {
		ret = -errno;
		say(r, "%s", strerror(errno));
		goto out;
	}
	t->dir = strdup(dirname(copy1));
	t->base = strdup(basename(copy2));
	if (!t->dir || !t->base) {
		ret = -ENOMEM;
		goto out;
	}
	if (mkdir(t->dir, SAVE_DIR_MODE) < 0 && errno != EEXIST) {
		ret = -errno;
		say(r, "cannot create the directory %s: %s", t->dir,
		    strerror(errno));
		goto out;
	}
	t->dfd = open(t->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t->dfd < 0) {
		ret = -errno;
		say(r, "cannot open the directory %s: %s", t->dir,
		    strerror(errno));
	}
out:
	free(copy1);
	free(copy2);
	return ret;
}

static void target_free(struct target *t)
{
	if (t->fd >= 0)
		close(t->fd);
	if (t->tmp)
		unlinkat(t->dfd, t->tmp, 0);
	if (t->dfd >= 0)
		close(t->dfd);
	free(t->tmp);
	free(t->dir);
	free(t->base);
}

static int make_tmp(const struct save_req *r, struct target *t)
{
	char *path;
	int fd;

	if (asprintf(&path, "%s/.%s.XXXXXX", t->dir, t->base) < 0)
		return -ENOMEM;
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0) {
		int err = errno;

		say(r, "cannot create a temporary file in %s: %s", t->dir,
		    strerror(err));
		free(path);
		return -err;
	}
	t->tmp = strdup(strrchr(path, '/') + 1);
	free(path);
	t->fd = fd;
	if (!t->tmp)
		return -ENOMEM;
	return fchmod(fd, SAVE_FILE_MODE) < 0 ? -errno : 0;
}

/* Print one table as `save' does, counting what went out. */
static int print_one(const struct save_req *r, struct nfc_backend *b,
		     const char *name, struct written *w)
{
	char note[NFC_NOTE_MAX];
	struct nfc_table *t;
	int ret;

	if (b->ops->read_table(b, r->family, name, &t) < 0) {
		say(r, "%s", b->err);
		return NFC_EXIT_FAIL;
	}
	/* A rules file that leaves out what is live would load less at
	 * boot than was running: tables iptables cannot express stop the
	 * save, where plain save prints only a note for them. */
	ret = b->ops->save_note ? b->ops->save_note(b, t, note, sizeof(note))
				: NFC_SAVE_PRINT;
	if (ret < 0 || ret == NFC_SAVE_NOTE_ONLY) {
		if (ret < 0)
			say(r, "%s", b->err);
		else
			say(r, "table `%s' holds rules iptables cannot express (it was written with nft): %s was NOT written; keep that table with `nft list table'",
			    name, r->path);
		table_free(t);
		return NFC_EXIT_FAIL;
	}
	if (ret == NFC_SAVE_NOTE)
		printf("%s\n", note);
	ret = save_print_table(t, r->counters);
	w->tables++;
	w->rules += table_rule_count(t);
	table_free(t);
	return ret < 0 ? NFC_EXIT_FAIL : 0;
}

static int write_ruleset(const struct save_req *r, struct nfc_backend *b,
			 struct written *w)
{
	char names[MAX_TABLES][NFC_NAME_MAX];
	unsigned int n = 0, i;
	int ret = 0;

	if (r->table) {
		ret = print_one(r, b, r->table, w);
	} else if (b->ops->list_tables(b, r->family, names, MAX_TABLES, &n) < 0) {
		say(r, "%s", b->err);
		return NFC_EXIT_FAIL;
	}
	for (i = 0; i < n && ret == 0; i++)
		ret = print_one(r, b, names[i], w);
	if (ret)
		return ret;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		say(r, "write error: %s", strerror(errno));
		return NFC_EXIT_FAIL;
	}
	w->bytes = ftello(stdout);
	if (w->tables == 0 && !r->allow_empty) {
		say(r, "no %s table is loaded: refusing to replace the file with an empty ruleset (--allow-empty writes it anyway)",
		    nfc_family_name(r->family));
		return NFC_EXIT_FAIL;
	}
	return 0;
}

/* Read the written file back with the engine's parser, offline, and
 * make sure it holds what was printed. */
static int verify(const struct save_req *r, const struct target *t,
		  const struct written *w)
{
	struct load_opts lo = { .family = r->family, .counters = r->counters,
				.offline = true };
	struct nfc_diags d;
	struct nfc_load l;
	unsigned long rules = 0;
	char *path;
	unsigned int i;
	struct stat st;
	int ret;

	if (fsync(t->fd) < 0 || fstat(t->fd, &st) < 0) {
		say(r, "cannot write the temporary file: %s", strerror(errno));
		return NFC_EXIT_FAIL;
	}
	if (st.st_size != w->bytes || (w->tables && st.st_size == 0)) {
		say(r, "the temporary file holds %lld bytes, %lld were written",
		    (long long)st.st_size, (long long)w->bytes);
		return NFC_EXIT_FAIL;
	}
	if (asprintf(&path, "%s/%s", t->dir, t->tmp) < 0)
		return NFC_EXIT_RESOURCE;
	diags_init(&d);
	ret = load_parse(&l, path, &lo, &d);
	if (ret == 0)
		ret = load_build(&l, NULL, &lo, &d);
	for (i = 0; ret == 0 && i < l.nimgs; i++)
		rules += table_rule_count(l.imgs[i]);
	if (ret == 0 && (l.src.len != (size_t)w->bytes ||
			 l.nimgs != w->tables || rules != w->rules)) {
		say(r, "reading the written file back found %u tables and %lu rules in %zu bytes, not %u, %lu and %lld",
		    l.nimgs, rules, l.src.len, w->tables, w->rules,
		    (long long)w->bytes);
		ret = NFC_EXIT_FAIL;
	} else if (ret) {
		diags_print(&d, stderr);
		say(r, "the saved ruleset does not read back (see above); the file was not replaced");
		ret = NFC_EXIT_FAIL;
	}
	diags_free(&d);
	load_free(&l);
	free(path);
	return ret;
}

static int copy_at(int dfd, const char *from, const char *to)
{
	char *buf = malloc(COPY_CHUNK);
	int in = openat(dfd, from, O_RDONLY | O_CLOEXEC);
	int out = -1, ret = 0;
	ssize_t n;

	if (!buf || in < 0) {
		ret = buf ? -errno : -ENOMEM;
		goto out;
	}
	out = openat(dfd, to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		     SAVE_FILE_MODE);
	if (out < 0) {
		ret = -errno;
		goto out;
	}
	while ((n = read(in, buf, COPY_CHUNK)) > 0)
		if (write(out, buf, (size_t)n) != n) {
			ret = errno ? -errno : -EIO;
			break;
		}
	if (n < 0)
		ret = -errno;
	if (ret == 0 && fsync(out) < 0)
		ret = -errno;
out:
	if (out >= 0)
		close(out);
	if (in >= 0)
		close(in);
	free(buf);
	return ret;
}

/* FILE.N-1 -> FILE.N ... FILE.1 -> FILE.2, then FILE -> FILE.1 as a hard
 * link, so that FILE never goes missing. */
static int rotate(const struct save_req *r, const struct target *t)
{
	char *from = NULL, *to = NULL;
	unsigned int k;
	struct stat st;
	int ret = 0;

	if (r->generations == 0 ||
	    fstatat(t->dfd, t->base, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;
	for (k = r->generations; k >= 1 && ret == 0; k--) {
		free(from);
		free(to);
		from = to = NULL;
		if (asprintf(&to, "%s.%u", t->base, k) < 0 ||
		    (k > 1 && asprintf(&from, "%s.%u", t->base, k - 1) < 0)) {
			ret = -ENOMEM;
			break;
		}
		if (k > 1) {
			if (renameat(t->dfd, from, t->dfd, to) < 0 &&
			    errno != ENOENT)
				ret = -errno;
			continue;
		}
		if (unlinkat(t->dfd, to, 0) < 0 && errno != ENOENT)
			ret = -errno;
		else if (linkat(t->dfd, t->base, t->dfd, to, 0) < 0)
			ret = copy_at(t->dfd, t->base, to);
	}
	if (ret)
		say(r, "cannot keep the previous file as %s: %s", to ? to : "?",
		    strerror(-ret));
	free(from);
	free(to);
	return ret ? NFC_EXIT_FAIL : 0;
}

static int commit_file(const struct save_req *r, struct target *t)
{
	int ret = rotate(r, t);

	if (ret)
		return ret;
	if (renameat(t->dfd, t->tmp, t->dfd, t->base) < 0) {
		say(r, "cannot rename the temporary file into place: %s",
		    strerror(errno));
		return NFC_EXIT_FAIL;
	}
	free(t->tmp);
	t->tmp = NULL;
	if (fsync(t->dfd) < 0) {
		say(r, "the file was replaced, but syncing %s failed: %s",
		    t->dir, strerror(errno));
		return NFC_EXIT_FAIL;
	}
	return 0;
}

static int child(const struct save_req *r)
{
	struct target t = { .dfd = -1, .fd = -1 };
	struct written w = { 0, 0, 0 };
	struct nfc_backend b;
	char msg[512];
	int ret;

	if (r->table && !builtin_table_find(r->table)) {
		say(r, "no table `%s'", r->table);
		return NFC_EXIT_INPUT;
	}
	/* Reading a table that is not loaded yet creates it. */
	if (r->table && guard_check(msg, sizeof(msg)) < 0) {
		say(r, "%s", msg);
		return NFC_EXIT_FAIL;
	}
	if (xt_init(r->family, XT_PROBE_KERNEL, msg, sizeof(msg)) < 0) {
		say(r, "%s", msg);
		return NFC_EXIT_FAIL;
	}
	if (backend_open(&b, r->backend) < 0) {
		say(r, "%s", b.err);
		return NFC_EXIT_INPUT;
	}
	ret = resolve(r, &t) ? NFC_EXIT_FAIL : 0;
	if (ret == 0)
		ret = make_tmp(r, &t) ? NFC_EXIT_FAIL : 0;
	/* Extensions print with printf(): stdout is the temporary file. */
	if (ret == 0 && (fflush(stdout) != 0 || dup2(t.fd, STDOUT_FILENO) < 0))
		ret = NFC_EXIT_FAIL;
	if (ret == 0)
		ret = write_ruleset(r, &b, &w);
	backend_close(&b);
	if (ret == 0)
		ret = verify(r, &t, &w);
	if (ret == 0)
		ret = commit_file(r, &t);
	if (ret == 0 && r->verbose)
		fprintf(stderr, "nfcommit save: wrote %u %s table(s), %lu rule(s) to %s/%s\n",
			w.tables, nfc_family_name(r->family), w.rules, t.dir,
			t.base);
	target_free(&t);
	return ret;
}

int save_atomic(const struct save_req *r)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		say(r, "cannot fork: %s", strerror(errno));
		return NFC_EXIT_RESOURCE;
	}
	if (pid == 0)
		_exit(child(r));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return NFC_EXIT_RESOURCE;
	if (!WIFEXITED(status)) {
		say(r, "the save process died (signal %d); the file was not replaced",
		    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		return NFC_EXIT_FAIL;
	}
	return WEXITSTATUS(status);
}
