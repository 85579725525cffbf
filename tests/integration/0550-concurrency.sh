#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Twenty processes at once against one network namespace (ip netns): some
# restore and wait for the xtables lock (-w, or the default 10 s), some
# restore with -w 0 and may lose, some save.  Three rounds.  Nothing may be
# corrupt: every save shows, table by table, exactly one of the inputs; the
# final save is exactly one input, that of a restore that succeeded; every
# loser says the lock is held (exit status 4); nobody crashes.
. "$(dirname "$0")/../lib.sh"
require_legacy_ref 4
require_nfcommit
require_cmd ip

NS=nfc-conc-$$
ip netns add "$NS" 2>/dev/null || skip "cannot create a named network namespace (ip netns add)"
trap 'ip netns del "$NS" 2>/dev/null; _cleanup' EXIT
nsx() { ip netns exec "$NS" "$@"; }
# The namespace must not be the initial one (nfcommit checks too).
[ "$(nsx readlink /proc/self/ns/net)" != "$(readlink /proc/self/ns/net)" ] ||
	bail "ip netns exec did not enter another namespace"

NPROC=20
ROUNDS=3
NIN=4

# canon FILE: its table sections in table-name order (save lists tables in
# the order the namespace happened to create them).
canon() {
	awk '/^\*/ { t = $0 } { printf "%s\t%09d\t%s\n", t, NR, $0 }' "$1" |
		sort -t "$(printf '\t')" -k1,1 -k2,2n | cut -f3-
}

# The inputs, made canonical (as save prints them) by a round trip in a
# scratch namespace: filter and nat, different in each input.
for i in $(seq 1 $NIN); do
	{
		printf '%s\n' '*nat' ':PREROUTING ACCEPT [0:0]' ':INPUT ACCEPT [0:0]' ':OUTPUT ACCEPT [0:0]' \
			':POSTROUTING ACCEPT [0:0]' "-A POSTROUTING -s 198.51.100.$i/32 -j MASQUERADE" COMMIT
		printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' ':FORWARD DROP [0:0]' ':OUTPUT ACCEPT [0:0]' ":input-$i - [0:0]"
		for j in $(seq 1 $((i * 50))); do echo "-A INPUT -s 192.0.2.$((j % 250 + 1))/32 -p tcp -m tcp --dport $((i * 1000 + j)) -j input-$i"; done
		echo "-A input-$i -j ACCEPT"
		echo COMMIT
	} >"$TMPD/raw$i.rules"
	in_netns "\"\$IPT_RESTORE\" <'$TMPD/raw$i.rules' && \"\$IPT_SAVE\" | strip_save_comments >'$TMPD/in$i.rules'" ||
		bail "input $i: the reference rejects it (broken test)"
	csplit -s -z -f "$TMPD/in$i.tbl." "$TMPD/in$i.rules" '/^\*/' '{*}'
	canon "$TMPD/in$i.rules" >"$TMPD/in$i.canon"
done

# table_of_some_input TABLEFILE: is this table section exactly the same
# table of one of the inputs?
table_of_some_input() {
	local t i
	for i in $(seq 1 $NIN); do
		for t in "$TMPD/in$i.tbl."*; do
			cmp -s "$1" "$t" && return 0
		done
	done
	return 1
}

for round in $(seq 1 $ROUNDS); do
	pids=()
	for k in $(seq 1 $NPROC); do
		i=$((k % NIN + 1))
		case $((k % 5)) in
		0 | 3) cmd=(save --backend=legacy) ;;
		1) cmd=(restore --backend=legacy -w 0 "$TMPD/in$i.rules") ;;
		2) cmd=(restore --backend=legacy -w "$TMPD/in$i.rules") ;;
		4) cmd=(restore --backend=legacy "$TMPD/in$i.rules") ;;
		esac
		echo "${cmd[*]}" >"$TMPD/r$round-$k.cmd"
		nsx timeout -k 5 120 "$NFCOMMIT" "${cmd[@]}" >"$TMPD/r$round-$k.out" 2>"$TMPD/r$round-$k.err" &
		pids+=($!)
	done
	for k in $(seq 1 $NPROC); do
		wait "${pids[$((k - 1))]}"
		echo $? >"$TMPD/r$round-$k.rc"
	done

	winners=()
	for k in $(seq 1 $NPROC); do
		rc=$(cat "$TMPD/r$round-$k.rc")
		what="round $round, process $k ($(cat "$TMPD/r$round-$k.cmd"))"
		assert_no_crash "$rc" "$what" || continue
		assert_no_grep "$TMPD/r$round-$k.err" 'ROLLBACK FAILED|internal error' "$what"
		case $(cat "$TMPD/r$round-$k.cmd") in
		save*)
			assert_rc 0 "$rc" "$what" "$TMPD/r$round-$k.err" || continue
			strip_save_comments <"$TMPD/r$round-$k.out" >"$TMPD/r$round-$k.save"
			rm -f "$TMPD/s.tbl."*
			csplit -s -z -f "$TMPD/s.tbl." "$TMPD/r$round-$k.save" '/^\*/' '{*}'
			# Empty output is the initial state (no table yet).  So,
			# in the first round, is a table with no rules and every
			# policy ACCEPT: the kernel makes it so when a restore
			# first asks for it, a moment before replacing it (as for
			# iptables-legacy-restore).
			for t in "$TMPD/s.tbl."*; do
				[ -e "$t" ] || continue
				if [ "$round" = 1 ] && ! grep -q -e '^-A' -e '^:[A-Z]* DROP' "$t"; then
					continue
				fi
				table_of_some_input "$t" || {
					fail "$what: a table it printed is none of the inputs' (torn or corrupt)"
					show_file "that table" "$t" 20
				}
			done ;;
		*"-w 0"*)
			if [ "$rc" = 4 ]; then
				assert_grep "$TMPD/r$round-$k.err" 'holds the xtables lock' "$what: the loser is told why"
			else
				assert_rc 0 "$rc" "$what" "$TMPD/r$round-$k.err" && winners+=("$(cat "$TMPD/r$round-$k.cmd")")
			fi ;;
		*)
			assert_rc 0 "$rc" "$what (waits for the lock)" "$TMPD/r$round-$k.err" &&
				winners+=("$(cat "$TMPD/r$round-$k.cmd")") ;;
		esac
	done

	# The final state is exactly one input, loaded by a winner.
	nsx "$NFCOMMIT" save --backend=legacy >"$TMPD/final$round.save" 2>"$TMPD/final$round.err" ||
		fail "round $round: final save failed"
	strip_save_comments <"$TMPD/final$round.save" >"$TMPD/final$round"
	canon "$TMPD/final$round" >"$TMPD/final$round.canon"
	found=
	for i in $(seq 1 $NIN); do
		cmp -s "$TMPD/final$round.canon" "$TMPD/in$i.canon" && found=$i
	done
	if [ -z "$found" ]; then
		fail "round $round: the final ruleset is none of the inputs"
		show_file "final save" "$TMPD/final$round" 30
	else
		printf '%s\n' "${winners[@]}" | grep -q "in$found.rules" ||
			fail "round $round: the final ruleset is input $found, which no restore loaded successfully"
	fi
done
finish
