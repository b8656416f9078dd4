/* test-import.c: importing hailong-csv/1: all or nothing, each kind of bad row refused at its line with the
 * database left exactly as it was, re-imports that change nothing, and local dates by offset.
 *
 * The fixture file (GOOD below) holds three responses in seven rows, the rows of r1 scattered:
 *   K1/r1  09:00 +07:00, officer CB01: OVERALL 2, C01 1, WHY 1      (lines 2, 3, 5)
 *   K1/r2  10:00 +07:00, no officer:   OVERALL 1, WHY 1, WHY 2      (lines 4, 6, 7)
 *   K2/r1  09:00 +07:00, counter Q2:   OVERALL 2                    (line 8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "hl-import.h"
#include "hl-index.h"
#include "hl-store.h"
#include "hl-test-util.h"
#include "hl-timestamp.h"

/* Two answers on the scale, 2 satisfied; a multiple and a single choice. */
static const char *survey_t =
  "{\"format\": \"hailong-survey/1\", \"id\": \"@ID@\", \"version\": 1, \"title\": {\"vi\": \"Thử\"},"
  " \"elements\": [{\"id\": \"E1\", \"title\": {\"vi\": \"Một\"}}],"
  " \"scales\": [{\"id\": \"s\", \"options\": ["
  "   {\"value\": 1, \"satisfied\": false, \"label\": {\"vi\": \"Không\"}},"
  "   {\"value\": 2, \"satisfied\": true, \"label\": {\"vi\": \"Có\"}}]}],"
  " \"questions\": ["
  "   {\"id\": \"OVERALL\", \"type\": \"rating\", \"role\": \"overall\", \"scale\": \"s\","
  "    \"text\": {\"vi\": \"Chung\"}},"
  "   {\"id\": \"C01\", \"type\": \"rating\", \"scale\": \"s\", \"element\": \"E1\", \"text\": {\"vi\": \"Một\"}},"
  "   {\"id\": \"WHY\", \"type\": \"choice\", \"multiple\": true, \"text\": {\"vi\": \"Vì sao\"},"
  "    \"options\": [{\"value\": 1, \"label\": {\"vi\": \"A\"}}, {\"value\": 2, \"label\": {\"vi\": \"B\"}}]},"
  "   {\"id\": \"ONE\", \"type\": \"choice\", \"text\": {\"vi\": \"Một lựa chọn\"},"
  "    \"options\": [{\"value\": 1, \"label\": {\"vi\": \"A\"}}, {\"value\": 2, \"label\": {\"vi\": \"B\"}}]}]}";

#define HEADER \
  "response_id,kiosk_id,recorded_at,unit,counter,officer,procedure,field,survey_id,survey_version,question_id,value\n"

static const char *GOOD =
  HEADER                                                                      /* 1 */
  "r1,K1,2026-07-14T09:00:00+07:00,U1,Q1,CB01,P1,F1,t,1,OVERALL,2\n"         /* 2 */
  "r1,K1,2026-07-14T09:00:00+07:00,U1,Q1,CB01,P1,F1,t,1,C01,1\n"             /* 3 */
  "r2,K1,2026-07-14T10:00:00+07:00,U1,Q1,,,,t,1,OVERALL,1\n"                 /* 4 */
  "r1,K1,2026-07-14T09:00:00+07:00,U1,Q1,CB01,P1,F1,t,1,WHY,1\n"             /* 5 */
  "r2,K1,2026-07-14T10:00:00+07:00,U1,Q1,,,,t,1,WHY,1\n"                     /* 6 */
  "r2,K1,2026-07-14T10:00:00+07:00,U1,Q1,,,,t,1,WHY,2\n"                     /* 7 */
  "r1,K2,2026-07-14T09:00:00+07:00,U1,Q2,,,,t,1,OVERALL,2\n";                /* 8 */

/* Imported before each bad file, so that "unchanged" is about a database that holds something. */
static const char *EARLIER =
  HEADER
  "e1,K9,2026-07-01T08:00:00+07:00,U1,Q1,,,,t,1,OVERALL,2\n";

typedef struct {
  char    *dir;
  char    *survey_dir;
  char    *db;
  HlStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) t = g_string_new (survey_t);
  g_autoptr(GString) u = g_string_new (survey_t);
  g_autofree char *t_path = NULL;
  g_autofree char *u_path = NULL;

  f->dir = hl_test_tmpdir ();
  f->survey_dir = g_build_filename (f->dir, "surveys", NULL);
  g_assert_cmpint (g_mkdir (f->survey_dir, 0700), ==, 0);
  g_string_replace (t, "@ID@", "t", 1);
  g_string_replace (u, "@ID@", "u", 1);
  t_path = hl_test_write (f->survey_dir, "t.json", t->str);
  u_path = hl_test_write (f->survey_dir, "u.json", u->str);
  f->db = g_build_filename (f->dir, "province.db", NULL);
  f->store = hl_store_open (f->db, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->store, hl_store_close);
  hl_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->survey_dir);
  g_free (f->db);
}

/* One text from the database, read through a connection of the test's own. */
static char *
db_text (Fixture    *f,
         const char *sql)
{
  return hl_test_query (f->db, sql);
}

/* What an import may change: the rows of every table, and the rollups' totals. */
static char *
fingerprint (Fixture *f)
{
  return db_text (f, "SELECT (SELECT count(*) FROM responses) || ' responses, ' || (SELECT count(*) FROM answers)"
                     " || ' answers, ' || (SELECT total(n) FROM day_counts) || ' counted, '"
                     " || (SELECT count(*) FROM surveys) || ' surveys, '"
                     " || (SELECT group_concat(x, ' ') FROM (SELECT response_id || '@' || recorded_at AS x"
                     " FROM responses ORDER BY id))");
}

static gboolean
import_text (Fixture        *f,
             const char     *name,
             const char     *text,
             HlImportStats  *stats,
             GError        **error)
{
  g_autofree char *path = hl_test_write (f->dir, name, text);

  return hl_import_csv_file (f->store, path, f->survey_dir, stats, error);
}

static void
import_ok (Fixture       *f,
           const char    *text,
           HlImportStats *stats)
{
  g_autoptr(GError) error = NULL;

  gboolean ok = import_text (f, "ok.csv", text, stats, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
test_good (Fixture       *f,
           gconstpointer  data)
{
  HlImportStats stats = { 0 };
  g_autofree char *print = NULL;
  g_autofree char *r2 = NULL;
  g_autofree char *seq = NULL;
  g_autofree char *answers = NULL;

  import_ok (f, GOOD, &stats);
  g_assert_cmpuint (stats.rows, ==, 7);
  g_assert_cmpuint (stats.responses_added, ==, 3);
  g_assert_cmpuint (stats.responses_present, ==, 0);
  g_assert_cmpuint (stats.answers_added, ==, 7);
  print = fingerprint (f);
  /* 3 responses and 7 answers counted in the rollups: 10; the survey definition stored once. */
  g_assert_cmpstr (print, ==, "3 responses, 7 answers, 10.0 counted, 1 surveys, r1@2026-07-14T09:00:00+07:00 "
                              "r2@2026-07-14T10:00:00+07:00 r1@2026-07-14T09:00:00+07:00");
  /* An empty officer, procedure and field are unknown (NULL), not "". */
  r2 = db_text (f, "SELECT kiosk_id || '|' || unit_code || '|' || counter_code || '|' || quote(officer_code) || '|'"
                   " || quote(procedure_code) || '|' || quote(field_code) || '|' || day || '|' || recorded_utc"
                   " FROM responses WHERE response_id = 'r2'");
  g_assert_cmpstr (r2, ==, "K1|U1|Q1|NULL|NULL|NULL|2026-07-14|1783998000");
  /* Imported responses carry no sequence number and are never repeats. */
  seq = db_text (f, "SELECT count(*) FROM responses WHERE seq IS NULL AND is_repeat = 0");
  g_assert_cmpstr (seq, ==, "3");
  /* r1's scattered rows all joined it. */
  answers = db_text (f, "SELECT group_concat(x, ' ') FROM (SELECT a.question_id || '=' || a.value AS x FROM answers a"
                        " JOIN responses r ON r.id = a.response WHERE r.kiosk_id = 'K1' AND r.response_id = 'r1'"
                        " ORDER BY a.id)");
  g_assert_cmpstr (answers, ==, "OVERALL=2 C01=1 WHY=1");
}

/* Importing the same rows again changes nothing, in any order and split across files. */
static void
test_reimport (Fixture       *f,
               gconstpointer  data)
{
  g_auto(GStrv) lines = g_strsplit (GOOD, "\n", -1);
  g_autoptr(GString) reversed = g_string_new (HEADER);
  g_autoptr(GString) first_half = g_string_new (HEADER);
  HlImportStats stats = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *after_split = NULL;

  for (guint i = 7; i >= 1; i--)
    g_string_append_printf (reversed, "%s\n", lines[i]);
  import_ok (f, GOOD, NULL);
  before = fingerprint (f);

  import_ok (f, GOOD, &stats);
  g_assert_cmpuint (stats.rows, ==, 7);
  g_assert_cmpuint (stats.responses_added, ==, 0);
  g_assert_cmpuint (stats.responses_present, ==, 3);
  g_assert_cmpuint (stats.answers_added, ==, 0);
  import_ok (f, reversed->str, &stats);
  g_assert_cmpuint (stats.responses_present, ==, 3);
  after = fingerprint (f);
  g_assert_cmpstr (after, ==, before);

  /* A file with a stored response (r2, lines 4, 6 and 7 of GOOD) and a new one: the new one is added, the
   * stored one left as it was. */
  g_string_append_printf (first_half, "%s\n%s\nn1,K1,2026-07-15T08:00:00+07:00,U1,Q1,,,,t,1,OVERALL,2\n%s\n",
                          lines[3], lines[6], lines[5]);
  import_ok (f, first_half->str, &stats);
  g_assert_cmpuint (stats.responses_added, ==, 1);
  g_assert_cmpuint (stats.responses_present, ==, 1);
  after_split = fingerprint (f);
  g_assert_true (g_str_has_prefix (after_split, "4 responses, 8 answers, 12.0 counted, 1 surveys"));
}

typedef struct {
  const char *name;
  int         line;       /* the line of GOOD to change, or 0 to append @to to GOOD, or -1: @to is the file */
  const char *from;       /* replaced on that line… */
  const char *to;         /* …by this */
  int         error_line; /* where the error must point */
  int         code;       /* HlImportError, or HL_CSV_ERROR's code + 100 */
  const char *message;    /* a part of the message */
} Case;

#define CSV(code) (100 + (code))

static const Case cases[] = {
  { "unknown-survey", 4, "t,1,OVERALL", "x,1,OVERALL", 4, HL_IMPORT_ERROR_INVALID, "unknown survey “x” version 1" },
  { "unknown-survey-version", 8, "t,1,OVERALL", "t,2,OVERALL", 8, HL_IMPORT_ERROR_INVALID,
    "unknown survey “t” version 2" },
  { "bad-survey-version", 8, "t,1,OVERALL", "t,v1,OVERALL", 8, HL_IMPORT_ERROR_INVALID,
    "survey_version “v1” is not a positive integer" },
  { "unknown-question", 3, "C01", "C99", 3, HL_IMPORT_ERROR_INVALID, "survey “t” version 1 has no question “C99”" },
  { "unknown-value", 3, "C01,1", "C01,7", 3, HL_IMPORT_ERROR_INVALID,
    "7 is not an option of question C01 (its values are 1, 2)" },
  { "value-not-integer", 7, "WHY,2", "WHY,2.0", 7, HL_IMPORT_ERROR_INVALID, "value “2.0” is not an integer" },
  { "bad-date", 6, "2026-07-14T10", "2026-02-30T10", 6, HL_IMPORT_ERROR_INVALID, "is not a real date" },
  { "no-offset", 2, "09:00:00+07:00", "09:00:00", 2, HL_IMPORT_ERROR_INVALID, "has no UTC offset" },
  { "bad-time", 8, "09:00:00", "9:00:00", 8, HL_IMPORT_ERROR_INVALID, "is not a date and time with a UTC offset" },
  { "contradicting-unit", 5, "U1", "U2", 5, HL_IMPORT_ERROR_INVALID,
    "response “r1” of kiosk “K1” has unit “U2” here but “U1” on line 2" },
  { "contradicting-officer", 3, "CB01", "CB02", 3, HL_IMPORT_ERROR_INVALID,
    "has officer “CB02” here but “CB01” on line 2" },
  { "contradicting-empty-field", 5, "P1,F1", "P1,", 5, HL_IMPORT_ERROR_INVALID,
    "has field “” here but “F1” on line 2" },
  { "contradicting-time", 7, "10:00:00+07:00", "10:00:00+08:00", 7, HL_IMPORT_ERROR_INVALID,
    "is recorded at 2026-07-14T10:00:00+08:00 here but at 2026-07-14T10:00:00+07:00 on line 4" },
  { "contradicting-survey", 6, "t,1,WHY", "u,1,WHY", 6, HL_IMPORT_ERROR_INVALID,
    "is given under survey “u” version 1 here but under “t” version 1 on line 4" },
  { "rating-twice", 0, NULL, "r1,K1,2026-07-14T09:00:00+07:00,U1,Q1,CB01,P1,F1,t,1,C01,2\n", 9,
    HL_IMPORT_ERROR_INVALID,
    "question C01 takes one answer, but response “r1” of kiosk “K1” answers it with 1 and with 2" },
  { "same-answer-twice", 0, NULL, "r2,K1,2026-07-14T10:00:00+07:00,U1,Q1,,,,t,1,WHY,2\n", 9, HL_IMPORT_ERROR_INVALID,
    "gives the answer WHY = 2 twice" },
  { "single-choice-twice", 0, NULL,
    "r2,K1,2026-07-14T10:00:00+07:00,U1,Q1,,,,t,1,ONE,1\nr2,K1,2026-07-14T10:00:00+07:00,U1,Q1,,,,t,1,ONE,2\n", 10,
    HL_IMPORT_ERROR_INVALID, "question ONE takes one answer" },
  { "empty-unit", 4, "U1", "", 4, HL_IMPORT_ERROR_INVALID, "unit is empty" },
  { "empty-response-id", 6, "r2,", ",", 6, HL_IMPORT_ERROR_INVALID, "response_id is empty" },
  { "counter-not-a-code", 8, "Q2", "Q 2", 8, HL_IMPORT_ERROR_INVALID, "counter “Q 2” is not a code" },
  { "unknown-column", 1, "value", "valeu", 1, CSV (HL_CSV_ERROR_HEADER), "unknown column “valeu”" },
  { "missing-column", -1, NULL, "response_id,kiosk_id,recorded_at,unit,survey_id,survey_version,question_id,value\n"
    "r1,K1,2026-07-14T09:00:00+07:00,U1,t,1,OVERALL,2\n", 1, CSV (HL_CSV_ERROR_HEADER), "missing column “counter”" },
  { "unterminated-quote", 0, NULL, "r3,K1,\"2026-07-14T11:00:00+07:00,U1,Q1,,,,t,1,OVERALL,2\n", 9,
    CSV (HL_CSV_ERROR_SYNTAX), "the quoted field that opens on this line is never closed" },
  { "truncated-row", 0, NULL, "r3,K1,2026-07-14T11:00:00+07:00,U1,Q1", 9, CSV (HL_CSV_ERROR_FIELDS),
    "5 fields, but the header names 12 columns" },
  /* The first bad line is the one named, even when a later one is also wrong. */
  { "first-bad-line", 0, NULL, "r9,K1,2026-07-14T11:00:00+07:00,U1,Q1,,,,zz,1,OVERALL,2\n"
    "r1,K1,2026-07-14T09:00:00+07:00,U1,Q1,CB01,P1,F1,t,1,C01,2\n", 9, HL_IMPORT_ERROR_INVALID, "unknown survey “zz”" },
};

static char *
case_text (const Case *c)
{
  g_auto(GStrv) lines = g_strsplit (GOOD, "\n", -1);
  g_autoptr(GString) line = NULL;

  if (c->line < 0)
    return g_strdup (c->to);
  if (c->line == 0)
    return g_strconcat (GOOD, c->to, NULL);
  line = g_string_new (lines[c->line - 1]);
  g_assert_cmpuint (g_string_replace (line, c->from, c->to, 1), ==, 1);
  g_free (lines[c->line - 1]);
  lines[c->line - 1] = g_string_free (g_steal_pointer (&line), FALSE);
  return g_strjoinv ("\n", lines);
}

static void
test_bad_row (Fixture       *f,
              gconstpointer  data)
{
  const Case *c = data;
  g_autofree char *text = case_text (c);
  g_autofree char *path = hl_test_write (f->dir, "bad.csv", text);
  g_autofree char *prefix = g_strdup_printf ("%s:%d: ", path, c->error_line);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  HlImportStats stats = { 0 };

  import_ok (f, EARLIER, NULL);
  before = fingerprint (f);
  g_assert_false (hl_import_csv_file (f->store, path, f->survey_dir, &stats, &error));
  g_assert_nonnull (error);
  if (c->code >= 100)
    g_assert_error (error, HL_CSV_ERROR, c->code - 100);
  else
    g_assert_error (error, HL_IMPORT_ERROR, c->code);
  if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, c->message) == NULL)
    g_error ("%s: expected “%s…%s…”, got “%s”", c->name, prefix, c->message, error->message);
  g_assert_null (strchr (error->message, '\n'));
  after = fingerprint (f);
  g_assert_cmpstr (after, ==, before);

  /* The store is usable afterwards: the transaction was ended. */
  import_ok (f, GOOD, &stats);
  g_assert_cmpuint (stats.responses_added, ==, 3);
}

/* A response stored before may not come back different; the error names the line, nothing changes. */
static void
test_reimport_changed (Fixture       *f,
                       gconstpointer  data)
{
  static const struct {
    const char *from, *to;
    int         line;    /* of GOOD to change; 0: drop line 7 */
    int         error_line;
    const char *message;
  } changes[] = {
    { "WHY,2", "WHY,1", 7, 7, "gives the answer WHY = 1 twice" },
    { "C01,1", "C01,2", 3, 3, "response “r1” of kiosk “K1” is stored without the answer C01 = 2" },
    { "Q2", "Q3", 8, 8, "response “r1” of kiosk “K2” is stored with counter “Q2”, not “Q3”" },
    { "09:00:00+07:00", "09:00:00Z", 8, 8,
      "is stored as recorded at 2026-07-14T09:00:00+07:00, not 2026-07-14T09:00:00+00:00" },
    { "t,1,OVERALL,2", "u,1,OVERALL,2", 8, 8, "is stored under survey “t” version 1, not “u” version 1" },
    { NULL, NULL, 0, 4, "response “r2” of kiosk “K1” is stored with the answer WHY = 2, which the file does not give" },
  };

  import_ok (f, GOOD, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_auto(GStrv) lines = g_strsplit (GOOD, "\n", -1);
      g_autofree char *text = NULL;
      g_autofree char *path = NULL;
      g_autofree char *prefix = NULL;
      g_autofree char *before = fingerprint (f);
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;

      if (changes[i].line > 0)
        {
          g_autoptr(GString) line = g_string_new (lines[changes[i].line - 1]);

          g_assert_cmpuint (g_string_replace (line, changes[i].from, changes[i].to, 1), ==, 1);
          g_free (lines[changes[i].line - 1]);
          lines[changes[i].line - 1] = g_string_free (g_steal_pointer (&line), FALSE);
        }
      else
        lines[6][0] = '\0';  /* line 7 becomes blank, which the reader skips */
      text = g_strjoinv ("\n", lines);
      path = hl_test_write (f->dir, "changed.csv", text);
      prefix = g_strdup_printf ("%s:%d: ", path, changes[i].error_line);
      g_assert_false (hl_import_csv_file (f->store, path, f->survey_dir, NULL, &error));
      if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, changes[i].message) == NULL)
        g_error ("change %u: expected “%s…%s…”, got “%s”", i, prefix, changes[i].message, error->message);
      after = fingerprint (f);
      g_assert_cmpstr (after, ==, before);
    }
}

/* The local date is the date as written in the row's offset, whatever the instant in UTC. */
static void
test_offsets (Fixture       *f,
              gconstpointer  data)
{
  static const struct {
    const char *from, *to;
    gint64      responses;
  } periods[] = {
    { "2026-07-14", "2026-07-14", 3 },
    { "2026-07-13", "2026-07-14", 4 },
    { "2026-07-15", "2026-07-15", 1 },
    { "2026-07-13", "2026-07-13", 1 },
    { "2026-07-13", "2026-07-15", 5 },
    { "2026-07-16", "2026-07-31", 0 },
  };
  const char *text =
    HEADER
    "a,K1,2026-07-14T23:30:00+07:00,U1,Q1,CB01,,,t,1,OVERALL,2\n"   /* 16:30 UTC on the 14th */
    "b,K1,2026-07-14T23:30:00Z,U1,Q1,CB01,,,t,1,OVERALL,2\n"        /* 23:30 UTC on the 14th */
    "c,K1,2026-07-14T20:00:00-05:00,U1,Q1,,,,t,1,OVERALL,1\n"       /* 01:00 UTC on the 15th */
    "d,K1,2026-07-15T00:30:00+07:00,U1,Q1,CB01,,,t,1,OVERALL,2\n"   /* 17:30 UTC on the 14th */
    "e,K1,2026-07-13T23:59:59+07:00,U1,Q1,,,,t,1,OVERALL,2\n";
  g_autofree char *days = NULL;
  g_autofree char *utc = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(GArray) by_officer = hl_index_parse_keys ("officer", NULL);
  g_autoptr(GArray) everything = hl_index_parse_keys ("", NULL);
  g_autoptr(HlIndex) index = NULL;
  g_autoptr(GError) error = NULL;

  import_ok (f, text, NULL);
  days = db_text (f, "SELECT group_concat(x, ' ') FROM (SELECT response_id || '=' || day AS x FROM responses"
                    " ORDER BY id)");
  g_assert_cmpstr (days, ==, "a=2026-07-14 b=2026-07-14 c=2026-07-14 d=2026-07-15 e=2026-07-13");
  utc = db_text (f, "SELECT group_concat(x, ' ') FROM (SELECT datetime(recorded_utc, 'unixepoch') AS x"
                   " FROM responses ORDER BY id)");
  g_assert_cmpstr (utc, ==, "2026-07-14 16:30:00 2026-07-14 23:30:00 2026-07-15 01:00:00 2026-07-14 17:30:00 "
                            "2026-07-13 16:59:59");
  /* Z is written as the offset it means. */
  stored = db_text (f, "SELECT recorded_at FROM responses WHERE response_id = 'b'");
  g_assert_cmpstr (stored, ==, "2026-07-14T23:30:00+00:00");

  /* --from and --to are inclusive, in local dates. */
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      g_autoptr(HlIndex) period = hl_index_compute (f->store, periods[i].from, periods[i].to, everything, &error);
      gint64 responses = 0;

      g_assert_no_error (error);
      if (hl_index_get_n_rows (period) > 0)
        responses = hl_index_get_row (period, 0)->responses;
      if (responses != periods[i].responses)
        g_error ("%s – %s: %" G_GINT64_FORMAT " responses, expected %" G_GINT64_FORMAT, periods[i].from,
                 periods[i].to, responses, periods[i].responses);
    }

  /* An empty officer is an unknown one: a null key, listed first. */
  index = hl_index_compute (f->store, "2026-07-14", "2026-07-14", by_officer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hl_index_get_n_rows (index), ==, 2);
  g_assert_null (hl_index_get_row (index, 0)->key[HL_KEY_OFFICER]);
  g_assert_cmpint (hl_index_get_row (index, 0)->responses, ==, 1);
  g_assert_cmpint (hl_index_get_row (index, 0)->overall.satisfied, ==, 0);
  g_assert_cmpstr (hl_index_get_row (index, 1)->key[HL_KEY_OFFICER], ==, "CB01");
  g_assert_cmpint (hl_index_get_row (index, 1)->responses, ==, 2);
  g_assert_cmpint (hl_index_get_row (index, 1)->overall.satisfied, ==, 2);
}

static void
test_timestamps (void)
{
  static const struct {
    const char *text;
    const char *normal;  /* NULL: refused */
    gint64      utc;
  } stamps[] = {
    { "2026-07-14T09:31:05+07:00", "2026-07-14T09:31:05+07:00", 1783996265 },
    { "2026-07-14T09:31:05+0700", "2026-07-14T09:31:05+07:00", 1783996265 },
    { "2026-07-14T09:31:05+07", "2026-07-14T09:31:05+07:00", 1783996265 },
    { "2026-07-14 02:31:05Z", "2026-07-14T02:31:05+00:00", 1783996265 },
    { "2026-07-14t02:31:05.250z", "2026-07-14T02:31:05.25+00:00", 1783996265 },
    { "2026-07-14T02:31:05,5-00:00", "2026-07-14T02:31:05.5+00:00", 1783996265 },
    { "2026-07-14T09:31+05:30", "2026-07-14T09:31:00+05:30", 1784001660 },
    { "1970-01-01T00:00:00Z", "1970-01-01T00:00:00+00:00", 0 },
    { "1969-12-31T23:59:59-00:30", "1969-12-31T23:59:59-00:30", 1799 },
    { "2028-02-29T12:00:00+07:00", "2028-02-29T12:00:00+07:00", 1835413200 },
    { "2026-02-29T12:00:00+07:00", NULL, 0 },
    { "2026-07-14", NULL, 0 },
    { "2026-07-14T09:31:05", NULL, 0 },
    { "2026-7-14T09:31:05+07:00", NULL, 0 },
    { "2026-07-14T24:00:00+07:00", NULL, 0 },
    { "2026-07-14T09:60:00+07:00", NULL, 0 },
    { "2026-07-14T09:31:05+19:00", NULL, 0 },
    { "2026-07-14T09:31:05+07:60", NULL, 0 },
    { "2026-07-14T09:31:05+07:00 ", NULL, 0 },
    { "2026-07-14T09:31:05.+07:00", NULL, 0 },
    { "2026-07-14T09:31:05.1234567890Z", NULL, 0 },
    { "0000-01-01T00:00:00Z", NULL, 0 },
    { "", NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (stamps); i++)
    {
      g_autofree char *problem = NULL;
      HlTimestamp ts;
      gboolean ok = hl_timestamp_parse (stamps[i].text, &ts, &problem);

      if (stamps[i].normal == NULL)
        {
          if (ok)
            g_error ("“%s” was accepted", stamps[i].text);
          g_assert_nonnull (problem);
        }
      else
        {
          char buf[HL_TIMESTAMP_MAX_LEN];

          if (!ok)
            g_error ("“%s” was refused: %s", stamps[i].text, problem);
          hl_timestamp_format (&ts, buf);
          g_assert_cmpstr (buf, ==, stamps[i].normal);
          if (stamps[i].utc != 0 || g_str_has_prefix (stamps[i].text, "1970"))
            g_assert_cmpint (ts.utc, ==, stamps[i].utc);
        }
    }
}

/* Many responses with scattered rows: every answer lands once, and a second import adds nothing. */
static void
test_many (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (HEADER);
  g_autofree char *counts = NULL;
  g_autofree char *again = NULL;
  HlImportStats stats = { 0 };

  /* 3000 responses; each gives OVERALL in the first half of the file and C01 in the second. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < 3000; i++)
      g_string_append_printf (text, "m%u,K%u,2026-07-%02uT08:%02u:00+07:00,U1,Q%u,,,,t,1,%s,%u\n", i, i % 7,
                              1 + i % 28, i % 60, i % 3, pass == 0 ? "OVERALL" : "C01", 1 + (i % 5 == 0));
  import_ok (f, text->str, &stats);
  g_assert_cmpuint (stats.rows, ==, 6000);
  g_assert_cmpuint (stats.responses_added, ==, 3000);
  counts = db_text (f, "SELECT count(*) || ' ' || sum(value = 2) FROM answers");
  g_assert_cmpstr (counts, ==, "6000 1200");
  import_ok (f, text->str, &stats);
  g_assert_cmpuint (stats.responses_present, ==, 3000);
  again = db_text (f, "SELECT count(*) || ' ' || sum(value = 2) FROM answers");
  g_assert_cmpstr (again, ==, "6000 1200");
}

/* An import keeps the month rollups equal to a recount from the answers: responses over the end of two
 * months, more of them in a second file, and the first file again (which adds nothing). */
static void
test_months (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GString) first = g_string_new (HEADER);
  g_autoptr(GString) later = g_string_new (HEADER);
  g_autofree char *diff = NULL;
  g_autofree char *months = NULL;

  for (guint i = 0; i < 300; i++)
    {
      /* 2026-06-28 … 2026-08-03: a day of June, July or August each. */
      g_autoptr(GDateTime) day = g_date_time_new_utc (2026, 6, 28 + i % 37 % 3, 8, 0, 0);
      g_autoptr(GDateTime) at = g_date_time_add_days (day, (i % 37 / 3) * 3);
      g_autofree char *when = g_date_time_format (at, "%Y-%m-%dT%H:%M:00+07:00");

      g_string_append_printf (first, "m%u,K%u,%s,U%u,Q1,,,,t,1,OVERALL,%u\n", i, i % 4, when, i % 2, 1 + i % 2);
      g_string_append_printf (first, "m%u,K%u,%s,U%u,Q1,,,,t,1,C01,%u\n", i, i % 4, when, i % 2, 1 + i % 3 % 2);
      g_string_append_printf (later, "n%u,K%u,%s,U1,Q2,,,,t,1,OVERALL,%u\n", i, i % 4, when, 1 + i % 5 % 2);
    }
  import_ok (f, first->str, NULL);
  import_ok (f, later->str, NULL);
  import_ok (f, first->str, NULL);
  months = db_text (f, "SELECT group_concat (month, ' ') FROM (SELECT DISTINCT month FROM month_counts ORDER BY 1)");
  g_assert_cmpstr (months, ==, "2026-06 2026-07 2026-08");
  diff = hl_test_month_differences (f->db, FALSE);
  g_assert_cmpstr (diff, ==, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/timestamps", test_timestamps);
  g_test_add ("/import/good", Fixture, NULL, fixture_setup, test_good, fixture_teardown);
  g_test_add ("/import/reimport", Fixture, NULL, fixture_setup, test_reimport, fixture_teardown);
  g_test_add ("/import/reimport-changed", Fixture, NULL, fixture_setup, test_reimport_changed, fixture_teardown);
  g_test_add ("/import/offsets", Fixture, NULL, fixture_setup, test_offsets, fixture_teardown);
  g_test_add ("/import/many", Fixture, NULL, fixture_setup, test_many, fixture_teardown);
  g_test_add ("/import/months", Fixture, NULL, fixture_setup, test_months, fixture_teardown);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/import/bad/%s", cases[i].name);

      g_test_add (path, Fixture, &cases[i], fixture_setup, test_bad_row, fixture_teardown);
    }
  return g_test_run ();
}
