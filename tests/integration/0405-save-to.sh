#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit save --to FILE: what it writes (the live ruleset, as the
# reference save prints it), mode 0600, previous versions FILE.1..N, both
# families, symlinks, a full disk and an unwritable directory (the old
# file stays whole and no temporary file is left), an empty ruleset, and
# the refusal to save a stand-in (panic) over the rules.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/lib-services.sh"
require_legacy_ref 46
require_nfcommit
write_conf
copy_rules dual-stack
export D=$TMPD/out
mkdir "$D"

# In one namespace: load both families, save them several times.
in_netns '
	"$NFCOMMIT" restore -4 "$TMPD/rules.v4" -6 "$TMPD/rules.v6" || exit 3
	save_state 4 "$TMPD/ref4"; save_state 6 "$TMPD/ref6"
	run_capture one "$NFCOMMIT" save --to "$D/r4"
	run_capture both "$NFCOMMIT" save -v -4 --to "$D/b4" -6 --to "$D/b6"
	for i in 1 2 3 4 5; do
		"$NFCOMMIT" save --keep 2 --to "$D/g4" || exit 4
		iptables-legacy -A INPUT -s 192.0.2.$i -j DROP
	done
	run_capture counters "$NFCOMMIT" save -c --to "$D/c4"
' || bail "setting up the namespace failed"
assert_rc 0 "$(rc_of one)" "save --to" "$TMPD/one.err"
strip_save_comments <"$D/r4" >"$TMPD/r4.s"
assert_files_eq "$TMPD/ref4" "$TMPD/r4.s" "save --to: the file holds the live IPv4 ruleset"
assert_eq 600 "$(stat -c %a "$D/r4")" "save --to: mode 0600"
assert_rc 0 "$(rc_of both)" "save -4 --to F4 -6 --to F6" "$TMPD/both.err"
strip_save_comments <"$D/b6" >"$TMPD/b6.s"
assert_files_eq "$TMPD/ref6" "$TMPD/b6.s" "save -6 --to: the file holds the live IPv6 ruleset"
assert_grep "$TMPD/both.err" "wrote 1 IPv6 table" "save -v says what it wrote"

# Generations: FILE.1 is the newest previous one, no more than --keep.
[ -e "$D/g4.1" ] && [ -e "$D/g4.2" ] || fail "--keep 2: g4.1 and g4.2 must exist"
[ -e "$D/g4.3" ] && fail "--keep 2: g4.3 must not exist"
assert_eq 4 "$(grep -c '^-A INPUT -s 192.0.2' "$D/g4")" "the newest save has 4 added rules"
assert_eq 3 "$(grep -c '^-A INPUT -s 192.0.2' "$D/g4.1")" "g4.1 is the save before"
assert_eq 2 "$(grep -c '^-A INPUT -s 192.0.2' "$D/g4.2")" "g4.2 the one before that"
ls -A "$D" | grep -q '^\.' && fail "a temporary file was left behind: $(ls -A "$D")"
assert_rc 0 "$(rc_of counters)" "save -c --to" "$TMPD/counters.err"
assert_grep "$D/c4" '^\[[0-9]+:[0-9]+\] -A ' "save -c --to writes rule counters"

# SAVE_GENERATIONS from the configuration; 0 keeps nothing.
write_conf SAVE_GENERATIONS=0
in_netns '
	"$NFCOMMIT" restore "$TMPD/rules.v4" || exit 3
	"$NFCOMMIT" save --to "$D/z4" && "$NFCOMMIT" save --to "$D/z4"
' || fail "save with SAVE_GENERATIONS=0"
[ -e "$D/z4.1" ] && fail "SAVE_GENERATIONS=0 kept a previous file"
write_conf SAVE_GENERATIONS=1
in_netns '"$NFCOMMIT" restore "$TMPD/rules.v4" && for i in 1 2 3; do "$NFCOMMIT" save --to "$D/y4" || exit 1; done' ||
	fail "save with SAVE_GENERATIONS=1"
[ -e "$D/y4.1" ] && [ ! -e "$D/y4.2" ] || fail "SAVE_GENERATIONS=1 keeps exactly y4.1"
write_conf

# An empty ruleset is not written over a rules file...
echo "precious" >"$D/keep4"
in_netns 'run_capture empty "$NFCOMMIT" save --to "$D/keep4"'
assert_rc 1 "$(rc_of empty)" "save --to with no table loaded" "$TMPD/empty.err"
assert_grep "$TMPD/empty.err" "refusing to replace" "empty ruleset: the reason"
assert_eq precious "$(cat "$D/keep4")" "empty ruleset: the file is untouched"
# ...unless asked.
in_netns 'run_capture empty2 "$NFCOMMIT" save --allow-empty --to "$D/e4"'
assert_rc 0 "$(rc_of empty2)" "save --allow-empty --to" "$TMPD/empty2.err"
[ -e "$D/e4" ] && [ ! -s "$D/e4" ] || fail "--allow-empty writes an empty file"

# A symlink is followed: the file it points to is replaced.
mkdir "$D/real"
echo old >"$D/real/rules"
ln -s real/rules "$D/link"
in_netns '"$NFCOMMIT" restore "$TMPD/rules.v4" && "$NFCOMMIT" save --to "$D/link"' ||
	fail "save --to a symlink"
[ -L "$D/link" ] || fail "the symlink was replaced by a file"
grep -q '^\*filter' "$D/real/rules" || fail "the symlink's target was not written"
assert_eq old "$(cat "$D/real/rules.1")" "the target's previous version is kept beside it"

# A missing directory is created.
in_netns '"$NFCOMMIT" restore "$TMPD/rules.v4" && "$NFCOMMIT" save --to "$D/new/rules.v4"' ||
	fail "save --to a file in a directory that does not exist"
[ -s "$D/new/rules.v4" ] || fail "the directory was not created"

# A full disk: the old file stays whole, no temporary file is left.
require_cmd mount
in_sandbox '
	mkdir -p "$D/full" && mount -t tmpfs -o size=64k tmpfs "$D/full" || exit 99
	cp "$TMPD/rules.v4" "$D/full/rules.v4"
	"$NFCOMMIT" restore "$TMPD/rules.v4" || exit 3
	for i in $(seq 1 300); do iptables-legacy -A INPUT -s 198.51.100.1 -m comment --comment "padding rule number $i to fill the disk" -j DROP; done
	dd if=/dev/zero of="$D/full/filler" bs=1k count=64 2>/dev/null
	run_capture full "$NFCOMMIT" save --to "$D/full/rules.v4"
	cmp -s "$TMPD/rules.v4" "$D/full/rules.v4" || exit 5
	ls -A "$D/full" >"$TMPD/full.ls"
'
st=$?
[ "$st" = 99 ] && skip "cannot mount a tmpfs"
assert_rc 1 "$(rc_of full)" "save --to on a full file system" "$TMPD/full.err"
assert_rc 0 "$st" "full file system: the old file is untouched (5: it changed)"
assert_eq "filler rules.v4" "$(tr '\n' ' ' <"$TMPD/full.ls" | sed 's/ $//')" "full file system: no temporary file left"

# A directory that cannot be written: the same.
in_sandbox '
	mkdir -p "$D/ro" && cp "$TMPD/rules.v4" "$D/ro/rules.v4" &&
	mount --bind "$D/ro" "$D/ro" && mount -o remount,bind,ro "$D/ro" || exit 99
	"$NFCOMMIT" restore "$TMPD/rules.v4" || exit 3
	run_capture ro "$NFCOMMIT" save --to "$D/ro/rules.v4"
'
assert_rc 1 "$(rc_of ro)" "save --to in a read-only directory" "$TMPD/ro.err"
assert_files_eq "$TMPD/rules.v4" "$D/ro/rules.v4" "read-only directory: the old file is untouched"

# A stand-in (here panic) is not saved over the rules, unless --force.
cp "$TMPD/rules.v4" "$D/p4"
in_netns '
	"$NFCOMMIT" restore "$TMPD/rules.v4" && "$NFCOMMIT" panic -4 2>/dev/null || exit 3
	run_capture standin "$NFCOMMIT" save --to "$D/p4"
	run_capture standin2 "$NFCOMMIT" save --to-config
	run_capture force "$NFCOMMIT" save --force --to "$D/p4"
'
assert_rc 1 "$(rc_of standin)" "save --to while panic is live" "$TMPD/standin.err"
assert_grep "$TMPD/standin.err" "stand-in \(panic\)" "save refuses: names the stand-in"
assert_rc 1 "$(rc_of standin2)" "save --to-config while panic is live" "$TMPD/standin2.err"
assert_rc 0 "$(rc_of force)" "save --force --to while panic is live" "$TMPD/force.err"
assert_grep "$D/p4" "^:INPUT DROP" "--force wrote the panic ruleset"
assert_files_eq "$TMPD/rules.v4" "$D/p4.1" "--force kept the rules as p4.1"
rm -f "$STATE/run/stand-in.v4" "$STATE/run/stand-in.v6"

# --to-config writes RULES_V4 and RULES_V6.
write_conf "RULES_V4=$D/cfg/rules.v4" "RULES_V6=$D/cfg/rules.v6"
in_netns '
	"$NFCOMMIT" restore -4 "$TMPD/rules.v4" -6 "$TMPD/rules.v6" || exit 3
	run_capture tocfg "$NFCOMMIT" save --to-config
'
assert_rc 0 "$(rc_of tocfg)" "save --to-config" "$TMPD/tocfg.err"
[ -s "$D/cfg/rules.v4" ] && [ -s "$D/cfg/rules.v6" ] || fail "--to-config wrote both files"

# Usage errors.
run_capture u1 "$NFCOMMIT" save --to-config --to "$D/x"
assert_rc 2 "$(rc_of u1)" "--to-config with --to"
run_capture u2 "$NFCOMMIT" save --keep 100 --to "$D/x"
assert_rc 2 "$(rc_of u2)" "--keep 100"

finish
