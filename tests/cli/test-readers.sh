#!/usr/bin/env bash
# test-readers.sh: `hailong verify` and `hailong index` only read. A database of an older schema is
# refused with a clear message and left byte-identical (never migrated: the migration's chain backfill
# would vouch for whatever is stored); a missing one is refused and not created; once a writer
# (`hailong import`) has upgraded it, verify says where the chain starts. TAP output.
#
# Every check runs ONE command; compound conditions are functions.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${HL_CLI:?}" "${HL_MAKE_DB:?}" "${HL_SOURCE_ROOT:?}"

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
# KEEP=1 keeps the temporary directory, to look at what a failing check saw.
tmp=$(mktemp -d); trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
surveys="$HL_SOURCE_ROOT/survey_defs"

# A version-1 database with two responses of kiosk HL-OLD, as version 1 of the software stored them
# (no chain yet).
old="$tmp/old.db"
"$HL_MAKE_DB" "$old" 1 || exit 1
sqlite3 "$old" "INSERT INTO surveys VALUES ('sipas-quick', 1, '{}', 'x');
  INSERT INTO responses (kiosk_id, response_id, seq, recorded_at, recorded_utc, day, unit_code, counter_code,
    survey_id, survey_version) VALUES
    ('HL-OLD', '1', 1, '2026-07-14T09:00:00+07:00', 1784008800, '2026-07-14', 'LC-SAPA', 'Q1', 'sipas-quick', 1),
    ('HL-OLD', '2', 2, '2026-07-14T09:05:00+07:00', 1784009100, '2026-07-14', 'LC-SAPA', 'Q1', 'sipas-quick', 1);
  INSERT INTO answers (response, question_id, value) VALUES (1, 'OVERALL', 4), (2, 'OVERALL', 1);
  INSERT INTO day_counts VALUES ('2026-07-14', 'HL-OLD', 'LC-SAPA', 'Q1', '', '', '', 'sipas-quick', 1, '', 0, 2);" \
  || exit 1
# At rest, as a kiosk leaves it: no -wal or -shm beside it.
sqlite3 "$old" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
sum_before=$(sha256sum "$old" | cut -d' ' -f1)

# refused: $1 command, $2 file of its stderr. One line, `hailong: ` first, the schema version named,
# what to do said, a non-zero exit ($3).
refused_older () {
  [ "$3" -ne 0 ] && [ "$(wc -l <"$2")" -eq 1 ] && grep -q "^hailong: $1: $old: the database has schema version 1, older than this software's" "$2" \
    && grep -q "reading never upgrades it" "$2"
}
unchanged () {
  [ "$(sha256sum "$old" | cut -d' ' -f1)" = "$sum_before" ] && [ "$(sqlite3 "$old" 'PRAGMA user_version')" = 1 ] \
    && [ "$(sqlite3 "$old" "SELECT count(*) FROM sqlite_schema WHERE name = 'chain'")" = 0 ]
}

"$HL_CLI" verify --db "$old" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "verify: a version-1 database is refused, saying why and what to do" refused_older verify "$tmp/err" $rc
check "verify: prints no 'chain ok'" [ ! -s "$tmp/out" ]
check "verify: the version-1 database is byte-identical afterwards, still version 1, no chain" unchanged

"$HL_CLI" index --db "$old" --from 2026-07-14 --to 2026-07-14 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "index: a version-1 database is refused, saying why and what to do" refused_older index "$tmp/err" $rc
check "index: the version-1 database is byte-identical afterwards, still version 1, no chain" unchanged

# A missing database: refused, and neither it nor a -wal or -shm appears.
nothing_made () { [ ! -e "$tmp/none.db" ] && [ ! -e "$tmp/none.db-wal" ] && [ ! -e "$tmp/none.db-shm" ]; }
refused_missing () { [ "$2" -ne 0 ] && grep -q "^hailong: $1: $tmp/none.db: no such database$" "$tmp/err"; }
for cmd in verify index; do
  "$HL_CLI" $cmd --db "$tmp/none.db" >/dev/null 2>"$tmp/err"; rc=$?
  check "$cmd: a missing database is refused by name" refused_missing $cmd $rc
  check "$cmd: and nothing is created" nothing_made
done

# A newer schema: refused as well, unchanged.
cp "$old" "$tmp/new.db"; sqlite3 "$tmp/new.db" "PRAGMA user_version = 99"
sum_new=$(sha256sum "$tmp/new.db" | cut -d' ' -f1)
"$HL_CLI" verify --db "$tmp/new.db" >/dev/null 2>"$tmp/err"; rc=$?
refused_newer () { [ "$rc" -ne 0 ] && grep -q "schema version 99, newer than this software's" "$tmp/err" \
                   && [ "$(sha256sum "$tmp/new.db" | cut -d' ' -f1)" = "$sum_new" ]; }
check "verify: a newer schema is refused and left as it was" refused_newer

# A writer upgrades it: `hailong import` of another kiosk's responses migrates the file, chaining the two
# stored responses after the fact; verify then says the chain starts at response 3. It still refuses the
# file: HL-OLD's chain is not signed (no kiosk has given it a key since the upgrade), so nothing shows that
# it was not rebuilt (docs/threat-model.md).
columns=kiosk_id,response_id,recorded_at,unit,counter,officer,procedure,field,survey_id,survey_version,question_id,value
printf '%s\n%s\n' "$columns" 'HL-B,1,2026-07-14T10:00:00+07:00,LC-SAPA,Q2,CB01,1.004227,DD,sipas-quick,1,OVERALL,4' \
  >"$tmp/b.csv"
"$HL_CLI" import --db "$old" --survey-dir "$surveys" "$tmp/b.csv" >/dev/null 2>"$tmp/err"
# The version a writer makes today, whatever number that is, from a new database.
"$HL_CLI" import --db "$tmp/current.db" --survey-dir "$surveys" "$tmp/b.csv" >/dev/null 2>&1
check "import: upgrades the version-1 database to the current version (a writer may)" \
  eq "$(sqlite3 "$old" 'PRAGMA user_version')" "$(sqlite3 "$tmp/current.db" 'PRAGMA user_version')"
"$HL_CLI" verify --db "$old" >"$tmp/out" 2>"$tmp/err"; rc=$?
says_chain_start () {
  [ "$rc" -ne 0 ] && grep -q "^hailong: verify: .*kiosk HL-OLD: its chain is not signed" "$tmp/err" \
    && ! grep -q "chain ok" "$tmp/out" \
    && grep -q "^kiosk HL-OLD: chain starts at response 3; the 2 before it were stored unchained" "$tmp/out"
}
check "verify: after the upgrade, says the chain of HL-OLD starts at response 3 (and refuses it: not signed)" says_chain_start

tap_end
