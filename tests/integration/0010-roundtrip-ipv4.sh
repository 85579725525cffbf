#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# IPv4 restore -> save round trip against the reference legacy tools: every
# tests/data/roundtrip/ipv4-*.rules file plus a generated large ruleset.
. "$(dirname "$0")/../lib.sh"
require_legacy_ref 4
require_nfcommit

for f in "$TESTS_DIR"/data/roundtrip/ipv4-*.rules; do
	roundtrip_check 4 "$f" "$(basename "$f")"
done

# A generated ruleset: 200 user chains, 3000 rules, jumps between chains.
gen=$TMPD/generated-ipv4.rules
awk 'BEGIN {
	print "*filter"
	print ":INPUT ACCEPT [0:0]"; print ":FORWARD DROP [0:0]"; print ":OUTPUT ACCEPT [0:0]"
	for (c = 0; c < 200; c++) printf ":chain-%03d - [0:0]\n", c
	for (c = 0; c < 200; c++) printf "-A INPUT -s 192.0.2.%d/32 -j chain-%03d\n", c, c
	for (i = 0; i < 2800; i++)
		printf "-A chain-%03d -s 198.51.100.%d/32 -p tcp -m tcp --dport %d -j %s\n",
			i % 200, i % 256, 1000 + i, (i % 3 ? "ACCEPT" : "DROP")
	print "COMMIT"
}' >"$gen"
roundtrip_check 4 "$gen" "generated 3000-rule IPv4 ruleset"

finish
