#!/usr/bin/env bash
# test-trust.sh: what a hostile supervisor with sqlite3, a short script or a crafted CSV can do to a
# kiosk's database, and what `hailong verify --db` and the kiosk make of it (issue 9, items 1 to 4). TAP.
#
#   rollups      edited, inserted or deleted around the store: refused by the guard, and found by verify's
#                recount once the guard is dropped
#   surveys      a definition deleted and stored again with other options marked satisfied
#   chain        a response deleted and every later link renumbered and rehashed (rebuild-chain.py), with
#                and without the kiosk's key, and with a key of the attacker's own
#   the kiosk    an import claiming the kiosk's id; other writers while a kiosk runs
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${HL_CLI:?}" "${HL_KIOSK_HOLD:?}" "${HL_SOURCE_ROOT:?}"

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$HL_SOURCE_ROOT/data/demo/kiosk.json"
surveys="$HL_SOURCE_ROOT/survey_defs"
rebuild="$HL_SOURCE_ROOT/tests/cli/rebuild-chain.py"

# The command, its exit status and its output (stdout and stderr together) in $tmp/out.
# HL_TRUST_SHOW=1 also shows each output as a TAP comment.
run () { local r; "$@" >"$tmp/out" 2>&1; r=$?; [ -z "${HL_TRUST_SHOW:-}" ] || sed 's/^/# /' "$tmp/out"; return $r; }
# Succeeds when the last run failed and its output matches the extended regular expression.
refused_with () { [ "$rc" -ne 0 ] && grep -qE -- "$1" "$tmp/out"; }
sum_of () { sha256sum "$1" | cut -d' ' -f1; }

db="$tmp/kiosk.db"
"$HL_CLI" simulate --db "$db" --config "$demo" --survey-dir "$surveys" --responses 80 --days 3 --seed 11 --quiet \
  >/dev/null 2>"$tmp/sim.err" || { echo "Bail out! simulate failed: $(cat "$tmp/sim.err")"; exit 1; }
run "$HL_CLI" verify --db "$db"; rc=$?
check "verify: the simulated database is intact (chain, surveys, rollups)" [ "$rc" -eq 0 ]
kiosk=$(sqlite3 "$db" 'SELECT kiosk_id FROM chain LIMIT 1')

# 1. Rollups follow from the chained answers.
cp "$db" "$tmp/r1.db"; before=$(sum_of "$tmp/r1.db")
sqlite3 "$tmp/r1.db" "UPDATE day_counts SET n = n + 1000 WHERE question_id = 'OVERALL' AND value = 4" 2>"$tmp/err"
rc=$?
check "rollups: a direct UPDATE of day_counts is refused by the guard" [ "$rc" -ne 0 ]
check "rollups: and the file is left as it was" [ "$(sum_of "$tmp/r1.db")" = "$before" ]
sqlite3 "$tmp/r1.db" "DELETE FROM burst_counts" 2>/dev/null; rc=$?
check "rollups: a direct DELETE of burst_counts is refused by the guard" [ "$rc" -ne 0 ]

drop_guards () { sqlite3 "$1" "SELECT 'DROP TRIGGER \"' || name || '\";' FROM sqlite_master WHERE type = 'trigger'
                                AND tbl_name IN ($2)" | sqlite3 "$1"; }
cp "$db" "$tmp/r1.db"; drop_guards "$tmp/r1.db" "'day_counts', 'burst_counts'"
rollup_key="day, kiosk_id, unit_code, counter_code, officer_code, procedure_code, field_code, survey_id,
  survey_version, question_id, value"
sqlite3 "$tmp/r1.db" "UPDATE day_counts SET n = n + 1000 WHERE ($rollup_key) =
  (SELECT $rollup_key FROM day_counts WHERE question_id = 'OVERALL' AND value = 4 ORDER BY day LIMIT 1)"
edited=$(sqlite3 "$tmp/r1.db" "SELECT day || ' ' || n FROM day_counts WHERE n > 1000")
run "$HL_CLI" verify --db "$tmp/r1.db"; rc=$?
check "rollups: UPDATE day_counts SET n = n + 1000 (guard dropped) is refused by verify, naming the day" \
  refused_with "^hailong: verify: .*day_counts.*${edited% *}.*OVERALL.*value 4.*stored ${edited#* }.*recounted $((${edited#* } - 1000))"
cp "$db" "$tmp/r2.db"; drop_guards "$tmp/r2.db" "'day_counts', 'burst_counts'"
sqlite3 "$tmp/r2.db" "INSERT INTO burst_counts SELECT * FROM day_counts WHERE question_id = '' LIMIT 1"
run "$HL_CLI" verify --db "$tmp/r2.db"; rc=$?
check "rollups: a row slipped into burst_counts is refused by verify" refused_with "burst_counts.*stored [0-9]+, recounted 0"
# The month rollups (schema 6): guarded as the days are, and held by verify to the days summed by month.
cp "$db" "$tmp/r3.db"
sqlite3 "$tmp/r3.db" "UPDATE month_counts SET n = n + 1" 2>/dev/null; rc=$?
check "rollups: a direct UPDATE of month_counts is refused by the guard" [ "$rc" -ne 0 ]
drop_guards "$tmp/r3.db" "'month_counts'"
sqlite3 "$tmp/r3.db" "UPDATE month_counts SET n = n + 7 WHERE question_id = ''
  AND month = (SELECT min (month) FROM month_counts)"
run "$HL_CLI" verify --db "$tmp/r3.db"; rc=$?
check "rollups: a month edited around its guard is refused by verify, naming the month" \
  refused_with "^hailong: verify: .*month_counts do not follow.*: [0-9]{4}-[0-9]{2} kiosk .*responses: stored [0-9]+"
cp "$db" "$tmp/r3.db"; drop_guards "$tmp/r3.db" "'day_counts', 'burst_counts'"
sqlite3 "$tmp/r3.db" "DELETE FROM day_counts WHERE question_id = 'OVERALL' AND value = 1"
run "$HL_CLI" verify --db "$tmp/r3.db"; rc=$?
check "rollups: rows deleted from day_counts are refused by verify" refused_with "day_counts.*value 1.*stored 0, recounted [1-9]"

# 2. Survey definitions are append-only, chained and verified.
cp "$db" "$tmp/s1.db"; before=$(sum_of "$tmp/s1.db")
sqlite3 "$tmp/s1.db" "DELETE FROM surveys WHERE survey_id = 'sipas-quick'" 2>/dev/null; rc=$?
check "surveys: a direct DELETE of a definition is refused" [ "$rc" -ne 0 ]
check "surveys: and the file is left as it was" [ "$(sum_of "$tmp/s1.db")" = "$before" ]
# "Dissatisfied" (2) marked satisfied, and the digest recomputed, as a careful attacker would.
cp "$db" "$tmp/s1.db"
python3 - "$tmp/s1.db" <<'EOF'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'surveys'").fetchall():
    db.execute('DROP TRIGGER "%s"' % name)
(text,) = db.execute("SELECT definition FROM surveys WHERE survey_id = 'sipas-quick' AND version = 1").fetchone()
old = '{"value": 2, "satisfied": false,'
assert old in text
text = text.replace(old, '{"value": 2, "satisfied": true, ')
db.execute("DELETE FROM surveys WHERE survey_id = 'sipas-quick' AND version = 1")
db.execute("INSERT INTO surveys (survey_id, version, definition, digest) VALUES ('sipas-quick', 1, ?, ?)",
           (text, hashlib.sha256(text.encode()).hexdigest()))
db.commit()
EOF
"$HL_CLI" index --db "$tmp/s1.db" --from 2000-01-01 --to 2100-01-01 --format json >"$tmp/s1.json"
"$HL_CLI" index --db "$db" --from 2000-01-01 --to 2100-01-01 --format json >"$tmp/s0.json"
check "surveys: (the edited definition does move the published figure)" \
  sh -c "! cmp -s '$tmp/s0.json' '$tmp/s1.json'"
run "$HL_CLI" verify --db "$tmp/s1.db"; rc=$?
check "surveys: sipas-quick v1 deleted and stored again with another option satisfied is refused by verify" \
  refused_with "^hailong: verify: .*(survey|chain broken)"
cp "$db" "$tmp/s2.db"
sqlite3 "$tmp/s2.db" "DROP TRIGGER surveys_append_only_u;
  UPDATE surveys SET definition = replace(definition, '\"value\": 2, \"satisfied\": false', '\"value\": 2, \"satisfied\": true')
  WHERE survey_id = 'sipas-quick'"
run "$HL_CLI" verify --db "$tmp/s2.db"; rc=$?
check "surveys: a definition changed without its digest is refused by verify, naming the survey" \
  refused_with "^hailong: verify: .*survey “sipas-quick” version 1.*digest"

# 3. A chain that needs the key.
cp "$db" "$tmp/c1.db"; python3 "$rebuild" "$tmp/c1.db" >/dev/null
run "$HL_CLI" verify --db "$tmp/c1.db"; rc=$?
check "chain: a response deleted, renumbered and every hash recomputed is refused (signatures do not match)" \
  refused_with "^hailong: verify: .*kiosk $kiosk.*link [0-9]+.*signature"
cp "$db" "$tmp/c2.db"; python3 "$rebuild" --strip "$tmp/c2.db" >/dev/null
run "$HL_CLI" verify --db "$tmp/c2.db"; rc=$?
check "chain: the same with every signature removed is refused (links not signed)" \
  refused_with "^hailong: verify: .*kiosk $kiosk.*not signed"
cp "$db" "$tmp/c3.db"; python3 "$rebuild" --sign-with "$db.key" "$tmp/c3.db" >/dev/null
run "$HL_CLI" verify --db "$tmp/c3.db"; rc=$?
check "chain: (the same rebuilt by someone holding the kiosk's key verifies: the key is what it takes)" [ "$rc" -eq 0 ]
cp "$db" "$tmp/c4.db"; python3 "$rebuild" --new-key "$tmp/c4.db" >/dev/null
run "$HL_CLI" verify --db "$tmp/c4.db"; rc=$?
check "chain: re-signed with a new key stored in the file is refused: the key does not make the kiosk's id" \
  refused_with "^hailong: verify: .*kiosk $kiosk.*key"
cp "$db" "$tmp/c5.db"; python3 "$rebuild" --new-key --rename "$tmp/c5.db" >/dev/null
"$HL_CLI" identity --db "$db" >"$tmp/identity"
enrolment=$(sed -n 's/^enrolment //p' "$tmp/identity"); public=$(sed -n 's/^public key //p' "$tmp/identity")
run "$HL_CLI" verify --db "$tmp/c5.db" --key "$enrolment"; rc=$?
check "chain: a kiosk renamed after a new key is refused against the enrolled key (--key ENROLMENT)" \
  refused_with "^hailong: verify: .*$kiosk"
run "$HL_CLI" verify --db "$db" --key "$enrolment"; rc=$?
check "chain: the real database verifies against its enrolled key" [ "$rc" -eq 0 ]
run "$HL_CLI" verify --db "$db" --key "$public"; rc=$?
check "chain: and against its public key in hex" [ "$rc" -eq 0 ]
run "$HL_CLI" verify --db "$tmp/c3.db" --key "$(head -c 64 /dev/zero | tr '\0' 'a')"; rc=$?
check "chain: another key given with --key is refused" refused_with "^hailong: verify: .*key"

# 4. No import can stop the kiosk.
next=$(( $(sqlite3 "$db" "SELECT max(seq) FROM responses WHERE kiosk_id = '$kiosk'") + 1 ))
{
  echo "response_id,kiosk_id,recorded_at,unit,counter,officer,procedure,field,survey_id,survey_version,question_id,value"
  echo "x1,HL-OTHR-OTHR-OTHR,2026-11-30T09:00:00+07:00,UBND-PHUONG-1,Q01,,,,sipas-quick,1,OVERALL,4"
  for i in 0 1 2; do
    echo "$((next + i)),$kiosk,2026-11-30T09:0$i:00+07:00,UBND-PHUONG-1,Q01,,,,sipas-quick,1,OVERALL,4"
  done
} >"$tmp/claim.csv"
cp "$db" "$tmp/i1.db"; cp "$db.key" "$tmp/i1.db.key"; before=$(sum_of "$tmp/i1.db")
run "$HL_CLI" import --db "$tmp/i1.db" --survey-dir "$surveys" "$tmp/claim.csv"; rc=$?
check "import: rows claiming the database's own kiosk are refused at their line" \
  refused_with "^hailong: $tmp/claim.csv:3: .*kiosk “$kiosk”"
check "import: and the database is left as it was" [ "$(sum_of "$tmp/i1.db")" = "$before" ]
run "$HL_CLI" simulate --db "$tmp/i1.db" --config "$demo" --survey-dir "$surveys" --responses 3 --quiet; rc=$?
check "import: the kiosk goes on numbering its responses" [ "$rc" -eq 0 ]
sqlite3 "$tmp/i1.db" "INSERT INTO responses (kiosk_id, response_id, recorded_at, recorded_utc, day, unit_code,
  counter_code, survey_id, survey_version) VALUES ('$kiosk', '$((next + 3 + 1))', '2026-11-30T09:00:00+07:00',
  1796006400, '2026-11-30', 'U', 'Q01', 'sipas-quick', 1)" 2>/dev/null; rc=$?
check "import: the schema itself refuses an unnumbered row under the kiosk's id" [ "$rc" -ne 0 ]

# Another writer while a kiosk runs.
live="$tmp/live/kiosk.db"; mkdir -p "$tmp/live"
"$HL_CLI" simulate --db "$live" --config "$demo" --survey-dir "$surveys" --responses 5 --quiet >/dev/null 2>&1
coproc KIOSK { exec "$HL_KIOSK_HOLD" --db "$live" --config "$demo" --survey-dir "$surveys" 2>"$tmp/hold.err"; }
read -r -t 30 ready kid <&"${KIOSK[0]}"
check "a running kiosk (hl-test-kiosk-hold) started on the database" [ "${ready:-}" = ready ]
sed 's/^\(x1\),HL-OTHR-OTHR-OTHR,/\1,HL-ZZZZ-ZZZZ-ZZZZ,/' "$tmp/claim.csv" | head -2 >"$tmp/other.csv"
before=$(sqlite3 "$live" "SELECT count(*) FROM responses")
run timeout 20 "$HL_CLI" import --db "$live" --survey-dir "$surveys" "$tmp/other.csv"; rc=$?
check "kiosk running: an import is refused at once, saying a kiosk holds the database" \
  refused_with "^hailong: import: .*kiosk.*pid [0-9]+"
run timeout 20 "$HL_CLI" simulate --db "$live" --config "$demo" --survey-dir "$surveys" --responses 2 --quiet; rc=$?
check "kiosk running: simulate is refused at once too" refused_with "^hailong: simulate: .*kiosk.*pid [0-9]+"
check "kiosk running: nothing was added" [ "$(sqlite3 "$live" "SELECT count(*) FROM responses")" = "$before" ]
run timeout 20 "$HL_CLI" verify --db "$live"; rc=$?
check "kiosk running: verify still reads the database" [ "$rc" -eq 0 ]
run timeout 20 "$HL_CLI" index --db "$live" --from 2000-01-01 --to 2100-01-01; rc=$?
check "kiosk running: index still reads the database" [ "$rc" -eq 0 ]
echo "tap 0" >&"${KIOSK[1]}"; read -r -t 20 saved seq <&"${KIOSK[0]}"
check "kiosk running: and a citizen's tap is stored, number 6" [ "${saved:-} ${seq:-}" = "saved 6" ]
echo quit >&"${KIOSK[1]}"; wait "$KIOSK_PID" 2>/dev/null
run "$HL_CLI" import --db "$live" --survey-dir "$surveys" "$tmp/other.csv"; rc=$?
check "once the kiosk has stopped, the import goes through" [ "$rc" -eq 0 ]
# Imports and batches lift the rollup guards inside their own transaction (hl_store_begin()): they are
# back once it commits.
"$HL_CLI" simulate --db "$live" --config "$demo" --survey-dir "$surveys" --responses 20 --batch 7 --quiet \
  >/dev/null 2>&1
guards_back () {
  [ "$(sqlite3 "$live" "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name GLOB '*_guard_*'")" = 12 ] \
    && ! sqlite3 "$live" "UPDATE day_counts SET n = n + 1" 2>/dev/null \
    && ! sqlite3 "$live" "UPDATE month_counts SET n = n + 1" 2>/dev/null
}
check "after an import and a batched simulation, the twelve rollup guards (days, months) are back, refusing UPDATE" \
  guards_back
run "$HL_CLI" verify --db "$live"; rc=$?
check "and the database verifies" [ "$rc" -eq 0 ]

# A bundle of the database's own kiosk that brings responses it does not hold (a copy of the kiosk's key
# in another database, which then recorded one response of its own): imports lift the own-kiosk trigger
# inside their transaction and check its rule over the rows they added before it commits (hl-store-import.c).
"$HL_CLI" simulate --db "$tmp/own-a.db" --config "$demo" --survey-dir "$surveys" --responses 4 --seed 3 --quiet \
  >/dev/null 2>&1
"$HL_CLI" export --db "$tmp/own-a.db" --output "$tmp/own.hlb" >/dev/null 2>&1
cp "$tmp/own-a.db.key" "$tmp/own-b.db.key"
"$HL_CLI" simulate --db "$tmp/own-b.db" --config "$demo" --survey-dir "$surveys" --responses 1 --seed 4 --quiet \
  >/dev/null 2>&1
before=$(sqlite3 "$tmp/own-b.db" "SELECT count(*) || ' ' || (SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
  AND name = 'responses_own_kiosk') FROM responses")
run "$HL_CLI" import --db "$tmp/own-b.db" --trust-new "$tmp/own.hlb"; rc=$?
check "import: a bundle adding unnumbered responses under the database's own kiosk is refused" \
  refused_with "^hailong: .*kiosk HL-[A-Z0-9-]+ is this database's own"
check "import: and the database keeps its responses and its own-kiosk trigger" \
  [ "$(sqlite3 "$tmp/own-b.db" "SELECT count(*) || ' ' || (SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
  AND name = 'responses_own_kiosk') FROM responses")" = "$before" ] '&&' [ "$before" = "1 1" ]

tap_end
