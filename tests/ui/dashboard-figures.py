#!/usr/bin/env python3
# dashboard-figures.py STATE INDEX_DIR: compares the figures the dashboard's Today page shows (the
# "figure NAME TEXT" lines of the kiosk's automation state, docs/kiosk.md) with `hailong index --format
# json` of the same database and day, written by the test as INDEX_DIR/{total,counter,officer,procedure,
# field}.json. Every figure shown must be the index's, written as the dashboard writes numbers (two
# decimals, a decimal comma); every row of the index must be shown, and nothing else. Prints one line per
# difference and exits 1 if there is any.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import sys

VERDICTS = {"meets": "✓ đạt mục tiêu", "unclear": "? chưa rõ", "below": "✗ dưới mục tiêu", None: "–"}


def pct(value):
    return "–" if value is None else ("%.2f %%" % value).replace(".", ",")


def interval(rate):
    if not rate or rate.get("n", 0) == 0:
        return "–"
    low, high = rate["ci95"]
    return ("%.2f" % low).replace(".", ",") + "–" + pct(high)


def expected_row(row):
    overall = row.get("overall") or {"n": 0, "satisfied": 0, "rate": None}
    return {
        "responses": str(row["responses"]),
        "n": str(overall["n"]),
        "satisfied": str(overall["satisfied"]),
        "rate": pct(overall.get("rate")),
        "ci95": interval(overall),
        "verdict": VERDICTS[row.get("verdict")] if "verdict" in row else "(no verdict in the index)",
    }


def main():
    state, index_dir = sys.argv[1], sys.argv[2]
    shown = {}
    for line in open(state, encoding="utf-8"):
        if line.startswith("figure "):
            name, _, text = line[len("figure "):].rstrip("\n").partition(" ")
            shown[name] = text
    problems = []

    def same(name, want):
        got = shown.get(name)
        if got != want:
            problems.append("%s: the dashboard shows %r, hailong index says %r" % (name, got, want))

    total = json.load(open(index_dir + "/total.json", encoding="utf-8"))["rows"]
    if total:
        row = total[0]
        want = expected_row(row)
        for col in ("responses", "rate", "ci95", "verdict"):
            same("today." + col, want[col])
        same("today.bursts", str(row["bursts"]["responses"]))
        same("today.rate-without-bursts", pct(row["bursts"]["overall_without"].get("rate")))
    else:
        same("today.responses", "0")

    for key in ("counter", "officer", "procedure", "field"):
        rows = json.load(open("%s/%s.json" % (index_dir, key), encoding="utf-8"))["rows"]
        table = "today-" + key
        want_ids = set()
        for row in rows:
            code = row["key"][key] or "none"
            want_ids.add(code)
            for col, value in expected_row(row).items():
                same("%s.%s.%s" % (table, code, col), value)
        shown_ids = {n.split(".")[1] for n in shown if n.startswith(table + ".")}
        if shown_ids != want_ids:
            problems.append("%s: the dashboard shows rows %s, hailong index has %s"
                            % (table, sorted(shown_ids), sorted(want_ids)))
    compared = sum(1 for n in shown if n.startswith("today"))
    for p in problems:
        print("# " + p)
    print("# %d figures compared" % compared)
    return 1 if problems or compared == 0 else 0


sys.exit(main())
