#!/usr/bin/env bash
# test-dashboard.sh: what the supervisor's dashboard adds to `hailong`: `hailong pin reset` (and only
# that, nothing else in the database changes), and the verdict of `hailong index`. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${HL_CLI:?}" "${HL_MAKE_DB:?}" "${HL_SOURCE_ROOT:?}"

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$HL_SOURCE_ROOT/data/demo/kiosk.json"
surveys="$HL_SOURCE_ROOT/survey_defs"

db="$tmp/kiosk.db"
"$HL_CLI" simulate --db "$db" --config "$demo" --survey-dir "$surveys" --responses 40 --days 2 --seed 3 --quiet \
  >/dev/null 2>"$tmp/err" || { echo "Bail out! simulate failed: $(cat "$tmp/err")"; exit 1; }

# Everything of the database but the PIN's row, as text, to compare before and after.
dump_but_pin () { sqlite3 "$1" .dump | grep -v "^INSERT INTO supervisor_pin"; }
pin_row () { sqlite3 "$1" "SELECT COALESCE(pin_hash, 'NULL') || ' ' || failures || ' ' || lockouts || ' ' || locked_until FROM supervisor_pin"; }

# pin reset: a PIN with a running lock-out (as the kiosk leaves it after five wrong PINs) is forgotten.
sqlite3 "$db" "INSERT INTO supervisor_pin (id, pin_hash, failures, lockouts, locked_until)
               VALUES (1, '\$argon2id\$v=19\$m=65536,t=2,p=1\$c2FsdHNhbHRzYWx0c2FsdA\$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA', 3, 2, 4102444800)"
dump_but_pin "$db" >"$tmp/before.sql"
"$HL_CLI" pin reset --db "$db" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "pin reset: exit 0" [ $rc -eq 0 ]
check "pin reset: says the kiosk asks for a new PIN" grep -qx "supervisor PIN reset: the kiosk asks for a new one on its next start" "$tmp/out"
check "pin reset: the hash, the failures and the lock are gone" [ "$(pin_row "$db")" = "NULL 0 0 0" ]
dump_but_pin "$db" >"$tmp/after.sql"
check "pin reset: nothing else in the database changed" cmp -s "$tmp/before.sql" "$tmp/after.sql"
"$HL_CLI" pin reset --db "$db" >"$tmp/out" 2>"$tmp/err"
check "pin reset: again, it says there was no PIN, and succeeds" grep -qx "no supervisor PIN was set: the kiosk asks for one on its next start" "$tmp/out"

# A database of a version before the dashboard has no PIN to reset: said so, and the file is not upgraded.
"$HL_MAKE_DB" "$tmp/v2.db" 2 || exit 1
sum_v2=$(sha256sum <"$tmp/v2.db")
"$HL_CLI" pin reset --db "$tmp/v2.db" >"$tmp/out" 2>"$tmp/err"
check "pin reset: an older database has no PIN, says so and exits 0" \
  sh -c '[ $0 -eq 0 ] && grep -qx "no supervisor PIN was set: the kiosk asks for one on its next start" "$1"' $? "$tmp/out"
check "pin reset: and leaves it byte for byte as it was (not upgraded)" [ "$(sha256sum <"$tmp/v2.db")" = "$sum_v2" ]

# bad input: one line on stderr starting hailong:, non-zero, nothing written
refused () {  # refused FILE-THAT-MUST-NOT-CHANGE-OR-APPEAR ARGS...
  local file=$1; shift
  local sum_before; sum_before=$(sha256sum "$file" 2>/dev/null)
  "$HL_CLI" "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [ $rc -ne 0 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "^hailong: " "$tmp/err" \
    && [ "$(sha256sum "$file" 2>/dev/null)" = "$sum_before" ]
}
check "pin reset: a missing database is refused and not created" refused "$tmp/none.db" pin reset --db "$tmp/none.db"
check "pin reset: and not created" [ ! -e "$tmp/none.db" ]
printf 'not a database, just text\n' >"$tmp/text.db"
check "pin reset: a file that is no database is refused and left as it was" refused "$tmp/text.db" pin reset --db "$tmp/text.db"
check "pin reset: an extra argument is refused, the database unchanged" refused "$db" pin reset --db "$db" extra
check "pin: an unknown subcommand is refused, the database unchanged" refused "$db" pin set --db "$db"
check "pin: without a subcommand, usage and a non-zero exit" sh -c '! "$0" pin 2>/dev/null' "$HL_CLI"
check "hailong --help lists pin" sh -c '"$0" --help | grep -q "^  pin "' "$HL_CLI"

# index: the verdict, from a hand-made day: CB01 6 of 10 satisfied (60 %, interval 31.27–83.18: below 90),
# CB02 8 of 10 (80 %, 49.02–94.33: not yet clear), CB03 10 of 10 (meets), and one response without an
# overall answer is impossible in the CSV, so the empty case is checked in the unit tests.
csv="$tmp/day.csv"
echo "response_id,kiosk_id,recorded_at,unit,counter,officer,procedure,field,survey_id,survey_version,question_id,value" >"$csv"
row=0
add () {  # add OFFICER SATISFIED UNSATISFIED
  local i
  for ((i = 0; i < $2 + $3; i++)); do
    row=$((row + 1))
    printf 'r%d,HL-CSV,2026-07-14T%02d:%02d:00+07:00,LC-XA-BACHA,Q02,%s,,,sipas-quick,1,OVERALL,%d\n' \
      "$row" $((8 + row / 60)) $((row % 60)) "$1" "$([ "$i" -lt "$2" ] && echo 4 || echo 1)" >>"$csv"
  done
}
add CB01 6 4; add CB02 8 2; add CB03 10 0
vdb="$tmp/verdict.db"
"$HL_CLI" import --db "$vdb" --survey-dir "$surveys" "$csv" >/dev/null 2>"$tmp/err" \
  || { echo "Bail out! import failed: $(cat "$tmp/err")"; exit 1; }
"$HL_CLI" index --db "$vdb" --from 2026-07-14 --to 2026-07-14 --by officer --format json >"$tmp/index.json"
python3 - "$tmp/index.json" >"$tmp/verdicts" <<'PY'
import json, sys
for row in json.load(open(sys.argv[1]))['rows']:
    o = row['overall']
    print(row['key']['officer'], o['rate'], o['ci95'], row['target'], row['below_target'], row['verdict'])
PY
check "index json: verdict below, unclear and meets, next to below_target as before" \
  [ "$(cat "$tmp/verdicts")" = "CB01 60.0 [31.27, 83.18] 90.0 True below
CB02 80.0 [49.02, 94.33] 90.0 True unclear
CB03 100.0 [72.25, 100.0] 90.0 False meets" ]
"$HL_CLI" index --db "$vdb" --from 2026-07-14 --to 2026-07-14 --by officer --format table >"$tmp/table"
check "index table: CB01 is below target" grep -q "^CB01 .*  dưới mục tiêu, chưa đủ mẫu$" "$tmp/table"
check "index table: CB02 is not yet clear, and a note says what that means" \
  sh -c 'grep -q "^CB02 .*  chưa rõ, chưa đủ mẫu$" "$0" && grep -q "^Chưa rõ: dưới mục tiêu, nhưng khoảng tin cậy 95 % còn chạm mục tiêu.$" "$0"' "$tmp/table"
"$HL_CLI" index --db "$vdb" --from 2026-07-14 --to 2026-07-14 --by officer --format csv >"$tmp/index.csv"
check "index csv: a verdict column last" \
  sh -c 'head -n 1 "$0" | grep -q ",too_small,verdict.$" && grep -q "^CB02,.*,unclear.$" "$0"' "$tmp/index.csv"

tap_end
