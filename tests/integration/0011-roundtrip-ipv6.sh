#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# IPv6 restore -> save round trip against the reference legacy tools.
. "$(dirname "$0")/../lib.sh"
require_legacy_ref 6
require_nfcommit

for f in "$TESTS_DIR"/data/roundtrip/ipv6-*.rules; do
	roundtrip_check 6 "$f" "$(basename "$f")"
done

gen=$TMPD/generated-ipv6.rules
awk 'BEGIN {
	print "*filter"
	print ":INPUT ACCEPT [0:0]"; print ":FORWARD DROP [0:0]"; print ":OUTPUT ACCEPT [0:0]"
	for (c = 0; c < 50; c++) printf ":v6-%02d - [0:0]\n", c
	for (c = 0; c < 50; c++) printf "-A INPUT -s 2001:db8:%x::/48 -j v6-%02d\n", c, c
	for (i = 0; i < 1000; i++)
		printf "-A v6-%02d -s 2001:db8:%x::%x/128 -p udp -m udp --dport %d -j %s\n",
			i % 50, i % 50, i + 1, 2000 + i, (i % 2 ? "ACCEPT" : "DROP")
	print "COMMIT"
}' >"$gen"
roundtrip_check 6 "$gen" "generated 1000-rule IPv6 ruleset"

# -4 and -6 select the family: an IPv6 file through -4 must fail, and an
# IPv6 load must leave the IPv4 tables alone.
in_netns '
	run_capture fam-wrong "$NFCOMMIT" restore -4 --backend=legacy <"'"$TESTS_DIR"'/data/roundtrip/ipv6-filter.rules"
	save_state 4 "$TMPD/fam-wrong.v4"
'
assert_rc 2 "$(rc_of fam-wrong)" "IPv6 addresses loaded with -4" "$TMPD/fam-wrong.err"
assert_no_grep "$TMPD/fam-wrong.v4" '^-A ' "IPv4 tables after a rejected -4 load of an IPv6 file"

finish
