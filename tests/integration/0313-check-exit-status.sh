#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check exit status: 0 without errors (warnings and notes are
# fine), 1 with errors, or with warnings under --werror, 2 for usage
# errors and unreadable files; -4/-6 apply to the files after them.
. "$(dirname "$0")/../lib.sh"
require_check_env

w=$TMPD/warn.rules
e=$TMPD/err.rules
c=$TMPD/clean.rules
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' '-A INPUT -j DROP' '-A INPUT -p tcp -j ACCEPT' 'COMMIT' >"$w"
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' '-A INPUT -m tcp --dport 1 -j DROP' 'COMMIT' >"$e"
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' '-A INPUT -p tcp -j ACCEPT' 'COMMIT' >"$c"

run_check w "$w";                assert_rc 0 "$(rc_of w)" "warnings only" "$TMPD/w.err"
assert_grep "$TMPD/w.err" 'warning: .*\[NFC011\]' "the warning is printed"
run_check we --werror "$w";      assert_rc 1 "$(rc_of we)" "warnings with --werror" "$TMPD/we.err"
run_check e "$e";                assert_rc 1 "$(rc_of e)" "an error" "$TMPD/e.err"
run_check c --werror "$c";       assert_rc 0 "$(rc_of c)" "clean with --werror" "$TMPD/c.err"
run_check fmt --format=xml "$c"; assert_rc 2 "$(rc_of fmt)" "an unknown --format" "$TMPD/fmt.err"
run_check miss "$c" "$TMPD/none"; assert_rc 2 "$(rc_of miss)" "a missing file among good ones" "$TMPD/miss.err"
run_check misse "$e" "$TMPD/none"; assert_rc 2 "$(rc_of misse)" "a missing file beats errors" "$TMPD/misse.err"
assert_grep "$TMPD/misse.err" "^$e:3:1: error: " "the other file is still checked"

# Families: an IPv6 file read as IPv4 fails; -6 before it, or after it as
# the only family switch, reads it as IPv6.
v6=$TMPD/v6.rules
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' '-A INPUT -s 2001:db8::1 -j ACCEPT' 'COMMIT' >"$v6"
run_check f4 "$v6";        assert_rc 1 "$(rc_of f4)" "an IPv6 file as IPv4" "$TMPD/f4.err"
run_check f6 -6 "$v6";     assert_rc 0 "$(rc_of f6)" "check -6 FILE" "$TMPD/f6.err"
run_check f6b "$v6" -6;    assert_rc 0 "$(rc_of f6b)" "check FILE -6" "$TMPD/f6b.err"
run_check f46 -4 "$c" -6 "$v6"; assert_rc 0 "$(rc_of f46)" "check -4 F4 -6 F6" "$TMPD/f46.err"
run_check f64 -6 "$v6" -4 "$c"; assert_rc 0 "$(rc_of f64)" "check -6 F6 -4 F4" "$TMPD/f64.err"
run_check fbad -4 "$v6" -6 "$c"; assert_rc 1 "$(rc_of fbad)" "files given to the wrong families" "$TMPD/fbad.err"

# Standard input.
make_public
as_nobody "$NFCOMMIT" check - <"$c" >"$TMPD/stdin.out" 2>&1
assert_rc 0 $? "check - (standard input)" "$TMPD/stdin.out"

finish
