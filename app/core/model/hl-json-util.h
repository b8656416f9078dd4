/* hl-json-util.h: typed access to JSON members that reports every problem with its position.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hl-json-doc.h"
#include "hl-survey.h"

G_BEGIN_DECLS

void        hl_json_check_keys      (HlDiagnostics *diag,
                                     JsonObject    *object,
                                     const char   **allowed);
JsonObject *hl_json_element_object  (HlDiagnostics *diag,
                                     JsonArray     *array,
                                     guint          index,
                                     const char    *what);
const char *hl_json_get_string      (HlDiagnostics *diag,
                                     JsonObject    *object,
                                     const char    *member,
                                     gboolean       required);
gboolean    hl_json_get_int         (HlDiagnostics *diag,
                                     JsonObject    *object,
                                     const char    *member,
                                     gboolean       required,
                                     gint64        *value);
gboolean    hl_json_get_bool        (HlDiagnostics *diag,
                                     JsonObject    *object,
                                     const char    *member,
                                     gboolean       required,
                                     gboolean      *value);
gboolean    hl_json_get_number      (HlDiagnostics *diag,
                                     JsonObject    *object,
                                     const char    *member,
                                     gboolean       required,
                                     double        *value);
JsonArray  *hl_json_get_array       (HlDiagnostics *diag,
                                     JsonObject    *object,
                                     const char    *member,
                                     gboolean       required);
JsonObject *hl_json_get_object      (HlDiagnostics *diag,
                                     JsonObject    *object,
                                     const char    *member,
                                     gboolean       required);
HlText     *hl_json_get_text        (HlDiagnostics *diag,
                                     JsonObject    *object,
                                     const char    *member,
                                     gboolean       required);
const char *hl_json_get_code        (HlDiagnostics *diag,
                                     JsonObject    *object,
                                     const char    *member,
                                     gboolean       required);
gboolean    hl_json_get_percent     (HlDiagnostics *diag,
                                     JsonObject    *object,
                                     const char    *member,
                                     double        *value);
const char *hl_json_get_date        (HlDiagnostics *diag,
                                     JsonObject    *object,
                                     const char    *member);
gboolean    hl_json_node_is_int     (JsonNode      *node);
gboolean    hl_json_is_identifier   (const char    *s);
gboolean    hl_json_is_survey_id    (const char    *s);
gboolean    hl_json_is_language     (const char    *s);

G_END_DECLS
