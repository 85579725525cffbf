#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# --test (-t): parse and check only, never commit.  Exit 0 for a valid input,
# 2 for a bad one; the kernel state is unchanged either way.
. "$(dirname "$0")/../lib.sh"
require_legacy_ref 46
require_nfcommit

good4=$TESTS_DIR/data/roundtrip/ipv4-filter.rules
good6=$TESTS_DIR/data/roundtrip/ipv6-filter.rules

expect_unchanged 4 "$good4" t1 "-t with a valid IPv4 file" -t
assert_rc 0 "$(rc_of t1)" "-t with a valid IPv4 file" "$TMPD/t1.err"

expect_unchanged 4 "$TESTS_DIR/data/roundtrip/ipv4-mangle-raw.rules" t2 "--test with a valid IPv4 file" --test
assert_rc 0 "$(rc_of t2)" "--test with a valid IPv4 file" "$TMPD/t2.err"

expect_unchanged 6 "$good6" t3 "-t with a valid IPv6 file" -t
assert_rc 0 "$(rc_of t3)" "-t with a valid IPv6 file" "$TMPD/t3.err"

expect_unchanged 4 "$good4" t4 "-t -n with a valid file" -t -n
assert_rc 0 "$(rc_of t4)" "-t -n with a valid file" "$TMPD/t4.err"

printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' '-A INPUT -s 192.0.2.1/32 -j ACCEPT' \
	'-A INPUT -p tcp --dport 99999 -j ACCEPT' 'COMMIT' >"$TMPD/bad.rules"
expect_unchanged 4 "$TMPD/bad.rules" t5 "-t with a bad port on line 4" -t
assert_rc 2 "$(rc_of t5)" "-t with a bad port on line 4" "$TMPD/t5.err"
assert_grep "$TMPD/t5.err" '^<stdin>:4:[0-9]+: error:' "-t with a bad port: diagnostic for line 4"

# Rejected only by the kernel at commit time: a test run cannot know it
# (the reference says 0); it may say 0 or 1, but must not change anything.
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' ':FORWARD ACCEPT [0:0]' ':OUTPUT ACCEPT [0:0]' \
	'-A INPUT -p tcp -j REDIRECT --to-ports 1' 'COMMIT' >"$TMPD/kern.rules"
expect_unchanged 4 "$TMPD/kern.rules" t6 "-t with a kernel-rejected rule" -t
assert_rc_in "0 1" "$(rc_of t6)" "-t with a kernel-rejected rule"

# In a fresh namespace, -t creates no rule, chain or policy.
in_netns '
	run_capture t7 "$NFCOMMIT" restore -4 --backend=legacy -t <"'"$good4"'"
	save_state 4 "$TMPD/t7.after"
'
assert_rc 0 "$(rc_of t7)" "-t in a fresh namespace" "$TMPD/t7.err"
assert_no_grep "$TMPD/t7.after" '^-A |DROP|^:(LOGDROP|ssh-in)' "-t in a fresh namespace leaves no trace"

finish
