// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"

#define HOST_MAX 256

static int split_spec(const char *spec, char *host, char *port)
{
	const char *p, *colon;

	if (strncmp(spec, "tcp:", 4) != 0)
		return -EINVAL;
	p = spec + 4;
	if (*p == '[') {
		const char *end = strchr(p, ']');

		if (!end || end[1] != ':' || (size_t)(end - p - 1) >= HOST_MAX)
			return -EINVAL;
		snprintf(host, HOST_MAX, "%.*s", (int)(end - p - 1), p + 1);
		colon = end + 1;
	} else {
		colon = strrchr(p, ':');
		if (!colon || (size_t)(colon - p) >= HOST_MAX || colon == p)
			return -EINVAL;
		snprintf(host, HOST_MAX, "%.*s", (int)(colon - p), p);
	}
	if (!colon[1] || strlen(colon + 1) > 5 ||
	    strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return -EINVAL;
	snprintf(port, 8, "%s", colon + 1);
	return 0;
}

int probe_tcp_valid(const char *spec)
{
	char host[HOST_MAX], port[8];

	return split_spec(spec, host, port);
}

static int connect_timeout(const struct addrinfo *ai, int timeout_ms)
{
	struct pollfd pfd;
	socklen_t len = sizeof(int);
	int fd, err = 0;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    ai->ai_protocol);
	if (fd < 0)
		return -errno;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS) {
		err = -errno;
		close(fd);
		return err;
	}
	pfd.fd = fd;
	pfd.events = POLLOUT;
	if (poll(&pfd, 1, timeout_ms) != 1) {
		close(fd);
		return -ETIMEDOUT;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	close(fd);
	return -err;
}

int probe_tcp(const char *spec, char *msg, size_t msglen)
{
	struct addrinfo hints, *res, *ai;
	char host[HOST_MAX], port[8];
	int ret;

	if (split_spec(spec, host, port) < 0) {
		snprintf(msg, msglen, "bad probe `%s': write tcp:HOST:PORT", spec);
		return -EINVAL;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	ret = getaddrinfo(host, port, &hints, &res);
	if (ret) {
		snprintf(msg, msglen, "probe %s: %s", spec, gai_strerror(ret));
		return -EHOSTUNREACH;
	}
	ret = -EHOSTUNREACH;
	for (ai = res; ai && ret; ai = ai->ai_next)
		ret = connect_timeout(ai, PROBE_TIMEOUT_S * 1000);
	freeaddrinfo(res);
	if (ret)
		snprintf(msg, msglen, "probe %s failed: %s", spec, strerror(-ret));
	return ret;
}

int probe_cmd(const char *cmd, int timeout_s, char *msg, size_t msglen)
{
	struct timespec nap = { 0, 50 * 1000000L };
	int status, waited_ms = 0;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (waited_ms >= timeout_s * 1000) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			snprintf(msg, msglen, "probe command timed out after %ds",
				 timeout_s);
			return -ETIMEDOUT;
		}
		nanosleep(&nap, NULL);
		waited_ms += 50;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	snprintf(msg, msglen, "probe command failed (%s %d)",
		 WIFEXITED(status) ? "exit status" : "signal",
		 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return -ECHILD;
}
