#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The xtables lock ($XTABLES_LOCKFILE, flock): while another process holds
# it, restore without -w fails at once with exit status 4 and changes
# nothing; --wait=N gives up after about N seconds (4); -w waits and
# succeeds once the lock is released.  An unopenable lock file is exit 4.
. "$(dirname "$0")/../lib.sh"
require_legacy_ref 4
require_nfcommit
require_cmd flock timeout

rules=$TESTS_DIR/data/roundtrip/ipv4-filter.rules
preload_rules 4 >"$TMPD/pre4.rules"

# lock_case TAG HOLD_SECONDS ENV OPTS...: in a fresh namespace loaded with
# the preload rules (before anyone holds the lock: the reference restore
# takes it too), hold the lock for HOLD_SECONDS from a background process
# (0: nobody holds it), run `ENV nfcommit restore OPTS < rules`, and record
# TAG.{rc,out,err}, the elapsed milliseconds in TAG.ms and the reference
# save before and after in TAG.before / TAG.after.
lock_case() {
	local tag=$1 hold=$2 env=$3
	shift 3
	rm -f "$TMPD/$tag.held"
	in_netns "
		\"\$IPT_RESTORE\" <'$TMPD/pre4.rules' || exit 3
		save_state 4 '$TMPD/$tag.before'
		H=
		if [ $hold -gt 0 ]; then
			( exec 9>>\"\$XTABLES_LOCKFILE\"; flock -x 9 && touch '$TMPD/$tag.held' && exec sleep $hold ) &
			H=\$!
			for i in \$(seq 100); do [ -e '$TMPD/$tag.held' ] && break; sleep 0.05; done
			[ -e '$TMPD/$tag.held' ] || { kill \$H; exit 4; }
		fi
		t0=\$(date +%s%3N)
		$env RUN_TIMEOUT=15 run_capture '$tag' \"\$NFCOMMIT\" restore -4 --backend=legacy $* <'$rules'
		echo \$((\$(date +%s%3N) - t0)) >'$TMPD/$tag.ms'
		[ -n \"\$H\" ] && { kill \$H 2>/dev/null; wait \$H 2>/dev/null; }
		save_state 4 '$TMPD/$tag.after'
		exit 0
	"
	case $? in
	0) ;;
	3) bail "$tag: reference preload failed (broken test)" ;;
	4) bail "$tag: could not take the lock $XTABLES_LOCKFILE for the test" ;;
	*) bail "$tag: namespace script failed" ;;
	esac
}
ms_of() { cat "$TMPD/$1.ms" 2>/dev/null || echo 0; }
unchanged() { assert_files_eq "$TMPD/$1.before" "$TMPD/$1.after" "$2: kernel state before vs after (must be unchanged)"; }
loaded() { assert_grep "$TMPD/$1.after" '^:ssh-in - ' "$2: the rules were loaded"; }

# 1. Held, no -w: nfcommit waits up to 10 s (iptables 1.8.9 waits forever,
#    1.8.11 not at all; see README), then exits 4; nothing changed.
lock_case nowait 20 ""
case $(rc_of nowait) in
124 | 137) fail "lock held, no -w: restore blocked until killed (it must give up after 10 s)" ;;
*)	assert_rc 4 "$(rc_of nowait)" "lock held, no -w" "$TMPD/nowait.err"
	el=$(ms_of nowait)
	if [ "$el" -lt 9500 ] || [ "$el" -ge 14000 ]; then
		fail "lock held, no -w: gave up after $el ms, expected about 10000 ms"
	fi
	assert_nonempty "$TMPD/nowait.err" "lock held, no -w: a message on stderr" ;;
esac
unchanged nowait "lock held, no -w"

# 1b. Held, -w 0: exit 4 at once.
lock_case wait0 20 "" -w 0
assert_rc 4 "$(rc_of wait0)" "lock held, -w 0" "$TMPD/wait0.err"
[ "$(ms_of wait0)" -lt 2000 ] || fail "lock held, -w 0: took $(ms_of wait0) ms, expected an immediate failure"
unchanged wait0 "lock held, -w 0"

# 2. Held, --wait=1: exit 4 after about one second, nothing changed.
lock_case wait1 20 "" --wait=1
assert_rc 4 "$(rc_of wait1)" "lock held, --wait=1" "$TMPD/wait1.err"
el=$(ms_of wait1)
if [ "$el" -lt 900 ] || [ "$el" -ge 8000 ]; then
	fail "lock held, --wait=1: gave up after $el ms, expected about 1000 ms"
fi
unchanged wait1 "lock held, --wait=1"

# 3. -w (no value) while held for 2 s: waits, then loads.
lock_case waitok 2 "" -w
assert_rc 0 "$(rc_of waitok)" "lock held for 2 s, -w" "$TMPD/waitok.err"
loaded waitok "lock held for 2 s, -w"
[ "$(ms_of waitok)" -ge 1000 ] || fail "lock held for 2 s, -w: returned after $(ms_of waitok) ms, did it wait?"

# 4. --wait=10 while held for 1 s: succeeds.
lock_case wait10 1 "" --wait=10
assert_rc 0 "$(rc_of wait10)" "lock held for 1 s, --wait=10" "$TMPD/wait10.err"
loaded wait10 "lock held for 1 s, --wait=10"

# 5. Nobody holds the lock: no -w needed.
lock_case free 0 ""
assert_rc 0 "$(rc_of free)" "lock free, no -w" "$TMPD/free.err"
loaded free "lock free, no -w"

# 6. The lock file cannot be opened: resource problem, exit 4, no change.
lock_case nolockfile 0 "XTABLES_LOCKFILE='$TMPD/no/such/dir/xtables.lock'"
assert_rc 4 "$(rc_of nolockfile)" "unopenable XTABLES_LOCKFILE" "$TMPD/nolockfile.err"
unchanged nolockfile "unopenable XTABLES_LOCKFILE"

finish
