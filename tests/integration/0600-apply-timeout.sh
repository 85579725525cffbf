#!/bin/bash
# apply without confirmation: the guardian puts the old ruleset back at the
# deadline, counters included, and the journal says so.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/apply-lib.sh"
require_nfcommit
require_legacy_ref
apply_setup

nfc restore -c <<'RULES' || bail "loading the old ruleset failed"
*filter
:INPUT ACCEPT [11:2200]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:marker - [0:0]
[5:300] -A INPUT -s 198.51.100.7/32 -j marker
[0:0] -A marker -j RETURN
COMMIT
RULES
before=$(nsrun "$IPT_SAVE" -c | grep -v '^#')

nfc apply -t 2 "$APPLY_DATA/new.v4" </dev/null >"$TMPD/out" 2>&1
assert_rc 0 $? "apply without a terminal returns at once" "$TMPD/out"
assert_grep "$TMPD/out" "nfcommit confirm [0-9a-f]{16}" "apply says how to confirm"
assert_eq "pending" "$(pending_field state)" "the journal holds a pending record"
live | grep -q -- "-A INPUT -s 198.51.100.8/32 -j ACCEPT" || fail "the new rules are not live"
deadline=$(pending_field deadline)

wait_until 5 no_pending || fail "still pending 5 s after a 2 s window"
back_ms=$(now_ms)
after=$(nsrun "$IPT_SAVE" -c | grep -v '^#' | grep -v '^\*raw' )
# The raw table the new rules created stays registered (legacy tables
# cannot be unloaded) but must be empty again.
assert_eq "$before" "$(nsrun "$IPT_SAVE" -c -t filter | grep -v '^#')" "old filter table, counters included, is back"
nsrun "$IPT_SAVE" -t raw | grep -q -- "-A PREROUTING" && fail "the raw table created by the new rules still has rules"
assert_eq "rolled-back" "$(last_state)" "the last outcome is rolled-back"
assert_grep "$NFCOMMIT_STATE_DIR/lib/journal.log" '"event":"rolled back"' "the journal log records the rollback"
late=$((back_ms - deadline * 1000))
[ "$late" -le 1000 ] || fail "rollback finished ${late} ms after the deadline (limit 1000 ms)"
note "rollback done ${late} ms after the deadline"
finish
