/* hl-import.h: importing responses from hailong-csv/1 files (FORMATS.md §3).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

/* A file that is not RFC 4180 fails with the reader's HL_CSV_ERROR, also named FILE:LINE. */
#include "hl-csv.h"
#include "hl-store.h"

G_BEGIN_DECLS

#define HL_IMPORT_ERROR (hl_import_error_quark ())

typedef enum {
  HL_IMPORT_ERROR_INVALID,   /* a row is wrong in itself or contradicts another row of the file */
  HL_IMPORT_ERROR_CONFLICT,  /* a row contradicts what the database holds */
  HL_IMPORT_ERROR_FAILED,    /* the database refused a write; the message says why */
} HlImportError;

typedef struct {
  guint64 rows;               /* answer rows read */
  guint64 responses_added;
  guint64 responses_present;  /* stored before, exactly as the file gives them: left as they were */
  guint64 answers_added;
} HlImportStats;

GQuark              hl_import_error_quark    (void);
gboolean            hl_import_csv_stream     (HlStore            *store,
                                              GInputStream       *stream,
                                              const char         *name,
                                              const char         *survey_dir,
                                              HlImportStats      *stats,
                                              GError            **error);
gboolean            hl_import_csv_file       (HlStore            *store,
                                              const char         *path,
                                              const char         *survey_dir,
                                              HlImportStats      *stats,
                                              GError            **error);

G_END_DECLS
