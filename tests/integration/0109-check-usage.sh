#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check: exit 2 for usage problems and unreadable files; with
# several files, findings name the right file and exit 1 if any has errors.
. "$(dirname "$0")/../lib.sh"
require_check_env

good=$TMPD/good.rules
bad=$TMPD/bad.rules
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' '-A INPUT -s 192.0.2.1/32 -j ACCEPT' 'COMMIT' >"$good"
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' '-A INPUT -j nosuchchain' 'COMMIT' >"$bad"

run_check noargs
assert_rc 2 "$(rc_of noargs)" "check with no file" "$TMPD/noargs.all"

run_check missing -4 "$TMPD/does-not-exist.rules"
assert_rc 2 "$(rc_of missing)" "check of a missing file" "$TMPD/missing.all"
assert_grep "$TMPD/missing.all" 'does-not-exist\.rules' "check of a missing file: names the file"

cp "$good" "$TMPD/secret.rules"
make_public
chmod 600 "$TMPD/secret.rules"
as_nobody timeout 30 "$NFCOMMIT" check -4 "$TMPD/secret.rules" >"$TMPD/secret.all" 2>&1
rc=$?
if [ "$(id -u)" -eq 0 ]; then
	assert_rc 2 "$rc" "check of an unreadable file (as nobody)" "$TMPD/secret.all"
fi

run_check badopt --no-such-option "$good"
assert_rc 2 "$(rc_of badopt)" "check with an unknown option" "$TMPD/badopt.all"

run_check two -4 "$good" "$bad"
assert_rc 1 "$(rc_of two)" "check of a clean and a bad file" "$TMPD/two.all"
assert_grep "$TMPD/two.all" "^$bad:3:[0-9]+: error: " "check of two files: the bad one is named"
assert_no_grep "$TMPD/two.all" "^$good:" "check of two files: the clean one has no finding"

run_check twogood -4 "$good" "$good"
assert_rc 0 "$(rc_of twogood)" "check of two clean files" "$TMPD/twogood.all"

run_check help --help
assert_rc 0 "$(rc_of help)" "check --help" "$TMPD/help.all"
assert_nonempty "$TMPD/help.all" "check --help prints something"

finish
