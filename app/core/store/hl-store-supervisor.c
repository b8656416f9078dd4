/* hl-store-supervisor.c: the supervisor PIN, the duty log and the alerts in the database (migration 4).
 *
 * NOT IMPLEMENTED YET: every function below fails with G_IO_ERROR_NOT_SUPPORTED until its part lands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include <gio/gio.h>
#include <math.h>

#include "hl-store-supervisor.h"

static gboolean
not_yet (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not implemented yet");
  return FALSE;
}

void
hl_pin_record_clear (HlPinRecord *record)
{
  g_clear_pointer (&record->pin_hash, g_free);
  record->failures = 0;
  record->lockouts = 0;
  record->locked_until = 0;
}

gboolean hl_store_get_pin (HlStore *self, HlPinRecord *record, GError **error) { return not_yet (error); }
gboolean hl_store_put_pin (HlStore *self, const HlPinRecord *record, GError **error) { return not_yet (error); }
gboolean hl_store_reset_pin (HlStore *self, gboolean *had_pin, GError **error) { return not_yet (error); }
gboolean hl_store_log_duty (HlStore *self, const char *kiosk_id, const char *counter, const char *officer,
                            const char *recorded_at, gint64 recorded_utc, GError **error) { return not_yet (error); }
gboolean hl_store_get_duty (HlStore *self, const char *kiosk_id, const char *counter, gboolean *found,
                            char **officer, gint64 *since_utc, GError **error) { return not_yet (error); }
gboolean hl_store_foreach_recent_value (HlStore *self, const char *kiosk_id, const char *counter,
                                        const char *question_id, gint64 since_utc, HlValueCountFunc func,
                                        gpointer user_data, GError **error) { return not_yet (error); }
gboolean hl_store_add_alert (HlStore *self, const HlAlert *alert, GError **error) { return not_yet (error); }
gboolean hl_store_get_last_alert (HlStore *self, const char *kiosk_id, const char *counter, HlAlertKind kind,
                                  guint rule, gboolean *found, gint64 *raised_utc, char **day, GError **error)
{ return not_yet (error); }
GPtrArray *hl_store_list_alerts (HlStore *self, const char *kiosk_id, const char *day, GError **error)
{ not_yet (error); return NULL; }

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
