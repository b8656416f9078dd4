#!/usr/bin/env bash
# test-language-ui.sh: the language choice of the first screen, on the real hailong-kiosk under Xvfb with
# real pointer events. The citizen taps "English": the interface's words (the catalogue built in po/) and
# the survey's texts (its "en" text objects) change; after that citizen, the next one finds the
# configured language again. Screenshots of both languages are kept in $HL_OUTPUT/language/. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

: "${HL_KIOSK:?}" "${HL_SOURCE_ROOT:?}" "${HL_OUTPUT:?}"
. "$HL_SOURCE_ROOT/tests/ui/kiosk-driver.sh"
. "$HL_SOURCE_ROOT/tests/cli/tap.sh"

dir="$HL_OUTPUT/language"
tmp=$(mktemp -d)
trap 'hl_stop; rm -rf "$tmp"' EXIT
rm -rf "$dir"; mkdir -p "$dir"
echo "# screenshots in $dir"
db="$tmp/kiosk.db"
sql () { sqlite3 -batch -noheader "$db" "$1"; }
screen_text () { sed -n 's/^text //p' "$HL_AUTOMATION_DIR/state"; }
# shows TEXT: the screen has a label with exactly these words.
shows () {
  screen_text | grep -qxF -- "$1" && return 0
  echo "# not on screen: '$1'; the screen: $(screen_text | tr '\n' '|')"; return 1
}
hides () { ! screen_text | grep -qxF -- "$1" || { echo "# still on screen: '$1'"; return 1; }; }
keep () { cp "$(hl_state screenshot)" "$dir/$1.png"; }

# The demo configuration with short timeouts: thanks 1 s, idle 5 s, and no repeat window in the way.
sed -e 's/"idle_timeout": [0-9]*/"idle_timeout": 5/' -e 's/"thanks_timeout": [0-9]*/"thanks_timeout": 1/' \
    -e 's/"response_interval": [0-9]*/"response_interval": 0/' \
    "$HL_SOURCE_ROOT/data/demo/kiosk.json" | grep -v '"detailed_survey"' >"$tmp/kiosk.json"
sed 's/"language": "vi"/"language": "en"/' "$tmp/kiosk.json" >"$tmp/kiosk-en.json"

hl_start_xvfb 1024x600 || { not_ok "Xvfb starts"; tap_end; exit 1; }
if ! hl_start_kiosk "$dir/vi" "$dir/kiosk.log" --db "$db" --config "$tmp/kiosk.json" \
     --survey-dir "$HL_SOURCE_ROOT/survey_defs" --fullscreen; then
  not_ok "the kiosk starts"; sed 's/^/# /' "$dir/kiosk.log"; tap_end; exit 1
fi

# 1. Configured in Vietnamese: the first screen in Vietnamese, the survey's two languages offered.
check "configured vi: the first screen is in Vietnamese" shows "Chạm vào một khuôn mặt để đánh giá" \
  '&&' shows "Ông/bà có hài lòng với sự phục vụ hôm nay?" '&&' shows "Rất hài lòng"
check "the survey's languages are offered, each named in itself" \
  eq "$(awk '$1 == "widget" && $2 ~ /^lang-/ { print $2 }' "$HL_AUTOMATION_DIR/state" | tr '\n' ' ')" \
  "lang-vi lang-en " \
  '&&' shows "Tiếng Việt" '&&' shows "English"
keep first-screen-vi

# 2. English for this citizen: the catalogue's words and the survey's English texts; nothing stored.
hl_tap lang-en; hl_wait_state_change
check "a tap on English: the interface's words in English (po/en.po)" shows "Tap a face to rate" \
  '&&' hides "Chạm vào một khuôn mặt để đánh giá"
check "a tap on English: the survey's texts and the unit in English (their en text objects)" \
  shows "Are you satisfied with today's service?" '&&' shows "Very satisfied" '&&' shows "Very dissatisfied" \
  '&&' shows "Bắc Hà Commune Public Service Centre" '&&' shows "Counter 2 · Officer: Giàng Thị Mai"
check "choosing a language stores nothing" eq "$(sql 'SELECT count(*) FROM responses')" 0
keep first-screen-en

# 3. The citizen is not satisfied: the follow-up and the thank-you page in English.
hl_tap face-4
check "the follow-up is in English" hl_wait_page question '&&' shows "Skip" '&&' shows "Send" \
  '&&' hides "Gửi ý kiến"
keep follow-up-en
hl_tap skip
check "the thank-you page is in English" hl_wait_page thanks '&&' shows "Thank you!" \
  '&&' shows "Your opinion has been recorded."
keep thank-you-en
check "without \"feedback_url\" and \"sound\" the thank-you page has no QR code and the kiosk stays silent" \
  [ -z "$(hl_box thanks-qr)" ] '&&' eq "$(hl_state sound)" ""

# 4. The next citizen finds Vietnamese again.
check "after the citizen, the first screen is back in Vietnamese" hl_wait_page welcome \
  '&&' shows "Chạm vào một khuôn mặt để đánh giá" '&&' shows "Ông/bà có hài lòng với sự phục vụ hôm nay?" \
  '&&' hides "Tap a face to rate"
check "the response is stored once, whatever the language" eq "$(sql 'SELECT count(*) FROM responses')" 1
hl_tap face-1
check "a Vietnamese citizen's thank-you page is in Vietnamese" hl_wait_page thanks '&&' shows "Xin cảm ơn ông/bà!"
hl_wait_page welcome

# 5. A citizen who chose English and walked away: back to Vietnamese after the idle timeout, nothing stored.
hl_tap lang-en; hl_wait_state_change
check "English chosen again" shows "Tap a face to rate"
hl_wait_state_change 10
check "chosen and left: the first screen returns to Vietnamese by itself" shows "Chạm vào một khuôn mặt để đánh giá" \
  '&&' eq "$(hl_state page)" welcome '&&' eq "$(sql 'SELECT count(*) FROM responses')" 2
hl_stop_kiosk

# 6. Configured in English: starts in English, a Vietnamese citizen's choice lasts for that citizen only.
if ! hl_start_kiosk "$dir/en" "$dir/kiosk-en.log" --db "$db" --config "$tmp/kiosk-en.json" \
     --survey-dir "$HL_SOURCE_ROOT/survey_defs" --fullscreen; then
  not_ok "the kiosk configured in English starts"; sed 's/^/# /' "$dir/kiosk-en.log"; tap_end; exit 1
fi
check "configured en: the first screen is in English" shows "Tap a face to rate" \
  '&&' shows "Are you satisfied with today's service?"
hl_tap lang-vi; hl_wait_state_change
check "configured en: a tap on Tiếng Việt shows Vietnamese" shows "Chạm vào một khuôn mặt để đánh giá"
hl_tap face-1
check "configured en: thanked in Vietnamese" hl_wait_page thanks '&&' shows "Xin cảm ơn ông/bà!"
check "configured en: the next citizen finds English" hl_wait_page welcome '&&' shows "Tap a face to rate"
hl_stop

tap_end
