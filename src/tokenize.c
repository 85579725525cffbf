// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "nfcommit.h"
#include "tokenize.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Length of the run at line[0..len) without blanks or quotes: the bytes a
 * word copies as they are, which is nearly all of them. */
static size_t plain_run(const char *line, size_t len)
{
	static const bool stop[256] = {
		[' '] = true, ['\t'] = true, ['\n'] = true, ['"'] = true,
	};
	size_t i = 0;

	while (i < len && !stop[(unsigned char)line[i]])
		i++;
	return i;
}

enum tokenize_error tokenize_line(const char *line, size_t len, char *store,
				  struct nfc_token *tok, unsigned int maxtok,
				  unsigned int *ntok, unsigned int *errcol)
{
	size_t i = 0, out = 0;
	unsigned int n = 0;

	while (i < len) {
		size_t start, wlen = 0, quote_at = 0, run;
		bool quoted = false, in_quote = false;

		if (is_blank(line[i])) {
			i++;
			continue;
		}
		if (n == maxtok) {
			*errcol = (unsigned int)i + 1;
			return TOK_TOO_MANY;
		}
		start = i;
		tok[n].text = store + out;
		for (;;) {
			char c;

			if (!in_quote) {
				run = plain_run(line + i, len - i);
				memcpy(store + out, line + i, run);
				out += run;
				wlen += run;
				i += run;
				if (wlen > NFC_MAX_TOKEN) {
					*errcol = (unsigned int)start + 1;
					return TOK_TOO_LONG;
				}
				if (i == len || line[i] != '"')
					break; /* a blank or the end */
				in_quote = quoted = true;
				quote_at = i++;
				continue;
			}
			if (i == len)
				break;
			c = line[i];
			if (c == '\\' && i + 1 < len) {
				c = line[++i];
			} else if (c == '"') {
				in_quote = false;
				i++;
				break; /* a closing quote ends the word */
			}
			if (++wlen > NFC_MAX_TOKEN) {
				*errcol = (unsigned int)start + 1;
				return TOK_TOO_LONG;
			}
			store[out++] = c;
			i++;
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
