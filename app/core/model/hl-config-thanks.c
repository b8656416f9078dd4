/* hl-config-thanks.c: what the thank-you page adds, in a kiosk configuration (docs/formats.md):
 *
 *   "feedback_url": "https://dichvucong.laocai.gov.vn/phan-anh?dv={unit}&quay={counter}&tt={procedure}",
 *   "sound": {"tap": true, "thanks": true}
 *
 * "feedback_url" puts a QR code to the province's feedback page (phản ánh, kiến nghị) on the thank-you
 * page; "sound" plays a short click on each tap and a spoken thank-you, from files shipped with the
 * kiosk. Both are off when absent: a hall with several kiosks stays quiet unless the province asks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-config"

#include "config.h"

#include "hl-config-private.h"
#include "hl-json-util.h"
#include "hl-url-template.h"

void
hl_config_parse_thanks (HlDiagnostics *diag,
                        JsonObject    *root,
                        HlConfig      *config)
{
  static const char *sound_keys[] = { "tap", "thanks", NULL };
  const char *url = hl_json_get_string (diag, root, "feedback_url", FALSE);
  JsonObject *sound;

  if (url != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!hl_url_template_check (url, &error))
        hl_diagnostics_at_member (diag, root, "feedback_url", "%s", error->message);
      else
        config->feedback_url = g_strdup (url);
    }
  sound = hl_json_get_object (diag, root, "sound", FALSE);
  if (sound != NULL)
    {
      hl_json_check_keys (diag, sound, sound_keys);
      hl_json_get_bool (diag, sound, "tap", FALSE, &config->sound_tap);
      hl_json_get_bool (diag, sound, "thanks", FALSE, &config->sound_thanks);
    }
}
