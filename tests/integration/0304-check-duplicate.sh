#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check NFC013: a rule identical to an earlier one of its chain.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/check-lib.sh"
require_check_env

check_expect_all 'NFC013-*'
f=$TMPD/NFC013-duplicate.bad.v4
assert_grep "$f.err" "^$f:5:1: note: the first copy" "NFC013: the first copy as the second location"

finish
