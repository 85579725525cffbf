#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check NFC022/NFC023: would the rules drop the operator's SSH
# session?  The filter INPUT path, through user chains, for the running
# session and for a new connection: accepted (no finding), dropped
# (NFC022, at the dropping rule or policy) or undecided (NFC023, at the
# match that cannot be evaluated offline).
. "$(dirname "$0")/../lib.sh"
require_check_env

cp "$TESTS_DIR/data/check/ssh.v4" "$TMPD/ssh.v4"
f=$TMPD/ssh.v4

# ssh_case TAG RC "EXPECTED LINE:COL SEV ID..." ARGS...
ssh_case() {
	local tag=$1 rc=$2 exp=$3 got
	shift 3
	run_check "$tag" "$@"
	assert_rc "$rc" "$(rc_of "$tag")" "check $*" "$TMPD/$tag.err"
	got=$(sed -n "s|^$f:\\([0-9]*:[0-9]*\\): \\([a-z]*\\): .* \\[\\(NFC[0-9]*\\)\\]\$|\\1 \\2 \\3|p" \
		"$TMPD/$tag.err" | sort | tr '\n' ' ')
	assert_eq "$exp" "$got" "check $*: findings"
}

# From the admin network: accepted both ways (near miss).
ssh_case admin 0 "" --ssh-from 192.0.2.5:40000 --ssh-to 198.51.100.1:22 "$f"
# From elsewhere: the -i eth1 rule decides.
ssh_case other 0 "10:1 warning NFC023 " --ssh-from 203.0.113.9 --ssh-to 198.51.100.1 "$f"
assert_grep "$TMPD/other.err" "it depends on \`-i eth1' here.*if it does not match, the INPUT policy \\(line 4\\) drops it" \
	"NFC023 names the match and what happens"
# Arriving on eth1: now the rate limit (-m recent) decides.
ssh_case eth1 0 "9:1 warning NFC023 " --ssh-from 203.0.113.9 --ssh-to 198.51.100.1 --ssh-iface eth1 "$f"
assert_grep "$TMPD/eth1.err" "it depends on \`-m recent' here.*if it matches, the rule at line 9 drops it" \
	"NFC023 for a rate limit"
# Arriving on eth0: every branch drops: locked out.
ssh_case eth0 1 "4:2 error NFC022 " --ssh-from 203.0.113.9 --ssh-to 198.51.100.1 --ssh-iface eth0 "$f"
assert_grep "$TMPD/eth0.err" "the INPUT policy drops the SSH session 203.0.113.9 -> 198.51.100.1:22 \\(a new connection" \
	"NFC022 says which session and which packet"
# Another port: the admin chain does not accept it.
ssh_case port 1 "4:2 error NFC022 " --ssh-from 192.0.2.5 --ssh-to 198.51.100.1:2222 "$f"

# A dropping rule (not the policy) and the running session too.
g=$TMPD/lock.v4
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' '-A INPUT -p tcp --dport 22 -j DROP' 'COMMIT' >"$g"
run_check lock --ssh-from 192.0.2.5 --ssh-to 192.0.2.1 "$g"
assert_rc 1 "$(rc_of lock)" "check: a rule dropping port 22" "$TMPD/lock.err"
assert_grep "$TMPD/lock.err" "^$g:3:1: error: this rule drops the SSH session 192.0.2.5 -> 192.0.2.1:22 \\(the running session and new connections\\).*\\[NFC022\\]" \
	"NFC022 at the dropping rule, for both packets"
# Near miss: the established connection is accepted before the drop.
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' '-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT' \
	'-A INPUT -p tcp --dport 22 --syn -s 192.0.2.0/24 -j ACCEPT' '-A INPUT -p tcp --dport 22 -j DROP' 'COMMIT' >"$g"
run_check nolock --ssh-from 192.0.2.5 --ssh-to 192.0.2.1 "$g"
assert_rc 0 "$(rc_of nolock)" "check: SSH accepted (conntrack, tcp flags)" "$TMPD/nolock.err"
assert_empty "$TMPD/nolock.err" "check: SSH accepted: no finding"

# $SSH_CONNECTION with --ssh, IPv6, and an IPv4-mapped address.
cp "$TOP_SRCDIR/examples/dual-stack.rules.v6" "$TOP_SRCDIR/examples/dual-stack.rules.v4" "$TMPD/"
make_public
SSH_CONNECTION="2001:db8:0:1::5 40000 2001:db8::1 22" as_nobody \
	"$NFCOMMIT" check --ssh -6 "$TMPD/dual-stack.rules.v6" >"$TMPD/env6.out" 2>&1
assert_rc 0 $? "check --ssh from the LAN (IPv6)" "$TMPD/env6.out"
SSH_CONNECTION="2001:db8:9::5 40000 2001:db8::1 22" as_nobody \
	"$NFCOMMIT" check --ssh -6 "$TMPD/dual-stack.rules.v6" >"$TMPD/env6b.out" 2>&1
assert_rc 1 $? "check --ssh from outside the LAN (IPv6)" "$TMPD/env6b.out"
assert_grep "$TMPD/env6b.out" '\[NFC022\]' "check --ssh: NFC022"
SSH_CONNECTION="::ffff:198.51.100.7 40000 ::ffff:198.51.100.1 22" as_nobody \
	"$NFCOMMIT" check --ssh -4 "$TMPD/dual-stack.rules.v4" -6 "$TMPD/dual-stack.rules.v6" >"$TMPD/mapped.out" 2>&1
assert_rc 0 $? "check --ssh with an IPv4-mapped session" "$TMPD/mapped.out"

# Usage errors: exit 2.
SSH_CONNECTION='' run_check noenv --ssh "$f"
assert_rc 2 "$(rc_of noenv)" "check --ssh without SSH_CONNECTION" "$TMPD/noenv.err"
run_check nofam --ssh-from 2001:db8::5 --ssh-to 2001:db8::1 -4 "$f"
assert_rc 2 "$(rc_of nofam)" "check: an IPv6 session and only IPv4 files" "$TMPD/nofam.err"
run_check badaddr --ssh-from 192.0.2.500 --ssh-to 192.0.2.1 "$f"
assert_rc 2 "$(rc_of badaddr)" "check: a bad --ssh-from" "$TMPD/badaddr.err"
run_check onlyto --ssh-to 192.0.2.1:22 "$f"
assert_rc 2 "$(rc_of onlyto)" "check: --ssh-to without --ssh-from" "$TMPD/onlyto.err"

finish
