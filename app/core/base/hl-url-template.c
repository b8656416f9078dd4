/* hl-url-template.c
 *
 * The thank-you page may show a QR code to the province's feedback page (phản ánh, kiến nghị), whose
 * address the kiosk configuration gives as a template, e.g.
 * "https://dichvucong.example.vn/phan-anh?don-vi={unit}&quay={counter}&thu-tuc={procedure}". Each value
 * is percent-escaped (RFC 3986: all but letters, digits and -._~), so that a code with a space, '&' or a
 * Vietnamese letter cannot break the address or add a parameter; a missing value is empty.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-url-template"

#include "config.h"

#include "hl-url-template.h"

G_DEFINE_QUARK (hl-url-template-error-quark, hl_url_template_error)

static char *
expand (const char  *url_template,
        const char  *values[3],
        GError     **error)
{
  static const char *names[] = { "unit", "counter", "procedure" };
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = url_template;

  if (url_template == NULL || !(g_str_has_prefix (url_template, "https://") || g_str_has_prefix (url_template, "http://")))
    {
      g_set_error (error, HL_URL_TEMPLATE_ERROR, HL_URL_TEMPLATE_ERROR_SCHEME,
                   "the feedback address must start with https:// or http://");
      return NULL;
    }
  while (*p != '\0')
    {
      const char *close;
      gboolean known = FALSE;

      if (*p != '{')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      close = strchr (p, '}');
      for (guint i = 0; close != NULL && i < G_N_ELEMENTS (names); i++)
        if ((gsize) (close - p - 1) == strlen (names[i]) && strncmp (p + 1, names[i], close - p - 1) == 0)
          {
            g_autofree char *escaped = g_uri_escape_string (values[i] ? values[i] : "", NULL, FALSE);

            g_string_append (out, escaped);
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, HL_URL_TEMPLATE_ERROR, HL_URL_TEMPLATE_ERROR_PLACEHOLDER,
                       "the feedback address has “%.*s”, but only {unit}, {counter} and {procedure} can be filled in",
                       close ? (int) (close - p + 1) : (int) strlen (p), p);
          return NULL;
        }
      p = close + 1;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Whether @url_template is a template this file can fill in (for the configuration's validator). */
gboolean
hl_url_template_check (const char  *url_template,
                       GError     **error)
{
  const char *values[3] = { "x", "x", "x" };
  g_autofree char *url = expand (url_template, values, error);

  return url != NULL;
}

/* The address for a citizen served at @counter of @unit for @procedure (each may be NULL). */
char *
hl_url_template_expand (const char  *url_template,
                        const char  *unit,
                        const char  *counter,
                        const char  *procedure,
                        GError     **error)
{
  const char *values[3] = { unit, counter, procedure };

  return expand (url_template, values, error);
}
