# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/check-lib.sh - helpers for the `nfcommit check' finding tests
# (tests/integration/03NN-*.sh).  Source it after lib.sh.
#
# Data files under tests/data/check/ state what check must report about
# them in comment lines of their own:
#
#     # expect: LINE:COL SEVERITY ID [TEXT]
#
# one per finding, where TEXT (optional) is a piece of the message.  A file
# with no expect line must give no finding at all (a near miss).  Files
# named *.v6 are IPv6, all others IPv4.

CHECK_DATA=$TESTS_DIR/data/check

# check_expect FILE [CHECK ARGS...]: run check on a copy of FILE and
# compare the findings, exactly, with FILE's expect lines.
check_expect() {
	local src=$1 f tag exp got fam=-4 line want_rc
	shift
	tag=$(basename "$src")
	f=$TMPD/$tag
	cp "$src" "$f"
	case $f in *.v6) fam=-6 ;; esac
	run_check "$tag" "$@" "$fam" "$f"
	exp=$(sed -n 's/^# expect: \([0-9]*:[0-9]*\) \([a-z]*\) \(NFC[0-9]*\).*/\1 \2 \3/p' "$f" | sort)
	got=$(sed -n "s|^$f:\([0-9]*:[0-9]*\): \([a-z]*\): .* \[\(NFC[0-9]*\)\]\$|\1 \2 \3|p" \
		"$TMPD/$tag.err" | sort)
	assert_eq "$exp" "$got" "check $tag: findings (LINE:COL SEVERITY ID)" ||
		show_file "$tag.err" "$TMPD/$tag.err" 30
	# Each expected message piece is in the finding it belongs to.
	while IFS= read -r line; do
		local pos sev id text
		read -r pos sev id text <<<"$line"
		[ -n "$text" ] || continue
		if ! grep -F -- "$f:$pos: $sev: " "$TMPD/$tag.err" | grep -F -q -- "$text"; then
			fail "check $tag: the $id finding at $pos does not say \"$text\""
		fi
	done < <(sed -n 's/^# expect: //p' "$f")
	# Exit status: 1 with an error, else 0.
	want_rc=0
	grep -q '^# expect: [0-9:]* error ' "$f" && want_rc=1
	assert_rc "$want_rc" "$(rc_of "$tag")" "check $tag: exit status" "$TMPD/$tag.err"
}

# check_expect_all GLOB [CHECK ARGS...]: check_expect for every data file
# matching GLOB (relative to tests/data/check); fails when none does.
check_expect_all() {
	local glob=$1 f n=0
	shift
	for f in $CHECK_DATA/$glob; do
		[ -e "$f" ] || continue
		check_expect "$f" "$@"
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] || fail "no test data matches $CHECK_DATA/$glob"
}
