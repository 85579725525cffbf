#!/bin/bash
# IPv4 and IPv6 in one transaction: both change together and both come back.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/apply-lib.sh"
require_nfcommit
require_legacy_ref
apply_setup

nfc restore -4 "$APPLY_DATA/old.v4" -6 "$APPLY_DATA/old.v6" || bail "loading the old rulesets failed"
b4=$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')
b6=$(nsrun "$IP6T_SAVE" -t filter | grep -v '^#')
nfc apply -t 2 -4 "$APPLY_DATA/new.v4" -6 "$APPLY_DATA/new.v6" </dev/null >"$TMPD/o" 2>&1
assert_rc 0 $? "dual-stack apply" "$TMPD/o"
live -6 | grep -q "2001:db8::8/128" || fail "the new IPv6 rules are not live"
live | grep -q "198.51.100.8/32" || fail "the new IPv4 rules are not live"
wait_until 5 no_pending || fail "still pending after the window"
assert_eq "$b4" "$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')" "IPv4 filter back"
assert_eq "$b6" "$(nsrun "$IP6T_SAVE" -t filter | grep -v '^#')" "IPv6 filter back"

# A bad IPv6 file means nothing of either family is touched.
printf '*filter\n-A INPUT -s 2001:db8::zz -j DROP\nCOMMIT\n' >"$TMPD/bad.v6"
nfc apply -t 2 -4 "$APPLY_DATA/new.v4" -6 "$TMPD/bad.v6" </dev/null >"$TMPD/o2" 2>&1
assert_rc 2 $? "apply with a bad IPv6 file" "$TMPD/o2"
assert_grep "$TMPD/o2" "bad.v6:2:" "the error points into the IPv6 file"
assert_eq "$b4" "$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')" "IPv4 untouched"
no_pending || fail "a refused apply left a pending record"
finish
