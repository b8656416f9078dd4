#!/usr/bin/env python3
"""test-check-lint.py: no shell test writes a check whose command line an unquoted &&, || or | cuts short
(`check "x" [ $rc -ne 0 ] && grep ...` checks the [ ] only; the grep runs unchecked), and the helper is
tests/cli/tap.sh's, defined nowhere else. First it shows that it finds such a check in a sample, and that it
leaves quoted operators (SQL's ||, a quoted '&&' separator, a pipe in $(...)) alone. TAP output.

Usage: test-check-lint.py SOURCE_ROOT

SPDX-License-Identifier: GPL-3.0-or-later
"""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shcheck  # noqa: E402

root = sys.argv[1]
tap = shcheck.Tap()
result = tap.result


def operators_of(sample):
    with tempfile.NamedTemporaryFile('w', suffix='.sh', delete=False) as f:
        f.write(sample)
    try:
        return [[op for _, op in s.operators] for s in shcheck.statements(f.name)]
    finally:
        os.unlink(f.name)


# The lint itself, on samples: what it must find, and what it must leave alone.
BAD = '''"$HL_CLI" index 2>"$tmp/err"
check "refused" [ $? -ne 0 ] && grep -q "oficer" "$tmp/err"
check "split over lines" \\
  [ "$(sqlite3 "$db" "SELECT 1")" = 1 ] \\
  && [ -e "$db.key" ]
check "or" test -e a || true
check "piped" grep -q x "$tmp/out" | head -n 1
'''
GOOD = '''check "quoted separator" [ $rc -ne 0 ] '&&' grep -q "cannot open" "$tmp/err"
check "SQL" eq "$(sql "SELECT group_concat(seq || ':' || is_repeat, ' ') FROM responses")" "5:0 6:1"
check "pipe inside" [ "$(grep -n '"officer": "CB09"' "$tmp/k.json" | cut -d: -f1)" = 3 ]
check "ANSI-C" [ "$(grep -c $'\\r$' "$tmp/index.csv")" -eq 2 ]
check "bash -c" bash -c "! grep -E 'a|b' '$dir/kiosk.log'"
check "then another statement" true; x=1 && y=2  # not part of the check, and not claimed
'''
found = operators_of(BAD)
result(found == [['&&'], ['&&'], ['||'], ['|']],
       'the lint finds &&, || and | that cut a check short, also after a line continuation',
       [f'found {found}'])
found = operators_of(GOOD)
result(found == [[]] * 6, 'the lint leaves quoted operators and later statements alone', [f'found {found}'])

# The shell tests of the project.
scripts = []
for dirpath, dirnames, filenames in os.walk(os.path.join(root, 'tests')):
    dirnames.sort()
    scripts += [os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith('.sh')]
checked = 0
own = []
for path in scripts:
    rel = os.path.relpath(path, root)
    stmts = shcheck.statements(path)
    checked += len(stmts)
    cut = [(s, line, op) for s in stmts for line, op in s.operators]
    if stmts:
        result(not cut, f'{rel}: every one of its {len(stmts)} checks is checked whole',
               [f'{rel}:{line}: an unquoted {op} ends the check of line {s.line}; quote it (\'&&\') or use a function'
                for s, line, op in cut])
    if re.search(r'^\s*(function\s+)?check\s*\(\)', open(path, encoding='utf-8').read(), re.M):
        own.append(rel)
result(own == [os.path.join('tests', 'cli', 'tap.sh')], 'the helper check is defined once, in tests/cli/tap.sh',
       [f'defined in {own}'])
result(checked >= 100, f'the lint saw the checks of the suites ({checked} in {len(scripts)} files)')

tap.done()
