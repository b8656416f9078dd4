/* test-store.c: the database: settings, each migration, append-only rows, surveys by (id, version),
 * sequence numbers and the per-day rollups.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>
#include <sqlite3.h>
#include <unistd.h>

#include "hl-store.h"
#include "hl-store-status.h"
#include "hl-store-export.h"
#include "hl-survey.h"
#include "hl-test-util.h"

typedef struct {
  char    *dir;
  char    *path;
  HlStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = hl_test_tmpdir ();
  f->path = g_build_filename (f->dir, "kiosk.db", NULL);
  f->store = hl_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->store, hl_store_close);
  hl_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* A second, plain connection to look at the file as any SQLite tool would. */
static char *
query (const char *path,
       const char *sql)
{
  return hl_test_query (path, sql);
}

static int
exec_rc (const char *path,
         const char *sql)
{
  return hl_test_exec (path, sql);
}

static HlSurvey *
quick_survey (void)
{
  g_autofree char *path = hl_test_source_path ("survey_defs/sipas-quick.json");
  g_autoptr(GError) error = NULL;
  HlSurvey *survey = hl_survey_load_file (path, NULL, &error);

  g_assert_no_error (error);
  return survey;
}

static gint64
append (HlStore    *store,
        const char *day,
        const char *officer,
        gboolean    repeat,
        int         overall)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *at = g_strdup_printf ("%sT09:00:00+07:00", day);
  HlAnswer answer = { "OVERALL", overall };
  HlResponse r = {
    .kiosk_id = "HL-TEST", .recorded_at = at, .recorded_utc = 1700000000, .day = day,
    .unit = "U", .counter = "Q1", .officer = officer, .survey_id = "sipas-quick", .survey_version = 1,
    .repeat = repeat,
  };

  g_assert_true (hl_store_append_response (store, &r, &answer, 1, &error));
  g_assert_no_error (error);
  return r.sequence;
}

static int
schema_version (HlStore *store)
{
  g_autoptr(GError) error = NULL;
  int version = -2;

  g_assert_true (hl_store_get_schema_version (store, &version, &error));
  g_assert_no_error (error);
  return version;
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *mode = query (f->path, "PRAGMA journal_mode");
  g_autofree char *version = query (f->path, "PRAGMA user_version");

  /* WAL is a property of the file, so a second connection sees it. */
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (atoi (version), ==, HL_STORE_SCHEMA_VERSION);
  g_assert_cmpint (schema_version (f->store), ==, HL_STORE_SCHEMA_VERSION);
}

/* Migration 1, from an empty file, builds every table; opening again changes nothing. */
static void
test_migration_1 (void)
{
  g_autofree char *dir = hl_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "m.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = hl_store_open_at_version (path, 0, &error);
  g_autofree char *tables = NULL;
  g_autofree char *triggers = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (schema_version (store), ==, 0);
  tables = query (path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
  g_assert_cmpstr (tables, ==, "0");

  g_assert_true (hl_store_migrate (store, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (schema_version (store), ==, 1);
  g_clear_pointer (&tables, g_free);
  tables = query (path, "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema "
                        "WHERE type = 'table' ORDER BY name)");
  g_assert_cmpstr (tables, ==, "answers day_counts meta responses surveys");
  triggers = query (path, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'");
  g_assert_cmpstr (triggers, ==, "5");

  g_clear_pointer (&store, hl_store_close);
  store = hl_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (schema_version (store), ==, HL_STORE_SCHEMA_VERSION);
  g_clear_pointer (&store, hl_store_close);
  hl_test_rm_rf (dir);
}

/* A file from a newer version is refused and left as it was. */
static void
test_newer_schema (void)
{
  g_autofree char *dir = hl_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autofree char *version = NULL;

  g_assert_cmpint (exec_rc (path, "PRAGMA user_version = 99"), ==, SQLITE_OK);
  store = hl_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, path));
  version = query (path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "99");
  hl_test_rm_rf (dir);
}

static void
test_meta (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  value = hl_store_get_meta (f->store, "kiosk_id", &error);
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (hl_store_set_meta (f->store, "kiosk_id", "HL-1", &error));
  value = hl_store_get_meta (f->store, "kiosk_id", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "HL-1");
}

static void
test_surveys (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(HlSurvey) survey = quick_survey ();
  g_autoptr(HlSurvey) changed = NULL;
  g_autoptr(HlSurvey) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (hl_survey_get_source (survey));

  g_assert_true (hl_store_save_survey (f->store, survey, &error));
  /* The same definition again is fine. */
  g_assert_true (hl_store_save_survey (f->store, survey, &error));
  g_assert_no_error (error);

  /* A different one under the same id and version is refused. */
  g_string_replace (text, "Rất hài lòng", "Rất rất hài lòng", 1);
  changed = hl_survey_load_data ("changed.json", text->str, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (hl_store_save_survey (f->store, changed, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  loaded = hl_store_load_survey (f->store, "sipas-quick", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hl_survey_get_source (loaded), ==, hl_survey_get_source (survey));
}

static void
test_append_only (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HlSurvey) survey = quick_survey ();
  g_autofree char *count = NULL;

  g_assert_true (hl_store_save_survey (f->store, survey, NULL));
  append (f->store, "2026-07-14", "CB01", FALSE, 4);

  g_assert_cmpint (exec_rc (f->path, "UPDATE responses SET officer_code = 'X'"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_rc (f->path, "DELETE FROM responses"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_rc (f->path, "UPDATE answers SET value = 1"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_rc (f->path, "DELETE FROM answers"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_rc (f->path, "UPDATE surveys SET definition = '{}'"), ==, SQLITE_CONSTRAINT);
  count = query (f->path, "SELECT count(*) || '/' || (SELECT value FROM answers) || '/' || officer_code FROM responses");
  g_assert_cmpstr (count, ==, "1/4/CB01");
}

typedef struct {
  GString *seen;
} Collect;

static void
collect_cb (const HlCountRow *row,
            gpointer          user_data)
{
  GString *seen = user_data;

  g_string_append_printf (seen, "%s %s %s %s=%d:%" G_GINT64_FORMAT "\n", row->day, row->officer ? row->officer : "-",
                          row->counter, row->question_id, row->value, row->n);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char **) a, *(char **) b);
}

static void
test_sequence_and_rollups (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(HlSurvey) survey = quick_survey ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *joined = NULL;
  HlAnswer reasons[] = { { "REASONS", 1 }, { "REASONS", 3 } };
  gint64 seq = -1, utc = -1;
  gboolean found = TRUE;

  g_assert_true (hl_store_save_survey (f->store, survey, NULL));
  /* None yet is a success that found nothing, not a failure. */
  g_assert_true (hl_store_get_last_response (f->store, "HL-TEST", &found, &seq, &utc, &error));
  g_assert_no_error (error);
  g_assert_false (found);
  g_assert_cmpint (seq, ==, 0);

  g_assert_cmpint (append (f->store, "2026-07-14", "CB01", FALSE, 4), ==, 1);
  g_assert_cmpint (append (f->store, "2026-07-14", "CB01", FALSE, 4), ==, 2);
  g_assert_cmpint (append (f->store, "2026-07-14", NULL, FALSE, 2), ==, 3);
  /* A repeat is stored and numbered, but not counted. */
  g_assert_cmpint (append (f->store, "2026-07-14", NULL, TRUE, 1), ==, 4);
  g_assert_cmpint (append (f->store, "2026-07-15", "CB01", FALSE, 3), ==, 5);
  g_assert_true (hl_store_get_last_response (f->store, "HL-TEST", &found, &seq, &utc, &error));
  g_assert_true (found);
  g_assert_cmpint (seq, ==, 5);

  /* Follow-up answers of response 3 enter the rollups too. */
  g_assert_true (hl_store_append_answers (f->store, 3, reasons, 2, &error));
  g_assert_no_error (error);
  /* The same answer twice is refused, and the rollups stay as they were. */
  g_assert_false (hl_store_append_answers (f->store, 3, reasons, 1, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_true (hl_store_foreach_count (f->store, "2026-07-14", "2026-07-14", collect_cb, seen, &error));
  g_assert_no_error (error);
  lines = g_strsplit (seen->str, "\n", -1);
  qsort (lines, g_strv_length (lines), sizeof (char *), compare_lines);
  joined = g_strjoinv ("|", lines);
  g_assert_cmpstr (joined, ==,
                   "|"
                   "2026-07-14 - Q1 =0:1|"
                   "2026-07-14 - Q1 OVERALL=2:1|"
                   "2026-07-14 - Q1 REASONS=1:1|"
                   "2026-07-14 - Q1 REASONS=3:1|"
                   "2026-07-14 CB01 Q1 =0:2|"
                   "2026-07-14 CB01 Q1 OVERALL=4:2");
  g_assert_cmpint (hl_store_count_responses (f->store, NULL), ==, 5);
}


static void
assert_chain_ok (HlStore *store,
                 gint64   expected_n,
                 gint64   expected_last)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1, last = -1;

  g_assert_true (hl_store_verify_chain (store, &n, &last, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, expected_n);
  g_assert_cmpint (last, ==, expected_last);
}

/* Breaks the chain from outside, as someone with the file and an SQLite tool would: the append-only
 * triggers are no obstacle to them, the chain is. */
static void
assert_tamper_breaks (const char *path,
                      const char *sql,
                      const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autofree char *copy = g_strconcat (path, ".tampered", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  /* Work on a copy, so that each case starts from the intact file. */
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, len, NULL));
  g_assert_cmpint (exec_rc (copy, "DROP TRIGGER responses_append_only_u; DROP TRIGGER responses_append_only_d;"
                                  "DROP TRIGGER answers_append_only_u; DROP TRIGGER answers_append_only_d;"
                                  "DROP TRIGGER chain_append_only_u; DROP TRIGGER chain_append_only_d;"), ==, SQLITE_OK);
  if (exec_rc (copy, sql) != SQLITE_OK)
    g_error ("could not tamper: %s", sql);
  store = hl_store_open (copy, &error);
  g_assert_no_error (error);
  g_assert_false (hl_store_verify_chain (store, NULL, NULL, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CHAIN);
  if (strstr (error->message, why) == NULL)
    g_error ("after “%s”: expected “%s” in “%s”", sql, why, error->message);
  g_clear_pointer (&store, hl_store_close);
  g_unlink (copy);
}

static void
test_chain (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HlSurvey) survey = quick_survey ();
  g_autoptr(GError) error = NULL;
  HlAnswer reasons[] = { { "REASONS", 2 }, { "REASONS", 5 } };
  g_autofree char *links = NULL;

  g_assert_true (hl_store_save_survey (f->store, survey, NULL));
  assert_chain_ok (f->store, 0, 0);
  append (f->store, "2026-07-14", "CB01", FALSE, 4);
  append (f->store, "2026-07-14", NULL, FALSE, 2);
  g_assert_true (hl_store_append_answers (f->store, 2, reasons, 2, &error));
  append (f->store, "2026-07-15", "CB01", TRUE, 1);
  assert_chain_ok (f->store, 3, 3);
  /* The follow-up is a record of its own: four links for three responses. */
  links = query (f->path, "SELECT group_concat(kind, '') FROM (SELECT kind FROM chain ORDER BY link)");
  g_assert_cmpstr (links, ==, "1121");
  g_assert_cmpint (exec_rc (f->path, "DELETE FROM chain"), ==, SQLITE_CONSTRAINT);
  g_clear_pointer (&f->store, hl_store_close);

  assert_tamper_breaks (f->path, "UPDATE answers SET value = 3 WHERE id = 1", "link 1 (response 1)");
  assert_tamper_breaks (f->path, "UPDATE answers SET value = 1 WHERE id = 4", "link 3 (response 2)");
  assert_tamper_breaks (f->path, "UPDATE responses SET officer_code = 'CB02' WHERE seq = 3", "link 4");
  assert_tamper_breaks (f->path, "UPDATE responses SET is_repeat = 0 WHERE seq = 3", "link 4");
  assert_tamper_breaks (f->path, "UPDATE responses SET recorded_at = '2026-07-14T08:00:00+07:00' WHERE seq = 1",
                        "link 1");
  assert_tamper_breaks (f->path, "DELETE FROM answers WHERE id = 3", "link 3");
  assert_tamper_breaks (f->path, "INSERT INTO answers (response, question_id, value) VALUES (1, 'REASONS', 1)",
                        "chain covers");
  assert_tamper_breaks (f->path, "UPDATE responses SET seq = 9 WHERE seq = 3", "response 9 where 3 was due");
  assert_tamper_breaks (f->path, "UPDATE chain SET hash = zeroblob(32) WHERE link = 2", "link 2");
}

/* Migration 2 on a version-1 database with responses: they are chained, in order. */
static void
chain_start_cb (const char *kiosk_id,
                gint64      last_backfilled,
                const char *backfilled_at,
                gpointer    user_data)
{
  g_string_append_printf (user_data, "%s:%" G_GINT64_FORMAT ":%s;", kiosk_id, last_backfilled,
                          backfilled_at ? "at" : "?");
}

static void
test_migration_2 (void)
{
  g_autofree char *dir = hl_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "m.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = hl_store_open_at_version (path, 1, &error);
  g_autoptr(HlSurvey) survey = quick_survey ();
  g_autofree char *version = NULL;
  g_autoptr(GString) starts = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_true (hl_store_save_survey (store, survey, NULL));
  /* Written by version 1's code: no chain table yet, so no link is made. */
  g_assert_cmpint (exec_rc (path, "INSERT INTO responses (kiosk_id, response_id, seq, recorded_at, recorded_utc, day,"
                                  " unit_code, counter_code, survey_id, survey_version) VALUES"
                                  " ('HL-OLD', '1', 1, '2026-07-14T09:00:00+07:00', 1, '2026-07-14', 'U', 'Q', 'sipas-quick', 1),"
                                  " ('HL-OLD', '2', 2, '2026-07-14T09:05:00+07:00', 2, '2026-07-14', 'U', 'Q', 'sipas-quick', 1);"
                                  "INSERT INTO answers (response, question_id, value) VALUES (1, 'OVERALL', 4), (2, 'OVERALL', 1),"
                                  " (2, 'REASONS', 3)"), ==, SQLITE_OK);
  g_assert_true (hl_store_migrate (store, 2, &error));
  g_assert_no_error (error);
  version = query (path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "2");
  assert_chain_ok (store, 2, 2);
  /* The upgrade says where the chain starts to be made as responses are recorded: after response 2. */
  g_assert_true (hl_store_foreach_chain_start (store, chain_start_cb, starts, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (starts->str, ==, "HL-OLD:2:at;");
  g_clear_pointer (&store, hl_store_close);
  hl_test_rm_rf (dir);
}

/* Readers never write: an older schema is refused and left as it was (not migrated), a newer one is
 * refused, a missing file is not created, and nothing can be written through a read-only store. */
static void
test_readonly (void)
{
  g_autofree char *dir = hl_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *version = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = hl_store_open_at_version (path, 1, &error);
  gint64 n = -1, last = -1;

  g_assert_no_error (error);
  g_clear_pointer (&store, hl_store_close);
  before = hl_test_file_sha256 (path);
  g_assert_null (hl_store_open_readonly (path, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_OLDER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "schema version 1"));
  g_clear_error (&error);
  after = hl_test_file_sha256 (path);
  g_assert_cmpstr (before, ==, after);
  version = query (path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "1");

  g_assert_null (hl_store_open_readonly (missing, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CANNOT_OPEN);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* Upgraded by a writer, it reads; and a read-only store takes no write. */
  store = hl_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&store, hl_store_close);
  store = hl_store_open_readonly (path, &error);
  g_assert_no_error (error);
  g_assert_true (hl_store_verify_chain (store, &n, &last, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);
  g_assert_false (hl_store_set_meta (store, "x", "y", &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_clear_pointer (&store, hl_store_close);

  g_assert_cmpint (exec_rc (path, "PRAGMA user_version = 99"), ==, SQLITE_OK);
  g_assert_null (hl_store_open_readonly (path, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NEWER_SCHEMA);
  hl_test_rm_rf (dir);
}

/* Answers that mean one thing each: "not stored" is a success with found = FALSE, never a failure, and a
 * failure is never taken for "not stored". */
static void
test_found_flags (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HlSurvey) survey = quick_survey ();
  g_autoptr(GError) error = NULL;
  g_autofree char *broken = NULL;
  HlAnswer answer = { "OVERALL", 4 };
  HlResponse r = {
    .kiosk_id = "HL-TEST", .recorded_at = "2026-07-14T09:00:00+07:00", .recorded_utc = 1700000000,
    .day = "2026-07-14", .unit = "U", .counter = "Q1", .survey_id = "sipas-quick", .survey_version = 1,
    .ticket_hash = "abc123",
  };
  gboolean found = TRUE;
  gint64 row = -1;

  g_assert_true (hl_store_save_survey (f->store, survey, &error));
  g_assert_true (hl_store_ticket_used (f->store, "abc123", &found, &error));
  g_assert_no_error (error);
  g_assert_false (found);
  g_assert_true (hl_store_lookup_response (f->store, "HL-TEST", "1", &found, &row, &error));
  g_assert_no_error (error);
  g_assert_false (found);
  g_assert_cmpint (row, ==, 0);

  g_assert_true (hl_store_append_response (f->store, &r, &answer, 1, &error));
  g_assert_true (hl_store_ticket_used (f->store, "abc123", &found, &error));
  g_assert_true (found);
  g_assert_true (hl_store_lookup_response (f->store, "HL-TEST", "1", &found, &row, &error));
  g_assert_no_error (error);
  g_assert_true (found);
  g_assert_cmpint (row, ==, r.row_id);

  /* A failure is a failure: with the responses table gone, no lookup may answer "not stored". */
  g_clear_pointer (&f->store, hl_store_close);
  g_assert_cmpint (exec_rc (f->path, "PRAGMA foreign_keys = OFF; ALTER TABLE responses RENAME TO gone"), ==, SQLITE_OK);
  f->store = hl_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_false (hl_store_ticket_used (f->store, "abc123", &found, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (hl_store_lookup_response (f->store, "HL-TEST", "1", &found, NULL, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (hl_store_get_last_response (f->store, "HL-TEST", &found, NULL, NULL, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_FAILED);
  g_clear_error (&error);

  /* A file that is no database: the back end's own code is mapped to the store's. */
  g_clear_pointer (&f->store, hl_store_close);
  broken = g_build_filename (f->dir, "broken.db", NULL);
  g_assert_true (g_file_set_contents (broken, "this is not a database, and no amount of reading makes it one;"
                                      " it only has to be longer than a page header", -1, NULL));
  g_assert_null (hl_store_open (broken, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CORRUPT);
}

/* A signer for the tests: libsodium over a key pair of the test's own. */
typedef struct {
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 secret_key[crypto_sign_SECRETKEYBYTES];
} TestKey;

static gboolean
test_sign_cb (const guint8 *message,
              gsize         length,
              guint8       *signature,
              gpointer      user_data)
{
  TestKey *key = user_data;

  return crypto_sign_detached (signature, NULL, message, length, key->secret_key) == 0;
}

static HlChainInfo *
only_chain (HlStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chains = hl_store_verify_chains (store, &error);
  HlChainInfo *info;

  g_assert_no_error (error);
  g_assert_nonnull (chains);
  g_assert_cmpuint (chains->len, ==, 1);
  info = g_ptr_array_steal_index (chains, 0);
  return info;
}

/* Migration 3 on a database of version 2 with a kiosk's unsigned chain: the chain keeps verifying, the
 * kiosk's key is registered when it is first given (sealing the old links), later links are signed in
 * format 2, and a store not given the key refuses to extend a chain that is signed. */
static void
test_migration_3 (void)
{
  g_autofree char *dir = hl_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "m.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = hl_store_open_at_version (path, 2, &error);
  g_autoptr(HlSurvey) survey = quick_survey ();
  g_autoptr(HlChainInfo) info = NULL;
  g_autofree char *value = NULL;
  TestKey key;
  HlAnswer answer = { "OVERALL", 4 };
  HlResponse r = {
    .kiosk_id = "HL-TEST", .recorded_at = "2026-07-14T09:00:00+07:00", .recorded_utc = 1783994400,
    .day = "2026-07-14", .unit = "U", .counter = "Q1", .survey_id = "sipas-quick", .survey_version = 1,
  };

  g_assert_no_error (error);
  g_assert_true (hl_store_save_survey (store, survey, NULL));
  for (int i = 0; i < 3; i++)
    g_assert_true (hl_store_append_response (store, &r, &answer, 1, NULL));
  g_clear_pointer (&store, hl_store_close);

  store = hl_store_open (path, &error);
  g_assert_no_error (error);
  value = query (path, "PRAGMA user_version");
  /* Opened by this software, which migrates on to its own version (3 and those after it). */
  g_assert_cmpint (atoi (value), ==, HL_STORE_SCHEMA_VERSION);
  g_clear_pointer (&value, g_free);
  value = query (path, "SELECT group_concat(format || ':' || (signature IS NULL), ' ') FROM chain");
  g_assert_cmpstr (value, ==, "1:1 1:1 1:1");
  info = only_chain (store);
  g_assert_false (info->has_key);
  g_assert_cmpint (info->n_links, ==, 3);
  g_clear_pointer (&info, hl_chain_info_free);
  /* Migration 3's guards: surveys cannot be deleted, rollups not written by another connection. */
  g_assert_cmpint (exec_rc (path, "DELETE FROM surveys"), ==, SQLITE_CONSTRAINT_TRIGGER & 0xff);
  g_assert_cmpint (exec_rc (path, "UPDATE day_counts SET n = n + 1"), !=, SQLITE_OK);
  g_assert_cmpint (exec_rc (path, "DELETE FROM burst_counts"), !=, SQLITE_OK);

  crypto_sign_keypair (key.public_key, key.secret_key);
  g_assert_true (hl_store_set_signer (store, "HL-TEST", key.public_key, test_sign_cb, &key, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&value, g_free);
  value = query (path, "SELECT since_link || ' ' || length(seal) FROM kiosk_keys WHERE kiosk_id = 'HL-TEST'");
  g_assert_cmpstr (value, ==, "3 64");
  for (int i = 0; i < 2; i++)
    g_assert_true (hl_store_append_response (store, &r, &answer, 1, NULL));
  g_clear_pointer (&value, g_free);
  value = query (path, "SELECT group_concat(format || ':' || coalesce(length(signature), 0), ' ') FROM chain");
  g_assert_cmpstr (value, ==, "1:0 1:0 1:0 2:64 2:64");
  info = only_chain (store);
  g_assert_true (info->has_key);
  g_assert_cmpint (info->signed_from, ==, 4);
  g_assert_cmpint (info->n_links, ==, 5);
  g_assert_cmpmem (info->public_key, 32, key.public_key, 32);
  g_assert_true (hl_store_verify_rollups (store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&store, hl_store_close);

  /* The same kiosk without its key: its chain is signed, so an unsigned link is refused. */
  store = hl_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (hl_store_append_response (store, &r, &answer, 1, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_KEY);
  g_clear_error (&error);
  /* And another key for it is refused too. */
  crypto_sign_keypair (key.public_key, key.secret_key);
  g_assert_false (hl_store_set_signer (store, "HL-TEST", key.public_key, test_sign_cb, &key, NULL, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_KEY);
  g_clear_pointer (&store, hl_store_close);
  hl_test_rm_rf (dir);
}

/* The rollups recounted from the answers (a replaced answer counts no more) match what the appends kept;
 * counts edited around the guard are found, and hl_store_rebuild_rollups() puts them right. */
static void
test_rollups_recount (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(HlSurvey) survey = quick_survey ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean found = FALSE;
  gint64 row;

  g_assert_true (hl_store_save_survey (f->store, survey, NULL));
  append (f->store, "2026-07-14", "CB01", FALSE, 4);
  append (f->store, "2026-07-14", "CB01", TRUE, 1);
  append (f->store, "2026-07-15", NULL, FALSE, 2);
  g_assert_true (hl_store_lookup_response (f->store, "HL-TEST", "3", &found, &row, NULL));
  g_assert_true (found);
  g_assert_true (hl_store_replace_answer (f->store, row, "OVERALL", 3, &error));
  g_assert_no_error (error);
  g_assert_true (hl_store_verify_rollups (f->store, &error));
  g_assert_no_error (error);

  before = query (f->path, "SELECT group_concat(day || officer_code || question_id || value || '=' || n, ' ')"
                           " FROM day_counts WHERE n > 0");
  g_assert_cmpint (exec_rc (f->path, "DROP TRIGGER day_counts_guard_u;"
                                     "UPDATE day_counts SET n = n + 1000 WHERE question_id = 'OVERALL'"), ==, SQLITE_OK);
  g_assert_false (hl_store_verify_rollups (f->store, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_ROLLUPS);
  g_assert_nonnull (strstr (error->message, "day_counts"));
  g_assert_nonnull (strstr (error->message, "2026-07-14 kiosk HL-TEST unit U counter Q1 officer CB01 survey "
                                            "sipas-quick/1 question OVERALL value 4: stored 1001, recounted 1"));
  g_clear_error (&error);
  g_assert_true (hl_store_rebuild_rollups (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (hl_store_verify_rollups (f->store, &error));
  g_assert_no_error (error);
  after = query (f->path, "SELECT group_concat(day || officer_code || question_id || value || '=' || n, ' ')"
                          " FROM day_counts WHERE n > 0");
  g_assert_cmpstr (after, ==, before);
}

/* Every kind of rollup write: counted, burst, repeat, detailed, follow-up and replaced answers. Returns
 * nothing; run alone (one transaction each) or inside hl_store_begin() … hl_store_commit(). */
static void
rollup_script (HlStore *store)
{
  g_autoptr(GError) error = NULL;
  HlAnswer first[] = { { "OVERALL", 4 } };
  HlAnswer unhappy[] = { { "OVERALL", 2 }, { "REASONS", 1 } };
  HlAnswer later[] = { { "REASONS", 3 } };
  struct { const char *day; const char *officer; gboolean repeat, burst; gboolean detail; const HlAnswer *a; guint n; } rows[] = {
    { "2026-07-14", "CB01", FALSE, FALSE, FALSE, first, 1 },
    { "2026-07-14", NULL, FALSE, TRUE, FALSE, unhappy, 2 },
    { "2026-07-14", NULL, TRUE, FALSE, FALSE, first, 1 },
    { "2026-07-15", "", FALSE, TRUE, FALSE, unhappy, 2 },
    { "2026-07-14", "CB01", FALSE, FALSE, TRUE, first, 1 },
  };
  gint64 row[G_N_ELEMENTS (rows)];

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *at = g_strdup_printf ("%sT09:00:00+07:00", rows[i].day);
      HlResponse r = {
        .kiosk_id = "HL-TEST", .recorded_at = at, .recorded_utc = 1700000000 + i, .day = rows[i].day,
        .unit = "U", .counter = "Q1", .officer = rows[i].officer, .survey_id = "sipas-quick", .survey_version = 1,
        .repeat = rows[i].repeat, .burst = rows[i].burst, .detail_of = rows[i].detail ? row[0] : 0,
      };

      g_assert_true (hl_store_append_response (store, &r, rows[i].a, rows[i].n, &error));
      g_assert_no_error (error);
      row[i] = r.row_id;
    }
  g_assert_true (hl_store_append_answers (store, row[0], later, 1, &error));
  g_assert_true (hl_store_append_answers (store, row[1], later, 1, &error));
  g_assert_no_error (error);
  /* Lowers a count that, inside a transaction, may not be written yet; then more counts after it. */
  g_assert_true (hl_store_replace_answer (store, row[1], "OVERALL", 3, &error));
  g_assert_no_error (error);
  g_assert_true (hl_store_append_answers (store, row[3], later, 1, &error));
  g_assert_no_error (error);
}

static char *
dump_rollups (const char *path)
{
  return query (path, "SELECT group_concat (t || ' ' || k, ' | ') FROM"
                      " (SELECT 'day' AS t, day || ' ' || officer_code || ' ' || question_id || '=' || value || ':' || n AS k"
                      "  FROM day_counts UNION ALL SELECT 'burst', day || ' ' || officer_code || ' ' || question_id"
                      "  || '=' || value || ':' || n FROM burst_counts ORDER BY 1, 2)");
}

/* Inside an explicit transaction the increments are summed in memory and written at commit: the rollups
 * come out exactly as when each append commits on its own, the recount agrees, and a rollback leaves
 * nothing of them behind. */
static void
test_rollups_in_transaction (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(HlSurvey) survey = quick_survey ();
  g_autoptr(GError) error = NULL;
  g_autofree char *batch_path = g_build_filename (f->dir, "batch.db", NULL);
  g_autofree char *alone = NULL;
  g_autofree char *batched = NULL;
  g_autofree char *undone = NULL;
  HlStore *batch;

  g_assert_true (hl_store_save_survey (f->store, survey, NULL));
  rollup_script (f->store);
  alone = dump_rollups (f->path);

  batch = hl_store_open (batch_path, &error);
  g_assert_no_error (error);
  g_assert_true (hl_store_save_survey (batch, survey, NULL));
  g_assert_true (hl_store_begin (batch, &error));
  rollup_script (batch);
  hl_store_rollback (batch);
  undone = query (batch_path, "SELECT count(*) || ' ' || (SELECT count(*) FROM day_counts) FROM responses");
  g_assert_cmpstr (undone, ==, "0 0");

  g_assert_true (hl_store_begin (batch, &error));
  rollup_script (batch);
  g_assert_true (hl_store_commit (batch, &error));
  g_assert_no_error (error);
  batched = dump_rollups (batch_path);
  g_assert_cmpstr (batched, ==, alone);
  g_assert_nonnull (strstr (alone, "burst 2026-07-15  REASONS=3:1"));
  g_assert_true (hl_store_verify_rollups (batch, &error));
  g_assert_no_error (error);
  hl_store_close (batch);
}

/* Appends across the end of a month, so that a month rollup sums days of two months apart: June's last
 * day and July's first and last, with an officer, without one, a repeat, and a replaced answer. */
static void
month_script (HlStore *store)
{
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;
  gint64 row = 0, seq;
  g_autofree char *id = NULL;

  append (store, "2026-06-30", "CB01", FALSE, 4);
  append (store, "2026-07-01", "CB01", FALSE, 4);
  append (store, "2026-07-01", NULL, TRUE, 1);
  seq = append (store, "2026-07-31", NULL, FALSE, 2);
  append (store, "2026-08-01", "CB01", FALSE, 3);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  g_assert_true (hl_store_lookup_response (store, "HL-TEST", id, &found, &row, &error));
  g_assert_true (found);
  g_assert_true (hl_store_replace_answer (store, row, "OVERALL", 5, &error));
  g_assert_no_error (error);
}

/* Migration 6 on a database of version 5 that holds rollups: the month rollups it makes add the days up by
 * month (checked against a recount from the answers), the guards refuse any other connection, the kiosk's
 * later appends keep them, the verify finds a month edited around the guard, and a rebuild puts it right. */
static void
test_migration_6 (void)
{
  g_autofree char *dir = hl_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "m.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = hl_store_open_at_version (path, 5, &error);
  g_autoptr(HlSurvey) survey = quick_survey ();
  g_autofree char *months = NULL;
  g_autofree char *diff = NULL;

  g_assert_no_error (error);
  g_assert_true (hl_store_save_survey (store, survey, NULL));
  month_script (store);
  rollup_script (store);
  g_assert_null (hl_test_query (path, "SELECT name FROM sqlite_schema WHERE name = 'month_counts'"));
  g_clear_pointer (&store, hl_store_close);

  store = hl_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (schema_version (store), ==, HL_STORE_SCHEMA_VERSION);
  /* July: the 1st and 31st and rollup_script's three counted citizens (neither its repeat nor its
   * detailed rating is one), not the repeat of the 1st. */
  months = hl_test_query (path, "SELECT group_concat (month || ':' || n, ' ') FROM"
                                " (SELECT month, sum (n) AS n FROM month_counts WHERE question_id = ''"
                                " GROUP BY month ORDER BY month)");
  g_assert_cmpstr (months, ==, "2026-06:1 2026-07:5 2026-08:1");
  g_clear_pointer (&months, g_free);
  months = hl_test_query (path, "SELECT group_concat (value || ':' || n, ' ') FROM month_counts"
                                " WHERE month = '2026-07' AND officer_code = '' AND question_id = 'OVERALL'");
  g_assert_cmpstr (months, ==, "2:1 3:1 5:1");
  diff = hl_test_month_differences (path, FALSE);
  g_assert_cmpstr (diff, ==, "");
  g_clear_pointer (&diff, g_free);
  diff = hl_test_month_differences (path, TRUE);
  g_assert_cmpstr (diff, ==, "");
  g_clear_pointer (&diff, g_free);
  g_assert_true (hl_store_verify_rollups (store, &error));
  g_assert_no_error (error);

  /* Only the store writes them. */
  g_assert_cmpint (exec_rc (path, "UPDATE month_counts SET n = n + 1"), !=, SQLITE_OK);
  g_assert_cmpint (exec_rc (path, "DELETE FROM month_burst_counts"), !=, SQLITE_OK);
  g_assert_cmpint (exec_rc (path, "INSERT INTO month_counts SELECT '2026-09', kiosk_id, unit_code, counter_code,"
                                  " officer_code, procedure_code, field_code, survey_id, survey_version, question_id,"
                                  " value, n FROM month_counts"), !=, SQLITE_OK);

  /* The kiosk's appends from now on keep the months. */
  month_script (store);
  diff = hl_test_month_differences (path, FALSE);
  g_assert_cmpstr (diff, ==, "");
  g_clear_pointer (&diff, g_free);

  g_assert_cmpint (exec_rc (path, "DROP TRIGGER month_counts_guard_u;"
                                  "UPDATE month_counts SET n = n + 7 WHERE month = '2026-08' AND question_id = ''"),
                   ==, SQLITE_OK);
  diff = hl_test_month_differences (path, FALSE);
  g_assert_cmpstr (diff, !=, "");
  g_assert_false (hl_store_verify_rollups (store, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_ROLLUPS);
  g_assert_nonnull (strstr (error->message, "month_counts do not follow from the chained answers: 2026-08 kiosk "
                                            "HL-TEST unit U counter Q1 officer CB01 survey sipas-quick/1 responses: "
                                            "stored 9, recounted 2"));
  g_clear_error (&error);
  g_assert_true (hl_store_rebuild_rollups (store, &error));
  g_assert_no_error (error);
  g_assert_true (hl_store_verify_rollups (store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&diff, g_free);
  diff = hl_test_month_differences (path, FALSE);
  g_assert_cmpstr (diff, ==, "");
  g_clear_pointer (&store, hl_store_close);
  hl_test_rm_rf (dir);
}

static void
add_n_cb (const HlCountRow *row,
          gpointer          user_data)
{
  *(gint64 *) user_data += row->n;
}

/* Every writer of the rollups keeps the months equal to a recount from the answers: the kiosk's own
 * transactions, an explicit one (as an import writes), a kiosk's days counted again (as a bundle's import
 * does) and a rebuild; and the months read back add up to the days. */
static void
test_month_writers (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(HlSurvey) survey = quick_survey ();
  g_autoptr(GError) error = NULL;
  gint64 by_day = 0, by_month = 0, bursts_by_day = 0, bursts_by_month = 0;

  g_assert_true (hl_store_save_survey (f->store, survey, NULL));
  for (guint step = 0; step < 4; step++)
    {
      g_autofree char *diff = NULL;
      g_autofree char *burst_diff = NULL;

      if (step == 0)
        {
          month_script (f->store);
          rollup_script (f->store);
        }
      else if (step == 1)
        {
          g_assert_true (hl_store_begin (f->store, &error));
          month_script (f->store);
          rollup_script (f->store);
          g_assert_true (hl_store_commit (f->store, &error));
        }
      else if (step == 2)
        {
          /* Days and months both wrong (edited around the guards): the recount of the days puts both right. */
          g_assert_cmpint (exec_rc (f->path, "DROP TRIGGER day_counts_guard_u; DROP TRIGGER month_counts_guard_u;"
                                             "UPDATE day_counts SET n = n + 5 WHERE day = '2026-06-30';"
                                             "UPDATE month_counts SET n = n + 5 WHERE month = '2026-06'"),
                           ==, SQLITE_OK);
          diff = hl_test_month_differences (f->path, FALSE);
          g_assert_cmpstr (diff, !=, "");
          g_clear_pointer (&diff, g_free);
          g_assert_true (hl_store_recount (f->store, "HL-TEST", "2026-06-15", "2026-07-14", &error));
        }
      else
        g_assert_true (hl_store_rebuild_rollups (f->store, &error));
      g_assert_no_error (error);
      diff = hl_test_month_differences (f->path, FALSE);
      burst_diff = hl_test_month_differences (f->path, TRUE);
      g_assert_cmpstr (diff, ==, "");
      g_assert_cmpstr (burst_diff, ==, "");
    }
  g_assert_true (hl_store_foreach_count (f->store, "2026-06-01", "2026-08-31", add_n_cb, &by_day, &error));
  g_assert_true (hl_store_foreach_month_count (f->store, "2026-06", "2026-08", add_n_cb, &by_month, &error));
  g_assert_true (hl_store_foreach_burst_count (f->store, "2026-06-01", "2026-08-31", add_n_cb, &bursts_by_day, &error));
  g_assert_true (hl_store_foreach_month_burst_count (f->store, "2026-06", "2026-08", add_n_cb, &bursts_by_month,
                                                     &error));
  g_assert_no_error (error);
  g_assert_cmpint (by_day, >, 0);
  g_assert_cmpint (by_month, ==, by_day);
  g_assert_cmpint (bursts_by_day, >, 0);
  g_assert_cmpint (bursts_by_month, ==, bursts_by_day);
}

/* A survey definition loaded inside a transaction that is rolled back is not kept: the store keeps the
 * definitions it loaded, and a rollback may undo the one it saved, after which another may be saved under
 * the same id and version; the next load gives that one. */
static void
test_survey_cache_rollback (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(HlSurvey) quick = quick_survey ();
  g_autoptr(GString) text = g_string_new (hl_survey_get_source (quick));
  g_autoptr(HlSurvey) other = NULL;
  g_autoptr(HlSurvey) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_string_replace (text, "Đánh giá mức độ hài lòng", "Đánh giá thử", 1);
  other = hl_survey_load_data ("other", text->str, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hl_store_begin (f->store, &error));
  g_assert_true (hl_store_save_survey (f->store, quick, &error));
  loaded = hl_store_load_survey (f->store, "sipas-quick", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hl_survey_get_source (loaded), ==, hl_survey_get_source (quick));
  g_clear_object (&loaded);
  hl_store_rollback (f->store);

  g_assert_true (hl_store_save_survey (f->store, other, &error));
  g_assert_no_error (error);
  loaded = hl_store_load_survey (f->store, "sipas-quick", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hl_survey_get_source (loaded), ==, hl_survey_get_source (other));
  g_clear_object (&loaded);
  /* And kept from then on: the same definition again. */
  loaded = hl_store_load_survey (f->store, "sipas-quick", 1, &error);
  g_assert_cmpstr (hl_survey_get_source (loaded), ==, hl_survey_get_source (other));
}

/* Who may write: a kiosk's claim is exclusive and refuses writers at once (naming its pid), writers share,
 * a kiosk is refused while writers hold it, and a released claim is free again. Each claim is a file
 * description of its own, as in separate processes (the shell test runs them as such). */
static void
test_claims (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pid = g_strdup_printf ("pid %ld", (long) getpid ());
  HlStoreClaim *kiosk, *writer, *other;

  kiosk = hl_store_claim (f->path, HL_STORE_CLAIM_KIOSK, &error);
  g_assert_no_error (error);
  g_assert_null (hl_store_claim (f->path, HL_STORE_CLAIM_WRITER, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_OWNED);
  g_assert_nonnull (strstr (error->message, pid));
  g_clear_error (&error);
  g_assert_null (hl_store_claim (f->path, HL_STORE_CLAIM_KIOSK, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_OWNED);
  g_clear_error (&error);
  hl_store_claim_release (kiosk);

  writer = hl_store_claim (f->path, HL_STORE_CLAIM_WRITER, &error);
  g_assert_no_error (error);
  other = hl_store_claim (f->path, HL_STORE_CLAIM_WRITER, &error);
  g_assert_no_error (error);
  g_assert_null (hl_store_claim (f->path, HL_STORE_CLAIM_KIOSK, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_OWNED);
  g_assert_nonnull (strstr (error->message, "an import or a simulation"));
  g_clear_error (&error);
  hl_store_claim_release (writer);
  hl_store_claim_release (other);
  kiosk = hl_store_claim (f->path, HL_STORE_CLAIM_KIOSK, &error);
  g_assert_no_error (error);
  hl_store_claim_release (kiosk);
}

/* Migration 7 (the refused bundles) on a province's database of version 5 keeps what it held; a refusal is
 * listed until a later import of the same file resolves it; the gaps are the holes between the bundles' ranges
 * of sequence numbers, a kiosk's first held response after 1 leaving a gap from 1; the kiosks are those of the
 * keys and of the bundles. */
static void
test_migration_7 (void)
{
  g_autofree char *dir = hl_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "province.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = hl_store_open_at_version (path, 5, &error);
  g_autoptr(GPtrArray) refusals = NULL;
  g_autoptr(GPtrArray) gaps = NULL;
  g_autoptr(GPtrArray) kiosks = NULL;
  g_autofree char *value = NULL;
  const HlStoreGap *gap;
  const HlStoreKiosk *kiosk;

  g_assert_no_error (error);
  g_assert_cmpint (schema_version (store), ==, 5);
  g_clear_pointer (&store, hl_store_close);
  g_assert_cmpint (exec_rc (path, "INSERT INTO trusted_keys VALUES"
                                  " ('HL-A', 'aa', '2026-07-01T08:00:00+07:00', 'enrolment'),"
                                  " ('HL-C', 'cc', '2026-07-01T08:00:00+07:00', 'enrolment');"
                                  /* HL-A: 1..3 and 2..2 overlap, then 6..7 (4 and 5 missing); a bundle of no
                                   * new response; HL-B: 3..4 (1 and 2 missing). */
                                  "INSERT INTO imported_bundles VALUES"
                                  " ('a1', 'HL-A', 1, 3, 1, 3, 3, 3, '2026-07-02T08:00:00+07:00', 'a1.hlb'),"
                                  " ('a2', 'HL-A', 2, 2, 2, 2, 1, 0, '2026-07-02T08:00:00+07:00', 'a2.hlb'),"
                                  " ('a3', 'HL-A', 6, 7, 6, 7, 2, 2, '2026-07-02T09:00:00+07:00', 'a3.hlb'),"
                                  " ('a4', 'HL-A', 0, 0, 0, 0, 0, 0, '2026-07-02T08:30:00+07:00', 'a4.hlb'),"
                                  " ('b1', 'HL-B', 1, 2, 3, 4, 2, 2, '2026-07-03T08:00:00+07:00', 'b.hlb');"),
                   ==, SQLITE_OK);

  store = hl_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (schema_version (store), ==, HL_STORE_SCHEMA_VERSION);
  g_assert_cmpint (HL_STORE_SCHEMA_VERSION_STATUS, <=, HL_STORE_SCHEMA_VERSION);
  value = query (path, "SELECT count(*) FROM imported_bundles");
  g_assert_cmpstr (value, ==, "5");

  g_assert_true (hl_store_record_refusal (store, "x.hlb", "HL-X", "tampered", "x.hlb: refused: changed", &error));
  g_assert_true (hl_store_record_refusal (store, "y.hlb", NULL, "damaged", "y.hlb: refused: damaged", &error));
  g_assert_no_error (error);
  refusals = hl_store_list_refusals (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refusals->len, ==, 2);
  g_assert_cmpstr (((HlStoreRefusal *) refusals->pdata[0])->kiosk_id, ==, "HL-X");
  g_assert_cmpstr (((HlStoreRefusal *) refusals->pdata[0])->reason, ==, "tampered");
  g_assert_null (((HlStoreRefusal *) refusals->pdata[1])->kiosk_id);
  g_clear_pointer (&refusals, g_ptr_array_unref);
  g_assert_true (hl_store_resolve_refusals (store, "x.hlb", &error));
  refusals = hl_store_list_refusals (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refusals->len, ==, 1);
  g_assert_cmpstr (((HlStoreRefusal *) refusals->pdata[0])->file, ==, "y.hlb");
  g_clear_pointer (&value, g_free);
  value = query (path, "SELECT count(*) FROM refused_bundles WHERE resolved_at IS NOT NULL");
  g_assert_cmpstr (value, ==, "1");

  gaps = hl_store_list_gaps (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaps->len, ==, 2);
  gap = gaps->pdata[0];
  g_assert_cmpstr (gap->kiosk_id, ==, "HL-A");
  g_assert_cmpint (gap->after_seq, ==, 3);
  g_assert_cmpint (gap->before_seq, ==, 6);
  g_assert_cmpint (gap->missing, ==, 2);
  gap = gaps->pdata[1];
  g_assert_cmpstr (gap->kiosk_id, ==, "HL-B");
  g_assert_cmpint (gap->after_seq, ==, 0);
  g_assert_cmpint (gap->missing, ==, 2);

  kiosks = hl_store_list_kiosks (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kiosks->len, ==, 3);
  kiosk = kiosks->pdata[0];
  g_assert_cmpstr (kiosk->kiosk_id, ==, "HL-A");
  g_assert_cmpstr (kiosk->key_source, ==, "enrolment");
  g_assert_cmpint (kiosk->bundles, ==, 4);
  g_assert_cmpstr (kiosk->last_import, ==, "2026-07-02T09:00:00+07:00");
  kiosk = kiosks->pdata[1];
  g_assert_cmpstr (kiosk->kiosk_id, ==, "HL-B");
  g_assert_null (kiosk->key_source);
  kiosk = kiosks->pdata[2];
  g_assert_cmpstr (kiosk->kiosk_id, ==, "HL-C");
  g_assert_cmpint (kiosk->bundles, ==, 0);
  g_assert_null (kiosk->last_import);
  g_clear_pointer (&store, hl_store_close);
  hl_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/settings", Fixture, NULL, fixture_setup, test_settings, fixture_teardown);
  g_test_add_func ("/store/migration/1", test_migration_1);
  g_test_add_func ("/store/newer-schema", test_newer_schema);
  g_test_add ("/store/meta", Fixture, NULL, fixture_setup, test_meta, fixture_teardown);
  g_test_add ("/store/surveys", Fixture, NULL, fixture_setup, test_surveys, fixture_teardown);
  g_test_add ("/store/append-only", Fixture, NULL, fixture_setup, test_append_only, fixture_teardown);
  g_test_add ("/store/sequence-rollups", Fixture, NULL, fixture_setup, test_sequence_and_rollups, fixture_teardown);
  g_test_add ("/store/found-flags", Fixture, NULL, fixture_setup, test_found_flags, fixture_teardown);
  g_test_add ("/store/chain", Fixture, NULL, fixture_setup, test_chain, fixture_teardown);
  g_test_add_func ("/store/migration/2", test_migration_2);
  g_test_add_func ("/store/migration/7", test_migration_7);
  g_test_add_func ("/store/readonly", test_readonly);
  g_test_add_func ("/store/migration/3", test_migration_3);
  g_test_add ("/store/rollups-recount", Fixture, NULL, fixture_setup, test_rollups_recount, fixture_teardown);
  g_test_add ("/store/rollups-in-transaction", Fixture, NULL, fixture_setup, test_rollups_in_transaction,
              fixture_teardown);
  g_test_add_func ("/store/migration/6", test_migration_6);
  g_test_add ("/store/month-writers", Fixture, NULL, fixture_setup, test_month_writers, fixture_teardown);
  g_test_add ("/store/survey-cache-rollback", Fixture, NULL, fixture_setup, test_survey_cache_rollback,
              fixture_teardown);
  g_test_add ("/store/claims", Fixture, NULL, fixture_setup, test_claims, fixture_teardown);
  return g_test_run ();
}
