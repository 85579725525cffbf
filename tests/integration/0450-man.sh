#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The man pages: `man --warnings -l' renders each without a warning, and
# every example runs as written.  The line `.\" test: KIND' before each
# .EX block says what the block is (see the top of man/nfcommit.8); a
# block without one fails the test.  The examples of a page run in order,
# in one private network namespace with a private view of /etc and
# /usr/libexec, where /etc/iptables/rules.v4 and rules.v6 hold the desktop
# examples and /etc/nfcommit and /usr/libexec/nfcommit/compat are what
# `make install' puts there.
. "$(dirname "$0")/../lib.sh"
. "$TESTS_DIR/lib-services.sh"
require_nfcommit
require_cmd man python3

PAGES="$TOP_SRCDIR/man/nfcommit.8 $TOP_SRCDIR/man/nfcommit.conf.5 $TOP_SRCDIR/man/nfcommit-rules.5"

# 1. Rendering.
for p in $PAGES; do
	for w in 80 60; do
		LC_ALL=C.UTF-8 MANWIDTH=$w man --warnings -l "$p" >/dev/null 2>"$TMPD/warn"
		assert_rc 0 "$?" "man -l $(basename "$p") at width $w" "$TMPD/warn"
		assert_empty "$TMPD/warn" "man --warnings -l $(basename "$p") at width $w"
	done
done

# 2. The examples.
# extract PAGE DIR: one file per example, DIR/NN.KIND[.ARG...], text as
# printed (roff escapes undone).
cat >"$TMPD/extract.py" <<'PY'
import os, re, sys
page, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
esc = [(r"\(aq", "'"), (r"\(dq", '"'), (r"\(ga", "`"), (r"\-", "-"),
       (r"\&", ""), (r"\%", ""), (r"\e", "\\")]
known = re.compile(r"\\(f[BIRP]|\(aq|\(dq|\(ga|-|&|%|e)")
def plain(line):
    if "\\" in known.sub("", line):
        sys.exit("unknown roff escape in example line: " + line)
    line = re.sub(r"\\f[BIRP]", "", line)
    for a, b in esc:
        line = line.replace(a, b)
    return line
# A block of rules-file lines with no test line is a fragment, shown alone.
# "(end of file)" and the like may stand among them.
rules_line = re.compile(r"^(-[A-Z] |:|\*|#|COMMIT$|\[|\(.*\)$)")
marker, body, n, bad = None, None, 0, 0
for num, line in enumerate(open(page), 1):
    line = line.rstrip("\n")
    m = re.match(r'^\.\\" test: (\S+)(?: (.*))?$', line)
    if m:
        marker = (m.group(1), m.group(2) or "")
    elif line == ".EX":
        body = []
        start = num
    elif line == ".EE" and body is not None:
        n += 1
        if marker is None and body and all(
                rules_line.match(l) for l in body if l.strip()):
            marker = ("fragment", "")
        if marker is None:
            print("%s:%d: an example without a `.\\\" test:' line" % (page, start))
            bad += 1
        else:
            kind, arg = marker
            with open(os.path.join(out, "%02d" % n), "w") as f:
                f.write("%s\n%s\n%d\n" % (kind, arg, start))
                f.write("\n".join(body) + "\n")
        marker, body = None, None
    elif body is not None:
        body.append(plain(line))
sys.exit(1 if bad else 0)
PY

mkdir -p "$TMPD/bin"
ln -s "$NFCOMMIT" "$TMPD/bin/nfcommit"
unset NFCOMMIT_CONF
# The sandbox as `make install' leaves a machine, and a runner for the
# examples of one page.
cat >"$TMPD/run-examples.sh" <<'EOF_RUN'
set -u
dir=$1
mkdir -p /etc/iptables /etc/nfcommit /usr/libexec/nfcommit/compat
cp "$EXAMPLES/desktop.rules.v4" /etc/iptables/rules.v4
cp "$EXAMPLES/desktop.rules.v6" /etc/iptables/rules.v6
cp "$TOP_SRCDIR/contrib/nfcommit.conf" "$EXAMPLES/fallback.rules.v4" \
	"$EXAMPLES/fallback.rules.v6" /etc/nfcommit/
for t in iptables-restore ip6tables-restore iptables-save ip6tables-save iptables-apply ip6tables-apply; do
	ln -sf "$NFCOMMIT" "/usr/libexec/nfcommit/compat/$t"
done
export PATH=$TMPD/bin:$PATH
cd "$TMPD/cwd"
for ex in "$dir"/*; do
	{ read -r kind; read -r arg; read -r line; } <"$ex"
	body=$(tail -n +4 "$ex")
	case $kind in
	output | synopsis | fragment) continue ;;
	file)
		mkdir -p "$(dirname "$arg")"
		printf '%s\n' "$body" >"$arg"
		echo "file $arg (line $line)"
		;;
	run)
		want=${arg:-0}
		echo "run (line $line), expecting $want:"
		printf '%s\n' "$body" | sed 's/^/  $ /'
		# All lines but the last must succeed; the last exits with $want.
		bash -c "set -e
$(printf '%s\n' "$body" | sed '$d')
$(printf '%s\n' "$body" | tail -n 1)" >"$TMPD/ex.out" 2>&1
		st=$?
		sed 's/^/  | /' "$TMPD/ex.out" | head -n 30
		if [ "$st" != "$want" ]; then
			echo "EXAMPLE FAILED: line $line of the page: exit status $st, expected $want"
			exit 1
		fi
		;;
	*)
		echo "EXAMPLE FAILED: line $line: unknown kind \`$kind'"
		exit 1
		;;
	esac
done
EOF_RUN
mkdir -p "$TMPD/cwd"
export TOP_SRCDIR
for p in $PAGES; do
	name=$(basename "$p")
	python3 "$TMPD/extract.py" "$p" "$TMPD/ex-$name" >"$TMPD/extract-$name.err" 2>&1 ||
		{ fail "$name: examples without a test line"; show_file errors "$TMPD/extract-$name.err"; continue; }
	in_sandbox "bash '$TMPD/run-examples.sh' '$TMPD/ex-$name'" >"$TMPD/run-$name.log" 2>&1
	st=$?
	[ "$st" = 99 ] && skip "cannot mount overlays in a private mount namespace"
	[ -n "${VERBOSE_MAN:-}" ] && cat "$TMPD/run-$name.log"
	if [ "$st" != 0 ]; then
		fail "$name: an example does not run as written"
		show_file "run" "$TMPD/run-$name.log" 80
	fi
	n=$(grep -c -E '^(run|file) ' "$TMPD/run-$name.log")
	[ "$n" -ge 1 ] || fail "$name: no example was run"
done

finish
