// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --format=json: one document,
 *
 *	{"tool": "nfcommit", "version": "...",
 *	 "findings": [{"id": "NFC012", "name": "shadowed",
 *	               "severity": "warning", "file": "rules.v4",
 *	               "line": 9, "column": 1, "length": 0,
 *	               "message": "...", "suppressed": false,
 *	               "related": [{"file": ..., "line": ..., "column": ...,
 *	                            "message": ...}]}],
 *	 "summary": {"errors": 0, "warnings": 1, "notes": 0,
 *	             "suppressed": 0}}
 *
 * A finding about no particular place has "file": null; one without an
 * ID (an unreadable file) has "id": null.
 */
#include "config.h"
#include "finding.h"
#include "report.h"

static void json_loc(FILE *out, const struct nfc_loc *loc)
{
	fputs("\"file\": ", out);
	if (loc->src)
		report_json_string(out, loc->src->name);
	else
		fputs("null", out);
	fprintf(out, ", \"line\": %u, \"column\": %u", loc->line,
		loc->line ? (loc->col ? loc->col : 1) : 0);
}

static void json_item(const struct report_item *it, FILE *out)
{
	const struct nfc_diag *dg = it->dg;
	const struct finding_info *fi = finding_info(dg->code);

	fputs("    {\"id\": ", out);
	if (fi)
		report_json_string(out, fi->id);
	else
		fputs("null", out);
	fputs(", \"name\": ", out);
	if (fi)
		report_json_string(out, fi->name);
	else
		fputs("null", out);
	fprintf(out, ", \"severity\": \"%s\", ", severity_name(dg->severity));
	json_loc(out, &dg->loc);
	fprintf(out, ", \"length\": %u, \"message\": ", dg->loc.len);
	report_json_string(out, dg->msg);
	fprintf(out, ", \"suppressed\": %s, \"related\": [",
		it->suppressed ? "true" : "false");
	if (dg->related.src) {
		fputc('{', out);
		json_loc(out, &dg->related);
		fputs(", \"message\": ", out);
		report_json_string(out, dg->related_msg);
		fputc('}', out);
	}
	fputs("]}", out);
}

void report_json(const struct report *r, FILE *out)
{
	unsigned int i;

	fprintf(out, "{\"tool\": \"nfcommit\", \"version\": \"%s\",\n",
		PACKAGE_VERSION);
	fputs("  \"findings\": [", out);
	for (i = 0; i < r->nitems; i++) {
		fputs(i ? ",\n" : "\n", out);
		json_item(&r->items[i], out);
	}
	fprintf(out,
		"%s],\n  \"summary\": {\"errors\": %u, \"warnings\": %u, \"notes\": %u, \"suppressed\": %u}}\n",
		r->nitems ? "\n  " : "", r->nerrors, r->nwarnings, r->nnotes,
		r->nsuppressed);
}
