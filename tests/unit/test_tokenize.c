// SPDX-License-Identifier: GPL-2.0-or-later
/* The tokenizer must split lines exactly as iptables-restore does. */
#include <stdlib.h>

#include "nfcommit.h"
#include "tokenize.h"
#include "unit.h"

struct split {
	enum tokenize_error err;
	unsigned int n, errcol;
	struct nfc_token tok[NFC_MAX_ARGC];
	char store[NFC_MAX_LINE + 2];
};

static struct split *split(const char *line, unsigned int max)
{
	static struct split s;

	memset(&s, 0, sizeof(s));
	s.err = tokenize_line(line, strlen(line), s.store, s.tok, max, &s.n,
			      &s.errcol);
	return &s;
}

static void test_blanks(void)
{
	struct split *s = split("  -A\tINPUT   -j  ACCEPT ", 16);

	CHECK(s->err == TOK_OK);
	CHECK(s->n == 4);
	CHECK_STR(s->tok[0].text, "-A");
	CHECK(s->tok[0].col == 3);
	CHECK_STR(s->tok[1].text, "INPUT");
	CHECK(s->tok[1].col == 6);
	CHECK_STR(s->tok[3].text, "ACCEPT");
}

static void test_quotes(void)
{
	struct split *s = split("--comment \"a b\" x", 16);

	CHECK(s->n == 3);
	CHECK_STR(s->tok[1].text, "a b");
	CHECK(s->tok[1].quoted);
	CHECK(s->tok[1].col == 11);
	CHECK(s->tok[1].width == 5);
	/* A closing quote ends the word. */
	s = split("a\"b c\"d", 16);
	CHECK(s->n == 2);
	CHECK_STR(s->tok[0].text, "ab c");
	CHECK_STR(s->tok[1].text, "d");
	/* "" is an empty word. */
	s = split("--comment \"\" -j", 16);
	CHECK(s->n == 3);
	CHECK_STR(s->tok[1].text, "");
}

static void test_escapes(void)
{
	struct split *s = split("\"a \\\"q\\\" \\\\ \\'\" 'x y' b\\c", 16);

	CHECK(s->err == TOK_OK);
	CHECK(s->n == 4);
	CHECK_STR(s->tok[0].text, "a \"q\" \\ '");
	/* Single quotes and backslashes are literal outside quotes. */
	CHECK_STR(s->tok[1].text, "'x");
	CHECK_STR(s->tok[2].text, "y'");
	CHECK_STR(s->tok[3].text, "b\\c");
}

static void test_errors(void)
{
	char *big = malloc(NFC_MAX_TOKEN + 2);
	struct split *s = split("-A INPUT --comment \"open", 16);

	CHECK(s->err == TOK_UNTERMINATED_QUOTE);
	CHECK(s->errcol == 20);
	s = split("a b c", 2);
	CHECK(s->err == TOK_TOO_MANY);
	CHECK(s->errcol == 5);
	memset(big, 'x', NFC_MAX_TOKEN);
	big[NFC_MAX_TOKEN] = '\0';
	s = split(big, 4);
	CHECK(s->err == TOK_OK); /* 1023 bytes: iptables' longest word */
	big[NFC_MAX_TOKEN] = 'x';
	big[NFC_MAX_TOKEN + 1] = '\0';
	s = split(big, 4);
	CHECK(s->err == TOK_TOO_LONG);
	free(big);
}

int main(void)
{
	test_blanks();
	test_quotes();
	test_escapes();
	test_errors();
	return unit_report("test_tokenize");
}
