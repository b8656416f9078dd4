/* hl-store-status.c: the kiosks a province's database knows, their gaps and the refused bundles
 * (migration 7). Read by `hailong status` and the report's completeness tables; nothing here is on the
 * path of an import except the two small writes of a refusal, so statements are prepared per call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include "hl-store-private.h"
#include "hl-store-status.h"

void
hl_store_kiosk_free (HlStoreKiosk *kiosk)
{
  if (kiosk == NULL)
    return;
  g_free (kiosk->kiosk_id);
  g_free (kiosk->key_source);
  g_free (kiosk->key_added_at);
  g_free (kiosk->unit);
  g_free (kiosk->counter);
  g_free (kiosk->first_day);
  g_free (kiosk->last_day);
  g_free (kiosk->last_import);
  g_free (kiosk);
}

void
hl_store_gap_free (HlStoreGap *gap)
{
  if (gap == NULL)
    return;
  g_free (gap->kiosk_id);
  g_free (gap->after_day);
  g_free (gap->before_day);
  g_free (gap);
}

void
hl_store_refusal_free (HlStoreRefusal *refusal)
{
  if (refusal == NULL)
    return;
  g_free (refusal->file);
  g_free (refusal->kiosk_id);
  g_free (refusal->reason);
  g_free (refusal->message);
  g_free (refusal->refused_at);
  g_free (refusal);
}

/* Every kiosk known, by id, with the first and last days of its counted responses. Days come from the
 * rollups (question '' counts each response once), which a year of a province holds in far fewer rows
 * than its responses; a day's aggregates read from QR codes count too (300,000 responses of 50 kiosks:
 * 0.06 s through the months, 0.3 s over every day rollup). How many it has in a period is
 * the index's to say (hl-completeness.c). */
GPtrArray *
hl_store_list_kiosks (HlStore     *self,
                      GError     **error)
{
  /* The first and last days: each kiosk's first and last months from the month rollups (a year is twelve
   * rows where it is 365 days), then the days of those edge months only (the day rollups' key begins with
   * the day, so a month is one range of it), and the QR codes' days, which have no months.
   * counted_last: the unit and counter of a kiosk's last day, from that day's most counted row (SQLite
   * takes the bare columns of a max() query from the row of the maximum). */
  static const char sql[] =
    "WITH months AS (SELECT kiosk_id, min(month) AS first_month, max(month) AS last_month FROM month_counts"
    "  WHERE question_id = '' GROUP BY kiosk_id),"
    " edges (month) AS (SELECT first_month FROM months UNION SELECT last_month FROM months),"
    " counted (kiosk_id, day) AS (SELECT c.kiosk_id, c.day FROM edges e JOIN day_counts c"
    "  ON c.day >= e.month || '-01' AND c.day < e.month || '-32' WHERE c.question_id = ''"
    "  UNION ALL SELECT kiosk_id, day FROM qr_day_counts WHERE question_id = ''),"
    " days AS (SELECT kiosk_id, min(day) AS first_day, max(day) AS last_day FROM counted GROUP BY kiosk_id),"
    " counted_last AS (SELECT c.kiosk_id, c.unit_code, c.counter_code, max(c.n) FROM day_counts c"
    "  JOIN days d ON d.kiosk_id = c.kiosk_id AND c.day = d.last_day WHERE c.question_id = '' GROUP BY c.kiosk_id),"
    " bundles AS (SELECT kiosk_id, count(*) AS n, max(imported_at) AS last_import FROM imported_bundles"
    "  GROUP BY kiosk_id),"
    " kiosks AS (SELECT kiosk_id FROM trusted_keys UNION SELECT kiosk_id FROM bundles"
    "  UNION SELECT kiosk_id FROM days)"
    " SELECT k.kiosk_id, t.source, t.added_at, d.first_day, d.last_day,"
    "  coalesce(b.n, 0), b.last_import, l.unit_code, l.counter_code"
    " FROM kiosks k LEFT JOIN trusted_keys t ON t.kiosk_id = k.kiosk_id"
    "  LEFT JOIN days d ON d.kiosk_id = k.kiosk_id LEFT JOIN bundles b ON b.kiosk_id = k.kiosk_id"
    "  LEFT JOIN counted_last l ON l.kiosk_id = k.kiosk_id"
    " ORDER BY k.kiosk_id";
  g_autoptr(GPtrArray) kiosks = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_store_kiosk_free);
  g_autoptr(HlStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = hl_store_prepare_stmt (self, sql, "listing the kiosks", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HlStoreKiosk *kiosk = g_new0 (HlStoreKiosk, 1);

      kiosk->kiosk_id = hl_store_column_dup (stmt, 0);
      kiosk->key_source = hl_store_column_dup (stmt, 1);
      kiosk->key_added_at = hl_store_column_dup (stmt, 2);
      kiosk->first_day = hl_store_column_dup (stmt, 3);
      kiosk->last_day = hl_store_column_dup (stmt, 4);
      kiosk->bundles = sqlite3_column_int64 (stmt, 5);
      kiosk->last_import = hl_store_column_dup (stmt, 6);
      kiosk->unit = hl_store_column_dup (stmt, 7);
      kiosk->counter = hl_store_column_dup (stmt, 8);
      g_ptr_array_add (kiosks, kiosk);
    }
  if (rc != SQLITE_DONE)
    {
      hl_store_set_sqlite_error (self, rc, "listing the kiosks", error);
      return NULL;
    }
  return g_steal_pointer (&kiosks);
}

/* Every run of sequence numbers missing among the responses held, kiosk by kiosk; a kiosk's first held
 * response after 1 leaves a gap from 1. What the kiosk recorded after its last bundle is not a gap: nobody
 * knows it yet. A bundle carries every response between its first and last sequence numbers (its chain has
 * no hole), so the holes are those between the bundles' ranges: found in the few rows of imported_bundles
 * (each range against the furthest any earlier one reached) rather than in the links of every response,
 * which a province's year holds by the ten million. */
GPtrArray *
hl_store_list_gaps (HlStore  *self,
                    GError  **error)
{
  g_autoptr(GPtrArray) gaps = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_store_gap_free);
  g_autoptr(HlStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = hl_store_prepare_stmt (self,
                                "WITH ranges AS (SELECT kiosk_id, first_sequence AS lo, max (last_sequence)"
                                "  OVER (PARTITION BY kiosk_id ORDER BY first_sequence, last_sequence"
                                "  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach"
                                "  FROM imported_bundles WHERE first_sequence > 0),"
                                " g AS (SELECT kiosk_id, coalesce (reach, 0) AS prev, lo AS seq FROM ranges"
                                "  WHERE lo > coalesce (reach, 0) + 1)"
                                " SELECT g.kiosk_id, g.prev, g.seq,"
                                " (SELECT r.day FROM responses r WHERE r.kiosk_id = g.kiosk_id"
                                "  AND r.response_id = CAST (g.prev AS TEXT)),"
                                " (SELECT r.day FROM responses r WHERE r.kiosk_id = g.kiosk_id"
                                "  AND r.response_id = CAST (g.seq AS TEXT))"
                                " FROM g ORDER BY g.kiosk_id, g.seq",
                                "listing the gaps", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HlStoreGap *gap = g_new0 (HlStoreGap, 1);

      gap->kiosk_id = hl_store_column_dup (stmt, 0);
      gap->after_seq = sqlite3_column_int64 (stmt, 1);
      gap->before_seq = sqlite3_column_int64 (stmt, 2);
      gap->missing = gap->before_seq - gap->after_seq - 1;
      gap->after_day = hl_store_column_dup (stmt, 3);
      gap->before_day = hl_store_column_dup (stmt, 4);
      g_ptr_array_add (gaps, gap);
    }
  if (rc != SQLITE_DONE)
    {
      hl_store_set_sqlite_error (self, rc, "listing the gaps", error);
      return NULL;
    }
  return g_steal_pointer (&gaps);
}

/* The refusals not resolved by a later import of the same file, oldest first. */
GPtrArray *
hl_store_list_refusals (HlStore  *self,
                        GError  **error)
{
  g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_store_refusal_free);
  g_autoptr(HlStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = hl_store_prepare_stmt (self, "SELECT id, file, kiosk_id, reason, message, refused_at FROM refused_bundles"
                                " WHERE resolved_at IS NULL ORDER BY id", "listing the refused bundles", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HlStoreRefusal *refusal = g_new0 (HlStoreRefusal, 1);

      refusal->id = sqlite3_column_int64 (stmt, 0);
      refusal->file = hl_store_column_dup (stmt, 1);
      refusal->kiosk_id = hl_store_column_dup (stmt, 2);
      refusal->reason = hl_store_column_dup (stmt, 3);
      refusal->message = hl_store_column_dup (stmt, 4);
      refusal->refused_at = hl_store_column_dup (stmt, 5);
      g_ptr_array_add (refusals, refusal);
    }
  if (rc != SQLITE_DONE)
    {
      hl_store_set_sqlite_error (self, rc, "listing the refused bundles", error);
      return NULL;
    }
  return g_steal_pointer (&refusals);
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format_iso8601 (now);
}

static gboolean
run_once (HlStore     *self,
          HlStoreStmt *stmt,
          const char  *what,
          GError     **error)
{
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), what, error);
  return TRUE;
}

/* A refused bundle, written after the import's own transaction was rolled back: the refusal is the only
 * row it leaves (one statement, so SQLite's own transaction makes it all or nothing). */
gboolean
hl_store_record_refusal (HlStore     *self,
                         const char  *file,
                         const char  *kiosk_id,
                         const char  *reason,
                         const char  *message,
                         GError     **error)
{
  g_autoptr(HlStoreStmt) stmt = NULL;
  g_autofree char *stamp = now_iso8601 ();

  g_return_val_if_fail (self != NULL && file != NULL && reason != NULL && message != NULL, FALSE);

  stmt = hl_store_prepare_stmt (self, "INSERT INTO refused_bundles (file, kiosk_id, reason, message, refused_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5)", "recording a refused bundle", error);
  if (stmt == NULL)
    return FALSE;
  hl_store_bind_text_or_null (stmt, 1, file);
  hl_store_bind_text_or_null (stmt, 2, kiosk_id);
  hl_store_bind_text_or_null (stmt, 3, reason);
  hl_store_bind_text_or_null (stmt, 4, message);
  hl_store_bind_text_or_null (stmt, 5, stamp);
  return run_once (self, stmt, "recording a refused bundle", error);
}

/* @file was imported (or was imported before): its earlier refusals no longer stand. */
gboolean
hl_store_resolve_refusals (HlStore     *self,
                           const char  *file,
                           GError     **error)
{
  g_autoptr(HlStoreStmt) stmt = NULL;
  g_autofree char *stamp = now_iso8601 ();

  g_return_val_if_fail (self != NULL && file != NULL, FALSE);

  stmt = hl_store_prepare_stmt (self,
                                "UPDATE refused_bundles SET resolved_at = ?2 WHERE file = ?1 AND resolved_at IS NULL",
                                "marking a refused bundle as imported", error);
  if (stmt == NULL)
    return FALSE;
  hl_store_bind_text_or_null (stmt, 1, file);
  hl_store_bind_text_or_null (stmt, 2, stamp);
  return run_once (self, stmt, "marking a refused bundle as imported", error);
}
