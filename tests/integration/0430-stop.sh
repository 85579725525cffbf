#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit stop: by default the rules stay and nothing is written;
# SAVE_ON_STOP saves crash-safely to the rules files (with generations);
# FLUSH_ON_STOP opens the firewall after saving; a stand-in (boot
# fallback, panic) is never saved; --save/--no-save/--flush override.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/lib-services.sh"
require_legacy_ref 46
require_nfcommit
copy_rules dual-stack
conf() { write_conf "RULES_V4=$TMPD/rules.v4" "RULES_V6=$TMPD/rules.v6" "$@"; }

# stop_case TAG [stop args]: boot, add a rule, stop, then the state.
stop_case() {
	local tag=$1
	shift
	in_netns "
		\"\$NFCOMMIT\" boot || exit 3
		iptables-legacy -A INPUT -s 192.0.2.77 -j DROP
		run_capture '$tag' \"\$NFCOMMIT\" stop $*
		iptables-legacy-save | norm_save >'$TMPD/$tag.4'
		ip6tables-legacy-save | norm_save >'$TMPD/$tag.6'
	" || bail "$tag: setting up failed"
}

# Default: nothing happens.
conf
stop_case default -v
assert_rc 0 "$(rc_of default)" "stop" "$TMPD/default.err"
assert_grep "$TMPD/default.err" "rules stay loaded" "stop -v says the rules stay"
assert_grep "$TMPD/default.4" "^-A INPUT -s 192.0.2.77/32 -j DROP" "stop: the rules stay loaded"
assert_files_eq "$EXAMPLES/dual-stack.rules.v4" "$TMPD/rules.v4" "stop: the rules file is untouched"

# SAVE_ON_STOP=yes: saved, the previous file kept.
conf SAVE_ON_STOP=yes
stop_case save
assert_rc 0 "$(rc_of save)" "stop with SAVE_ON_STOP=yes" "$TMPD/save.err"
assert_grep "$TMPD/rules.v4" "^-A INPUT -s 192.0.2.77/32 -j DROP" "SAVE_ON_STOP: the live rules were saved"
assert_files_eq "$EXAMPLES/dual-stack.rules.v4" "$TMPD/rules.v4.1" "SAVE_ON_STOP: the previous file is rules.v4.1"
[ -s "$TMPD/rules.v6.1" ] || fail "SAVE_ON_STOP: IPv6 saved too"
assert_eq 600 "$(stat -c %a "$TMPD/rules.v4")" "SAVE_ON_STOP: mode 0600"
assert_grep "$TMPD/save.4" "^-A INPUT -s 192.0.2.77/32 -j DROP" "SAVE_ON_STOP: the rules stay loaded"
copy_rules dual-stack
rm -f "$TMPD"/rules.v?.?

# --no-save overrides; FLUSH_ON_STOP=yes opens up.
stop_case nosave --no-save
assert_files_eq "$EXAMPLES/dual-stack.rules.v4" "$TMPD/rules.v4" "stop --no-save writes nothing"
conf FLUSH_ON_STOP=yes SAVE_ON_STOP=yes
stop_case flush
assert_rc 0 "$(rc_of flush)" "stop with SAVE_ON_STOP and FLUSH_ON_STOP" "$TMPD/flush.err"
assert_grep "$TMPD/rules.v4" "192.0.2.77" "save before flush: the rules were saved"
assert_no_grep "$TMPD/flush.4" "^-A|DROP" "FLUSH_ON_STOP: the firewall is open"
assert_no_grep "$TMPD/flush.6" "^-A|DROP" "FLUSH_ON_STOP: IPv6 open too"
copy_rules dual-stack
rm -f "$TMPD"/rules.v?.?

# -4 only.
conf
stop_case only4 -4 --flush
assert_no_grep "$TMPD/only4.4" "^-A" "stop -4 --flush: IPv4 open"
assert_grep "$TMPD/only4.6" "^-A" "stop -4 --flush: IPv6 untouched"

# A stand-in is never saved: boot fell back, then stop with SAVE_ON_STOP.
conf SAVE_ON_STOP=yes "RULES_V4=$TMPD/broken.v4"
printf '*filter\n-A INPUT -j NOWHERE\nCOMMIT\n' >"$TMPD/broken.v4"
cp "$TMPD/broken.v4" "$TMPD/broken.orig"
in_netns '
	"$NFCOMMIT" boot 2>/dev/null
	run_capture standin "$NFCOMMIT" stop
'
assert_rc 1 "$(rc_of standin)" "stop while the boot fallback is live" "$TMPD/standin.err"
assert_grep "$TMPD/standin.err" "stand-in \(the boot fallback\)" "stop: says why it does not save"
assert_files_eq "$TMPD/broken.orig" "$TMPD/broken.v4" "stop: the (broken) rules file is not replaced by the fallback"
# Same after panic.
conf SAVE_ON_STOP=yes
in_netns '
	"$NFCOMMIT" boot && "$NFCOMMIT" panic 2>/dev/null || exit 3
	run_capture panicstop "$NFCOMMIT" stop
'
assert_rc 1 "$(rc_of panicstop)" "stop after panic" "$TMPD/panicstop.err"
assert_files_eq "$EXAMPLES/dual-stack.rules.v4" "$TMPD/rules.v4" "stop after panic: the rules file is untouched"

# A broken configuration: nothing saved or flushed, exit 2.
printf 'SAVE_ON_STOP=yes\nFLUSH_ON_STOP=maybe\n' >"$NFCOMMIT_CONF"
in_netns 'run_capture badconf "$NFCOMMIT" stop'
assert_rc 2 "$(rc_of badconf)" "stop with a broken configuration" "$TMPD/badconf.err"

finish
