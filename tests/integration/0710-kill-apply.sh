#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Kill tests: SIGKILL `nfcommit apply' at random moments (KILL_ITERATIONS,
# default 200; half within the first 100 ms, half anywhere in an apply's
# run; KILL_SEED makes a run reproducible and is printed).  After each,
# `nfcommit status' leaves the old or the new ruleset live, never a mix,
# and `nfcommit rollback' the old one.  On nf_tables a mix is never live,
# not even before status; on legacy, whose families and tables are
# replaced one by one, a kill between two replaces leaves a mix until the
# next command rolls it back (counted, not a failure); every fourth time `confirm' runs
# first, and then the new (confirmed) rules stay.  No guardian outlives
# the test.  KILL_BACKEND=nft runs it against nf_tables.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/fault-lib.sh"
fault_setup noshim
fault_rulesets
require_cmd date sleep

ITER=${KILL_ITERATIONS:-200}
SEED=${KILL_SEED:-$(date +%s)}
RANDOM=$SEED
note "kill test: seed $SEED (KILL_SEED=$SEED to run it again), $ITER iterations"

fault_ns_new "${KILL_BACKEND:-legacy}"
fault_refs

apply_args=(apply -t 600 --no-prompt -4 "$TMPD/new.v4" -6 "$TMPD/new.v6")
# How long one apply takes here, to spread the kills over it.
t0=$(now_ms)
nfc "${apply_args[@]}" </dev/null >/dev/null 2>&1 || bail "apply without a kill failed"
span=$(($(now_ms) - t0 + 20))
nfc rollback >/dev/null 2>&1
note "one apply takes about $((span - 20)) ms"

mismatch=0 mixed=0 mixed_until_status=0 bad_rollback=0 confirmed=0 journal_lag=0
for ((i = 1; i <= ITER; i++)); do
	load_old
	if [ $((i % 2)) -eq 1 ]; then
		delay=$((RANDOM % 100))
	else
		delay=$((RANDOM % span))
	fi
	ip netns exec "$NS" "$NFCOMMIT" "${apply_args[@]}" </dev/null >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '0.%03d' "$delay")"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	CASE="kill $i (after $delay ms)"

	l=$(which_live)
	j=$(journal_says) # runs `nfcommit status' first
	l2=$(which_live)
	if [ "$l" = mixed ] && [ "$l2" != mixed ] && [ "${KILL_BACKEND:-legacy}" = legacy ]; then
		mixed_until_status=$((mixed_until_status + 1))
	fi
	if [ "$l2" = mixed ] || { [ "$l" = mixed ] && [ "${KILL_BACKEND:-legacy}" != legacy ]; }; then
		mixed=$((mixed + 1))
		violation "a mix of the old and the new rules is live (before status: $l, after: $l2)"
	elif [ "$l2" != "$j" ]; then
		journal_lag=$((journal_lag + 1))
		violation "after status the $l2 rules are live, but the journal says $j"
	fi
	if [ $((i % 4)) -eq 0 ] && nfc confirm >/dev/null 2>&1; then
		confirmed=$((confirmed + 1))
		[ "$(which_live)" = new ] || violation "confirm succeeded, but the new rules are not live"
		nfc rollback >/dev/null 2>&1
		l3=$(which_live)
		[ "$l3" = new ] || violation "after a confirm, rollback left the $l3 rules"
	else
		nfc rollback >/dev/null 2>&1
		l3=$(which_live)
		if [ "$l3" != old ]; then
			bad_rollback=$((bad_rollback + 1))
			violation "after status and rollback the $l3 rules are live"
		fi
	fi
	check_armed
done
sleep 0.5
left=$(guardians_left)
note "$ITER kills: $mixed mixed, $mixed_until_status mixed until status (legacy), $bad_rollback not old after rollback, $confirmed confirmed, $journal_lag journal behind the live rules after status, $left guardian(s) left running"
[ "$left" -eq 0 ] || fail "$left guardian(s) of this namespace still run after every transaction ended"
kill_guardians
finish
