/* fuzz-survey.c: libFuzzer target for the hailong-survey/1 loader (hl_survey_load_data).
 *
 * Built and run by run-fuzz.sh. Besides the sanitizers' findings, it checks what the loader promises:
 * a survey or an error, never both or neither; every problem named at "FILE:" on one line; and a loaded
 * survey whose questions, options and elements can all be read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hl-survey.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
walk (HlSurvey *survey)
{
  for (guint e = 0; e < hl_survey_get_n_elements (survey); e++)
    if (hl_survey_lookup_element (survey, hl_survey_get_element (survey, e)->id) == NULL)
      abort ();
  for (guint q = 0; q < hl_survey_get_n_questions (survey); q++)
    {
      HlQuestion *question = hl_survey_get_question (survey, q);
      GPtrArray *options = hl_question_get_options (question);

      if (question->position != q || hl_survey_lookup_question (survey, question->id) != question)
        abort ();
      for (guint o = 0; options != NULL && o < options->len; o++)
        {
          const HlOption *option = g_ptr_array_index (options, o);
          double mood = question->type == HL_QUESTION_RATING ? hl_option_mood (question, o) : 0.5;

          if (hl_question_lookup_option (question, option->value) == NULL || !(mood >= 0.0 && mood <= 1.0))
            abort ();
          (void) hl_text_get (option->label, "en");
        }
      (void) hl_text_get (question->text, "hmn");
    }
  (void) hl_survey_get_first_question (survey);
  (void) hl_index_method_to_string (hl_survey_get_method (survey));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSurvey) survey = NULL;

  survey = hl_survey_load_data ("fuzz.json", (const char *) data, (gssize) size, problems, &error);
  if ((survey == NULL) == (error == NULL))
    abort ();
  if (survey == NULL && problems->len == 0)
    abort ();
  for (guint i = 0; i < problems->len; i++)
    if (!g_str_has_prefix (problems->pdata[i], "fuzz.json:") || strchr (problems->pdata[i], '\n') != NULL)
      abort ();
  if (survey != NULL)
    walk (survey);
  return 0;
}
