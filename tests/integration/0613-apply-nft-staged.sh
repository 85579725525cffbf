#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# apply on nf_tables keeps the old rules in the kernel behind a marker
# during the window (src/nft_stage.h), so that rollback is one cheap batch:
#   - in the window, the rules in force are exactly the new ruleset, and
#     the marker is there for anyone listing the tables;
#   - rollback gives back the old objects themselves: `nft -a list
#     ruleset` (handles included) and counters as before apply;
#   - confirm leaves exactly what a plain restore of the new file makes;
#   - someone else changing the ruleset in the window: rollback puts the
#     snapshot back and says so; confirm commits the new rules again;
#   - a table that holds a set is not staged; NFCOMMIT_NFT_STAGE=0 turns
#     staging off; both still roll back exactly.
. "$(dirname "$0")/../lib.sh"
APPLY_BACKEND=nft
. "$TESTS_DIR/apply-lib.sh"
require_nfcommit
require_cmd nft
require_cmd iptables-nft-save
require_cmd python3
apply_setup

EFFECTIVE=$TESTS_DIR/staged-effective
MARK='nfcommit: the rules below are the previous ones'

cat >"$TMPD/old.v4" <<'EOF'
*filter
:INPUT DROP [7:700]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:SSH - [0:0]
:OLDONLY - [0:0]
[3:180] -A INPUT -i lo -j ACCEPT
[2:120] -A INPUT -p tcp -m tcp --dport 22 -j SSH
-A INPUT -s 192.0.2.66/32 -j OLDONLY
-A SSH -s 192.0.2.0/24 -j ACCEPT
-A OLDONLY -j DROP
COMMIT
EOF
cat >"$TMPD/old.v6" <<'EOF'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 2001:db8::1/128 -j DROP
COMMIT
EOF
# New: SSH changes (a name both have), a new chain, no FORWARD, a new
# table (raw) in IPv4; IPv6 gets a policy change.
cat >"$TMPD/new.v4" <<'EOF'
*raw
:PREROUTING ACCEPT [0:0]
-A PREROUTING -s 192.0.2.99/32 -j DROP
COMMIT
*filter
:INPUT ACCEPT [0:0]
:OUTPUT DROP [0:0]
:SSH - [0:0]
:WEB - [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j SSH
-A INPUT -p tcp -m tcp --dport 443 -j WEB
-A SSH -s 198.51.100.0/24 -j ACCEPT
-A SSH -j DROP
-A WEB -j ACCEPT
-A OUTPUT -o lo -j ACCEPT
COMMIT
EOF
cat >"$TMPD/new.v6" <<'EOF'
*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 2001:db8::2/128 -j ACCEPT
COMMIT
EOF

both() { live | "$EFFECTIVE"; echo '-- IPv6'; live -6 | "$EFFECTIVE"; }
load_old() {
	nsrun nft flush ruleset
	nfc restore -c -4 "$TMPD/old.v4" -6 "$TMPD/old.v6" || bail "loading the old rules failed"
}
apply_new() { # [ENV=VALUE...]
	env "$@" ip netns exec "$NS" "$NFCOMMIT" apply -t 600 --no-prompt \
		-4 "$TMPD/new.v4" -6 "$TMPD/new.v6" >"$TMPD/apply.out" 2>&1
}

# What a plain restore of the new files makes (the reference for the
# window and for confirm), and the old state.
nsrun nft flush ruleset
nfc restore -4 "$TMPD/new.v4" -6 "$TMPD/new.v6" || bail "restore of the new rules failed"
both >"$TMPD/new.eff"
nsrun nft list ruleset >"$TMPD/new.nft"
load_old
both >"$TMPD/old.eff"
nsrun nft -a list ruleset >"$TMPD/old.nft-a"
{ live -c; live -6 -c; } >"$TMPD/old.counters"

# 1. The window: the new rules are in force, the marker is visible.
apply_new || { cat "$TMPD/apply.out"; bail "apply failed"; }
live >"$TMPD/window.v4"
assert_grep "$TMPD/window.v4" "^-A INPUT -m comment --comment \"$MARK" "the window shows the marker in INPUT"
assert_grep "$TMPD/window.v4" '^:nfc-[0-9]+-SSH - ' "the new SSH chain has a stand-in name in the window"
both >"$TMPD/window.eff"
assert_files_eq "$TMPD/new.eff" "$TMPD/window.eff" "in the window, the rules in force are the new ruleset"
[ -s "$NFCOMMIT_STATE_DIR/lib/stage.nft" ] || fail "the plan is in the journal"
grep -q '^genid [0-9]* 1$' "$NFCOMMIT_STATE_DIR/lib/stage.nft" || fail "the plan holds the handles (collected)"

# 2. Rollback: the very objects, handles and counters.
run_capture rb ip netns exec "$NS" "$NFCOMMIT" rollback
assert_rc 0 "$(rc_of rb)" "rollback" "$TMPD/rb.err"
nsrun nft -a list ruleset >"$TMPD/rb.nft-a"
assert_files_eq "$TMPD/old.nft-a" "$TMPD/rb.nft-a" "rollback: nft -a list ruleset is as before apply, handles included"
{ live -c; live -6 -c; } >"$TMPD/rb.counters"
assert_files_eq "$TMPD/old.counters" "$TMPD/rb.counters" "rollback: the counters are as before apply"
assert_grep "$TMPD/state/lib/journal.log" '"event":"rolled back"' "the rollback is in the journal"
grep '"event":"rolled back"' "$TMPD/state/lib/journal.log" | grep -q 'changed by someone else' &&
	fail "an untouched window must not be reported as changed"

# 3. Confirm: what a plain restore makes, nothing of the old left.
apply_new || bail "apply (2) failed"
run_capture cf ip netns exec "$NS" "$NFCOMMIT" confirm
assert_rc 0 "$(rc_of cf)" "confirm" "$TMPD/cf.err"
nsrun nft list ruleset >"$TMPD/cf.nft"
grep -q "$MARK" "$TMPD/cf.nft" && fail "confirm left a marker"
grep -q 'nfc-[0-9]' "$TMPD/cf.nft" && fail "confirm left a stand-in chain name"
grep -q 'OLDONLY' "$TMPD/cf.nft" && fail "confirm left an old chain"
both >"$TMPD/cf.eff"
assert_files_eq "$TMPD/new.eff" "$TMPD/cf.eff" "confirm: the ruleset is what restore of the new files makes"
[ -e "$NFCOMMIT_STATE_DIR/lib/stage.nft" ] && fail "confirm removes the plan"

# 3b. More stand-in chains than one rename batch holds (confirm sends
# renames RENAMES_PER_BATCH at a time; see nft_stage_run.c).
{
	echo '*filter'; echo ':INPUT ACCEPT [0:0]'
	for i in $(seq 600); do echo ":C$i - [0:0]"; done
	for i in $(seq 600); do echo "-A INPUT -s 192.0.2.$((i % 250 + 1))/32 -j C$i"; echo "-A C$i -j ACCEPT"; done
	echo COMMIT
} >"$TMPD/many.v4"
sed 's/-j ACCEPT$/-j DROP/' "$TMPD/many.v4" >"$TMPD/many2.v4"
nsrun nft flush ruleset
nfc restore "$TMPD/many2.v4" || bail "restore many2"
live | "$EFFECTIVE" >"$TMPD/many2.eff"
nsrun nft flush ruleset
nfc restore "$TMPD/many.v4" || bail "restore many"
nfc apply -t 600 --no-prompt "$TMPD/many2.v4" >/dev/null 2>&1 || bail "apply many"
[ "$(live | grep -c '^:nfc-')" = 600 ] || fail "600 chains have stand-in names in the window"
run_capture cfm ip netns exec "$NS" "$NFCOMMIT" confirm
assert_rc 0 "$(rc_of cfm)" "confirm with 600 renames" "$TMPD/cfm.err"
live | "$EFFECTIVE" >"$TMPD/many-cf.eff"
assert_files_eq "$TMPD/many2.eff" "$TMPD/many-cf.eff" "600 renames: the ruleset is what restore makes"
live | grep -q -e '^:nfc-' -e "$MARK" && fail "600 renames: a stand-in name or marker is left"
grep '"event":"confirmed"' "$TMPD/state/lib/journal.log" | tail -n 1 | grep -q 'committed again' &&
	fail "600 renames: confirm fell back to committing again"

# 4. Someone else changes the ruleset in the window.
load_old
nsrun nft list ruleset >"$TMPD/old.nft"
apply_new || bail "apply (3) failed"
nsrun nft add table ip other || bail "nft add table"
run_capture rb2 ip netns exec "$NS" "$NFCOMMIT" rollback
assert_rc 0 "$(rc_of rb2)" "rollback after someone else's change" "$TMPD/rb2.err"
nsrun nft delete table ip other
nsrun nft list ruleset >"$TMPD/rb2.nft"
assert_files_eq "$TMPD/old.nft" "$TMPD/rb2.nft" "rollback after a change: the snapshot is back"
grep '"event":"rolled back"' "$TMPD/state/lib/journal.log" | tail -n 1 | grep -q 'changed by someone else' ||
	fail "rollback after a change says so in the journal"

load_old
apply_new || bail "apply (4) failed"
nsrun iptables-nft -A WEB -s 203.0.113.1 -j DROP 2>/dev/null
nsrun iptables-nft -D WEB -s 203.0.113.1 -j DROP 2>/dev/null ||
	nsrun nft add table ip other2 # the chain may have its stand-in name
run_capture cf2 ip netns exec "$NS" "$NFCOMMIT" confirm
assert_rc 0 "$(rc_of cf2)" "confirm after someone else's change" "$TMPD/cf2.err"
nsrun nft delete table ip other2 2>/dev/null
both >"$TMPD/cf2.eff"
assert_files_eq "$TMPD/new.eff" "$TMPD/cf2.eff" "confirm after a change: the new ruleset, committed again"
nsrun nft list ruleset | grep -q "$MARK" && fail "confirm after a change left a marker"
grep '"event":"confirmed"' "$TMPD/state/lib/journal.log" | tail -n 1 | grep -q 'committed again' ||
	fail "confirm after a change says, in the journal, that it committed the new rules again"

# 5. A table with a set is not staged, and still rolls back exactly.
load_old
nsrun nft add set ip filter blocked '{ type ipv4_addr; elements = { 192.0.2.250 } }' || bail "nft add set"
nsrun nft list ruleset >"$TMPD/set.nft"
apply_new || bail "apply (5) failed"
live >"$TMPD/set-window.v4"
grep -q "$MARK" "$TMPD/set-window.v4" && fail "a table holding a set must not be staged"
run_capture rb3 ip netns exec "$NS" "$NFCOMMIT" rollback
assert_rc 0 "$(rc_of rb3)" "rollback of an unstaged table" "$TMPD/rb3.err"
nsrun nft list ruleset >"$TMPD/set-rb.nft"
assert_files_eq "$TMPD/set.nft" "$TMPD/set-rb.nft" "unstaged rollback: the table, its set included, is back"

# 6. NFCOMMIT_NFT_STAGE=0: replaced as restore does; rollback exact.
load_old
nsrun nft list ruleset >"$TMPD/old.nft"
apply_new NFCOMMIT_NFT_STAGE=0 || bail "apply (6) failed"
live >"$TMPD/off.v4"
grep -q "$MARK" "$TMPD/off.v4" && fail "NFCOMMIT_NFT_STAGE=0 still staged"
both >"$TMPD/off.eff"
assert_files_eq "$TMPD/new.eff" "$TMPD/off.eff" "unstaged window: the new ruleset"
run_capture rb4 ip netns exec "$NS" "$NFCOMMIT" rollback
assert_rc 0 "$(rc_of rb4)" "unstaged rollback" "$TMPD/rb4.err"
nsrun nft list ruleset >"$TMPD/off-rb.nft"
assert_files_eq "$TMPD/old.nft" "$TMPD/off-rb.nft" "unstaged rollback: the old ruleset"

finish
