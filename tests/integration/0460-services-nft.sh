#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The service commands on the nf_tables backend: boot, reload keeping a
# foreign chain, save --to, panic and flush, with the tables listed by the
# backend (under nf_tables /proc/net/ip_tables_names stays empty, which is
# why scripts that read it do nothing there).  Checked with the
# iptables-nft tools.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/lib-services.sh"
require_netns
require_nfcommit
require_cmd iptables-nft-save ip6tables-nft-save iptables-nft
unshare -n iptables-nft-save >/dev/null 2>&1 || skip "iptables-nft does not work in a namespace"
copy_rules dual-stack
export NFCOMMIT_BACKEND=nft
write_conf "RULES_V4=$TMPD/rules.v4" "RULES_V6=$TMPD/rules.v6"
sed -i 's/^BACKEND=legacy$/BACKEND=nft/' "$NFCOMMIT_CONF"

in_netns '
	nsave() { iptables-nft-save | norm_save; }
	run_capture boot "$NFCOMMIT" boot
	nsave >"$TMPD/boot4"; ip6tables-nft-save | norm_save >"$TMPD/boot6"
	cat /proc/net/ip_tables_names >"$TMPD/procnames" 2>/dev/null
	iptables-nft -N DOCKER && iptables-nft -A DOCKER -d 192.0.2.7 -j ACCEPT || exit 3
	sed -i "s/--dports 80,443/--dports 80,443,8080/" "$TMPD/rules.v4"
	run_capture reload "$NFCOMMIT" reload
	nsave >"$TMPD/reload4"
	run_capture save "$NFCOMMIT" save --to "$TMPD/saved4"
	nft add table ip mangle && nft add chain ip mangle INPUT "{ type filter hook input priority -150; }" &&
		nft add rule ip mangle INPUT ct count over 2 drop || exit 4
	cp "$TMPD/saved4" "$TMPD/keep4"
	run_capture savenft "$NFCOMMIT" save --to "$TMPD/keep4"
	nft delete table ip mangle
	run_capture panic "$NFCOMMIT" panic
	nsave >"$TMPD/panic4"
	run_capture flush "$NFCOMMIT" flush
	nsave >"$TMPD/flush4"; ip6tables-nft-save | norm_save >"$TMPD/flush6"
' || bail "setting up failed"
assert_rc 0 "$(rc_of boot)" "boot (nft)" "$TMPD/boot.err"
grep -v -e '^#' -e '^$' "$EXAMPLES/dual-stack.rules.v4" | norm_save >"$TMPD/exp4"
grep -v -e '^#' -e '^$' "$EXAMPLES/dual-stack.rules.v6" | norm_save >"$TMPD/exp6"
assert_files_eq "$TMPD/exp4" "$TMPD/boot4" "boot (nft): the IPv4 rules are live"
assert_files_eq "$TMPD/exp6" "$TMPD/boot6" "boot (nft): the IPv6 rules are live"
assert_empty "$TMPD/procnames" "under nf_tables /proc/net/ip_tables_names lists nothing"
assert_rc 0 "$(rc_of reload)" "reload (nft)" "$TMPD/reload.err"
assert_grep "$TMPD/reload4" "--dports 80,443,8080" "reload (nft): the change is live"
assert_grep "$TMPD/reload4" "^-A DOCKER -d 192.0.2.7/32 -j ACCEPT" "reload (nft): the foreign chain stays"
assert_rc 0 "$(rc_of save)" "save --to (nft)" "$TMPD/save.err"
assert_rc 1 "$(rc_of savenft)" "save --to with a table nft made, iptables cannot express" "$TMPD/savenft.err"
assert_grep "$TMPD/savenft.err" "mangle.*NOT written" "save --to names the table it cannot write"
assert_files_eq "$TMPD/saved4" "$TMPD/keep4" "save --to refused: the rules file is untouched"
strip_save_comments <"$TMPD/saved4" | norm_save >"$TMPD/saved4.n"
assert_files_eq "$TMPD/reload4" "$TMPD/saved4.n" "save --to (nft): the live ruleset"
assert_rc 0 "$(rc_of panic)" "panic (nft)" "$TMPD/panic.err"
assert_grep "$TMPD/panic4" "^:INPUT DROP" "panic (nft): filter drops"
assert_grep "$TMPD/panic4" "^\*raw" "panic (nft): raw is closed too"
assert_rc 0 "$(rc_of flush)" "flush (nft)" "$TMPD/flush.err"
for f in 4 6; do
	assert_no_grep "$TMPD/flush$f" "^-A|DROP|^:[a-z]|DOCKER" "flush (nft): IPv$f open"
done
assert_grep "$TMPD/flush4" "^\*mangle" "flush (nft): the tables panic loaded are found and opened"

finish
