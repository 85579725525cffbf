// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The nf_tables encoding without a kernel: a rule parsed by libxtables is
 * linearized into a NEWRULE message, libnftnl parses that message as it
 * would parse a kernel dump, and the delinearized rule must print exactly
 * as the original.  Also: the expressions chosen for the native fields,
 * rules nf_tables cannot take, and rules written by nft (an "! -i +"
 * cmp, a comment in user data, a set lookup, an expression iptables does
 * not know).  IPv6 runs in a child: libxtables serves one family per
 * process.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/udata.h>

#include "nft_delinearize.h"
#include "nft_linearize.h"
#include "nft_nl.h"
#include "parse.h"
#include "print.h"
#include "xt.h"
#include "unit.h"

#define PRINT_MAX 4096

/* The rule of a one-rule file, parsed as restore parses it. */
struct one {
	struct nfc_source src;
	struct nfc_script s;
	struct nfc_diags d;
	const struct nfc_rule *r;
};

static int parse_one(struct one *o, enum nfc_family family,
		     const char *table, const char *rule)
{
	struct parse_opts po = { .family = family };
	char text[1024];
	int ret;

	snprintf(text, sizeof(text), "*%s\n:foo - [0:0]\n-A %s\nCOMMIT\n",
		 table, rule);
	source_from_buffer(&o->src, "t.rules", text, strlen(text));
	diags_init(&o->d);
	ret = script_parse(&o->s, &o->src, &po, &o->d);
	o->r = ret == 0 ? o->s.secs[0].cmds[1].rules[0] : NULL;
	if (ret)
		diags_print(&o->d, stderr);
	return ret;
}

static void one_free(struct one *o)
{
	script_free(&o->s);
	diags_free(&o->d);
	source_free(&o->src);
}

/* print_rule writes to stdout; catch it. */
static void printed(const struct nfc_rule *r, char *out, size_t len)
{
	FILE *saved = stdout, *mem = fmemopen(out, len, "w");

	memset(out, 0, len);
	if (!mem)
		return;
	stdout = mem;
	print_rule(r, "C", false);
	fclose(mem);
	stdout = saved;
}

/* Linearize r into a NEWRULE message (in *msg, to be freed), parsed
 * back with libnftnl as an independent reader. */
static struct nftnl_rule *encode(const struct nfc_rule *r, int *err, char **msg)
{
	char *buf = calloc(1, NFT_BATCH_MSG_MAX);
	struct nftnl_rule *nr = nftnl_rule_alloc();
	struct nlmsghdr *nlh;
	char why[256];

	*err = -ENOMEM;
	*msg = NULL;
	if (!buf || !nr)
		goto fail;
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_NEWRULE,
				    r->family == NFC_IPV6 ? NFPROTO_IPV6
							  : NFPROTO_IPV4,
				    NLM_F_CREATE | NLM_F_APPEND, 1);
	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "filter");
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "C");
	*err = nft_linearize(nlh, r, why, sizeof(why));
	if (*err < 0 || nftnl_rule_nlmsg_parse(nlh, nr) < 0)
		goto fail;
	*msg = buf;
	return nr;
fail:
	free(buf);
	if (nr)
		nftnl_rule_free(nr);
	return NULL;
}

/* The names of the expressions, space separated. */
static void expr_names(struct nftnl_rule *nr, char *out, size_t len)
{
	struct nftnl_expr_iter *it = nftnl_expr_iter_create(nr);
	struct nftnl_expr *e;
	size_t n = 0;

	out[0] = '\0';
	while (it && (e = nftnl_expr_iter_next(it)) && n < len)
		n += (size_t)snprintf(out + n, len - n, "%s%s", n ? " " : "",
				      nftnl_expr_get_str(e, NFTNL_EXPR_NAME));
	nftnl_expr_iter_destroy(it);
}

/* rule (in table) survives the round trip, printing as want (NULL: as
 * the rule itself prints); exprs, if given, is the list of expressions it
 * must become. */
static void roundtrip_as(enum nfc_family family, const char *table,
			 const char *rule, const char *exprs, const char *want)
{
	char a[PRINT_MAX], b[PRINT_MAX], names[512];
	struct nfc_rule *back = NULL;
	struct nftnl_rule *nr;
	struct nft_xrule xr;
	unsigned int flags = 0;
	struct one o;
	char *msg;
	int err;

	if (parse_one(&o, family, table, rule)) {
		fprintf(stderr, "cannot parse: %s\n", rule);
		CHECK(0);
		return;
	}
	nr = encode(o.r, &err, &msg);
	CHECK(nr != NULL);
	if (nr) {
		expr_names(nr, names, sizeof(names));
		if (exprs)
			CHECK_STR(names, exprs);
		struct delin *ws = nft_delin_new();

		CHECK(nft_xrule_parse((struct nlmsghdr *)msg, &xr) == 0);
		CHECK(ws && nft_delinearize(ws, &xr, family, &back, &flags, a,
					    sizeof(a)) == 0);
		nft_delin_free(ws);
		CHECK(flags == 0);
	}
	if (back) {
		printed(o.r, a, sizeof(a));
		printed(back, b, sizeof(b));
		CHECK_STR(b, want ? want : a);
		CHECK(rule_counters(back)->pcnt ==
		      rule_counters_const(o.r)->pcnt);
	}
	rule_free(back);
	if (nr)
		nftnl_rule_free(nr);
	free(msg);
	one_free(&o);
}

static void roundtrip(enum nfc_family family, const char *table,
		      const char *rule, const char *exprs)
{
	roundtrip_as(family, table, rule, exprs, NULL);
}

static void refused(enum nfc_family family, const char *rule)
{
	struct nftnl_rule *nr;
	struct one o;
	int err = 0;

	CHECK(parse_one(&o, family, "filter", rule) == 0);
	if (o.r) {
		char *msg;

		nr = encode(o.r, &err, &msg);
		CHECK(nr == NULL && err == -EINVAL);
		if (nr)
			nftnl_rule_free(nr);
		free(msg);
	}
	one_free(&o);
}

static void test_ipv4(void)
{
	roundtrip(NFC_IPV4, "filter",
		  "INPUT -s 192.0.2.0/24 -d 198.51.100.1 -i eth0 -p tcp -m tcp --sport 1024:65535 --dport 22 -j ACCEPT",
		  "meta cmp meta cmp payload cmp payload cmp payload range payload cmp counter immediate");
	roundtrip(NFC_IPV4, "filter",
		  "FORWARD ! -s 192.0.2.0/255.255.0.255 -o eth+ -p udp -m udp --sport 53 --dport 53 -j DROP",
		  "meta cmp meta cmp payload bitwise cmp payload cmp counter immediate");
	roundtrip(NFC_IPV4, "filter",
		  "INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j RETURN",
		  "meta cmp payload bitwise cmp counter immediate");
	/* iptables-nft tests "gt 1023" and reads it back as a range */
	roundtrip_as(NFC_IPV4, "filter", "INPUT -p tcp -m tcp ! --dport 0:1023",
		     "meta cmp payload cmp counter",
		     "-A C -p tcp -m tcp --dport 1024:65535\n");
	roundtrip(NFC_IPV4, "filter", "INPUT -p tcp -m tcp --dport 1000:2000", NULL);
	roundtrip(NFC_IPV4, "filter", "INPUT -p udp -m udp ! --sport 7 ! --dport 9", NULL);
	roundtrip(NFC_IPV4, "filter", "INPUT -p tcp -m tcp --tcp-option 2",
		  "meta cmp match counter");
	roundtrip(NFC_IPV4, "filter", "INPUT -p tcp -m tcp",
		  "meta cmp match counter");
	roundtrip(NFC_IPV4, "filter", "INPUT -f -p icmp -m icmp --icmp-type 8 -j ACCEPT",
		  "meta cmp payload bitwise cmp match counter immediate");
	roundtrip(NFC_IPV4, "filter", "INPUT ! -f", NULL);
	roundtrip(NFC_IPV4, "filter", "INPUT -m mark --mark 0x1/0xff -j DROP",
		  "meta bitwise cmp counter immediate");
	roundtrip(NFC_IPV4, "filter", "INPUT -m mark ! --mark 0x5",
		  "meta cmp counter");
	roundtrip(NFC_IPV4, "filter", "INPUT -m limit --limit 3/hour --limit-burst 7",
		  "limit counter");
	roundtrip(NFC_IPV4, "filter", "INPUT -m limit --limit 7/sec", NULL);
	roundtrip(NFC_IPV4, "filter", "INPUT -m comment --comment \"a b\"",
		  "match counter");
	roundtrip(NFC_IPV4, "filter",
		  "INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT", NULL);
	roundtrip(NFC_IPV4, "filter", "INPUT -m state --state NEW", NULL);
	roundtrip(NFC_IPV4, "filter", "INPUT -j LOG --log-prefix \"x \"",
		  "counter target");
	roundtrip(NFC_IPV4, "filter",
		  "INPUT -j NFLOG --nflog-group 3 --nflog-prefix foo --nflog-threshold 2 --nflog-size 100",
		  "counter log");
	roundtrip(NFC_IPV4, "raw", "PREROUTING -j TRACE",
		  "counter immediate meta");
	roundtrip(NFC_IPV4, "mangle", "INPUT -j MARK --set-xmark 0x1/0xff", NULL);
	roundtrip(NFC_IPV4, "filter", "INPUT -j foo", "counter immediate");
	roundtrip(NFC_IPV4, "filter", "INPUT -p tcp -g foo", NULL);
	/* legacy save leaves "! -i +" out, iptables-nft-save prints it */
	roundtrip_as(NFC_IPV4, "filter", "INPUT ! -i + -j DROP",
		     "meta cmp counter immediate", "-A C ! -i + -j DROP\n");
	roundtrip(NFC_IPV4, "filter", "INPUT -i + -j DROP",
		  "meta counter immediate");
	roundtrip(NFC_IPV4, "filter", "INPUT ! -p tcp", NULL);
	roundtrip(NFC_IPV4, "filter", "INPUT -p 47", NULL);
	roundtrip(NFC_IPV4, "filter",
		  "INPUT -p tcp -m multiport --dports 80,443 -m comment --comment x -j REJECT --reject-with tcp-reset",
		  NULL);
	/* more expressions than the decoder keeps parsed (47) */
	roundtrip(NFC_IPV4, "filter",
		  "INPUT -m mark --mark 0x1/0xf -m mark --mark 0x2/0xf "
		  "-m mark --mark 0x3/0xf -m mark --mark 0x4/0xf "
		  "-m mark --mark 0x5/0xf -m mark --mark 0x6/0xf "
		  "-m mark --mark 0x7/0xf -m mark --mark 0x8/0xf "
		  "-m mark --mark 0x9/0xf -m mark --mark 0xa/0xf "
		  "-m mark --mark 0xb/0xf -m mark --mark 0xc/0xf "
		  "-m mark --mark 0xd/0xf -m mark --mark 0xe/0xf "
		  "-m mark ! --mark 0xf/0xf -j ACCEPT",
		  NULL);
	refused(NFC_IPV4, "INPUT -m tcp --dport 1");
	refused(NFC_IPV4, "INPUT -p udp -m tcp --dport 1");
	refused(NFC_IPV4, "INPUT -m udp --sport 1");
}

static void test_ipv6(void)
{
	roundtrip(NFC_IPV6, "filter",
		  "INPUT -s 2001:db8::/32 -d 2001:db8::1 -p tcp -m tcp --dport 80 -j ACCEPT",
		  "meta cmp payload cmp payload cmp payload cmp counter immediate");
	roundtrip(NFC_IPV6, "filter",
		  "INPUT ! -s 2001:db8::/ffff:ffff:0:ffff:: -j DROP",
		  "payload bitwise cmp counter immediate");
	roundtrip(NFC_IPV6, "filter",
		  "INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT", NULL);
	roundtrip(NFC_IPV6, "filter", "INPUT -m hl --hl-eq 5", NULL);
	roundtrip(NFC_IPV6, "filter", "FORWARD -i eth1 ! -o eth2 -j foo", NULL);
	refused(NFC_IPV6, "INPUT -m tcp --dport 1");
}

/* ---- rules as nft writes them ---- */

static struct nftnl_expr *ex(struct nftnl_rule *r, const char *name)
{
	struct nftnl_expr *e = nftnl_expr_alloc(name);

	nftnl_rule_add_expr(r, e);
	return e;
}

static void ex_meta(struct nftnl_rule *r, uint32_t key)
{
	struct nftnl_expr *e = ex(r, "meta");

	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
}

static void ex_cmp(struct nftnl_rule *r, uint32_t op, const void *d,
		   uint32_t len)
{
	struct nftnl_expr *e = ex(r, "cmp");

	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, d, len);
}

/* r as the kernel would send it back in a dump, decoded. */
static int decode(struct nftnl_rule *r, char *out, size_t len,
		  unsigned int *flags)
{
	char *buf = calloc(1, NFT_BATCH_MSG_MAX);
	struct delin *ws = nft_delin_new();
	struct nfc_rule *back = NULL;
	struct nlmsghdr *nlh;
	struct nft_xrule xr;
	int ret = -ENOMEM;

	if (buf && ws) {
		nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_NEWRULE, NFPROTO_IPV4,
					    0, 1);
		nftnl_rule_nlmsg_build_payload(nlh, r);
		ret = nft_xrule_parse(nlh, &xr);
		if (ret == 0)
			ret = nft_delinearize(ws, &xr, NFC_IPV4, &back, flags,
					      out, len);
	}
	free(buf);

	nft_delin_free(ws);
	if (ret == 0)
		printed(back, out, len);
	rule_free(back);
	nftnl_rule_free(r);
	return ret;
}

static void test_nft_written(void)
{
	char out[PRINT_MAX];
	struct nftnl_udata_buf *ud;
	struct nftnl_rule *r;
	struct nftnl_expr *e;
	unsigned int flags;
	uint8_t tcp = IPPROTO_TCP;

	/* iptables-nft's "! -i +" */
	r = nftnl_rule_alloc();
	ex_meta(r, NFT_META_IIFNAME);
	ex_cmp(r, NFT_CMP_EQ, "INVAL/D", 8);
	CHECK(decode(r, out, sizeof(out), &flags) == 0);
	CHECK_STR(out, "-A C ! -i +\n");

	/* a comment in the rule's user data */
	r = nftnl_rule_alloc();
	ex_meta(r, NFT_META_L4PROTO);
	ex_cmp(r, NFT_CMP_EQ, &tcp, 1);
	ud = nftnl_udata_buf_alloc(256);
	nftnl_udata_put_strz(ud, 0, "from nft");
	nftnl_rule_set_data(r, NFTNL_RULE_USERDATA, nftnl_udata_buf_data(ud),
			    nftnl_udata_buf_len(ud));
	nftnl_udata_buf_free(ud);
	CHECK(decode(r, out, sizeof(out), &flags) == 0);
	CHECK_STR(out, "-A C -p tcp -m comment --comment \"from nft\"\n");

	/* a set lookup: readable, but it does not say everything */
	r = nftnl_rule_alloc();
	e = ex(r, "payload");
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE,
			   NFT_PAYLOAD_NETWORK_HEADER);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, 12);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, 4);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
	e = ex(r, "lookup");
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, NFT_REG_1);
	nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, "blocked");
	CHECK(decode(r, out, sizeof(out), &flags) == 0);
	CHECK(flags & NFT_DELIN_LOSSY);

	/* ct state is no iptables-nft expression: the table is nft's */
	r = nftnl_rule_alloc();
	e = ex(r, "ct");
	nftnl_expr_set_u32(e, NFTNL_EXPR_CT_KEY, NFT_CT_STATE);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CT_DREG, NFT_REG_1);
	CHECK(decode(r, out, sizeof(out), &flags) == -EPROTONOSUPPORT);

	/* a cmp on nothing loaded is no rule iptables-nft can read */
	r = nftnl_rule_alloc();
	ex_cmp(r, NFT_CMP_EQ, &tcp, 1);
	CHECK(decode(r, out, sizeof(out), &flags) == -EINVAL);
}

static int run(enum nfc_family family, void (*fn)(void))
{
	char msg[256];

	if (xt_init(family, XT_PROBE_OFFLINE, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "%s\n", msg);
		return 1;
	}
	fn();
	return unit_failures ? 1 : 0;
}

static void ipv4_all(void)
{
	test_ipv4();
	test_nft_written();
}

int main(void)
{
	int status = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(run(NFC_IPV6, test_ipv6) ? 1 : 0);
	run(NFC_IPV4, ipv4_all);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid &&
	      WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return unit_report("test_nft_roundtrip");
}
