#!/usr/bin/env bash
# test-kiosk-startup.sh: how the real hailong-kiosk starts, under Xvfb with a session bus of its own
# (dbus-run-session), as on a desktop:
#   - a second launch while one runs hands over to it and changes no file of the data folder;
#   - with no display, nothing is opened or made (no database, key, WAL or backup);
#   - without --config (and without --demo) it refuses to start and says how to make one;
#   - a database whose folder (or medium) takes no writes is found at start-up: the kiosk starts on its
#     out-of-service page and logs the reason for the officer;
#   - a damaged database with no backup: refused, the file left as it was, and the message says so;
#   - a database with responses and no key: refused, no new identity made;
#   - a damaged file found by the integrity check after the first frame: out of service, the kiosk ends,
#     and its next start restores the newest good backup;
#   - a rating tapped before the check finished: none taken, none stored; after it, taken.
# TAP output. Every check runs ONE command; compound conditions are functions.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

: "${HL_KIOSK:?}" "${HL_CLI:?}" "${HL_SOURCE_ROOT:?}" "${HL_CHECK_GATE:?}" "${HL_OUTPUT:?}"
. "$HL_SOURCE_ROOT/tests/ui/kiosk-driver.sh"

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
tmp=$(mktemp -d)
ro=
# Mounting needs root; through sudo otherwise, as the durability suite does.
sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
cleanup () {
  hl_stop
  if [ -n "$ro" ] && mountpoint -q "$ro"; then "${sudo[@]}" umount "$ro" || "${sudo[@]}" umount -l "$ro"; fi
  [ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
surveys="$HL_SOURCE_ROOT/survey_defs"
config="$HL_SOURCE_ROOT/data/demo/kiosk.json"

# Every file of a folder, with its size and checksum: what "changes no file" compares.
snapshot () { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum; find . | sort); }
# env execs the kiosk, so that $! is the kiosk itself (a shell function in the background would be a
# subshell, and killing it would leave the kiosk running).
# In the foreground, a kiosk that wrongly starts is stopped after 20 s rather than hanging the test.
kiosk=(env GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory "$HL_KIOSK")

hl_start_xvfb 1024x600 || { echo "Bail out! Xvfb does not start"; exit 1; }

# 1. A second launch while the kiosk runs.
data="$tmp/data"; mkdir -p "$data"
if hl_start_kiosk "$tmp/auto1" "$tmp/kiosk1.log" --db "$data/kiosk.db" --config "$config" --survey-dir "$surveys"; then
  ok "the first kiosk starts and shows its first screen"
else
  not_ok "the first kiosk starts and shows its first screen"; sed 's/^/# /' "$tmp/kiosk1.log"
fi
# As after a night: the running kiosk's backup of today is not there yet, so a process that ran the
# start-up would make one. (The running kiosk makes its own after the integrity check, on a thread.)
backed_up () {
  for _ in $(seq 200); do ls "$data/kiosk.db.backups/"*.db >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}
check "the first kiosk makes the day's backup once its database passed the check" backed_up
rm -rf "$data/kiosk.db.backups"
snapshot "$data" >"$tmp/before"
"${kiosk[@]}" --db "$data/kiosk.db" --config "$config" --survey-dir "$surveys" >"$tmp/second.log" 2>&1 &
second=$!
exited () { for _ in $(seq 100); do kill -0 "$second" 2>/dev/null || return 0; sleep 0.1; done; return 1; }
check "a second launch hands over to the running kiosk and exits" exited
wait "$second" 2>/dev/null
snapshot "$data" >"$tmp/after"
same_files () { cmp -s "$tmp/before" "$tmp/after" || { diff "$tmp/before" "$tmp/after" | sed 's/^/# /'; return 1; }; }
check "the second launch changed no file of the data folder (names, sizes, checksums)" same_files
check "the first kiosk still runs" kill -0 "$HL_KIOSK_PID"
hl_stop_kiosk

# 2. No display: nothing made.
timeout 20 env -u DISPLAY -u WAYLAND_DISPLAY GDK_BACKEND=x11 "$HL_KIOSK" --db "$tmp/nodisplay/kiosk.db" --config "$config" \
  --survey-dir "$surveys" >"$tmp/out" 2>"$tmp/err"; rc=$?
refused_no_display () { [ "$rc" -ne 0 ] && grep -q "^hailong-kiosk: cannot open a display" "$tmp/err"; }
check "no display: refused with a one-line reason" refused_no_display
check "no display: no folder, database, key, WAL or backup was made" [ ! -e "$tmp/nodisplay" ]

# 3. No --config outside --demo: refused, saying how to make one; nothing made.
timeout 20 "${kiosk[@]}" --db "$tmp/noconfig/kiosk.db" --survey-dir "$surveys" >"$tmp/out" 2>"$tmp/err"; rc=$?
refused_no_config () {
  [ "$rc" -ne 0 ] && grep -q "^hailong-kiosk: no configuration: start it with --config FILE" "$tmp/err" \
    && grep -q "hailong validate FILE" "$tmp/err" && grep -q -- "--demo" "$tmp/err"
}
check "no --config: refused, saying how to make a configuration" refused_no_config
check "no --config: nothing was made" [ ! -e "$tmp/noconfig" ]

# 4. A folder that takes no writes (a read-only mount of it): out of service from the start, the reason
# logged for the officer.
rodata="$tmp/rodata"; ro="$tmp/ro"; mkdir -p "$rodata" "$ro"
"$HL_CLI" simulate --db "$rodata/kiosk.db" --config "$config" --survey-dir "$surveys" --responses 2 -q >/dev/null
"${sudo[@]}" mount --bind "$rodata" "$ro" && "${sudo[@]}" mount -o remount,ro,bind "$ro"
check "the read-only mount is in place" sh -c "! touch '$ro/x' 2>/dev/null"
hl_start_kiosk_on () { HL_AUTOMATION_DIR=$1; mkdir -p "$1"; HL_LAST_COUNTER=0
  "${kiosk[@]}" --automation-dir "$1" --db "$ro/kiosk.db" --config "$config" --survey-dir "$surveys" >"$tmp/ro.log" 2>&1 &
  HL_KIOSK_PID=$!; }
hl_start_kiosk_on "$tmp/auto-ro"
check "read-only folder: the kiosk starts on its out-of-service page" hl_wait_page out-of-service
# What is painted, not only the page the kiosk says it is on: the window shows the out-of-service page
# (its title in Vietnamese), not the faces. The automation's layout lists the widgets shown.
shows_out_of_service () { ! grep -q '^widget face-1 ' "$HL_AUTOMATION_DIR/state"; }
check "read-only folder: the window shows that page, no faces to tap" shows_out_of_service
logged_reason () { grep -q "started out of service: the database does not take writes at start-up: .*kiosk.db" "$tmp/ro.log"; }
check "read-only folder: the reason is logged for the officer" logged_reason
hl_stop_kiosk
"${sudo[@]}" umount "$ro"; ro=

# 5. A damaged database with no backup: refused, the file as it was, and a message that is true.
bad="$tmp/bad"; mkdir -p "$bad"
head -c 8192 /dev/urandom >"$bad/kiosk.db"
sum=$(sha256sum "$bad/kiosk.db")
timeout 20 "${kiosk[@]}" --db "$bad/kiosk.db" --config "$config" --survey-dir "$surveys" >"$tmp/out" 2>"$tmp/err"; rc=$?
true_message () {
  [ "$rc" -ne 0 ] && grep -q "there is no backup in $bad/kiosk.db.backups to restore" "$tmp/err" \
    && grep -q "The damaged file is left where it is" "$tmp/err" && ! grep -qi "restore a backup" "$tmp/err"
}
check "damaged, no backup: refused, saying the file stays and no backup exists" true_message
check "damaged, no backup: the file is as it was" [ "$(sha256sum "$bad/kiosk.db")" = "$sum" ]
# Beside it only the claim's lock file (hl-store-owner.c).
only_it () { [ "$(ls -A "$bad" | tr '\n' ' ')" = "kiosk.db kiosk.db.lock " ]; }
check "damaged, no backup: nothing moved aside or made beside it (no key either)" only_it

# 6. A database with responses and no key (issue 9): refused, no new identity, the database unchanged.
nokey="$tmp/nokey"; mkdir -p "$nokey"
"$HL_CLI" simulate --db "$nokey/kiosk.db" --config "$config" --survey-dir "$surveys" --responses 2 -q >/dev/null
rm "$nokey/kiosk.db.key"
# The database, its key and lock: SQLite's -wal and -shm, which reading a database in write-ahead-log
# mode may make beside it (docs/storage.md), are not compared here.
snapshot_db () { (cd "$1" && sha256sum kiosk.db kiosk.db.lock; ls kiosk.db*.key 2>/dev/null); }
snapshot_db "$nokey" >"$tmp/before"
timeout 20 "${kiosk[@]}" --db "$nokey/kiosk.db" --config "$config" --survey-dir "$surveys" >"$tmp/out" 2>"$tmp/err"; rc=$?
refused_no_key () { [ "$rc" -ne 0 ] && grep -q "^hailong-kiosk: .*holds 2 responses recorded by kiosk HL-.* key .* is missing" "$tmp/err" \
                    && grep -q "Restore the key from its backup" "$tmp/err"; }
check "no key beside a database with responses: the kiosk refuses, pointing to the key's backup" refused_no_key
snapshot_db "$nokey" >"$tmp/after"
check "no key: no new key; the database and its lock file unchanged" same_files

# 7. A damaged file found after the first frame (docs/storage.md): the kiosk shows its first screen at
# once, with the faces waiting; the integrity check, on a thread, finds the damage; the kiosk goes out
# of service (no rating into the damaged file), leaves a marker and ends; its next start checks the file
# before anything else and restores the newest good backup, keeping the damaged file.
late="$tmp/late"; mkdir -p "$late"
"$HL_CLI" simulate --db "$late/kiosk.db" --config "$config" --survey-dir "$surveys" --responses 600 -q >/dev/null
late_args=(--db "$late/kiosk.db" --config "$config" --survey-dir "$surveys")
if hl_start_kiosk "$tmp/auto-late0" "$tmp/late0.log" "${late_args[@]}"; then
  ok "a sound database: the kiosk starts, its check passes"
else
  not_ok "a sound database: the kiosk starts, its check passes"; sed 's/^/# /' "$tmp/late0.log"
fi
data=$late
check "a sound database: the day's backup is made after the check" backed_up
hl_stop_kiosk
# One leaf page of the answers table broken (its page type byte): neither opening the database nor the
# kiosk's start reads it, and quick_check finds it.
page=$(sqlite3 "$late/kiosk.db" \
  "SELECT pageno FROM dbstat WHERE name = 'answers' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 1")
page_size=$(sqlite3 "$late/kiosk.db" 'PRAGMA page_size')
printf 'B' | dd of="$late/kiosk.db" bs=1 seek=$(( (page - 1) * page_size )) conv=notrunc status=none
n_before=$(sqlite3 -readonly "$late/kiosk.db" "SELECT count(*) FROM responses")
HL_AUTOMATION_DIR="$tmp/auto-late"; mkdir -p "$HL_AUTOMATION_DIR"; HL_LAST_COUNTER=0
HAILONG_TRACE_FILE="$tmp/late.trace" "${kiosk[@]}" --automation-dir "$HL_AUTOMATION_DIR" --db "$late/kiosk.db" \
  --config "$config" --survey-dir "$surveys" >"$tmp/late.log" 2>&1 &
HL_KIOSK_PID=$!
check "damaged after the first frame: the kiosk goes out of service" hl_wait_page out-of-service 30
# The timing trace (docs/kiosk.md) in order: the first frame (the first screen, its faces waiting), then
# the check's verdict, then the out-of-service page.
in_order () { [ "$(awk '$1 != "renderer" { print $1 == "page" ? $1 " " $2 : $1 }' "$tmp/late.trace" | paste -sd' ')" = \
                "first-frame checked page out-of-service" ] ||
              { sed 's/^/# /' "$tmp/late.trace"; return 1; }; }
check "damaged after the first frame: first frame, then the check's verdict, then out of service" in_order
ended () { for _ in $(seq 100); do kill -0 "$HL_KIOSK_PID" 2>/dev/null || return 0; sleep 0.1; done; return 1; }
check "damaged after the first frame: the kiosk ends, for the kiosk session to start it again" ended
wait "$HL_KIOSK_PID"; rc=$?; HL_KIOSK_PID=
check "damaged after the first frame: its exit status says it failed" [ "$rc" -ne 0 ]
logged_damage () {
  tr '\n' ' ' <"$tmp/late.log" | grep -q "failed its integrity check after start-up: .*damaged.*next start restores"
}
check "damaged after the first frame: the log says why and what comes next" logged_damage
check "damaged after the first frame: a marker beside the database says it failed" [ -s "$late/kiosk.db.check-failed" ]
check "damaged after the first frame: no rating went into it" \
  [ "$(sqlite3 -readonly "$late/kiosk.db" "SELECT count(*) FROM responses")" = "$n_before" ]
damaged_sum=$(sha256sum <"$late/kiosk.db")
if hl_start_kiosk "$tmp/auto-late2" "$tmp/late2.log" "${late_args[@]}"; then
  ok "the next start: the kiosk starts on the restored backup"
else
  not_ok "the next start: the kiosk starts on the restored backup"; sed 's/^/# /' "$tmp/late2.log"
fi
restored () {
  grep -q "restored $late/kiosk.db from $late/kiosk.db.backups/.*\.db; the damaged database is kept at" "$tmp/late2.log"
}
check "the next start: the newest good backup was restored, the damaged file kept" restored
kept () { [ "$(sha256sum <"$late"/kiosk.db.damaged-*[0-9])" = "$damaged_sum" ]; }
check "the next start: the damaged file is kept byte for byte" kept
check "the next start: the marker is gone" [ ! -e "$late/kiosk.db.check-failed" ]
check "the next start: the supervisor has a notice" [ "$(hl_state notices)" -ge 1 ]
rates () { hl_key 1 && hl_wait_page thanks; }
check "the next start: a rating is taken" rates
hl_stop_kiosk

# 8. A rating tapped before the check finished: the check is held by a gate (tests/ui/hl-test-check-gate.c,
# as a multi-gigabyte file would hold it), the first screen shows with its faces waiting, a tap and a key
# rate nothing; once the check has passed the same tap rates.
gated="$tmp/gated"; mkdir -p "$gated"
HL_AUTOMATION_DIR="$tmp/auto-gated"; mkdir -p "$HL_AUTOMATION_DIR"; HL_LAST_COUNTER=0
HL_TEST_CHECK_GATE="$tmp/gate" LD_PRELOAD="$HL_CHECK_GATE" "${kiosk[@]}" --automation-dir "$HL_AUTOMATION_DIR" \
  --db "$gated/kiosk.db" --config "$config" --survey-dir "$surveys" >"$tmp/gated.log" 2>&1 &
HL_KIOSK_PID=$!
check "while the check runs: the first screen shows" hl_wait_page welcome 30
HL_WINDOW=$(xdotool search --sync --onlyvisible --classname hailong-kiosk | head -n1)
check "while the check runs: the state says so, and the faces take no rating" \
  eq "$(hl_state checking) $(hl_state can-rate)" "1 0"
waits () { grep -qx "text Máy đang khởi động, xin chờ trong giây lát" "$HL_AUTOMATION_DIR/state"; }
check "while the check runs: the first screen says, in Vietnamese, to wait a moment" waits
mkdir -p "$HL_OUTPUT/startup" && cp "$(hl_state screenshot)" "$HL_OUTPUT/startup/gated-waiting.png"
hl_tap face-1; hl_key 2; sleep 1
check "a tap and a key before the check finished: no thank-you page" eq "$(hl_state page)" welcome
check "a tap and a key before the check finished: nothing stored" \
  eq "$(sqlite3 -readonly "$gated/kiosk.db" "SELECT count(*) FROM responses")" 0
refused_checking () { grep -q "no rating is taken until it has passed" "$tmp/gated.log"; }
check "a tap before the check finished: the kiosk logs why it took none" refused_checking
touch "$tmp/gate"
check "the gate opens: the check passes" hl_wait_checked 30
hl_tap face-1
check "after the check: the same tap rates and thanks" hl_wait_page thanks
check "after the check: one response stored" \
  eq "$(sqlite3 -readonly "$gated/kiosk.db" "SELECT count(*) FROM responses")" 1
hl_stop_kiosk

tap_end
