#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nf_tables backend and other writers: the batch is guarded by the ruleset
# generation the tables were read at.  When another program commits in
# between, nfcommit reads and builds again; when that keeps happening it
# gives up after a few attempts with exit 4, having changed nothing.
# (--noflush, so that a large file is read, applied and encoded between
# reading the generation and sending the batch.)
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/nft-lib.sh"
require_nft_ref
require_nfcommit

awk 'BEGIN {
	print "*filter"
	for (i = 0; i < 20000; i++)
		printf "-A INPUT -s 10.%d.%d.%d/32 -p tcp -m tcp --dport %d -j ACCEPT\n",
			int(i / 65536) % 256, int(i / 256) % 256, i % 256, 1000 + i % 5000
	print "COMMIT"
}' >"$TMPD/big.rules"

# A writer that never stops: every attempt is refused.
in_netns "
	nft add table ip busy
	( while :; do nft add chain ip busy c; nft delete chain ip busy c; done ) &
	w=\$!
	run_capture busy \"\$NFCOMMIT\" restore -v --backend=nft --noflush '$TMPD/big.rules'
	kill \$w; wait \$w 2>/dev/null
	nft_save 4 >'$TMPD/busy.save'
"
assert_rc_in "0 4" "$(rc_of busy)" "restore beside a busy writer"
if [ "$(rc_of busy)" = 4 ]; then
	assert_grep "$TMPD/busy.err" 'building again' "says it tried again"
	assert_grep "$TMPD/busy.err" 'kept changing the ruleset: gave up after [0-9]+ attempts, nothing was changed' \
		"says why it gave up"
	assert_no_grep "$TMPD/busy.save" '^-A INPUT' "nothing was loaded"
else
	note "the busy writer never got in between (no retry seen)"
fi

# A writer that stops after a few changes: nfcommit gets through.
in_netns "
	nft add table ip busy
	( for i in 1 2 3; do nft add chain ip busy c\$i; sleep 0.05; done ) &
	w=\$!
	run_capture burst \"\$NFCOMMIT\" restore -v --backend=nft --noflush '$TMPD/big.rules'
	wait \$w
	nft_save 4 | grep -c '^-A INPUT' >'$TMPD/burst.count'
"
assert_rc 0 "$(rc_of burst)" "restore beside a short burst of changes" "$TMPD/burst.err"
assert_eq 20000 "$(cat "$TMPD/burst.count")" "every rule loaded once"
grep -q 'building again' "$TMPD/burst.err" ||
	note "the burst did not get in between this time (no retry seen)"

finish
