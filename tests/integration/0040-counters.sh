#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Counters: `restore -c` loads the policy [p:b] and the rule [p:b] prefixes,
# `save -c` prints them; without -c they are zero / not printed.  Every
# combination is compared with the reference tools.
. "$(dirname "$0")/../lib.sh"
require_legacy_ref 46
require_nfcommit

cat >"$TMPD/c4.rules" <<'R'
*filter
:INPUT ACCEPT [10:1000]
:FORWARD DROP [20:2000]
:OUTPUT ACCEPT [30:3000]
:user - [0:0]
[5:300] -A INPUT -s 192.0.2.1/32 -j ACCEPT
[7:700] -A INPUT -j user
[123456789012:98765432109876] -A user -p tcp -m tcp --dport 80 -j ACCEPT
-A user -j RETURN
COMMIT
*mangle
:PREROUTING ACCEPT [18446744073709551615:18446744073709551615]
:INPUT ACCEPT [1:1]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [2:2]
:POSTROUTING ACCEPT [3:3]
[4:4] -A PREROUTING -s 198.51.100.1/32 -j MARK --set-xmark 0x1/0xffffffff
COMMIT
R

cat >"$TMPD/c6.rules" <<'R'
*filter
:INPUT DROP [99:9999]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [1:40]
[42:4200] -A INPUT -s 2001:db8::/32 -j ACCEPT
[1:1] -A INPUT -p ipv6-icmp -j ACCEPT
COMMIT
R

compare_with_ref 4 "$TMPD/c4.rules" "v4 restore -c, save -c" "-c" "-c"
compare_with_ref 4 "$TMPD/c4.rules" "v4 restore --counters, save -c" "-c" "-c" "" "--counters"
compare_with_ref 4 "$TMPD/c4.rules" "v4 restore -c, save (no -c)" "-c" ""
compare_with_ref 4 "$TMPD/c4.rules" "v4 restore (no -c), save -c" "" "-c"
compare_with_ref 6 "$TMPD/c6.rules" "v6 restore -c, save -c" "-c" "-c"
compare_with_ref 6 "$TMPD/c6.rules" "v6 restore (no -c), save --counters" "" "-c"

# Explicit value checks, independent of the reference.
grep -q '^:INPUT ACCEPT \[10:1000\]$' "$TMPD/v4 restore -c, save -c.save" ||
	fail "save -c: policy counters [10:1000] of INPUT not printed"
grep -q '^\[123456789012:98765432109876\] -A user -p tcp -m tcp --dport 80 -j ACCEPT$' \
	"$TMPD/v4 restore -c, save -c.save" || fail "save -c: 64-bit rule counters not printed"
assert_no_grep "$TMPD/v4 restore (no -c), save -c.kern" '\[[1-9]' "restore without -c must load zero counters"

# "-c PKTS BYTES" inside a rule sets that rule's counters even without -c.
printf '%s\n' '*filter' ':INPUT ACCEPT [1:2]' '-A INPUT -s 192.0.2.9/32 -c 11 22 -j ACCEPT' 'COMMIT' >"$TMPD/setc.rules"
compare_with_ref 4 "$TMPD/setc.rules" "rule option -c 11 22, save -c" "" "-c"

# A noflush load into a namespace that has counters: existing rules keep
# theirs.  (The reference also resets the policy counters of the built-in
# chains of every table the input names; nfcommit must do the same.)
printf '%s\n' '*filter' '[3:33] -A OUTPUT -d 198.51.100.3/32 -j ACCEPT' 'COMMIT' >"$TMPD/add.rules"
compare_with_ref 4 "$TMPD/add.rules" "noflush -c over existing counters" "-n -c" "-c" "$TMPD/c4.rules"
compare_with_ref 4 "$TMPD/add.rules" "noflush (no -c) over existing counters" "-n" "-c" "$TMPD/c4.rules"

finish
