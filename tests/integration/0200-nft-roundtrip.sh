#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nf_tables backend: what `nfcommit restore --backend=nft` loads is what
# iptables-nft-restore 1.8.9 loads, down to the expressions (`nft --debug
# =netlink list ruleset`, handles aside), and `nfcommit save --backend=nft`
# prints what iptables-nft-save prints, for every roundtrip data file, with
# and without --counters.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/nft-lib.sh"
require_nft_ref
require_nfcommit

# check FAM RULES LABEL [-c]
check() {
	local fam=$1 rules=$2 label=$3 c=${4:-} tag r
	r=$(ref_restore_cmd "$fam")
	tag=$(basename "$rules" .rules)$c
	in_netns "
		$r $c <'$rules' || exit 3
		nft_save $fam $c >'$TMPD/$tag.refsave'
		nft_ruleset >'$TMPD/$tag.refnft'
	" || { fail "$label: the reference rejects the test data (broken test)"; return; }
	in_netns "
		run_capture '$tag-r' \"\$NFCOMMIT\" restore -$fam --backend=nft $c <'$rules'
		nft_save $fam $c >'$TMPD/$tag.kern'
		nft_ruleset >'$TMPD/$tag.nft'
		run_capture '$tag-s' \"\$NFCOMMIT\" save -$fam --backend=nft $c
	"
	assert_rc 0 "$(rc_of "$tag-r")" "$label: nfcommit restore" "$TMPD/$tag-r.err" || return
	assert_files_eq "$TMPD/$tag.refsave" "$TMPD/$tag.kern" \
		"$label: iptables-nft-save after nfcommit vs after iptables-nft-restore"
	assert_files_eq "$TMPD/$tag.refnft" "$TMPD/$tag.nft" \
		"$label: nf_tables objects and expressions"
	assert_rc 0 "$(rc_of "$tag-s")" "$label: nfcommit save" "$TMPD/$tag-s.err" || return
	grep -v '^#' "$TMPD/$tag-s.out" >"$TMPD/$tag.save"
	assert_files_eq "$TMPD/$tag.refsave" "$TMPD/$tag.save" \
		"$label: nfcommit save --backend=nft vs iptables-nft-save"

	# nfcommit save of what the reference loaded
	in_netns "
		$r $c <'$rules' || exit 3
		run_capture '$tag-s2' \"\$NFCOMMIT\" save -$fam --backend=nft $c
	"
	grep -v '^#' "$TMPD/$tag-s2.out" >"$TMPD/$tag.save2"
	assert_files_eq "$TMPD/$tag.refsave" "$TMPD/$tag.save2" \
		"$label: nfcommit save of a namespace loaded by iptables-nft-restore"
}

for f in "$TESTS_DIR"/data/roundtrip/ipv4-*.rules; do
	check 4 "$f" "$(basename "$f")"
done
for f in "$TESTS_DIR"/data/roundtrip/ipv6-*.rules; do
	check 6 "$f" "$(basename "$f")"
done

# Native encodings iptables-nft uses, with counters.
cat >"$TMPD/native.rules" <<'R'
*filter
:INPUT ACCEPT [3:180]
:FORWARD DROP [7:420]
:OUTPUT ACCEPT [0:0]
:svc - [0:0]
:other - [0:0]
[1:60] -A INPUT -s 192.0.2.0/24 -d 198.51.100.1/32 -i eth0 -p tcp -m tcp --sport 1024:65535 --dport 22 -j ACCEPT
[2:120] -A INPUT ! -s 192.0.2.0/255.255.0.255 -p udp -m udp --sport 53 --dport 53 -j svc
-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m tcp ! --dport 0:1023 -j DROP
-A INPUT -m mark --mark 0x1/0xff -m limit --limit 7/sec --limit-burst 3 -g other
-A INPUT ! -i + -j DROP
-A INPUT -f -p icmp -m icmp --icmp-type 8 -j ACCEPT
-A FORWARD -i eth+ ! -o lo -p tcp -m tcp --dport 1000:2000 -j NFLOG --nflog-group 3 --nflog-prefix foo --nflog-threshold 2 --nflog-size 100
-A svc -m comment --comment "a \"quoted\" comment" -j RETURN
-A other -m mark ! --mark 0x5 -j ACCEPT
COMMIT
*raw
:PREROUTING ACCEPT [0:0]
-A PREROUTING -p tcp -j TRACE
COMMIT
R
check 4 "$TMPD/native.rules" "native encodings"
check 4 "$TMPD/native.rules" "native encodings with counters" -c

finish
