#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Drop-in mode: nfcommit run as iptables-restore, ip6tables-restore,
# iptables-save, ip6tables-save, iptables-apply and ip6tables-apply takes
# those tools' options and behaves like them: same kernel state and same
# save output as the reference tools.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/lib-services.sh"
require_legacy_ref 46
require_nfcommit
write_conf
C=$TMPD/compat
mkdir "$C"
for t in iptables-restore ip6tables-restore iptables-save ip6tables-save iptables-apply ip6tables-apply; do
	ln -s "$NFCOMMIT" "$C/$t"
done
export C
DATA=$TESTS_DIR/data/roundtrip

# Restore: the same kernel state as the reference restore.
for f in "$DATA"/ipv4-*.rules "$DATA"/ipv6-*.rules; do
	name=$(basename "$f" .rules)
	fam=4 r=$IPT_RESTORE s=$IPT_SAVE tool=iptables
	case $name in ipv6-*) fam=6 r=$IP6T_RESTORE s=$IP6T_SAVE tool=ip6tables ;; esac
	in_netns "\"$r\" <'$f' && \"$s\" | strip_save_comments >'$TMPD/$name.ref'" ||
		{ fail "$name: the reference refuses it (broken test)"; continue; }
	in_netns "
		run_capture '$name' \"\$C/$tool-restore\" -w 5 -W 100000 -M /sbin/modprobe '$f'
		\"$s\" | strip_save_comments >'$TMPD/$name.got'
		run_capture '$name-save' \"\$C/$tool-save\"
		run_capture '$name-stdin' \"\$C/$tool-restore\" --wait=2 <'$f'
	"
	assert_rc 0 "$(rc_of "$name")" "$tool-restore $name" "$TMPD/$name.err"
	assert_files_eq "$TMPD/$name.ref" "$TMPD/$name.got" "$tool-restore $name: kernel state"
	strip_save_comments <"$TMPD/$name-save.out" >"$TMPD/$name.save"
	assert_files_eq "$TMPD/$name.ref" "$TMPD/$name.save" "$tool-save after $name: output"
	assert_rc 0 "$(rc_of "$name-stdin")" "$tool-restore <$name (stdin)" "$TMPD/$name-stdin.err"
done

# Options.
F4=$DATA/ipv4-filter.rules
in_netns "
	$IPT_RESTORE <'$DATA/ipv4-nat.rules' || exit 3
	\"\$C/iptables-restore\" --test '$F4' || exit 4
	iptables-legacy -S >'$TMPD/after-test'
	\"\$C/iptables-restore\" -T filter '$F4' || exit 5
	iptables-legacy -t nat -S >'$TMPD/nat-kept'
	\"\$C/iptables-restore\" -n <<<\$'*filter\n-A INPUT -s 192.0.2.200 -j DROP\nCOMMIT' || exit 6
	iptables-legacy -S INPUT >'$TMPD/noflush'
	\"\$C/iptables-save\" -t nat -f '$TMPD/natfile' || exit 7
	\"\$C/iptables-save\" -c >'$TMPD/counters' || exit 8
" || fail "iptables-restore/save options (step $?)"
assert_no_grep "$TMPD/after-test" '^-A' "iptables-restore --test commits nothing"
assert_grep "$TMPD/nat-kept" '^-A' "iptables-restore -T filter leaves nat alone"
assert_grep "$TMPD/noflush" '^-A INPUT -s 192.0.2.200/32 -j DROP' "iptables-restore -n adds"
[ "$(grep -c '^-A INPUT' "$TMPD/noflush")" -gt 1 ] || fail "iptables-restore -n keeps the other rules"
assert_grep "$TMPD/natfile" '^\*nat' "iptables-save -t nat -f FILE"
assert_no_grep "$TMPD/natfile" '^\*filter' "iptables-save -t nat: nat only"
assert_grep "$TMPD/counters" '^\[[0-9]+:[0-9]+\] -A' "iptables-save -c prints counters"

# Help, version, errors, in the tool's words and exit codes.
for t in iptables-restore ip6tables-save iptables-apply; do
	run_capture "v-$t" "$C/$t" -V
	assert_rc 0 "$(rc_of "v-$t")" "$t -V"
	assert_grep "$TMPD/v-$t.out" "^$t \(nfcommit\) " "$t -V names itself"
	run_capture "h-$t" "$C/$t" --help
	assert_grep "$TMPD/h-$t.out" "^Usage: $t " "$t --help"
done
run_capture bad "$C/iptables-restore" --bogus
assert_rc 2 "$(rc_of bad)" "iptables-restore --bogus"
assert_grep "$TMPD/bad.err" "Try .iptables-restore -h'" "iptables-restore --bogus: hint"
run_capture bad2 "$C/iptables-save" extra
assert_rc 2 "$(rc_of bad2)" "iptables-save with an argument"
in_netns 'printf "*filter\n-A INPUT -p tcp --dport 99999 -j ACCEPT\nCOMMIT\n" | run_capture err "$C/iptables-restore"'
assert_rc 2 "$(rc_of err)" "iptables-restore of a broken file: exit 2 as iptables-restore"
assert_grep "$TMPD/err.err" "^<stdin>:2:[0-9]+: error: " "iptables-restore of a broken file: the diagnostic"
run_capture apw "$C/iptables-apply" -w "$TMPD/x"
assert_rc 2 "$(rc_of apw)" "iptables-apply -w"
assert_grep "$TMPD/apw.err" "not yet" "iptables-apply -w: not yet"

# iptables-apply runs `nfcommit apply': the transaction starts and, with
# no confirmation, rolls back.
in_netns "
	run_capture apply \"\$C/iptables-apply\" -t 2 '$F4' </dev/null
	iptables-legacy -S INPUT >'$TMPD/apply.live'
	sleep 4
	iptables-legacy -S INPUT >'$TMPD/apply.after'
"
if [ "$(rc_of apply)" = 0 ]; then
	assert_grep "$TMPD/apply.err" "nfcommit confirm" "iptables-apply: the apply transaction is pending"
	assert_grep "$TMPD/apply.live" '^-A INPUT' "iptables-apply: the rules are live"
	assert_no_grep "$TMPD/apply.after" '^-A INPUT' "iptables-apply: unconfirmed, rolled back"
else
	assert_grep "$TMPD/apply.err" "apply" "iptables-apply: reaches nfcommit apply" 
fi

finish
