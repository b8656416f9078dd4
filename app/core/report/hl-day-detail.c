/* hl-day-detail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-day-detail"

#include "config.h"

#include <string.h>

#include "hl-day-detail.h"
#include "hl-store-day.h"

typedef struct {
  HlStore    *store;
  GHashTable *surveys;    /* "id\x1fversion" -> HlSurvey* (or NULL when it cannot be loaded) */
  GHashTable *elements;   /* element id -> gint64* answers */
  GError     *error;      /* the first failure; rows after it are skipped */
} Folding;

/* A survey that could not be loaded is kept as NULL, so that it is asked for once. */
static void
survey_unref (gpointer survey)
{
  if (survey != NULL)
    g_object_unref (survey);
}

static HlSurvey *
get_survey (Folding          *f,
            const HlCountRow *row)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%d", row->survey_id, row->survey_version);
  HlSurvey *survey;

  if (g_hash_table_lookup_extended (f->surveys, key, NULL, (gpointer *) &survey))
    return survey;
  survey = hl_store_load_survey (f->store, row->survey_id, row->survey_version, &f->error);
  g_hash_table_insert (f->surveys, g_steal_pointer (&key), survey);
  return survey;
}

/* An answer to a choice option that points at an element counts for that element. */
static void
fold_cb (const HlCountRow *row,
         gpointer          user_data)
{
  Folding *f = user_data;
  HlSurvey *survey;
  HlQuestion *question;
  const HlOption *option;
  gint64 *answers;

  if (f->error != NULL || *row->question_id == '\0')
    return;
  if ((survey = get_survey (f, row)) == NULL)
    return;
  question = hl_survey_lookup_question (survey, row->question_id);
  if (question == NULL || question->type != HL_QUESTION_CHOICE)
    return;
  option = hl_question_lookup_option (question, row->value);
  if (option == NULL || option->element == NULL)
    return;
  answers = g_hash_table_lookup (f->elements, option->element);
  if (answers == NULL)
    {
      answers = g_new0 (gint64, 1);
      g_hash_table_insert (f->elements, g_strdup (option->element), answers);
    }
  *answers += row->n;
}

static int
compare_reasons (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (((const HlReasonCount *) a)->element, ((const HlReasonCount *) b)->element);
}

static void
clear_reason (gpointer data)
{
  g_free (((HlReasonCount *) data)->element);
}

HlDayDetail *
hl_day_detail_compute (HlStore     *store,
                       const char  *day,
                       const char  *kiosk_id,
                       const char  *counter,
                       gint64       from_utc,
                       gint64       to_utc,
                       GError     **error)
{
  g_autoptr(HlDayDetail) detail = g_new0 (HlDayDetail, 1);
  g_autoptr(GHashTable) surveys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, survey_unref);
  g_autoptr(GHashTable) elements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Folding f = { store, surveys, elements, NULL };
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (store != NULL && day != NULL, NULL);

  if (!hl_store_foreach_count (store, day, day, fold_cb, &f, error))
    return NULL;
  if (f.error != NULL)
    {
      g_propagate_error (error, f.error);
      return NULL;
    }
  detail->reasons = g_array_new (FALSE, FALSE, sizeof (HlReasonCount));
  g_array_set_clear_func (detail->reasons, clear_reason);
  g_hash_table_iter_init (&iter, elements);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      HlReasonCount reason = { g_strdup (key), *(gint64 *) value };

      g_array_append_val (detail->reasons, reason);
      detail->reasons_total += reason.answers;
    }
  g_array_sort (detail->reasons, compare_reasons);

  if (kiosk_id != NULL && counter != NULL
      && !hl_store_count_hours (store, kiosk_id, counter, from_utc, to_utc, detail->counted, detail->repeats, error))
    return NULL;
  for (guint h = 0; h < 24; h++)
    detail->repeats_total += detail->repeats[h];
  return g_steal_pointer (&detail);
}

void
hl_day_detail_free (HlDayDetail *detail)
{
  if (detail == NULL)
    return;
  g_clear_pointer (&detail->reasons, g_array_unref);
  g_free (detail);
}
