// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nfcommit.conf: one KEY=value per line.  Blank lines and lines whose
 * first non-blank character is `#' are ignored.  A value may be quoted
 * with "..." or '...' (nothing is escaped inside); an unquoted value may
 * not hold blanks, so that a trailing "# comment" is an error instead of
 * part of a path.  Unknown keys are errors: a misspelt SAVE_ON_STOP must
 * not be ignored silently on a firewall.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "diag.h"
#include "lock.h"
#include "source.h"

#define WAIT_MAX_S 86400

enum key_type {
	K_RULES,       /* absolute path, empty: family not managed */
	K_FALLBACK,    /* absolute path, "builtin", or none */
	K_BACKEND,     /* legacy, nft, auto; empty: backend_open's default */
	K_BOOL,        /* yes/no */
	K_WAIT,        /* seconds or forever */
	K_GENERATIONS, /* 0..NFC_SAVE_GENERATIONS_MAX */
};

struct key {
	const char *name;
	enum key_type type;
	size_t off;
};

#define KEY(n, t, field) { n, t, offsetof(struct nfc_config, field) }

static const struct key keys[] = {
	KEY("RULES_V4", K_RULES, rules[0]),
	KEY("RULES_V6", K_RULES, rules[1]),
	KEY("BACKEND", K_BACKEND, backend),
	KEY("COUNTERS", K_BOOL, counters),
	KEY("SAVE_ON_STOP", K_BOOL, save_on_stop),
	KEY("FLUSH_ON_STOP", K_BOOL, flush_on_stop),
	KEY("FALLBACK_V4", K_FALLBACK, fallback[0]),
	KEY("FALLBACK_V6", K_FALLBACK, fallback[1]),
	KEY("LOCK_WAIT", K_WAIT, lock_wait),
	KEY("SAVE_GENERATIONS", K_GENERATIONS, save_generations),
	KEY("RELOAD_KEEP_FOREIGN", K_BOOL, reload_keep_foreign),
};

/* Backends a configuration may name; backend_open() says which this
 * build has. */
static const char *const backend_names[] = { "legacy", "nft", "auto" };

/* One line being read, for diagnostics. */
struct line_ctx {
	struct nfc_diags *d;
	const struct nfc_source *src;
	unsigned int line;
	const char *text; /* start of the line */
};

static void __attribute__((format(printf, 4, 5)))
line_error(const struct line_ctx *lc, const char *at, size_t len,
	   const char *fmt, ...)
{
	struct nfc_loc loc = {
		.src = lc->src,
		.line = lc->line,
		.col = (unsigned int)(at - lc->text) + 1,
		.len = (unsigned int)len,
	};
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(lc->d, NFC_ERROR, &loc, fmt, ap);
	va_end(ap);
}

const char *config_path(void)
{
	const char *p = getenv(NFC_CONF_ENV);

	return p && *p ? p : NFC_CONF_DEFAULT;
}

static void set_str(char **slot, char *v)
{
	free(*slot);
	*slot = v;
}

static int defaults(struct nfc_config *c)
{
	memset(c, 0, sizeof(*c));
	c->rules[0] = strdup(NFC_RULES_V4_DEFAULT);
	c->rules[1] = strdup(NFC_RULES_V6_DEFAULT);
	c->fallback[0] = strdup(NFC_FALLBACK_BUILTIN);
	c->fallback[1] = strdup(NFC_FALLBACK_BUILTIN);
	c->reload_keep_foreign = true;
	c->lock_wait = NFC_WAIT_DEFAULT;
	c->save_generations = NFC_SAVE_GENERATIONS_DEFAULT;
	if (!c->rules[0] || !c->rules[1] || !c->fallback[0] ||
	    !c->fallback[1])
		return -ENOMEM;
	return 0;
}

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	unsigned int i;

	for (i = 0; i < NFC_ARRAY_SIZE(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

static int parse_uint(const char *v, long max, long *out)
{
	char *end;

	if (!*v || strspn(v, "0123456789") != strlen(v))
		return -1;
	errno = 0;
	*out = strtol(v, &end, 10);
	return errno || *out > max ? -1 : 0;
}

/* Store value v (NUL-terminated copy) for key k.  Returns 0, or -1 with
 * the error queued, or -ENOMEM. */
static int set_value(struct nfc_config *c, const struct key *k, char *v,
		     const struct line_ctx *lc, const char *at, size_t len)
{
	char *base = (char *)c + k->off;
	unsigned int i;
	long n;
	bool b;

	switch (k->type) {
	case K_RULES:
	case K_FALLBACK:
		if (!*v || (k->type == K_FALLBACK && strcmp(v, "none") == 0)) {
			set_str((char **)base, NULL);
			return 0;
		}
		if (v[0] != '/' && !(k->type == K_FALLBACK &&
				     strcmp(v, NFC_FALLBACK_BUILTIN) == 0)) {
			line_error(lc, at, len,
				   k->type == K_RULES
				   ? "%s wants an absolute path (or nothing, to leave the family alone), not `%s'"
				   : "%s wants an absolute path, `builtin' or `none', not `%s'",
				   k->name, v);
			return -1;
		}
		break;
	case K_BACKEND:
		if (!*v) {
			set_str((char **)base, NULL); /* the default, see backend.h */
			return 0;
		}
		for (i = 0; i < NFC_ARRAY_SIZE(backend_names); i++)
			if (strcmp(v, backend_names[i]) == 0)
				break;
		if (i == NFC_ARRAY_SIZE(backend_names)) {
			line_error(lc, at, len,
				   "unknown backend `%s' (legacy, nft or auto)", v);
			return -1;
		}
		break;
	case K_BOOL:
		if (parse_bool(v, &b) < 0) {
			line_error(lc, at, len, "%s is yes or no, not `%s'",
				   k->name, v);
			return -1;
		}
		*(bool *)base = b;
		return 0;
	case K_WAIT:
		if (strcmp(v, "forever") == 0) {
			*(int *)base = NFC_WAIT_FOREVER;
			return 0;
		}
		if (parse_uint(v, WAIT_MAX_S, &n) < 0) {
			line_error(lc, at, len,
				   "%s is whole seconds (0 to %d) or `forever', not `%s'",
				   k->name, WAIT_MAX_S, v);
			return -1;
		}
		*(int *)base = (int)n;
		return 0;
	case K_GENERATIONS:
		if (parse_uint(v, NFC_SAVE_GENERATIONS_MAX, &n) < 0) {
			line_error(lc, at, len,
				   "%s is a number from 0 to %d, not `%s'",
				   k->name, NFC_SAVE_GENERATIONS_MAX, v);
			return -1;
		}
		*(unsigned int *)base = (unsigned int)n;
		return 0;
	}
	v = strdup(v);
	if (!v)
		return -ENOMEM;
	set_str((char **)base, v);
	return 0;
}

static const struct key *find_key(const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < NFC_ARRAY_SIZE(keys); i++)
		if (strlen(keys[i].name) == len &&
		    strncmp(keys[i].name, name, len) == 0)
			return &keys[i];
	return NULL;
}

/* Parse one line (without its newline).  Returns 0, -1 on a bad line
 * (queued on lc->d), -ENOMEM. */
static int parse_line(struct nfc_config *c, const struct line_ctx *lc,
		      size_t len, unsigned int *seen)
{
	const char *p = lc->text, *end = lc->text + len, *key, *val, *vend;
	const struct key *k;
	size_t klen;
	char *v;
	int ret;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p == '#')
		return 0;
	key = p;
	while (p < end && *p != '=' && *p != ' ' && *p != '\t')
		p++;
	klen = (size_t)(p - key);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p != '=' || klen == 0) {
		line_error(lc, key, klen ? klen : 1,
			   "expected KEY=value (or a # comment)");
		return -1;
	}
	k = find_key(key, klen);
	if (!k) {
		line_error(lc, key, klen, "unknown key `%.*s'", (int)klen, key);
		return -1;
	}
	if (*seen & (1u << (k - keys)))
		diag_add(lc->d, NFC_WARNING,
			 &(struct nfc_loc){ lc->src, lc->line,
					    (unsigned int)(key - lc->text) + 1,
					    (unsigned int)klen },
			 "%s is set again; this later value wins", k->name);
	*seen |= 1u << (k - keys);
	val = p + 1;
	while (val < end && (*val == ' ' || *val == '\t'))
		val++;
	vend = end;
	while (vend > val && (vend[-1] == ' ' || vend[-1] == '\t'))
		vend--;
	if (val < vend && (*val == '"' || *val == '\'')) {
		if (vend - val < 2 || vend[-1] != *val ||
		    memchr(val + 1, *val, (size_t)(vend - val - 2))) {
			line_error(lc, val, (size_t)(vend - val),
				   "unbalanced quote in the value of %s", k->name);
			return -1;
		}
		val++;
		vend--;
	} else if (memchr(val, ' ', (size_t)(vend - val)) ||
		   memchr(val, '\t', (size_t)(vend - val))) {
		line_error(lc, val, (size_t)(vend - val),
			   "the value of %s holds blanks: quote it (comments go on lines of their own)",
			   k->name);
		return -1;
	}
	if (memchr(val, '\0', (size_t)(vend - val))) {
		line_error(lc, val, 1, "NUL byte in the value of %s", k->name);
		return -1;
	}
	v = strndup(val, (size_t)(vend - val));
	if (!v)
		return -ENOMEM;
	ret = set_value(c, k, v, lc, val, (size_t)(vend - val));
	free(v);
	return ret;
}

static int parse_source(struct nfc_config *c, const struct nfc_source *src,
			struct nfc_diags *d)
{
	struct line_ctx lc = { .d = d, .src = src };
	const char *text;
	unsigned int seen = 0;
	size_t len;
	int ret;

	for (lc.line = 1; (text = source_line(src, lc.line, &len)); lc.line++) {
		lc.text = text;
		if (len && text[len - 1] == '\r') {
			line_error(&lc, text + len - 1, 1,
				   "carriage return at the end of the line: the file has CR LF line endings");
			continue;
		}
		ret = parse_line(c, &lc, len, &seen);
		if (ret == -ENOMEM)
			return ret;
	}
	return 0;
}

int config_load(struct nfc_config *c, const char *path)
{
	bool named = path || (getenv(NFC_CONF_ENV) && *getenv(NFC_CONF_ENV));
	struct nfc_source src;
	struct nfc_diags d;
	char msg[256];
	int ret;

	if (defaults(c) < 0)
		goto nomem;
	if (!path)
		path = config_path();
	ret = source_read(&src, path, msg, sizeof(msg));
	if (ret == -ENOENT && !named)
		return 0; /* no file: the defaults */
	if (ret == -ENOMEM)
		goto nomem;
	if (ret < 0) {
		fprintf(stderr, "nfcommit: %s: %s\n", path, msg);
		return NFC_EXIT_INPUT;
	}
	c->path = strdup(path);
	diags_init(&d);
	ret = c->path ? parse_source(c, &src, &d) : -ENOMEM;
	diags_print(&d, stderr);
	if (ret == 0 && d.nerrors) {
		/* Half a configuration is worse than none: back to the
		 * defaults, with the path kept for messages. */
		char *p = c->path;

		c->path = NULL;
		config_free(c);
		ret = defaults(c) < 0 ? -ENOMEM : NFC_EXIT_INPUT;
		c->path = p;
		fprintf(stderr, "nfcommit: %s: %u error(s); using the built-in defaults\n",
			path, d.nerrors);
	}
	diags_free(&d);
	source_free(&src);
	if (ret == -ENOMEM)
		goto nomem;
	return ret;
nomem:
	fputs("nfcommit: out of memory reading the configuration\n", stderr);
	return NFC_EXIT_RESOURCE;
}

void config_free(struct nfc_config *c)
{
	unsigned int i;

	for (i = 0; i < NFC_NFAMILIES; i++) {
		free(c->rules[i]);
		free(c->fallback[i]);
	}
	free(c->backend);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

static void print_value(const struct nfc_config *c, const struct key *k,
			FILE *out)
{
	const char *base = (const char *)c + k->off;
	const char *s;

	switch (k->type) {
	case K_RULES:
	case K_FALLBACK:
	case K_BACKEND:
		s = *(char *const *)base;
		fputs(s ? s : (k->type == K_FALLBACK ? "none" : ""), out);
		break;
	case K_BOOL:
		fputs(*(const bool *)base ? "yes" : "no", out);
		break;
	case K_WAIT:
		if (*(const int *)base == NFC_WAIT_FOREVER)
			fputs("forever", out);
		else
			fprintf(out, "%d", *(const int *)base);
		break;
	case K_GENERATIONS:
		fprintf(out, "%u", *(const unsigned int *)base);
		break;
	}
}

void config_print(const struct nfc_config *c, FILE *out)
{
	unsigned int i;

	for (i = 0; i < NFC_ARRAY_SIZE(keys); i++) {
		fprintf(out, "%s=", keys[i].name);
		print_value(c, &keys[i], out);
		fputc('\n', out);
	}
}

int config_print_key(const struct nfc_config *c, const char *key, FILE *out)
{
	const struct key *k = find_key(key, strlen(key));

	if (!k)
		return -1;
	print_value(c, k, out);
	fputc('\n', out);
	return 0;
}
