// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The two line-oriented formats: gcc's (FILE:LINE:COL: severity: message
 * [ID], then the source line and a caret) and GitHub Actions workflow
 * commands (::error file=...,line=...,col=...::message).
 */
#include "finding.h"
#include "report.h"

static void gcc_quote(const struct report *r, const struct nfc_loc *loc,
		      FILE *out)
{
	const char *text;
	size_t len;

	text = report_line(r, loc, &len);
	if (text)
		diag_quote(text, len, loc->col, loc->len, out);
}

void report_gcc(const struct report *r, FILE *out)
{
	unsigned int i;

	for (i = 0; i < r->nitems; i++) {
		const struct nfc_diag *dg = r->items[i].dg;
		const struct finding_info *fi = finding_info(dg->code);

		if (r->items[i].suppressed)
			continue;
		diag_print_where(&dg->loc, out);
		fprintf(out, "%s: %s", severity_name(dg->severity),
			dg->msg ? dg->msg : "(out of memory)");
		if (fi)
			fprintf(out, " [%s]", fi->id);
		fputc('\n', out);
		gcc_quote(r, &dg->loc, out);
		if (dg->related.src) {
			diag_print_where(&dg->related, out);
			fprintf(out, "note: %s\n",
				dg->related_msg ? dg->related_msg : "");
			gcc_quote(r, &dg->related, out);
		}
	}
}

/* Workflow command data: %, CR and LF are escaped; in properties also
 * the separators : and ,. */
static void gh_escape(FILE *out, const char *s, bool property)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '%':
			fputs("%25", out);
			break;
		case '\r':
			fputs("%0D", out);
			break;
		case '\n':
			fputs("%0A", out);
			break;
		case ':':
			fputs(property ? "%3A" : ":", out);
			break;
		case ',':
			fputs(property ? "%2C" : ",", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

static const char *gh_level(enum nfc_severity s)
{
	switch (s) {
	case NFC_NOTE:
		return "notice";
	case NFC_WARNING:
		return "warning";
	case NFC_ERROR:
		break;
	}
	return "error";
}

void report_github(const struct report *r, FILE *out)
{
	unsigned int i;

	for (i = 0; i < r->nitems; i++) {
		const struct nfc_diag *dg = r->items[i].dg;
		const struct finding_info *fi = finding_info(dg->code);
		const char *sep = " ";

		if (r->items[i].suppressed)
			continue;
		fprintf(out, "::%s", gh_level(dg->severity));
		if (dg->loc.src) {
			fputs(" file=", out);
			gh_escape(out, dg->loc.src->name, true);
			if (dg->loc.line) {
				fprintf(out, ",line=%u,col=%u", dg->loc.line,
					dg->loc.col ? dg->loc.col : 1);
				if (dg->loc.len > 1)
					fprintf(out, ",endColumn=%u",
						(dg->loc.col ? dg->loc.col : 1) +
							dg->loc.len - 1);
			}
			sep = ",";
		}
		if (fi) {
			fprintf(out, "%stitle=", sep);
			gh_escape(out, fi->id, true);
			fputc(' ', out);
			gh_escape(out, fi->name, true);
		}
		fputs("::", out);
		gh_escape(out, dg->msg, false);
		if (fi)
			fprintf(out, " [%s]", fi->id);
		if (dg->related.src && dg->related.line) {
			fprintf(out, " (%s:%u: ", dg->related.src->name,
				dg->related.line);
			gh_escape(out, dg->related_msg, false);
			fputc(')', out);
		}
		fputc('\n', out);
	}
}
