/* hl-cli-status.c: `hailong status --db PROVINCE.db --period P [--cutoff] [--province FILE] [--format F]`
 *
 * Which kiosks have not reported for the period, which have gaps (and how many responses are missing),
 * which bundles were refused and why, and when each kiosk last reported: hl-completeness.c decides, this
 * prints. A reader: the database is opened read-only and never changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-cli"

#include "config.h"

#include <stdio.h>

#include "hl-completeness.h"
#include "hl-output.h"
#include "hl-paths.h"
#include "hl-province.h"

#include "hl-cli-private.h"

int
hl_cli_status (int    argc,
               char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *period = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *province_path = NULL;
  gboolean cutoff = FALSE;
  int cutoff_day = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The province's database (default: the kiosk's)", "FILE" },
    { "period", 0, 0, G_OPTION_ARG_STRING, &period,
      "A period as the province files it: 2026-Q3, 2026-H1, 2026-9M or 2026 (instead of --from/--to)", "P" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "First day of the period", "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "Last day of the period", "YYYY-MM-DD" },
    { "cutoff", 0, 0, G_OPTION_ARG_NONE, &cutoff, "The period's data cut-off of the state reporting regime", NULL },
    { "cutoff-day", 0, 0, G_OPTION_ARG_INT, &cutoff_day,
      "With --cutoff: the day the regime's periods start on (default: 15)", "DAY" },
    { "province", 0, 0, G_OPTION_ARG_FILENAME, &province_path,
      "The province's configuration (hailong-province/1): its units, for the units no kiosk reported for", "FILE" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "json or table (default: table)", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE instead of standard output", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— which kiosks have reported for a period, gaps, "
                                                            "refused bundles");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(HlProvince) province = NULL;
  g_autoptr(HlCompleteness) completeness = NULL;
  g_autofree char *text = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!hl_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc > 1)
    return hl_cli_fail ("status: unexpected argument “%s”", argv[1]);
  if (format == NULL)
    format = g_strdup ("table");
  if (!g_str_equal (format, "json") && !g_str_equal (format, "table"))
    return hl_cli_fail ("status: --format must be json or table, not “%s”", format);
  if (province_path != NULL)
    {
      /* The loader's message names the file, line and column. */
      province = hl_province_load_file (province_path, NULL, &error);
      if (province == NULL)
        return hl_cli_fail ("status: %s", error->message);
      if (cutoff && cutoff_day == 0)
        cutoff_day = (int) province->cutoff_day;
    }
  if (period == NULL && (from == NULL || to == NULL))
    return hl_cli_fail ("status: give the period: --period P, or --from and --to");
  if (!hl_cli_period_dates ("status", period, cutoff, cutoff_day, &from, &to))
    return 2;
  if (db == NULL)
    db = hl_default_db_path ();

  /* A reader: never creates, migrates or writes the database. */
  store = hl_store_open_readonly (db, &error);
  if (store == NULL)
    return hl_cli_fail ("status: %s", error->message);
  completeness = hl_completeness_compute (store, province, from, to, &error);
  if (completeness == NULL)
    return hl_cli_fail ("status: %s", error->message);
  text = g_str_equal (format, "json") ? hl_completeness_to_json_text (completeness)
                                      : hl_completeness_to_table (completeness);
  if (output != NULL)
    {
      if (!hl_output_write_file (output, text, -1, &error))
        return hl_cli_fail ("status: %s", error->message);
    }
  else
    fputs (text, stdout);
  return 0;
}
