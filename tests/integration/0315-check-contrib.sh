#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# contrib/github (the GitHub Action and its check script) and
# contrib/pre-commit (hook definitions): the YAML parses, the check step
# annotates and writes SARIF, the hooks pick the rules files and run check
# on them the way pre-commit calls them (entry, then the file names).
. "$(dirname "$0")/../lib.sh"
require_check_env

contrib=$TOP_SRCDIR/contrib
mkdir "$TMPD/repo"
cp "$TESTS_DIR/data/check/NFC012-shadowed.ok.v4" "$TMPD/repo/rules.v4"
cp "$TESTS_DIR/data/check/NFC012-shadowed.ok.v6" "$TMPD/repo/rules.v6"
cp "$TESTS_DIR/data/check/NFC016-proto-mismatch.bad.v4" "$TMPD/repo/bad.rules.v4"
make_public
chmod 777 "$TMPD/repo"

# The Action's check step, as the runner calls it (as nobody here).
step() { # TAG ENV...
	local tag=$1
	shift
	(cd "$TMPD/repo" && as_nobody env NFCOMMIT="$NFCOMMIT" "$@" \
		bash "$contrib/github/run-check.sh") >"$TMPD/$tag.out" 2>&1
	echo $? >"$TMPD/$tag.rc"
}
step good INPUT_IPV4=rules.v4 INPUT_IPV6=rules.v6 INPUT_SARIF=out.sarif
assert_rc 0 "$(rc_of good)" "action step: clean files" "$TMPD/good.out"
assert_grep "$TMPD/good.out" 'no errors' "action step: says so"
[ -s "$TMPD/repo/out.sarif" ] || fail "action step: SARIF written"
step bad 'INPUT_IPV4=rules.v4 *.rules.v4' INPUT_WERROR=false
assert_rc 1 "$(rc_of bad)" "action step: a file with an error (glob)" "$TMPD/bad.out"
assert_grep "$TMPD/bad.out" '^::error file=bad\.rules\.v4,line=4,col=1,title=NFC016 proto-mismatch::' \
	"action step: a workflow annotation at the line"
step none
assert_rc 2 "$(rc_of none)" "action step: no files named" "$TMPD/none.out"
assert_grep "$TMPD/none.out" '^::error::' "action step: no files: an annotation"

command -v python3 >/dev/null 2>&1 || { note "python3 missing: YAML checks skipped"; finish; }
if ! python3 -c 'import yaml' 2>/dev/null; then
	note "python3-yaml missing: YAML checks skipped"
	finish
fi

python3 - "$contrib" <<'PY' || fail "contrib YAML: not what GitHub and pre-commit read"
import sys, yaml
c = sys.argv[1]
act = yaml.safe_load(open(c + "/github/action.yml"))
assert act["runs"]["using"] == "composite"
assert {"ipv4", "ipv6", "werror", "sarif", "args"} <= set(act["inputs"])
assert all("shell" in s for s in act["runs"]["steps"])
wf = yaml.safe_load(open(c + "/github/nfcommit-check.yml"))
steps = wf["jobs"]["nfcommit-check"]["steps"]
assert any("contrib/github" in s.get("uses", "") for s in steps)
hooks = yaml.safe_load(open(c + "/pre-commit/.pre-commit-hooks.yaml"))
cfg = yaml.safe_load(open(c + "/pre-commit/pre-commit-config.yaml"))
local = cfg["repos"][0]["hooks"]
assert [h["id"] for h in hooks] == [h["id"] for h in local]
for h in hooks:
    assert {"id", "name", "entry", "language", "files"} <= set(h)
PY

# The hooks' file patterns, then their entries on the files they pick.
python3 - "$contrib/pre-commit/.pre-commit-hooks.yaml" >"$TMPD/hooks.txt" <<'PY'
import re, sys, yaml
names = ["rules.v4", "etc/iptables/rules.v4", "web.rules.v4", "x/web.v4.rules",
         "rules.v6", "etc/rules.v6", "README.md", "rules.v4.bak"]
for h in yaml.safe_load(open(sys.argv[1])):
    picked = [n for n in names if re.search(h["files"], n)]
    print(h["id"], h["entry"], " ".join(picked))
PY
assert_grep "$TMPD/hooks.txt" '^nfcommit-check-v4 nfcommit check -4 rules.v4 etc/iptables/rules.v4 web.rules.v4 x/web.v4.rules$' \
	"pre-commit: the IPv4 hook picks the IPv4 files only"
assert_grep "$TMPD/hooks.txt" '^nfcommit-check-v6 nfcommit check -6 rules.v6 etc/rules.v6$' \
	"pre-commit: the IPv6 hook picks the IPv6 files only"
entry4=$(awk '$1 == "nfcommit-check-v4" { print $3, $4 }' "$TMPD/hooks.txt")
# shellcheck disable=SC2086 # the entry is words
(cd "$TMPD/repo" && as_nobody "$NFCOMMIT" $entry4 rules.v4 bad.rules.v4) >"$TMPD/hook.out" 2>&1
assert_rc 1 $? "pre-commit IPv4 hook on a good and a bad file" "$TMPD/hook.out"
assert_grep "$TMPD/hook.out" '^bad\.rules\.v4:4:1: error: ' "pre-commit hook: gcc-style finding"

finish
