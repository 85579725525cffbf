#!/bin/bash
# panic during an apply window ends the transaction without a rollback:
# the guardian's timer must never reopen a firewall someone panicked.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/apply-lib.sh"
require_nfcommit
require_legacy_ref
apply_setup
printf 'RULES_V4=\nRULES_V6=\n' >"$TMPD/nfcommit.conf"
export NFCOMMIT_CONF=$TMPD/nfcommit.conf

nfc restore "$APPLY_DATA/old.v4" || bail "loading the old ruleset failed"
nfc apply -t 2 "$APPLY_DATA/new.v4" </dev/null >/dev/null 2>&1 || bail "apply failed"
nfc panic >"$TMPD/panic" 2>&1
assert_rc 0 $? "panic" "$TMPD/panic"
assert_grep "$TMPD/panic" "ended without a rollback" "panic says what became of the transaction"
panicked=$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')
sleep 3
assert_eq "$panicked" "$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')" "the panic ruleset stays past the old deadline"
assert_eq "superseded" "$(last_state)" "journal: superseded"
no_pending || fail "still pending after panic"
finish
