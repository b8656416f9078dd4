/* hl-store-day.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include "hl-store-day.h"
#include "hl-store-private.h"

gboolean
hl_store_count_hours (HlStore     *self,
                      const char  *kiosk_id,
                      const char  *counter,
                      gint64       from_utc,
                      gint64       to_utc,
                      gint64       counted[24],
                      gint64       repeats[24],
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (kiosk_id != NULL && counter != NULL, FALSE);

  /* recorded_at is ISO 8601 with the kiosk's own offset, so characters 12–13 are the local hour. */
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT CAST(substr(recorded_at, 12, 2) AS INTEGER), SUM(is_repeat = 0), SUM(is_repeat)"
                           "  FROM responses"
                           " WHERE kiosk_id = ?1 AND counter_code = ?2 AND recorded_utc >= ?3 AND recorded_utc < ?4"
                           "   AND detail_of IS NULL"
                           " GROUP BY 1",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return hl_store_set_sqlite_error (self, rc, "counting the day's responses per hour", error);
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, counter, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, from_utc);
  sqlite3_bind_int64 (stmt, 4, to_utc);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int hour = sqlite3_column_int (stmt, 0);

      if (hour < 0 || hour > 23)
        continue;
      counted[hour] += sqlite3_column_int64 (stmt, 1);
      repeats[hour] += sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "counting the day's responses per hour", error);
  return TRUE;
}

gboolean
hl_store_get_data_version (HlStore  *self,
                           gint64   *version,
                           GError  **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL && version != NULL, FALSE);

  text = hl_store_pragma_text (self, "PRAGMA data_version", error);
  if (text == NULL)
    return FALSE;
  *version = g_ascii_strtoll (text, NULL, 10);
  return TRUE;
}
