#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# --noflush (-n): existing rules and chains stay, the input adds to them; a
# declared existing user chain is flushed, a policy line changes the policy;
# tables absent from the input are untouched.  Compared with the reference.
. "$(dirname "$0")/../lib.sh"
require_legacy_ref 46
require_nfcommit

preload_rules 4 >"$TMPD/pre4.rules"
preload_rules 6 >"$TMPD/pre6.rules"

cat >"$TMPD/add4.rules" <<'R'
*filter
:FORWARD ACCEPT [0:0]
:added - [0:0]
-A INPUT -s 192.0.2.50/32 -j added
-A added -p udp -m udp --dport 53 -j ACCEPT
-I INPUT 1 -s 192.0.2.51/32 -j DROP
COMMIT
*mangle
-A POSTROUTING -o eth0 -j TTL --ttl-set 63
COMMIT
R

cat >"$TMPD/redeclare4.rules" <<'R'
*filter
:pre-existing - [0:0]
-A pre-existing -p tcp -m tcp --dport 443 -j ACCEPT
COMMIT
R

cat >"$TMPD/add6.rules" <<'R'
*filter
:added6 - [0:0]
-A INPUT -s 2001:db8:50::/48 -j added6
-A added6 -j ACCEPT
COMMIT
R

compare_with_ref 4 "$TMPD/add4.rules" "v4 -n adds rules, chain, policy" "-n" "" "$TMPD/pre4.rules"
compare_with_ref 4 "$TMPD/add4.rules" "v4 --noflush (long option)" "-n" "" "$TMPD/pre4.rules" "--noflush"
compare_with_ref 4 "$TMPD/redeclare4.rules" "v4 -n re-declared user chain" "-n" "" "$TMPD/pre4.rules"
compare_with_ref 6 "$TMPD/add6.rules" "v6 -n adds rules and chain" "-n" "" "$TMPD/pre6.rules"
compare_with_ref 4 "$TMPD/add4.rules" "v4 without -n replaces the tables" "" "" "$TMPD/pre4.rules"

# Independent check: with -n, the old rule is still there, before the new one.
f="$TMPD/v4 -n adds rules, chain, policy.kern"
if [ -f "$f" ]; then
	assert_grep "$f" '^-A INPUT -s 198\.51\.100\.99/32 -j pre-existing$' "-n keeps the existing INPUT rule"
	assert_grep "$f" '^-A INPUT -s 192\.0\.2\.50/32 -j added$' "-n appends the new INPUT rule"
	assert_grep "$f" '^-A POSTROUTING -s 198\.51\.100\.99/32 -j MASQUERADE$' "-n leaves the nat table alone"
fi

finish
