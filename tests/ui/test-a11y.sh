#!/usr/bin/env bash
# test-a11y.sh: what a screen reader gets from the kiosk. The real hailong-kiosk runs under Xvfb with its
# accessibility bus (at-spi2-core, started from the test's own session bus; no GTK_A11Y=test, no
# NO_AT_BRIDGE), and a11y-tree.py walks the tree AT-SPI exposes (Debian's python3-pyatspi). Every control
# (button, toggle, check box, …) must have a name, in Vietnamese (the configured language), and no
# control or image may be left to the fallback a screen reader would read out, a GTK type name such as
# "GtkButton" or "HlFace". Checked on the first screen and on the follow-up question, after a real tap.
# TAP output; the trees are kept in $HL_OUTPUT/a11y/.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

: "${HL_KIOSK:?}" "${HL_SOURCE_ROOT:?}" "${HL_OUTPUT:?}" "${HL_PYTHON:?}"
. "$HL_SOURCE_ROOT/tests/ui/kiosk-driver.sh"
. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
bus_pid=
trap 'hl_stop; [ -n "$bus_pid" ] && kill "$bus_pid"' EXIT

# A session bus of the test's own, forked so that the accessibility services it starts do not write on
# the TAP output; the kiosk asks it for at-spi2-core's accessibility bus.
eval "$(dbus-daemon --session --fork --print-address=1 --print-pid=1 | {
  read -r address; read -r pid; echo "export DBUS_SESSION_BUS_ADDRESS='$address'; bus_pid=$pid"; })"

out="$HL_OUTPUT/a11y"
rm -rf "$out"; mkdir -p "$out"
tmp=$(mktemp -d)

CONTROLS='^(push button|toggle button|check box|radio button|link|menu item|combo box|spin button|entry|text|slider|switch)$'

# tree FILE: the accessibility tree as AT-SPI has it now, "ROLE<TAB>NAME<TAB>DEPTH<TAB>STATES" a line.
tree () { "$HL_PYTHON" "$HL_SOURCE_ROOT/tests/ui/a11y-tree.py" hailong-kiosk >"$1" 2>"$1.err" || { sed 's/^/# /' "$1.err"; return 1; }; }

# controls_in_vietnamese FILE: every control has a name with a Vietnamese letter (a letter outside
# ASCII: every word of the kiosk's Vietnamese has one, and an English "Skip" or a type name has none),
# or is a digit key of the supervisor's PIN pad, named by its digit.
controls_in_vietnamese () {
  awk -F'\t' -v re="$CONTROLS" '$1 ~ re' "$1" >"$1.controls"
  [ -s "$1.controls" ] || { echo "# no controls at all"; return 1; }
  if LC_ALL=C.UTF-8 grep -vP '^[^\t]*\t([^\t]*[^\x00-\x7F][^\t]*|[0-9])\t' "$1.controls" >"$1.bad"; then
    sed 's/^/# not named in Vietnamese: /' "$1.bad"; return 1
  fi
}

# no_type_names FILE: no control and no image is named by its GTK type ("GtkButton", "HlFace").
no_type_names () {
  awk -F'\t' -v re="$CONTROLS" '($1 ~ re || $1 == "image" || $1 == "icon") && $2 ~ /^(Gtk|Hl|Adw)[A-Z]/' "$1" >"$1.typed"
  [ ! -s "$1.typed" ] || { sed 's/^/# named by its type: /' "$1.typed"; return 1; }
}

# buttons_named FILE NAME...: the window's first push buttons, those of the citizen's pages, are exactly
# these, in this order (the tree holds every page, the supervisor's dashboard after them; a hidden button,
# such as Quay lại on the first question, is not in it).
buttons_named () {
  local file=$1; shift
  eq "$(awk -F'\t' '$1 == "push button" { print $2 }' "$file" | head -n $# | paste -sd'|')" \
    "$(printf '%s|' "$@" | sed 's/|$//')"
}

hl_start_xvfb 1280x800 || { not_ok "Xvfb starts"; tap_end; exit 1; }
HL_AUTOMATION_DIR="$out/automation"; mkdir -p "$HL_AUTOMATION_DIR"
GDK_BACKEND=x11 GSETTINGS_BACKEND=memory "$HL_KIOSK" --automation-dir "$HL_AUTOMATION_DIR" \
  --db "$tmp/kiosk.db" --config "$HL_SOURCE_ROOT/data/demo/kiosk.json" --survey-dir "$HL_SOURCE_ROOT/survey_defs" \
  --fullscreen >"$out/kiosk.log" 2>&1 &
HL_KIOSK_PID=$!
if ! hl_wait_page welcome || ! hl_wait_checked; then
  not_ok "the kiosk starts"; sed 's/^/# /' "$out/kiosk.log"; tap_end; exit 1
fi
HL_WINDOW=$(xdotool search --sync --onlyvisible --classname hailong-kiosk | head -n1)

check "the kiosk is on the accessibility bus, its tree can be walked" tree "$out/first-screen.tree"
check "first screen: the four faces are buttons named by the survey's words, then the citizen's choices" \
  buttons_named "$out/first-screen.tree" "Rất hài lòng" "Hài lòng" "Không hài lòng" "Rất không hài lòng" \
  "Tiếng Việt" "Tiếng Anh" "Tương phản cao" "Chữ lớn" "Quyền riêng tư" "Quay lại" "Bỏ qua" "Gửi ý kiến"
check "first screen: every control is named in Vietnamese" controls_in_vietnamese "$out/first-screen.tree"
check "first screen: no control or image is named by its GTK type" no_type_names "$out/first-screen.tree"
# toggle on|off NAME FILE: NAME is a button that says whether it is on (AT-SPI's pressed or checked). GTK
# 4.8 gives a GtkToggleButton the role of a push button with a pressed state, as ARIA does; a later GTK
# names it a toggle button.
toggle () {
  local line
  line=$(awk -F'\t' -v n="$2" '($1 == "toggle button" || $1 == "push button") && $2 == n' "$3")
  [ -n "$line" ] || { echo "# no button named “$2”"; return 1; }
  case $1 in
    on) [[ "$line" == *checked* || "$line" == *pressed* ]] || { echo "# “$2” does not say it is on: $line"; return 1; } ;;
    off) [[ "$line" != *checked* && "$line" != *pressed* ]] || { echo "# “$2” says it is on: $line"; return 1; } ;;
  esac
}
check "first screen: Tương phản cao and Chữ lớn are buttons that say they are off" \
  toggle off "Tương phản cao" "$out/first-screen.tree" '&&' toggle off "Chữ lớn" "$out/first-screen.tree"
check "the privacy notice's Đóng is a button named in Vietnamese" \
  grep -qP '^push button\tĐóng\t' "$out/first-screen.tree"

hl_tap mode-contrast
hl_wait_state_change
check "high contrast: the tree can be walked after a real tap on Tương phản cao" tree "$out/high-contrast.tree"
check "high contrast: Tương phản cao says it is on (pressed), Chữ lớn that it is off" \
  toggle on "Tương phản cao" "$out/high-contrast.tree" '&&' toggle off "Chữ lớn" "$out/high-contrast.tree"
hl_tap mode-contrast
hl_wait_state_change

# The citizen's language: after a real tap on English, the same controls are named in English.
hl_tap lang-en
hl_wait_state_change
check "English: the tree can be walked after the choice" tree "$out/first-screen-en.tree"
check "English: the faces, the languages and the follow-up's buttons are named in English" \
  buttons_named "$out/first-screen-en.tree" "Very satisfied" "Satisfied" "Dissatisfied" "Very dissatisfied" \
  "Vietnamese" "English" "High contrast" "Large text" "Privacy" "Back" "Skip" "Send"
hl_tap lang-vi
hl_wait_state_change

hl_tap face-4
hl_wait_page question
check "follow-up: the tree can be walked after a real tap" tree "$out/follow-up.tree"
check "follow-up: its five options are buttons named by the survey's words, with Bỏ qua and Gửi ý kiến" \
  buttons_named "$out/follow-up.tree" "Rất hài lòng" "Hài lòng" "Không hài lòng" "Rất không hài lòng" \
  "Tiếng Việt" "Tiếng Anh" "Tương phản cao" "Chữ lớn" "Quyền riêng tư" "Nơi chờ, trang thiết bị" "Thủ tục, giấy tờ, phí, thời hạn" "Thái độ, hướng dẫn của cán bộ" \
  "Kết quả giải quyết" "Tiếp nhận góp ý, phản ánh" "Bỏ qua" "Gửi ý kiến"
check "follow-up: every control is named in Vietnamese" controls_in_vietnamese "$out/follow-up.tree"
check "follow-up: no control or image is named by its GTK type" no_type_names "$out/follow-up.tree"

hl_stop
rm -rf "$tmp"
tap_end
