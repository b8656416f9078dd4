#!/usr/bin/env python3
# gen-province.py OUTDIR: a small province for the tests (docs/province.md): OUTDIR/province.json (the
# hierarchy: the province, its centre and a service point, communes with centres and service points, two
# communes merged into others on 1 July 2025) and OUTDIR/answers.csv (hailong-csv/1: one kiosk per recording
# unit, responses on working days of 2026 with a satisfaction that differs by unit, so that a wrong roll-up
# changes the rates), plus a unit no hierarchy lists.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import csv, datetime, json, random, sys

out = sys.argv[1]
units = [
    ("LC", "Tỉnh Lào Cai", "province", None),
    ("LC-TTHCC", "Trung tâm Phục vụ hành chính công tỉnh", "centre", "LC"),
    ("LC-TTHCC-DP1", "Điểm tiếp nhận Sa Pa", "service-point", "LC-TTHCC"),
    ("XA-A", "Xã Bắc Hà", "commune", "LC"),
    ("XA-A-TT", "Trung tâm phục vụ hành chính công xã Bắc Hà", "centre", "XA-A"),
    ("XA-A-DP1", "Điểm phục vụ Bản Phố", "service-point", "XA-A-TT"),
    ("XA-A-DP2", "Điểm phục vụ Tà Chải", "service-point", "XA-A-TT"),
    ("PH-B", "Phường Cam Đường", "commune", "LC"),
    ("PH-B-TT", "Trung tâm phục vụ hành chính công phường Cam Đường", "centre", "PH-B"),
    ("XA-OLD1", "Xã Na Hối (cũ)", "commune", "LC"),
    ("XA-OLD1-TT", "Bộ phận một cửa xã Na Hối (cũ)", "centre", "XA-OLD1"),
    ("XA-OLD2", "Xã Hợp Thành (cũ)", "commune", "LC"),
    ("XA-OLD2-TT", "Bộ phận một cửa xã Hợp Thành (cũ)", "centre", "XA-OLD2"),
]
province = {
    "format": "hailong-province/1",
    "covers": {"from": "2025-01-01", "to": "2026-12-31"},
    "cutoff_day": 15,
    "units": [dict({"code": c, "name": {"vi": n}, "level": l}, **({"parent": p} if p else {}))
              for c, n, l, p in units],
    "mergers": [
        {"unit": "XA-OLD1", "into": "XA-A", "on": "2025-07-01"},
        {"unit": "XA-OLD1-TT", "into": "XA-A-TT", "on": "2025-07-01"},
        {"unit": "XA-OLD2", "into": "PH-B", "on": "2025-07-01"},
        {"unit": "XA-OLD2-TT", "into": "PH-B-TT", "on": "2025-07-01"},
    ],
    "targets": {"default": 90, "fields": {"DD": 85}, "units": {"XA-A": 80}},
    "min_sample": 30,
}
with open(f"{out}/province.json", "w") as f:
    json.dump(province, f, ensure_ascii=False, indent=2)
    f.write("\n")

# Recording units (what kiosks write as their unit) and how satisfied their citizens are.
recording = {"LC-TTHCC": 0.95, "LC-TTHCC-DP1": 0.7, "XA-A-TT": 0.9, "XA-A-DP1": 0.6, "XA-A-DP2": 0.8,
             "PH-B": 0.85, "PH-B-TT": 0.75, "XA-OLD1-TT": 0.5, "XA-OLD2-TT": 0.65, "XA-KHAC": 0.9}
rng = random.Random(12)
with open(f"{out}/answers.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["kiosk_id", "response_id", "recorded_at", "unit", "counter", "officer", "procedure", "field",
                "survey_id", "survey_version", "question_id", "value"])
    for k, (unit, p) in enumerate(sorted(recording.items())):
        kiosk = f"HL-PROV-{k:04d}-TEST"
        day, n = datetime.date(2026, 1, 5), 0
        while day <= datetime.date(2026, 9, 30):
            if day.weekday() < 5:
                for _ in range(rng.randint(0, 3)):
                    n += 1
                    field = rng.choice(["DD", "HT", "XD", ""])
                    value = rng.choice([3, 4]) if rng.random() < p else rng.choice([1, 2])
                    w.writerow([kiosk, n, f"{day.isoformat()}T{8 + n % 9:02d}:{n % 60:02d}:00+07:00", unit, "Q01", "",
                                "", field, "sipas-quick", 1, "OVERALL", value])
            day += datetime.timedelta(days=1)
