/* fuzz-csv.c: libFuzzer target for the RFC 4180 reader (HlCsvReader) and the recorded_at parser, fed
 * as hailong-csv/1 files.
 *
 * Built and run by run-fuzz.sh. Besides the sanitizers' findings, it checks what the reader promises:
 * records start on increasing lines, every field is UTF-8 without a NUL, an error names "FILE:LINE:"
 * on one line; and that a timestamp the parser accepts is written back in a form it reads as the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hl-csv.h"
#include "hl-timestamp.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The columns of hailong-csv/1 (FORMATS.md §3), as the import declares them. */
static const HlCsvColumn columns[] = {
  { "response_id", TRUE }, { "kiosk_id", TRUE }, { "recorded_at", TRUE }, { "unit", TRUE },
  { "counter", TRUE }, { "officer", FALSE }, { "procedure", FALSE }, { "field", FALSE },
  { "survey_id", TRUE }, { "survey_version", TRUE }, { "question_id", TRUE }, { "value", TRUE },
};
#define RECORDED_AT 2

static void
check_timestamp (const char *text)
{
  g_autofree char *problem = NULL;
  HlTimestamp ts, again, instant;
  char buf[HL_TIMESTAMP_MAX_LEN], day[11];

  if (!hl_timestamp_parse (text, &ts, &problem))
    {
      if (problem == NULL || strchr (problem, '\n') != NULL)
        abort ();
      return;
    }
  hl_timestamp_format (&ts, buf);
  hl_timestamp_format_day (&ts, day);
  if (!hl_timestamp_parse (buf, &again, NULL) || !hl_timestamp_equal (&ts, &again) || strncmp (buf, day, 10) != 0)
    abort ();
  hl_timestamp_from_instant (&instant, ts.utc, ts.nsec, ts.offset);
  if (instant.year != ts.year || instant.month != ts.month || instant.day != ts.day || instant.hour != ts.hour
      || instant.minute != ts.minute || instant.second != ts.second)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  g_autoptr(HlCsvReader) reader = hl_csv_reader_new (stream, "fuzz.csv", columns, G_N_ELEMENTS (columns));
  g_autoptr(GError) error = NULL;
  guint64 last_line = 0;

  while (hl_csv_reader_next (reader, &error))
    {
      guint64 line = hl_csv_reader_get_line (reader);

      if (line <= last_line)
        abort ();
      last_line = line;
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          const char *value = hl_csv_reader_get (reader, c);

          if (!g_utf8_validate (value, -1, NULL))
            abort ();
        }
      check_timestamp (hl_csv_reader_get (reader, RECORDED_AT));
    }
  if (error != NULL)
    {
      if (!g_str_has_prefix (error->message, "fuzz.csv:") || strchr (error->message, '\n') != NULL)
        abort ();
    }
  return 0;
}
