#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# contrib/systemd: `systemd-analyze verify' accepts every unit (with the
# binary and the man pages of this build), and nfcommit.service has the
# ordering and the commands the boot design needs.  Nothing is started:
# the unit is never run on the host.
. "$(dirname "$0")/../lib.sh"
require_nfcommit
require_cmd systemd-analyze

U=$TMPD/units
mkdir -p "$U" "$TMPD/man/man8" "$TMPD/man/man5"
cp "$TOP_SRCDIR"/man/*.8 "$TMPD/man/man8/"
cp "$TOP_SRCDIR"/man/*.5 "$TMPD/man/man5/"
n=0
for f in "$TOP_SRCDIR"/contrib/systemd/*.service "$TOP_SRCDIR"/contrib/systemd/*.socket \
	"$TOP_SRCDIR"/contrib/systemd/*.timer "$TOP_SRCDIR"/contrib/systemd/*.path; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	# The unit as `make install' writes it, for this build's binary.
	sed "s|/usr/sbin/nfcommit|$NFCOMMIT|g" "$f" >"$U/$(basename "$f")"
done
[ "$n" -ge 1 ] || bail "no unit in contrib/systemd"
for f in "$U"/*; do
	MANPATH=$TMPD/man run_capture verify systemd-analyze verify "$f"
	assert_rc 0 "$(rc_of verify)" "systemd-analyze verify $(basename "$f")" "$TMPD/verify.err"
	assert_empty "$TMPD/verify.err" "systemd-analyze verify $(basename "$f"): no complaint"
done

S=$TOP_SRCDIR/contrib/systemd/nfcommit.service
has() { # SECTION KEY VALUE: the unit sets KEY=VALUE (a word of it) in SECTION
	awk -v s="[$1]" -v k="$2" -v v="$3" '
		/^\[/ { in_s = ($0 == s) }
		in_s && index($0, k "=") == 1 {
			n = split(substr($0, length(k) + 2), w, " ")
			for (i = 1; i <= n; i++) if (w[i] == v) found = 1
		}
		END { exit !found }' "$S" || fail "nfcommit.service: no $2=$3 in [$1]"
}
has Unit DefaultDependencies no
has Unit Wants network-pre.target
has Unit Before network-pre.target
has Unit After local-fs.target
has Unit After systemd-modules-load.service
has Unit Before shutdown.target
has Unit Conflicts shutdown.target
has Service Type oneshot
has Service RemainAfterExit yes
has Install WantedBy sysinit.target
grep -q '^ExecStart=/usr/sbin/nfcommit boot$' "$S" || fail "ExecStart runs nfcommit boot"
grep -q '^ExecReload=/usr/sbin/nfcommit reload$' "$S" || fail "ExecReload runs nfcommit reload"
grep -q '^ExecStop=/usr/sbin/nfcommit stop$' "$S" || fail "ExecStop runs nfcommit stop"
# Hardening that would stop it working must not be there.
for bad in PrivateNetwork=yes ProtectKernelModules=yes ProtectSystem=full ProtectSystem=strict \
	PrivateUsers=yes DynamicUser=yes; do
	grep -q "^$bad" "$S" && fail "nfcommit.service must not set $bad"
done
grep -E '^CapabilityBoundingSet=' "$S" | grep -q CAP_NET_ADMIN || fail "the capability set keeps CAP_NET_ADMIN"
grep -E '^RestrictAddressFamilies=' "$S" | grep -q AF_NETLINK || fail "AF_NETLINK is allowed (nf_tables)"

finish
