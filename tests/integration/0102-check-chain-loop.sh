#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check: chains that jump (or go) back to themselves are an error
# (the kernel would refuse the table); exit 1.
. "$(dirname "$0")/../lib.sh"
require_check_env

f=$TMPD/loop.rules
cat >"$f" <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:a - [0:0]
:b - [0:0]
:c - [0:0]
-A INPUT -j a
-A a -j b
-A b -s 192.0.2.1/32 -j c
-A c -g a
COMMIT
R
run_check loop -4 "$f"
assert_rc 1 "$(rc_of loop)" "check: loop a -> b -> c -> a" "$TMPD/loop.all"
# The finding is on one of the jumps that form the loop (lines 9-11) and
# names it as a loop or cycle.
assert_grep "$TMPD/loop.all" "^$f:(9|10|11):[0-9]+: error: " "check: loop reported on a jump of the loop"
assert_grep_i "$TMPD/loop.all" "^$f:[0-9]+:[0-9]+: error: .*(loop|cycl)" "check: loop message says loop/cycle"

f2=$TMPD/self.rules
printf '%s\n' '*mangle' ':PREROUTING ACCEPT [0:0]' ':INPUT ACCEPT [0:0]' ':FORWARD ACCEPT [0:0]' \
	':OUTPUT ACCEPT [0:0]' ':POSTROUTING ACCEPT [0:0]' ':self - [0:0]' \
	'-A PREROUTING -j self' '-A self -j self' 'COMMIT' >"$f2"
run_check self -4 "$f2"
assert_rc 1 "$(rc_of self)" "check: chain jumping to itself" "$TMPD/self.all"
assert_grep "$TMPD/self.all" "^$f2:9:[0-9]+: error: " "check: self jump reported on line 9"

# A loop not reachable from any built-in chain is still a loop.
f3=$TMPD/island.rules
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' ':x - [0:0]' ':y - [0:0]' \
	'-A x -j y' '-A y -j x' 'COMMIT' >"$f3"
run_check island -4 "$f3"
assert_rc 1 "$(rc_of island)" "check: unreachable loop x <-> y" "$TMPD/island.all"

finish
