/* hl-lockdown.c
 *
 * What a citizen could use to leave the kiosk, and how each is closed:
 * - the window's own close (a compositor's close request, GtkWindow's window.close action): refused;
 * - key combinations: the kiosk needs none with Control, Alt or Super (its keys are digits, Return,
 *   Escape, BackSpace and the officer's arming key), so every such press is swallowed before GTK's own
 *   bindings see it. This matters: GTK 4 opens its interactive inspector on Ctrl+Shift+D or Ctrl+Shift+I
 *   by default (org.gtk.gtk4.Settings.Debug enable-inspector-keybinding is true in Debian 12), and the
 *   inspector can change or quit anything. Alt+F4, Ctrl+Q, Ctrl+W and F11 are bound by window managers
 *   and desktop shells, not by GTK or libadwaita; cage binds none of them;
 * - the pointer: hidden, since a kiosk is touched, not pointed at.
 * The ways out that remain are the application actions quit, restart and shutdown, which ask HlSession
 * (core) whether a supervisor is signed in, whoever calls them: the dashboard, or `gapplication action`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-lockdown"

#include "config.h"

#include <gio/gio.h>

#include "hl-lockdown.h"

#define LEAVING_MODIFIERS (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK | GDK_HYPER_MASK)

static gboolean
close_request_cb (GtkWindow *window)
{
  g_message ("close request refused: the kiosk leaves only through the supervisor's quit");
  return TRUE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                gpointer               user_data)
{
  if ((state & LEAVING_MODIFIERS) != 0)
    return GDK_EVENT_STOP;
  return GDK_EVENT_PROPAGATE;
}

void
hl_lockdown_window (GtkWindow *window)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_return_if_fail (GTK_IS_WINDOW (window));

  gtk_window_set_decorated (window, FALSE);
  gtk_window_fullscreen (window);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (window), "none");
  g_signal_connect (window, "close-request", G_CALLBACK (close_request_cb), NULL);
  /* Capture phase, so that the window's own bindings (the inspector's) never see these keys. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);
}

/* Quit: stop the kiosk until the next boot. The kiosk service (data/systemd/hailong-kiosk.service)
 * restarts the kiosk whenever it ends, because cage reports every end as success and a crash must come
 * back; so a quit leaves a mark in the service's runtime directory (/run/hailong-kiosk, emptied at boot)
 * that the service's ExecCondition checks before starting again. */
static void
leave_stopped_mark (void)
{
  const char *dirs = g_getenv ("RUNTIME_DIRECTORY");
  g_auto(GStrv) list = NULL;
  g_autofree char *mark = NULL;
  g_autoptr(GError) error = NULL;

  if (dirs == NULL || *dirs == '\0')
    return;
  list = g_strsplit (dirs, ":", 2);
  mark = g_build_filename (list[0], "stopped", NULL);
  if (!g_file_set_contents (mark, "stopped by the supervisor\n", -1, &error))
    g_warning ("%s", error->message);
}

static void
power_off_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    g_warning ("shutdown: logind refused to power off: %s", error->message);
}

/* The machine is powered off by logind, which lets the user of the active session on the seat (the kiosk
 * session that the service opens with PAMName=login) do it without a password. */
static void
power_off (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error);

  if (bus == NULL)
    {
      g_warning ("shutdown: no system bus: %s", error->message);
      return;
    }
  g_dbus_connection_call (bus, "org.freedesktop.login1", "/org/freedesktop/login1",
                          "org.freedesktop.login1.Manager", "PowerOff", g_variant_new ("(b)", FALSE),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, power_off_cb, NULL);
}

static void
leave_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GApplication *application = g_object_get_data (G_OBJECT (action), "hl-application");
  HlSession *session = user_data;
  HlLeave what = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (action), "hl-leave"));
  g_autoptr(GError) error = NULL;

  if (!hl_session_check_leave (session, what, &error))
    {
      g_message ("%s refused: %s", hl_leave_to_string (what), error->message);
      return;
    }
  g_message ("%s by the supervisor", hl_leave_to_string (what));
  switch (what)
    {
    case HL_LEAVE_QUIT:
      leave_stopped_mark ();
      g_application_quit (application);
      break;
    case HL_LEAVE_RESTART:
      /* The service (Restart=always) starts the kiosk again two seconds later. */
      g_application_quit (application);
      break;
    case HL_LEAVE_SHUTDOWN:
      power_off ();
      break;
    default:
      g_assert_not_reached ();
    }
}

void
hl_lockdown_install_actions (GtkApplication *application,
                             HlSession      *session)
{
  static const HlLeave all[] = { HL_LEAVE_QUIT, HL_LEAVE_RESTART, HL_LEAVE_SHUTDOWN };

  g_return_if_fail (GTK_IS_APPLICATION (application));
  g_return_if_fail (HL_IS_SESSION (session));

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_autoptr(GSimpleAction) action = g_simple_action_new (hl_leave_to_string (all[i]), NULL);

      g_object_set_data (G_OBJECT (action), "hl-leave", GINT_TO_POINTER (all[i]));
      g_object_set_data (G_OBJECT (action), "hl-application", application);
      g_signal_connect_object (action, "activate", G_CALLBACK (leave_action_cb), session, 0);
      g_action_map_add_action (G_ACTION_MAP (application), G_ACTION (action));
    }
}
