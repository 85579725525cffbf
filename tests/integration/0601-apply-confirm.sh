#!/bin/bash
# confirm from another process keeps the new rules past the deadline, and
# --persist writes them atomically for boot, keeping the previous file.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/apply-lib.sh"
require_nfcommit
require_legacy_ref
apply_setup

nfc restore "$APPLY_DATA/old.v4" || bail "loading the old ruleset failed"
export NFCOMMIT_RULES_V4=$TMPD/etc/rules.v4
mkdir -p "$TMPD/etc"
echo "# previous boot rules" >"$NFCOMMIT_RULES_V4"

nfc apply -t 2 --persist "$APPLY_DATA/new.v4" </dev/null >"$TMPD/out" 2>&1
assert_rc 0 $? "apply" "$TMPD/out"
id=$(pending_field id)
nfc confirm "$id" >"$TMPD/confirm" 2>&1
assert_rc 0 $? "confirm" "$TMPD/confirm"
sleep 3
live | grep -q -- "-A INPUT -s 198.51.100.8/32 -j ACCEPT" || fail "the new rules did not stay after the deadline"
assert_eq "confirmed" "$(last_state)" "the last outcome is confirmed"
assert_files_eq "$APPLY_DATA/new.v4" "$NFCOMMIT_RULES_V4" "--persist saved the applied file"
assert_grep "$NFCOMMIT_RULES_V4.1" "previous boot rules" "the previous generation is kept"
[ "$(stat -c %a "$NFCOMMIT_RULES_V4")" = 600 ] || fail "persisted file mode is not 0600"

# Confirming again, or a wrong id, fails clearly.
nfc confirm "$id" >"$TMPD/again" 2>&1
assert_rc 1 $? "confirm with nothing pending" "$TMPD/again"
assert_grep "$TMPD/again" "no transaction is pending" "says nothing is pending"
finish
