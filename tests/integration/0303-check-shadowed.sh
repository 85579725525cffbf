#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check NFC012: rules shadowed by an earlier rule that matches
# all they match and ends the chain, exact for addresses, interfaces,
# protocol, tcp/udp/multiport ports and conntrack state; other matches on
# the earlier rule are never taken as proof.  IPv4 and IPv6.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/check-lib.sh"
require_check_env

check_expect_all 'NFC012-*'
f=$TMPD/NFC012-shadowed.bad.v4
assert_grep "$f.err" "^$f:7:1: note: the shadowing rule \\(DROP\\)" \
	"NFC012: the shadowing rule as the second location, with its action"

# Big chains stay fast: 20000 rules on distinct addresses and ports, and
# 3000 rules the index cannot sort (negated addresses), which hit the work
# limit (NFC024, a note: the exit status stays 0).
{
	echo '*filter'; echo ':INPUT ACCEPT [0:0]'
	seq 0 19999 | awk '{ printf "-A INPUT -s 10.%d.%d.%d/32 -p tcp --dport %d -j ACCEPT\n", int($1/65536), int($1/256)%256, $1%256, 1 + $1 % 60000 }'
	seq 0 2999 | awk '{ printf "-A INPUT ! -s 172.16.%d.%d/32 -p udp --dport %d:%d -j DROP\n", int($1/256), $1%256, 1 + $1, 2 + $1 }'
	echo COMMIT
} >"$TMPD/big.rules"
RUN_TIMEOUT=60 run_check big -4 "$TMPD/big.rules"
assert_rc 0 "$(rc_of big)" "check: a chain of 23000 rules" "$TMPD/big.err"
assert_no_grep "$TMPD/big.err" '\[NFC01[12]\]' "check: no shadowing among distinct rules"
[ "$(grep -c '\[NFC024\]' "$TMPD/big.err")" -eq 1 ] ||
	fail "check: the work limit is reported once (NFC024)"
assert_grep "$TMPD/big.err" ': note: shadowing analysis of chain `INPUT. stops here' \
	"check: NFC024 says where the analysis stopped"

finish
