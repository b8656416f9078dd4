#!/usr/bin/env bash
# test-export-ui.sh: the dashboard's Export of the real hailong-kiosk under Xvfb, pressed with real pointer
# and key events (xdotool), at 1920×1080 and 1024×600, onto small real file systems that
# tests/usb/with-usb-fs.sh mounts under /media, where GIO's volume monitor lists them as it lists a stick
# the desktop mounted: FAT images on loop devices through fusefat (a good stick, a write-protected one, one
# nearly full; GIO never lists a tmpfs, so the full stick is a full FAT image). Rate faces, open the
# dashboard with the PIN, export to the stick, `hailong verify` the bundle and compare its import with
# `hailong index` on the kiosk's database; a full stick and a write-protected one get their Vietnamese
# message and keep no file that looks complete, a retry on the good stick works; a stick pulled out
# mid-write (fault injection: the kiosk started with HL_TEST_USB_FAIL_WRITE) too; the day's QR codes on
# screen, read by zbarimg, are `hailong export --qr`'s and import into the same index. Screenshots in
# $HL_OUTPUT/SIZE/export/. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

: "${HL_KIOSK:?}" "${HL_CLI:?}" "${HL_SOURCE_ROOT:?}" "${HL_OUTPUT:?}"
: "${HL_TEST_VFAT:?}" "${HL_TEST_VFAT_RO:?}" "${HL_TEST_VFAT_FULL:?}"
. "$HL_SOURCE_ROOT/tests/ui/kiosk-driver.sh"
. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
has () { case $1 in *"$2"*) return 0 ;; esac; echo "# '$1' does not contain '$2'"; return 1; }
sql () { sqlite3 -batch -noheader "$db" "$1"; }
fig () { sed -n "s/^figure $1 //p" "$HL_AUTOMATION_DIR/state" | head -n1; }
trap hl_stop EXIT

PIN=2468
shot () { cp "$(hl_state screenshot)" "$shots/$1.png"; }
# The last screenshot the kiosk saved of PAGE (every one is kept in its automation folder).
shot_of () {
  local f
  f=$(ls "$HL_AUTOMATION_DIR"/*-"$1".png 2>/dev/null | tail -n1)
  [ -n "$f" ] && cp "$f" "$shots/$2.png"
}

enter_pin () { hl_enter_pin "$@"; }
rate_key () { hl_key "$1"; hl_wait_page thanks; hl_wait_page welcome; }

# drive_button PATH: the name of the drive's button on the Export page (its text names the mount).
drive_button () {
  sed -n 's/^figure export\.drive\.\([0-9]*\) .* — \(.*\) (còn trống .*)$/\1 \2/p' "$HL_AUTOMATION_DIR/state" |
    awk -v p="$1" '$2 == p { print "dash-drive-" $1 }'
}

# export_to PATH CHOICE [COMMAND…]: picks the drive (which clears the last result) and the period, taps
# "Xuất ra USB" (then runs COMMAND while the export runs) and waits for this export's result.
export_to () {
  local button i
  button=$(drive_button "$1")
  [ -n "$button" ] || { echo "# no drive $1 on the page"; return 1; }
  hl_tap "$button"; hl_wait_page dashboard-export 5 || return 1
  hl_tap "dash-export-choice-$2"; hl_wait_state_change 5 || return 1
  hl_tap dash-export-start
  shift 2; [ $# -gt 0 ] && { sleep 0.5; "$@"; }
  for ((i = 0; i < 1200; i++)); do
    if [ "$(hl_state counter)" -gt "$HL_LAST_COUNTER" ]; then
      case $(hl_state page) in
        dashboard-export-done|dashboard-export-failed) HL_LAST_COUNTER=$(hl_state counter); return 0 ;;
      esac
    fi
    sleep 0.05
  done
  echo "# no result after 60 s (page $(hl_state page))"; return 1
}
# wait_qr_part N/M: waits for a state showing QR code N of M, with its screenshot.
wait_qr_part () {
  local i
  for ((i = 0; i < 200; i++)); do
    if [ "$(fig export.qr.part)" = "$1" ] && [ -f "$(hl_state screenshot)" ]; then
      HL_LAST_COUNTER=$(hl_state counter); return 0
    fi
    sleep 0.05
  done
  echo "# no state showing QR code $1 within 10 s"; return 1
}
running_shots () { ls "$HL_AUTOMATION_DIR" | grep -c -- '-dashboard-export-running\.png$'; }

# The kiosk's data as a failed export must leave it: every response, its chain, the log of exports.
kiosk_data () { sql "SELECT * FROM responses; SELECT * FROM export_log;" | sha256sum | cut -d' ' -f1; }
# No file a reader could take for an export: nothing but what was there before.
only_files () { local dir=$1; shift; eq "$(ls -A "$dir" | paste -sd ' ')" "$*"; }
same_index () {
  local k
  for k in "" counter officer procedure field; do
    cmp -s <("$HL_CLI" index --db "$db" --config "$cfg" --from "$1" --to "$2" ${k:+--by $k} --format json) \
           <("$HL_CLI" index --db "$3" --config "$cfg" --from "$1" --to "$2" ${k:+--by $k} --format json) ||
      { echo "# hailong index ${k:+--by $k} differs between the kiosk and $3"; return 1; }
  done
}
no_warnings () {
  ! grep -hE '(Gtk|Gdk|Gsk|Adwaita|GLib|GLib-GObject|GLib-GIO|Json|hl-[a-z-]*)-(CRITICAL|WARNING)' "$@"
}

run_size () {
  local size=$1 dir="$HL_OUTPUT/$1/export" tmp today first bundle name out count counted parts texts before k shots0
  tmp=$(mktemp -d)
  export RUNTIME_DIRECTORY="$tmp/run"; mkdir -p "$RUNTIME_DIRECTORY"
  db="$tmp/kiosk.db" cfg="$tmp/kiosk.json" shots="$dir"
  rm -rf "$dir"; mkdir -p "$dir"
  rm -f "$HL_TEST_VFAT"/* "$HL_TEST_VFAT"/.*.part 2>/dev/null
  echo "# $size: screenshots in $dir"
  sed -e 's/"idle_timeout": [0-9]*/"idle_timeout": 30/' -e 's/"thanks_timeout": [0-9]*/"thanks_timeout": 1/' \
      -e 's/"response_interval": [0-9]*/"response_interval": 0, "supervisor": {"key": "F10", "logout_timeout": 120}/' \
      "$HL_SOURCE_ROOT/data/demo/kiosk.json" | grep -v '"detailed_survey"' >"$cfg"
  # Enough responses of today for a series of several QR codes; the kiosk's key is made with them.
  "$HL_CLI" simulate --db "$db" --config "$cfg" --survey-dir "$HL_SOURCE_ROOT/survey_defs" --responses 300 \
    --days 1 --seed 11 --quiet >/dev/null 2>&1
  today=$(date +%F)
  count=$(sql "SELECT count(*) FROM responses")

  hl_start_xvfb "$size" || { not_ok "$size: Xvfb starts"; return; }
  if ! hl_start_kiosk "$dir/run" "$dir/kiosk.log" --db "$db" --config "$cfg" \
       --survey-dir "$HL_SOURCE_ROOT/survey_defs" --fullscreen; then
    not_ok "$size: the kiosk starts"; sed 's/^/# /' "$dir/kiosk.log"; hl_stop; return
  fi
  for k in 1 2 1 3 1; do rate_key $k; done
  check "$size: five faces rated on the kiosk" eq "$(sql "SELECT count(*) FROM responses")" $((count + 5))
  first=$(sql "SELECT min(day) FROM responses") count=$((count + 5))

  # The first start: the PIN twice, the unit and counter, the key; then the dashboard.
  hl_key F10; hl_wait_page supervisor-setup-pin
  enter_pin $PIN; hl_wait_page supervisor-setup-repeat; enter_pin $PIN; hl_wait_page supervisor-setup-confirm
  hl_tap setup-confirm; hl_wait_page supervisor-setup-enrol 10; hl_tap setup-done
  check "$size: the PIN opens the dashboard" hl_wait_page dashboard-today 10

  # 1. The Export page lists the sticks GIO lists, and nothing of the system's own.
  hl_tap dash-tab-export
  check "$size: Xuất dữ liệu opens the Export page" hl_wait_page dashboard-export 10
  shot 01-drives
  check "$size: it lists the stick mounted under /media" test -n "$(drive_button "$HL_TEST_VFAT")"
  check "$size: and the write-protected and the nearly full one" \
    test -n "$(drive_button "$HL_TEST_VFAT_RO")" -a -n "$(drive_button "$HL_TEST_VFAT_FULL")"
  check "$size: but not the system's disk" \
    bash -c "! grep -q '^figure export.drive.[0-9]* .* — / ' '$HL_AUTOMATION_DIR/state'"
  check "$size: the start button waits for a drive" has "$(fig export.status)" "Chọn ổ USB"
  check "$size: the period offered first is what was not exported yet" \
    grep -q "^text Dữ liệu chưa xuất$" "$HL_AUTOMATION_DIR/state"

  # 2. A full stick: the Vietnamese message, no file that looks complete, the kiosk's data as it was.
  before=$(kiosk_data)
  check "$size: an export to the nearly full stick ends" export_to "$HL_TEST_VFAT_FULL" new
  shot 02-full
  check "$size: and fails" eq "$(hl_state page)" dashboard-export-failed
  check "$size: saying in Vietnamese that the stick is full" has "$(fig export.status)" "USB không còn đủ chỗ trống"
  check "$size: and that the kiosk's data is intact" has "$(fig export.status)" "dữ liệu trên kiosk vẫn nguyên vẹn"
  check "$size: the full stick holds only what it held" only_files "$HL_TEST_VFAT_FULL" old-photos.bin
  check "$size: the kiosk's responses and export log are as they were" eq "$(kiosk_data)" "$before"

  # 3. The retry, on the good stick: progress throughout, "done" only after the read-back.
  check "$size: the retry on the good stick ends" export_to "$HL_TEST_VFAT" new
  shot 04-done
  check "$size: and is done" eq "$(hl_state page)" dashboard-export-done
  check "$size: at 100 %" eq "$(fig export.percent)" "100 %"
  check "$size: done says it was read back and checked" \
    has "$(fig export.status)" "đã đọc lại, kiểm tra chữ ký trên USB"
  check "$size: and how many responses ($count)" has "$(fig export.status)" "$count phiếu"
  bundle=$(ls "$HL_TEST_VFAT"/*.hlb 2>/dev/null | head -n1)
  name=$(basename "$bundle" .hlb)
  check "$size: the stick holds the bundle and its reports, nothing half-written" \
    only_files "$HL_TEST_VFAT" "$name.csv $name.hlb $name.pdf $name.xlsx"
  out=$("$HL_CLI" verify "$bundle" 2>&1 | head -n1)
  check "$size: hailong verify accepts the bundle" has "$out" ": ok: kiosk HL-"
  counted=$("$HL_CLI" index --db "$db" --config "$cfg" --from "$first" --to "$today" --format json |
      python3 -c 'import json, sys; print(json.load(sys.stdin)["rows"][0]["responses"])')
  check "$size: with as many responses as hailong index counts on the kiosk ($counted)" \
    has "$out" ", $counted responses"
  "$HL_CLI" import --db "$tmp/province.db" --trust-new "$bundle" >"$tmp/import.out" 2>&1
  check "$size: imported at the province, its index equals the kiosk's, by every key" \
    same_index "$first" "$today" "$tmp/province.db"
  check "$size: the kiosk logged the export" eq "$(sql "SELECT count(*) FROM export_log")" 1
  check "$size: the PDF report is a PDF" eq "$(head -c 5 "${bundle%.hlb}.pdf")" "%PDF-"

  # 4. A write-protected stick.
  before=$(kiosk_data)
  check "$size: an export to the write-protected stick ends" export_to "$HL_TEST_VFAT_RO" today
  shot 05-read-only
  check "$size: and fails, saying in Vietnamese the stick is read-only" \
    has "$(fig export.status)" "USB chỉ cho đọc, không cho ghi"
  check "$size: the write-protected stick holds only what it held" only_files "$HL_TEST_VFAT_RO" old.txt
  check "$size: the kiosk's data is as it was" eq "$(kiosk_data)" "$before"

  # 5. The day's figures as QR codes, one screen each: what zbarimg reads off the screen is what
  #    `hailong export --qr` writes, and imports into the same index.
  hl_tap dash-export-qr-today
  check "$size: Mã QR hôm nay shows the first code" hl_wait_page dashboard-export-qr 10
  parts=$(fig export.qr.part); parts=${parts#*/}
  check "$size: of a numbered series of several (1/$parts)" test "$(fig export.qr.part)" = "1/$parts" -a "$parts" -gt 1
  check "$size: the caption says n/N and the day" \
    has "$(fig export.qr.caption)" "Mã 1/$parts · số liệu ngày $(date +%d/%m/%Y)"
  : >"$tmp/screen.txt"
  for ((k = 1; k <= parts; k++)); do
    wait_qr_part "$k/$parts"
    shot "06-qr-$k-of-$parts"
    zbarimg -q --raw "$shots/06-qr-$k-of-$parts.png" 2>/dev/null | grep -v '^$' >>"$tmp/screen.txt"
    [ "$k" -lt "$parts" ] && hl_tap dash-qr-next
  done
  check "$size: the last screen is $parts/$parts" eq "$(fig export.qr.part)" "$parts/$parts"
  mkdir "$tmp/qr"
  "$HL_CLI" export --db "$db" --qr "$tmp/qr" --day "$today" >/dev/null 2>&1
  texts=$(zbarimg -q --raw "$tmp/qr"/*.png 2>/dev/null | grep -v '^$' | sort)
  echo "$texts" >"$dir/qr-cli.txt"; cp "$tmp/screen.txt" "$dir/qr-screen.txt"
  check "$size: zbarimg reads each screen's code: hailong export --qr's, all $parts" \
    eq "$(sort "$tmp/screen.txt")" "$texts"
  "$HL_CLI" keys add --db "$tmp/qr.db" "$("$HL_CLI" identity --db "$db" | sed -n 's/^enrolment //p')" >/dev/null 2>&1
  "$HL_CLI" import --db "$tmp/qr.db" --qr "$tmp/screen.txt" >"$dir/qr-import.out" 2>&1
  check "$size: hailong import --qr takes the codes read off the screen" \
    grep -q ": $parts QR codes" "$dir/qr-import.out"
  check "$size: and its index of the day equals the kiosk's, by every key" same_index "$today" "$today" "$tmp/qr.db"
  hl_tap dash-qr-back
  check "$size: Quay lại returns to the Export page" hl_wait_page dashboard-export-failed 10
  check "$size: no GTK or GLib warning or critical in the kiosk's log" no_warnings "$dir/kiosk.log"
  hl_stop_kiosk

  # 6. A slow stick (each write() to it waits 3.5 s: 14 s at least for the four files) and an idle logout of
  #    10 s: the bar moves through the export, and the logout waits for its end, then comes after it.
  rm -f "$HL_TEST_VFAT"/*
  sed -i 's/"logout_timeout": 120/"logout_timeout": 10/' "$cfg"
  HL_TEST_USB_WRITE_DELAY_MS=3500 hl_start_kiosk "$dir/slow" "$dir/kiosk-slow.log" --db "$db" --config "$cfg" \
    --survey-dir "$HL_SOURCE_ROOT/survey_defs" --fullscreen
  hl_key F10; hl_wait_page supervisor-pin; enter_pin $PIN; hl_wait_page dashboard-today 10
  hl_tap dash-tab-export; hl_wait_page dashboard-export 10
  shots0=$(running_shots)
  check "$size: an export to a slow stick ends" export_to "$HL_TEST_VFAT" month \
    gapplication action vn.hailong.Kiosk quit
  check "$size: done, though it took longer than the idle logout" eq "$(hl_state page)" dashboard-export-done
  check "$size: the bar moved through the export (its screenshots)" test $(($(running_shots) - shots0)) -ge 3
  shot_of dashboard-export-running 03-progress
  check "$size: the kiosk did not quit in the middle of it" grep -q "quit refused: quit waits for the export" \
    "$dir/kiosk-slow.log"
  check "$size: the idle logout waited for it" \
    grep -q "the idle logout waits for the work under way" "$dir/kiosk-slow.log"
  check "$size: then, the export over, logs out to the first screen" hl_wait_page welcome 30
  check "$size: no GTK or GLib warning or critical with the slow stick" no_warnings "$dir/kiosk-slow.log"
  hl_stop_kiosk
  sed -i 's/"logout_timeout": 10/"logout_timeout": 120/' "$cfg"

  # 7. A stick pulled out mid-write (the kiosk's third write() to it fails with EIO, as a pulled stick
  #    does): the message, no file that looks complete on it, the kiosk's data as it was.
  rm -f "$HL_TEST_VFAT"/*
  before=$(kiosk_data)
  HL_TEST_USB_FAIL_WRITE=3 hl_start_kiosk "$dir/pulled" "$dir/kiosk-pulled.log" --db "$db" --config "$cfg" \
    --survey-dir "$HL_SOURCE_ROOT/survey_defs" --fullscreen
  hl_key F10; hl_wait_page supervisor-pin; enter_pin $PIN; hl_wait_page dashboard-today 10
  hl_tap dash-tab-export; hl_wait_page dashboard-export 10
  check "$size: an export to a stick pulled out mid-write ends" export_to "$HL_TEST_VFAT" new
  shot 07-pulled
  check "$size: and fails, saying in Vietnamese it may have been pulled out" \
    has "$(fig export.status)" "bị rút ra giữa chừng"
  check "$size: the stick keeps no file, finished or not" only_files "$HL_TEST_VFAT"
  check "$size: the kiosk's data is as it was" eq "$(kiosk_data)" "$before"
  check "$size: no GTK or GLib warning or critical then either" no_warnings "$dir/kiosk-pulled.log"
  hl_stop
  rm -rf "$tmp"
}

for size in ${HL_UI_SIZES:-1920x1080 1024x600}; do run_size "$size"; done
tap_end
