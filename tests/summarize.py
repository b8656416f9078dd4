#!/usr/bin/env python3
# summarize.py TESTLOG.json: counts every TAP result of every test program that `meson test` ran, and
# prints one closing line "N passed, N failed" for the whole suite. A program that failed without a
# "not ok" line of its own (it crashed, timed out, or could not start, or was skipped) counts as one
# failure; a plain program without TAP output counts as one result.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import re
import sys

passed = failed = 0
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
            if not good and not_ok == 0:
                failed += 1
                print(f"{test.get('name')}: {test.get('result')}", file=sys.stderr)
            elif good and ok + not_ok == 0:
                passed += 1  # a plain (non-TAP) test program that passed

except FileNotFoundError:
    # No test ran at all (the build failed): that is a failure, not an empty success.
    failed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
