#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check NFC015-NFC018: matches and targets that cannot work where
# they stand: interfaces a hook's packets never have (through user
# chains: the builtin chains are refused by the parser, as iptables does),
# port matches without their protocol, -m owner outside OUTPUT and
# POSTROUTING, DROP and REJECT where the kernel refuses them.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/check-lib.sh"
require_check_env

for id in 015 016 017 018; do
	check_expect_all "NFC$id-*"
done
f=$TMPD/NFC017-owner-hook.bad.v4
assert_grep "$f.err" "^$f:7:1: note: chain .local. is reached from here" \
	"NFC017: the jump into the chain as the second location"

# What the kernel says (legacy backend, in a private namespace): the
# bad files are refused, the near misses load.
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null &&
	command -v "$IPT_RESTORE" >/dev/null 2>&1 &&
	unshare -n "$IPT_SAVE" >/dev/null 2>&1; then
	for f in NFC016-proto-mismatch NFC017-owner-hook NFC018-nat-filter; do
		in_netns "\"$IPT_RESTORE\" <'$CHECK_DATA/$f.bad.v4'" >/dev/null 2>&1 &&
			fail "$f.bad.v4: the kernel loads what check calls an error"
		in_netns "\"$IPT_RESTORE\" <'$CHECK_DATA/$f.ok.v4'" >/dev/null 2>&1 ||
			fail "$f.ok.v4: the kernel refuses the near miss"
	done
else
	note "kernel comparison skipped (needs root, unshare and $IPT_RESTORE)"
fi

finish
