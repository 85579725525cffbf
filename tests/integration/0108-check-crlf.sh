#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check: CRLF line endings are a warning, not an error: exit 0.
. "$(dirname "$0")/../lib.sh"
require_check_env

f=$TMPD/crlf.rules
printf '%s\r\n' '*filter' ':INPUT ACCEPT [0:0]' '-A INPUT -s 192.0.2.1/32 -j ACCEPT' 'COMMIT' >"$f"
run_check crlf -4 "$f"
assert_rc 0 "$(rc_of crlf)" "check: CRLF only (warnings only)" "$TMPD/crlf.all"
assert_grep "$TMPD/crlf.all" "^$f:1:[0-9]+: warning: " "check: CRLF warning on line 1"
assert_no_grep "$TMPD/crlf.all" ': error: ' "check: CRLF is not an error"

# A CRLF file that also has an error: exit 1, both reported.
f2=$TMPD/crlf-bad.rules
printf '%s\r\n' '*filter' ':INPUT ACCEPT [0:0]' '-A INPUT -j nosuchchain' 'COMMIT' >"$f2"
run_check crlfbad -4 "$f2"
assert_rc 1 "$(rc_of crlfbad)" "check: CRLF plus undefined chain" "$TMPD/crlfbad.all"
assert_grep "$TMPD/crlfbad.all" "^$f2:[0-9]+:[0-9]+: warning: " "check: CRLF plus error: the warning"
assert_grep "$TMPD/crlfbad.all" "^$f2:3:[0-9]+: error: " "check: CRLF plus error: the error on line 3"

finish
