/* test-backup.c: daily backups in rotation, and a damaged or missing database restored from the newest
 * good backup, never replaced by an empty one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hl-backup.h"
#include "hl-store.h"
#include "hl-survey.h"
#include "hl-test-util.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = hl_test_tmpdir ();
  f->path = g_build_filename (f->dir, "kiosk.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  hl_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static HlStore *
open_with_responses (const char *path,
                     guint       n)
{
  g_autofree char *survey_path = hl_test_source_path ("survey_defs/sipas-quick.json");
  g_autoptr(HlSurvey) survey = hl_survey_load_file (survey_path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  HlStore *store = hl_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (hl_store_save_survey (store, survey, &error));
  for (guint i = 0; i < n; i++)
    {
      HlAnswer answer = { "OVERALL", 4 };
      HlResponse r = { .kiosk_id = "HL-B", .recorded_at = "2026-07-14T09:00:00+07:00", .recorded_utc = 1,
                       .day = "2026-07-14", .unit = "U", .counter = "Q", .survey_id = "sipas-quick",
                       .survey_version = 1 };

      g_assert_true (hl_store_append_response (store, &r, &answer, 1, &error));
    }
  return store;
}

static void
corrupt (const char *path,
         goffset     offset)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, offset + 200);
  memset (contents + offset, 0x5a, 200);
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
}

static void
test_daily_rotation (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HlStore) store = open_with_responses (f->path, 2);
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;
  g_autofree char *again = NULL;
  g_autofree char *dir = hl_backup_dir (f->path);
  g_autoptr(GDir) listing = NULL;
  guint n = 0;

  g_assert_true (hl_backup_daily (store, f->path, "2026-07-01", 7, &made, &error));
  g_assert_no_error (error);
  g_assert_nonnull (made);
  g_assert_true (g_str_has_suffix (made, "kiosk.db.backups/2026-07-01.db"));
  /* Once a day: the same day again makes nothing. */
  g_assert_true (hl_backup_daily (store, f->path, "2026-07-01", 7, &again, &error));
  g_assert_null (again);

  for (int day = 2; day <= 10; day++)
    {
      g_autofree char *today = g_strdup_printf ("2026-07-%02d", day);

      g_assert_true (hl_backup_daily (store, f->path, today, 7, NULL, &error));
    }
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n++;
  g_assert_cmpuint (n, ==, 7);
  {
    g_autofree char *oldest_kept = g_build_filename (dir, "2026-07-04.db", NULL);
    g_autofree char *dropped = g_build_filename (dir, "2026-07-03.db", NULL);

    g_assert_true (g_file_test (oldest_kept, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (dropped, G_FILE_TEST_EXISTS));
  }
}

/* Page 1 overwritten: SQLite no longer knows the file. */
static void
test_restore_unreadable (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(HlStore) store = open_with_responses (f->path, 2);
  g_autoptr(HlRecovery) recovery = NULL;
  g_autoptr(GError) error = NULL;
  HlAnswer answer = { "OVERALL", 1 };
  HlResponse r = { .kiosk_id = "HL-B", .recorded_at = "2026-07-15T09:00:00+07:00", .recorded_utc = 2,
                   .day = "2026-07-15", .unit = "U", .counter = "Q", .survey_id = "sipas-quick", .survey_version = 1 };
  g_autofree char *damaged = NULL;
  gint64 n = 0, last = 0;

  g_assert_true (hl_backup_daily (store, f->path, "2026-07-14", 7, NULL, &error));
  g_assert_true (hl_store_append_response (store, &r, &answer, 1, &error));
  g_clear_pointer (&store, hl_store_close);
  corrupt (f->path, 0);

  g_test_expect_message ("hl-backup", G_LOG_LEVEL_WARNING, "*moving it to*");
  g_test_expect_message ("hl-backup", G_LOG_LEVEL_WARNING, "*restored*from*2026-07-14.db*");
  store = hl_backup_open_store (f->path, &recovery, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_nonnull (recovery);
  g_assert_true (g_str_has_suffix (recovery->restored_from, "2026-07-14.db"));
  /* The damaged file is kept, as it was, for analysis. */
  g_assert_true (g_file_get_contents (recovery->damaged_kept_at, &damaged, NULL, NULL));
  g_assert_cmpint (damaged[0], ==, 0x5a);
  /* The backup's two responses are back, and their chain is whole; the third is lost with the file. */
  g_assert_true (hl_store_verify_chain (store, &n, &last, &error));
  g_assert_cmpint (n, ==, 2);
  g_assert_cmpint (last, ==, 2);
}

/* A b-tree page overwritten: the file opens, quick_check finds the damage. */
static void
test_restore_damaged_page (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(HlStore) store = open_with_responses (f->path, 300);
  g_autoptr(HlRecovery) recovery = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (hl_backup_daily (store, f->path, "2026-07-14", 7, NULL, &error));
  g_clear_pointer (&store, hl_store_close);
  corrupt (f->path, 4096 * 3 + 8);
  g_test_expect_message ("hl-backup", G_LOG_LEVEL_WARNING, "*damaged*moving it to*");
  g_test_expect_message ("hl-backup", G_LOG_LEVEL_WARNING, "*restored*");
  store = hl_backup_open_store (f->path, &recovery, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_nonnull (recovery);
  g_assert_cmpint (hl_store_count_responses (store, NULL), ==, 300);
}

/* How many files in the database's folder are named like a damaged file moved aside. */
static guint
count_moved_aside (const char *db_path)
{
  g_autofree char *dir_path = g_path_get_dirname (db_path);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (strstr (name, ".damaged-") != NULL)
      n++;
  return n;
}

/* No backup: opening fails, the damaged file is not touched (not moved aside, not even for a moment), and
 * the message says so truly, without advising to restore a backup that does not exist. */
static void
test_no_backup (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(HlStore) store = open_with_responses (f->path, 1);
  g_autoptr(HlRecovery) recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_clear_pointer (&store, hl_store_close);
  corrupt (f->path, 0);
  before = hl_test_file_sha256 (f->path);
  store = hl_backup_open_store (f->path, &recovery, &error);
  g_assert_null (store);
  g_assert_null (recovery);
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "there is no backup in"));
  g_assert_nonnull (strstr (error->message, "will not start on an empty database"));
  g_assert_nonnull (strstr (error->message, "The damaged file is left where it is"));
  g_assert_null (strstr (error->message, "restore a backup"));
  g_assert_null (strstr (error->message, "moving"));
  after = hl_test_file_sha256 (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (count_moved_aside (f->path), ==, 0);
}

/* Backups, none of them good: each is tried, then the damaged file is put back, and the message says
 * that, with how many backups were tried. */
static void
test_no_good_backup (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HlStore) store = open_with_responses (f->path, 1);
  g_autoptr(HlRecovery) recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = hl_backup_dir (f->path);
  g_autofree char *backup = g_build_filename (dir, "2026-07-14.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (hl_backup_daily (store, f->path, "2026-07-14", 7, NULL, &error));
  g_clear_pointer (&store, hl_store_close);
  corrupt (f->path, 0);
  corrupt (backup, 0);
  before = hl_test_file_sha256 (f->path);
  g_test_expect_message ("hl-backup", G_LOG_LEVEL_WARNING, "*moving it to*looking for a good backup among 1*");
  g_test_expect_message ("hl-backup", G_LOG_LEVEL_WARNING, "*backup*2026-07-14.db is no good either*");
  store = hl_backup_open_store (f->path, &recovery, &error);
  g_test_assert_expected_messages ();
  g_assert_null (store);
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "none of the 1 backups"));
  g_assert_nonnull (strstr (error->message, "The damaged file is back where it was"));
  after = hl_test_file_sha256 (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (count_moved_aside (f->path), ==, 0);
}

/* The database removed but backups there: restored rather than started empty. */
static void
test_missing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(HlStore) store = open_with_responses (f->path, 3);
  g_autoptr(HlRecovery) recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  g_assert_true (hl_backup_daily (store, f->path, "2026-07-14", 7, NULL, &error));
  g_clear_pointer (&store, hl_store_close);
  g_unlink (f->path);
  g_unlink (wal);
  g_test_expect_message ("hl-backup", G_LOG_LEVEL_WARNING, "*missing*");
  g_test_expect_message ("hl-backup", G_LOG_LEVEL_WARNING, "*restored*");
  store = hl_backup_open_store (f->path, &recovery, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpint (hl_store_count_responses (store, NULL), ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/backup/daily-rotation", Fixture, NULL, fixture_setup, test_daily_rotation, fixture_teardown);
  g_test_add ("/backup/restore-unreadable", Fixture, NULL, fixture_setup, test_restore_unreadable, fixture_teardown);
  g_test_add ("/backup/no-good-backup", Fixture, NULL, fixture_setup, test_no_good_backup, fixture_teardown);
  g_test_add ("/backup/restore-damaged-page", Fixture, NULL, fixture_setup, test_restore_damaged_page, fixture_teardown);
  g_test_add ("/backup/no-backup", Fixture, NULL, fixture_setup, test_no_backup, fixture_teardown);
  g_test_add ("/backup/missing", Fixture, NULL, fixture_setup, test_missing, fixture_teardown);
  return g_test_run ();
}
