#!/usr/bin/env bash
# test-qr.sh: a day's aggregates as signed QR codes: `hailong export --qr` renders PNG files, zbarimg (a
# real decoder) reads them, `hailong import --qr` takes the texts in any order, and the province's index of
# the day equals the kiosk's; a missing code, a changed digit, a foreign code and an unknown kiosk are
# refused, each leaving the province's database as it was. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${HL_CLI:?}" "${HL_SOURCE_ROOT:?}"

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$HL_SOURCE_ROOT/data/demo/kiosk.json"
surveys="$HL_SOURCE_ROOT/survey_defs"
# has PATTERN FILE: on a miss, says what FILE held (its first lines), as TAP comments.
has () { grep -qE -- "$1" "$2" || { sed -n '1,4s/^/# in the output: /p' "$2"; return 1; }; }
sum () { sha256sum "$1" | cut -d' ' -f1; }

kiosk="$tmp/a/kiosk.db"
"$HL_CLI" simulate --db "$kiosk" --config "$demo" --survey-dir "$surveys" --responses 300 --days 1 --seed 8 >/dev/null 2>&1
day=$(sqlite3 "$kiosk" 'SELECT max(day) FROM responses')
mkdir "$tmp/codes"
"$HL_CLI" export --db "$kiosk" --qr "$tmp/codes" --day "$day" >"$tmp/out" 2>&1
check "export --qr: exit 0" [ $? -eq 0 ]
codes=$(ls "$tmp/codes"/*.png | wc -l)
check "export --qr: a short numbered series of PNG files ($codes)" has "^kiosk HL-.*, $day: $codes QR codes$" "$tmp/out"
check "export --qr: more than one code for 300 responses" [ "$codes" -gt 1 ]
check "export --qr: the files are numbered 1 to $codes" sh -c "ls '$tmp/codes' | grep -c -- '-qr-[0-9]*-of-$codes.png' | grep -qx $codes"
zbarimg --nodbus --raw -q "$tmp/codes"/*.png 2>"$tmp/zbar.err" | grep -v '^$' >"$tmp/texts"
check "zbarimg decodes every code" eq "$(wc -l <"$tmp/texts") of $codes, $(grep -v '^Connection' "$tmp/zbar.err" | head -c 200)" "$codes of $codes, "
shuf --random-source=<(yes) "$tmp/texts" >"$tmp/shuffled"

province="$tmp/p/province.db"
mkdir "$tmp/p"
"$HL_CLI" import --db "$province" --qr "$tmp/shuffled" >"$tmp/out" 2>&1
check "import --qr: an unknown kiosk is refused" has "^hailong: import: .*kiosk HL-.* is not enrolled" "$tmp/out"
"$HL_CLI" keys add --db "$province" "$("$HL_CLI" identity --db "$kiosk" | sed -n 's/^enrolment //p')" >/dev/null
"$HL_CLI" import --db "$province" --qr "$tmp/shuffled" >"$tmp/out" 2>&1
check "import --qr: the texts in any order are imported" [ $? -eq 0 ]
counted=$(sqlite3 "$kiosk" "SELECT count(*) FROM responses WHERE is_repeat = 0 AND detail_of IS NULL AND day = '$day'")
check "import --qr: says how many responses the day counted ($counted)" has ": $codes QR codes, $counted responses counted" "$tmp/out"
same_index () {
  local k
  for k in "" counter officer procedure field; do
    cmp -s <("$HL_CLI" index --db "$kiosk" --from "$day" --to "$day" ${k:+--by $k} --format json) \
           <("$HL_CLI" index --db "$province" --from "$day" --to "$day" ${k:+--by $k} --format json) || return 1
  done
}
check "the province's index of the day equals the kiosk's, by every key" same_index
"$HL_CLI" import --db "$province" --qr "$tmp/texts" >/dev/null 2>&1
check "import --qr twice: the day is still counted once" same_index

refused () {  # NAME FILE REASON
  local before; before=$(sum "$province")
  "$HL_CLI" import --db "$province" --qr "$2" >"$tmp/out" 2>&1
  check "import --qr refuses $1 (exit 1)" [ $? -eq 1 ]
  check "import --qr refuses $1 with one line saying why" sh -c "[ \$(wc -l <'$tmp/out') -eq 1 ] && grep -qE -- \"\$0\" '$tmp/out'" "$3"
  check "import --qr of $1 leaves the province's database as it was" [ "$(sum "$province")" = "$before" ]
}
sed 1d "$tmp/shuffled" >"$tmp/missing"
refused "a missing code" "$tmp/missing" "^hailong: import: .*: code [0-9]+ of $codes of kiosk HL-.* for $day is missing"
# One digit of a count changed.
awk 'NR == 1 { if (match($0, /,[0-9]+\//)) { d = substr($0, RSTART + 1, 1); r = (d == "9") ? "8" : d + 1;
  $0 = substr($0, 1, RSTART) r substr($0, RSTART + 2) } } { print }' "$tmp/texts" >"$tmp/changed"
check "the changed copy differs from the codes in one line" [ "$(diff "$tmp/texts" "$tmp/changed" | grep -c '^<')" -eq 1 ]
refused "a changed digit" "$tmp/changed" "is not signed by the kiosk's enrolled key \(a foreign code, or a character of it changed\)"
# A code of another kiosk passed off as this one's.
other="$tmp/b/kiosk.db"
"$HL_CLI" simulate --db "$other" --config "$demo" --survey-dir "$surveys" --responses 20 --days 1 --seed 9 >/dev/null 2>&1
mkdir "$tmp/other"
"$HL_CLI" export --db "$other" --qr "$tmp/other" --day "$day" >/dev/null 2>&1
a_id=$(sqlite3 "$kiosk" 'SELECT kiosk_id FROM responses LIMIT 1'); b_id=$(sqlite3 "$other" 'SELECT kiosk_id FROM responses LIMIT 1')
zbarimg --nodbus --raw -q "$tmp/other"/*.png 2>/dev/null | grep -v '^$' | sed "s/ $b_id / $a_id /" >"$tmp/foreign"
refused "a foreign code" "$tmp/foreign" "is not signed by the kiosk's enrolled key"
printf 'hello\n' >"$tmp/junk"
refused "a line that is no code" "$tmp/junk" "^hailong: import: .*junk:1: not a code of a Hài Lòng QR series"

tap_end
