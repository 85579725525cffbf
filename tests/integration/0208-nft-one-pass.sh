#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nf_tables backend, restore with --backend=nft: the tables are built while
# the file is parsed, and the rules are appended in the order the file gave
# them; when a file inserts, replaces or deletes rules they are put in
# chain order first.  What the kernel holds afterwards must still be what
# iptables-nft-restore leaves, for files that append to chains in turn,
# name a table twice (the second section replaces the first), leave base
# chains unnamed, or replace a table the kernel already holds; and an error
# late in a large file must still quote its line.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/nft-lib.sh"
require_nft_ref
require_nfcommit

# same_as_ref LABEL PRELOAD RULES [save-only]: load PRELOAD (may be empty)
# then RULES with the reference and with nfcommit, compare what the kernel
# holds.  save-only: compare what iptables-nft-save shows (a table named
# twice is listed by nft before or after the others: not compared).
same_as_ref() {
	local label=$1 pre=$2 rules=$3 only=${4:-} tag
	tag=$(echo "$label" | tr -c 'a-z0-9\n' '-')
	in_netns "
		[ -z '$pre' ] || $NFT_RESTORE4 <'$pre' || exit 3
		$NFT_RESTORE4 <'$rules' || exit 3
		nft_save 4 >'$TMPD/$tag.refsave'
		nft_ruleset >'$TMPD/$tag.refnft'
	" || { fail "$label: the reference rejects the test data (broken test)"; return; }
	in_netns "
		[ -z '$pre' ] || $NFT_RESTORE4 <'$pre' || exit 3
		run_capture '$tag' \"\$NFCOMMIT\" restore --backend=nft <'$rules'
		nft_save 4 >'$TMPD/$tag.save'
		nft_ruleset >'$TMPD/$tag.nft'
	"
	assert_rc 0 "$(rc_of "$tag")" "$label: nfcommit restore" "$TMPD/$tag.err" || return
	assert_files_eq "$TMPD/$tag.refsave" "$TMPD/$tag.save" "$label: iptables-nft-save"
	[ -n "$only" ] && return
	assert_files_eq "$TMPD/$tag.refnft" "$TMPD/$tag.nft" "$label: nf_tables objects"
}

# Rules appended to three chains in turn, over a few arena chunks' worth.
{
	echo '*filter'
	echo ':INPUT DROP [0:0]'
	echo ':a - [0:0]'
	echo ':b - [0:0]'
	echo ':c - [0:0]'
	echo '-A INPUT -j a'
	for i in $(seq 0 2999); do
		ch=$(printf 'abc' | cut -c$((i % 3 + 1)))
		echo "-A $ch -s 192.0.2.$((i % 250))/32 -p tcp -m tcp --dport $((i + 1)) -m comment --comment \"r$i\" -j ACCEPT"
	done
	echo '-A b -j c'
	echo 'COMMIT'
} >"$TMPD/interleaved.rules"
same_as_ref "interleaved chains" "" "$TMPD/interleaved.rules"

# Inserts and deletes: a chain's rules no longer lie in the order they
# were parsed in, and must reach the kernel in chain order.  (-R is left
# out: iptables-nft-restore 1.8.9 crashes on it.)
{
	head -n -2 "$TMPD/interleaved.rules"
	echo '-I a 1 -s 198.51.100.1/32 -j DROP'
	echo '-I b 3 -s 198.51.100.2/32 -j DROP'
	echo '-D a 5'
	echo '-A a -s 198.51.100.4/32 -j ACCEPT'
	echo '-I INPUT -i lo -j ACCEPT'
	echo 'COMMIT'
} >"$TMPD/edited.rules"
same_as_ref "inserted and deleted rules" "" "$TMPD/edited.rules"

# A second *filter replaces the first, user chains and policies included;
# *nat never names OUTPUT or INPUT.
cat >"$TMPD/twice.rules" <<'R'
*filter
:INPUT DROP [0:0]
:gone - [0:0]
-A INPUT -j gone
-A gone -s 192.0.2.1/32 -j ACCEPT
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
-A PREROUTING -d 198.51.100.1/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 192.0.2.10:8080
COMMIT
*filter
:FORWARD DROP [0:0]
:kept - [0:0]
-A FORWARD -j kept
-A kept -d 192.0.2.2/32 -j DROP
COMMIT
R
same_as_ref "second section" "" "$TMPD/twice.rules" save-only
same_as_ref "over a loaded ruleset" "$TMPD/interleaved.rules" "$TMPD/twice.rules" save-only

# An error near the end of a large file: nothing changes, the line is
# quoted.
{
	head -n -2 "$TMPD/interleaved.rules"
	echo '-A nosuch -j ACCEPT'
	echo 'COMMIT'
} >"$TMPD/bad.rules"
bad_line=$(grep -n '^-A nosuch' "$TMPD/bad.rules" | cut -d: -f1)
in_netns "
	$NFT_RESTORE4 <'$TMPD/twice.rules' || exit 3
	nft_ruleset >'$TMPD/bad.before'
	run_capture bad \"\$NFCOMMIT\" restore --backend=nft '$TMPD/bad.rules'
	nft_ruleset >'$TMPD/bad.after'
"
assert_rc 2 "$(rc_of bad)" "error late in the file" "$TMPD/bad.err"
assert_eq "$bad_line:4" "$(diag_line_col "$TMPD/bad.err" "$TMPD/bad.rules" error)" \
	"error late in the file: its place"
assert_diag "$TMPD/bad.err" "$TMPD/bad.rules:$bad_line:" "-A nosuch -j ACCEPT" 4 \
	"error late in the file: the quote"
assert_files_eq "$TMPD/bad.before" "$TMPD/bad.after" "error late in the file: nothing changed"

finish
