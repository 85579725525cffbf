#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# restore refuses a rules FILE that someone other than root (or the user
# running it) could have written: world-writable, group-writable by another
# group, owned by another user, or not a regular file at all (a FIFO without
# a writer must not hang it).  The message says why and how to fix it; the
# kernel state does not change.  --allow-unsafe-perms loads it anyway;
# standard input is exempt; `check' reads any file.
. "$(dirname "$0")/../lib.sh"
require_legacy_ref 46
require_nfcommit
require_check_env
id nobody >/dev/null 2>&1 || skip "no user nobody"
getent group nogroup >/dev/null 2>&1 || skip "no group nogroup"

rules() {
	printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' ':FORWARD DROP [0:0]' ':OUTPUT ACCEPT [0:0]' \
		':from-file - [0:0]' "-A INPUT -s $1 -j from-file" 'COMMIT'
}
mkdir -p "$TMPD/p"
rules 192.0.2.55/32 >"$TMPD/p/safe.rules"
chmod 644 "$TMPD/p/safe.rules"
rules 2001:db8::55/128 >"$TMPD/p/safe6.rules"

# refused TAG LABEL FILE MESSAGE_ERE [restore options]
refused() {
	local tag=$1 label=$2 file=$3 re=$4
	shift 4
	RUN_TIMEOUT=20 NFC_VIA_FILE=1 expect_unchanged 4 "$file" "$tag" "$label" "$@"
	assert_rc 2 "$(rc_of "$tag")" "$label" "$TMPD/$tag.err"
	assert_grep "$TMPD/$tag.err" "$re" "$label: the reason is given"
}
# loaded TAG LABEL CMDSTRING: run CMDSTRING (restore) in a fresh namespace;
# it must succeed and leave the file's chain behind.
loaded() {
	local tag=$1 label=$2 cmd=$3
	in_netns "RUN_TIMEOUT=20 run_capture '$tag' $cmd; save_state 4 '$TMPD/$tag.after'"
	assert_rc 0 "$(rc_of "$tag")" "$label" "$TMPD/$tag.err" &&
		assert_grep "$TMPD/$tag.after" '^-A INPUT -s 192.0.2.55/32 -j from-file' "$label: the file was loaded"
}

# 0. The control: a root-owned 0644 file loads.
loaded ok "root-owned, mode 0644" "\"\$NFCOMMIT\" restore --backend=legacy '$TMPD/p/safe.rules'"

# 1. World-writable.
cp "$TMPD/p/safe.rules" "$TMPD/p/world.rules"
chmod 666 "$TMPD/p/world.rules"
refused world "world-writable file" "$TMPD/p/world.rules" \
	"world.rules: refused: the file is writable by every user \(mode 0666\).*--allow-unsafe-perms"

# 2. Owned by another user.
cp "$TMPD/p/safe.rules" "$TMPD/p/nobody.rules"
chown nobody "$TMPD/p/nobody.rules"
chmod 644 "$TMPD/p/nobody.rules"
refused nobody "file owned by nobody" "$TMPD/p/nobody.rules" \
	"nobody.rules: refused: the file is owned by uid $(id -u nobody), not by root"

# 3. Group-writable by a group other than root's.
cp "$TMPD/p/safe.rules" "$TMPD/p/group.rules"
chgrp nogroup "$TMPD/p/group.rules"
chmod 664 "$TMPD/p/group.rules"
refused group "file writable by group nogroup" "$TMPD/p/group.rules" \
	"group.rules: refused: the file is writable by group $(getent group nogroup | cut -d: -f3)"

# 4. A FIFO with no writer: refused at once, not waited on.
mkfifo -m 600 "$TMPD/p/fifo"
t0=$(date +%s)
refused fifo "FIFO without a writer" "$TMPD/p/fifo" 'fifo: is a FIFO, not a regular file'
[ $(($(date +%s) - t0)) -lt 15 ] || fail "FIFO without a writer: restore took $(($(date +%s) - t0)) s"

# 5. A device.
refused dev "character device" /dev/null '/dev/null: is a character device'

# 6. One unsafe file of two (-4 FILE -6 FILE): neither family loads.
in_netns "
	\"\$IPT_RESTORE\" <'$TMPD/p/safe.rules' && \"\$IP6T_RESTORE\" <'$TMPD/p/safe6.rules' || exit 3
	\"\$IP6T_SAVE\" | strip_save_comments >'$TMPD/two.before6'
	cp '$TMPD/p/safe6.rules' '$TMPD/p/world6.rules'; chmod 666 '$TMPD/p/world6.rules'
	RUN_TIMEOUT=20 run_capture two \"\$NFCOMMIT\" restore --backend=legacy -4 '$TMPD/p/world.rules' -6 '$TMPD/p/safe6.rules'
	RUN_TIMEOUT=20 run_capture two6 \"\$NFCOMMIT\" restore --backend=legacy -4 '$TMPD/p/safe.rules' -6 '$TMPD/p/world6.rules'
	\"\$IP6T_SAVE\" | strip_save_comments >'$TMPD/two.after6'
" || bail "two families: setting up the namespace failed"
assert_rc 2 "$(rc_of two)" "-4 UNSAFE -6 SAFE" "$TMPD/two.err"
assert_rc 2 "$(rc_of two6)" "-4 SAFE -6 UNSAFE" "$TMPD/two6.err"
assert_files_eq "$TMPD/two.before6" "$TMPD/two.after6" "-4/-6 with one unsafe file: IPv6 state unchanged"

# 7. --allow-unsafe-perms reads them; standard input is always exempt.
loaded world-ok "world-writable, --allow-unsafe-perms" \
	"\"\$NFCOMMIT\" restore --backend=legacy --allow-unsafe-perms '$TMPD/p/world.rules'"
loaded nobody-ok "owned by nobody, --allow-unsafe-perms" \
	"\"\$NFCOMMIT\" restore --backend=legacy --allow-unsafe-perms '$TMPD/p/nobody.rules'"
loaded stdin-ok "world-writable file on standard input" \
	"\"\$NFCOMMIT\" restore --backend=legacy <'$TMPD/p/world.rules'"
mkfifo -m 600 "$TMPD/p/fifo2"
cat "$TMPD/p/safe.rules" >"$TMPD/p/fifo2" &
_BG_PIDS+=($!)
loaded fifo-ok "FIFO with a writer, --allow-unsafe-perms" \
	"\"\$NFCOMMIT\" restore --backend=legacy --allow-unsafe-perms '$TMPD/p/fifo2'"

# 8. check reads any of them (it changes nothing, and runs unprivileged).
mkfifo -m 644 "$TMPD/p/fifo3"
run_check_bg() { cat "$TMPD/p/safe.rules" >"$TMPD/p/fifo3" & _BG_PIDS+=($!); }
run_check_bg
run_check chk "$TMPD/p/world.rules" "$TMPD/p/nobody.rules" "$TMPD/p/group.rules" "$TMPD/p/fifo3"
assert_rc 0 "$(rc_of chk)" "check of world-writable, foreign, group-writable files and a FIFO" "$TMPD/chk.all"
assert_empty "$TMPD/chk.all" "check of unsafe files: no complaint"
finish
