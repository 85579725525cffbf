#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfcommit check --format: gcc (default, stderr), json, sarif (SARIF
# 2.1.0, validated against the schema when one is at hand) and github
# (workflow commands), all on stdout but gcc.
. "$(dirname "$0")/../lib.sh"
require_check_env

f=$TMPD/fmt.rules
cat >"$f" <<'R'
*filter
:INPUT ACCEPT [0:0]
:unused - [0:0]
-A INPUT -s 192.0.2.0/24 -j DROP
-A INPUT -s 192.0.2.7 -p tcp --dport 22 -j ACCEPT
-A INPUT -m tcp --dport 23 -j ACCEPT
COMMIT
R
# A line with a two-byte character before the finding's column.
sed -i '$d' "$f"
printf '%s\n' '-A INPUT -m comment --comment "caf'$'\xc3\xa9'', 50%" -s host.example -j ACCEPT' 'COMMIT' >>"$f"
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' '-A INPUT -p tcp --dport 99999 -j ACCEPT' 'COMMIT' >"$TMPD/fmt.v6"

# gcc: FILE:LINE:COL: severity: message [ID], the line, a caret; the
# related location as a note.
run_check gcc -4 "$f"
assert_rc 1 "$(rc_of gcc)" "check (gcc format)" "$TMPD/gcc.err"
assert_empty "$TMPD/gcc.out" "check (gcc format): nothing on stdout"
assert_diag "$TMPD/gcc.err" "$f:5:1: warning: rule is shadowed by the rule at line 4" \
	"$(sed -n 5p "$f")" 1 "gcc format: shadowed rule"
assert_grep "$TMPD/gcc.err" "^$f:5:1: warning: .* \\[NFC012\\]\$" "gcc format: [ID] at the end"
assert_diag "$TMPD/gcc.err" "$f:4:1: note: the shadowing rule (DROP)" \
	"$(sed -n 4p "$f")" 1 "gcc format: related location"

for fmt in json sarif github; do
	run_check "$fmt" --format="$fmt" -4 "$f" -6 "$TMPD/fmt.v6"
	assert_rc 1 "$(rc_of "$fmt")" "check --format=$fmt" "$TMPD/$fmt.err"
	assert_empty "$TMPD/$fmt.err" "check --format=$fmt: nothing on stderr"
done
# An unreadable file is no finding: SARIF reports it as a notification.
run_check sarif2 --format=sarif -4 "$f" "$TMPD/no-such-file"
assert_rc 2 "$(rc_of sarif2)" "check --format=sarif with a missing file" "$TMPD/sarif2.err"

# github: one workflow command per finding.
assert_grep "$TMPD/github.out" "^::warning file=$f,line=5,col=1,title=NFC012 shadowed::rule is shadowed by the rule at line 4.* \\[NFC012\\] \\($f:4: the shadowing rule \\(DROP\\)\\)\$" \
	"github format: warning with file, line, col, title"
assert_grep "$TMPD/github.out" "^::error file=$f,line=6,col=1,title=NFC016 proto-mismatch::" \
	"github format: error"
assert_grep "$TMPD/github.out" "^::error file=$TMPD/fmt.v6,line=3,col=25,endColumn=29,title=NFC001 syntax::" \
	"github format: the IPv6 file's error with its span"
[ "$(grep -c '^::' "$TMPD/github.out")" -eq "$(grep -c . "$TMPD/github.out")" ] ||
	fail "github format: every line is a workflow command"

command -v python3 >/dev/null 2>&1 || { note "python3 missing: JSON checks skipped"; finish; }

python3 - "$TMPD/json.out" "$f" <<'PY' || fail "check --format=json: not the expected document"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["tool"] == "nfcommit"
ids = sorted((x["id"], x["line"]) for x in doc["findings"])
assert ("NFC012", 5) in ids and ("NFC016", 6) in ids and ("NFC014", 3) in ids, ids
sh = [x for x in doc["findings"] if x["id"] == "NFC012"][0]
assert sh["severity"] == "warning" and sh["file"] == sys.argv[2] and sh["column"] == 1
assert sh["related"][0]["line"] == 4 and "shadowing" in sh["related"][0]["message"]
assert doc["summary"]["errors"] == 2, doc["summary"]
PY

# SARIF: validate against the SARIF 2.1.0 schema when one is available
# ($SARIF_SCHEMA, or a copy left in /tmp by a developer), and in any case
# check the structure the code scanning tools read.
schema=${SARIF_SCHEMA:-}
[ -n "$schema" ] || for s in /tmp/sarif-schema/sarif-2.1.0.json /usr/share/sarif/sarif-schema-2.1.0.json; do
	[ -f "$s" ] && schema=$s && break
done
python3 - "$TMPD/sarif.out" "$TMPD/sarif2.out" "$schema" "$f" <<'PY' || fail "check --format=sarif: invalid SARIF"
import json, sys
docs = [json.load(open(p)) for p in sys.argv[1:3]]
schema = sys.argv[3]
if schema:
    try:
        import jsonschema
        s = json.load(open(schema))
        for d in docs:
            jsonschema.validate(d, s)
        print("validated against", schema)
    except ImportError:
        print("jsonschema missing: structure checks only")
for d in docs:
    assert d["version"] == "2.1.0" and len(d["runs"]) == 1
    run = d["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["NFC%03d" % i for i in range(1, len(rules) + 1)]
    for r in rules:
        assert r["shortDescription"]["text"] and r["help"]["text"].startswith("Example:")
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note") and res["message"]["text"]
        reg = res["locations"][0]["physicalLocation"]["region"]
        assert reg["startLine"] >= 1 and reg["startColumn"] >= 1 and reg["endColumn"] > reg["startColumn"]
r1 = docs[0]["runs"][0]
assert {x["ruleId"] for x in r1["results"]} >= {"NFC012", "NFC014", "NFC016", "NFC019", "NFC001"}
assert r1["invocations"][0]["executionSuccessful"] is True
r2 = docs[1]["runs"][0]
assert r2["invocations"][0]["executionSuccessful"] is False
assert "no-such-file" in r2["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
# Columns count UTF-16 code units: the word after "café, 50%" is one
# column left of its byte column.
line = open(sys.argv[4], encoding="utf-8").read().splitlines()[6]
col = line.index("host.example") + 1
assert len(line[:col - 1].encode()) == col, "test data: one two-byte character"
hn = [x for x in r1["results"] if x["ruleId"] == "NFC019"][0]
assert hn["locations"][0]["physicalLocation"]["region"]["startColumn"] == col, (hn, col)
PY

finish
