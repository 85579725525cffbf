#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check: "*bogus" (a table iptables does not have) is an error; exit 1.
# filter, nat, mangle, raw and security are known for both families.
. "$(dirname "$0")/../lib.sh"
require_check_env

f=$TMPD/unknown.rules
printf '%s\n' '*bogus' ':INPUT ACCEPT [0:0]' 'COMMIT' >"$f"
run_check unknown -4 "$f"
assert_rc 1 "$(rc_of unknown)" "check: unknown table" "$TMPD/unknown.all"
# The caret may be under the "*" or under the name.
assert_grep "$TMPD/unknown.all" "^$f:1:(1|2): error: " "check: unknown table reported on line 1"

f6=$TMPD/unknown6.rules
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' 'COMMIT' '*broute' ':BROUTING ACCEPT [0:0]' 'COMMIT' >"$f6"
run_check unknown6 -6 "$f6"
assert_rc 1 "$(rc_of unknown6)" "check -6: unknown table broute" "$TMPD/unknown6.all"
assert_grep "$TMPD/unknown6.all" "^$f6:4:(1|2): error: " "check -6: unknown table reported on line 4"

k=$TMPD/known.rules
printf '%s\n' '*security' ':INPUT ACCEPT [0:0]' ':FORWARD ACCEPT [0:0]' ':OUTPUT ACCEPT [0:0]' 'COMMIT' \
	'*raw' ':PREROUTING ACCEPT [0:0]' ':OUTPUT ACCEPT [0:0]' 'COMMIT' >"$k"
run_check known4 -4 "$k"
assert_rc 0 "$(rc_of known4)" "check -4: security and raw are known tables" "$TMPD/known4.all"
run_check known6 -6 "$k"
assert_rc 0 "$(rc_of known6)" "check -6: security and raw are known tables" "$TMPD/known6.all"

finish
