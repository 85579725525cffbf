#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nf_tables backend, restore --test: the batch goes to the kernel without
# its end, so the kernel checks every rule and keeps nothing.  A file it
# accepts changes nothing and exits 0; a rule it refuses (REDIRECT in the
# filter table, which only the kernel checks) exits 1 at that line and
# changes nothing either.  (iptables-nft-restore 1.8.9 --test sends the
# same batch but does not look at the answer: it exits 0 for both.)
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/nft-lib.sh"
require_nft_ref
require_nfcommit

cat >"$TMPD/good.rules" <<'R'
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:web - [0:0]
-A INPUT -p tcp -m tcp --dport 80 -j web
-A web -s 192.0.2.0/24 -j ACCEPT
COMMIT
*nat
-A POSTROUTING -o eth0 -j MASQUERADE
COMMIT
R
cat >"$TMPD/bad.rules" <<'R'
*filter
:INPUT ACCEPT [0:0]
-A INPUT -s 192.0.2.7/32 -j ACCEPT
-A INPUT -p tcp -j REDIRECT --to-ports 8080
COMMIT
R
cat >"$TMPD/pre.rules" <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT DROP [0:0]
-A OUTPUT -d 198.51.100.1/32 -j ACCEPT
COMMIT
R

# The reference: loading bad.rules fails in the kernel.
in_netns "$NFT_RESTORE4 <'$TMPD/bad.rules'" >/dev/null 2>&1 &&
	fail "iptables-nft-restore loads bad.rules (broken test)"
printf '# no tables\n' >"$TMPD/empty6.rules"

for pre in "" "$TMPD/pre.rules"; do
	what=${pre:+preloaded}
	what=${what:-empty}
	load=:
	[ -n "$pre" ] && load="$NFT_RESTORE4 <'$pre' || exit 3"
	in_netns "
		$load
		nft_ruleset >'$TMPD/$what.before'
		run_capture '$what-good' \"\$NFCOMMIT\" restore -4 --backend=nft --test '$TMPD/good.rules'
		run_capture '$what-bad' \"\$NFCOMMIT\" restore -4 --backend=nft --test '$TMPD/bad.rules'
		run_capture '$what-both' \"\$NFCOMMIT\" restore --backend=nft --test -6 '$TMPD/empty6.rules' -4 '$TMPD/good.rules'
		nft_ruleset >'$TMPD/$what.after'
	" || { fail "$what: preload failed (broken test)"; continue; }
	assert_rc 0 "$(rc_of "$what-good")" "$what: --test of a good file" "$TMPD/$what-good.err"
	assert_rc 0 "$(rc_of "$what-both")" "$what: --test of both families" "$TMPD/$what-both.err"
	assert_rc 1 "$(rc_of "$what-bad")" "$what: --test of a file the kernel refuses" "$TMPD/$what-bad.err"
	assert_grep "$TMPD/$what-bad.err" 'bad.rules:4:.*kernel rejected' \
		"$what: the error is on the REDIRECT line"
	assert_files_eq "$TMPD/$what.before" "$TMPD/$what.after" "$what: --test changed nothing"
done
[ -s "$TMPD/empty.after" ] && fail "empty namespace: --test left tables behind"

finish
