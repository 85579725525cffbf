#!/bin/bash
# One pending transaction per host: a second apply fails at once (exit 4),
# naming the pending one, and changes nothing.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/apply-lib.sh"
require_nfcommit
require_legacy_ref
apply_setup

nfc restore "$APPLY_DATA/old.v4" || bail "loading the old ruleset failed"
nfc apply -t 30 "$APPLY_DATA/new.v4" </dev/null >/dev/null 2>&1 || bail "first apply failed"
id=$(pending_field id)
mid=$(live)
start=$(now_ms)
nfc apply -t 30 "$APPLY_DATA/old.v4" </dev/null >"$TMPD/second" 2>&1
rc=$?
took=$(( $(now_ms) - start ))
assert_rc 4 $rc "second apply" "$TMPD/second"
assert_grep "$TMPD/second" "$id" "the refusal names the pending transaction"
assert_grep "$TMPD/second" "new.v4" "the refusal names its files"
assert_grep "$TMPD/second" "started by root" "the refusal names who started it"
[ "$took" -lt 2000 ] || fail "second apply took ${took} ms to fail"
assert_eq "$mid" "$(live)" "the second apply changed nothing"
nfc rollback >/dev/null 2>&1
finish
