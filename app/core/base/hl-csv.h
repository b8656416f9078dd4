/* hl-csv.h: reading and writing RFC 4180 CSV, as hailong-csv/1 (FORMATS.md §3) needs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HL_CSV_ERROR (hl_csv_error_quark ())

typedef enum {
  HL_CSV_ERROR_IO,        /* the stream could not be read */
  HL_CSV_ERROR_ENCODING,  /* a field is not UTF-8 */
  HL_CSV_ERROR_SYNTAX,    /* quoting or line endings break RFC 4180 */
  HL_CSV_ERROR_HEADER,    /* no header, or an unknown, missing or repeated column */
  HL_CSV_ERROR_FIELDS,    /* a record has more or fewer fields than the header names */
  HL_CSV_ERROR_TOO_LONG,  /* a record is longer than HL_CSV_MAX_RECORD */
} HlCsvError;

/* A record may not be longer than this many bytes. It keeps memory bounded whatever the input, and a
 * quote that is never closed is reported after at most this much instead of after the whole file. */
#define HL_CSV_MAX_RECORD (1024 * 1024)

/* A column the caller knows. A header naming any other column is an error, and so is a header that lacks
 * a required one. */
typedef struct {
  const char *name;
  gboolean    required;
} HlCsvColumn;

typedef struct _HlCsvReader HlCsvReader;

GQuark       hl_csv_error_quark          (void);

HlCsvReader *hl_csv_reader_new           (GInputStream      *stream,
                                          const char        *name,
                                          const HlCsvColumn *columns,
                                          guint              n_columns);
HlCsvReader *hl_csv_reader_new_for_path  (const char        *path,
                                          const HlCsvColumn *columns,
                                          guint              n_columns,
                                          GError           **error);
void         hl_csv_reader_free          (HlCsvReader       *self);
gboolean     hl_csv_reader_read_header   (HlCsvReader       *self,
                                          GError           **error);
gboolean     hl_csv_reader_next          (HlCsvReader       *self,
                                          GError           **error);
const char  *hl_csv_reader_get           (HlCsvReader       *self,
                                          guint              column);
gboolean     hl_csv_reader_has_column    (HlCsvReader       *self,
                                          guint              column);
guint64      hl_csv_reader_get_line      (HlCsvReader       *self);
const char  *hl_csv_reader_get_name      (HlCsvReader       *self);

void         hl_csv_append_field         (GString           *out,
                                          const char        *value);
void         hl_csv_append_text_cell     (GString           *out,
                                          const char        *value);
const char  *hl_spreadsheet_safe_text    (const char        *value,
                                          char             **buffer);
char        *hl_csv_describe             (const char        *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlCsvReader, hl_csv_reader_free)

G_END_DECLS
