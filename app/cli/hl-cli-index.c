/* hl-cli-index.c: `hailong index`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-cli"

#include "config.h"

#include <stdio.h>

#include "hl-config.h"
#include "hl-index.h"
#include "hl-output.h"
#include "hl-paths.h"
#include "hl-province.h"

#include "hl-cli-private.h"

int
hl_cli_index (int    argc,
           char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *by = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *period = NULL;
  gboolean cutoff = FALSE;
  int cutoff_day = 0;
  g_autofree char *province_path = NULL;
  g_autofree char *level_name = NULL;
  gboolean as_recorded = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database (default: the kiosk's)", "FILE" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "First day of the period (default: today)", "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "Last day of the period (default: today)", "YYYY-MM-DD" },
    { "period", 0, 0, G_OPTION_ARG_STRING, &period,
      "A period as the province files it: 2026-Q3, 2026-H1, 2026-9M or 2026 (instead of --from/--to)", "P" },
    { "cutoff", 0, 0, G_OPTION_ARG_NONE, &cutoff,
      "The period's data cut-off of the state reporting regime (15th of the month before to 14th of the last)",
      NULL },
    { "cutoff-day", 0, 0, G_OPTION_ARG_INT, &cutoff_day,
      "With --cutoff: the day the regime's periods start on (default: 15)", "DAY" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by,
      "Group by: unit,counter,officer,procedure,field,kiosk,day,month,quarter", "KEYS" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "json, csv or table (default: table)", "FORMAT" },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path,
      "Targets and minimum sample from this kiosk configuration (default: 90 %, 30 answers)", "FILE" },
    { "province", 0, 0, G_OPTION_ARG_FILENAME, &province_path,
      "The province's configuration (hailong-province/1): hierarchy, mergers, targets, cut-off day", "FILE" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level_name,
      "With --province: roll units up to province, commune or centre (merged units under their successor)",
      "LEVEL" },
    { "as-recorded", 0, 0, G_OPTION_ARG_NONE, &as_recorded,
      "With --level: merged units under their own (old) code, not their successor", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE instead of standard output", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— satisfaction and the SIPAS-style index");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(GArray) keys = NULL;
  g_autoptr(HlIndex) index = NULL;
  g_autoptr(HlConfig) config = NULL;
  g_autoptr(HlProvince) province = NULL;
  g_autoptr(GHashTable) unit_map = NULL;
  HlProvinceLevel level = HL_PROVINCE_LEVEL_PROVINCE;
  g_autofree char *text = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!hl_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc > 1)
    return hl_cli_fail ("index: unexpected argument “%s”", argv[1]);
  if (format == NULL)
    format = g_strdup ("table");
  if (!g_str_equal (format, "json") && !g_str_equal (format, "csv") && !g_str_equal (format, "table"))
    return hl_cli_fail ("index: --format must be json, csv or table, not “%s”", format);
  if (level_name != NULL && province_path == NULL)
    return hl_cli_fail ("index: --level needs --province");
  if (as_recorded && level_name == NULL)
    return hl_cli_fail ("index: --as-recorded needs --level");
  if (level_name != NULL && (!hl_province_level_from_string (level_name, &level)
                             || level == HL_PROVINCE_LEVEL_SERVICE_POINT))
    return hl_cli_fail ("index: --level must be province, commune or centre, not “%s”", level_name);
  if (province_path != NULL && config_path != NULL)
    return hl_cli_fail ("index: give either --province or --config for the targets, not both");
  if (province_path != NULL)
    {
      /* The loader's message names the file, line and column. */
      province = hl_province_load_file (province_path, NULL, &error);
      if (province == NULL)
        return hl_cli_fail ("index: %s", error->message);
      /* The province's cut-off day, unless --cutoff-day gives another. */
      if (cutoff && cutoff_day == 0)
        cutoff_day = (int) province->cutoff_day;
    }
  if (!hl_cli_period_dates ("index", period, cutoff, cutoff_day, &from, &to))
    return 2;
  if (from == NULL)
    from = hl_cli_today ();
  if (to == NULL)
    to = g_strdup (from);
  if (db == NULL)
    db = hl_default_db_path ();

  if (config_path != NULL)
    {
      /* The loader's message names the file, line and column. */
      config = hl_config_load_file (config_path, NULL, &error);
      if (config == NULL)
        return hl_cli_fail ("index: %s", error->message);
    }
  keys = hl_index_parse_keys (by, &error);
  if (keys == NULL)
    return hl_cli_fail ("index: %s", error->message);
  if (level_name != NULL)
    {
      HlKey unit_key = HL_KEY_UNIT;
      gboolean has_unit = FALSE;

      /* Rolled up by unit: the unit is a key even when --by does not name it. */
      for (guint i = 0; i < keys->len; i++)
        has_unit |= g_array_index (keys, HlKey, i) == HL_KEY_UNIT;
      if (!has_unit)
        g_array_prepend_val (keys, unit_key);
      unit_map = hl_province_unit_map (province, level, as_recorded);
    }
  /* A reader: never creates, migrates or writes the database. */
  store = hl_store_open_readonly (db, &error);
  if (store == NULL)
    return hl_cli_fail ("index: %s", error->message);
  index = hl_index_compute_mapped (store, from, to, keys, unit_map, &error);
  if (index == NULL)
    return hl_cli_fail ("index: %s", error->message);

  if (province != NULL)
    hl_index_set_province_targets (index, province);
  else
    hl_index_set_targets (index, config);

  if (g_str_equal (format, "json"))
    text = hl_index_to_json_text (index);
  else if (g_str_equal (format, "csv"))
    text = hl_index_to_csv (index);
  else
    text = hl_index_to_table (index);
  if (output != NULL)
    {
      /* Whole or not at all, and only to a new or a regular file (hl-output.c). */
      if (!hl_output_write_file (output, text, -1, &error))
        return hl_cli_fail ("index: %s", error->message);
    }
  else
    fputs (text, stdout);
  return 0;
}

