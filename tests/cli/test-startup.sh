#!/usr/bin/env bash
# test-startup.sh: `hailong simulate` starts a kiosk exactly as the GTK kiosk does (one start-up in core):
# a missing key beside a database that holds responses is refused, never replaced by a new identity; a
# damaged database is restored from its newest good backup; one with no backup is refused and left as it
# was. TAP output. Every check runs ONE command; compound conditions are functions.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${HL_CLI:?}" "${HL_SOURCE_ROOT:?}"

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
# KEEP=1 keeps the temporary directory, to look at what a failing check saw.
tmp=$(mktemp -d); trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
surveys="$HL_SOURCE_ROOT/survey_defs"
config="$HL_SOURCE_ROOT/data/demo/kiosk.json"
simulate () { "$HL_CLI" simulate --db "$db" --config "$config" --survey-dir "$surveys" -q "$@"; }

# A missing key: refused, saying why and what to do; no new key, the database unchanged.
db="$tmp/kiosk.db"
simulate --responses 3 >/dev/null
kiosk_id=$(sqlite3 "$db" 'SELECT DISTINCT kiosk_id FROM responses')
mv "$db.key" "$tmp/key.backup"
sum=$(sha256sum "$db")
simulate --responses 1 >"$tmp/out" 2>"$tmp/err"; rc=$?
refused_no_key () {
  [ "$rc" -ne 0 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] \
    && grep -q "^hailong: simulate: $db holds 3 responses recorded by kiosk $kiosk_id, but the kiosk's key $db.key is missing" "$tmp/err" \
    && grep -q "Restore the key from its backup (made at enrolment) to $db.key" "$tmp/err"
}
check "a database with responses and no key: refused, pointing to the key's backup" refused_no_key
check "no new key is made" [ ! -e "$db.key" ]
check "the database is unchanged" [ "$(sha256sum "$db")" = "$sum" ]
# The key restored from its backup: the same kiosk goes on, one chain.
mv "$tmp/key.backup" "$db.key"
simulate --responses 2 >/dev/null
one_chain () {
  [ "$(sqlite3 "$db" 'SELECT count(DISTINCT kiosk_id) || " " || max(seq) FROM responses')" = "1 5" ] \
    && "$HL_CLI" verify --db "$db" >/dev/null
}
check "with the key restored, the same kiosk goes on: one chain of 5" one_chain

# Damaged with a backup: simulate restores it, like the kiosk (it used to skip this).
mkdir -p "$db.backups"
sqlite3 "$db" ".backup '$db.backups/2026-07-14.db'"
printf 'garbage' | dd of="$db" bs=1 seek=0 conv=notrunc status=none
simulate --responses 1 >"$tmp/out" 2>"$tmp/err"; rc=$?
restored () { [ "$rc" -eq 0 ] && grep -q "restored $db from $db.backups/2026-07-14.db" "$tmp/err" \
              && [ "$(sqlite3 "$db" 'SELECT max(seq) FROM responses')" = 6 ]; }
check "damaged with a backup: restored from it, and the next response is number 6" restored

# Damaged with no backup: refused, the file left exactly as it was.
db="$tmp/bad.db"
head -c 8192 /dev/urandom >"$db"
sum=$(sha256sum "$db")
simulate --responses 1 >"$tmp/out" 2>"$tmp/err"; rc=$?
true_message () { [ "$rc" -ne 0 ] && grep -q "there is no backup in $db.backups to restore" "$tmp/err" \
                  && grep -q "left where it is" "$tmp/err" && ! grep -qi "restore a backup" "$tmp/err"; }
check "damaged, no backup: refused with a true message" true_message
# Beside it only the claim's lock file (hl-store-owner.c): nothing moved aside, no key, no backup.
as_it_was () { [ "$(sha256sum "$db")" = "$sum" ] && [ "$(ls -A "$tmp" | grep '^bad' | tr '\n' ' ')" = "bad.db bad.db.lock " ]; }
check "damaged, no backup: the file is as it was, nothing beside it" as_it_was

tap_end
