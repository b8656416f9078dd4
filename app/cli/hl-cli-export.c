/* hl-cli-export.c: `hailong export [--db FILE] [--config FILE] --output NAME.hlb [--from DATE --to DATE]
 * [--reports]`: a signed bundle (and its reports) written safely into NAME's folder, as the dashboard's
 * Export writes to a stick (hl-export.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-cli"

#include "config.h"

#include "hl-config.h"
#include "hl-export.h"
#include "hl-index.h"
#include "hl-identity.h"
#include "hl-paths.h"
#include "hl-qr-series.h"

#include "hl-cli-private.h"

/* `hailong export --qr DIR [--day DATE]`: the day's aggregates as numbered signed QR codes. */
static int
export_qr (const char *db,
           const char *dir,
           const char *day)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GPtrArray) paths = NULL;

  if (day == NULL)
    day = today = hl_cli_today ();
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return hl_cli_fail ("export: %s: no such folder", dir);
  texts = hl_export_qr_series (db, day, &kiosk_id, &error);
  if (texts == NULL)
    return hl_cli_fail ("export: %s", error->message);
  paths = hl_qr_series_write_pngs (texts, dir, kiosk_id, day, &error);
  if (paths == NULL)
    return hl_cli_fail ("export: %s", error->message);
  g_print ("kiosk %s, %s: %u QR codes\n", kiosk_id, day, paths->len);
  for (guint i = 0; i < paths->len; i++)
    g_print ("%s\n", (char *) g_ptr_array_index (paths, i));
  return 0;
}

int
hl_cli_export (int    argc,
               char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gboolean reports = FALSE;
  g_autofree char *qr = NULL;
  g_autofree char *day = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The kiosk's database (default: the kiosk's)", "FILE" },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path,
      "The kiosk's configuration, for the unit's and the codes' names", "FILE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The bundle to write", "NAME.hlb" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      "First day (default: the last day of the previous export, or the first response)", "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "Last day (default: up to now)", "YYYY-MM-DD" },
    { "reports", 0, 0, G_OPTION_ARG_NONE, &reports, "Also write NAME.pdf, NAME.csv and NAME.xlsx", NULL },
    { "qr", 0, 0, G_OPTION_ARG_FILENAME, &qr, "Instead, write a day's aggregates as signed QR codes (PNG) into DIR",
      "DIR" },
    { "day", 0, 0, G_OPTION_ARG_STRING, &day, "The day of --qr (default: today)", "YYYY-MM-DD" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("--output NAME.hlb — write a signed export bundle");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = NULL;
  g_autoptr(HlExportResult) result = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  HlExportOptions options = { NULL };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!hl_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc > 1)
    return hl_cli_fail ("export: unexpected argument “%s”", argv[1]);
  if (db == NULL)
    db = hl_default_db_path ();
  if (qr != NULL)
    {
      if (output != NULL || from != NULL || to != NULL || reports)
        return hl_cli_fail ("export: --qr DIR [--day DATE] takes no --output, --from, --to or --reports");
      return export_qr (db, qr, day);
    }
  if (day != NULL)
    return hl_cli_fail ("export: --day goes with --qr DIR");
  if (output == NULL || !g_str_has_suffix (output, ".hlb") || g_str_equal (output, ".hlb"))
    return hl_cli_fail ("export: name the bundle with --output NAME.hlb");
  if ((from != NULL && !hl_index_check_date (from, &error)) || (to != NULL && !hl_index_check_date (to, &error)))
    return hl_cli_fail ("export: %s", error->message);
  if (from != NULL && to != NULL && strcmp (from, to) > 0)
    return hl_cli_fail ("export: the period ends (%s) before it starts (%s)", to, from);
  if (config_path != NULL)
    {
      config = hl_config_load_file (config_path, NULL, &error);
      if (config == NULL)
        return hl_cli_fail ("export: %s", error->message);
    }
  dir = g_path_get_dirname (output);
  base = g_path_get_basename (output);
  base[strlen (base) - strlen (".hlb")] = '\0';
  options.from = from;
  options.to = to;
  options.name = base;
  options.reports = reports;
  if (!hl_export_to_dir (db, config, &options, dir, NULL, NULL, NULL, &result, &error))
    return hl_cli_fail ("export: %s", error->message);
  g_print ("%s: %" G_GINT64_FORMAT " responses", output, result->range.responses);
  if (result->range.responses > 0)
    g_print (" (sequences %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT ")", result->range.first_sequence,
             result->range.last_sequence);
  g_print (", %s to %s, kiosk %s, chain head %.16s…\n", result->period_from, result->period_to,
           result->range.kiosk_id, result->range.chain_head);
  for (guint i = 0; i + 1 < result->files->len; i++)
    g_print ("%s\n", (char *) g_ptr_array_index (result->files, i));
  return 0;
}
