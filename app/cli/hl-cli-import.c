/* hl-cli-import.c: `hailong import [--db FILE] [--survey-dir DIR] FILE...`
 *
 * Each file is imported on its own, all or nothing (hl-import.c): a bad file changes nothing and the
 * next one is still imported, so that a supervisor can fix the one named and run the same command again
 * (what was imported already is recognised and counted once). Every error is one line on stderr,
 * "hailong: FILE[:LINE]: message". The files are checked before the database is opened, and a database
 * that this command made and put nothing into is removed again: a command that fails leaves no file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "hl-bundle.h"
#include "hl-bundle-batch.h"
#include "hl-import.h"
#include "hl-paths.h"
#include "hl-qr-series.h"

#include "hl-cli-private.h"

/* Whether @path ends in @suffix (lower case), whatever the case of its letters. */
static gboolean
has_suffix (const char *path,
            const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, suffix);
}

static gboolean
is_csv (const char *path)
{
  return has_suffix (path, ".csv");
}

/* Whether FILE can be read; if not, says why in one line. Checked before the database is touched, so
 * that a command whose every file is wrong leaves no database behind. */
static gboolean
input_is_readable (const char *path)
{
  int fd;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("hailong: %s: cannot open: %s\n", path, g_strerror (EISDIR));
      return FALSE;
    }
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_printerr ("hailong: %s: cannot open: %s\n", path, g_strerror (saved));
      return FALSE;
    }
  g_close (fd, NULL);
  return TRUE;
}

/* The folders of @dir that do not exist yet, deepest first: what g_mkdir_with_parents() will make. */
static GPtrArray *
missing_folders (const char *dir)
{
  GPtrArray *missing = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *at = g_strdup (dir);

  while (!g_file_test (at, G_FILE_TEST_EXISTS))
    {
      char *parent = g_path_get_dirname (at);

      g_ptr_array_add (missing, g_steal_pointer (&at));
      if (g_str_equal (parent, missing->pdata[missing->len - 1]))
        {
          g_free (parent);
          break;
        }
      at = parent;
    }
  return missing;
}

/* Removes a database this command made and put nothing into, with its companions and the folders made
 * for it, unless another writer has opened it meanwhile (then it is theirs). */
static void
remove_made_database (const char *db,
                      GPtrArray  *folders)
{
  static const char *const companions[] = { "", "-wal", "-shm", "-journal" };
  g_autoptr(HlStoreClaim) alone = hl_store_claim (db, HL_STORE_CLAIM_KIOSK, NULL);
  g_autofree char *lock = g_strconcat (db, ".lock", NULL);

  if (alone == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *path = g_strconcat (db, companions[i], NULL);

      if (g_unlink (path) != 0 && errno != ENOENT)
        g_debug ("%s: %s", path, g_strerror (errno));
    }
  g_unlink (lock);
  g_clear_pointer (&alone, hl_store_claim_release);
  for (guint i = 0; i < folders->len; i++)
    g_rmdir (folders->pdata[i]);
}

/* The progress of a call: on a terminal one line rewritten in place ("[12/500] FILE"), which a message
 * first clears; otherwise nothing but the plain lines of each file, so that a log or a script reads
 * what it always read. */
typedef struct {
  gboolean tty;
  guint    total;
  gboolean shown;    /* the progress line is on the screen */
} Progress;

static void
progress_clear (Progress *progress)
{
  if (progress->shown)
    {
      fputs ("\r\033[K", stdout);
      fflush (stdout);
      progress->shown = FALSE;
    }
}

static void
progress_show (Progress   *progress,
               guint       done,
               const char *path)
{
  g_autofree char *name = NULL;

  if (!progress->tty)
    return;
  name = g_path_get_basename (path);
  printf ("\r\033[K[%u/%u] %s", done, progress->total, name);
  fflush (stdout);
  progress->shown = TRUE;
}

/* A bundle: verified, then imported; what it added, what was held already, and the gaps around it. On a
 * terminal only what needs reading (refusals, gaps, clock jumps) stays on the screen. */
static gboolean
import_bundle (HlStore        *store,
               const char     *path,
               gboolean        trust_new,
               Progress       *progress,
               HlBundleTotals *totals,
               GError        **fatal)
{
  g_auto(HlBundleReport) report = { 0 };
  HlBundleInfo *info;
  HlBundleImport *result = &report.result;

  if (!hl_bundle_import_recorded (store, path, trust_new, &report, fatal))
    return FALSE;
  hl_bundle_totals_add (totals, &report);
  progress_clear (progress);
  if (report.outcome == HL_BUNDLE_REFUSED)
    {
      hl_cli_fail ("import: %s", report.refusal->message);
      return TRUE;
    }
  info = report.info;
  if (!progress->tty)
    {
      hl_cli_print_bundle (path, info);
      if (result->already_imported)
        g_print ("%s: imported before: nothing changed\n", path);
      else
        g_print ("%s: %" G_GINT64_FORMAT " responses added, %" G_GINT64_FORMAT " already present, %" G_GINT64_FORMAT
                 " answers added\n", path, result->responses_added, result->responses_present, result->answers_added);
    }
  else
    for (guint i = 0; i < info->clock_jumps->len; i++)
      {
        g_autofree char *line = hl_bundle_describe_jump (g_ptr_array_index (info->clock_jumps, i));

        g_print ("%s: note: %s\n", path, line);
      }
  if (result->gap_before > 0)
    g_print ("%s: gap: %" G_GINT64_FORMAT " responses of kiosk %s missing before this bundle (sequences %"
             G_GINT64_FORMAT "–%" G_GINT64_FORMAT ")\n", path, result->gap_before, info->range.kiosk_id,
             info->range.first_sequence - result->gap_before, info->range.first_sequence - 1);
  if (result->gap_after > 0)
    g_print ("%s: gap: %" G_GINT64_FORMAT " responses of kiosk %s missing after this bundle (sequences %"
             G_GINT64_FORMAT "–%" G_GINT64_FORMAT ")\n", path, result->gap_after, info->range.kiosk_id,
             info->range.last_sequence + 1, info->range.last_sequence + result->gap_after);
  return TRUE;
}

/* The decoded texts of QR codes, one a line. */
static gboolean
import_qr (HlStore    *store,
           const char *path,
           const char *survey_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) days = NULL;

  if (g_file_get_contents (path, &text, NULL, &error))
    days = hl_qr_series_import (store, text, path, survey_dir, &error);
  if (days == NULL)
    {
      hl_cli_fail ("import: %s", error->message);
      return FALSE;
    }
  for (guint i = 0; i < days->len; i++)
    {
      HlQrSeriesDay *day = g_ptr_array_index (days, i);

      g_print ("%s: kiosk %s, %s: %u QR codes, %" G_GINT64_FORMAT " responses counted\n", path, day->kiosk_id,
               day->day, day->parts, day->responses);
    }
  return TRUE;
}

int
hl_cli_import (int    argc,
               char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *survey_dir = NULL;
  gboolean trust_new = FALSE;
  gboolean qr = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database (default: the kiosk's); made if missing", "FILE" },
    { "survey-dir", 0, 0, G_OPTION_ARG_FILENAME, &survey_dir,
      "Where survey definitions are (default: the installed ones)", "DIR" },
    { "trust-new", 0, 0, G_OPTION_ARG_NONE, &trust_new,
      "Accept bundles of kiosks not enrolled yet, and enrol their keys", NULL },
    { "qr", 0, 0, G_OPTION_ARG_NONE, &qr, "FILE holds the texts of QR codes of `hailong export --qr`, one a line",
      NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE... — import hailong-csv/1 files and export bundles (.hlb)");
  g_autoptr(HlStoreClaim) claim = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new ();
  g_autoptr(GPtrArray) folders = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_dir = NULL;
  gboolean failed = FALSE;
  gboolean made = FALSE;      /* this command made the database */
  gboolean imported = FALSE;  /* a file went in */
  Progress progress = { 0 };
  HlBundleTotals totals = { 0 };

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
      if (!qr && !is_csv (argv[i]) && !has_suffix (argv[i], ".hlb"))
        {
          hl_cli_fail ("import: %s: neither a hailong-csv/1 file (.csv) nor an export bundle (.hlb)", argv[i]);
          failed = TRUE;
        }
      else if (!input_is_readable (argv[i]))
        failed = TRUE;
      else
        g_ptr_array_add (inputs, argv[i]);
    }
  if (inputs->len == 0)
    return 1;

  db_dir = g_path_get_dirname (db);
  folders = missing_folders (db_dir);
  made = !g_file_test (db, G_FILE_TEST_EXISTS);
  if (g_mkdir_with_parents (db_dir, 0700) != 0)
    return hl_cli_fail ("import: cannot make %s: %s", db_dir, g_strerror (errno));
  /* Refused at once while a kiosk runs on the database: see hl-store-owner.c. */
  claim = hl_store_claim (db, HL_STORE_CLAIM_WRITER, &error);
  if (claim != NULL)
    store = hl_store_open (db, &error);
  if (store == NULL)
    {
      hl_cli_fail ("import: %s", error->message);
      g_clear_pointer (&claim, hl_store_claim_release);
      if (made)
        remove_made_database (db, folders);
      return 2;
    }

  progress.tty = isatty (fileno (stdout));
  progress.total = inputs->len;
  for (guint i = 0; i < inputs->len; i++)
    {
      const char *path = inputs->pdata[i];
      g_autoptr(GError) file_error = NULL;
      HlImportStats stats = { 0 };

      /* Each file's lines as soon as they are written, also into a pipe or a log being watched. */
      fflush (stdout);
      progress_show (&progress, i + 1, path);
      if (!qr && has_suffix (path, ".hlb"))
        {
          guint refused = totals.refused;

          if (!import_bundle (store, path, trust_new, &progress, &totals, &file_error))
            {
              /* The database cannot even record a refusal (a full disk, say): the files after it would
               * fare no better. */
              progress_clear (&progress);
              hl_cli_fail ("import: %s: %s", path, file_error->message);
              failed = TRUE;
              break;
            }
          if (totals.refused > refused)
            failed = TRUE;
          else
            imported = TRUE;
          continue;
        }
      if (qr)
        {
          progress_clear (&progress);
          if (import_qr (store, path, survey_dir))
            imported = TRUE;
          else
            failed = TRUE;
          continue;
        }
      if (!hl_import_csv_file (store, path, survey_dir, &stats, &file_error))
        {
          progress_clear (&progress);
          g_printerr ("hailong: %s\n", file_error->message);
          failed = TRUE;
          continue;
        }
      imported = TRUE;
      /* A CSV file is one line, also on a terminal: they are few, and each says what went in. */
      progress_clear (&progress);
      g_print ("%s: %" G_GUINT64_FORMAT " rows, %" G_GUINT64_FORMAT " responses added, %" G_GUINT64_FORMAT
                 " already present\n", path, stats.rows, stats.responses_added, stats.responses_present);
    }
  progress_clear (&progress);
  /* The whole call in one line when it named several bundles, with the refused ones counted apart: the
   * exit status says that some were refused, this line how many. */
  if (totals.files > 1 || (progress.tty && totals.files > 0))
    g_print ("import: %u bundle%s: %u imported (%" G_GINT64_FORMAT " responses added), %u imported before,"
             " %u refused%s\n",
             totals.files, totals.files == 1 ? "" : "s", totals.imported, totals.responses_added, totals.held,
             totals.refused,
             totals.refused > 0 ? " (see above; `hailong status` lists them)" : "");
  /* A command that fails leaves no file behind: nothing went into the database it made. */
  if (made && !imported)
    {
      g_clear_pointer (&store, hl_store_close);
      g_clear_pointer (&claim, hl_store_claim_release);
      remove_made_database (db, folders);
    }
  return failed ? 1 : 0;
}
