// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Parser and model: a file becomes sections of commands with their
 * places, commands become complete images, errors land on the right
 * line and column.  Offline (no kernel): libxtables with the revision
 * probe that assumes the newest.
 */
#include <stdlib.h>

#include "apply.h"
#include "lint.h"
#include "parse.h"
#include "ruleset.h"
#include "xt.h"
#include "unit.h"

struct parsed {
	struct nfc_source src;
	struct nfc_script s;
	struct nfc_diags d;
	int errors;
};

static void parse(struct parsed *p, const char *text, bool counters)
{
	struct parse_opts o = { .family = NFC_IPV4, .counters = counters };

	source_from_buffer(&p->src, "t.rules", text, strlen(text));
	diags_init(&p->d);
	p->errors = script_parse(&p->s, &p->src, &o, &p->d);
}

static void done(struct parsed *p)
{
	script_free(&p->s);
	diags_free(&p->d);
	source_free(&p->src);
}

/* The first diagnostic, for checking where it points. */
static const struct nfc_diag *first(struct parsed *p)
{
	return p->d.head;
}

static void test_sections(void)
{
	struct parsed p;

	parse(&p,
	      "# comment\n*filter\n:INPUT DROP [1:2]\n:foo - [0:0]\n"
	      "-A INPUT -j foo\nCOMMIT\n*nat\nCOMMIT\n",
	      false);
	CHECK(p.errors == 0);
	CHECK(p.s.nsecs == 2);
	CHECK_STR(p.s.secs[0].table, "filter");
	CHECK(p.s.secs[0].ncmds == 3);
	CHECK(p.s.secs[0].cmds[0].type == NFC_CMD_DECLARE);
	CHECK(!p.s.secs[0].cmds[0].has_counters); /* only with -c */
	CHECK(p.s.secs[0].cmds[2].type == NFC_CMD_APPEND);
	CHECK(p.s.secs[0].cmds[2].loc.line == 5);
	CHECK(p.s.secs[0].cmds[2].jump_to_chain);
	CHECK(p.s.secs[0].commit_loc.line == 6);
	done(&p);
}

static void test_counters(void)
{
	struct parsed p;
	struct nfc_rule *r;

	parse(&p, "*filter\n:INPUT ACCEPT [5:300]\n[7:420] -A INPUT -j DROP\nCOMMIT\n",
	      true);
	CHECK(p.errors == 0);
	CHECK(p.s.secs[0].cmds[0].has_counters);
	CHECK(p.s.secs[0].cmds[0].counters.bcnt == 300);
	r = p.s.secs[0].cmds[1].rules[0];
	CHECK(rule_counters(r)->pcnt == 7 && rule_counters(r)->bcnt == 420);
	done(&p);
	parse(&p, "*filter\n:INPUT ACCEPT [x:1]\nCOMMIT\n", true);
	CHECK(p.errors == 1);
	done(&p);
}

static void test_error_places(void)
{
	struct parsed p;

	parse(&p, "*filter\n-A INPUT -p tcp --dport 99999 -j ACCEPT\nCOMMIT\n",
	      false);
	CHECK(p.errors == 1);
	CHECK(first(&p)->loc.line == 2);
	CHECK(first(&p)->loc.col == 25); /* the bad value */
	done(&p);
	parse(&p, "*filter\n-A INPUT --bogus -j ACCEPT\nCOMMIT\n", false);
	CHECK(p.errors == 1);
	CHECK(first(&p)->loc.col == 10);
	done(&p);
	parse(&p, "-A INPUT -j ACCEPT\n", false);
	CHECK(p.errors == 1 && first(&p)->loc.line == 1);
	done(&p);
	parse(&p, "*filter\n-A INPUT -j ACCEPT\n", false);
	CHECK(p.errors == 1 && first(&p)->loc.line == 3); /* after the end */
	done(&p);
	parse(&p, "*bogus\nCOMMIT\n", false);
	CHECK(p.errors == 1 && first(&p)->loc.col == 2);
	done(&p);
	parse(&p, "*filter\n-A INPUT -j ACCEPT\r\nCOMMIT\n", false);
	CHECK(p.errors == 1 && first(&p)->loc.line == 2);
	done(&p);
	/* One run reports every bad line. */
	parse(&p, "*filter\n-A INPUT -x\n-A INPUT -s 1.2.3.400\nCOMMIT\n", false);
	CHECK(p.errors == 2);
	done(&p);
}

static void test_address_expansion(void)
{
	struct parsed p;

	parse(&p, "*filter\n-A INPUT -s 192.0.2.1,192.0.2.2 -d 198.51.100.0/24 -j DROP\nCOMMIT\n",
	      false);
	CHECK(p.errors == 0);
	CHECK(p.s.secs[0].cmds[0].nrules == 2);
	done(&p);
}

static struct nfc_table *image(const char *text, int *errors)
{
	struct apply_opts ao = { .noflush = false };
	struct nfc_table *t = table_new_builtin(NFC_IPV4, "filter");
	struct lint_jumps j;
	struct parsed p;

	parse(&p, text, false);
	*errors = p.errors;
	if (!p.errors)
		*errors = apply_section(t, &p.s.secs[0], &ao, &p.d);
	if (lint_jumps_init(&j, t) == 0) {
		*errors += lint_loops(t, &j, &p.d);
		lint_jumps_free(&j);
	} else {
		(*errors)++;
	}
	done(&p);
	return t;
}

static void test_images(void)
{
	int errors;
	struct nfc_table *t;
	struct nfc_chain *c;

	t = image("*filter\n:a - [0:0]\n:b - [0:0]\n-A INPUT -j a\n-A a -j b\n"
		  "-I a 1 -j DROP\n-R a 2 -j ACCEPT\n-E b c\n-A c -j RETURN\n"
		  "-D a 1\nCOMMIT\n",
		  &errors);
	CHECK(errors == 0);
	c = table_find_chain(t, "a");
	CHECK(c && c->nrules == 1);
	CHECK(c && strcmp(rule_jump_name(c->rules[0]), "ACCEPT") == 0);
	CHECK(table_find_chain(t, "b") == NULL);
	CHECK(table_find_chain(t, "c") != NULL);
	table_free(t);

	t = image("*filter\n-A INPUT -j nowhere\nCOMMIT\n", &errors);
	CHECK(errors == 1);
	table_free(t);
	t = image("*filter\n:a - [0:0]\n:b - [0:0]\n-A a -j b\n-A b -j a\nCOMMIT\n",
		  &errors);
	CHECK(errors == 1); /* the loop */
	table_free(t);
	t = image("*filter\n:a ACCEPT [0:0]\nCOMMIT\n", &errors);
	CHECK(errors == 1); /* policy on a user chain */
	table_free(t);
	t = image("*filter\n:a - [0:0]\n:a - [0:0]\nCOMMIT\n", &errors);
	CHECK(errors == 1); /* declared twice */
	table_free(t);
}

int main(void)
{
	char msg[256];

	if (xt_init(NFC_IPV4, XT_PROBE_OFFLINE, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "%s\n", msg);
		return 1;
	}
	test_sections();
	test_counters();
	test_error_places();
	test_address_expansion();
	test_images();
	return unit_report("test_parse");
}
