// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The line is copied whole into the store and split there: a plain word
 * becomes a word by writing its terminator over the blank after it, and
 * a quoted one is unquoted in place, which only ever moves bytes left.
 * Per word that leaves a scan and one store; copying word by word cost
 * more than the scan itself.
 */
#include <string.h>

#include "nfcommit.h"
#include "tokenize.h"

/* Every byte that can end a plain run is at most '"'; so are a few that
 * cannot ('!', control characters), which the table sorts out. */
#define STOP_MAX '"'

static const bool stop[256] = {
	[' '] = true,
	['\t'] = true,
	['\n'] = true,
	['"'] = true,
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* The first stop at or after s[i], or len; s[len] must be '\0'. */
static size_t plain_end(const char *s, size_t i, size_t len)
{
	for (;;) {
		while ((unsigned char)s[i] > STOP_MAX)
			i++;
		if (i >= len || stop[(unsigned char)s[i]])
			return i;
		i++;
	}
}

/*
 * Unquote in place the word whose opening quote is s[i], writing from
 * s[*w] on (*w <= i).  Returns the index after the closing quote, which
 * ends the word, or (size_t)-1 when the quote never closes.
 */
static size_t unquote(char *s, size_t i, size_t len, size_t *w)
{
	for (i++; i < len; i++) {
		char c = s[i];

		if (c == '\\' && i + 1 < len)
			c = s[++i];
		else if (c == '"')
			return i + 1;
		s[(*w)++] = c;
	}
	return (size_t)-1;
}

enum tokenize_error tokenize_line(const char *line, size_t len, char *store,
				  struct nfc_token *tok, unsigned int maxtok,
				  unsigned int *ntok, unsigned int *errcol)
{
	size_t i = 0;
	unsigned int n = 0;

	memcpy(store, line, len);
	store[len] = '\0';
	for (;;) {
		size_t start, end, w, quote_at = 0;
		bool quoted;

		while (i < len && is_blank(store[i]))
			i++;
		if (i >= len)
			break;
		if (n == maxtok) {
			*errcol = (unsigned int)i + 1;
			return TOK_TOO_MANY;
		}
		start = i;
		end = plain_end(store, i, len);
		w = end;
		quoted = end < len && store[end] == '"';
		if (quoted) {
			quote_at = end;
			end = unquote(store, end, len, &w);
		}
		/* A word too long is that before its quote is unterminated. */
		if (w - start > NFC_MAX_TOKEN) {
			*errcol = (unsigned int)start + 1;
			return TOK_TOO_LONG;
		}
		if (end == (size_t)-1) {
			*errcol = (unsigned int)quote_at + 1;
			return TOK_UNTERMINATED_QUOTE;
		}
		tok[n].text = store + start;
		tok[n].col = (unsigned int)start + 1;
		tok[n].width = (unsigned int)(end - start);
		tok[n].quoted = quoted;
		n++;
		/* The terminator lands on the blank after the word, on the
		 * closing quote's place or before it, or on store[len]. */
		i = end + (end < len && is_blank(store[end]));
		store[w] = '\0';
	}
	*ntok = n;
	return TOK_OK;
}

const char *tokenize_strerror(enum tokenize_error err)
{
	switch (err) {
	case TOK_OK:
		return "no error";
	case TOK_UNTERMINATED_QUOTE:
		return "unterminated double quote: the word runs to the end of the line";
	case TOK_TOO_LONG:
		return "word longer than 1023 bytes (iptables' limit)";
	case TOK_TOO_MANY:
		return "more than 255 words on one line (iptables' limit)";
	}
	return "unknown tokenizer error";
}
