#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit reload: loads the changed files; by default keeps the chains
# and tables the files do not name (docker's, fail2ban's); with
# RELOAD_KEEP_FOREIGN=no (or --no-keep-foreign) replaces the named tables
# whole and empties the others; a broken file changes nothing and exits
# non-zero; a successful reload clears a stand-in marker.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/lib-services.sh"
require_legacy_ref 46
require_nfcommit
copy_rules dual-stack
write_conf "RULES_V4=$TMPD/rules.v4" "RULES_V6=$TMPD/rules.v6"

# What other programs add: a docker-like chain in filter and nat, a jump
# from FORWARD (a chain the file declares), a fail2ban-like chain and a
# table the file does not name (mangle).
FOREIGN='
	iptables-legacy -N DOCKER && iptables-legacy -A DOCKER -d 192.0.2.7 -j ACCEPT &&
	iptables-legacy -A FORWARD -j DOCKER &&
	iptables-legacy -N f2b-sshd && iptables-legacy -A f2b-sshd -s 203.0.113.9 -j DROP &&
	iptables-legacy -t nat -N DOCKER && iptables-legacy -t nat -A PREROUTING -j DOCKER &&
	iptables-legacy -t mangle -A PREROUTING -s 198.51.100.3 -j MARK --set-mark 1 &&
	ip6tables-legacy -N f2b-sshd && ip6tables-legacy -A f2b-sshd -s 2001:db8::9 -j DROP'
export FOREIGN

# reload_case TAG [reload args]: boot, foreign rules, change the file,
# reload, then the state.
reload_case() {
	local tag=$1
	shift
	cp "$EXAMPLES/dual-stack.rules.v4" "$TMPD/rules.v4"
	in_netns "
		\"\$NFCOMMIT\" boot || exit 3
		eval \"\$FOREIGN\" || exit 4
		sed -i 's/--dports 80,443/--dports 80,443,8080/' '$TMPD/rules.v4'
		run_capture '$tag' \"\$NFCOMMIT\" reload $*
		iptables-legacy-save | norm_save >'$TMPD/$tag.4'
		ip6tables-legacy-save | norm_save >'$TMPD/$tag.6'
	" || bail "$tag: setting up failed"
}

reload_case keep
assert_rc 0 "$(rc_of keep)" "reload" "$TMPD/keep.err"
assert_grep "$TMPD/keep.4" "--dports 80,443,8080 -j ACCEPT" "reload: the changed rule is live"
assert_grep "$TMPD/keep.4" "^-A DOCKER -d 192.0.2.7/32 -j ACCEPT" "reload: docker's chain in filter stays"
assert_grep "$TMPD/keep.4" "^-A f2b-sshd -s 203.0.113.9/32 -j DROP" "reload: fail2ban's chain stays"
assert_grep "$TMPD/keep.4" "^:DOCKER - " "reload: docker's nat chain stays"
assert_grep "$TMPD/keep.4" "^-A PREROUTING -j DOCKER" "reload: the jump in nat (a table the file does not name) stays"
assert_grep "$TMPD/keep.4" "^-A PREROUTING -s 198.51.100.3/32 -j MARK" "reload: mangle (not in the file) stays"
assert_no_grep "$TMPD/keep.4" "^-A FORWARD -j DOCKER" "reload: FORWARD, which the file declares, is replaced"
assert_grep "$TMPD/keep.6" "^-A f2b-sshd -s 2001:db8::9/128 -j DROP" "reload: the IPv6 foreign chain stays"
assert_eq 1 "$(grep -c -- '--dports 80,443' "$TMPD/keep.4")" "reload: the file's rules are not doubled"

# The file alone, as boot would load it, plus the foreign parts: nothing else.
cp "$EXAMPLES/dual-stack.rules.v4" "$TMPD/changed.v4"
sed -i 's/--dports 80,443/--dports 80,443,8080/' "$TMPD/changed.v4"
in_netns "
	$IPT_RESTORE <'$TMPD/changed.v4' && eval \"\$FOREIGN\" && iptables-legacy -D FORWARD -j DOCKER || exit 3
	iptables-legacy-save | norm_save >'$TMPD/keep.exp'
"
assert_files_eq "$TMPD/keep.exp" "$TMPD/keep.4" "reload keeping foreign chains: the whole IPv4 state"

# --no-keep-foreign, and RELOAD_KEEP_FOREIGN=no.
reload_case whole --no-keep-foreign
assert_rc 0 "$(rc_of whole)" "reload --no-keep-foreign" "$TMPD/whole.err"
in_netns "
	$IPT_RESTORE <'$TMPD/changed.v4' && iptables-legacy -t nat -S >/dev/null && iptables-legacy -t mangle -S >/dev/null || exit 3
	iptables-legacy-save | norm_save >'$TMPD/whole.exp'
"
assert_files_eq "$TMPD/whole.exp" "$TMPD/whole.4" "reload --no-keep-foreign: the file, and every other table empty"
assert_no_grep "$TMPD/whole.6" "f2b" "reload --no-keep-foreign: the IPv6 foreign chain is gone"
write_conf "RULES_V4=$TMPD/rules.v4" "RULES_V6=$TMPD/rules.v6" RELOAD_KEEP_FOREIGN=no
reload_case conf
assert_files_eq "$TMPD/whole.4" "$TMPD/conf.4" "RELOAD_KEEP_FOREIGN=no does what --no-keep-foreign does"
write_conf "RULES_V4=$TMPD/rules.v4" "RULES_V6=$TMPD/rules.v6"

# A broken file: nothing changes, exit non-zero.
cp "$EXAMPLES/dual-stack.rules.v4" "$TMPD/rules.v4"
in_netns "
	\"\$NFCOMMIT\" boot || exit 3
	eval \"\$FOREIGN\" || exit 4
	iptables-legacy-save | norm_save >'$TMPD/before.4'
	sed -i 's/--dports 80,443/--dports 80,99999/' '$TMPD/rules.v4'
	run_capture broken \"\$NFCOMMIT\" reload
	iptables-legacy-save | norm_save >'$TMPD/after.4'
	printf '*filter\\n:INPUT ACCEPT [0:0]\\n-A INPUT -p tcp -j REDIRECT --to-ports 1\\nCOMMIT\\n' >'$TMPD/rules.v4'
	run_capture rejected \"\$NFCOMMIT\" reload
	iptables-legacy-save | norm_save >'$TMPD/after2.4'
	rm '$TMPD/rules.v4'
	run_capture missing \"\$NFCOMMIT\" reload
	iptables-legacy-save | norm_save >'$TMPD/after3.4'
" || bail "broken: setting up failed"
assert_rc 1 "$(rc_of broken)" "reload of a broken file" "$TMPD/broken.err"
assert_grep "$TMPD/broken.err" "NOT reloaded" "reload of a broken file: says nothing changed"
assert_files_eq "$TMPD/before.4" "$TMPD/after.4" "reload of a broken file changes nothing"
assert_rc_in "1 2 4" "$(rc_of rejected)" "reload of a file the kernel refuses"
assert_files_eq "$TMPD/before.4" "$TMPD/after2.4" "reload of a refused file changes nothing"
assert_rc_in "1 2" "$(rc_of missing)" "reload of a missing file"
assert_files_eq "$TMPD/before.4" "$TMPD/after3.4" "reload of a missing file changes nothing"

# After a boot fallback, a reload of the fixed file clears the marker.
cp "$EXAMPLES/dual-stack.rules.v4" "$TMPD/rules.v4"
mv "$TMPD/rules.v4" "$TMPD/rules.v4.away"
in_netns "
	\"\$NFCOMMIT\" boot 2>/dev/null; cat \"\$NFCOMMIT_STATE_DIR/run/stand-in.v4\" >'$TMPD/mark1'
	mv '$TMPD/rules.v4.away' '$TMPD/rules.v4'
	run_capture fixed \"\$NFCOMMIT\" reload
"
assert_eq "the boot fallback" "$(cat "$TMPD/mark1")" "boot fell back"
assert_rc 0 "$(rc_of fixed)" "reload of the fixed file" "$TMPD/fixed.err"
assert_eq "" "$(stand_in 4)" "reload of the fixed file clears the stand-in marker"

# A broken configuration: reload refuses to act.
printf 'RULES_V4=%s\nBOGUS=1\n' "$TMPD/rules.v4" >"$NFCOMMIT_CONF"
in_netns 'run_capture badconf "$NFCOMMIT" reload'
assert_rc 2 "$(rc_of badconf)" "reload with a broken configuration" "$TMPD/badconf.err"
assert_grep "$TMPD/badconf.err" "nothing was changed" "reload with a broken configuration: says so"

finish
