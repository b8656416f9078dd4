/* hl-application.c
 *
 * The kiosk's session (configuration, surveys, database, key: hl_kiosk_session_start(), the same start-up
 * as `hailong simulate`'s) starts in the primary instance's startup only, after the display is known to
 * work and before any window shows, so that a bad configuration is a one-line error naming its file and
 * line, and an exit code. A second `hailong-kiosk` launched while one runs only hands over to it (GLib
 * runs handle_local_options in every launched process): it opens no file.
 *
 * The application action "arm" (see docs/kiosk.md) lets an officer's keypad or a queue-ticket system say
 * which procedure and officer the next response is for:
 *   gapplication action vn.hailong.Kiosk arm "{'procedure': <'1.001193'>, 'officer': <'CB02'>}"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "hl-application.h"
#include "hl-language.h"
#include "hl-arm.h"
#include "hl-backup.h"
#include "hl-identity.h"
#include "hl-kiosk-startup.h"
#include "hl-lockdown.h"
#include "hl-paths.h"
#include "hl-qr.h"
#include "hl-supervisor-bus.h"
#include "hl-window.h"

struct _HlApplication {
  AdwApplication  parent_instance;

  /* options */
  char           *db_path;
  char           *config_path;
  char           *survey_dir;
  char           *automation_dir;
  gboolean        fullscreen;
  gboolean        demo;

  /* owned references */
  HlKioskSession *session;       /* NULL until startup, and when the start-up failed */
  HlSession      *supervision;   /* whether a supervisor is signed in: guards quit, restart, shutdown */
  HlSupervisorBus *supervisor_bus; /* duty actions and the alert signal on D-Bus */

  /* state */
  guint           backup_id;
  int             exit_status;   /* non-zero when the start-up failed */
};

/* Backups are made at start and checked for every hour, so that a kiosk left on makes one a day. */
#define BACKUP_CHECK_SECONDS 3600

G_DEFINE_FINAL_TYPE (HlApplication, hl_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, "The database (default: ~/.local/share/hailong/kiosk.db)", "FILE" },
  { "config", 0, 0, G_OPTION_ARG_FILENAME, NULL, "The kiosk configuration (required, except with --demo)", "FILE" },
  { "survey-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL, "Where the survey definitions are", "DIR" },
  { "fullscreen", 0, 0, G_OPTION_ARG_NONE, NULL, "Fill the screen, with no way out but the supervisor's", NULL },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, "Demo mode: marked DEMO, short timeouts, fills the screen", NULL },
  { "automation-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    "For tests and the headless demo: write screenshots and the page's layout to DIR", "DIR" },
  { NULL }
};

static void
daily_backup (HlApplication *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *made = NULL;
  g_autoptr(GError) error = NULL;

  /* A failed backup does not stop the kiosk: responses are still safe in the database itself. */
  if (!hl_backup_daily (self->session->store, self->db_path, today, HL_BACKUP_KEEP, &made, &error))
    g_warning ("daily backup: %s", error->message);
  else if (made != NULL)
    g_message ("backup made: %s", made);
}

static gboolean
backup_cb (gpointer user_data)
{
  daily_backup (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
key_name_known (const char *name)
{
  return gdk_keyval_from_name (name) != GDK_KEY_VoidSymbol;
}

static gboolean
start_session (HlApplication  *self,
               GError        **error)
{
  HlKioskStartupOptions startup = {
    .db_path = self->db_path,
    .config_path = self->config_path,
    .survey_dir = self->survey_dir,
    .demo = self->demo,
    .key_name_known = key_name_known,
  };

  self->session = hl_kiosk_session_start (&startup, error);
  if (self->session == NULL)
    return FALSE;
  /* The windows are built in Vietnamese, the source language, whatever the environment says; each
   * window then shows the kiosk's language and follows it (hl-language.c). */
  hl_language_use ("vi");
  daily_backup (self);
  if (hl_kiosk_get_problem (self->session->kiosk) != NULL)
    g_warning ("kiosk %s started out of service: %s", hl_identity_get_kiosk_id (self->session->identity),
               hl_kiosk_get_problem (self->session->kiosk));
  else
    g_message ("kiosk %s ready: %s, database %s", hl_identity_get_kiosk_id (self->session->identity),
               self->config_path, self->db_path);
  return TRUE;
}

static int
hl_application_handle_local_options (GApplication *app,
                                     GVariantDict *dict)
{
  HlApplication *self = HL_APPLICATION (app);

  g_variant_dict_lookup (dict, "db", "^ay", &self->db_path);
  g_variant_dict_lookup (dict, "config", "^ay", &self->config_path);
  g_variant_dict_lookup (dict, "survey-dir", "^ay", &self->survey_dir);
  g_variant_dict_lookup (dict, "automation-dir", "^ay", &self->automation_dir);
  self->fullscreen = g_variant_dict_contains (dict, "fullscreen");
  self->demo = g_variant_dict_contains (dict, "demo");
  /* Without a configuration a kiosk would record real ratings under the demo's unit and counter. */
  if (self->config_path == NULL && !self->demo)
    {
      g_autofree char *example = hl_default_config_path ();

      g_printerr ("hailong-kiosk: no configuration: start it with --config FILE (make one from a copy of %s: "
                  "change the unit, counter and officers, and check it with `hailong validate FILE`), "
                  "or try the kiosk with --demo\n", example);
      return 1;
    }
  if (self->db_path == NULL)
    self->db_path = hl_default_db_path ();
  if (self->config_path == NULL)
    self->config_path = hl_default_config_path ();
  if (self->survey_dir == NULL)
    self->survey_dir = hl_default_survey_dir ();
  /* The display first: with none, the kiosk must not make a database, key or backup it cannot use. */
  if (!gtk_init_check ())
    {
      g_printerr ("hailong-kiosk: cannot open a display (is DISPLAY or WAYLAND_DISPLAY set?); "
                  "no file was opened or made\n");
      return 1;
    }
  return -1;
}

static void
arm_action_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  HlApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlArmRequest) request = NULL;

  if (self->session == NULL)
    return;
  /* The parameter comes from outside (D-Bus): checked in core, and a refusal leaves the kiosk as it was. */
  request = hl_arm_request_parse (parameter, &error);
  if (request == NULL
      || !hl_kiosk_arm (self->session->kiosk, request->procedure, request->officer, request->ticket, &error))
    g_message ("arm refused: %s", error->message);
  else
    g_message ("armed%s%s%s%s%s", request->procedure ? " for procedure " : "", request->procedure ? request->procedure : "",
               request->officer ? " by officer " : "", request->officer ? request->officer : "",
               request->ticket ? " with a ticket" : "");
}

static void
hl_application_startup (GApplication *app)
{
  HlApplication *self = HL_APPLICATION (app);
  g_autoptr(GSimpleAction) arm = g_simple_action_new ("arm", G_VARIANT_TYPE_VARDICT);
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (hl_application_parent_class)->startup (app);

  /* Only the primary instance gets here: the one that will show the kiosk. */
  if (!start_session (self, &error))
    {
      g_printerr ("hailong-kiosk: %s\n", error->message);
      self->exit_status = 1;
      return;
    }
  g_signal_connect (arm, "activate", G_CALLBACK (arm_action_cb), self);
  self->backup_id = g_timeout_add_seconds (BACKUP_CHECK_SECONDS, backup_cb, self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (arm));
  hl_lockdown_install_actions (GTK_APPLICATION (self), self->supervision);
  self->supervisor_bus = hl_supervisor_bus_new (app, self->session->kiosk);
  /* A kiosk is always light: it is read in bright public halls. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static void
hl_application_activate (GApplication *app)
{
  HlApplication *self = HL_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (self->session == NULL)
    {
      /* The start-up failed and said why: nothing to show. */
      g_application_quit (app);
      return;
    }
  if (window == NULL)
    {
      HlWindow *win = hl_window_new (ADW_APPLICATION (app), self->session->kiosk);

      window = GTK_WINDOW (win);
      hl_window_set_demo (win, self->demo);
      {
        g_autofree char *enrolment = hl_identity_enrolment_text (self->session->identity);

        hl_window_set_enrolment (win, hl_identity_get_kiosk_id (self->session->identity), enrolment);
      }
      if (self->automation_dir != NULL)
        hl_window_set_automation_dir (win, self->automation_dir);
      if (self->fullscreen || self->demo)
        {
          GdkDisplay *display = gdk_display_get_default ();
          GListModel *monitors = gdk_display_get_monitors (display);
          g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);

          /* Without a window manager (a bare X server in a kiosk session) fullscreen is not honoured,
           * so also take the monitor's size and drop the decorations. */
          if (monitor != NULL)
            {
              GdkRectangle geometry;

              gdk_monitor_get_geometry (monitor, &geometry);
              gtk_window_set_default_size (window, geometry.width, geometry.height);
            }
          gtk_window_set_decorated (window, FALSE);
          gtk_window_fullscreen (window);
        }
      /* Demo mode fills the screen too, but a demo can still be closed. */
      if (self->fullscreen)
        hl_lockdown_window (window);
    }
  gtk_window_present (window);
}

static void
hl_application_shutdown (GApplication *app)
{
  HlApplication *self = HL_APPLICATION (app);

  G_APPLICATION_CLASS (hl_application_parent_class)->shutdown (app);

  g_clear_handle_id (&self->backup_id, g_source_remove);
  g_clear_object (&self->supervisor_bus);
  g_clear_pointer (&self->session, hl_kiosk_session_free);
}

static void
hl_application_finalize (GObject *object)
{
  HlApplication *self = HL_APPLICATION (object);

  g_clear_pointer (&self->session, hl_kiosk_session_free);
  g_clear_object (&self->supervision);
  g_free (self->db_path);
  g_free (self->config_path);
  g_free (self->survey_dir);
  g_free (self->automation_dir);

  G_OBJECT_CLASS (hl_application_parent_class)->finalize (object);
}

static void
hl_application_class_init (HlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = hl_application_finalize;
  app_class->handle_local_options = hl_application_handle_local_options;
  app_class->startup = hl_application_startup;
  app_class->activate = hl_application_activate;
  app_class->shutdown = hl_application_shutdown;
}

static void
hl_application_init (HlApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  self->supervision = hl_session_new ();
}

/* Whether a supervisor is signed in. The dashboard signs in after checking the PIN and signs out when
 * it closes; the application actions quit, restart and shutdown do nothing without it. */
HlSession *
hl_application_get_session (HlApplication *self)
{
  g_return_val_if_fail (HL_IS_APPLICATION (self), NULL);

  return self->supervision;
}

/* What main() returns when g_application_run() itself succeeded: the start-up may have failed. */
int
hl_application_get_exit_status (HlApplication *self)
{
  g_return_val_if_fail (HL_IS_APPLICATION (self), 1);

  return self->exit_status;
}

HlApplication *
hl_application_new (void)
{
  /* Unique on the session bus, so that `gapplication action vn.hailong.Kiosk arm …` reaches the kiosk; with
   * no session bus it simply runs on its own. */
  return g_object_new (HL_TYPE_APPLICATION,
                       "application-id", HL_APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/vn/hailong/Kiosk",
                       NULL);
}
