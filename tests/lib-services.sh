# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/lib-services.sh - helpers for the tests of the services (boot,
# reload, stop, panic, flush, save --to, the units and scripts): source it
# after lib.sh.
#
# What sourcing it does:
#   * NFCOMMIT_STATE_DIR=$TMPD/state (mode 0700): the stand-in markers and
#     apply's journal never touch /run/nfcommit or /var/lib/nfcommit;
#   * NFCOMMIT_CONF=$TMPD/nfcommit.conf, written by write_conf;
#   * NFCOMMIT_BACKEND=legacy, so that the reference tools see the rules;
#   * EXAMPLES points at examples/.
#
# SAFETY: as in lib.sh, everything that loads rules runs through in_netns
# or in_sandbox.

STATE=$TMPD/state
mkdir -m 700 "$STATE"
export NFCOMMIT_STATE_DIR=$STATE
export NFCOMMIT_CONF=$TMPD/nfcommit.conf
export NFCOMMIT_BACKEND=legacy
EXAMPLES=$TOP_SRCDIR/examples
export EXAMPLES

# write_conf [KEY=VALUE...]: the configuration file, BACKEND=legacy plus
# the given lines.  RULES_V4 and RULES_V6 default to files under $TMPD
# (never the host's /etc/iptables, which a test saving through the
# configuration would otherwise create and write).
write_conf() {
	local a has4=0 has6=0
	for a in "$@"; do
		case $a in
		RULES_V4=*) has4=1 ;;
		RULES_V6=*) has6=1 ;;
		esac
	done
	{
		echo "BACKEND=legacy"
		[ "$has4" = 1 ] || echo "RULES_V4=$TMPD/etc/rules.v4"
		[ "$has6" = 1 ] || echo "RULES_V6=$TMPD/etc/rules.v6"
		printf '%s\n' "$@"
	} >"$NFCOMMIT_CONF"
}

# copy_rules NAME: examples/NAME.rules.v4 and .v6 (when present) to
# $TMPD/rules.v4 and rules.v6, files the test may change.
copy_rules() {
	rm -f "$TMPD/rules.v4" "$TMPD/rules.v6"
	cp "$EXAMPLES/$1.rules.v4" "$TMPD/rules.v4"
	[ -e "$EXAMPLES/$1.rules.v6" ] && cp "$EXAMPLES/$1.rules.v6" "$TMPD/rules.v6"
	return 0
}

# stand_in FAM: what the stand-in marker of family 4 or 6 says, or nothing.
stand_in() {
	cat "$STATE/run/stand-in.v$1" 2>/dev/null
}

# norm_save: iptables-save output without comments and counters, tables
# sorted by name (the legacy tools list them in kernel order).
norm_save() {
	strip_save_comments | sed -e 's/\[[0-9]*:[0-9]*\]$/[0:0]/' |
		awk '/^\*/ { t = $0 } { print t "\t" $0 }' | sort -s -t '	' -k1,1 |
		cut -f2-
}
export -f norm_save

# in_sandbox CMDSTRING: like in_netns, in a private mount namespace too,
# where /etc and /usr/libexec are writable overlays that vanish with the
# command and /run/openrc is a fresh tmpfs.  For commands that want the
# real paths (/etc/iptables/rules.v4, /etc/nfcommit, OpenRC's state).
in_sandbox() {
	local ov=$TMPD/overlay.$$.$RANDOM
	mkdir -p "$ov/etc.u" "$ov/etc.w" "$ov/lx.u" "$ov/lx.w"
	unshare -m -n --propagation private bash -c "
		set -o pipefail
		mount -t overlay overlay -o lowerdir=/etc,upperdir=$ov/etc.u,workdir=$ov/etc.w /etc || exit 99
		mount -t overlay overlay -o lowerdir=/usr/libexec,upperdir=$ov/lx.u,workdir=$ov/lx.w /usr/libexec || exit 99
		mkdir -p /run/openrc && mount -t tmpfs tmpfs /run/openrc || exit 99
		$*"
}

# require_overlay: in_sandbox works here.
require_overlay() {
	require_netns
	in_sandbox true 2>/dev/null || skip "cannot mount overlays in a private mount namespace"
}

# require_openrc: openrc-run is installed, installing Debian's openrc
# package when that removes nothing (checked with apt-get -s first).
require_openrc() {
	command -v openrc-run >/dev/null 2>&1 && return 0
	[ -x /sbin/openrc-run ] && return 0
	command -v apt-get >/dev/null 2>&1 || skip "no openrc-run and no apt-get"
	if ! apt-get install -s openrc >"$TMPD/openrc-sim" 2>&1; then
		skip "apt-get cannot install openrc here"
	fi
	if grep -q '^Remv ' "$TMPD/openrc-sim"; then
		skip "installing openrc would remove packages: $(grep '^Remv ' "$TMPD/openrc-sim" | cut -d' ' -f2 | tr '\n' ' ')"
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openrc >"$TMPD/openrc-inst" 2>&1 ||
		skip "apt-get install openrc failed"
	[ -x /sbin/openrc-run ] || skip "openrc installed, but no /sbin/openrc-run"
}

# syslog_sandbox LOGFILE CMDSTRING: in_sandbox, with /dev/log (on an
# overlay of /dev) read by a small listener that appends every message
# ("<PRI>..." as sent) to LOGFILE, one per line.
syslog_sandbox() {
	local log=$1 ov=$TMPD/devov.$$.$RANDOM
	shift
	require_cmd python3
	mkdir -p "$ov/u" "$ov/w"
	cat >"$TMPD/syslogd.py" <<'PY'
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
open(sys.argv[2], "w").close()
with open(sys.argv[1], "a") as out:
    while True:
        out.write(s.recv(65536).decode(errors="replace").rstrip("\n") + "\n")
        out.flush()
PY
	in_sandbox "
		mount -t overlay overlay -o lowerdir=/dev,upperdir=$ov/u,workdir=$ov/w /dev || exit 99
		rm -f /dev/log
		python3 '$TMPD/syslogd.py' '$log' '$ov/ready' & lpid=\$!
		for i in \$(seq 50); do [ -e '$ov/ready' ] && break; sleep 0.1; done
		( $* ); st=\$?
		sleep 0.3; kill \$lpid; wait \$lpid 2>/dev/null
		exit \$st"
}
