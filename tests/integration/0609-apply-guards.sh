#!/bin/bash
# Rollback still restores the snapshot when someone else changed the
# ruleset during the window, and says so; only root may apply, confirm or
# roll back; the state directory is never used through a symlink or with
# loose permissions.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/apply-lib.sh"
require_nfcommit
require_legacy_ref
require_cmd setpriv
apply_setup

nfc restore "$APPLY_DATA/old.v4" || bail "loading the old ruleset failed"
before=$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')
nfc apply -t 2 "$APPLY_DATA/new.v4" </dev/null >/dev/null 2>&1 || bail "apply failed"
nsrun iptables-legacy -A INPUT -s 198.51.100.99/32 -j DROP || bail "foreign change failed"
wait_until 5 no_pending || fail "still pending after the window"
assert_eq "$before" "$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')" "the snapshot is back despite the foreign change"
assert_grep "$NFCOMMIT_STATE_DIR/lib/journal.log" "changed by someone else" "the log says the ruleset had been changed"

for cmd in "apply $APPLY_DATA/new.v4" "confirm" "rollback"; do
	# shellcheck disable=SC2086
	nsrun setpriv --reuid=nobody --regid=nogroup --clear-groups "$NFCOMMIT" $cmd </dev/null >"$TMPD/nr" 2>&1
	assert_rc 1 $? "$cmd as nobody" "$TMPD/nr"
	assert_grep "$TMPD/nr" "only root" "$cmd as nobody: says why"
done

mv "$NFCOMMIT_STATE_DIR" "$TMPD/real-state"
ln -s "$TMPD/real-state" "$NFCOMMIT_STATE_DIR"
nfc apply -t 2 "$APPLY_DATA/new.v4" </dev/null >"$TMPD/sl" 2>&1
assert_rc 4 $? "apply with a symlinked state directory" "$TMPD/sl"
assert_grep "$TMPD/sl" "symlink" "refusal names the symlink"
rm "$NFCOMMIT_STATE_DIR"
mv "$TMPD/real-state" "$NFCOMMIT_STATE_DIR"
chmod 0755 "$NFCOMMIT_STATE_DIR/lib"
nfc apply -t 2 "$APPLY_DATA/new.v4" </dev/null >"$TMPD/perm" 2>&1
assert_rc 4 $? "apply with a group/world-readable journal directory" "$TMPD/perm"
assert_grep "$TMPD/perm" "mode 0700" "refusal names the required mode"
assert_eq "$before" "$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')" "refused applies changed nothing"
finish
