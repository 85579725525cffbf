#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Big rulesets: one million rules (check and restore --test finish, within
# the memory bound README's "Limits" documents), 100,000 chains, a
# 10,000-deep chain of jumps (loaded like the reference does) and the same
# closed into a loop (reported, without recursing 10,000 deep), and the
# entry limit.  Kernel state unchanged where nothing may load.  In a
# sanitizer build the million becomes 200,000: ASan makes it 8 times slower.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/hostile.sh"
require_legacy_ref 4
require_nfcommit
require_check_env
rss_wrap
REAL=$NFCOMMIT

check_case() {
	local tag=$1
	shift
	RSS_TAG=$tag NFCOMMIT=$TMPD/nfc-rss run_check "$tag" "$@"
	assert_no_crash "$(rc_of "$tag")" "check $tag"
}
head4() { printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' ':FORWARD ACCEPT [0:0]' ':OUTPUT ACCEPT [0:0]'; }

# 1. A million rules.
n=1000000
sanitized && n=200000
awk -v n=$n -f "$TESTS_DIR/gen-rules.awk" >"$TMPD/1m.rules"
RUN_TIMEOUT=240 check_case 1m "$TMPD/1m.rules"
assert_rc 0 "$(rc_of 1m)" "check: $n rules" "$TMPD/1m.all"
assert_rss 1m 1024 "check: $n rules"
RUN_TIMEOUT=240 RSS_TAG=1m-t NFCOMMIT=$TMPD/nfc-rss expect_unchanged 4 "$TMPD/1m.rules" 1m-t "restore --test: $n rules" --test
assert_rc 0 "$(rc_of 1m-t)" "restore --test: $n rules" "$TMPD/1m-t.err"
assert_rss 1m-t 1024 "restore --test: $n rules"
rm -f "$TMPD/1m.rules"

# 2. 100,000 chains (0090 loads them; here check, which also walks them
#    for loops).
{ head4; seq -f ':c%06g - [0:0]' 1 100000; seq -f '-A c%06g -j ACCEPT' 1 100000; echo '-A INPUT -j c100000'; echo COMMIT; } >"$TMPD/100k.rules"
check_case 100k "$TMPD/100k.rules"
assert_rc 0 "$(rc_of 100k)" "check: 100k chains" "$TMPD/100k.all"
assert_rss 100k 512 "check: 100k chains"

# 3. A chain of 10,000 jumps: INPUT -> d1 -> d2 -> ... -> d10000.
deep() { # N LOOP
	head4
	seq -f ':d%g - [0:0]' 1 "$1"
	echo '-A INPUT -s 192.0.2.1/32 -j d1'
	seq 1 $(($1 - 1)) | awk '{ printf "-A d%d -j d%d\n", $1, $1 + 1 }'
	if [ "$2" = loop ]; then echo "-A d$1 -j d1"; else echo "-A d$1 -j ACCEPT"; fi
	echo COMMIT
}
deep 10000 noloop >"$TMPD/deep.rules"
check_case deep "$TMPD/deep.rules"
assert_rc 0 "$(rc_of deep)" "check: 10k-deep jumps" "$TMPD/deep.all"
RUN_TIMEOUT=240 compare_with_ref 4 "$TMPD/deep.rules" deep-load "" ""

# ... closed into a loop: check names it, restore refuses it, nothing changes.
deep 10000 loop >"$TMPD/loop.rules"
check_case loop "$TMPD/loop.rules"
assert_rc 1 "$(rc_of loop)" "check: 10k-long jump loop" "$TMPD/loop.all"
assert_grep "$TMPD/loop.all" "^$TMPD/loop.rules:[0-9]+:[0-9]+: error: jump loop" "check: 10k-long jump loop: diagnostic"
RUN_TIMEOUT=240 expect_unchanged 4 "$TMPD/loop.rules" loop-r "restore: 10k-long jump loop"
assert_rc_in "1 2" "$(rc_of loop-r)" "restore: 10k-long jump loop"
assert_grep "$TMPD/loop-r.err" 'error: .*(loop|jumps back)' "restore: 10k-long jump loop: diagnostic"

# 4. The entry limit: 2,000,001 tables (each an empty *filter section; the
#    cheapest entry to parse) are one too many.
awk 'BEGIN { for (i = 0; i < 2000001; i++) print "*filter\nCOMMIT" }' >"$TMPD/many.rules"
RUN_TIMEOUT=240 check_case many "$TMPD/many.rules"
assert_rc 1 "$(rc_of many)" "check: 2,000,001 tables" "$TMPD/many.all"
assert_grep "$TMPD/many.all" ':4000001:1: error: more than 2000000 tables, chains and rules' \
	"check: 2,000,001 tables: the limit is named"
assert_rss many 512 "check: 2,000,001 tables"
rm -f "$TMPD/many.rules"

NFCOMMIT=$REAL
finish
