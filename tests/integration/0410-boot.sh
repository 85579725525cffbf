#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit boot: good files load, IPv4 and IPv6 in one transaction, and
# exit 0; a missing, empty, broken or kernel-refused file loads the
# fallback (configured file, else the built-in ruleset), logs it to
# stderr and syslog, marks the stand-in and exits 1; boot never exits 0
# unless the rules files themselves were loaded.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/lib-services.sh"
require_legacy_ref 46
require_nfcommit
copy_rules dual-stack
FB4=$EXAMPLES/fallback.rules.v4
FB6=$EXAMPLES/fallback.rules.v6
base_conf() {
	write_conf "RULES_V4=$TMPD/rules.v4" "RULES_V6=$TMPD/rules.v6" \
		"FALLBACK_V4=$FB4" "FALLBACK_V6=$FB6" "$@"
}
base_conf

# expected_state TAG FILE4 FILE6: what the reference tools make of them.
expected_state() {
	in_netns "
		$IPT_RESTORE <'$2' && $IP6T_RESTORE <'$3' || exit 3
		$IPT_SAVE | norm_save >'$TMPD/$1.exp4'
		$IP6T_SAVE | norm_save >'$TMPD/$1.exp6'
	" || bail "$1: the reference tools refuse the test data (broken test)"
}
# boot_case TAG [boot args]: boot in a fresh namespace, then the state.
boot_case() {
	local tag=$1
	shift
	in_netns "
		run_capture '$tag' \"\$NFCOMMIT\" boot $*
		$IPT_SAVE | norm_save >'$TMPD/$tag.got4'
		$IP6T_SAVE | norm_save >'$TMPD/$tag.got6'
	"
}

# The good case: both files, one transaction, exit 0, quiet.
expected_state good "$TMPD/rules.v4" "$TMPD/rules.v6"
boot_case good
assert_rc 0 "$(rc_of good)" "boot with good files" "$TMPD/good.err"
assert_empty "$TMPD/good.err" "boot with good files says nothing on stderr"
assert_files_eq "$TMPD/good.exp4" "$TMPD/good.got4" "boot: the IPv4 rules are live"
assert_files_eq "$TMPD/good.exp6" "$TMPD/good.got6" "boot: the IPv6 rules are live"
[ -n "$(stand_in 4)$(stand_in 6)" ] && fail "good boot: no stand-in marker"

# -v says what it loaded; -4 FILE overrides RULES_V4 and leaves IPv6 alone.
boot_case verbose -v
assert_grep "$TMPD/verbose.err" "loaded the IPv4 rules from $TMPD/rules.v4" "boot -v"
cp "$EXAMPLES/webserver.rules.v4" "$TMPD/web.v4"
expected_state web "$TMPD/web.v4" /dev/null
boot_case only4 -4 "$TMPD/web.v4"
assert_rc 0 "$(rc_of only4)" "boot -4 FILE" "$TMPD/only4.err"
assert_files_eq "$TMPD/web.exp4" "$TMPD/only4.got4" "boot -4 FILE: FILE is live"
assert_empty "$TMPD/only4.got6" "boot -4 FILE: IPv6 untouched"

# The fallbacks, as the reference tools load them.
expected_state fb "$FB4" "$FB6"

# fallback_case TAG FAM4-EXPECT FAM6-EXPECT: boot ran already (boot_case);
# EXPECT is good, fb, builtin or empty.
fallback_case() {
	local tag=$1 e4=$2 e6=$3 f
	assert_rc 1 "$(rc_of "$tag")" "$tag: boot exits 1" "$TMPD/$tag.err"
	for f in 4 6; do
		local e=$e4
		[ $f = 6 ] && e=$e6
		case $e in
		good | fb) assert_files_eq "$TMPD/$e.exp$f" "$TMPD/$tag.got$f" "$tag: IPv$f state is $e" ;;
		builtin) assert_grep "$TMPD/$tag.got$f" "^-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT" "$tag: IPv$f runs the built-in fallback"
			 assert_grep "$TMPD/$tag.got$f" "^:INPUT DROP" "$tag: IPv$f built-in fallback drops" ;;
		empty) assert_empty "$TMPD/$tag.got$f" "$tag: IPv$f nothing loaded" ;;
		esac
	done
}

# A missing IPv4 file: the IPv4 fallback, the good IPv6 rules.
mv "$TMPD/rules.v4" "$TMPD/rules.v4.away"
boot_case missing
fallback_case missing fb good
assert_grep "$TMPD/missing.err" "rules.v4: No such file" "missing file: named"
assert_grep "$TMPD/missing.err" "FALLBACK ACTIVE: the IPv4 rules .* were not loaded" "missing file: loud"
assert_eq "the boot fallback" "$(stand_in 4)" "missing file: the IPv4 stand-in marker"
assert_eq "" "$(stand_in 6)" "missing file: no IPv6 stand-in marker"
mv "$TMPD/rules.v4.away" "$TMPD/rules.v4"

# A good boot clears the marker.
boot_case good2
assert_rc 0 "$(rc_of good2)" "boot after a fallback" "$TMPD/good2.err"
assert_eq "" "$(stand_in 4)" "a good boot clears the stand-in marker"

# A syntax error in the IPv6 file: check's diagnostic, the IPv6 fallback.
cp "$TMPD/rules.v6" "$TMPD/good.v6"
sed -i 's/--dports 80,443/--dports 80,99999/' "$TMPD/rules.v6"
boot_case broken6
fallback_case broken6 good fb
assert_grep "$TMPD/broken6.err" "^$TMPD/rules.v6:[0-9]+:[0-9]+: error: " "broken file: FILE:LINE:COL diagnostic"
assert_grep "$TMPD/broken6.err" "does not pass .nfcommit check'" "broken file: says why"
cp "$TMPD/good.v6" "$TMPD/rules.v6"

# A file with no table (an empty file, comments only) loads nothing: refused.
cp "$TMPD/rules.v4" "$TMPD/good.v4"
printf '# nothing here\n' >"$TMPD/rules.v4"
boot_case notable
fallback_case notable fb good
assert_grep "$TMPD/notable.err" "holds no table" "a file with no table: the reason"

# Kernel-refused IPv4 (parses, passes check, the kernel says no): the
# transaction held both families, so both fall back together.
cp "$TMPD/good.v4" "$TMPD/rules.v4"
printf '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -j REDIRECT --to-ports 1\nCOMMIT\n' >"$TMPD/rej.v4"
base_conf "RULES_V4=$TMPD/rej.v4"
boot_case kernel
fallback_case kernel fb fb
assert_grep "$TMPD/kernel.err" "kernel rejected table" "kernel refusal: the kernel's reason"
assert_grep "$TMPD/kernel.err" "for every family" "kernel refusal: every family falls back"

# A broken fallback file: the built-in fallback.
printf '*filter\n-A INPUT -j NOSUCHCHAIN\nCOMMIT\n' >"$TMPD/badfb.v4"
base_conf "RULES_V4=$TMPD/missing.v4" "FALLBACK_V4=$TMPD/badfb.v4"
boot_case badfb
fallback_case badfb builtin good
assert_grep "$TMPD/badfb.err" "fallback file .* is unusable too" "broken fallback: said"
assert_grep "$TMPD/badfb.err" "the built-in fallback ruleset is live" "broken fallback: names the built-in"

# FALLBACK_V4=builtin, FALLBACK_V6=builtin.
base_conf "RULES_V4=$TMPD/missing.v4" "RULES_V6=$TMPD/missing.v6" FALLBACK_V4=builtin FALLBACK_V6=builtin
boot_case builtin
fallback_case builtin builtin builtin
assert_grep "$TMPD/builtin.got6" "icmpv6-type 135" "built-in IPv6 fallback keeps neighbour discovery"

# FALLBACK_V4=none: nothing loaded for IPv4, still exit 1.
base_conf "RULES_V4=$TMPD/missing.v4" FALLBACK_V4=none
boot_case none
fallback_case none empty good
assert_grep "$TMPD/none.err" "no fallback is configured" "FALLBACK_V4=none: said"

# A broken configuration: every family falls back (built-in, the defaults).
printf 'RULES_V4=%s\nSAVE_ON_STPO=yes\n' "$TMPD/rules.v4" >"$NFCOMMIT_CONF"
boot_case badconf
fallback_case badconf builtin builtin
assert_grep "$TMPD/badconf.err" "unknown key" "broken configuration: its error"
assert_grep "$TMPD/badconf.err" "configuration .* is broken" "broken configuration: said"

# RULES_V6 empty: IPv6 is not managed; boot of IPv4 alone.
base_conf RULES_V6=
boot_case no6
assert_rc 0 "$(rc_of no6)" "RULES_V6 empty" "$TMPD/no6.err"
assert_empty "$TMPD/no6.got6" "RULES_V6 empty: IPv6 untouched"
boot_case no6b -6
assert_rc 2 "$(rc_of no6b)" "boot -6 with RULES_V6 empty" "$TMPD/no6b.err"

# Syslog: the fallback is logged at priority crit, facility daemon
# (<26>), success at info (<30>).
base_conf "RULES_V4=$TMPD/missing.v4"
syslog_sandbox "$TMPD/syslog" '"$NFCOMMIT" boot 2>/dev/null; echo $? >"$TMPD/sl.rc"'
[ $? = 99 ] && skip "cannot set up a private /dev/log"
assert_eq 1 "$(cat "$TMPD/sl.rc")" "boot with syslog: exit 1"
assert_grep "$TMPD/syslog" '^<26>.*nfcommit\[[0-9]+\]: boot: FALLBACK ACTIVE: the IPv4 rules' "syslog: fallback at crit"
base_conf
syslog_sandbox "$TMPD/syslog2" '"$NFCOMMIT" boot'
assert_grep "$TMPD/syslog2" '^<30>.*boot: loaded the IPv6 rules' "syslog: success at info"

# The guard: boot in the initial namespace is refused, loads nothing and
# does not exit 0.
if is_initial_netns; then
	run_capture guard "$NFCOMMIT" boot
	assert_rc_in "1 4" "$(rc_of guard)" "boot in the initial namespace"
	assert_grep "$TMPD/guard.err" "NOTHING WAS LOADED" "guard: nothing loaded, said"
fi

# Usage.
run_capture u1 "$NFCOMMIT" boot --bogus
assert_rc 2 "$(rc_of u1)" "boot --bogus"
run_capture u2 "$NFCOMMIT" boot -4 a b
assert_rc 2 "$(rc_of u2)" "boot -4 FILE FILE"

finish
