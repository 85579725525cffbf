#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nf_tables backend, what a restore touches, compared with
# iptables-nft-restore on the same starting state (objects and expressions
# compared with `nft list ruleset` and `nft --debug=netlink`):
#   * without --noflush each table of the file is replaced as iptables-nft
#     replaces it: deleted with everything in it (policies the file does
#     not set go back to ACCEPT, foreign nft chains in it go) and made again;
#     an empty *table section deletes the table;
#   * with --noflush only what the file says changes: rules deleted,
#     inserted, replaced, chains added and deleted, an nft-native chain in
#     the same table left alone;
#   * tables the file does not name are never touched, in either mode.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/nft-lib.sh"
require_nft_ref
require_nfcommit

cat >"$TMPD/base.rules" <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:keep - [0:0]
:gone - [0:0]
-A INPUT -s 192.0.2.1/32 -j keep
-A INPUT -s 192.0.2.2/32 -j DROP
-A INPUT -s 192.0.2.3/32 -j gone
-A keep -j ACCEPT
COMMIT
*raw
-A PREROUTING -s 192.0.2.4/32 -j CT --notrack
COMMIT
*nat
-A POSTROUTING -o eth0 -j MASQUERADE
COMMIT
R
# nft's own things beside iptables': a chain in the filter table, a table.
cat >"$TMPD/foreign.nft" <<'R'
add chain ip filter foreign
add rule ip filter foreign ip saddr 198.51.100.1 ct state new counter
add table inet docker
add chain inet docker dfwd { type filter hook forward priority 5; }
add rule inet docker dfwd iifname "docker0" accept
R
cat >"$TMPD/replace.rules" <<'R'
*filter
:INPUT ACCEPT [0:0]
:svc - [0:0]
-A INPUT -p tcp -m tcp --dport 443 -j svc
-A svc -j ACCEPT
COMMIT
*raw
COMMIT
R
cat >"$TMPD/delta.rules" <<'R'
*filter
:new - [0:0]
-D INPUT -s 192.0.2.3/32 -j gone
-X gone
-I INPUT 2 -s 192.0.2.9/32 -j new
-A INPUT -s 192.0.2.10/32 -j ACCEPT
-A new -j RETURN
-R keep 1 -j DROP
-P FORWARD ACCEPT
COMMIT
*mangle
-A PREROUTING -j MARK --set-xmark 0x1/0xffffffff
COMMIT
R

# compare LABEL OPTIONS FILE
compare() {
	local label=$1 opts=$2 file=$3 tag
	tag=$(basename "$file" .rules)
	for who in ref ours; do
		local cmd="$NFT_RESTORE4 $opts"
		[ $who = ours ] && cmd="\"\$NFCOMMIT\" restore -4 --backend=nft $opts"
		in_netns "
			$NFT_RESTORE4 <'$TMPD/base.rules' && nft -f '$TMPD/foreign.nft' || exit 3
			run_capture '$tag-$who' $cmd <'$file'
			nft_ruleset >'$TMPD/$tag.$who'
			nft_save 4 >'$TMPD/$tag.$who.save'
		" || { fail "$label: setup failed (broken test)"; return; }
	done
	assert_rc 0 "$(rc_of "$tag-ref")" "$label: reference" "$TMPD/$tag-ref.err"
	assert_rc 0 "$(rc_of "$tag-ours")" "$label: nfcommit" "$TMPD/$tag-ours.err"
	assert_files_eq "$TMPD/$tag.ref" "$TMPD/$tag.ours" "$label: nf_tables ruleset"
	assert_files_eq "$TMPD/$tag.ref.save" "$TMPD/$tag.ours.save" "$label: iptables-nft-save"
	assert_grep "$TMPD/$tag.ours" '^table inet docker' "$label: a table the file does not name stays"
	assert_grep "$TMPD/$tag.ours" 'iifname "docker0" accept' "$label: ... with its rules"
	assert_grep "$TMPD/$tag.ours" 'oifname "eth0" counter packets 0 bytes 0 masquerade' \
		"$label: the nat table the file does not name stays"
}

compare "replace" "" "$TMPD/replace.rules"
assert_no_grep "$TMPD/replace.ours" 'chain foreign|policy drop|^table ip raw' \
	"replace: foreign chain, unset policy and the emptied raw table are gone"
compare "--noflush" "--noflush" "$TMPD/delta.rules"
assert_grep "$TMPD/delta.ours" 'ct state new counter' "--noflush: the nft chain in the table stays"

# A second *filter section replaces the table again, and -c sets counters.
printf '*filter\n:INPUT DROP [1:2]\n-A INPUT -j ACCEPT\nCOMMIT\n*filter\n:OUTPUT DROP [3:4]\n[5:6] -A OUTPUT -j ACCEPT\nCOMMIT\n' >"$TMPD/twice.rules"
compare "a table named twice" "-c" "$TMPD/twice.rules"

finish
