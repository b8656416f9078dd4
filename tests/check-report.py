#!/usr/bin/env python3
"""check-report.py STEM INDEX_DIR UNIT_NAME [RISKY_NAME]

Checks the reports STEM.pdf, STEM.csv and STEM.xlsx against the index the CLI prints: INDEX_DIR holds
`hailong index --format json` of the same database and period as all.json (no --by), counter.json,
officer.json, procedure.json and field.json. Every figure of every table must equal the index's:
  - the CSV: UTF-8 with a BOM, CRLF line ends, parsed by Python's csv module;
  - the XLSX: opened by openpyxl (a real reader), numbers as numbers;
  - the PDF: its text (pdftotext) holds the unit's Vietnamese name and every table's figures.
RISKY_NAME, when given, is a name beginning with a formula character: the CSV must hold it with a
leading apostrophe, the XLSX as a plain string cell.
Exits 0 when all holds; else prints what differs and exits 1.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import csv
import io
import json
import os
import subprocess
import sys

import openpyxl

stem, index_dir, unit_name = sys.argv[1:4]
risky = sys.argv[4] if len(sys.argv) > 4 else None
problems = []


def fail(msg):
    problems.append(msg)


def load(name):
    with open(os.path.join(index_dir, name + ".json"), encoding="utf-8") as f:
        return json.load(f)


# The expected tables, from the index: (table title, code) -> figures.
TABLES = [("Theo quầy", "counter"), ("Theo cán bộ", "officer"),
          ("Theo thủ tục hành chính", "procedure"), ("Theo lĩnh vực", "field")]
SHEETS = {"Tổng hợp": "Tổng hợp", "Theo quầy": "Quầy", "Theo cán bộ": "Cán bộ",
          "Theo thủ tục hành chính": "Thủ tục", "Theo lĩnh vực": "Lĩnh vực", "Theo yếu tố SIPAS": "Yếu tố SIPAS"}


def figures(row):
    o = row["overall"]
    ci = o.get("ci95") or [None, None]
    return [row["responses"], o["n"], o["satisfied"], o.get("rate"), ci[0], ci[1], row.get("sipas")]


expected = {}
all_rows = load("all")["rows"]
expected["Tổng hợp"] = {None: figures(all_rows[0])} if all_rows else {}
for title, key in TABLES:
    expected[title] = {r["key"][key]: figures(r) for r in load(key)["rows"]}
expected["Theo yếu tố SIPAS"] = {}
if all_rows:
    for eid, e in all_rows[0]["elements"].items():
        expected["Theo yếu tố SIPAS"][eid] = [e["index"], e["criteria"]]


def num(text):
    if text is None or text == "":
        return None
    return float(text)


def same(got, want, where):
    if len(got) != len(want):
        fail(f"{where}: {len(got)} figures, the index has {len(want)}")
        return
    for g, w in zip(got, want):
        if (g is None) != (w is None) or (w is not None and abs(float(g) - float(w)) > 0.005):
            fail(f"{where}: {got} where the index says {want}")
            return


# CSV
raw = open(stem + ".csv", "rb").read()
if not raw.startswith(b"\xef\xbb\xbf"):
    fail("CSV: no UTF-8 BOM")
if b"\n" in raw.replace(b"\r\n", b""):
    fail("CSV: a line ends without CR")
text = raw.decode("utf-8-sig")
rows = list(csv.reader(io.StringIO(text, newline="")))
if unit_name not in rows[0]:
    fail(f"CSV: first line {rows[0]} lacks the unit's name {unit_name!r}")
seen = {t: {} for t in expected}
current = None
for row in rows[1:]:
    if len(row) == 1 and row[0] in expected:
        current = row[0]
        continue
    if not row or current is None or row[0] == "Mã":
        continue
    code = row[0] or None
    if current == "Theo yếu tố SIPAS":
        seen[current][code] = [num(row[2]), num(row[3])]
    else:
        seen[current][code] = [num(c) for c in row[2:9]]
    if risky is not None and row[1].lstrip("'") == risky and row[1] != "'" + risky:
        fail(f"CSV: the name {risky!r} is written as {row[1]!r}, which a spreadsheet runs as a formula")
for title, want in expected.items():
    if set(seen[title]) != set(want):
        fail(f"CSV {title}: rows {sorted(map(str, seen[title]))}, the index has {sorted(map(str, want))}")
    for code, w in want.items():
        if code in seen[title]:
            same(seen[title][code], w, f"CSV {title} {code}")
if risky is not None and ("'" + risky) not in text:
    fail(f"CSV: {risky!r} is not there with its apostrophe")

# XLSX, through a real reader
book = openpyxl.load_workbook(stem + ".xlsx")
for title, want in expected.items():
    sheet = book[SHEETS[title]]
    got = {}
    for r in sheet.iter_rows(min_row=4, values_only=True):
        if r[0] is None and r[1] is None:
            continue
        if title == "Theo yếu tố SIPAS":
            got[r[0]] = [r[2], r[3]]
        else:
            got[r[0]] = list(r[2:9])
            for v in r[2:9]:
                if v is not None and not isinstance(v, (int, float)):
                    fail(f"XLSX {title}: figure {v!r} is not a number")
        if risky is not None and isinstance(r[1], str) and r[1] != risky and r[1].lstrip("'") == risky:
            fail(f"XLSX: {risky!r} was changed to {r[1]!r}")
    if set(got) != set(want):
        fail(f"XLSX {title}: rows {sorted(map(str, got))}, the index has {sorted(map(str, want))}")
    for code, w in want.items():
        if code in got:
            same(got[code], w, f"XLSX {title} {code}")
if risky is not None:
    found = any(c.value == risky and c.data_type == "s" for ws in book for row in ws.iter_rows() for c in row)
    if not found:
        fail(f"XLSX: no string cell holds {risky!r} exactly")

# PDF: its text holds the unit's name with its diacritics, and the figures as Vietnamese write them.
pdf_text = subprocess.run(["pdftotext", "-layout", stem + ".pdf", "-"], check=True, capture_output=True,
                          text=True).stdout
if unit_name not in pdf_text:
    fail(f"PDF: the text lacks the unit's name {unit_name!r}")


def vi(x):
    return f"{x:.2f}".replace(".", ",")


lines = pdf_text.splitlines()
for title, want in expected.items():
    for code, w in want.items():
        if title == "Theo yếu tố SIPAS":
            tokens = [code, vi(w[0]), str(w[1])]
        else:
            tokens = [str(w[0]), str(w[1]), str(w[2])] + [vi(x) for x in w[3:] if x is not None]
            if code is not None:
                tokens.insert(0, code)
        if not any(all(t in line for t in tokens) for line in lines):
            fail(f"PDF {title}: no line holds {tokens}")

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
