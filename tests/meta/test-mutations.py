#!/usr/bin/env python3
"""test-mutations.py: a shell suite whose expectations are broken must fail. For each mutation below, a
copy of the suite with one expected value changed to a wrong one (in one check, found by its name) is run
as the suite itself runs; the copy must exit non-zero, and the checks that fail must be exactly the
mutated ones: a check that passed with a wrong expectation would assert nothing.

The mutations break the parts of checks that an unquoted && used to leave unchecked (tests/cli/tap.sh), and
the checks added since. TAP output.

Usage: test-mutations.py SOURCE_ROOT SUITE [--together]
  SUITE is a path under SOURCE_ROOT (tests/cli/test-cli.sh, ...). By default each mutation gets a run of
  its own (the CLI suites take a second); --together breaks them all in one copy and runs it once (the
  UI suite takes minutes: HL_UI_SIZES picks one screen size for it).

SPDX-License-Identifier: GPL-3.0-or-later
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shcheck  # noqa: E402

# suite: [(a part of the check's name, as written in the script; what it expects; a wrong expectation)]
MUTATIONS = {
    'tests/cli/test-cli.sh': [
        ('validate: a missing file is a problem', 'missing.json:"', 'nonsense.json:"'),
        ('simulate: records 60 responses', 'simulated 60 responses', 'simulated 61 responses'),
        ('verify: a changed answer breaks the chain', 'does not match its hash', 'does not match its nonsense'),
        ('simulate --kiosks 3 --batch 7', 'Q03=16"', 'Q03=15"'),
        ('simulate --kiosks: three kiosks', '"$multi.kiosk3.key"', '"$multi.kiosk4.key"'),
        ("simulate --kiosks --batch: every kiosk's chain verifies", 'chain ok: 50 responses', 'chain ok: 51 responses'),
        ('simulate: a negative --batch is refused', '[ ! -e "$tmp/s4.db" ]', '[ -e "$tmp/s4.db" ]'),
        ('identity: zbarimg reads the QR code back', '[ "$decoded" = ', '[ "$decoded" != '),
        ('identity: never makes a key', '[ ! -e "$tmp/nokiosk.db.key" ]', '[ -e "$tmp/nokiosk.db.key" ]'),
        ('index: a bad date is refused', '-eq 1 ]', '-eq 2 ]'),
        ('index: an unknown key is named', 'grep -q "oficer"', 'grep -q "officer-nonsense"'),
        ('index: a missing database is refused', 'grep -q "none.db"', 'grep -q "nonsense.db"'),
        ('simulate: a bad configuration is refused', '[ ! -e "$tmp/s2.db" ]', '[ -e "$tmp/s2.db" ]'),
        ('an unknown command is refused', 'grep -q "frobnicate"', 'grep -q "frobnicated"'),
    ],
    'tests/cli/test-import.sh': [
        ('import: the error is one line naming FILE:LINE', '9 is not an option', '8 is not an option'),
        ('import: a missing survey directory is refused', 'grep -q "nowhere"', 'grep -q "somewhere"'),
        ('import: a missing file is named', 'cannot open', 'cannot frobnicate'),
        ('index csv: written', '[ -s "$tmp/index.csv" ]', '[ ! -s "$tmp/index.csv" ]'),
        ('index --config: a bad target is refused', '[ ! -s "$tmp/out" ]', '[ -s "$tmp/out" ]'),
        ('import: a response at 00:05 +07:00', '"responses":1 "responses":1', '"responses":2 "responses":0'),
        ('import: in one line that says “cannot open” once', '"hailong: $tmp/none.csv: cannot open: No',
         '"$tmp/none.csv: cannot open: No'),
        ('import --db NEW bad.csv: a file refused', '[ ! -e "$tmp/fresh" ]', '[ -e "$tmp/fresh" ]'),
    ],
    'tests/cli/test-readers.sh': [
        ("verify: prints no 'chain ok'", '[ ! -s "$tmp/out" ]', '[ -s "$tmp/out" ]'),
        ('import: upgrades the version-1 database', '"$(sqlite3 "$tmp/current.db" \'PRAGMA user_version\')"', '"2"'),
    ],
    'tests/cli/test-trust.sh': [
        ('rollups: UPDATE day_counts SET n = n + 1000', '- 1000))"', '- 999))"'),
        ('rollups: a row slipped into burst_counts', 'recounted 0"', 'recounted 1"'),
        ('surveys: a definition changed without its digest', '.*digest"', '.*nonsense"'),
        ('chain: a response deleted, renumbered', 'link [0-9]+.*signature"', 'link [0-9]+.*nonsense"'),
        ('chain: the same with every signature removed', 'not signed"', 'not nonsense"'),
        ('import: rows claiming the database', 'claim.csv:3: ', 'claim.csv:2: '),
        ('kiosk running: an import is refused at once', '"^hailong: import: ', '"^hailong: simulate: '),
        ("kiosk running: and a citizen's tap is stored", '"saved 6"', '"saved 7"'),
        ('and the database verifies', '-eq 0 ]', '-ne 0 ]'),
    ],
    'tests/cli/test-dashboard.sh': [
        ('pin reset: the hash, the failures and the lock are gone', '"NULL 0 0 0"', '"NULL 1 0 0"'),
        ('index json: verdict below, unclear and meets', '90.0 True unclear', '90.0 True below'),
        ('index table: CB02 is not yet clear', 'chưa rõ, chưa đủ mẫu$', 'dưới mục tiêu, chưa đủ mẫu$'),
        ('pin reset: and leaves it byte for byte', '= "$sum_v2"', '!= "$sum_v2"'),
    ],
    'tests/ui/test-dashboard-ui.sh': [
        ('the QR code on screen reads as', '"$text" "$enrolment"', '"$text" "x$enrolment"'),
        ('the PIN is stored only as an argon2id hash', "'$argon2id$ 1'", "'$argon2id$ 0'"),
        ('and the dashboard stays closed', 'supervisor-pin', 'dashboard-today'),
        ('while locked, even the right PIN does not open', 'supervisor-pin', 'dashboard-today'),
        ('duty-sign-in over D-Bus changes the first screen', '"Lò Thị Hoa"', '"Giàng Thị Mai"'),
        ('and the next rating without one', ')" none', ')" CB03'),
        ('which shows the alert first', '"⚠"', '"✓"'),
        ("today's page shows the kiosk's notice of the restored database", '"Cơ sở dữ liệu bị hỏng khi',
         '"Cơ sở dữ liệu vẫn tốt khi'),
        ('what went wrong shows E3 named once', 'answers)" 1', 'answers)" 2'),
        ('the year runs from 1 January', 'Từ $(date +01/01/%Y)', 'Từ $(date +01/02/%Y)'),
        ('as a PNG of 1200×500', '"1200 500"', '"1200 501"'),
        ('as a PNG of 1200×400', '"1200 400"', '"1200 401"'),
        ('after a restart the pad is still locked', '"Bàn phím bị khoá"', '"Bàn phím đã mở"'),
    ],
    # Run inside tests/usb/with-usb-fs.sh, which mounts the sticks the copy writes to.
    'tests/ui/test-export-ui.sh': [
        ('saying in Vietnamese that the stick is full', '"USB không còn đủ chỗ trống"', '"USB đã ghi xong"'),
        ('the full stick holds only what it held', 'old-photos.bin', 'old-photos.bin hailong.hlb'),
        ('and is done', 'dashboard-export-done', 'dashboard-export-failed'),
        ('with as many responses as hailong index counts', '", $counted responses"', '", $((counted + 1)) responses"'),
        ('the write-protected stick holds only what it held', 'old.txt', 'old.txt hailong.hlb'),
        ("zbarimg reads each screen's code", '"$texts"', '"x$texts"'),
        ('the kiosk did not quit in the middle of it', 'quit waits for the export', 'quit waits for nothing'),
        ('the idle logout waited for it', 'waits for the work under way', 'waits for nothing'),
        ('it may have been pulled out', '"bị rút ra giữa chừng"', '"đã ghi xong"'),
        ('the stick keeps no file, finished or not', 'only_files "$HL_TEST_VFAT"',
         'only_files "$HL_TEST_VFAT" hailong.hlb'),
    ],
    'tests/cli/test-startup.sh': [
        ('no new key is made', '[ ! -e "$db.key" ]', '[ -e "$db.key" ]'),
        ('the database is unchanged', '= "$sum" ]', '!= "$sum" ]'),
    ],
    'tests/cli/test-inputs.sh': [
        ('validate: … saying how deep it may be', 'nested more than 64 levels', 'nested more than 65 levels'),
        ('import: a deeply nested file in the survey folder', 'exit_is 0', 'exit_is 1'),
        ('validate: … naming the key', 'the key “format” appears twice', 'the key “unit” appears twice'),
        ('simulate: … naming both files', 'are two different definitions', 'are two identical definitions'),
        ("validate: … at the configuration's", 'version 7 in $surveys$', 'version 8 in $surveys$'),
        ("validate: … at the survey file's own line", 'unknown scale “sat5”', 'unknown scale “sat4”'),
        ('validate: … and not blamed on the configuration', 'no such folder of survey', 'no such file of survey'),
        ('index --output: … and the link is still a link', 'test -L', 'test ! -L'),
        ('index csv: a code a spreadsheet would compute', "^'-1-2,2,", "^-1-2,2,"),
        ("validate: … at the day's own line and column", 'a day is one of', 'a day is none of'),
        ('validate: hours that overlap on a day are refused', 'on “tue” these hours', 'on “mon” these hours'),
    ],
    # A generated province of several hundred kiosks: a run takes a minute, so its mutations go together.
    'tests/cli/test-province-status.sh': [
        ('import: every other bundle went in', '"$((bundles - 1))"', '"$bundles"'),
        ('import: memory does not grow with the bundles', '-le 4096 ]', '-gt 4096 ]'),
        ('status: the missing kiosks are exactly', '"$expected_missing"', '"$expected_missing x"'),
        ("status: each kiosk's responses in the period are", "if k['responses'])", "if k['responses'] > 3)"),
        ('status: the old kiosk is replaced by the new one', '"$(id new)"', '"$(id old)"'),
        ('status: every other kiosk reported', '"$((kiosks - 5))"', '"$((kiosks - 4))"'),
        ('status: one gap per gap kiosk', '"$gaps_expected"', '"$gaps_expected 1"'),
        ('status: the units no kiosk reported for', '"XA-070-TT XA-070-DP1"', '"XA-070-TT"'),
        ('index --level commune: every row equals the recount', '"$(recount)"', '"$(recount | sed 1d)"'),
        ('report: the completeness tables of the CSV and the XLSX equal status', '"$tmp/sq.json"', '"$tmp/s1.json"'),
        ('import on a terminal', '-eq 12 ]', '-eq 11 ]'),
        ('report (PDF): the widest kiosk id whole on one line', '")" 2', '")" 3'),
        ("report (PDF): no gap left, and the gaps' table says so", 'lỗ hổng nào trong kỳ.', 'lỗ hổng nào trong năm.'),
    ],
    'tests/ui/test-kiosk-ui.sh': [
        ('the kiosk logged each saved response', '"$dir/kiosk.log")" 6', '"$dir/kiosk.log")" 7'),
        ('it says it restored the backup and kept the damaged file', '.*damaged-"', '.*nonsense-"'),
        ('the chain of the kiosk verifies', 'chain ok: 2 responses', 'chain ok: 3 responses'),
        ('the chosen reasons show a tick', '"tick-1 tick-3 "', '"tick-1 tick-2 "'),
        ('out of service, the citizen reads Vietnamese only', '"Tạm ngừng phục vụ|', '"Tạm ngừng phục vụ|Lỗi kỹ thuật|'),
        ("after the restore the window keeps the screen's size", '"$size" ', '"${size}5" '),
        ('the restore is a notice for the supervisor', 'eq "$(hl_state notices)" 1', 'eq "$(hl_state notices)" 2'),
        ('no question page was shown, no detailed rating stored', '"$questions 1"', '"$questions 2"'),
    ],
    'tests/ui/test-language-ui.sh': [
        ("a tap on English: the interface's words in English", 'shows "Tap a face to rate"',
         'shows "Tap a face to rates"'),
        ('after the citizen, the first screen is back in Vietnamese', "'&&' hides \"Tap a face to rate\"",
         "'&&' shows \"Tap a face to rate\""),
        ('chosen and left: the first screen returns to Vietnamese', "responses')\" 2", "responses')\" 3"),
        ('configured en: the next citizen finds English', "welcome '&&' shows \"Tap a face to rate\"",
         "welcome '&&' hides \"Tap a face to rate\""),
    ],
    'tests/ui/test-thanks-ui.sh': [
        ('zbarimg reads the expanded address', 'quay=Q02&tt=1.004227"', 'quay=Q02&tt=1.004228"'),
        ('the thank-you is spoken in English', '"thanks-en $sounds/thanks-en.wav 5"',
         '"thanks-vi $sounds/thanks-vi.wav 5"'),
        ('a tap on a language clicks', '"tap $sounds/tap.wav 3"', '"tap $sounds/tap.wav 2"'),
        ('read thanks-vi.wav to its end', 'sound_ended thanks-vi', 'sound_ended thanks-en'),
    ],
    'tests/i18n/test-po.sh': [
        ('en: the built catalogue turns', '"Bỏ qua")" "Skip"', '"Bỏ qua")" "Bỏ qua"'),
        ('every file with marked strings is in po/POTFILES.in', 'eq "$unlisted" ""', 'eq "$unlisted" "x"'),
    ],
    'tests/ui/test-modes-ui.sh': [
        ('closed, a tap and the keys store nothing', 'FROM responses")" 0', 'FROM responses")" 1'),
        ("stored at the test clock's time", '"2026-07-15T07:30:05+07:00 3"', '"2026-07-15T07:30:06+07:00 3"'),
        ("the thank-you page keeps the citizen's modes", '"high-contrast large-text"', '"large-text"'),
        ('back on the first screen after the citizen, both modes are off', 'look ""', 'look "high-contrast"'),
        ('the waking tap rated nothing', '"2 welcome"', '"3 welcome"'),
        ('dimmed, the content moves', '"$box1" != "$box2"', '"$box1" = "$box2"'),
        ('it says it opens again at 13:30 today', '13:30 hôm nay', '13:00 hôm nay'),
        ('keys only: the response holds the rating and the two reasons', 'REASONS=1 REASONS=5"', 'REASONS=1 REASONS=3"'),
    ],
}

TAP_LINE = re.compile(r'^(not )?ok \d+ - (.*)$')

root = sys.argv[1]
suite = sys.argv[2]
together = '--together' in sys.argv[3:]
script = os.path.join(root, suite)
source = open(script, encoding='utf-8').read()
statements = shcheck.statements(script)
tap = shcheck.Tap()
result = tap.result


def mutate(text, mutation):
    """text with mutation applied to the one check whose name holds the given part; None if the check
    or the expectation cannot be found exactly once."""
    name, old, new = mutation
    found = [s for s in statements if name in s.first_line]
    if len(found) != 1 or found[0].text.count(old) != 1 or text.count(found[0].text) != 1:
        return None
    return text.replace(found[0].text, found[0].text.replace(old, new, 1))


def run(text):
    """Runs a copy of the suite holding text; returns (exit status, [(passed, name)], output)."""
    with tempfile.TemporaryDirectory(prefix='hl-mutation-') as tmp:
        copy = os.path.join(tmp, os.path.basename(script))
        with open(copy, 'w', encoding='utf-8') as f:
            f.write(text)
        env = dict(os.environ)
        env['HL_OUTPUT'] = os.path.join(tmp, 'screenshots')  # the suite's own screenshots stay as they are
        proc = subprocess.run(['bash', copy], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, errors='replace')
    points = [(m.group(1) is None, m.group(2)) for m in map(TAP_LINE.match, proc.stdout.splitlines()) if m]
    return proc.returncode, points, proc.stdout


def judge(mutations, label):
    text = source
    for m in mutations:
        mutated = mutate(text, m)
        result(mutated is not None, f'{suite}: the check “{m[0]}” expects {m[1]!r}, once')
        if mutated is None:
            return
        text = mutated
    rc, points, output = run(text)
    failing = [name for passed, name in points if not passed]
    missed = [m[0] for m in mutations if not any(m[0] in name for name in failing)]
    others = [name for name in failing if not any(m[0] in name for m in mutations)]
    result(rc != 0 and not missed and not others and points,
           f'{suite} with {label}: the suite fails, at exactly the broken check{"s" if len(mutations) > 1 else ""}',
           [f'exit status {rc}, {len(points)} checks, failing: {failing}'] +
           ([f'passed although broken: {missed}'] if missed else []) +
           ([f'failed although not broken: {others}', output] if others or not points else []))


mutations = MUTATIONS[suite]
if together:
    judge(mutations, ', '.join(f'{old!r} made {new!r}' for _, old, new in mutations))
else:
    for m in mutations:
        judge([m], f'{m[1]!r} made {m[2]!r}')
tap.done()
