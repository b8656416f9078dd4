#!/usr/bin/env bash
# test-modes-ui.sh: the citizen's screen beyond the rating, on the real hailong-kiosk under Xvfb with real
# pointer and key events, at 1920×1080 and 1024×600: the high-contrast and large-text modes switched from
# the first screen and reset after the citizen, the privacy notice, the opening hours (the test clock of
# the automation, DIR/clock, crosses them without waiting), the dimmed screen that one touch wakes, and a
# kiosk used with keys only. Screenshots are kept in $HL_OUTPUT/modes/SIZE/ to be looked at. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

: "${HL_KIOSK:?}" "${HL_SOURCE_ROOT:?}" "${HL_OUTPUT:?}"
. "$HL_SOURCE_ROOT/tests/ui/kiosk-driver.sh"
. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
trap hl_stop EXIT

sql () { sqlite3 -batch -noheader "$db" "$1"; }
screen_text () { sed -n 's/^text //p' "$HL_AUTOMATION_DIR/state"; }
widgets () { awk '$1 == "widget" { print $2 }' "$HL_AUTOMATION_DIR/state" | tr '\n' ' '; }
# set_clock TIME: the kiosk's clock stands at TIME (ISO 8601 with its offset) from its next look at it.
set_clock () { printf '%s\n' "$1" >"$HL_AUTOMATION_DIR/clock.new" && mv "$HL_AUTOMATION_DIR/clock.new" "$HL_AUTOMATION_DIR/clock"; }
state_is () { [ "$(hl_state "$1")" = "$2" ]; }
# wait_state KEY VALUE [SECONDS]: waits until the state's line KEY reads VALUE.
wait_state () {
  hl_poll "${3:-10}" state_is "$1" "$2" && { HL_LAST_COUNTER=$(hl_state counter); return 0; }
  echo "# state $1 is “$(hl_state "$1")”, not “$2”"; return 1
}
# all_on_screen: the window is no larger than the screen, and every button of the page lies inside the
# screen (the boxes are in the coordinates of the window's surface, which covers the screen), so that
# nothing is cut off.
all_on_screen () {
  local sw sh name x y w h bad=0
  read -r sw sh <<<"$(hl_state size)"
  [ "$sw" -le "$screen_w" ] && [ "$sh" -le "$screen_h" ] || { echo "# the window is ${sw}×$sh on a ${screen_w}×$screen_h screen"; bad=1; }
  while read -r name x y w h; do
    if [ "$x" -lt 0 ] || [ "$y" -lt 0 ] || [ $((x + w)) -gt "$screen_w" ] || [ $((y + h)) -gt "$screen_h" ]; then
      echo "# $name is $w×$h at $x,$y, outside the ${screen_w}×$screen_h screen"; bad=1
    fi
  done < <(awk '$1 == "widget" { print $2, $3, $4, $5, $6 }' "$HL_AUTOMATION_DIR/state")
  return $bad
}
# faces_big MIN: the four faces are at least MIN pixels wide and high.
faces_big () {
  local name x y w h n=0
  while read -r name x y w h; do
    n=$((n + 1))
    [ "$w" -ge "$1" ] && [ "$h" -ge "$1" ] || { echo "# $name is only $w×$h"; return 1; }
  done < <(awk '$1 == "widget" && $2 ~ /^face-/ { print $2, $3, $4, $5, $6 }' "$HL_AUTOMATION_DIR/state")
  [ "$n" -eq 4 ] || { echo "# $n faces, not 4"; return 1; }
}
# touch_sized MIN NAME...: each button is at least MIN pixels high (15 mm on this screen).
touch_sized () {
  local min=$1 name box; shift
  for name in "$@"; do
    box=$(hl_box "$name")
    [ -n "$box" ] || { echo "# no button $name"; return 1; }
    read -r _ _ _ h <<<"$box"
    [ "$h" -ge "$min" ] || { echo "# $name is $h px high"; return 1; }
  done
}
text_shown () { screen_text | grep -qxF -- "$1"; }
# wait_text LINE [SECONDS]: waits until a label on screen reads exactly LINE.
wait_text () {
  hl_poll "${2:-10}" text_shown "$1" && return 0
  echo "# no label reads “$1”; the screen says:"; screen_text | sed 's/^/#   /'; return 1
}
shot () { cp "$(hl_state screenshot)" "$dir/$1.png"; }

run_size () {
  local size=$1 min_px=$2 tmp box1 box2
  dir="$HL_OUTPUT/modes/$size"
  tmp=$(mktemp -d)
  db="$tmp/kiosk.db"
  rm -rf "$dir"; mkdir -p "$dir"
  read -r screen_w screen_h <<<"${size/x/ }"
  echo "# $size: screenshots in $dir"

  # The demo's configuration, open Monday to Friday 07:30–11:30 and 13:30–17:00, dimming after one idle
  # minute, the thank-you page for 3 s (a loaded machine may take a second to paint it). The test clock
  # stands still, so every response is "pressed" at the same second: no response
  # interval, or each would be a repeat.
  sed -e 's/"idle_timeout": [0-9]*/"idle_timeout": 5/' -e 's/"thanks_timeout": [0-9]*/"thanks_timeout": 3/' \
      -e 's/"response_interval": [0-9]*/"response_interval": 0, "dim_after": 1, "opening_hours": [{"days": ["mon", "tue", "wed", "thu", "fri"], "open": "07:30", "close": "11:30"}, {"days": ["mon", "tue", "wed", "thu", "fri"], "open": "13:30", "close": "17:00"}]/' \
      "$HL_SOURCE_ROOT/data/demo/kiosk.json" | grep -v '"detailed_survey"' >"$tmp/kiosk.json"
  # Wednesday 15 July 2026, ten seconds before the centre opens.
  mkdir -p "$dir/run"; printf '2026-07-15T07:29:50+07:00\n' >"$dir/run/clock"

  hl_start_xvfb "$size" || { not_ok "$size: Xvfb starts"; return; }
  if ! hl_start_kiosk "$dir/run" "$dir/kiosk.log" --db "$db" --config "$tmp/kiosk.json" \
       --survey-dir "$HL_SOURCE_ROOT/survey_defs" --fullscreen; then
    not_ok "$size: the kiosk starts"; sed 's/^/# /' "$dir/kiosk.log"; hl_stop; return
  fi

  # 1. Before the opening hour: when the centre opens, in Vietnamese, and no face to press.
  check "$size: before 07:30 the kiosk is closed" wait_state open 0
  shot closed
  check "$size: the closed first screen says so and when the centre opens, in Vietnamese" \
    wait_text 'Ngoài giờ làm việc' '&&' wait_text 'Trung tâm mở cửa lúc 07:30 hôm nay.'
  check "$size: closed, no face is shown; the citizen's choices are" \
    eq "$(widgets)" "lang-vi lang-en mode-contrast mode-large privacy "
  check "$size: the closed screen fits the screen" all_on_screen
  xdotool mousemove --window "$HL_WINDOW" $((screen_w / 2)) $((screen_h / 2)) click 1
  hl_key 1; hl_key KP_2; sleep 1
  check "$size: closed, a tap and the keys store nothing" eq "$(sql "SELECT count(*) FROM responses")" 0

  # 2. The opening hour passes on the test clock: the faces are back, and a tap rates at the clock's time.
  set_clock 2026-07-15T07:30:05+07:00
  check "$size: at 07:30 the kiosk opens by itself" wait_state open 1
  shot first-screen
  check "$size: open, the faces and the citizen's choices" \
    eq "$(widgets)" "face-1 face-2 face-3 face-4 lang-vi lang-en mode-contrast mode-large privacy "
  check "$size: the mode switches and the privacy button are touch-sized (15 mm, $min_px px)" \
    touch_sized "$min_px" mode-contrast mode-large privacy
  check "$size: they say what they do, in Vietnamese" \
    bash -c "sed -n 's/^text //p' '$HL_AUTOMATION_DIR/state' | tr '\n' '|' | grep -q 'Tương phản cao|Chữ lớn|Quyền riêng tư|'"
  check "$size: the first screen fits the screen" all_on_screen
  hl_tap face-2
  check "$size: the first tap after opening is a rating" hl_wait_page thanks
  check "$size: stored at the test clock's time" \
    eq "$(sql "SELECT recorded_at || ' ' || (SELECT value FROM answers) FROM responses")" "2026-07-15T07:30:05+07:00 3"
  hl_wait_page welcome

  # 3. High contrast and large text, switched by a real tap; the look follows (the window's classes).
  hl_tap mode-contrast
  check "$size: Tương phản cao switches high contrast on" wait_state look "high-contrast"
  shot high-contrast
  check "$size: in high contrast the faces are as big as before and everything fits" \
    faces_big "$min_px" '&&' all_on_screen
  hl_tap mode-large
  check "$size: Chữ lớn adds large text" wait_state look "high-contrast large-text"
  hl_tap mode-contrast
  check "$size: a second tap on Tương phản cao switches it off again" wait_state look "large-text"
  shot large-text
  check "$size: in large text the faces keep their size and nothing is cut off" faces_big "$min_px" '&&' all_on_screen
  hl_tap mode-contrast; wait_state look "high-contrast large-text"
  shot high-contrast-large-text
  check "$size: both modes together still fit" all_on_screen
  hl_tap face-1
  check "$size: with both modes on, a tap rates" hl_wait_page thanks
  check "$size: the thank-you page keeps the citizen's modes" eq "$(hl_state look)" "high-contrast large-text"
  shot high-contrast-thanks
  hl_wait_page welcome
  check "$size: back on the first screen after the citizen, both modes are off" wait_state look ""
  hl_tap mode-large; wait_state look "large-text"
  check "$size: a mode switched on and left returns to normal after the idle timeout" wait_state look "" 12
  check "$size: and rates nothing" eq "$(sql "SELECT count(*) FROM responses")" 2

  # 4. The privacy notice: reached from the first screen, closed back to it, and timed out.
  hl_tap privacy
  check "$size: Quyền riêng tư opens the privacy notice" hl_wait_page privacy
  shot privacy
  check "$size: it says that no personal data is collected, what is stored and for how long" \
    bash -c "sed -n 's/^text //p' '$HL_AUTOMATION_DIR/state' | grep -q 'không thu thập thông tin cá nhân'" '&&' \
    bash -c "sed -n 's/^text //p' '$HL_AUTOMATION_DIR/state' | grep -q 'thời điểm đánh giá, quầy, cán bộ trực quầy và thủ tục'" '&&' \
    bash -c "sed -n 's/^text //p' '$HL_AUTOMATION_DIR/state' | grep -q 'lưu lâu dài'"
  check "$size: the notice fits the screen, with its Đóng button" all_on_screen '&&' test -n "$(hl_box privacy-close)"
  hl_key 1; sleep 0.5
  check "$size: a key on the notice rates nothing" eq "$(sql "SELECT count(*) FROM responses")" 2
  hl_tap privacy-close
  check "$size: Đóng goes back to the first screen" hl_wait_page welcome
  hl_tap privacy; hl_wait_page privacy
  check "$size: left open, the notice returns to the first screen after the idle timeout" hl_wait_page welcome 12

  # 5. A minute without a touch on the test clock: dimmed, the content moving; one touch only wakes it.
  #    (The kiosk gives a touch or a new page its time at its next look at the clock, within a second:
  #    the clock moves after that.)
  sleep 1.5
  set_clock 2026-07-15T07:45:00+07:00
  check "$size: after dim_after idle minutes the first screen dims" wait_state dimmed 1 '&&' wait_state look "dimmed"
  shot dimmed
  box1=$(hl_box face-1)
  hl_wait_state_change 8
  box2=$(hl_box face-1)
  shot dimmed-moved
  check "$size: dimmed, the content moves a little every few seconds" test "$box1" != "$box2"
  hl_tap face-1
  check "$size: one tap wakes the screen" wait_state dimmed 0 '&&' wait_state look ""
  check "$size: the waking tap rated nothing, and the first screen stays" \
    eq "$(sql "SELECT count(*) FROM responses") $(hl_state page)" "2 welcome"
  hl_tap face-1
  check "$size: the next tap rates" hl_wait_page thanks
  hl_wait_page welcome; sleep 1.5
  set_clock 2026-07-15T07:50:00+07:00
  wait_state dimmed 1
  hl_key 1
  check "$size: a key wakes the dimmed screen too, and rates nothing" \
    wait_state dimmed 0 '&&' eq "$(sql "SELECT count(*) FROM responses")" 3

  # 6. Closing time passes on the test clock: the faces go, and the next opening is named.
  set_clock 2026-07-15T11:30:00+07:00
  check "$size: at 11:30 the kiosk closes by itself for lunch" wait_state open 0
  check "$size: it says it opens again at 13:30 today" wait_text 'Trung tâm mở cửa lúc 13:30 hôm nay.'
  shot closed-lunch
  set_clock 2026-07-17T17:00:00+07:00
  check "$size: on Friday evening it names Monday" wait_text 'Trung tâm mở cửa lúc 07:30 thứ Hai, 20/07/2026.'
  hl_key 2; sleep 1
  check "$size: closed, a key stores nothing" eq "$(sql "SELECT count(*) FROM responses")" 3
  check "$size: no GTK or GLib warning or critical in the kiosk's log" \
    bash -c "! grep -E '(Gtk|Gdk|Gsk|Adwaita|GLib|GLib-GObject|GLib-GIO|Json)-(CRITICAL|WARNING)|hl-[a-z-]*-WARNING' '$dir/kiosk.log'"
  hl_stop
  rm -rf "$tmp"
}

# The keypad path with nothing but keys (no pointer event at all, as on a kiosk whose only input is a
# USB keypad used as a button box): a full rating with its follow-up, and a skipped one.
keys_only () {
  local size=1024x600 tmp
  dir="$HL_OUTPUT/modes/keys-only"
  tmp=$(mktemp -d)
  db="$tmp/kiosk.db"
  rm -rf "$dir"; mkdir -p "$dir"
  sed -e 's/"idle_timeout": [0-9]*/"idle_timeout": 30/' -e 's/"thanks_timeout": [0-9]*/"thanks_timeout": 1/' \
      -e 's/"response_interval": [0-9]*/"response_interval": 0/' "$HL_SOURCE_ROOT/data/demo/kiosk.json" >"$tmp/kiosk.json"
  hl_start_xvfb "$size" || { not_ok "keys only: Xvfb starts"; return; }
  hl_start_kiosk "$dir" "$dir/kiosk.log" --db "$db" --config "$tmp/kiosk.json" \
    --survey-dir "$HL_SOURCE_ROOT/survey_defs" --fullscreen || { not_ok "keys only: the kiosk starts"; hl_stop; return; }
  hl_key KP_3
  check "keys only: keypad 3 (Không hài lòng) shows the follow-up" hl_wait_page question
  hl_key KP_1; hl_wait_state_change
  hl_key KP_3; hl_wait_state_change
  check "keys only: keypad 1 and 3 choose two reasons" eq "$(hl_state selected)" "1 3"
  hl_key KP_3; hl_wait_state_change
  hl_key KP_5; hl_wait_state_change
  check "keys only: a second press unchooses, another key chooses" eq "$(hl_state selected)" "1 5"
  hl_key KP_Enter
  check "keys only: keypad Enter sends them and thanks" hl_wait_page thanks
  check "keys only: a keypad rating is not offered the detailed rating (touch only)" test -z "$(hl_box detailed)"
  check "keys only: the response holds the rating and the two reasons" \
    eq "$(sql "SELECT group_concat(question_id || '=' || value, ' ') FROM (SELECT question_id, value FROM answers ORDER BY id)")" \
    "OVERALL=2 REASONS=1 REASONS=5"
  hl_wait_page welcome
  hl_key 4; hl_wait_page question
  hl_key Escape
  check "keys only: Escape skips the follow-up and thanks" hl_wait_page thanks
  check "keys only: the skipped response keeps its rating only" \
    eq "$(sql "SELECT group_concat(a.question_id || '=' || a.value) FROM answers a JOIN responses r ON r.id = a.response WHERE r.seq = 2")" \
    "OVERALL=1"
  check "keys only: no warning in the kiosk's log" bash -c "! grep -E -- '-(CRITICAL|WARNING)' '$dir/kiosk.log'"
  hl_stop
  rm -rf "$tmp"
}

hl_run_sizes run_size
keys_only
tap_end
