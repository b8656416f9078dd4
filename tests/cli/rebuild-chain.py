#!/usr/bin/env python3
# rebuild-chain.py: what a hostile supervisor with write access to the database file can do, for
# test-trust.sh. It drops every trigger, deletes one counted response of the kiosk (with its answers,
# links and its share of the rollups), renumbers the later responses and links so that no gap shows, and
# recomputes every link's hash with the store's own encoding (docs/formats.md, "The chain"). Without a key
# the links keep their old signatures (or lose them, with --strip); --sign-with KEYFILE re-signs every link
# with a kiosk key file (root and the key: the case the chain cannot stop); --new-key signs with a key of
# its own, stored in place of the kiosk's, and --rename also renames the kiosk to the id that key makes.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import argparse
import base64
import hashlib
import sqlite3

ap = argparse.ArgumentParser()
ap.add_argument("db")
ap.add_argument("--nth", type=int, default=10, help="delete the NTH counted response (default 10)")
ap.add_argument("--strip", action="store_true", help="remove every signature")
ap.add_argument("--sign-with", help="re-sign every link with this kiosk key file")
ap.add_argument("--new-key", action="store_true", help="re-sign with a new key, stored as the kiosk's")
ap.add_argument("--rename", action="store_true", help="with --new-key: rename the kiosk after the new key")
args = ap.parse_args()


def field(v):
    if v is None:
        return b"-;"
    b = v.encode()
    return b"%d:%s;" % (len(b), b)


def integer(v):
    return b"%d;" % v


def enc(v):
    return integer(v) if isinstance(v, int) else field(v)


def kiosk_id_of(public_key):
    b32 = base64.b32encode(hashlib.sha256(public_key).digest()).decode()[:12]
    return "HL-%s-%s-%s" % (b32[0:4], b32[4:8], b32[8:12])


db = sqlite3.connect(args.db)
db.isolation_level = None
db.execute("PRAGMA foreign_keys = OFF")
db.execute("BEGIN")
for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
    db.execute('DROP TRIGGER "%s"' % name)
cols = [r[1] for r in db.execute("PRAGMA table_info(chain)")]
signed_schema = "signature" in cols
kiosk = db.execute("SELECT kiosk_id FROM chain ORDER BY link LIMIT 1").fetchone()[0]

# The response to delete: counted, not a detailed rating, and with no detailed rating tied to it.
victim = db.execute(
    "SELECT id, seq, day, kiosk_id, unit_code, counter_code, coalesce(officer_code, ''), coalesce(procedure_code, ''),"
    " coalesce(field_code, ''), survey_id, survey_version, burst FROM responses r"
    " WHERE kiosk_id = ? AND seq IS NOT NULL AND is_repeat = 0 AND detail_of IS NULL"
    " AND NOT EXISTS (SELECT 1 FROM responses d WHERE d.detail_of = r.id) ORDER BY seq LIMIT 1 OFFSET ?",
    (kiosk, args.nth - 1)).fetchone()
rid, seq, keys, burst = victim[0], victim[1], victim[2:11], victim[11]
items = [("", 0)] + db.execute(
    "SELECT question_id, value FROM answers a WHERE response = ? AND NOT EXISTS"
    " (SELECT 1 FROM answers b WHERE b.response = a.response AND b.replaces = a.id)", (rid,)).fetchall()
# From schema 6 the month rollups hold the same counts by month (the day cut to YYYY-MM).
has_months = db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'month_counts'").fetchone()[0] > 0
rollups = [("day_counts", "day", keys)] + ([("burst_counts", "day", keys)] if burst else [])
if has_months:
    month_keys = (keys[0][:7],) + keys[1:]
    rollups += [("month_counts", "month", month_keys)]
    rollups += [("month_burst_counts", "month", month_keys)] if burst else []
for table, period, k in rollups:
    for q, v in items:
        db.execute("UPDATE %s SET n = n - 1 WHERE %s = ? AND kiosk_id = ? AND unit_code = ? AND counter_code = ?"
                   " AND officer_code = ? AND procedure_code = ? AND field_code = ? AND survey_id = ?"
                   " AND survey_version = ? AND question_id = ? AND value = ?" % (table, period), k + (q, v))
db.execute("DELETE FROM answers WHERE response = ?", (rid,))
db.execute("DELETE FROM chain WHERE response = ?", (rid,))
db.execute("DELETE FROM responses WHERE id = ?", (rid,))
for (row, s) in db.execute("SELECT id, seq FROM responses WHERE kiosk_id = ? AND seq > ? ORDER BY seq",
                           (kiosk, seq)).fetchall():
    db.execute("UPDATE responses SET seq = ?, response_id = ? WHERE id = ?", (s - 1, str(s - 1), row))

# A signer, if any.
sign = None
new_public = None
if args.sign_with or args.new_key:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives import serialization
    if args.sign_with:
        text = open(args.sign_with).read().split("\n")[1]
        secret = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(text)[:32])
    else:
        secret = Ed25519PrivateKey.generate()
    new_public = secret.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    sign = secret.sign

if args.new_key:
    new_kiosk = kiosk_id_of(new_public) if args.rename else kiosk
    db.execute("UPDATE kiosk_keys SET public_key = ?, kiosk_id = ? WHERE kiosk_id = ?", (new_public, new_kiosk, kiosk))
    if args.rename:
        for table in ["responses", "chain", "day_counts", "burst_counts"] + (
                ["month_counts", "month_burst_counts"] if has_months else []):
            db.execute("UPDATE %s SET kiosk_id = ? WHERE kiosk_id = ?" % table, (new_kiosk, kiosk))
        kiosk = new_kiosk

# Every link again, numbered from 1, each hash over the previous one and the record as now stored.
links = db.execute("SELECT response, kind, first_answer, last_answer%s FROM chain WHERE kiosk_id = ? ORDER BY link"
                   % (", format, signature" if signed_schema else ""), (kiosk,)).fetchall()
db.execute("DELETE FROM chain WHERE kiosk_id = ?", (kiosk,))
prev = bytes(32)
for n, link in enumerate(links, 1):
    response, kind, first, last = link[0:4]
    fmt, signature = (link[4], link[5]) if signed_schema else (1, None)
    record = b"hailong-chain/%d;" % fmt + integer(kind)
    row = db.execute("SELECT kiosk_id, response_id, seq, recorded_at, recorded_utc, day, unit_code, counter_code,"
                     " officer_code, procedure_code, field_code, survey_id, survey_version, is_repeat, ticket_hash,"
                     " burst, detail_of FROM responses WHERE id = ?", (response,)).fetchone()
    record += b"".join(enc(v) for v in row)
    if fmt >= 2:
        digest = db.execute("SELECT digest FROM surveys WHERE survey_id = ? AND version = ?",
                            (row[11], row[12])).fetchone()
        record += field(digest[0] if digest else None)
    if first is not None and first > 0:
        for a in db.execute("SELECT id, question_id, value, replaces FROM answers WHERE response = ?"
                            " AND id BETWEEN ? AND ? ORDER BY id", (response, first, last)):
            record += integer(a[0]) + field(a[1]) + integer(a[2]) + (field(None) if a[3] is None else integer(a[3]))
    h = hashlib.sha256(prev + record).digest()
    if signed_schema:
        if args.strip:
            signature = None
        elif sign is not None and signature is not None:
            signature = sign(b"hailong-link/1;" + field(kiosk) + integer(n) + h)
        db.execute("INSERT INTO chain (kiosk_id, link, response, kind, first_answer, last_answer, hash, format,"
                   " signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (kiosk, n, response, kind, first, last, h, fmt, signature))
    else:
        db.execute("INSERT INTO chain (kiosk_id, link, response, kind, first_answer, last_answer, hash)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?)", (kiosk, n, response, kind, first, last, h))
    prev = h
db.execute("COMMIT")
print("deleted response %d of kiosk %s; %d links rebuilt" % (seq, kiosk, len(links)))
