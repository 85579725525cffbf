#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check: a rule or chain line before any "*table" line (or after a
# COMMIT) is an error at column 1; exit 1.
. "$(dirname "$0")/../lib.sh"
require_check_env

f=$TMPD/outside.rules
printf '%s\n' '-A INPUT -s 192.0.2.1/32 -j ACCEPT' '*filter' ':INPUT ACCEPT [0:0]' 'COMMIT' \
	':late - [0:0]' >"$f"
run_check outside -4 "$f"
assert_rc 1 "$(rc_of outside)" "check: rule outside a table" "$TMPD/outside.all"
assert_diag "$TMPD/outside.all" "$f:1:1: error:" '-A INPUT -s 192.0.2.1/32 -j ACCEPT' 1 \
	"check: rule outside a table on line 1"
assert_grep "$TMPD/outside.all" "^$f:5:1: error: " "check: chain line after COMMIT (line 5)"

finish
