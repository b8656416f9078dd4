/* hl-json-doc.h: a parsed JSON file that remembers where each object, array and member was written,
 * so that semantic errors can name FILE:LINE:COLUMN like syntax errors do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hl-types.h"

G_BEGIN_DECLS

#define HL_JSON_ERROR (hl_json_error_quark ())

/* Deeper nesting is refused before parsing (json-glib recurses once per level and would overflow the
 * stack); the project's formats need fewer than ten levels. */
#define HL_JSON_MAX_DEPTH 64

typedef enum {
  HL_JSON_ERROR_SYNTAX,   /* the file is not JSON */
  HL_JSON_ERROR_INVALID,  /* the file is JSON, but not of the expected form */
} HlJsonError;

GQuark       hl_json_error_quark      (void);

HlJsonDoc   *hl_json_doc_load_file    (const char  *path,
                                       GError     **error);
HlJsonDoc   *hl_json_doc_load_data    (const char  *name,
                                       const char  *data,
                                       gssize       length,
                                       GError     **error);
HlJsonDoc   *hl_json_doc_load_listed  (const char  *name,
                                       const char  *data,
                                       gssize       length,
                                       GPtrArray   *problems,
                                       GError     **error);
char        *hl_json_read_file_listed (const char  *path,
                                       gsize       *length,
                                       GPtrArray   *problems,
                                       GError     **error);
void         hl_json_doc_free         (HlJsonDoc   *doc);
const char  *hl_json_doc_get_name     (HlJsonDoc   *doc);
JsonNode    *hl_json_doc_get_root     (HlJsonDoc   *doc);
void         hl_json_doc_object_pos   (HlJsonDoc   *doc,
                                       JsonObject  *object,
                                       guint       *line,
                                       guint       *column);
void         hl_json_doc_member_pos   (HlJsonDoc   *doc,
                                       JsonObject  *object,
                                       const char  *member,
                                       guint       *line,
                                       guint       *column);
void         hl_json_doc_element_pos  (HlJsonDoc   *doc,
                                       JsonArray   *array,
                                       guint        index,
                                       guint       *line,
                                       guint       *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlJsonDoc, hl_json_doc_free)

/* A list of problems found in one file, each "FILE:LINE:COLUMN: message". Loaders add every problem they
 * find (so that `hailong validate` can list them all) and fail with the first. */
typedef struct {
  HlJsonDoc *doc;       /* borrowed */
  GPtrArray *messages;  /* owned; char* */
} HlDiagnostics;

void hl_diagnostics_init        (HlDiagnostics *diag,
                                 HlJsonDoc     *doc);
void hl_diagnostics_clear       (HlDiagnostics *diag);
void hl_diagnostics_at_member   (HlDiagnostics *diag,
                                 JsonObject    *object,
                                 const char    *member,
                                 const char    *format,
                                 ...) G_GNUC_PRINTF (4, 5);
void hl_diagnostics_at_object   (HlDiagnostics *diag,
                                 JsonObject    *object,
                                 const char    *format,
                                 ...) G_GNUC_PRINTF (3, 4);
void hl_diagnostics_at_element  (HlDiagnostics *diag,
                                 JsonArray     *array,
                                 guint          index,
                                 const char    *format,
                                 ...) G_GNUC_PRINTF (4, 5);
gboolean hl_diagnostics_propagate (HlDiagnostics *diag,
                                   GPtrArray     *all_messages,
                                   GError       **error);

/* Reads one document from @data, as a loader that lists every problem does: a syntax error, then every
 * problem @parse finds in it, added to @problems (when given), the first also set in @error. */
typedef void (*HlJsonParseFunc) (HlDiagnostics *diag,
                                 gpointer       target,
                                 JsonNode      *root);
gboolean hl_json_parse_listed (const char      *name,
                               const char      *data,
                               gssize           length,
                               HlJsonParseFunc  parse,
                               gpointer         target,
                               GPtrArray       *problems,
                               GError         **error);

G_END_DECLS
