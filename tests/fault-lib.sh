# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/fault-lib.sh - helpers for the fault injection and kill tests
# (07NN), on top of lib.sh and apply-lib.sh.
#
# A test runs one nfcommit command many times, each time with one more of
# its system calls failing (tests/fault/libnfcfault.so, LD_PRELOAD, see the
# comment at the top of tests/fault/fault.c), and after each run checks the
# invariant of issue 8:
#   * the live ruleset, IPv4 and IPv6 together, is entirely the old one or
#     entirely the new one (reference save, # lines cut);
#   * the journal says which, once `nfcommit status' has run (it rolls back
#     an abandoned transaction): pending or confirmed means the new rules,
#     rolled back or aborted (or no transaction at all) the old ones;
#   * every persisted rules file is the old or the new complete file.
#
# SAFETY: everything that loads rules runs by `ip netns exec' in a
# namespace made here ($NS) and deleted on exit; the shim is preloaded into
# nfcommit only (fault_nfc), and it unloads itself from whatever nfcommit
# executes.  Every loop is bounded by FAULT_MAX points per kind.

FAULT_KINDS=${FAULT_KINDS:-"kernel alloc write fsync rename"}
# More points than this of one kind are sampled evenly.
FAULT_MAX=${FAULT_MAX:-40}

# fault_setup [noshim]: find or build the shim; state directory and
# configuration.
fault_setup() {
	require_netns
	require_nfcommit
	require_cmd ip
	[ "${1:-}" = noshim ] || fault_shim
	export NFCOMMIT_STATE_DIR=$TMPD/state
	mkdir -p -m 0700 "$NFCOMMIT_STATE_DIR"
	export NFCOMMIT_NO_SYSTEMD=1
	export NFCOMMIT_CONF=$TMPD/nfcommit.conf
	mkdir -p "$TMPD/persist" "$TMPD/saved"
	printf 'RULES_V4=%s\nRULES_V6=%s\nSAVE_GENERATIONS=1\n' \
		"$TMPD/persist/rules.v4" "$TMPD/persist/rules.v6" >"$NFCOMMIT_CONF"
	NS=
	trap 'fault_ns_del; _cleanup' EXIT
	VIOLATIONS=0
	POINTS=0
}

fault_shim() {
	# A sanitizer runtime wants to be the first library, and replaces
	# malloc itself: the shim cannot work under it.
	if grep -q -a -m1 '__asan_init' "$NFCOMMIT" 2>/dev/null; then
		skip "a sanitizer build: the LD_PRELOAD shim needs the plain build"
	fi
	FAULT_SO=${FAULT_SO:-$(dirname "$NFCOMMIT")/../tests/fault/libnfcfault.so}
	if [ ! -e "$FAULT_SO" ] || [ "$TESTS_DIR/fault/fault.c" -nt "$FAULT_SO" ]; then
		FAULT_SO=$TMPD/libnfcfault.so
		${CC:-cc} -std=gnu11 -O2 -Wall -shared -fPIC -o "$FAULT_SO" \
			"$TESTS_DIR/fault/fault.c" -ldl || bail "cannot build the fault shim"
	fi
}

# fault_ns_new BACKEND: a fresh namespace ($NS) for that backend.
fault_ns_new() {
	fault_ns_del
	BACKEND=$1
	export NFCOMMIT_BACKEND=$BACKEND
	if [ "$BACKEND" = nft ]; then
		SAVE4=iptables-nft-save RESTORE4=iptables-nft-restore
		SAVE6=ip6tables-nft-save RESTORE6=ip6tables-nft-restore
	else
		SAVE4=iptables-legacy-save RESTORE4=iptables-legacy-restore
		SAVE6=ip6tables-legacy-save RESTORE6=ip6tables-legacy-restore
	fi
	require_cmd "$SAVE4" "$RESTORE4" "$SAVE6" "$RESTORE6"
	NS=nfc-fault-$$-$RANDOM
	ip netns add "$NS" || skip "ip netns add failed"
	ip -n "$NS" link set lo up
	NS_INO=$(stat -L -c %i "/run/netns/$NS")
}

# kill_guardians: every guardian left in our namespace (there is one per
# pending transaction, and faults can orphan one).
kill_guardians() {
	local pid
	[ -n "${NS:-}" ] || return 0
	for pid in $(pgrep -f "nfcommit guardian" 2>/dev/null); do
		[ "$(stat -L -c %i "/proc/$pid/ns/net" 2>/dev/null)" = "$NS_INO" ] &&
			kill -9 "$pid" 2>/dev/null
	done
	return 0
}

# guardians_left: how many guardians still run in our namespace.
guardians_left() {
	local pid n=0
	for pid in $(pgrep -f "nfcommit guardian" 2>/dev/null); do
		[ "$(stat -L -c %i "/proc/$pid/ns/net" 2>/dev/null)" = "$NS_INO" ] && n=$((n + 1))
	done
	echo "$n"
}

fault_ns_del() {
	[ -n "${NS:-}" ] || return 0
	kill_guardians
	ip netns del "$NS" 2>/dev/null
	NS=
}

nfc() { ip netns exec "$NS" "$NFCOMMIT" "$@"; }

# fault_nfc SPEC ARGS...: nfcommit with the shim, NFCOMMIT_FAULT=SPEC;
# what the shim says goes to $TMPD/fault.log, standard output and error
# to $TMPD/fault.out (through a pipe: the shim counts writes to regular
# files only, and standard error must not be one).
fault_nfc() {
	local spec=$1 rc
	shift
	: >"$TMPD/fault.log"
	ip netns exec "$NS" env LD_PRELOAD="$FAULT_SO" NFCOMMIT_FAULT="$spec" \
		NFCOMMIT_FAULT_LOG="$TMPD/fault.log" \
		"$NFCOMMIT" "$@" </dev/null 2>&1 | cat >"$TMPD/fault.out"
	rc=${PIPESTATUS[0]}
	return "$rc"
}

# fault_counts ARGS...: run the command once counting ($TMPD/counts gets
# "KIND N" lines); its exit status.
fault_counts() {
	local rc
	fault_nfc all:count "$@"
	rc=$?
	sed -n 's/^nfcommit-fault: count \([a-z]*\) \([0-9]*\)$/\1 \2/p' \
		"$TMPD/fault.log" >"$TMPD/counts"
	return "$rc"
}

# fault_points COUNT: the N to try, every one up to FAULT_MAX, else
# FAULT_MAX of them spread evenly from 1 to COUNT.
fault_points() {
	local count=$1 i
	if [ "$count" -le "$FAULT_MAX" ]; then
		seq 1 "$count"
	else
		for ((i = 0; i < FAULT_MAX; i++)); do
			echo $((1 + i * (count - 1) / (FAULT_MAX - 1)))
		done | uniq
	fi
}

# The rulesets: old and new, IPv4 in three tables (the legacy backend
# commits one table per kernel call, and must put the first ones back when
# a later one fails), IPv6 in one.  Both small enough to fit one stdio
# buffer (see fault.c).  Tables the new rules name exist in the old ones
# too, empty: legacy tables cannot be unloaded again.
fault_rulesets() {
	cat >"$TMPD/old.v4" <<-'EOF'
	*raw
	:PREROUTING ACCEPT [0:0]
	:OUTPUT ACCEPT [0:0]
	COMMIT
	*mangle
	:PREROUTING ACCEPT [0:0]
	:INPUT ACCEPT [0:0]
	:FORWARD ACCEPT [0:0]
	:OUTPUT ACCEPT [0:0]
	:POSTROUTING ACCEPT [0:0]
	COMMIT
	*filter
	:INPUT ACCEPT [0:0]
	:FORWARD ACCEPT [0:0]
	:OUTPUT ACCEPT [0:0]
	:old-chain - [0:0]
	-A INPUT -s 198.51.100.7/32 -j old-chain
	-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
	-A old-chain -j RETURN
	COMMIT
	EOF
	cat >"$TMPD/new.v4" <<-'EOF'
	*raw
	:PREROUTING ACCEPT [0:0]
	:OUTPUT ACCEPT [0:0]
	-A PREROUTING -s 198.51.100.9/32 -j CT --notrack
	COMMIT
	*mangle
	:PREROUTING ACCEPT [0:0]
	:INPUT ACCEPT [0:0]
	:FORWARD ACCEPT [0:0]
	:OUTPUT ACCEPT [0:0]
	:POSTROUTING ACCEPT [0:0]
	-A PREROUTING -s 198.51.100.10/32 -j MARK --set-xmark 0x7/0xffffffff
	COMMIT
	*filter
	:INPUT ACCEPT [0:0]
	:FORWARD DROP [0:0]
	:OUTPUT ACCEPT [0:0]
	:new-chain - [0:0]
	-A INPUT -s 198.51.100.8/32 -j new-chain
	-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
	-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
	-A new-chain -j ACCEPT
	COMMIT
	EOF
	cat >"$TMPD/old.v6" <<-'EOF'
	*filter
	:INPUT ACCEPT [0:0]
	:FORWARD ACCEPT [0:0]
	:OUTPUT ACCEPT [0:0]
	-A INPUT -s 2001:db8::7/128 -j ACCEPT
	COMMIT
	EOF
	cat >"$TMPD/new.v6" <<-'EOF'
	*filter
	:INPUT ACCEPT [0:0]
	:FORWARD DROP [0:0]
	:OUTPUT ACCEPT [0:0]
	-A INPUT -s 2001:db8::8/128 -j ACCEPT
	-A INPUT -p ipv6-icmp -j ACCEPT
	COMMIT
	EOF
	chmod 0600 "$TMPD"/old.v? "$TMPD"/new.v?
}

# in_force: on nf_tables, the rules in force of a listing taken while an
# apply is pending (tests/staged-effective); legacy listings as they are.
in_force() {
	if [ "$BACKEND" = nft ]; then
		"$TESTS_DIR/staged-effective"
	else
		cat
	fi
}

# live: the live ruleset of both families, # lines cut, one text.
live() {
	ip netns exec "$NS" "$SAVE4" 2>&1 | grep -v '^#' | in_force
	echo '-- IPv6'
	ip netns exec "$NS" "$SAVE6" 2>&1 | grep -v '^#' | in_force
}

# load_old: the old ruleset, by the reference tools, and no transaction.
load_old() {
	kill_guardians
	if [ "$BACKEND" = nft ]; then
		ip netns exec "$NS" nft flush ruleset
	fi
	ip netns exec "$NS" "$RESTORE4" <"$TMPD/old.v4" &&
		ip netns exec "$NS" "$RESTORE6" <"$TMPD/old.v6" || bail "loading the old rules failed"
	rm -rf "$NFCOMMIT_STATE_DIR/lib" "$NFCOMMIT_STATE_DIR/run"
}

# fault_refs: $OLD and $NEW, the live text of either ruleset; the saved
# files of either ($TMPD/ref/{old,new}.v{4,6}, as `save --to' writes them,
# # lines cut).
fault_refs() {
	mkdir -p "$TMPD/ref"
	load_old
	OLD=$(live)
	nfc save -4 --to "$TMPD/ref/old.v4" -6 --to "$TMPD/ref/old.v6" ||
		bail "save --to of the old rules failed"
	nfc restore -4 "$TMPD/new.v4" -6 "$TMPD/new.v6" || bail "loading the new rules failed"
	NEW=$(live)
	nfc save -4 --to "$TMPD/ref/new.v4" -6 --to "$TMPD/ref/new.v6" ||
		bail "save --to of the new rules failed"
	[ "$OLD" != "$NEW" ] || bail "the old and the new rules look the same"
	local f
	for f in old.v4 old.v6 new.v4 new.v6; do
		grep -v '^#' "$TMPD/ref/$f" >"$TMPD/ref/$f.s"
	done
	rm -f "$TMPD"/ref/*.1
	load_old
}

# violation WHAT: one broken invariant, with what the run said.
violation() {
	VIOLATIONS=$((VIOLATIONS + 1))
	fail "$CASE: $*"
	[ "$VIOLATIONS" -le 10 ] || return 0
	show_file "injected" "$TMPD/fault.log" 5
	show_file "nfcommit said" "$TMPD/fault.out" 10
}

# known_limit: the injected fault is one whose outcome nfcommit cannot
# know: the read of the kernel's answers after an nf_tables batch went in
# (recv() in drain_errors); the batch may or may not have been committed.
known_limit() {
	grep -q 'recv() fails' "$TMPD/fault.log"
}

# which_live: "old", "new" or "mixed".
which_live() {
	local now
	now=$(live)
	if [ "$now" = "$OLD" ]; then
		echo old
	elif [ "$now" = "$NEW" ]; then
		echo new
	else
		printf '%s\n' "$now" >"$TMPD/mixed.live"
		echo mixed
	fi
}

# journal_says: what the journal says is live after `status' ran its
# recovery: "new" (pending, confirmed), "old" (rolled back, aborted,
# nothing) or "unknown: STATE".
journal_says() {
	local js pending last
	nfc status >/dev/null 2>&1
	js=$(nfc status --json 2>/dev/null)
	pending=$(printf '%s' "$js" | sed -n 's/^{"pending":\(null\|{"id":"[0-9a-f]*","state":"\([a-z-]*\)"\).*/\2/p')
	last=$(printf '%s' "$js" | sed -n 's/.*,"last":{"id":"[0-9a-f]*","state":"\([a-z-]*\)".*/\1/p')
	if [ -n "$pending" ]; then
		echo new
		return
	fi
	case ${last:-none} in
	confirmed) echo new ;;
	rolled-back | aborted | superseded | none) echo old ;;
	*) echo "unknown: $last" ;;
	esac
}

# check_file FILE WHICH...: FILE is one of the reference saved files named
# (old.v4, new.v4, ...): complete, never empty, cut or mixed.
check_file() {
	local f=$1 w
	shift
	[ -e "$f" ] || { violation "$f is missing"; return; }
	[ -s "$f" ] || { violation "$f is empty"; return; }
	for w; do
		grep -v '^#' "$f" | cmp -s - "$TMPD/ref/$w.s" && return 0
	done
	violation "$f is neither of $* (truncated or mixed)"
	grep -v '^#' "$f" | diff -u --label "$1.s" --label "$(basename "$f")" "$TMPD/ref/$1.s" - |
		head -n 20 | sed 's/^/  /'
	cp "$f" "$TMPD/bad-file"
}

# check_live_journal: the live rules are old or new, and the journal
# agrees.
check_live_journal() {
	local l j
	l=$(which_live)
	j=$(journal_says)
	if [ "$l" = mixed ]; then
		violation "the live ruleset is a mix of the old and the new one (journal: $j)"
		show_file "live" "$TMPD/mixed.live" 30
	elif [ "$l" != "$j" ]; then
		violation "the $l rules are live, but the journal says $j"
	fi
	LIVE=$l
}

# fault_loop LABEL SETUP CHECK ARGS...: for every kind and point, run SETUP,
# the faulted `nfcommit ARGS...', then CHECK (which sees $RC, $CASE).
fault_loop() {
	local label=$1 setup=$2 check=$3 kind count n npoints
	shift 3
	"$setup"
	CASE="$label (no fault)"
	fault_counts "$@"
	RC=$?
	[ "$RC" -eq 0 ] || violation "the command fails without a fault (exit $RC)"
	"$check"
	for kind in $FAULT_KINDS; do
		count=$(sed -n "s/^$kind //p" "$TMPD/counts")
		count=${count:-0}
		npoints=$(fault_points "$count" | wc -l)
		if [ "$count" -gt "$FAULT_MAX" ]; then
			note "$label: $kind: $count calls, $npoints of them tried (sampled evenly, FAULT_MAX=$FAULT_MAX)"
		else
			note "$label: $kind: $count calls, every one tried"
		fi
		echo "$label $kind $count $npoints" >>"$TMPD/summary"
		for n in $(fault_points "$count"); do
			CASE="$label $kind:$n"
			"$setup"
			fault_nfc "$kind:$n" "$@"
			RC=$?
			grep -q injected "$TMPD/fault.log" ||
				note "$CASE: no fault was injected (the run made fewer calls)"
			"$check"
			POINTS=$((POINTS + 1))
		done
	done
}

fault_summary() {
	note "$POINTS fault points, $VIOLATIONS violation(s)"
	cat "$TMPD/summary" 2>/dev/null
	[ "$(guardians_left)" -eq 0 ] || fail "guardians survived the test"
}

# check_armed: a pending transaction has a guardian that will roll it back.
check_armed() {
	[ -e "$NFCOMMIT_STATE_DIR/lib/pending" ] || return 0
	[ "$(guardians_left)" -gt 0 ] ||
		violation "a transaction is pending, but no guardian runs: nothing will roll it back"
}

# apply_new [OPTIONS]: apply the new rules, unfaulted, with a window long
# enough for the test; the guardian waits in our namespace.
apply_new() {
	nfc apply -t 600 --no-prompt "$@" -4 "$TMPD/new.v4" -6 "$TMPD/new.v6" \
		</dev/null >/dev/null 2>&1 || bail "apply (without a fault) failed"
}

# reset_persisted DIR: DIR/rules.v4 and rules.v6 hold the old saved files,
# nothing else is in DIR.
reset_persisted() {
	rm -rf "${1:?}"/* "$1"/.[!.]* 2>/dev/null
	cp "$TMPD/ref/old.v4" "$1/rules.v4"
	cp "$TMPD/ref/old.v6" "$1/rules.v6"
	chmod 0600 "$1/rules.v4" "$1/rules.v6"
}

# check_persisted DIR: each file is the old or the new complete one, the
# previous generation (FILE.1) the old one; a temporary file left behind
# is noted.
check_persisted() {
	local d=$1 f
	for f in 4 6; do
		check_file "$d/rules.v$f" "old.v$f" "new.v$f"
		[ -e "$d/rules.v$f.1" ] && check_file "$d/rules.v$f.1" "old.v$f"
	done
	if ls -A "$d" | grep -q '^\.'; then
		note "$CASE: a temporary file was left in $d: $(ls -A "$d" | grep '^\.' | tr '\n' ' ')"
		echo "$CASE" >>"$TMPD/leftovers"
	fi
	return 0
}

# now_ms: wall clock in milliseconds.
now_ms() { date +%s%3N; }
