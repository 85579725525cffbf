// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The reasoning behind check's findings: when one rule covers another,
 * port sets, suppression comments, host name placeholders, and the SSH
 * walk.  Rules come from the real parser (libxtables offline), so the
 * entries are the ones check sees.
 */
#include <stdlib.h>

#include "finding.h"
#include "hostname.h"
#include "lint.h"
#include "lint_facts.h"
#include "lint_ssh.h"
#include "load.h"
#include "suppress.h"
#include "xt.h"
#include "unit.h"

#define TEXT_MAX 4096

struct loaded {
	struct nfc_load l;
	struct nfc_diags d;
	int ret;
};

/* Load "*filter", the given lines, "COMMIT" (IPv4, offline). */
static void load(struct loaded *x, const char *lines)
{
	struct load_opts lo = { .family = NFC_IPV4, .offline = true };
	char text[TEXT_MAX];

	snprintf(text, sizeof(text),
		 "*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n"
		 ":OUTPUT ACCEPT [0:0]\n%sCOMMIT\n",
		 lines);
	diags_init(&x->d);
	x->ret = load_read(&x->l, NULL, text, "t.rules", &x->d);
	if (!x->ret)
		x->ret = load_parse_script(&x->l, &lo, &x->d);
	if (!x->ret)
		x->ret = load_build(&x->l, NULL, &lo, &x->d);
}

static void unload(struct loaded *x)
{
	diags_free(&x->d);
	load_free(&x->l);
}

static const struct nfc_chain *chain(struct loaded *x, const char *name)
{
	unsigned int i;

	for (i = 0; i < x->l.nimgs; i++)
		if (table_find_chain(x->l.imgs[i], name))
			return table_find_chain(x->l.imgs[i], name);
	return NULL;
}

/* Does the first INPUT rule cover the second?  Both are rule options. */
static bool covers(const char *earlier, const char *later)
{
	struct rule_facts *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	char lines[TEXT_MAX];
	struct loaded x;
	const struct nfc_chain *c;
	bool r = false;

	snprintf(lines, sizeof(lines), "-A INPUT %s\n-A INPUT %s\n", earlier,
		 later);
	load(&x, lines);
	c = chain(&x, "INPUT");
	if (x.ret || !c || c->nrules != 2 || !a || !b) {
		fprintf(stderr, "cannot load `%s' / `%s'\n", earlier, later);
		unit_failures++;
	} else {
		facts_decode(a, c->rules[0]);
		facts_decode(b, c->rules[1]);
		r = facts_cover(a, b);
	}
	unload(&x);
	free(a);
	free(b);
	return r;
}

static void test_cover(void)
{
	/* Addresses and masks, inversion. */
	CHECK(covers("-s 10.0.0.0/8 -j DROP", "-s 10.1.2.3 -j ACCEPT"));
	CHECK(!covers("-s 10.1.2.3 -j DROP", "-s 10.0.0.0/8 -j ACCEPT"));
	CHECK(covers("-j DROP", "-s 10.1.2.3 -p tcp -j ACCEPT"));
	CHECK(covers("! -s 10.0.0.0/8 -j DROP", "-s 11.0.0.1 -j ACCEPT"));
	CHECK(!covers("! -s 10.0.0.0/8 -j DROP", "-s 10.0.0.1 -j ACCEPT"));
	CHECK(covers("! -s 10.0.0.0/8 -j DROP", "! -s 10.0.0.0/7 -j ACCEPT"));
	CHECK(!covers("! -s 10.0.0.0/7 -j DROP", "! -s 10.0.0.0/8 -j ACCEPT"));
	CHECK(covers("-s 10.0.0.0/255.0.255.0 -j DROP",
		     "-s 10.7.0.1/32 -j ACCEPT"));
	CHECK(!covers("-s 10.0.0.0/255.0.255.0 -j DROP",
		      "-s 10.7.1.1/32 -j ACCEPT"));
	/* Interfaces. */
	CHECK(covers("-i eth+ -j DROP", "-i eth0 -j ACCEPT"));
	CHECK(covers("-i eth+ -j DROP", "-i eth1+ -j ACCEPT"));
	CHECK(!covers("-i eth0 -j DROP", "-i eth+ -j ACCEPT"));
	CHECK(!covers("-i eth0 -j DROP", "-i eth00 -j ACCEPT"));
	CHECK(covers("! -i lo -j DROP", "-i eth0 -j ACCEPT"));
	/* Protocols. */
	CHECK(covers("-p tcp -j DROP", "-p tcp --dport 22 -j ACCEPT"));
	CHECK(!covers("-p tcp -j DROP", "-p udp -j ACCEPT"));
	CHECK(covers("! -p udp -j DROP", "-p tcp -j ACCEPT"));
	CHECK(!covers("-p tcp -j DROP", "-j ACCEPT"));
	/* Ports: ranges, lists, inversion, either direction, fragments. */
	CHECK(covers("-p tcp --dport 1:1024 -j DROP",
		     "-p tcp -m multiport --dports 22,80,443 -j ACCEPT"));
	CHECK(!covers("-p tcp --dport 1:442 -j DROP",
		      "-p tcp -m multiport --dports 22,80,443 -j ACCEPT"));
	CHECK(covers("-p tcp ! --dport 22 -j DROP", "-p tcp --dport 23 -j ACCEPT"));
	CHECK(!covers("-p tcp ! --dport 22 -j DROP", "-p tcp --dport 22 -j ACCEPT"));
	CHECK(covers("-p tcp -m multiport ! --dports 22,80 -j DROP",
		     "-p tcp --dport 8080 -j ACCEPT"));
	CHECK(covers("-p tcp -m multiport --ports 25 -j DROP",
		     "-p tcp --sport 25 -j ACCEPT"));
	CHECK(!covers("-p tcp -m multiport --dports 25 -j DROP",
		      "-p tcp -m multiport --ports 25 -j ACCEPT"));
	CHECK(covers("-p tcp -m multiport --dports 20:30 -j DROP",
		     "-p tcp --dport 25 --sport 99 -j ACCEPT"));
	CHECK(!covers("-p tcp --dport 0:65535 -j DROP", "-p tcp -j ACCEPT"));
	CHECK(covers("-p tcp --dport 0:65535 -j DROP", "-p tcp ! -f -j ACCEPT"));
	/* Conntrack and state, the old spelling included. */
	CHECK(covers("-m conntrack --ctstate NEW,ESTABLISHED -j DROP",
		     "-m state --state NEW -j ACCEPT"));
	CHECK(!covers("-m conntrack --ctstate NEW -j DROP",
		      "-m conntrack --ctstate NEW,RELATED -j ACCEPT"));
	CHECK(covers("-m conntrack ! --ctstate INVALID -j DROP",
		     "-m conntrack --ctstate ESTABLISHED -j ACCEPT"));
	CHECK(!covers("-m conntrack --ctstate DNAT -j DROP",
		      "-m conntrack --ctstate NEW -j ACCEPT"));
	CHECK(!covers("-m conntrack --ctstate NEW -j DROP",
		      "-m conntrack --ctstate NEW,DNAT -j ACCEPT"));
	/* Other matches narrow the later rule, never prove the earlier. */
	CHECK(covers("-p tcp -j DROP", "-p tcp -m limit --limit 1/s -j ACCEPT"));
	CHECK(!covers("-p tcp -m limit --limit 1/s -j DROP", "-p tcp -j ACCEPT"));
	CHECK(!covers("-m mark --mark 1 -j DROP", "-m mark --mark 1 -j ACCEPT"));
	CHECK(covers("-m comment --comment x -j DROP", "-p tcp -j ACCEPT"));
	/* TCP flags: the same test only. */
	CHECK(covers("-p tcp --syn -j DROP", "-p tcp --syn --dport 1 -j ACCEPT"));
	CHECK(!covers("-p tcp --syn -j DROP", "-p tcp -j ACCEPT"));
}

static void test_targets(void)
{
	struct loaded x;
	struct rule_facts f;
	const struct nfc_chain *c;
	static const struct {
		const char *rule;
		bool terminal;
	} t[] = {
		{ "-j ACCEPT", true },	{ "-j DROP", true },
		{ "-j RETURN", true },	{ "-j REJECT", true },
		{ "-g web", true },	{ "-j web", false },
		{ "-j LOG", false },	{ "-j MARK --set-mark 1", false },
		{ "", false },		{ "-j NFQUEUE", true },
	};
	char lines[TEXT_MAX] = "-N web\n";
	size_t i, o = strlen(lines);

	for (i = 0; i < NFC_ARRAY_SIZE(t); i++)
		o += (size_t)snprintf(lines + o, sizeof(lines) - o,
				      "-A INPUT %s\n", t[i].rule);
	load(&x, lines);
	c = chain(&x, "INPUT");
	CHECK(x.ret == 0 && c && c->nrules == NFC_ARRAY_SIZE(t));
	for (i = 0; c && i < c->nrules; i++) {
		facts_decode(&f, c->rules[i]);
		CHECK(facts_terminal(&f) == t[i].terminal);
		CHECK(facts_unconditional(&f));
	}
	unload(&x);
}

static void test_ports(void)
{
	struct lf_ports a = { 2, { { 20, 30 }, { 80, 80 } } };
	struct lf_ports b = { 1, { { 0, 100 } } };
	char buf[64];

	CHECK(ports_subset(&a, &b));
	CHECK(!ports_subset(&b, &a));
	CHECK(ports_contains(&a, 25) && !ports_contains(&a, 31));
	ports_format(&a, buf, sizeof(buf));
	CHECK_STR(buf, "20:30,80");
	ports_full(&b);
	CHECK(ports_is_full(&b));
}

static void test_suppress(void)
{
	const char *a = "# nfcommit: ignore=NFC012,NFC013";
	const char *b = "#nfcommit:   ignore=shadowed, duplicate because";
	const char *c = "# nfcommit ignore=NFC012";
	const char *e = "# nfcommit: ignore=NFC999,bogus";

	CHECK(suppress_parse(a, strlen(a)) ==
	      ((1u << NFC_F_SHADOWED) | (1u << NFC_F_DUPLICATE)));
	CHECK(suppress_parse(b, strlen(b)) ==
	      ((1u << NFC_F_SHADOWED) | (1u << NFC_F_DUPLICATE)));
	CHECK(suppress_parse(c, strlen(c)) == 0);
	CHECK(suppress_parse(e, strlen(e)) == 0);
	CHECK(finding_lookup("nfc012") == NFC_F_SHADOWED);
	CHECK_STR(finding_info(NFC_F_SSH_LOCKOUT)->id, "NFC022");
}

static bool always_numeric_if_digit(const char *e, size_t len, void *arg)
{
	(void)arg;
	return len && e[0] >= '0' && e[0] <= '9';
}

static void test_hostname(void)
{
	const char *spec = "192.0.2.1,www.example.com/24,www.example.com";
	char *out = malloc(host_spec_offline_size(spec));
	char *again = malloc(host_spec_offline_size(spec));

	CHECK(host_spec_has_names(spec, always_numeric_if_digit, NULL));
	CHECK(!host_spec_has_names("1.2.3.4,5.6.7.8", always_numeric_if_digit,
				   NULL));
	/* Neither address nor name: left for libxtables to refuse. */
	CHECK(!host_spec_has_names("2001:db8::1", always_numeric_if_digit,
				   NULL));
	CHECK(host_elem_is_name("a-b_c.d", 7) && !host_elem_is_name("1.2", 3));
	host_spec_offline(spec, NFC_IPV4, always_numeric_if_digit, NULL, out,
			  host_spec_offline_size(spec));
	host_spec_offline(spec, NFC_IPV4, always_numeric_if_digit, NULL, again,
			  host_spec_offline_size(spec));
	CHECK_STR(out, again); /* the same name, the same placeholder */
	CHECK(strncmp(out, "192.0.2.1,0.", 12) == 0);
	CHECK(strstr(out, "/24,0.") != NULL);
	host_spec_offline("www.example.com", NFC_IPV6, always_numeric_if_digit,
			  NULL, out, host_spec_offline_size(spec));
	CHECK(strncmp(out, "100::", 5) == 0);
	free(out);
	free(again);
}

static void test_ssh_flow(void)
{
	struct ssh_flow f;
	char msg[128], buf[128];

	CHECK(ssh_flow_parse(&f, "192.0.2.5:40000", "192.0.2.1", msg,
			     sizeof(msg)) == 0);
	CHECK(f.family == NFC_IPV4 && f.sport_known && f.sport == 40000 &&
	      f.dport == 22);
	ssh_flow_format(&f, buf, sizeof(buf));
	CHECK_STR(buf, "192.0.2.5:40000 -> 192.0.2.1:22");
	CHECK(ssh_flow_parse(&f, "[2001:db8::5]:1", "[2001:db8::1]:2222", msg,
			     sizeof(msg)) == 0);
	CHECK(f.family == NFC_IPV6 && f.dport == 2222);
	CHECK(ssh_flow_parse(&f, "2001:db8::5", "192.0.2.1", msg,
			     sizeof(msg)) < 0);
	CHECK(ssh_flow_parse(&f, "192.0.2.5", "192.0.2.1:0", msg,
			     sizeof(msg)) < 0);
	CHECK(ssh_flow_from_env(&f, "::ffff:192.0.2.5 4000 ::ffff:192.0.2.1 22",
				msg, sizeof(msg)) == 0);
	CHECK(f.family == NFC_IPV4 && f.saddr[3] == 5);
	CHECK(ssh_flow_from_env(&f, "", msg, sizeof(msg)) < 0);
	CHECK(ssh_flow_from_env(&f, "1.2.3.4 x 5.6.7.8 22", msg, sizeof(msg)) < 0);
}

static enum ssh_verdict walk(const char *lines, const char *from,
			     bool established, unsigned int *line)
{
	struct ssh_outcome o = { 0 };
	struct ssh_flow f;
	struct loaded x;
	char msg[128];
	unsigned int i;

	load(&x, lines);
	CHECK(x.ret == 0);
	CHECK(ssh_flow_parse(&f, from, "192.0.2.1:22", msg, sizeof(msg)) == 0);
	for (i = 0; i < x.l.nimgs; i++)
		if (strcmp(x.l.imgs[i]->name, "filter") == 0)
			CHECK(ssh_evaluate(x.l.imgs[i], &f, established, &o) == 0);
	*line = o.verdict == SSH_UNDECIDED ? o.undecided_at.line : o.where.line;
	unload(&x);
	return o.verdict;
}

static void test_ssh_walk(void)
{
	unsigned int line;

	/* Lines: 1 *filter, 2 :INPUT DROP, 3-4 policies, rules from 5. */
	CHECK(walk("", "203.0.113.1", true, &line) == SSH_DROPPED && line == 2);
	CHECK(walk("-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT\n",
		   "203.0.113.1", false, &line) == SSH_ACCEPTED && line == 6);
	CHECK(walk("-A INPUT -i lo -j ACCEPT\n", "192.0.2.1", false, &line) ==
	      SSH_ACCEPTED); /* to itself: over lo */
	CHECK(walk("-N ssh\n-A INPUT -p tcp -j ssh\n-A ssh -s 203.0.113.0/24 -j RETURN\n"
		   "-A ssh -j ACCEPT\n",
		   "203.0.113.1", false, &line) == SSH_DROPPED && line == 2);
	CHECK(walk("-N ssh\n-A INPUT -p tcp -j ssh\n-A ssh -s 203.0.113.0/24 -j RETURN\n"
		   "-A ssh -j ACCEPT\n",
		   "198.51.100.1", false, &line) == SSH_ACCEPTED);
	/* A chain INPUT goes to: its end is INPUT's policy (DROP). */
	CHECK(walk("-N ssh\n-A INPUT -p tcp -g ssh\n-A INPUT -j ACCEPT\n"
		   "-A ssh -s 198.51.100.0/24 -j ACCEPT\n",
		   "203.0.113.1", false, &line) == SSH_DROPPED && line == 2);
	CHECK(walk("-N ssh\n-A INPUT -p tcp -g ssh\n-A ssh -s 203.0.113.0/24 -j RETURN\n"
		   "-A ssh -j ACCEPT\n",
		   "203.0.113.1", false, &line) == SSH_DROPPED && line == 2);
	CHECK(walk("-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT\n",
		   "203.0.113.1", true, &line) == SSH_ACCEPTED);
	CHECK(walk("-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT\n",
		   "203.0.113.1", false, &line) == SSH_DROPPED);
	CHECK(walk("-A INPUT -p tcp -m limit --limit 1/s -j ACCEPT\n",
		   "203.0.113.1", false, &line) == SSH_UNDECIDED && line == 5);
	CHECK(walk("-A INPUT -p tcp --syn -j DROP\n-A INPUT -j ACCEPT\n",
		   "203.0.113.1", true, &line) == SSH_ACCEPTED);
	CHECK(walk("-A INPUT -p tcp --syn -j DROP\n-A INPUT -j ACCEPT\n",
		   "203.0.113.1", false, &line) == SSH_DROPPED && line == 5);
	CHECK(walk("-A INPUT -p tcp --dport 22 -j NFQUEUE\n", "203.0.113.1",
		   false, &line) == SSH_UNDECIDED && line == 5);
}

int main(void)
{
	char msg[256];

	if (xt_init(NFC_IPV4, XT_PROBE_OFFLINE, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "test_lint: %s\n", msg);
		return 1;
	}
	test_cover();
	test_targets();
	test_ports();
	test_suppress();
	test_hostname();
	test_ssh_flow();
	test_ssh_walk();
	return unit_report("test_lint");
}
