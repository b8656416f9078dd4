/* hl-arm.c: checking the "arm" action's parameter (docs/kiosk.md).
 *
 * The action comes from outside the kiosk's process (an officer's keypad, a queue-ticket system, over
 * D-Bus), so nothing of it is trusted: before, a member of the wrong type was silently dropped (a
 * procedure given as a number armed the kiosk for no procedure), an unknown member (a mistyped
 * "oficer") was ignored, an empty ticket meant "no ticket", and " CB01" was looked up with its space.
 * Each of these is now refused with the reason, and the kiosk stays as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-arm"

#include "config.h"

#include "hl-arm.h"
#include "hl-json-util.h"

G_DEFINE_QUARK (hl-arm-error-quark, hl_arm_error)

void
hl_arm_request_free (HlArmRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->procedure);
  g_free (request->officer);
  g_free (request->ticket);
  g_free (request);
}

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (HL_ARM_ERROR, HL_ARM_ERROR_INVALID, format, args));
  va_end (args);
  return FALSE;
}

/* One member's value: a string, not empty, without white space around it, printable; codes also as the
 * configuration writes them. */
static gboolean
check_value (const char *key,
             GVariant   *value,
             gboolean    is_code,
             char      **out,
             GError    **error)
{
  const char *s;
  gsize length;

  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return invalid (error, "“%s” must be a string, not of type %s", key, g_variant_get_type_string (value));
  s = g_variant_get_string (value, &length);
  if (length == 0)
    return invalid (error, "“%s” is empty (leave it out instead)", key);
  if (g_unichar_isspace (g_utf8_get_char (s)) || g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (s + length))))
    return invalid (error, "“%s” has white space around it", key);
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return invalid (error, "“%s” holds a control character", key);
  if (is_code && !hl_json_is_identifier (s))
    return invalid (error, "“%s” is a code, of letters, digits, '.', '_' and '-' only", key);
  if (!is_code && length > HL_ARM_TICKET_MAX)
    return invalid (error, "“%s” is longer than %d bytes", key, HL_ARM_TICKET_MAX);
  *out = g_strdup (s);
  return TRUE;
}

/* Parses the action's parameter, a{sv} with the optional members "procedure", "officer" (codes) and
 * "ticket" (a queue-ticket number, kept only as a keyed hash). Anything else is refused, with a reason
 * fit for the log. */
HlArmRequest *
hl_arm_request_parse (GVariant  *parameter,
                      GError   **error)
{
  g_autoptr(HlArmRequest) request = g_new0 (HlArmRequest, 1);
  GVariantIter iter;
  const char *key;
  GVariant *value;

  if (parameter == NULL)
    {
      invalid (error, "no parameter: arm takes a dictionary such as {'officer': <'CB01'>}");
      return NULL;
    }
  if (!g_variant_is_of_type (parameter, G_VARIANT_TYPE_VARDICT))
    {
      invalid (error, "the parameter is of type %s, not a dictionary a{sv} such as {'officer': <'CB01'>}",
               g_variant_get_type_string (parameter));
      return NULL;
    }
  g_variant_iter_init (&iter, parameter);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autoptr(GVariant) owned = value;
      char **slot;

      if (g_str_equal (key, "procedure"))
        slot = &request->procedure;
      else if (g_str_equal (key, "officer"))
        slot = &request->officer;
      else if (g_str_equal (key, "ticket"))
        slot = &request->ticket;
      else
        {
          g_autofree char *shown = g_strescape (key, NULL);

          invalid (error, "unknown member “%.40s”: arm takes procedure, officer and ticket", shown);
          return NULL;
        }
      if (*slot != NULL)
        {
          invalid (error, "“%s” is given twice", key);
          return NULL;
        }
      if (!check_value (key, owned, slot != &request->ticket, slot, error))
        return NULL;
    }
  return g_steal_pointer (&request);
}
