#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check: `# nfcommit: ignore=ID[,ID]' comments, on the line
# before a finding (a block of comment lines counts as one) and at the top
# of a file; by ID or by name.  Suppressed findings do not count for the
# exit status; SARIF and JSON still carry them, marked.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/check-lib.sh"
require_check_env

f=$TMPD/sup.rules
cat >"$f" <<'R'
# A header comment.
# nfcommit: ignore=NFC014
*filter
:INPUT ACCEPT [0:0]
:unused - [0:0]
-A INPUT -s 192.0.2.0/24 -j DROP
# nfcommit: ignore=NFC012
-A INPUT -s 192.0.2.7 -j ACCEPT
# nfcommit: ignore=NFC013, shadowed
# (the rule is kept for the auditors)
-A INPUT -s 192.0.2.8 -j ACCEPT
# nfcommit: ignore=NFC013

-A INPUT -s 192.0.2.9 -j ACCEPT
# nfcommit: ignore=NFC019
-A INPUT -s 192.0.2.10 -j ACCEPT
-A INPUT -m tcp --dport 22 -j ACCEPT
COMMIT
# expect: 14:1 warning NFC012 line 6
# expect: 16:1 warning NFC012 line 6
# expect: 17:1 error NFC016 -m tcp
R
check_expect "$f"

# Only the suppressed findings are gone: the error still fails the check.
run_check sup-json --format=json -4 "$f"
assert_rc 1 "$(rc_of sup-json)" "check --format=json with suppressions" "$TMPD/sup-json.err"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$TMPD/sup-json.out" <<'PY' || fail "check --format=json: suppressed findings are marked"
import json, sys
doc = json.load(open(sys.argv[1]))
sup = sorted((f["id"], f["line"]) for f in doc["findings"] if f["suppressed"])
assert sup == [("NFC012", 8), ("NFC012", 11), ("NFC014", 5)], sup
assert doc["summary"] == {"errors": 1, "warnings": 2, "notes": 0, "suppressed": 3}, doc["summary"]
PY
fi
run_check sup-sarif --format=sarif -4 "$f"
assert_grep "$TMPD/sup-sarif.out" '"suppressions": \[\{"kind": "inSource"\}\]' \
	"check --format=sarif: in-source suppressions"

# A whole-file suppression of everything a file has: exit 0, no output.
g=$TMPD/quiet.rules
printf '%s\n' '# nfcommit: ignore=NFC016' '*filter' ':INPUT ACCEPT [0:0]' \
	'-A INPUT -m tcp --dport 22 -j ACCEPT' 'COMMIT' >"$g"
run_check quiet -4 "$g"
assert_rc 0 "$(rc_of quiet)" "check: every finding suppressed" "$TMPD/quiet.err"
assert_empty "$TMPD/quiet.err" "check: every finding suppressed: no output"

finish
