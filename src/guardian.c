// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guard.h"
#include "guardian.h"
#include "txn.h"

#define SYSTEMD_RUN "/usr/bin/systemd-run"
#define RETRY_MAX_S 30 /* longest wait between two rollback attempts */
#define PROC_NET_INIT_INO 0xEFFFFFF9U

static bool in_initial_netns(void)
{
	struct stat st;

	return stat("/proc/self/ns/net", &st) == 0 &&
	       st.st_ino == PROC_NET_INIT_INO;
}

/* systemd-run starts the unit in PID 1's namespaces: only right when we
 * are in them too (never inside a test's private namespace). */
static bool use_systemd(void)
{
	const char *no = getenv("NFCOMMIT_NO_SYSTEMD");

	return (!no || !*no) && access("/run/systemd/system", F_OK) == 0 &&
	       access(SYSTEMD_RUN, X_OK) == 0 && in_initial_netns();
}

static int self_path(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);

	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

static void exec_guardian(const char *self, const char *id)
{
	char *const argv[] = { (char *)self, (char *)"guardian", (char *)id,
			       NULL };

	execv(self, argv);
}

static int spawn_systemd(const char *self, const char *id, char *msg,
			 size_t msglen)
{
	char unit[64], env[PATH_MAX + 32];
	const char *state = getenv(NFC_STATE_ENV);
	int status;
	pid_t pid;

	snprintf(unit, sizeof(unit), "--unit=nfcommit-rollback-%s", id);
	snprintf(env, sizeof(env), "--setenv=%s=%s", NFC_STATE_ENV,
		 state ? state : "");
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		char *const argv[] = { (char *)SYSTEMD_RUN, (char *)"--quiet",
				       (char *)"--collect", unit, env,
				       (char *)self, (char *)"guardian",
				       (char *)id, NULL };

		execv(SYSTEMD_RUN, argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		snprintf(msg, msglen, "systemd-run could not start the guardian");
		return -ECHILD;
	}
	return 0;
}

/* Double fork and setsid: the guardian belongs to no session, process
 * group or terminal of the caller's, and init adopts it. */
static int spawn_detached(const char *self, const char *id)
{
	int status, fd;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (setsid() < 0)
			_exit(1);
		pid = fork();
		if (pid != 0)
			_exit(pid < 0 ? 1 : 0);
		if (chdir("/") < 0)
			_exit(1);
		fd = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (fd >= 0) {
			dup2(fd, STDIN_FILENO);
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		exec_guardian(self, id);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -ECHILD;
	return 0;
}

int guardian_spawn(const char *id, char *msg, size_t msglen)
{
	char self[PATH_MAX];
	int ret = self_path(self, sizeof(self));

	if (ret < 0) {
		snprintf(msg, msglen, "cannot find my own executable: %s",
			 strerror(-ret));
		return ret;
	}
	if (use_systemd() && spawn_systemd(self, id, msg, msglen) == 0)
		return 0;
	ret = spawn_detached(self, id);
	if (ret < 0)
		snprintf(msg, msglen, "cannot start the rollback guardian: %s",
			 strerror(-ret));
	return ret;
}

static void wake(int sig)
{
	(void)sig; /* only interrupts the sleep; the record says what to do */
}

static void guardian_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = wake; /* no SA_RESTART: the sleep returns EINTR */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
}

/* Register our pid in the record, under the lock.  Returns false when
 * the transaction is no longer pending. */
static bool report_in(struct nfc_statedir *sd, const char *id,
		      struct txn_record *r)
{
	int lock = txn_lock(sd);
	bool pending = lock >= 0 &&
		       txn_record_read(sd->lib_fd, TXN_PENDING_FILE, r) == 0 &&
		       r->state == TXN_PENDING && strcmp(r->id, id) == 0;

	if (pending) {
		r->guardian = getpid();
		txn_record_write(sd->lib_fd, TXN_PENDING_FILE, r);
	}
	txn_unlock(lock);
	return pending;
}

int guardian_main(const char *id)
{
	struct nfc_statedir sd;
	struct txn_record r;
	struct timespec until;
	char msg[256];
	int lock, ret = 0;

	guardian_signals();
	if (statedir_open(&sd, false, msg, sizeof(msg)) < 0)
		return NFC_EXIT_FAIL;
	if (!report_in(&sd, id, &r)) {
		statedir_close(&sd);
		return 0;
	}
	for (;;) {
		until.tv_sec = (time_t)r.deadline;
		until.tv_nsec = 0;
		if (clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &until,
				    NULL) == 0)
			break;
		/* Woken by a signal: stop if confirm or rollback ended it. */
		lock = txn_lock(&sd);
		if (txn_record_read(sd.lib_fd, TXN_PENDING_FILE, &r) != 0 ||
		    r.state != TXN_PENDING || strcmp(r.id, id) != 0) {
			txn_unlock(lock);
			statedir_close(&sd);
			return 0;
		}
		txn_unlock(lock);
	}
	/* A rollback that fails leaves the transaction pending: try again,
	 * backing off, until it goes in or someone else ends it. */
	for (unsigned int delay = 1;; delay = delay < RETRY_MAX_S ? delay * 2 : delay) {
		lock = txn_lock(&sd);
		ret = 0;
		if (txn_record_read(sd.lib_fd, TXN_PENDING_FILE, &r) == 0 &&
		    r.state == TXN_PENDING && strcmp(r.id, id) == 0)
			ret = txn_rollback_locked(&sd, &r,
						  "deadline passed unconfirmed");
		txn_unlock(lock);
		if (ret != TXN_EXIT_ROLLBACK_FAILED)
			break;
		sleep(delay);
	}
	statedir_close(&sd);
	return 0;
}
