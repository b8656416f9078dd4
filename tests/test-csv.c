/* test-csv.c: the RFC 4180 reader: quoting, byte order mark, line ends, the physical line each record
 * starts on, the header's columns, and every malformed input refused at its line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hl-csv.h"
#include "hl-test-util.h"

enum { COL_A, COL_B, COL_C, N_COLS };

/* a and b must be there; c may be left out. */
static const HlCsvColumn columns[N_COLS] = {
  [COL_A] = { "a", TRUE },
  [COL_B] = { "b", TRUE },
  [COL_C] = { "c", FALSE },
};

/* A reader over @text, handed to it @chunk bytes at a time (0: all at once), so that the byte order
 * mark, quotes and line ends also fall across the blocks the reader reads. */
static HlCsvReader *
reader_for (const char *text,
            gsize       length,
            gsize       chunk)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new ();

  if (chunk == 0)
    chunk = MAX (length, 1);
  for (gsize i = 0; i < length; i += chunk)
    g_memory_input_stream_add_data (G_MEMORY_INPUT_STREAM (stream), g_memdup2 (text + i, MIN (chunk, length - i)),
                                    MIN (chunk, length - i), g_free);
  return hl_csv_reader_new (stream, "t.csv", columns, N_COLS);
}

/* Reads every record as "line:a|b|c;" and checks the reader ends without an error. */
static char *
read_all (const char *text,
          gsize       chunk)
{
  g_autoptr(HlCsvReader) reader = reader_for (text, strlen (text), chunk);
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);

  while (hl_csv_reader_next (reader, &error))
    g_string_append_printf (out, "%" G_GUINT64_FORMAT ":%s|%s|%s;", hl_csv_reader_get_line (reader),
                            hl_csv_reader_get (reader, COL_A), hl_csv_reader_get (reader, COL_B),
                            hl_csv_reader_get (reader, COL_C));
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

/* Reads until the first error, which must be @code and start with "t.csv:@line: ". */
static void
expect_error (const char *text,
              gsize       length,
              int         code,
              guint       line,
              const char *part)
{
  g_autoptr(HlCsvReader) reader = reader_for (text, length, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = g_strdup_printf ("t.csv:%u: ", line);
  guint records = 0;

  while (hl_csv_reader_next (reader, &error))
    records++;
  g_assert_error (error, HL_CSV_ERROR, code);
  if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, part) == NULL)
    g_error ("expected “%s…%s…”, got “%s”", prefix, part, error->message);
  /* Messages are one line, whatever the input. */
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_plain (void)
{
  g_autofree char *lf = read_all ("a,b,c\n1,2,3\nx,,z\n", 0);
  g_autofree char *no_final_newline = read_all ("a,b,c\n1,2,3\nx,,z", 0);
  g_autofree char *trailing_comma = read_all ("a,b,c\n1,2,\n", 0);

  g_assert_cmpstr (lf, ==, "2:1|2|3;3:x||z;");
  g_assert_cmpstr (no_final_newline, ==, "2:1|2|3;3:x||z;");
  g_assert_cmpstr (trailing_comma, ==, "2:1|2|;");
}

static void
test_crlf_and_bom (void)
{
  g_autofree char *crlf = read_all ("a,b,c\r\n1,2,3\r\n4,5,6\r\n", 0);
  g_autofree char *bom = read_all ("\xEF\xBB\xBF" "a,b,c\r\n1,2,3\r\n", 0);
  g_autofree char *bom_bytewise = read_all ("\xEF\xBB\xBF" "a,b,c\r\n1,2,3\r\n", 1);
  g_autofree char *quoted_crlf = read_all ("a,b,c\r\n\"1\",\"2\r\n\",3\r\n", 0);

  g_assert_cmpstr (crlf, ==, "2:1|2|3;3:4|5|6;");
  /* Without the byte order mark skipped, the first column would be "\xEF\xBB\xBFa", unknown. */
  g_assert_cmpstr (bom, ==, "2:1|2|3;");
  g_assert_cmpstr (bom_bytewise, ==, "2:1|2|3;");
  /* A line break inside quotes is kept as written, CR and all. */
  g_assert_cmpstr (quoted_crlf, ==, "2:1|2\r\n|3;");
}

static void
test_quoting (void)
{
  const char *text =
    "a,b,c\n"                               /* 1 */
    "\"x, y\",\"say \"\"hi\"\"\",\"\"\n"    /* 2 */
    "\"two\n"                               /* 3 */
    "lines\",\"three\n"                     /* 4 */
    "\n"                                    /* 5 */
    "lines\",plain\n"                       /* 6 */
    "after,\"\"\"\",\"a\"\"\"\n";           /* 7 */
  g_autofree char *all = read_all (text, 0);
  g_autofree char *bytewise = read_all (text, 1);

  g_assert_cmpstr (all, ==, "2:x, y|say \"hi\"|;3:two\nlines|three\n\nlines|plain;7:after|\"|a\";");
  g_assert_cmpstr (bytewise, ==, all);
}

static void
test_header (void)
{
  g_autoptr(HlCsvReader) reader = reader_for ("b,a\n2,1\n", 8, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *blank_lines = read_all ("\n\r\na,b,c\n\n1,2,3\n\r\n\n4,5,6\n\n", 0);

  /* Columns in any order; an optional one may be left out and reads as empty. */
  g_assert_true (hl_csv_reader_next (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hl_csv_reader_get (reader, COL_A), ==, "1");
  g_assert_cmpstr (hl_csv_reader_get (reader, COL_B), ==, "2");
  g_assert_cmpstr (hl_csv_reader_get (reader, COL_C), ==, "");
  g_assert_true (hl_csv_reader_has_column (reader, COL_A));
  g_assert_false (hl_csv_reader_has_column (reader, COL_C));
  g_assert_false (hl_csv_reader_next (reader, &error));
  g_assert_no_error (error);

  /* Blank lines are skipped and still counted. */
  g_assert_cmpstr (blank_lines, ==, "5:1|2|3;8:4|5|6;");
}

static void
test_header_errors (void)
{
  expect_error ("a,b,x\n1,2,3\n", 12, HL_CSV_ERROR_HEADER, 1, "unknown column “x” (the columns are a, b, c)");
  expect_error ("\n\na,b,c,d\n", 9, HL_CSV_ERROR_HEADER, 3, "unknown column “d”");
  expect_error ("a,c\n1,3\n", 8, HL_CSV_ERROR_HEADER, 1, "missing column “b”");
  expect_error ("c\n3\n", 4, HL_CSV_ERROR_HEADER, 1, "missing columns “a”, “b”");
  expect_error ("a,b,a\n", 6, HL_CSV_ERROR_HEADER, 1, "column “a” is named twice");
  expect_error ("", 0, HL_CSV_ERROR_HEADER, 1, "the file is empty");
  expect_error ("\xEF\xBB\xBF\r\n", 5, HL_CSV_ERROR_HEADER, 2, "the file is empty");
  /* A column name with a line break in it is shown on one line. */
  expect_error ("a,b,\"x\ny\"\n", 10, HL_CSV_ERROR_HEADER, 1, "unknown column “x\\x0ay”");
}

static void
test_record_errors (void)
{
  expect_error ("a,b\n1,2\n3\n", 10, HL_CSV_ERROR_FIELDS, 3, "1 field, but the header names 2 columns");
  expect_error ("a,b\n1,2,3,4,5\n", 14, HL_CSV_ERROR_FIELDS, 2, "more than 2 fields");
  /* The line of a record is where it starts, however many lines its quoted fields take. */
  expect_error ("a,b\n\"1\n\n\"\n", 10, HL_CSV_ERROR_FIELDS, 2, "1 field");
  expect_error ("a,b\n1,2\n\"3,4\n5,6\n", 18, HL_CSV_ERROR_SYNTAX, 3, "never closed");
  expect_error ("a,b\n1,2\n3,\"4\n", 13, HL_CSV_ERROR_SYNTAX, 3, "never closed");
  expect_error ("a,b\n1,2\n3,4\"5\n", 14, HL_CSV_ERROR_SYNTAX, 3, "a quote inside a field");
  expect_error ("a,b\n\"1\"x,2\n", 11, HL_CSV_ERROR_SYNTAX, 2, "after the quote that closes a field");
  expect_error ("a,b\n1,2\r3,4\n", 12, HL_CSV_ERROR_SYNTAX, 2, "carriage return");
  expect_error ("a,b\n1,2\r", 8, HL_CSV_ERROR_SYNTAX, 2, "carriage return");
  /* Latin-1 "é" and a NUL byte are not UTF-8. */
  expect_error ("a,b\n1,2\ncaf\xE9,2\n", 15, HL_CSV_ERROR_ENCODING, 3, "field 1 is not valid UTF-8");
  expect_error ("a,b\n1,x\0y\n", 10, HL_CSV_ERROR_ENCODING, 2, "field 2");
}

/* Memory stays bounded: a quote never closed in a large file is refused once the record is too long. */
static void
test_too_long (void)
{
  g_autoptr(GString) text = g_string_new ("a,b\n1,2\n3,\"");
  g_autoptr(HlCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  while (text->len < 3 * HL_CSV_MAX_RECORD)
    g_string_append (text, "0123456789abcdef,0123456789abcdef\n");
  reader = reader_for (text->str, text->len, 0);
  g_assert_true (hl_csv_reader_next (reader, &error));
  g_assert_false (hl_csv_reader_next (reader, &error));
  g_assert_error (error, HL_CSV_ERROR, HL_CSV_ERROR_TOO_LONG);
  g_assert_true (g_str_has_prefix (error->message, "t.csv:3: a record longer than"));
}

/* Many records across many blocks of the stream: every one read, each at its line. */
static void
test_many_records (void)
{
  g_autoptr(GString) text = g_string_new ("\xEF\xBB\xBF" "c,b,a\r\n");
  g_autoptr(HlCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "\"line\r\n%u\",%u,\"q\"\"%u\"\r\n", i, i, i);
  reader = reader_for (text->str, text->len, 4093);
  while (hl_csv_reader_next (reader, &error))
    {
      g_autofree char *c = g_strdup_printf ("line\r\n%u", n);
      g_autofree char *b = g_strdup_printf ("%u", n);
      g_autofree char *a = g_strdup_printf ("q\"%u", n);

      g_assert_cmpuint (hl_csv_reader_get_line (reader), ==, 2 + 2 * n);
      g_assert_cmpstr (hl_csv_reader_get (reader, COL_C), ==, c);
      g_assert_cmpstr (hl_csv_reader_get (reader, COL_B), ==, b);
      g_assert_cmpstr (hl_csv_reader_get (reader, COL_A), ==, a);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 20000);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlCsvReader) reader = hl_csv_reader_new_for_path ("/nonexistent/x.csv", columns, N_COLS, &error);

  g_assert_null (reader);
  g_assert_error (error, HL_CSV_ERROR, HL_CSV_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/x.csv: cannot open"));
}

/* The writer's quoting reads back through the reader. */
static void
test_write_round_trip (void)
{
  const char *values[] = { "plain", "with, comma", "say \"hi\"", "two\r\nlines", "", "Đất đai" };
  g_autoptr(GString) text = g_string_new ("a,b,c\n");
  g_autoptr(HlCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = hl_csv_describe ("a\tb\nc\x7f" "đ");
  guint i = 0;

  for (guint v = 0; v < G_N_ELEMENTS (values); v++)
    {
      hl_csv_append_field (text, values[v]);
      g_string_append_c (text, ',');
      hl_csv_append_field (text, NULL);
      g_string_append_c (text, ',');
      hl_csv_append_field (text, values[G_N_ELEMENTS (values) - 1 - v]);
      g_string_append (text, "\r\n");
    }
  g_assert_nonnull (strstr (text->str, "\"say \"\"hi\"\"\""));
  reader = reader_for (text->str, text->len, 0);
  while (hl_csv_reader_next (reader, &error))
    {
      g_assert_cmpstr (hl_csv_reader_get (reader, COL_A), ==, values[i]);
      g_assert_cmpstr (hl_csv_reader_get (reader, COL_B), ==, "");
      g_assert_cmpstr (hl_csv_reader_get (reader, COL_C), ==, values[G_N_ELEMENTS (values) - 1 - i]);
      i++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (values));

  g_assert_cmpstr (shown, ==, "“a\\x09b\\x0ac\\x7fđ”");
}

/* Text cells of spreadsheet CSV: a value a spreadsheet would take as a formula gets a leading apostrophe
 * (and is quoted when RFC 4180 needs it); other values, and numbers written by their own columns, are as
 * they were. */
static void
test_spreadsheet_safe_text (void)
{
  static const struct { const char *value, *cell; } cases[] = {
    { "-1+2", "'-1+2" },
    { "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
    { "+84", "'+84" },
    { "@SUM(A1)", "'@SUM(A1)" },
    { "\t=1", "'\t=1" },
    { "\r=1", "\"'\r=1\"" },
    { "LC-XA-BACHA", "LC-XA-BACHA" },
    { "a=b", "a=b" },
    { "'x", "'x" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      hl_csv_append_text_cell (out, cases[i].value);
      g_assert_cmpstr (out->str, ==, cases[i].cell);
    }
  {
    g_autoptr(GString) out = g_string_new (NULL);
    g_autofree char *buffer = NULL;

    hl_csv_append_text_cell (out, NULL);
    g_assert_cmpstr (out->str, ==, "");
    g_assert_true (hl_spreadsheet_safe_text ("Q1", &buffer) != NULL && buffer == NULL);
    g_assert_cmpstr (hl_spreadsheet_safe_text ("-5", &buffer), ==, "'-5");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/plain", test_plain);
  g_test_add_func ("/csv/crlf-bom", test_crlf_and_bom);
  g_test_add_func ("/csv/quoting", test_quoting);
  g_test_add_func ("/csv/header", test_header);
  g_test_add_func ("/csv/header-errors", test_header_errors);
  g_test_add_func ("/csv/record-errors", test_record_errors);
  g_test_add_func ("/csv/too-long", test_too_long);
  g_test_add_func ("/csv/many-records", test_many_records);
  g_test_add_func ("/csv/missing-file", test_missing_file);
  g_test_add_func ("/csv/write-round-trip", test_write_round_trip);
  g_test_add_func ("/csv/spreadsheet-safe-text", test_spreadsheet_safe_text);
  return g_test_run ();
}
