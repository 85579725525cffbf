// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "nfcommit.h"

/* Lines longer than this are quoted in part: a caret under column 5000 of
 * a megabyte line helps nobody. */
#define QUOTE_MAX 200

void diags_init(struct nfc_diags *d)
{
	memset(d, 0, sizeof(*d));
	d->tail = &d->head;
}

void diags_free(struct nfc_diags *d)
{
	struct nfc_diag *dg, *next;

	for (dg = d->head; dg; dg = next) {
		next = dg->next;
		free(dg->msg);
		free(dg->related_msg);
		free(dg);
	}
	diags_init(d);
}

void diags_append(struct nfc_diags *d, struct nfc_diags *from)
{
	struct nfc_diag *dg;

	for (dg = from->head; dg; dg = dg->next)
		dg->seq = d->count++;
	*d->tail = from->head;
	if (from->head)
		d->tail = from->tail;
	d->nerrors += from->nerrors;
	d->nwarnings += from->nwarnings;
	diags_init(from);
}

const char *severity_name(enum nfc_severity sev)
{
	switch (sev) {
	case NFC_NOTE:
		return "note";
	case NFC_WARNING:
		return "warning";
	case NFC_ERROR:
		break;
	}
	return "error";
}

static char *vformat(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

static char *vformat(const char *fmt, va_list ap)
{
	char *s = NULL;

	if (vasprintf(&s, fmt, ap) < 0)
		return NULL;
	return s;
}

struct nfc_diag *diag_vadd(struct nfc_diags *d, enum nfc_severity sev,
			   const struct nfc_loc *loc, const char *fmt, va_list ap)
{
	struct nfc_diag *dg = calloc(1, sizeof(*dg));

	if (!dg)
		return NULL;
	dg->msg = vformat(fmt, ap);
	dg->severity = sev;
	if (loc)
		dg->loc = *loc;
	dg->seq = d->count++;
	*d->tail = dg;
	d->tail = &dg->next;
	if (sev == NFC_ERROR)
		d->nerrors++;
	else if (sev == NFC_WARNING)
		d->nwarnings++;
	return dg;
}

struct nfc_diag *diag_add(struct nfc_diags *d, enum nfc_severity sev,
			  const struct nfc_loc *loc, const char *fmt, ...)
{
	struct nfc_diag *dg;
	va_list ap;

	va_start(ap, fmt);
	dg = diag_vadd(d, sev, loc, fmt, ap);
	va_end(ap);
	return dg;
}

void diag_set_related(struct nfc_diag *dg, const struct nfc_loc *loc,
		      const char *fmt, ...)
{
	va_list ap;

	if (!dg)
		return;
	dg->related = *loc;
	free(dg->related_msg);
	va_start(ap, fmt);
	dg->related_msg = vformat(fmt, ap);
	va_end(ap);
}

static int loc_cmp(const struct nfc_diag *a, const struct nfc_diag *b)
{
	/* Inputs keep the order they were read in, which is queue order. */
	if (a->loc.src != b->loc.src)
		return a->seq < b->seq ? -1 : 1;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.col != b->loc.col)
		return a->loc.col < b->loc.col ? -1 : 1;
	return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

static int diag_qsort_cmp(const void *a, const void *b)
{
	return loc_cmp(*(struct nfc_diag *const *)a,
		       *(struct nfc_diag *const *)b);
}

void diag_set_code(struct nfc_diag *dg, unsigned int code)
{
	if (dg)
		dg->code = code;
}

void diag_quote(const char *text, size_t len, unsigned int column,
		unsigned int width, FILE *out)
{
	size_t i, start = 0, col = column ? column - 1 : 0;

	if (len > QUOTE_MAX && col > QUOTE_MAX / 2)
		start = col - QUOTE_MAX / 2;
	if (len - start > QUOTE_MAX)
		len = start + QUOTE_MAX;
	fputs("  ", out);
	/* Control bytes and NULs would garble the terminal: show them as '?'. */
	for (i = start; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		fputc(c == '\t' || (c >= 0x20 && c != 0x7f) ? c : '?', out);
	}
	fputs("\n  ", out);
	for (i = start; i < col && i < len; i++)
		fputc(text[i] == '\t' ? '\t' : ' ', out);
	fputc('^', out);
	for (i = 1; i < width && col + i < len && i < QUOTE_MAX; i++)
		fputc('~', out);
	fputc('\n', out);
}

static void print_quote(const struct nfc_loc *loc, FILE *out)
{
	const char *text;
	size_t len;

	if (!loc->src || !loc->line)
		return;
	text = source_line(loc->src, loc->line, &len);
	if (text)
		diag_quote(text, len, loc->col, loc->len, out);
}

void diag_print_where(const struct nfc_loc *loc, FILE *out)
{
	if (!loc->src)
		fputs("nfcommit: ", out);
	else if (!loc->line)
		fprintf(out, "%s: ", loc->src->name);
	else
		fprintf(out, "%s:%u:%u: ", loc->src->name, loc->line,
			loc->col ? loc->col : 1);
}

void diags_print(struct nfc_diags *d, FILE *out)
{
	struct nfc_diag **v, *dg;
	unsigned int i, n = 0;

	if (!d->count)
		return;
	v = calloc(d->count, sizeof(*v));
	if (!v)
		return;
	for (dg = d->head; dg; dg = dg->next)
		v[n++] = dg;
	qsort(v, n, sizeof(*v), diag_qsort_cmp);
	for (i = 0; i < n; i++) {
		dg = v[i];
		diag_print_where(&dg->loc, out);
		fprintf(out, "%s: %s\n", severity_name(dg->severity),
			dg->msg ? dg->msg : "(out of memory)");
		print_quote(&dg->loc, out);
		if (dg->related.src) {
			diag_print_where(&dg->related, out);
			fprintf(out, "note: %s\n",
				dg->related_msg ? dg->related_msg : "");
			print_quote(&dg->related, out);
		}
	}
	/* Relink in printed order so that later passes see the sorted list. */
	d->head = NULL;
	d->tail = &d->head;
	for (i = 0; i < n; i++) {
		v[i]->next = NULL;
		*d->tail = v[i];
		d->tail = &v[i]->next;
	}
	free(v);
}
