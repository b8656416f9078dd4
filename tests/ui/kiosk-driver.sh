# kiosk-driver.sh: drive the real hailong-kiosk under Xvfb with real input events (XTest, via xdotool).
# Sourced by the UI tests and by the headless demo (`make run`). The kiosk, started with
# --automation-dir, writes a state file after every change it paints: the page shown, the last sequence
# number, its screenshot, and where each button is in window coordinates. The driver waits for the
# state it expects and presses buttons at their centres.
#
# SPDX-License-Identifier: GPL-3.0-or-later

HL_XVFB_PID=
HL_KIOSK_PID=
HL_AUTOMATION_DIR=
HL_WINDOW=
HL_LAST_COUNTER=0

hl_die () { echo "kiosk-driver: $*" >&2; return 1; }

# hl_start_xvfb WIDTHxHEIGHT: a private X server on a free display number.
hl_start_xvfb () {
  local size=$1 fifo disp
  fifo=$(mktemp -u); mkfifo "$fifo"
  Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp -noreset 3>"$fifo" >/dev/null 2>&1 &
  HL_XVFB_PID=$!
  read -r -t 20 disp <"$fifo" || { rm -f "$fifo"; hl_die "Xvfb did not start"; return 1; }
  rm -f "$fifo"
  export DISPLAY=":$disp"
}

# hl_start_kiosk AUTOMATION_DIR LOG [kiosk options…]
hl_start_kiosk () {
  HL_AUTOMATION_DIR=$1; local log=$2; shift 2
  mkdir -p "$HL_AUTOMATION_DIR"
  rm -f "$HL_AUTOMATION_DIR/state"
  HL_LAST_COUNTER=0
  GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory \
    "$HL_KIOSK" --automation-dir "$HL_AUTOMATION_DIR" "$@" >"$log" 2>&1 &
  HL_KIOSK_PID=$!
  hl_wait_page welcome || return 1
  hl_wait_checked || return 1
  HL_WINDOW=$(xdotool search --sync --onlyvisible --classname hailong-kiosk | head -n1)
  [ -n "$HL_WINDOW" ] || { hl_die "no kiosk window"; return 1; }
  xdotool windowfocus --sync "$HL_WINDOW" 2>/dev/null || true
}

hl_stop_kiosk () {
  if [ -n "$HL_KIOSK_PID" ]; then kill "$HL_KIOSK_PID" 2>/dev/null || true; wait "$HL_KIOSK_PID" 2>/dev/null || true; fi
  HL_KIOSK_PID=
  return 0
}

# Safe under `set -e`: a killed child's status (143) is not a failure here.
hl_stop () {
  if [ -n "$HL_KIOSK_PID" ]; then kill "$HL_KIOSK_PID" 2>/dev/null || true; wait "$HL_KIOSK_PID" 2>/dev/null || true; fi
  if [ -n "$HL_XVFB_PID" ]; then kill "$HL_XVFB_PID" 2>/dev/null || true; wait "$HL_XVFB_PID" 2>/dev/null || true; fi
  HL_KIOSK_PID= HL_XVFB_PID=
  return 0
}

hl_state () { sed -n "s/^$1 //p" "$HL_AUTOMATION_DIR/state" 2>/dev/null | head -n1; }

# hl_wait_page PAGE [SECONDS]: waits for a state newer than the last one seen that shows PAGE.
hl_wait_page () {
  local page=$1 limit=${2:-20} i counter
  for ((i = 0; i < limit * 20; i++)); do
    if [ -f "$HL_AUTOMATION_DIR/state" ]; then
      counter=$(hl_state counter)
      if [ "${counter:-0}" -gt "$HL_LAST_COUNTER" ] && [ "$(hl_state page)" = "$page" ]; then
        HL_LAST_COUNTER=$counter
        return 0
      fi
    fi
    if [ -n "$HL_KIOSK_PID" ] && ! kill -0 "$HL_KIOSK_PID" 2>/dev/null; then
      hl_die "the kiosk exited while waiting for page $page"; return 1
    fi
    sleep 0.05
  done
  hl_die "page $page did not appear within ${limit}s (state: $(tr '\n' ' ' <"$HL_AUTOMATION_DIR/state" 2>/dev/null))"
}

# hl_wait_state_change [SECONDS]: waits for any newer state (a selection, a page).
hl_wait_state_change () {
  local limit=${1:-20} i counter
  for ((i = 0; i < limit * 20; i++)); do
    counter=$(hl_state counter)
    if [ "${counter:-0}" -gt "$HL_LAST_COUNTER" ]; then HL_LAST_COUNTER=$counter; return 0; fi
    sleep 0.05
  done
  hl_die "the kiosk showed nothing new within ${limit}s"
}

# hl_wait_checked [SECONDS]: until the database's integrity check, which runs after the first frame, has
# given its verdict (docs/kiosk.md): the faces take no rating before.
hl_wait_checked () {
  local limit=${1:-20} i
  for ((i = 0; i < limit * 20; i++)); do
    [ "$(hl_state checking)" = 0 ] && { HL_LAST_COUNTER=$(hl_state counter); return 0; }
    sleep 0.05
  done
  hl_die "the integrity check gave no verdict within ${limit}s"
}

# hl_box NAME: prints "X Y W H" of a button on the current page.
hl_box () { awk -v n="$1" '$1 == "widget" && $2 == n { print $3, $4, $5, $6 }' "$HL_AUTOMATION_DIR/state"; }

# hl_tap NAME: a real pointer press and release at the button's centre.
hl_tap () {
  local box x y w h
  box=$(hl_box "$1")
  [ -n "$box" ] || { hl_die "no button $1 on page $(hl_state page)"; return 1; }
  read -r x y w h <<<"$box"
  xdotool mousemove --window "$HL_WINDOW" $((x + w / 2)) $((y + h / 2)) click 1
}

# hl_key KEY: a real key press (keysym name: 1, KP_2, Return, Escape).
hl_key () { xdotool key --clearmodifiers "$1"; }

# hl_poll SECONDS CMD...: runs CMD every 50 ms until it succeeds (status 0) or SECONDS pass (status 1).
hl_poll () {
  local limit=$1 i; shift
  for ((i = 0; i < limit * 20; i++)); do
    "$@" && return 0
    sleep 0.05
  done
  return 1
}

# hl_run_sizes FUNC: FUNC SIZE MIN_PX for each screen size of HL_UI_SIZES (both by default), MIN_PX being
# 15 mm on that screen: 84 px on a 15.6-inch 1920×1080 panel, 69 px on a 10.1-inch 1024×600 one.
hl_run_sizes () {
  local size
  for size in ${HL_UI_SIZES:-1920x1080 1024x600}; do
    case $size in
      1920x1080) "$1" 1920x1080 84 ;;
      1024x600) "$1" 1024x600 69 ;;
      *) not_ok "HL_UI_SIZES: unknown size $size" ;;
    esac
  done
}

# hl_enter_pin DIGITS: taps each digit on the supervisor's PIN pad, then "Đồng ý".
hl_enter_pin () {
  local d k
  for ((k = 0; k < ${#1}; k++)); do
    d=${1:k:1}
    hl_tap "pin-$d" || return 1
    hl_wait_state_change 5 || return 1
  done
  hl_tap pin-enter
}
