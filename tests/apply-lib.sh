# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/apply-lib.sh - helpers for the apply tests (bash), on top of lib.sh.
#
# apply_setup creates a named network namespace ($NS) and a private state
# directory ($NFCOMMIT_STATE_DIR); both go away on exit, and so does any
# guardian still running for a transaction of this test.

APPLY_DATA=$TESTS_DIR/data/apply

# APPLY_BACKEND=nft runs a test against nf_tables, checked with the
# reference iptables-nft-save; legacy by default.
APPLY_BACKEND=${APPLY_BACKEND:-legacy}
export NFCOMMIT_BACKEND=$APPLY_BACKEND
if [ "$APPLY_BACKEND" = nft ]; then
	IPT_SAVE=iptables-nft-save
	IP6T_SAVE=ip6tables-nft-save
fi

apply_setup() {
	require_netns
	require_cmd ip
	NS=nfc-apply-$$-$RANDOM
	ip netns add "$NS" || skip "ip netns add failed"
	ip -n "$NS" link set lo up
	export NFCOMMIT_STATE_DIR=$TMPD/state
	mkdir -m 0700 "$NFCOMMIT_STATE_DIR"
	# Never a transient systemd unit here: it would run outside $NS.
	export NFCOMMIT_NO_SYSTEMD=1
	# Never the host's boot files: --persist and boot use these.
	if [ -z "${NFCOMMIT_CONF:-}" ]; then
		printf 'RULES_V4=%s\nRULES_V6=%s\n' "$TMPD/boot.v4" "$TMPD/boot.v6" >"$TMPD/apply-test.conf"
		export NFCOMMIT_CONF=$TMPD/apply-test.conf
	fi
	trap 'apply_cleanup; _cleanup' EXIT
}

apply_cleanup() {
	local pid
	for pid in $(pgrep -f "nfcommit guardian" 2>/dev/null); do
		# Only guardians running inside this test's namespace.
		[ "$(ip netns identify "$pid" 2>/dev/null)" = "$NS" ] && kill -9 "$pid" 2>/dev/null
	done
	ip netns del "$NS" 2>/dev/null
	return 0
}

nsrun() { ip netns exec "$NS" "$@"; }

nfc() { ip netns exec "$NS" "$NFCOMMIT" "$@"; }

# The live IPv4 (or, with -6, IPv6) ruleset by the reference tool, # lines cut.
live() {
	if [ "${1:-}" = -6 ]; then
		nsrun "$IP6T_SAVE" | grep -v '^#'
	else
		nsrun "$IPT_SAVE" | grep -v '^#'
	fi
}

# pending_field NAME: a field of the pending record ("" when none).
pending_field() {
	sed -n "s/^$1=//p" "$NFCOMMIT_STATE_DIR/lib/pending" 2>/dev/null
}

last_state() {
	sed -n 's/^state=//p' "$NFCOMMIT_STATE_DIR/lib/last" 2>/dev/null
}

# wait_until SECONDS CMD...: poll CMD every 0.1 s; 0 when it succeeded.
wait_until() {
	local limit=$1 i=0
	shift
	while [ $i -lt $((limit * 10)) ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

no_pending() { [ ! -e "$NFCOMMIT_STATE_DIR/lib/pending" ]; }

# now_ms: wall clock in milliseconds.
now_ms() { date +%s%3N; }
