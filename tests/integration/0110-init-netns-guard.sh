#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# NFCOMMIT_FORBID_INIT_NETNS=1: restore refuses to run in the initial network
# namespace, with a message containing "initial network namespace".
#
# SAFETY: in the initial namespace this test only ever runs `restore --test`
# (test mode never commits) on a ruleset that is harmless even if it were
# loaded (empty filter table, ACCEPT policies), and it compares the host's
# rulesets (read only) before and after.
. "$(dirname "$0")/../lib.sh"
require_netns
require_nfcommit
require_cmd "$IPT_SAVE" "$IP6T_SAVE"
is_initial_netns || skip "not running in the initial network namespace (or it cannot be told)"
[ "${NFCOMMIT_FORBID_INIT_NETNS:-}" = 1 ] || bail "NFCOMMIT_FORBID_INIT_NETNS is not 1"
# A binary without the guard's message has no guard: do not run it here.
grep -q -a 'initial network namespace' "$NFCOMMIT" ||
	bail "$NFCOMMIT does not contain the text 'initial network namespace'; refusing to run it in the initial namespace"

printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' ':FORWARD ACCEPT [0:0]' ':OUTPUT ACCEPT [0:0]' 'COMMIT' \
	>"$TMPD/harmless.rules"

# The same command is accepted in a private namespace, so a refusal in the
# initial one is the guard's doing.
in_netns 'run_capture inns "$NFCOMMIT" restore --test -4 --backend=legacy <"$TMPD/harmless.rules"'
assert_rc 0 "$(rc_of inns)" "restore --test in a private namespace" "$TMPD/inns.err"

host_state() { # OUT: read-only snapshot of the host's rulesets
	{
		echo "== ip_tables_names"; cat /proc/net/ip_tables_names 2>/dev/null
		echo "== ip6_tables_names"; cat /proc/net/ip6_tables_names 2>/dev/null
		echo "== legacy v4"; "$IPT_SAVE" 2>&1 | strip_save_comments
		echo "== legacy v6"; "$IP6T_SAVE" 2>&1 | strip_save_comments
		if command -v nft >/dev/null 2>&1; then
			echo "== nft"; nft list ruleset 2>&1
		fi
	} >"$1"
}

host_state "$TMPD/host.before"
n=0
for args in "-4 --backend=legacy" "-6 --backend=legacy" "-4"; do
	n=$((n + 1))
	# shellcheck disable=SC2086 # word splitting of $args intended
	RUN_TIMEOUT=20 run_capture "guard$n" "$NFCOMMIT" restore --test $args "$TMPD/harmless.rules" </dev/null
	rc=$(rc_of "guard$n")
	assert_no_crash "$rc" "restore --test $args in the initial namespace"
	[ "$rc" != 0 ] || fail "restore --test $args in the initial namespace: exit status 0, expected a refusal"
	assert_grep "$TMPD/guard$n.err" 'initial network namespace' \
		"restore --test $args in the initial namespace: refusal message"
done
host_state "$TMPD/host.after"
assert_files_eq "$TMPD/host.before" "$TMPD/host.after" "host rulesets before vs after (must be unchanged)"

finish
