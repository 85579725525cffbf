#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make install: the binary, the man pages, the systemd unit (in
# pkg-config's unit directory unless told otherwise), the OpenRC scripts,
# the configuration and fallback rules (never over existing ones) and the
# drop-in links in $(libexecdir)/nfcommit/compat, all under DESTDIR and
# the configured prefix, with the paths in the installed files rewritten
# to match; make uninstall removes them again but for the configuration.
# Builds the tree once more, out of tree, in a temporary directory.
. "$(dirname "$0")/../lib.sh"
require_cmd make pkg-config
[ -x "$TOP_SRCDIR/configure" ] || skip "run autoreconf -fi first: no configure script"

B=$TMPD/build
D=$TMPD/dest
mkdir -p "$B"
(cd "$B" && "$TOP_SRCDIR/configure" -q --prefix=/opt/nfc --sysconfdir=/opt/nfc/etc \
	--with-openrcdir=/opt/nfc/etc --with-systemdsystemunitdir=/opt/nfc/units \
	--with-confdir=/opt/nfc/etc/nfcommit) >"$TMPD/configure.log" 2>&1 ||
	bail "configure failed: $(tail -5 "$TMPD/configure.log")"
make -C "$B" -s -j"$(nproc)" >"$TMPD/make.log" 2>&1 || bail "make failed: $(tail -20 "$TMPD/make.log")"
make -C "$B" -s install DESTDIR="$D" >"$TMPD/install.log" 2>&1 || bail "make install failed: $(tail -20 "$TMPD/install.log")"

P=$D/opt/nfc
for f in sbin/nfcommit share/man/man8/nfcommit.8 share/man/man5/nfcommit.conf.5 \
	share/man/man5/nfcommit-rules.5 units/nfcommit.service etc/init.d/nfcommit \
	etc/conf.d/nfcommit etc/conf.d/nfcommit6 etc/nfcommit/nfcommit.conf \
	etc/nfcommit/fallback.rules.v4 etc/nfcommit/fallback.rules.v6; do
	[ -e "$P/$f" ] || fail "make install: no $f"
done
[ -x "$P/sbin/nfcommit" ] || fail "the binary is executable"
[ -x "$P/etc/init.d/nfcommit" ] || fail "the OpenRC script is executable"
assert_eq nfcommit "$(readlink "$P/etc/init.d/nfcommit6")" "init.d/nfcommit6 is a link to nfcommit"
for t in iptables-restore ip6tables-restore iptables-save ip6tables-save iptables-apply ip6tables-apply; do
	assert_eq /opt/nfc/sbin/nfcommit "$(readlink "$P/libexec/nfcommit/compat/$t")" "compat link $t"
done
# Never over the system's tools.
find "$D" -name 'ip*tables-*' | grep -v '/libexec/nfcommit/compat/' >"$TMPD/stray"
assert_empty "$TMPD/stray" "no iptables name outside the compat directory"

# The paths in the installed files are this build's.
assert_grep "$P/units/nfcommit.service" '^ExecStart=/opt/nfc/sbin/nfcommit boot$' "unit: ExecStart"
assert_grep "$P/units/nfcommit.service" '^ExecStop=/opt/nfc/sbin/nfcommit stop$' "unit: ExecStop"
assert_grep "$P/etc/init.d/nfcommit" 'NFCOMMIT:=/opt/nfc/sbin/nfcommit' "OpenRC: the binary"
assert_grep "$P/etc/nfcommit/nfcommit.conf" '^FALLBACK_V4=/opt/nfc/etc/nfcommit/fallback.rules.v4$' "conf: the fallback path"
cmp -s "$TOP_SRCDIR/examples/fallback.rules.v4" "$P/etc/nfcommit/fallback.rules.v4" ||
	fail "the fallback rules are the examples'"
"$P/sbin/nfcommit" config --help | grep -q "/opt/nfc/etc/nfcommit/nfcommit.conf" ||
	fail "the binary reads the configuration from --with-confdir"
if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir -p "$TMPD/man"
	ln -s "$P/share/man/man8" "$P/share/man/man5" "$TMPD/man/"
	sed "s|/opt/nfc/sbin/nfcommit|$P/sbin/nfcommit|" "$P/units/nfcommit.service" >"$TMPD/nfcommit.service"
	MANPATH=$TMPD/man systemd-analyze verify "$TMPD/nfcommit.service" >"$TMPD/verify" 2>&1 ||
		fail "the installed unit does not verify: $(head -5 "$TMPD/verify")"
fi

# The configuration is the admin's: a second install keeps it.
echo "SAVE_ON_STOP=yes" >>"$P/etc/nfcommit/nfcommit.conf"
echo "# mine" >>"$P/etc/conf.d/nfcommit"
make -C "$B" -s install DESTDIR="$D" >"$TMPD/install2.log" 2>&1 || fail "second make install failed"
grep -q '^SAVE_ON_STOP=yes' "$P/etc/nfcommit/nfcommit.conf" || fail "make install replaced nfcommit.conf"
grep -q '^# mine' "$P/etc/conf.d/nfcommit" || fail "make install replaced conf.d/nfcommit"

# Uninstall: everything but the configuration goes.
make -C "$B" -s uninstall DESTDIR="$D" >"$TMPD/uninstall.log" 2>&1 || fail "make uninstall failed"
find "$D" \( -type f -o -type l \) | sed "s|^$D||" | sort >"$TMPD/left"
printf '%s\n' /opt/nfc/etc/conf.d/nfcommit /opt/nfc/etc/conf.d/nfcommit6 \
	/opt/nfc/etc/nfcommit/fallback.rules.v4 /opt/nfc/etc/nfcommit/fallback.rules.v6 \
	/opt/nfc/etc/nfcommit/nfcommit.conf >"$TMPD/left.exp"
assert_files_eq "$TMPD/left.exp" "$TMPD/left" "make uninstall leaves only the configuration"

# Defaults: pkg-config's unit directory, prefix-relative directories, and
# /etc/nfcommit whatever the prefix.
B2=$TMPD/build2
mkdir -p "$B2"
(cd "$B2" && "$TOP_SRCDIR/configure" -q --prefix=/usr/local --without-openrcdir) >"$TMPD/configure2.log" 2>&1 ||
	bail "configure (defaults) failed"
unitdir=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null)
[ -n "$unitdir" ] || unitdir=/usr/local/lib/systemd/system
assert_grep "$B2/Makefile" "^systemdsystemunitdir = $unitdir\$" "the default unit directory is pkg-config's"
assert_grep "$B2/Makefile" "^nfcconfdir = /etc/nfcommit\$" "the configuration stays in /etc/nfcommit"
assert_grep "$B2/Makefile" "^openrcdir = no\$" "--without-openrcdir"

finish
