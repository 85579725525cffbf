// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fast paths of the parser give exactly what the slow ones give:
 *  - the tokenizer, against the character-by-character splitter it
 *    replaced, on random lines;
 *  - fastaddr, against libxtables' own address parsing;
 *  - a rule parsed with fastopt, against the same rule parsed with
 *    getopt_long (the conformance corpus does this for every test rule;
 *    here for the spellings fastopt must hand over);
 *  - the numeric port shortcut, against the C library's getaddrinfo();
 *  - the arena: allocation, release, and the walk in allocation order;
 *  - save's IPv6 printing, against inet_ntop() and libxtables' mask
 *    reading, on every run of zero groups and random masks.
 * Offline: libxtables with the revision probe that assumes the newest.
 */
#include <dlfcn.h>
#include <stdint.h>
#include <netdb.h>
#include <stdlib.h>
#include <arpa/inet.h>
#include <xtables.h>

#include "arena.h"
#include "fastaddr.h"
#include "fmt.h"
#include "resolve_numeric.h"
#include "ruleparse.h"
#include "tokenize.h"
#include "xt.h"
#include "unit.h"

#define RANDOM_LINES 20000
#define RANDOM_LINE_MAX 64

/* ------------------------------------------------------------------ */
/* Tokenizer */

/* The splitter as it was: one character at a time. */
static enum tokenize_error ref_tokenize(const char *line, size_t len,
					char *store, struct nfc_token *tok,
					unsigned int maxtok, unsigned int *ntok,
					unsigned int *errcol)
{
	size_t i = 0, out = 0;
	unsigned int n = 0;

	while (i < len) {
		size_t start, wlen = 0, quote_at = 0;
		bool quoted = false, in_quote = false;

		if (line[i] == ' ' || line[i] == '\t' || line[i] == '\n') {
			i++;
			continue;
		}
		if (n == maxtok) {
			*errcol = (unsigned int)i + 1;
			return TOK_TOO_MANY;
		}
		start = i;
		tok[n].text = store + out;
		for (; i < len; i++) {
			char c = line[i];

			if (in_quote) {
				if (c == '\\' && i + 1 < len) {
					c = line[++i];
				} else if (c == '"') {
					in_quote = false;
					i++;
					break;
				}
			} else if (c == '"') {
				in_quote = quoted = true;
				quote_at = i;
				continue;
			} else if (c == ' ' || c == '\t' || c == '\n') {
				break;
			}
			if (++wlen > NFC_MAX_TOKEN) {
				*errcol = (unsigned int)start + 1;
				return TOK_TOO_LONG;
			}
			store[out++] = c;
		}
		if (in_quote) {
			*errcol = (unsigned int)quote_at + 1;
			return TOK_UNTERMINATED_QUOTE;
		}
		store[out++] = '\0';
		tok[n].col = (unsigned int)start + 1;
		tok[n].width = (unsigned int)(i - start);
		tok[n].quoted = quoted;
		n++;
	}
	*ntok = n;
	return TOK_OK;
}

static struct {
	struct nfc_token a[NFC_MAX_ARGC], b[NFC_MAX_ARGC];
	char sa[2 * NFC_MAX_TOKEN + 2], sb[2 * NFC_MAX_TOKEN + 2];
	char line[2 * NFC_MAX_TOKEN + 1];
} tk;

static void compare_split(const char *line, size_t len, unsigned int max)
{
	unsigned int na = 0, nb = 0, ea = 0, eb = 0, i;
	enum tokenize_error ra, rb;
	bool same;

	ra = tokenize_line(line, len, tk.sa, tk.a, max, &na, &ea);
	rb = ref_tokenize(line, len, tk.sb, tk.b, max, &nb, &eb);
	same = ra == rb && (ra != TOK_OK || na == nb) && (ra == TOK_OK || ea == eb);
	for (i = 0; same && ra == TOK_OK && i < na; i++)
		same = strcmp(tk.a[i].text, tk.b[i].text) == 0 &&
		       tk.a[i].col == tk.b[i].col &&
		       tk.a[i].width == tk.b[i].width &&
		       tk.a[i].quoted == tk.b[i].quoted;
	CHECK(same);
	if (!same)
		fprintf(stderr, "  tokenizer differs on `%.*s'\n", (int)len, line);
}

static void test_tokenizer(void)
{
	static const char alphabet[] = "ab- \t\"\\\n!x";
	unsigned int i, j, len;

	srand(1);
	for (i = 0; i < RANDOM_LINES; i++) {
		len = (unsigned int)rand() % RANDOM_LINE_MAX;
		for (j = 0; j < len; j++)
			tk.line[j] = alphabet[rand() % (sizeof(alphabet) - 1)];
		compare_split(tk.line, len, 1 + (unsigned int)rand() % 8);
	}
	/* Words at the length limit, plain and quoted. */
	for (len = NFC_MAX_TOKEN - 1; len <= NFC_MAX_TOKEN + 2; len++) {
		memset(tk.line, 'w', len);
		compare_split(tk.line, len, 4);
		tk.line[0] = '"';
		tk.line[len] = '"';
		compare_split(tk.line, len + 1, 4);
	}
}

/* ------------------------------------------------------------------ */
/* Addresses */

struct ipparse4 {
	const char *spec;
	struct in_addr *a, *m;
	unsigned int n;
};

static int ipparse4_cb(void *arg)
{
	struct ipparse4 *x = arg;

	xtables_ipparse_multiple(x->spec, &x->a, &x->m, &x->n);
	return 0;
}

struct ipparse6 {
	const char *spec;
	struct in6_addr *a, *m;
	unsigned int n;
};

static int ipparse6_cb(void *arg)
{
	struct ipparse6 *x = arg;

	xtables_ip6parse_multiple(x->spec, &x->a, &x->m, &x->n);
	return 0;
}

/* When fastaddr takes spec, libxtables must read it the same. */
static void compare_addr4(const char *spec, bool expect_fast)
{
	struct ipparse4 x = { .spec = spec };
	struct in_addr a, m;
	char msg[256];
	bool fast = fastaddr_parse4(spec, &a, &m);

	CHECK(fast == expect_fast);
	if (!fast)
		return;
	CHECK(xt_protect(ipparse4_cb, &x, msg, sizeof(msg)) == 0);
	CHECK(x.n == 1 && x.a && x.a[0].s_addr == a.s_addr &&
	      x.m[0].s_addr == m.s_addr);
	free(x.a);
	free(x.m);
}

static void compare_addr6(const char *spec, bool expect_fast)
{
	struct ipparse6 x = { .spec = spec };
	struct in6_addr a, m;
	char msg[256];
	bool fast = fastaddr_parse6(spec, &a, &m);

	CHECK(fast == expect_fast);
	if (!fast)
		return;
	CHECK(xt_protect(ipparse6_cb, &x, msg, sizeof(msg)) == 0);
	CHECK(x.n == 1 && x.a && memcmp(&x.a[0], &a, sizeof(a)) == 0 &&
	      memcmp(&x.m[0], &m, sizeof(m)) == 0);
	free(x.a);
	free(x.m);
}

static void test_addresses(void)
{
	static const char *const fast4[] = {
		"0.0.0.0/0", "10.1.2.3", "10.1.2.3/32", "192.168.1.77/24",
		"255.255.255.255/1", "1.2.3.4/0", "172.16.0.0/12", "9.9.9.9/31",
	};
	static const char *const slow4[] = {
		"010.1.2.3", "1.2.3.4/033", " 1.2.3.4", "1.2.3", "1.2.3.4/33",
		"1.2.3.4/255.255.0.0", "1.2.3.4,5.6.7.8", "256.1.1.1",
		"1.2.3.4/", "localhost", "1.2.3.4 ", "1.2.3.4/0x10", "",
	};
	static const char *const fast6[] = {
		"::0/0", "2001:db8::1", "2001:db8::1/128", "2001:db8:1::/64",
		"fe80::1:2:3:4/10", "::ffff:1.2.3.4/120", "2001:db8::/0",
		"2001:db8:ffff::/47",
	};
	static const char *const slow6[] = {
		"2001:db8::/0128", "2001:db8::/129", "2001:db8::/ffff::",
		"localhost", "2001:db8::1,::1", " ::1", "2001:db8::/",
	};
	unsigned int i;
	char spec[64];

	for (i = 0; i < NFC_ARRAY_SIZE(fast4); i++)
		compare_addr4(fast4[i], true);
	for (i = 0; i < NFC_ARRAY_SIZE(slow4); i++)
		compare_addr4(slow4[i], false);
	for (i = 0; i < NFC_ARRAY_SIZE(fast6); i++)
		compare_addr6(fast6[i], true);
	for (i = 0; i < NFC_ARRAY_SIZE(slow6); i++)
		compare_addr6(slow6[i], false);
	srand(2);
	for (i = 0; i < RANDOM_LINES; i++) {
		snprintf(spec, sizeof(spec), "%u.%u.%u.%u/%u",
			 (unsigned int)rand() % 256, (unsigned int)rand() % 256,
			 (unsigned int)rand() % 256, (unsigned int)rand() % 256,
			 (unsigned int)rand() % 33);
		compare_addr4(spec, true);
		snprintf(spec, sizeof(spec), "2001:%x:%x::%x/%u",
			 (unsigned int)rand() % 65536,
			 (unsigned int)rand() % 65536,
			 (unsigned int)rand() % 65536,
			 (unsigned int)rand() % 129);
		compare_addr6(spec, true);
	}
}

/* ------------------------------------------------------------------ */
/* Rules: fastopt against getopt_long */

static struct {
	struct nfc_token tok[NFC_MAX_ARGC];
	char store[NFC_MAX_LINE + 2];
	char *argv[NFC_MAX_ARGC + 1];
	unsigned int cols[NFC_MAX_ARGC + 1], widths[NFC_MAX_ARGC + 1];
} rl;

struct result {
	int ret, blame;
	char msg[512];
	struct nfc_cmd cmd;
};

static void parse_rule(const char *line, bool slow, struct ruleparse_ctx *ctx,
		       struct result *out)
{
	struct ruleparse_in in;
	unsigned int ntok = 0, errcol, i;

	CHECK(tokenize_line(line, strlen(line), rl.store, rl.tok, 200, &ntok,
			    &errcol) == TOK_OK);
	rl.argv[0] = (char *)"nfcommit";
	for (i = 0; i < ntok; i++) {
		rl.argv[i + 1] = rl.tok[i].text;
		rl.cols[i + 1] = rl.tok[i].col;
		rl.widths[i + 1] = rl.tok[i].width;
	}
	rl.argv[ntok + 1] = NULL;
	memset(&in, 0, sizeof(in));
	in.argc = (int)ntok + 1;
	in.argv = rl.argv;
	in.cols = rl.cols;
	in.widths = rl.widths;
	in.family = NFC_IPV4;
	in.table = strstr(line, "DNAT") || strstr(line, "SNAT") ? "nat" : "filter";
	in.slow = slow;
	in.ctx = ctx;
	memset(out, 0, sizeof(*out));
	out->ret = rule_parse(&in, &out->cmd, out->msg, sizeof(out->msg),
			      &out->blame);
}

static bool same_cmd(const struct nfc_cmd *a, const struct nfc_cmd *b)
{
	unsigned int i;

	if (a->type != b->type || strcmp(a->chain, b->chain) ||
	    strcmp(a->arg, b->arg) || strcmp(a->jumpto, b->jumpto) ||
	    a->rulenum != b->rulenum || a->has_counters != b->has_counters ||
	    memcmp(&a->counters, &b->counters, sizeof(a->counters)) ||
	    a->jump_to_chain != b->jump_to_chain ||
	    a->jump_ext != b->jump_ext || a->nrules != b->nrules ||
	    a->chain_loc.col != b->chain_loc.col ||
	    a->arg_loc.col != b->arg_loc.col)
		return false;
	for (i = 0; i < a->nrules; i++)
		if (a->rules[i]->size != b->rules[i]->size ||
		    a->rules[i]->flags != b->rules[i]->flags ||
		    memcmp(a->rules[i]->entry, b->rules[i]->entry,
			   a->rules[i]->size))
			return false;
	return true;
}

static void compare_rule(const char *line, struct ruleparse_ctx *ctx)
{
	struct result fast, slow;
	bool same;

	parse_rule(line, false, ctx, &fast);
	parse_rule(line, true, ctx, &slow);
	same = fast.ret == slow.ret && fast.blame == slow.blame &&
	       strcmp(fast.msg, slow.msg) == 0 &&
	       (fast.ret < 0 || same_cmd(&fast.cmd, &slow.cmd));
	CHECK(same);
	if (!same)
		fprintf(stderr, "  fast and slow parse differ on `%s' (%d `%s' / %d `%s')\n",
			line, fast.ret, fast.msg, slow.ret, slow.msg);
	cmd_release(&fast.cmd);
	cmd_release(&slow.cmd);
}

static void test_rules(void)
{
	static const char *const lines[] = {
		/* what rules-save files hold */
		"-A INPUT -s 10.0.0.1/32 -p tcp -m tcp --dport 22 -j ACCEPT",
		"-A INPUT -s 10.0.0.1/32 -p udp -m udp --sport 53 -m comment --comment \"dns x\" -j ACCEPT",
		"-A INPUT -d 10.0.0.2/32 -i eth0 -p tcp -m multiport --dports 80,443,1000 -j DROP",
		"-A INPUT -s 10.0.0.3/32 -m limit --limit 5/sec --limit-burst 10 -j LOG --log-prefix \"drop \"",
		"-A INPUT -s 172.16.1.0/24 -m conntrack --ctstate NEW -j ACCEPT",
		"-A INPUT -s 10.0.0.4/32 -p udp -j REJECT --reject-with icmp-port-unreachable",
		"-A INPUT ! -s 172.16.1.0/24 -o eth1 -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j DROP",
		"-A INPUT -m mark --mark 0x12/0xffff -j RETURN",
		"-A INPUT -p tcp ! --syn -j ACCEPT",
		"-A INPUT -g somechain",
		"-A INPUT -j somechain",
		"-A INPUT",
		"-A INPUT -f -j DROP",
		"-A INPUT -c 5 6 -j ACCEPT",
		"-A PREROUTING -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.1.1.1:8080",
		"-A POSTROUTING -s 10.0.0.0/8 -j SNAT --to-source 192.0.2.1",
		"-A INPUT -m tcp -p tcp --dport 1 -m tcp --sport 2 -j ACCEPT",
		"-A INPUT -p tcp -m tcp ! --dport 22 -j ACCEPT",
		/* spellings fastopt leaves to getopt_long */
		"-A INPUT -p tcp --dport 22 -j ACCEPT",
		"-A INPUT -p tcp -m tcp --dpo 22 -j ACCEPT",
		"-A INPUT -p tcp -m tcp --dport=22 -j ACCEPT",
		"-A INPUT -s10.0.0.1 -j ACCEPT",
		"-A INPUT --source 10.0.0.1 -j ACCEPT",
		"-A INPUT --src 10.0.0.1 --jump ACCEPT",
		"-A INPUT -p tcp -m tcp --dport",
		"-A INPUT -fv -j ACCEPT",
		"-A INPUT -- -j ACCEPT",
		"-A INPUT - -j ACCEPT",
		/* errors: both paths must say the same */
		"-A INPUT -p tcp -m tcp --dport 99999 -j ACCEPT",
		"-A INPUT -p tcp -m tcp --bogus 1 -j ACCEPT",
		"-A INPUT -s 10.0.0.1 -s 10.0.0.2 -j ACCEPT",
		"-A INPUT ! ! -s 10.0.0.1 -j ACCEPT",
		"-A INPUT -j ACCEPT -j DROP",
		"-A INPUT -o eth0 -j ACCEPT",
		"-A INPUT -m nosuchmatch -j ACCEPT",
		"-A INPUT stray -j ACCEPT",
		"-A INPUT -p udp -m udp --dport 99999 -j ACCEPT",
		"-A INPUT -p tcp -m multiport --dports 1,2 -m multiport --sports 3 -j ACCEPT",
		/* the extension cache: an option table's constraints pass
		 * with one set of options and fail with another, after and
		 * before; a match and a target used twice in a row */
		"-A INPUT -m hashlimit --hashlimit-upto 5/sec --hashlimit-name a -j ACCEPT",
		"-A INPUT -m hashlimit --hashlimit-upto 5/sec -j ACCEPT",
		"-A INPUT -m hashlimit --hashlimit-upto 5/sec --hashlimit-name b -j ACCEPT",
		"-A INPUT -m connlimit --connlimit-above 2 --connlimit-upto 3 -j ACCEPT",
		"-A INPUT -m connlimit --connlimit-above 2 -j ACCEPT",
		"-A INPUT -j MARK --set-xmark 0x1/0xff",
		"-A INPUT -j MARK",
		"-A INPUT -j MARK --set-xmark 0x2/0xff",
		"-A INPUT -m mark --mark 1 -m mark ! --mark 2 -j MARK --set-mark 3",
		"-A INPUT -m mark --mark 1 -j MARK --set-mark 3",
		/* other commands */
		"-I INPUT 2 -s 10.0.0.1/32 -j ACCEPT",
		"-I INPUT -j ACCEPT",
		"-D INPUT 3",
		"-D INPUT -s 10.0.0.1/32 -j ACCEPT",
		"-R INPUT 1 -j DROP",
		"-N newchain",
		"-X newchain",
		"-E oldname newname",
		"-P INPUT DROP",
		"-F",
		"-F INPUT",
		"-Z INPUT 2",
		"-L",
		"-S INPUT",
		"-C INPUT -j ACCEPT",
		"-4 -A INPUT -j ACCEPT",
		"-6 -A INPUT -j ACCEPT",
	};
	struct ruleparse_ctx *ctx = ruleparse_ctx_new();
	unsigned int i;
	char line[256];

	CHECK(ctx != NULL);
	ruleparse_announce_chain(ctx, "somechain");
	for (i = 0; i < NFC_ARRAY_SIZE(lines); i++) {
		compare_rule(lines[i], ctx);
		compare_rule(lines[i], NULL);
	}
	/* The same shapes with the values of many rules. */
	for (i = 0; i < 2000; i++) {
		snprintf(line, sizeof(line),
			 "-A INPUT -s 10.%u.%u.%u/32 -p udp -m udp --dport %u -m comment --comment \"c %u\" -j ACCEPT",
			 i >> 16, (i >> 8) & 255, i & 255, i % 65536, i);
		compare_rule(line, ctx);
	}
	ruleparse_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* Numeric ports */

typedef int (*gai_fn)(const char *, const char *, const struct addrinfo *,
		      struct addrinfo **);
typedef void (*fai_fn)(struct addrinfo *);

/* The port the C library's own getaddrinfo gives, as libxtables reads
 * it; -1 when it fails. */
static int libc_port(const char *service)
{
	gai_fn gai = (gai_fn)dlsym(RTLD_NEXT, "getaddrinfo");
	fai_fn fai = (fai_fn)dlsym(RTLD_NEXT, "freeaddrinfo");
	struct addrinfo *res = NULL, *p;
	int port = -1;

	if (!gai || !fai || gai(NULL, service, NULL, &res) != 0)
		return -1;
	for (p = res; p; p = p->ai_next) {
		if (p->ai_family == AF_INET6) {
			port = ntohs(((struct sockaddr_in6 *)p->ai_addr)->sin6_port);
			break;
		}
		if (p->ai_family == AF_INET) {
			port = ntohs(((struct sockaddr_in *)p->ai_addr)->sin_port);
			break;
		}
	}
	fai(res);
	return port;
}

/* A step through the ports that reaches every digit count. */
#define PORT_STEP 97

static void test_ports(void)
{
	static const char *const taken[] = { "0", "53", "053", "00053", "65535" };
	static const char *const passed[] = {
		"", "+5", " 5", "5 ", "-5", "0x10", "65536", "99999", "123456",
		"ssh", "domain", "1e2",
	};
	struct addrinfo *res;
	unsigned int i;
	char s[16];

	for (i = 0; i < NFC_ARRAY_SIZE(taken); i++)
		CHECK(resolve_numeric_port(taken[i]) == libc_port(taken[i]));
	for (i = 0; i < NFC_ARRAY_SIZE(passed); i++)
		CHECK(resolve_numeric_port(passed[i]) == -1);
	for (i = 0; i <= 65535; i += PORT_STEP) {
		snprintf(s, sizeof(s), "%u", i);
		CHECK(resolve_numeric_port(s) == (int)i);
		CHECK(libc_port(s) == (int)i);
	}
	/* Through the interposed getaddrinfo, as libxtables calls it. */
	CHECK(getaddrinfo(NULL, "8080", NULL, &res) == 0);
	CHECK(res && res->ai_family == AF_INET &&
	      ntohs(((struct sockaddr_in *)res->ai_addr)->sin_port) == 8080);
	freeaddrinfo(res);
	CHECK(getaddrinfo(NULL, "ssh", NULL, &res) == 0);
	freeaddrinfo(res);
}

/* ------------------------------------------------------------------ */
/* Arena */

#define ARENA_OBJECTS 5000

static size_t obj_size(const void *obj)
{
	return (size_t)((const unsigned int *)obj)[1];
}

static bool visit_count(void *obj, void *arg)
{
	unsigned int *o = obj, *next = arg;

	if (o[2]) /* released before the walk */
		return false;
	CHECK(o[0] == *next);
	*next = o[0] + 2; /* every other object is left */
	return true;
}

static void test_arena(void)
{
	struct nfc_arena *a = arena_new();
	unsigned int *o[ARENA_OBJECTS], i, next = 0;

	CHECK(a != NULL);
	for (i = 0; i < ARENA_OBJECTS; i++) {
		size_t size = 12 + (size_t)(i % 300) * 4;

		o[i] = arena_alloc(a, size);
		CHECK(o[i] != NULL && ((uintptr_t)o[i] & 7) == 0);
		o[i][0] = i;
		o[i][1] = (unsigned int)size;
		o[i][2] = 0;
	}
	CHECK(arena_alloc(a, (size_t)1 << 20) == NULL); /* larger than a chunk */
	for (i = 1; i < ARENA_OBJECTS; i += 2) {
		o[i][2] = 1;
		arena_release(o[i]);
	}
	arena_walk(a, obj_size, visit_count, &next);
	CHECK(next == ARENA_OBJECTS);
	/* Everything released: the arena refills from scratch. */
	CHECK(arena_alloc(a, 64) != NULL);
	arena_free(a);
}

static void check_ipv6(const struct in6_addr *a)
{
	char want[INET6_ADDRSTRLEN], got[FMT_IPV6_MAX];

	*fmt_ipv6(got, a) = '\0';
	CHECK_STR(got, inet_ntop(AF_INET6, a, want, sizeof(want)));
	CHECK(fmt_mask6_bits(a) == xtables_ip6mask_to_cidr(a));
}

/* Every pattern of zero and non-zero groups (with each value the
 * embedded-IPv4 cases look for), then random masks and addresses. */
static void test_ipv6_print(void)
{
	static const unsigned int vals[] = { 1, 0xffff, 0xabc, 0x100 };
	struct in6_addr a;
	unsigned int pat, v, i, bits;

	for (pat = 0; pat < 256; pat++) {
		for (v = 0; v < NFC_ARRAY_SIZE(vals); v++) {
			for (i = 0; i < 8; i++) {
				unsigned int w =
					pat & (1u << i) ? vals[(v + i) % 4] : 0;

				a.s6_addr[2 * i] = (unsigned char)(w >> 8);
				a.s6_addr[2 * i + 1] = (unsigned char)w;
			}
			check_ipv6(&a);
		}
	}
	for (bits = 0; bits <= 128; bits++) {
		memset(&a, 0, sizeof(a));
		for (i = 0; i < bits; i++)
			a.s6_addr[i / 8] |= (unsigned char)(0x80 >> (i % 8));
		check_ipv6(&a);
		if (bits < 128) { /* a one after the zeros */
			a.s6_addr[15] |= 1;
			check_ipv6(&a);
		}
	}
	srandom(6);
	for (i = 0; i < RANDOM_LINES; i++) {
		for (v = 0; v < 16; v++)
			a.s6_addr[v] =
				random() % 3 ? 0 : (unsigned char)random();
		check_ipv6(&a);
	}
}

int main(void)
{
	char msg[256];

	if (xt_init(NFC_IPV4, XT_PROBE_OFFLINE, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "%s\n", msg);
		return 1;
	}
	test_tokenizer();
	test_addresses();
	test_rules();
	test_ports();
	test_arena();
	test_ipv6_print();
	return unit_report("test_fast");
}
