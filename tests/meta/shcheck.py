"""shcheck.py: finds the `check WHAT CMD...` statements of the shell tests (tests/cli/tap.sh) and what of a
statement the shell would not hand to check: an unquoted &&, || or | ends check's command line, and the
rest runs unchecked. Shared by test-check-lint.py and test-mutations.py, with their TAP output (Tap).

Hand-written because no library on the machine parses bash: shlex knows neither $(...) nor $'...'. It
follows the quoting bash does for the statements the tests write (single and double quotes, $'...',
backslashes, $(...) and ${...} nested in either, comments); a heredoc is never part of a check.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import re
import sys

CHECK_START = re.compile(r'^\s*check\s+(?!\()')
OPERATORS = ('&&', '||', '|')


class Statement:
    def __init__(self, path, line, text, operators):
        self.path = path
        self.line = line            # 1-based line of the word check
        self.text = text            # the statement, continuation lines and all
        self.operators = operators  # [(line, operator)] outside quotes and substitutions

    @property
    def first_line(self):
        return self.text.split('\n', 1)[0]


def scan(text, start):
    """Scans one statement from text[start:]; returns (end, [(offset, operator)]) where end is the offset
    of the newline (or ;) that ends it at top level."""
    stack = []  # contexts: '"' (double quotes), '$(' (command substitution), '(' (a parenthesis in one), '${'
    ops = []
    i = start
    n = len(text)
    at_word_start = True
    while i < n:
        c = text[i]
        top = stack[-1] if stack else None
        nxt = text[i + 1] if i + 1 < n else ''
        if top == '"':
            if c == '\\':
                i += 2
                continue
            if c == '"':
                stack.pop()
            elif c == '$' and nxt == '(':
                stack.append('$(')
                i += 1
            elif c == '$' and nxt == '{':
                stack.append('${')
                i += 1
            i += 1
            continue
        if top == '${':
            if c == '\\':
                i += 2
                continue
            if c == '}':
                stack.pop()
            elif c == '"':
                stack.append('"')
            elif c == "'":
                j = text.find("'", i + 1)
                i = n if j < 0 else j
            i += 1
            continue
        # top level, or inside $( ... ) / ( ... )
        if c == '\\':
            i += 2
            at_word_start = False
            continue
        if c == "'":
            j = text.find("'", i + 1)
            i = n if j < 0 else j + 1
            at_word_start = False
            continue
        if c == '$' and nxt == "'":
            j = i + 2
            while j < n and text[j] != "'":
                j += 2 if text[j] == '\\' else 1
            i = j + 1
            at_word_start = False
            continue
        if c == '"':
            stack.append('"')
            i += 1
            at_word_start = False
            continue
        if c == '$' and nxt == '(':
            stack.append('$(')
            i += 2
            at_word_start = True
            continue
        if c == '$' and nxt == '{':
            stack.append('${')
            i += 2
            continue
        if c == '#' and at_word_start:
            j = text.find('\n', i)
            i = n if j < 0 else j
            continue
        if stack:
            if c == '(':
                stack.append('(')
            elif c == ')':
                stack.pop()
            at_word_start = c in ' \t\n;|&()'
            i += 1
            continue
        if c == '\n' or c == ';':
            return i, ops
        if c in '&|':
            op = text[i:i + 2] if text[i:i + 2] in ('&&', '||') else c
            if op in OPERATORS:
                ops.append((i, op))
            i += len(op)
            at_word_start = True
            continue
        at_word_start = c in ' \t'
        i += 1
    return n, ops


def statements(path):
    """Every check statement of a shell file, in order."""
    text = open(path, encoding='utf-8').read()
    offsets = [0]
    for line in text.split('\n'):
        offsets.append(offsets[-1] + len(line) + 1)

    def line_of(offset):
        lo, hi = 0, len(offsets) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if offsets[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    found = []
    pos = 0
    while pos < len(text):
        eol = text.find('\n', pos)
        eol = len(text) if eol < 0 else eol
        line = text[pos:eol]
        if CHECK_START.match(line):
            start = pos + len(line) - len(line.lstrip())
            end, ops = scan(text, start)
            found.append(Statement(path, line_of(start), text[start:end],
                                   [(line_of(o), op) for o, op in ops]))
            pos = end + 1
        else:
            pos = eol + 1
    return found


class Tap:
    """TAP output: one line per test point, notes as comments, the plan and the exit status at the end."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def result(self, good, what, notes=()):
        self.n += 1
        if not good:
            self.failed += 1
        print(('ok' if good else 'not ok') + f' {self.n} - {what}')
        for note in notes:
            for line in str(note).splitlines():
                print(f'# {line}')
        sys.stdout.flush()

    def done(self):
        print(f'1..{self.n}')
        sys.exit(1 if self.failed else 0)
