/* fuzz-arm.c: libFuzzer target for the arm action's parameter (hl_arm_request_parse).
 *
 * The parameter arrives over D-Bus, so the input is made into a GVariant both ways a sender could:
 * the first byte even, the rest as GVariant text (what `gapplication action` parses); odd, the rest as
 * serialized data of type "v" (what D-Bus carries, checked as untrusted). Checked besides the
 * sanitizers' findings: a request or an error of HL_ARM_ERROR, never both or neither; and an accepted
 * request holds only what the action allows (members non-empty, no white space around them, codes as
 * the configuration writes them, a short ticket).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hl-arm.h"
#include "hl-json-util.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_member (const char *value,
              gboolean    is_code)
{
  gsize length;

  if (value == NULL)
    return;
  length = strlen (value);
  if (length == 0 || !g_utf8_validate (value, -1, NULL) || g_unichar_isspace (g_utf8_get_char (value))
      || g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (value + length))) || (is_code && !hl_json_is_identifier (value))
      || (!is_code && length > HL_ARM_TICKET_MAX))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GVariant) parameter = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlArmRequest) request = NULL;

  if (size == 0)
    return 0;
  if (data[0] % 2 == 0)
    {
      g_autofree char *text = g_strndup ((const char *) data + 1, size - 1);
      GVariant *parsed = g_variant_parse (NULL, text, NULL, NULL, NULL);

      if (parsed == NULL)
        return 0;
      parameter = g_variant_ref_sink (parsed);
    }
  else
    {
      g_autoptr(GBytes) bytes = g_bytes_new (data + 1, size - 1);
      g_autoptr(GVariant) boxed = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARIANT, bytes, FALSE));

      parameter = g_variant_get_variant (boxed);
    }

  request = hl_arm_request_parse (parameter, &error);
  if ((request == NULL) == (error == NULL))
    abort ();
  if (request == NULL)
    {
      if (error->domain != HL_ARM_ERROR || strchr (error->message, '\n') != NULL)
        abort ();
      return 0;
    }
  check_member (request->procedure, TRUE);
  check_member (request->officer, TRUE);
  check_member (request->ticket, FALSE);
  return 0;
}
