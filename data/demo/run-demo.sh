#!/usr/bin/env bash
# run-demo.sh BUILD_DIR: what `make run` does.
#
# With a display, the kiosk opens on it (demo configuration, database in ./demo-output/). Without one,
# it runs under Xvfb in --demo mode: a handful of simulated citizens press faces and keys with real input
# events, every page is saved as a screenshot, and today's results are printed.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/demo-output"
HL_KIOSK="$root/$build/app/kiosk/hailong-kiosk"
HL_CLI="$root/$build/app/cli/hailong"
config="$root/data/demo/kiosk.json"
surveys="$root/survey_defs"
db="$out/kiosk.db"
mkdir -p "$out"

results () {
  echo
  echo "== Kết quả hôm nay (today's results): hailong index --db $db --by counter,officer,procedure"
  "$HL_CLI" index --db "$db" --by counter,officer,procedure --format table
}

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${HL_HEADLESS:-}" ]; then
  echo "Starting the kiosk on your display; close its window to see today's results."
  "$HL_KIOSK" --db "$db" --config "$config" --survey-dir "$surveys" || true
  results
  exit 0
fi

. "$root/tests/ui/kiosk-driver.sh"
shots="$out/screenshots"

# dbus-run-session, when there is one, gives the kiosk a session bus as a desktop would.
if command -v dbus-run-session >/dev/null && [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  exec dbus-run-session -- env HL_HEADLESS=1 bash "$0" "$@" 2> >(grep -v 'Failed to set fd limit' >&2)
fi
echo "No display: running the kiosk under Xvfb (1920×1080) in demo mode."
hl_start_xvfb 1920x1080
trap hl_stop EXIT
rm -rf "$shots"; mkdir -p "$shots"
hl_start_kiosk "$shots" "$out/kiosk.log" --db "$db" --config "$config" --survey-dir "$surveys" --demo
cp "$(hl_state screenshot)" "$out/1-first-screen.png"

citizen () { echo "  citizen $1: $2"; }
next () { hl_wait_page welcome 10; sleep 0.6; }

citizen 1 "taps Rất hài lòng"
hl_tap face-1; hl_wait_page thanks; cp "$(hl_state screenshot)" "$out/2-thank-you.png"; next
citizen 2 "presses key 2 on the keypad (Hài lòng)"
hl_key 2; hl_wait_page thanks; next
citizen 3 "taps Không hài lòng, then says why: the officer's manner, and the procedure"
hl_tap face-3; hl_wait_page question
hl_tap option-3; hl_wait_state_change; hl_tap option-2; hl_wait_state_change
cp "$(hl_state screenshot)" "$out/3-follow-up.png"
hl_tap submit; hl_wait_page thanks; next
citizen 4 "taps Hài lòng"
hl_tap face-2; hl_wait_page thanks; next
citizen 5 "taps Rất không hài lòng and skips the question"
hl_tap face-4; hl_wait_page question; hl_tap skip; hl_wait_page thanks; next
citizen 6 "taps Rất hài lòng"
hl_tap face-1; hl_wait_page thanks; next
hl_stop

echo
grep -h "saved response" "$out/kiosk.log" | sed 's/^/  /'
echo
echo "Screenshots: $out/1-first-screen.png, 2-thank-you.png, 3-follow-up.png (every page: $shots/)"
results
