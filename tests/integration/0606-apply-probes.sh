#!/bin/bash
# Probes run after the commit; a failing probe rolls back at once (exit 5).
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/apply-lib.sh"
require_nfcommit
require_legacy_ref
apply_setup

nfc restore "$APPLY_DATA/old.v4" || bail "loading the old ruleset failed"
before=$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')

# Nothing listens on 127.0.0.1:9 in the fresh namespace.
nfc apply -t 30 --probe tcp:127.0.0.1:9 "$APPLY_DATA/new.v4" </dev/null >"$TMPD/o1" 2>&1
assert_rc 5 $? "apply with a failing tcp probe" "$TMPD/o1"
assert_eq "$before" "$(nsrun "$IPT_SAVE" -t filter | grep -v '^#')" "tcp probe failure: old table back"
no_pending || fail "tcp probe failure: still pending"

nfc apply -t 30 --probe-cmd false "$APPLY_DATA/new.v4" </dev/null >"$TMPD/o2" 2>&1
assert_rc 5 $? "apply with a failing probe command" "$TMPD/o2"
no_pending || fail "probe-cmd failure: still pending"

# A probe that succeeds: a listener inside the namespace.
nsrun python3 -c 'import socket,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 8022)); s.listen(); time.sleep(8)' &
sleep 0.5
nfc apply -t 30 --probe tcp:127.0.0.1:8022 --probe-cmd true "$APPLY_DATA/new.v4" </dev/null >"$TMPD/o3" 2>&1
assert_rc 0 $? "apply with passing probes" "$TMPD/o3"
assert_eq "pending" "$(pending_field state)" "passing probes: pending"
nfc rollback >/dev/null 2>&1

nfc apply --probe udp:1.2.3.4:5 "$APPLY_DATA/new.v4" </dev/null >"$TMPD/o4" 2>&1
assert_rc 2 $? "a malformed probe is refused before anything" "$TMPD/o4"
kill %1 2>/dev/null
wait 2>/dev/null
finish
