#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# examples/: every rules file passes `nfcommit check' (unprivileged, no
# finding), loads with `nfcommit restore' in a private namespace into the
# state the reference restore makes of it, and the IPv4/IPv6 pairs load
# together with `nfcommit boot'.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/lib-services.sh"
require_check_env
require_legacy_ref 46
write_conf

n=0
for f in "$EXAMPLES"/*.rules.v4 "$EXAMPLES"/*.rules.v6; do
	n=$((n + 1))
	name=$(basename "$f")
	fam=${name##*.v}
	cp "$f" "$TMPD/$name"
	run_check "chk$n" "-$fam" "$TMPD/$name"
	assert_rc 0 "$(rc_of "chk$n")" "check -$fam $name" "$TMPD/chk$n.all"
	assert_no_grep "$TMPD/chk$n.all" ': (error|warning): ' "check -$fam $name: no finding"

	r=$IPT_RESTORE s=$IPT_SAVE
	[ "$fam" = 6 ] && { r=$IP6T_RESTORE; s=$IP6T_SAVE; }
	in_netns "\"$r\" <'$f' && \"$s\" | norm_save >'$TMPD/ref$n'" ||
		{ fail "$name: the reference restore refuses it"; continue; }
	in_netns "
		run_capture 'ld$n' \"\$NFCOMMIT\" restore -$fam '$f'
		\"$s\" | norm_save >'$TMPD/got$n'
	"
	assert_rc 0 "$(rc_of "ld$n")" "restore -$fam $name" "$TMPD/ld$n.err"
	assert_files_eq "$TMPD/ref$n" "$TMPD/got$n" "$name: the kernel state after nfcommit restore"
	# The file is what iptables-save prints, but for comments (the legacy
	# tools may list the tables in another order).
	grep -v -e '^#' -e '^$' "$f" | norm_save >"$TMPD/file$n"
	assert_files_eq "$TMPD/file$n" "$TMPD/ref$n" "$name: the file is in iptables-save's form"
done
[ "$n" -ge 10 ] || fail "expected at least 10 example files, found $n"

# The pairs, both families in one boot.  (run_check opened $TMPD up for
# nobody; the state directory must be root's alone again.)
chmod 700 "$STATE"
for f in "$EXAMPLES"/*.rules.v4; do
	base=${f%.v4}
	[ -e "$base.v6" ] || continue
	name=$(basename "$base")
	in_netns "
		run_capture 'boot-$name' \"\$NFCOMMIT\" boot -4 '$f' -6 '$base.v6'
		$IPT_SAVE | norm_save >'$TMPD/b4-$name'
		$IP6T_SAVE | norm_save >'$TMPD/b6-$name'
	"
	assert_rc 0 "$(rc_of "boot-$name")" "boot -4 $name.v4 -6 $name.v6" "$TMPD/boot-$name.err"
	grep -v -e '^#' -e '^$' "$f" | norm_save >"$TMPD/f4-$name"
	grep -v -e '^#' -e '^$' "$base.v6" | norm_save >"$TMPD/f6-$name"
	assert_files_eq "$TMPD/f4-$name" "$TMPD/b4-$name" "boot $name: IPv4 state"
	assert_files_eq "$TMPD/f6-$name" "$TMPD/b6-$name" "boot $name: IPv6 state"
done

finish
