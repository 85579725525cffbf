// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --format=sarif: a SARIF 2.1.0 log with one run.  The driver lists every
 * finding of the catalogue as a rule (ID, name, sentence, example, default
 * level), each finding is a result pointing at its rule, and a
 * suppression comment turns into an in-source suppression rather than a
 * missing result.  Problems that are no finding (an unreadable file) are
 * tool execution notifications of the invocation.  Columns are counted
 * in UTF-16 code units, SARIF's default.
 */
#include <ctype.h>
#include <string.h>

#include "config.h"
#include "finding.h"
#include "report.h"

#define HELP_MAX 512
#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* A file name as a URI reference: relative names stay relative (GitHub
 * resolves them against the repository), absolute ones become file URIs. */
static void uri(FILE *out, const char *name)
{
	const unsigned char *p = (const unsigned char *)name;

	fputc('"', out);
	if (*p == '/')
		fputs("file://", out);
	for (; *p; p++) {
		if (isalnum(*p) || strchr("-._~/", *p))
			fputc(*p, out);
		else
			fprintf(out, "%%%02X", *p);
	}
	fputc('"', out);
}

static void physical(const struct report *r, const struct nfc_loc *loc,
		     FILE *out)
{
	unsigned int col, end;

	fputs("{\"artifactLocation\": {\"uri\": ", out);
	uri(out, loc->src->name);
	fputc('}', out);
	if (loc->line) {
		col = report_utf16_col(r, loc, loc->col ? loc->col : 1);
		end = report_utf16_col(r, loc,
				       (loc->col ? loc->col : 1) +
					       (loc->len ? loc->len : 1));
		fprintf(out,
			", \"region\": {\"startLine\": %u, \"startColumn\": %u, \"endColumn\": %u}",
			loc->line, col, end > col ? end : col + 1);
	}
	fputc('}', out);
}

static void message(FILE *out, const char *text)
{
	fputs("{\"text\": ", out);
	report_json_string(out, text && *text ? text : "(no message)");
	fputc('}', out);
}

static void rules(FILE *out)
{
	char help[HELP_MAX];
	unsigned int i;

	for (i = 1; i < NFC_F_COUNT; i++) {
		const struct finding_info *fi = finding_info(i);

		fputs(i > 1 ? ",\n" : "\n", out);
		fputs("        {\"id\": ", out);
		report_json_string(out, fi->id);
		fputs(", \"name\": ", out);
		report_json_string(out, fi->name);
		fputs(", \"shortDescription\": ", out);
		message(out, fi->summary);
		fputs(", \"fullDescription\": ", out);
		message(out, fi->summary);
		snprintf(help, sizeof(help), "Example:\n%s", fi->example);
		fputs(", \"help\": ", out);
		message(out, help);
		/* SARIF's levels are named as our severities are. */
		fprintf(out,
			", \"defaultConfiguration\": {\"level\": \"%s\"}}",
			severity_name(fi->severity));
	}
}

static void result(const struct report *r, const struct report_item *it,
		   FILE *out, bool first)
{
	const struct nfc_diag *dg = it->dg;
	const struct finding_info *fi = finding_info(dg->code);

	fputs(first ? "\n" : ",\n", out);
	fputs("        {\"ruleId\": ", out);
	report_json_string(out, fi->id);
	fprintf(out, ", \"ruleIndex\": %u, \"level\": \"%s\", \"message\": ",
		dg->code - 1, severity_name(dg->severity));
	message(out, dg->msg);
	if (dg->loc.src) {
		fputs(", \"locations\": [{\"physicalLocation\": ", out);
		physical(r, &dg->loc, out);
		fputs("}]", out);
	}
	if (dg->related.src) {
		fputs(", \"relatedLocations\": [{\"id\": 0, \"message\": ",
		      out);
		message(out, dg->related_msg);
		fputs(", \"physicalLocation\": ", out);
		physical(r, &dg->related, out);
		fputs("}]", out);
	}
	if (it->suppressed)
		fputs(", \"suppressions\": [{\"kind\": \"inSource\"}]", out);
	fputc('}', out);
}

void report_sarif(const struct report *r, FILE *out)
{
	unsigned int i, nres = 0, nnote = 0;
	bool ok = true;

	fputs("{\n  \"$schema\": \"" SARIF_SCHEMA "\",\n"
	      "  \"version\": \"2.1.0\",\n  \"runs\": [{\n", out);
	fprintf(out,
		"    \"tool\": {\"driver\": {\"name\": \"nfcommit\", \"version\": \"%s\", \"semanticVersion\": \"%s\", \"rules\": [",
		PACKAGE_VERSION, PACKAGE_VERSION);
	rules(out);
	fputs("]}},\n    \"invocations\": [{\"toolExecutionNotifications\": [",
	      out);
	for (i = 0; i < r->nitems; i++) {
		const struct nfc_diag *dg = r->items[i].dg;

		if (finding_info(dg->code))
			continue;
		if (dg->severity == NFC_ERROR)
			ok = false;
		fputs(nnote++ ? ",\n" : "\n", out);
		fprintf(out, "        {\"level\": \"%s\", \"message\": ",
			severity_name(dg->severity));
		message(out, dg->msg);
		if (dg->loc.src) {
			fputs(", \"locations\": [{\"physicalLocation\": ", out);
			physical(r, &dg->loc, out);
			fputs("}]", out);
		}
		fputc('}', out);
	}
	fprintf(out, "], \"executionSuccessful\": %s}],\n",
		ok ? "true" : "false");
	fputs("    \"columnKind\": \"utf16CodeUnits\",\n    \"results\": [",
	      out);
	for (i = 0; i < r->nitems; i++) {
		if (!finding_info(r->items[i].dg->code))
			continue;
		result(r, &r->items[i], out, nres++ == 0);
	}
	fputs("]\n  }]\n}\n", out);
}
