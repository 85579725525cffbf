#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check on 50000 rules (../shared/bench/gen-ruleset), IPv4 and
# IPv6 at once, as an unprivileged user: well under a second of CPU time.
# CPU time, not wall time: the test machine may be busy with other work.
. "$(dirname "$0")/../lib.sh"
require_check_env

gen=$TOP_SRCDIR/../shared/bench/gen-ruleset
[ -x "$gen" ] || [ -f "$gen" ] || skip "no $gen"
require_cmd python3
python3 "$gen" 50000 >"$TMPD/50k.v4" || skip "gen-ruleset failed"
python3 "$gen" -6 50000 >"$TMPD/50k.v6" || skip "gen-ruleset -6 failed"
mkdir "$TMPD/t"
make_public
chmod 777 "$TMPD/t"

for args in "-4 $TMPD/50k.v4" "-6 $TMPD/50k.v6"; do
	best=
	for _ in 1 2 3; do
		# shellcheck disable=SC2086 # two words on purpose
		as_nobody /usr/bin/env time -f '%U %S %e' -o "$TMPD/t/time" "$NFCOMMIT" check $args \
			>"$TMPD/t/speed.out" 2>&1
		rc=$?
		assert_rc 0 "$rc" "check $args" "$TMPD/t/speed.out" || break
		cpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$TMPD/t/time")
		[ -z "$best" ] || [ "$cpu" -lt "$best" ] && best=$cpu
	done
	note "check $args: best of 3: ${best}ms CPU ($(awk '{print $3}' "$TMPD/t/time")s wall last run)"
	if [ -z "$best" ] || [ "$best" -ge 1000 ]; then
		fail "check $args took ${best}ms of CPU time, over a second"
	fi
done

finish
