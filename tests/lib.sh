# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/lib.sh - shared helpers for the nfcommit integration tests (bash).
#
# Source it from a test script:
#
#     . "$(dirname "$0")/../lib.sh"
#
# What sourcing it does:
#   * locates the binary: $NFCOMMIT, default ../src/nfcommit relative to tests/
#   * exports NFCOMMIT_FORBID_INIT_NETNS=1, so nfcommit refuses to touch the
#     firewall of the initial network namespace
#   * exports a private XTABLES_LOCKFILE, so neither nfcommit nor the reference
#     tools ever take the host's /run/xtables.lock
#   * creates $TMPD, a private directory removed on exit
#
# Exit status convention of a test: 0 pass, 1 fail, 77 skip.
#
# SAFETY: every command that loads rules must run through in_netns (a fresh
# `unshare -n`).  Nothing here loads rules into the initial namespace.

set -u

TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP_SRCDIR=$(cd "$TESTS_DIR/.." && pwd)
TEST_NAME=$(basename "$0" .sh)

# Default: an in-tree build, else the build/ directory that tests/bootstrap uses.
if [ -z "${NFCOMMIT:-}" ]; then
	NFCOMMIT=$TOP_SRCDIR/src/nfcommit
	[ ! -x "$NFCOMMIT" ] && [ -x "$TOP_SRCDIR/build/src/nfcommit" ] && NFCOMMIT=$TOP_SRCDIR/build/src/nfcommit
fi
case $NFCOMMIT in
/*) ;;
*/*) NFCOMMIT=$(cd "$(dirname "$NFCOMMIT")" 2>/dev/null && pwd)/$(basename "$NFCOMMIT") ;;
esac
export NFCOMMIT

export NFCOMMIT_FORBID_INIT_NETNS=1
export LC_ALL=C

# The reference tools, overridable for odd installs.
IPT_RESTORE=${IPT_RESTORE:-iptables-legacy-restore}
IPT_SAVE=${IPT_SAVE:-iptables-legacy-save}
IP6T_RESTORE=${IP6T_RESTORE:-ip6tables-legacy-restore}
IP6T_SAVE=${IP6T_SAVE:-ip6tables-legacy-save}
export IPT_RESTORE IPT_SAVE IP6T_RESTORE IP6T_SAVE

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/nfcommit-test.XXXXXX") || {
	echo "cannot create a temporary directory" >&2
	exit 1
}
export TMPD
XTABLES_LOCKFILE=$(mktemp "$TMPD/xtables.lock.XXXXXX")
export XTABLES_LOCKFILE

# Background processes a test started (lock holders); killed on exit by pid.
_BG_PIDS=()
_cleanup() {
	local p
	for p in "${_BG_PIDS[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf "$TMPD"
}
trap _cleanup EXIT
trap 'exit 1' INT TERM HUP

FAILURES=0

# ---------------------------------------------------------------------------
# Reporting

# note MSG...: informational line (shown only when the test fails).
note() { printf '%s\n' "$*"; }

# skip REASON: give up on this test, exit 77.
skip() {
	printf 'SKIP: %s\n' "$*"
	exit 77
}

# fail MSG...: record a failure and go on (the test ends with finish).
fail() {
	FAILURES=$((FAILURES + 1))
	printf 'FAIL: %s\n' "$*"
}

# bail MSG...: record a failure and stop now.
bail() {
	fail "$@"
	exit 1
}

# finish: last line of every test script.
finish() {
	if [ "$FAILURES" -ne 0 ]; then
		printf '%s: %d check(s) failed\n' "$TEST_NAME" "$FAILURES"
		exit 1
	fi
	exit 0
}

# show_file LABEL FILE [MAXLINES]: dump a file indented (for failure messages).
show_file() {
	local label=$1 file=$2 max=${3:-40} n
	n=$(wc -l <"$file" 2>/dev/null || echo 0)
	printf '  --- %s (%s lines) ---\n' "$label" "$n"
	head -n "$max" "$file" | cut -c1-300 | sed 's/^/  | /'
	[ "$n" -gt "$max" ] && printf '  | ... (%d more lines)\n' $((n - max))
	return 0
}

# ---------------------------------------------------------------------------
# Preconditions

require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
}

_NETNS_OK=
require_netns() {
	require_root
	if [ -z "$_NETNS_OK" ]; then
		unshare -n true 2>/dev/null || skip "cannot create a network namespace (unshare -n true failed)"
		_NETNS_OK=1
	fi
}

require_cmd() {
	local c
	for c; do
		command -v "$c" >/dev/null 2>&1 || skip "missing command: $c"
	done
}

require_nfcommit() {
	[ -x "$NFCOMMIT" ] || skip "nfcommit binary not found at $NFCOMMIT (build it first, or set NFCOMMIT)"
}

# require_legacy_ref [4|6|46]: the legacy reference tools must exist and work
# inside a namespace (kernel modules present).
require_legacy_ref() {
	local fam=${1:-4}
	require_netns
	case $fam in
	*4*) require_cmd "$IPT_RESTORE" "$IPT_SAVE"
	     unshare -n "$IPT_SAVE" >/dev/null 2>&1 || skip "$IPT_SAVE does not work in a namespace" ;;
	esac
	case $fam in
	*6*) require_cmd "$IP6T_RESTORE" "$IP6T_SAVE"
	     unshare -n "$IP6T_SAVE" >/dev/null 2>&1 || skip "$IP6T_SAVE does not work in a namespace" ;;
	esac
}

# ---------------------------------------------------------------------------
# Namespaces

# in_netns CMDSTRING...: run a bash command string in a fresh, private
# network namespace (unshare -n).  The namespace dies with the command.
# Exported variables (NFCOMMIT, TMPD, XTABLES_LOCKFILE, IPT_*, ...) are
# visible inside; shell functions are not, except those exported below.
# Returns the command's exit status.
in_netns() {
	unshare -n bash -c "set -o pipefail; $*"
}

# initial_netns_id: the id ("net:[INODE]") of the initial network namespace,
# taken from kthreadd (PID 2; kernel threads always live in the initial
# namespace) or else from PID 1 (whose ns links may be unreadable even for
# root).  Prints nothing when neither can be read.
initial_netns_id() {
	local id=
	if [ "$(cat /proc/2/comm 2>/dev/null)" = kthreadd ]; then
		id=$(readlink /proc/2/ns/net 2>/dev/null)
	fi
	[ -n "$id" ] || id=$(readlink /proc/1/ns/net 2>/dev/null)
	printf '%s' "$id"
}

# is_initial_netns: true when this process is in the initial network
# namespace; false when not, or when that cannot be told.
is_initial_netns() {
	local init
	init=$(initial_netns_id)
	[ -n "$init" ] && [ "$(readlink /proc/self/ns/net)" = "$init" ]
}

# ---------------------------------------------------------------------------
# Save output helpers

# strip_save_comments: drop the "# Generated by" / "# Completed on" lines that
# both iptables-save and nfcommit save print (with a time stamp).
strip_save_comments() {
	grep -v -E '^# (Generated by|Completed on|Warning:)' || true
}
export -f strip_save_comments

# ---------------------------------------------------------------------------
# Assertions.  Each prints "FAIL: ..." with details and counts a failure; the
# test goes on and ends with `finish`.

# assert_rc EXPECTED GOT WHAT [STDERR_FILE]
assert_rc() {
	local exp=$1 got=$2 what=$3 errf=${4:-}
	if [ "$exp" != "$got" ]; then
		fail "$what: expected exit status $exp, got $got"
		[ -n "$errf" ] && [ -f "$errf" ] && show_file "$(basename "$errf")" "$errf" 15
		return 1
	fi
	return 0
}

# assert_rc_in "LIST" GOT WHAT: GOT must be one of the space separated values.
assert_rc_in() {
	local list=$1 got=$2 what=$3 x
	for x in $list; do [ "$x" = "$got" ] && return 0; done
	fail "$what: expected exit status in {$list}, got $got"
	return 1
}

# assert_no_crash GOT WHAT: exit status below 128 (no signal).
assert_no_crash() {
	local got=$1 what=$2
	if [ "$got" -ge 128 ]; then
		fail "$what: crashed or killed (exit status $got = signal $((got - 128)))"
		return 1
	fi
	return 0
}

# assert_eq EXPECTED GOT WHAT: compare two strings, diff on mismatch.
assert_eq() {
	local exp=$1 got=$2 what=$3
	if [ "$exp" != "$got" ]; then
		fail "$what: expected vs got differ"
		diff -u --label expected --label got <(printf '%s\n' "$exp") <(printf '%s\n' "$got") |
			head -n 60 | sed 's/^/  /'
		return 1
	fi
	return 0
}

# assert_files_eq EXPECTED_FILE GOT_FILE WHAT
assert_files_eq() {
	local exp=$1 got=$2 what=$3
	if ! cmp -s "$exp" "$got"; then
		fail "$what: expected ($exp) vs got ($got) differ"
		diff -u --label expected --label got "$exp" "$got" | head -n 80 | cut -c1-300 | sed 's/^/  /'
		return 1
	fi
	return 0
}

# assert_grep FILE ERE WHAT: some line of FILE matches the extended regexp.
assert_grep() {
	local file=$1 re=$2 what=$3
	if ! grep -q -E -- "$re" "$file"; then
		fail "$what: no line matches /$re/"
		show_file "$(basename "$file")" "$file" 20
		return 1
	fi
	return 0
}

# assert_no_grep FILE ERE WHAT: no line of FILE matches.
assert_no_grep() {
	local file=$1 re=$2 what=$3
	if grep -q -E -- "$re" "$file"; then
		fail "$what: unexpected line matching /$re/"
		grep -n -E -- "$re" "$file" | head -n 10 | cut -c1-300 | sed 's/^/  | /'
		return 1
	fi
	return 0
}

# assert_grep_i FILE ERE WHAT: like assert_grep, case-insensitive.
assert_grep_i() {
	local file=$1 re=$2 what=$3
	if ! grep -q -i -E -- "$re" "$file"; then
		fail "$what: no line matches /$re/ (case-insensitive)"
		show_file "$(basename "$file")" "$file" 20
		return 1
	fi
	return 0
}

# assert_empty FILE WHAT
assert_empty() {
	local file=$1 what=$2
	if [ -s "$file" ]; then
		fail "$what: expected no output"
		show_file "$(basename "$file")" "$file" 20
		return 1
	fi
	return 0
}

# assert_nonempty FILE WHAT
assert_nonempty() {
	local file=$1 what=$2
	if [ ! -s "$file" ]; then
		fail "$what: expected some output, got none"
		return 1
	fi
	return 0
}

# ---------------------------------------------------------------------------
# Diagnostics: "FILE:LINE:COL: error: MESSAGE", the source line, a caret line.

# assert_diag ERRFILE PREFIX SRCLINE COL WHAT
#   PREFIX  exact beginning of the diagnostic line, e.g. "<stdin>:3:10: error:"
#   SRCLINE the offending source line as it must be echoed (empty: don't check)
#   COL     1-based column the caret must point at (empty: don't check)
# The diagnostic line is the first line of ERRFILE that starts with PREFIX;
# the next line must be the source line, possibly indented by blanks, and the
# line after it a caret under column COL of the echoed source (same indent;
# a run like "^~~~" and text after it are fine).
assert_diag() {
	local errf=$1 prefix=$2 src=$3 col=$4 what=$5 n caret want got_src indent=
	n=$(awk -v p="$prefix" 'index($0, p) == 1 { print NR; exit }' "$errf")
	if [ -z "$n" ]; then
		fail "$what: no diagnostic line starting with '$prefix'"
		show_file "$(basename "$errf")" "$errf" 15
		return 1
	fi
	got_src=$(sed -n "$((n + 1))p" "$errf")
	if [ -n "$src" ]; then
		indent=${got_src%"$src"}
		if [ "$indent$src" != "$got_src" ] || [ -n "${indent//[ 	]/}" ]; then
			fail "$what: line after the diagnostic is not the source line"
			printf '  expected: %s\n  got:      %s\n' "$src" "$got_src"
			show_file "$(basename "$errf")" "$errf" 15
			return 1
		fi
	fi
	if [ -n "$col" ]; then
		caret=$(sed -n "$((n + 2))p" "$errf")
		want=$(printf '%s%*s^' "$indent" $((col - 1)) '')
		if [ "${caret:0:${#want}}" != "$want" ]; then
			fail "$what: caret line does not point at column $col of the echoed source line"
			printf '  expected: "%s"\n  got:      "%s"\n' "$want" "$caret"
			show_file "$(basename "$errf")" "$errf" 15
			return 1
		fi
	fi
	return 0
}

# diag_line_col ERRFILE FILENAME SEVERITY: print "LINE:COL" of the first
# "FILENAME:LINE:COL: SEVERITY:" diagnostic, nothing when there is none.
diag_line_col() {
	local errf=$1 name=$2 sev=$3
	awk -v p="$name:" -v s=" $sev:" '
		index($0, p) == 1 {
			rest = substr($0, length(p) + 1)
			if (match(rest, /^[0-9]+:[0-9]+:/) && index(substr(rest, RLENGTH + 1), s) == 1) {
				print substr(rest, 1, RLENGTH - 1); exit
			}
		}' "$errf"
}

# ---------------------------------------------------------------------------
# Round-trip helpers (run inside in_netns via exported functions)

# save_state FAM OUTFILE: reference save of the current namespace, comments
# stripped.  FAM is 4 or 6.  Meant to be used inside in_netns.
save_state() {
	local fam=$1 out=$2
	if [ "$fam" = 6 ]; then
		"$IP6T_SAVE" | strip_save_comments >"$out"
	else
		"$IPT_SAVE" | strip_save_comments >"$out"
	fi
}
export -f save_state

# ref_restore_save FAM RULESFILE OUTFILE [restore options...]: load RULESFILE
# with the reference restore in a fresh namespace and write the reference save
# (comments stripped) to OUTFILE.  Returns the restore's exit status.
ref_restore_save() {
	local fam=$1 rules=$2 out=$3
	shift 3
	local r=$IPT_RESTORE s=$IPT_SAVE
	[ "$fam" = 6 ] && { r=$IP6T_RESTORE; s=$IP6T_SAVE; }
	in_netns "\"$r\" $* <\"$rules\"; rc=\$?; \"$s\" | strip_save_comments >\"$out\"; exit \$rc"
}

# run_capture NAME CMD [ARGS...]: run an executable (with a time limit of
# $RUN_TIMEOUT seconds, default 60), stdout to $TMPD/NAME.out, stderr to
# $TMPD/NAME.err, exit status to $TMPD/NAME.rc.  Stdin is passed through.
# Exported, so it works inside in_netns.  Always returns 0.
run_capture() {
	local name=$1
	shift
	timeout -k 5 "${RUN_TIMEOUT:-60}" "$@" >"$TMPD/$name.out" 2>"$TMPD/$name.err"
	echo $? >"$TMPD/$name.rc"
	return 0
}
export -f run_capture

# rc_of NAME: the exit status recorded by run_capture (999 if it never ran).
rc_of() {
	cat "$TMPD/$1.rc" 2>/dev/null || echo 999
}

# nfc_roundtrip FAM RULES TAG [restore options...]: in a fresh namespace, load
# RULES with `nfcommit restore`, then write the reference save to TAG.kern and
# nfcommit's save to TAG.save (both in $TMPD, comments stripped).  Results of
# the two nfcommit runs are in TAG-restore.{rc,out,err} and TAG-save.{...}.
nfc_roundtrip() {
	local fam=$1 rules=$2 tag=$3
	shift 3
	in_netns "
		run_capture '$tag-restore' \"\$NFCOMMIT\" restore -$fam --backend=legacy $* <'$rules'
		save_state $fam '$TMPD/$tag.kern'
		run_capture '$tag-save' \"\$NFCOMMIT\" save -$fam --backend=legacy
		strip_save_comments <'$TMPD/$tag-save.out' >'$TMPD/$tag.save'
	"
}

# roundtrip_check FAM RULES LABEL: the whole restore/save comparison for one
# rules file, each step in its own fresh namespace:
#   1. reference restore + reference save              -> expected text
#   2. nfcommit restore; reference save must match, and nfcommit save too
#   3. reference restore; nfcommit save must match (save alone)
#   4. nfcommit restore of FILE given as an argument, twice in a row
#      (the second load flushes the first), must match
roundtrip_check() {
	local fam=$1 rules=$2 label=$3 tag
	tag=rt-$(basename "$rules" .rules)-$fam
	if ! ref_restore_save "$fam" "$rules" "$TMPD/$tag.ref" 2>"$TMPD/$tag.ref.err"; then
		fail "$label: the REFERENCE restore rejects the test data (broken test)"
		show_file "reference stderr" "$TMPD/$tag.ref.err" 10
		return 1
	fi

	nfc_roundtrip "$fam" "$rules" "$tag"
	if assert_rc 0 "$(rc_of "$tag-restore")" "$label: nfcommit restore" "$TMPD/$tag-restore.err"; then
		assert_files_eq "$TMPD/$tag.ref" "$TMPD/$tag.kern" \
			"$label: kernel state after nfcommit restore (reference save) vs after reference restore"
		assert_rc 0 "$(rc_of "$tag-save")" "$label: nfcommit save" "$TMPD/$tag-save.err" &&
			assert_files_eq "$TMPD/$tag.ref" "$TMPD/$tag.save" \
				"$label: nfcommit save vs reference save"
	fi

	# nfcommit save of a state made by the reference restore.
	local r=$IPT_RESTORE
	[ "$fam" = 6 ] && r=$IP6T_RESTORE
	in_netns "
		\"$r\" <'$rules' || exit 3
		run_capture '$tag-save2' \"\$NFCOMMIT\" save -$fam --backend=legacy
		strip_save_comments <'$TMPD/$tag-save2.out' >'$TMPD/$tag.save2'
	"
	if assert_rc 0 "$(rc_of "$tag-save2")" "$label: nfcommit save after reference restore" "$TMPD/$tag-save2.err"; then
		assert_files_eq "$TMPD/$tag.ref" "$TMPD/$tag.save2" \
			"$label: nfcommit save of a reference-loaded namespace vs reference save"
	fi

	# FILE argument, loaded twice.
	in_netns "
		run_capture '$tag-file1' \"\$NFCOMMIT\" restore -$fam --backend=legacy '$rules' </dev/null
		run_capture '$tag-file2' \"\$NFCOMMIT\" restore -$fam --backend=legacy '$rules' </dev/null
		save_state $fam '$TMPD/$tag.kern2'
	"
	if assert_rc 0 "$(rc_of "$tag-file1")" "$label: nfcommit restore FILE (first load)" "$TMPD/$tag-file1.err" &&
		assert_rc 0 "$(rc_of "$tag-file2")" "$label: nfcommit restore FILE (second load)" "$TMPD/$tag-file2.err"; then
		assert_files_eq "$TMPD/$tag.ref" "$TMPD/$tag.kern2" \
			"$label: kernel state after loading FILE twice vs reference"
	fi
}

# preload_rules FAM: print a small ruleset (filter, mangle, nat and raw) that
# the tests load with the reference tool first, so that "nothing changed" is
# checked against a non-empty state in which every table the tests touch
# already exists (a legacy table, once looked at, stays instantiated).
preload_rules() {
	local a=198.51.100.99/32
	[ "$1" = 6 ] && a=2001:db8:99::1/128
	printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' ':FORWARD DROP [0:0]' ':OUTPUT ACCEPT [0:0]' \
		':pre-existing - [0:0]' "-A INPUT -s $a -j pre-existing" \
		'-A pre-existing -p tcp -m tcp --dport 22 -j ACCEPT' 'COMMIT' \
		'*mangle' ':PREROUTING ACCEPT [0:0]' ':INPUT ACCEPT [0:0]' ':FORWARD ACCEPT [0:0]' \
		':OUTPUT ACCEPT [0:0]' ':POSTROUTING ACCEPT [0:0]' \
		"-A PREROUTING -d $a -j MARK --set-xmark 0x9/0xffffffff" 'COMMIT' \
		'*nat' ':PREROUTING ACCEPT [0:0]' ':INPUT ACCEPT [0:0]' ':OUTPUT ACCEPT [0:0]' \
		':POSTROUTING ACCEPT [0:0]' "-A POSTROUTING -s $a -j MASQUERADE" 'COMMIT' \
		'*raw' ':PREROUTING ACCEPT [0:0]' ':OUTPUT ACCEPT [0:0]' \
		"-A PREROUTING -s $a -j CT --notrack" 'COMMIT'
}

# expect_unchanged FAM RULES TAG LABEL [restore options...]: in a fresh
# namespace holding the preload_rules state, run `nfcommit restore` on RULES
# (on stdin; with NFC_VIA_FILE=1 as a file argument), and check that the
# kernel state is exactly what it was.  The run's output is left in
# $TMPD/TAG.{rc,out,err}; the caller checks the exit status and the message.
expect_unchanged() {
	local fam=$1 rules=$2 tag=$3 label=$4
	shift 4
	local r=$IPT_RESTORE input="<'$rules'"
	[ "$fam" = 6 ] && r=$IP6T_RESTORE
	[ "${NFC_VIA_FILE:-0}" = 1 ] && input="'$rules' </dev/null"
	preload_rules "$fam" >"$TMPD/preload-$fam.rules"
	in_netns "
		\"$r\" <'$TMPD/preload-$fam.rules' || exit 3
		save_state $fam '$TMPD/$tag.before'
		run_capture '$tag' \"\$NFCOMMIT\" restore -$fam --backend=legacy $* $input
		save_state $fam '$TMPD/$tag.after'
	" || { fail "$label: could not set up the namespace (reference preload failed)"; return 1; }
	assert_no_crash "$(rc_of "$tag")" "$label"
	assert_files_eq "$TMPD/$tag.before" "$TMPD/$tag.after" "$label: kernel state before vs after (must be unchanged)"
}

# compare_with_ref FAM RULES TAG RESTORE_OPTS SAVE_OPTS [PRELOAD] [NFC_RESTORE_OPTS]
# Two fresh namespaces, each first loaded with PRELOAD (a rules file, loaded
# by the reference restore; may be empty for none):
#   reference: REF_RESTORE RESTORE_OPTS <RULES; REF_SAVE SAVE_OPTS -> TAG.ref
#   nfcommit:  nfcommit restore RESTORE_OPTS <RULES; REF_SAVE SAVE_OPTS ->
#              TAG.kern; nfcommit save SAVE_OPTS -> TAG.save
# (NFC_RESTORE_OPTS, when given, replaces RESTORE_OPTS for nfcommit, e.g. to
# use long options.)  Asserts both restores succeed, TAG.kern == TAG.ref and
# TAG.save == TAG.ref.
compare_with_ref() {
	local fam=$1 rules=$2 tag=$3 ropts=$4 sopts=$5 pre=${6:-} nropts=${7:-$4}
	local r=$IPT_RESTORE s=$IPT_SAVE preload=:
	[ "$fam" = 6 ] && { r=$IP6T_RESTORE; s=$IP6T_SAVE; }
	[ -n "$pre" ] && preload="\"$r\" -c <'$pre' || exit 3"
	in_netns "
		$preload
		run_capture '$tag-refrestore' \"$r\" $ropts <'$rules'
		\"$s\" $sopts | strip_save_comments >'$TMPD/$tag.ref'
	" || { fail "$tag: reference preload failed (broken test)"; return 1; }
	if [ "$(rc_of "$tag-refrestore")" != 0 ]; then
		fail "$tag: the REFERENCE restore rejects the test data (broken test)"
		show_file "reference stderr" "$TMPD/$tag-refrestore.err" 10
		return 1
	fi
	in_netns "
		$preload
		run_capture '$tag-restore' \"\$NFCOMMIT\" restore -$fam --backend=legacy $nropts <'$rules'
		\"$s\" $sopts | strip_save_comments >'$TMPD/$tag.kern'
		run_capture '$tag-save' \"\$NFCOMMIT\" save -$fam --backend=legacy $sopts
		strip_save_comments <'$TMPD/$tag-save.out' >'$TMPD/$tag.save'
	" || { fail "$tag: reference preload failed (broken test)"; return 1; }
	assert_rc 0 "$(rc_of "$tag-restore")" "$tag: nfcommit restore $nropts" "$TMPD/$tag-restore.err" || return 1
	assert_files_eq "$TMPD/$tag.ref" "$TMPD/$tag.kern" \
		"$tag: kernel state (reference save $sopts) after nfcommit restore $nropts vs after reference restore $ropts"
	assert_rc 0 "$(rc_of "$tag-save")" "$tag: nfcommit save $sopts" "$TMPD/$tag-save.err" || return 1
	assert_files_eq "$TMPD/$tag.ref" "$TMPD/$tag.save" \
		"$tag: nfcommit save $sopts vs reference save $sopts"
}

# ---------------------------------------------------------------------------
# Unprivileged runs (nfcommit check)

# as_nobody CMD [ARGS...]: run CMD as the unprivileged user nobody (when we
# are root; otherwise as ourselves, who are unprivileged already), in the
# current (initial) network namespace.
as_nobody() {
	if [ "$(id -u)" -ne 0 ]; then
		"$@"
	elif command -v setpriv >/dev/null 2>&1 && getent group nogroup >/dev/null 2>&1; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
	else
		runuser -u nobody -- "$@"
	fi
}

# make_public: let nobody read $TMPD and what is in it.
make_public() {
	chmod 755 "$TMPD"
	chmod -R a+rX "$TMPD"
}

# require_check_env: nfcommit built, and (as root) a way to become nobody.
require_check_env() {
	require_nfcommit
	if [ "$(id -u)" -eq 0 ]; then
		id nobody >/dev/null 2>&1 || skip "no user nobody"
		as_nobody true 2>/dev/null || skip "cannot run commands as nobody"
		as_nobody test -x "$NFCOMMIT" || skip "$NFCOMMIT is not executable by nobody"
	fi
}

# run_check TAG ARGS...: `nfcommit check ARGS...` as nobody; stdout, stderr
# and exit status in $TMPD/TAG.{out,err,rc}, both outputs in TAG.all.
run_check() {
	local tag=$1
	shift
	make_public
	as_nobody timeout -k 5 "${RUN_TIMEOUT:-60}" "$NFCOMMIT" check "$@" \
		>"$TMPD/$tag.out" 2>"$TMPD/$tag.err"
	echo $? >"$TMPD/$tag.rc"
	cat "$TMPD/$tag.out" "$TMPD/$tag.err" >"$TMPD/$tag.all"
}

# col_of FILE LINE TOKEN: 1-based column of the first TOKEN in line LINE.
col_of() {
	local src prefix
	src=$(sed -n "${2}p" "$1")
	case $src in
	*"$3"*) prefix=${src%%"$3"*}; echo $((${#prefix} + 1)) ;;
	*) echo 0 ;;
	esac
}

# write_file PATH: copy stdin to PATH (convenience for here-documents).
write_file() { cat >"$1"; }
