// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The staged layout's plan as text (nft_stage.h): what apply writes to
 * the journal comes back the same, and damaged text is refused.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter.h>

#include "nft_stage.h"
#include "unit.h"

static uint64_t newh[] = {14, 13}, oldh[] = {6, 7};

static struct nft_stage *sample(void)
{
	static struct nft_stage_chain c[3];
	static struct nft_stage_table t[2];
	static struct nft_stage st;

	c[0] = (struct nft_stage_chain){.kind = NFT_STAGE_BASE,
					.name = "INPUT",
					.old_policy = NF_DROP,
					.old_counters = true,
					.old_pkts = 7,
					.old_bytes = 700,
					.nnew = 2,
					.newh = newh,
					.marker = 12,
					.nold = 2,
					.oldh = oldh};
	c[1] = (struct nft_stage_chain){.kind = NFT_STAGE_USER_NEW,
					.name = "a chain nft named with blanks",
					.aside = "nfc-1-SSH",
					.handle = 10};
	c[2] = (struct nft_stage_chain){.kind = NFT_STAGE_INERT,
					.name = "FORWARD",
					.old_policy = NF_ACCEPT,
					.marker = 15};
	t[0] = (struct nft_stage_table){
		.nfproto = NFPROTO_IPV4, .name = "filter", .c = c, .n = 3};
	t[1] = (struct nft_stage_table){
		.nfproto = NFPROTO_IPV6, .name = "raw", .created = true};
	st = (struct nft_stage){.genid = 4242,
				.collected = true,
				.marker = "nfcommit: marker text",
				.t = t,
				.n = 2};
	return &st;
}

static void roundtrip(void)
{
	struct nft_stage *st = sample(), *back = NULL;
	char *text = NULL, *again = NULL;
	size_t len = 0, len2 = 0;

	CHECK(nft_stage_format(st, &text, &len) == 0);
	CHECK(nft_stage_parse(text, len, &back) == 0);
	if (!back) {
		free(text);
		return;
	}
	CHECK(back->genid == 4242 && back->collected && back->n == 2);
	CHECK_STR(back->marker, "nfcommit: marker text");
	CHECK_STR(back->t[0].name, "filter");
	CHECK(back->t[0].n == 3 && !back->t[0].created);
	CHECK(back->t[1].created && back->t[1].nfproto == NFPROTO_IPV6);
	CHECK(back->t[0].c[0].nnew == 2 && back->t[0].c[0].newh[1] == 13);
	CHECK(back->t[0].c[0].nold == 2 && back->t[0].c[0].oldh[0] == 6);
	CHECK(back->t[0].c[0].old_pkts == 7 &&
	      back->t[0].c[0].old_bytes == 700);
	CHECK(back->t[0].c[0].old_policy == NF_DROP &&
	      back->t[0].c[0].marker == 12);
	CHECK_STR(back->t[0].c[1].name, "a chain nft named with blanks");
	CHECK_STR(back->t[0].c[1].aside, "nfc-1-SSH");
	CHECK(back->t[0].c[1].handle == 10);
	CHECK(back->t[0].c[2].kind == NFT_STAGE_INERT &&
	      back->t[0].c[2].aside[0] == '\0');
	/* and the text of what came back is the same text */
	CHECK(nft_stage_format(back, &again, &len2) == 0);
	CHECK(len2 == len && again && memcmp(again, text, len) == 0);
	nft_stage_free(back);
	free(again);
	free(text);
}

static void damaged(void)
{
	struct nft_stage *st = sample(), *back = NULL;
	char *text = NULL;
	const char *bad;
	size_t len = 0, cut;

	CHECK(nft_stage_format(st, &text, &len) == 0);
	/* every cut short of the whole text is refused */
	for (cut = 0; cut < len; cut++) {
		CHECK(nft_stage_parse(text, cut, &back) != 0);
		nft_stage_free(back);
		back = NULL;
	}
	text[0] = 'X'; /* not a plan */
	CHECK(nft_stage_parse(text, len, &back) == -EINVAL && !back);
	free(text);
	/* a chain of no known kind */
	bad = "nfcommit-stage 1\ngenid 1 1\nmarker m\ntable 2 0 1 filter\n"
	      "chain 9 0 0 0 0 0 0 - X\nnew 0\nold 0\nend\n";
	CHECK(nft_stage_parse(bad, strlen(bad), &back) != 0 && !back);
	nft_stage_free(back);
}

int main(void)
{
	roundtrip();
	damaged();
	return unit_report("test_nft_stage");
}
