/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Splitting a rule line into words exactly as iptables-restore does:
 * blanks separate, double quotes group, and inside quotes a backslash
 * takes the next character literally.  A closing quote ends the word, so
 * a"b c"d is the two words `ab c' and `d'; "" is an empty word.  Outside
 * quotes, backslashes and single quotes are ordinary characters.
 */
#ifndef NFC_TOKENIZE_H
#define NFC_TOKENIZE_H

#include <stdbool.h>
#include <stddef.h>

struct nfc_token {
	char *text;       /* NUL-terminated, inside the caller's store */
	unsigned int col; /* 1-based column of the word's first byte */
	unsigned int width; /* bytes the word spans in the line */
	bool quoted;
};

enum tokenize_error {
	TOK_OK = 0,
	TOK_UNTERMINATED_QUOTE,
	TOK_TOO_LONG,
	TOK_TOO_MANY,
};

/*
 * Split line[0..len) into at most maxtok words.  store must hold len + 1
 * bytes; the words point into it.  On error, *errcol is the column to
 * blame.
 */
enum tokenize_error tokenize_line(const char *line, size_t len, char *store,
				  struct nfc_token *tok, unsigned int maxtok,
				  unsigned int *ntok, unsigned int *errcol);

const char *tokenize_strerror(enum tokenize_error err);

#endif
