/* fuzz-config.c: libFuzzer target for the hailong-kiosk/1 loader (hl_config_load_data).
 *
 * Built and run by run-fuzz.sh. Besides the sanitizers' findings, it checks what the loader promises:
 * a configuration or an error, never both or neither; every problem named at "FILE:" on one line; and
 * a loaded configuration that holds together: each listed code found by its lookup, each procedure's
 * field listed, the officer on duty listed, an arming key GDK knows, timeouts within their ranges.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hl-config.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
walk (HlConfig *config)
{
  if (config->unit_code == NULL || config->counter_code == NULL || config->survey_id == NULL
      || config->survey_version < 1 || config->survey_line == 0)
    abort ();
  for (guint i = 0; i < config->fields->len; i++)
    {
      const HlCodeName *field = g_ptr_array_index (config->fields, i);

      if (hl_config_lookup_field (config, field->code) == NULL)
        abort ();
      (void) hl_config_get_target (config, field->code);
    }
  for (guint i = 0; i < config->procedures->len; i++)
    {
      const HlCodeName *procedure = g_ptr_array_index (config->procedures, i);

      if (hl_config_lookup_procedure (config, procedure->code) == NULL
          || (procedure->field != NULL && hl_config_lookup_field (config, procedure->field) == NULL))
        abort ();
      (void) hl_text_get (procedure->name, "en");
    }
  for (guint i = 0; i < config->officers->len; i++)
    {
      const HlOfficer *officer = g_ptr_array_index (config->officers, i);

      if (hl_config_lookup_officer (config, officer->code) == NULL || officer->name == NULL)
        abort ();
    }
  if (config->officer_on_duty != NULL && hl_config_lookup_officer (config, config->officer_on_duty) == NULL)
    abort ();
  if (config->armed_key != NULL && !hl_config_is_key_name (config->armed_key))
    abort ();
  if (config->idle_timeout < 5 || config->idle_timeout > 600 || config->thanks_timeout < 1
      || config->thanks_timeout > 60 || config->response_interval > 600)
    abort ();
  (void) hl_config_get_target (config, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = NULL;

  config = hl_config_load_data ("fuzz.json", (const char *) data, (gssize) size, problems, &error);
  if ((config == NULL) == (error == NULL))
    abort ();
  if (config == NULL && problems->len == 0)
    abort ();
  for (guint i = 0; i < problems->len; i++)
    if (!g_str_has_prefix (problems->pdata[i], "fuzz.json:") || strchr (problems->pdata[i], '\n') != NULL)
      abort ();
  if (config != NULL)
    walk (config);
  return 0;
}
