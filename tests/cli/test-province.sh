#!/usr/bin/env bash
# test-province.sh: the province configuration (hailong-province/1) and the roll-ups of hailong index
# --province --level (docs/province.md): validate refuses a cycle, an unknown parent, two successors and a
# merger date outside the data at their lines; every rolled-up row equals a recount from the responses
# by the hierarchy (computed here apart from hailong); the levels are sums of their parts; merged units
# count once under their successor, and --as-recorded shows them under their own code. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${HL_CLI:?}" "${HL_SOURCE_ROOT:?}"

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
surveys="$HL_SOURCE_ROOT/survey_defs"
db="$tmp/province.db"
python3 "$HL_SOURCE_ROOT/tests/cli/gen-province.py" "$tmp"
prov="$tmp/province.json"

"$HL_CLI" validate "$prov" >"$tmp/out" 2>&1
check "validate: the generated province is valid" [ $? -eq 0 ]
check "validate: and says nothing" [ ! -s "$tmp/out" ]

# broken WHAT MESSAGE PYTHON-EDIT LINE-PATTERN: the province edited by PYTHON-EDIT (on `p`) is refused by
# validate with exit 1, one line FILE:LINE:COLUMN: ...MESSAGE, LINE being the line that matches LINE-PATTERN
# (the n-th match when LINE-PATTERN ends in @n), and the file is left as it was.
broken () {
  local name=$1 message=$2 edit=$3 pattern=$4 nth=1 line rc
  case $pattern in *@[0-9]) nth=${pattern##*@}; pattern=${pattern%@*} ;; esac
  python3 - "$prov" "$tmp/$name.json" "$edit" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
exec(sys.argv[3])
with open(sys.argv[2], "w") as f:
    json.dump(p, f, ensure_ascii=False, indent=2)
PY
  cp "$tmp/$name.json" "$tmp/$name.before"
  line=$(grep -n -- "$pattern" "$tmp/$name.json" | sed -n "${nth}p" | cut -d: -f1)
  [ -n "$line" ] || { echo "# no line matches $pattern"; return 1; }
  "$HL_CLI" validate "$tmp/$name.json" >"$tmp/out" 2>&1; rc=$?
  [ $rc -eq 1 ] || { echo "# exit $rc"; return 1; }
  [ "$(wc -l <"$tmp/out")" -eq 1 ] || { echo "# said: $(cat "$tmp/out")"; return 1; }
  grep -q "^$tmp/$name.json:$line:[0-9]*: .*$message" "$tmp/out" || { echo "# said: $(cat "$tmp/out"), want line $line"; return 1; }
  cmp -s "$tmp/$name.json" "$tmp/$name.before"
}
check "validate: a cycle of parents is refused at its line" broken cycle "come back to it (a cycle)" \
  'u = {x["code"]: x for x in p["units"]}; u["XA-A"]["parent"] = "XA-A-DP1"' '"parent": "XA-A-DP1"'
check "validate: an unknown parent is refused at its line" broken unknown "unknown parent “XA-ZZZ”" \
  'p["units"][4]["parent"] = "XA-ZZZ"' '"parent": "XA-ZZZ"'
check "validate: two successors are refused at the second merger's line" broken twice "has a second successor" \
  'p["mergers"].append({"unit": "XA-OLD1", "into": "PH-B", "on": "2025-07-01"})' '"unit": "XA-OLD1"@2'
check "validate: a merger date outside the data is refused at its line" broken outside "outside the data" \
  'p["mergers"][2]["on"] = "2024-06-30"' '"on": "2024-06-30"'
check "validate: a cycle of mergers is refused at its line" broken mcycle "a cycle of mergers" \
  'p["mergers"].append({"unit": "XA-A", "into": "XA-OLD1", "on": "2025-08-01"})' '"into": "XA-OLD1"'
check "validate: a unit under a unit of its own level is refused" broken level "cannot be under “PH-B-TT”" \
  'p["units"][4]["parent"] = "PH-B-TT"' '"parent": "PH-B-TT"'
check "validate: a target for an unknown unit is refused" broken target "unknown unit “XA-NONE”" \
  'p["targets"]["units"]["XA-NONE"] = 80' '"XA-NONE"'
printf '{"format": "hailong-province/1", "covers": {"from": "2025-01-01", "to": "2026-12-31"},\n "units": [], "units": []}\n' >"$tmp/dup.json"
"$HL_CLI" validate "$tmp/dup.json" >"$tmp/out" 2>&1
check "validate: a duplicated key is refused at its line (the shared JSON reader)" grep -q "^$tmp/dup.json:2:" "$tmp/out"

"$HL_CLI" import --db "$db" --survey-dir "$surveys" "$tmp/answers.csv" >/dev/null 2>&1
check "import: the generated responses" [ "$(sqlite3 "$db" 'SELECT count(*) FROM responses')" -gt 2000 ]

# recount LEVEL AS-RECORDED: unit -> "responses satisfied" from the CSV, rolled up by the hierarchy as
# docs/province.md says, written here apart from hailong's code.
recount () {
  python3 - "$prov" "$tmp/answers.csv" "$1" "$2" <<'PY'
import csv, json, os, sys
sys.path.insert(0, os.path.join(os.environ["HL_SOURCE_ROOT"], "tests/cli")); sys.dont_write_bytecode = True
from province_rules import roll_up
up = roll_up(json.load(open(sys.argv[1])), sys.argv[3], sys.argv[4] == "yes")
counts = {}
for r in csv.DictReader(open(sys.argv[2])):
    if r["question_id"] != "OVERALL" or not ("2026-01-01" <= r["recorded_at"][:10] <= "2026-09-30"):
        continue
    c = counts.setdefault(up(r["unit"]), [0, 0])
    c[0] += 1; c[1] += int(r["value"]) >= 3
for u in sorted(counts):
    print(u, *counts[u])
PY
}
# rows FILE: the same "unit responses satisfied" lines from an index's JSON.
rows () {
  python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["rows"]:
    print(r["key"]["unit"], r["responses"], r["overall"]["satisfied"])' "$1"
}
same_rollup () {
  local level=$1 recorded=$2 extra=()
  [ "$recorded" = yes ] && extra=(--as-recorded)
  "$HL_CLI" index --db "$db" --period 2026-9M --province "$prov" --level "$level" "${extra[@]}" --format json \
    >"$tmp/$level-$recorded.json" || return 1
  eq "$(rows "$tmp/$level-$recorded.json")" "$(recount "$level" "$recorded")"
}
for level in province commune centre; do
  check "index --level $level: every row equals the recount from the responses" same_rollup $level no
  check "index --level $level --as-recorded: every row equals the recount" same_rollup $level yes
done

"$HL_CLI" index --db "$db" --period 2026-9M --by unit --format json >"$tmp/recorded.json"
total () { python3 -c 'import json,sys; print(sum(r["responses"] for r in json.load(open(sys.argv[1]))["rows"]))' "$1"; }
check "the province level is the sum of all its parts" eq "$(total "$tmp/province-no.json")" "$(total "$tmp/recorded.json")"
check "the commune level is the sum of all its parts" eq "$(total "$tmp/commune-no.json")" "$(total "$tmp/recorded.json")"
check "the centre level is the sum of all its parts" eq "$(total "$tmp/centre-no.json")" "$(total "$tmp/recorded.json")"
check "as recorded, the commune level is the sum of its parts too" eq "$(total "$tmp/commune-yes.json")" "$(total "$tmp/recorded.json")"
unit_n () { python3 -c '
import json, sys
print(sum(r["responses"] for r in json.load(open(sys.argv[1]))["rows"] if r["key"]["unit"] in sys.argv[2:]))' "$@"; }
check "a merged commune is not a row of its own" sh -c '! grep -q "\"unit\": \"XA-OLD1\"" "$1"' - "$tmp/commune-no.json"
check "its responses count once, under its successor (XA-A = XA-A-TT + its points + XA-OLD1-TT)" \
  eq "$(unit_n "$tmp/commune-no.json" XA-A)" "$(unit_n "$tmp/recorded.json" XA-A-TT XA-A-DP1 XA-A-DP2 XA-OLD1-TT)"
check "--as-recorded shows the merged commune under its own code" \
  eq "$(unit_n "$tmp/commune-yes.json" XA-OLD1)" "$(unit_n "$tmp/recorded.json" XA-OLD1-TT)"
check "a unit the hierarchy does not list stays as recorded" \
  eq "$(unit_n "$tmp/commune-no.json" XA-KHAC)" "$(unit_n "$tmp/recorded.json" XA-KHAC)"
check "the unit's own target applies to its row (XA-A: 80)" \
  python3 -c 'import json,sys; r=[r for r in json.load(open(sys.argv[1]))["rows"] if r["key"]["unit"]=="XA-A"]; sys.exit(r[0]["target"] != 80)' "$tmp/commune-no.json"

python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); p["cutoff_day"]=20; json.dump(p, open(sys.argv[2], "w"))' \
  "$prov" "$tmp/day20.json"
"$HL_CLI" index --db "$db" --period 2026-Q2 --cutoff --province "$tmp/day20.json" --format json >"$tmp/d20.json"
"$HL_CLI" index --db "$db" --period 2026-Q2 --cutoff --cutoff-day 20 --province "$prov" --format json >"$tmp/o20.json"
check "the province's cutoff_day sets --cutoff's day (20: 2026-03-20 .. 2026-06-19)" \
  cmp -s "$tmp/d20.json" "$tmp/o20.json" '&&' grep -q '"from": "2026-03-20"' "$tmp/d20.json"

refused () {
  local want=$1; shift
  "$HL_CLI" index --db "$db" "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  [ $rc -eq 2 ] || { echo "# exit $rc"; return 1; }
  grep -q "^hailong: index: .*$want" "$tmp/err" || { echo "# said: $(cat "$tmp/err")"; return 1; }
}
check "--level without --province is refused" refused "--level needs --province" --period 2026 --level commune
check "--level service-point is refused" refused "must be province, commune or centre" --period 2026 --province "$prov" --level service-point
check "--as-recorded without --level is refused" refused "--as-recorded needs --level" --period 2026 --province "$prov" --as-recorded
check "a broken province is refused at its line" refused "$tmp/cycle.json:[0-9]*:[0-9]*: " --period 2026 --province "$tmp/cycle.json" --level commune

tap_end
