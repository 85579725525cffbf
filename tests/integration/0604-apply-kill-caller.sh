#!/bin/bash
# The caller waits at its prompt on a terminal and is killed (SIGKILL,
# SIGHUP, SIGTERM, SIGINT): the old ruleset is back by the deadline + 1 s.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/apply-lib.sh"
require_nfcommit
require_legacy_ref
require_cmd script
apply_setup

nfc restore "$APPLY_DATA/old.v4" || bail "loading the old ruleset failed"
before=$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')
for sig in KILL HUP TERM INT; do
	# script(1) gives apply a terminal; the pipe keeps it from seeing EOF.
	(sleep 20 | ip netns exec "$NS" script -qec "$NFCOMMIT apply -t 2 $APPLY_DATA/new.v4" /dev/null >/dev/null 2>&1) &
	wait_until 5 test -e "$NFCOMMIT_STATE_DIR/lib/pending" || { fail "SIG$sig: nothing pending"; continue; }
	wait_until 5 pgrep -f -x "$NFCOMMIT apply -t 2 $APPLY_DATA/new.v4" >/dev/null
	deadline=$(pending_field deadline)
	pkill "-$sig" -f -x "$NFCOMMIT apply -t 2 $APPLY_DATA/new.v4"
	pkill -9 -f "script -qec $NFCOMMIT apply" 2>/dev/null
	wait_until 5 no_pending || fail "SIG$sig: still pending"
	done_ms=$(now_ms)
	[ $((done_ms - deadline * 1000)) -le 1000 ] || fail "SIG$sig: rollback later than deadline + 1 s"
	assert_eq "$before" "$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')" "SIG$sig: old filter table is back"
	pkill -f "sleep 20" 2>/dev/null
	wait 2>/dev/null
done
finish
