/* hl-config-private.h: what the configuration's files share, and nobody outside the model layer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hl-config.h"
#include "hl-json-doc.h"

G_BEGIN_DECLS

/* hl-config-alerts.c: "alerts", or the default rules when it is absent. */
void  hl_config_parse_alerts  (HlDiagnostics *diag,
                               JsonObject    *root,
                               HlConfig      *config);

/* hl-config-thanks.c: "feedback_url" and "sound", for the thank-you page. */
void  hl_config_parse_thanks  (HlDiagnostics *diag,
                               JsonObject    *root,
                               HlConfig      *config);

/* hl-config-hours.c: "opening_hours" and "dim_after". */
void  hl_config_parse_hours   (HlDiagnostics *diag,
                               JsonObject    *root,
                               HlConfig      *config);

G_END_DECLS
