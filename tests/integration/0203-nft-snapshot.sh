#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nf_tables snapshots (snapshot_nft.h, for apply's rollback): take a
# snapshot of every table, load other rules over them (nfcommit and the
# reference tools, both families, a table deleted, one added), put the
# snapshot back, and `nft list ruleset` prints the very same bytes.  The
# tables hold what iptables cannot express too: named and anonymous sets,
# maps, verdict maps, concatenations, stateful objects, comments,
# counters with values, a base chain of another priority, an inet table.
# A table that was not in the snapshot is left alone, and a snapshot
# table that did not exist is deleted.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/nft-lib.sh"
require_nft_ref
require_nfcommit
[ -x "$SNAPTOOL" ] || skip "snapshot helper $SNAPTOOL not built (make check builds it)"

cat >"$TMPD/ipt4.rules" <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [5:300]
:OUTPUT ACCEPT [0:0]
:svc - [0:0]
[3:180] -A INPUT -s 192.0.2.0/24 -p tcp -m tcp --dport 22 -j svc
-A INPUT -m conntrack --ctstate NEW -m comment --comment "new ones" -j ACCEPT
-A svc -m limit --limit 5/sec -j LOG --log-prefix "svc "
COMMIT
*nat
-A POSTROUTING -o eth0 -j MASQUERADE
COMMIT
R
cat >"$TMPD/ipt6.rules" <<'R'
*filter
:INPUT DROP [0:0]
-A INPUT -s 2001:db8::/32 -p tcp -m multiport --dports 80,443 -j ACCEPT
COMMIT
R
cat >"$TMPD/native.nft" <<'R'
table ip filter {
	set blocked { type ipv4_addr; flags interval; elements = { 198.51.100.0/24, 203.0.113.7 }; }
	map ports { type inet_service : verdict; elements = { 22 : accept, 80 : jump svc }; }
	counter c1 { packets 5 bytes 500; }
	quota q1 { over 100 mbytes used 5 mbytes; }
	chain extra {
		ip saddr @blocked counter packets 3 bytes 120 drop
		tcp dport vmap @ports
		ip daddr { 192.0.2.1, 192.0.2.2 } counter name "c1" comment "anonymous set"
		ip saddr . tcp dport { 192.0.2.3 . 22, 192.0.2.4 . 80 } accept
		meta mark set 0x5 limit rate 10/second burst 3 packets
	}
	chain early { type filter hook input priority -5; policy accept; iifname "lo" accept; }
}
table inet other {
	chain c { type filter hook input priority 10; policy accept; ct state established accept; }
}
R
cat >"$TMPD/other4.rules" <<'R'
*filter
:INPUT DROP [0:0]
-A INPUT -j ACCEPT
COMMIT
*raw
-A OUTPUT -j ACCEPT
COMMIT
R

in_netns "
	$NFT_RESTORE4 <'$TMPD/ipt4.rules' && $NFT_RESTORE6 <'$TMPD/ipt6.rules' &&
		nft -f '$TMPD/native.nft' || exit 3
	nft list ruleset 2>/dev/null >'$TMPD/before'
	run_capture take \"\$SNAPTOOL\" take '$TMPD/snap' ip:filter ip:nat ip:raw ip6:filter inet:other
	# something else: nfcommit, the reference, nft
	\"\$NFCOMMIT\" restore --backend=nft -4 '$TMPD/other4.rules' -6 '$TMPD/ipt6.rules'
	printf '*nat\nCOMMIT\n' | $NFT_RESTORE4
	nft add table inet other
	nft add chain inet other more
	nft list ruleset 2>/dev/null >'$TMPD/between'
	run_capture restore \"\$SNAPTOOL\" restore '$TMPD/snap'
	nft list ruleset 2>/dev/null >'$TMPD/after'
	# a second restore finds nothing to do
	run_capture again \"\$SNAPTOOL\" restore '$TMPD/snap'
	nft list ruleset 2>/dev/null >'$TMPD/again'
" || fail "setting up the namespace failed (broken test)"
assert_rc 0 "$(rc_of take)" "take the snapshot" "$TMPD/take.err"
cmp -s "$TMPD/before" "$TMPD/between" && fail "nothing changed between snapshot and restore (broken test)"
assert_rc 0 "$(rc_of restore)" "restore the snapshot" "$TMPD/restore.err"
assert_files_eq "$TMPD/before" "$TMPD/after" "nft list ruleset after snapshot, change, restore"
assert_rc 0 "$(rc_of again)" "restore it again" "$TMPD/again.err"
assert_files_eq "$TMPD/before" "$TMPD/again" "nft list ruleset after restoring twice"

# Tables outside the snapshot stay; a table absent at snapshot time goes.
in_netns "
	$NFT_RESTORE4 <'$TMPD/ipt4.rules' || exit 3
	\"\$SNAPTOOL\" take '$TMPD/snap2' ip:filter ip:mangle || exit 3
	nft add table ip mangle
	nft add chain ip mangle PREROUTING '{ type filter hook prerouting priority -150; }'
	nft add table ip6 bystander
	nft add chain ip6 bystander c
	nft list table ip nat 2>/dev/null >'$TMPD/nat.before'
	run_capture restore2 \"\$SNAPTOOL\" restore '$TMPD/snap2'
	nft list tables >'$TMPD/tables2'
	nft list table ip nat 2>/dev/null >'$TMPD/nat.after'
" || fail "second namespace setup failed (broken test)"
assert_rc 0 "$(rc_of restore2)" "restore a snapshot with an absent table" "$TMPD/restore2.err"
assert_no_grep "$TMPD/tables2" '^table ip mangle$' "a table absent at snapshot time is deleted"
assert_grep "$TMPD/tables2" '^table ip6 bystander$' "a table outside the snapshot stays"
assert_files_eq "$TMPD/nat.before" "$TMPD/nat.after" "a table outside the snapshot is unchanged"

finish
