#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check: a jump (-j) or goto (-g) to a chain that is not declared in
# the same table is an error at the chain name; exit 1.
. "$(dirname "$0")/../lib.sh"
require_check_env

f=$TMPD/undef.rules
cat >"$f" <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:known - [0:0]
-A INPUT -j known
-A INPUT -s 192.0.2.1/32 -j nosuchchain
-A FORWARD -g missing-goto
-A OUTPUT -j natonly
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:natonly - [0:0]
-A POSTROUTING -j natonly
COMMIT
R
run_check undef -4 "$f"
assert_rc 1 "$(rc_of undef)" "check: jumps to undefined chains" "$TMPD/undef.all"
assert_diag "$TMPD/undef.all" "$f:7:$(col_of "$f" 7 nosuchchain): error:" \
	"$(sed -n 7p "$f")" "$(col_of "$f" 7 nosuchchain)" "check: -j nosuchchain (line 7)"
assert_diag "$TMPD/undef.all" "$f:8:$(col_of "$f" 8 missing-goto): error:" \
	"$(sed -n 8p "$f")" "$(col_of "$f" 8 missing-goto)" "check: -g missing-goto (line 8)"
assert_grep "$TMPD/undef.all" "^$f:9:[0-9]+: error: " \
	"check: -j natonly in filter, declared only in nat (line 9)"
assert_no_grep "$TMPD/undef.all" "^$f:(6|17):" "check: jumps to declared chains are fine"

finish
