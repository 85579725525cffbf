#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check NFC011: rules after a rule with no condition whose target
# ends the chain; the near miss has catch-all rules that do not end it.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/check-lib.sh"
require_check_env

check_expect_all 'NFC011-*'
# The shadowing rule is the second location.
assert_grep "$TMPD/NFC011-unreachable.bad.v4.err" \
	"^$TMPD/NFC011-unreachable.bad.v4:7:1: note: this rule has no condition" \
	"NFC011: the catch-all rule as the related location"

finish
