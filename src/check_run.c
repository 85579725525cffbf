// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_run.h"
#include "finding.h"
#include "lint.h"
#include "wire.h"
#include "wire_diag.h"
#include "xt.h"

void check_default_code(struct nfc_diag **mark, unsigned int code)
{
	struct nfc_diag *dg;

	for (dg = *mark; dg; dg = dg->next)
		if (!dg->code && dg->loc.src)
			dg->code = code;
}

static struct load_opts offline_opts(enum nfc_family family)
{
	return (struct load_opts){ .family = family, .offline = true };
}

int check_build_lint(struct nfc_load *l, const struct load_opts *lo,
		     struct nfc_diags *d)
{
	struct load_opts take = *lo;
	struct nfc_diag **mark = d->tail;
	unsigned int errors = d->nerrors;
	struct nfc_diags text;
	int ret;

	/* The images take the script's rules instead of copies (half the
	 * memory of a check), so the line checks run first; what they find
	 * counts only if the file builds, and queues after the build's own
	 * diagnostics as it did when it ran after the build. */
	diags_init(&text);
	lint_text(l, &text);
	take.take_rules = true;
	ret = load_build(l, NULL, &take, d);
	check_default_code(mark, NFC_F_COMMAND_FAILS);
	if (ret || d->nerrors != errors) {
		diags_free(&text);
		return NFC_EXIT_INPUT;
	}
	diags_append(d, &text);
	lint_images(l, d);
	return 0;
}

static int parse_here(struct check_file *f, struct nfc_diags *d)
{
	struct load_opts lo = offline_opts(f->family);
	struct nfc_diag **mark = d->tail;
	int ret = load_parse_script(&f->l, &lo, d);

	check_default_code(mark, NFC_F_SYNTAX);
	return ret;
}

/* The child: parse with libxtables for the other family, send back the
 * diagnostics and the script, exit. */
static void __attribute__((noreturn)) child(struct check_file *f, int fd)
{
	struct nfc_diags cd;
	char msg[256];
	int ret;

	diags_init(&cd);
	if (xt_init(f->family, XT_PROBE_OFFLINE, msg, sizeof(msg)) < 0) {
		diag_add(&cd, NFC_ERROR, NULL, "%s", msg);
		ret = NFC_EXIT_FAIL;
	} else {
		ret = parse_here(f, &cd);
	}
	if (wire_send_diags(fd, &cd) < 0 || wire_send_flag(fd, ret == 0) < 0 ||
	    (ret == 0 && wire_send_script(fd, &f->l.script) < 0))
		_exit(NFC_EXIT_RESOURCE);
	_exit(ret);
}

/* Start parsing f in a child; collect() gets the result.  The child
 * parses while this process parses the files of its own family. */
static int start_child(struct check_file *f)
{
	int fds[2];

	if (pipe(fds) < 0)
		return NFC_EXIT_RESOURCE;
	fflush(NULL);
	f->pid = fork();
	if (f->pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return NFC_EXIT_RESOURCE;
	}
	if (f->pid == 0) {
		close(fds[0]);
		child(f, fds[1]);
	}
	close(fds[1]);
	f->fd = fds[0];
	return 0;
}

static int collect(struct check_file *f, struct nfc_diags *d)
{
	int status, ret;
	bool more = false;

	ret = wire_recv_diags(f->fd, d);
	if (ret == 0)
		ret = wire_recv_flag(f->fd, &more);
	/* The script follows only when the child parsed the file whole. */
	if (ret == 0 && more)
		ret = wire_recv_script(f->fd, &f->l.script);
	close(f->fd);
	f->fd = -1;
	f->l.script.family = f->family;
	f->l.script.src = &f->l.src;
	if (waitpid(f->pid, &status, 0) < 0 || !WIFEXITED(status))
		return NFC_EXIT_FAIL;
	if (WEXITSTATUS(status))
		return WEXITSTATUS(status);
	return ret < 0 ? NFC_EXIT_RESOURCE : 0;
}

/* Pair the i-th IPv4 file with the i-th IPv6 file. */
static void parity(struct check_file *files, unsigned int n,
		   struct nfc_diags *d)
{
	unsigned int k4 = 0, k6 = 0;

	for (;;) {
		while (k4 < n && files[k4].family != NFC_IPV4)
			k4++;
		while (k6 < n && files[k6].family != NFC_IPV6)
			k6++;
		if (k4 == n || k6 == n)
			return;
		if (files[k4].built && files[k6].built)
			lint_parity(&files[k4].l, &files[k6].l, d);
		k4++;
		k6++;
	}
}

int check_files(struct check_file *files, unsigned int n,
		const struct check_opts *o, struct nfc_diags *d)
{
	enum nfc_family mine = NFC_IPV4;
	bool have_mine = false;
	char msg[256];
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		files[i].unreadable = load_read(&files[i].l, files[i].path,
						NULL, NULL, d) != 0;
		if (!files[i].unreadable && !have_mine) {
			mine = files[i].family;
			have_mine = true;
		}
	}
	/* Before this process loads any extension: a child inherits the
	 * parent's libxtables, which cannot serve a second family. */
	for (i = 0; i < n; i++) {
		files[i].fd = -1;
		if (files[i].unreadable || files[i].family == mine)
			continue;
		ret = start_child(&files[i]);
		if (ret)
			return ret;
	}
	if (xt_init(mine, XT_PROBE_OFFLINE, msg, sizeof(msg)) < 0) {
		diag_add(d, NFC_ERROR, NULL, "%s", msg);
		ret = NFC_EXIT_FAIL;
	} else {
		ret = 0;
	}
	for (i = 0; i < n && !ret; i++) {
		if (files[i].unreadable || files[i].family != mine)
			continue;
		ret = parse_here(&files[i], d);
		files[i].built = ret == 0; /* parsed; built below */
		if (ret == NFC_EXIT_INPUT)
			ret = 0;
	}
	/* Collect every child, even after a failure: none is left behind. */
	for (i = 0; i < n; i++) {
		int r;

		if (files[i].fd < 0)
			continue;
		r = collect(&files[i], d);
		files[i].built = r == 0;
		if (r && r != NFC_EXIT_INPUT && !ret)
			ret = r;
	}
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		struct load_opts lo = offline_opts(files[i].family);

		if (files[i].built)
			files[i].built = check_build_lint(&files[i].l, &lo, d) == 0;
	}
	parity(files, n, d);
	for (i = 0; o->ssh && i < n; i++)
		if (files[i].built && files[i].family == o->ssh->family)
			ssh_check(files[i].l.imgs, files[i].l.nimgs, o->ssh, d);
	return 0;
}

void check_files_free(struct check_file *files, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		load_free(&files[i].l);
}
