#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check: a table without COMMIT is an error; exit 1.
. "$(dirname "$0")/../lib.sh"
require_check_env

f=$TMPD/nocommit.rules
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' '-A INPUT -s 192.0.2.1/32 -j ACCEPT' >"$f"
run_check nocommit -4 "$f"
assert_rc 1 "$(rc_of nocommit)" "check: missing COMMIT at end of file" "$TMPD/nocommit.all"
# Reported at the "*filter" line (1) or at the end of the input (4).
assert_grep_i "$TMPD/nocommit.all" "^$f:(1|4):[0-9]+: error: .*commit" "check: missing COMMIT diagnostic"

# A second table started before the first one was committed.
f2=$TMPD/nocommit2.rules
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' '*nat' ':PREROUTING ACCEPT [0:0]' 'COMMIT' >"$f2"
run_check nocommit2 -4 "$f2"
assert_rc 1 "$(rc_of nocommit2)" "check: table started before COMMIT" "$TMPD/nocommit2.all"
assert_grep "$TMPD/nocommit2.all" "^$f2:[0-9]+:[0-9]+: error: " "check: table started before COMMIT: diagnostic"

finish
