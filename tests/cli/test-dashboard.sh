#!/usr/bin/env bash
# test-dashboard.sh: what the supervisor's dashboard adds to `hailong`: `hailong pin reset` (and only
# that, nothing else in the database changes), and the verdict of `hailong index`. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${HL_CLI:?}" "${HL_SOURCE_ROOT:?}"

n=0 failed=0
ok () { n=$((n + 1)); echo "ok $n - $*"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check () { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
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

echo "1..$n"
[ "$failed" -eq 0 ]
