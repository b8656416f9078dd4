#!/usr/bin/env bash
# run-fuzz.sh SECONDS [MESON_BUILD_DIR]: builds the libFuzzer targets with clang (-fsanitize=fuzzer,
# address,undefined) from the core sources they test, into MESON_BUILD_DIR/fuzz (a directory of its
# own: the main build uses gcc), and runs each for SECONDS. TAP output; exit 1 if a target cannot be
# built or finds a crash, a leak or undefined behaviour, whose input is kept in MESON_BUILD_DIR/fuzz.
#
# `make test` runs it for 10 s per target (meson test, suite fuzz); `make fuzz` for 300 s. New inputs
# that reach new code are kept in MESON_BUILD_DIR/fuzz/corpus, so that later runs start from them; the
# seeds in tests/fuzz/corpus are never written to.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

seconds=${1:-10}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${2:-$root/build}
out="$build/fuzz"
core="$root/app/core"

n=0 failed=0
ok () { n=$((n + 1)); echo "ok $n - $*"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
diag () { sed 's/^/# /'; }
finish () { echo "1..$n"; [ "$failed" -eq 0 ]; exit $?; }

case $seconds in
  ''|*[!0-9]*) echo "usage: run-fuzz.sh SECONDS [MESON_BUILD_DIR]" >&2; exit 2 ;;
esac

# Each target and the core sources it needs: few, so that the build does not follow every dependency
# of core.
# Paths are under app/core, by layer.
json="base/hl-json-doc.c model/hl-json-util.c model/hl-survey.c"
# The configuration reader and its parts (hl-config-alerts.c, hl-config-hours.c, …): every file of it, so
# that a new part is never missing here.
config="$(cd "$core" && ls model/hl-config*.c | tr '\n' ' ') base/hl-url-template.c"
# The bundle and QR readers stand on the store, the index's date check and the identity.
store="$json $(cd "$core" && ls store/*.c | tr '\n' ' ') report/hl-index.c $config model/hl-province.c
  base/hl-csv.c base/hl-json-write.c base/hl-sha256.c base/hl-timestamp.c exchange/hl-bundle.c exchange/hl-identity.c"
declare -A sources=(
  [survey]="$json"
  [csv]="base/hl-csv.c base/hl-timestamp.c"
  [config]="$json $config"
  [province]="$json base/hl-filing-period.c model/hl-province.c"
  [arm]="$json kiosk/hl-arm.c"
  [bundle]="$store"
  [qr]="$store exchange/hl-qr-series.c exchange/hl-qr.c"
)
targets="survey csv config province arm bundle qr"
packages="glib-2.0 gio-2.0 json-glib-1.0 sqlite3 libsodium nettle libqrencode cairo"

mkdir -p "$out"

# clang with libFuzzer: installed if missing, never skipped (a fuzz run that did not happen is a failure).
probe () {
  printf 'int LLVMFuzzerTestOneInput (const unsigned char *d, unsigned long n) { return 0; }\n' >"$out/probe.c"
  clang -fsanitize=fuzzer,address,undefined "$out/probe.c" -o "$out/probe" 2>"$out/probe.log"
}
if ! command -v clang >/dev/null || ! probe; then
  sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  echo "# clang or libFuzzer missing: installing clang libclang-rt-14-dev"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends clang libclang-rt-14-dev \
    2>&1 | diag
fi
if command -v clang >/dev/null && probe; then
  ok "clang with libFuzzer: $(clang --version | head -n 1)"
else
  not_ok "clang with libFuzzer is not available"
  diag <"$out/probe.log"
  finish
fi

# The project's config.h when the build has one; the sources fuzzed use none of its settings.
if [ -f "$build/config.h" ]; then
  cp "$build/config.h" "$out/config.h"
else
  echo "/* config.h for the fuzz targets: the sources they build use none of its settings. */" >"$out/config.h"
fi
cflags="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
cflags="$cflags -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74"
cflags="$cflags -I$out $(for layer in base model store report exchange kiosk; do printf ' -I%s' "$core/$layer"; done)"
cflags="$cflags $(pkg-config --cflags $packages)"
# The configuration's arming keys are checked against the list of GDK's key names the build makes
# (app/core/model/gen-key-names.c); the fuzz build takes the main build's copy.
keys="$build/app/core/model/hl-key-names.h"
if [ -f "$keys" ]; then
  cp "$keys" "$out/hl-key-names.h"
else
  not_ok "the build's $keys exists (build first: meson compile -C $build)"
  finish
fi
libs=$(pkg-config --libs $packages)

for target in $targets; do
  src=""
  for s in ${sources[$target]}; do src="$src $core/$s"; done
  # shellcheck disable=SC2086
  if clang $cflags "$here/fuzz-$target.c" $src $libs -o "$out/fuzz-$target" 2>"$out/build-$target.log"; then
    ok "build fuzz-$target"
  else
    not_ok "build fuzz-$target"
    diag <"$out/build-$target.log"
    continue
  fi

  mkdir -p "$out/corpus/$target"
  # GLib's type system and quarks live as long as the process: not leaks of one input.
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  if "$out/fuzz-$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="$out/$target-" \
       "$out/corpus/$target" "$here/corpus/$target" >"$out/run-$target.log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/run-$target.log")
    ok "fuzz-$target: ${runs:-?} inputs in $seconds s, no crash, leak or undefined behaviour"
  else
    not_ok "fuzz-$target found a problem; the input is kept as $out/$target-*"
    grep -E "ERROR|SUMMARY|runtime error|Test unit written|^    #[0-9]" "$out/run-$target.log" | head -n 40 | diag
  fi
done
finish
