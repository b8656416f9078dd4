/* hl-store-supervisor.c: the supervisor PIN, the duty log and the alerts in the database (migration 4).
 *
 * None of these is on the path of a citizen's tap except the duty lookup at start-up and the alerts'
 * queries, so statements are prepared per call, but for the alerts' two queries run after every response,
 * which are kept (hl_store_cached_stmt()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include <math.h>

#include "hl-store-private.h"
#include "hl-store-supervisor.h"

static double
column_double_or_nan (HlStoreStmt *stmt,
                      int          column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, column);
}

static void
bind_double_or_null (HlStoreStmt *stmt,
                     int          index,
                     double       value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, value);
}

void
hl_pin_record_clear (HlPinRecord *record)
{
  g_return_if_fail (record != NULL);

  g_clear_pointer (&record->pin_hash, g_free);
  record->failures = 0;
  record->lockouts = 0;
  record->locked_until = 0;
}

gboolean
hl_store_get_pin (HlStore      *self,
                  HlPinRecord  *record,
                  GError      **error)
{
  g_autoptr(HlStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  hl_pin_record_clear (record);
  stmt = hl_store_prepare_stmt (self, "SELECT pin_hash, failures, lockouts, locked_until FROM supervisor_pin WHERE id = 1",
                  "reading the supervisor PIN", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return hl_store_set_sqlite_error (self, rc, "reading the supervisor PIN", error);
  record->pin_hash = hl_store_column_dup (stmt, 0);
  record->failures = (guint) sqlite3_column_int (stmt, 1);
  record->lockouts = (guint) sqlite3_column_int (stmt, 2);
  record->locked_until = sqlite3_column_int64 (stmt, 3);
  return TRUE;
}

/* One statement: atomic and durable by itself (synchronous=FULL), or part of the caller's transaction. */
gboolean
hl_store_put_pin (HlStore            *self,
                  const HlPinRecord  *record,
                  GError            **error)
{
  g_autoptr(HlStoreStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  stmt = hl_store_prepare_stmt (self, "INSERT OR REPLACE INTO supervisor_pin (id, pin_hash, failures, lockouts, locked_until)"
                  " VALUES (1, ?1, ?2, ?3, ?4)", "storing the supervisor PIN", error);
  if (stmt == NULL)
    return FALSE;
  hl_store_bind_text_or_null (stmt, 1, record->pin_hash);
  sqlite3_bind_int (stmt, 2, (int) record->failures);
  sqlite3_bind_int (stmt, 3, (int) record->lockouts);
  sqlite3_bind_int64 (stmt, 4, record->locked_until);
  return hl_store_step_done (self, stmt, "storing the supervisor PIN", error);
}

gboolean
hl_store_reset_pin (HlStore   *self,
                    gboolean  *had_pin,
                    GError   **error)
{
  HlPinRecord cleared = { 0 };

  g_return_val_if_fail (self != NULL, FALSE);

  if (had_pin != NULL)
    {
      HlPinRecord record = { 0 };

      if (!hl_store_get_pin (self, &record, error))
        return FALSE;
      *had_pin = record.pin_hash != NULL;
      hl_pin_record_clear (&record);
    }
  return hl_store_put_pin (self, &cleared, error);
}

gboolean
hl_store_log_duty (HlStore     *self,
                   const char  *kiosk_id,
                   const char  *counter,
                   const char  *officer,
                   const char  *recorded_at,
                   gint64       recorded_utc,
                   GError     **error)
{
  g_autoptr(HlStoreStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (kiosk_id != NULL && counter != NULL && recorded_at != NULL, FALSE);

  stmt = hl_store_prepare_stmt (self, "INSERT INTO duty_log (kiosk_id, counter_code, officer_code, recorded_at, recorded_utc)"
                  " VALUES (?1, ?2, ?3, ?4, ?5)", "logging an officer on duty", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, counter, -1, SQLITE_TRANSIENT);
  hl_store_bind_text_or_null (stmt, 3, officer);
  sqlite3_bind_text (stmt, 4, recorded_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, recorded_utc);
  return hl_store_step_done (self, stmt, "logging an officer on duty", error);
}

gboolean
hl_store_get_duty (HlStore     *self,
                   const char  *kiosk_id,
                   const char  *counter,
                   gboolean    *found,
                   char       **officer,
                   gint64      *since_utc,
                   GError     **error)
{
  g_autoptr(HlStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (found != NULL && officer != NULL, FALSE);

  *found = FALSE;
  *officer = NULL;
  if (since_utc != NULL)
    *since_utc = 0;
  stmt = hl_store_prepare_stmt (self, "SELECT officer_code, recorded_utc FROM duty_log WHERE kiosk_id = ?1 AND counter_code = ?2"
                  " ORDER BY id DESC LIMIT 1", "reading who is on duty", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, counter, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return hl_store_set_sqlite_error (self, rc, "reading who is on duty", error);
  *found = TRUE;
  *officer = hl_store_column_dup (stmt, 0);
  if (since_utc != NULL)
    *since_utc = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

/* The newest answer of each response counts (an answer given again after "back" replaces the older), and
 * repeats never do. The window's responses come from the (kiosk, counter, time) index. */
gboolean
hl_store_foreach_recent_value (HlStore          *self,
                               const char       *kiosk_id,
                               const char       *counter,
                               const char       *question_id,
                               gint64            since_utc,
                               HlValueCountFunc  func,
                               gpointer          user_data,
                               GError          **error)
{
  g_autoptr(HlCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (kiosk_id != NULL && counter != NULL && question_id != NULL && func != NULL, FALSE);

  stmt = hl_store_cached_stmt (self,
                               "SELECT a.value, COUNT(*) FROM responses r JOIN answers a ON a.id ="
                               " (SELECT MAX(id) FROM answers WHERE response = r.id AND question_id = ?3)"
                               " WHERE r.kiosk_id = ?1 AND r.counter_code = ?2 AND r.recorded_utc >= ?4"
                               " AND r.is_repeat = 0 GROUP BY a.value ORDER BY a.value", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, counter, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, question_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, since_utc);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func (sqlite3_column_int (stmt, 0), sqlite3_column_int64 (stmt, 1), user_data);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading the latest answers", error);
  return TRUE;
}

gboolean
hl_store_add_alert (HlStore        *self,
                    const HlAlert  *alert,
                    GError        **error)
{
  g_autoptr(HlStoreStmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (alert != NULL, FALSE);

  stmt = hl_store_prepare_stmt (self, "INSERT INTO alerts (kiosk_id, counter_code, kind, rule, day, raised_at, raised_utc, answers,"
                  " unsatisfied, value, ci_low, ci_high, threshold, message)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                  "storing an alert", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, alert->kiosk_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, alert->counter, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, hl_alert_kind_to_string (alert->kind), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, (int) alert->rule);
  sqlite3_bind_text (stmt, 5, alert->day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, alert->raised_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, alert->raised_utc);
  sqlite3_bind_int64 (stmt, 8, alert->answers);
  sqlite3_bind_int64 (stmt, 9, alert->unsatisfied);
  bind_double_or_null (stmt, 10, alert->value);
  bind_double_or_null (stmt, 11, alert->ci_low);
  bind_double_or_null (stmt, 12, alert->ci_high);
  bind_double_or_null (stmt, 13, alert->threshold);
  sqlite3_bind_text (stmt, 14, alert->message, -1, SQLITE_TRANSIENT);
  return hl_store_step_done (self, stmt, "storing an alert", error);
}

gboolean
hl_store_get_last_alert (HlStore      *self,
                         const char   *kiosk_id,
                         const char   *counter,
                         HlAlertKind   kind,
                         guint         rule,
                         gboolean     *found,
                         gint64       *raised_utc,
                         char        **day,
                         GError      **error)
{
  g_autoptr(HlCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (found != NULL, FALSE);

  *found = FALSE;
  if (raised_utc != NULL)
    *raised_utc = 0;
  if (day != NULL)
    *day = NULL;
  stmt = hl_store_cached_stmt (self, "SELECT raised_utc, day FROM alerts WHERE kiosk_id = ?1 AND counter_code = ?2"
                               " AND kind = ?3 AND rule = ?4 ORDER BY raised_utc DESC, id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, counter, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, hl_alert_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, (int) rule);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return hl_store_set_sqlite_error (self, rc, "reading the alerts", error);
  *found = TRUE;
  if (raised_utc != NULL)
    *raised_utc = sqlite3_column_int64 (stmt, 0);
  if (day != NULL)
    *day = hl_store_column_dup (stmt, 1);
  return TRUE;
}

GPtrArray *
hl_store_list_alerts (HlStore     *self,
                      const char  *kiosk_id,
                      const char  *day,
                      GError     **error)
{
  g_autoptr(HlStoreStmt) stmt = NULL;
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_alert_free);
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (kiosk_id != NULL && day != NULL, NULL);

  stmt = hl_store_prepare_stmt (self, "SELECT kind, rule, counter_code, raised_at, raised_utc, answers, unsatisfied, value,"
                  " ci_low, ci_high, threshold, message FROM alerts WHERE kiosk_id = ?1 AND day = ?2"
                  " ORDER BY raised_utc, id", "reading the alerts", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HlAlert *alert = g_new0 (HlAlert, 1);
      const char *kind = (const char *) sqlite3_column_text (stmt, 0);

      alert->kind = g_strcmp0 (kind, "day-below-target") == 0 ? HL_ALERT_DAY_BELOW_TARGET
                                                               : HL_ALERT_UNSATISFIED_SHARE;
      alert->rule = (guint) sqlite3_column_int (stmt, 1);
      alert->kiosk_id = g_strdup (kiosk_id);
      alert->counter = hl_store_column_dup (stmt, 2);
      alert->day = g_strdup (day);
      alert->raised_at = hl_store_column_dup (stmt, 3);
      alert->raised_utc = sqlite3_column_int64 (stmt, 4);
      alert->answers = sqlite3_column_int64 (stmt, 5);
      alert->unsatisfied = sqlite3_column_int64 (stmt, 6);
      alert->value = column_double_or_nan (stmt, 7);
      alert->ci_low = column_double_or_nan (stmt, 8);
      alert->ci_high = column_double_or_nan (stmt, 9);
      alert->threshold = column_double_or_nan (stmt, 10);
      alert->message = hl_store_column_dup (stmt, 11);
      g_ptr_array_add (alerts, alert);
    }
  if (rc != SQLITE_DONE)
    {
      hl_store_set_sqlite_error (self, rc, "reading the alerts", error);
      return NULL;
    }
  return g_steal_pointer (&alerts);
}

HlAlert *
hl_alert_copy (const HlAlert *alert)
{
  HlAlert *copy = g_new (HlAlert, 1);

  *copy = *alert;
  copy->kiosk_id = g_strdup (alert->kiosk_id);
  copy->counter = g_strdup (alert->counter);
  copy->day = g_strdup (alert->day);
  copy->raised_at = g_strdup (alert->raised_at);
  copy->message = g_strdup (alert->message);
  return copy;
}

void
hl_alert_free (HlAlert *alert)
{
  if (alert == NULL)
    return;
  g_free (alert->kiosk_id);
  g_free (alert->counter);
  g_free (alert->day);
  g_free (alert->raised_at);
  g_free (alert->message);
  g_free (alert);
}

G_DEFINE_BOXED_TYPE (HlAlert, hl_alert, hl_alert_copy, hl_alert_free)
