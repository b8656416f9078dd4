/* hl-application.c
 *
 * Loads the configuration, the survey, the database and the kiosk's key before any window shows, so that
 * a bad configuration is a one-line error naming its file and line, and an exit code.
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
#include "hl-arm.h"
#include "hl-backup.h"
#include "hl-config.h"
#include "hl-identity.h"
#include "hl-kiosk.h"
#include "hl-lockdown.h"
#include "hl-paths.h"
#include "hl-store.h"
#include "hl-survey.h"
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
  HlConfig       *config;
  HlSurvey       *survey;
  HlSurvey       *detailed;
  HlStoreClaim   *claim;         /* the database is this kiosk's while it runs: no other writer */
  HlStore        *store;
  HlIdentity     *identity;
  HlKiosk        *kiosk;
  HlRecovery     *recovery;      /* set when the database was restored from a backup at start */
  HlSession      *session;       /* whether a supervisor is signed in: guards quit, restart, shutdown */

  /* state */
  guint           backup_id;
};

/* Backups are made at start and checked for every hour, so that a kiosk left on makes one a day. */
#define BACKUP_CHECK_SECONDS 3600

G_DEFINE_FINAL_TYPE (HlApplication, hl_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, "The database (default: ~/.local/share/hailong/kiosk.db)", "FILE" },
  { "config", 0, 0, G_OPTION_ARG_FILENAME, NULL, "The kiosk configuration (default: the demo)", "FILE" },
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
  if (!hl_backup_daily (self->store, self->db_path, today, HL_BACKUP_KEEP, &made, &error))
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
load (HlApplication  *self,
      GError        **error)
{
  g_autofree char *key_path = NULL;
  g_autofree char *db_dir = NULL;

  self->config = hl_config_load_file (self->config_path, NULL, error);
  if (self->config == NULL)
    return FALSE;
  /* The screens' own words follow the configured language, like the survey's texts; Vietnamese is the
   * source language, so "vi" needs no catalogue. */
  if (!g_str_equal (self->config->language, "vi"))
    {
      g_setenv ("LANGUAGE", self->config->language, TRUE);
      setlocale (LC_MESSAGES, "");
    }
  if (self->demo)
    hl_config_use_demo_timing (self->config);
  if (self->config->armed_key != NULL && gdk_keyval_from_name (self->config->armed_key) == GDK_KEY_VoidSymbol)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: the arming key “%s” is not a key name (such as F9 or KP_Multiply)",
                   self->config_path, self->config->armed_key);
      return FALSE;
    }
  /* Messages name the file at fault: the configuration, a survey file, or the missing folder. */
  if (!hl_config_find_surveys (self->config, self->survey_dir, &self->survey, &self->detailed, NULL, error))
    return FALSE;
  db_dir = g_path_get_dirname (self->db_path);
  if (g_mkdir_with_parents (db_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot make %s: %s", db_dir,
                   g_strerror (saved));
      return FALSE;
    }
  /* Claimed before anything is written, restores included, and held until the kiosk ends. */
  self->claim = hl_store_claim (self->db_path, HL_STORE_CLAIM_KIOSK, error);
  if (self->claim == NULL)
    return FALSE;
  /* quick_check on start; a damaged database is moved aside and the newest good backup restored. */
  self->store = hl_backup_open_store (self->db_path, &self->recovery, error);
  if (self->store == NULL)
    return FALSE;
  daily_backup (self);
  key_path = hl_identity_key_path_for_db (self->db_path);
  self->identity = hl_identity_load_or_create (key_path, error);
  if (self->identity == NULL || !hl_identity_sign_chain (self->identity, self->store, error))
    return FALSE;
  self->kiosk = hl_kiosk_new (self->config, self->survey, self->store, hl_identity_get_kiosk_id (self->identity));
  if (self->detailed != NULL)
    hl_kiosk_set_detailed_survey (self->kiosk, self->detailed);
  {
    guint8 ticket_key[32];

    hl_identity_derive_ticket_key (self->identity, ticket_key);
    hl_kiosk_set_ticket_key (self->kiosk, ticket_key);
  }
  if (!hl_kiosk_start (self->kiosk, error))
    return FALSE;
  /* For the supervisor, never on the citizen's screen (hl-notice.h). */
  if (self->recovery != NULL)
    {
      g_autofree char *notice = hl_notice_text_for_recovery (self->recovery);

      hl_kiosk_add_notice (self->kiosk, notice);
    }
  g_message ("kiosk %s ready: %s, database %s", hl_identity_get_kiosk_id (self->identity),
             self->config_path, self->db_path);
  return TRUE;
}

static int
hl_application_handle_local_options (GApplication *app,
                                     GVariantDict *dict)
{
  HlApplication *self = HL_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  g_variant_dict_lookup (dict, "db", "^ay", &self->db_path);
  g_variant_dict_lookup (dict, "config", "^ay", &self->config_path);
  g_variant_dict_lookup (dict, "survey-dir", "^ay", &self->survey_dir);
  g_variant_dict_lookup (dict, "automation-dir", "^ay", &self->automation_dir);
  self->fullscreen = g_variant_dict_contains (dict, "fullscreen");
  self->demo = g_variant_dict_contains (dict, "demo");
  if (self->db_path == NULL)
    self->db_path = hl_default_db_path ();
  if (self->config_path == NULL)
    self->config_path = hl_default_config_path ();
  if (self->survey_dir == NULL)
    self->survey_dir = hl_default_survey_dir ();

  if (!load (self, &error))
    {
      g_printerr ("hailong-kiosk: %s\n", error->message);
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

  /* The parameter comes from outside (D-Bus): checked in core, and a refusal leaves the kiosk as it was. */
  request = hl_arm_request_parse (parameter, &error);
  if (request == NULL || !hl_kiosk_arm (self->kiosk, request->procedure, request->officer, request->ticket, &error))
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

  G_APPLICATION_CLASS (hl_application_parent_class)->startup (app);

  g_signal_connect (arm, "activate", G_CALLBACK (arm_action_cb), self);
  self->backup_id = g_timeout_add_seconds (BACKUP_CHECK_SECONDS, backup_cb, self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (arm));
  hl_lockdown_install_actions (GTK_APPLICATION (self), self->session);
  /* A kiosk is always light: it is read in bright public halls. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static void
hl_application_activate (GApplication *app)
{
  HlApplication *self = HL_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      HlWindow *win = hl_window_new (ADW_APPLICATION (app), self->kiosk);

      window = GTK_WINDOW (win);
      hl_window_set_demo (win, self->demo);
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
  g_clear_object (&self->kiosk);
  g_clear_pointer (&self->store, hl_store_close);
  g_clear_pointer (&self->claim, hl_store_claim_release);
}

static void
hl_application_finalize (GObject *object)
{
  HlApplication *self = HL_APPLICATION (object);

  g_clear_object (&self->kiosk);
  g_clear_pointer (&self->store, hl_store_close);
  g_clear_pointer (&self->claim, hl_store_claim_release);
  g_clear_pointer (&self->identity, hl_identity_free);
  g_clear_pointer (&self->recovery, hl_recovery_free);
  g_clear_object (&self->session);
  g_clear_object (&self->survey);
  g_clear_object (&self->detailed);
  g_clear_pointer (&self->config, hl_config_unref);
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
  self->session = hl_session_new ();
}

/* Whether a supervisor is signed in. The dashboard signs in after checking the PIN and signs out when
 * it closes; the application actions quit, restart and shutdown do nothing without it. */
HlSession *
hl_application_get_session (HlApplication *self)
{
  g_return_val_if_fail (HL_IS_APPLICATION (self), NULL);

  return self->session;
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
