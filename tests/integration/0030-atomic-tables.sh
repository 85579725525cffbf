#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# All-or-nothing across tables: when a later table is rejected by the KERNEL
# at commit time, the tables committed before it are rolled back, so the
# namespace ends exactly as it was (exit status 1).
#
# Each input is first checked against the reference: `iptables-legacy-restore
# -t` accepts it (so it parses) and a real load fails (so the kernel rejects
# it) after committing the earlier table(s), which is the non-atomic
# behaviour nfcommit must not have.
. "$(dirname "$0")/../lib.sh"
require_legacy_ref 46
require_nfcommit

# kernel_rejected FAM RULES LABEL: prove the input is a commit-time failure.
kernel_rejected() {
	local fam=$1 rules=$2 label=$3 r=$IPT_RESTORE
	[ "$fam" = 6 ] && r=$IP6T_RESTORE
	if ! in_netns "\"$r\" -t <'$rules'" >"$TMPD/ref.out" 2>&1; then
		fail "$label: reference --test rejects the input, so it is not a commit-time failure (broken test)"
		show_file "reference" "$TMPD/ref.out" 10
		return 1
	fi
	if in_netns "\"$r\" <'$rules'" >"$TMPD/ref.out" 2>&1; then
		fail "$label: reference restore ACCEPTS the input; the kernel did not reject it (broken test)"
		return 1
	fi
	return 0
}

# atomic_case LABEL FAM [restore options] < rules
n=0
atomic_case() {
	local label=$1 fam=$2
	shift 2
	n=$((n + 1))
	cat >"$TMPD/atomic$n.rules"
	kernel_rejected "$fam" "$TMPD/atomic$n.rules" "$label" || return
	expect_unchanged "$fam" "$TMPD/atomic$n.rules" "atomic$n" "$label" "$@"
	assert_rc 1 "$(rc_of "atomic$n")" "$label" "$TMPD/atomic$n.err"
	assert_nonempty "$TMPD/atomic$n.err" "$label: an error message on stderr"
}

atomic_case "IPv4: mangle ok, then REDIRECT in filter (kernel: wrong table)" 4 <<'R'
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A INPUT -s 198.51.100.7/32 -j MARK --set-xmark 0x1/0xffffffff
COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:newchain - [0:0]
-A INPUT -s 192.0.2.1/32 -j newchain
-A INPUT -p tcp -j REDIRECT --to-ports 1
COMMIT
R

atomic_case "IPv4: filter and raw ok, then SNAT in nat PREROUTING (kernel: wrong hook)" 4 <<'R'
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT DROP [0:0]
-A OUTPUT -d 192.0.2.2/32 -j ACCEPT
COMMIT
*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A PREROUTING -s 192.0.2.3/32 -j CT --notrack
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -j SNAT --to-source 192.0.2.1
COMMIT
R

atomic_case "IPv4 with --noflush: mangle rule added, then kernel rejects filter" 4 --noflush <<'R'
*mangle
-A PREROUTING -s 198.51.100.8/32 -j MARK --set-xmark 0x2/0xffffffff
COMMIT
*filter
:added - [0:0]
-A INPUT -j added
-A INPUT -p tcp -j REDIRECT --to-ports 1
COMMIT
R

atomic_case "IPv6: mangle ok, then DNAT in filter (kernel: wrong table)" 6 <<'R'
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A INPUT -s 2001:db8::7/128 -j MARK --set-xmark 0x1/0xffffffff
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -j DNAT --to-destination [2001:db8::1]:80
COMMIT
R

# In a fresh namespace (tables not instantiated before): after the failure no
# rule, user chain or non-default policy of the input may be present.
printf '%s\n' '*mangle' ':PREROUTING ACCEPT [0:0]' ':INPUT ACCEPT [0:0]' ':FORWARD ACCEPT [0:0]' \
	':OUTPUT ACCEPT [0:0]' ':POSTROUTING ACCEPT [0:0]' ':mchain - [0:0]' \
	'-A INPUT -s 198.51.100.7/32 -j mchain' 'COMMIT' \
	'*filter' ':INPUT DROP [0:0]' ':FORWARD ACCEPT [0:0]' ':OUTPUT ACCEPT [0:0]' \
	'-A INPUT -p tcp -j REDIRECT --to-ports 1' 'COMMIT' >"$TMPD/fresh.rules"
in_netns '
	run_capture fresh "$NFCOMMIT" restore -4 --backend=legacy <"$TMPD/fresh.rules"
	save_state 4 "$TMPD/fresh.after"
'
assert_rc 1 "$(rc_of fresh)" "fresh namespace, kernel rejects second table" "$TMPD/fresh.err"
assert_no_grep "$TMPD/fresh.after" '^-A |^:mchain|DROP' \
	"fresh namespace: nothing of the failed input may remain"

finish
