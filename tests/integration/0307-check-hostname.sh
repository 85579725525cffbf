#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check NFC019: host names in -s and -d.  check never looks a
# name up: it needs no DNS, and opens no socket at all (strace, as the
# unprivileged user nobody), so a name that resolves nowhere is a
# warning, not an error.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/check-lib.sh"
require_check_env

check_expect_all 'NFC019-*'

# A name that resolves nowhere, offline: still only the warning.
f=$TMPD/unresolvable.rules
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' \
	'-A INPUT -s no-such-host.invalid -j ACCEPT' \
	'-A INPUT -s no-such-host.invalid -j ACCEPT' 'COMMIT' >"$f"
run_check unres -4 "$f"
assert_rc 0 "$(rc_of unres)" "check: an unresolvable name" "$TMPD/unres.err"
assert_no_grep "$TMPD/unres.err" ': error: ' "check: an unresolvable name is no error"
# The same name twice is the same rule: NFC013 still works with names.
assert_grep "$TMPD/unres.err" "^$f:4:1: warning: .*\\[NFC013\\]" \
	"check: the same host name twice is a duplicate"

# The line checks run before the build, which takes the rules from the
# script; what they find counts only when the file builds.  A name with a
# command that fails later: only the failure (NFC010), as for any file
# that does not build; the same name with the failure removed: NFC019.
f=$TMPD/name-and-failure.rules
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' \
	'-A INPUT -s backup.example.com -j ACCEPT' \
	'-D INPUT -p tcp --dport 23 -j ACCEPT' 'COMMIT' >"$f"
run_check namefail -4 "$f"
assert_rc 1 "$(rc_of namefail)" "check: a name and a failing command" \
	"$TMPD/namefail.err"
assert_grep "$TMPD/namefail.err" "^$f:4:1: error: .*\\[NFC010\\]" \
	"check: the failing command is reported"
assert_no_grep "$TMPD/namefail.err" 'NFC019' \
	"check: no line finding for a file that does not build"
sed -i '4d' "$f"
run_check namenofail -4 "$f"
assert_grep "$TMPD/namenofail.err" "^$f:3:13: warning: .*\\[NFC019\\]" \
	"check: the name is reported once the file builds"

# No socket, for DNS or anything else: check denies itself socket(2)
# (seccomp), so attempts by libraries fail and none is ever opened.
if command -v strace >/dev/null 2>&1; then
	mkdir "$TMPD/trace"
	make_public
	chmod 777 "$TMPD/trace"
	as_nobody strace -f -o "$TMPD/trace/out" -e trace=socket,connect \
		"$NFCOMMIT" check -4 "$f" "$CHECK_DATA/NFC019-hostname.bad.v4" \
		"$CHECK_DATA/NFC012-shadowed.bad.v4" \
		-6 "$CHECK_DATA/NFC019-hostname.bad.v6" >/dev/null 2>&1
	if [ -s "$TMPD/trace/out" ]; then
		assert_no_grep "$TMPD/trace/out" '(socket|connect)\(.*= [0-9]+$' \
			"check opens no socket (no DNS, no netlink, no raw socket)"
		assert_grep "$TMPD/trace/out" 'exited with' "strace saw check run"
	else
		note "strace gave no output (ptrace not allowed?): socket test skipped"
	fi
else
	note "strace not installed: socket test skipped"
fi

finish
