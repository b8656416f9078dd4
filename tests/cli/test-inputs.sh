#!/usr/bin/env bash
# test-inputs.sh: files a hostile or careless hand gives `hailong`: JSON that used to crash or mislead,
# configurations that `validate` passed and the kiosk refused, --output targets that are not files, and
# CSV cells a spreadsheet would run as formulas. Every check is one command (see `check`). TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${HL_CLI:?}" "${HL_SOURCE_ROOT:?}"

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
# KEEP=1 keeps the temporary directory, to look at what a failing check saw.
tmp=$(mktemp -d); trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
demo="$HL_SOURCE_ROOT/data/demo/kiosk.json"
surveys="$tmp/surveys"
mkdir -p "$surveys"
cp "$HL_SOURCE_ROOT"/survey_defs/*.json "$surveys/"

# has FILE REGEX: FILE holds a line matching the extended REGEX (shown when not).
has () { grep -qE -- "$2" "$1" || { echo "# no line matching '$2' in:"; sed 's/^/#   /' "$1"; return 1; }; }
# exit_is CODE CMD...: runs CMD (output to $tmp/out) and checks its exit status, which a crash
# (128 + signal) never matches.
exit_is () { local want=$1; shift; "$@" >"$tmp/out" 2>&1; local rc=$?; [ "$rc" -eq "$want" ] || { echo "# exit $rc, wanted $want"; sed 's/^/#   /' "$tmp/out"; return 1; }; }
line_of () { grep -n -- "$2" "$1" | head -n1 | cut -d: -f1; }

# --- 1. JSON that cannot crash or mislead -------------------------------------------------------------
python3 -c 'print("[" * 100000 + "]" * 100000)' >"$tmp/deep.json"
check "validate: JSON nested 100,000 deep is refused at its place, not a crash" exit_is 1 "$HL_CLI" validate "$tmp/deep.json"
check "validate: … saying how deep it may be" has "$tmp/out" "^$tmp/deep.json:1:65: nested more than 64 levels deep$"
check "simulate: a deeply nested configuration is refused, not a crash" \
  exit_is 2 "$HL_CLI" simulate --db "$tmp/sim.db" --config "$tmp/deep.json" --survey-dir "$surveys" --responses 1
check "simulate: … and no database is left of it" test ! -e "$tmp/sim.db"

# One such file in the survey folder crashed an import of an unrelated CSV.
cp "$tmp/deep.json" "$surveys/zz-deep.json"
columns=kiosk_id,response_id,recorded_at,unit,counter,officer,procedure,field,survey_id,survey_version,question_id,value
{
  echo "$columns"
  echo 'HL-A,1,2026-07-14T09:00:00+07:00,-1-2,Q1,CB01,1.004227,DD,sipas-quick,1,OVERALL,4'
  echo 'HL-A,2,2026-07-14T09:10:00+07:00,-1-2,Q1,CB01,1.004227,DD,sipas-quick,1,OVERALL,1'
} >"$tmp/formula.csv"
check "import: a deeply nested file in the survey folder does not stop an import" \
  exit_is 0 "$HL_CLI" import --db "$tmp/p.db" --survey-dir "$surveys" "$tmp/formula.csv"
rm -f "$surveys/zz-deep.json"

printf '{\n  "format": "hailong-kiosk/1",\n  "format": "hailong-kiosk/1"\n}\n' >"$tmp/dup.json"
check "validate: a key written twice is refused at its second line" exit_is 1 "$HL_CLI" validate "$tmp/dup.json"
check "validate: … naming the key" has "$tmp/out" "^$tmp/dup.json:3:[0-9]+: the key “format” appears twice in one object$"
sed 's/"name": "Giàng Thị Mai"/"name": "Giàng\\u0000 Thị Mai"/' "$demo" >"$tmp/nul.json"
check "validate: \\u0000 in a string is refused (it cut the string off)" exit_is 1 "$HL_CLI" validate "$tmp/nul.json"
check "validate: … at its line" has "$tmp/out" "^$tmp/nul.json:$(line_of "$tmp/nul.json" 'u0000'):[0-9]+: \\\\u0000 \(a NUL character\) is not allowed"
{ cat "$demo"; echo '{}'; } >"$tmp/after.json"
check "validate: a second document after the first is refused" exit_is 1 "$HL_CLI" validate "$tmp/after.json"
check "validate: … at its line" has "$tmp/out" "^$tmp/after.json:$(wc -l <"$demo" | awk '{print $1 + 1}'):1: text after the end of the JSON document"
sed 's/"name": "Giàng Thị Mai"/"name": "Giàng \\udc00"/' "$demo" >"$tmp/surrogate.json"
check "validate: a lone surrogate is refused" exit_is 1 "$HL_CLI" validate "$tmp/surrogate.json"
check "validate: … at its line" has "$tmp/out" "^$tmp/surrogate.json:[0-9]+:[0-9]+: a lone UTF-16 surrogate"
sed 's/"id": "sat4"/"id": "sat\\u00014"/' "$surveys/sipas-quick.json" >"$tmp/control-id.json"
check "validate: a control character in a scale id is refused" exit_is 1 "$HL_CLI" validate "$tmp/control-id.json"
check "validate: … as an id that may hold only letters, digits, '.', '_' and '-'" \
  has "$tmp/out" "^$tmp/control-id.json:[0-9]+:[0-9]+: scale id “sat\\\\u00014” may hold only"

# Two different definitions of one survey in the folder were chosen by file order.
sed 's/"satisfied": false, "label": {"vi": "Không hài lòng"/"satisfied": true, "label": {"vi": "Không hài lòng"/' \
  "$surveys/sipas-quick.json" >"$surveys/sipas-quick-copy.json"
check "simulate: two different definitions of a survey are refused" \
  exit_is 2 "$HL_CLI" simulate --db "$tmp/sim.db" --config "$demo" --survey-dir "$surveys" --responses 1
check "simulate: … naming both files" has "$tmp/out" "^hailong: $demo:[0-9]+:[0-9]+: $surveys/sipas-quick-copy.json and $surveys/sipas-quick.json are two different definitions of survey “sipas-quick” version 1"
check "import: … also for an import" exit_is 1 "$HL_CLI" import --db "$tmp/p2.db" --survey-dir "$surveys" "$tmp/formula.csv"
check "import: … naming both files" has "$tmp/out" "sipas-quick-copy.json and $surveys/sipas-quick.json are two different definitions"
rm -f "$surveys/sipas-quick-copy.json"

# --- 2. validate checks what the kiosk checks ---------------------------------------------------------
sed 's/"id": "sipas-quick", "version": 1/"id": "sipas-quick", "version": 7/' "$demo" >"$tmp/v7.json"
check "validate: a survey version the folder does not have is refused" \
  exit_is 1 "$HL_CLI" validate --survey-dir "$surveys" "$tmp/v7.json"
check "validate: … at the configuration's \"survey\"" \
  has "$tmp/out" "^$tmp/v7.json:$(line_of "$tmp/v7.json" '"version": 7'):[0-9]+: no definition of survey “sipas-quick” version 7 in $surveys$"
check "simulate: the same refusal, with the same words" \
  exit_is 2 "$HL_CLI" simulate --db "$tmp/sim.db" --config "$tmp/v7.json" --survey-dir "$surveys" --responses 1
check "simulate: … (one core function)" has "$tmp/out" "^hailong: $tmp/v7.json:$(line_of "$tmp/v7.json" '"version": 7'):[0-9]+: no definition of survey “sipas-quick” version 7 in $surveys$"
sed 's/"response_interval": 10/"response_interval": 10, "armed": {"required": true, "key": "F99"}/' "$demo" >"$tmp/key.json"
check "validate: an arming key GDK does not know is refused" exit_is 1 "$HL_CLI" validate --survey-dir "$surveys" "$tmp/key.json"
check "validate: … at its line and column" has "$tmp/out" "^$tmp/key.json:$(line_of "$tmp/key.json" F99):[0-9]+: the arming key “F99” is not a key name"
sed 's/"response_interval": 10/"response_interval": 10, "armed": {"required": true, "key": "KP_Multiply"}/' "$demo" >"$tmp/key-ok.json"
check "validate: a key GDK knows is accepted" exit_is 0 "$HL_CLI" validate --survey-dir "$surveys" "$tmp/key-ok.json"
# Opening hours (docs/formats.md): a day the kiosk does not know is refused at the day itself, line and
# column, and so is simulate; well-formed hours pass.
sed 's/"response_interval": 10/"response_interval": 10,\n  "opening_hours": [\n    {"days": ["mon", "tue"], "open": "07:30", "close": "11:30"},\n    {"days": ["tue", "thursday"], "open": "13:30", "close": "17:00"}\n  ]/' \
  "$demo" >"$tmp/hours.json"
check "validate: opening hours with a day that is not one are refused" \
  exit_is 1 "$HL_CLI" validate --survey-dir "$surveys" "$tmp/hours.json"
check "validate: … at the day's own line and column" \
  has "$tmp/out" "^$tmp/hours.json:$(line_of "$tmp/hours.json" thursday):[0-9]+: a day is one of \"mon\", \"tue\""
check "simulate: the same refusal" \
  exit_is 2 "$HL_CLI" simulate --db "$tmp/sim.db" --config "$tmp/hours.json" --survey-dir "$surveys" --responses 1
sed 's/"thursday"/"thu"/' "$tmp/hours.json" >"$tmp/hours-ok.json"
check "validate: well-formed opening hours are accepted" exit_is 0 "$HL_CLI" validate --survey-dir "$surveys" "$tmp/hours-ok.json"
sed 's/"13:30"/"11:00"/' "$tmp/hours-ok.json" >"$tmp/hours-overlap.json"
check "validate: hours that overlap on a day are refused at that day" \
  exit_is 1 "$HL_CLI" validate --survey-dir "$surveys" "$tmp/hours-overlap.json" '&&' \
  has "$tmp/out" "^$tmp/hours-overlap.json:$(line_of "$tmp/hours-overlap.json" '"11:00"'):[0-9]+: on “tue” these hours overlap"
sed 's/"scale": "sat4"/"scale": "sat5"/' "$surveys/sipas-quick.json" >"$tmp/broken.json"
mkdir -p "$tmp/broken-dir"; cp "$tmp/broken.json" "$tmp/broken-dir/quick.json"
check "validate: a broken survey file the configuration names is refused" \
  exit_is 1 "$HL_CLI" validate --survey-dir "$tmp/broken-dir" "$demo"
check "validate: … at the survey file's own line, with the reason and the configuration" \
  has "$tmp/out" "^$tmp/broken-dir/quick.json:$(line_of "$tmp/broken.json" sat5):[0-9]+: unknown scale “sat5” \(survey “sipas-quick” version 1, named at $demo:[0-9]+:[0-9]+\)$"
check "validate: a missing survey folder is named as such" exit_is 1 "$HL_CLI" validate --survey-dir "$tmp/nope" "$demo"
check "validate: … and not blamed on the configuration" has "$tmp/out" "^$tmp/nope: no such folder of survey definitions$"
check "validate: the demo configuration with the shipped surveys is valid" \
  exit_is 0 "$HL_CLI" validate --survey-dir "$surveys" "$demo"

# --- 3. Output that stays where it is put, and stays text ---------------------------------------------
index () { "$HL_CLI" index --db "$tmp/p.db" --from 2026-07-14 --to 2026-07-14 --by unit --format csv "$@"; }
echo "the target" >"$tmp/target.txt"
ln -s "$tmp/target.txt" "$tmp/link.csv"
check "index --output: a symbolic link is refused" exit_is 2 index --output "$tmp/link.csv"
check "index --output: … with a one-line reason" has "$tmp/out" "^hailong: index: $tmp/link.csv: not a regular file \(a symbolic link\)"
check "index --output: … and the link is still a link" test -L "$tmp/link.csv"
check "index --output: … to the file as it was" has "$tmp/target.txt" "^the target$"
mkdir "$tmp/folder.csv"
check "index --output: a folder is refused" exit_is 2 index --output "$tmp/folder.csv"
# As root, `--output /dev/full` replaced the device node with a file. The test uses a node of its own
# (a copy of /dev/full's numbers in its folder), never the system's, so that a broken build cannot harm
# the machine; without root, a named pipe stands for it.
if mknod "$tmp/full" c 1 7 2>/dev/null; then
  check "index --output: a device node is refused, not replaced" exit_is 2 index --output "$tmp/full"
  check "index --output: … and it is still a device" test -c "$tmp/full"
else
  mkfifo "$tmp/full"
  check "index --output: a named pipe is refused, not replaced" exit_is 2 index --output "$tmp/full"
  check "index --output: … and it is still a pipe" test -p "$tmp/full"
fi
check "index --output: a new file is written" exit_is 0 index --output "$tmp/new.csv"
check "index --output: a regular file is replaced" exit_is 0 index --output "$tmp/new.csv"
check "index csv: a code a spreadsheet would compute is written as text" has "$tmp/new.csv" "^'-1-2,2,"
tap_end
