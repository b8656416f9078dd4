#!/usr/bin/env bash
# test-period.sh: `hailong index --period` as the province files its reports (docs/province.md, "Periods"):
# each period name gives exactly the index of its calendar dates, --cutoff that of the reporting regime's
# data cut-off, and bad input is one line on stderr. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${HL_CLI:?}" "${HL_SOURCE_ROOT:?}"

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
surveys="$HL_SOURCE_ROOT/survey_defs"
db="$tmp/province.db"

# One response a day from 1 December 2025 to 31 December 2026, its satisfaction by the day of the month,
# so that every boundary day (the 1st, the 14th, the 15th, the last) holds a response of its own.
python3 - "$tmp/answers.csv" <<'PY'
import csv, datetime, sys
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["kiosk_id", "response_id", "recorded_at", "unit", "counter", "officer", "procedure", "field",
                "survey_id", "survey_version", "question_id", "value"])
    day, n = datetime.date(2025, 12, 1), 0
    while day <= datetime.date(2026, 12, 31):
        n += 1
        w.writerow(["HL-TEST-PERI-ODSS", n, f"{day.isoformat()}T09:00:00+07:00", "LC-XA-BACHA", "Q01", "", "",
                    "", "sipas-quick", 1, "OVERALL", 4 if day.day % 3 else 2])
        day += datetime.timedelta(days=1)
PY
"$HL_CLI" import --db "$db" --survey-dir "$surveys" "$tmp/answers.csv" >"$tmp/import.out" 2>&1
check "import: 396 days of responses" [ "$(sqlite3 "$db" 'SELECT count(*) FROM responses')" = 396 ]

# The count of responses in [from, to] recounted from the CSV, not through the index.
recount () {
  python3 - "$tmp/answers.csv" "$1" "$2" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(sum(1 for r in rows if sys.argv[2] <= r["recorded_at"][:10] <= sys.argv[3]))
PY
}

# same_as NAME FROM TO [OPTION...]: --period NAME [OPTION...] gives byte for byte the JSON of --from FROM
# --to TO, its dates are FROM and TO, and it counts what the CSV holds between them.
same_as () {
  local name=$1 from=$2 to=$3; shift 3
  "$HL_CLI" index --db "$db" --period "$name" "$@" --by month --format json >"$tmp/p.json" || return 1
  "$HL_CLI" index --db "$db" --from "$from" --to "$to" --by month --format json >"$tmp/d.json" || return 1
  cmp -s "$tmp/p.json" "$tmp/d.json" || { echo "# --period $name $* differs from $from..$to"; return 1; }
  grep -q "\"from\": \"$from\"" "$tmp/p.json" || return 1
  grep -q "\"to\": \"$to\"" "$tmp/p.json" || return 1
  "$HL_CLI" index --db "$db" --period "$name" "$@" --format json >"$tmp/all.json" || return 1
  eq "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["rows"]; print(r[0]["responses"] if r else 0)' "$tmp/all.json")" \
     "$(recount "$from" "$to")"
}

check "2026-Q1 is 2026-01-01 .. 2026-03-31" same_as 2026-Q1 2026-01-01 2026-03-31
check "2026-Q2 is 2026-04-01 .. 2026-06-30" same_as 2026-Q2 2026-04-01 2026-06-30
check "2026-Q3 is 2026-07-01 .. 2026-09-30" same_as 2026-Q3 2026-07-01 2026-09-30
check "2026-Q4 is 2026-10-01 .. 2026-12-31" same_as 2026-Q4 2026-10-01 2026-12-31
check "2026-H1 is 2026-01-01 .. 2026-06-30" same_as 2026-H1 2026-01-01 2026-06-30
check "2026-H2 is 2026-07-01 .. 2026-12-31" same_as 2026-H2 2026-07-01 2026-12-31
check "2026-9M is 2026-01-01 .. 2026-09-30" same_as 2026-9M 2026-01-01 2026-09-30
check "2026 is 2026-01-01 .. 2026-12-31" same_as 2026 2026-01-01 2026-12-31
check "2026-Q3 --cutoff is 2026-06-15 .. 2026-09-14" same_as 2026-Q3 2026-06-15 2026-09-14 --cutoff
check "2026-Q1 --cutoff starts on 15 December of the year before" same_as 2026-Q1 2025-12-15 2026-03-14 --cutoff
check "2026-H1 --cutoff is 2025-12-15 .. 2026-06-14" same_as 2026-H1 2025-12-15 2026-06-14 --cutoff
check "2026-9M --cutoff is 2025-12-15 .. 2026-09-14" same_as 2026-9M 2025-12-15 2026-09-14 --cutoff
check "2026 --cutoff is 2025-12-15 .. 2026-12-14" same_as 2026 2025-12-15 2026-12-14 --cutoff
check "--cutoff-day 20 moves the cut-off: 2026-Q3 is 2026-06-20 .. 2026-09-19" \
  same_as 2026-Q3 2026-06-20 2026-09-19 --cutoff --cutoff-day 20
"$HL_CLI" index --db "$db" --period 2026-Q3 --format json >"$tmp/cal.json"
"$HL_CLI" index --db "$db" --period 2026-Q3 --cutoff --format json >"$tmp/cut.json"
check "the cut-off and the calendar quarter count different days" sh -c '! cmp -s "$1" "$2"' - "$tmp/cal.json" "$tmp/cut.json"

# Bad input: one line on stderr starting "hailong: ", exit 2, nothing on stdout.
refused () {
  local want=$1; shift
  "$HL_CLI" index --db "$db" "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  [ $rc -eq 2 ] || { echo "# exit $rc"; return 1; }
  [ ! -s "$tmp/out" ] || return 1
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || return 1
  grep -q "^hailong: index: .*$want" "$tmp/err" || { echo "# said: $(cat "$tmp/err")"; return 1; }
}
sum_before=$(sha256sum "$db")
for bad in 2026-Q5 2026-Q0 2026-q3 2026-H3 2026-8M 26 2026-01 "2026 " ""; do
  check "--period '$bad' is refused and says what a period looks like" refused "is not a period: use YYYY-Q1" --period "$bad"
done
check "--period with --from is refused" refused "either --period or --from/--to" --period 2026-Q3 --from 2026-07-01
check "--cutoff without --period is refused" refused "--cutoff needs --period" --cutoff --from 2026-07-01
check "--cutoff-day without --cutoff is refused" refused "--cutoff-day needs --cutoff" --period 2026 --cutoff-day 20
check "--cutoff-day 29 is refused (not every month has it)" refused "cut-off day must be from 2 to 28, not 29" \
  --period 2026 --cutoff --cutoff-day 29
check "--cutoff-day -3 is refused" refused "must be from 2 to 28, not -3" --period 2026 --cutoff --cutoff-day -3
check "the database is unchanged by the refused commands" eq "$(sha256sum "$db")" "$sum_before"

tap_end
