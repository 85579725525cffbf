// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "source.h"
#include "statedir.h"
#include "svc.h"

#define IPV6_PROC "/proc/sys/net/ipv6"
#define LOG_MSG_MAX 1024

static const char *const stand_in_marker[NFC_NFAMILIES] = {
	"stand-in.v4",
	"stand-in.v6",
};

const char *svc_fam(unsigned int idx)
{
	return idx ? "IPv6" : "IPv4";
}

void svc_files_init(struct svc_files *f)
{
	memset(f, 0, sizeof(*f));
	f->cur = -1;
}

void svc_files_family(struct svc_files *f, enum nfc_family family)
{
	f->cur = (int)fam_idx(family);
	f->sel[f->cur] = true;
}

int svc_files_add(struct svc_files *f, const char *cmd, const char *path)
{
	if (f->cur < 0)
		svc_files_family(f, NFC_IPV4);
	if (f->file[f->cur]) {
		fprintf(stderr,
			"nfcommit %s: two %s files (`%s' and `%s'): give -4 FILE4 -6 FILE6\n",
			cmd, svc_fam((unsigned int)f->cur), f->file[f->cur], path);
		return NFC_EXIT_INPUT;
	}
	f->file[f->cur] = path;
	return 0;
}

void svc_families(const struct svc_files *f, const struct nfc_config *c,
		  bool out[NFC_NFAMILIES])
{
	unsigned int i;
	bool any = f->sel[0] || f->sel[1];

	for (i = 0; i < NFC_NFAMILIES; i++)
		out[i] = any ? f->sel[i] : c->rules[i] != NULL;
}

bool svc_ipv6_available(void)
{
	return access(IPV6_PROC, F_OK) == 0;
}

void svc_log_open(struct svc_log *l, const char *cmd, int verbose)
{
	l->cmd = cmd;
	l->verbose = verbose;
	openlog("nfcommit", LOG_PID, LOG_DAEMON);
}

void svc_log_close(void)
{
	closelog();
}

void svc_log(const struct svc_log *l, int prio, const char *fmt, ...)
{
	char msg[LOG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (prio <= LOG_NOTICE || l->verbose)
		fprintf(stderr, "nfcommit %s: %s\n", l->cmd, msg);
	syslog(prio, "%s: %s", l->cmd, msg);
}

/* A rules file with no "*table" line loads nothing at all. */
static int has_table(const char *path, bool *yes, char *msg, size_t msglen)
{
	struct nfc_source src;
	const char *p;
	int ret = source_read(&src, path, msg, msglen);

	if (ret < 0)
		return ret;
	*yes = false;
	for (p = src.buf; p && p < src.buf + src.len;) {
		if (*p == '*') {
			*yes = true;
			break;
		}
		p = memchr(p, '\n', (size_t)(src.buf + src.len - p));
		if (p)
			p++;
	}
	source_free(&src);
	return 0;
}

static int run_check(enum nfc_family family, const char *path)
{
	char *argv[] = { (char *)"check", (char *)(family == NFC_IPV6 ? "-6" : "-4"),
			 (char *)path, NULL };
	char *arg = NULL;
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* No "--" (check takes files among its options): a path that
		 * looks like an option gets "./". */
		if (path[0] == '-') {
			if (asprintf(&arg, "./%s", path) < 0)
				_exit(NFC_EXIT_RESOURCE);
			argv[2] = arg;
		}
		/* check reports on stderr; nothing of it belongs on stdout. */
		dup2(STDERR_FILENO, STDOUT_FILENO);
		optind = 0;
		status = cmd_check(NFC_ARRAY_SIZE(argv) - 1, argv);
		fflush(NULL);
		_exit(status);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFEXITED(status))
		return NFC_EXIT_FAIL;
	return WEXITSTATUS(status);
}

int svc_verify(const struct svc_log *l, enum nfc_family family,
	       const char *path)
{
	const char *fam = svc_fam(fam_idx(family));
	char msg[256];
	struct stat st;
	bool tables;
	int ret;

	if (stat(path, &st) < 0) {
		svc_log(l, LOG_ERR, "%s rules file %s: %s", fam, path,
			strerror(errno));
		return NFC_EXIT_INPUT;
	}
	if (!S_ISREG(st.st_mode)) {
		svc_log(l, LOG_ERR, "%s rules file %s is not a regular file",
			fam, path);
		return NFC_EXIT_INPUT;
	}
	ret = has_table(path, &tables, msg, sizeof(msg));
	if (ret < 0) {
		svc_log(l, LOG_ERR, "%s rules file %s: %s", fam, path, msg);
		return NFC_EXIT_INPUT;
	}
	if (!tables) {
		svc_log(l, LOG_ERR,
			"%s rules file %s holds no table: loading it would load nothing",
			fam, path);
		return NFC_EXIT_INPUT;
	}
	/* `check' itself, in a child: libxtables serves one family per
	 * process, and the check must not leave it probing offline for the
	 * load that follows. */
	ret = run_check(family, path);
	if (ret < 0) {
		svc_log(l, LOG_ERR, "cannot check %s: %s", path, strerror(-ret));
		return NFC_EXIT_RESOURCE;
	}
	if (ret)
		svc_log(l, LOG_ERR, "%s rules file %s does not pass `nfcommit check' (see above)",
			fam, path);
	return ret;
}

int svc_restore_forked(const struct engine_input *in, unsigned int n,
		       const struct engine_opts *eo)
{
	struct nfc_diags d;
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return NFC_EXIT_RESOURCE;
	if (pid == 0) {
		diags_init(&d);
		_exit(engine_restore(in, n, eo, &d));
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return NFC_EXIT_RESOURCE;
	return WIFEXITED(status) ? WEXITSTATUS(status) : NFC_EXIT_FAIL;
}

void svc_engine_opts(const struct nfc_config *c, struct engine_opts *eo)
{
	memset(eo, 0, sizeof(*eo));
	eo->backend = c->backend;
	eo->counters = c->counters;
	eo->wait_s = c->lock_wait;
}

static const char *const stand_in_names[] = {
	[STAND_IN_FALLBACK] = "the boot fallback",
	[STAND_IN_PANIC] = "panic",
	[STAND_IN_FLUSH] = "flush",
};

int svc_stand_in_set(enum nfc_family family, enum svc_stand_in what)
{
	const char *name = stand_in_marker[fam_idx(family)];
	struct nfc_statedir sd;
	char msg[256];
	int ret = statedir_open(&sd, what != STAND_IN_NONE, msg, sizeof(msg));

	if (ret == -ENOENT && what == STAND_IN_NONE)
		return 0;
	if (ret < 0) {
		fprintf(stderr, "nfcommit: %s\n", msg);
		return ret;
	}
	if (what != STAND_IN_NONE)
		ret = statedir_write(sd.run_fd, name, stand_in_names[what],
				     strlen(stand_in_names[what]));
	else
		ret = statedir_unlink(sd.run_fd, name);
	if (ret < 0)
		fprintf(stderr, "nfcommit: cannot update the marker %s: %s\n",
			name, strerror(-ret));
	statedir_close(&sd);
	return ret;
}

const char *svc_stand_in(enum nfc_family family)
{
	struct nfc_statedir sd;
	char msg[256], *buf = NULL;
	const char *what = NULL;
	unsigned int i;
	size_t len;

	if (statedir_open(&sd, false, msg, sizeof(msg)) < 0)
		return NULL;
	if (statedir_read(sd.run_fd, stand_in_marker[fam_idx(family)], &buf,
			  &len) == 0) {
		what = "an unknown stand-in";
		for (i = 1; i < NFC_ARRAY_SIZE(stand_in_names); i++)
			if (strcmp(buf, stand_in_names[i]) == 0)
				what = stand_in_names[i];
	}
	free(buf);
	statedir_close(&sd);
	return what;
}
