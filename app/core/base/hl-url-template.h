/* hl-url-template.h: the feedback page's address, from a template with {unit}, {counter} and {procedure}.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HL_URL_TEMPLATE_ERROR (hl_url_template_error_quark ())

typedef enum {
  HL_URL_TEMPLATE_ERROR_SCHEME,       /* not an http:// or https:// address */
  HL_URL_TEMPLATE_ERROR_PLACEHOLDER,  /* an unknown {name}, or a brace not closed */
} HlUrlTemplateError;

GQuark   hl_url_template_error_quark (void);
gboolean hl_url_template_check       (const char  *url_template,
                                      GError     **error);
char    *hl_url_template_expand      (const char  *url_template,
                                      const char  *unit,
                                      const char  *counter,
                                      const char  *procedure,
                                      GError     **error);

G_END_DECLS
