// SPDX-License-Identifier: GPL-2.0-or-later
#include "check.h"
#include "check_run.h"

int check_load(struct nfc_load *l, const struct load_opts *lo,
	       struct nfc_diags *d)
{
	int ret = load_parse_script(l, lo, d);

	if (ret == 0)
		ret = check_build_lint(l, lo, d);
	if (ret == 0 && d->nerrors)
		ret = NFC_EXIT_FAIL;
	return ret;
}
