// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "lint_ssh.h"
#include "lock.h"
#include "nft_stage.h"
#include "save_atomic.h"
#include "snapshot_nft.h"
#include "txn.h"
#include "wire.h"

#define TXN_LOCK_FILE "txn.lock"
#define FINISH_TRIES 3
#define MAX_TABLES 16

/* An exclusive lock on a file of the runtime directory: the fd, or -errno. */
static int lock_run_file(const struct nfc_statedir *sd, const char *name)
{
	int fd = statedir_openat(sd->run_fd, name, O_RDWR | O_CREAT);

	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX) < 0) {
		int err = errno;

		close(fd);
		return -err;
	}
	return fd;
}

int txn_lock(const struct nfc_statedir *sd)
{
	return lock_run_file(sd, TXN_LOCK_FILE);
}

void txn_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

struct image_set {
	struct nfc_table **t;
	unsigned int n;
};

static int send_images(int fd, const void *arg)
{
	const struct image_set *set = arg;

	return wire_send_tables(fd, set->t, set->n);
}

/* Write images to dir/name atomically: temporary file, fsync, rename. */
static int write_images(int dirfd, const char *name, struct nfc_table **t,
			unsigned int n)
{
	struct image_set set = { t, n };

	return statedir_write_fn(dirfd, name, send_images, &set);
}

static int read_images(int dirfd, const char *name, struct nfc_table ***t,
		       unsigned int *n)
{
	int fd = statedir_openat(dirfd, name, O_RDONLY), ret;

	if (fd < 0)
		return -errno;
	ret = wire_recv_tables(fd, t, n);
	close(fd);
	return ret;
}

static void free_images(struct nfc_table **t, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		table_free(t[i]);
	free(t);
}

static struct nfc_table *find_image(struct nfc_table **t, unsigned int n,
				    enum nfc_family f, const char *name)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (t[i]->family == f && strcmp(t[i]->name, name) == 0)
			return t[i];
	return NULL;
}

static bool has_table(struct nfc_table **t, unsigned int n,
		      enum nfc_family f, const char *name)
{
	return find_image(t, n, f, name) != NULL;
}

/* Every table that exists, or that the new images name, of each family
 * the new images touch: rolling back must also empty tables the new
 * ruleset created. */
static int take_snapshot(struct nfc_backend *b, struct nfc_table **imgs,
			 unsigned int n, struct nfc_table ***out,
			 unsigned int *nout)
{
	static const enum nfc_family fams[] = { NFC_IPV4, NFC_IPV6 };
	char names[MAX_TABLES][NFC_NAME_MAX];
	struct nfc_table **snap = calloc(2 * MAX_TABLES, sizeof(*snap));
	unsigned int k = 0, i, f, nn;
	int ret = 0;

	if (!snap)
		return -ENOMEM;
	for (f = 0; f < 2 && ret == 0; f++) {
		bool involved = false;

		for (i = 0; i < n; i++)
			involved |= imgs[i]->family == fams[f];
		if (!involved)
			continue;
		ret = b->ops->list_tables(b, fams[f], names, MAX_TABLES, &nn);
		for (i = 0; i < n && ret == 0; i++)
			if (imgs[i]->family == fams[f] &&
			    !has_table(snap, k, fams[f], imgs[i]->name))
				ret = b->ops->read_table(b, fams[f], imgs[i]->name,
							 &snap[k++]);
		for (i = 0; i < nn && ret == 0 && k < 2 * MAX_TABLES; i++)
			if (!has_table(snap, k, fams[f], names[i]))
				ret = b->ops->read_table(b, fams[f], names[i],
							 &snap[k++]);
	}
	if (ret) {
		free_images(snap, k);
		return ret;
	}
	*out = snap;
	*nout = k;
	return 0;
}

static bool is_nft(const struct nfc_backend *b)
{
	return strcmp(b->ops->name, "nft") == 0;
}

static int send_nft_snapshot(int fd, const void *arg)
{
	return nft_snapshot_write(arg, fd);
}

static int write_stage(int lib, const struct nft_stage *st)
{
	char *text;
	size_t len;
	int ret = nft_stage_format(st, &text, &len);

	if (ret == 0)
		ret = statedir_write(lib, TXN_STAGE_FILE, text, len);
	free(text);
	return ret;
}

static int read_stage(int lib, struct nft_stage **st)
{
	char *text;
	size_t len;
	int ret = statedir_read(lib, TXN_STAGE_FILE, &text, &len);

	*st = NULL;
	if (ret == 0) {
		ret = nft_stage_parse(text, len, st);
		free(text);
	}
	return ret;
}

/* Plan the staged layout (nft_stage.h) and arm the backend with it.  The
 * plan goes to the journal before the commit: whatever happens next,
 * rollback and confirm know the tables may hold the old rules too. */
static int plan_stage(struct nfc_backend *b, struct txn_begin *tb,
		      const struct nft_snapshot *ns, struct nfc_table **imgs,
		      unsigned int n, int lib)
{
	const char *knob = getenv(TXN_STAGE_ENV);
	int ret;

	nft_stage_free(tb->stage);
	tb->stage = NULL;
	ret = statedir_unlink(lib, TXN_STAGE_FILE);
	if (ret || (knob && strcmp(knob, "0") == 0))
		return ret;
	ret = nft_stage_plan(ns, imgs, n, tb->rec.id, &tb->stage);
	if (ret == 0 && tb->stage)
		ret = write_stage(lib, tb->stage);
	if (ret == 0 && tb->stage)
		nft_stage_arm(b, tb->stage);
	return ret;
}

void txn_after_commit(struct nfc_backend *b, void *arg)
{
	struct txn_begin *tb = arg;

	/* Without the handles the plan stays uncollected: rollback then
	 * puts the snapshot back and confirm commits the new rules again. */
	if (tb->stage && nft_stage_collect(b, tb->stage) == 0)
		write_stage(tb->sd->lib_fd, tb->stage);
}

void txn_begin_release(struct txn_begin *tb)
{
	nft_stage_free(tb->stage);
	tb->stage = NULL;
}

/* The state before the commit.  nf_tables: the kernel's own objects of
 * every table the commit changes (a table it creates is deleted again on
 * rollback), and the staged layout's plan.  Legacy: images of every table
 * of the families involved. */
static int write_snapshot(struct nfc_backend *b, struct txn_begin *tb,
			  struct nfc_table **imgs, unsigned int n, int lib)
{
	struct nft_snapshot *ns;
	struct nfc_table **snap;
	unsigned int k;
	int ret;

	if (is_nft(b)) {
		ret = nft_snapshot_take_images(b, imgs, n, &ns);
		if (ret)
			return ret;
		ret = statedir_write_fn(lib, TXN_SNAPSHOT_NFT_FILE,
					send_nft_snapshot, ns);
		if (ret == 0)
			ret = plan_stage(b, tb, ns, imgs, n, lib);
		nft_snapshot_free(ns);
		return ret;
	}
	ret = take_snapshot(b, imgs, n, &snap, &k);
	if (ret)
		return ret;
	ret = write_images(lib, TXN_SNAPSHOT_FILE, snap, k);
	free_images(snap, k);
	return ret;
}

/* Would the new rules cut the caller's own SSH session?  Only asked when
 * the caller came in over SSH. */
static int ssh_guard(struct txn_begin *tb, struct nfc_table **imgs,
		     unsigned int n)
{
	const char *conn = getenv("SSH_CONNECTION");
	struct nfc_diags d;
	struct ssh_flow f;
	char msg[128];
	enum ssh_verdict v;

	if (tb->yes_i_know || !conn || !*conn ||
	    ssh_flow_from_env(&f, conn, msg, sizeof(msg)) < 0)
		return 0;
	diags_init(&d);
	v = ssh_check(imgs, n, &f, &d);
	diags_print(&d, stderr);
	diags_free(&d);
	if (v == SSH_ACCEPTED)
		return 0;
	snprintf(tb->err, sizeof(tb->err),
		 "refused: the new rules %s drop this SSH session (see above); nothing was committed. Add --yes-i-know to apply them anyway",
		 v == SSH_DROPPED ? "would" : "may");
	return NFC_EXIT_FAIL;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * When the file applied is the configured boot file itself (edited in
 * place), that file holds rules nobody confirmed yet: if the machine goes
 * down before confirmation, boot must not load it.  Save the live ruleset
 * (the last confirmed one) into the journal for boot to load instead.
 */
static int keep_boot_state(const struct txn_begin *tb, const char *backend,
			   int lib)
{
	static const char *const keep[] = { TXN_BOOT_BEFORE4, TXN_BOOT_BEFORE6 };
	const char *applied[] = { tb->rec.file4, tb->rec.file6 };
	char dir[TXN_PATH_MAX], path[TXN_PATH_MAX + 32];
	struct nfc_config c;
	unsigned int i;
	int ret = 0;

	/* Never guess which files boot loads: an unreadable configuration
	 * stops the apply before anything is committed. */
	if (config_load(&c, NULL) != 0) {
		config_free(&c);
		return -EIO;
	}
	statedir_lib_path(dir, sizeof(dir));
	for (i = 0; i < NFC_NFAMILIES && ret == 0; i++) {
		struct save_req req = {
			.family = idx_fam(i),
			.path = path,
			.backend = backend,
			.allow_empty = true,
		};

		statedir_unlink(lib, keep[i]);
		if (!applied[i][0] || !same_file(applied[i], c.rules[i]))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, keep[i]);
		ret = save_atomic(&req) ? -EIO : 0;
	}
	config_free(&c);
	return ret;
}

int txn_before_commit(struct nfc_backend *b, struct nfc_table **imgs,
		      unsigned int n, void *arg)
{
	struct txn_begin *tb = arg;
	int lib = tb->sd->lib_fd, ret;

	ret = ssh_guard(tb, imgs, n);
	if (ret)
		return ret;
	ret = write_snapshot(b, tb, imgs, n, lib);
	if (ret) {
		snprintf(tb->err, sizeof(tb->err),
			 "cannot snapshot the current ruleset: %.400s",
			 b->err[0] ? b->err : strerror(ret < 0 ? -ret : ret));
		return NFC_EXIT_FAIL;
	}
	ret = write_images(lib, TXN_NEW_FILE, imgs, n);
	if (ret == 0)
		ret = keep_boot_state(tb, b->ops->name, lib);
	if (ret == 0 && tb->text4)
		ret = statedir_write(lib, TXN_NEW_TEXT4, tb->text4,
				     strlen(tb->text4));
	if (ret == 0 && tb->text6)
		ret = statedir_write(lib, TXN_NEW_TEXT6, tb->text6,
				     strlen(tb->text6));
	snprintf(tb->rec.backend, sizeof(tb->rec.backend), "%s", b->ops->name);
	tb->rec.state = TXN_PENDING;
	tb->rec.started = time(NULL);
	tb->rec.deadline = tb->rec.started + tb->timeout_s;
	/* The record goes last: once it exists, everything it names does. */
	if (ret == 0)
		ret = txn_record_write(lib, TXN_PENDING_FILE, &tb->rec);
	if (ret) {
		snprintf(tb->err, sizeof(tb->err),
			 "cannot write the journal: %s; nothing was committed",
			 strerror(-ret));
		return NFC_EXIT_RESOURCE;
	}
	return 0;
}

/*
 * Put the snapshot back through b.  Returns 0 or -errno.  now (legacy; NULL: not wanted): each table the
 * snapshot names as the kernel held it just before, captured on the way
 * and decoded only once the rollback is done, for the caller to compare
 * with what apply committed, off the clock.  A table that could not be
 * read is left out of *now.
 */
static int restore_snapshot(struct nfc_backend *b, struct nfc_statedir *sd,
			    struct nfc_diags *d, struct nfc_table ***now,
			    unsigned int *nnow, int64_t *live_ms)
{
	struct nfc_table **snap = NULL;
	struct nft_snapshot *ns;
	unsigned int n = 0, i;
	void **caps = NULL;
	int fd, ret;

	if (is_nft(b)) {
		fd = statedir_openat(sd->lib_fd, TXN_SNAPSHOT_NFT_FILE, O_RDONLY);
		if (fd < 0)
			return -errno;
		ret = nft_snapshot_read(fd, &ns);
		close(fd);
		if (ret == 0) {
			ret = nft_snapshot_restore(b, ns);
			*live_ms = txn_wall_ms();
			nft_snapshot_free(ns);
		}
		return ret;
	}
	ret = read_images(sd->lib_fd, TXN_SNAPSHOT_FILE, &snap, &n);
	if (ret == 0 && now && b->ops->capture) {
		caps = calloc(n ? n : 1, sizeof(*caps));
		for (i = 0; i < n && caps; i++)
			(void)b->ops->capture(b, snap[i]->family,
					      snap[i]->name, &caps[i]);
	}
	if (ret == 0) {
		ret = b->ops->commit(b, snap, n, d);
		*live_ms = txn_wall_ms();
	}
	/* The old rules are back (or not): the time for decoding. */
	if (caps)
		*now = calloc(n ? n : 1, sizeof(**now));
	for (i = 0; i < n && caps; i++)
		if (caps[i] &&
		    b->ops->capture_decode(b, caps[i],
					   *now ? &(*now)[*nnow] : NULL) == 0 &&
		    *now)
			(*nnow)++;
	free(caps);
	free_images(snap, n);
	return ret;
}

/* Did someone change the tables we committed during the window?  Only the
 * structure is compared (chains, policies, rule headers and extension
 * names): extension data holds kernel state that moves on its own. */
static bool rule_same_shape(const struct nfc_rule *a, const struct nfc_rule *b)
{
	const struct xt_entry_match *ma, *mb;
	size_t iplen = a->family == NFC_IPV6 ? sizeof(struct ip6t_ip6)
					     : sizeof(struct ipt_ip);

	if (a->size != b->size || memcmp(a->entry, b->entry, iplen) != 0)
		return false;
	for (ma = rule_match_first(a), mb = rule_match_first(b); ma && mb;
	     ma = rule_match_next(a, ma), mb = rule_match_next(b, mb))
		if (strcmp(ma->u.user.name, mb->u.user.name) != 0)
			return false;
	return !ma && !mb &&
	       strcmp(rule_jump_name(a), rule_jump_name(b)) == 0;
}

static bool table_same_shape(const struct nfc_table *a,
			     const struct nfc_table *b)
{
	unsigned int i, j;

	if (a->nchains != b->nchains)
		return false;
	for (i = 0; i < a->nchains; i++) {
		const struct nfc_chain *ca = a->chains[i];
		const struct nfc_chain *cb = table_find_chain(b, ca->name);

		if (!cb || ca->nrules != cb->nrules || ca->policy != cb->policy)
			return false;
		for (j = 0; j < ca->nrules; j++)
			if (!rule_same_shape(ca->rules[j], cb->rules[j]))
				return false;
	}
	return true;
}

/* now: the tables as they were before the rollback (restore_snapshot),
 * or NULL to read them from the kernel here.  A table the kernel could
 * not give is not counted as changed. */
static bool changed_since_commit(struct nfc_backend *b,
				 struct nfc_statedir *sd,
				 struct nfc_table **now, unsigned int nnow)
{
	struct nfc_table **news, *read;
	const struct nfc_table *cur;
	unsigned int n, i;
	bool changed = false;

	if (read_images(sd->lib_fd, TXN_NEW_FILE, &news, &n) < 0)
		return false;
	for (i = 0; i < n && !changed; i++) {
		read = NULL;
		if (now)
			cur = find_image(now, nnow, news[i]->family,
					 news[i]->name);
		else
			cur = b->ops->read_table(b, news[i]->family,
						 news[i]->name, &read) == 0
				      ? read
				      : NULL;
		if (cur)
			changed = !table_same_shape(news[i], cur);
		table_free(read);
	}
	free_images(news, n);
	return changed;
}

/* Undo the commit: the staged layout's one batch when the tables are as
 * apply left them (the old objects were never touched: exact, counters
 * and all), else the snapshot.  *changed: someone else changed the
 * ruleset in the window. */
static int put_back(struct nfc_backend *b, struct nfc_statedir *sd,
		    struct nfc_diags *d, bool *changed, int64_t *live_ms)
{
	struct nft_stage *st;
	struct nfc_table **now = NULL;
	unsigned int nnow = 0;
	int ret = is_nft(b) ? read_stage(sd->lib_fd, &st) : -ENOENT;

	if (ret == 0) {
		ret = nft_stage_rollback(b, st);
		*live_ms = txn_wall_ms();
		nft_stage_free(st);
		*changed = ret != 0;
		if (ret == 0)
			return 0;
	} else if (ret == -ENOENT && !b->ops->capture) {
		/* (a staged layout would always look changed) */
		*changed = changed_since_commit(b, sd, NULL, 0);
	} else if (ret == -ENOENT) {
		/* What is there now is captured on the way, and the
		 * comparison waits until the old rules are back. */
		ret = restore_snapshot(b, sd, d, &now, &nnow, live_ms);
		*changed = now && changed_since_commit(b, sd, now, nnow);
		free_images(now, nnow);
		return ret;
	}
	return restore_snapshot(b, sd, d, NULL, NULL, live_ms);
}

/* Confirm on nf_tables: take the staged layout down to the new rules
 * alone (the markers, the old rules and chains go, the new chains get
 * their names).  When the tables changed in the window, commit the new
 * rules again instead.  Returns 0 or -errno with msg set. */
static int finish_stage(struct nfc_statedir *sd, const struct txn_record *r,
			bool *again, char *msg, size_t msglen)
{
	struct nfc_table **news = NULL;
	struct nft_stage *st;
	struct nfc_backend b;
	struct nfc_diags d;
	unsigned int n = 0;
	char lmsg[512];
	int lock, ret;

	if (strcmp(r->backend, "nft") != 0)
		return 0;
	ret = read_stage(sd->lib_fd, &st);
	if (ret == -ENOENT)
		return 0; /* not staged */
	if (ret) {
		snprintf(msg, msglen,
			 "cannot read the staged layout's plan: %s; the transaction stays pending",
			 strerror(-ret));
		return ret;
	}
	diags_init(&d);
	lock = lock_acquire(TXN_ROLLBACK_LOCK_WAIT, lmsg, sizeof(lmsg));
	ret = backend_open(&b, r->backend);
	if (ret == 0) {
		if (nft_stage_confirm(&b, st) != 0) {
			*again = true;
			ret = read_images(sd->lib_fd, TXN_NEW_FILE, &news, &n);
			if (ret == 0)
				ret = b.ops->commit(&b, news, n, &d);
			free_images(news, n);
		}
		if (ret)
			snprintf(msg, msglen,
				 "cannot clear the previous rules out of the tables (%s); the new rules are live, the transaction stays pending",
				 b.err[0] ? b.err : strerror(ret < 0 ? -ret : ret));
		backend_close(&b);
	} else {
		snprintf(msg, msglen, "%s", b.err);
	}
	if (ret == 0)
		ret = statedir_unlink(sd->lib_fd, TXN_STAGE_FILE);
	lock_release(lock);
	diags_free(&d);
	nft_stage_free(st);
	return ret;
}

static void stop_guardian(const struct txn_record *r)
{
	if (r->guardian > 0 && r->guardian != getpid() &&
	    txn_guardian_alive(r))
		kill(r->guardian, SIGTERM);
}

/* End the pending transaction in the journal.  When the outcome cannot
 * be written, the record stays pending (and the guardian armed): the
 * journal must never claim less than what is live.  Returns 0 or -errno. */
static int finish(struct nfc_statedir *sd, struct txn_record *r,
		  enum txn_state state, const char *event, const char *detail)
{
	enum txn_state was = r->state;
	int ret;

	r->state = state;
	snprintf(r->reason, sizeof(r->reason), "%s", detail ? detail : event);
	/* A transient I/O error must not leave the journal behind the
	 * kernel: try a few times. */
	for (unsigned int i = 0; i < FINISH_TRIES; i++) {
		ret = txn_record_write(sd->lib_fd, TXN_LAST_FILE, r);
		if (ret == 0)
			ret = statedir_unlink(sd->lib_fd, TXN_PENDING_FILE);
		if (ret == 0)
			break;
	}
	if (ret) {
		r->state = was;
		return ret;
	}
	txn_log(sd->lib_fd, r, event, detail);
	stop_guardian(r);
	return 0;
}

void txn_abandon_locked(struct nfc_statedir *sd, struct txn_record *r,
			const char *why)
{
	if (finish(sd, r, TXN_ROLLED_BACK, "rolled back at boot", why) < 0)
		fprintf(stderr, "nfcommit: cannot record transaction %s as rolled back\n",
			r->id);
}

int txn_rollback_locked(struct nfc_statedir *sd, struct txn_record *r,
			const char *why)
{
	struct nfc_backend b;
	struct nfc_diags d;
	char msg[512], detail[768];
	bool changed = false;
	int64_t live_ms = 0;
	int lock, ret;

	diags_init(&d);
	lock = lock_acquire(TXN_ROLLBACK_LOCK_WAIT, msg, sizeof(msg));
	ret = backend_open(&b, r->backend);
	if (ret == 0)
		ret = put_back(&b, sd, &d, &changed, &live_ms);
	if (ret == 0) {
		r->live_ms = live_ms; /* for the journal line below only */
		snprintf(detail, sizeof(detail), "%s%s%s", why,
			 changed ? "; the ruleset had been changed by someone else during the window, and was rolled back all the same" : "",
			 lock < 0 ? "; the xtables lock was held by another program" : "");
		/* The old rules are live; if the journal cannot say so yet,
		 * the next command rolls back again, which is harmless. */
		if (finish(sd, r, TXN_ROLLED_BACK, "rolled back", detail) < 0)
			fprintf(stderr, "nfcommit: rolled back, but the journal could not be updated; the next nfcommit command will finish it\n");
		r->live_ms = 0;
	} else {
		/* A snapshot that does not go in leaves the new rules live,
		 * all of them (legacy puts back the tables it replaced,
		 * nf_tables commits all or nothing).  The transaction stays
		 * pending and its guardian armed: the rollback is tried again
		 * by the guardian or the next command, never given up. */
		snprintf(detail, sizeof(detail),
			 "ROLLBACK FAILED (%s): %s; the new rules are still live and the transaction stays pending",
			 why, b.err[0] ? b.err : strerror(ret < 0 ? -ret : ret));
		r->state = TXN_ROLLBACK_FAILED; /* logged at LOG_CRIT */
		snprintf(r->reason, sizeof(r->reason), "%.*s",
			 (int)sizeof(r->reason) - 1, detail);
		txn_record_write(sd->lib_fd, TXN_LAST_FILE, r); /* for status */
		txn_log(sd->lib_fd, r, "rollback failed", detail);
		r->state = TXN_PENDING;
		fprintf(stderr, "nfcommit: %s\n", detail);
	}
	diags_print(&d, stderr);
	diags_free(&d);
	if (b.ops)
		backend_close(&b);
	lock_release(lock);
	return ret == 0 ? TXN_EXIT_ROLLED_BACK : TXN_EXIT_ROLLBACK_FAILED;
}

/* --persist: the live (confirmed) ruleset of each family involved goes to
 * the configured boot file, atomically, keeping the configured number of
 * previous generations, exactly as the services' save writes it. */
static int persist(struct nfc_statedir *sd, const struct txn_record *r,
		   char *msg, size_t msglen)
{
	const char *file[] = { r->file4, r->file6 };
	struct nfc_config c;
	unsigned int i;
	int ret = 0;

	(void)sd;
	/* With the configuration unreadable, the defaults could name another
	 * machine's files: refuse rather than write there. */
	if (config_load(&c, NULL) != 0) {
		config_free(&c);
		snprintf(msg, msglen, "--persist: cannot read the configuration %s",
			 config_path());
		return -EIO;
	}
	for (i = 0; i < NFC_NFAMILIES && ret == 0; i++) {
		struct save_req req = {
			.family = idx_fam(i),
			.path = c.rules[i],
			.backend = r->backend,
			.counters = c.counters,
			.generations = c.save_generations,
		};

		if (!file[i][0])
			continue;
		if (!c.rules[i]) {
			snprintf(msg, msglen,
				 "--persist: no %s rules file is configured in %s",
				 i ? "IPv6" : "IPv4", config_path());
			ret = -ENOENT;
			break;
		}
		ret = save_atomic(&req);
		if (ret)
			snprintf(msg, msglen, "--persist: saving to %s failed",
				 c.rules[i]);
	}
	config_free(&c);
	return ret;
}

int txn_confirm_locked(struct nfc_statedir *sd, struct txn_record *r,
		       bool persist_rules, char *msg, size_t msglen)
{
	char detail[512];
	bool again = false;

	/* before --persist saves the live rules */
	if (finish_stage(sd, r, &again, msg, msglen) != 0)
		return NFC_EXIT_FAIL;
	if (persist_rules && persist(sd, r, msg, msglen) != 0)
		return NFC_EXIT_FAIL;
	snprintf(detail, sizeof(detail), "confirmed%s%s",
		 again ? "; the ruleset had been changed by someone else during the window, so the new rules were committed again" : "",
		 persist_rules ? "; saved for boot" : "");
	if (finish(sd, r, TXN_CONFIRMED, "confirmed", detail) < 0) {
		snprintf(msg, msglen,
			 "cannot record the confirmation in the journal: the transaction stays pending and will roll back at its deadline");
		return NFC_EXIT_FAIL;
	}
	return 0;
}

#define TXN_APPLY_LOCK_FILE "apply.lock"

int txn_apply_hold(const struct nfc_statedir *sd)
{
	return lock_run_file(sd, TXN_APPLY_LOCK_FILE);
}

/* An apply killed between its record and its guardian's report leaves a
 * record that the grace period alone would trust for seconds, with
 * nothing to roll it back: the lock it held tells. */
static bool applier_alive(const struct nfc_statedir *sd)
{
	int fd = statedir_openat(sd->run_fd, TXN_APPLY_LOCK_FILE, O_RDWR);
	bool held;

	if (fd < 0)
		return false;
	held = flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK;
	close(fd);
	return held;
}

bool txn_guardian_alive(const struct txn_record *r)
{
	char path[64], cmd[512];
	ssize_t n;
	int fd;

	if (r->guardian <= 0)
		return time(NULL) - r->started < TXN_GUARDIAN_GRACE;
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)r->guardian);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, cmd, sizeof(cmd) - 1);
	close(fd);
	if (n <= 0)
		return false;
	cmd[n] = '\0';
	/* argv is NUL-separated: look for the id as one of its words. */
	for (ssize_t i = 0; i < n; i += (ssize_t)strlen(cmd + i) + 1)
		if (strcmp(cmd + i, r->id) == 0)
			return true;
	return false;
}

int txn_supersede(const char *by)
{
	struct nfc_statedir sd;
	struct txn_record r;
	char msg[256], why[128];
	int lock;

	if (geteuid() != 0 || statedir_open(&sd, false, msg, sizeof(msg)) < 0)
		return 0;
	lock = txn_lock(&sd);
	if (lock >= 0 && txn_record_read(sd.lib_fd, TXN_PENDING_FILE, &r) == 0 &&
	    r.state == TXN_PENDING) {
		snprintf(why, sizeof(why), "superseded by %s: not rolled back", by);
		if (finish(&sd, &r, TXN_SUPERSEDED, "superseded", why) < 0)
			fprintf(stderr, "nfcommit %s: cannot end pending transaction %s in the journal\n",
				by, r.id);
		fprintf(stderr, "nfcommit %s: pending transaction %s ended without a rollback\n",
			by, r.id);
	}
	txn_unlock(lock);
	statedir_close(&sd);
	return 0;
}

int txn_recover(const char *who)
{
	struct nfc_statedir sd;
	struct txn_record r;
	char msg[256], why[320];
	int lock, ret = 0;

	if (geteuid() != 0 || statedir_open(&sd, false, msg, sizeof(msg)) < 0)
		return 0;
	lock = txn_lock(&sd);
	if (lock >= 0 && txn_record_read(sd.lib_fd, TXN_PENDING_FILE, &r) == 0 &&
	    r.state == TXN_PENDING) {
		bool expired = time(NULL) >= r.deadline;

		if (expired || !txn_guardian_alive(&r) ||
		    (r.guardian <= 0 && !applier_alive(&sd))) {
			snprintf(why, sizeof(why), "%s, found by %s",
				 expired ? "deadline passed unconfirmed"
					 : "its guardian is gone",
				 who);
			if (txn_rollback_locked(&sd, &r, why) ==
			    TXN_EXIT_ROLLBACK_FAILED)
				ret = TXN_EXIT_ROLLBACK_FAILED;
			else
				fprintf(stderr,
					"nfcommit: transaction %s was not confirmed (%s): the previous ruleset is back\n",
					r.id, why);
		}
	}
	txn_unlock(lock);
	statedir_close(&sd);
	return ret;
}
