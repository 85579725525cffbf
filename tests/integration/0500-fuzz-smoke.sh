#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The libFuzzer targets (a build configured with CC=clang --enable-fuzzing)
# each run for $FUZZ_TIME seconds (default 60) on a corpus seeded from
# examples/ and tests/data/, after replaying tests/data/regress/: no crash,
# no leak, no sanitizer report, no timeout.  Skips when this build has no
# fuzzers (the plain build; tests/ci runs the suite again in one that has).
. "$(dirname "$0")/../lib.sh"

builddir=$(cd "$(dirname "$NFCOMMIT")/.." 2>/dev/null && pwd) || skip "no build directory beside $NFCOMMIT"
for t in fuzz_parse fuzz_check; do
	[ -x "$builddir/tests/fuzz/$t" ] ||
		skip "$builddir/tests/fuzz/$t not built (configure with CC=clang --enable-fuzzing)"
done

time=${FUZZ_TIME:-60}
if ! bash "$TOP_SRCDIR/tests/fuzz/smoke" --builddir "$builddir" --time "$time" >"$TMPD/smoke.out" 2>&1; then
	fail "fuzz-smoke found something (inputs kept in $builddir/tests/fuzz/artifacts/)"
	show_file "fuzz-smoke output" "$TMPD/smoke.out" 120
fi
cat "$TMPD/smoke.out"
finish
