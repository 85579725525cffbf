#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit panic and flush: the rulesets they commit (panic: filter, raw
# and mangle DROP with loopback only, nat untouched; flush: every loaded
# table open), both families in one transaction, -4/-6, the stand-in
# marker; then real traffic between two namespaces joined by a veth pair:
# after `panic --allow-ssh' an established SSH connection still works and
# a new one does not; after plain `panic' neither; after `flush' both.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/lib-services.sh"
require_legacy_ref 46
require_nfcommit
write_conf
copy_rules nat-router
cp "$EXAMPLES/dual-stack.rules.v6" "$TMPD/rules.v6"

# The rulesets.
in_netns '
	"$NFCOMMIT" restore -4 "$TMPD/rules.v4" -6 "$TMPD/rules.v6" || exit 3
	iptables-legacy -t nat -S >"$TMPD/nat.before"
	run_capture panic "$NFCOMMIT" panic
	cat "$NFCOMMIT_STATE_DIR/run/stand-in.v4" >"$TMPD/mark4"
	cat "$NFCOMMIT_STATE_DIR/run/stand-in.v6" >"$TMPD/mark6"
	save_state 4 "$TMPD/panic4"; save_state 6 "$TMPD/panic6"
	iptables-legacy -t nat -S >"$TMPD/nat.after"
	run_capture ssh "$NFCOMMIT" panic --allow-ssh=2222
	save_state 4 "$TMPD/ssh4"; save_state 6 "$TMPD/ssh6"
	run_capture flush "$NFCOMMIT" flush
	save_state 4 "$TMPD/flush4"; save_state 6 "$TMPD/flush6"
' || bail "setting up failed"
assert_rc 0 "$(rc_of panic)" "panic" "$TMPD/panic.err"
assert_grep "$TMPD/panic.err" "PANIC: every packet is dropped but loopback" "panic says what it did"
for f in 4 6; do
	for t in filter raw mangle; do
		sed -n "/^\*$t\$/,/^COMMIT/p" "$TMPD/panic$f" >"$TMPD/p$f.$t"
		assert_grep "$TMPD/p$f.$t" "^\*$t" "panic: IPv$f $t is loaded"
		assert_no_grep "$TMPD/p$f.$t" '^:[A-Z]+ ACCEPT' "panic: IPv$f $t has only DROP policies"
		assert_no_grep "$TMPD/p$f.$t" '^:[a-z]' "panic: IPv$f $t has no user chains"
		grep '^-A' "$TMPD/p$f.$t" | grep -v -E -- '^-A [A-Z]+ -[io] lo -j ACCEPT$' >"$TMPD/p$f.$t.other"
		assert_empty "$TMPD/p$f.$t.other" "panic: IPv$f $t rules other than loopback"
	done
done
assert_files_eq "$TMPD/nat.before" "$TMPD/nat.after" "panic leaves nat alone"
assert_eq "panic" "$(cat "$TMPD/mark4")" "panic: IPv4 stand-in marker"
assert_eq "panic" "$(cat "$TMPD/mark6")" "panic: IPv6 stand-in marker"
assert_rc 0 "$(rc_of ssh)" "panic --allow-ssh=2222" "$TMPD/ssh.err"
assert_grep "$TMPD/ssh4" '^-A INPUT -p tcp -m tcp --dport 2222 ! --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT$' "--allow-ssh: SSH session packets in"
assert_grep "$TMPD/ssh4" '^-A OUTPUT -p tcp -m tcp --sport 2222 ! --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT$' "--allow-ssh: SSH session packets out"
assert_grep "$TMPD/ssh6" '^-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 135 -j ACCEPT$' "--allow-ssh: IPv6 neighbour discovery"
assert_rc 0 "$(rc_of flush)" "flush" "$TMPD/flush.err"
for f in 4 6; do
	assert_no_grep "$TMPD/flush$f" '^-A|DROP|^:[a-z]' "flush: IPv$f has no rules, no DROP, no user chains"
done
assert_grep "$TMPD/flush4" '^\*nat' "flush: nat is among the tables opened"
assert_eq "flush" "$(stand_in 4)" "flush: stand-in marker"

# -4 and -6 touch one family only; flush with no table loaded does nothing.
in_netns '
	"$NFCOMMIT" restore -4 "$TMPD/rules.v4" -6 "$TMPD/rules.v6" || exit 3
	save_state 6 "$TMPD/six.before"
	run_capture p4 "$NFCOMMIT" panic -4
	save_state 6 "$TMPD/six.after"
'
assert_rc 0 "$(rc_of p4)" "panic -4" "$TMPD/p4.err"
assert_files_eq "$TMPD/six.before" "$TMPD/six.after" "panic -4 leaves IPv6 alone"
in_netns '
	run_capture f0 "$NFCOMMIT" flush
	save_state 4 "$TMPD/f0.4"
'
assert_rc 0 "$(rc_of f0)" "flush with no table loaded" "$TMPD/f0.err"
assert_empty "$TMPD/f0.4" "flush with no table loaded creates none"

# Usage.
run_capture u1 "$NFCOMMIT" panic --allow-ssh=0
assert_rc 2 "$(rc_of u1)" "panic --allow-ssh=0"
run_capture u2 "$NFCOMMIT" flush --allow-ssh
assert_rc 2 "$(rc_of u2)" "flush --allow-ssh"

# Real traffic.
require_cmd ip python3
NSA=nfc-panic-a-$$
NSB=nfc-panic-b-$$
cleanup_ns() {
	ip netns pids "$NSA" 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns pids "$NSB" 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns del "$NSA" 2>/dev/null
	ip netns del "$NSB" 2>/dev/null
	_cleanup
}
trap cleanup_ns EXIT
ip netns add "$NSA" && ip netns add "$NSB" || skip "cannot create named network namespaces"
ip link add vA netns "$NSA" type veth peer name vB netns "$NSB" || skip "cannot create a veth pair"
ip -n "$NSA" addr add 192.0.2.1/24 dev vA
ip -n "$NSB" addr add 192.0.2.2/24 dev vB
for n in "$NSA" "$NSB"; do ip -n "$n" link set lo up; done
ip -n "$NSA" link set vA up
ip -n "$NSB" link set vB up

cat >"$TMPD/server.py" <<'PY'
import socket, sys, threading
def serve(c):
    while True:
        d = c.recv(100)
        if not d:
            return
        c.sendall(d)
for addr in sys.argv[1:]:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 22))
    s.listen(5)
    threading.Thread(target=lambda s=s: [threading.Thread(target=serve, args=(s.accept()[0],)).start() for _ in iter(int, 1)], daemon=True).start()
threading.Event().wait()
PY
# client.py ADDR GO-FILE: one connection before GO-FILE appears and after;
# then a new one.  Prints before=ok|fail, after=ok|fail, new=ok|fail.
cat >"$TMPD/client.py" <<'PY'
import os, socket, sys, time
addr, go = sys.argv[1], sys.argv[2]
def echo(c, b):
    try:
        c.sendall(b)
        return "ok" if c.recv(100) == b else "fail"
    except OSError:
        return "fail"
c = socket.create_connection((addr, 22), timeout=3)
print("before=" + echo(c, b"a"), flush=True)
while not os.path.exists(go):
    time.sleep(0.05)
print("after=" + echo(c, b"b"), flush=True)
try:
    n = socket.create_connection((addr, 22), timeout=2)
    print("new=" + echo(n, b"c"), flush=True)
except OSError:
    print("new=fail", flush=True)
PY
ip netns exec "$NSA" python3 "$TMPD/server.py" 192.0.2.1 127.0.0.1 &
_BG_PIDS+=($!)
sleep 0.5

# traffic TAG NFCOMMIT-ARGS...: a client connection across the panic.
traffic() {
	local tag=$1 i
	shift
	rm -f "$TMPD/go"
	ip netns exec "$NSB" python3 "$TMPD/client.py" 192.0.2.1 "$TMPD/go" >"$TMPD/$tag.client" 2>&1 &
	local cpid=$!
	for i in $(seq 50); do grep -q before= "$TMPD/$tag.client" && break; sleep 0.1; done
	ip netns exec "$NSA" "$NFCOMMIT" "$@" >"$TMPD/$tag.out" 2>&1 || fail "$tag: nfcommit $* failed"
	touch "$TMPD/go"
	wait "$cpid"
	ip netns exec "$NSA" python3 "$TMPD/client.py" 127.0.0.1 /dev/null >"$TMPD/$tag.lo" 2>&1
}
ip netns exec "$NSA" "$NFCOMMIT" flush >/dev/null 2>&1
traffic allow panic --allow-ssh
assert_eq "before=ok after=ok new=fail" "$(tr '\n' ' ' <"$TMPD/allow.client" | sed 's/ $//')" \
	"panic --allow-ssh: the established connection goes on, a new one is refused"
assert_eq "before=ok after=ok new=ok" "$(tr '\n' ' ' <"$TMPD/allow.lo" | sed 's/ $//')" \
	"panic --allow-ssh: loopback traffic still flows"
ip netns exec "$NSA" "$NFCOMMIT" flush >/dev/null 2>&1
traffic plain panic
assert_eq "before=ok after=fail new=fail" "$(tr '\n' ' ' <"$TMPD/plain.client" | sed 's/ $//')" \
	"panic: the established connection is cut too"
assert_eq "before=ok after=ok new=ok" "$(tr '\n' ' ' <"$TMPD/plain.lo" | sed 's/ $//')" \
	"panic: loopback traffic still flows"
ip netns exec "$NSA" "$NFCOMMIT" flush >/dev/null 2>&1
traffic open flush
assert_eq "before=ok after=ok new=ok" "$(tr '\n' ' ' <"$TMPD/open.client" | sed 's/ $//')" \
	"flush: everything flows again"

finish
