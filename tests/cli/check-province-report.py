#!/usr/bin/env python3
# check-province-report.py CSV XLSX INDEX-JSON PREVIOUS-JSON BY-FIELD-JSON PROVINCE: the figures of a
# province's report (hailong report) against the index (hailong index --province --level, --by field),
# with the ranking and the below-target rule computed here apart from hailong (docs/province.md). Prints
# what differs and exits 1, or exits 0.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import json, sys
import openpyxl

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from province_rules import csv_blocks  # noqa: E402

csv_path, xlsx_path, index_path, prev_path, field_path, prov_path = sys.argv[1:7]
text = open(csv_path, encoding="utf-8").read()
problems = []
if not text.startswith("\ufeff"):
    problems.append("the CSV has no BOM")
blocks = csv_blocks(text)
def block(prefix):
    for k, v in blocks.items():
        if k.startswith(prefix):
            return v[0], v[1:]
    problems.append(f"no table “{prefix}”"); return [], []

index = json.load(open(index_path)); prev = json.load(open(prev_path)); by_field = json.load(open(field_path))
prov = json.load(open(prov_path)); min_sample = index["min_sample"]
r2 = lambda x: round(x + 1e-9, 2)
rows = sorted(index["rows"], key=lambda r: -(r["overall"]["rate"] if r["overall"]["n"] else -1))

# The ranking: a row that cannot be told apart from an earlier one (the same rate, or intervals that
# overlap while either has fewer answers than the minimum sample) joins that one's group, and so does every
# row between them; a group's rows share the rank of its first ("1, 1, 3").
def indistinct(a, b):
    lo_a, hi_a = a["overall"]["ci95"]; lo_b, hi_b = b["overall"]["ci95"]
    small = a["overall"]["n"] < min_sample or b["overall"]["n"] < min_sample
    return a["overall"]["rate"] == b["overall"]["rate"] or (lo_a <= hi_b and lo_b <= hi_a and small)
start = list(range(len(rows)))
for i in range(len(rows)):
    first = i
    for j in range(i):
        if indistinct(rows[i], rows[j]):
            first = min(first, start[j])
    for k in range(first, i + 1):
        start[k] = first
ranks = [s + 1 for s in start]

head, body = block("Xếp hạng đơn vị")
got = [(b[0], int(b[3]), float(b[5]), float(b[6]), float(b[7]), int(b[9]), float(b[10]), b[11]) for b in body]
want = []
for r, rank in zip(rows, ranks):
    o = r["overall"]
    verdict = ("đạt mục tiêu" if o["rate"] >= r["target"] else
               "dưới mục tiêu" if o["ci95"][1] < r["target"] else "chưa rõ")
    if o["n"] < min_sample:
        verdict += ", chưa đủ mẫu"
    want.append((r["key"]["unit"], o["n"], o["rate"], o["ci95"][0], o["ci95"][1], rank, float(r["target"]), verdict))
# Rows of the same rate may come in either order; compare as sets and the rank order as a sequence.
if sorted(got) != sorted(want) or [g[5] for g in got] != [w[5] for w in want]:
    problems.append(f"ranking: got {got}, want {want}")

head, body = block("Đơn vị dưới mục tiêu")
below = sorted(b[0] for b in body)
want_below = sorted(r["key"]["unit"] for r in index["rows"] if r["overall"]["n"] and r["overall"]["ci95"][1] < r["target"])
if below != want_below:
    problems.append(f"below target: got {below}, want {want_below}")

names = {f["code"]: f["name"]["vi"].lower() for f in prov.get("fields", [])}
lci = lambda code: any(w in names.get(code or "", "") for w in ("đất đai", "xây dựng", "đầu tư"))
head, body = block("Lĩnh vực đất đai")
for b, is_lci in zip(body, (True, False)):
    n = sum(r["overall"]["n"] for r in by_field["rows"] if lci(r["key"]["field"]) == is_lci)
    s = sum(r["overall"]["satisfied"] for r in by_field["rows"] if lci(r["key"]["field"]) == is_lci)
    if (int(b[3]), int(b[4])) != (n, s) or (n and abs(float(b[5]) - r2(100 * s / n)) > 0.005):
        problems.append(f"fields {'lci' if is_lci else 'other'}: got {b}, want n={n} satisfied={s}")
if len(body) != 2:
    problems.append(f"fields: {len(body)} rows, want 2")

head, body = block("So với kỳ trước")
before = {r["key"]["unit"]: r for r in prev["rows"]}
for b in body:
    p = before.get(b[0]); now = next(r for r in index["rows"] if r["key"]["unit"] == b[0])
    if p is None:
        continue
    if int(b[4]) != p["overall"]["n"] or abs(float(b[5]) - p["overall"]["rate"]) > 0.005 \
       or abs(float(b[6]) - r2(now["overall"]["rate"] - p["overall"]["rate"])) > 0.011:
        problems.append(f"trend {b[0]}: got {b}, previous {p['overall']}")
if sorted(b[0] for b in body) != sorted(r["key"]["unit"] for r in index["rows"]):
    problems.append("trend: not every unit of the period")

wb = openpyxl.load_workbook(xlsx_path)
for sheet in ("Xếp hạng", "Dưới mục tiêu", "Lĩnh vực", "Yếu tố SIPAS", "Xu hướng"):
    if sheet not in wb.sheetnames:
        problems.append(f"xlsx: no sheet {sheet}")
if "Xếp hạng" in wb.sheetnames:
    ws = wb["Xếp hạng"]
    xrows = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=4) if row[0].value is not None]
    xgot = [(x[0], int(x[3]), round(x[5], 2), int(x[9]), x[11]) for x in xrows]
    cgot = [(g[0], g[1], g[2], g[5], g[7]) for g in got]
    if xgot != cgot:
        problems.append(f"xlsx ranking {xgot} differs from the CSV's {cgot}")

for p in problems:
    print("#", p)
sys.exit(1 if problems else 0)
