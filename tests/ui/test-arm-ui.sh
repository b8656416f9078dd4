#!/usr/bin/env bash
# test-arm-ui.sh: the real hailong-kiosk under Xvfb, armed over D-Bus with `gapplication action` as a
# queue-ticket system would, with parameters that are wrong in each way the arm action must refuse; and
# the kiosk's own refusals of a configuration, at the same FILE:LINE:COLUMN as `hailong validate`.
# TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

: "${HL_KIOSK:?}" "${HL_CLI:?}" "${HL_SOURCE_ROOT:?}" "${HL_OUTPUT:?}"
. "$HL_SOURCE_ROOT/tests/ui/kiosk-driver.sh"
# The kiosks started by hand below, as hl_start_kiosk does for its own: no accessibility bus, whose
# registry daemon would write to this script's standard output, the TAP stream.
export GTK_A11Y=none NO_AT_BRIDGE=1

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
has () { grep -qF -- "$2" "$1" || { echo "# no line with '$2' in:"; sed 's/^/#   /' "$1"; return 1; }; }
tmp=$(mktemp -d)
trap 'hl_stop; rm -rf "$tmp"' EXIT
dir="$HL_OUTPUT/arm"
rm -rf "$dir"; mkdir -p "$dir"
surveys="$HL_SOURCE_ROOT/survey_defs"
db="$tmp/kiosk.db"
demo="$HL_SOURCE_ROOT/data/demo/kiosk.json"

hl_start_xvfb 1024x600 || { not_ok "Xvfb starts"; echo "1..$n"; exit 1; }

# The kiosk refuses what validate refuses, in the same words (hl_config_find_surveys, the key list).
sed 's/"id": "sipas-quick", "version": 1/"id": "sipas-quick", "version": 7/' "$demo" >"$tmp/v7.json"
"$HL_CLI" validate --survey-dir "$surveys" "$tmp/v7.json" >"$tmp/validate.out" 2>&1
"$HL_KIOSK" --db "$tmp/v7.db" --config "$tmp/v7.json" --survey-dir "$surveys" >"$tmp/kiosk.out" 2>&1
check "kiosk: a survey version the folder lacks is refused (exit 1)" eq "$?" 1
check "kiosk: … with validate's FILE:LINE:COLUMN and words" has "$tmp/kiosk.out" "hailong-kiosk: $(cat "$tmp/validate.out")"
sed 's/"scale": "sat4"/"scale": "sat5"/' "$surveys/sipas-quick.json" >"$tmp/broken.json"
mkdir -p "$tmp/broken-dir"; cp "$tmp/broken.json" "$tmp/broken-dir/quick.json"
"$HL_KIOSK" --db "$tmp/b.db" --config "$demo" --survey-dir "$tmp/broken-dir" >"$tmp/kiosk.out" 2>&1
check "kiosk: a broken survey file is named with its own line and reason" \
  has "$tmp/kiosk.out" "hailong-kiosk: $tmp/broken-dir/quick.json:$(grep -n sat5 "$tmp/broken.json" | cut -d: -f1):"
check "kiosk: … the reason" has "$tmp/kiosk.out" "unknown scale “sat5” (survey “sipas-quick” version 1, named at $demo:"
"$HL_KIOSK" --db "$tmp/m.db" --config "$demo" --survey-dir "$tmp/nope" >"$tmp/kiosk.out" 2>&1
check "kiosk: a missing survey folder is named as such" has "$tmp/kiosk.out" "hailong-kiosk: $tmp/nope: no such folder of survey definitions"
sed 's/"response_interval": [0-9]*/"response_interval": 0, "armed": {"required": true, "key": "F99"}/' "$demo" >"$tmp/f99.json"
"$HL_KIOSK" --db "$tmp/k.db" --config "$tmp/f99.json" --survey-dir "$surveys" >"$tmp/kiosk.out" 2>&1
check "kiosk: an unknown arming key is refused at its line and column" \
  has "$tmp/kiosk.out" "hailong-kiosk: $tmp/f99.json:$(grep -n F99 "$tmp/f99.json" | cut -d: -f1):"

# Armed mode, and arm actions that must each be refused, logged, and leave the faces waiting.
sed 's/"response_interval": [0-9]*/"response_interval": 0, "armed": {"required": true, "key": "F9"}/' \
  "$demo" >"$tmp/armed.json"
if ! hl_start_kiosk "$dir" "$dir/kiosk.log" --db "$db" --config "$tmp/armed.json" --survey-dir "$surveys"; then
  not_ok "the armed kiosk starts"; sed 's/^/# /' "$dir/kiosk.log"; echo "1..$n"; exit 1
fi
check "armed mode: the faces wait for the officer" eq "$(hl_state can-rate)" 0

# refused WHAT PARAMETER REASON: the action is sent, the reason logged, and the kiosk not armed.
refused () {
  local what=$1 parameter=$2 reason=$3 i
  gapplication action vn.hailong.Kiosk arm "$parameter" 2>>"$tmp/gapplication.err"
  for ((i = 0; i < 100; i++)); do grep -qF -- "arm refused: $reason" "$dir/kiosk.log" && break; sleep 0.05; done
  check "arm $what: refused with the reason logged" has "$dir/kiosk.log" "arm refused: $reason"
  check "arm $what: the kiosk stays unarmed" eq "$(hl_state can-rate)" 0
}
# A parameter that is not a dictionary at all never reaches the action: GIO's action exporter drops a
# call whose parameter is not of the action's type (a{sv}). It must not arm nor stop the kiosk.
gapplication action vn.hailong.Kiosk arm "'CB01'" >"$tmp/type.out" 2>&1
sed 's/^/# gapplication: /' "$tmp/type.out"
check "arm with a string, not a dictionary: the kiosk stays unarmed" eq "$(hl_state can-rate)" 0
check "arm with a string, not a dictionary: the kiosk still runs" kill -0 "$HL_KIOSK_PID"
refused "with a number for the procedure" "{'procedure': <1001193>}" "“procedure” must be a string, not of type i"
refused "with an empty ticket" "{'ticket': <''>}" "“ticket” is empty"
refused "with a space before the officer" "{'officer': <' CB01'>}" "“officer” has white space around it"
refused "with a space after the ticket" "{'ticket': <'T-77 '>}" "“ticket” has white space around it"
refused "with an unknown key" "{'oficer': <'CB01'>}" "unknown member “oficer”"
refused "with an officer not listed" "{'officer': <'CB99'>}" "officer “CB99” is not listed"
check "none of them rated" eq "$(sqlite3 -batch -noheader "$db" "SELECT count(*) FROM responses")" 0

# And a right one still arms it: the refusals above were for what they said.
gapplication action vn.hailong.Kiosk arm "{'officer': <'CB01'>, 'ticket': <'T-1'>}"
hl_wait_state_change
check "arm with an officer and a ticket arms it" eq "$(hl_state can-rate)" 1
check "… and says so in the log" has "$dir/kiosk.log" "armed by officer CB01 with a ticket"
hl_stop
tap_end
