#!/usr/bin/env bash
# test-cli.sh: `hailong` as a supervisor uses it: exit codes, one-line errors that name the file and
# line, nothing written on error, and simulate → index end to end. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${HL_CLI:?}" "${HL_SOURCE_ROOT:?}"

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$HL_SOURCE_ROOT/data/demo/kiosk.json"
surveys="$HL_SOURCE_ROOT/survey_defs"

# validate
"$HL_CLI" validate "$surveys"/*.json "$demo" >"$tmp/out" 2>&1
check "validate: the shipped surveys and the demo configuration are valid" [ $? -eq 0 ]
check "validate: says nothing when all is well" [ ! -s "$tmp/out" ]

sed 's/"officer": "CB01"/"officer": "CB09"/' "$demo" >"$tmp/bad-kiosk.json"
sed -e 's/"version": 1/"version": -1/' -e 's/"scale": "sat4"/"scale": "sat5"/' "$surveys/sipas-quick.json" >"$tmp/bad-survey.json"
cp "$tmp/bad-kiosk.json" "$tmp/bad-kiosk.before"
"$HL_CLI" validate "$tmp/bad-kiosk.json" "$tmp/bad-survey.json" >"$tmp/out" 2>&1
rc=$?
check "validate: exit 1 when a file is wrong" [ $rc -eq 1 ]
check "validate: the unknown officer is reported at its line" \
  grep -qE "^$tmp/bad-kiosk.json:$(grep -n '"officer": "CB09"' "$tmp/bad-kiosk.json" | cut -d: -f1):[0-9]+: unknown officer “CB09”" "$tmp/out"
check "validate: the bad version is reported at its line" grep -qE "^$tmp/bad-survey.json:4:[0-9]+: version must be a positive integer" "$tmp/out"
check "validate: the unknown scale is reported at the question that names it" \
  grep -qE "^$tmp/bad-survey.json:$(grep -n '"scale": "sat5"' "$tmp/bad-survey.json" | cut -d: -f1):[0-9]+: unknown scale “sat5”" "$tmp/out"
check "validate: one line per problem, three problems" [ "$(wc -l <"$tmp/out")" -eq 3 ]
check "validate: the file is left as it was" cmp -s "$tmp/bad-kiosk.json" "$tmp/bad-kiosk.before"
printf '{"format": "hailong-survey/1",\n "id": "x"\n "version": 1}\n' >"$tmp/syntax.json"
"$HL_CLI" validate "$tmp/syntax.json" >"$tmp/out" 2>&1
check "validate: a syntax error names file, line and column" grep -qE "^$tmp/syntax.json:2:[0-9]+: Parse error" "$tmp/out"
"$HL_CLI" validate "$tmp/missing.json" >"$tmp/out" 2>&1; rc=$?
check "validate: a missing file is a problem, not a crash" [ $rc -eq 1 ] '&&' grep -q "^$tmp/missing.json:" "$tmp/out"

# simulate and index
db="$tmp/sim/kiosk.db"
"$HL_CLI" simulate --db "$db" --config "$demo" --survey-dir "$surveys" --responses 60 --days 3 --seed 7 \
  >"$tmp/sim.out" 2>"$tmp/sim.err"; rc=$?
check "simulate: records 60 responses" [ $rc -eq 0 ] '&&' grep -q "simulated 60 responses" "$tmp/sim.out"
check "simulate: logs each save like the kiosk" [ "$(grep -c 'saved response HL-[A-Z2-7-]*/[0-9]*' "$tmp/sim.err")" -eq 60 ]
check "simulate: the database holds 60 responses numbered 1 to 60" \
  [ "$(sqlite3 "$db" 'SELECT count(*) || " " || min(seq) || " " || max(seq) FROM responses')" = "60 1 60" ]
from=$(sqlite3 "$db" 'SELECT min(day) FROM responses'); to=$(sqlite3 "$db" 'SELECT max(day) FROM responses')
counted=$(sqlite3 "$db" 'SELECT count(*) FROM responses WHERE is_repeat = 0')
satisfied=$(sqlite3 "$db" "SELECT count(*) FROM responses r JOIN answers a ON a.response = r.id WHERE r.is_repeat = 0 AND a.question_id = 'OVERALL' AND a.value >= 3")
"$HL_CLI" index --db "$db" --from "$from" --to "$to" --format json >"$tmp/index.json"
check "index: the JSON counts what the database holds (responses $counted, satisfied $satisfied)" \
  grep -q "\"satisfied\": $satisfied," "$tmp/index.json"
check "index: responses counted without repeats" grep -q "\"responses\": $counted," "$tmp/index.json"
"$HL_CLI" index --db "$db" --from "$from" --to "$to" --by counter,officer,procedure --format table >"$tmp/table"
check "index: the table has a row per officer and procedure, headed in Vietnamese" \
  grep -q "^Quầy  *Cán bộ  *Thủ tục" "$tmp/table"
"$HL_CLI" index --db "$db" --from "$from" --to "$to" --format json --output "$tmp/out.json"
check "index: --output writes the same JSON" cmp -s "$tmp/out.json" "$tmp/index.json"

# verify: the chain of the simulated kiosk, then the same database tampered with
"$HL_CLI" verify --db "$db" >"$tmp/verify.out" 2>&1
check "verify: the simulated database's chain is intact" \
  grep -qx "chain ok: 60 responses, last sequence 60" "$tmp/verify.out"
cp "$db" "$tmp/tampered.db"
sqlite3 "$tmp/tampered.db" "DROP TRIGGER answers_append_only_u; UPDATE answers SET value = 4 WHERE id = (SELECT min(a.id) FROM answers a WHERE a.question_id = 'OVERALL' AND a.value = 3)"
"$HL_CLI" verify --db "$tmp/tampered.db" >"$tmp/verify.out" 2>&1; rc=$?
check "verify: a changed answer breaks the chain, and verify says where" \
  [ $rc -ne 0 ] '&&' grep -q "chain broken: kiosk HL-.*link [0-9]*.*does not match its hash" "$tmp/verify.out"

# simulate for the benchmarks: responses committed in batches, shared among kiosks at counters of their own
multi="$tmp/multi/kiosk.db"
"$HL_CLI" simulate --db "$multi" --config "$demo" --survey-dir "$surveys" --responses 50 --days 2 --kiosks 3 \
  --batch 7 --quiet >"$tmp/multi.out" 2>"$tmp/multi.err"; rc=$?
check "simulate --kiosks 3 --batch 7: 17, 17 and 16 responses at counters Q01, Q02 and Q03" \
  [ $rc -eq 0 ] '&&' [ "$(sqlite3 "$multi" "SELECT group_concat(c || '=' || n, ' ') FROM
    (SELECT counter_code AS c, count(*) AS n FROM responses GROUP BY c ORDER BY c)")" = "Q01=17 Q02=17 Q03=16" ]
check "simulate --kiosks: three kiosks, each numbering its responses from 1 and keeping its own key" \
  [ "$(sqlite3 "$multi" "SELECT count(DISTINCT kiosk_id) || ' ' || sum(seq = 1) FROM responses")" = "3 3" ] \
  '&&' [ -e "$multi.key" ] '&&' [ -e "$multi.kiosk2.key" ] '&&' [ -e "$multi.kiosk3.key" ]
check "simulate --batch: the rollups count every response that is not a repeat" \
  [ "$(sqlite3 "$multi" "SELECT (SELECT sum(n) FROM day_counts WHERE question_id = '')
                           = (SELECT count(*) FROM responses WHERE is_repeat = 0)")" = 1 ]
"$HL_CLI" verify --db "$multi" >"$tmp/verify.out" 2>&1; rc=$?
check "simulate --kiosks --batch: every kiosk's chain verifies" [ $rc -eq 0 ] '&&' grep -q "^chain ok: 50 responses" "$tmp/verify.out"
check "simulate --quiet: no line per response" [ ! -s "$tmp/multi.err" ]
"$HL_CLI" simulate --db "$tmp/s4.db" --config "$demo" --survey-dir "$surveys" --responses 1 --batch -1 2>"$tmp/err"; rc=$?
check "simulate: a negative --batch is refused, and no database is made" \
  [ $rc -ne 0 ] '&&' grep -q -- "--batch" "$tmp/err" '&&' [ ! -e "$tmp/s4.db" ]

# identity: the enrolment QR code, read back by a real QR decoder
"$HL_CLI" identity --db "$db" --qr "$tmp/key.png" >"$tmp/identity.out" 2>&1
check "identity: prints the kiosk id derived from its key" grep -qE "^kiosk HL-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$" "$tmp/identity.out"
decoded=$(zbarimg --quiet --raw "$tmp/key.png" 2>/dev/null)
check "identity: zbarimg reads the QR code back as the enrolment text" \
  [ -n "$decoded" ] '&&' [ "$decoded" = "$(sed -n 's/^enrolment //p' "$tmp/identity.out")" ]
check "identity: the enrolment text carries the 64-hex-digit public key" \
  grep -qE "^hailong-kiosk-key/1:HL-[A-Z2-7-]{14}:[0-9a-f]{64}$" <<<"$decoded"
"$HL_CLI" identity --db "$tmp/nokiosk.db" 2>"$tmp/err"; rc=$?
check "identity: never makes a key for a database that has none" [ $rc -ne 0 ] '&&' [ ! -e "$tmp/nokiosk.db.key" ]

# bad input: one line on stderr, non-zero, nothing written
"$HL_CLI" index --db "$db" --from 2026-13-01 --to 2026-13-02 --output "$tmp/never.json" 2>"$tmp/err"; rc=$?
check "index: a bad date is refused" [ $rc -ne 0 ] '&&' grep -q "2026-13-01" "$tmp/err" '&&' [ "$(wc -l <"$tmp/err")" -eq 1 ]
check "index: and nothing is written" [ ! -e "$tmp/never.json" ]
"$HL_CLI" index --db "$db" --by counter,oficer 2>"$tmp/err"; rc=$?
check "index: an unknown key is named" [ $rc -ne 0 ] '&&' grep -q "oficer" "$tmp/err"
"$HL_CLI" index --db "$tmp/none.db" 2>"$tmp/err"; rc=$?
check "index: a missing database is refused, not created" [ $rc -ne 0 ] '&&' [ ! -e "$tmp/none.db" ] '&&' grep -q "none.db" "$tmp/err"
"$HL_CLI" simulate --db "$tmp/s2.db" --config "$tmp/bad-kiosk.json" --survey-dir "$surveys" --responses 1 2>"$tmp/err"; rc=$?
check "simulate: a bad configuration is refused with file and line, and no database is made" \
  [ $rc -ne 0 ] '&&' grep -q "bad-kiosk.json:[0-9]*:[0-9]*:" "$tmp/err" '&&' [ ! -e "$tmp/s2.db" ]
"$HL_CLI" frobnicate 2>"$tmp/err"; rc=$?
check "an unknown command is refused" [ $rc -ne 0 ] '&&' grep -q "frobnicate" "$tmp/err"

tap_end
