#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check, run as an unprivileged user with no namespace: clean files
# give no finding and exit 0.  Several files at once are fine too.
. "$(dirname "$0")/../lib.sh"
require_check_env

for f in "$TESTS_DIR"/data/roundtrip/ipv4-*.rules; do
	cp "$f" "$TMPD/"
	g=$TMPD/$(basename "$f")
	run_check clean4 -4 "$g"
	assert_rc 0 "$(rc_of clean4)" "check -4 $(basename "$f")" "$TMPD/clean4.all"
	# The round-trip data keeps `-m state' on purpose: NFC020 (old
	# spelling) is the one finding allowed here; 03xx tests it.
	grep -v '\[NFC020\]' "$TMPD/clean4.all" >"$TMPD/clean4.rest"
	assert_no_grep "$TMPD/clean4.rest" ': (error|warning): ' "check -4 $(basename "$f"): no finding"
done
for f in "$TESTS_DIR"/data/roundtrip/ipv6-*.rules; do
	cp "$f" "$TMPD/"
	g=$TMPD/$(basename "$f")
	run_check clean6 -6 "$g"
	assert_rc 0 "$(rc_of clean6)" "check -6 $(basename "$f")" "$TMPD/clean6.all"
	assert_no_grep "$TMPD/clean6.all" ': (error|warning): ' "check -6 $(basename "$f"): no finding"
done

# No -4/-6: IPv4 is the default.
run_check default "$TMPD/ipv4-filter.rules"
assert_rc 0 "$(rc_of default)" "check without -4/-6 on an IPv4 file" "$TMPD/default.all"

# Several files at once.
run_check many -4 "$TMPD"/ipv4-*.rules
assert_rc 0 "$(rc_of many)" "check -4 with several clean files" "$TMPD/many.all"

# Shapes that are NOT loops: a diamond, a chain reached twice, RETURN.
cat >"$TMPD/diamond.rules" <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:a - [0:0]
:b - [0:0]
:c - [0:0]
:d - [0:0]
-A INPUT -j a
-A INPUT -j d
-A a -j b
-A a -g c
-A b -j d
-A c -j d
-A d -j RETURN
-A FORWARD -j d
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:a - [0:0]
-A POSTROUTING -j a
COMMIT
R
run_check diamond -4 "$TMPD/diamond.rules"
assert_rc 0 "$(rc_of diamond)" "check: a diamond of chains is not a loop" "$TMPD/diamond.all"
assert_no_grep "$TMPD/diamond.all" ': (error|warning): ' "check: a diamond of chains: no finding"

# A large clean file stays fast.
{ echo '*filter'; echo ':INPUT ACCEPT [0:0]'; echo ':FORWARD ACCEPT [0:0]'; echo ':OUTPUT ACCEPT [0:0]'
  seq -f ':c%05g - [0:0]' 1 20000
  seq 1 19999 | awk '{ printf "-A c%05d -j c%05d\n", $1, $1 + 1 }'
  echo '-A INPUT -j c00001'; echo COMMIT; } >"$TMPD/chainchain.rules"
RUN_TIMEOUT=30 run_check big -4 "$TMPD/chainchain.rules"
assert_rc 0 "$(rc_of big)" "check: 20000 chains jumping in a line (deep, no loop)" "$TMPD/big.all"

finish
