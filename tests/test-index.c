/* test-index.c: the index on a fixture small enough to compute by hand.
 *
 *   OVERALL: 20 answers, 16 satisfied → 80 %, Wilson 95 % [58.40, 91.93]
 *   C01 (E1): 5 4 4 2 → 3/4 = 75 %      C02 (E1): 5 1 → 1/2 = 50 %
 *   C03 (E2): 4 4 5 5 4 → 5/5 = 100 %   C04 (E2): never answered, so absent
 *   E1 = (75 + 50) / 2 = 62.5 (2 criteria), E2 = 100 (1 criterion)
 *   elements-mean = (62.5 + 100) / 2 = 81.25; criteria-mean = (75 + 50 + 100) / 3 = 75;
 *   pooled = (3 + 1 + 5) / (4 + 2 + 5) = 9/11 = 81.82
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "hl-config.h"
#include "hl-csv.h"
#include "hl-index.h"
#include "hl-json-write.h"
#include "hl-store.h"
#include "hl-survey.h"
#include "hl-test-util.h"

static const char *survey_text =
  "{\"format\": \"hailong-survey/1\", \"id\": \"@ID@\", \"version\": 1, \"title\": {\"vi\": \"Thử\"},"
  " \"index\": {\"method\": \"@METHOD@\"},"
  " \"elements\": [{\"id\": \"E1\", \"title\": {\"vi\": \"Một\"}}, {\"id\": \"E2\", \"title\": {\"vi\": \"Hai\"}}],"
  " \"scales\": [{\"id\": \"sat5\", \"options\": ["
  "   {\"value\": 1, \"satisfied\": false, \"label\": {\"vi\": \"Rất không hài lòng\"}},"
  "   {\"value\": 2, \"satisfied\": false, \"label\": {\"vi\": \"Không hài lòng\"}},"
  "   {\"value\": 3, \"satisfied\": false, \"label\": {\"vi\": \"Bình thường\"}},"
  "   {\"value\": 4, \"satisfied\": true, \"label\": {\"vi\": \"Hài lòng\"}},"
  "   {\"value\": 5, \"satisfied\": true, \"label\": {\"vi\": \"Rất hài lòng\"}}]}],"
  " \"questions\": ["
  "   {\"id\": \"OVERALL\", \"type\": \"rating\", \"role\": \"overall\", \"scale\": \"sat5\", \"text\": {\"vi\": \"Chung\"}},"
  "   {\"id\": \"C01\", \"type\": \"rating\", \"scale\": \"sat5\", \"element\": \"E1\", \"text\": {\"vi\": \"1\"}},"
  "   {\"id\": \"C02\", \"type\": \"rating\", \"scale\": \"sat5\", \"element\": \"E1\", \"text\": {\"vi\": \"2\"}},"
  "   {\"id\": \"C03\", \"type\": \"rating\", \"scale\": \"sat5\", \"element\": \"E2\", \"text\": {\"vi\": \"3\"}},"
  "   {\"id\": \"C04\", \"type\": \"rating\", \"scale\": \"sat5\", \"element\": \"E2\", \"text\": {\"vi\": \"4\"}}]}";

typedef struct {
  char    *dir;
  HlStore *store;
} Fixture;

static HlSurvey *
make_survey (const char *id,
             const char *method)
{
  g_autoptr(GString) text = g_string_new (survey_text);
  g_autoptr(GError) error = NULL;
  HlSurvey *survey;

  g_string_replace (text, "@ID@", id, 0);
  g_string_replace (text, "@METHOD@", method, 0);
  survey = hl_survey_load_data (id, text->str, -1, NULL, &error);
  g_assert_no_error (error);
  return survey;
}

static void
add_response (HlStore        *store,
              const char     *survey_id,
              const char     *day,
              const char     *officer,
              gboolean        repeat,
              const HlAnswer *answers,
              guint           n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *at = g_strdup_printf ("%sT10:00:00+07:00", day);
  HlResponse r = {
    .kiosk_id = "HL-T", .recorded_at = at, .recorded_utc = 1, .day = day, .unit = "LC-SAPA", .counter = "Q1",
    .officer = officer, .procedure = "1.001193", .survey_id = survey_id, .survey_version = 1, .repeat = repeat,
  };

  g_assert_true (hl_store_append_response (store, &r, answers, n, &error));
  g_assert_no_error (error);
}

/* The hand-computed fixture, under survey @survey_id. */
static void
add_fixture (HlStore    *store,
             const char *survey_id)
{
  static const int c01[] = { 5, 4, 4, 2, 0 };
  static const int c02[] = { 5, 1, 0, 0, 0 };
  static const int c03[] = { 4, 4, 5, 5, 4 };
  HlAnswer out[] = { { "OVERALL", 5 }, { "OVERALL", 5 } };

  for (int i = 0; i < 20; i++)
    {
      HlAnswer answers[4];
      guint n = 0;

      answers[n++] = (HlAnswer) { "OVERALL", i < 16 ? 5 : 2 };
      if (i < 5 && c01[i])
        answers[n++] = (HlAnswer) { "C01", c01[i] };
      if (i < 5 && c02[i])
        answers[n++] = (HlAnswer) { "C02", c02[i] };
      if (i < 5 && c03[i])
        answers[n++] = (HlAnswer) { "C03", c03[i] };
      add_response (store, survey_id, "2026-07-14", i < 10 ? "CB01" : NULL, FALSE, answers, n);
    }
  /* Neither of these may count: a repeat, and a day after the period. */
  add_response (store, survey_id, "2026-07-14", "CB01", TRUE, out, 1);
  add_response (store, survey_id, "2026-07-15", "CB01", FALSE, out, 1);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = hl_test_tmpdir ();
  path = g_build_filename (f->dir, "index.db", NULL);
  f->store = hl_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->store, hl_store_close);
  hl_test_rm_rf (f->dir);
  g_free (f->dir);
}

static HlIndex *
compute (HlStore    *store,
         const char *by)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) keys = hl_index_parse_keys (by, &error);
  HlIndex *index;

  g_assert_no_error (error);
  index = hl_index_compute (store, "2026-07-01", "2026-07-14", keys, &error);
  g_assert_no_error (error);
  return index;
}

#define assert_pct(x, expected) g_assert_cmpfloat_with_epsilon (round ((x) * 100) / 100, (expected), 1e-9)

static void
test_wilson (void)
{
  double lo, hi;

  hl_wilson_interval (16, 20, &lo, &hi);
  assert_pct (lo, 58.40);
  assert_pct (hi, 91.93);
  /* All satisfied: the interval still admits doubt, and never passes 100. */
  hl_wilson_interval (5, 5, &lo, &hi);
  assert_pct (lo, 56.55);
  g_assert_cmpfloat (hi, ==, 100.0);
  hl_wilson_interval (0, 0, &lo, &hi);
  g_assert_true (isnan (lo) && isnan (hi));
}

static void
test_method (Fixture       *f,
             gconstpointer  data)
{
  const char *method = data;
  g_autoptr(HlSurvey) survey = make_survey ("t", method);
  g_autoptr(HlIndex) index = NULL;
  HlIndexRow *row;
  HlRate *rate;
  HlElementIndex *e1, *e2;

  g_assert_true (hl_store_save_survey (f->store, survey, NULL));
  add_fixture (f->store, "t");
  index = compute (f->store, NULL);
  g_assert_cmpuint (hl_index_get_n_rows (index), ==, 1);
  row = hl_index_get_row (index, 0);
  g_assert_cmpint (row->responses, ==, 20);
  g_assert_cmpint (row->overall.n, ==, 20);
  g_assert_cmpint (row->overall.satisfied, ==, 16);
  assert_pct (row->overall.rate, 80.0);
  assert_pct (row->overall.ci_low, 58.40);
  assert_pct (row->overall.ci_high, 91.93);
  g_assert_cmpint (g_tree_nnodes (row->criteria), ==, 3);
  g_assert_null (g_tree_lookup (row->criteria, "C04"));
  rate = g_tree_lookup (row->criteria, "C01");
  g_assert_cmpint (rate->n, ==, 4);
  g_assert_cmpint (rate->satisfied, ==, 3);
  assert_pct (rate->rate, 75.0);
  assert_pct (((HlRate *) g_tree_lookup (row->criteria, "C02"))->rate, 50.0);
  assert_pct (((HlRate *) g_tree_lookup (row->criteria, "C03"))->rate, 100.0);
  e1 = g_tree_lookup (row->elements, "E1");
  e2 = g_tree_lookup (row->elements, "E2");
  assert_pct (e1->index, 62.5);
  g_assert_cmpuint (e1->criteria, ==, 2);
  assert_pct (e2->index, 100.0);
  g_assert_cmpuint (e2->criteria, ==, 1);

  g_assert_cmpstr (hl_index_method_to_string (hl_index_get_method (index)), ==, method);
  if (g_str_equal (method, "elements-mean"))
    assert_pct (row->sipas, 81.25);
  else if (g_str_equal (method, "criteria-mean"))
    assert_pct (row->sipas, 75.0);
  else
    assert_pct (row->sipas, 81.82);
}

/* Surveys of different methods in one group: elements-mean, and the method says "mixed". */
static void
test_mixed (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HlSurvey) a = make_survey ("a", "pooled");
  g_autoptr(HlSurvey) b = make_survey ("b", "criteria-mean");
  g_autoptr(HlIndex) index = NULL;
  HlIndexRow *row;

  g_assert_true (hl_store_save_survey (f->store, a, NULL));
  g_assert_true (hl_store_save_survey (f->store, b, NULL));
  add_fixture (f->store, "a");
  add_fixture (f->store, "b");
  index = compute (f->store, "unit");
  row = hl_index_get_row (index, 0);
  g_assert_cmpint (row->responses, ==, 40);
  g_assert_cmpint (row->method, ==, HL_INDEX_MIXED);
  g_assert_cmpint (hl_index_get_method (index), ==, HL_INDEX_MIXED);
  assert_pct (row->sipas, 81.25);
}

static void
test_json_by_officer (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(HlSurvey) survey = make_survey ("t", "elements-mean");
  g_autoptr(HlIndex) index = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected_null = NULL;

  g_assert_true (hl_store_save_survey (f->store, survey, NULL));
  add_fixture (f->store, "t");
  index = compute (f->store, "officer,procedure");
  g_assert_cmpuint (hl_index_get_n_rows (index), ==, 2);
  text = hl_index_to_json_text (index);
  /* Rows sorted by key, the unknown officer (null) first; percentages with two decimals at most. */
  g_assert_nonnull (strstr (text, "\"by\": [\"officer\", \"procedure\"]"));
  g_assert_true (strstr (text, "\"officer\": null") < strstr (text, "\"officer\": \"CB01\""));
  g_assert_nonnull (strstr (text, "\"rate\": 60.0"));     /* no officer: 6 of 10 */
  g_assert_nonnull (strstr (text, "\"rate\": 100.0"));    /* CB01: 10 of 10 */
  g_assert_nonnull (strstr (text, "\"ci95\": [31.27, 83.18]"));
  g_assert_nonnull (strstr (text, "\"format\": \"hailong-index/1\""));
  /* The unknown officer's group answered no criterion. */
  g_assert_nonnull (strstr (text, "\"sipas\": null"));
  g_assert_null (strstr (text, "0000000"));
}

static void
test_by_period_keys (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HlSurvey) survey = make_survey ("t", "elements-mean");
  g_autoptr(GArray) keys = hl_index_parse_keys ("quarter,month,day,kiosk,field", NULL);
  g_autoptr(HlIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  HlIndexRow *row;

  g_assert_true (hl_store_save_survey (f->store, survey, NULL));
  add_fixture (f->store, "t");
  index = hl_index_compute (f->store, "2026-07-14", "2026-07-15", keys, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hl_index_get_n_rows (index), ==, 2);
  row = hl_index_get_row (index, 1);
  g_assert_cmpstr (row->key[HL_KEY_QUARTER], ==, "2026-Q3");
  g_assert_cmpstr (row->key[HL_KEY_MONTH], ==, "2026-07");
  g_assert_cmpstr (row->key[HL_KEY_DAY], ==, "2026-07-15");
  g_assert_cmpstr (row->key[HL_KEY_KIOSK], ==, "HL-T");
  g_assert_null (row->key[HL_KEY_FIELD]);
  g_assert_cmpint (row->responses, ==, 1);
}

/* A response of @field with one answer, on the fixture's day. */
static void
add_field_response (HlStore        *store,
                    const char     *field,
                    const HlAnswer *answer)
{
  g_autoptr(GError) error = NULL;
  HlResponse r = {
    .kiosk_id = "HL-T", .recorded_at = "2026-07-14T11:00:00+07:00", .recorded_utc = 1, .day = "2026-07-14",
    .unit = "LC-SAPA", .counter = "Q2", .field = field, .survey_id = "t", .survey_version = 1,
  };

  g_assert_true (hl_store_append_response (store, &r, answer, 1, &error));
  g_assert_no_error (error);
}

/* Targets and honesty: 90 % and 30 answers unless a configuration says otherwise; a row grouped by field
 * gets its field's target. */
static void
test_targets (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(HlSurvey) survey = make_survey ("t", "elements-mean");
  g_autoptr(HlIndex) by_officer = NULL;
  g_autoptr(HlIndex) by_field = NULL;
  g_autoptr(HlConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  HlAnswer yes = { "OVERALL", 5 }, no = { "OVERALL", 2 }, criterion = { "C01", 4 };
  HlIndexRow *row;

  g_assert_true (hl_store_save_survey (f->store, survey, NULL));
  add_fixture (f->store, "t");
  /* By field: DD (Đất đai) 7 of 8 = 87.5 %, HT 9 of 10 = 90 %, and OT answered only a criterion. */
  for (int i = 0; i < 8; i++)
    add_field_response (f->store, "DD", i < 7 ? &yes : &no);
  for (int i = 0; i < 10; i++)
    add_field_response (f->store, "HT", i < 9 ? &yes : &no);
  add_field_response (f->store, "OT", &criterion);

  /* No configuration: the unknown officer's 6 of 10 is below 90 %; CB01's 10 of 10 is not; neither has
   * 30 answers. */
  by_officer = compute (f->store, "officer");
  row = hl_index_get_row (by_officer, 0);
  g_assert_null (row->key[HL_KEY_OFFICER]);
  g_assert_cmpfloat (row->target, ==, 90.0);
  g_assert_cmpint (row->below_target, ==, 1);
  g_assert_true (row->too_small);
  row = hl_index_get_row (by_officer, 1);
  g_assert_cmpstr (row->key[HL_KEY_OFFICER], ==, "CB01");
  g_assert_cmpint (row->below_target, ==, 0);
  g_assert_true (row->too_small);
  text = hl_index_to_json_text (by_officer);
  g_assert_nonnull (strstr (text, "\"min_sample\": 30,"));
  g_assert_nonnull (strstr (text, "\"target\": 90.0,\n      \"below_target\": true,\n      \"too_small\": true"));
  g_clear_pointer (&text, g_free);

  /* The demo's fields and a minimum of 10 answers. */
  config = hl_config_load_data ("kiosk.json",
                                "{\"format\": \"hailong-kiosk/1\","
                                " \"unit\": {\"code\": \"U\", \"name\": {\"vi\": \"U\"}, \"level\": \"province\"},"
                                " \"counter\": {\"code\": \"Q\", \"name\": {\"vi\": \"Q\"}},"
                                " \"survey\": {\"id\": \"t\", \"version\": 1},"
                                " \"fields\": [{\"code\": \"DD\", \"name\": {\"vi\": \"Đất đai\"}},"
                                "              {\"code\": \"HT\", \"name\": {\"vi\": \"Hộ tịch\"}},"
                                "              {\"code\": \"OT\", \"name\": {\"vi\": \"Khác\"}}],"
                                " \"min_sample\": 10}", -1, NULL, &error);
  g_assert_no_error (error);
  hl_index_set_targets (by_officer, config);
  g_assert_false (hl_index_get_row (by_officer, 1)->too_small);   /* 10 answers: enough */
  g_assert_cmpuint (hl_index_get_min_sample (by_officer), ==, 10);

  by_field = compute (f->store, "field");
  hl_index_set_targets (by_field, config);
  g_assert_cmpuint (hl_index_get_n_rows (by_field), ==, 4);
  row = hl_index_get_row (by_field, 0);                           /* the fixture: no field */
  g_assert_null (row->key[HL_KEY_FIELD]);
  g_assert_cmpfloat (row->target, ==, 90.0);
  row = hl_index_get_row (by_field, 1);                           /* land: 87.5 % against 85 % */
  g_assert_cmpstr (row->key[HL_KEY_FIELD], ==, "DD");
  g_assert_cmpfloat (row->target, ==, 85.0);
  g_assert_cmpint (row->below_target, ==, 0);
  g_assert_true (row->too_small);                                 /* 8 < 10 */
  row = hl_index_get_row (by_field, 2);                           /* exactly 90 % is not below 90 % */
  g_assert_cmpstr (row->key[HL_KEY_FIELD], ==, "HT");
  g_assert_cmpfloat (row->target, ==, 90.0);
  g_assert_cmpint (row->below_target, ==, 0);
  g_assert_false (row->too_small);
  row = hl_index_get_row (by_field, 3);                           /* no overall answer: nothing to compare */
  g_assert_cmpstr (row->key[HL_KEY_FIELD], ==, "OT");
  g_assert_cmpint (row->below_target, ==, -1);
  text = hl_index_to_json_text (by_field);
  g_assert_nonnull (strstr (text, "\"target\": 85.0,"));
  g_assert_nonnull (strstr (text, "\"below_target\": null,"));

  /* The rate compared is the one printed: 89.996 % shows as 90.0 and is not below 90. */
  row = hl_index_get_row (by_field, 2);
  row->overall.rate = 89.996;
  hl_index_set_targets (by_field, config);
  g_assert_cmpint (row->below_target, ==, 0);
  row->overall.rate = 89.994;
  hl_index_set_targets (by_field, config);
  g_assert_cmpint (row->below_target, ==, 1);
}

/* The CSV: a byte order mark, CRLF, RFC 4180, and the same numbers as the JSON; it reads back. */
static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  enum { OFFICER, PROCEDURE, RESPONSES, N, SATISFIED, RATE, LOW, HIGH, SIPAS, METHOD, TARGET, BELOW, SMALL, VERDICT,
         N_COLS };
  static const HlCsvColumn columns[N_COLS] = {
    { "officer", TRUE }, { "procedure", TRUE }, { "responses", TRUE }, { "overall_n", TRUE },
    { "overall_satisfied", TRUE }, { "overall_rate", TRUE }, { "overall_ci95_low", TRUE },
    { "overall_ci95_high", TRUE }, { "sipas", TRUE }, { "method", TRUE }, { "target", TRUE },
    { "below_target", TRUE }, { "too_small", TRUE }, { "verdict", TRUE },
  };
  g_autoptr(HlSurvey) survey = make_survey ("t", "elements-mean");
  g_autoptr(HlIndex) index = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(HlCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (hl_store_save_survey (f->store, survey, NULL));
  add_fixture (f->store, "t");
  index = compute (f->store, "officer,procedure");
  text = hl_index_to_csv (index);
  /* Wilson for 10 of 10: [72.25, 100]; for 6 of 10: [31.27, 83.18]. The unknown officer answered no
   * criterion, so its SIPAS is empty; CB01's is the fixture's 81.25. */
  g_assert_cmpstr (text, ==,
                   "\xEF\xBB\xBF" "officer,procedure,responses,overall_n,overall_satisfied,overall_rate,"
                   "overall_ci95_low,overall_ci95_high,sipas,method,target,below_target,too_small,verdict\r\n"
                   ",1.001193,10,10,6,60.00,31.27,83.18,,elements-mean,90,true,true,below\r\n"
                   "CB01,1.001193,10,10,10,100.00,72.25,100.00,81.25,elements-mean,90,false,true,meets\r\n");

  stream = g_memory_input_stream_new_from_data (text, -1, NULL);
  reader = hl_csv_reader_new (stream, "index.csv", columns, N_COLS);
  g_assert_true (hl_csv_reader_next (reader, &error));
  g_assert_cmpstr (hl_csv_reader_get (reader, OFFICER), ==, "");
  g_assert_cmpstr (hl_csv_reader_get (reader, RATE), ==, "60.00");
  g_assert_cmpstr (hl_csv_reader_get (reader, VERDICT), ==, "below");
  g_assert_true (hl_csv_reader_next (reader, &error));
  g_assert_cmpstr (hl_csv_reader_get (reader, OFFICER), ==, "CB01");
  g_assert_cmpstr (hl_csv_reader_get (reader, SIPAS), ==, "81.25");
  g_assert_cmpstr (hl_csv_reader_get (reader, SMALL), ==, "true");
  g_assert_false (hl_csv_reader_next (reader, &error));
  g_assert_no_error (error);
}

static void
test_bad_arguments (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) keys = hl_index_parse_keys ("counter,oficer", &error);
  g_autoptr(GArray) none = hl_index_parse_keys (NULL, NULL);
  HlIndex *index;

  g_assert_null (keys);
  g_assert_error (error, HL_INDEX_ERROR, HL_INDEX_ERROR_BAD_KEY);
  g_clear_error (&error);
  g_assert_null (hl_index_parse_keys ("unit,unit", &error));
  g_clear_error (&error);
  index = hl_index_compute (f->store, "2026-02-30", "2026-03-01", none, &error);
  g_assert_null (index);
  g_assert_error (error, HL_INDEX_ERROR, HL_INDEX_ERROR_BAD_DATE);
  g_clear_error (&error);
  index = hl_index_compute (f->store, "2026-03-02", "2026-03-01", none, &error);
  g_assert_null (index);
  g_assert_error (error, HL_INDEX_ERROR, HL_INDEX_ERROR_BAD_DATE);
}


/* Bursts are counted, and reported both ways: 6 ordinary responses (3 satisfied) and 4 flagged as a
 * burst (all satisfied) make 7/10 = 70 % with them and 3/6 = 50 % without. */
static void
test_bursts_both_ways (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(HlSurvey) survey = make_survey ("t", "elements-mean");
  g_autoptr(HlIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  HlIndexRow *row;

  g_assert_true (hl_store_save_survey (f->store, survey, NULL));
  for (int i = 0; i < 10; i++)
    {
      HlAnswer answer = { "OVERALL", (i < 3 || i >= 6) ? 5 : 1 };
      HlResponse r = {
        .kiosk_id = "HL-T", .recorded_at = "2026-07-14T10:00:00+07:00", .recorded_utc = 1, .day = "2026-07-14",
        .unit = "LC-SAPA", .counter = "Q1", .survey_id = "t", .survey_version = 1, .burst = i >= 6,
      };

      g_assert_true (hl_store_append_response (f->store, &r, &answer, 1, &error));
    }
  index = compute (f->store, "counter");
  row = hl_index_get_row (index, 0);
  g_assert_cmpint (row->responses, ==, 10);
  g_assert_cmpint (row->bursts, ==, 4);
  assert_pct (row->overall.rate, 70.0);
  g_assert_cmpint (row->overall_without_bursts.n, ==, 6);
  g_assert_cmpint (row->overall_without_bursts.satisfied, ==, 3);
  assert_pct (row->overall_without_bursts.rate, 50.0);
  text = hl_index_to_json_text (index);
  g_assert_nonnull (strstr (text, "\"bursts\": {\n        \"responses\": 4,\n        \"overall_without\": {\n"
                                  "          \"n\": 6,\n          \"satisfied\": 3,\n          \"rate\": 50.0"));
}

/* The same responses into @store over 2026-06-20 … 2026-08-10, every kind a rollup counts: officers or
 * none, two units and counters, bursts, repeats, an answer given again after "back", follow-up answers. */
static void
add_months_fixture (HlStore *store)
{
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 160; i++)
    {
      g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 6, 20, 10, 0, 0);
      g_autoptr(GDateTime) when = g_date_time_add_days (start, i * 7 % 52);
      g_autofree char *day = g_date_time_format (when, "%Y-%m-%d");
      g_autofree char *at = g_strdup_printf ("%sT10:00:00+07:00", day);
      HlAnswer answers[] = { { "OVERALL", 1 + i % 5 }, { "C01", 1 + i * 3 % 5 }, { "C03", 5 - i % 4 } };
      HlAnswer later = { "C02", 1 + i % 4 };
      HlResponse r = {
        .kiosk_id = i % 3 ? "HL-T" : "HL-U", .recorded_at = at, .recorded_utc = 1, .day = day,
        .unit = i % 2 ? "LC-SAPA" : "LC-BATXAT", .counter = i % 4 < 2 ? "Q1" : "Q2",
        .officer = i % 5 ? "CB01" : NULL, .procedure = "1.001193", .field = i % 7 ? "dat-dai" : NULL,
        .survey_id = "t", .survey_version = 1, .repeat = i % 11 == 0, .burst = i % 9 == 0,
      };

      g_assert_true (hl_store_append_response (store, &r, answers, 1 + i % 3, &error));
      g_assert_no_error (error);
      if (i % 6 == 0)
        g_assert_true (hl_store_replace_answer (store, r.row_id, "OVERALL", 5 - i % 5, &error));
      if (i % 8 == 0)
        g_assert_true (hl_store_append_answers (store, r.row_id, &later, 1, &error));
      g_assert_no_error (error);
    }
  /* A counter seen on 2 July only: a period that takes the first days of July away from July's month
   * rollups (plan_period) must not show it. */
  {
    HlAnswer answers[] = { { "OVERALL", 2 }, { "C01", 4 } };
    HlResponse r = {
      .kiosk_id = "HL-T", .recorded_at = "2026-07-02T09:00:00+07:00", .recorded_utc = 1, .day = "2026-07-02",
      .unit = "LC-SAPA", .counter = "Q9", .officer = "CB09", .procedure = "1.001193", .field = "dat-dai",
      .survey_id = "t", .survey_version = 1,
    };

    g_assert_true (hl_store_append_response (store, &r, answers, G_N_ELEMENTS (answers), &error));
    g_assert_no_error (error);
  }
}

/* The index of whole months with days at the edges (read from the month rollups) is exactly the index of
 * the same days read one by one (a database of schema 5, without months), for every grouping, every
 * method and bursts both ways; and the months are what is read (a month changed around its guard shows). */
static void
test_months_as_days (Fixture       *f,
                     gconstpointer  data)
{
  static const char *methods[] = { "elements-mean", "criteria-mean", "pooled" };
  static const char *groupings[] = { "", "unit", "counter,officer", "month", "quarter", "kiosk,field,procedure",
                                     "unit,month", "officer,quarter", "day" };
  /* Whole months with days at the edges; a month less its first days (June, and July with data in the
   * days taken away), less its last days (August's, after the data), less both (July). */
  static const char *periods[][2] = { { "2026-06-15", "2026-08-10" }, { "2026-06-01", "2026-07-31" },
                                      { "2026-07-01", "2026-07-31" }, { "2026-06-20", "2026-06-30" },
                                      { "2026-06-30", "2026-08-01" }, { "2026-06-03", "2026-07-31" },
                                      { "2026-07-05", "2026-08-28" }, { "2026-07-03", "2026-07-29" },
                                      { "2026-06-25", "2026-08-08" } };
  g_autoptr(GError) error = NULL;

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autofree char *days_path = g_strdup_printf ("%s/days-%u.db", f->dir, m);
      g_autofree char *months_path = g_strdup_printf ("%s/months-%u.db", f->dir, m);
      g_autoptr(HlStore) by_days = hl_store_open_at_version (days_path, 5, &error);
      g_autoptr(HlStore) by_months = hl_store_open (months_path, &error);
      g_autoptr(HlSurvey) survey = make_survey ("t", methods[m]);

      g_assert_no_error (error);
      g_assert_false (hl_store_has_month_counts (by_days));
      g_assert_true (hl_store_has_month_counts (by_months));
      g_assert_true (hl_store_save_survey (by_days, survey, NULL));
      g_assert_true (hl_store_save_survey (by_months, survey, NULL));
      add_months_fixture (by_days);
      add_months_fixture (by_months);
      for (guint g = 0; g < G_N_ELEMENTS (groupings); g++)
        for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
          {
            g_autoptr(GArray) keys = hl_index_parse_keys (groupings[g], &error);
            g_autoptr(HlIndex) a = hl_index_compute (by_days, periods[p][0], periods[p][1], keys, &error);
            g_autoptr(HlIndex) b = hl_index_compute (by_months, periods[p][0], periods[p][1], keys, &error);
            g_autofree char *expected = NULL;
            g_autofree char *got = NULL;

            g_assert_no_error (error);
            expected = hl_index_to_json_text (a);
            got = hl_index_to_json_text (b);
            g_assert_cmpstr (got, ==, expected);
            g_assert_cmpuint (hl_index_get_n_rows (b), >, 0);
            if (g == 0)
              g_assert_cmpint (hl_index_get_row (b, 0)->bursts, >, 0);
          }
      if (m == 0)
        {
          g_autoptr(GArray) none = hl_index_parse_keys ("", &error);
          g_autoptr(HlIndex) a = hl_index_compute (by_days, "2026-06-15", "2026-08-10", none, &error);
          g_autoptr(HlIndex) b = NULL;

          g_assert_cmpint (hl_test_exec (months_path, "DROP TRIGGER month_counts_guard_u; UPDATE month_counts"
                                                      " SET n = n + 3 WHERE month = '2026-07' AND question_id = ''"),
                           ==, SQLITE_OK);
          b = hl_index_compute (by_months, "2026-06-15", "2026-08-10", none, &error);
          g_assert_no_error (error);
          g_assert_cmpint (hl_index_get_row (b, 0)->responses, >, hl_index_get_row (a, 0)->responses);
          /* July less its first and last days is read from July's month rollups too. */
          g_clear_pointer (&a, hl_index_free);
          g_clear_pointer (&b, hl_index_free);
          a = hl_index_compute (by_days, "2026-07-03", "2026-07-29", none, &error);
          b = hl_index_compute (by_months, "2026-07-03", "2026-07-29", none, &error);
          g_assert_no_error (error);
          g_assert_cmpint (hl_index_get_row (b, 0)->responses, >, hl_index_get_row (a, 0)->responses);
        }
    }
}

/* hl_index_total() of a grouped index is the index without keys, figure for figure (its JSON), for
 * several groupings of two surveys of different methods, officers and none, and a burst. */
static void
test_total (Fixture       *f,
            gconstpointer  data)
{
  static const char *groupings[] = { "officer", "counter,officer,procedure", "day", "counter" };
  g_autoptr(HlSurvey) a = make_survey ("a", "pooled");
  g_autoptr(HlSurvey) b = make_survey ("b", "criteria-mean");
  g_autoptr(HlIndex) plain = NULL;
  g_autoptr(HlIndex) none = NULL;
  g_autoptr(HlIndex) none_total = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  HlAnswer answer = { "OVERALL", 1 };
  HlResponse burst = {
    .kiosk_id = "HL-T", .recorded_at = "2026-07-13T10:00:00+07:00", .recorded_utc = 1, .day = "2026-07-13",
    .unit = "LC-SAPA", .counter = "Q2", .officer = "CB02", .survey_id = "b", .survey_version = 1, .burst = TRUE,
  };

  g_assert_true (hl_store_save_survey (f->store, a, NULL));
  g_assert_true (hl_store_save_survey (f->store, b, NULL));
  add_fixture (f->store, "a");
  add_fixture (f->store, "b");
  g_assert_true (hl_store_append_response (f->store, &burst, &answer, 1, &error));
  g_assert_no_error (error);
  plain = compute (f->store, "");
  g_assert_cmpuint (hl_index_get_n_rows (plain), ==, 1);
  g_assert_cmpint (hl_index_get_row (plain, 0)->bursts, ==, 1);
  expected = hl_index_to_json_text (plain);
  for (guint i = 0; i < G_N_ELEMENTS (groupings); i++)
    {
      g_autoptr(HlIndex) grouped = compute (f->store, groupings[i]);
      g_autoptr(HlIndex) total = hl_index_total (grouped, f->store, &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (hl_index_get_n_rows (grouped), >, 1);
      text = hl_index_to_json_text (total);
      g_assert_cmpstr (text, ==, expected);
      g_assert_cmpint (hl_index_get_method (total), ==, hl_index_get_method (plain));
    }

  /* Without responses in the period: no row, as without keys. */
  {
    g_autoptr(GArray) keys = hl_index_parse_keys ("officer", &error);

    none = hl_index_compute (f->store, "2025-01-01", "2025-01-31", keys, &error);
    g_assert_no_error (error);
    none_total = hl_index_total (none, f->store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hl_index_get_n_rows (none_total), ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/index/wilson", test_wilson);
  g_test_add ("/index/method/elements-mean", Fixture, "elements-mean", fixture_setup, test_method, fixture_teardown);
  g_test_add ("/index/method/criteria-mean", Fixture, "criteria-mean", fixture_setup, test_method, fixture_teardown);
  g_test_add ("/index/method/pooled", Fixture, "pooled", fixture_setup, test_method, fixture_teardown);
  g_test_add ("/index/mixed", Fixture, NULL, fixture_setup, test_mixed, fixture_teardown);
  g_test_add ("/index/json-by-officer", Fixture, NULL, fixture_setup, test_json_by_officer, fixture_teardown);
  g_test_add ("/index/period-keys", Fixture, NULL, fixture_setup, test_by_period_keys, fixture_teardown);
  g_test_add ("/index/bursts-both-ways", Fixture, NULL, fixture_setup, test_bursts_both_ways, fixture_teardown);
  g_test_add ("/index/bad-arguments", Fixture, NULL, fixture_setup, test_bad_arguments, fixture_teardown);
  g_test_add ("/index/targets", Fixture, NULL, fixture_setup, test_targets, fixture_teardown);
  g_test_add ("/index/csv", Fixture, NULL, fixture_setup, test_csv, fixture_teardown);
  g_test_add ("/index/months-as-days", Fixture, NULL, fixture_setup, test_months_as_days, fixture_teardown);
  g_test_add ("/index/total", Fixture, NULL, fixture_setup, test_total, fixture_teardown);
  return g_test_run ();
}
