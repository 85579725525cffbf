// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * apply, confirm, rollback, status: commit confirmed.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "cmd_inputs.h"
#include "engine.h"
#include "guardian.h"
#include "lock.h"
#include "probe.h"
#include "txn.h"

#define DEFAULT_TIMEOUT 60
#define MAX_TIMEOUT (24 * 3600)
#define MAX_PROBES 16
#define REPORT_IN_WAIT_MS 5000
#define ANSWER_MAX 64

struct apply_args {
	struct engine_opts eo;
	struct cmd_inputs files;
	int timeout_s;
	const char *probes[MAX_PROBES];
	unsigned int nprobes;
	const char *probe_cmd;
	bool persist, yes_i_know, no_prompt;
};

static void apply_usage(FILE *out)
{
	fputs("Usage: nfcommit apply [-t SECONDS] [-4 FILE] [-6 FILE] [FILE]\n"
	      "                      [--probe tcp:HOST:PORT]... [--probe-cmd CMD]\n"
	      "                      [--persist] [--no-prompt] [--yes-i-know] [--backend=NAME]\n"
	      "\n"
	      "Commit rules files with a confirmation timer.  The current ruleset is\n"
	      "snapshotted and journalled first; a guardian process outside your session\n"
	      "puts it back at the deadline unless `nfcommit confirm' runs first, even if\n"
	      "this SSH session dies or the machine reboots.\n"
	      "\n"
	      "  -t, --timeout=SECONDS  confirmation window (default 60)\n"
	      "  -4 FILE, -6 FILE       the IPv4 / IPv6 rules; both go in one transaction\n"
	      "      --probe=tcp:HOST:PORT  after the commit, a new TCP connection must work\n"
	      "      --probe-cmd=CMD    after the commit, CMD must exit 0\n"
	      "      --persist          on confirmation, save the rules for boot\n"
	      "      --no-prompt        do not ask on the terminal; confirm separately\n"
	      "      --yes-i-know       commit even when the new rules would cut this SSH session\n"
	      "      --allow-unsafe-perms  apply a file others than root could have written\n"
	      "  -h, --help             this text\n"
	      "\n"
	      "Exit: 0 applied (and confirmed, when asked on a terminal), 2 bad input,\n"
	      "3 rolled back (timeout or refusal), 4 another transaction is pending,\n"
	      "5 rolled back because a probe failed, 6 the rollback itself failed.\n",
	      out);
}

static int need_root(const char *cmd)
{
	if (geteuid() == 0)
		return 0;
	fprintf(stderr, "nfcommit %s: only root may change the firewall or its transactions\n",
		cmd);
	return NFC_EXIT_FAIL;
}

static int apply_options(int argc, char **argv, struct apply_args *a)
{
	static const struct option opts[] = {
		CMD_INPUTS_LONG_OPTIONS,
		{ "timeout", 1, NULL, 't' },    { "probe", 1, NULL, 'P' },
		{ "probe-cmd", 1, NULL, 'C' },  { "persist", 0, NULL, 'p' },
		{ "yes-i-know", 0, NULL, 'Y' }, { "no-prompt", 0, NULL, 'N' },
		{ "help", 0, NULL, 'h' },       { NULL, 0, NULL, 0 },
	};
	char *end;
	int c, ret;

	while ((c = getopt_long(argc, argv, "-t:46h", opts, NULL)) != -1) {
		ret = cmd_inputs_opt(&a->files, &a->eo, "apply", c, optarg);
		if (ret != 1) {
			if (ret)
				return ret;
			continue;
		}
		switch (c) {
		case 't':
			a->timeout_s = (int)strtol(optarg, &end, 10);
			if (*end || a->timeout_s < 1 || a->timeout_s > MAX_TIMEOUT) {
				fprintf(stderr, "nfcommit apply: the timeout is whole seconds, 1 to %d\n",
					MAX_TIMEOUT);
				return NFC_EXIT_INPUT;
			}
			break;
		case 'P':
			if (a->nprobes == MAX_PROBES || probe_tcp_valid(optarg) < 0) {
				fprintf(stderr, "nfcommit apply: bad --probe `%s' (tcp:HOST:PORT, at most %d)\n",
					optarg, MAX_PROBES);
				return NFC_EXIT_INPUT;
			}
			a->probes[a->nprobes++] = optarg;
			break;
		case 'C':
			a->probe_cmd = optarg;
			break;
		case 'p':
			a->persist = true;
			break;
		case 'Y':
			a->yes_i_know = true;
			break;
		case 'N':
			a->no_prompt = true;
			break;
		case 'h':
			apply_usage(stdout);
			return -1;
		default:
			print_try_help("apply");
			return NFC_EXIT_INPUT;
		}
	}
	if (a->files.n == 0) {
		fputs("nfcommit apply: name the rules file(s) to apply\n", stderr);
		return NFC_EXIT_INPUT;
	}
	return 0;
}

static void describe_caller(char *who, size_t len)
{
	const struct passwd *pw = getpwuid(getuid());
	const char *ssh = getenv("SSH_CONNECTION");
	const char *sudo = getenv("SUDO_USER");
	const char *tty = isatty(STDIN_FILENO) ? ttyname(STDIN_FILENO) : NULL;
	char client[64] = "";

	if (ssh)
		snprintf(client, sizeof(client), " from %.*s",
			 (int)strcspn(ssh, " "), ssh);
	snprintf(who, len, "%s%s%s (uid %u, pid %d%s%s)%s",
		 pw ? pw->pw_name : "?", sudo ? " via sudo by " : "",
		 sudo ? sudo : "", (unsigned int)getuid(), (int)getpid(),
		 tty ? ", " : "", tty ? tty : "", client);
	/* The record is line-based. */
	for (char *p = who; *p; p++)
		if (*p == '\n')
			*p = ' ';
}

static int read_inputs(struct apply_args *a, struct txn_begin *tb,
		       char **texts)
{
	unsigned int i;

	for (i = 0; i < a->files.n; i++) {
		struct nfc_source src;
		char msg[256], real[PATH_MAX];
		char *file = a->files.in[i].family == NFC_IPV6 ? tb->rec.file6
							: tb->rec.file4;

		if (!a->files.in[i].path || strcmp(a->files.in[i].path, "-") == 0 ||
		    strchr(a->files.in[i].path, '\n')) {
			fputs("nfcommit apply: give rules files by name (not stdin)\n", stderr);
			return NFC_EXIT_INPUT;
		}
		if (source_read_flags(&src, a->files.in[i].path,
				      a->eo.allow_unsafe_perms ? 0 : SOURCE_SAFE_PERMS,
				      msg, sizeof(msg)) < 0) {
			fprintf(stderr, "nfcommit apply: %s: %s\n", a->files.in[i].path, msg);
			return NFC_EXIT_INPUT;
		}
		if (memchr(src.buf, '\0', src.len)) {
			fprintf(stderr, "nfcommit apply: %s: NUL byte: not a rules file\n",
				a->files.in[i].path);
			source_free(&src);
			return NFC_EXIT_INPUT;
		}
		texts[i] = src.buf;
		src.buf = NULL;
		source_free(&src);
		snprintf(file, TXN_PATH_MAX, "%s",
			 realpath(a->files.in[i].path, real) ? real : a->files.in[i].path);
		a->files.in[i].text = texts[i];
		a->files.in[i].name = a->files.in[i].path;
		if (a->files.in[i].family == NFC_IPV6)
			tb->text6 = texts[i];
		else
			tb->text4 = texts[i];
	}
	return 0;
}

/*
 * The transaction failed at or before its commit.  The commit may still
 * have gone in (its outcome unreadable), so when the journal already
 * holds the record, the snapshot is put back to be sure: harmless when
 * nothing changed, and the journal then says what is live.
 */
static void abort_pending(struct nfc_statedir *sd, const char *id)
{
	struct txn_record r;

	if (txn_record_read(sd->lib_fd, TXN_PENDING_FILE, &r) == 0 &&
	    strcmp(r.id, id) == 0)
		txn_rollback_locked(sd, &r,
				    "the commit failed; the snapshot was put back to be sure nothing of it stays");
}

static void print_pending(const struct txn_record *r, FILE *out)
{
	long left = (long)(r->deadline - time(NULL));

	fprintf(out, "transaction %s is pending: files %s%s%s, started by %s, rolls back in %lds unless confirmed\n",
		r->id, r->file4, r->file4[0] && r->file6[0] ? " " : "",
		r->file6, r->who, left > 0 ? left : 0);
}

/* Run with the txn lock held: returns the pending record when it is still
 * ours and pending. */
static bool still_pending(struct nfc_statedir *sd, const char *id,
			  struct txn_record *r)
{
	return txn_record_read(sd->lib_fd, TXN_PENDING_FILE, r) == 0 &&
	       r->state == TXN_PENDING && strcmp(r->id, id) == 0;
}

static int end_now(struct nfc_statedir *sd, const char *id, bool keep,
		   bool persist, const char *why)
{
	struct txn_record r;
	char msg[512] = "";
	int lock = txn_lock(sd), ret;

	if (!still_pending(sd, id, &r)) {
		txn_unlock(lock);
		/* The guardian got there first. */
		return txn_record_read(sd->lib_fd, TXN_LAST_FILE, &r) == 0 &&
			       r.state == TXN_CONFIRMED
		       ? 0
		       : r.state == TXN_ROLLBACK_FAILED ? TXN_EXIT_ROLLBACK_FAILED
							: TXN_EXIT_ROLLED_BACK;
	}
	if (keep) {
		ret = txn_confirm_locked(sd, &r, persist || r.persist, msg,
					 sizeof(msg));
		if (ret)
			fprintf(stderr, "nfcommit: %s\n", msg);
	} else {
		ret = txn_rollback_locked(sd, &r, why);
	}
	txn_unlock(lock);
	return ret;
}

static void wait_report_in(struct nfc_statedir *sd, const char *id)
{
	struct timespec nap = { 0, 10 * 1000000L };
	struct txn_record r;
	int waited;

	for (waited = 0; waited < REPORT_IN_WAIT_MS; waited += 10) {
		if (!still_pending(sd, id, &r) || r.guardian > 0)
			return;
		nanosleep(&nap, NULL);
	}
}

static int run_probes(struct apply_args *a, int remaining, char *msg,
		      size_t msglen)
{
	unsigned int i;

	for (i = 0; i < a->nprobes; i++)
		if (probe_tcp(a->probes[i], msg, msglen) < 0)
			return -1;
	if (a->probe_cmd &&
	    probe_cmd(a->probe_cmd, remaining > 1 ? remaining - 1 : 1, msg,
		      msglen) < 0)
		return -1;
	return 0;
}

/* Ask on the terminal.  Type-ahead is flushed first, so only an answer
 * typed after the rules went live counts. */
static int prompt(struct nfc_statedir *sd, const struct txn_record *r,
		  bool persist)
{
	char answer[ANSWER_MAX];
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	long left = (long)(r->deadline - time(NULL));
	ssize_t n;

	tcflush(STDIN_FILENO, TCIFLUSH);
	fprintf(stderr, "New rules are live.  Type yes within %ld seconds to keep them: ",
		left > 0 ? left : 0);
	if (left <= 0 || poll(&pfd, 1, (int)left * 1000) != 1) {
		fputs("\nno answer: the previous ruleset comes back\n", stderr);
		return end_now(sd, r->id, false, false, "no answer at the prompt");
	}
	n = read(STDIN_FILENO, answer, sizeof(answer) - 1);
	answer[n > 0 ? n : 0] = '\0';
	answer[strcspn(answer, "\r\n")] = '\0';
	if (strcmp(answer, "yes") == 0)
		return end_now(sd, r->id, true, persist, NULL);
	fputs("not confirmed: the previous ruleset comes back\n", stderr);
	return end_now(sd, r->id, false, false, "refused at the prompt");
}

static int after_commit(struct apply_args *a, struct nfc_statedir *sd,
			struct txn_record *rec)
{
	char msg[512];
	int lock, ret;

	lock = txn_lock(sd);
	if (still_pending(sd, rec->id, rec)) {
		/* The window starts when the rules are live. */
		rec->deadline = time(NULL) + a->timeout_s;
		txn_record_write(sd->lib_fd, TXN_PENDING_FILE, rec);
	}
	txn_unlock(lock);
	if (guardian_spawn(rec->id, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "nfcommit apply: %s; rolling back now\n", msg);
		ret = end_now(sd, rec->id, false, false, "no guardian could be started");
		return ret == TXN_EXIT_ROLLED_BACK ? NFC_EXIT_FAIL : ret;
	}
	wait_report_in(sd, rec->id);
	if (run_probes(a, a->timeout_s, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "nfcommit apply: %s: rolling back\n", msg);
		ret = end_now(sd, rec->id, false, false, msg);
		return ret == TXN_EXIT_ROLLED_BACK ? TXN_EXIT_PROBE_FAILED : ret;
	}
	if (isatty(STDIN_FILENO) && !a->no_prompt)
		return prompt(sd, rec, a->persist);
	fprintf(stderr,
		"nfcommit: transaction %s is live.  From a NEW login, run\n"
		"    nfcommit confirm %s\n"
		"within %d seconds, or the previous ruleset comes back.\n",
		rec->id, rec->id, a->timeout_s);
	return 0;
}

static int apply_run(struct apply_args *a, struct nfc_statedir *sd)
{
	struct txn_begin tb = { .sd = sd, .timeout_s = a->timeout_s,
				.yes_i_know = a->yes_i_know };
	char *texts[ENGINE_MAX_INPUTS] = { NULL, NULL };
	struct txn_record cur;
	struct nfc_diags d;
	unsigned int i;
	int lock, hold, ret;

	lock = txn_lock(sd);
	if (lock < 0) {
		fprintf(stderr, "nfcommit apply: cannot take the transaction lock: %s\n",
			strerror(-lock));
		return NFC_EXIT_RESOURCE;
	}
	if (txn_record_read(sd->lib_fd, TXN_PENDING_FILE, &cur) == 0 &&
	    cur.state == TXN_PENDING) {
		fputs("nfcommit apply: refused, one transaction at a time: ", stderr);
		print_pending(&cur, stderr);
		txn_unlock(lock);
		return NFC_EXIT_RESOURCE;
	}
	ret = read_inputs(a, &tb, texts);
	/* Until we exit: our record counts as ours while its guardian is
	 * still on its way (see txn_recover). */
	hold = ret ? -1 : txn_apply_hold(sd);
	if (ret == 0 && hold < 0) {
		fprintf(stderr, "nfcommit apply: cannot take the apply lock: %s\n",
			strerror(-hold));
		ret = NFC_EXIT_RESOURCE;
	}
	if (ret == 0) {
		txn_new_id(tb.rec.id);
		describe_caller(tb.rec.who, sizeof(tb.rec.who));
		tb.rec.persist = a->persist;
		a->eo.before_commit = txn_before_commit;
		a->eo.after_commit = txn_after_commit;
		a->eo.hook_arg = &tb;
		diags_init(&d);
		ret = engine_restore(a->files.in, a->files.n, &a->eo, &d);
		txn_begin_release(&tb);
		if (ret) {
			if (tb.err[0])
				fprintf(stderr, "nfcommit apply: %s\n", tb.err);
			abort_pending(sd, tb.rec.id);
		} else {
			txn_log(sd->lib_fd, &tb.rec, "applied", NULL);
		}
	}
	txn_unlock(lock);
	if (ret == 0)
		ret = after_commit(a, sd, &tb.rec);
	if (hold >= 0)
		close(hold);
	for (i = 0; i < ENGINE_MAX_INPUTS; i++)
		free(texts[i]);
	return ret;
}

int cmd_apply(int argc, char **argv)
{
	struct apply_args a = {
		.eo = { .backend = NULL, .wait_s = NFC_WAIT_DEFAULT },
		.files = CMD_INPUTS_INIT,
		.timeout_s = DEFAULT_TIMEOUT,
	};
	struct nfc_statedir sd;
	char msg[512];
	int ret = apply_options(argc, argv, &a);

	if (ret)
		return ret < 0 ? 0 : ret;
	ret = need_root("apply");
	if (ret)
		return ret;
	ret = txn_recover("apply");
	if (ret)
		return ret;
	if (statedir_open(&sd, true, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "nfcommit apply: %s\n", msg);
		return NFC_EXIT_RESOURCE;
	}
	ret = apply_run(&a, &sd);
	statedir_close(&sd);
	return ret;
}

/* confirm and rollback: the pending transaction, or ID if given. */
static int end_cmd(int argc, char **argv, bool keep)
{
	static const struct option opts[] = {
		{ "persist", 0, NULL, 'p' },
		{ "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = keep ? "confirm" : "rollback";
	struct nfc_statedir sd;
	struct txn_record r;
	bool persist = false;
	char msg[512], why[128];
	int c, lock, ret;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'p' && keep) {
			persist = true;
			continue;
		}
		if (c == 'h') {
			printf("Usage: nfcommit %s [ID]%s\n", name,
			       keep ? " [--persist]" : "");
			return 0;
		}
		print_try_help(name);
		return NFC_EXIT_INPUT;
	}
	if ((ret = need_root(name)))
		return ret;
	if (statedir_open(&sd, false, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "nfcommit %s: no transaction is pending\n", name);
		return NFC_EXIT_FAIL;
	}
	lock = txn_lock(&sd);
	ret = txn_record_read(sd.lib_fd, TXN_PENDING_FILE, &r);
	if (ret || r.state != TXN_PENDING ||
	    (optind < argc && strcmp(argv[optind], r.id) != 0)) {
		txn_unlock(lock);
		if (txn_record_read(sd.lib_fd, TXN_LAST_FILE, &r) == 0 &&
		    (optind == argc || strcmp(argv[optind], r.id) == 0)) {
			fprintf(stderr, "nfcommit %s: no transaction is pending; the last one, %s, ended %s: %s\n",
				name, r.id, txn_state_name(r.state), r.reason);
			statedir_close(&sd);
			return keep && r.state != TXN_CONFIRMED ? TXN_EXIT_ROLLED_BACK
								: NFC_EXIT_FAIL;
		}
		fprintf(stderr, "nfcommit %s: no such pending transaction\n", name);
		statedir_close(&sd);
		return NFC_EXIT_FAIL;
	}
	if (keep && time(NULL) >= r.deadline) {
		ret = txn_rollback_locked(&sd, &r, "confirmed too late: the deadline had passed");
		fprintf(stderr, "nfcommit confirm: too late, the deadline had passed: rolled back\n");
	} else if (keep) {
		ret = txn_confirm_locked(&sd, &r, persist || r.persist, msg, sizeof(msg));
		if (ret)
			fprintf(stderr, "nfcommit confirm: %s\n", msg);
		else
			fprintf(stderr, "nfcommit: transaction %s confirmed\n", r.id);
	} else {
		snprintf(why, sizeof(why), "rolled back on request (uid %u)",
			 (unsigned int)getuid());
		ret = txn_rollback_locked(&sd, &r, why);
		if (ret == TXN_EXIT_ROLLED_BACK) {
			fprintf(stderr, "nfcommit: transaction %s rolled back\n", r.id);
			ret = 0;
		}
	}
	txn_unlock(lock);
	statedir_close(&sd);
	return ret;
}

int cmd_confirm(int argc, char **argv)
{
	return end_cmd(argc, argv, true);
}

int cmd_rollback(int argc, char **argv)
{
	return end_cmd(argc, argv, false);
}

static void json_str(const char *key, const char *v, bool comma)
{
	printf("\"%s\":\"", key);
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			printf("\\%c", *v);
		else if ((unsigned char)*v < 0x20)
			printf("\\u%04x", *v);
		else
			putchar(*v);
	}
	printf("\"%s", comma ? "," : "");
}

static void json_record(const struct txn_record *r)
{
	long left = (long)(r->deadline - time(NULL));

	putchar('{');
	json_str("id", r->id, true);
	json_str("state", txn_state_name(r->state), true);
	json_str("backend", r->backend, true);
	json_str("file4", r->file4, true);
	json_str("file6", r->file6, true);
	json_str("started_by", r->who, true);
	printf("\"started\":%lld,\"deadline\":%lld,", (long long)r->started,
	       (long long)r->deadline);
	if (r->state == TXN_PENDING)
		printf("\"seconds_left\":%ld,", left > 0 ? left : 0);
	json_str("reason", r->reason, false);
	putchar('}');
}

int cmd_status(int argc, char **argv)
{
	bool json = argc > 1 && strcmp(argv[1], "--json") == 0;
	struct txn_record p, l;
	struct nfc_statedir sd;
	bool have_p = false, have_l = false;
	char msg[256];

	if (argc > 1 && !json) {
		puts("Usage: nfcommit status [--json]");
		return strcmp(argv[1], "--help") == 0 ? 0 : NFC_EXIT_INPUT;
	}
	if (statedir_open(&sd, false, msg, sizeof(msg)) == 0) {
		have_p = txn_record_read(sd.lib_fd, TXN_PENDING_FILE, &p) == 0;
		have_l = txn_record_read(sd.lib_fd, TXN_LAST_FILE, &l) == 0;
		statedir_close(&sd);
	}
	if (json) {
		fputs("{\"pending\":", stdout);
		if (have_p)
			json_record(&p);
		else
			fputs("null", stdout);
		fputs(",\"last\":", stdout);
		if (have_l)
			json_record(&l);
		else
			fputs("null", stdout);
		puts("}");
		return 0;
	}
	if (have_p)
		print_pending(&p, stdout);
	else
		puts("no transaction is pending");
	if (have_l)
		printf("last transaction %s: %s (%s)\n", l.id,
		       txn_state_name(l.state), l.reason);
	return 0;
}

int cmd_guardian(int argc, char **argv)
{
	if (argc != 2)
		return NFC_EXIT_INPUT;
	return guardian_main(argv[1]);
}
