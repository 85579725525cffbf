#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# restore -T/--table NAME loads only that table; save -t/--table NAME prints
# only that table; save -o FILE writes the save to FILE.
. "$(dirname "$0")/../lib.sh"
require_legacy_ref 46
require_nfcommit

multi4=$TESTS_DIR/data/roundtrip/ipv4-mangle-raw.rules
multi6=$TESTS_DIR/data/roundtrip/ipv6-nat-mangle.rules
preload_rules 4 >"$TMPD/pre4.rules"
preload_rules 6 >"$TMPD/pre6.rules"

compare_with_ref 4 "$multi4" "v4 restore -T mangle" "-T mangle" "" "$TMPD/pre4.rules"
compare_with_ref 4 "$multi4" "v4 restore --table=raw" "-T raw" "" "$TMPD/pre4.rules" "--table=raw"
compare_with_ref 4 "$multi4" "v4 restore -T nat (absent from the input)" "-T nat" "" "$TMPD/pre4.rules"
compare_with_ref 6 "$multi6" "v6 restore -T nat" "-T nat" "" "$TMPD/pre6.rules"

# Independent check: -T mangle left filter's pre-existing rules alone.
f="$TMPD/v4 restore -T mangle.kern"
[ -f "$f" ] && assert_grep "$f" '^-A INPUT -s 198\.51\.100\.99/32 -j pre-existing$' "-T mangle leaves filter alone"

# save -t
compare_with_ref 4 "$multi4" "v4 save -t mangle" "" "-t mangle" "$TMPD/pre4.rules"
compare_with_ref 4 "$multi4" "v4 save -t nat" "" "-t nat" "$TMPD/pre4.rules"
compare_with_ref 6 "$multi6" "v6 save -t raw" "" "-t raw" "$TMPD/pre6.rules"

# save --table=NAME and -o FILE
in_netns '
	"$IPT_RESTORE" <"'"$multi4"'" || exit 3
	"$IPT_SAVE" -t raw | strip_save_comments >"$TMPD/o.ref"
	run_capture o-long "$NFCOMMIT" save -4 --backend=legacy --table=raw
	run_capture o-file "$NFCOMMIT" save -4 --backend=legacy -t raw -o "$TMPD/o.saved"
	run_capture o-bogus "$NFCOMMIT" save -4 --backend=legacy -t nosuchtable
'
assert_rc 0 "$(rc_of o-long)" "save --table=raw" "$TMPD/o-long.err" &&
	{ strip_save_comments <"$TMPD/o-long.out" >"$TMPD/o-long.txt"
	  assert_files_eq "$TMPD/o.ref" "$TMPD/o-long.txt" "save --table=raw vs reference save -t raw"; }
if assert_rc 0 "$(rc_of o-file)" "save -t raw -o FILE" "$TMPD/o-file.err"; then
	assert_empty "$TMPD/o-file.out" "save -o FILE: nothing on stdout"
	if [ -f "$TMPD/o.saved" ]; then
		strip_save_comments <"$TMPD/o.saved" >"$TMPD/o.saved.txt"
		assert_files_eq "$TMPD/o.ref" "$TMPD/o.saved.txt" "save -o FILE contents vs reference save -t raw"
	else
		fail "save -o FILE: the file was not created"
	fi
fi
assert_no_crash "$(rc_of o-bogus)" "save -t nosuchtable"
[ "$(rc_of o-bogus)" != 0 ] || fail "save -t nosuchtable: expected a non-zero exit status, got 0"

finish
