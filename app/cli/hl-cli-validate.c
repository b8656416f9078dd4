/* hl-cli-validate.c: `hailong validate FILE...`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-cli"

#include "config.h"

#include "hl-config.h"
#include "hl-json-doc.h"
#include "hl-paths.h"
#include "hl-province.h"
#include "hl-survey.h"

#include "hl-cli-private.h"

/* The file's "format" tells a kiosk configuration from a survey definition; anything else is checked as
 * a survey, which reports a wrong format at its line. */
static gboolean
has_format (const char *path,
            const char *format)
{
  g_autoptr(HlJsonDoc) doc = hl_json_doc_load_file (path, NULL);
  JsonNode *root;

  if (doc == NULL)
    return FALSE;
  root = hl_json_doc_get_root (doc);
  return JSON_NODE_HOLDS_OBJECT (root)
         && g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (root), "format", ""),
                       format) == 0;
}

int
hl_cli_validate (int    argc,
              char **argv)
{
  g_autofree char *survey_dir = NULL;
  GOptionEntry entries[] = {
    { "survey-dir", 0, 0, G_OPTION_ARG_FILENAME, &survey_dir,
      "Where the surveys a kiosk configuration names are (default: as import)", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE... — check survey definitions, kiosk and province configurations");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!hl_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc < 2)
    return hl_cli_fail ("validate: name at least one file");
  if (survey_dir == NULL)
    survey_dir = hl_default_survey_dir ();
  for (int i = 1; i < argc; i++)
    {
      if (has_format (argv[i], HL_PROVINCE_FORMAT))
        {
          g_autoptr(HlProvince) province = hl_province_load_file (argv[i], problems, NULL);
        }
      else if (has_format (argv[i], HL_CONFIG_FORMAT))
        {
          g_autoptr(HlConfig) config = hl_config_load_file (argv[i], problems, NULL);
          g_autoptr(HlSurvey) survey = NULL;
          g_autoptr(HlSurvey) detailed = NULL;

          /* What the kiosk checks next, by the same function: the surveys it names. */
          if (config != NULL)
            hl_config_find_surveys (config, survey_dir, &survey, &detailed, problems, NULL);
        }
      else
        {
          g_autoptr(HlSurvey) survey = hl_survey_load_file (argv[i], problems, NULL);
        }
    }
  for (guint i = 0; i < problems->len; i++)
    g_print ("%s\n", (char *) g_ptr_array_index (problems, i));
  return problems->len == 0 ? 0 : 1;
}
