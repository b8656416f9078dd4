#!/usr/bin/env python3
# gen-province-kiosks.py OUTDIR COMMUNES DEMO-CONFIG: a province of several hundred kiosks for
# tests/cli/test-province-status.sh (docs/province.md, "hailong status"). Writes OUTDIR/province.json
# (hailong-province/1: the province, COMMUNES communes each with a centre and a service point, five old communes
# and their centres merged into the first five on 1 July 2025), OUTDIR/kiosks.tsv (one line a kiosk: name, role, unit, counter) and OUTDIR/config/NAME.json (the
# demo's kiosk configuration with that unit and counter). The roles say what the test does with each kiosk:
#   normal     a few responses of the last days, exported and imported in the big call
#   merged     the same, at a centre of an old (merged) commune, which still records its old code
#   stray      the same, at a unit the hierarchy does not list
#   gap        three bundles of consecutive days; the middle one arrives late (a gap until it does)
#   old / new  a kiosk whose data stops before the period, and the one that replaced it (a new key)
#   silent     a kiosk whose data stops before the period, not replaced: missing
#   enrolled   a kiosk enrolled with `hailong keys add` that never sent a bundle: missing
#   tampered   its only bundle is changed on the way and refused: missing
#   unknown    its bundle is refused for an unknown key, then imported once its key is enrolled
# The last commune's centre holds the silent, enrolled and tampered kiosks, and its service point has none: so
# both are units no kiosk reported for.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import json, sys

out, n = sys.argv[1], int(sys.argv[2])
units = [{"code": "LC", "name": {"vi": "Tỉnh Lào Cai"}, "level": "province"}]
for i in range(1, n + 1):
    c = f"XA-{i:03d}"
    units += [{"code": c, "name": {"vi": f"Xã số {i}"}, "level": "commune", "parent": "LC"},
              {"code": f"{c}-TT", "name": {"vi": f"Trung tâm phục vụ hành chính công xã số {i}"}, "level": "centre",
               "parent": c},
              {"code": f"{c}-DP1", "name": {"vi": f"Điểm phục vụ thôn {i}"}, "level": "service-point",
               "parent": f"{c}-TT"}]
mergers = []
for i in range(1, 6):
    old = f"XA-OLD-{i:02d}"
    units += [{"code": old, "name": {"vi": f"Xã cũ số {i} (đã sáp nhập)"}, "level": "commune", "parent": "LC"},
              {"code": f"{old}-TT", "name": {"vi": f"Bộ phận một cửa xã cũ số {i}"}, "level": "centre", "parent": old}]
    mergers += [{"unit": old, "into": f"XA-{i:03d}", "on": "2025-07-01"},
                {"unit": f"{old}-TT", "into": f"XA-{i:03d}-TT", "on": "2025-07-01"}]
province = {"format": "hailong-province/1", "covers": {"from": "2025-01-01", "to": "2027-12-31"},
            "units": units, "mergers": mergers, "targets": {"default": 90}, "min_sample": 30}
with open(f"{out}/province.json", "w") as f:
    json.dump(province, f, ensure_ascii=False, indent=1)
    f.write("\n")

kiosks = []
for i in range(1, n):
    c = f"XA-{i:03d}"
    kiosks += [(f"k{i:03d}q{q}", "normal", f"{c}-TT", f"Q0{q}") for q in (1, 2, 3)]
    kiosks.append((f"k{i:03d}dp", "normal", f"{c}-DP1", "Q01"))
last = f"XA-{n:03d}-TT"
kiosks += [("silent", "silent", last, "Q01"), ("enrolled", "enrolled", last, "Q02"),
           ("tampered", "tampered", last, "Q03")]
kiosks += [(f"merged{i}", "merged", f"XA-OLD-{i:02d}-TT", "Q01") for i in range(1, 6)]
kiosks += [("stray", "stray", "XA-KHAC", "Q01")]
kiosks += [(f"gap{i}", "gap", f"XA-{10 + i:03d}-TT", "Q04") for i in range(3)]
kiosks += [("old", "old", "XA-020-TT", "Q04"), ("new", "new", "XA-020-TT", "Q04")]
kiosks += [("unknown", "unknown", "XA-030-TT", "Q04")]

demo = json.load(open(sys.argv[3]))
import os
os.makedirs(f"{out}/config", exist_ok=True)
with open(f"{out}/kiosks.tsv", "w") as f:
    for name, role, unit, counter in kiosks:
        f.write(f"{name}\t{role}\t{unit}\t{counter}\n")
        cfg = dict(demo)
        cfg["unit"] = dict(demo["unit"], code=unit)
        cfg["counter"] = dict(demo["counter"], code=counter)
        with open(f"{out}/config/{name}.json", "w") as g:
            json.dump(cfg, g, ensure_ascii=False)
