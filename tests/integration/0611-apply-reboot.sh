#!/bin/bash
# The machine goes down while a transaction is pending, with the boot file
# itself edited and applied: at boot, nfcommit boot loads the boot file as
# it was before the apply, never the unconfirmed rules, and the journal
# records the transaction as rolled back.  A reboot is a new namespace
# (empty kernel tables) with the journal kept.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/apply-lib.sh"
require_nfcommit
require_legacy_ref
apply_setup

mkdir -p "$TMPD/etc"
RULES_V4=$TMPD/etc/rules.v4
printf 'RULES_V4=%s\nRULES_V6=\nBACKEND=%s\n' "$RULES_V4" "$APPLY_BACKEND" >"$TMPD/etc/nfcommit.conf"
export NFCOMMIT_CONF=$TMPD/etc/nfcommit.conf
cp "$APPLY_DATA/old.v4" "$RULES_V4"
nfc boot >"$TMPD/boot1" 2>&1 || { show_file boot1 "$TMPD/boot1"; bail "first boot failed"; }
before=$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')

# The operator edits the boot file in place and applies it.
cp "$APPLY_DATA/new.v4" "$RULES_V4"
nfc apply -t 60 "$RULES_V4" </dev/null >/dev/null 2>&1 || bail "apply failed"
kill -9 "$(pending_field guardian)"

# Power loss: the kernel state is gone, the journal stays.
ip netns del "$NS"
ip netns add "$NS"
nfc boot >"$TMPD/boot2" 2>&1
assert_rc 0 $? "boot after the crash" "$TMPD/boot2"
assert_grep "$TMPD/boot2" "never confirmed" "boot says why it loads other rules"
assert_eq "$before" "$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')" "boot loaded the rules from before the unconfirmed apply"
no_pending || fail "the transaction is still pending after boot"
assert_eq "rolled-back" "$(last_state)" "journal: rolled back"
assert_grep "$NFCOMMIT_STATE_DIR/lib/last" "restarted before it was confirmed" "journal: the reason"
finish
