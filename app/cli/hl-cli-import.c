/* hl-cli-import.c: `hailong import [--db FILE] [--survey-dir DIR] FILE...`
 *
 * Each file is imported on its own, all or nothing (hl-import.c): a bad file changes nothing and the
 * next one is still imported, so that a supervisor can fix the one named and run the same command again
 * (what was imported already is recognised and counted once).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-cli"

#include "config.h"

#include <errno.h>

#include "hl-import.h"
#include "hl-paths.h"

#include "hl-cli-private.h"

static gboolean
is_csv (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".csv");
}

int
hl_cli_import (int    argc,
               char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *survey_dir = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database (default: the kiosk's); made if missing", "FILE" },
    { "survey-dir", 0, 0, G_OPTION_ARG_FILENAME, &survey_dir,
      "Where survey definitions are (default: the installed ones)", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE... — import responses from hailong-csv/1 files");
  g_autoptr(HlStoreClaim) claim = NULL;
  g_autoptr(HlStore) store = NULL;
  gboolean failed = FALSE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!hl_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc < 2)
    return hl_cli_fail ("import: name at least one file");
  if (db == NULL)
    db = hl_default_db_path ();
  if (survey_dir == NULL)
    survey_dir = hl_default_survey_dir ();
  if (!g_file_test (survey_dir, G_FILE_TEST_IS_DIR))
    return hl_cli_fail ("import: %s: no such directory of survey definitions", survey_dir);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      HlImportStats stats = { 0 };

      /* Export bundles (.hlb) are another format, which this version does not read yet. */
      if (!is_csv (argv[i]))
        {
          g_printerr ("%s: only hailong-csv/1 files can be imported by this version\n", argv[i]);
          failed = TRUE;
          continue;
        }
      if (store == NULL)
        {
          g_autofree char *db_dir = g_path_get_dirname (db);

          if (g_mkdir_with_parents (db_dir, 0700) != 0)
            return hl_cli_fail ("import: cannot make %s: %s", db_dir, g_strerror (errno));
          /* Refused at once while a kiosk runs on the database: see hl-store-owner.c. */
          claim = hl_store_claim (db, HL_STORE_CLAIM_WRITER, &error);
          if (claim == NULL)
            return hl_cli_fail ("import: %s", error->message);
          store = hl_store_open (db, &error);
          if (store == NULL)
            return hl_cli_fail ("import: %s", error->message);
        }
      if (!hl_import_csv_file (store, argv[i], survey_dir, &stats, &error))
        {
          g_printerr ("%s\n", error->message);
          failed = TRUE;
          continue;
        }
      g_print ("%s: %" G_GUINT64_FORMAT " rows, %" G_GUINT64_FORMAT " responses added, %" G_GUINT64_FORMAT
               " already present\n", argv[i], stats.rows, stats.responses_added, stats.responses_present);
    }
  return failed ? 1 : 0;
}
