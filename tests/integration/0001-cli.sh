#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Command line basics: --version, SUBCOMMAND --help, usage errors (exit 2).
. "$(dirname "$0")/../lib.sh"
require_nfcommit

run_capture version "$NFCOMMIT" --version
assert_rc 0 "$(rc_of version)" "nfcommit --version" "$TMPD/version.err"
assert_grep "$TMPD/version.out" 'nfcommit' "nfcommit --version names the program"

for sub in restore save check; do
	run_capture "help-$sub" "$NFCOMMIT" "$sub" --help
	assert_rc 0 "$(rc_of "help-$sub")" "nfcommit $sub --help" "$TMPD/help-$sub.err"
	assert_nonempty "$TMPD/help-$sub.out" "nfcommit $sub --help prints the usage on stdout"
done

run_capture noargs "$NFCOMMIT"
assert_rc 2 "$(rc_of noargs)" "nfcommit without arguments"
assert_no_crash "$(rc_of noargs)" "nfcommit without arguments"

run_capture badsub "$NFCOMMIT" no-such-subcommand
assert_rc 2 "$(rc_of badsub)" "nfcommit no-such-subcommand"
assert_nonempty "$TMPD/badsub.err" "nfcommit no-such-subcommand: a message on stderr"

# Usage errors of restore/save, inside a namespace (restore touches the
# kernel only after its arguments are accepted, but never risk it).
if [ "$(id -u)" -ne 0 ] || ! unshare -n true 2>/dev/null; then finish; fi
rules=$TESTS_DIR/data/roundtrip/ipv4-filter.rules
preload_rules 4 >"$TMPD/pre4.rules"
in_netns '
	"$IPT_RESTORE" <"$TMPD/pre4.rules" || exit 3
	save_state 4 "$TMPD/usage.before"
	run_capture badopt "$NFCOMMIT" restore -4 --backend=legacy --no-such-option <"'"$rules"'"
	run_capture badbackend "$NFCOMMIT" restore -4 --backend=no-such-backend <"'"$rules"'"
	run_capture twofiles "$NFCOMMIT" restore -4 --backend=legacy "'"$rules"'" "'"$rules"'" </dev/null
	run_capture nofile "$NFCOMMIT" restore -4 --backend=legacy "$TMPD/does-not-exist.rules" </dev/null
	run_capture savebadopt "$NFCOMMIT" save -4 --backend=legacy --no-such-option
	save_state 4 "$TMPD/usage.after"
' || bail "namespace setup failed"
assert_rc 2 "$(rc_of badopt)" "restore --no-such-option" "$TMPD/badopt.err"
assert_rc 2 "$(rc_of badbackend)" "restore --backend=no-such-backend" "$TMPD/badbackend.err"
assert_rc 2 "$(rc_of twofiles)" "restore with two FILE arguments" "$TMPD/twofiles.err"
assert_rc_in "1 2" "$(rc_of nofile)" "restore of a missing FILE"
assert_grep "$TMPD/nofile.err" 'does-not-exist\.rules' "restore of a missing FILE: names the file"
assert_rc 2 "$(rc_of savebadopt)" "save --no-such-option" "$TMPD/savebadopt.err"
assert_files_eq "$TMPD/usage.before" "$TMPD/usage.after" "usage errors change nothing"

finish
