#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit.conf: defaults, every key, FILE:LINE:COL diagnostics for each
# kind of mistake, NFCOMMIT_CONF, and `nfcommit config [--get KEY]'.
# Reading the configuration needs no root and no kernel.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/lib-services.sh"
require_nfcommit

conf() { # TAG: run `nfcommit config' on $NFCOMMIT_CONF
	run_capture "$1" "$NFCOMMIT" config
	cat "$TMPD/$1.out" "$TMPD/$1.err" >"$TMPD/$1.all"
}

# Defaults, with a file that sets nothing.
: >"$NFCOMMIT_CONF"
conf empty
assert_rc 0 "$(rc_of empty)" "empty file" "$TMPD/empty.err"
cat >"$TMPD/defaults" <<'E'
RULES_V4=/etc/iptables/rules.v4
RULES_V6=/etc/iptables/rules.v6
BACKEND=
COUNTERS=no
SAVE_ON_STOP=no
FLUSH_ON_STOP=no
FALLBACK_V4=builtin
FALLBACK_V6=builtin
LOCK_WAIT=10
SAVE_GENERATIONS=3
RELOAD_KEEP_FOREIGN=yes
E
grep -v '^#' "$TMPD/empty.out" >"$TMPD/empty.vals"
assert_files_eq "$TMPD/defaults" "$TMPD/empty.vals" "the defaults"
assert_grep "$TMPD/empty.out" "^# $NFCOMMIT_CONF\$" "config names the file it read"

# Every key set, quoting, blanks around =, comments.
cat >"$NFCOMMIT_CONF" <<'E'
# a comment
   # an indented comment

RULES_V4="/srv/fw/rules v4"
RULES_V6 = /srv/fw/rules.v6
BACKEND=nft
COUNTERS=yes
SAVE_ON_STOP=true
FLUSH_ON_STOP=ON
FALLBACK_V4='/srv/fw/fallback.v4'
FALLBACK_V6=none
LOCK_WAIT=forever
SAVE_GENERATIONS=0
RELOAD_KEEP_FOREIGN=no
E
conf all
assert_rc 0 "$(rc_of all)" "every key set" "$TMPD/all.err"
assert_empty "$TMPD/all.err" "every key set: no diagnostics"
cat >"$TMPD/allvals" <<'E'
RULES_V4=/srv/fw/rules v4
RULES_V6=/srv/fw/rules.v6
BACKEND=nft
COUNTERS=yes
SAVE_ON_STOP=yes
FLUSH_ON_STOP=yes
FALLBACK_V4=/srv/fw/fallback.v4
FALLBACK_V6=none
LOCK_WAIT=forever
SAVE_GENERATIONS=0
RELOAD_KEEP_FOREIGN=no
E
grep -v '^#' "$TMPD/all.out" >"$TMPD/all.vals"
assert_files_eq "$TMPD/allvals" "$TMPD/all.vals" "every key set"

# An empty RULES_V6 leaves the family alone; --get prints one value.
printf 'RULES_V6=\nLOCK_WAIT=0\n' >"$NFCOMMIT_CONF"
run_capture get "$NFCOMMIT" config --get RULES_V6
assert_rc 0 "$(rc_of get)" "config --get RULES_V6" "$TMPD/get.err"
assert_eq "" "$(cat "$TMPD/get.out")" "config --get of an emptied key"
run_capture get2 "$NFCOMMIT" config --get LOCK_WAIT
assert_eq "0" "$(cat "$TMPD/get2.out")" "config --get LOCK_WAIT"
run_capture get3 "$NFCOMMIT" config --get NO_SUCH_KEY
assert_rc 2 "$(rc_of get3)" "config --get of an unknown key" "$TMPD/get3.err"

# Each mistake: exit 2, and a diagnostic at the right line and column.
# bad_case TAG LINE COL MESSAGE-ERE < file
bad_case() {
	local tag=$1 line=$2 col=$3 re=$4 got
	cat >"$NFCOMMIT_CONF"
	conf "$tag"
	assert_rc 2 "$(rc_of "$tag")" "$tag: exit status" "$TMPD/$tag.all"
	got=$(diag_line_col "$TMPD/$tag.err" "$NFCOMMIT_CONF" error)
	assert_eq "$line:$col" "$got" "$tag: location of the error"
	assert_grep "$TMPD/$tag.err" "$re" "$tag: message"
	assert_grep "$TMPD/$tag.err" "using the built-in defaults" "$tag: says the defaults apply"
}
printf '# x\nSAVE_ON_STPO=yes\n' | bad_case unknown-key 2 1 "unknown key .SAVE_ON_STPO'"
printf 'COUNTERS=maybe\n' | bad_case bad-bool 1 10 "COUNTERS is yes or no"
printf 'RULES_V4=rules.v4\n' | bad_case relative 1 10 "absolute path"
printf 'FALLBACK_V4=somewhere\n' | bad_case bad-fallback 1 13 "builtin' or .none'"
printf 'BACKEND=iptables\n' | bad_case bad-backend 1 9 "unknown backend"
printf 'LOCK_WAIT=-1\n' | bad_case bad-wait 1 11 "whole seconds"
printf 'SAVE_GENERATIONS=100\n' | bad_case bad-gen 1 18 "0 to 99"
printf '\n\nRULES_V4=/a b # comment\n' | bad_case blanks 3 10 "holds blanks"
printf 'RULES_V4="/a\n' | bad_case quote 1 10 "unbalanced quote"
printf 'just words\n' | bad_case no-equals 1 1 "expected KEY=value"
printf 'RULES_V4=/etc/x\r\n' | bad_case crlf 1 16 "carriage return"

# The caret line points at the word.
printf 'COUNTERS=yes\nSAVE_ON_STOP=perhaps\n' >"$NFCOMMIT_CONF"
conf caret
assert_diag "$TMPD/caret.err" "$NFCOMMIT_CONF:2:14: error:" "SAVE_ON_STOP=perhaps" 14 "caret under the value"

# A key set twice: a warning, the later value wins, exit 0.
printf 'SAVE_GENERATIONS=5\nSAVE_GENERATIONS=7\n' >"$NFCOMMIT_CONF"
conf twice
assert_rc 0 "$(rc_of twice)" "a key set twice" "$TMPD/twice.err"
assert_grep "$TMPD/twice.err" "^$NFCOMMIT_CONF:2:1: warning: SAVE_GENERATIONS is set again" "a key set twice: warning"
assert_grep "$TMPD/twice.out" "^SAVE_GENERATIONS=7\$" "a key set twice: the later value"

# Several errors are all reported.
printf 'A=1\nCOUNTERS=x\nLOCK_WAIT=y\n' >"$NFCOMMIT_CONF"
conf several
n=$(grep -c ': error: ' "$TMPD/several.err")
assert_eq 3 "$n" "three bad lines, three errors"

# NFCOMMIT_CONF naming a missing file is an error.
NFCOMMIT_CONF=$TMPD/missing.conf run_capture missing "$NFCOMMIT" config
assert_rc 2 "$(rc_of missing)" "NFCOMMIT_CONF names a missing file" "$TMPD/missing.err"
assert_grep "$TMPD/missing.err" "missing.conf" "the missing file is named"

# Without NFCOMMIT_CONF the default file is read; when it does not exist
# the defaults apply silently.
if [ ! -e /etc/nfcommit/nfcommit.conf ]; then
	env -u NFCOMMIT_CONF "$NFCOMMIT" config >"$TMPD/nodefault.out" 2>"$TMPD/nodefault.err"
	assert_rc 0 "$?" "no configuration file at all" "$TMPD/nodefault.err"
	assert_grep "$TMPD/nodefault.out" "^# no file: the defaults" "no file: says so"
fi

# The shipped configuration is valid and says what the man page says.
NFCOMMIT_CONF=$TOP_SRCDIR/contrib/nfcommit.conf run_capture shipped "$NFCOMMIT" config
assert_rc 0 "$(rc_of shipped)" "contrib/nfcommit.conf" "$TMPD/shipped.err"
assert_empty "$TMPD/shipped.err" "contrib/nfcommit.conf: no diagnostics"
assert_grep "$TMPD/shipped.out" "^FALLBACK_V4=/etc/nfcommit/fallback.rules.v4\$" "shipped: fallback file v4"
assert_grep "$TMPD/shipped.out" "^SAVE_ON_STOP=no\$" "shipped: SAVE_ON_STOP=no"

finish
