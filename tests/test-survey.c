/* test-survey.c: the hailong-survey/1 loader, the shipped survey, and each validation rule at its line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hl-survey.h"
#include "hl-test-util.h"

static void
test_quick_survey (void)
{
  g_autofree char *path = hl_test_source_path ("survey_defs/sipas-quick.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSurvey) survey = hl_survey_load_file (path, NULL, &error);
  HlQuestion *overall, *reasons;
  GPtrArray *options;

  g_assert_no_error (error);
  g_assert_cmpstr (hl_survey_get_id (survey), ==, "sipas-quick");
  g_assert_cmpint (hl_survey_get_version (survey), ==, 1);
  g_assert_cmpint (hl_survey_get_method (survey), ==, HL_INDEX_ELEMENTS_MEAN);
  g_assert_cmpuint (hl_survey_get_n_elements (survey), ==, 5);

  overall = hl_survey_get_first_question (survey);
  g_assert_cmpstr (overall->id, ==, "OVERALL");
  g_assert_true (overall->overall);
  options = hl_question_get_options (overall);
  g_assert_cmpuint (options->len, ==, 4);
  /* Four faces, no neutral one, the most satisfied first. */
  g_assert_cmpstr (hl_text_get (((HlOption *) options->pdata[0])->label, "vi"), ==, "Rất hài lòng");
  g_assert_cmpstr (hl_text_get (((HlOption *) options->pdata[1])->label, "vi"), ==, "Hài lòng");
  g_assert_cmpstr (hl_text_get (((HlOption *) options->pdata[2])->label, "vi"), ==, "Không hài lòng");
  g_assert_cmpstr (hl_text_get (((HlOption *) options->pdata[3])->label, "vi"), ==, "Rất không hài lòng");
  g_assert_cmpstr (hl_text_get (((HlOption *) options->pdata[3])->label, "en"), ==, "Very dissatisfied");
  g_assert_true (((HlOption *) options->pdata[1])->satisfied);
  g_assert_false (((HlOption *) options->pdata[2])->satisfied);
  g_assert_cmpfloat (hl_option_mood (overall, 0), ==, 1.0);
  g_assert_cmpfloat (hl_option_mood (overall, 3), ==, 0.0);
  /* A language the survey lacks falls back to Vietnamese. */
  g_assert_cmpstr (hl_text_get (overall->text, "hmn"), ==, "Ông/bà có hài lòng với sự phục vụ hôm nay?");

  reasons = hl_survey_lookup_question (survey, "REASONS");
  g_assert_nonnull (reasons);
  g_assert_cmpint (reasons->type, ==, HL_QUESTION_CHOICE);
  g_assert_true (reasons->multiple);
  g_assert_true (reasons->show_if_question == overall);
  g_assert_cmpint (reasons->show_if_satisfied, ==, FALSE);
  options = hl_question_get_options (reasons);
  g_assert_cmpuint (options->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *element = g_strdup_printf ("E%u", i + 1);

      g_assert_cmpstr (((HlOption *) options->pdata[i])->element, ==, element);
    }
}

/* The full SIPAS questionnaire: the ids, elements and texts of shared/sipas/criteria.tsv, written out here
 * so that a slip in either file shows. */
static void
test_full_survey (void)
{
  /* Criterion i + 1 belongs to element criterion_elements[i] (criteria.tsv). */
  static const char *criterion_elements[22] = {
    "E1", "E1", "E1", "E1",
    "E2", "E2", "E2", "E2", "E2",
    "E3", "E3", "E3", "E3", "E3", "E3",
    "E4", "E4", "E4",
    "E5", "E5", "E5", "E5",
  };
  static const char *scale_labels[5] = {
    "Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng",
  };
  g_autofree char *path = hl_test_source_path ("survey_defs/sipas-full.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSurvey) survey = hl_survey_load_file (path, NULL, &error);
  HlQuestion *overall;
  GPtrArray *options;
  guint n_criteria = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (hl_survey_get_id (survey), ==, "sipas-full");
  g_assert_cmpint (hl_survey_get_version (survey), ==, 1);
  g_assert_cmpint (hl_survey_get_method (survey), ==, HL_INDEX_ELEMENTS_MEAN);
  g_assert_cmpuint (hl_survey_get_n_elements (survey), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("E%u", i + 1);

      g_assert_cmpstr (hl_survey_get_element (survey, i)->id, ==, id);
    }
  g_assert_cmpstr (hl_text_get (hl_survey_lookup_element (survey, "E5")->title, "vi"), ==,
                   "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị");

  /* The kiosk's first screen shows the first question: the overall one. */
  overall = hl_survey_get_first_question (survey);
  g_assert_cmpstr (overall->id, ==, "OVERALL");
  g_assert_true (overall->overall);
  g_assert_false (hl_question_is_criterion (overall));
  g_assert_cmpstr (hl_text_get (overall->text, "vi"), ==, "Mức độ hài lòng chung đối với sự phục vụ hành chính");
  g_assert_cmpstr (hl_text_get (overall->text, "en"), ==, "Overall satisfaction with the administrative service");

  /* Five levels written from 5 to 1, the most satisfied first as in the quick survey, so that the faces
   * stand in the same order on every screen; only 4 and 5 count as satisfied. */
  options = hl_question_get_options (overall);
  g_assert_cmpuint (options->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      const HlOption *option = g_ptr_array_index (options, i);

      g_assert_cmpint (option->value, ==, 5 - (int) i);
      g_assert_cmpstr (hl_text_get (option->label, "vi"), ==, scale_labels[i]);
      g_assert_cmpint (option->satisfied, ==, i <= 1);
      g_assert_cmpstr (hl_text_get (option->label, "en"), !=, hl_text_get (option->label, "vi"));
    }

  g_assert_cmpuint (hl_survey_get_n_questions (survey), ==, 23);
  for (guint i = 1; i < hl_survey_get_n_questions (survey); i++)
    {
      HlQuestion *q = hl_survey_get_question (survey, i);
      g_autofree char *id = g_strdup_printf ("C%02u", i);

      /* C01..C22 in order, each a criterion of its element on the same scale. */
      g_assert_cmpstr (q->id, ==, id);
      g_assert_true (hl_question_is_criterion (q));
      g_assert_cmpstr (q->element, ==, criterion_elements[i - 1]);
      g_assert_true (q->scale == overall->scale);
      g_assert_cmpstr (hl_text_get (q->text, "en"), !=, hl_text_get (q->text, "vi"));
      n_criteria++;
    }
  g_assert_cmpuint (n_criteria, ==, 22);
  g_assert_cmpstr (hl_text_get (hl_survey_lookup_question (survey, "C01")->text, "vi"), ==,
                   "Nơi ngồi chờ tại Bộ phận Tiếp nhận và Trả kết quả có đủ chỗ ngồi");
  g_assert_cmpstr (hl_text_get (hl_survey_lookup_question (survey, "C22")->text, "en"), ==,
                   "The agency reports the outcome of complaints promptly");
}

/* A minimal valid survey; each case below changes one thing in it. Line numbers matter: keep the layout. */
static const char *base =
  "{\n"                                                                          /* 1 */
  "  \"format\": \"hailong-survey/1\",\n"                                        /* 2 */
  "  \"id\": \"t\",\n"                                                           /* 3 */
  "  \"version\": 1,\n"                                                          /* 4 */
  "  \"title\": {\"vi\": \"Khảo sát\"},\n"                                       /* 5 */
  "  \"elements\": [{\"id\": \"E1\", \"title\": {\"vi\": \"Yếu tố\"}}],\n"       /* 6 */
  "  \"scales\": [{\"id\": \"s\", \"options\": [\n"                              /* 7 */
  "    {\"value\": 2, \"satisfied\": true, \"label\": {\"vi\": \"Có\"}},\n"       /* 8 */
  "    {\"value\": 1, \"satisfied\": false, \"label\": {\"vi\": \"Không\"}}]}],\n" /* 9 */
  "  \"questions\": [\n"                                                         /* 10 */
  "    {\"id\": \"Q1\", \"type\": \"rating\", \"scale\": \"s\", \"role\": \"overall\", \"text\": {\"vi\": \"Một\"}},\n" /* 11 */
  "    {\"id\": \"Q2\", \"type\": \"rating\", \"scale\": \"s\", \"element\": \"E1\", \"text\": {\"vi\": \"Hai\"}}\n"   /* 12 */
  "  ]\n"                                                                        /* 13 */
  "}\n";

typedef struct {
  const char *name;
  const char *from;     /* replaced in the base text… */
  const char *to;       /* …by this */
  int         line;     /* where the problem must be reported */
  const char *message;  /* a part of the message */
} Case;

static const Case cases[] = {
  { "format", "\"hailong-survey/1\"", "\"hailong-survey/2\"", 2, "format must be" },
  { "id", "\"id\": \"t\"", "\"id\": \"T-1\"", 3, "must match" },
  { "version-zero", "\"version\": 1", "\"version\": 0", 4, "positive integer" },
  { "version-type", "\"version\": 1", "\"version\": \"1\"", 4, "must be an integer" },
  { "title-vi", "{\"vi\": \"Khảo sát\"}", "{\"en\": \"Survey\"}", 5, "Vietnamese" },
  { "unknown-key", "\"version\": 1,", "\"version\": 1, \"verison\": 2,", 4, "unknown key “verison”" },
  { "duplicate-value", "{\"value\": 1, \"satisfied\": false", "{\"value\": 2, \"satisfied\": false", 9,
    "value 2 appears twice" },
  { "no-unsatisfied", "\"satisfied\": false", "\"satisfied\": true", 7, "at least one option" },
  { "duplicate-question", "{\"id\": \"Q2\"", "{\"id\": \"Q1\"", 12, "used twice" },
  { "unknown-scale", "\"scale\": \"s\", \"element\"", "\"scale\": \"x\", \"element\"", 12, "unknown scale “x”" },
  { "unknown-element", "\"element\": \"E1\", \"text\"", "\"element\": \"E9\", \"text\"", 12,
    "unknown element “E9”" },
  { "two-overall", "\"element\": \"E1\", \"text\"", "\"role\": \"overall\", \"text\"", 12, "only one question" },
  { "bad-type", "\"type\": \"rating\", \"scale\": \"s\", \"element\"", "\"type\": \"slider\", \"scale\": \"s\", \"element\"",
    12, "type must be" },
  { "show-if-later", "\"role\": \"overall\", \"text\"",
    "\"role\": \"overall\", \"show_if\": {\"question\": \"Q2\", \"satisfied\": false}, \"text\"", 11,
    "not an earlier question" },
  { "show-if-both", "\"element\": \"E1\", \"text\"",
    "\"show_if\": {\"question\": \"Q1\", \"satisfied\": false, \"in\": [1]}, \"text\"", 12, "exactly one" },
  { "show-if-in-value", "\"element\": \"E1\", \"text\"", "\"show_if\": {\"question\": \"Q1\", \"in\": [7]}, \"text\"",
    12, "no option with value 7" },
  { "method", "\"version\": 1,", "\"version\": 1, \"index\": {\"method\": \"median\"},", 4, "index method" },
  { "syntax", "\"version\": 1,", "\"version\": 1", 4, "Parse error" },
  { "rating-options", "\"element\": \"E1\", \"text\"", "\"options\": [], \"text\"", 12, "takes its options" },
};

static void
test_rule (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GString) text = g_string_new (base);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(HlSurvey) survey = NULL;
  g_autofree char *prefix = g_strdup_printf ("case.json:%d:", c->line);

  g_assert_cmpuint (g_string_replace (text, c->from, c->to, 1), ==, 1);
  survey = hl_survey_load_data ("case.json", text->str, text->len, problems, &error);
  g_assert_null (survey);
  g_assert_nonnull (error);
  g_assert_cmpuint (problems->len, >=, 1);
  /* The first problem is the one this case is about, at its line. */
  if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, c->message) == NULL)
    g_error ("%s: expected “%s… %s”, got “%s”", c->name, prefix, c->message, error->message);
}

static void
test_base_is_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSurvey) survey = hl_survey_load_data ("base.json", base, -1, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (hl_question_is_criterion (hl_survey_lookup_question (survey, "Q2")));
  g_assert_false (hl_question_is_criterion (hl_survey_lookup_question (survey, "Q1")));
}

static void
test_x_keys_allowed (void)
{
  g_autoptr(GString) text = g_string_new (base);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSurvey) survey = NULL;

  g_string_replace (text, "\"version\": 1,", "\"version\": 1, \"x-author\": \"Sở Nội vụ\",", 1);
  survey = hl_survey_load_data ("x.json", text->str, -1, NULL, &error);
  g_assert_no_error (error);
}

static void
test_all_problems_listed (void)
{
  g_autoptr(GString) text = g_string_new (base);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(HlSurvey) survey = NULL;

  g_string_replace (text, "\"id\": \"t\"", "\"id\": \"T\"", 1);
  g_string_replace (text, "\"scale\": \"s\", \"element\"", "\"scale\": \"x\", \"element\"", 1);
  survey = hl_survey_load_data ("two.json", text->str, -1, problems, NULL);
  g_assert_null (survey);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_true (g_str_has_prefix (problems->pdata[0], "two.json:3:"));
  g_assert_true (g_str_has_prefix (problems->pdata[1], "two.json:12:"));
}

/* Option values may be any int: the faces' mood stays in [0, 1] even when their span does not fit one. */
static void
test_mood_extreme_values (void)
{
  g_autoptr(GString) text = g_string_new (base);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSurvey) survey = NULL;
  HlQuestion *q;

  g_string_replace (text, "{\"value\": 2, \"satisfied\": true", "{\"value\": 2000000000, \"satisfied\": true", 1);
  g_string_replace (text, "{\"value\": 1, \"satisfied\": false", "{\"value\": 0, \"satisfied\": false, "
                    "\"label\": {\"vi\": \"Thường\"}}, {\"value\": -2000000000, \"satisfied\": false", 1);
  survey = hl_survey_load_data ("big.json", text->str, -1, NULL, &error);
  g_assert_no_error (error);
  q = hl_survey_lookup_question (survey, "Q1");
  g_assert_cmpfloat (hl_option_mood (q, 0), ==, 1.0);
  g_assert_cmpfloat (hl_option_mood (q, 1), ==, 0.5);
  g_assert_cmpfloat (hl_option_mood (q, 2), ==, 0.0);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSurvey) survey = hl_survey_load_file ("/nonexistent/survey.json", NULL, &error);

  g_assert_null (survey);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/survey.json:"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/survey/quick", test_quick_survey);
  g_test_add_func ("/survey/full", test_full_survey);
  g_test_add_func ("/survey/base-valid", test_base_is_valid);
  g_test_add_func ("/survey/x-keys", test_x_keys_allowed);
  g_test_add_func ("/survey/all-problems", test_all_problems_listed);
  g_test_add_func ("/survey/missing-file", test_missing_file);
  g_test_add_func ("/survey/mood-extreme-values", test_mood_extreme_values);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/survey/rule/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_rule);
    }
  return g_test_run ();
}
