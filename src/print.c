// SPDX-License-Identifier: GPL-2.0-or-later
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <xtables.h>

#include "fmt.h"
#include "print.h"

/* iptables 1.8.9 names protocols from its own short list first, then
 * /etc/protocols; 1.8.11 stopped reading the file.  We follow 1.8.9, the
 * version whose output we match. */
static const char *proto_to_name(uint16_t proto)
{
	const struct protoent *pe;
	unsigned int i;

	for (i = 0; xtables_chain_protos[i].name; i++)
		if (xtables_chain_protos[i].num == proto)
			return xtables_chain_protos[i].name;
	pe = proto ? getprotobynumber(proto) : NULL;
	return pe ? pe->p_name : NULL;
}

/* Everything here goes through stdout's buffer, as the extensions'
 * printf() calls do, without printf's cost for our own pieces (nor a
 * lock per piece: nfcommit prints from one thread). */
static void put_str(const char *s)
{
	fputs_unlocked(s, stdout);
}

/* "/BITS" for a prefix mask, "/A.B.C.D" for any other. */
static char *fmt_mask4(char *p, const struct in_addr *mask)
{
	uint32_t m = ntohl(mask->s_addr);
	unsigned int bits = 0;

	while (bits < 32 && (m & (0x80000000u >> bits)))
		bits++;
	*p++ = '/';
	if (bits == 32 || (m << bits) == 0)
		return fmt_u64(p, bits);
	return fmt_ipv4(p, mask);
}

static void print_addr4(char letter, const struct in_addr *a,
			const struct in_addr *m, bool inv)
{
	char buf[2 * FMT_MAX + sizeof(" ! -s ")], *p = buf;

	if (!m->s_addr && !inv && !a->s_addr)
		return;
	if (inv) {
		memcpy(p, " !", 2);
		p += 2;
	}
	*p++ = ' ';
	*p++ = '-';
	*p++ = letter;
	*p++ = ' ';
	p = fmt_ipv4(p, a);
	p = fmt_mask4(p, m);
	*p = '\0';
	put_str(buf);
}

static void print_addr6(char letter, const struct in6_addr *a,
			const struct in6_addr *m, bool inv)
{
	char buf[2 * FMT_IPV6_MAX + sizeof(" ! -s ")], *p = buf;
	int l = fmt_mask6_bits(m);

	if (!inv && l == 0)
		return;
	if (inv) {
		memcpy(p, " !", 2);
		p += 2;
	}
	*p++ = ' ';
	*p++ = '-';
	*p++ = letter;
	*p++ = ' ';
	p = fmt_ipv6(p, a);
	*p++ = '/';
	p = l < 0 ? fmt_ipv6(p, m) : fmt_u64(p, (unsigned int)l);
	*p = '\0';
	put_str(buf);
}

/* Wildcards keep their trailing '+'; masks are assumed byte-contiguous,
 * as iptables assumes. */
static void print_iface(char letter, const char *name,
			const unsigned char *mask, bool inv)
{
	char opt[sizeof(" ! -i ")] = " ! -i ";
	unsigned int i;

	if (mask[0] == 0)
		return;
	opt[4] = letter;
	put_str(inv ? opt : opt + 2);
	for (i = 0; i < IFNAMSIZ; i++) {
		if (mask[i] != 0) {
			if (name[i] != '\0')
				putchar_unlocked(name[i]);
		} else {
			if (name[i - 1] != '\0')
				putchar_unlocked('+');
			break;
		}
	}
}

static void print_details(const char *in, const unsigned char *inm,
			  const char *out, const unsigned char *outm,
			  uint16_t proto, bool frag, uint8_t inv)
{
	const char *pname;

	print_iface('i', in, inm, inv & IPT_INV_VIA_IN);
	print_iface('o', out, outm, inv & IPT_INV_VIA_OUT);
	if (proto) {
		char num[FMT_MAX];

		pname = proto_to_name(proto);
		if (inv & XT_INV_PROTO)
			put_str(" !");
		put_str(" -p ");
		if (!pname) {
			*fmt_u64(num, proto) = '\0';
			pname = num;
		}
		put_str(pname);
	}
	if (frag)
		put_str(inv & IPT_INV_FRAG ? " ! -f" : " -f");
}

/* Extensions print_table has looked up already, by name and revision:
 * libxtables walks its whole list of extensions for every lookup, twice
 * per match and target of every rule. */
#define PRINT_MEMO_MAX 32

struct print_memo {
	struct {
		char name[XT_EXTENSION_MAXNAMELEN];
		uint8_t revision;
		bool target;
		void *ext, *rev; /* xtables_match or xtables_target */
	} e[PRINT_MEMO_MAX];
	unsigned int n;
};

static bool memo_find(const struct print_memo *pm, bool target,
		      const char *name, uint8_t revision, void **ext,
		      void **rev)
{
	unsigned int i;

	for (i = 0; pm && i < pm->n; i++) {
		if (pm->e[i].target != target ||
		    pm->e[i].revision != revision ||
		    strncmp(pm->e[i].name, name, sizeof(pm->e[i].name)) != 0)
			continue;
		*ext = pm->e[i].ext;
		*rev = pm->e[i].rev;
		return true;
	}
	return false;
}

static void memo_add(struct print_memo *pm, bool target, const char *name,
		     uint8_t revision, void *ext, void *rev)
{
	if (!pm || pm->n == PRINT_MEMO_MAX)
		return;
	snprintf(pm->e[pm->n].name, sizeof(pm->e[pm->n].name), "%s", name);
	pm->e[pm->n].revision = revision;
	pm->e[pm->n].target = target;
	pm->e[pm->n].ext = ext;
	pm->e[pm->n].rev = rev;
	pm->n++;
}

static int print_match(const struct xt_entry_match *m, const void *ip,
		       struct print_memo *pm)
{
	const char *name = m->u.user.name;
	struct xtables_match *mt, *rev;
	void *e, *r;

	if (memo_find(pm, false, name, m->u.user.revision, &e, &r)) {
		mt = e;
		rev = r;
		goto print;
	}
	mt = xtables_find_match(name, XTF_TRY_LOAD, NULL);
	if (!mt) {
		if (m->u.match_size) {
			fprintf(stderr,
				"nfcommit: no libxtables extension for match `%s': cannot print this rule\n",
				name);
			return -1;
		}
		return 0;
	}
	/* Print with the revision the kernel holds, never the parse
	 * object: their save() may read a different blob layout. */
	rev = xtables_find_match_revision(name, XTF_TRY_LOAD, mt,
					  m->u.user.revision);
	memo_add(pm, false, name, m->u.user.revision, mt, rev);
print:
	put_str(" -m ");
	put_str((rev ? rev : mt)->alias ? (rev ? rev : mt)->alias(m) : name);
	if (rev && rev->save)
		rev->save(ip, m);
	else if (mt->save)
		printf(" [unsupported revision]");
	return 0;
}

static int print_target(const struct nfc_rule *r, const void *ip,
			struct print_memo *pm)
{
	const struct xt_entry_target *t = rule_target_const(r);
	const char *name = t->u.user.name;
	struct xtables_target *tg, *rev;
	void *e, *rv;

	if (r->flags & NFC_RULE_STANDARD) {
		if (name[0]) {
			put_str(rule_is_goto(r) ? " -g " : " -j ");
			put_str(name);
		}
		return 0;
	}
	if (memo_find(pm, true, name, t->u.user.revision, &e, &rv)) {
		tg = e;
		rev = rv;
		goto print;
	}
	tg = xtables_find_target(name, XTF_TRY_LOAD);
	if (!tg) {
		fprintf(stderr,
			"nfcommit: no libxtables extension for target `%s': cannot print this rule\n",
			name);
		return -1;
	}
	rev = xtables_find_target_revision(name, XTF_TRY_LOAD, tg,
					   t->u.user.revision);
	memo_add(pm, true, name, t->u.user.revision, tg, rev);
print:
	put_str(" -j ");
	put_str((rev ? rev : tg)->alias ? (rev ? rev : tg)->alias(t) : name);
	if (rev && rev->save)
		rev->save(ip, t);
	else if (tg->save)
		printf(" [unsupported revision]");
	else if (t->u.target_size != sizeof(struct xt_entry_target)) {
		fprintf(stderr, "nfcommit: target `%s' has no save function\n",
			name);
		return -1;
	}
	return 0;
}

static int print_rule_memo(const struct nfc_rule *r, const char *chain,
			   bool counters, struct print_memo *pm)
{
	const struct xt_counters *c = rule_counters_const(r);
	const struct xt_entry_match *m;
	const void *ip;

	char buf[2 * FMT_MAX + sizeof("[:] ")], *p = buf;

	if (counters) {
		*p++ = '[';
		p = fmt_u64(p, c->pcnt);
		*p++ = ':';
		p = fmt_u64(p, c->bcnt);
		*p++ = ']';
		*p++ = ' ';
	}
	memcpy(p, "-A ", sizeof("-A "));
	put_str(buf);
	put_str(chain);
	if (r->family == NFC_IPV6) {
		const struct ip6t_ip6 *i6 = &((const struct ip6t_entry *)r->entry)->ipv6;

		print_addr6('s', &i6->src, &i6->smsk, i6->invflags & IP6T_INV_SRCIP);
		print_addr6('d', &i6->dst, &i6->dmsk, i6->invflags & IP6T_INV_DSTIP);
		print_details(i6->iniface, i6->iniface_mask, i6->outiface,
			      i6->outiface_mask, i6->proto, false, i6->invflags);
		ip = i6;
	} else {
		const struct ipt_ip *i4 = &((const struct ipt_entry *)r->entry)->ip;

		print_addr4('s', &i4->src, &i4->smsk, i4->invflags & IPT_INV_SRCIP);
		print_addr4('d', &i4->dst, &i4->dmsk, i4->invflags & IPT_INV_DSTIP);
		print_details(i4->iniface, i4->iniface_mask, i4->outiface,
			      i4->outiface_mask, i4->proto,
			      i4->flags & IPT_F_FRAG, i4->invflags);
		ip = i4;
	}
	for (m = rule_match_first(r); m; m = rule_match_next(r, m))
		if (print_match(m, ip, pm) < 0)
			return -1;
	if (print_target(r, ip, pm) < 0)
		return -1;
	putchar('\n');
	return 0;
}

int print_rule(const struct nfc_rule *r, const char *chain, bool counters)
{
	return print_rule_memo(r, chain, counters, NULL);
}

int print_table(const struct nfc_table *t, bool counters)
{
	struct nfc_chain **v = table_sorted_chains(t);
	struct print_memo pm = { .n = 0 };
	unsigned int i, j;
	int ret = 0;

	if (!v)
		return -1;
	printf("*%s\n", t->name);
	for (i = 0; v[i]; i++) {
		if (chain_is_builtin(v[i]))
			printf(":%s %s [%llu:%llu]\n", v[i]->name,
			       policy_name(v[i]->policy),
			       (unsigned long long)v[i]->counters.pcnt,
			       (unsigned long long)v[i]->counters.bcnt);
		else
			printf(":%s - [0:0]\n", v[i]->name);
	}
	for (i = 0; v[i] && ret == 0; i++)
		for (j = 0; j < v[i]->nrules && ret == 0; j++)
			ret = print_rule_memo(v[i]->rules[j], v[i]->name,
					      counters, &pm);
	printf("COMMIT\n");
	free(v);
	return ret;
}
