/* test-json.c: JSON that cannot crash or mislead (hl-json-doc.c), through both loaders.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hl-config.h"
#include "hl-json-doc.h"
#include "hl-survey.h"
#include "hl-test-util.h"

typedef struct {
  const char *name;
  const char *text;
  const char *message;  /* what the error must hold, "FILE:LINE:COLUMN: …"; NULL: the text loads */
} Case;

static const Case cases[] = {
  { "nul", "{\"a\": \"x\\u0000y\"}", "t.json:1:9: \\u0000 (a NUL character) is not allowed" },
  { "after-object", "{\"a\": 1}\n{}", "t.json:2:1: text after the end of the JSON document" },
  { "after-array", "[1]  x", "t.json:1:6: text after the end of the JSON document" },
  { "lone-low", "{\"a\": \"\\udc00\"}", "t.json:1:8: a lone UTF-16 surrogate" },
  { "lone-high", "{\"a\": \"\\ud800x\"}", "t.json:1:8: a lone UTF-16 surrogate" },
  { "high-then-high", "{\"a\": \"\\ud800\\ud800\"}", "t.json:1:8: a lone UTF-16 surrogate" },
  { "raw-control", "{\"a\": \"x\x01y\"}", "t.json:1:9: a control character inside a string" },
  { "duplicate", "{\"a\": 1,\n \"b\": 2,\n \"a\": 3}", "t.json:3:" },
  { "duplicate-nested", "{\"o\": {\"k\": \"v\", \"k\": \"w\"}}", "the key “k” appears twice" },
  /* json-glib quotes the text it stopped at, line break and all: the message stays one line (fuzzing). */
  { "one-line-message", "{\"a\": \"\\ud81\",\n  \"b\": 1}", "t.json:2:" },
  /* json-glib takes a backslash before a line break or a letter JSON has no escape for (fuzzing). */
  { "escaped-line-break", "{\"a\": \"s\\\nx\"}", "t.json:1:9: an escape that JSON does not have" },
  { "unknown-escape", "{\"a\": \"s\\dx\"}", "t.json:1:9: an escape that JSON does not have" },
  { "every-escape", "{\"a\": \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e0\"}", NULL },
  { "pair", "{\"a\": \"\\ud83d\\ude00 \\\\u0000 \\\"\\u00e0\"}", NULL },
  { "same-key-two-objects", "[{\"k\": 1}, {\"k\": 2}]", NULL },
  { "brackets-in-strings", "{\"a\": \"[[[[{{{{\"}", NULL },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlJsonDoc) doc = hl_json_doc_load_data ("t.json", c->text, -1, &error);

  if (c->message == NULL)
    {
      g_assert_no_error (error);
      g_assert_nonnull (doc);
      return;
    }
  g_assert_null (doc);
  g_assert_error (error, HL_JSON_ERROR, HL_JSON_ERROR_SYNTAX);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (strstr (error->message, c->message) == NULL)
    g_error ("expected “%s” in “%s”", c->message, error->message);
}

static char *
nested (guint depth)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

/* 100,000 levels crashed json-glib (SIGSEGV in its recursion) in every loader. */
static void
test_deep (void)
{
  g_autofree char *deep = nested (100000);
  g_autofree char *allowed = nested (HL_JSON_MAX_DEPTH);
  g_autofree char *one_more = nested (HL_JSON_MAX_DEPTH + 1);
  g_autofree char *expected = g_strdup_printf ("t.json:1:%d: nested more than %d levels deep",
                                               HL_JSON_MAX_DEPTH + 1, HL_JSON_MAX_DEPTH);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlJsonDoc) doc = NULL;
  g_autoptr(HlConfig) config = NULL;
  g_autoptr(HlSurvey) survey = NULL;

  doc = hl_json_doc_load_data ("t.json", allowed, -1, &error);
  g_assert_no_error (error);
  g_clear_pointer (&doc, hl_json_doc_free);
  doc = hl_json_doc_load_data ("t.json", one_more, -1, &error);
  g_assert_null (doc);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  config = hl_config_load_data ("t.json", deep, -1, NULL, &error);
  g_assert_null (config);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  survey = hl_survey_load_data ("t.json", deep, -1, NULL, &error);
  g_assert_null (survey);
  g_assert_cmpstr (error->message, ==, expected);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/json/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/json/deep", test_deep);
  return g_test_run ();
}
