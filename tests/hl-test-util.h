/* hl-test-util.h: small helpers shared by the unit tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

/* A fresh temporary directory for one test, removed by hl_test_tmpdir_free(). */
static inline char *
hl_test_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("hailong-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
hl_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        hl_test_rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline char *
hl_test_write (const char *dir,
               const char *name,
               const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Files of the source tree: survey_defs/, data/demo/. */
static inline char *
hl_test_source_path (const char *relative)
{
  const char *root = g_getenv ("HL_SOURCE_ROOT");

  return g_build_filename (root ? root : ".", relative, NULL);
}

/* A kiosk's clock for tests (an HlClockFunc): the instant *@user_data (a gint64, Unix seconds) at +07:00,
 * which the test moves as it likes. */
static inline GDateTime *
hl_test_clock (gpointer user_data)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (*(gint64 *) user_data);

  return g_date_time_to_timezone (utc, tz);
}

/* Runs @sql through a connection of the test's own (creating the file if need be); SQLite's result code. */
static inline int
hl_test_exec (const char *path,
              const char *sql)
{
  sqlite3 *db = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);
  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  sqlite3_close (db);
  return rc;
}

/* The SHA-256 of a file's bytes, in hex: to show that something left a file exactly as it was. */
static inline char *
hl_test_file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* The first column of the first row of @sql, read through a connection of the test's own, as any SQLite
 * tool would see the file; NULL when there is no row or it is NULL. */
static inline char *
hl_test_query (const char *path,
               const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

/* The month rollups (month_counts, and month_burst_counts with @burst) recounted here from the responses and
 * answers, by the method's rules written out again (repeats never count, a detailed rating is no second
 * citizen, an answer that a newer one replaced counts no more), and compared with what the store kept: the
 * rows that differ, "month kiosk unit counter officer question=value:n" each, stored ones marked "kept",
 * recounted ones "recounted"; "" when they agree. Rows kept with n = 0 are no difference. */
static inline char *
hl_test_month_differences (const char *path,
                           gboolean    burst)
{
  g_autofree char *sql = g_strdup_printf (
    "WITH kept AS (SELECT month || ' ' || kiosk_id || ' ' || unit_code || ' ' || counter_code || ' ' || officer_code"
    "   || ' ' || procedure_code || ' ' || field_code || ' ' || survey_id || '/' || survey_version || ' '"
    "   || question_id || '=' || value || ':' || n AS k FROM %s WHERE n <> 0),"
    " recounted AS (SELECT substr (r.day, 1, 7) || ' ' || r.kiosk_id || ' ' || r.unit_code || ' ' || r.counter_code"
    "   || ' ' || coalesce (r.officer_code, '') || ' ' || coalesce (r.procedure_code, '') || ' '"
    "   || coalesce (r.field_code, '') || ' ' || r.survey_id || '/' || r.survey_version || ' ' || i.q || '='"
    "   || i.v || ':' || count (*) AS k"
    "  FROM (SELECT id AS response, '' AS q, 0 AS v FROM responses WHERE detail_of IS NULL"
    "        UNION ALL SELECT a.response, a.question_id, a.value FROM answers a"
    "        WHERE NOT EXISTS (SELECT 1 FROM answers b WHERE b.replaces = a.id)) i"
    "  JOIN responses r ON r.id = i.response WHERE r.is_repeat = 0%s"
    "  GROUP BY substr (r.day, 1, 7), r.kiosk_id, r.unit_code, r.counter_code, coalesce (r.officer_code, ''),"
    "   coalesce (r.procedure_code, ''), coalesce (r.field_code, ''), r.survey_id, r.survey_version, i.q, i.v)"
    " SELECT coalesce (group_concat (d, ' | '), '') FROM"
    "  (SELECT 'kept ' || k AS d FROM (SELECT k FROM kept EXCEPT SELECT k FROM recounted)"
    "   UNION ALL SELECT 'recounted ' || k FROM (SELECT k FROM recounted EXCEPT SELECT k FROM kept))",
    burst ? "month_burst_counts" : "month_counts", burst ? " AND r.burst = 1" : "");

  return hl_test_query (path, sql);
}
