#!/usr/bin/env bash
# test-bundle.sh: export → verify → import of signed bundles, as a supervisor and the province use them.
#   - the round trip gives the province exactly the kiosk's `hailong index`, per key;
#   - the reports beside the bundle hold the index's figures (tests/check-report.py);
#   - every tampered copy (a response or answer changed, inserted, deleted, reordered; bytes damaged; the
#     tail cut off, with and without the manifest's figures) is refused by verify and by import, each
#     with its reason, and the province's database is left exactly as it was;
#   - importing twice, and overlapping bundles, count once; a gap is reported with its size; a rewritten
#     history is refused where it parts; an unknown kiosk needs --trust-new or `hailong keys add`.
# TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${HL_CLI:?}" "${HL_SOURCE_ROOT:?}"

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$HL_SOURCE_ROOT/data/demo/kiosk.json"
surveys="$HL_SOURCE_ROOT/survey_defs"
# Debian's Python, which has python3-openpyxl.
python=/usr/bin/python3

kiosk="$tmp/kiosk/kiosk.db"
"$HL_CLI" simulate --db "$kiosk" --config "$demo" --survey-dir "$surveys" --responses 400 --days 6 --seed 21 \
  >/dev/null 2>&1
from=$(sqlite3 "$kiosk" 'SELECT min(day) FROM responses'); to=$(sqlite3 "$kiosk" 'SELECT max(day) FROM responses')
sum () { sha256sum "$1" | cut -d' ' -f1; }
# The province's data: every row but the refusals an import records (docs/province.md, "hailong status").
data_sum () { sqlite3 "$1" .dump | grep -v '^INSERT INTO refused_bundles ' | sha256sum | cut -d' ' -f1; }
refusals_of () { sqlite3 "$province" "SELECT count(*) FROM refused_bundles WHERE file = '$1' AND resolved_at IS NULL"; }
# `hailong index` of a database as JSON, by KEYS (empty: one row).
index () { "$HL_CLI" index --db "$1" --from "$from" --to "$to" ${2:+--by "$2"} --format json; }
same_index () {
  local k
  for k in "" counter officer procedure field day kiosk; do
    cmp -s <(index "$1" "$k") <(index "$2" "$k") || { echo "# index by '$k' differs" >&2; return 1; }
  done
}
has () { grep -q -- "$1" "$2"; }
one_line () { [ "$(wc -l <"$1")" -eq 1 ] && grep -qE -- "$2" "$1"; }
lacks () { ! grep -q -- "$1" "$2"; }

# Export, with reports.
mkdir "$tmp/stick"
kiosk_sum=$(sum "$kiosk")
"$HL_CLI" export --db "$kiosk" --config "$demo" --output "$tmp/stick/all.hlb" --reports >"$tmp/out" 2>&1
check "export: exit 0" [ $? -eq 0 ]
check "export: says how many responses and which sequences" has "all.hlb: 400 responses (sequences 1–400)" "$tmp/out"
check "export: the bundle and its reports are on the stick, nothing temporary" \
  [ "$(ls -A "$tmp/stick" | tr '\n' ' ')" = "all.csv all.hlb all.pdf all.xlsx " ]
check "export: the kiosk's responses are unchanged (only the export log grew)" \
  [ "$(sqlite3 "$kiosk" 'SELECT count(*) FROM responses')" = 400 ]
check "export: the export log holds the period, the sequences and the chain head" \
  [ "$(sqlite3 "$kiosk" "SELECT first_sequence || '-' || last_sequence || ' ' || length(chain_head) FROM export_log")" = "1-400 64" ]
check "export: the bundle opens with sqlite3 and holds the responses" \
  [ "$(sqlite3 "$tmp/stick/all.hlb" 'SELECT count(*) FROM responses')" = 400 ]
mkdir "$tmp/index"
for k in all counter officer procedure field; do
  "$HL_CLI" index --db "$kiosk" --from "$from" --to "$to" --config "$demo" \
    $([ "$k" = all ] || echo "--by $k") --format json >"$tmp/index/$k.json"
done
$python "$HL_SOURCE_ROOT/tests/check-report.py" "$tmp/stick/all" "$tmp/index" \
  "Trung tâm Phục vụ hành chính công xã Bắc Hà" >"$tmp/report.out" 2>&1
check "export --reports: PDF, CSV and XLSX hold the figures of hailong index" [ $? -eq 0 ]
[ -s "$tmp/report.out" ] && sed 's/^/# /' "$tmp/report.out"

# Verify.
"$HL_CLI" verify "$tmp/stick/all.hlb" >"$tmp/out" 2>&1
check "verify: an intact bundle is ok" [ $? -eq 0 ]
check "verify: says what it holds" has "all.hlb: ok: kiosk HL-.*, unit LC-XA-BACHA, 400 responses (sequences 1–400" "$tmp/out"

# Import: an unknown kiosk first.
province="$tmp/province/p.db"
mkdir "$tmp/province"
"$HL_CLI" import --db "$province" "$tmp/stick/all.hlb" >"$tmp/out" 2>&1
check "import: a kiosk not enrolled is refused" [ $? -eq 1 ]
check "import: ... saying how to enrol it" has "^hailong: import: .*all.hlb: refused: kiosk HL-.* is not enrolled; enrol its key with .hailong keys add TEXT" "$tmp/out"
check "import: ... and nothing of it is kept: the database it would have made is not left behind" [ ! -e "$province" ]
enrolment=$("$HL_CLI" identity --db "$kiosk" | sed -n 's/^enrolment //p')
"$HL_CLI" keys add --db "$province" "${enrolment%?}X" >"$tmp/out" 2>&1
check "keys add: a mistyped key is refused" has "^hailong: keys: kiosk id HL-.* does not belong to public key" "$tmp/out"
"$HL_CLI" keys add --db "$province" "$enrolment" >"$tmp/out" 2>&1
check "keys add: the enrolment text enrols the kiosk" has "^enrolled kiosk HL-" "$tmp/out"
"$HL_CLI" import --db "$province" "$tmp/stick/all.hlb" >"$tmp/out" 2>&1
check "import: an enrolled kiosk's bundle is imported" [ $? -eq 0 ]
check "import: says what it added" has "all.hlb: 400 responses added, 0 already present" "$tmp/out"
check "round trip: the province's index equals the kiosk's, by every key" same_index "$kiosk" "$province"
"$HL_CLI" verify --db "$province" >/dev/null 2>&1
check "round trip: the province's database passes its own check" [ $? -eq 0 ]
before=$(sum "$province")
"$HL_CLI" import --db "$province" "$tmp/stick/all.hlb" >"$tmp/out" 2>&1
check "import twice: recognised, nothing changed" has "imported before: nothing changed" "$tmp/out"
check "import twice: the province's index is still the kiosk's" same_index "$kiosk" "$province"

# Tampered copies: each refused by verify and import, with its reason, the province left as it was.
tamper () {  # NAME SQL REASON-REGEX
  local name=$1 sql=$2 reason=$3 copy="$tmp/t-$1.hlb"
  cp "$tmp/stick/all.hlb" "$copy"
  sqlite3 "$copy" "$sql"
  refused "$name" "$copy" "$reason"
}
refused () {  # NAME FILE REASON-REGEX
  local name=$1 copy=$2 reason=$3 psum
  psum=$(data_sum "$province")
  "$HL_CLI" verify "$copy" >"$tmp/v.out" 2>&1
  check "verify refuses $name (exit 1)" [ $? -eq 1 ]
  check "verify refuses $name: one line naming the file, saying why" one_line "$tmp/v.out" "^hailong: verify: $copy: .*$reason"
  "$HL_CLI" import --db "$province" "$copy" >"$tmp/i.out" 2>&1
  check "import refuses $name (exit 1)" [ $? -eq 1 ]
  check "import refuses $name, saying why" grep -qE "^hailong: import: $copy: .*$reason" "$tmp/i.out"
  check "import of $name leaves the province's data exactly as it was" [ "$(data_sum "$province")" = "$psum" ]
  [ "$(data_sum "$province")" = "$psum" ] || cat "$tmp/i.out" | sed 's/^/# /'
  check "import of $name records one refusal of the file" eq "$(refusals_of "$copy")" 1
}
tamper changed-response "UPDATE responses SET counter_code = 'Q09' WHERE seq = 100" \
  "link [0-9]+ \(response 100\): the record does not match its hash"
tamper changed-answer "UPDATE answers SET value = 1 WHERE id = (SELECT min(id) FROM answers WHERE value = 4)" \
  "the record does not match its hash \(a response or answer was changed\)"
tamper inserted-response "INSERT INTO responses SELECT 100000, kiosk_id, '9999', NULL, recorded_at, recorded_utc, day,
  unit_code, counter_code, officer_code, procedure_code, field_code, survey_id, survey_version, 0, NULL, 0, NULL
  FROM responses WHERE seq = 5" "response row 100000 is in no link of the chain \(inserted\)"
tamper inserted-answer "INSERT INTO answers (id, response, question_id, value) SELECT 900000, id, 'OVERALL', 4
  FROM responses WHERE seq = 7" "answer row 900000 is in no link of the chain \(inserted\)"
tamper deleted-response "DELETE FROM answers WHERE response = (SELECT id FROM responses WHERE seq = 200);
  DELETE FROM responses WHERE seq = 200" "its response \(row [0-9]+\) is missing \(deleted\)"
tamper deleted-answer "DELETE FROM answers WHERE id = (SELECT max(id) FROM answers WHERE replaces IS NULL)" \
  "answers are missing \(deleted\)"
tamper reordered-responses "UPDATE responses SET seq = CASE seq WHEN 50 THEN 51 ELSE 50 END WHERE seq IN (50, 51)" \
  "response 51 where 50 was due \(reordered, inserted or deleted\)"
tamper reordered-links "UPDATE chain SET link = -link WHERE link IN (30, 31); UPDATE chain SET link =
  CASE link WHEN -30 THEN 31 ELSE 30 END WHERE link IN (-30, -31)" "link 30: response [0-9]+ where [0-9]+ was due \(reordered"
tamper cut-tail "DELETE FROM answers WHERE response IN (SELECT id FROM responses WHERE seq > 390);
  DELETE FROM chain WHERE response IN (SELECT id FROM responses WHERE seq > 390);
  DELETE FROM responses WHERE seq > 390" "the chain ends at link [0-9]+ but the manifest says [0-9]+ \(a tail was cut off"
# The tail cut off together with the manifest's figures: the signature says so.
last_link=$(sqlite3 "$tmp/stick/all.hlb" "SELECT max(link) FROM chain c JOIN responses r ON r.id = c.response WHERE r.seq <= 390 AND c.kind = 1")
head=$(sqlite3 "$tmp/stick/all.hlb" "SELECT hex(hash) FROM chain WHERE link = $last_link" | tr A-F a-f)
tamper cut-tail-and-manifest "DELETE FROM answers WHERE response IN (SELECT id FROM responses WHERE seq > 390);
  DELETE FROM chain WHERE link > $last_link; DELETE FROM responses WHERE seq > 390;
  UPDATE manifest SET value = '390' WHERE key IN ('last_sequence', 'responses');
  UPDATE manifest SET value = '$last_link' WHERE key = 'last_link';
  UPDATE manifest SET value = '$head' WHERE key = 'chain_head';
  UPDATE manifest SET value = (SELECT count(*) FROM answers) WHERE key = 'answers'" \
  "the manifest's signature does not match it"
tamper foreign-key "UPDATE manifest SET value = '$(printf '%064d' 7)' WHERE key = 'public_key'" \
  "the manifest's signature does not match it"
# Damaged bytes, wherever they fall: in a record, in SQLite's structure, in unused space.
size=$(stat -c %s "$tmp/stick/all.hlb")
for at in 100 $((size / 3)) $((size / 2)) $((size - 700)); do
  cp "$tmp/stick/all.hlb" "$tmp/t-damaged-$at.hlb"
  printf '\xde\xad\xbe\xef' | dd of="$tmp/t-damaged-$at.hlb" bs=1 seek="$at" conv=notrunc 2>/dev/null
  refused "damaged-bytes-at-$at" "$tmp/t-damaged-$at.hlb" "(damaged|does not match)"
done
head -c $((size / 2)) "$tmp/stick/all.hlb" >"$tmp/t-truncated.hlb"
refused truncated-file "$tmp/t-truncated.hlb" "damaged"

# Into a province that holds nothing of the kiosk (only another kiosk's bundle), the rows are copied
# while they are verified (in a thread of their own, hl_bundle_import_file): a copy that does not verify
# leaves the province as it was, none of its rows, and its key not enrolled.
"$HL_CLI" simulate --db "$tmp/k3/kiosk.db" --config "$demo" --survey-dir "$surveys" --responses 30 --days 2 \
  --seed 3 >/dev/null 2>&1
"$HL_CLI" export --db "$tmp/k3/kiosk.db" --output "$tmp/k3.hlb" >/dev/null 2>&1
kiosk_of_all=$(sqlite3 "$tmp/stick/all.hlb" "SELECT value FROM manifest WHERE key = 'kiosk_id'")
fresh_import () {  # NAME FILE REASON-REGEX
  local fresh="$tmp/fresh-$1.db" fsum
  "$HL_CLI" import --db "$fresh" --trust-new "$tmp/k3.hlb" >/dev/null 2>&1
  fsum=$(data_sum "$fresh")
  "$HL_CLI" import --db "$fresh" --trust-new "$2" >"$tmp/i.out" 2>&1
  check "import into a province without its kiosk refuses $1 (exit 1)" [ $? -eq 1 ]
  check "import into a province without its kiosk refuses $1, saying why" \
    grep -qE "^hailong: import: $2: .*$3" "$tmp/i.out"
  check "import into a province without its kiosk leaves its data as it was ($1)" eq "$(data_sum "$fresh")" "$fsum"
  check "import into a province without its kiosk keeps none of $1's responses or links, nor its key" \
    eq "$(sqlite3 "$fresh" "SELECT (SELECT count(*) FROM responses WHERE kiosk_id = '$kiosk_of_all')
      + (SELECT count(*) FROM kiosk_links WHERE kiosk_id = '$kiosk_of_all')
      + (SELECT count(*) FROM kiosk_keys WHERE kiosk_id = '$kiosk_of_all')")" 0
}
fresh_import changed-response "$tmp/t-changed-response.hlb" "the record does not match its hash"
fresh_import cut-tail "$tmp/t-cut-tail.hlb" "the chain ends at link [0-9]+ but the manifest says"
fresh_import damaged-bytes "$tmp/t-damaged-$((size / 2)).hlb" "(damaged|does not match)"

# Overlap and gaps: a second kiosk exports day by day; the province gets them out of order.
k2="$tmp/k2/kiosk.db"
"$HL_CLI" simulate --db "$k2" --config "$demo" --survey-dir "$surveys" --responses 300 --days 6 --seed 5 >/dev/null 2>&1
days=($(sqlite3 "$k2" 'SELECT DISTINCT day FROM responses ORDER BY day'))
"$HL_CLI" export --db "$k2" --output "$tmp/stick/d1.hlb" --from "${days[0]}" --to "${days[1]}" >/dev/null 2>&1
"$HL_CLI" export --db "$k2" --output "$tmp/stick/d2.hlb" --from "${days[2]}" --to "${days[3]}" >/dev/null 2>&1
"$HL_CLI" export --db "$k2" --output "$tmp/stick/d3.hlb" >"$tmp/out" 2>&1
check "export without a period: from the last day of the previous export (one day of overlap)" \
  has "d3.hlb: .* ${days[3]} to " "$tmp/out"
"$HL_CLI" import --db "$province" --trust-new "$tmp/stick/d1.hlb" >/dev/null 2>&1
check "import --trust-new: the kiosk's key is enrolled" \
  [ "$(sqlite3 "$province" "SELECT source FROM trusted_keys WHERE kiosk_id = (SELECT kiosk_id FROM responses WHERE kiosk_id <> (SELECT kiosk_id FROM trusted_keys WHERE source = 'enrolment') LIMIT 1)")" = trust-new ]
"$HL_CLI" import --db "$province" "$tmp/stick/d3.hlb" >"$tmp/out" 2>&1
gap=$(( $(sqlite3 "$tmp/stick/d3.hlb" "SELECT value FROM manifest WHERE key = 'first_sequence'") \
        - $(sqlite3 "$tmp/stick/d1.hlb" "SELECT value FROM manifest WHERE key = 'last_sequence'") - 1 ))
check "import: a gap in the kiosk's sequence is reported with its size ($gap)" has "gap: $gap responses of kiosk .* missing before this bundle" "$tmp/out"
"$HL_CLI" import --db "$province" "$tmp/stick/d2.hlb" >"$tmp/out" 2>&1
check "import: the bundle filling the gap is imported, overlapping d3 by a day" has "responses added, [1-9][0-9]* already present" "$tmp/out"
check "import: filled, no gap is reported" lacks "gap:" "$tmp/out"
# The second kiosk's row of the province's index by kiosk is the second kiosk's own index.
k2_counted_once () {
  "$HL_CLI" index --db "$k2" --from "${days[0]}" --to "${days[-1]}" --format json >"$tmp/own.json"
  "$HL_CLI" index --db "$province" --from "${days[0]}" --to "${days[-1]}" --by kiosk --format json >"$tmp/by.json"
  $python - "$tmp/own.json" "$tmp/by.json" "$(sqlite3 "$k2" 'SELECT kiosk_id FROM responses LIMIT 1')" <<'PY'
import json, sys
own = json.load(open(sys.argv[1]))["rows"][0]
rows = [r for r in json.load(open(sys.argv[2]))["rows"] if r["key"]["kiosk"] == sys.argv[3]]
del own["key"]
for r in rows:
    del r["key"]
sys.exit(0 if rows == [own] else 1)
PY
}
check "overlapping and out-of-order bundles count once: the province's index of the kiosk is the kiosk's own" \
  k2_counted_once

# Rewritten history: the same key, another chain.
k3="$tmp/k3/kiosk.db"
mkdir -p "$tmp/k3"; cp "$k2.key" "$k3.key"
"$HL_CLI" simulate --db "$k3" --config "$demo" --survey-dir "$surveys" --responses 50 --days 2 --seed 99 >/dev/null 2>&1
"$HL_CLI" export --db "$k3" --output "$tmp/stick/rewritten.hlb" >/dev/null 2>&1
"$HL_CLI" verify "$tmp/stick/rewritten.hlb" >"$tmp/out" 2>&1
check "a rewritten history is still a valid bundle on its own" [ $? -eq 0 ]
psum=$(data_sum "$province")
"$HL_CLI" import --db "$province" "$tmp/stick/rewritten.hlb" >"$tmp/out" 2>&1
check "import refuses a bundle whose chain does not continue the one held, saying where they part" \
  has "refused: its chain does not continue the one held for kiosk HL-.*: they part at link 1 " "$tmp/out"
check "... and leaves the province's data exactly as it was" [ "$(data_sum "$province")" = "$psum" ]
check "... and records the refusal as rewritten history" \
  eq "$(sqlite3 "$province" "SELECT reason FROM refused_bundles WHERE file = '$tmp/stick/rewritten.hlb'")" rewritten

# A failed export changes nothing on the kiosk, and a retry works.
dump () { sqlite3 "$1" .dump | grep -v 'INSERT INTO export_log' | sha256sum; }
kdump=$(dump "$k2"); rows=$(sqlite3 "$k2" 'SELECT count(*) FROM export_log')
"$HL_CLI" export --db "$k2" --output "$tmp/no-such-stick/x.hlb" >"$tmp/out" 2>&1
check "export to a missing stick: a Vietnamese message, the English detail" \
  has "^hailong: export: Không tìm thấy USB .*\[opening $tmp/no-such-stick: No such file or directory\]" "$tmp/out"
check "export to a missing stick: the export log is unchanged" [ "$(sqlite3 "$k2" 'SELECT count(*) FROM export_log')" = "$rows" ]
check "export to a missing stick: the kiosk's data are exactly as they were" [ "$(dump "$k2")" = "$kdump" ]
mkdir "$tmp/late-stick"
"$HL_CLI" export --db "$k2" --output "$tmp/late-stick/x.hlb" >"$tmp/out" 2>&1
check "export: the retry works" sh -c "'$HL_CLI' verify '$tmp/late-stick/x.hlb' >/dev/null"

tap_end
