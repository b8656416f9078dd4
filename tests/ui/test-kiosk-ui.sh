#!/usr/bin/env bash
# test-kiosk-ui.sh: the real hailong-kiosk under Xvfb, pressed with real pointer and key events, at
# 1920×1080 and at 1024×600. Checks the pages it shows, the rows it stores and what `hailong index`
# makes of them. Screenshots are kept in $HL_OUTPUT/SIZE/ to be looked at. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

: "${HL_KIOSK:?}" "${HL_CLI:?}" "${HL_SOURCE_ROOT:?}" "${HL_OUTPUT:?}"
. "$HL_SOURCE_ROOT/tests/ui/kiosk-driver.sh"

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
sql () { sqlite3 -batch -noheader "$db" "$1"; }
# The words on the kiosk's screen now, one label a line (the state file's text lines).
screen_text () { sed -n 's/^text //p' "$HL_AUTOMATION_DIR/state"; }
# How many screenshots of PAGE the kiosk has taken so far.
shots_of () { find "$HL_AUTOMATION_DIR" -name "*-$1.png" | wc -l; }
# The screenshot shows a tick exactly on the options chosen (the state's "selected"): dark pixels on a
# chosen option's light tint where its mark is, none where the mark of an option not chosen would be.
ticks_drawn () {
  local shot name x y w h dark chosen marks=0 good=0
  shot=$(hl_state screenshot)
  while read -r name x y w h; do
    marks=$((marks + 1))
    dark=$("$HL_PYTHON" "$HL_SOURCE_ROOT/tests/ui/dark-pixels.py" "$shot" "$x" "$y" "$w" "$h")
    if [[ " $(hl_state selected) " == *" ${name#tick-} "* ]]; then chosen=1; else chosen=0; fi
    if { [ $chosen = 1 ] && [ "$dark" -lt 20 ]; } || { [ $chosen = 0 ] && [ "$dark" -ne 0 ]; }; then
      echo "# $name (chosen: $chosen): $dark dark pixels in its box $x,$y ${w}×$h"; good=1
    fi
  done < <(awk '$1 == "mark" { print $2, $3, $4, $5, $6 }' "$HL_AUTOMATION_DIR/state")
  [ "$marks" -eq 5 ] || { echo "# $marks selection marks, not 5"; good=1; }
  return $good
}
# The five faces of a page drawn at one height and one size, whatever the length of their words: the
# top, width and height of each face's coloured disc differ by at most 2 px from the first's.
faces_aligned () {
  local shot name x y w h top left fw fh t0 w0 h0 first="" good=0
  shot=$(hl_state screenshot)
  while read -r name x y w h; do
    read -r top left fw fh < <("$HL_PYTHON" "$HL_SOURCE_ROOT/tests/ui/face-extent.py" "$shot" "$x" "$y" "$w" "$h")
    echo "# $name: face at y $top, ${fw}×$fh"
    [ -n "$first" ] || first="$top $fw $fh"
    read -r t0 w0 h0 <<< "$first"
    if [ "$top" = none ] || [ $(( (top - t0) * (top - t0) )) -gt 4 ] || [ $(( (fw - w0) * (fw - w0) )) -gt 4 ] \
       || [ $(( (fh - h0) * (fh - h0) )) -gt 4 ]; then
      echo "# $name is not drawn as the first face is"; good=1
    fi
  done < <(awk '$1 == "widget" && $2 ~ /^face-/ { print $2, $3, $4, $5, $6 }' "$HL_AUTOMATION_DIR/state")
  return $good
}
# faces_faded WAITING ARMED: each face button of the screenshot WAITING (faces that take no rating) is
# drawn faded: its box's mean saturation below 70 % of the same box in ARMED (the faces taking ratings).
faces_faded () {
  local name x y w h faded full good=0
  while read -r name x y w h; do
    faded=$("$HL_PYTHON" "$HL_SOURCE_ROOT/tests/ui/box-saturation.py" "$1" "$x" "$y" "$w" "$h")
    full=$("$HL_PYTHON" "$HL_SOURCE_ROOT/tests/ui/box-saturation.py" "$2" "$x" "$y" "$w" "$h")
    echo "# $name: saturation $faded waiting, $full taking ratings"
    [ $((faded * 10)) -lt $((full * 7)) ] || { echo "# $name is not drawn faded"; good=1; }
  done < <(awk '$1 == "widget" && $2 ~ /^face-/ { print $2, $3, $4, $5, $6 }' "$HL_AUTOMATION_DIR/state")
  return $good
}
trap hl_stop EXIT

run_size () {
  local size=$1 min_px=$2 dir="$HL_OUTPUT/$1" tmp
  tmp=$(mktemp -d)
  db="$tmp/kiosk.db"
  rm -rf "$dir"; mkdir -p "$dir"
  echo "# $size: screenshots in $dir"

  # The demo configuration with timeouts short enough for a test: thanks 1 s, follow-up 5 s, and a
  # response interval of 6 s so that a repeat can be made on purpose, even on a loaded machine.
  sed -e 's/"idle_timeout": [0-9]*/"idle_timeout": 5/' -e 's/"thanks_timeout": [0-9]*/"thanks_timeout": 1/' \
      -e 's/"response_interval": [0-9]*/"response_interval": 6/' \
      "$HL_SOURCE_ROOT/data/demo/kiosk.json" >"$tmp/detailed.json"
  # Steps 1–9 without the detailed rating's offer; step 10 with it.
  grep -v '"detailed_survey"' "$tmp/detailed.json" >"$tmp/kiosk.json"

  hl_start_xvfb "$size" || { not_ok "$size: Xvfb starts"; return; }
  if ! hl_start_kiosk "$dir" "$dir/kiosk.log" --db "$db" --config "$tmp/kiosk.json" \
       --survey-dir "$HL_SOURCE_ROOT/survey_defs" --fullscreen; then
    not_ok "$size: the kiosk starts and shows the first screen"; cat "$dir/kiosk.log" | sed 's/^/# /'; hl_stop; return
  fi
  ok "$size: the kiosk starts and shows the first screen"

  # Four faces, left to right, each at least 15 mm wide on this screen, all inside the window.
  local names widths_ok=true prev_x=-1 name x y w h sw sh
  read -r sw sh <<<"$(hl_state size)"
  names=$(awk '$1 == "widget" { print $2 }' "$dir/state" | tr '\n' ' ')
  check "$size: the first screen shows faces 1 to 4, the survey's two languages and the citizen's choices" \
    eq "$names" "face-1 face-2 face-3 face-4 lang-vi lang-en mode-contrast mode-large privacy "
  for name in face-1 face-2 face-3 face-4; do
    read -r x y w h <<<"$(hl_box $name)"
    if [ "$w" -lt "$min_px" ] || [ "$h" -lt "$min_px" ] || [ "$x" -le "$prev_x" ] \
       || [ $((x + w)) -gt "$((sw + 10))" ] || [ $((y + h)) -gt "$((sh + 10))" ]; then
      widths_ok=false; echo "# $name is $w×$h at $x,$y"
    fi
    prev_x=$x
  done
  check "$size: each face is at least $min_px px (15 mm) wide and high, in order, on screen" $widths_ok
  cp "$(hl_state screenshot)" "$dir/first-screen.png"
  local first_text
  first_text=$(screen_text)

  # 1. A pointer tap on the leftmost face: very satisfied, thanked, stored.
  hl_tap face-1
  check "$size: a tap on face 1 shows the thank-you page" hl_wait_page thanks
  cp "$(hl_state screenshot)" "$dir/thank-you.png"
  check "$size: the response is response 1" eq "$(hl_state sequence)" 1
  check "$size: it is stored with OVERALL = 4" eq "$(sql "SELECT a.value FROM answers a JOIN responses r ON r.id = a.response WHERE r.seq = 1 AND a.question_id = 'OVERALL'")" 4
  check "$size: the thank-you page goes back to the first screen" hl_wait_page welcome
  sleep 6  # past the response interval

  # 2. A tap on face 3 (Không hài lòng): the follow-up, two reasons by pointer, sent.
  hl_tap face-3
  check "$size: an unsatisfied tap shows the follow-up" hl_wait_page question
  names=$(awk '$1 == "widget" { print $2 }' "$dir/state" | tr '\n' ' ')
  check "$size: the follow-up offers five reasons, skip and send" eq "$names" "option-1 option-2 option-3 option-4 option-5 skip submit "
  hl_tap option-1; hl_wait_state_change
  hl_tap option-3; hl_wait_state_change
  check "$size: two reasons are selected" eq "$(hl_state selected)" "1 3"
  cp "$(hl_state screenshot)" "$dir/follow-up.png"
  check "$size: the chosen reasons show a tick, not only a tint; the others none" \
    eq "$(awk '$1 == "mark" && $7 == 1 { print $2 }' "$dir/state" | tr '\n' ' ')" "tick-1 tick-3 "
  check "$size: the ticks are drawn in the screenshot, and nothing where no option is chosen" ticks_drawn
  hl_tap submit
  check "$size: sending the reasons thanks the citizen" hl_wait_page thanks
  check "$size: response 2 holds OVERALL = 2 and REASONS 1 and 3" \
    eq "$(sql "SELECT group_concat(question_id || '=' || value, ' ') FROM (SELECT a.question_id, a.value FROM answers a JOIN responses r ON r.id = a.response WHERE r.seq = 2 ORDER BY a.id)")" \
    "OVERALL=2 REASONS=1 REASONS=3"
  hl_wait_page welcome; sleep 6

  # 3. Keys: "2" is the second face from the left (Hài lòng), from a keypad used as a button box.
  hl_key 2
  check "$size: key 2 rates Hài lòng and thanks" hl_wait_page thanks
  check "$size: response 3 holds OVERALL = 3" eq "$(sql "SELECT a.value FROM answers a JOIN responses r ON r.id = a.response WHERE r.seq = 3")" 3
  hl_wait_page welcome; sleep 6

  # 4. Key 4 (Rất không hài lòng), then the citizen walks away: the follow-up times out, the rating stays.
  hl_key KP_4
  check "$size: keypad 4 shows the follow-up" hl_wait_page question
  check "$size: an abandoned follow-up returns to the first screen after the idle timeout" hl_wait_page welcome 15
  check "$size: the abandoned response keeps its rating and no reason" \
    eq "$(sql "SELECT group_concat(question_id || '=' || value) FROM answers a JOIN responses r ON r.id = a.response WHERE r.seq = 4")" "OVERALL=1"

  # 5. A press within the response interval after the previous one is stored as a repeat, not counted.
  sleep 6
  hl_key 1; hl_wait_page thanks; hl_wait_page welcome
  hl_key 1
  check "$size: a quick second press is still thanked" hl_wait_page thanks
  check "$size: it is stored as a repeat" eq "$(sql "SELECT group_concat(seq || ':' || is_repeat, ' ') FROM responses WHERE seq >= 5")" "5:0 6:1"
  check "$size: the kiosk logged each saved response" \
    eq "$(grep -c "saved response HL-[A-Z2-7-]*/[0-9]" "$dir/kiosk.log")" 6

  # 6. The database refuses writes (as a full disk would): no thank-you, the out-of-service page; when
  #    writes work again the kiosk returns to its first screen by itself.
  sleep 6
  sql "CREATE TRIGGER full_a BEFORE INSERT ON answers BEGIN SELECT RAISE (ABORT, 'database or disk is full'); END;
       CREATE TRIGGER full_m BEFORE INSERT ON meta BEGIN SELECT RAISE (ABORT, 'database or disk is full'); END;"
  hl_tap face-2
  check "$size: a response that cannot be stored shows Tạm ngừng phục vụ, not thanks" hl_wait_page out-of-service
  cp "$(hl_state screenshot)" "$dir/out-of-service.png"
  check "$size: nothing was stored for it" eq "$(sql "SELECT max(seq) FROM responses")" 6
  check "$size: out of service, the citizen reads Vietnamese only: the title and one line, no reason, no path" \
    eq "$(screen_text | tr '\n' '|')" \
    "Tạm ngừng phục vụ|Xin lỗi ông/bà, máy đánh giá tạm thời không ghi nhận được ý kiến. Xin vui lòng báo cán bộ tại quầy.|"
  check "$size: the technical reason is logged as a notice for the supervisor" \
    grep -q "supervisor notice: Tạm ngừng phục vụ: không ghi được đánh giá .*disk is full" "$dir/kiosk.log"
  check "$size: and kept in the kiosk's notices" eq "$(hl_state notices)" 1
  sql "DROP TRIGGER full_a; DROP TRIGGER full_m;"
  check "$size: the kiosk recovers by itself once writes work again" hl_wait_page welcome 20

  # 7. What the supervisor sees: six responses stored, five counted, three of them satisfied.
  local json
  json=$("$HL_CLI" index --db "$db" --by counter,officer,procedure --format json)
  echo "$json" >"$dir/index.json"
  check "$size: hailong index counts 5 responses, 3 satisfied" \
    eq "$(echo "$json" | tr -d ' \n' | grep -o '"responses":[0-9]*,"bursts"\|"overall":{"n":[0-9]*,"satisfied":[0-9]*' | tr '\n' ' ')" \
    '"responses":5,"bursts" "overall":{"n":5,"satisfied":3 '
  check "$size: the row is keyed by counter Q02, officer CB01 and the counter's procedure" \
    eq "$(echo "$json" | tr -d ' \n' | grep -o '"key":{[^}]*}')" '"key":{"counter":"Q02","officer":"CB01","procedure":null}'
  "$HL_CLI" index --db "$db" --by counter,officer,procedure --format table >"$dir/index.txt"
  check "$size: the table shows the rate 60.00" grep -q ' 60.00 ' "$dir/index.txt"
  check "$size: no GTK or GLib warning or critical in the kiosk's log" \
    bash -c "! grep -E '(Gtk|Gdk|Gsk|Adwaita|GLib|GLib-GObject|GLib-GIO|Json)-(CRITICAL|WARNING)' '$dir/kiosk.log'"

  # 8. A damaged database at start: moved aside, the morning's backup restored, the supervisor told.
  hl_stop_kiosk
  check "$size: the kiosk made today's backup at start" test -f "$db.backups/$(date +%F).db"
  printf 'this is not a database %.0s' $(seq 1 200) | dd of="$db" conv=notrunc status=none
  rm -f "$db-wal" "$db-shm"
  if hl_start_kiosk "$dir/restart" "$dir/restart.log" --db "$db" --config "$tmp/kiosk.json" \
       --survey-dir "$HL_SOURCE_ROOT/survey_defs" --fullscreen; then
    ok "$size: a damaged database does not stop the kiosk"
  else
    not_ok "$size: a damaged database does not stop the kiosk"; sed 's/^/# /' "$dir/restart.log"
  fi
  cp "$(hl_state screenshot)" "$dir/restored-notice.png" 2>/dev/null
  check "$size: it says it restored the backup and kept the damaged file" \
    grep -q "restored .* from .*backups/.*; the damaged database is kept at .*damaged-" "$dir/restart.log"
  check "$size: after the restore the window keeps the screen's size, and its content the size it had" \
    eq "$(xdotool getwindowgeometry "$HL_WINDOW" | sed -n 's/^ *Geometry: //p')" "$size" '&&' \
    eq "$(hl_state size)" "$sw $sh"
  check "$size: and the citizen's first screen reads as on any morning: no notice, no path" \
    eq "$(screen_text)" "$first_text"
  check "$size: the restore is a notice for the supervisor, in the kiosk's notices and in the log" \
    eq "$(hl_state notices)" 1 '&&' \
    grep -q "supervisor notice: Cơ sở dữ liệu bị hỏng khi khởi động và đã được khôi phục từ bản sao lưu .*backups/" \
      "$dir/restart.log"
  check "$size: the damaged file is kept for analysis" bash -c "ls '$db'.damaged-* >/dev/null"

  # 9. Armed mode: the faces wait for the officer's key or for the queue system's D-Bus call, one rating
  #    per arming, and a ticket rates once.
  hl_stop_kiosk
  db="$tmp/armed.db"
  sed -e 's/"response_interval": [0-9]*/"response_interval": 0, "armed": {"required": true, "key": "F9"}/' \
    "$tmp/kiosk.json" >"$tmp/armed.json"
  hl_start_kiosk "$dir/armed" "$dir/armed.log" --db "$db" --config "$tmp/armed.json" \
    --survey-dir "$HL_SOURCE_ROOT/survey_defs" --fullscreen
  check "$size: armed mode: the faces wait for the officer" eq "$(hl_state can-rate)" 0
  cp "$(hl_state screenshot)" "$dir/armed-waiting.png"
  hl_tap face-1; sleep 1
  check "$size: armed mode: a tap before arming rates nothing" eq "$(sql "SELECT count(*) FROM responses")" 0
  hl_key F9; hl_wait_state_change
  check "$size: the officer's key arms the kiosk" eq "$(hl_state can-rate)" 1
  cp "$(hl_state screenshot)" "$dir/armed-ready.png"
  check "$size: the waiting faces were drawn faded, the armed ones in full colour" \
    faces_faded "$dir/armed-waiting.png" "$dir/armed-ready.png"
  hl_tap face-1
  check "$size: the armed kiosk takes one rating" hl_wait_page thanks
  hl_wait_page welcome
  check "$size: and waits again" eq "$(hl_state can-rate)" 0
  gapplication action vn.hailong.Kiosk arm "{'procedure': <'1.001193'>, 'officer': <'CB02'>, 'ticket': <'T-77'>}"
  hl_wait_state_change
  check "$size: gapplication action arm (D-Bus) arms it" eq "$(hl_state can-rate)" 1
  hl_key 2; hl_wait_page thanks
  check "$size: the response carries the procedure, its field, the officer and a ticket hash only" \
    eq "$(sql "SELECT procedure_code || ' ' || field_code || ' ' || officer_code || ' ' || length(ticket_hash) || ' ' || (instr(ticket_hash, 'T-77') = 0) FROM responses WHERE seq = 2")" \
    "1.001193 HT CB02 64 1"
  hl_wait_page welcome
  gapplication action vn.hailong.Kiosk arm "{'ticket': <'T-77'>}"
  sleep 1
  check "$size: a ticket that rated cannot arm again" grep -q "arm refused: this ticket has rated already" "$dir/armed.log"
  check "$size: and the faces still wait" eq "$(hl_state can-rate)" 0

  # 10. The detailed rating offered after the quick one: the 22 SIPAS criteria one per screen, with
  #     progress, back and skip.
  hl_stop_kiosk
  db="$tmp/detailed.db"
  hl_start_kiosk "$dir/detailed" "$dir/detailed.log" --db "$db" --config "$tmp/detailed.json" \
    --survey-dir "$HL_SOURCE_ROOT/survey_defs" --fullscreen
  hl_tap face-2; hl_wait_page thanks
  check "$size: the thank-you page offers the detailed rating" test -n "$(hl_box detailed)"
  cp "$(hl_state screenshot)" "$dir/detailed-offer.png"
  hl_tap detailed
  check "$size: the detailed rating starts at criterion C01" hl_wait_page question
  check "$size: its first screen has five faces and skip, no back" \
    eq "$(awk '$1 == "widget" { print $2 }' "$HL_AUTOMATION_DIR/state" | tr '\n' ' ')" "face-1 face-2 face-3 face-4 face-5 skip "
  cp "$(hl_state screenshot)" "$dir/detailed-question.png"
  check "$size: its five faces are drawn at one height and size, though one's words take two lines" faces_aligned
  hl_tap face-1; hl_wait_state_change   # Rất hài lòng (5), leftmost as on the first screen
  check "$size: the second criterion can go back" test -n "$(hl_box back)"
  hl_tap face-5; hl_wait_state_change   # Rất không hài lòng (1)
  hl_tap back; hl_wait_state_change
  hl_tap face-2; hl_wait_state_change   # changed to Hài lòng (4)
  hl_tap skip; hl_wait_state_change
  cp "$(hl_state screenshot)" "$dir/detailed-back.png"
  check "$size: a walked-away detailed rating returns to the first screen" hl_wait_page welcome 15
  check "$size: its answers are kept, the changed one replacing the first" \
    eq "$(sql "SELECT group_concat(question_id || '=' || value || coalesce('>' || replaces, ''), ' ') FROM (SELECT a.* FROM answers a JOIN responses r ON r.id = a.response WHERE r.detail_of IS NOT NULL ORDER BY a.id)")" \
    "C01=5 C02=1 C02=4>3"
  check "$size: the chain of the kiosk verifies" bash -c "'$HL_CLI' verify --db '$db' | grep -q '^chain ok: 2 responses'"

  # 11. The detailed rating is for touch (docs/kiosk.md): a keypad citizen is not offered it, and Enter on
  #     the thank-you page starts it for nobody, after a key or after a tap.
  local questions
  questions=$(shots_of question)
  hl_key KP_2
  check "$size: a keypad rating is thanked" hl_wait_page thanks
  cp "$(hl_state screenshot)" "$dir/keypad-thanks.png"
  check "$size: without the offer of the detailed rating" test -z "$(hl_box detailed)"
  hl_key Return; hl_key KP_Enter
  check "$size: Enter after a keypad rating starts nothing: the first screen comes back" hl_wait_page welcome
  sleep 6  # past the response interval
  hl_tap face-2; hl_wait_page thanks
  check "$size: a tap is offered the detailed rating again" test -n "$(hl_box detailed)"
  hl_key Return; hl_key KP_Enter
  check "$size: Enter on the offer does not take it: the first screen comes back" hl_wait_page welcome
  check "$size: no question page was shown, no detailed rating stored" \
    eq "$(shots_of question) $(sql "SELECT count(*) FROM responses WHERE detail_of IS NOT NULL")" "$questions 1"
  hl_stop
  rm -rf "$tmp"
}

# Both screen sizes (kiosk-driver.sh); HL_UI_SIZES runs one of them only (tests/meta/test-mutations.py
# does, to keep its second run short).
hl_run_sizes run_size
tap_end
