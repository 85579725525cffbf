#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Hostile input through restore (in a private namespace: kernel state must
# not change) and check: NUL bytes, /dev/zero, an endless stream, invalid
# UTF-8, a 1 MB line, 10 MB files.  Each: a clear diagnostic, no crash,
# and memory within the bounds README's "Limits" documents.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/hostile.sh"
require_legacy_ref 4
require_nfcommit
require_check_env
rss_wrap
REAL=$NFCOMMIT

head4() { printf '%s\n' '*filter' ':INPUT DROP [0:0]' ':FORWARD ACCEPT [0:0]' ':OUTPUT ACCEPT [0:0]'; }

# restore_case TAG LABEL RULES [restore options]: restore RULES (stdin, or a
# file argument with NFC_VIA_FILE=1) in a namespace holding the preload
# rules; it must leave the kernel state unchanged and not crash.
restore_case() {
	local tag=$1 label=$2 rules=$3
	shift 3
	RSS_TAG=$tag NFCOMMIT=$TMPD/nfc-rss expect_unchanged 4 "$rules" "$tag" "$label" "$@"
}

# check_case TAG FILE...: nfcommit check as nobody, memory measured.
check_case() {
	local tag=$1
	shift
	RSS_TAG=$tag NFCOMMIT=$TMPD/nfc-rss run_check "$tag" "$@"
	assert_no_crash "$(rc_of "$tag")" "check $tag"
}

# 1. /dev/zero on stdin: reading stops at the first NUL (one chunk), the
#    error names line 1, column 1, and there is no "COMMIT expected".
restore_case zero-stdin "restore < /dev/zero" /dev/zero
assert_rc 2 "$(rc_of zero-stdin)" "restore < /dev/zero" "$TMPD/zero-stdin.err"
assert_grep "$TMPD/zero-stdin.err" '^<stdin>:1:1: error: NUL byte in the input' "restore < /dev/zero: NUL diagnostic"
assert_no_grep "$TMPD/zero-stdin.err" 'COMMIT expected' "restore < /dev/zero: no missing-COMMIT noise"
assert_rss zero-stdin 64 "restore < /dev/zero"

# ... and a valid table, then NULs without end: the same, at the NUL's line.
{ head4; echo '-A INPUT -s 192.0.2.1/32 -j ACCEPT'; echo COMMIT; echo '*filter'; printf -- '-A INPUT -j DROP '; } >"$TMPD/prefix.rules"
mkfifo "$TMPD/nulstream"
cat "$TMPD/prefix.rules" /dev/zero >"$TMPD/nulstream" 2>/dev/null &
_BG_PIDS+=($!)
restore_case nulstream "valid text, then endless NULs on stdin" "$TMPD/nulstream"
assert_rc 2 "$(rc_of nulstream)" "valid text, then endless NULs" "$TMPD/nulstream.err"
assert_grep "$TMPD/nulstream.err" '^<stdin>:8:18: error: NUL byte' "valid text, then endless NULs: diagnostic at 8:18"
assert_rss nulstream 64 "valid text, then endless NULs"

# /dev/zero as a FILE argument: restore refuses a device outright.
NFC_VIA_FILE=1 restore_case zero-file "restore /dev/zero" /dev/zero
assert_rc 2 "$(rc_of zero-file)" "restore /dev/zero" "$TMPD/zero-file.err"
assert_grep "$TMPD/zero-file.err" '/dev/zero: is a character device, not a regular file' "restore /dev/zero: refused"

# check reads any file, /dev/zero too, and stops at the NUL.
check_case zero-check /dev/zero
assert_rc 1 "$(rc_of zero-check)" "check /dev/zero" "$TMPD/zero-check.all"
assert_grep "$TMPD/zero-check.all" '^/dev/zero:1:1: error: NUL byte' "check /dev/zero: NUL diagnostic"
assert_rss zero-check 64 "check /dev/zero"

# 2. An endless stream without a NUL (comment lines) stops at NFC_MAX_INPUT
#    (256 MiB) with a clear message; memory stays near that bound.
mkfifo "$TMPD/endless"
yes '# an endless comment' >"$TMPD/endless" 2>/dev/null &
_BG_PIDS+=($!)
RUN_TIMEOUT=120 restore_case endless "endless comment stream on stdin" "$TMPD/endless"
assert_rc 2 "$(rc_of endless)" "endless stream" "$TMPD/endless.err"
assert_grep "$TMPD/endless.err" 'input is larger than 256 MiB' "endless stream: the input limit is named"
assert_rss endless 320 "endless stream"

# 3. Invalid UTF-8 in comments is just bytes, as for iptables: a # line is
#    ignored, a --comment argument loads and saves byte for byte.
{ printf '# caf\xe9 \xff\xfe\xc0\xaf \xed\xa0\x80\n'; head4
  printf -- '-A INPUT -s 192.0.2.7/32 -m comment --comment "\xff\xfe caf\xc3\xa9 \xc0\xaf \xed\xa0\x80" -j ACCEPT\n'
  echo COMMIT; } >"$TMPD/utf8.rules"
compare_with_ref 4 "$TMPD/utf8.rules" utf8 "" ""
check_case utf8-check "$TMPD/utf8.rules"
assert_rc 0 "$(rc_of utf8-check)" "check: invalid UTF-8 in comments" "$TMPD/utf8-check.all"
# An error on such a line quotes it without crashing.
{ head4; printf -- '-A INPUT -m comment --comment "\xff\xfe" -j NOSUCH\xff\n'; echo COMMIT; } >"$TMPD/utf8-bad.rules"
restore_case utf8-bad "invalid UTF-8 on a bad line" "$TMPD/utf8-bad.rules"
assert_rc 2 "$(rc_of utf8-bad)" "invalid UTF-8 on a bad line" "$TMPD/utf8-bad.err"
assert_grep "$TMPD/utf8-bad.err" '^<stdin>:5:[0-9]+: error: ' "invalid UTF-8 on a bad line: diagnostic"

# 4. A 1 MB line: refused at column 10240, the quote stays short.
{ head4; printf -- '-A INPUT -m comment --comment "'; head -c 1048576 /dev/zero | tr '\0' A; printf '" -j ACCEPT\n'; echo COMMIT; } >"$TMPD/mbline.rules"
check_case mbline "$TMPD/mbline.rules"
assert_rc 1 "$(rc_of mbline)" "check: 1 MB line" "$TMPD/mbline.all"
assert_grep "$TMPD/mbline.all" "^$TMPD/mbline.rules:5:10240: error: line longer than 10239 bytes" "check: 1 MB line: diagnostic"
sz=$(wc -c <"$TMPD/mbline.all")
[ "$sz" -lt 4096 ] || fail "check: 1 MB line: $sz bytes of output, expected a short quote"
restore_case mbline-r "restore: 1 MB line" "$TMPD/mbline.rules"
assert_rc 2 "$(rc_of mbline-r)" "restore: 1 MB line" "$TMPD/mbline-r.err"

# 5. 10 MB files.  A valid one (about 190,000 rules) checks clean and
#    builds with restore --test, nothing committed ...
awk -v n=190000 -f "$TESTS_DIR/gen-rules.awk" >"$TMPD/10mb.rules"
sz=$(wc -c <"$TMPD/10mb.rules")
[ "$sz" -ge 10000000 ] || fail "generator made only $sz bytes, expected 10 MB"
check_case 10mb "$TMPD/10mb.rules"
assert_rc 0 "$(rc_of 10mb)" "check: valid 10 MB file" "$TMPD/10mb.all"
assert_rss 10mb 400 "check: valid 10 MB file"
RUN_TIMEOUT=240 restore_case 10mb-t "restore --test: valid 10 MB file" "$TMPD/10mb.rules" --test
assert_rc 0 "$(rc_of 10mb-t)" "restore --test: valid 10 MB file" "$TMPD/10mb-t.err"
assert_rss 10mb-t 400 "restore --test: valid 10 MB file"
rm -f "$TMPD/10mb.rules"
# ... and 10 MB of printable garbage stops at 20 errors, with short output.
{ head4; head -c 10485760 /dev/urandom | tr -c 'A-Za-z0-9 \n:*!"-' 'x'; } >"$TMPD/10mb-junk.rules"
check_case junk "$TMPD/10mb-junk.rules"
assert_rc 1 "$(rc_of junk)" "check: 10 MB of junk" "$TMPD/junk.all"
n=$(grep -c ': error: ' "$TMPD/junk.all")
[ "$n" -le 21 ] || fail "check: 10 MB of junk: $n errors reported, expected at most 20 (and the note)"
assert_rss junk 200 "check: 10 MB of junk"
restore_case junk-r "restore: 10 MB of junk" "$TMPD/10mb-junk.rules"
assert_rc 2 "$(rc_of junk-r)" "restore: 10 MB of junk" "$TMPD/junk-r.err"
rm -f "$TMPD/10mb-junk.rules"

NFCOMMIT=$REAL
finish
