#!/bin/bash
# The end-to-end test: an operator applies, over SSH, a ruleset that drops
# new and established SSH.  The session dies; within the timeout plus one
# second the old ruleset is back (by the reference save) and a new SSH login
# works.  Then: confirming from a new login keeps a ruleset past its deadline.
#
# Two namespaces joined by a veth pair (192.0.2.0/24, 2001:db8::/64); a real
# OpenSSH server with its own host key and config in one, the client in the
# other.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/apply-lib.sh"
require_nfcommit
require_legacy_ref
require_cmd ssh ssh-keygen
[ -x /usr/sbin/sshd ] || skip "no OpenSSH server (/usr/sbin/sshd)"
apply_setup
CLI=nfc-cli-$$-$RANDOM
ip netns add "$CLI" || bail "ip netns add failed"
SRV_IP=192.0.2.1
TIMEOUT=3
trap 'kill $(cat "$TMPD/sshd.pid" 2>/dev/null) 2>/dev/null; ip netns del "$CLI" 2>/dev/null; apply_cleanup; _cleanup' EXIT

ip link add "veth-s$$" type veth peer name "veth-c$$" || bail "veth"
ip link set "veth-s$$" netns "$NS"
ip link set "veth-c$$" netns "$CLI"
ip -n "$NS" addr add $SRV_IP/24 dev "veth-s$$"
ip -n "$NS" addr add 2001:db8::1/64 dev "veth-s$$" nodad
ip -n "$CLI" addr add 192.0.2.2/24 dev "veth-c$$"
ip -n "$CLI" addr add 2001:db8::2/64 dev "veth-c$$" nodad
ip -n "$NS" link set "veth-s$$" up
ip -n "$CLI" link set "veth-c$$" up
ip -n "$CLI" link set lo up

mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$TMPD/hostkey" || bail "host key"
ssh-keygen -q -t ed25519 -N '' -f "$TMPD/clientkey" || bail "client key"
cp "$TMPD/clientkey.pub" "$TMPD/authorized_keys"
chmod 700 "$TMPD"
cat >"$TMPD/sshd_config" <<CONF
ListenAddress $SRV_IP
Port 22
HostKey $TMPD/hostkey
PidFile $TMPD/sshd.pid
AuthorizedKeysFile $TMPD/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
LogLevel ERROR
CONF
ip netns exec "$NS" /usr/sbin/sshd -f "$TMPD/sshd_config" || bail "sshd did not start"

ENVS="NFCOMMIT_STATE_DIR=$NFCOMMIT_STATE_DIR NFCOMMIT_NO_SYSTEMD=1 NFCOMMIT_FORBID_INIT_NETNS=1 XTABLES_LOCKFILE=$XTABLES_LOCKFILE"
sshc() { # [ssh options] -- remote command
	ip netns exec "$CLI" ssh -i "$TMPD/clientkey" -o BatchMode=yes \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o ConnectTimeout=1 -o ServerAliveInterval=1 -o ServerAliveCountMax=2 \
		-o LogLevel=ERROR "$@"
}
login_works() { sshc root@$SRV_IP true </dev/null >/dev/null 2>&1; }

wait_until 5 login_works || bail "no SSH login before the test"
nfc restore "$APPLY_DATA/old.v4" || bail "loading the old ruleset failed"
before=$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')

cat >"$TMPD/lockout.v4" <<'RULES'
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT DROP [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j DROP
-A OUTPUT -p tcp -m tcp --sport 22 -j DROP
COMMIT
RULES

# 0. apply sees, before committing, that these rules drop this very
#    session, and refuses without --yes-i-know.
sshc root@$SRV_IP "env $ENVS $NFCOMMIT apply -t $TIMEOUT $TMPD/lockout.v4" </dev/null >"$TMPD/refused" 2>&1
assert_rc 1 $? "apply of a lockout ruleset over SSH" "$TMPD/refused"
assert_grep "$TMPD/refused" "lockout.v4:5:1: error: this rule drops the SSH session" "the refusal points at the rule that drops the session"
assert_grep "$TMPD/refused" "yes-i-know" "the refusal says how to override"
# Policy counters move with the SSH traffic: compare without them.
nocount() { sed 's/ \[[0-9]*:[0-9]*\]$//'; }
assert_eq "$(nocount <<<"$before")" "$(nsrun "$IPT_SAVE" -t filter | grep -v '^#' | nocount)" \
	"the refused apply changed nothing"
no_pending || fail "the refused apply left a pending record"

# 1. With --yes-i-know, the session that applies is cut off by its own
#    rules.
start=$(now_ms)
sshc -tt root@$SRV_IP "env $ENVS $NFCOMMIT apply --yes-i-know -t $TIMEOUT $TMPD/lockout.v4" \
	</dev/null >"$TMPD/session" 2>&1 &
sshpid=$!
wait_until 5 test -e "$NFCOMMIT_STATE_DIR/lib/pending" || bail "apply never became pending"
deadline=$(pending_field deadline)
wait_until $((TIMEOUT + 3)) no_pending || fail "still pending after the window"
back_ms=$(now_ms)
wait_until 8 bash -c "! kill -0 $sshpid 2>/dev/null" || fail "the SSH session did not die"
assert_eq "$(nocount <<<"$before")" "$(nsrun "$IPT_SAVE" -t filter | grep -v '^#' | nocount)" \
	"the reference save shows the old ruleset"
late=$((back_ms - deadline * 1000))
[ "$late" -le 1000 ] || fail "old ruleset back ${late} ms after the deadline (limit 1000)"
login_works || wait_until 2 login_works || fail "no new SSH login after the rollback"
note "session cut; old ruleset back ${late} ms after the deadline; new login ok"

# 2. Confirmed from a brand-new login: stays past the deadline.
sshc root@$SRV_IP "env $ENVS $NFCOMMIT apply -t $TIMEOUT $APPLY_DATA/new.v4" </dev/null >"$TMPD/a2" 2>&1
assert_rc 0 $? "apply over SSH without a terminal" "$TMPD/a2"
id=$(pending_field id)
sshc root@$SRV_IP "env $ENVS $NFCOMMIT confirm $id" </dev/null >"$TMPD/c2" 2>&1
assert_rc 0 $? "confirm from a new SSH login" "$TMPD/c2"
sleep $((TIMEOUT + 1))
nsrun "$IPT_SAVE" -t filter | grep -q -- "-A INPUT -s 198.51.100.8/32 -j ACCEPT" ||
	fail "the confirmed ruleset did not stay past its deadline"
assert_eq "confirmed" "$(last_state)" "journal: confirmed"
login_works || fail "no SSH login with the confirmed ruleset"
finish
