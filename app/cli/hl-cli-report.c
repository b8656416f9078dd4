/* hl-cli-report.c: `hailong report`, the province's period report (docs/province.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-cli"

#include "config.h"

#include "hl-paths.h"
#include "hl-province.h"
#include "hl-report.h"

#include "hl-cli-private.h"

int
hl_cli_report (int    argc,
               char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *period = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *province_path = NULL;
  g_autofree char *level_name = NULL;
  gboolean cutoff = FALSE, as_recorded = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The province's database (default: the kiosk's)", "FILE" },
    { "province", 0, 0, G_OPTION_ARG_FILENAME, &province_path,
      "The province's configuration (hailong-province/1)", "FILE" },
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, "2026-Q3, 2026-H1, 2026-9M or 2026", "P" },
    { "cutoff", 0, 0, G_OPTION_ARG_NONE, &cutoff,
      "The reporting regime's data cut-off (on the province's cutoff_day) instead of calendar dates", NULL },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level_name, "Units ranked at province, commune or centre "
      "(default: commune)", "LEVEL" },
    { "as-recorded", 0, 0, G_OPTION_ARG_NONE, &as_recorded, "Merged units under their own (old) code", NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "pdf, xlsx or csv", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The report's file", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the province's period report");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlProvince) province = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(HlReport) report = NULL;
  HlProvinceLevel level = HL_PROVINCE_LEVEL_COMMUNE;
  HlFilingPeriod parsed;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!hl_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc > 1)
    return hl_cli_fail ("report: unexpected argument “%s”", argv[1]);
  if (period == NULL)
    return hl_cli_fail ("report: name the period with --period (2026-Q3, 2026-H1, 2026-9M or 2026)");
  if (province_path == NULL)
    return hl_cli_fail ("report: name the province's configuration with --province");
  if (format == NULL || (!g_str_equal (format, "pdf") && !g_str_equal (format, "xlsx") && !g_str_equal (format, "csv")))
    return hl_cli_fail ("report: --format must be pdf, xlsx or csv");
  if (output == NULL)
    return hl_cli_fail ("report: name the report's file with --output");
  if (level_name != NULL && (!hl_province_level_from_string (level_name, &level)
                             || level == HL_PROVINCE_LEVEL_SERVICE_POINT))
    return hl_cli_fail ("report: --level must be province, commune or centre, not “%s”", level_name);
  if (!hl_filing_period_parse (period, &parsed, &error))
    return hl_cli_fail ("report: %s", error->message);
  if (g_file_test (output, G_FILE_TEST_EXISTS) && !g_file_test (output, G_FILE_TEST_IS_REGULAR))
    return hl_cli_fail ("report: %s: not a regular file", output);
  if (db == NULL)
    db = hl_default_db_path ();

  province = hl_province_load_file (province_path, NULL, &error);
  if (province == NULL)
    return hl_cli_fail ("report: %s", error->message);
  /* A reader: never creates, migrates or writes the database. */
  store = hl_store_open_readonly (db, &error);
  if (store == NULL)
    return hl_cli_fail ("report: %s", error->message);
  report = hl_report_new_province (store, province, period, cutoff, level, as_recorded, &error);
  if (report == NULL)
    return hl_cli_fail ("report: %s", error->message);
  /* Each writer writes beside the name and renames: never half a report under it. */
  if (g_str_equal (format, "pdf"))
    ok = hl_report_write_pdf (report, output, &error);
  else if (g_str_equal (format, "xlsx"))
    ok = hl_report_write_xlsx (report, output, &error);
  else
    ok = hl_report_write_csv (report, output, &error);
  if (!ok)
    return hl_cli_fail ("report: %s", error->message);
  return 0;
}
