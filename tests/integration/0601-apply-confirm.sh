#!/bin/bash
# confirm from another process keeps the new rules past the deadline, and
# --persist writes them atomically for boot, keeping the previous file.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/apply-lib.sh"
require_nfcommit
require_legacy_ref
apply_setup

nfc restore "$APPLY_DATA/old.v4" || bail "loading the old ruleset failed"
mkdir -p "$TMPD/etc"
RULES_V4=$TMPD/etc/rules.v4
printf 'RULES_V4=%s\nRULES_V6=\nSAVE_GENERATIONS=2\n' "$RULES_V4" >"$TMPD/etc/nfcommit.conf"
export NFCOMMIT_CONF=$TMPD/etc/nfcommit.conf
cp "$APPLY_DATA/old.v4" "$RULES_V4"

nfc apply -t 2 --persist "$APPLY_DATA/new.v4" </dev/null >"$TMPD/out" 2>&1
assert_rc 0 $? "apply" "$TMPD/out"
id=$(pending_field id)
nfc confirm "$id" >"$TMPD/confirm" 2>&1
assert_rc 0 $? "confirm" "$TMPD/confirm"
sleep 3
live | grep -q -- "-A INPUT -s 198.51.100.8/32 -j ACCEPT" || fail "the new rules did not stay after the deadline"
assert_eq "confirmed" "$(last_state)" "the last outcome is confirmed"
# The boot file now holds the confirmed (live) ruleset, as save writes it.
assert_eq "$(live | grep -v '^\*raw' | sed -n '/^\*filter/,/^COMMIT/p')" \
	"$(grep -v '^#' "$RULES_V4" | sed -n '/^\*filter/,/^COMMIT/p')" "--persist saved the confirmed ruleset"
assert_files_eq "$APPLY_DATA/old.v4" "$RULES_V4.1" "the previous generation is kept"
[ "$(stat -c %a "$RULES_V4")" = 600 ] || fail "persisted file mode is not 0600"

# Confirming again, or a wrong id, fails clearly.
nfc confirm "$id" >"$TMPD/again" 2>&1
assert_rc 1 $? "confirm with nothing pending" "$TMPD/again"
assert_grep "$TMPD/again" "no transaction is pending" "says nothing is pending"
finish
