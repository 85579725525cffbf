#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check: a chain declared twice in one table is an error on the
# second declaration; the same name in two tables is fine.  Exit 1.
. "$(dirname "$0")/../lib.sh"
require_check_env

f=$TMPD/dup.rules
cat >"$f" <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:dup - [0:0]
-A INPUT -j dup
:dup - [0:0]
COMMIT
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:dup - [0:0]
COMMIT
R
run_check dup -4 "$f"
assert_rc 1 "$(rc_of dup)" "check: duplicate chain" "$TMPD/dup.all"
assert_diag "$TMPD/dup.all" "$f:7:$(col_of "$f" 7 dup): error:" ":dup - [0:0]" "$(col_of "$f" 7 dup)" \
	"check: duplicate chain reported on line 7, at the name"
assert_no_grep "$TMPD/dup.all" "^$f:(5|15):" "check: first declaration and same name in another table are fine"

finish
