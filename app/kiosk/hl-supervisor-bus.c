/* hl-supervisor-bus.c
 *
 * The alert is a plain D-Bus signal emitted with g_dbus_connection_emit_signal() on the application's
 * object path (/vn/hailong/Kiosk), so that anyone on the session bus can match it without knowing the
 * kiosk's name:
 *   dbus-monitor "type='signal',interface='vn.hailong.Kiosk.Supervisor',member='Alert'"
 * Its arguments, (sssssxxdds): kind ("unsatisfied-share", "day-below-target"), kiosk id, counter, day,
 * raised_at (ISO 8601), answers looked at, of which unsatisfied, the value (percent), the threshold
 * (percent) and the message in Vietnamese.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-supervisor-bus"

#include "config.h"

#include "hl-supervisor.h"
#include "hl-supervisor-bus.h"

struct _HlSupervisorBus {
  GObject       parent_instance;

  /* borrowed references */
  GApplication *application;   /* owns this object */

  /* owned references */
  HlKiosk      *kiosk;
};

G_DEFINE_FINAL_TYPE (HlSupervisorBus, hl_supervisor_bus, G_TYPE_OBJECT)

static void
alert_cb (HlKiosk         *kiosk,
          HlAlert         *alert,
          HlSupervisorBus *self)
{
  GDBusConnection *connection = g_application_get_dbus_connection (self->application);
  const char *path = g_application_get_dbus_object_path (self->application);
  g_autoptr(GError) error = NULL;

  g_message ("alert raised: %s", alert->message);
  if (connection == NULL || path == NULL)
    return;
  if (!g_dbus_connection_emit_signal (connection, NULL, path, HL_SUPERVISOR_BUS_INTERFACE, "Alert",
                                      g_variant_new ("(sssssxxdds)", hl_alert_kind_to_string (alert->kind),
                                                     alert->kiosk_id, alert->counter, alert->day,
                                                     alert->raised_at, alert->answers, alert->unsatisfied,
                                                     alert->value, alert->threshold, alert->message),
                                      &error))
    g_warning ("alert signal: %s", error->message);
}

/* A sign-in or -out names the counter, so that a queue system serving several counters cannot sign an
 * officer in at the wrong one: a kiosk takes only its own. */
static gboolean
check_counter (HlSupervisorBus *self,
               const char      *counter)
{
  const char *own = hl_kiosk_get_config (self->kiosk)->counter_code;

  if (g_strcmp0 (counter, own) == 0)
    return TRUE;
  g_message ("duty refused: counter “%s” is not this kiosk's (%s)", counter, own);
  return FALSE;
}

static void
sign_in_cb (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  HlSupervisorBus *self = user_data;
  const char *counter, *officer;
  g_autoptr(GError) error = NULL;

  g_variant_get (parameter, "(&s&s)", &counter, &officer);
  if (!check_counter (self, counter))
    return;
  if (!hl_kiosk_sign_in (self->kiosk, officer, &error))
    g_message ("duty refused: %s", error->message);
  else
    g_message ("duty: officer %s signed in at counter %s", officer, counter);
}

static void
sign_out_cb (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  HlSupervisorBus *self = user_data;
  const char *counter = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (!check_counter (self, counter))
    return;
  if (!hl_kiosk_sign_out (self->kiosk, &error))
    g_message ("duty refused: %s", error->message);
  else
    g_message ("duty: signed out at counter %s", counter);
}

static void
hl_supervisor_bus_dispose (GObject *object)
{
  HlSupervisorBus *self = HL_SUPERVISOR_BUS (object);

  if (self->kiosk != NULL)
    g_signal_handlers_disconnect_by_data (self->kiosk, self);
  g_clear_object (&self->kiosk);

  G_OBJECT_CLASS (hl_supervisor_bus_parent_class)->dispose (object);
}

static void
hl_supervisor_bus_class_init (HlSupervisorBusClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hl_supervisor_bus_dispose;
}

static void
hl_supervisor_bus_init (HlSupervisorBus *self)
{
}

HlSupervisorBus *
hl_supervisor_bus_new (GApplication *application,
                       HlKiosk      *kiosk)
{
  HlSupervisorBus *self = g_object_new (HL_TYPE_SUPERVISOR_BUS, NULL);
  g_autoptr(GSimpleAction) sign_in = g_simple_action_new ("duty-sign-in", G_VARIANT_TYPE ("(ss)"));
  g_autoptr(GSimpleAction) sign_out = g_simple_action_new ("duty-sign-out", G_VARIANT_TYPE_STRING);

  self->application = application;
  self->kiosk = g_object_ref (kiosk);
  g_signal_connect (sign_in, "activate", G_CALLBACK (sign_in_cb), self);
  g_signal_connect (sign_out, "activate", G_CALLBACK (sign_out_cb), self);
  g_action_map_add_action (G_ACTION_MAP (application), G_ACTION (sign_in));
  g_action_map_add_action (G_ACTION_MAP (application), G_ACTION (sign_out));
  g_signal_connect (kiosk, "alert", G_CALLBACK (alert_cb), self);
  return self;
}
