# province_rules.py: what the province's tests compute apart from hailong, shared by them
# (test-province.sh, test-province-status.sh, check-province-report.py, check-province-status.py).
#
# SPDX-License-Identifier: GPL-3.0-or-later
import csv, io

RANK = {"province": 0, "commune": 1, "centre": 2, "service-point": 3}


def roll_up(province, level, as_recorded=False):
    """The function giving the unit a recorded unit counts under at LEVEL, by docs/province.md's rules:
    unless as recorded, a merged unit becomes its last successor; then its highest ancestor (or itself) at
    LEVEL or below. A unit the hierarchy does not list stays as recorded."""
    units = {u["code"]: u for u in province["units"]}
    succ = {m["unit"]: m["into"] for m in province.get("mergers", [])}

    def up(code):
        if code not in units:
            return code
        while not as_recorded and code in succ:
            code = succ[code]
        best, walk = code, code
        while walk is not None:
            if RANK[units[walk]["level"]] >= RANK[level]:
                best = walk
            walk = units[walk].get("parent")
        return best
    return up


def csv_blocks(text):
    """A report's CSV (UTF-8 with a BOM) as its blocks: title -> rows (the headings first); a block is a
    title line, its rows, and an empty line."""
    blocks, current = {}, None
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        if not row or all(c == "" for c in row):
            current = None
        elif current is None:
            current = row[0]
            blocks[current] = []
        else:
            blocks[current].append(row)
    return blocks
