#!/bin/bash
# The guardian is killed with SIGKILL: the next nfcommit command sees the
# unconfirmed record and rolls back; confirmation is never implied.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/apply-lib.sh"
require_nfcommit
require_legacy_ref
apply_setup

nfc restore "$APPLY_DATA/old.v4" || bail "loading the old ruleset failed"
before=$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')
nfc apply -t 60 "$APPLY_DATA/new.v4" </dev/null >/dev/null 2>&1 || bail "apply failed"
g=$(pending_field guardian)
[ -n "$g" ] && [ "$g" -gt 0 ] || bail "no guardian pid in the record"
kill -9 "$g"
sleep 0.2
nfc status >"$TMPD/st" 2>&1
assert_grep "$TMPD/st" "no transaction is pending" "the next command rolled back"
assert_eq "$before" "$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')" "old filter table is back"
assert_grep "$NFCOMMIT_STATE_DIR/lib/last" "reason=.*guardian is gone" "the reason names the dead guardian"
finish
