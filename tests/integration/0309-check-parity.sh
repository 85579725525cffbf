#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check NFC021: with an IPv4 and an IPv6 file (check -4 F4 -6 F6,
# the IPv6 file parsed in a child process), services one family accepts
# and the other does not; each finding in its own file.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/check-lib.sh"
require_check_env

for kind in bad ok; do
	cp "$CHECK_DATA/NFC021-parity.$kind.v4" "$CHECK_DATA/NFC021-parity.$kind.v6" "$TMPD/"
	f4=$TMPD/NFC021-parity.$kind.v4
	f6=$TMPD/NFC021-parity.$kind.v6
	run_check "par-$kind" -4 "$f4" -6 "$f6"
	exp=$( (sed -n "s|^# expect: \\([0-9]*:[0-9]*\\) \\([a-z]*\\) \\(NFC[0-9]*\\).*|$f4:\\1 \\2 \\3|p" "$f4"
		sed -n "s|^# expect: \\([0-9]*:[0-9]*\\) \\([a-z]*\\) \\(NFC[0-9]*\\).*|$f6:\\1 \\2 \\3|p" "$f6") | sort)
	got=$(sed -n 's|^\([^ ]*:[0-9]*:[0-9]*\): \([a-z]*\): .* \[\(NFC[0-9]*\)\]$|\1 \2 \3|p' \
		"$TMPD/par-$kind.err" | sort)
	assert_eq "$exp" "$got" "check -4 -6 parity ($kind): findings"
	assert_rc 0 "$(rc_of "par-$kind")" "check -4 -6 parity ($kind): warnings only" "$TMPD/par-$kind.err"
done
assert_grep "$TMPD/par-bad.err" "tcp port 8080: accepted here \\(IPv4 filter INPUT\\) but by no rule of the IPv6 file" \
	"NFC021 names the port and both families"
assert_grep "$TMPD/par-bad.err" "^$TMPD/NFC021-parity.bad.v6:2:2: note: the IPv6 filter table" \
	"NFC021: the other family's table as the second location"

# Each file alone: no parity finding.
run_check par-alone -4 "$TMPD/NFC021-parity.bad.v4"
assert_no_grep "$TMPD/par-alone.err" 'NFC021' "check of one family: no parity check"
# IPv6 first works too (then the IPv4 file is the one parsed in a child).
run_check par-rev -6 "$TMPD/NFC021-parity.bad.v6" -4 "$TMPD/NFC021-parity.bad.v4"
[ "$(grep -c '\[NFC021\]' "$TMPD/par-rev.err")" -eq 3 ] ||
	fail "check -6 F6 -4 F4: the same three parity findings"
# Errors from the file parsed in the child come back with their place.
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' '-A INPUT -p tcp --dport 99999 -j ACCEPT' 'COMMIT' >"$TMPD/bad6.v6"
run_check child-err -4 "$TMPD/NFC021-parity.ok.v4" -6 "$TMPD/bad6.v6"
assert_rc 1 "$(rc_of child-err)" "check: an error in the IPv6 file" "$TMPD/child-err.err"
assert_grep "$TMPD/child-err.err" "^$TMPD/bad6.v6:3:25: error: .*\\[NFC001\\]" \
	"check: the IPv6 file's error, from the child, with its place and ID"

finish
