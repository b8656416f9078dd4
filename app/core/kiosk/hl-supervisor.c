/* hl-supervisor.c: the supervisor PIN and the alerts.
 *
 * NOT IMPLEMENTED YET: every function below fails with G_IO_ERROR_NOT_SUPPORTED until its part lands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-supervisor"

#include "config.h"

#include "hl-supervisor.h"

G_DEFINE_QUARK (hl-pin-error-quark, hl_pin_error)
G_DEFINE_ENUM_TYPE (HlPinStatus, hl_pin_status,
                    G_DEFINE_ENUM_VALUE (HL_PIN_STATUS_NEEDS_SETUP, "needs-setup"),
                    G_DEFINE_ENUM_VALUE (HL_PIN_STATUS_READY, "ready"),
                    G_DEFINE_ENUM_VALUE (HL_PIN_STATUS_LOCKED, "locked"))

static gboolean
not_yet (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not implemented yet");
  return FALSE;
}

gboolean hl_kiosk_get_pin_state (HlKiosk *kiosk, HlPinState *state, GError **error) { return not_yet (error); }
gboolean hl_kiosk_set_pin (HlKiosk *kiosk, const char *pin, GError **error) { return not_yet (error); }
gboolean hl_kiosk_check_pin (HlKiosk *kiosk, const char *pin, GError **error) { return not_yet (error); }
gboolean hl_kiosk_change_pin (HlKiosk *kiosk, const char *old_pin, const char *new_pin, GError **error)
{ return not_yet (error); }
GPtrArray *hl_kiosk_evaluate_alerts (HlKiosk *kiosk, GError **error) { not_yet (error); return NULL; }
GPtrArray *hl_kiosk_list_alerts (HlKiosk *kiosk, GError **error) { not_yet (error); return NULL; }
