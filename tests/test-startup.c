/* test-startup.c: the one kiosk start-up (hl_kiosk_session_start()) that the GTK kiosk and `hailong
 * simulate` share: what it refuses, and a database that takes no writes found before the first tap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "hl-kiosk-startup.h"
#include "hl-test-util.h"

typedef struct {
  char *dir;
  char *db;
  char *key;
  char *config;
  char *surveys;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = hl_test_tmpdir ();
  f->db = g_build_filename (f->dir, "kiosk.db", NULL);
  f->key = g_strconcat (f->db, ".key", NULL);
  f->config = hl_test_source_path ("data/demo/kiosk.json");
  f->surveys = hl_test_source_path ("survey_defs");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  hl_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->key);
  g_free (f->config);
  g_free (f->surveys);
}

static HlKioskSession *
start (Fixture  *f,
       GError  **error)
{
  HlKioskStartupOptions options = {
    .db_path = f->db, .config_path = f->config, .survey_dir = f->surveys,
  };

  return hl_kiosk_session_start (&options, error);
}

static void
rate (HlKioskSession *session)
{
  g_autoptr(GError) error = NULL;

  hl_kiosk_set_log_saves (session->kiosk, FALSE);
  g_assert_true (hl_kiosk_choose (session->kiosk, 0, &error));
  g_assert_no_error (error);
  hl_kiosk_reset (session->kiosk);
}

/* A fresh start makes the database and the key, stores both surveys (the quick one and the detailed one
 * the demo offers), and the kiosk is on its first screen. */
static void
test_fresh (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlKioskSession) session = start (f, &error);
  g_autofree char *surveys = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (session->detailed);
  g_assert_true (g_file_test (f->key, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (hl_kiosk_get_page (session->kiosk), ==, HL_PAGE_WELCOME);
  g_assert_null (hl_kiosk_get_problem (session->kiosk));
  g_clear_pointer (&session, hl_kiosk_session_free);
  surveys = hl_test_query (f->db, "SELECT group_concat(survey_id, ' ') FROM (SELECT survey_id FROM surveys ORDER BY 1)");
  g_assert_cmpstr (surveys, ==, "sipas-full sipas-quick");
}

/* issue 9, item 5: responses in the database and no key: no new identity, the database unchanged, and
 * the message says why and what to do. */
static void
test_missing_key (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlKioskSession) session = start (f, &error);
  g_autofree char *kiosk_id = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  kiosk_id = g_strdup (hl_kiosk_get_kiosk_id (session->kiosk));
  rate (session);
  rate (session);
  g_clear_pointer (&session, hl_kiosk_session_free);
  g_assert_cmpint (g_unlink (f->key), ==, 0);
  before = hl_test_file_sha256 (f->db);

  session = start (f, &error);
  g_assert_null (session);
  g_assert_error (error, HL_KIOSK_STARTUP_ERROR, HL_KIOSK_STARTUP_ERROR_NO_KEY);
  g_assert_nonnull (strstr (error->message, "holds 2 responses recorded by kiosk"));
  g_assert_nonnull (strstr (error->message, kiosk_id));
  g_assert_nonnull (strstr (error->message, "Restore the key from its backup"));
  g_assert_false (g_file_test (f->key, G_FILE_TEST_EXISTS));
  after = hl_test_file_sha256 (f->db);
  g_assert_cmpstr (before, ==, after);
}

/* A database that takes no writes is found at start-up: the kiosk starts out of service, with the reason
 * for the officer, rather than failing the first citizen who taps. */
static void
test_read_only_store (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlKioskSession) session = start (f, &error);
  HlKioskStartupOptions options = {
    .db_path = f->db, .config_path = f->config, .survey_dir = f->surveys,
  };

  g_assert_no_error (error);
  g_clear_pointer (&session, hl_kiosk_session_free);
  /* What the start-up opens when the file or its folder refuses writes. */
  options.store = hl_store_open_readonly (f->db, &error);
  g_assert_no_error (error);
  g_test_expect_message ("hl-kiosk", G_LOG_LEVEL_WARNING, "*out of service*does not take writes at start-up*");
  session = hl_kiosk_session_start (&options, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpint (hl_kiosk_get_page (session->kiosk), ==, HL_PAGE_OUT_OF_SERVICE);
  g_assert_nonnull (strstr (hl_kiosk_get_problem (session->kiosk), "does not take writes at start-up"));
  g_assert_nonnull (strstr (hl_kiosk_get_problem (session->kiosk), "readonly"));
  g_assert_false (hl_kiosk_try_recover (session->kiosk));
  g_clear_object (&session->kiosk);
  hl_store_close (options.store);
}

/* The arming key is checked by whoever knows key names (the GTK kiosk asks GDK). */
static gboolean
no_key_is_known (const char *name)
{
  return FALSE;
}

static void
test_arming_key (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_build_filename (f->dir, "armed.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(HlKioskSession) session = NULL;
  HlKioskStartupOptions options = {
    .db_path = f->db, .config_path = config, .survey_dir = f->surveys, .key_name_known = no_key_is_known,
  };

  g_assert_true (g_file_get_contents (f->config, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"survey\""));
  {
    g_autofree char *armed = NULL;
    GString *s = g_string_new (text);

    /* The demo configuration with an arming key added after its opening brace. */
    g_string_insert (s, g_strstr_len (s->str, -1, "{") - s->str + 1, "\n  \"armed\": {\"required\": false, \"key\": \"F9\"},");
    armed = g_string_free (s, FALSE);
    g_assert_true (g_file_set_contents (config, armed, -1, NULL));
  }
  session = hl_kiosk_session_start (&options, &error);
  g_assert_null (session);
  g_assert_error (error, HL_KIOSK_STARTUP_ERROR, HL_KIOSK_STARTUP_ERROR_ARMING_KEY);
  g_assert_nonnull (strstr (error->message, "“F9” is not a key name"));
  /* Refused before any file was made. */
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (f->key, G_FILE_TEST_EXISTS));
}

/* The GTK kiosk's start-up (HlKioskStartupOptions.defer_check): the database opened without quick_check,
 * the check and the day's backup on a thread, its verdict given in the main context. */
static HlKioskSession *
start_deferred (Fixture  *f,
                GError  **error)
{
  HlKioskStartupOptions options = {
    .db_path = f->db, .config_path = f->config, .survey_dir = f->surveys, .defer_check = TRUE,
  };

  return hl_kiosk_session_start (&options, error);
}

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs the check and the backup of @today; TRUE when the file passed. */
static gboolean
run_check (HlKioskSession  *session,
           const char      *today,
           GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hl_kiosk_session_check_async (session, today, got_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return hl_kiosk_session_check_finish (session, result, error);
}

static gint64
count_responses (const char *db)
{
  g_autofree char *n = hl_test_query (db, "SELECT count(*) FROM responses");

  return g_ascii_strtoll (n, NULL, 10);
}

/* A rating tapped before the check finished is refused (the faces wait) and nothing is written; once the
 * check has passed the same tap rates, and the day's backup, which waits for the check, follows. */
static void
test_tap_before_check (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlKioskSession) session = start_deferred (f, &error);
  g_autofree char *backup = g_build_filename (f->dir, "kiosk.db.backups", "2026-07-01.db", NULL);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_no_error (error);
  hl_kiosk_set_log_saves (session->kiosk, FALSE);
  g_assert_true (hl_kiosk_get_checking (session->kiosk));
  g_assert_false (hl_kiosk_get_can_rate (session->kiosk));
  g_assert_cmpint (hl_kiosk_get_page (session->kiosk), ==, HL_PAGE_WELCOME);
  /* The check runs on its thread; its verdict comes through the main context, which has not run yet:
   * the tap is surely before it. */
  hl_kiosk_session_check_async (session, "2026-07-01", got_result_cb, &result);
  g_assert_false (hl_kiosk_choose (session->kiosk, 0, &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_CHECKING);
  g_clear_error (&error);
  g_assert_cmpint (hl_kiosk_get_page (session->kiosk), ==, HL_PAGE_WELCOME);
  g_assert_cmpint (hl_kiosk_get_last_sequence (session->kiosk), ==, 0);
  g_assert_cmpint (count_responses (f->db), ==, 0);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (hl_kiosk_session_check_finish (session, result, &error));
  g_assert_no_error (error);
  g_assert_false (hl_kiosk_get_checking (session->kiosk));
  g_assert_true (hl_kiosk_get_can_rate (session->kiosk));
  g_assert_true (hl_kiosk_choose (session->kiosk, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_responses (f->db), ==, 1);
  /* The verdict did not wait for the backup; the next run makes it, of the file as it is now. */
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_true (run_check (session, "2026-07-01", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_responses (backup), ==, 1);
}

/* Breaks one leaf page of the answers table in the file (its page type byte), which neither opening the
 * database nor starting the kiosk reads, and which quick_check finds. */
static void
damage_an_answers_page (const char *db)
{
  g_autofree char *page = hl_test_query (db, "SELECT pageno FROM dbstat WHERE name = 'answers' AND pagetype = 'leaf' "
                                             "ORDER BY pageno LIMIT 1 OFFSET 1");
  g_autofree char *size = hl_test_query (db, "PRAGMA page_size");
  FILE *file;

  g_assert_nonnull (page);
  file = fopen (db, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, (g_ascii_strtoll (page, NULL, 10) - 1) * g_ascii_strtoll (size, NULL, 10), SEEK_SET),
                   ==, 0);
  g_assert_cmpint (fputc (0x42, file), ==, 0x42);
  g_assert_cmpint (fclose (file), ==, 0);
}

/* A damaged file found after the first frame: the kiosk is out of service for good on it (no rating,
 * no coming back by a write probe), a marker says so, and the next start checks the file before anything
 * else and restores the newest good backup, as a start on a damaged file always has. */
static void
test_damage_found_after_start (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlKioskSession) session = start_deferred (f, &error);
  g_autofree char *marker = g_strconcat (f->db, ".check-failed", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "kiosk.db.backups", "2026-07-01.db", NULL);
  g_autofree char *text = NULL;
  gint64 in_backup;

  g_assert_no_error (error);
  g_assert_true (run_check (session, "2026-07-01", &error));  /* the check */
  g_assert_true (run_check (session, "2026-07-01", &error));  /* the backup */
  g_assert_no_error (error);
  for (guint i = 0; i < 400; i++)
    rate (session);
  g_clear_pointer (&session, hl_kiosk_session_free);
  in_backup = count_responses (backup);
  g_assert_cmpint (in_backup, ==, 0);
  damage_an_answers_page (f->db);

  session = start_deferred (f, &error);
  g_assert_no_error (error);
  g_assert_true (hl_kiosk_get_checking (session->kiosk));
  g_test_expect_message ("hl-kiosk", G_LOG_LEVEL_WARNING, "*out of service*integrity check failed*damaged*");
  g_assert_false (run_check (session, "2026-07-02", &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_cmpint (hl_kiosk_get_page (session->kiosk), ==, HL_PAGE_OUT_OF_SERVICE);
  g_assert_false (hl_kiosk_get_can_rate (session->kiosk));
  g_assert_false (hl_kiosk_choose (session->kiosk, 0, &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_WRONG_PAGE);
  g_clear_error (&error);
  g_assert_false (hl_kiosk_try_recover (session->kiosk));
  /* No backup of the damaged file. */
  {
    g_autofree char *second = g_build_filename (f->dir, "kiosk.db.backups", "2026-07-02.db", NULL);

    g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
  }
  g_assert_true (g_file_get_contents (marker, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "damaged"));
  g_clear_pointer (&session, hl_kiosk_session_free);

  /* The next start: checked before anything else, the backup restored, the marker gone. */
  g_test_expect_message ("hl-backup", G_LOG_LEVEL_WARNING, "*damaged*moving it to*");
  g_test_expect_message ("hl-backup", G_LOG_LEVEL_WARNING, "*restored*from*2026-07-01.db*");
  session = start_deferred (f, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_nonnull (session->recovery);
  g_assert_false (hl_kiosk_get_checking (session->kiosk));
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
  g_assert_cmpint (count_responses (f->db), ==, in_backup);
  g_assert_true (hl_kiosk_choose (session->kiosk, 0, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/startup/fresh", Fixture, NULL, fixture_setup, test_fresh, fixture_teardown);
  g_test_add ("/startup/missing-key", Fixture, NULL, fixture_setup, test_missing_key, fixture_teardown);
  g_test_add ("/startup/read-only-store", Fixture, NULL, fixture_setup, test_read_only_store, fixture_teardown);
  g_test_add ("/startup/arming-key", Fixture, NULL, fixture_setup, test_arming_key, fixture_teardown);
  g_test_add ("/startup/tap-before-check", Fixture, NULL, fixture_setup, test_tap_before_check, fixture_teardown);
  g_test_add ("/startup/damage-found-after-start", Fixture, NULL, fixture_setup, test_damage_found_after_start,
              fixture_teardown);
  return g_test_run ();
}
