#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Regressions found by the fault injection and kill tests (07NN):
#  1. legacy: a table whose commit fails after the kernel replaced it (the
#     counters call, libiptc's second setsockopt) is put back too;
#  2. a pending record whose apply died before its guardian reported in is
#     rolled back by the next command, not trusted for the grace period;
#  3. a rollback that fails leaves the transaction pending, its guardian
#     armed, and the new rules live.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/fault-lib.sh"
fault_setup
fault_rulesets
fault_ns_new legacy
fault_refs

# 1: every failing set/getsockopt of a restore leaves the old rules.
fault_nfc all:count restore -4 "$TMPD/new.v4" -6 "$TMPD/new.v6"
count=$(sed -n 's/^nfcommit-fault: count kernel //p' "$TMPD/fault.log")
[ "${count:-0}" -gt 4 ] || bail "restore made ${count:-0} kernel calls"
for ((n = 1; n <= count && n <= 200; n++)); do
	load_old
	fault_nfc "kernel:$n" restore -4 "$TMPD/new.v4" -6 "$TMPD/new.v6"
	grep -q 'setsockopt() fails' "$TMPD/fault.log" || continue
	assert_eq old "$(which_live)" "restore with kernel call $n failing (setsockopt) leaves the old rules"
done

# 2: apply died after writing its record, before its guardian came.
load_old
apply_new
kill_guardians
sed -i -e 's/^guardian=.*/guardian=0/' -e "s/^started=.*/started=$(date +%s)/" \
	"$NFCOMMIT_STATE_DIR/lib/pending"
nfc status >/dev/null 2>&1
assert_eq old "$(which_live)" "status rolls back a record whose apply is gone"
assert_eq rolled-back "$(sed -n 's/^state=//p' "$NFCOMMIT_STATE_DIR/lib/last")" \
	"the journal says rolled back"

# 3: the snapshot's commit fails: still pending, guardian armed, new live.
load_old
apply_new
fault_nfc all:count status
failed=
for ((n = 1; n <= 60; n++)); do
	CASE="rollback kernel:$n"
	fault_nfc "kernel:$n" rollback
	rc=$?
	if [ "$rc" -eq 6 ]; then
		failed=$n
		break
	fi
	load_old
	apply_new
done
[ -n "$failed" ] || bail "no kernel fault made rollback fail"
assert_eq new "$(which_live)" "a failed rollback leaves the new rules live"
[ -e "$NFCOMMIT_STATE_DIR/lib/pending" ] || fail "a failed rollback ended the transaction"
assert_eq 1 "$(guardians_left)" "a failed rollback keeps the guardian"
nfc rollback >/dev/null 2>&1 || fail "rollback without a fault, after a failed one"
assert_eq old "$(which_live)" "the second rollback puts the old rules back"
finish
