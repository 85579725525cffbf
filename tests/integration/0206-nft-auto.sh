#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# --backend=auto, the default: nf_tables unless the legacy tables (of
# either family) hold rules, user chains or a DROP policy, so that one
# host never mixes the two; -v says which and why; NFCOMMIT_BACKEND sets
# the default; --backend overrides it.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/nft-lib.sh"
require_nft_ref
require_legacy_ref 46
require_nfcommit

printf '*filter\n-A INPUT -s 192.0.2.1/32 -j ACCEPT\nCOMMIT\n' >"$TMPD/r4.rules"
printf '*filter\n:INPUT DROP [0:0]\nCOMMIT\n' >"$TMPD/drop6.rules"

# chosen TAG SETUP ARGS...: run restore -v in a namespace after SETUP.
chosen() {
	local tag=$1 setup=$2
	shift 2
	in_netns "
		$setup
		run_capture '$tag' \"\$NFCOMMIT\" restore -v $* <'$TMPD/r4.rules'
		nft list tables >'$TMPD/$tag.nft' 2>/dev/null
		$IPT_SAVE 2>/dev/null | grep -c '^-A' >'$TMPD/$tag.legacy'
	"
	assert_rc 0 "$(rc_of "$tag")" "$tag" "$TMPD/$tag.err"
}

chosen fresh ":"
assert_grep "$TMPD/fresh.err" 'backend nft \(auto: no legacy rules\)' "fresh namespace: auto picks nft"
assert_grep "$TMPD/fresh.nft" '^table ip filter' "fresh namespace: the rule went to nf_tables"

chosen legacy4 "printf '*filter\n-A OUTPUT -j ACCEPT\nCOMMIT\n' | $IPT_RESTORE"
assert_grep "$TMPD/legacy4.err" 'backend legacy \(auto: the legacy tables hold rules\)' \
	"legacy IPv4 rules: auto stays on legacy"
assert_empty "$TMPD/legacy4.nft" "legacy IPv4 rules: nothing went to nf_tables"

chosen legacy6 "$IP6T_RESTORE <'$TMPD/drop6.rules'"
assert_grep "$TMPD/legacy6.err" 'backend legacy' "a legacy IPv6 DROP policy: auto stays on legacy"

chosen empty-legacy "printf '*filter\nCOMMIT\n' | $IPT_RESTORE"
assert_grep "$TMPD/empty-legacy.err" 'backend nft' "empty legacy tables do not count"

NFCOMMIT_BACKEND=legacy chosen env-legacy ":"
assert_grep "$TMPD/env-legacy.err" 'backend legacy \(NFCOMMIT_BACKEND\)' "NFCOMMIT_BACKEND=legacy"
NFCOMMIT_BACKEND=legacy chosen env-override ":" --backend=nft
assert_grep "$TMPD/env-override.err" 'backend nft \(--backend\)' "--backend overrides NFCOMMIT_BACKEND"

in_netns 'NFCOMMIT_BACKEND=bogus run_capture bogus "$NFCOMMIT" restore </dev/null'
assert_rc 2 "$(rc_of bogus)" "an unknown backend in NFCOMMIT_BACKEND"
assert_grep "$TMPD/bogus.err" "unknown backend .bogus'" "says which backend is unknown"

# save follows the same choice.
in_netns "
	\"\$NFCOMMIT\" restore <'$TMPD/r4.rules' || exit 3
	run_capture save \"\$NFCOMMIT\" save
"
assert_grep "$TMPD/save.out" '^-A INPUT -s 192.0.2.1/32 -j ACCEPT' "save (auto) reads nf_tables"

finish
