#!/usr/bin/env bash
# test-province-status.sh: a generated province of several hundred kiosks, made through `hailong simulate` and
# `hailong export` (tests/cli/gen-province-kiosks.py says what each kiosk does), imported in one call and
# looked at with `hailong status` and the report's completeness tables (docs/province.md):
#   - one call imports hundreds of bundles; the one changed on the way is named with its reason and skipped,
#     the others all go in, the exit status says some were refused, and the call's memory after the last
#     bundle is that after the 30th (both read in the same run: memory, not time);
#   - on a terminal the progress is one line rewritten in place;
#   - status names every missing kiosk (silent, enrolled only, only a refused bundle) and the units no kiosk
#     reported for, a replaced kiosk as replaced, each gap with its size (the responses of the bundle held
#     back), the refused bundles with their reasons, and when each kiosk last reported;
#   - the late bundle closes its gap, a re-import changes nothing, a bundle refused for its unknown key goes
#     in once the key is enrolled and its refusal is no longer listed;
#   - the roll-ups by commune equal a recount from the responses held, merged units under their successor;
#   - the report's completeness tables (CSV, XLSX, PDF) hold what status says and name every missing kiosk,
#     the PDF with each kiosk id whole on one line, however wide its letters.
# Debian's Python, which has python3-openpyxl, reads the XLSX. KEEP=1 keeps the temporary folder. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${HL_CLI:?}" "${HL_SOURCE_ROOT:?}" "${HL_BUILD_ROOT:?}"

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
tmp=$(mktemp -d); [ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
here="$HL_SOURCE_ROOT/tests/cli"
surveys="$HL_SOURCE_ROOT/survey_defs"
pages="$HL_BUILD_ROOT/province-status"; rm -rf "$pages"; mkdir -p "$pages"
python3 "$here/gen-province-kiosks.py" "$tmp" 70 "$HL_SOURCE_ROOT/data/demo/kiosk.json"
prov="$tmp/province.json" db="$tmp/province.db"
today=$(date +%F)
ago () { date -d "$today - $1 days" +%F; }
from=$(ago 6)
mkdir -p "$tmp/k" "$tmp/b" "$tmp/late" "$tmp/held"

"$HL_CLI" validate "$prov" >"$tmp/out" 2>&1
check "validate: the generated province is valid" [ $? -eq 0 ]

# make_kiosk NAME ROLE SEED: the kiosk's database, and its bundles where its role puts them.
make_kiosk () {
  local name=$1 role=$2 seed=$3 k="$tmp/k/$1.db" cfg="$tmp/config/$1.json" responses=$((3 + $3 % 4)) days=3
  case $role in
    gap) responses=30 days=6 ;;
    old|silent) responses=40 days=40 ;;
  esac
  "$HL_CLI" simulate --db "$k" --config "$cfg" --survey-dir "$surveys" --responses $responses --days $days \
    --seed "$seed" --batch 100 -q >/dev/null 2>"$tmp/k/$name.err" || return 1
  sqlite3 "$k" "SELECT kiosk_id FROM kiosk_keys" >"$tmp/k/$name.id"
  case $role in
    normal|merged|stray|new) "$HL_CLI" export --db "$k" --config "$cfg" --output "$tmp/b/$name.hlb" ;;
    old|silent) "$HL_CLI" export --db "$k" --config "$cfg" --to "$(ago 10)" --output "$tmp/b/$name.hlb" ;;
    unknown) "$HL_CLI" export --db "$k" --config "$cfg" --output "$tmp/held/$name.hlb" ;;
    tampered)
      "$HL_CLI" export --db "$k" --config "$cfg" --output "$tmp/held/$name.hlb" || return 1
      cp "$tmp/held/$name.hlb" "$tmp/b/$name.hlb"
      sqlite3 "$tmp/b/$name.hlb" "UPDATE responses SET counter_code = 'Q09' WHERE seq = 2" ;;
    gap)
      # Three bundles of consecutive days; the middle one is held back and imported late.
      local d; mapfile -t d < <(sqlite3 "$k" "SELECT DISTINCT day FROM responses ORDER BY day")
      [ ${#d[@]} -ge 3 ] || { echo "# $name: responses on ${#d[@]} days only" >&2; return 1; }
      local a=$(( ${#d[@]} / 3 - 1 )) b=$(( 2 * ${#d[@]} / 3 - 1 ))
      "$HL_CLI" export --db "$k" --from "${d[0]}" --to "${d[$a]}" --output "$tmp/b/$name-a.hlb" &&
      "$HL_CLI" export --db "$k" --from "${d[$((a + 1))]}" --to "${d[$b]}" --output "$tmp/late/$name-b.hlb" &&
      "$HL_CLI" export --db "$k" --from "${d[$((b + 1))]}" --to "${d[-1]}" --output "$tmp/b/$name-c.hlb" &&
      sqlite3 "$k" "SELECT count(*) FROM responses WHERE day BETWEEN '${d[$((a + 1))]}' AND '${d[$b]}'" \
        >"$tmp/k/$name.gap" ;;
    enrolled) : ;;
  esac
}
seed=0 jobs=0 made=0
while IFS=$'\t' read -r name role unit counter; do
  seed=$((seed + 1))
  make_kiosk "$name" "$role" "$seed" >"$tmp/k/$name.log" 2>&1 &
  jobs=$((jobs + 1))
  if [ $jobs -ge 4 ]; then wait; jobs=0; fi
done <"$tmp/kiosks.tsv"
wait
kiosks=$(wc -l <"$tmp/kiosks.tsv")
id () { cat "$tmp/k/$1.id"; }
for name in $(cut -f1 "$tmp/kiosks.tsv"); do [ -s "$tmp/k/$name.id" ] && made=$((made + 1)); done
check "simulate: every one of the $kiosks kiosks made its database" eq "$made" "$kiosks"
check "simulate: several hundred kiosks" [ "$kiosks" -ge 250 ]
check "the old kiosk's bundle holds responses before the period" \
  [ "$(sqlite3 "$tmp/b/old.hlb" "SELECT count(*) FROM responses WHERE day < '$from'")" -gt 0 ]
check "the gap kiosks' held-back bundles hold responses" \
  [ "$(cat "$tmp/k/gap0.gap")" -gt 0 ] '&&' [ "$(cat "$tmp/k/gap1.gap")" -gt 0 ] '&&' [ "$(cat "$tmp/k/gap2.gap")" -gt 0 ]

# The enrolled kiosk: its key, from the text of its enrolment code, and nothing else.
enrolment=$("$HL_CLI" identity --db "$tmp/k/enrolled.db" | sed -n 's/^enrolment //p')
"$HL_CLI" keys add --db "$db" "$enrolment" >/dev/null 2>&1
check "keys add: the enrolled kiosk's key" [ $? -eq 0 ]

# The big call, its memory read early and at the end.
bundles=$(ls "$tmp"/b/*.hlb | wc -l)
read -r rc rss_early rss_last at_early at_last < <(python3 "$here/import-memory.py" "$tmp/import.out" 30 -- \
  "$HL_CLI" import --db "$db" --trust-new "$tmp"/b/*.hlb)
check "import of $bundles bundles in one call: exit 1, as one was refused" eq "$rc" 1
check "import: the changed bundle is named with its reason" \
  grep -q "^hailong: import: $tmp/b/tampered.hlb: refused: .*record does not match its hash" "$tmp/import.out"
check "import: every other bundle went in" \
  eq "$(grep -c ': [0-9]* responses added, 0 already present' "$tmp/import.out")" "$((bundles - 1))"
check "import: one line sums up the call" \
  grep -q "^import: $bundles bundles: $((bundles - 1)) imported (.*), 0 imported before, 1 refused" "$tmp/import.out"
check "import: memory was read after the 30th bundle and after the last" \
  [ "$at_early" -eq 30 ] '&&' [ "$at_last" -ge $((bundles - 5)) ] '&&' [ "$rss_early" -gt 0 ]
# Hundreds of bundles later the resident memory is what it was: at most 4 MiB more (SQLite's page cache of
# the growing database) — a bundle's file or its records kept would add far more (each bundle is ~40 KiB).
check "import: memory does not grow with the bundles (RSS ${rss_early} KiB after 30, ${rss_last} KiB after $at_last)" \
  [ $((rss_last - rss_early)) -le 4096 ]
check "import: the refused bundle left none of its rows" \
  eq "$(sqlite3 "$db" "SELECT count(*) FROM responses WHERE kiosk_id = '$(id tampered)'")" 0

# Refused for its unknown key.
"$HL_CLI" import --db "$db" "$tmp/held/unknown.hlb" >"$tmp/out" 2>&1
check "import without --trust-new: an unknown kiosk's bundle is refused (exit 1)" [ $? -eq 1 ]

# status NAME [ARGS]: hailong status of the period as JSON into $tmp/NAME.json.
status () { local name=$1; shift; "$HL_CLI" status --db "$db" --province "$prov" --format json "$@" >"$tmp/$name.json"; }
status s1 --from "$from" --to "$today"
check "status: exit 0" [ $? -eq 0 ]
q () { python3 -c "import json, sys; s = json.load(open(sys.argv[1])); print($2)" "$tmp/$1.json"; }
state_of () { q "$1" "[k['state'] for k in s['kiosks'] if k['kiosk_id'] == '$(id "$2")'][0]"; }
check "status: every kiosk known, and only those (the tampered one by its refused bundle)" \
  eq "$(q s1 "len(s['kiosks'])")" "$kiosks"
expected_missing=$(for n in silent enrolled tampered unknown; do id $n; done | sort | tr '\n' ' ')
check "status: the missing kiosks are exactly the silent, the enrolled-only and the refused ones" \
  eq "$(q s1 "' '.join(sorted(k['kiosk_id'] for k in s['kiosks'] if k['state'] == 'missing')) + ' '")" \
  "$expected_missing"
check "status: the old kiosk is replaced by the new one" \
  eq "$(q s1 "[k['replaced_by'] for k in s['kiosks'] if k['kiosk_id'] == '$(id old)'][0]")" "$(id new)"
check "status: every other kiosk reported" eq "$(q s1 "s['summary']['reported']")" "$((kiosks - 5))"
gaps_expected=$(for n in gap0 gap1 gap2; do echo "$(id $n) $(cat "$tmp/k/$n.gap")"; done | sort)
check "status: one gap per gap kiosk, of the size of its held-back bundle" \
  eq "$(q s1 "'\n'.join(sorted(g['kiosk_id'] + ' ' + str(g['missing']) for g in s['gaps']))")" "$gaps_expected"
check "status: the kiosk's row counts its gap too" \
  eq "$(q s1 "[k['missing'] for k in s['kiosks'] if k['kiosk_id'] == '$(id gap0)'][0]")" "$(cat "$tmp/k/gap0.gap")"
check "status: the refused bundles with their reasons and kiosks" \
  eq "$(q s1 "' '.join(r['reason'] + ':' + str(r['kiosk_id']) for r in s['refused'])")" \
  "tampered:$(id tampered) unknown-key:$(id unknown)"
check "status: the units no kiosk reported for" \
  eq "$(q s1 "' '.join(u['code'] for u in s['missing_units'])")" "XA-070-TT XA-070-DP1"
check "status: a kiosk at a unit the hierarchy does not list is told" \
  eq "$(q s1 "[k['unit_known'] for k in s['kiosks'] if k['kiosk_id'] == '$(id stray)'][0]")" False
check "status: when each kiosk that sent a bundle last reported, and its last day" \
  eq "$(q s1 "sum(1 for k in s['kiosks'] if k['bundles'] > 0 and k['last_import'] and k['last_day'] <= '$today')")" \
  "$((kiosks - 3))"
check "status: the silent kiosk's last day is before the period" \
  python3 -c "import json, sys; k = [k for k in json.load(open(sys.argv[1]))['kiosks'] if k['kiosk_id'] == sys.argv[2]][0]
sys.exit(not (k['last_day'] < sys.argv[3]))" "$tmp/s1.json" "$(id silent)" "$from"

"$HL_CLI" index --db "$db" --from "$from" --to "$today" --by kiosk --format json >"$tmp/by-kiosk.json"
check "status: each kiosk's responses in the period are hailong index --by kiosk's" \
  eq "$(q s1 "sorted((k['kiosk_id'], k['responses']) for k in s['kiosks'] if k['responses'])")" \
  "$(python3 -c 'import json, sys
print(sorted((r["key"]["kiosk"], r["responses"]) for r in json.load(open(sys.argv[1]))["rows"]))' "$tmp/by-kiosk.json")"
"$HL_CLI" status --db "$db" --province "$prov" --from "$from" --to "$today" >"$tmp/s1.txt"
check "status (table): in Vietnamese, every missing kiosk named" \
  grep -q "^Tình trạng báo cáo kỳ $from – $today" "$tmp/s1.txt" '&&' grep -q "chưa báo cáo" "$tmp/s1.txt" '&&' \
  grep -q "$(id silent) .*chưa báo cáo" "$tmp/s1.txt" '&&' grep -q "$(id enrolled) .*chưa báo cáo" "$tmp/s1.txt" '&&' \
  grep -q "thay bằng $(id new)" "$tmp/s1.txt" '&&' grep -q "^Gói dữ liệu bị từ chối" "$tmp/s1.txt" '&&' \
  grep -q "dữ liệu bị sửa" "$tmp/s1.txt" '&&' grep -q "^XA-070-DP1 .*điểm phục vụ$" "$tmp/s1.txt"
q_period=$(date -d "$today" +%Y)-Q$(( ($(date -d "$today" +%-m) - 1) / 3 + 1 ))
status sp --period "$q_period"
status sd --from "$(date -d "$today" +%Y)-$(printf %02d $(( ($(date -d "$today" +%-m) - 1) / 3 * 3 + 1 )))-01" \
  --to "$("$HL_CLI" index --db "$db" --period "$q_period" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["to"])')"
check "status --period $q_period equals the same --from/--to" cmp -s "$tmp/sp.json" "$tmp/sd.json"
"$HL_CLI" status --db "$db" --period 2026-Q5 >"$tmp/out" 2>&1
check "status: a period that is not one is refused in one line" [ $? -eq 2 ] '&&' grep -q "is not a period" "$tmp/out"
"$HL_CLI" status --db "$db" >"$tmp/out" 2>&1
check "status: without a period is refused in one line" [ $? -eq 2 ] '&&' eq "$(wc -l <"$tmp/out")" 1 '&&' \
  grep -q "give the period" "$tmp/out"
printf '{"format": "hailong-province/1",\n "units": [}\n' >"$tmp/broken.json"
"$HL_CLI" status --db "$db" --period "$q_period" --province "$tmp/broken.json" >"$tmp/out" 2>&1
check "status: a broken province configuration is refused at its line and column" [ $? -eq 2 ] '&&' \
  grep -q "^hailong: status: $tmp/broken.json:2:[0-9]*: " "$tmp/out"
"$HL_CLI" status --db "$tmp/none.db" --period "$q_period" >"$tmp/out" 2>&1
check "status: a missing database is refused, not made" [ $? -ne 0 ] '&&' [ ! -e "$tmp/none.db" ]

# The late bundles, a re-import, and the unknown kiosk once enrolled.
"$HL_CLI" index --db "$db" --from "$from" --to "$today" --by kiosk --format json >"$tmp/i-before.json"
"$HL_CLI" import --db "$db" "$tmp/b/k001q1.hlb" >"$tmp/out" 2>&1
check "re-import: recognised, nothing changed" grep -q "imported before: nothing changed" "$tmp/out"
"$HL_CLI" index --db "$db" --from "$from" --to "$today" --by kiosk --format json >"$tmp/i-after.json"
check "re-import: the index is as it was" cmp -s "$tmp/i-before.json" "$tmp/i-after.json"
"$HL_CLI" keys add --db "$db" "$("$HL_CLI" identity --db "$tmp/k/unknown.db" | sed -n 's/^enrolment //p')" >/dev/null
"$HL_CLI" import --db "$db" "$tmp"/late/*.hlb "$tmp/held/unknown.hlb" >"$tmp/late.out" 2>&1
check "late bundles and the enrolled kiosk's bundle go in (exit 0)" [ $? -eq 0 ]
status s2 --from "$from" --to "$today"
check "status after the late bundles: no gap left" eq "$(q s2 "len(s['gaps'])")" 0
check "status: the refusal of the now enrolled kiosk's bundle is resolved; the changed one stays" \
  eq "$(q s2 "' '.join(r['reason'] for r in s['refused'])")" "tampered"
check "status: the enrolled kiosk has reported" eq "$(state_of s2 unknown)" reported
status s0 --from 2020-01-01 --to 2020-12-31
check "status of a period before every response: kiosks not started yet, but those that never sent anything missing" \
  eq "$(q s0 "(s['summary']['not-started'], s['summary']['missing'], s['summary']['reported'])")" \
  "($((kiosks - 2)), 2, 0)"

# Roll-ups against a recount from the responses held, by the rules of docs/province.md written apart.
recount () {
  python3 - "$prov" "$db" "$from" "$today" <<'PY'
import json, os, sqlite3, sys
sys.path.insert(0, os.path.join(os.environ["HL_SOURCE_ROOT"], "tests/cli")); sys.dont_write_bytecode = True
from province_rules import roll_up
up = roll_up(json.load(open(sys.argv[1])), "commune")
db = sqlite3.connect(sys.argv[2])
counts = {}
# A counted response: not a repeat, not the detailed rating of another, not in a burst; satisfied when its
# newest OVERALL answer is 3 or 4.
for unit, value in db.execute(
        "SELECT r.unit_code, (SELECT a.value FROM answers a WHERE a.response = r.id AND a.question_id = 'OVERALL'"
        " AND NOT EXISTS (SELECT 1 FROM answers b WHERE b.replaces = a.id)) FROM responses r"
        " WHERE r.day BETWEEN ? AND ? AND r.is_repeat = 0 AND r.detail_of IS NULL AND r.burst = 0",
        (sys.argv[3], sys.argv[4])):
    c = counts.setdefault(up(unit), [0, 0])
    c[0] += 1
    c[1] += value is not None and value >= 3
for u in sorted(counts):
    print(u, *counts[u])
PY
}
"$HL_CLI" index --db "$db" --from "$from" --to "$today" --province "$prov" --level commune --format json >"$tmp/commune.json"
check "index --level commune: every row equals the recount from the responses (merged units under their successor)" \
  eq "$(python3 -c '
import json, sys
for r in sorted(json.load(open(sys.argv[1]))["rows"], key=lambda r: r["key"]["unit"]):
    print(r["key"]["unit"], r["responses"], r["overall"]["satisfied"])' "$tmp/commune.json")" "$(recount)"
check "index --level commune: no merged commune is a row of its own" \
  python3 -c 'import json, sys; sys.exit(any(r["key"]["unit"].startswith("XA-OLD") for r in json.load(open(sys.argv[1]))["rows"]))' \
  "$tmp/commune.json"

# The report's completeness tables: what status says, every missing kiosk named.
status sq --period "$q_period"
"$HL_CLI" report --db "$db" --province "$prov" --period "$q_period" --format csv --output "$tmp/r.csv"
check "report --format csv: written" [ $? -eq 0 ]
"$HL_CLI" report --db "$db" --province "$prov" --period "$q_period" --format xlsx --output "$tmp/r.xlsx"
check "report --format xlsx: written" [ $? -eq 0 ]
"$HL_CLI" report --db "$db" --province "$prov" --period "$q_period" --format pdf --output "$tmp/r.pdf"
check "report --format pdf: written" [ $? -eq 0 ]
check "report: the completeness tables of the CSV and the XLSX equal status, and name every missing kiosk" \
  /usr/bin/python3 "$here/check-province-status.py" "$tmp/sq.json" "$tmp/r.csv" "$tmp/r.xlsx"
pdftotext -layout "$tmp/r.pdf" "$tmp/r.txt"
missing_ids=$(q sq "' '.join(k['kiosk_id'] for k in s['kiosks'] if k['state'] == 'missing')")
# pdftotext splits a word where two letters stand apart ("HL-QVM6-5QL4-HA JZ": Noto Sans's J reaches under
# the letter before it), so ids are looked for in the text without its spaces; an id broken across two
# lines is still not found there.
tr -d ' ' <"$tmp/r.txt" >"$tmp/r.nospace.txt"
named () { local i; for i in $missing_ids; do grep -q "$i" "$tmp/r.nospace.txt" || { echo "# $i not in the PDF"; return 1; }; done; }
check "report (PDF): the completeness heading in Vietnamese, every missing kiosk named" \
  grep -q "Tính đầy đủ của dữ liệu" "$tmp/r.txt" '&&' [ -n "$missing_ids" ] '&&' named
# An empty table of the completeness page says what is not there: no gap is left once the late bundles are in.
check "report (PDF): no gap left, and the gaps' table says so" \
  eq "$(q sq "len(s['gaps'])")" 0 '&&' grep -q "Không có lỗ hổng nào trong kỳ." "$tmp/r.txt"
check "report (PDF): a refusal's detail is its reason, without the path the file column names already" \
  grep -q "link 2 (response 2): the record" "$tmp/r.txt" '&&' sh -c '! grep -q "tampered.hlb: refused" "$1"' - "$tmp/r.txt"
pdftoppm -r 70 -png "$tmp/r.pdf" "$pages/report"
check "report (PDF): its pages rendered into $pages to look at" \
  [ "$(ls "$pages"/report-*.png | wc -l)" -eq "$(pdfinfo "$tmp/r.pdf" | sed -n 's/^Pages: *//p')" ]
cp "$tmp/r.pdf" "$tmp/s1.txt" "$pages/"

# A kiosk id as wide as ids come (W and M are the alphabet's widest letters), enrolled only: the missing
# kiosks' table and the last reports' both name it, and neither may break it across two lines. Ids come
# from keys, so this one is written into a copy of the database.
wide=HL-WMWM-WMWM-WMWM
sqlite3 "$db" "VACUUM INTO '$tmp/wide.db'"
sqlite3 "$tmp/wide.db" "INSERT INTO trusted_keys VALUES ('$wide', '$(printf '%064d' 0)', '$(date -u +%FT%TZ)', 'enrolment')"
"$HL_CLI" report --db "$tmp/wide.db" --province "$prov" --period "$q_period" --format pdf --output "$tmp/wide.pdf"
pdftotext -layout "$tmp/wide.pdf" - | tr -d ' ' >"$tmp/wide.txt"
check "report (PDF): the widest kiosk id whole on one line, in both tables that name it" \
  eq "$(grep -c "$wide" "$tmp/wide.txt")" 2

# On a terminal, one line rewritten in place (script(1) gives the command a terminal).
rm -f "$tmp/tty.db"
script -qec "'$HL_CLI' import --db '$tmp/tty.db' --trust-new $(ls "$tmp"/b/k00[1-3]*.hlb | tr '\n' ' ')" /dev/null \
  >"$tmp/tty.out" 2>&1
check "import on a terminal: a progress line rewritten in place for each bundle, then the summary only" \
  [ "$(grep -o $'\r\033\[K\[[0-9]*/12\]' "$tmp/tty.out" | wc -l)" -eq 12 ] '&&' \
  grep -q "import: 12 bundles: 12 imported" "$tmp/tty.out" '&&' sh -c '! grep -q "responses added, " "$1"' - "$tmp/tty.out"
tap_end
