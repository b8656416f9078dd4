/* hl-import.h: importing responses from hailong-csv/1 files (FORMATS.md §3).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

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

/* recorded_at of hailong-csv/1: ISO 8601 with a UTC offset, and the local date as written. */
typedef struct {
  int     year, month, day, hour, minute, second;
  gint32  nsec;       /* the fraction of the second, in nanoseconds */
  gint32  offset;     /* seconds east of UTC */
  gint64  utc;        /* the instant, Unix seconds (the fraction dropped) */
} HlTimestamp;

/* "YYYY-MM-DDTHH:MM:SS.fffffffff+HH:MM" and its NUL */
#define HL_TIMESTAMP_MAX_LEN 36

GQuark              hl_import_error_quark    (void);
const HlCsvColumn  *hl_import_csv_columns    (guint              *n_columns);
gboolean            hl_timestamp_parse       (const char         *text,
                                              HlTimestamp        *timestamp,
                                              char              **problem);
void                hl_timestamp_format      (const HlTimestamp  *timestamp,
                                              char               *buf);
void                hl_timestamp_format_day  (const HlTimestamp  *timestamp,
                                              char               *buf);
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
