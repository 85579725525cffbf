#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The legacy backend writes the kernel's table blob itself (legacy_blob.c)
# and reads it back itself; a restore that replaces whole tables builds its
# images while it parses (load_stream.c).  The kernel must end up exactly as
# after iptables-legacy-restore, which goes through libiptc: compared with
# iptables-legacy-save -c, IPv4 and IPv6, with counters, jumps and gotos,
# into empty namespaces and over loaded ones, and nfcommit save must print
# the same.
. "$(dirname "$0")/../lib.sh"
require_legacy_ref 46
require_nfcommit

# rules FAM: a ruleset with policies and their counters, user chains
# declared out of order, jumps, gotos, returns, fall-through rules, two
# tables, and rule counters.
rules() {
	local a=192.0.2 n=198.51.100.0/24
	[ "$1" = 6 ] && { a=2001:db8::; n=2001:db8:1::/64; }
	cat <<R
*mangle
:PREROUTING ACCEPT [1:10]
:INPUT ACCEPT [0:0]
:FORWARD DROP [2:20]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:zeta - [0:0]
[3:30] -A PREROUTING -s $n -j zeta
[4:40] -A zeta -p tcp -m tcp --dport 80 -j MARK --set-xmark 0x1/0xffffffff
-A zeta -j RETURN
COMMIT
*filter
:INPUT DROP [100:1000]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [5:500]
:web - [0:0]
:alpha - [0:0]
:Mixed_Case - [0:0]
:empty - [0:0]
[7:70] -A INPUT -s ${a}1/$([ "$1" = 6 ] && echo 128 || echo 32) -j web
[8:80] -A INPUT -p udp -m udp --dport 53 -g alpha
-A INPUT -d $n -j Mixed_Case
-A INPUT -p tcp
-A INPUT -m comment --comment "fall through, no target"
[9:90] -A web -p tcp -m multiport --dports 80,443 -j ACCEPT
-A web -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j DROP
-A web -j alpha
-A alpha -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A alpha -j RETURN
[11:110] -A Mixed_Case -m limit --limit 5/sec -j LOG --log-prefix "mixed "
-A Mixed_Case -j empty
COMMIT
R
}

for fam in 4 6; do
	rules $fam >"$TMPD/blob$fam.rules"
	compare_with_ref $fam "$TMPD/blob$fam.rules" "blob-v$fam-counters" "-c" "-c"
	compare_with_ref $fam "$TMPD/blob$fam.rules" "blob-v$fam" "" "-c"
	# Replace: the same tables loaded already (the kernel is asked for
	# their entry count only, and the old counters come back).
	compare_with_ref $fam "$TMPD/blob$fam.rules" "blob-v$fam-replace" "-c" "-c" \
		"$TMPD/blob$fam.rules"
done

# A builtin chain the file does not declare keeps the kernel's policy, as
# with iptables-restore; declared ones take the file's.
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' ':FORWARD DROP [0:0]' ':OUTPUT DROP [3:4]' 'COMMIT' \
	>"$TMPD/drops.rules"
printf '%s\n' '*filter' ':FORWARD ACCEPT [0:0]' '-A INPUT -j ACCEPT' 'COMMIT' >"$TMPD/undeclared.rules"
compare_with_ref 4 "$TMPD/undeclared.rules" "blob-policy-kept" "" "-c" "$TMPD/drops.rules"
compare_with_ref 4 "$TMPD/undeclared.rules" "blob-policy-kept-c" "-c" "-c" "$TMPD/drops.rules"

# Commands a file may hold besides -A, and a second section of a table,
# which replaces the first.
cat >"$TMPD/cmds.rules" <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 192.0.2.1/32 -j DROP
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:old - [0:0]
:gone - [0:0]
-A INPUT -s 192.0.2.2/32 -j old
-A INPUT -s 192.0.2.3/32 -j ACCEPT
-I INPUT 1 -s 192.0.2.4/32 -j DROP
-R INPUT 3 -s 192.0.2.5/32 -j ACCEPT
-D INPUT -s 192.0.2.4/32 -j DROP
-A old -j RETURN
-E old new
-X gone
-N late
-A late -j ACCEPT
-A INPUT -j late
COMMIT
*nat
COMMIT
R
compare_with_ref 4 "$TMPD/cmds.rules" "blob-commands" "" "" "$TMPD/blob4.rules"

# A large table as iptables-save writes it, each chain's rules together:
# the memory of emptied arena chunks moves under the blob where the next
# rules go (blobmem.c).  Some chains are filled in turn, and INPUT gets a
# rule at the very end, for chains whose rules lie apart in the arena.
grouped() {
	awk -v six="$1" 'BEGIN {
		a = six ? "2001:db8:%x::%x/128" : "198.51.100.%d/32"
		print "*filter"; print ":INPUT DROP [0:0]"; print ":FORWARD ACCEPT [0:0]"
		print ":OUTPUT ACCEPT [0:0]"
		for (c = 0; c < 12; c++) printf ":c%02d - [0:0]\n", c
		for (c = 0; c < 12; c++) printf "-A INPUT -p tcp -m tcp --dport %d -j c%02d\n", 1000 + c, c
		for (c = 0; c < 12; c++)
			for (i = 0; i < 700; i++) {
				ch = c < 10 ? c : 10 + i % 2
				s = six ? sprintf(a, c, i) : sprintf(a, i % 256)
				if (i % 3 == 0) printf "-A c%02d -s %s -p udp -m udp --sport %d -m comment --comment \"r%d\" -j ACCEPT\n", ch, s, 1 + i, i
				else if (i % 3 == 1) printf "-A c%02d -d %s -m conntrack --ctstate NEW -j DROP\n", ch, s
				else printf "-A c%02d -s %s -m limit --limit %d/sec -j LOG --log-prefix \"c%d \"\n", ch, s, 1 + i % 50, c
			}
		print "-A INPUT -j DROP"; print "COMMIT"
	}'
}
for fam in 4 6; do
	grouped $((fam == 6)) >"$TMPD/grouped$fam.rules"
	compare_with_ref $fam "$TMPD/grouped$fam.rules" "blob-grouped-v$fam" "" ""
done

# Many chains and jumps: a kube-proxy shaped nat table.
"$TOP_SRCDIR/tests/bench/gen-kube" 300 >"$TMPD/kube4.rules"
"$TOP_SRCDIR/tests/bench/gen-kube" -6 300 >"$TMPD/kube6.rules"
compare_with_ref 4 "$TMPD/kube4.rules" "blob-kube-v4" "" ""
compare_with_ref 6 "$TMPD/kube6.rules" "blob-kube-v6" "" ""

finish
