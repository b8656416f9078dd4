#!/usr/bin/env bash
# run-bench.sh BUILD_DIR [--quick]: the benchmarks of docs/performance.md (`make bench`, `make bench-quick`).
#
# Prints one line per figure, each with a baseline measured in this same run:
#     bench NAME: VALUE UNIT (baseline VALUE UNIT, ratio R)
# and notes (how many samples, spreads, the machine) on stderr. HL_BENCH_ONLY (below) picks groups. Big files go under $HL_BENCH_DIR
# (default /tmp/hailong-bench), never into the source tree. A benchmark, not a test: it asserts no time.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u -o pipefail

usage () { echo "usage: run-bench.sh BUILD_DIR [--quick]" >&2; exit 2; }
[ $# -ge 1 ] && [ -d "$1" ] || usage
BUILD=$(cd "$1" && pwd)
QUICK=false
[ "${2:-}" = --quick ] && QUICK=true
[ $# -le 2 ] || usage

# The kiosk registers its name on the session bus: a private bus, so that a kiosk running on this desktop
# is never the one that answers.
if [ -z "${HL_BENCH_PRIVATE_BUS:-}" ]; then
  exec dbus-run-session -- env HL_BENCH_PRIVATE_BUS=1 bash "$0" "$@"
fi

SRC=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${HL_BENCH_DIR:-/tmp/hailong-bench}
HAILONG=$BUILD/app/cli/hailong
KIOSK=$BUILD/app/kiosk/hailong-kiosk
BENCH=$BUILD/tests/bench
SURVEYS=$SRC/survey_defs
DEMO_CONFIG=$SRC/data/demo/kiosk.json

if $QUICK; then
  RESPONSES=1000000 IMPORT_ROWS=1000000 TAPS=200 STARTS=7 INDEX_RUNS=7 GROUPBY_RUNS=3
else
  RESPONSES=10000000 IMPORT_ROWS=10000000 TAPS=400 STARTS=15 INDEX_RUNS=11 GROUPBY_RUNS=3
fi
# HL_BENCH_RESPONSES makes the simulated database smaller (or larger) than the size's default.
RESPONSES=${HL_BENCH_RESPONSES:-$RESPONSES}
# rss: the kiosk's memory after RSS_LATE responses against after RSS_EARLY, in one process: 100,000 at
# full size (about 12 minutes at the ~150 responses a second keys give), 10,000 in the quick run.
RSS_EARLY=100
if $QUICK; then RSS_LATE=10000; else RSS_LATE=100000; fi
RSS_LATE=${HL_BENCH_RSS_RESPONSES:-$RSS_LATE}
TAP_HOLD=$(awk -v ms="${HL_BENCH_TAP_HOLD_MS:-80}" 'BEGIN { printf "%.3f", ms / 1000 }')
KIOSKS=20 DAYS=365
# HL_BENCH_SCREEN=1024x600: the gui group on a 10-inch kiosk's screen instead.
SCREEN=${HL_BENCH_SCREEN:-1920x1080}
# The 10-inch kiosk's screen, whose tap figures the gui group gives besides (HL_BENCH_SMALL=0: not).
SMALL_SCREEN=1024x600
export GSK_RENDERER=${HL_BENCH_RENDERER:-cairo}

for f in "$HAILONG" "$KIOSK" "$BENCH/hl-bench-commit" "$BENCH/hl-bench-gtk" "$BENCH/hl-bench-launch" \
         "$BENCH/hl-bench-timers.so"; do
  [ -x "$f" ] || [ -f "$f" ] || { echo "run-bench.sh: $f is missing: build first" >&2; exit 2; }
done
mkdir -p "$WORK"
RESULTS=$WORK/results.txt
: >"$RESULTS"

note () { echo "# $*" >&2; }
die () { echo "run-bench.sh: $*" >&2; exit 1; }

# fig NAME VALUE BASELINE UNIT: the figure line, on stdout and in $RESULTS.
fig () {
  awk -v n="$1" -v v="$2" -v b="$3" -v u="$4" \
    'BEGIN { printf "bench %s: %.2f %s (baseline %.2f %s, ratio %.2f)\n", n, v, u, b, u, (b > 0 ? v / b : 0) }' |
    tee -a "$RESULTS"
}

# Statistics of a file with one number a line: the median, and the nearest-rank percentile P.
median () { sort -g "$1" | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
percentile () { sort -g "$1" | awk -v p="$2" '{ v[NR] = $1 } END { r = int(p * NR + 0.999999); if (r < 1) r = 1; print v[r] }'; }

now_us () { echo "${EPOCHREALTIME/./}"; }
# time_ms COMMAND…: runs it (output to /dev/null) and prints its wall time in milliseconds.
time_ms () {
  local t0 t1
  t0=$(now_us)
  "$@" >/dev/null || die "$* failed"
  t1=$(now_us)
  awk -v d=$((t1 - t0)) 'BEGIN { printf "%.3f\n", d / 1000 }'
}

machine () {
  note "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)," \
       "$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory," \
       "$WORK on $(df -P "$WORK" | awk 'NR == 2 { print $1 }') ($(findmnt -n -o FSTYPE -T "$WORK" 2>/dev/null || echo ?))," \
       "load $(cut -d' ' -f1-3 /proc/loadavg)"
  note "build: $BUILD ($(python3 -c 'import json, sys; print(next(o["value"] for o in json.load(open(sys.argv[1])) if o["name"] == "buildtype"))' \
         "$BUILD/meson-info/intro-buildoptions.json" 2>/dev/null || echo ?)), $($QUICK && echo quick || echo full) sizes," \
       "GSK_RENDERER=$GSK_RENDERER, screen $SCREEN, taps held ${TAP_HOLD} s"
}

# ---------------------------------------------------------------------------------------------------
# commit: one response through HlKiosk and HlStore vs one fdatasync of a small write, same filesystem.

bench_commit () {
  mkdir -p "$WORK/commit"
  sed -e 's/"response_interval": [0-9]*/"response_interval": 0/' "$DEMO_CONFIG" >"$WORK/commit/kiosk.json"
  rm -f "$WORK/commit/commit.db"*
  "$BENCH/hl-bench-commit" --dir "$WORK/commit" --config "$WORK/commit/kiosk.json" --survey-dir "$SURVEYS" \
    --samples "$($QUICK && echo 500 || echo 2000)" | tee -a "$RESULTS" || die "hl-bench-commit failed"
}

# ---------------------------------------------------------------------------------------------------
# The kiosk under Xvfb: startup, tap-p95 and rss, each against hl-bench-gtk, the minimal GTK 4 program.

XVFB_PID= APP_PID=
cleanup () {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null
  return 0
}
trap cleanup EXIT

start_xvfb () {
  local fifo disp
  fifo=$WORK/xvfb.fifo
  rm -f "$fifo"; mkfifo "$fifo"
  Xvfb -displayfd 3 -screen 0 "${SCREEN}x24" -nolisten tcp -noreset 3>"$fifo" >/dev/null 2>&1 &
  XVFB_PID=$!
  read -r -t 20 disp <"$fifo" || die "Xvfb did not start"
  rm -f "$fifo"
  export DISPLAY=":$disp" GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory
}

# A pause that starts no process (a read that times out on a pipe nobody writes), so that waiting
# costs the measured program nothing.
open_tick () { rm -f "$WORK/tick"; mkfifo "$WORK/tick"; exec 8<>"$WORK/tick"; }
pause () { read -r -t "$1" -u 8 _ || true; }

# The trace (docs/kiosk.md) is read as it grows, on fd 7; a line still being written is kept for later.
open_trace () { exec 7<"$1"; PENDING=; }
next_line () {
  local part deadline=$(( $(now_us) + $1 * 1000000 ))
  while :; do
    if IFS= read -r -u 7 part; then LINE=$PENDING$part; PENDING=; return 0; fi
    PENDING+=$part
    [ "$(now_us)" -lt "$deadline" ] || return 1
    pause 0.002
  done
}
# wait_for PREFIX SECONDS: the next trace line that starts with PREFIX, in $LINE.
wait_for () { while next_line "$2"; do case $LINE in "$1"*) return 0 ;; esac; done; return 1; }

# launch TRACE COMMAND…: starts COMMAND with the trace on, through hl-bench-launch, which writes the
# instant of the start into the trace; waits for the first frame.
launch () {
  local trace=$1; shift
  : >"$trace"
  HAILONG_TRACE_FILE=$trace "$BENCH/hl-bench-launch" "$trace" "$@" >>"$WORK/gui.log" 2>&1 &
  APP_PID=$!
  open_trace "$trace"
  wait_for first-frame 60 || die "$1 painted nothing within 60 s (see $WORK/gui.log)"
}
stop_app () { kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null; APP_PID=; exec 7<&-; }
rss_kb () { awk '/^VmRSS:/ { print $2 }' "/proc/$APP_PID/status"; }

kiosk_args () { echo --db "$1" --config "$WORK/gui/kiosk.json" --survey-dir "$SURVEYS" --fullscreen; }

# Where the first face is: one run with the automation state (docs/kiosk.md), which the measured runs
# do without, as a kiosk in service does.
find_face () {
  local dir=$WORK/gui/layout box
  rm -rf "$dir"; mkdir -p "$dir"
  launch "$dir/trace" "$KIOSK" $(kiosk_args "$dir/kiosk.db") --automation-dir "$dir"
  for _ in $(seq 200); do
    box=$(awk '$1 == "widget" && $2 == "face-1" { print $3, $4, $5, $6 }' "$dir/state" 2>/dev/null)
    [ -n "$box" ] && break
    pause 0.05
  done
  stop_app
  [ -n "$box" ] || die "the kiosk showed no face-1 (see $WORK/gui.log)"
  read -r FACE_X FACE_Y FACE_W FACE_H <<<"$box"
  FACE_X=$((FACE_X + FACE_W / 2)) FACE_Y=$((FACE_Y + FACE_H / 2))
}

# startup: from the exec to the first frame painted, the kiosk (on a database it made in the warm-up run)
# and the minimal window in turns; run 0 of each only warms the caches. The minimal window's memory is
# read a second after its first frame, for `rss`.
bench_startup () {
  local i first start ms
  : >"$WORK/gui/startup-kiosk"; : >"$WORK/gui/startup-gtk"; : >"$WORK/gui/rss-gtk"
  rm -rf "$WORK/gui/start"; mkdir -p "$WORK/gui/start"
  for ((i = 0; i <= STARTS; i++)); do
    for prog in kiosk gtk; do
      if [ $prog = kiosk ]; then
        launch "$WORK/gui/start/trace" "$KIOSK" $(kiosk_args "$WORK/gui/start/kiosk.db")
      else
        launch "$WORK/gui/start/trace" "$BENCH/hl-bench-gtk"
      fi
      first=${LINE#first-frame }
      start=$(sed -n 's/^start //p' "$WORK/gui/start/trace" | head -n1)
      ms=$(awk -v a="$start" -v b="$first" 'BEGIN { printf "%.3f\n", (b - a) / 1000 }')
      if [ "$i" -gt 0 ]; then
        echo "$ms" >>"$WORK/gui/startup-$prog"
        if [ $prog = gtk ]; then pause 1; rss_kb >>"$WORK/gui/rss-gtk"; fi
      fi
      stop_app
    done
  done
  note "startup: $STARTS starts each; kiosk max $(percentile "$WORK/gui/startup-kiosk" 1) ms," \
       "minimal window max $(percentile "$WORK/gui/startup-gtk" 1) ms"
  fig startup "$(median "$WORK/gui/startup-kiosk")" "$(median "$WORK/gui/startup-gtk")" ms
}

# taps PROGRAM_NAME OUT X Y: TAPS pointer taps at (X, Y), the first face or the minimal program's button
# in the middle of the screen, each a tenth of a second after the first screen was painted again; the latency of each is
# from the release's GDK time (the X server's, on CLOCK_MONOTONIC) to the end of the first frame that
# shows the thank-you page. A touch moves the pointer to where it lands, so each tap does too, and a
# finger rests on the glass a while: the press is held HL_BENCH_TAP_HOLD_MS (default 80 ms). With
# xdotool's own 12 ms click the release usually comes before the frame that the press itself asked for
# has left its slot, and both programs' tails become the frame clock's 16.7 ms (docs/performance.md).
taps () {
  local name=$1 out=$2 x=$3 y=$4 i lost=0
  : >"$out"
  xdotool mousemove "$x" "$y"
  for ((i = 1; i <= TAPS; i++)); do
    pause 0.1
    xdotool mousemove $((x + i % 2)) "$y" mousedown 1 sleep "$TAP_HOLD" mouseup 1
    if ! wait_for "page thanks" 5; then
      lost=$((lost + 1))
      [ $lost -le 10 ] || die "$name: more than 10 taps showed no thank-you page"
      i=$((i - 1)); continue
    fi
    # GDK times are 32-bit milliseconds: compare modulo 2^32.
    awk 'function ms(us) { d = (us / 1000) % 4294967296 - $3; return d < -2147483648 ? d + 4294967296 : d }
         { printf "%.3f %.3f\n", ms($5), ms($4) }' <<<"$LINE" >>"$out"
    wait_for "page welcome" 5 || die "$name: the first screen did not come back after tap $i"
  done
  # The X server's clock and the program's must be one: the event is seen after it happened.
  awk '$2 < -1 || $2 > 1000 { bad++ } END { exit bad > 0 }' "$out" ||
    note "$name: event times and the monotonic clock disagree; tap latencies may be wrong"
  cut -d' ' -f1 "$out" >"$out.ms"
  [ $lost -eq 0 ] || note "$name: $lost taps were not seen and were made again"
}

# bench_taps [SUFFIX]: tap-p95 on the current screen; SUFFIX (-1024x600) names the figure and the files
# of the second screen size, measured in the same run with its own minimal-program baseline.
bench_taps () {
  local suf=${1:-} w=${SCREEN%x*} h=${SCREEN#*x}
  launch "$WORK/gui/tap-kiosk$suf.trace" env HL_BENCH_SECOND_MS=50 LD_PRELOAD="$BENCH/hl-bench-timers.so" \
    "$KIOSK" $(kiosk_args "$WORK/gui/tap$suf.db")
  taps kiosk$suf "$WORK/gui/tap-kiosk$suf" "$FACE_X" "$FACE_Y"
  stop_app
  launch "$WORK/gui/tap-gtk$suf.trace" env HL_BENCH_THANKS_MS=50 "$BENCH/hl-bench-gtk"
  taps minimal$suf "$WORK/gui/tap-gtk$suf" $((w / 2)) $((h / 2))
  stop_app
  note "tap$suf: $TAPS taps each; kiosk median $(median "$WORK/gui/tap-kiosk$suf.ms") ms," \
       "max $(percentile "$WORK/gui/tap-kiosk$suf.ms" 1) ms; minimal median $(median "$WORK/gui/tap-gtk$suf.ms") ms," \
       "max $(percentile "$WORK/gui/tap-gtk$suf.ms" 1) ms"
  fig tap-p95$suf "$(percentile "$WORK/gui/tap-kiosk$suf.ms" 0.95)" "$(percentile "$WORK/gui/tap-gtk$suf.ms" 0.95)" ms
}

# tap-p95-gl: the same taps with GTK's GL renderer for both programs (GSK_RENDERER=gl), which Mesa's
# llvmpipe provides under Xvfb: OpenGL drawn by the CPU, so slower than cairo here, but the path a kiosk
# with a GPU takes. Each program's trace names the renderer that drew it; a program that fell back to
# another one is said so, and no figure is given.
renderer_of () { sed -n 's/^renderer //p' "$1" | head -n1; }
bench_taps_gl () {
  local kr gr suf=${1:-} w=${SCREEN%x*} h=${SCREEN#*x}
  launch "$WORK/gui/tap-kiosk-gl$suf.trace" env GSK_RENDERER=gl HL_BENCH_SECOND_MS=50 \
    LD_PRELOAD="$BENCH/hl-bench-timers.so" "$KIOSK" $(kiosk_args "$WORK/gui/tap-gl$suf.db")
  kr=$(renderer_of "$WORK/gui/tap-kiosk-gl$suf.trace")
  [ "$kr" = GskGLRenderer ] && taps kiosk-gl$suf "$WORK/gui/tap-kiosk-gl$suf" "$FACE_X" "$FACE_Y"
  stop_app
  launch "$WORK/gui/tap-gtk-gl$suf.trace" env GSK_RENDERER=gl HL_BENCH_THANKS_MS=50 "$BENCH/hl-bench-gtk"
  gr=$(renderer_of "$WORK/gui/tap-gtk-gl$suf.trace")
  [ "$gr" = GskGLRenderer ] && taps minimal-gl$suf "$WORK/gui/tap-gtk-gl$suf" $((w / 2)) $((h / 2))
  stop_app
  if [ "$kr" != GskGLRenderer ] || [ "$gr" != GskGLRenderer ]; then
    note "tap-p95-gl$suf: GSK_RENDERER=gl gave the kiosk ${kr:-no renderer} and the minimal program" \
         "${gr:-no renderer}: no figure"
    return 0
  fi
  note "tap-gl$suf: $TAPS taps each; kiosk median $(median "$WORK/gui/tap-kiosk-gl$suf.ms") ms," \
       "max $(percentile "$WORK/gui/tap-kiosk-gl$suf.ms" 1) ms; minimal median $(median "$WORK/gui/tap-gtk-gl$suf.ms") ms," \
       "max $(percentile "$WORK/gui/tap-gtk-gl$suf.ms" 1) ms"
  fig tap-p95-gl$suf "$(percentile "$WORK/gui/tap-kiosk-gl$suf.ms" 0.95)" "$(percentile "$WORK/gui/tap-gtk-gl$suf.ms" 0.95)" ms
}

# rss: the kiosk's resident memory after RSS_LATE responses against after RSS_EARLY, in one process. The
# responses come from key 1 (kiosk.choose, the action a face's tap triggers) as fast as the kiosk takes
# them, with the thank-you page shortened to a millisecond by hl-bench-timers; keys that land on the
# thank-you page are ignored by the kiosk, as taps there are.
responses_in () { sqlite3 -readonly "$1" "SELECT count(*) FROM responses" 2>/dev/null || echo 0; }
press_until () {
  local db=$1 target=$2 n
  n=$(responses_in "$db")
  while [ "$n" -lt "$target" ]; do
    xdotool key --delay 5 --repeat $(( (target - n) * 3 / 2 + 1 < 2000 ? (target - n) * 3 / 2 + 1 : 2000 )) 1
    n=$(responses_in "$db")
  done
  echo "$n"
}

bench_rss () {
  local db=$WORK/gui/rss.db early late n_early n_late t0 t1
  rm -f "$db"*
  launch "$WORK/gui/rss.trace" env HL_BENCH_SECOND_MS=1 LD_PRELOAD="$BENCH/hl-bench-timers.so" \
    "$KIOSK" $(kiosk_args "$db")
  t0=$(now_us)
  n_early=$(press_until "$db" $RSS_EARLY); pause 1; early=$(rss_kb)
  n_late=$(press_until "$db" $RSS_LATE); pause 1; late=$(rss_kb)
  t1=$(now_us)
  stop_app
  note "rss: $early kB after $n_early responses, $late kB after $n_late ($(( (t1 - t0) / 1000000 )) s);" \
       "growth $(( late - early )) kB; minimal window $(median "$WORK/gui/rss-gtk") kB"
  fig rss "$(awk -v k="$late" 'BEGIN { print k / 1024 }')" "$(awk -v k="$early" 'BEGIN { print k / 1024 }')" MB
  fig rss-gtk "$(awk -v k="$late" 'BEGIN { print k / 1024 }')" \
    "$(awk -v k="$(median "$WORK/gui/rss-gtk")" 'BEGIN { print k / 1024 }')" MB
}

bench_gui () {
  rm -rf "$WORK/gui"; mkdir -p "$WORK/gui"
  : >"$WORK/gui.log"
  # Every tap a counted response (no response interval); the thank-you page as short as allowed.
  sed -e 's/"response_interval": [0-9]*/"response_interval": 0/' -e 's/"thanks_timeout": [0-9]*/"thanks_timeout": 1/' \
      "$DEMO_CONFIG" >"$WORK/gui/kiosk.json"
  start_xvfb
  open_tick
  find_face
  bench_startup
  bench_taps
  bench_taps_gl
  bench_rss
  kill "$XVFB_PID" 2>/dev/null; wait "$XVFB_PID" 2>/dev/null; XVFB_PID=
  # The 10-inch kiosk's screen in the same run: a second X server of that size, the face found again
  # there, the taps (cairo, then GL) each against the minimal program at that size. Not repeated when
  # HL_BENCH_SCREEN is already that size.
  if [ "${HL_BENCH_SMALL:-1}" != 0 ] && [ "$SCREEN" != "$SMALL_SCREEN" ]; then
    local big=$SCREEN
    SCREEN=$SMALL_SCREEN
    start_xvfb
    find_face
    bench_taps "-$SMALL_SCREEN"
    bench_taps_gl "-$SMALL_SCREEN"
    kill "$XVFB_PID" 2>/dev/null; wait "$XVFB_PID" 2>/dev/null; XVFB_PID=
    SCREEN=$big
  fi
}

# ---------------------------------------------------------------------------------------------------
# index-*: `hailong index --by counter,officer,procedure` on RESPONSES responses made by `hailong
# simulate` (KIOSKS kiosks at their own counters over DAYS days, committed in batches), against the plain
# GROUP BY over every answer of the same period that the rollups spare the dashboard.

INDEX_DB=$WORK/index.db

make_index_db () {
  local t0 t1
  rm -rf "$INDEX_DB" "$INDEX_DB"-* "$INDEX_DB".*key "$INDEX_DB".backups "$INDEX_DB".check-failed
  t0=$(now_us)
  "$HAILONG" simulate --db "$INDEX_DB" --config "$DEMO_CONFIG" --survey-dir "$SURVEYS" --responses "$RESPONSES" \
    --days "$DAYS" --kiosks "$KIOSKS" --batch 10000 --quiet >/dev/null || die "hailong simulate failed"
  t1=$(now_us)
  note "index: $RESPONSES responses simulated at $KIOSKS kiosks over $DAYS days in $(( (t1 - t0) / 1000000 )) s;" \
       "$(sqlite3 -readonly "$INDEX_DB" "SELECT count(*) || ' answers, ' || (SELECT sum(is_repeat) FROM responses)
         || ' repeats, ' || (SELECT sum(burst) FROM responses) || ' in bursts; rollup rows: '
         || (SELECT count(*) FROM day_counts) || ' day_counts, ' || (SELECT count(*) FROM burst_counts)
         || ' burst_counts' FROM answers")"
}

bench_index () {
  local today from name out
  make_index_db
  today=$(date +%F)
  for name in today month year; do
    case $name in
      today) from=$today ;;
      month) from=$(date -d '-29 days' +%F) ;;
      year) from=$(date -d '-364 days' +%F) ;;
    esac
    out=$WORK/index-$name
    : >"$out"; : >"$out.base"
    time_ms "$HAILONG" index --db "$INDEX_DB" --from "$from" --to "$today" --by counter,officer,procedure >/dev/null
    for ((i = 0; i < INDEX_RUNS; i++)); do
      time_ms "$HAILONG" index --db "$INDEX_DB" --from "$from" --to "$today" --by counter,officer,procedure >>"$out"
    done
    for ((i = 0; i < GROUPBY_RUNS; i++)); do
      time_ms sqlite3 -readonly "$INDEX_DB" \
        "SELECT r.counter_code, r.officer_code, r.procedure_code, r.survey_id, r.survey_version, a.question_id,
                a.value, count(*)
           FROM answers a JOIN responses r ON r.id = a.response
          WHERE r.day BETWEEN '$from' AND '$today' AND r.is_repeat = 0
          GROUP BY 1, 2, 3, 4, 5, 6, 7" >>"$out.base"
    done
    note "index-$name ($from … $today): $INDEX_RUNS runs, max $(percentile "$out" 1) ms;" \
         "GROUP BY $GROUPBY_RUNS runs"
    fig "index-$name" "$(median "$out")" "$(median "$out.base")" ms
  done
}

# ---------------------------------------------------------------------------------------------------
# startup-1m, startup-10m (group startup-big): the kiosk's start on the index's database (RESPONSES
# responses, 0.4 or 3.8 GB), from the exec to the first frame painted, against the minimal window in turns,
# as `startup` does on a small one. The integrity check (PRAGMA quick_check of the whole file) runs after
# the first frame on a thread of its own (docs/storage.md); when its verdict came (the trace's `checked`
# line, from which on ratings are taken) is a note.

bench_startup_big () {
  local dir=$WORK/startup-big i prog first start ms checked label
  label=$(awk -v n="$RESPONSES" 'BEGIN { if (n % 1000000 == 0) print n / 1000000 "m"; else print n / 1000 "k" }')
  rm -rf "$dir"; mkdir -p "$dir"
  : >"$WORK/gui.log"
  sed -e 's/"response_interval": [0-9]*/"response_interval": 0/' "$DEMO_CONFIG" >"$dir/kiosk.json"
  start_xvfb
  open_tick
  : >"$dir/kiosk"; : >"$dir/gtk"
  for ((i = 0; i <= STARTS; i++)); do
    for prog in kiosk gtk; do
      if [ $prog = kiosk ]; then
        launch "$dir/trace" "$KIOSK" --db "$INDEX_DB" --config "$dir/kiosk.json" --survey-dir "$SURVEYS" --fullscreen
      else
        launch "$dir/trace" "$BENCH/hl-bench-gtk"
      fi
      first=${LINE#first-frame }
      start=$(sed -n 's/^start //p' "$dir/trace" | head -n1)
      ms=$(awk -v a="$start" -v b="$first" 'BEGIN { printf "%.3f\n", (b - a) / 1000 }')
      [ "$i" -gt 0 ] && echo "$ms" >>"$dir/$prog"
      # The last kiosk runs on until its check has answered.
      if [ $prog = kiosk ] && [ "$i" -eq "$STARTS" ]; then
        wait_for checked 1800 || die "the kiosk's integrity check gave no verdict on $INDEX_DB (see $WORK/gui.log)"
        checked=$(awk -v a="$start" -v b="${LINE#checked }" 'BEGIN { printf "%.1f", (b - a) / 1000000 }')
      fi
      stop_app
    done
  done
  kill "$XVFB_PID" 2>/dev/null; wait "$XVFB_PID" 2>/dev/null; XVFB_PID=
  # Killed before or while it made the day's backup of the big file: whatever it left goes.
  rm -rf "$INDEX_DB.backups"
  note "startup-$label: $STARTS starts each on $INDEX_DB ($(du -m "$INDEX_DB" | cut -f1) MB); kiosk max" \
       "$(percentile "$dir/kiosk" 1) ms, minimal window max $(percentile "$dir/gtk" 1) ms; the integrity check's" \
       "verdict ${checked} s after the exec (ratings are taken from then on)"
  fig "startup-$label" "$(median "$dir/kiosk")" "$(median "$dir/gtk")" ms
}

# ---------------------------------------------------------------------------------------------------
# province-index-year: `hailong index --by unit` over a year of a province's database, PINDEX_UNITS ×
# PINDEX_KIOSKS_PER_UNIT kiosks (PINDEX_RESPONSES responses), against the plain GROUP BY by unit over
# every answer of the same year. Issue: under 1 s at 1,000 kiosks and 10 M responses (`make bench`).

if $QUICK; then
  PINDEX_UNITS=100 PINDEX_KIOSKS_PER_UNIT=10 PINDEX_RESPONSES=1000000
else
  PINDEX_UNITS=100 PINDEX_KIOSKS_PER_UNIT=10 PINDEX_RESPONSES=10000000
fi
# HL_BENCH_PINDEX_UNITS and HL_BENCH_PINDEX_RESPONSES make it smaller (or larger) than the size's default.
PINDEX_UNITS=${HL_BENCH_PINDEX_UNITS:-$PINDEX_UNITS}
PINDEX_RESPONSES=${HL_BENCH_PINDEX_RESPONSES:-$PINDEX_RESPONSES}
PINDEX_DB=$WORK/province-index.db

# The province's database, made by `hailong simulate` alone: one simulated database per unit (its kiosks at
# counters of their own, over DAYS days, each with its own key), each under a configuration that names its
# unit, then put together into one file with sqlite3: responses and answers under row numbers moved past
# the ones before, and the rollups as they are (those of different kiosks never share a key). The chains
# stay behind, as at a province, which holds its own row numbers (only the first unit's is in the file,
# its rows unmoved). The rollup guards are lifted for the copy only and made again from their own SQL.
make_province_db () {
  local dir=$WORK/province-index u part t0 t1 per_unit guards drops
  rm -rf "$dir"; mkdir -p "$dir"; rm -f "$PINDEX_DB" "$PINDEX_DB"-*
  per_unit=$((PINDEX_RESPONSES / PINDEX_UNITS))
  t0=$(now_us)
  for ((u = 1; u <= PINDEX_UNITS; u++)); do
    part=$dir/unit-$u.db
    sed -e "s/\"code\": \"LC-XA-BACHA\"/\"code\": \"LC-XA-$(printf %03d "$u")\"/" "$DEMO_CONFIG" >"$dir/kiosk-$u.json"
    "$HAILONG" simulate --db "$part" --config "$dir/kiosk-$u.json" --survey-dir "$SURVEYS" --responses "$per_unit" \
      --days "$DAYS" --kiosks "$PINDEX_KIOSKS_PER_UNIT" --batch 10000 --seed "$u" --quiet >/dev/null ||
      die "hailong simulate of unit $u failed"
  done
  sqlite3 "$dir/unit-1.db" "VACUUM INTO '$PINDEX_DB'" || die "copying unit 1 failed"
  guards=$(sqlite3 "$PINDEX_DB" "SELECT group_concat (sql, '; ') || ';' FROM sqlite_master
                                     WHERE type = 'trigger' AND name GLOB '*_guard_*'")
  drops=$(sqlite3 "$PINDEX_DB" "SELECT group_concat ('DROP TRIGGER ' || name, '; ') || ';' FROM sqlite_master
                                    WHERE type = 'trigger' AND name GLOB '*_guard_*'")
  {
    echo "PRAGMA journal_mode = WAL; BEGIN; $drops"
    for ((u = 2; u <= PINDEX_UNITS; u++)); do
      cat <<SQL
ATTACH '$dir/unit-$u.db' AS part;
CREATE TEMP TABLE offsets AS SELECT (SELECT max (id) FROM main.responses) AS r, (SELECT max (id) FROM main.answers) AS a;
INSERT INTO main.responses SELECT id + (SELECT r FROM offsets), kiosk_id, response_id, seq, recorded_at, recorded_utc,
  day, unit_code, counter_code, officer_code, procedure_code, field_code, survey_id, survey_version, is_repeat,
  ticket_hash, burst, detail_of + (SELECT r FROM offsets) FROM part.responses ORDER BY id;
INSERT INTO main.answers SELECT id + (SELECT a FROM offsets), response + (SELECT r FROM offsets), question_id, value,
  replaces + (SELECT a FROM offsets) FROM part.answers ORDER BY id;
INSERT INTO main.day_counts SELECT * FROM part.day_counts;
INSERT INTO main.burst_counts SELECT * FROM part.burst_counts;
INSERT INTO main.month_counts SELECT * FROM part.month_counts;
INSERT INTO main.month_burst_counts SELECT * FROM part.month_burst_counts;
DROP TABLE offsets;
COMMIT; DETACH part; BEGIN;
SQL
    done
    echo "$guards COMMIT;"
  } | sqlite3 -bail "$PINDEX_DB" >/dev/null || die "putting the province's database together failed"
  t1=$(now_us)
  rm -rf "$dir"
  note "province: $PINDEX_RESPONSES responses simulated at $((PINDEX_UNITS * PINDEX_KIOSKS_PER_UNIT)) kiosks" \
       "in $PINDEX_UNITS units over $DAYS days and put together in $(( (t1 - t0) / 1000000 )) s;" \
       "$(sqlite3 -readonly "$PINDEX_DB" "SELECT (SELECT count(*) FROM responses) || ' responses, '
         || (SELECT count(DISTINCT kiosk_id) FROM responses) || ' kiosks, ' || count(*) || ' answers; rollup rows: '
         || (SELECT count(*) FROM day_counts) || ' day_counts, ' || (SELECT count(*) FROM month_counts)
         || ' month_counts' FROM answers")"
}

bench_province_index () {
  local today from out=$WORK/province-index-year
  make_province_db
  today=$(date +%F)
  from=$(date -d '-364 days' +%F)
  : >"$out"; : >"$out.base"
  time_ms "$HAILONG" index --db "$PINDEX_DB" --from "$from" --to "$today" --by unit >/dev/null
  for ((i = 0; i < INDEX_RUNS; i++)); do
    time_ms "$HAILONG" index --db "$PINDEX_DB" --from "$from" --to "$today" --by unit >>"$out"
  done
  for ((i = 0; i < GROUPBY_RUNS; i++)); do
    time_ms sqlite3 -readonly "$PINDEX_DB" \
      "SELECT r.unit_code, r.survey_id, r.survey_version, a.question_id, a.value, count(*)
         FROM answers a JOIN responses r ON r.id = a.response
        WHERE r.day BETWEEN '$from' AND '$today' AND r.is_repeat = 0
        GROUP BY 1, 2, 3, 4, 5" >>"$out.base"
  done
  note "province-index-year ($from … $today, by unit): $INDEX_RUNS runs, max $(percentile "$out" 1) ms;" \
       "GROUP BY $GROUPBY_RUNS runs"
  fig province-index-year "$(median "$out")" "$(median "$out.base")" ms
  [ -n "${HL_BENCH_KEEP:-}" ] || rm -f "$PINDEX_DB" "$PINDEX_DB"-*
}

# ---------------------------------------------------------------------------------------------------
# import: `hailong import` of a hailong-csv/1 file of IMPORT_ROWS answer rows (the simulated kiosks'
# answers, written out by sqlite3) into a new database, against sqlite3's .import of the same file into a
# plain table of a new database.

bench_import () {
  local csv=$WORK/import.csv ms base
  sqlite3 -readonly -csv -header "$INDEX_DB" \
    "SELECT r.response_id, r.kiosk_id, r.recorded_at, r.unit_code AS unit, r.counter_code AS counter,
            r.officer_code AS officer, r.procedure_code AS procedure, r.field_code AS field, r.survey_id,
            r.survey_version, a.question_id, a.value
       FROM answers a JOIN responses r ON r.id = a.response ORDER BY a.id LIMIT $IMPORT_ROWS" >"$csv" ||
    die "cannot write $csv"
  rm -f "$WORK/import.db"* "$WORK/plain.db"*
  ms=$(time_ms "$HAILONG" import --db "$WORK/import.db" --survey-dir "$SURVEYS" "$csv")
  base=$(time_ms sqlite3 "$WORK/plain.db" ".import --csv $csv answers")
  note "import: $(( $(wc -l <"$csv") - 1 )) answer rows, $(du -m "$csv" | cut -f1) MB"
  fig import "$(awk -v m="$ms" 'BEGIN { print m / 1000 }')" "$(awk -v m="$base" 'BEGIN { print m / 1000 }')" s
  rm -f "$WORK/import.db"* "$WORK/plain.db"* "$csv"
}

# ---------------------------------------------------------------------------------------------------
# dashboard-open, dashboard-period: the supervisor's dashboard of the real kiosk under Xvfb on the index
# database, from its timing trace (docs/kiosk.md): from the dashboard being built (the PIN was right) to
# the first frame painted with today's figures, against `hailong index` of today run from the shell; and
# from the tap on a period's button (its X event time) to the first frame with that period's figures and
# the 30-day trend, against `hailong index --by officer` of the same period. Both baselines are the same
# figures computed by a process of its own, start-up included: what a supervisor would wait for without
# the kiosk.

DASH_PIN=2468

bench_dashboard () {
  local dir=$WORK/dashboard today i name page step from x y w h periods=(year month quarter week day)
  [ -f "$INDEX_DB" ] || make_index_db
  rm -rf "$dir"; mkdir -p "$dir"
  : >"$WORK/gui.log"
  sed -e 's/"response_interval": [0-9]*/"response_interval": 0, "supervisor": {"key": "F10", "logout_timeout": 600}/' \
    "$DEMO_CONFIG" >"$dir/kiosk.json"
  start_xvfb
  open_tick
  # A database of an earlier run may have a PIN: forgotten, so that the assistant runs.
  "$HAILONG" pin reset --db "$INDEX_DB" >/dev/null || die "hailong pin reset failed"
  # One run with the automation state: the first-start assistant sets the PIN, and the buttons' boxes
  # are read. The measured runs do without it, as a kiosk in service does.
  HL_KIOSK=$KIOSK
  . "$SRC/tests/ui/kiosk-driver.sh"
  HL_AUTOMATION_DIR=$dir/layout HL_LAST_COUNTER=0
  mkdir -p "$HL_AUTOMATION_DIR"
  "$KIOSK" --db "$INDEX_DB" --config "$dir/kiosk.json" --survey-dir "$SURVEYS" --fullscreen \
    --automation-dir "$HL_AUTOMATION_DIR" >>"$WORK/gui.log" 2>&1 &
  APP_PID=$!
  hl_wait_page welcome 120 || die "the kiosk did not start on $INDEX_DB (see $WORK/gui.log)"
  xdotool key F10; hl_wait_page supervisor-setup-pin || die "F10 did not open the assistant"
  xdotool type --delay 50 "$DASH_PIN"; xdotool key Return; hl_wait_page supervisor-setup-repeat || die "no repeat"
  xdotool type --delay 50 "$DASH_PIN"; xdotool key Return; hl_wait_page supervisor-setup-confirm || die "no confirm"
  for step in "setup-confirm supervisor-setup-enrol" "setup-done dashboard-today" "dash-tab-history dashboard-history"; do
    read -r name page <<<"$step"
    read -r x y w h <<<"$(hl_box $name)"
    [ -n "$h" ] || die "no button $name"
    xdotool mousemove $((x + w / 2)) $((y + h / 2)) click 1
    hl_wait_page "$page" 60 || die "no $page after $name"
  done
  declare -A BOX
  for name in dash-tab-history dash-logout "${periods[@]/#/dash-period-}"; do
    read -r x y w h <<<"$(hl_box "$name")"
    [ -n "$h" ] || die "no button $name"
    BOX[$name]="$((x + w / 2)) $((y + h / 2))"
  done
  stop_app 2>/dev/null || { kill "$APP_PID"; wait "$APP_PID"; APP_PID=; }

  launch "$dir/trace" "$KIOSK" --db "$INDEX_DB" --config "$dir/kiosk.json" --survey-dir "$SURVEYS" --fullscreen
  # After its first frame the kiosk checks the file and then makes the day's backup, on a thread
  # (docs/storage.md): the dashboard is measured once both are done, as on a kiosk that has run a while.
  wait_for checked 1800 || die "the kiosk's integrity check gave no verdict (see $WORK/gui.log)"
  for ((i = 0; i < 18000; i++)); do [ -f "$INDEX_DB.backups/$(date +%F).db" ] && break; pause 0.1; done
  : >"$dir/open"; : >"$dir/period"
  for ((i = 0; i <= INDEX_RUNS; i++)); do
    pause 0.3
    xdotool key F10; pause 0.3
    xdotool type --delay 30 "$DASH_PIN"; xdotool key Return
    wait_for "dashboard open" 60 || die "the dashboard did not open (run $i)"
    [ "$i" -gt 0 ] && awk '{ printf "%.3f\n", ($4 - $3) / 1000 }' <<<"$LINE" >>"$dir/open"
    read -r x y <<<"${BOX[dash-tab-history]}"
    xdotool mousemove "$x" "$y" mousedown 1 sleep "$TAP_HOLD" mouseup 1
    wait_for "dashboard period" 60 || die "the history did not show (run $i)"
    for name in "${periods[@]}"; do
      pause 0.2
      read -r x y <<<"${BOX[dash-period-$name]}"
      xdotool mousemove $((x + i % 2)) "$y" mousedown 1 sleep "$TAP_HOLD" mouseup 1
      wait_for "dashboard period $name" 60 || die "period $name did not show (run $i)"
      [ "$i" -gt 0 ] && awk 'function ms(us) { d = (us / 1000) % 4294967296 - $4; return d < -2147483648 ? d + 4294967296 : d }
                             { printf "%.3f\n", ms($6) }' <<<"$LINE" >>"$dir/period"
    done
    read -r x y <<<"${BOX[dash-logout]}"
    xdotool mousemove "$x" "$y" click 1
  done
  stop_app
  kill "$XVFB_PID" 2>/dev/null; wait "$XVFB_PID" 2>/dev/null; XVFB_PID=

  today=$(date +%F)
  : >"$dir/open.base"; : >"$dir/period.base"
  for ((i = 0; i < INDEX_RUNS; i++)); do
    time_ms "$HAILONG" index --db "$INDEX_DB" --config "$dir/kiosk.json" --from "$today" --to "$today" --format json >>"$dir/open.base"
    for name in "${periods[@]}"; do
      case $name in
        day) from=$today ;;
        week) from=$(date -d "-$(( ($(date +%u) + 6) % 7 )) days" +%F) ;;
        month) from=$(date +%Y-%m-01) ;;
        quarter) from=$(date +%Y)-$(printf %02d $(( ( ($(date +%-m) - 1) / 3) * 3 + 1 )))-01 ;;
        year) from=$(date +%Y-01-01) ;;
      esac
      time_ms "$HAILONG" index --db "$INDEX_DB" --config "$dir/kiosk.json" --from "$from" --to "$today" --by officer \
        --format json >>"$dir/period.base"
    done
  done
  note "dashboard: $INDEX_RUNS openings, $(wc -l <"$dir/period") period changes (${periods[*]});" \
       "open max $(percentile "$dir/open" 1) ms, period max $(percentile "$dir/period" 1) ms"
  fig dashboard-open "$(median "$dir/open")" "$(median "$dir/open.base")" ms
  fig dashboard-period "$(median "$dir/period")" "$(median "$dir/period.base")" ms
}

# import-bundle: `hailong import` of an export bundle of BUNDLE_RESPONSES responses (one simulated kiosk;
# verified — signature, every link hashed again, the file's digest — then copied and its days counted
# again), against copying the same rows (responses, answers, chain) from the bundle into a new SQLite file
# with ATTACH and INSERT … SELECT, the least any import of a bundle does.

BUNDLE_RESPONSES=${HL_BENCH_BUNDLE_RESPONSES:-100000} BUNDLE_RUNS=3

# The floor of a bundle's import, printed beside the two figures below (a note, not a baseline): the same
# rows copied into the province's own schema, its tables and indexes without its triggers, with the
# store's journaling (WAL, synchronous FULL, foreign keys on), nothing checked or counted.
# province_schema DB: that schema's SQL, read off a province database `hailong import` made.
province_schema () {
  echo "PRAGMA journal_mode = WAL;"
  sqlite3 -readonly "$1" "SELECT sql || ';' FROM sqlite_schema WHERE type IN ('table', 'index') AND sql IS NOT NULL
    AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index'"
}
# floor_sql BUNDLE: the statements that copy one bundle's rows into such a database, in one transaction
# (the responses and answers under row ids after those held, the replacing answers left out).
floor_sql () {
  cat <<SQL
ATTACH '$1' AS b; BEGIN;
INSERT OR IGNORE INTO surveys SELECT survey_id, version, definition, digest FROM b.surveys;
CREATE TEMP TABLE o AS SELECT coalesce((SELECT max(id) FROM main.responses), 0) AS r,
  coalesce((SELECT max(id) FROM main.answers), 0) AS a;
INSERT INTO responses (id, kiosk_id, response_id, seq, recorded_at, recorded_utc, day, unit_code, counter_code,
  officer_code, procedure_code, field_code, survey_id, survey_version, is_repeat, ticket_hash, burst)
  SELECT id + (SELECT r FROM o), kiosk_id, response_id, NULL, recorded_at, recorded_utc, day, unit_code, counter_code,
  officer_code, procedure_code, field_code, survey_id, survey_version, is_repeat, ticket_hash, burst
  FROM b.responses ORDER BY id;
INSERT INTO answers (id, response, question_id, value) SELECT id + (SELECT a FROM o), response + (SELECT r FROM o),
  question_id, value FROM b.answers WHERE replaces IS NULL ORDER BY id;
INSERT INTO kiosk_links (kiosk_id, link, seq, prev, hash) SELECT kiosk_id, link, NULL, hash, hash FROM b.chain;
DROP TABLE o; COMMIT; DETACH b;
SQL
}

bench_bundle () {
  local kiosk=$WORK/bundle-kiosk.db bundle=$WORK/bundle.hlb ms base t0 t1 i
  rm -f "$kiosk" "$kiosk"-* "$kiosk".key "$bundle" "$WORK/bundle-province.db"* "$WORK/bundle-plain.db"*
  t0=$(now_us)
  "$HAILONG" simulate --db "$kiosk" --config "$DEMO_CONFIG" --survey-dir "$SURVEYS" --responses "$BUNDLE_RESPONSES" \
    --days 30 --batch 10000 --quiet >/dev/null || die "hailong simulate failed"
  "$HAILONG" export --db "$kiosk" --output "$bundle" >/dev/null || die "hailong export failed"
  t1=$(now_us)
  note "import-bundle: $BUNDLE_RESPONSES responses simulated and exported in $(( (t1 - t0) / 1000000 )) s;" \
       "bundle $(du -m "$bundle" | cut -f1) MB, $(sqlite3 -readonly "$bundle" 'SELECT count(*) FROM answers') answers"
  # BUNDLE_RUNS runs of each in turns, each into a new file; the medians are compared (the machine is shared).
  : >"$WORK/bundle.ms"; : >"$WORK/bundle.base"; : >"$WORK/bundle.floor"
  for ((i = 0; i < BUNDLE_RUNS; i++)); do
    rm -f "$WORK/bundle-province.db"* "$WORK/bundle-plain.db"* "$WORK/bundle-floor.db"*
    time_ms "$HAILONG" import --db "$WORK/bundle-province.db" --trust-new "$bundle" >>"$WORK/bundle.ms"
    province_schema "$WORK/bundle-province.db" | sqlite3 "$WORK/bundle-floor.db" >/dev/null
    { echo "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"; floor_sql "$bundle"; } >"$WORK/bundle-floor.sql"
    time_ms sqlite3 "$WORK/bundle-floor.db" ".read $WORK/bundle-floor.sql" >>"$WORK/bundle.floor"
    time_ms sqlite3 "$WORK/bundle-plain.db" "ATTACH '$bundle' AS b;
      CREATE TABLE responses AS SELECT * FROM b.responses WHERE 0; INSERT INTO responses SELECT * FROM b.responses;
      CREATE TABLE answers AS SELECT * FROM b.answers WHERE 0; INSERT INTO answers SELECT * FROM b.answers;
      CREATE TABLE chain AS SELECT * FROM b.chain WHERE 0; INSERT INTO chain SELECT * FROM b.chain;" \
      >>"$WORK/bundle.base"
    [ "$(sqlite3 -readonly "$WORK/bundle-province.db" 'SELECT count(*) FROM responses')" = "$BUNDLE_RESPONSES" ] ||
      die "import-bundle: the province does not hold the $BUNDLE_RESPONSES responses"
  done
  ms=$(median "$WORK/bundle.ms") base=$(median "$WORK/bundle.base")
  note "import-bundle: $BUNDLE_RUNS runs each; import $(sort -g "$WORK/bundle.ms" | tr '\n' ' ')ms," \
       "copy $(sort -g "$WORK/bundle.base" | tr '\n' ' ')ms"
  note "import-bundle: the floor (the rows into the province's schema, nothing checked):" \
       "$(sort -g "$WORK/bundle.floor" | tr '\n' ' ')ms, $(awk -v f="$(median "$WORK/bundle.floor")" -v b="$base" \
       'BEGIN { printf "%.2f", f / b }') times the copy"
  fig import-bundle "$(awk -v m="$ms" 'BEGIN { print m / 1000 }')" "$(awk -v m="$base" 'BEGIN { print m / 1000 }')" s
  rm -f "$kiosk" "$kiosk"-* "$kiosk".key "$bundle" "$WORK/bundle-province.db"* "$WORK/bundle-plain.db"* \
    "$WORK/bundle-floor.db"* "$WORK/bundle-floor.sql" "$WORK/bundle.ms" "$WORK/bundle.base" "$WORK/bundle.floor"
}

# ---------------------------------------------------------------------------------------------------
# province-import: `hailong import --trust-new` of PROVINCE_KIOSKS kiosks' bundles (PROVINCE_RESPONSES
# responses in all, each kiosk simulated on its own over 30 days with its own key and exported with
# `hailong export`, the real export code) into a new province database in one call, against copying the
# same rows (responses, answers, chain) of every bundle into one new SQLite file with ATTACH and INSERT …
# SELECT, one transaction per bundle, in one sqlite3 process. The bundles are made once and kept under
# $WORK/province (made again when the sizes change); HL_BENCH_PROVINCE_KIOSKS and _RESPONSES change them.

if $QUICK; then
  PROVINCE_KIOSKS=100 PROVINCE_RESPONSES=1000000
else
  PROVINCE_KIOSKS=1000 PROVINCE_RESPONSES=10000000
fi
PROVINCE_KIOSKS=${HL_BENCH_PROVINCE_KIOSKS:-$PROVINCE_KIOSKS}
PROVINCE_RESPONSES=${HL_BENCH_PROVINCE_RESPONSES:-$PROVINCE_RESPONSES}

# make_province_bundle N: kiosk N's bundle (two at a time through xargs: the machine has two cores).
make_province_bundle () {
  local n=$1 dir=$WORK/province db
  db=$dir/k$n.db
  rm -f "$db" "$db"-* "$db".key
  "$HAILONG" simulate --db "$db" --config "$DEMO_CONFIG" --survey-dir "$SURVEYS" --seed "$n" \
    --responses $((PROVINCE_RESPONSES / PROVINCE_KIOSKS)) --days 30 --batch 10000 --quiet >/dev/null &&
    "$HAILONG" export --db "$db" --output "$dir/bundles/k$(printf %05d "$n").hlb" >/dev/null
  local rc=$?
  rm -f "$db" "$db"-* "$db".key
  return $rc
}

bench_province () {
  local dir=$WORK/province sizes t0 t1 ms base floor n
  sizes="$PROVINCE_KIOSKS $PROVINCE_RESPONSES"
  if [ "$(cat "$dir/sizes" 2>/dev/null)" != "$sizes" ]; then
    rm -rf "$dir"; mkdir -p "$dir/bundles"
    t0=$(now_us)
    export -f make_province_bundle
    export HAILONG DEMO_CONFIG SURVEYS WORK PROVINCE_RESPONSES PROVINCE_KIOSKS
    seq "$PROVINCE_KIOSKS" | xargs -P 2 -I{} bash -c 'make_province_bundle {}' ||
      die "province-import: making the bundles failed"
    echo "$sizes" >"$dir/sizes"
    t1=$(now_us)
    note "province-import: $PROVINCE_KIOSKS bundles of $((PROVINCE_RESPONSES / PROVINCE_KIOSKS)) responses made in" \
         "$(( (t1 - t0) / 1000000 )) s, $(du -sm "$dir/bundles" | cut -f1) MB"
  fi
  rm -f "$dir/province.db"* "$dir/plain.db"* "$dir/floor.db"*
  ms=$(time_ms "$HAILONG" import --db "$dir/province.db" --trust-new "$dir"/bundles/*.hlb)
  {
    echo "CREATE TABLE responses AS SELECT * FROM (SELECT 0) WHERE 0;"
    n=0
    for f in "$dir"/bundles/*.hlb; do
      echo "ATTACH '$f' AS b; BEGIN;"
      if [ $n -eq 0 ]; then
        echo "DROP TABLE responses; CREATE TABLE responses AS SELECT * FROM b.responses WHERE 0;"
        echo "CREATE TABLE answers AS SELECT * FROM b.answers WHERE 0;"
        echo "CREATE TABLE chain AS SELECT * FROM b.chain WHERE 0;"
      fi
      echo "INSERT INTO responses SELECT * FROM b.responses; INSERT INTO answers SELECT * FROM b.answers;"
      echo "INSERT INTO chain SELECT * FROM b.chain; COMMIT; DETACH b;"
      n=$((n + 1))
    done
  } >"$dir/copy.sql"
  base=$(time_ms sqlite3 "$dir/plain.db" ".read $dir/copy.sql")
  province_schema "$dir/province.db" | sqlite3 "$dir/floor.db" >/dev/null
  {
    echo "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
    for f in "$dir"/bundles/*.hlb; do floor_sql "$f"; done
  } >"$dir/floor.sql"
  floor=$(time_ms sqlite3 "$dir/floor.db" ".read $dir/floor.sql")
  [ "$(sqlite3 -readonly "$dir/province.db" 'SELECT count(*) FROM responses')" = "$PROVINCE_RESPONSES" ] ||
    die "province-import: the province does not hold the $PROVINCE_RESPONSES responses"
  note "province-import: $PROVINCE_KIOSKS bundles, $PROVINCE_RESPONSES responses;" \
       "province database $(du -m "$dir/province.db" | cut -f1) MB, plain copy $(du -m "$dir/plain.db" | cut -f1) MB"
  note "province-import: the floor (the rows into the province's schema, nothing checked): $floor ms," \
       "$(awk -v f="$floor" -v b="$base" 'BEGIN { printf "%.2f", f / b }') times the copy"
  fig province-import "$(awk -v m="$ms" 'BEGIN { print m / 1000 }')" "$(awk -v m="$base" 'BEGIN { print m / 1000 }')" s
  rm -f "$dir/province.db"* "$dir/plain.db"* "$dir/floor.db"* "$dir/floor.sql"
  [ -n "${HL_BENCH_KEEP:-}" ] || rm -rf "$dir"
}

# HL_BENCH_ONLY="gui index" runs some of the groups only (commit, gui, index, startup-big, province-index,
# import, bundle, province, dashboard).
machine
for group in ${HL_BENCH_ONLY:-commit gui index startup-big province-index import bundle province dashboard}; do
  case $group in
    commit) bench_commit ;;
    gui) bench_gui ;;
    index) bench_index ;;
    startup-big) [ -f "$INDEX_DB" ] || make_index_db; bench_startup_big ;;
    province-index) bench_province_index ;;
    import) [ -f "$INDEX_DB" ] || make_index_db; bench_import ;;
    dashboard) bench_dashboard ;;
    bundle) bench_bundle ;;
    province) bench_province ;;
    *) die "HL_BENCH_ONLY: unknown group “$group”" ;;
  esac
done
# The simulated database is gigabytes at full size: kept only when asked (HL_BENCH_KEEP=1).
[ -n "${HL_BENCH_KEEP:-}" ] ||
  rm -rf "$INDEX_DB" "$INDEX_DB"-* "$INDEX_DB".*key "$INDEX_DB".backups "$INDEX_DB".check-failed
note "figures also in $RESULTS"
