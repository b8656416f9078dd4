#!/usr/bin/env python3
# summarize.py TESTLOG.json: counts every TAP result of every test program that `meson test` ran, and
# prints one closing line "N passed, N failed" for the whole suite. A program that failed without a
# "not ok" line of its own (it crashed, timed out, or could not start, or was skipped) counts as one
# failure; a plain program without TAP output counts as one result. For each program that failed it first
# prints its failing checks with the comments after them (what failed), so that the end of a CI log, which
# may be all that is kept, says what broke and not only where.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import re
import sys

passed = failed = 0
reports = []


def failing_checks(name, out, limit=12):
    """The "not ok" lines of a program's TAP output, each with the "#" comments around it: those a check's
    own commands printed before it, and tap.sh's "# failed: …" after it."""
    lines, before, keep = [], [], False
    for line in out.splitlines():
        if line.startswith("#"):
            (lines if keep else before).append(f"{name}: {line}"[:240])
        elif line.startswith("not ok"):
            lines += [f"{name}: {line}"[:240]] + before
            before, keep = [], True
        else:
            before, keep = [], False
    return lines[:limit] + ([f"{name}: … {len(lines) - limit} more lines"] if len(lines) > limit else [])


try:
    with open(sys.argv[1], encoding="utf-8") as log:
        for line in log:
            test = json.loads(line)
            out = test.get("stdout") or ""
            ok = len(re.findall(r"^ok\b", out, re.M))
            not_ok = len(re.findall(r"^not ok\b", out, re.M))
            passed += ok
            failed += not_ok
            good = test.get("result") in ("OK", "EXPECTEDFAIL")
            if not good:
                reports += failing_checks(test.get("name"), out)
            if not good and not_ok == 0:
                failed += 1
                print(f"{test.get('name')}: {test.get('result')}", file=sys.stderr)
            elif good and ok + not_ok == 0:
                passed += 1  # a plain (non-TAP) test program that passed

except FileNotFoundError:
    # No test ran at all (the build failed): that is a failure, not an empty success.
    failed += 1
for line in reports[:40]:
    print(line)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
