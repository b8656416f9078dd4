#!/usr/bin/env bash
# test-cage.sh: the real kiosk session. hailong-kiosk --fullscreen runs under cage (Debian's Wayland
# kiosk compositor), as the systemd unit of data/systemd runs it, as an unprivileged user (cage refuses
# to run as root). TAP output. Screenshots of cage's output, taken with grim, go to $HL_OUTPUT.
#
# Part 1, wlroots' headless backend (no screen, no input devices): the kiosk fills the output, and what
# cage shows is exactly what the kiosk paints (so: no decorations, nothing else on screen); the
# application actions quit, restart and shutdown do nothing without a supervisor signed in.
#
# Part 2, key presses. The headless backend has no input devices, cage 0.1.4 offers no virtual-keyboard
# protocol (wtype cannot type into it), and a libinput device would need /dev/uinput and a seat manager,
# which a container has not. So the keys are sent the one way left that goes through the compositor:
# cage runs on wlroots' x11 backend inside Xvfb, xdotool presses keys on Xvfb, wlroots' x11 backend
# receives them as cage's keyboard, and cage hands them to the kiosk as it would a USB keyboard's. The
# usual escape keys must not end or hide the kiosk; a digit, pressed last, must rate (so the keys did
# reach it).
#
# Both parts start cage with -r -r (the output turned by 180°). Without a turn, cage 0.1.4 hands the
# kiosk's full-screen buffer straight to the output ("direct scan-out") and wlroots 0.15's screencopy
# then copies a stale buffer of cage's own: grim saves a black picture (seen here; a test client that
# filled the output in red and green was captured with its earlier, smaller frame). A turned output
# cannot scan a client's buffer out, so cage composites every frame and grim sees what is shown; grim
# turns the picture back.
#
# Where cage or a tool cannot start, the test says why and fails.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

: "${HL_KIOSK:?}" "${HL_SOURCE_ROOT:?}" "${HL_OUTPUT:?}" "${HL_PNG_DIFF:?}"

TEST_USER=${HL_TEST_USER:-hailong-test}

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
note () { sed 's/^/# /'; }

# As root: make the unprivileged user if it is missing, give it a work directory holding copies of what
# the kiosk needs (the build tree may not be readable by others), run the rest as that user, and keep
# its screenshots.
if [ "$(id -u)" = 0 ] && [ "${1:-}" != --as-user ]; then
  if ! id "$TEST_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$TEST_USER" \
      || { echo "not ok 1 - cannot create the unprivileged user $TEST_USER that cage needs"; echo "1..1"; exit 1; }
  fi
  work=$(mktemp -d)
  mkdir -p "$work/survey_defs" "$work/tests/cli"
  cp "$HL_SOURCE_ROOT/tests/cli/tap.sh" "$work/tests/cli/"
  cp "$HL_KIOSK" "$work/hailong-kiosk"
  cp "$HL_PNG_DIFF" "$work/hl-png-diff"
  cp "$HL_SOURCE_ROOT"/survey_defs/*.json "$work/survey_defs/"
  cp "$HL_SOURCE_ROOT/data/demo/kiosk.json" "$work/kiosk.json"
  cp "$0" "$work/test-cage.sh"
  chown -R "$TEST_USER:" "$work"
  chmod 755 "$work"
  runuser -u "$TEST_USER" -- env -i PATH="$PATH" LC_ALL=C.UTF-8 HOME="$work" \
    HL_KIOSK="$work/hailong-kiosk" HL_PNG_DIFF="$work/hl-png-diff" HL_SOURCE_ROOT="$work" \
    HL_CONFIG="$work/kiosk.json" HL_SURVEY_DIR="$work/survey_defs" HL_OUTPUT="$work/shots" \
    bash "$work/test-cage.sh" --as-user
  rc=$?
  rm -rf "$HL_OUTPUT"; mkdir -p "$HL_OUTPUT"
  cp -r "$work/shots/." "$HL_OUTPUT/" 2>/dev/null
  echo "# screenshots and logs in $HL_OUTPUT"
  rm -rf "$work"
  exit $rc
fi

HL_CONFIG=${HL_CONFIG:-$HL_SOURCE_ROOT/data/demo/kiosk.json}
HL_SURVEY_DIR=${HL_SURVEY_DIR:-$HL_SOURCE_ROOT/survey_defs}
mkdir -p "$HL_OUTPUT"
tmp=$(mktemp -d)
export XDG_RUNTIME_DIR="$tmp/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
cage_pid= xvfb_pid= bus_pid=

cleanup () {
  [ -n "$cage_pid" ] && { kill "$cage_pid" 2>/dev/null; wait "$cage_pid" 2>/dev/null; }
  [ -n "$xvfb_pid" ] && { kill "$xvfb_pid" 2>/dev/null; wait "$xvfb_pid" 2>/dev/null; }
  [ -n "$bus_pid" ] && kill "$bus_pid" 2>/dev/null
  rm -rf "$tmp"
  return 0
}
trap cleanup EXIT

for tool in cage grim Xvfb xdotool dbus-daemon gapplication; do
  if ! command -v "$tool" >/dev/null; then
    not_ok "$tool is installed (the test needs it; make deps installs it)"; tap_end; exit 1
  fi
done

# A session bus of the test's own, so that `gapplication action` reaches this kiosk and no other.
eval "$(dbus-daemon --session --fork --print-address=1 --print-pid=1 | {
  read -r address; read -r pid; echo "export DBUS_SESSION_BUS_ADDRESS='$address'; bus_pid=$pid"; })"
[ -n "$bus_pid" ] || { not_ok "a session bus starts"; tap_end; exit 1; }

state () { sed -n "s/^$2 //p" "$1/state" 2>/dev/null | head -n1; }

# wait_page DIR PAGE MIN_COUNTER: the kiosk's automation state shows PAGE in a state newer than
# MIN_COUNTER, while cage still runs.
wait_page () {
  local dir=$1 page=$2 min=$3 i
  for ((i = 0; i < 600; i++)); do
    if [ "$(state "$dir" page)" = "$page" ] && [ "$(state "$dir" counter)" -gt "$min" ] 2>/dev/null; then
      return 0
    fi
    kill -0 "$cage_pid" 2>/dev/null || { echo "# cage ended while waiting for page $page"; return 1; }
    sleep 0.05
  done
  echo "# page $page did not appear in 30 s; state: $(tr '\n' ' ' <"$dir/state" 2>/dev/null)"
  return 1
}

# start_cage NAME BACKEND_ENV...: cage with the kiosk, its automation state in $tmp/NAME; cage's turn of
# the output in $ROTATE (default -r -r, see above).
ROTATE="-r -r"
start_cage () {
  local name=$1 i; shift
  rm -f "$XDG_RUNTIME_DIR"/wayland-*
  mkdir -p "$tmp/$name"
  env "$@" WLR_RENDERER=pixman GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory \
    cage -d $ROTATE -- "$HL_KIOSK" --fullscreen --config "$HL_CONFIG" --survey-dir "$HL_SURVEY_DIR" \
      --db "$tmp/$name.db" --automation-dir "$tmp/$name" >"$HL_OUTPUT/$name-cage.log" 2>&1 &
  cage_pid=$!
  for ((i = 0; i < 200; i++)); do
    [ -S "$XDG_RUNTIME_DIR/wayland-0" ] && break
    kill -0 "$cage_pid" 2>/dev/null || break
    sleep 0.05
  done
  if [ ! -S "$XDG_RUNTIME_DIR/wayland-0" ]; then
    echo "# cage did not start ($*): its log says:"; note <"$HL_OUTPUT/$name-cage.log"
    return 1
  fi
  export WAYLAND_DISPLAY=wayland-0
  wait_page "$tmp/$name" welcome 0 || { note <"$HL_OUTPUT/$name-cage.log"; return 1; }
}

stop_cage () {
  kill "$cage_pid" 2>/dev/null; wait "$cage_pid" 2>/dev/null
  cage_pid=
  return 0
}

# The kiosk process that cage started (cage's only child).
kiosk_pid () { pgrep -P "$cage_pid" -x hailong-kiosk; }
kiosk_alive () { [ -n "$cage_pid" ] && kill -0 "$cage_pid" 2>/dev/null && [ -n "$(kiosk_pid)" ]; }

# shot NAME [grim options]: grim's picture of cage's whole output.
shot () {
  local name=$1; shift
  grim "$@" "$HL_OUTPUT/$name.png" 2>"$tmp/grim.err" || { note <"$tmp/grim.err"; return 1; }
}

# same_as_kiosk SHOT DIR [LIMIT [GRIM_OPTION]]: cage's output (grim's picture) is, pixel for pixel, the
# kiosk's window as the kiosk itself rendered it last (its automation screenshot), of the same size and
# not black. At most LIMIT (default 10) ten-thousandths of the pixels may differ by more than 8 levels.
# An arrow pointer of 24 pixels covers about 2 ten-thousandths of a 1024×768 output. On a loaded machine
# the kiosk's last screenshot can be of a frame before the one on screen, so a difference is looked at
# again, with a new grim picture, for up to 4 s: what stays (a decoration, a pointer, another window) fails.
same_as_kiosk () {
  local shot=$1 dir=$2 limit=${3:-10} grim_option=${4:-} own aw ah bw bh diff mean try
  for ((try = 1; try <= 8; try++)); do
    own=$(state "$dir" screenshot)
    read -r aw ah bw bh diff mean < <("$HL_PNG_DIFF" "$shot" "$own") || return 1
    if [ "$aw" = "$bw" ] && [ "$ah" = "$bh" ] && [ "$mean" -gt 40 ] \
       && [ $((diff * 10000)) -le $((aw * ah * limit)) ]; then
      echo "# cage's output ${aw}x${ah}, kiosk's window ${bw}x${bh}, differing pixels $diff, mean brightness $mean (look $try)"
      return 0
    fi
    sleep 0.5
    grim $grim_option "$shot" 2>/dev/null
  done
  echo "# cage's output ${aw}x${ah}, kiosk's window ${bw}x${bh}, differing pixels $diff, mean brightness $mean"
  # Both pictures are kept, so that a difference can be looked at after the run.
  cp "$own" "${shot%.png}-kiosk-own.png" 2>/dev/null && echo "# the kiosk's own picture: ${shot%.png}-kiosk-own.png"
  return 1
}

# fills_output DIR SHOT: the kiosk's window is exactly as large as cage's output (within 3 s: a kiosk
# that lays itself out again for a portrait screen writes its state once more).
fills_output () {
  local size w h i
  read -r w h < <("$HL_PNG_DIFF" "$2" "$2" | cut -d' ' -f1,2)
  for ((i = 0; i < 60; i++)); do
    size=$(state "$1" size)
    [ "$size" = "$w $h" ] && break
    sleep 0.05
  done
  echo "# kiosk window $size, cage's output ${w}x${h}"
  [ "$size" = "$w $h" ]
}

# wait_size DIR "W H": the kiosk's state says its window is W×H, within 5 s, and stays so for 1 s.
wait_size () {
  local i
  for ((i = 0; i < 100; i++)); do
    [ "$(state "$1" size)" = "$2" ] && { sleep 1; [ "$(state "$1" size)" = "$2" ] && return 0; }
    sleep 0.05
  done
  echo "# the kiosk's window is $(state "$1" size), not $2"
  return 1
}

# refused ACTION: `gapplication action vn.hailong.Kiosk ACTION` reaches the kiosk, which refuses it
# (no supervisor is signed in) and goes on running.
refused () {
  local log=$1 action=$2
  gapplication action vn.hailong.Kiosk "$action" || return 1
  for ((i = 0; i < 100; i++)); do
    grep -q "$action refused: .*supervisor" "$log" && break
    sleep 0.05
  done
  sleep 0.5
  grep -q "$action refused: .*supervisor" "$log" && kiosk_alive
}

# ---- Part 1: headless ----
if start_cage headless WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1; then
  ok "headless: cage starts on wlroots' headless backend and the kiosk shows its first screen"
  check "headless: grim captures cage's output" shot cage-headless
  check "headless: the kiosk fills the output" fills_output "$tmp/headless" "$HL_OUTPUT/cage-headless.png"
  check "headless: cage shows exactly what the kiosk paints: no decorations, nothing else" \
    same_as_kiosk "$HL_OUTPUT/cage-headless.png" "$tmp/headless"
  for action in quit restart shutdown; do
    check "headless: the application action $action is refused without a supervisor, the kiosk runs on" \
      refused "$HL_OUTPUT/headless-cage.log" "$action"
  done
  stop_cage
else
  not_ok "headless: cage starts on wlroots' headless backend and the kiosk shows its first screen"
  stop_cage
fi

# ---- Part 1b: a screen mounted in portrait (cage -r, as docs/deployment.md sets it) ----
ROTATE="-r"
if start_cage portrait WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1; then
  ok "portrait: cage -r starts and the kiosk shows its first screen"
  # The kiosk lays itself out again once it finds the screen taller than wide: wait for it to settle.
  check "portrait: the kiosk takes the turned output's size, 720×1280" wait_size "$tmp/portrait" "720 1280"
  check "portrait: grim captures cage's output" shot cage-portrait
  check "portrait: the kiosk fills it" fills_output "$tmp/portrait" "$HL_OUTPUT/cage-portrait.png"
  check "portrait: cage shows exactly what the kiosk paints" same_as_kiosk "$HL_OUTPUT/cage-portrait.png" "$tmp/portrait"
  stop_cage
else
  not_ok "portrait: cage -r starts and the kiosk shows its first screen"
  stop_cage
fi
ROTATE="-r -r"

# ---- Part 2: keys through cage, on wlroots' x11 backend in Xvfb ----
fifo="$tmp/displayfd"; mkfifo "$fifo"
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3>"$fifo" >/dev/null 2>&1 &
xvfb_pid=$!
if ! read -r -t 20 disp <"$fifo"; then
  not_ok "keys: Xvfb starts"; tap_end; exit 1
fi
export DISPLAY=":$disp"

# no_way_out DIR KEY: after KEY, cage and the kiosk still run, the first screen is still shown and
# nothing was rated.
no_way_out () {
  local dir=$1 key=$2
  xdotool key "$key" || return 1
  sleep 0.7
  kiosk_alive || { echo "# the kiosk or cage ended"; return 1; }
  [ "$(state "$dir" page)" = welcome ] && [ "$(state "$dir" sequence)" = 0 ]
}

if start_cage x11 WLR_BACKENDS=x11 WLR_X11_OUTPUTS=1; then
  ok "keys: cage starts on wlroots' x11 backend in Xvfb and the kiosk shows its first screen"
  dir="$tmp/x11"
  # The pointer over the middle of cage's window on Xvfb, where the keys go.
  xdotool mousemove 512 384
  sleep 0.3
  check "keys: grim captures cage's output, the pointer included if there is one" shot cage-x11 -c
  check "keys: no pointer shows over the kiosk, and nothing else does" \
    same_as_kiosk "$HL_OUTPUT/cage-x11.png" "$dir" 1 -c
  for key in alt+F4 ctrl+q ctrl+w Escape F11 ctrl+shift+d ctrl+shift+i alt+Tab super ctrl+alt+BackSpace \
             ctrl+alt+Delete ctrl+alt+F2; do
    check "keys: $key (sent by xdotool, received by wlroots' x11 backend) does not leave the kiosk" \
      no_way_out "$dir" "$key"
  done
  check "keys: grim captures cage's output after the keys" shot cage-x11-after-keys -c
  # Up to 1% may differ here: once keys are used GTK draws a focus ring round the first face, which the
  # kiosk's own last screenshot, taken before, has not. Any window on top would cover far more.
  check "keys: after them cage still shows the kiosk alone, whole, with no other window" \
    same_as_kiosk "$HL_OUTPUT/cage-x11-after-keys.png" "$dir" 100 -c
  check "keys: the kiosk fills the x11 backend's output too" fills_output "$dir" "$HL_OUTPUT/cage-x11-after-keys.png"
  before=$(state "$dir" counter)
  xdotool key 1
  check "keys: the digit 1 does reach the kiosk through cage and rates (so the keys above reached it too)" \
    wait_page "$dir" thanks "$before"
  check "keys: that rating is stored as response 1" [ "$(state "$dir" sequence)" = 1 ]
  shot cage-x11-thanks || true
  stop_cage
else
  not_ok "keys: cage starts on wlroots' x11 backend in Xvfb and the kiosk shows its first screen"
  stop_cage
fi

tap_end
