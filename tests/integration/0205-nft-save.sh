#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit save --backend=nft prints what iptables-nft-save prints (the
# "Generated"/"Completed" lines aside, its other # notes included): tables
# in nf_tables' order, base chains nf_tables lacks shown as ACCEPT [0:0], a
# table with rules iptables cannot express reduced to iptables-nft-save's
# note, a base chain that is not iptables' noted and left out, -t TABLE of
# a table that does not exist, counters with -c, both families.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/nft-lib.sh"
require_nft_ref
require_nfcommit

cat >"$TMPD/v4.rules" <<'R'
*nat
-A POSTROUTING -s 192.0.2.0/24 -o eth0 -j SNAT --to-source 198.51.100.1
COMMIT
*filter
:INPUT DROP [0:0]
:zeta - [0:0]
:Alpha - [0:0]
[7:420] -A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j zeta
-A zeta -m conntrack --ctstate NEW -j Alpha
-A Alpha -j LOG --log-prefix "a "
COMMIT
*mangle
-A OUTPUT -j MARK --set-xmark 0x2/0xffffffff
COMMIT
*raw
:OUTPUT DROP [0:0]
COMMIT
R
cat >"$TMPD/v6.rules" <<'R'
*filter
:FORWARD DROP [1:2]
-A FORWARD -s 2001:db8::/32 -d 2001:db8:1::/48 -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT
COMMIT
R

# same LABEL FAM SAVE-OPTIONS SETUP: after SETUP, nfcommit save and the
# reference print the same.
n=0
same() {
	local label=$1 fam=$2 opts=$3 setup=$4 s=$NFT_SAVE4
	n=$((n + 1))
	[ "$fam" = 6 ] && s=$NFT_SAVE6
	in_netns "
		$setup
		$s $opts 2>/dev/null | strip_save_comments >'$TMPD/ref$n'
		run_capture 'save$n' \"\$NFCOMMIT\" save -$fam --backend=nft $opts
		strip_save_comments <'$TMPD/save$n.out' >'$TMPD/ours$n'
	" || { fail "$label: setup failed (broken test)"; return; }
	assert_rc 0 "$(rc_of "save$n")" "$label" "$TMPD/save$n.err" &&
		assert_files_eq "$TMPD/ref$n" "$TMPD/ours$n" "$label: nfcommit save vs iptables-nft-save"
}

load="$NFT_RESTORE4 -c <'$TMPD/v4.rules' && $NFT_RESTORE6 -c <'$TMPD/v6.rules' || exit 3"
same "IPv4" 4 "" "$load"
same "IPv4 with counters" 4 "-c" "$load"
same "IPv6 with counters" 6 "-c" "$load"
same "-t filter" 4 "-t filter" "$load"
same "-t security, which does not exist" 4 "-t security" "$load"
same "nothing loaded" 4 "" ":"
same "a table with an nft-only rule" 4 "" "$load
	nft add rule ip filter zeta ct state new accept"
same "a base chain that is not iptables'" 4 "" "$load
	nft add chain ip filter early '{ type filter hook input priority -5; }'
	nft add rule ip filter early accept"
same "a table of another name" 4 "" "$load
	nft add table ip docker
	nft add chain ip docker c"

# An unknown table is an error, as with iptables-nft-save.
in_netns 'run_capture bogus "$NFCOMMIT" save --backend=nft -t bogus'
assert_rc 1 "$(rc_of bogus)" "save -t bogus"

finish
