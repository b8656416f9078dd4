/* hl-store-query.c: reading what is stored: lookups and the rollups.
 *
 * Nothing here writes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include "hl-store-private.h"

/* Counted responses at one counter of a kiosk since @since_utc (exclusive), for the burst rule. */
gint64
hl_store_count_recent (HlStore     *self,
                       const char  *kiosk_id,
                       const char  *counter,
                       gint64       since_utc,
                       GError     **error)
{
  sqlite3_stmt *stmt = hl_store_get_stmt (self, STMT_RECENT_AT_COUNTER, error);
  gint64 n = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, counter, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, since_utc);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    hl_store_set_sqlite_error (self, rc, "counting recent responses", error);
  sqlite3_reset (stmt);
  return n;
}

/* Sets @used to whether a response with this ticket hash is stored (a ticket rates once). FALSE: the
 * lookup failed, and @used says nothing. */
gboolean
hl_store_ticket_used (HlStore     *self,
                      const char  *ticket_hash,
                      gboolean    *used,
                      GError     **error)
{
  sqlite3_stmt *stmt = hl_store_get_stmt (self, STMT_TICKET_USED, error);
  int rc;

  g_return_val_if_fail (used != NULL, FALSE);

  *used = FALSE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ticket_hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "looking up a ticket", error);
  *used = rc == SQLITE_ROW;
  return TRUE;
}


/* Sets @found to whether (@kiosk_id, @response_id) is stored, and @row_id (optional) to its row, or 0.
 * FALSE: the lookup failed. */
gboolean
hl_store_lookup_response (HlStore     *self,
                          const char  *kiosk_id,
                          const char  *response_id,
                          gboolean    *found,
                          gint64      *row_id,
                          GError     **error)
{
  sqlite3_stmt *stmt = hl_store_get_stmt (self, STMT_LOOKUP_RESPONSE, error);
  int rc;

  g_return_val_if_fail (found != NULL, FALSE);

  *found = FALSE;
  if (row_id != NULL)
    *row_id = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, response_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && row_id != NULL)
    *row_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "looking up a response", error);
  *found = rc == SQLITE_ROW;
  return TRUE;
}

/* The kiosk's newest own response, for its sequence and the repeat rule: @found says whether there is
 * one; @sequence and @recorded_utc (optional) are set to its values, or 0 when there is none. FALSE: the
 * read failed. */
gboolean
hl_store_get_last_response (HlStore     *self,
                            const char  *kiosk_id,
                            gboolean    *found,
                            gint64      *sequence,
                            gint64      *recorded_utc,
                            GError     **error)
{
  sqlite3_stmt *stmt = hl_store_get_stmt (self, STMT_LAST_RESPONSE, error);
  int rc;

  g_return_val_if_fail (found != NULL, FALSE);

  *found = FALSE;
  if (sequence)
    *sequence = 0;
  if (recorded_utc)
    *recorded_utc = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      if (sequence)
        *sequence = sqlite3_column_int64 (stmt, 0);
      if (recorded_utc)
        *recorded_utc = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading the last response", error);
  return TRUE;
}

/* The responses recorded by kiosks on this database (numbered, chained; not imported ones): how many
 * (@n, by their sequence numbers) and by which kiosks (@kiosk_ids, comma-separated, NULL when none). */
gboolean
hl_store_count_own_responses (HlStore  *self,
                              gint64   *n,
                              char    **kiosk_ids,
                              GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (n != NULL, FALSE);

  *n = 0;
  if (kiosk_ids != NULL)
    *kiosk_ids = NULL;
  /* max(seq) per kiosk reads the end of the (kiosk_id, seq) index: quick however many are stored. */
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT coalesce(sum(n), 0), group_concat(kiosk_id, ', ') FROM (SELECT kiosk_id,"
                           " max(seq) AS n FROM responses WHERE seq IS NOT NULL GROUP BY kiosk_id ORDER BY kiosk_id)",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return hl_store_set_sqlite_error (self, rc, "counting the kiosks' responses", error);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *n = sqlite3_column_int64 (stmt, 0);
      if (kiosk_ids != NULL)
        *kiosk_ids = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return hl_store_set_sqlite_error (self, rc, "counting the kiosks' responses", error);
  return TRUE;
}

gint64
hl_store_count_responses (HlStore  *self,
                          GError  **error)
{
  g_autofree char *text = hl_store_pragma_text (self, "SELECT COUNT(*) FROM responses", error);

  return text ? g_ascii_strtoll (text, NULL, 10) : -1;
}

static const char *
key_or_null (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text == NULL || *text == '\0' ? NULL : text;
}

static gboolean foreach_rollup (HlStore *self, const char *sql, const char *from, const char *to,
                                HlCountFunc func, gpointer user_data, GError **error);

/* Calls @func for every rollup row of the days in [@from, @to] (YYYY-MM-DD, inclusive), or with @months
 * of the months in [@from, @to] (YYYY-MM; each row's day is then its month, and the days of those months
 * read from QR codes, which have no month rollups, come as day rows); with @bursts, of the responses
 * flagged as bursts only (so that every figure can also be given without them). With the days read from QR
 * codes (migration 5), which have no responses behind them. Only the key columns in @keys are read. */
gboolean
hl_store_foreach_rollup (HlStore      *self,
                         gboolean      months,
                         gboolean      bursts,
                         HlCountKeys   keys,
                         const char   *from,
                         const char   *to,
                         HlCountFunc   func,
                         gpointer      user_data,
                         GError      **error)
{
  static const struct {
    HlCountKeys key;
    const char *column;
  } columns[] = {
    { HL_COUNT_KEY_KIOSK, "kiosk_id" }, { HL_COUNT_KEY_UNIT, "unit_code" }, { HL_COUNT_KEY_COUNTER, "counter_code" },
    { HL_COUNT_KEY_OFFICER, "officer_code" }, { HL_COUNT_KEY_PROCEDURE, "procedure_code" },
    { HL_COUNT_KEY_FIELD, "field_code" },
  };
  g_autoptr(GString) rest = g_string_new (NULL);
  g_autofree char *sql = NULL;
  const char *table = bursts ? "burst_counts" : "day_counts";

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_string_append_printf (rest, ", %s", keys & columns[i].key ? columns[i].column : "NULL");
  g_string_append (rest, ", survey_id, survey_version, question_id, value, n");
  /* ?2 || '-32' is after every day of the month ?2. */
  if (months)
    sql = g_strdup_printf ("SELECT %s%s FROM %s WHERE month BETWEEN ?1 AND ?2"
                           " UNION ALL SELECT %s%s FROM qr_%s WHERE day BETWEEN ?1 AND ?2 || '-32'",
                           keys & HL_COUNT_KEY_DAY ? "month" : "NULL", rest->str,
                           bursts ? "month_burst_counts" : "month_counts",
                           keys & HL_COUNT_KEY_DAY ? "day" : "NULL", rest->str, table);
  else
    sql = g_strdup_printf ("SELECT %s%s FROM %s WHERE day BETWEEN ?1 AND ?2"
                           " UNION ALL SELECT %s%s FROM qr_%s WHERE day BETWEEN ?1 AND ?2",
                           keys & HL_COUNT_KEY_DAY ? "day" : "NULL", rest->str, table,
                           keys & HL_COUNT_KEY_DAY ? "day" : "NULL", rest->str, table);
  return foreach_rollup (self, sql, from, to, func, user_data, error);
}

/* Calls @func for every rollup row of the days in [@from_day, @to_day] (YYYY-MM-DD, inclusive). */
gboolean
hl_store_foreach_count (HlStore      *self,
                        const char   *from_day,
                        const char   *to_day,
                        HlCountFunc   func,
                        gpointer      user_data,
                        GError      **error)
{
  return hl_store_foreach_rollup (self, FALSE, FALSE, HL_COUNT_KEYS_ALL, from_day, to_day, func, user_data, error);
}

/* The same for the responses flagged as bursts only (burst_counts). */
gboolean
hl_store_foreach_burst_count (HlStore      *self,
                              const char   *from_day,
                              const char   *to_day,
                              HlCountFunc   func,
                              gpointer      user_data,
                              GError      **error)
{
  return hl_store_foreach_rollup (self, FALSE, TRUE, HL_COUNT_KEYS_ALL, from_day, to_day, func, user_data, error);
}

/* Whether the database keeps month rollups (schema 6 on). */
gboolean
hl_store_has_month_counts (HlStore *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->version >= 6;
}

/* Every month rollup row of the months in [@from_month, @to_month] (YYYY-MM, inclusive), with the rows of
 * those months' days read from QR codes: adds up to what hl_store_foreach_count() gives for the same days. */
gboolean
hl_store_foreach_month_count (HlStore      *self,
                              const char   *from_month,
                              const char   *to_month,
                              HlCountFunc   func,
                              gpointer      user_data,
                              GError      **error)
{
  return hl_store_foreach_rollup (self, TRUE, FALSE, HL_COUNT_KEYS_ALL, from_month, to_month, func, user_data,
                                  error);
}

/* The same for the responses flagged as bursts only. */
gboolean
hl_store_foreach_month_burst_count (HlStore      *self,
                                    const char   *from_month,
                                    const char   *to_month,
                                    HlCountFunc   func,
                                    gpointer      user_data,
                                    GError      **error)
{
  return hl_store_foreach_rollup (self, TRUE, TRUE, HL_COUNT_KEYS_ALL, from_month, to_month, func, user_data,
                                  error);
}

static gboolean
foreach_rollup (HlStore      *self,
                const char   *sql,
                const char   *from,
                const char   *to,
                HlCountFunc   func,
                gpointer      user_data,
                GError      **error)
{
  g_autoptr(HlCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);

  /* Inside an explicit transaction, some increments may still be in memory (hl-store-append.c). */
  if (self->in_transaction && !hl_store_flush_counts (self, error))
    return FALSE;
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = hl_store_cached_stmt (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HlCountRow row = {
        .day = (const char *) sqlite3_column_text (stmt, 0),
        .kiosk_id = (const char *) sqlite3_column_text (stmt, 1),
        .unit = (const char *) sqlite3_column_text (stmt, 2),
        .counter = (const char *) sqlite3_column_text (stmt, 3),
        .officer = key_or_null (stmt, 4),
        .procedure = key_or_null (stmt, 5),
        .field = key_or_null (stmt, 6),
        .survey_id = (const char *) sqlite3_column_text (stmt, 7),
        .survey_version = sqlite3_column_int (stmt, 8),
        .question_id = (const char *) sqlite3_column_text (stmt, 9),
        .value = sqlite3_column_int (stmt, 10),
        .n = sqlite3_column_int64 (stmt, 11),
      };

      func (&row, user_data);
    }
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading the counts", error);
  return TRUE;
}
