#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check --list-rules: every finding ID, in order, with its
# severity, a sentence and an example; as JSON too.  The man page
# documents every ID, and every ID has test data.
. "$(dirname "$0")/../lib.sh"
require_check_env

run_check list --list-rules
assert_rc 0 "$(rc_of list)" "check --list-rules" "$TMPD/list.err"
ids=$(grep -o '^NFC[0-9][0-9][0-9]' "$TMPD/list.out")
n=$(printf '%s\n' "$ids" | wc -l)
[ "$n" -ge 24 ] || fail "check --list-rules lists $n IDs, expected at least 24"
i=1
for id in $ids; do
	assert_eq "$(printf 'NFC%03d' "$i")" "$id" "check --list-rules: IDs in order without gaps" || break
	i=$((i + 1))
done
assert_grep "$TMPD/list.out" '^NFC012  warning  shadowed$' "check --list-rules: ID, severity, name"
assert_grep "$TMPD/list.out" '^    example:$' "check --list-rules: examples"
[ "$(grep -c '^    example:$' "$TMPD/list.out")" -eq "$n" ] ||
	fail "check --list-rules: every ID has an example"

run_check listj --list-rules --format=json
assert_rc 0 "$(rc_of listj)" "check --list-rules --format=json" "$TMPD/listj.err"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$TMPD/listj.out" "$n" <<'PY' || fail "check --list-rules --format=json: not the expected JSON"
import json, sys
rules = json.load(open(sys.argv[1]))
assert len(rules) == int(sys.argv[2])
for r in rules:
    assert set(r) == {"id", "name", "severity", "summary", "example"}, r
    assert r["severity"] in ("error", "warning", "note")
PY
fi

# The man page documents each ID; each ID has test data or its own test.
man=$TOP_SRCDIR/man/nfcommit.8
for id in $ids; do
	if [ -f "$man" ]; then
		grep -q "$id" "$man" || fail "man/nfcommit.8 does not document $id"
	fi
	ls "$TESTS_DIR"/data/check/"$id"-* >/dev/null 2>&1 ||
		grep -q -l "$id" "$TESTS_DIR"/integration/03*.sh >/dev/null 2>&1 ||
		fail "no test data or test for $id"
done

finish
