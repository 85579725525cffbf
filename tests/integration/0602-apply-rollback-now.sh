#!/bin/bash
# rollback puts the old ruleset back at once; status reports it, in JSON too.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/apply-lib.sh"
require_nfcommit
require_legacy_ref
apply_setup

nfc restore "$APPLY_DATA/old.v4" || bail "loading the old ruleset failed"
before=$(live)
nfc apply -t 30 "$APPLY_DATA/new.v4" </dev/null >/dev/null 2>&1 || bail "apply failed"
nfc status --json >"$TMPD/st.json"
python3 - "$TMPD/st.json" <<'PY' || fail "status --json does not show the pending transaction"
import json, sys
s = json.load(open(sys.argv[1]))
p = s["pending"]
assert p["state"] == "pending" and 20 <= p["seconds_left"] <= 30, p
assert p["file4"].endswith("new.v4"), p
PY
nfc rollback >"$TMPD/rb" 2>&1
assert_rc 0 $? "rollback" "$TMPD/rb"
assert_eq "$(printf '%s\n' "$before")" "$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')" "old filter table is back"
nfc status >"$TMPD/st" 2>&1
assert_grep "$TMPD/st" "no transaction is pending" "status: nothing pending"
assert_grep "$TMPD/st" "rolled-back" "status: last outcome rolled back"
finish
