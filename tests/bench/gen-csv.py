#!/usr/bin/env python3
# gen-csv.py: a hailong-csv/1 file of N answer rows, for measuring `hailong import`.
#
#   gen-csv.py ROWS [--survey sipas-full|sipas-quick] [--scatter] > rows.csv
#
# sipas-full gives every response OVERALL and the 22 criteria (23 rows); sipas-quick gives OVERALL and,
# for an unsatisfied citizen, one or two reasons (1 to 3 rows), the case with the most responses per row.
# --scatter writes the rows of neighbouring responses interleaved, as a merge of several exports would.
# The output is the same for the same arguments.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import argparse
import random
import sys

parser = argparse.ArgumentParser()
parser.add_argument('rows', type=int)
parser.add_argument('--survey', default='sipas-full', choices=['sipas-full', 'sipas-quick'])
parser.add_argument('--scatter', action='store_true')
args = parser.parse_args()

rng = random.Random(7)
out = sys.stdout
out.write('\ufeffresponse_id,kiosk_id,recorded_at,unit,counter,officer,procedure,field,'
          'survey_id,survey_version,question_id,value\r\n')
criteria = ['C%02d' % i for i in range(1, 23)]
written = 0
n = 0
pending = []
while written < args.rows:
    n += 1
    kiosk = 'HL-K%02d' % (n % 40)
    day = 1 + n % 28
    prefix = '%d,%s,2026-07-%02dT%02d:%02d:%02d+07:00,LC-U%d,Q%d,%s,1.00%d,%s,%s,1,' % (
        n, kiosk, day, 7 + n % 10, n % 60, (n * 7) % 60, n % 40, n % 5,
        'CB%02d' % (n % 9) if n % 3 else '', n % 7, 'DD' if n % 7 == 0 else 'HT', args.survey)
    if args.survey == 'sipas-full':
        rows = ['OVERALL,%d' % rng.choice((2, 3, 4, 4, 5, 5))] + \
               ['%s,%d' % (c, rng.choice((1, 3, 4, 4, 5, 5))) for c in criteria]
    else:
        value = rng.choice((1, 2, 3, 3, 4, 4, 4))
        rows = ['OVERALL,%d' % value]
        if value <= 2:
            rows += ['REASONS,%d' % r for r in sorted(rng.sample(range(1, 6), rng.choice((1, 2))))]
    rows = [prefix + r for r in rows][:args.rows - written]
    written += len(rows)
    if args.scatter:
        pending.append(rows)
        if len(pending) == 4:
            while any(pending):
                for p in pending:
                    if p:
                        out.write(p.pop(0) + '\r\n')
            pending = []
    else:
        for r in rows:
            out.write(r + '\r\n')
for p in pending:
    for r in p:
        out.write(r + '\r\n')
