/* hl-kiosk-startup.c: how a kiosk starts, written once for the GTK kiosk and `hailong simulate`.
 *
 * In order, checking what can be checked before touching any file: the configuration (and the demo's
 * timing), the arming key's name, the survey and the detailed survey; then the database (its folder made,
 * opened, quick_check, a damaged one replaced by its newest good backup), the kiosk's key (never a new
 * identity in a database that holds responses already), and the kiosk itself, which finds out whether the
 * database takes writes before the first citizen taps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-kiosk"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "hl-kiosk-startup.h"
#include "hl-notice.h"

G_DEFINE_QUARK (hl-kiosk-startup-error-quark, hl_kiosk_startup_error)

void
hl_kiosk_session_free (HlKioskSession *session)
{
  if (session == NULL)
    return;
  g_clear_object (&session->kiosk);
  if (session->owns_store)
    g_clear_pointer (&session->store, hl_store_close);
  g_clear_pointer (&session->claim, hl_store_claim_release);
  g_clear_pointer (&session->identity, hl_identity_free);
  g_clear_pointer (&session->recovery, hl_recovery_free);
  g_clear_object (&session->survey);
  g_clear_object (&session->detailed);
  g_clear_pointer (&session->config, hl_config_unref);
  g_free (session->db_path);
  g_free (session);
}

static gboolean
load_definitions (HlKioskSession               *session,
                  const HlKioskStartupOptions  *options,
                  GError                      **error)
{
  HlConfig *config;

  config = session->config = hl_config_load_file (options->config_path, NULL, error);
  if (config == NULL)
    return FALSE;
  if (options->demo)
    hl_config_use_demo_timing (config);
  if (options->counter != NULL)
    {
      g_free (config->counter_code);
      config->counter_code = g_strdup (options->counter);
    }
  if (config->armed_key != NULL && options->key_name_known != NULL && !options->key_name_known (config->armed_key))
    {
      g_set_error (error, HL_KIOSK_STARTUP_ERROR, HL_KIOSK_STARTUP_ERROR_ARMING_KEY,
                   "%s: the arming key “%s” is not a key name (such as F9 or KP_Multiply)",
                   options->config_path, config->armed_key);
      return FALSE;
    }
  /* Messages name the file at fault: the configuration, a survey file, or the missing folder. */
  return hl_config_find_surveys (config, options->survey_dir, &session->survey, &session->detailed, NULL, error);
}

/* Whether @error says the database takes no writes now (rather than that it is wrong). */
static gboolean
is_unwritable (const GError *error)
{
  return g_error_matches (error, HL_STORE_ERROR, HL_STORE_ERROR_READ_ONLY)
         || g_error_matches (error, HL_STORE_ERROR, HL_STORE_ERROR_CANNOT_OPEN)
         || g_error_matches (error, HL_STORE_ERROR, HL_STORE_ERROR_FULL)
         || g_error_matches (error, HL_STORE_ERROR, HL_STORE_ERROR_IO)
         || g_error_matches (error, HL_STORE_ERROR, HL_STORE_ERROR_BUSY);
}

/* The database, claimed (see hl-store-owner.c), made or restored if need be. One that exists but cannot
 * be written (a read-only file, folder or medium) is opened for reading, so that the kiosk starts out of
 * service and says why; where even the claim's lock file cannot be made, nobody can write, and none is
 * needed. */
static gboolean
open_store (HlKioskSession   *session,
            const char       *db_path,
            HlStoreClaimKind  claim,
            gboolean          defer_check,
            GError          **error)
{
  g_autofree char *db_dir = g_path_get_dirname (db_path);
  g_autofree char *marker = NULL;
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (db_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot make %s: %s", db_dir,
                   g_strerror (saved));
      return FALSE;
    }
  /* Claimed before anything is written, restores included, and held until the session ends. */
  session->claim = hl_store_claim (db_path, claim, &local_error);
  if (session->claim == NULL
      && !(g_error_matches (local_error, HL_STORE_ERROR, HL_STORE_ERROR_CANNOT_OPEN)
           && g_file_test (db_path, G_FILE_TEST_IS_REGULAR)))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);
  /* quick_check on start, unless the caller runs it later (a file it found failing is checked now); a
   * damaged database is moved aside and the newest good backup restored. */
  marker = hl_backup_check_marker (db_path);
  session->checked = !defer_check || g_file_test (marker, G_FILE_TEST_EXISTS);
  session->store = hl_backup_open_store_full (db_path, session->checked, &session->recovery, &local_error);
  if (session->store != NULL && session->checked && g_unlink (marker) != 0 && errno != ENOENT)
    g_warning ("cannot remove %s: %s", marker, g_strerror (errno));
  if (session->store == NULL && g_file_test (db_path, G_FILE_TEST_IS_REGULAR)
      && (g_error_matches (local_error, HL_STORE_ERROR, HL_STORE_ERROR_READ_ONLY)
          || g_error_matches (local_error, HL_STORE_ERROR, HL_STORE_ERROR_CANNOT_OPEN)))
    {
      g_warning ("%s; opening it for reading only, out of service", local_error->message);
      session->store = hl_store_open_readonly (db_path, NULL);
    }
  if (session->store == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  session->owns_store = TRUE;
  return TRUE;
}

/* The kiosk's key. A missing key is never replaced by a new one in a database that holds responses of a
 * kiosk already: the new identity would start a second chain beside the first, and nothing could tell the
 * province which kiosk recorded what. */
static gboolean
refuse_new_identity (HlStore     *store,
                     const char  *db_path,
                     const char  *key_path,
                     GError     **error)
{
  g_autofree char *kiosks = NULL;
  gint64 n = 0;

  if (!hl_store_count_own_responses (store, &n, &kiosks, error))
    return FALSE;
  if (n > 0)
    {
      g_set_error (error, HL_KIOSK_STARTUP_ERROR, HL_KIOSK_STARTUP_ERROR_NO_KEY,
                   "%s holds %" G_GINT64_FORMAT " responses recorded by kiosk %s, but the kiosk's key %s is "
                   "missing; a new key would be a second identity in this database, so the kiosk does not "
                   "start. Restore the key from its backup (made at enrolment) to %s and start again",
                   db_path, n, kiosks, key_path, key_path);
      return FALSE;
    }
  return TRUE;
}

/* Before the database is claimed or opened for writing: a missing key beside a database that holds
 * responses is refused with nothing touched. (A database this reader cannot judge, of an older schema
 * say, is judged again once opened: see load_identity().) */
static gboolean
check_key_early (const char  *db_path,
                 const char  *key_path,
                 GError     **error)
{
  g_autoptr(HlStore) store = NULL;

  if (g_file_test (key_path, G_FILE_TEST_EXISTS) || !g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  store = hl_store_open_readonly (db_path, NULL);
  return store == NULL || refuse_new_identity (store, db_path, key_path, error);
}

static gboolean
load_identity (HlKioskSession  *session,
               const char      *db_path,
               const char      *key_path,
               GError         **error)
{
  if (!g_file_test (key_path, G_FILE_TEST_EXISTS) && !refuse_new_identity (session->store, db_path, key_path, error))
    return FALSE;
  session->identity = hl_identity_load_or_create (key_path, error);
  return session->identity != NULL;
}

static gboolean
sign_chain (gpointer   user_data,
            GError   **error)
{
  HlKioskSession *session = user_data;

  return hl_identity_sign_chain (session->identity, session->store, error);
}

HlKioskSession *
hl_kiosk_session_start (const HlKioskStartupOptions  *options,
                        GError                      **error)
{
  g_autoptr(HlKioskSession) session = g_new0 (HlKioskSession, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key_path = NULL;
  gboolean sign_later = FALSE;
  guint8 ticket_key[32];

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (options->db_path && options->config_path && options->survey_dir, NULL);

  session->db_path = g_strdup (options->db_path);
  if (!load_definitions (session, options, error))
    return NULL;
  key_path = options->key_path ? g_strdup (options->key_path) : hl_identity_key_path_for_db (options->db_path);
  if (options->store != NULL)
    session->store = options->store;
  else if (!check_key_early (options->db_path, key_path, error)
           || !open_store (session, options->db_path, options->claim, options->defer_check, error))
    return NULL;
  if (!load_identity (session, options->db_path, key_path, error))
    return NULL;

  /* The store signs this kiosk's links. Registering its key is a write: where the database takes none,
   * the kiosk starts out of service and signs once a write goes through again. */
  if (!hl_identity_sign_chain (session->identity, session->store, &local_error))
    {
      if (!is_unwritable (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_clear_error (&local_error);
      sign_later = TRUE;
    }
  session->kiosk = hl_kiosk_new (session->config, session->survey, session->store,
                                 hl_identity_get_kiosk_id (session->identity));
  if (sign_later)
    hl_kiosk_set_recover_func (session->kiosk, sign_chain, session);
  if (session->detailed != NULL)
    hl_kiosk_set_detailed_survey (session->kiosk, session->detailed);
  if (options->store == NULL && !session->checked)
    hl_kiosk_set_checking (session->kiosk, TRUE);
  hl_identity_derive_ticket_key (session->identity, ticket_key);
  hl_kiosk_set_ticket_key (session->kiosk, ticket_key);
  sodium_memzero (ticket_key, sizeof ticket_key);
  if (!hl_kiosk_start (session->kiosk, error))
    return NULL;
  /* For the supervisor, never on the citizen's screen (hl-notice.h). */
  if (session->recovery != NULL)
    {
      g_autofree char *notice = hl_notice_text_for_recovery (session->recovery);

      hl_kiosk_add_notice (session->kiosk, notice);
    }
  return g_steal_pointer (&session);
}

/* The integrity check after the first frame (HlKioskStartupOptions.defer_check), and the daily backup,
 * which must only ever copy a file that passed it. Both run on a worker thread with a read-only
 * connection of their own, so that the citizen's screen keeps painting and the kiosk's own connection
 * keeps committing (WAL mode) while gigabytes are read. */

typedef struct {
  char     *db_path;
  char     *today;
  gboolean  check;      /* quick_check first (once per session) */
} CheckJob;

static void
check_job_free (CheckJob *job)
{
  g_free (job->db_path);
  g_free (job->today);
  g_free (job);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckJob *job = task_data;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;

  store = hl_store_open_readonly (job->db_path, &error);
  if (store == NULL || (job->check && !hl_store_quick_check (store, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The verdict first: ratings wait for it, and need not wait for a copy of gigabytes as well. */
  if (job->check)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* A failed backup does not stop the kiosk: responses are still safe in the database itself. */
  if (!hl_backup_daily (store, job->db_path, job->today, HL_BACKUP_KEEP, &made, &error))
    g_warning ("daily backup: %s", error->message);
  else if (made != NULL)
    g_message ("backup made: %s", made);
  g_task_return_boolean (task, TRUE);
}

/* On a worker thread: checks the database when the start-up deferred it and no check has passed yet;
 * once one has, makes @today's backup unless it exists (so the first call checks and the next backs up).
 * @callback runs in the caller's main context and calls hl_kiosk_session_check_finish(). A call while
 * one still runs does nothing (@callback is not called). */
void
hl_kiosk_session_check_async (HlKioskSession      *session,
                              const char          *today,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckJob *job;

  g_return_if_fail (session != NULL && session->db_path != NULL && today != NULL);

  if (session->running)
    return;
  session->running = TRUE;
  job = g_new0 (CheckJob, 1);
  job->db_path = g_strdup (session->db_path);
  job->today = g_strdup (today);
  job->check = !session->checked;
  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, hl_kiosk_session_check_async);
  g_task_set_task_data (task, job, (GDestroyNotify) check_job_free);
  g_task_run_in_thread (task, check_thread);
}

/* Gives the kiosk the check's verdict (hl_kiosk_checked()). FALSE when the file failed it, or could not be
 * read to be checked: the kiosk is then out of service for good on this file, and a marker beside it
 * (hl_backup_check_marker()) makes the next start check it before the first screen and restore the
 * newest good backup, as a start on a damaged file always has. The caller ends the kiosk, which the
 * kiosk session starts again (docs/kiosk.md). */
gboolean
hl_kiosk_session_check_finish (HlKioskSession  *session,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  CheckJob *job = g_task_get_task_data (G_TASK (result));
  gboolean was_check = job->check;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  session->running = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &local_error))
    {
      g_autofree char *marker = hl_backup_check_marker (session->db_path);
      g_autoptr(GError) write_error = NULL;

      if (!was_check)
        {
          /* Only the backup ran (the file passed its check before): a file that cannot be opened for a
           * backup now fails the kiosk's own next write as well, which puts it out of service. */
          g_warning ("daily backup: %s", local_error->message);
          return TRUE;
        }
      if (!g_file_set_contents (marker, local_error->message, -1, &write_error))
        g_warning ("%s", write_error->message);
      hl_kiosk_checked (session->kiosk, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (was_check)
    {
      session->checked = TRUE;
      g_message ("%s passed its integrity check", session->db_path);
      hl_kiosk_checked (session->kiosk, NULL);
    }
  return TRUE;
}
