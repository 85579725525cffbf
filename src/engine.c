// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend.h"
#include "engine.h"
#include "guard.h"
#include "load_relayout.h"
#include "load_stream.h"
#include "lock.h"
#include "wire.h"
#include "xt.h"

#define ENGINE_ATTEMPTS 5 /* commits refused for a changed ruleset */

struct engine {
	const struct engine_opts *o;
	/* o->backend resolved before the parse ("auto" read the kernel),
	 * so that the parse can build for it; why: for -v. */
	const char *backend, *why;
	struct nfc_diags *d;
	struct nfc_load loads[ENGINE_MAX_INPUTS];
	struct load_opts lopts[ENGINE_MAX_INPUTS];
	unsigned int n;
};

/*
 * libxtables serves one family per process: the other family's input is
 * parsed by a forked child, which prints its own diagnostics and sends
 * the parsed script back.
 */
static int parse_in_child(struct engine *e, unsigned int i)
{
	struct nfc_load *l = &e->loads[i];
	int fds[2], status, ret;
	pid_t pid;

	if (pipe(fds) < 0)
		return NFC_EXIT_RESOURCE;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return NFC_EXIT_RESOURCE;
	}
	if (pid == 0) {
		struct nfc_diags cd;
		char msg[256];

		close(fds[0]);
		diags_init(&cd);
		if (xt_init(e->lopts[i].family, XT_PROBE_KERNEL, msg,
			    sizeof(msg)) < 0) {
			fprintf(stderr, "nfcommit: %s\n", msg);
			_exit(NFC_EXIT_FAIL);
		}
		ret = load_parse_script(l, &e->lopts[i], &cd);
		diags_print(&cd, stderr);
		if (ret == 0 && wire_send_script(fds[1], &l->script) < 0)
			ret = NFC_EXIT_RESOURCE;
		_exit(ret);
	}
	close(fds[1]);
	ret = wire_recv_script(fds[0], &l->script);
	close(fds[0]);
	l->script.family = e->lopts[i].family;
	l->script.src = &l->src;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return NFC_EXIT_FAIL;
	if (WEXITSTATUS(status))
		return WEXITSTATUS(status);
	return ret < 0 ? NFC_EXIT_RESOURCE : 0;
}

/*
 * The children are forked before this process loads any extension: a
 * child inherits the parent's libxtables, and extensions registered for
 * one family cannot be taken back.
 */
static int parse_all(struct engine *e, const struct engine_input *in)
{
	enum nfc_family mine = xt_family() ? xt_family() : in[0].family;
	char msg[256];
	unsigned int i;
	int ret = 0, r;

	for (i = 0; i < e->n; i++) {
		r = load_read_flags(&e->loads[i], in[i].path, in[i].text,
				    in[i].name,
				    e->o->allow_unsafe_perms ? 0 : SOURCE_SAFE_PERMS,
				    e->d);
		if (r)
			return r;
	}
	for (i = 0; i < e->n; i++) {
		if (in[i].family != mine) {
			r = parse_in_child(e, i);
			if (r && !ret)
				ret = r;
		}
	}
	r = xt_init(mine, XT_PROBE_KERNEL, msg, sizeof(msg));
	if (r < 0) {
		diag_add(e->d, NFC_ERROR, NULL, "%s", msg);
		return NFC_EXIT_FAIL;
	}
	for (i = 0; i < e->n; i++) {
		if (in[i].family == mine) {
			r = e->lopts[i].one_pass
				? load_parse_build(&e->loads[i], &e->lopts[i], e->d)
				: load_parse_script(&e->loads[i], &e->lopts[i], e->d);
			if (r && !ret)
				ret = r;
		}
	}
	return ret;
}

static int build_and_commit(struct engine *e, struct nfc_backend *b)
{
	struct nfc_table **all = NULL;
	unsigned int i, j, total = 0;
	int ret = 0, r;

	for (i = 0; i < e->n; i++) {
		r = load_build(&e->loads[i], b, &e->lopts[i], e->d);
		if (r && !ret)
			ret = r;
	}
	if (ret || (e->o->test && !b->ops->validate))
		return ret;
	if (e->lopts[0].take_rules) {
		/* The images own the rules now; the rest of the script is
		 * not needed again, and its memory goes back before the
		 * batch is built. */
		for (i = 0; i < e->n; i++) {
			load_drop_script(&e->loads[i]);
			/* Both backends walk each table's arena in
			 * allocation order; nf_tables appends, so a chain
			 * whose rules lie out of order there (-I, -D) has
			 * them moved into order first.  Without the memory
			 * to move them they are sent chain by chain. */
			if (b->ops == &backend_nft_ops)
				(void)load_relayout(&e->loads[i]);
		}
		malloc_trim(0);
		b->consume = true;
	}
	for (i = 0; i < e->n; i++)
		total += e->loads[i].nimgs;
	all = calloc(total ? total : 1, sizeof(*all));
	if (!all)
		return NFC_EXIT_RESOURCE;
	for (i = 0, total = 0; i < e->n; i++)
		for (j = 0; j < e->loads[i].nimgs; j++)
			all[total++] = e->loads[i].imgs[j];
	if (e->o->before_commit && !e->o->test)
		ret = e->o->before_commit(b, all, total, e->o->hook_arg);
	if (ret == 0) {
		/* --test: the kernel checks everything and keeps nothing */
		r = e->o->test ? b->ops->validate(b, all, total, e->d)
			       : b->ops->commit(b, all, total, e->d);
		ret = r == -ERESTART ? -ERESTART : r < 0 ? NFC_EXIT_FAIL : 0;
	}
	if (ret == 0 && e->o->after_commit && !e->o->test)
		e->o->after_commit(b, e->o->hook_arg);
	if (ret == 0 && e->o->verbose && !e->o->test)
		fprintf(stderr, "nfcommit: %u table(s) committed with the %s backend\n",
			total, b->ops->name);
	free(all);
	return ret;
}

/* The nf_tables backend builds on the ruleset generation it read; when
 * another program commits in between, the kernel refuses the batch and
 * the images are built again from a fresh read. */
static int build_and_commit_retrying(struct engine *e, struct nfc_backend *b)
{
	unsigned int attempt, i;
	int ret;

	for (attempt = 1;; attempt++) {
		ret = build_and_commit(e, b);
		if (ret != -ERESTART)
			return ret;
		/* images that took the script's rules cannot be rebuilt (the
		 * backend already retried what did not depend on the kernel) */
		if (attempt == ENGINE_ATTEMPTS || e->lopts[0].take_rules)
			break;
		if (e->o->verbose)
			fprintf(stderr, "nfcommit: another program changed the ruleset meanwhile; building again\n");
		for (i = 0; i < e->n; i++)
			load_drop_images(&e->loads[i]);
	}
	diag_add(e->d, NFC_ERROR, NULL,
		 "another program kept changing the ruleset: gave up after %u attempts, nothing was changed",
		 e->lopts[0].take_rules ? NFT_COMMIT_ATTEMPTS : attempt);
	return NFC_EXIT_RESOURCE;
}

static int commit_phase(struct engine *e)
{
	struct nfc_backend b;
	char msg[512];
	int lock, ret;

	if (guard_check(msg, sizeof(msg)) < 0) {
		diag_add(e->d, NFC_ERROR, NULL, "%s", msg);
		return NFC_EXIT_FAIL;
	}
	lock = lock_acquire(e->o->wait_s, msg, sizeof(msg));
	if (lock < 0) {
		diag_add(e->d, NFC_ERROR, NULL, "%s", msg);
		return NFC_EXIT_RESOURCE;
	}
	if (backend_open(&b, e->backend) < 0) {
		diag_add(e->d, NFC_ERROR, NULL, "%s", b.err);
		lock_release(lock);
		return NFC_EXIT_INPUT;
	}
	if (e->o->verbose)
		fprintf(stderr, "nfcommit: backend %s (%s)\n", b.ops->name,
			e->why);
	ret = build_and_commit_retrying(e, &b);
	backend_close(&b);
	lock_release(lock);
	return ret;
}

/* Build while parsing (load_stream.h) when the images are the kernel's
 * tables emptied, the backend takes them as they are and nothing looks at
 * them before the commit. */
static bool one_pass_ok(const struct engine *e)
{
	const struct engine_opts *o = e->o;

	return (strcmp(e->backend, "legacy") == 0 ||
		strcmp(e->backend, "nft") == 0) &&
	       !o->noflush && !o->keep_foreign && !o->test && !o->before_commit;
}

static void (*empty_image_of(const struct engine *e))(struct nfc_table *)
{
	return strcmp(e->backend, "nft") == 0 ? backend_nft_empty_image
					       : NULL;
}

int engine_restore(const struct engine_input *in, unsigned int n,
		   const struct engine_opts *o, struct nfc_diags *d)
{
	struct engine e = { .o = o, .d = d, .n = n };
	unsigned int i;
	int ret;

	if (n == 0 || n > ENGINE_MAX_INPUTS ||
	    (n == 2 && in[0].family == in[1].family)) {
		diag_add(d, NFC_ERROR, NULL,
			 "give at most one rules file per family (-4 FILE -6 FILE)");
		/* As on every other way out: said, then freed. */
		diags_print(d, stderr);
		diags_free(d);
		return NFC_EXIT_INPUT;
	}
	e.backend = backend_resolve(o->backend, &e.why);
	for (i = 0; i < n; i++)
		e.lopts[i] = (struct load_opts){
			.family = in[i].family,
			.counters = o->counters,
			.noflush = o->noflush,
			.keep_foreign = o->keep_foreign,
			.only_table = o->only_table,
			/* a build on the kernel's tables may be redone */
			.take_rules = !o->noflush && !o->keep_foreign,
			.one_pass = one_pass_ok(&e),
			.empty_image = empty_image_of(&e),
		};
	ret = parse_all(&e, in);
	if (ret == 0)
		ret = commit_phase(&e);
	/* Diagnostics quote the sources: print before freeing them. */
	diags_print(d, stderr);
	diags_free(d);
	for (i = 0; i < n; i++)
		load_free(&e.loads[i]);
	return ret;
}
