/* test-config.c: the kiosk configuration, the shipped demo, and its errors at their lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hl-config.h"
#include "hl-survey.h"
#include "hl-test-util.h"

static void
test_demo (void)
{
  g_autofree char *path = hl_test_source_path ("data/demo/kiosk.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = hl_config_load_file (path, NULL, &error);
  const HlCodeName *proc;

  g_assert_no_error (error);
  g_assert_cmpstr (config->unit_code, ==, "LC-XA-BACHA");
  g_assert_cmpint (config->unit_level, ==, HL_UNIT_COMMUNE);
  g_assert_cmpstr (config->unit_parent, ==, "LC");
  g_assert_null (config->unit_successor);
  g_assert_cmpstr (hl_text_get (config->unit_name, "vi"), ==, "Trung tâm Phục vụ hành chính công xã Bắc Hà");
  g_assert_cmpstr (config->counter_code, ==, "Q02");
  g_assert_cmpstr (config->officer_on_duty, ==, "CB01");
  g_assert_cmpstr (hl_config_lookup_officer (config, "CB01")->name, ==, "Giàng Thị Mai");
  g_assert_cmpstr (config->survey_id, ==, "sipas-quick");
  g_assert_cmpint (config->survey_version, ==, 1);
  g_assert_cmpuint (config->procedures->len, ==, 3);
  proc = hl_config_lookup_procedure (config, "1.004227");
  g_assert_cmpstr (proc->field, ==, "DD");
  g_assert_cmpstr (hl_text_get (hl_config_lookup_field (config, "DD")->name, "vi"), ==, "Đất đai");
  g_assert_cmpuint (config->idle_timeout, ==, 30);
  g_assert_cmpuint (config->response_interval, ==, 10);

  /* Demo mode shortens the thank-you page and the response interval, and nothing else. */
  hl_config_use_demo_timing (config);
  g_assert_cmpuint (config->response_interval, ==, 2);
  g_assert_cmpuint (config->thanks_timeout, ==, 2);
  g_assert_cmpuint (config->idle_timeout, ==, 30);
}

static const char *base =
  "{\n"                                                                                    /* 1 */
  "  \"format\": \"hailong-kiosk/1\",\n"                                                   /* 2 */
  "  \"unit\": {\"code\": \"U1\", \"name\": {\"vi\": \"Trung tâm\"}, \"level\": \"province\"},\n" /* 3 */
  "  \"counter\": {\"code\": \"Q1\", \"name\": {\"vi\": \"Quầy 1\"}, \"officer\": \"A\"},\n" /* 4 */
  "  \"survey\": {\"id\": \"sipas-quick\", \"version\": 1},\n"                             /* 5 */
  "  \"fields\": [{\"code\": \"F\", \"name\": {\"vi\": \"Lĩnh vực\"}}],\n"                 /* 6 */
  "  \"procedures\": [{\"code\": \"P\", \"field\": \"F\", \"name\": {\"vi\": \"Thủ tục\"}}],\n" /* 7 */
  "  \"officers\": [{\"code\": \"A\", \"name\": \"Nguyễn An\"}],\n"                       /* 8 */
  "  \"idle_timeout\": 30\n"                                                               /* 9 */
  "}\n";

typedef struct {
  const char *name, *from, *to;
  int         line;
  const char *message;
} Case;

static const Case cases[] = {
  { "format", "hailong-kiosk/1", "hailong-kiosk/9", 2, "format must be" },
  { "level", "\"province\"", "\"district\"", 3, "level must be" },
  { "commune-parent", "\"province\"", "\"commune\"", 3, "needs its \"parent\"" },
  { "own-successor", "\"level\": \"province\"", "\"level\": \"province\", \"successor\": \"U1\"", 3, "own successor" },
  { "unknown-officer", "\"officer\": \"A\"", "\"officer\": \"B\"", 4, "unknown officer “B”" },
  { "unknown-field", "\"field\": \"F\"", "\"field\": \"G\"", 7, "unknown field “G”" },
  { "duplicate-officer", "\"name\": \"Nguyễn An\"}]", "\"name\": \"Nguyễn An\"},\n {\"code\": \"A\", \"name\": \"B\"}]",
    9, "listed twice" },
  { "timeout-range", "\"idle_timeout\": 30", "\"idle_timeout\": 1", 9, "between 5 and 600" },
  { "code-chars", "\"code\": \"Q1\"", "\"code\": \"Q 1\"", 4, "may hold only" },
  { "missing-counter", "  \"counter\": {\"code\": \"Q1\", \"name\": {\"vi\": \"Quầy 1\"}, \"officer\": \"A\"},\n", "",
    1, "“counter” is missing" },
  { "unknown-key", "\"idle_timeout\": 30", "\"idle_timout\": 30", 9, "unknown key" },
  { "target-range", "\"idle_timeout\": 30", "\"idle_timeout\": 30, \"targets\": {\"default\": 101}", 9,
    "“default” is a percentage, from 0 to 100" },
  { "target-type", "\"idle_timeout\": 30", "\"idle_timeout\": 30, \"targets\": {\"default\": \"90\"}", 9,
    "must be a number" },
  { "target-unknown-field", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"targets\": {\"fields\": {\"G\": 80}}",
    10, "unknown field “G”: list it under \"fields\"" },
  { "target-key", "\"idle_timeout\": 30", "\"idle_timeout\": 30, \"targets\": {\"defualt\": 90}", 9,
    "unknown key “defualt”" },
  { "min-sample", "\"idle_timeout\": 30", "\"idle_timeout\": 30, \"min_sample\": 0", 9, "between 1 and 1000000" },
  /* The kiosk refused an arming key GDK does not know while `hailong validate` accepted it. */
  { "arming-key", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"armed\": {\"required\": true, \"key\": \"F99\"}",
    10, "the arming key “F99” is not a key name" },
  { "arming-key-space", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"armed\": {\"key\": \" F9\"}",
    10, "the arming key “ F9” is not a key name" },
  { "duplicate-key", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"idle_timeout\": 5", 10,
    "the key “idle_timeout” appears twice" },
  /* A value quoted in a message stays on the message's line (found by fuzzing). */
  { "one-line", "\"province\"", "\"pro\\nvince\"", 3, "not “pro\\u000avince”" },
  /* Opening hours and dimming (hl-config-hours.c). */
  { "hours-type", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"opening_hours\": {\"mon\": \"07:30\"}",
    10, "“opening_hours” must be a list" },
  { "hours-empty", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"opening_hours\": []",
    10, "lists no hours: leave it out" },
  { "hours-time", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"opening_hours\": [{\"days\": [\"mon\"], \"open\": \"7:30\", \"close\": \"11:30\"}]",
    10, "“open” must be a time of day as HH:MM (00:00 to 24:00), not “7:30”" },
  { "hours-past-midnight", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"opening_hours\": [{\"days\": [\"mon\"], \"open\": \"07:30\", \"close\": \"24:30\"}]",
    10, "“close” must be a time of day" },
  { "hours-order", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"opening_hours\": [{\"days\": [\"mon\"], \"open\": \"11:30\", \"close\": \"07:30\"}]",
    10, "closes (“close”) after it opens" },
  { "hours-missing", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"opening_hours\": [{\"days\": [\"mon\"], \"open\": \"07:30\"}]",
    10, "“close” is missing" },
  { "hours-no-day", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"opening_hours\": [{\"days\": [], \"open\": \"07:30\", \"close\": \"11:30\"}]",
    10, "“days” lists no day" },
  { "hours-day-name", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"opening_hours\": [{\"days\": [\"mon\",\n \"thursday\"], \"open\": \"07:30\", \"close\": \"11:30\"}]",
    11, "a day is one of \"mon\"" },
  { "hours-day-twice", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"opening_hours\": [{\"days\": [\"mon\", \"tue\",\n \"mon\"], \"open\": \"07:30\", \"close\": \"11:30\"}]",
    11, "“mon” is listed twice" },
  { "hours-overlap", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"opening_hours\": [{\"days\": [\"mon\", \"tue\"], \"open\": \"07:30\", \"close\": \"11:30\"},\n {\"days\": [\"tue\"], \"open\": \"11:00\", \"close\": \"17:00\"}]",
    11, "on “tue” these hours overlap hours listed before" },
  { "hours-key", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"opening_hours\": [{\"days\": [\"mon\"], \"open\": \"07:30\", \"close\": \"11:30\", \"lunch\": \"12:00\"}]",
    10, "unknown key “lunch”" },
  { "dim-range", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"dim_after\": 300",
    10, "“dim_after” must be between 0 (never) and 240 minutes" },
  { "survey-version-text", "\"version\": 1}", "\"version\": 1, \"id\": \"other\"}", 5, "appears twice" },
  /* The thank-you page's feedback address and sounds. */
  { "feedback-scheme", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"feedback_url\": \"ftp://x/{unit}\"", 10,
    "must start with https:// or http://" },
  { "feedback-placeholder", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"feedback_url\": \"https://x/{quay}\"",
    10, "“{quay}”, but only {unit}, {counter} and {procedure}" },
  { "feedback-brace", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"feedback_url\": \"https://x/{unit\"", 10,
    "only {unit}, {counter} and {procedure}" },
  { "feedback-type", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"feedback_url\": 7", 10, "feedback_url" },
  { "sound-key", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"sound\": {\"tapp\": true}", 10,
    "unknown key “tapp”" },
  { "sound-type", "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n \"sound\": {\"thanks\": \"yes\"}", 10, "thanks" },
};

static void
test_rule (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GString) text = g_string_new (base);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = NULL;
  g_autofree char *prefix = g_strdup_printf ("kiosk.json:%d:", c->line);

  g_assert_cmpuint (g_string_replace (text, c->from, c->to, 1), ==, 1);
  config = hl_config_load_data ("kiosk.json", text->str, -1, NULL, &error);
  g_assert_null (config);
  g_assert_nonnull (error);
  g_assert_null (strchr (error->message, '\n'));
  if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, c->message) == NULL)
    g_error ("%s: expected “%s… %s”, got “%s”", c->name, prefix, c->message, error->message);
}

/* "feedback_url" and "sound": off when absent; a bad address is named at its line and column. */
static void
test_thanks (void)
{
  g_autoptr(GString) text = g_string_new (base);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = NULL;
  g_autoptr(HlConfig) plain = hl_config_load_data ("kiosk.json", base, -1, NULL, NULL);

  g_assert_null (plain->feedback_url);
  g_assert_false (plain->sound_tap);
  g_assert_false (plain->sound_thanks);
  g_string_replace (text, "\"idle_timeout\": 30",
                    "\"idle_timeout\": 30,\n  \"feedback_url\": \"https://dvc.example.vn/pakn?dv={unit}&q={counter}"
                    "&tt={procedure}\",\n  \"sound\": {\"tap\": true, \"thanks\": true}", 1);
  config = hl_config_load_data ("kiosk.json", text->str, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->feedback_url, ==, "https://dvc.example.vn/pakn?dv={unit}&q={counter}&tt={procedure}");
  g_assert_true (config->sound_tap);
  g_assert_true (config->sound_thanks);

  g_string_assign (text, base);
  g_string_replace (text, "\"idle_timeout\": 30", "\"idle_timeout\": 30,\n  \"feedback_url\": \"https://x/{quay}\"", 1);
  g_clear_pointer (&config, hl_config_unref);
  config = hl_config_load_data ("kiosk.json", text->str, -1, NULL, &error);
  g_assert_null (config);
  /* The column where every member's problem is named (hl_diagnostics_at_member()). */
  g_assert_cmpstr (error->message, ==, "kiosk.json:10:36: the feedback address has “{quay}”, but only {unit}, "
                   "{counter} and {procedure} can be filled in");
}

static void
test_base_is_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = hl_config_load_data ("kiosk.json", base, -1, NULL, &error);

  g_assert_no_error (error);
  /* Defaults where the file says nothing. */
  g_assert_cmpuint (config->thanks_timeout, ==, 5);
  g_assert_cmpuint (config->response_interval, ==, 10);
  g_assert_cmpstr (config->language, ==, "vi");
  g_assert_cmpfloat (config->target, ==, 90.0);
  g_assert_cmpuint (config->min_sample, ==, 30);
}

/* Targets: a field's own, else 85 % for a land, construction or investment field (known by its
 * Vietnamese name, in any case or normal form), else the default; without a configuration 90 %. */
static void
test_targets (void)
{
  g_autoptr(GString) text = g_string_new (base);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = NULL;
  g_autoptr(HlConfig) plain = hl_config_load_data ("kiosk.json", base, -1, NULL, NULL);

  g_string_replace (text, "[{\"code\": \"F\", \"name\": {\"vi\": \"Lĩnh vực\"}}]",
                    "[{\"code\": \"F\", \"name\": {\"vi\": \"Lĩnh vực\"}},"
                    " {\"code\": \"DD\", \"name\": {\"vi\": \"Đất đai\"}},"
                    " {\"code\": \"XD\", \"name\": {\"vi\": \"XÂY DỰNG\"}},"
                    " {\"code\": \"DT\", \"name\": {\"vi\": \"Kế hoạch và \u0110a\u0302\u0300u tư\"}},"
                    " {\"code\": \"MT\", \"name\": {\"vi\": \"Môi trường\"}}]", 1);
  g_string_replace (text, "\"idle_timeout\": 30",
                    "\"idle_timeout\": 30, \"targets\": {\"default\": 95, \"fields\": {\"F\": 87.5, \"XD\": 80}},"
                    " \"min_sample\": 12", 1);
  config = hl_config_load_data ("kiosk.json", text->str, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (config->min_sample, ==, 12);
  g_assert_cmpfloat (hl_config_get_target (config, NULL), ==, 95.0);
  g_assert_cmpfloat (hl_config_get_target (config, "F"), ==, 87.5);
  g_assert_cmpfloat (hl_config_get_target (config, "XD"), ==, 80.0);   /* its own wins over the 85 % rule */
  g_assert_cmpfloat (hl_config_get_target (config, "DD"), ==, 85.0);
  g_assert_cmpfloat (hl_config_get_target (config, "DT"), ==, 85.0);   /* written decomposed */
  g_assert_cmpfloat (hl_config_get_target (config, "MT"), ==, 95.0);
  g_assert_cmpfloat (hl_config_get_target (config, "ZZ"), ==, 95.0);   /* not listed: the default */
  g_assert_cmpfloat (hl_config_get_target (plain, "F"), ==, 90.0);
  g_assert_cmpfloat (hl_config_get_target (NULL, "DD"), ==, 90.0);
}

/* The checks the kiosk makes after loading, which `hailong validate` makes too (hl_config_find_surveys):
 * each names the file at fault, at its line. */
static void
test_find_surveys (void)
{
  g_autofree char *tmp = hl_test_tmpdir ();
  g_autofree char *surveys = g_build_filename (tmp, "surveys", NULL);
  g_autofree char *quick_path = hl_test_source_path ("survey_defs/sipas-quick.json");
  g_autofree char *quick = NULL;
  g_autoptr(GString) text = g_string_new (base);
  g_autoptr(GString) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = NULL;
  g_autoptr(HlConfig) config_v2 = NULL;
  g_autoptr(HlSurvey) survey = NULL;
  g_autoptr(HlSurvey) detailed = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expected = NULL;
  g_autofree char *missing = g_build_filename (tmp, "nope", NULL);
  g_autofree char *a_path = NULL, *b_path = NULL, *broken_path = NULL, *deep_path = NULL;
  GString *deep = g_string_new (NULL);

  g_assert_true (g_file_get_contents (quick_path, &quick, NULL, NULL));
  g_assert_cmpint (g_mkdir (surveys, 0700), ==, 0);
  a_path = hl_test_write (surveys, "a.json", quick);
  /* One file nested 100,000 deep: before, it crashed every search of the folder. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  deep_path = hl_test_write (surveys, "deep.json", deep->str);
  g_string_free (deep, TRUE);

  config = hl_config_load_data ("t.json", base, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hl_config_find_surveys (config, surveys, &survey, &detailed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hl_survey_get_id (survey), ==, "sipas-quick");
  g_assert_null (detailed);
  g_clear_object (&survey);

  /* A version the folder does not have: at the configuration's "survey". */
  g_string_replace (text, "\"version\": 1}", "\"version\": 2}", 1);
  config_v2 = hl_config_load_data ("t.json", text->str, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (hl_config_find_surveys (config_v2, surveys, &survey, NULL, problems, &error));
  expected = g_strdup_printf ("t.json:5:13: no definition of survey “sipas-quick” version 2 in %s", surveys);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_error (error, HL_SURVEY_ERROR, HL_SURVEY_ERROR_NOT_FOUND);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (problems->pdata[0], ==, error->message);
  g_clear_error (&error);
  g_clear_pointer (&expected, g_free);

  /* A missing folder is named as such, not blamed on the configuration. */
  g_assert_false (hl_config_find_surveys (config, missing, &survey, NULL, NULL, &error));
  expected = g_strdup_printf ("%s: no such folder of survey definitions", missing);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_clear_pointer (&expected, g_free);

  /* The same definition twice is harmless; two different ones are refused, naming both files. */
  b_path = hl_test_write (surveys, "b.json", quick);
  g_assert_true (hl_config_find_surveys (config, surveys, &survey, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&survey);
  other = g_string_new (quick);
  g_string_replace (other, "\"satisfied\": false, \"label\": {\"vi\": \"Không hài lòng\"",
                    "\"satisfied\": true, \"label\": {\"vi\": \"Không hài lòng\"", 1);
  g_assert_cmpstr (other->str, !=, quick);
  g_clear_pointer (&b_path, g_free);
  b_path = hl_test_write (surveys, "b.json", other->str);
  g_assert_false (hl_config_find_surveys (config, surveys, &survey, NULL, NULL, &error));
  g_assert_error (error, HL_SURVEY_ERROR, HL_SURVEY_ERROR_AMBIGUOUS);
  expected = g_strdup_printf ("t.json:5:13: %s and %s are two different definitions of survey “sipas-quick” version 1",
                              a_path, b_path);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_clear_error (&error);
  g_clear_pointer (&expected, g_free);
  g_unlink (b_path);

  /* A broken file of the survey is named with its own line and reason, then the configuration. */
  g_string_assign (other, quick);
  g_string_replace (other, "\"scale\": \"sat4\"", "\"scale\": \"sat5\"", 1);
  broken_path = hl_test_write (surveys, "c.json", other->str);
  g_assert_false (hl_config_find_surveys (config, surveys, &survey, NULL, NULL, &error));
  g_assert_error (error, HL_SURVEY_ERROR, HL_SURVEY_ERROR_INVALID);
  expected = g_strdup_printf ("%s:25:", broken_path);
  if (!g_str_has_prefix (error->message, expected) || strstr (error->message, "unknown scale “sat5”") == NULL
      || !g_str_has_suffix (error->message, "(survey “sipas-quick” version 1, named at t.json:5:13)"))
    g_error ("got “%s”", error->message);

  hl_test_rm_rf (tmp);
}

/* Valid opening hours: read as periods per day of the week, a closing time of 24:00 allowed; the centre
 * is open from the opening minute to just before the closing one, and opens next on the next period. */
static void
test_opening_hours (void)
{
  g_autoptr(GString) text = g_string_new (base);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = NULL;
  g_autoptr(HlConfig) always = hl_config_load_data ("kiosk.json", base, -1, NULL, NULL);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GDateTime) friday_evening = g_date_time_new (tz, 2026, 7, 17, 23, 59, 59);
  g_autoptr(GDateTime) saturday = g_date_time_new (tz, 2026, 7, 18, 8, 0, 0);
  g_autoptr(GDateTime) monday_early = g_date_time_new (tz, 2026, 7, 20, 7, 29, 59);
  g_autoptr(GDateTime) monday_open = g_date_time_new (tz, 2026, 7, 20, 7, 30, 0);
  g_autoptr(GDateTime) next = NULL;
  const HlOpeningPeriod *p;

  g_string_replace (text, "\"idle_timeout\": 30",
                    "\"idle_timeout\": 30, \"dim_after\": 0, \"opening_hours\": ["
                    "{\"days\": [\"mon\", \"fri\"], \"open\": \"07:30\", \"close\": \"11:30\"},"
                    "{\"days\": [\"fri\"], \"open\": \"13:30\", \"close\": \"24:00\"}]", 1);
  config = hl_config_load_data ("kiosk.json", text->str, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (config->dim_after, ==, 0);
  g_assert_cmpuint (always->dim_after, ==, 10);  /* the default */
  g_assert_null (always->opening_hours);
  g_assert_true (hl_config_is_open (always, monday_early));
  g_assert_cmpuint (config->opening_hours->len, ==, 3);
  p = g_ptr_array_index (config->opening_hours, 2);
  g_assert_cmpint (p->day, ==, 5);
  g_assert_cmpint (p->open, ==, 13 * 60 + 30);
  g_assert_cmpint (p->close, ==, 24 * 60);

  g_assert_true (hl_config_is_open (config, friday_evening));
  g_assert_false (hl_config_is_open (config, saturday));
  g_assert_false (hl_config_is_open (config, monday_early));
  g_assert_true (hl_config_is_open (config, monday_open));
  next = hl_config_next_opening (config, saturday);
  g_assert_true (g_date_time_equal (next, monday_open));
  g_clear_pointer (&next, g_date_time_unref);
  next = hl_config_next_opening (config, monday_early);
  g_assert_true (g_date_time_equal (next, monday_open));
  g_assert_null (hl_config_next_opening (always, saturday));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/config/demo", test_demo);
  g_test_add_func ("/config/base-valid", test_base_is_valid);
  g_test_add_func ("/config/targets", test_targets);
  g_test_add_func ("/config/thanks", test_thanks);
  g_test_add_func ("/config/opening-hours", test_opening_hours);
  g_test_add_func ("/config/find-surveys", test_find_surveys);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/config/rule/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_rule);
    }
  return g_test_run ();
}
