#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check, structural findings NFC001-NFC010: each bad file gives
# exactly the findings its `# expect:' lines list, each near miss none.
# NFC005 (CRLF) is made here: a data file with CR bytes would not survive
# every checkout.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/check-lib.sh"
require_check_env

for id in 001 002 003 004 006 007 008 009 010; do
	check_expect_all "NFC$id-*"
done

mkdir "$TMPD/gen"
printf '*filter\r\n:INPUT ACCEPT [0:0]\r\n-A INPUT -j ACCEPT\r\nCOMMIT\r\n' >"$TMPD/gen/crlf.rules"
printf '%s\n' '# expect: 1:8 warning NFC005 CRLF' >>"$TMPD/gen/crlf.rules"
check_expect "$TMPD/gen/crlf.rules"
# Near miss: a carriage return inside a quoted word is no line ending.
printf '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m comment --comment "a\rb" -j ACCEPT\nCOMMIT\n' >"$TMPD/gen/cr-inside.rules"
check_expect "$TMPD/gen/cr-inside.rules"

finish
