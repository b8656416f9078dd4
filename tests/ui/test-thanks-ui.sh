#!/usr/bin/env bash
# test-thanks-ui.sh: what the thank-you page adds when the configuration asks (docs/formats.md): a QR code
# to the province's feedback page, from "feedback_url" with {unit}, {counter} and {procedure}, read back
# from the kiosk's own screenshot with zbarimg; and the sounds ("sound": a click on each tap, a spoken
# thank-you in the citizen's language). The machine running the test may have no sound device: the
# automation state names the file the kiosk asked to play, and the shipped files are checked to be real
# sound (WAV, mono, long enough, not silence). Real pointer events under Xvfb. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

: "${HL_KIOSK:?}" "${HL_SOURCE_ROOT:?}" "${HL_OUTPUT:?}" "${HL_BUILD_ROOT:?}"
. "$HL_SOURCE_ROOT/tests/ui/kiosk-driver.sh"
. "$HL_SOURCE_ROOT/tests/cli/tap.sh"

dir="$HL_OUTPUT/thanks"
sounds="$HL_BUILD_ROOT/data/sounds"
tmp=$(mktemp -d)
trap 'hl_stop; rm -rf "$tmp"' EXIT
rm -rf "$dir"; mkdir -p "$dir"
echo "# screenshots in $dir"
db="$tmp/kiosk.db"
keep () { cp "$(hl_state screenshot)" "$dir/$1.png"; }
# sound_ended NAME: waits until the state says GStreamer played NAME to its end (through the machine's
# sound device, or the fake sink GStreamer falls back to where there is none).
sound_ended () {
  local i line
  for ((i = 0; i < 100; i++)); do
    line=$(hl_state sound)
    [[ "$line" == "$1 "*" ended" ]] && return 0
    sleep 0.05
  done
  echo "# the state's sound line: '$line'"; return 1
}
# sound_asked NAME: waits (a few seconds at most) for a state whose last sound is NAME.
sound_asked () {
  local i
  for ((i = 0; i < 100; i++)); do
    [[ "$(hl_state sound)" == "$1 "* ]] && return 0
    sleep 0.05
  done
  return 1
}
# The QR codes zbarimg reads in the screenshot now, one text a line.
qr_text () { zbarimg --quiet --raw "$(hl_state screenshot)" 2>/dev/null; }

# 1. The shipped sounds: made by espeak-ng at build time, each a WAV file of real sound.
for name in tap thanks-vi thanks-en; do
  case $name in tap) range="0.02 0.6" ;; *) range="0.4 5" ;; esac
  check "$name.wav: a mono WAV of sound (not silence), as long as it should be ($range s)" \
    "$HL_PYTHON" -c '
import array, sys, wave
path, low, high = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
w = wave.open(path)
frames = w.readframes(w.getnframes())
seconds = w.getnframes() / w.getframerate()
samples = array.array("h", frames)
loud = sum(1 for s in samples if abs(s) > 1000)
rms = (sum(s * s for s in samples) / max(1, len(samples))) ** 0.5
print("# %s: %d channel(s), %d bits, %d Hz, %.2f s, rms %.0f, %d loud samples"
      % (path, w.getnchannels(), 8 * w.getsampwidth(), w.getframerate(), seconds, rms, loud))
ok = (w.getnchannels() == 1 and w.getsampwidth() == 2 and w.getframerate() >= 8000
      and low <= seconds <= high and rms > 300 and loud > 0.05 * len(samples))
sys.exit(0 if ok else 1)' "$sounds/$name.wav" $range
done

# 2. A kiosk configured with a feedback page and sounds, armed for a procedure over D-Bus.
url='https://dichvucong.example.vn/phan-anh?dv={unit}&quay={counter}&tt={procedure}'
extra="\"feedback_url\": \"${url//&/\\&}\", \"sound\": {\"tap\": true, \"thanks\": true},"
sed -e 's/"thanks_timeout": [0-9]*/"thanks_timeout": 3/' -e 's/"response_interval": [0-9]*/"response_interval": 0/' \
    -e "s|\"language\": \"vi\",|\"language\": \"vi\", $extra|" \
    "$HL_SOURCE_ROOT/data/demo/kiosk.json" | grep -v '"detailed_survey"' >"$tmp/kiosk.json"
check "the test's configuration has the feedback address and the sounds" \
  grep -q '"sound": {"tap": true' "$tmp/kiosk.json"

hl_start_xvfb 1024x600 || { not_ok "Xvfb starts"; tap_end; exit 1; }
if ! hl_start_kiosk "$dir/vi" "$dir/kiosk.log" --db "$db" --config "$tmp/kiosk.json" \
     --survey-dir "$HL_SOURCE_ROOT/survey_defs" --fullscreen; then
  not_ok "the kiosk starts"; sed 's/^/# /' "$dir/kiosk.log"; tap_end; exit 1
fi
check "before any tap no sound was asked for" eq "$(hl_state sound)" ""
gapplication action vn.hailong.Kiosk arm "{'procedure': <'1.004227'>}" 2>"$tmp/arm.err"
for ((i = 0; i < 100; i++)); do grep -q "armed" "$dir/kiosk.log" && break; sleep 0.05; done
hl_tap face-1
check "a rating shows the thank-you page" hl_wait_page thanks
keep thank-you-qr-vi
check "the thank-you page shows the QR code" [ -n "$(hl_box thanks-qr)" ]
check "zbarimg reads the expanded address in the screenshot: unit, counter and the armed procedure" \
  eq "$(qr_text)" "https://dichvucong.example.vn/phan-anh?dv=LC-XA-BACHA&quay=Q02&tt=1.004227"
read -r sname spath scount _ <<<"$(hl_state sound)"
check "the thank-you is spoken in Vietnamese, after the tap's click: thanks-vi.wav, the second sound" \
  eq "$sname $spath $scount" "thanks-vi $sounds/thanks-vi.wav 2"
check "the file asked for is the shipped one" [ -s "$spath" ]
check "GTK's media stream (GStreamer) read thanks-vi.wav to its end" sound_ended thanks-vi
hl_wait_page welcome 10

# 3. An English citizen: the tap on English clicks, the thank-you is spoken in English; no procedure named.
hl_tap lang-en; sound_asked tap
read -r sname spath scount _ <<<"$(hl_state sound)"
check "a tap on a language clicks: tap.wav" eq "$sname $spath $scount" "tap $sounds/tap.wav 3"
hl_tap face-2
check "the English citizen is thanked" hl_wait_page thanks
keep thank-you-qr-en
read -r sname spath scount _ <<<"$(hl_state sound)"
check "the thank-you is spoken in English: thanks-en.wav" eq "$sname $spath $scount" "thanks-en $sounds/thanks-en.wav 5"
check "without a procedure, {procedure} is empty in the address" \
  eq "$(qr_text)" "https://dichvucong.example.vn/phan-anh?dv=LC-XA-BACHA&quay=Q02&tt="
check "GTK's media stream (GStreamer) read thanks-en.wav to its end" sound_ended thanks-en
hl_stop

tap_end
