#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check: a user-defined chain takes "-" as policy; ":mychain DROP"
# is an error on that line; exit 1.
. "$(dirname "$0")/../lib.sh"
require_check_env

f=$TMPD/policy.rules
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' ':FORWARD DROP [0:0]' ':OUTPUT ACCEPT [0:0]' \
	':mychain DROP [0:0]' '-A INPUT -j mychain' 'COMMIT' >"$f"
run_check policy -4 "$f"
assert_rc 1 "$(rc_of policy)" "check: policy on a user chain" "$TMPD/policy.all"
assert_grep "$TMPD/policy.all" "^$f:5:[0-9]+: error: " "check: policy on a user chain reported on line 5"
assert_no_grep "$TMPD/policy.all" "^$f:(2|3|4):" "check: policies of built-in chains are fine"

finish
