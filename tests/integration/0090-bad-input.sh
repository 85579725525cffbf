#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Hostile and broken input: a clear "FILE:LINE:COL: error:" diagnostic, exit
# status 2, no crash (status < 128), and the kernel state unchanged.
. "$(dirname "$0")/../lib.sh"
require_legacy_ref 4
require_nfcommit

DIAG='^<stdin>:[0-9]+:[0-9]+: error: '

# bad LABEL FILE [LINE]: the common checks; LINE (optional) is the line the
# diagnostic must name.  $BAD_OPTS: extra restore options.
bad() {
	local label=$1 file=$2 line=${3:-} tag
	tag=bad$((++nbad))
	# shellcheck disable=SC2086 # BAD_OPTS holds options, split on purpose
	expect_unchanged 4 "$file" "$tag" "$label" ${BAD_OPTS:-}
	assert_rc 2 "$(rc_of "$tag")" "$label" "$TMPD/$tag.err"
	if [ -n "$line" ]; then
		assert_grep "$TMPD/$tag.err" "^<stdin>:$line:[0-9]+: error: " "$label: diagnostic for line $line"
	else
		assert_grep "$TMPD/$tag.err" "$DIAG" "$label: a FILE:LINE:COL diagnostic"
	fi
	local sz
	sz=$(wc -c <"$TMPD/$tag.err")
	[ "$sz" -lt 20000 ] || fail "$label: $sz bytes of diagnostics, expected a short message"
}
nbad=0

# Deterministic pseudo-random bytes (all 256 values, NULs included).
garbage() { # COUNT SEED
	local n=$1 x=$2 i s=
	for ((i = 0; i < n; i++)); do
		x=$(((x * 1103515245 + 12345) & 0x7fffffff))
		s+=$(printf '\\0%03o' $(((x >> 16) & 255)))
	done
	printf '%b' "$s"
}

valid_head() { printf '%s\n' '*filter' ':INPUT DROP [0:0]' ':FORWARD ACCEPT [0:0]' ':OUTPUT ACCEPT [0:0]'; }

# 1. Binary garbage.
garbage 4096 1 >"$TMPD/garbage.rules"
bad "binary garbage" "$TMPD/garbage.rules"

# 2. A valid table followed by garbage: the first table is not committed.
{ valid_head; echo '-A INPUT -s 192.0.2.1/32 -j ACCEPT'; echo COMMIT; garbage 2048 2; } >"$TMPD/valid-then-garbage.rules"
bad "valid table, then binary garbage" "$TMPD/valid-then-garbage.rules"

# 3. NUL bytes in a rule line.
{ valid_head; printf -- '-A INPUT -s 192.0.2.1\0 -j DROP\n'; echo COMMIT; } >"$TMPD/nul.rules"
bad "NUL byte in a rule" "$TMPD/nul.rules" 5
{ valid_head; printf -- '-A INPUT -s 192.0.2.1/32 -j ACCEPT\nCOMMIT\n\0\0\0\0\n'; } >"$TMPD/nul2.rules"
bad "NUL bytes after the last COMMIT" "$TMPD/nul2.rules" 7

# 4. One-megabyte lines.
{ valid_head; printf -- '-A INPUT -m comment --comment "'; head -c 1048576 /dev/zero | tr '\0' A
  printf '" -j ACCEPT\n'; echo COMMIT; } >"$TMPD/mb-comment.rules"
bad "1 MB comment argument" "$TMPD/mb-comment.rules" 5
{ valid_head; printf -- '-A INPUT'; for ((i = 0; i < 80000; i++)); do printf ' -s 192.0.2.1'; done
  printf ' -j ACCEPT\n'; echo COMMIT; } >"$TMPD/mb-args.rules"
bad "1 MB line of repeated options" "$TMPD/mb-args.rules" 5
{ valid_head; head -c 1048576 /dev/zero | tr '\0' x; echo; echo COMMIT; } >"$TMPD/mb-word.rules"
bad "1 MB single word" "$TMPD/mb-word.rules" 5

# 5. 100k chains: valid (loads, and saves like the reference) ...
{ valid_head; seq -f ':c%06g - [0:0]' 1 100000; echo '-A INPUT -j c100000'; echo COMMIT; } >"$TMPD/100k.rules"
compare_with_ref 4 "$TMPD/100k.rules" "100k chains" "" ""
# ... and with an error on the very last rule: nothing committed.
{ valid_head; seq -f ':c%06g - [0:0]' 1 100000; echo '-A INPUT -j c100000'; echo '-A INPUT -j nosuchchain'; echo COMMIT; } >"$TMPD/100k-bad.rules"
bad "100k chains, undefined jump target on the last rule" "$TMPD/100k-bad.rules" 100006

# 6. Unterminated quote (the reference silently keeps the newline in the comment).
{ valid_head; echo '-A INPUT -m comment --comment "abc -j ACCEPT'; echo COMMIT; } >"$TMPD/quote.rules"
bad "unterminated quote" "$TMPD/quote.rules" 5

# 7. Input cut in the middle of a rule.
{ valid_head; echo '-A INPUT -s 192.0.2.1/32 -j ACCEPT'; printf -- '-A INPUT -s 192.0.2.2 -p tc'; } >"$TMPD/cut1.rules"
bad "input cut mid-rule (no newline, no COMMIT)" "$TMPD/cut1.rules"
{ valid_head; printf -- '-A INPUT -p tcp --dport'; } >"$TMPD/cut2.rules"
bad "input cut after an option that needs an argument" "$TMPD/cut2.rules"
{ valid_head; echo COMMIT; echo '*mangle'; printf -- ':PREROUTING ACC'; } >"$TMPD/cut3.rules"
bad "input cut in the second table" "$TMPD/cut3.rules"

# 8. Other malformed lines.
{ valid_head; echo ':aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa - [0:0]'; echo COMMIT; } >"$TMPD/longchain.rules"
bad "chain name longer than 28 characters" "$TMPD/longchain.rules" 5
{ echo '*filter'; echo ':INPUT MAYBE [0:0]'; echo COMMIT; } >"$TMPD/policy.rules"
bad "invalid policy" "$TMPD/policy.rules" 2
{ valid_head; echo '[abc:1] -A INPUT -j ACCEPT'; echo COMMIT; } >"$TMPD/counter.rules"
BAD_OPTS=-c bad "malformed counter prefix with -c" "$TMPD/counter.rules" 5
{ echo '*filter'; echo '*mangle'; echo COMMIT; } >"$TMPD/nested.rules"
bad "table started inside a table" "$TMPD/nested.rules" 2
{ echo '*filter'; echo ':INPUT ACCEPT [0:0]'; echo 'COMMIT'; echo 'COMMIT'; } >"$TMPD/commit2.rules"
bad "COMMIT outside a table" "$TMPD/commit2.rules" 4

# 9. Empty input is not an error (as for iptables-restore): exit 0, no change.
: >"$TMPD/empty.rules"
expect_unchanged 4 "$TMPD/empty.rules" empty "empty input"
assert_rc 0 "$(rc_of empty)" "empty input" "$TMPD/empty.err"

finish
