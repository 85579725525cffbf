#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# contrib/openrc: the real scripts run by openrc-run (OpenRC from Debian's
# packages), installed as `make install' would in a private view of /etc,
# each run in a private network namespace with its own /run/openrc:
# start, status, save, check, reload, stop (with SAVE_ON_STOP), panic,
# the IPv6 script picking its family from its name, Gentoo's variables
# (IPTABLES_SAVE, IP6TABLES_SAVE, SAVE_RESTORE_OPTIONS, SAVE_ON_STOP), a
# broken rules file (start fails, the fallback is live), and depend().
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/lib-services.sh"
require_legacy_ref 46
require_nfcommit
require_overlay
require_openrc

INITD=$TOP_SRCDIR/contrib/openrc/nfcommit.initd
export INITD
# setup: the installed layout, the environment openrc-run lets through,
# a stand-in for localmount (which Debian's OpenRC does not ship), and
# the state a booted OpenRC would have in /run/openrc.
cat >"$TMPD/setup.sh" <<'EOF_SETUP'
set -e
mkdir -p /etc/iptables /etc/nfcommit /etc/init.d /etc/conf.d
cp "$EXAMPLES/dual-stack.rules.v4" /etc/iptables/rules.v4
cp "$EXAMPLES/dual-stack.rules.v6" /etc/iptables/rules.v6
cp "$EXAMPLES/fallback.rules.v4" "$EXAMPLES/fallback.rules.v6" /etc/nfcommit/
printf 'BACKEND=legacy\nFALLBACK_V4=/etc/nfcommit/fallback.rules.v4\nFALLBACK_V6=/etc/nfcommit/fallback.rules.v6\n' \
	>/etc/nfcommit/nfcommit.conf
sed "s|/usr/sbin/nfcommit|$NFCOMMIT|g" "$INITD" >/etc/init.d/nfcommit
chmod 755 /etc/init.d/nfcommit
ln -sf nfcommit /etc/init.d/nfcommit6
cp "$TOP_SRCDIR/contrib/openrc/nfcommit.confd" /etc/conf.d/nfcommit
cp "$TOP_SRCDIR/contrib/openrc/nfcommit6.confd" /etc/conf.d/nfcommit6
printf '#!/sbin/openrc-run\nstart() { return 0; }\n' >/etc/init.d/localmount
chmod 755 /etc/init.d/localmount
echo 'rc_env_allow="NFCOMMIT_STATE_DIR NFCOMMIT_FORBID_INIT_NETNS XTABLES_LOCKFILE NFCOMMIT_BACKEND"' >>/etc/rc.conf
for d in started starting stopping inactive wasinactive failed exclusive scheduled daemons options tmp hotplugged; do
	mkdir -p "/run/openrc/$d"
done
touch /run/openrc/softlevel
EOF_SETUP
export TOP_SRCDIR
unset NFCOMMIT_CONF

# rc NAME SCRIPT ARGS...: run an init script, output in $TMPD/NAME.*
cat >"$TMPD/rc.sh" <<'EOF_RC'
rc() {
	local name=$1
	shift
	timeout 60 "$@" >"$TMPD/$name.out" 2>&1
	echo $? >"$TMPD/$name.rc"
}
s4() { iptables-legacy-save | norm_save; }
s6() { ip6tables-legacy-save | norm_save; }
EOF_RC
# sandbox CMDS: setup, then CMDS, in a fresh private namespace.
sandbox() {
	in_sandbox ". '$TMPD/setup.sh' && . '$TMPD/rc.sh' && set +e && $*"
}
norm_file() { grep -v -e '^#' -e '^$' "$1" | norm_save; }

# The normal life of both services.
sandbox '
	rc start4 /etc/init.d/nfcommit start
	rc start6 /etc/init.d/nfcommit6 start
	rc status4 /etc/init.d/nfcommit status
	s4 >"$TMPD/live4"; s6 >"$TMPD/live6"
	iptables-legacy -A INPUT -s 192.0.2.99 -j DROP
	rc save4 /etc/init.d/nfcommit save
	cp /etc/iptables/rules.v4 "$TMPD/saved4"; cp /etc/iptables/rules.v4.1 "$TMPD/saved4.1"
	stat -c %a /etc/iptables/rules.v4 >"$TMPD/mode4"
	rc check4 /etc/init.d/nfcommit check
	sed -i "s/192.0.2.99/192.0.2.98/" /etc/iptables/rules.v4
	rc reload4 /etc/init.d/nfcommit reload
	s4 >"$TMPD/reloaded4"
	echo "SAVE_ON_STOP=\"yes\"" >>/etc/conf.d/nfcommit6
	ip6tables-legacy -A INPUT -s 2001:db8::99 -j DROP
	rc stop6 /etc/init.d/nfcommit6 stop
	s6 >"$TMPD/stopped6"; cp /etc/iptables/rules.v6 "$TMPD/saved6"
	rc status6 /etc/init.d/nfcommit6 status
	echo "PANIC_ALLOW_SSH=\"yes\"" >>/etc/conf.d/nfcommit
	rc panic4 /etc/init.d/nfcommit panic
	s4 >"$TMPD/panic4"
	rc stop4 /etc/init.d/nfcommit stop
	cp /etc/iptables/rules.v4 "$TMPD/afterstop4"
' || bail "the sandbox failed (status $?)"
assert_rc 0 "$(cat "$TMPD/start4.rc")" "nfcommit start" "$TMPD/start4.out"
assert_rc 0 "$(cat "$TMPD/start6.rc")" "nfcommit6 start" "$TMPD/start6.out"
assert_grep "$TMPD/start4.out" "Loading the IPv4 firewall rules" "nfcommit start: IPv4"
assert_grep "$TMPD/start6.out" "Loading the IPv6 firewall rules" "nfcommit6 start: IPv6 (family from the name)"
assert_grep "$TMPD/status4.out" "status: started" "nfcommit status: started"
norm_file "$EXAMPLES/dual-stack.rules.v4" >"$TMPD/exp4"
norm_file "$EXAMPLES/dual-stack.rules.v6" >"$TMPD/exp6"
assert_files_eq "$TMPD/exp4" "$TMPD/live4" "start: the IPv4 rules are live"
assert_files_eq "$TMPD/exp6" "$TMPD/live6" "start: the IPv6 rules are live"
assert_rc 0 "$(cat "$TMPD/save4.rc")" "nfcommit save" "$TMPD/save4.out"
assert_grep "$TMPD/saved4" "^-A INPUT -s 192.0.2.99/32 -j DROP" "save: the live rules are in the file"
assert_files_eq "$EXAMPLES/dual-stack.rules.v4" "$TMPD/saved4.1" "save: the previous file is kept"
assert_eq 600 "$(cat "$TMPD/mode4")" "save: mode 0600"
assert_rc 0 "$(cat "$TMPD/check4.rc")" "nfcommit check" "$TMPD/check4.out"
assert_rc 0 "$(cat "$TMPD/reload4.rc")" "nfcommit reload" "$TMPD/reload4.out"
assert_grep "$TMPD/reloaded4" "^-A INPUT -s 192.0.2.98/32 -j DROP" "reload: the changed file is live"
assert_rc 0 "$(cat "$TMPD/stop6.rc")" "nfcommit6 stop with SAVE_ON_STOP=yes" "$TMPD/stop6.out"
assert_grep "$TMPD/saved6" "2001:db8::99" "nfcommit6 stop: saved the live IPv6 rules"
assert_grep "$TMPD/stopped6" "^-A INPUT" "nfcommit6 stop: the rules stay (FLUSH_ON_STOP=no)"
assert_grep "$TMPD/status6.out" "status: stopped" "nfcommit6 status after stop"
assert_rc 0 "$(cat "$TMPD/panic4.rc")" "nfcommit panic" "$TMPD/panic4.out"
assert_grep "$TMPD/panic4" "^:INPUT DROP" "panic: INPUT drops"
assert_grep "$TMPD/panic4" "--dport 22 ! --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT" "panic: PANIC_ALLOW_SSH=yes keeps SSH"
assert_rc 0 "$(cat "$TMPD/stop4.rc")" "nfcommit stop after panic" "$TMPD/stop4.out"
assert_grep "$TMPD/afterstop4" "192.0.2.98" "stop after panic: the rules file was not replaced by the panic ruleset"

# A broken rules file: start fails, the fallback is live, the service is
# not started; stop then saves nothing even with SAVE_ON_STOP.
sandbox '
	echo "-A INPUT -j ACCEPT" >/etc/iptables/rules.v4
	cp /etc/iptables/rules.v4 "$TMPD/broken.orig"
	echo "SAVE_ON_STOP=\"yes\"" >>/etc/conf.d/nfcommit
	rc bstart /etc/init.d/nfcommit start
	rc bstatus /etc/init.d/nfcommit status
	s4 >"$TMPD/blive"
	rc bstop "$NFCOMMIT" stop -4
	cp /etc/iptables/rules.v4 "$TMPD/broken.after"
'
assert_rc 1 "$(cat "$TMPD/bstart.rc")" "start with a broken rules file fails" "$TMPD/bstart.out"
assert_grep "$TMPD/bstart.out" "FALLBACK ACTIVE" "start with a broken file: loud"
assert_no_grep "$TMPD/bstatus.out" "status: started" "start with a broken file: the service is not started"
norm_file "$EXAMPLES/fallback.rules.v4" >"$TMPD/fb4"
assert_files_eq "$TMPD/fb4" "$TMPD/blive" "start with a broken file: the fallback is live"
assert_files_eq "$TMPD/broken.orig" "$TMPD/broken.after" "stop after a fallback boot saves nothing"

# Gentoo's variables: IPTABLES_SAVE / IP6TABLES_SAVE name the files,
# SAVE_RESTORE_OPTIONS="-c" saves and restores counters.
sandbox '
	mkdir -p /var/lib/iptables
	cp "$EXAMPLES/webserver.rules.v4" /var/lib/iptables/rules-save
	sed -i "s/^:INPUT DROP \[0:0\]/:INPUT DROP [5:500]/" /var/lib/iptables/rules-save
	cp "$EXAMPLES/webserver.rules.v6" /var/lib/iptables/rules6-save
	echo "IPTABLES_SAVE=\"/var/lib/iptables/rules-save\"" >>/etc/conf.d/nfcommit
	echo "SAVE_RESTORE_OPTIONS=\"-c --wait 5\"" >>/etc/conf.d/nfcommit
	echo "IP6TABLES_SAVE=\"/var/lib/iptables/rules6-save\"" >>/etc/conf.d/nfcommit6
	rc gstart /etc/init.d/nfcommit start
	rc gstart6 /etc/init.d/nfcommit6 start
	iptables-legacy-save -c >"$TMPD/gcounters"
	s4 >"$TMPD/glive4"; s6 >"$TMPD/glive6"
	rc gsave /etc/init.d/nfcommit save
	cp /var/lib/iptables/rules-save "$TMPD/gsaved"
	rc gcheck /etc/init.d/nfcommit check
	echo "SAVE_RESTORE_OPTIONS=\"--frobnicate\"" >>/etc/conf.d/nfcommit
	rc gwarn /etc/init.d/nfcommit reload
'
assert_rc 0 "$(cat "$TMPD/gstart.rc")" "start with IPTABLES_SAVE" "$TMPD/gstart.out"
norm_file "$EXAMPLES/webserver.rules.v4" >"$TMPD/wexp4"
norm_file "$EXAMPLES/webserver.rules.v6" >"$TMPD/wexp6"
assert_files_eq "$TMPD/wexp4" "$TMPD/glive4" "IPTABLES_SAVE names the IPv4 file"
assert_files_eq "$TMPD/wexp6" "$TMPD/glive6" "IP6TABLES_SAVE names the IPv6 file"
assert_grep "$TMPD/gcounters" '^:INPUT DROP \[5:500\]' "SAVE_RESTORE_OPTIONS=-c restores counters"
assert_grep "$TMPD/gsaved" '^\[[0-9]+:[0-9]+\] -A INPUT' "SAVE_RESTORE_OPTIONS=-c saves counters"
assert_grep "$TMPD/gcheck.out" "Checking /var/lib/iptables/rules-save" "check uses IPTABLES_SAVE"
assert_grep "$TMPD/gwarn.out" "ignoring --frobnicate" "an option nfcommit does not take is named"

# depend(): need localmount, before net, provide firewall.
sh -c '
	need() { echo "need $*"; }; before() { echo "before $*"; }
	provide() { echo "provide $*"; }; after() { echo "after $*"; }
	use() { echo "use $*"; }; keyword() { :; }
	RC_SVCNAME=nfcommit; . "$INITD"; depend
' >"$TMPD/depend" 2>&1
assert_grep "$TMPD/depend" "^need localmount$" "depend: need localmount"
assert_grep "$TMPD/depend" "^before net$" "depend: before net"
assert_grep "$TMPD/depend" "^provide firewall$" "depend: provide firewall"
if command -v shellcheck >/dev/null 2>&1; then
	shellcheck -s sh "$INITD" >"$TMPD/shellcheck" 2>&1 || fail "shellcheck $INITD: $(head -5 "$TMPD/shellcheck")"
fi

finish
