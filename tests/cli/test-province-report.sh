#!/usr/bin/env bash
# test-province-report.sh: hailong report --period P --format pdf|xlsx|csv (docs/province.md, "The period
# report") on a generated province: the ranking, the units below target, the fields and the trend equal
# the index and the rules recomputed apart (check-province-report.py), shared ranks when the minimum sample
# is not reached, the PDF read with pdftotext and rendered with pdftoppm into the build folder, bad input
# one line with the database unchanged. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${HL_CLI:?}" "${HL_SOURCE_ROOT:?}" "${HL_BUILD_ROOT:?}"

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
# Debian's Python, which has python3-openpyxl, reads the XLSX.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pages="$HL_BUILD_ROOT/province-report"; rm -rf "$pages"; mkdir -p "$pages"
python3 "$HL_SOURCE_ROOT/tests/cli/gen-province.py" "$tmp"
prov="$tmp/province.json"; db="$tmp/province.db"
python3 - "$prov" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["fields"] = [{"code": "DD", "name": {"vi": "Đất đai"}}, {"code": "XD", "name": {"vi": "Xây dựng"}},
               {"code": "HT", "name": {"vi": "Hộ tịch"}}]
json.dump(p, open(sys.argv[1], "w"), ensure_ascii=False, indent=2)
PY
"$HL_CLI" import --db "$db" --survey-dir "$HL_SOURCE_ROOT/survey_defs" "$tmp/answers.csv" >/dev/null 2>&1
sum_before=$(sha256sum "$db")

# report_matches PROVINCE: the CSV and XLSX of 2026-Q3 against the index of 2026-Q3 and 2026-Q2.
report_matches () {
  local p=$1
  "$HL_CLI" report --db "$db" --province "$p" --period 2026-Q3 --format csv --output "$tmp/r.csv" || return 1
  "$HL_CLI" report --db "$db" --province "$p" --period 2026-Q3 --format xlsx --output "$tmp/r.xlsx" || return 1
  "$HL_CLI" index --db "$db" --province "$p" --level commune --period 2026-Q3 --format json >"$tmp/i.json" || return 1
  "$HL_CLI" index --db "$db" --province "$p" --level commune --period 2026-Q2 --format json >"$tmp/p.json" || return 1
  "$HL_CLI" index --db "$db" --province "$p" --by field --period 2026-Q3 --format json >"$tmp/f.json" || return 1
  /usr/bin/python3 "$HL_SOURCE_ROOT/tests/cli/check-province-report.py" "$tmp/r.csv" "$tmp/r.xlsx" "$tmp/i.json" \
    "$tmp/p.json" "$tmp/f.json" "$p"
}
check "report: ranking, below target, fields and trend equal the index (CSV and XLSX)" report_matches "$prov"
check "report: the merged communes are no rows of their own" sh -c '! grep -q "^XA-OLD" "$1"' - "$tmp/r.csv"
# A default target of 93: the unlisted unit's 91.49 % is under it, but its interval (84.10 – 95.62) reaches
# it, so it is "chưa rõ" and not below target.
python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); p["targets"]["default"]=93; json.dump(p, open(sys.argv[2], "w"), ensure_ascii=False)' \
  "$prov" "$tmp/t93.json"
check "report: below target only where the whole interval is below it, as recomputed" report_matches "$tmp/t93.json"
check "report: a rate under the target whose interval reaches it is “chưa rõ”, not listed below" \
  grep -q '^XA-KHAC,.*,chưa rõ.$' "$tmp/r.csv"
python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); p["min_sample"]=400; json.dump(p, open(sys.argv[2], "w"), ensure_ascii=False)' \
  "$prov" "$tmp/small.json"
check "report: with a minimum sample of 400 the overlapping units share ranks, as recomputed" report_matches "$tmp/small.json"
shared_first () {
  python3 - "$tmp/r.csv" <<'PY'
import csv, sys
rows, inside = [], False
for r in csv.reader(open(sys.argv[1], encoding="utf-8-sig")):
    if r and r[0].startswith("Xếp hạng đơn vị"):
        inside = True
    elif not r:
        inside = False
    elif inside and r[0] != "Mã":
        rows.append(r)
sys.exit(0 if sum(1 for r in rows if r[9] == "1" and "chưa đủ mẫu" in r[11]) >= 2 else 1)
PY
}
check "report: and a rank is shared indeed (two small units of rank 1)" shared_first

"$HL_CLI" report --db "$db" --province "$prov" --period 2026-Q3 --format pdf --output "$tmp/r.pdf"
check "report: the PDF is written" [ -s "$tmp/r.pdf" ]
pdftotext -layout "$tmp/r.pdf" "$tmp/r.txt"
for text in "Quý III năm 2026" "Xếp hạng đơn vị" "Đơn vị dưới mục tiêu" "Lĩnh vực đất đai, xây dựng, đầu tư" \
            "Theo yếu tố SIPAS" "So với kỳ trước (Quý II năm 2026" "Xã Bắc Hà" "Phường Cam Đường" "dưới mục"; do
  check "report: the PDF reads “$text”" grep -q "$text" "$tmp/r.txt"
done
# The province's responses are quick ratings only: no SIPAS figure, said as such and not as "— %".
check "report: without detailed answers the PDF says so under the SIPAS elements" \
  grep -q "Không có phiếu đánh giá chi tiết nào trong kỳ." "$tmp/r.txt"
check "report: … and its summary's SIPAS index is a dash, with no per cent sign" \
  grep -q "Chỉ số SIPAS: —$" "$tmp/r.txt" '&&' sh -c '! grep -q "SIPAS: — %" "$1"' - "$tmp/r.txt"
# The chart's labels shorten a long name, never the code: the centre's long name is shortened, and its code
# is drawn as wide in the chart (7.5 pt) as in the table below it (8 pt), not cut to "LC-…". pdftotext
# reads a shortened text whole, so the words' boxes on page 1 are compared: the chart's is the first.
code_whole () {
  pdftotext -bbox -f 1 -l 1 "$tmp/r.pdf" - | python3 -c '
import re, sys
boxes = [(float(y), float(x1) - float(x0)) for x0, y, x1 in
         re.findall(r"xMin=\"([\d.]+)\" yMin=\"([\d.]+)\" xMax=\"([\d.]+)\"[^>]*>LC-TTHCC<", sys.stdin.read())]
boxes.sort()
print("# widths", [round(w, 1) for _, w in boxes])
sys.exit(0 if len(boxes) >= 2 and boxes[0][1] >= 0.8 * boxes[1][1] else 1)'
}
check "report: the chart draws the centre's code whole beside its shortened name" code_whole
pdftoppm -r 70 -png "$tmp/r.pdf" "$pages/quy3-2026"
check "report: the PDF's pages are rendered into build/province-report/" test -s "$pages/quy3-2026-1.png"
"$HL_CLI" report --db "$db" --province "$prov" --period 2026-9M --cutoff --format pdf --output "$tmp/c.pdf"
pdftotext "$tmp/c.pdf" "$tmp/c.txt"
check "report --cutoff: the cut-off dates are those of the period" grep -q "từ 2025-12-15 đến 2026-09-14" "$tmp/c.txt"
check "report --cutoff: the trend is against the same kind of period a year before" grep -q "9 tháng năm 2025" "$tmp/c.txt"

refused () {
  local want=$1; shift
  "$HL_CLI" report --db "$db" "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  [ $rc -eq 2 ] || { echo "# exit $rc"; return 1; }
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || return 1
  grep -q "^hailong: report: .*$want" "$tmp/err" || { echo "# said: $(cat "$tmp/err")"; return 1; }
  [ ! -e "$tmp/bad.out" ]
}
check "report: a bad period is refused" refused "is not a period" --province "$prov" --period 2026-Q5 --format csv --output "$tmp/bad.out"
check "report: --province is required" refused "with --province" --period 2026-Q3 --format csv --output "$tmp/bad.out"
check "report: an unknown format is refused" refused "pdf, xlsx or csv" --province "$prov" --period 2026-Q3 --format doc --output "$tmp/bad.out"
check "report: a broken province is refused at its line" refused "$tmp/nope.json" --province "$tmp/nope.json" --period 2026-Q3 --format csv --output "$tmp/bad.out"
check "report: the database is unchanged" eq "$(sha256sum "$db")" "$sum_before"

tap_end
