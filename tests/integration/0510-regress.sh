#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every input in tests/data/regress/ (crashes, leaks and undefined behaviour
# found by fuzzing, sanitizers and valgrind, and hostile inputs) through
# `nfcommit check' as nobody, and through `nfcommit restore' in a private
# namespace: a clean diagnostic, no crash (exit status below 128), no
# sanitizer report, and the kernel state unchanged.
#
# NAME.rules is the input (NAME.v6.rules: IPv6); NAME.expect says what must
# come out: a line "rc=N" (check's exit status) and lines "grep=ERE" that
# check's output must match.
. "$(dirname "$0")/../lib.sh"
require_check_env

dir=$TESTS_DIR/data/regress
ls "$dir"/*.rules >/dev/null 2>&1 || skip "no inputs in $dir"

SANITIZER_RE='(ERROR: (Address|Leak|UndefinedBehavior)Sanitizer|runtime error:|internal error)'

n=0
for f in "$dir"/*.rules; do
	name=$(basename "$f" .rules)
	fam=4
	case $name in *.v6) fam=6 ;; esac
	tag=r$((++n))
	cp "$f" "$TMPD/$name.rules"
	run_check "$tag" "-$fam" "$TMPD/$name.rules"
	rc=$(rc_of "$tag")
	assert_no_crash "$rc" "$name: check"
	assert_no_grep "$TMPD/$tag.all" "$SANITIZER_RE" "$name: check: sanitizer report"
	assert_rc_in "0 1 2" "$rc" "$name: check"
	[ "$rc" = 1 ] && assert_grep "$TMPD/$tag.all" "^$TMPD/$name.rules:[0-9]+:[0-9]+: error: " \
		"$name: check: a FILE:LINE:COL diagnostic"
	if [ -f "$dir/$name.expect" ]; then
		want=$(sed -n 's/^rc=//p' "$dir/$name.expect")
		[ -n "$want" ] && assert_rc "$want" "$rc" "$name: check" "$TMPD/$tag.all"
		while IFS= read -r re; do
			assert_grep "$TMPD/$tag.all" "$re" "$name: check: expected diagnostic"
		done < <(sed -n 's/^grep=//p' "$dir/$name.expect")
	fi
done

# Regression (sanitizer build, leak): two rules files of one family made
# restore queue its error and return without printing or freeing it.
cp "$dir/counters-empty-word.rules" "$TMPD/twice.rules"
run_capture twice "$NFCOMMIT" restore "$TMPD/twice.rules" "$TMPD/twice.rules"
assert_rc 2 "$(rc_of twice)" "restore FILE FILE (one family)" "$TMPD/twice.err"
assert_grep "$TMPD/twice.err" 'error: give at most one rules file per family' "restore FILE FILE: the reason is printed"
assert_no_grep "$TMPD/twice.err" "$SANITIZER_RE" "restore FILE FILE: sanitizer report"

# The same inputs, loaded for real: refused, and nothing changes.
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null && command -v "$IPT_SAVE" >/dev/null; then
	for f in "$dir"/*.rules; do
		name=$(basename "$f" .rules)
		fam=4
		case $name in *.v6) fam=6 ;; esac
		tag=l$((++n))
		expect_unchanged "$fam" "$f" "$tag" "$name: restore"
		assert_no_grep "$TMPD/$tag.err" "$SANITIZER_RE" "$name: restore: sanitizer report"
		rc=$(rc_of "$tag")
		[ "$rc" = 0 ] || assert_rc 2 "$rc" "$name: restore" "$TMPD/$tag.err"
	done
fi
finish
