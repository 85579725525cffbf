#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit under valgrind memcheck: restore (both families in one run, with
# counters, --noflush, --test), save and check of the example rulesets, in
# a private namespace, with the legacy backend, and check of every test input (the regressions
# too).  No error and no leak (definite, indirect or possible) may be
# reported; tests/valgrind.supp names the few the library owns.  Skips
# for a sanitizer build (valgrind cannot run one).
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/hostile.sh"
require_nfcommit
require_legacy_ref 46
require_cmd valgrind
sanitized && skip "$NFCOMMIT is built with sanitizers; valgrind cannot run it"

VG_ERR=99
VALGRIND="valgrind -q --error-exitcode=$VG_ERR --leak-check=full
	--show-leak-kinds=definite,indirect,possible
	--errors-for-leak-kinds=definite,indirect,possible
	--track-origins=yes --num-callers=30
	--suppressions=$TESTS_DIR/valgrind.supp"
export VALGRIND

ex=$TOP_SRCDIR/examples
in_netns "
	vg() { local tag=\$1; shift; RUN_TIMEOUT=300 run_capture \"\$tag\" \$VALGRIND \"\$NFCOMMIT\" \"\$@\"; }
	vg restore46 restore --backend=legacy -4 '$ex/dual-stack.rules.v4' -6 '$ex/dual-stack.rules.v6'
	vg save4 save --backend=legacy -4
	vg save6c save --backend=legacy -6 -c
	vg restore-c restore --backend=legacy -c '$ex/nat-router.rules.v4'
	vg restore-n restore --backend=legacy --noflush '$ex/webserver.rules.v4'
	vg restore-t restore --backend=legacy --test '$ex/transparent-proxy.rules.v4'
	vg save-t save --backend=legacy -t nat
	vg restore-bad restore --backend=legacy '$TESTS_DIR/data/regress/counters-empty-word.rules'
" || bail "the namespace script failed"

for tag in restore46 save4 save6c restore-c restore-n restore-t save-t restore-bad; do
	rc=$(rc_of "$tag")
	[ "$rc" = $VG_ERR ] && fail "$tag: valgrind reported errors or leaks"
	if [ "$tag" = restore-bad ]; then
		assert_rc 2 "$rc" "$tag" "$TMPD/$tag.err"
	else
		assert_rc 0 "$rc" "$tag" "$TMPD/$tag.err"
	fi
	assert_no_grep "$TMPD/$tag.err" '^==[0-9]+==' "$tag: valgrind output"
done
assert_grep "$TMPD/save4.out" '^\*filter' "save under valgrind printed the tables"

# check of every input the tests have, clean or not, IPv4 and IPv6.
v4=$(ls "$ex"/*.v4 "$TESTS_DIR"/data/*/*.rules 2>/dev/null | grep -v -e '\.v6\.' -e 'ipv6')
v6=$(ls "$ex"/*.v6 "$TESTS_DIR"/data/*/*.v6.rules "$TESTS_DIR"/data/*/ipv6*.rules 2>/dev/null)
# shellcheck disable=SC2086
RUN_TIMEOUT=600 run_capture check4 $VALGRIND "$NFCOMMIT" check -4 $v4
# shellcheck disable=SC2086
RUN_TIMEOUT=600 run_capture check6 $VALGRIND "$NFCOMMIT" check -6 $v6
for tag in check4 check6; do
	rc=$(rc_of "$tag")
	[ "$rc" = $VG_ERR ] && fail "$tag: valgrind reported errors or leaks"
	assert_rc_in "0 1" "$rc" "$tag"
	assert_no_grep "$TMPD/$tag.err" '^==[0-9]+==' "$tag: valgrind output"
done
finish
