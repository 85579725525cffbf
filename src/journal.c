// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>

#include "journal.h"
#include "statedir.h"

#define RECORD_MAX 16384

static const char *const state_names[] = {
	[TXN_PENDING] = "pending",
	[TXN_CONFIRMED] = "confirmed",
	[TXN_ROLLED_BACK] = "rolled-back",
	[TXN_ROLLBACK_FAILED] = "rollback-failed",
	[TXN_ABORTED] = "aborted",
	[TXN_SUPERSEDED] = "superseded",
};

const char *txn_state_name(enum txn_state s)
{
	return (unsigned int)s < sizeof(state_names) / sizeof(state_names[0])
		       ? state_names[s]
		       : "unknown";
}

int txn_record_write(int dirfd, const char *name, const struct txn_record *r)
{
	char *buf = malloc(RECORD_MAX);
	int n, ret;

	if (!buf)
		return -ENOMEM;
	/* Values never hold newlines: paths with one are refused upstream. */
	n = snprintf(buf, RECORD_MAX,
		     "id=%s\nstate=%s\nbackend=%s\nfile4=%s\nfile6=%s\nwho=%s\n"
		     "started=%" PRId64 "\ndeadline=%" PRId64 "\nguardian=%d\n"
		     "persist=%d\nreason=%s\n",
		     r->id, txn_state_name(r->state), r->backend, r->file4,
		     r->file6, r->who, r->started, r->deadline, (int)r->guardian,
		     r->persist, r->reason);
	ret = n < 0 || n >= RECORD_MAX ? -E2BIG
				       : statedir_write(dirfd, name, buf, (size_t)n);
	free(buf);
	return ret;
}

static void set_field(struct txn_record *r, const char *key, const char *v)
{
	unsigned int i;

#define COPY(f) snprintf(r->f, sizeof(r->f), "%s", v)
	if (strcmp(key, "id") == 0)
		COPY(id);
	else if (strcmp(key, "backend") == 0)
		COPY(backend);
	else if (strcmp(key, "file4") == 0)
		COPY(file4);
	else if (strcmp(key, "file6") == 0)
		COPY(file6);
	else if (strcmp(key, "who") == 0)
		COPY(who);
	else if (strcmp(key, "reason") == 0)
		COPY(reason);
	else if (strcmp(key, "started") == 0)
		r->started = strtoll(v, NULL, 10);
	else if (strcmp(key, "deadline") == 0)
		r->deadline = strtoll(v, NULL, 10);
	else if (strcmp(key, "guardian") == 0)
		r->guardian = (pid_t)strtol(v, NULL, 10);
	else if (strcmp(key, "persist") == 0)
		r->persist = strcmp(v, "1") == 0;
	else if (strcmp(key, "state") == 0)
		for (i = 0; i < sizeof(state_names) / sizeof(state_names[0]); i++)
			if (strcmp(v, state_names[i]) == 0)
				r->state = (enum txn_state)i;
#undef COPY
}

int txn_record_read(int dirfd, const char *name, struct txn_record *r)
{
	char *buf, *line, *save = NULL;
	size_t len;
	int ret = statedir_read(dirfd, name, &buf, &len);

	memset(r, 0, sizeof(*r));
	r->state = TXN_ABORTED;
	if (ret)
		return ret;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');

		if (!eq)
			continue;
		*eq = '\0';
		set_field(r, line, eq + 1);
	}
	free(buf);
	return r->id[0] ? 0 : -EPROTO;
}

/* JSON string contents: paths and names may hold quotes. */
static void json_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
}

int64_t txn_wall_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

void txn_log(int dirfd, const struct txn_record *r, const char *event,
	     const char *detail)
{
	int pri = r->state == TXN_ROLLBACK_FAILED ? LOG_CRIT : LOG_NOTICE;
	int fd;
	FILE *f;

	openlog("nfcommit", LOG_PID, LOG_AUTHPRIV);
	syslog(pri, "transaction %s: %s (%s)%s%s; files: %s %s; started by %s",
	       r->id, event, txn_state_name(r->state), detail ? ": " : "",
	       detail ? detail : "", r->file4, r->file6, r->who);
	closelog();
	if (dirfd < 0)
		return;
	fd = statedir_openat(dirfd, TXN_LOG_FILE,
			     O_WRONLY | O_CREAT | O_APPEND);
	if (fd < 0)
		return;
	f = fdopen(fd, "a");
	if (!f) {
		close(fd);
		return;
	}
	/* Milliseconds: the rollback benchmark measures from the deadline
	 * to live_ms (the old rules back) and to time_ms (all recorded). */
	fprintf(f, "{\"time_ms\":%lld,", (long long)txn_wall_ms());
	if (r->live_ms)
		fprintf(f, "\"live_ms\":%lld,", (long long)r->live_ms);
	fprintf(f, "\"id\":\"%s\",\"deadline\":%lld,\"event\":\"", r->id,
		(long long)r->deadline);
	json_escape(f, event);
	fprintf(f, "\",\"state\":\"%s\",\"detail\":\"", txn_state_name(r->state));
	json_escape(f, detail ? detail : "");
	fputs("\",\"who\":\"", f);
	json_escape(f, r->who);
	fputs("\"}\n", f);
	fflush(f);
	fsync(fd);
	fclose(f);
}

void txn_new_id(char id[TXN_ID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[TXN_ID_LEN / 2];
	unsigned int i;

	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
		uint64_t t = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);

		memcpy(raw, &t, sizeof(raw) < sizeof(t) ? sizeof(raw) : sizeof(t));
	}
	for (i = 0; i < sizeof(raw); i++) {
		id[2 * i] = hex[raw[i] >> 4];
		id[2 * i + 1] = hex[raw[i] & 15];
	}
	id[TXN_ID_LEN] = '\0';
}
