#!/usr/bin/env bash
# test-dashboard-ui.sh: the supervisor's dashboard of the real hailong-kiosk under Xvfb, pressed with
# real pointer and key events (xdotool), at 1920×1080 and 1024×600: the first-start assistant, the right
# and wrong PINs, officers signed in and out from the screen and over D-Bus, an alert raised by a burst of
# unsatisfied taps (on the dashboard and as a D-Bus signal), the figures against `hailong index`, the
# history and its chart, the idle logout, and the lock-out across a restart. Screenshots of every page
# are kept in $HL_OUTPUT/SIZE/dashboard/. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

: "${HL_KIOSK:?}" "${HL_CLI:?}" "${HL_SOURCE_ROOT:?}" "${HL_OUTPUT:?}"
. "$HL_SOURCE_ROOT/tests/ui/kiosk-driver.sh"
. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
has () { case $1 in *"$2"*) return 0 ;; esac; echo "# '$1' does not contain '$2'"; return 1; }
lacks () { case $1 in *"$2"*) echo "# '$1' contains '$2'"; return 1 ;; esac; return 0; }
sql () { sqlite3 -batch -noheader "$db" "$1"; }
fig () { sed -n "s/^figure $1 //p" "$HL_AUTOMATION_DIR/state" | head -n1; }
MONITOR_PID=
cleanup () { [ -n "$MONITOR_PID" ] && kill "$MONITOR_PID" 2>/dev/null; hl_stop; }
trap cleanup EXIT

PIN=2468
shot () { cp "$(hl_state screenshot)" "$shots/$1.png"; }

# A press held in the window's top-right corner, as a finger would: 3.3 s (the kiosk asks for 3).
corner_press () { xdotool mousemove --window "$HL_WINDOW" $(( $(hl_state size | cut -d' ' -f1) - 20 )) 20 mousedown 1 sleep "$1" mouseup 1; }

# enter_pin DIGITS: taps each digit on the pad, then "Đồng ý".
enter_pin () { hl_enter_pin "$@"; }

# open_pad: the configured key on the officer's keypad (F10 here) opens the PIN pad.
open_pad () { hl_key F10; hl_wait_page supervisor-pin; }

# wait_fig_is NAME TEXT [SECONDS]: waits for a state in which figure NAME is exactly TEXT.
wait_fig_is () {
  local i
  for ((i = 0; i < ${3:-10} * 20; i++)); do
    [ "$(fig "$1")" = "$2" ] && { HL_LAST_COUNTER=$(hl_state counter); return 0; }
    sleep 0.05
  done
  echo "# figure $1 is '$(fig "$1")', not '$2'"; return 1
}

# wait_fig NAME TEXT [SECONDS]: waits for a state in which figure NAME contains TEXT.
wait_fig () {
  local i
  for ((i = 0; i < ${3:-10} * 20; i++)); do
    case $(fig "$1") in *"$2"*) HL_LAST_COUNTER=$(hl_state counter); return 0 ;; esac
    sleep 0.05
  done
  echo "# figure $1 is '$(fig "$1")', not containing '$2'"; return 1
}

rate_key () { hl_key "$1"; hl_wait_page "${2:-thanks}"; [ "${2:-thanks}" = question ] && { hl_key Escape; hl_wait_page thanks; }; hl_wait_page welcome; }

figures_match_index () {
  local out=$1 by
  mkdir -p "$out"
  # The figures as shown now: the index runs below take seconds on a loaded machine.
  cp "$HL_AUTOMATION_DIR/state" "$out/state"
  "$HL_CLI" index --db "$db" --config "$cfg" --from "$(date +%F)" --to "$(date +%F)" --format json >"$out/total.json" || return 1
  for by in counter officer procedure field; do
    "$HL_CLI" index --db "$db" --config "$cfg" --from "$(date +%F)" --to "$(date +%F)" --by "$by" --format json >"$out/$by.json" || return 1
  done
  python3 "$HL_SOURCE_ROOT/tests/ui/dashboard-figures.py" "$out/state" "$out"
}

# kiosk_ends: the kiosk's process ends by itself within 10 s, with status 0.
kiosk_ends () {
  local i status
  for i in $(seq 50); do
    if ! kill -0 "$HL_KIOSK_PID" 2>/dev/null; then
      wait "$HL_KIOSK_PID"; status=$?
      [ "$status" -eq 0 ] || { echo "# the kiosk ended with status $status"; return 1; }
      return 0
    fi
    sleep 0.2
  done
  echo "# the kiosk still runs"; return 1
}
# scroll_to NAME: turns the wheel over the page until button NAME is wholly inside the window (20 turns
# at most).
scroll_to () {
  local i x y w h
  for ((i = 0; i < 20; i++)); do
    read -r x y w h <<<"$(hl_box "$1")"
    [ -n "$h" ] && [ $((y + h)) -le "$(hl_state size | cut -d' ' -f2)" ] && return 0
    xdotool mousemove --window "$HL_WINDOW" $(( $(hl_state size | cut -d' ' -f1) / 2 )) \
      $(( $(hl_state size | cut -d' ' -f2) / 2 )) click 5
    hl_wait_state_change 5 || return 1
  done
  echo "# $1 is not on screen after 20 turns of the wheel"; return 1
}
png_size () { python3 -c 'import struct, sys; d = open(sys.argv[1], "rb").read(24); print(*struct.unpack(">II", d[16:24])) if d[:8] == b"\x89PNG\r\n\x1a\n" else print("not a png")' "$1"; }

run_size () {
  local size=$1 dir="$HL_OUTPUT/$1/dashboard" tmp text enrolment
  tmp=$(mktemp -d)
  export RUNTIME_DIRECTORY="$tmp/run"; mkdir -p "$RUNTIME_DIRECTORY"
  db="$tmp/kiosk.db" cfg="$tmp/kiosk.json" shots="$dir"
  rm -rf "$dir"; mkdir -p "$dir"
  echo "# $size: screenshots in $dir"

  # Every tap counts (no response interval), the thank-you page 1 s, the supervisor's key F10 and a
  # 5-second idle logout instead of two minutes.
  sed -e 's/"idle_timeout": [0-9]*/"idle_timeout": 5/' -e 's/"thanks_timeout": [0-9]*/"thanks_timeout": 1/' \
      -e 's/"response_interval": [0-9]*/"response_interval": 0, "supervisor": {"key": "F10", "logout_timeout": 10}/' \
      "$HL_SOURCE_ROOT/data/demo/kiosk.json" | grep -v '"detailed_survey"' >"$cfg"

  hl_start_xvfb "$size" || { not_ok "$size: Xvfb starts"; return; }
  # A morning's start makes the day's backup; the database is then found damaged at the next start and
  # restored from it, which is a notice for the supervisor (shown on the dashboard's first page).
  hl_start_kiosk "$dir/morning" "$dir/morning.log" --db "$db" --config "$cfg" \
    --survey-dir "$HL_SOURCE_ROOT/survey_defs" --fullscreen
  hl_stop_kiosk
  printf 'this is not a database %.0s' $(seq 1 200) | dd of="$db" conv=notrunc status=none
  rm -f "$db-wal" "$db-shm"
  if ! hl_start_kiosk "$dir/run" "$dir/kiosk.log" --db "$db" --config "$cfg" \
       --survey-dir "$HL_SOURCE_ROOT/survey_defs" --fullscreen; then
    not_ok "$size: the kiosk starts"; sed 's/^/# /' "$dir/kiosk.log"; hl_stop; return
  fi
  check "$size: the first screen shows the officer on duty by the configuration" has "$(fig welcome.counter)" "Giàng Thị Mai"
  rate_key 1

  # 1. A short press in the corner does nothing; three seconds open the first-start assistant.
  corner_press 1; sleep 1
  check "$size: a one-second press in the corner leaves the first screen" eq "$(hl_state page)" welcome
  corner_press 3.3
  check "$size: a three-second press in the corner opens the first-start assistant" hl_wait_page supervisor-setup-pin
  shot 01-setup-pin
  enter_pin 12
  check "$size: a PIN of two digits is refused" wait_fig pin.message "4 đến 12 chữ số"
  enter_pin $PIN
  check "$size: the assistant asks for the PIN again" hl_wait_page supervisor-setup-repeat
  enter_pin 2469
  check "$size: a different second PIN starts again" hl_wait_page supervisor-setup-pin
  check "$size: and says why" has "$(fig pin.message)" "không giống nhau"
  enter_pin $PIN; hl_wait_page supervisor-setup-repeat; enter_pin $PIN
  check "$size: then it shows the unit and counter of the configuration" hl_wait_page supervisor-setup-confirm
  check "$size: with the unit's code" has "$(fig setup.unit)" "LC-XA-BACHA"
  check "$size: and the counter's" has "$(fig setup.counter)" "Quầy số 2 (mã Q02)"
  shot 02-setup-confirm
  hl_tap setup-confirm
  check "$size: confirmed, it shows the kiosk's key as a QR code" hl_wait_page supervisor-setup-enrol 10
  shot 03-setup-enrol
  enrolment=$("$HL_CLI" identity --db "$db" | sed -n 's/^enrolment //p')
  text=$(zbarimg -q --raw "$shots/03-setup-enrol.png" 2>/dev/null)
  check "$size: the QR code on screen reads as hailong identity's enrolment text" eq "$text" "$enrolment"
  check "$size: the PIN is stored only as an argon2id hash" \
    eq "$(sql "SELECT substr(pin_hash, 1, 10) || ' ' || (instr(pin_hash, '$PIN') = 0) FROM supervisor_pin")" '$argon2id$ 1'
  hl_tap setup-done
  check "$size: then the dashboard opens on today's page" hl_wait_page dashboard-today 10
  shot 04-today-first
  check "$size: today's page shows the kiosk's notice of the restored database, in Vietnamese" \
    has "$(fig notice.1)" "Cơ sở dữ liệu bị hỏng khi khởi động và đã được khôi phục từ bản sao lưu"
  check "$size: with the time it was noted" \
    has "$(fig notice.1)" "ⓘ $(sed -n 's/^.* \([0-9][0-9]:[0-9][0-9]\):[0-9.]*: supervisor notice: Cơ sở.*$/\1/p' "$dir/kiosk.log" | head -n1)  "

  # 2. Logout: the citizen's first screen, and nothing of the dashboard left on it.
  hl_tap dash-logout
  check "$size: Đăng xuất returns to the citizen's first screen" hl_wait_page welcome
  check "$size: no figure of the dashboard is on the citizen's screen" \
    bash -c "! grep -q '^figure \\(today\\|history\\|duty\\|alert\\|notice\\)' '$HL_AUTOMATION_DIR/state'"

  # 3. A wrong PIN, then the right one, from the keypad's key.
  open_pad
  check "$size: the keypad's key opens the PIN pad" eq "$(hl_state page)" supervisor-pin
  shot 05-pin
  enter_pin 1111
  check "$size: a wrong PIN is refused, with the tries left" wait_fig pin.message "Mã PIN không đúng. Còn 4 lần thử."
  shot 06-pin-wrong
  check "$size: and the dashboard stays closed" eq "$(hl_state page)" supervisor-pin
  enter_pin $PIN
  check "$size: the right PIN opens the dashboard" hl_wait_page dashboard-today 10

  # 4. Officers on duty from the screen.
  hl_tap dash-tab-duty; hl_wait_page dashboard-duty
  hl_tap dash-sign-in-CB02
  check "$size: signing in Nguyễn Văn Hùng shows him on duty" wait_fig duty.officer "Nguyễn Văn Hùng (CB02)"
  shot 07-duty
  hl_tap dash-logout; hl_wait_page welcome
  check "$size: the first screen names the officer signed in" has "$(fig welcome.counter)" "Nguyễn Văn Hùng"
  rate_key 2
  check "$size: the next rating is his" eq "$(sql "SELECT officer_code FROM responses ORDER BY id DESC LIMIT 1")" CB02

  # 5. … and over D-Bus, as a queue system would.
  gapplication action vn.hailong.Kiosk duty-sign-in "('Q02', 'CB03')"
  check "$size: duty-sign-in over D-Bus changes the first screen" wait_fig welcome.counter "Lò Thị Hoa"
  rate_key 1
  check "$size: and the next rating is hers" eq "$(sql "SELECT officer_code FROM responses ORDER BY id DESC LIMIT 1")" CB03
  gapplication action vn.hailong.Kiosk duty-sign-in "('Q09', 'CB01')"; sleep 0.5
  check "$size: a sign-in for another counter is refused" grep -q "duty refused: counter “Q09”" "$dir/kiosk.log"
  gapplication action vn.hailong.Kiosk duty-sign-out "'Q02'"
  check "$size: duty-sign-out leaves the first screen without an officer" wait_fig_is welcome.counter "Quầy số 2"
  rate_key 2
  check "$size: and the next rating without one, rather than the wrong one" \
    eq "$(sql "SELECT coalesce(officer_code, 'none') FROM responses ORDER BY id DESC LIMIT 1")" none
  gapplication action vn.hailong.Kiosk duty-sign-in "('Q02', 'CB01')"; wait_fig welcome.counter "Giàng Thị Mai"

  # 6. A burst of unsatisfied taps: four "Rất không hài lòng" in a row raise the alert (at least 50 %
  #    unsatisfied among at least 4 answers within 15 minutes), on D-Bus and on the dashboard.
  dbus-monitor --session "type='signal',interface='vn.hailong.Kiosk.Supervisor',member='Alert'" >"$dir/alerts.dbus" 2>&1 &
  MONITOR_PID=$!
  sleep 0.5
  # The first one names what went wrong: option 3, "Thái độ, hướng dẫn của cán bộ" (element E3).
  hl_key 4; hl_wait_page question; hl_tap option-3; hl_wait_state_change; hl_tap submit; hl_wait_page thanks
  hl_wait_page welcome
  for _ in 2 3 4; do rate_key 4 question; done
  sleep 1
  kill "$MONITOR_PID" 2>/dev/null; wait "$MONITOR_PID" 2>/dev/null; MONITOR_PID=
  check "$size: the alert is a D-Bus signal vn.hailong.Kiosk.Supervisor.Alert" \
    grep -q "interface=vn.hailong.Kiosk.Supervisor; member=Alert" "$dir/alerts.dbus"
  check "$size: of kind unsatisfied-share at counter Q02" \
    bash -c "grep -A3 'member=Alert' '$dir/alerts.dbus' | grep -q 'string \"unsatisfied-share\"' && grep -A4 'member=Alert' '$dir/alerts.dbus' | grep -q 'string \"Q02\"'"
  check "$size: the citizen's screen shows no alert" bash -c "! grep -q '^figure alert' '$HL_AUTOMATION_DIR/state'"
  open_pad; enter_pin $PIN
  check "$size: the dashboard opens on today's page" hl_wait_page dashboard-today 10
  check "$size: which shows the alert first" has "$(fig alert.1)" "⚠"
  shot 08-today
  check "$size: what went wrong shows E3 named once" eq "$(fig today-reasons.E3.answers)" 1
  check "$size: and the repeats at the counter (none: every tap counted here)" \
    eq "$(fig today.repeats)" "$(sql "SELECT sum(is_repeat) FROM responses")"
  # The chart of responses per hour is below the fold at 1024×600: the wheel scrolls the page to it, as a
  # finger's swipe would.
  scroll_to dash-save-hours
  hl_tap dash-save-hours
  check "$size: Lưu biểu đồ on today's page saves the chart per hour and shows where" wait_fig today.saved "theo-gio-"
  text=$(fig today.saved); text=${text#*: }
  check "$size: as a PNG of 1200×400" eq "$(png_size "$text")" "1200 400"
  cp "$text" "$shots/08-hours-chart.png" 2>/dev/null
  shot 08-today-hours
  check "$size: every figure of today's page is hailong index's on the same database" figures_match_index "$dir/figures"

  # 7. History: periods, the trend chart, saved as PNG.
  hl_tap dash-tab-history
  check "$size: the history page opens (this month)" hl_wait_page dashboard-history 10
  check "$size: it says the period" has "$(fig history.range)" "$(date +01/%m/%Y) đến $(date +%d/%m/%Y)"
  shot 09-history-month
  hl_tap dash-period-year; hl_wait_page dashboard-history 10
  # The press itself paints (the button's look) before its release picks the period: wait for the range
  # (not inside the check, whose wrong expectation would then wait past the idle logout).
  wait_fig history.range "Từ $(date +01/01/%Y)" >/dev/null
  check "$size: the year runs from 1 January" has "$(fig history.range)" "Từ $(date +01/01/%Y)"
  shot 10-history-year
  hl_tap dash-period-day; hl_wait_page dashboard-history 10
  wait_fig history.range "Từ $(date +%d/%m/%Y) đến" >/dev/null
  check "$size: the day is today" has "$(fig history.range)" "Từ $(date +%d/%m/%Y) đến $(date +%d/%m/%Y)"
  check "$size: the officers' table shows the officers of today" test -n "$(fig history-officer.CB03.rank)"
  shot 11-history-day
  hl_tap dash-save-chart; hl_wait_state_change
  text=$(fig history.saved); text=${text#*: }
  check "$size: Lưu biểu đồ saves the trend chart and shows where" test -f "$text"
  check "$size: as a PNG of 1200×500" eq "$(png_size "$text")" "1200 500"
  cp "$text" "$shots/12-trend-chart.png" 2>/dev/null

  # 8. Idle logout: the dashboard closes by itself after its timeout (5 s here, 2 minutes by default).
  check "$size: without a touch the dashboard logs out to the first screen" hl_wait_page welcome 20
  check "$size: and says so in the log" grep -q "logged out after 10 s without a touch" "$dir/kiosk.log"

  # 9. Only a supervisor signed in ends the kiosk: before the PIN, the quit action is refused over D-Bus;
  # after it, the dashboard's Thoát ends the kiosk, leaves the mark that keeps the kiosk service from
  # starting it again, and the log says who.
  gapplication action vn.hailong.Kiosk quit; sleep 1
  check "$size: signed out, the quit action is refused and the kiosk runs on" kill -0 "$HL_KIOSK_PID"
  open_pad; enter_pin $PIN
  check "$size: the right PIN opens the dashboard again" hl_wait_page dashboard-today 10
  hl_tap dash-tab-duty; hl_wait_page dashboard-duty
  shot 14-duty-leave-buttons
  hl_tap dash-quit
  check "$size: Thoát on the dashboard ends the kiosk" kiosk_ends
  check "$size: and the log says the supervisor did" grep -q "quit by the supervisor" "$dir/kiosk.log"
  check "$size: and the stop mark is left for the kiosk service" test -f "$RUNTIME_DIRECTORY/stopped"
  HL_KIOSK_PID=
  hl_start_kiosk "$dir/run" "$dir/kiosk-2.log" --db "$db" --config "$cfg" \
    --survey-dir "$HL_SOURCE_ROOT/survey_defs" --fullscreen

  # 10. Five wrong PINs lock the pad; the lock survives a restart of the kiosk.
  open_pad
  for i in 4 3 2 1; do enter_pin 1357; wait_fig pin.message "Còn $i lần thử" >/dev/null; done
  enter_pin 1357
  check "$size: five wrong PINs lock the pad, with the time left" wait_fig pin.message "thử lại sau 0 phút"
  shot 13-pin-locked
  enter_pin $PIN; sleep 1
  check "$size: while locked, even the right PIN does not open the dashboard" eq "$(hl_state page)" supervisor-pin
  # The restore at the start (1.) warns, as it should: those two lines only are expected.
  restored="hl-backup-WARNING .*($db: PRAGMA journal_mode = WAL: file is not a database; moving it to|restored $db from )"
  check "$size: no GTK or GLib warning or critical in the kiosk's log" \
    bash -c "! grep -hE '(Gtk|Gdk|Gsk|Adwaita|GLib|GLib-GObject|GLib-GIO|Json|hl-[a-z-]*)-(CRITICAL|WARNING)' \
      '$dir/kiosk.log' '$dir/kiosk-2.log' | grep -vE '$restored'"
  hl_stop_kiosk
  hl_start_kiosk "$dir/restart" "$dir/restart.log" --db "$db" --config "$cfg" --survey-dir "$HL_SOURCE_ROOT/survey_defs" --fullscreen
  open_pad
  check "$size: after a restart the pad is still locked" has "$(fig pin.message)" "Bàn phím bị khoá"
  check "$size: the lock is in the database" test "$(sql "SELECT locked_until > strftime('%s', 'now') FROM supervisor_pin")" = 1

  check "$size: nor after the restart" \
    bash -c "! grep -hE '(Gtk|Gdk|Gsk|Adwaita|GLib|GLib-GObject|GLib-GIO|Json|hl-[a-z-]*)-(CRITICAL|WARNING)' '$dir/restart.log'"
  hl_stop
  rm -rf "$tmp"
}

for size in ${HL_UI_SIZES:-1920x1080 1024x600}; do run_size "$size"; done
tap_end
