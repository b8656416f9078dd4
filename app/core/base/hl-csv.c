/* hl-csv.c: a streaming RFC 4180 reader, and the quoting its writers need.
 *
 * Written here rather than taken from a library: Debian 12 has no C library that reads RFC 4180
 * (quoted fields with commas, doubled quotes and line breaks) from a stream in bounded memory and says on
 * which physical line each record starts, which is what an import needs to name a bad row. libcsv comes
 * closest, but is callback-only, keeps no line numbers and accepts malformed quoting silently; GLib has no
 * CSV support at all.
 *
 * The reader is strict, because a file that a person or another system got subtly wrong should be
 * refused with its line rather than half understood: a quote inside an unquoted field, anything but a
 * comma or a line end after a closing quote, a carriage return without its line feed, a quote never
 * closed, a field that is not UTF-8 and a record with a different number of fields than the header are
 * all errors. It accepts a leading UTF-8 byte order mark (Excel writes one), CRLF or LF line ends, and
 * blank lines, which it skips (they cannot be records of a file with more than one column).
 *
 * Memory is bounded: the stream is read in blocks of BUFFER_SIZE bytes and only the current record is
 * kept, which may not be longer than HL_CSV_MAX_RECORD bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-csv"

#include "config.h"

#include <string.h>

#include "hl-csv.h"

#define BUFFER_SIZE (64 * 1024)

G_DEFINE_QUARK (hl-csv-error-quark, hl_csv_error)

typedef enum {
  STATE_FIELD_START,  /* at the start of a field */
  STATE_UNQUOTED,     /* inside a field written without quotes */
  STATE_QUOTED,       /* inside a quoted field */
  STATE_QUOTE,        /* after a quote inside a quoted field: its end, or the first of a doubled quote */
  STATE_CR,           /* after a carriage return outside quotes, which only a line feed may follow */
} State;

struct _HlCsvReader {
  GInputStream      *stream;       /* owned */
  char              *name;         /* the file, as messages name it */
  const HlCsvColumn *columns;      /* borrowed from the caller, who keeps them for the reader's life */
  guint              n_columns;
  int               *map;          /* the caller's column i is field map[i] of each record, or -1 */
  guint              n_fields;     /* how many fields the header names; 0 until it is read */
  gboolean           header_read;

  guint8            *buf;          /* a block of the stream… */
  gsize              buf_len;
  gsize              buf_pos;      /* …and how much of it is parsed */
  gboolean           eof;          /* the stream has nothing more after buf */
  gboolean           started;      /* the first block was read (and a byte order mark skipped) */

  guint64            line;         /* the physical line the parser is on, from 1 */
  guint64            record_line;  /* the line where the current record starts */
  GString           *record;       /* the current record's fields, each followed by a NUL */
  GArray            *offsets;      /* guint: where each field starts in record */
};

/* Bytes that end a run of ordinary characters: outside quotes, and inside them. */
static gboolean special_unquoted[256];
static gboolean special_quoted[256];

static void
init_tables (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      special_unquoted[','] = special_unquoted['"'] = special_unquoted['\r'] = special_unquoted['\n'] = TRUE;
      special_quoted['"'] = special_quoted['\n'] = TRUE;
      g_once_init_leave (&done, 1);
    }
}

static gboolean
fail (HlCsvReader  *self,
      GError      **error,
      HlCsvError    code,
      guint64       line,
      const char   *format,
      ...) G_GNUC_PRINTF (5, 6);

static gboolean
fail (HlCsvReader  *self,
      GError      **error,
      HlCsvError    code,
      guint64       line,
      const char   *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HL_CSV_ERROR, code, "%s:%" G_GUINT64_FORMAT ": %s", self->name, line, msg);
  return FALSE;
}

/* Reads the next block. g_input_stream_read_all() fills the buffer unless the stream ends, so that a byte
 * order mark is never split between two reads. */
static gboolean
fill (HlCsvReader  *self,
      GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize n = 0;

  if (!g_input_stream_read_all (self->stream, self->buf, BUFFER_SIZE, &n, NULL, &local_error))
    return fail (self, error, HL_CSV_ERROR_IO, self->line, "cannot read: %s", local_error->message);
  self->buf_len = n;
  self->buf_pos = 0;
  self->eof = n < BUFFER_SIZE;
  if (!self->started)
    {
      self->started = TRUE;
      if (n >= 3 && memcmp (self->buf, "\xEF\xBB\xBF", 3) == 0)
        self->buf_pos = 3;
    }
  return TRUE;
}

HlCsvReader *
hl_csv_reader_new (GInputStream      *stream,
                   const char        *name,
                   const HlCsvColumn *columns,
                   guint              n_columns)
{
  HlCsvReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (columns != NULL && n_columns > 0, NULL);

  init_tables ();
  self = g_new0 (HlCsvReader, 1);
  self->stream = g_object_ref (stream);
  self->name = g_strdup (name);
  self->columns = columns;
  self->n_columns = n_columns;
  self->map = g_new (int, n_columns);
  for (guint i = 0; i < n_columns; i++)
    self->map[i] = -1;
  self->buf = g_malloc (BUFFER_SIZE);
  self->line = 1;
  self->record = g_string_sized_new (256);
  self->offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  return self;
}

HlCsvReader *
hl_csv_reader_new_for_path (const char        *path,
                            const HlCsvColumn *columns,
                            guint              n_columns,
                            GError           **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, HL_CSV_ERROR, HL_CSV_ERROR_IO, "%s: cannot open: %s", path, local_error->message);
      return NULL;
    }
  return hl_csv_reader_new (G_INPUT_STREAM (stream), path, columns, n_columns);
}

void
hl_csv_reader_free (HlCsvReader *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->stream);
  g_free (self->name);
  g_free (self->map);
  g_free (self->buf);
  g_string_free (self->record, TRUE);
  g_array_unref (self->offsets);
  g_free (self);
}

/* Ends the field that starts at @start in the record. */
static gboolean
end_field (HlCsvReader  *self,
           guint         start,
           GError      **error)
{
  if (!g_utf8_validate_len (self->record->str + start, self->record->len - start, NULL))
    return fail (self, error, HL_CSV_ERROR_ENCODING, self->record_line,
                 "field %u is not valid UTF-8 (or holds a NUL byte); save the file as UTF-8",
                 self->offsets->len + 1);
  g_string_append_c (self->record, '\0');
  g_array_append_val (self->offsets, start);
  /* Checked as fields arrive, so that a record with far too many fields is refused early. */
  if (self->header_read && self->offsets->len > self->n_fields)
    return fail (self, error, HL_CSV_ERROR_FIELDS, self->record_line,
                 "more than %u fields, but the header names %u columns", self->n_fields, self->n_fields);
  return TRUE;
}

/* Reads the next record into self->record and self->offsets. *found is FALSE at the end of the stream;
 * *blank is TRUE for an empty line. */
static gboolean
read_record (HlCsvReader  *self,
             gboolean     *found,
             gboolean     *blank,
             GError      **error)
{
  State state = STATE_FIELD_START;
  gboolean started = FALSE;   /* a byte of this record was read */
  gboolean quoted = FALSE;    /* some field of this record was quoted */
  guint64 quote_line = 0;     /* where the open quoted field started */
  guint field_start = 0;

  *found = FALSE;
  *blank = FALSE;
  g_string_truncate (self->record, 0);
  g_array_set_size (self->offsets, 0);
  self->record_line = self->line;

  for (;;)
    {
      guint8 c;

      if (self->buf_pos == self->buf_len)
        {
          if (!self->eof || !self->started)
            {
              if (!fill (self, error))
                return FALSE;
            }
          if (self->buf_pos == self->buf_len)
            break;  /* the end of the stream */
        }

      /* A run of ordinary characters is copied at once. */
      if (state == STATE_UNQUOTED || state == STATE_QUOTED)
        {
          const gboolean *special = state == STATE_QUOTED ? special_quoted : special_unquoted;
          gsize end = self->buf_pos;

          while (end < self->buf_len && !special[self->buf[end]])
            end++;
          if (end > self->buf_pos)
            {
              g_string_append_len (self->record, (const char *) self->buf + self->buf_pos, end - self->buf_pos);
              self->buf_pos = end;
              if (self->record->len > HL_CSV_MAX_RECORD)
                return fail (self, error, HL_CSV_ERROR_TOO_LONG, self->record_line,
                             "a record longer than %u bytes starts here%s", HL_CSV_MAX_RECORD,
                             state == STATE_QUOTED ? " (is a quote never closed?)" : "");
              continue;
            }
        }

      c = self->buf[self->buf_pos++];
      started = TRUE;
      switch (state)
        {
        case STATE_FIELD_START:
          if (c == '"')
            {
              state = STATE_QUOTED;
              quoted = TRUE;
              quote_line = self->line;
              break;
            }
          state = STATE_UNQUOTED;
          G_GNUC_FALLTHROUGH;
        case STATE_UNQUOTED:
          if (c == ',')
            {
              if (!end_field (self, field_start, error))
                return FALSE;
              field_start = self->record->len;
              state = STATE_FIELD_START;
            }
          else if (c == '\n')
            {
              self->line++;
              goto end_record;
            }
          else if (c == '\r')
            state = STATE_CR;
          else if (c == '"')
            return fail (self, error, HL_CSV_ERROR_SYNTAX, self->line,
                         "a quote inside a field that does not start with one: quote the whole field and "
                         "double the quotes inside it");
          else
            g_string_append_c (self->record, c);
          break;

        case STATE_QUOTED:
          if (c == '"')
            state = STATE_QUOTE;
          else
            {
              /* A line break inside quotes is part of the field, and still a physical line. */
              if (c == '\n')
                self->line++;
              g_string_append_c (self->record, c);
            }
          break;

        case STATE_QUOTE:
          if (c == '"')
            {
              g_string_append_c (self->record, '"');
              state = STATE_QUOTED;
            }
          else if (c == ',')
            {
              if (!end_field (self, field_start, error))
                return FALSE;
              field_start = self->record->len;
              state = STATE_FIELD_START;
            }
          else if (c == '\n')
            {
              self->line++;
              goto end_record;
            }
          else if (c == '\r')
            state = STATE_CR;
          else
            return fail (self, error, HL_CSV_ERROR_SYNTAX, self->line,
                         "after the quote that closes a field, a comma or the end of the line is expected "
                         "(a quote inside a quoted field is written twice)");
          break;

        case STATE_CR:
          if (c != '\n')
            return fail (self, error, HL_CSV_ERROR_SYNTAX, self->line,
                         "a carriage return that is not followed by a line feed");
          self->line++;
          goto end_record;

        default:
          g_assert_not_reached ();
        }
      if (self->record->len > HL_CSV_MAX_RECORD)
        return fail (self, error, HL_CSV_ERROR_TOO_LONG, self->record_line,
                     "a record longer than %u bytes starts here", HL_CSV_MAX_RECORD);
    }

  /* The end of the stream. */
  switch (state)
    {
    case STATE_FIELD_START:
      if (!started)
        return TRUE;  /* nothing after the last line end */
      break;
    case STATE_UNQUOTED:
    case STATE_QUOTE:
      break;
    case STATE_QUOTED:
      return fail (self, error, HL_CSV_ERROR_SYNTAX, quote_line,
                   "the quoted field that opens on this line is never closed");
    case STATE_CR:
      return fail (self, error, HL_CSV_ERROR_SYNTAX, self->line,
                   "a carriage return that is not followed by a line feed");
    default:
      g_assert_not_reached ();
    }

end_record:
  if (!end_field (self, field_start, error))
    return FALSE;
  *found = TRUE;
  *blank = self->offsets->len == 1 && self->record->len == 1 && !quoted;
  return TRUE;
}

static char *
known_columns (HlCsvReader *self)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < self->n_columns; i++)
    g_string_append_printf (out, "%s%s", i ? ", " : "", self->columns[i].name);
  return g_string_free (out, FALSE);
}

/* Reads the header row: the first line that is not blank. Called by the first hl_csv_reader_next() when
 * the caller does not call it first. */
gboolean
hl_csv_reader_read_header (HlCsvReader  *self,
                           GError      **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  guint n_missing = 0;
  gboolean found, blank;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->header_read, FALSE);

  do
    {
      if (!read_record (self, &found, &blank, error))
        return FALSE;
    }
  while (found && blank);
  if (!found)
    return fail (self, error, HL_CSV_ERROR_HEADER, self->line,
                 "the file is empty: its first line must name the columns");

  for (guint f = 0; f < self->offsets->len; f++)
    {
      const char *name = self->record->str + g_array_index (self->offsets, guint, f);
      guint c;

      for (c = 0; c < self->n_columns; c++)
        if (g_str_equal (name, self->columns[c].name))
          break;
      if (c == self->n_columns)
        {
          g_autofree char *known = known_columns (self);
          g_autofree char *shown = hl_csv_describe (name);

          return fail (self, error, HL_CSV_ERROR_HEADER, self->record_line,
                       "unknown column %s (the columns are %s)", shown, known);
        }
      if (self->map[c] >= 0)
        return fail (self, error, HL_CSV_ERROR_HEADER, self->record_line, "column “%s” is named twice",
                     self->columns[c].name);
      self->map[c] = (int) f;
    }
  for (guint c = 0; c < self->n_columns; c++)
    if (self->columns[c].required && self->map[c] < 0)
      {
        g_string_append_printf (missing, "%s“%s”", n_missing ? ", " : "", self->columns[c].name);
        n_missing++;
      }
  if (n_missing > 0)
    return fail (self, error, HL_CSV_ERROR_HEADER, self->record_line, "missing column%s %s",
                 n_missing > 1 ? "s" : "", missing->str);
  self->n_fields = self->offsets->len;
  self->header_read = TRUE;
  return TRUE;
}

/* Reads the next record; FALSE with no error at the end of the stream. */
gboolean
hl_csv_reader_next (HlCsvReader  *self,
                    GError      **error)
{
  gboolean found, blank;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->header_read && !hl_csv_reader_read_header (self, error))
    return FALSE;
  do
    {
      if (!read_record (self, &found, &blank, error))
        return FALSE;
    }
  while (found && blank && self->n_fields > 1);
  if (!found)
    return FALSE;
  if (self->offsets->len != self->n_fields)
    return fail (self, error, HL_CSV_ERROR_FIELDS, self->record_line,
                 "%u field%s, but the header names %u columns", self->offsets->len,
                 self->offsets->len == 1 ? "" : "s", self->n_fields);
  return TRUE;
}

/* The current record's value of the caller's column @column: "" when the header does not name it. */
const char *
hl_csv_reader_get (HlCsvReader *self,
                   guint        column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  if (self->map[column] < 0 || (guint) self->map[column] >= self->offsets->len)
    return "";
  return self->record->str + g_array_index (self->offsets, guint, self->map[column]);
}

gboolean
hl_csv_reader_has_column (HlCsvReader *self,
                          guint        column)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (column < self->n_columns, FALSE);

  return self->map[column] >= 0;
}

/* The physical line (from 1) where the current record starts; after an error, where the reader stopped. */
guint64
hl_csv_reader_get_line (HlCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->record_line;
}

const char *
hl_csv_reader_get_name (HlCsvReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

/* Appends @value as one RFC 4180 field: quoted, with its quotes doubled, when it holds a comma, a quote
 * or a line break. NULL is an empty field. */
void
hl_csv_append_field (GString    *out,
                     const char *value)
{
  g_return_if_fail (out != NULL);

  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* A spreadsheet (Excel, LibreOffice Calc) opening a CSV file takes a cell that begins with '=', '+', '-'
 * or '@' as a formula (and Excel a tab or carriage return before one): a code "-1+2" becomes 1, and
 * "=HYPERLINK(...)" a link that leaks data. Such a text gets a leading apostrophe, which both programs
 * show as text and never evaluate (the apostrophe itself stays visible in the cell; docs/formats.md).
 * Returns @value itself when it needs nothing, else a new string in @buffer's keeping. */
const char *
hl_spreadsheet_safe_text (const char  *value,
                          char       **buffer)
{
  g_return_val_if_fail (buffer != NULL, value);

  *buffer = NULL;
  if (value == NULL || strchr ("=+-@\t\r", value[0]) == NULL || value[0] == '\0')
    return value;
  *buffer = g_strconcat ("'", value, NULL);
  return *buffer;
}

/* Appends a text cell of a CSV file written for spreadsheets (reports, `index --format csv`): made safe
 * by hl_spreadsheet_safe_text() and quoted as RFC 4180 wants. Numbers of numeric columns are written
 * as they are, not through this function, so that a negative value stays a number. Every CSV writer
 * for spreadsheets uses this for its text cells; hl_csv_append_field() is for files read back by
 * programs, where a value must travel unchanged. */
void
hl_csv_append_text_cell (GString    *out,
                         const char *value)
{
  g_autofree char *buffer = NULL;

  hl_csv_append_field (out, hl_spreadsheet_safe_text (value, &buffer));
}

/* @value as an error message shows it: between quotes, on one line (control characters escaped, since a
 * quoted field may hold a line break) and cut after 60 characters. */
char *
hl_csv_describe (const char *value)
{
  GString *out = g_string_new ("“");
  const char *p = value ? value : "";
  gboolean valid = g_utf8_validate (p, -1, NULL);
  guint n = 0;

  while (*p)
    {
      gsize len = valid ? (gsize) (g_utf8_next_char (p) - p) : 1;

      if (++n > 60)
        {
          g_string_append (out, "…");
          break;
        }
      if ((guchar) *p < 0x20 || *p == 0x7f || (!valid && (guchar) *p >= 0x80))
        g_string_append_printf (out, "\\x%02x", (guchar) *p);
      else
        g_string_append_len (out, p, len);
      p += len;
    }
  g_string_append (out, "”");
  return g_string_free (out, FALSE);
}
