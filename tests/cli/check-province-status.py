#!/usr/bin/env python3
# check-province-status.py STATUS-JSON CSV XLSX: the completeness tables of a province's report (hailong report)
# against `hailong status --format json` of the same period (docs/province.md): the summary's figures, the kiosks
# that have not reported (every one named, with its state), the gaps with their sizes, the refused bundles, the
# units no kiosk reported for, and each kiosk's responses and last report. The CSV is read as blocks (a title, the
# headings, the rows, an empty line) and the XLSX sheet by sheet (openpyxl). Prints what differs and exits 1, or 0.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import json, sys
import openpyxl

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from province_rules import csv_blocks  # noqa: E402

status_path, csv_path, xlsx_path = sys.argv[1:4]
status = json.load(open(status_path))
problems = []

text = open(csv_path, encoding="utf-8").read()
blocks = csv_blocks(text)
book = openpyxl.load_workbook(xlsx_path, read_only=True)
tables = {  # the CSV block's title, the XLSX sheet
    "summary": ("Tính đầy đủ của dữ liệu", "Đầy đủ"),
    "missing": ("Máy đánh giá chưa báo cáo trong kỳ", "Chưa báo cáo"),
    "gaps": ("Lỗ hổng dữ liệu (phiếu chưa nhận được)", "Lỗ hổng"),
    "refused": ("Gói dữ liệu bị từ chối (chưa nhập lại được)", "Bị từ chối"),
    "units": ("Đơn vị không có máy đánh giá nào báo cáo trong kỳ", "Đơn vị thiếu"),
    "kiosks": ("Lần báo cáo cuối của từng máy đánh giá", "Máy đánh giá"),
}
def shown(t):  # a time as the report's tables show it: "2026-12-02 05:12"
    return (t or "")[:16].replace("T", " ", 1)
def cell(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
def rows(name):
    title, sheet = tables[name]
    from_csv = [[c for c in r] for r in blocks.get(title, [None])[1:]] if title in blocks else None
    if from_csv is None:
        problems.append(f"the CSV has no table “{title}”")
    if sheet not in book.sheetnames:
        problems.append(f"the XLSX has no sheet “{sheet}”"); return from_csv or []
    from_xlsx = [[cell(v) for v in r] for r in book[sheet].iter_rows(min_row=4, values_only=True)]
    if from_csv is not None and from_xlsx != from_csv:
        problems.append(f"{name}: the XLSX and the CSV differ")
    return from_csv or from_xlsx

state_vi = {"reported": "đã báo cáo", "missing": "chưa báo cáo", "replaced": "đã được thay thế",
            "not-started": "chưa hoạt động"}
s = status["summary"]
want = [s["kiosks"], s["reported"], s["missing"], s["replaced"], s["not-started"], s["gaps"], s["missing_responses"],
        s["refused"], s["missing_units"]]
got = [int(r[1]) for r in rows("summary")]
if got != want:
    problems.append(f"summary: {got}, status says {want}")

want = sorted((k["kiosk_id"], state_vi[k["state"]], k["last_day"] or "") for k in status["kiosks"]
              if k["state"] in ("missing", "replaced"))
got = sorted((r[0], r[4], r[5]) for r in rows("missing"))
if got != want:
    problems.append(f"kiosks not reported: {got}, status says {want}")
if not any(k["state"] == "missing" for k in status["kiosks"]):
    problems.append("status names no missing kiosk: nothing was checked")

want = [(g["kiosk_id"], g["after_sequence"], g["before_sequence"], g["missing"]) for g in status["gaps"]]
got = [(r[0], int(r[2]), int(r[3]), int(r[4])) for r in rows("gaps")]
if got != want:
    problems.append(f"gaps: {got}, status says {want}")

want = [(r["file"].rsplit("/", 1)[-1], r["kiosk_id"] or "") for r in status["refused"]]
got = [(r[0], r[1]) for r in rows("refused")]
if got != want:
    problems.append(f"refused: {got}, status says {want}")

want = [(u["code"], u["name"]) for u in status["missing_units"]]
got = [(r[0], r[1]) for r in rows("units")]
if got != want:
    problems.append(f"missing units: {got}, status says {want}")

want = [(k["kiosk_id"], state_vi[k["state"]], k["responses"], k["gaps"], k["missing"], k["last_day"] or "",
         shown(k["last_import"])) for k in status["kiosks"]]
got = [(r[0], r[3], int(r[4]), int(r[5]), int(r[6]), r[7], r[8]) for r in rows("kiosks")]
if got != want:
    problems.append(f"kiosks: {len(got)} rows, status has {len(want)}; first difference: "
                    + str(next(((a, b) for a, b in zip(got, want) if a != b), None)))

for p in problems:
    print("#", p)
sys.exit(1 if problems else 0)
