/* hl-index.c: the index as the province computes it (FORMATS.md §4, shared/sipas/METHOD.md).
 *
 * It reads the rollups (hl_store_foreach_count, and by month hl_store_foreach_month_count), never the
 * answers themselves, so that a year of a busy centre is a few tens of thousands of rows at most.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-index"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <stdio.h>

#include "hl-config.h"
#include "hl-csv.h"
#include "hl-index.h"
#include "hl-index-private.h"
#include "hl-json-write.h"
#include "hl-province.h"
#include "hl-survey.h"

#define WILSON_Z 1.96

static const char *key_names[HL_N_KEYS] = {
  "unit", "counter", "officer", "procedure", "field", "kiosk", "day", "month", "quarter",
};

/* Column headings of the table, for supervisors: in Vietnamese. */
static const char *key_headings[HL_N_KEYS] = {
  "Đơn vị", "Quầy", "Cán bộ", "Thủ tục", "Lĩnh vực", "Kiosk", "Ngày", "Tháng", "Quý",
};

typedef struct {
  gint64 n;
  gint64 satisfied;
} Count;

/* What one group has seen, before the survey definitions give it meaning. */
typedef struct {
  HlIndexRow  row;
  GHashTable *counts;  /* "survey\x1fversion\x1fquestion\x1fvalue" -> gint64* */
  GHashTable *burst_counts;  /* the same, for the responses flagged as bursts only */
} Group;

struct _HlIndex {
  char          *from;
  char          *to;
  GArray        *keys;       /* HlKey */
  GPtrArray     *rows;       /* Group*, sorted */
  GHashTable    *groups;     /* joined key values -> Group* (borrowed from rows) */
  GHashTable    *surveys;    /* "survey\x1fversion" -> HlSurvey* */
  HlIndexMethod  method;
  guint          min_sample; /* overall answers below which a row is too small to rank */
  HlStore       *store;      /* borrowed during hl_index_compute() only */
  GString       *scratch;    /* during hl_index_compute() only: the keys of the rollup row being added */
  gboolean       adding_bursts; /* during hl_index_compute(): the rows come from the burst rollups */
  int            sign;       /* during hl_index_compute(): 1, or -1 for rows taken away (plan_period) */
  GError        *error;      /* the first error met while reading rows */
  GHashTable    *unit_map;   /* during hl_index_compute_mapped() only: unit code -> the code it counts
                              * under (a roll-up of the province's hierarchy), borrowed */
};

G_DEFINE_QUARK (hl-index-error-quark, hl_index_error)

const char *
hl_key_to_string (HlKey key)
{
  g_return_val_if_fail (key < HL_N_KEYS, NULL);
  return key_names[key];
}

GArray *
hl_index_parse_keys (const char  *spec,
                     GError     **error)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (HlKey));
  g_auto(GStrv) parts = NULL;

  if (spec == NULL || *spec == '\0')
    return g_steal_pointer (&keys);
  parts = g_strsplit (spec, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *name = g_strstrip (parts[i]);
      HlKey key = HL_N_KEYS;

      for (guint k = 0; k < HL_N_KEYS; k++)
        if (g_str_equal (name, key_names[k]))
          key = k;
      if (key == HL_N_KEYS)
        {
          g_set_error (error, HL_INDEX_ERROR, HL_INDEX_ERROR_BAD_KEY,
                       "unknown key “%s” in --by: use unit, counter, officer, procedure, field, kiosk, day, month "
                       "or quarter", name);
          return NULL;
        }
      for (guint j = 0; j < keys->len; j++)
        if (g_array_index (keys, HlKey, j) == key)
          {
            g_set_error (error, HL_INDEX_ERROR, HL_INDEX_ERROR_BAD_KEY, "key “%s” is given twice in --by", name);
            return NULL;
          }
      g_array_append_val (keys, key);
    }
  return g_steal_pointer (&keys);
}

/* YYYY-MM-DD, and a real date. */
gboolean
hl_index_check_date (const char  *date,
                     GError     **error)
{
  guint y, m, d;
  char end;

  if (date == NULL || strlen (date) != 10 || sscanf (date, "%4u-%2u-%2u%c", &y, &m, &d, &end) != 3
      || date[4] != '-' || date[7] != '-' || !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, HL_INDEX_ERROR, HL_INDEX_ERROR_BAD_DATE, "“%s” is not a date of the form YYYY-MM-DD",
                   date ? date : "");
      return FALSE;
    }
  return TRUE;
}

/* The Wilson score interval at 95 %: unlike p ± z·se it stays inside [0, 100] and is honest for the
 * small counts a single officer gets in a day. */
void
hl_wilson_interval (gint64  satisfied,
                    gint64  n,
                    double *low,
                    double *high)
{
  double p, z2, denom, centre, half;

  if (n <= 0)
    {
      *low = *high = NAN;
      return;
    }
  p = (double) satisfied / n;
  z2 = WILSON_Z * WILSON_Z;
  denom = 1.0 + z2 / n;
  centre = (p + z2 / (2.0 * n)) / denom;
  half = WILSON_Z * sqrt (p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denom;
  *low = 100.0 * MAX (0.0, centre - half);
  *high = 100.0 * MIN (1.0, centre + half);
}

static void
rate_finish (HlRate *rate)
{
  rate->rate = rate->n > 0 ? 100.0 * rate->satisfied / rate->n : NAN;
  hl_wilson_interval (rate->satisfied, rate->n, &rate->ci_low, &rate->ci_high);
}

static void
group_free (gpointer data)
{
  Group *group = data;

  for (guint k = 0; k < HL_N_KEYS; k++)
    g_free (group->row.key[k]);
  g_clear_pointer (&group->row.criteria, g_tree_destroy);
  g_clear_pointer (&group->row.elements, g_tree_destroy);
  g_clear_pointer (&group->counts, g_hash_table_unref);
  g_clear_pointer (&group->burst_counts, g_hash_table_unref);
  g_free (group);
}

void
hl_index_free (HlIndex *index)
{
  if (index == NULL)
    return;
  g_free (index->from);
  g_free (index->to);
  g_clear_pointer (&index->keys, g_array_unref);
  g_clear_pointer (&index->groups, g_hash_table_unref);
  g_clear_pointer (&index->rows, g_ptr_array_unref);
  g_clear_pointer (&index->surveys, g_hash_table_unref);
  if (index->scratch != NULL)
    g_string_free (index->scratch, TRUE);
  g_clear_error (&index->error);
  g_free (index);
}

/* A year of a busy centre is a few hundred thousand rollup rows, each added here: the keys are borrowed
 * from the row or written into @buf, and copied only for a new group. */
static const char *
key_value (const HlCountRow *row,
           HlKey             key,
           char              buf[16])
{
  switch (key)
    {
    case HL_KEY_UNIT: return row->unit;
    case HL_KEY_COUNTER: return row->counter;
    case HL_KEY_OFFICER: return row->officer;
    case HL_KEY_PROCEDURE: return row->procedure;
    case HL_KEY_FIELD: return row->field;
    case HL_KEY_KIOSK: return row->kiosk_id;
    case HL_KEY_DAY: return row->day;
    case HL_KEY_MONTH:
      g_strlcpy (buf, row->day, 8);
      return buf;
    case HL_KEY_QUARTER:
      g_snprintf (buf, 16, "%.4s-Q%d", row->day, (atoi (row->day + 5) - 1) / 3 + 1);
      return buf;
    case HL_N_KEYS:
    default: g_assert_not_reached ();
    }
}

/* Appends @value in decimal, without printf (which took a fifth of a year's index). */
static void
append_int (GString *out,
            gint64   value)
{
  char buf[24];
  gsize i = sizeof buf;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;

  do
    buf[--i] = '0' + v % 10;
  while ((v /= 10) > 0);
  if (value < 0)
    buf[--i] = '-';
  g_string_append_len (out, buf + i, sizeof buf - i);
}

static void
add_count_cb (const HlCountRow *row,
              gpointer          user_data)
{
  HlIndex *index = user_data;
  GString *scratch = index->scratch;
  const char *values[HL_N_KEYS] = { NULL };
  char formatted[HL_N_KEYS][16];
  Group *group;
  gint64 *count;

  g_string_truncate (scratch, 0);
  for (guint i = 0; i < index->keys->len; i++)
    {
      HlKey key = g_array_index (index->keys, HlKey, i);

      values[key] = key_value (row, key, formatted[key]);
      /* A roll-up is a renaming of units before grouping: the counts then add up as they would for
       * one unit, by the same code as every other index. */
      if (key == HL_KEY_UNIT && index->unit_map != NULL && values[key] != NULL)
        {
          const char *mapped = g_hash_table_lookup (index->unit_map, values[key]);

          if (mapped != NULL)
            values[key] = mapped;
        }
      /* \x1e marks NULL, so that a missing officer and an officer coded "" never meet. */
      g_string_append (scratch, values[key] ? values[key] : "\x1e");
      g_string_append_c (scratch, '\x1f');
    }
  group = g_hash_table_lookup (index->groups, scratch->str);
  if (group == NULL)
    {
      group = g_new0 (Group, 1);
      for (guint k = 0; k < HL_N_KEYS; k++)
        group->row.key[k] = g_strdup (values[k]);
      group->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      group->burst_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_ptr_array_add (index->rows, group);
      g_hash_table_insert (index->groups, g_strdup (scratch->str), group);
    }

  if (*row->question_id == '\0')
    {
      if (index->adding_bursts)
        group->row.bursts += index->sign * row->n;
      else
        group->row.responses += index->sign * row->n;
      return;
    }
  /* "survey\x1fversion\x1fquestion\x1fvalue", as finish_group() splits it */
  g_string_truncate (scratch, 0);
  g_string_append (scratch, row->survey_id);
  g_string_append_c (scratch, '\x1f');
  append_int (scratch, row->survey_version);
  g_string_append_c (scratch, '\x1f');
  g_string_append (scratch, row->question_id);
  g_string_append_c (scratch, '\x1f');
  append_int (scratch, row->value);
  count = g_hash_table_lookup (index->adding_bursts ? group->burst_counts : group->counts, scratch->str);
  if (count == NULL)
    {
      count = g_new0 (gint64, 1);
      g_hash_table_insert (index->adding_bursts ? group->burst_counts : group->counts, g_strdup (scratch->str),
                           count);
    }
  *count += index->sign * row->n;
}

static HlSurvey *
get_survey (HlIndex     *index,
            const char  *id,
            int          version,
            GError     **error)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%d", id, version);
  HlSurvey *survey = g_hash_table_lookup (index->surveys, key);

  if (survey == NULL)
    {
      survey = hl_store_load_survey (index->store, id, version, error);
      if (survey == NULL)
        return NULL;
      g_hash_table_insert (index->surveys, g_steal_pointer (&key), survey);
    }
  return survey;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return strcmp (a, b);
}

static HlRate *
criterion_rate (HlIndexRow *row,
                const char *id)
{
  HlRate *rate = g_tree_lookup (row->criteria, id);

  if (rate == NULL)
    {
      rate = g_new0 (HlRate, 1);
      g_tree_insert (row->criteria, g_strdup (id), rate);
    }
  return rate;
}

typedef struct {
  GTree      *elements;       /* element id -> HlElementIndex*, summing rates until finished */
  GHashTable *criterion_elements; /* criterion id -> element id (borrowed from a survey) */
  double      rate_sum;
  guint       n_rates;
  gint64      pooled_n;
  gint64      pooled_satisfied;
} Folding;

static gboolean
fold_criterion_cb (gpointer key,
                   gpointer value,
                   gpointer user_data)
{
  Folding *f = user_data;
  HlRate *rate = value;
  const char *element = g_hash_table_lookup (f->criterion_elements, key);
  HlElementIndex *ei;

  rate_finish (rate);
  f->rate_sum += rate->rate;
  f->n_rates++;
  f->pooled_n += rate->n;
  f->pooled_satisfied += rate->satisfied;
  if (element == NULL)
    return FALSE;
  ei = g_tree_lookup (f->elements, element);
  if (ei == NULL)
    {
      ei = g_new0 (HlElementIndex, 1);
      g_tree_insert (f->elements, g_strdup (element), ei);
    }
  ei->index += rate->rate;
  ei->criteria++;
  return FALSE;
}

static gboolean
finish_element_cb (gpointer key,
                   gpointer value,
                   gpointer user_data)
{
  HlElementIndex *ei = value;
  double *sum = user_data;

  ei->index /= ei->criteria;
  *sum += ei->index;
  return FALSE;
}

/* Turns a group's raw counts into rates, element indexes and the SIPAS figure. */
static gboolean
finish_group (HlIndex  *index,
              Group    *group,
              GError  **error)
{
  HlIndexRow *row = &group->row;
  g_autoptr(GHashTable) criterion_elements = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;
  int methods = 0;  /* bit per HlIndexMethod seen */
  Folding f = { 0 };
  double element_sum = 0;

  row->criteria = g_tree_new_full (compare_strings, NULL, g_free, g_free);
  row->elements = g_tree_new_full (compare_strings, NULL, g_free, g_free);

  g_hash_table_iter_init (&iter, group->counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\x1f", 4);
      gint64 n = *(gint64 *) value;
      HlSurvey *survey = get_survey (index, parts[0], atoi (parts[1]), error);
      HlQuestion *question;
      const HlOption *option;

      if (survey == NULL)
        return FALSE;
      methods |= 1 << hl_survey_get_method (survey);
      question = hl_survey_lookup_question (survey, parts[2]);
      /* Answers to choice questions (what went wrong) are kept but enter no rate. */
      if (question == NULL || question->type != HL_QUESTION_RATING)
        continue;
      option = hl_question_lookup_option (question, atoi (parts[3]));
      if (option == NULL)
        continue;
      if (question->overall)
        {
          row->overall.n += n;
          row->overall.satisfied += option->satisfied ? n : 0;
        }
      else if (hl_question_is_criterion (question))
        {
          HlRate *rate = criterion_rate (row, question->id);

          rate->n += n;
          rate->satisfied += option->satisfied ? n : 0;
          g_hash_table_insert (criterion_elements, question->id, question->element);
        }
    }
  rate_finish (&row->overall);

  /* The overall rate again without the responses flagged as bursts, so that a reader can see whether
   * the figure depends on them (METHOD.md). */
  row->overall_without_bursts = row->overall;
  g_hash_table_iter_init (&iter, group->burst_counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\x1f", 4);
      gint64 n = *(gint64 *) value;
      HlSurvey *survey = get_survey (index, parts[0], atoi (parts[1]), error);
      HlQuestion *question;
      const HlOption *option;

      if (survey == NULL)
        return FALSE;
      question = hl_survey_lookup_question (survey, parts[2]);
      if (question == NULL || !question->overall)
        continue;
      option = hl_question_lookup_option (question, atoi (parts[3]));
      row->overall_without_bursts.n -= n;
      row->overall_without_bursts.satisfied -= option && option->satisfied ? n : 0;
    }
  rate_finish (&row->overall_without_bursts);

  f.elements = row->elements;
  f.criterion_elements = criterion_elements;
  g_tree_foreach (row->criteria, fold_criterion_cb, &f);
  g_tree_foreach (row->elements, finish_element_cb, &element_sum);

  if (methods == 0 || (methods & (methods - 1)) != 0)
    row->method = methods == 0 ? HL_INDEX_ELEMENTS_MEAN : HL_INDEX_MIXED;
  else
    row->method = g_bit_nth_lsf (methods, -1);

  if (f.n_rates == 0)
    row->sipas = NAN;
  else if (row->method == HL_INDEX_CRITERIA_MEAN)
    row->sipas = f.rate_sum / f.n_rates;
  else if (row->method == HL_INDEX_POOLED)
    row->sipas = 100.0 * f.pooled_satisfied / f.pooled_n;
  else  /* elements-mean, and the mixed rule */
    row->sipas = g_tree_nnodes (row->elements) > 0 ? element_sum / g_tree_nnodes (row->elements) : NAN;
  return TRUE;
}

static int
compare_groups (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const Group *ga = *(const Group **) a;
  const Group *gb = *(const Group **) b;
  GArray *keys = user_data;

  for (guint i = 0; i < keys->len; i++)
    {
      HlKey key = g_array_index (keys, HlKey, i);
      const char *va = ga->row.key[key], *vb = gb->row.key[key];
      int cmp;

      /* Unknown values (null) come first. */
      if (va == NULL || vb == NULL)
        cmp = (va != NULL) - (vb != NULL);
      else
        cmp = strcmp (va, vb);
      if (cmp != 0)
        return cmp;
    }
  return 0;
}

HlIndex *
hl_index_compute (HlStore     *store,
                  const char  *from,
                  const char  *to,
                  GArray      *keys,
                  GError     **error)
{
  return hl_index_compute_mapped (store, from, to, keys, NULL, error);
}

static void
format_day (const GDate *date,
            char         out[11])
{
  g_snprintf (out, 11, "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/* One stretch of a period's rollups: the months [from, to] (YYYY-MM) or the days [from, to]
 * (YYYY-MM-DD), added (sign 1) or taken away (sign -1). */
typedef struct {
  gboolean months;
  int      sign;
  GDate    last;      /* the last day (of months: a day of the last month) */
  char     from[11];
  char     to[11];
} Stretch;

#define MAX_STRETCHES 8

static void
parse_date (const char *text,
            GDate      *date)
{
  guint y, m, d;

  sscanf (text, "%4u-%2u-%2u", &y, &m, &d);
  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
}

/* Appends the days [@first, @last] (or, with @months, the months of each) with @sign to @plan, joined
 * to the stretch before when that one is of the same kind and sign and ends just before it. */
static void
plan_add (GArray      *plan,
          gboolean     months,
          int          sign,
          const GDate *first,
          const GDate *last)
{
  Stretch s = { months, sign, *last, "", "" };

  if (plan->len > 0)
    {
      Stretch *prev = &g_array_index (plan, Stretch, plan->len - 1);
      GDate next = prev->last;

      /* The day after the one before ends; of months, the first day of the month after. */
      if (months)
        {
          g_date_set_day (&next, 1);
          g_date_add_months (&next, 1);
        }
      else
        g_date_add_days (&next, 1);
      if (prev->months == months && prev->sign == sign && g_date_compare (&next, first) == 0)
        {
          prev->last = *last;
          memcpy (&s, prev, sizeof s);
          g_array_remove_index (plan, plan->len - 1);
          first = NULL;
        }
    }
  if (first != NULL)
    {
      if (months)
        g_snprintf (s.from, sizeof s.from, "%04u-%02u", g_date_get_year (first), g_date_get_month (first));
      else
        format_day (first, s.from);
    }
  if (months)
    g_snprintf (s.to, sizeof s.to, "%04u-%02u", g_date_get_year (last), g_date_get_month (last));
  else
    format_day (last, s.to);
  g_array_append_val (plan, s);
}

/* Splits [@from, @to] (valid dates) into stretches whose rollups add up to exactly the counts of its
 * days (a Stretch each, into @plan). With @use_months, each calendar month the period covers whole is
 * read from the month rollups, and a month it covers in part either from its days or, when fewer of its
 * days lie outside the period than inside, from its month rollups less the days outside: a rolling
 * year that starts on the 3rd reads twelve months and two days instead of eleven months and 29 days,
 * and a month to the 20th reads its month and no day at all (the days after today hold nothing yet).
 * The rollups are sums of counts, so that taking days away is exact. Without @use_months, the days. */
static void
plan_period (const char *from,
             const char *to,
             gboolean    use_months,
             GArray     *plan)
{
  GDate start, end, month;

  parse_date (from, &start);
  parse_date (to, &end);
  if (!use_months)
    {
      plan_add (plan, FALSE, 1, &start, &end);
      return;
    }
  g_date_clear (&month, 1);
  g_date_set_dmy (&month, 1, g_date_get_month (&start), g_date_get_year (&start));
  for (; g_date_compare (&month, &end) <= 0; g_date_add_months (&month, 1))
    {
      GDate last = month, a, b;
      guint inside, outside;

      g_date_set_day (&last, g_date_get_days_in_month (g_date_get_month (&month), g_date_get_year (&month)));
      a = g_date_compare (&start, &month) > 0 ? start : month;
      b = g_date_compare (&end, &last) < 0 ? end : last;
      inside = g_date_days_between (&a, &b) + 1;
      outside = g_date_get_day (&last) - inside;
      if (outside >= inside)
        {
          plan_add (plan, FALSE, 1, &a, &b);
          continue;
        }
      plan_add (plan, TRUE, 1, &month, &month);
      if (g_date_compare (&a, &month) > 0)
        {
          GDate before = a;

          g_date_subtract_days (&before, 1);
          plan_add (plan, FALSE, -1, &month, &before);
        }
      if (g_date_compare (&b, &last) < 0)
        {
          GDate after = b;

          g_date_add_days (&after, 1);
          plan_add (plan, FALSE, -1, &after, &last);
        }
    }
}

static gboolean
count_is_zero (gpointer key,
               gpointer value,
               gpointer user_data)
{
  return *(gint64 *) value == 0;
}

static gboolean
group_is_empty (gpointer key,
                gpointer value,
                gpointer user_data)
{
  Group *group = value;

  g_hash_table_foreach_remove (group->counts, count_is_zero, NULL);
  g_hash_table_foreach_remove (group->burst_counts, count_is_zero, NULL);
  return group->row.responses == 0 && group->row.bursts == 0 && g_hash_table_size (group->counts) == 0
         && g_hash_table_size (group->burst_counts) == 0;
}

/* Drops the counts that came to nothing, and the groups left with nothing: those of days taken away
 * (plan_period), and the rollup rows an answer replaced left at zero, so that however a period is read,
 * a group or an answer is there exactly when some citizen gave it in the period. */
static void
drop_empty (HlIndex *index)
{
  g_hash_table_foreach_remove (index->groups, group_is_empty, NULL);
  for (guint i = index->rows->len; i-- > 0;)
    {
      Group *group = g_ptr_array_index (index->rows, i);

      if (group->row.responses == 0 && group->row.bursts == 0 && g_hash_table_size (group->counts) == 0
          && g_hash_table_size (group->burst_counts) == 0)
        g_ptr_array_remove_index_fast (index->rows, i);
    }
}

/* Adds the rollups of [@from, @to] to @index, as plan_period() splits them; the days alone when the
 * index is grouped by day, or the database has no months. */
static gboolean
read_period (HlIndex     *index,
             HlStore     *store,
             const char  *from,
             const char  *to,
             GError     **error)
{
  static const HlCountKeys columns[HL_N_KEYS] = {
    [HL_KEY_UNIT] = HL_COUNT_KEY_UNIT, [HL_KEY_COUNTER] = HL_COUNT_KEY_COUNTER,
    [HL_KEY_OFFICER] = HL_COUNT_KEY_OFFICER, [HL_KEY_PROCEDURE] = HL_COUNT_KEY_PROCEDURE,
    [HL_KEY_FIELD] = HL_COUNT_KEY_FIELD, [HL_KEY_KIOSK] = HL_COUNT_KEY_KIOSK, [HL_KEY_DAY] = HL_COUNT_KEY_DAY,
    [HL_KEY_MONTH] = HL_COUNT_KEY_DAY, [HL_KEY_QUARTER] = HL_COUNT_KEY_DAY,
  };
  g_autoptr(GArray) plan = g_array_sized_new (FALSE, FALSE, sizeof (Stretch), MAX_STRETCHES);
  gboolean by_day = FALSE;
  HlCountKeys keys = 0;

  /* Only the key columns the grouping needs are read. */
  for (guint i = 0; i < index->keys->len; i++)
    {
      HlKey key = g_array_index (index->keys, HlKey, i);

      by_day |= key == HL_KEY_DAY;
      keys |= columns[key];
    }
  plan_period (from, to, !by_day && hl_store_has_month_counts (store), plan);
  for (int bursts = 0; bursts < 2; bursts++)
    {
      index->adding_bursts = bursts;
      for (guint i = 0; i < plan->len; i++)
        {
          const Stretch *s = &g_array_index (plan, Stretch, i);

          index->sign = s->sign;
          if (!hl_store_foreach_rollup (store, s->months, bursts, keys, s->from, s->to, add_count_cb, index, error))
            return FALSE;
        }
    }
  index->adding_bursts = FALSE;
  index->sign = 1;
  drop_empty (index);
  return TRUE;
}

HlIndex *
hl_index_compute_mapped (HlStore     *store,
                         const char  *from,
                         const char  *to,
                         GArray      *keys,
                         GHashTable  *unit_map,
                         GError     **error)
{
  g_autoptr(HlIndex) index = NULL;
  int methods = 0;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (keys != NULL, NULL);

  if (!hl_index_check_date (from, error) || !hl_index_check_date (to, error))
    return NULL;
  if (strcmp (from, to) > 0)
    {
      g_set_error (error, HL_INDEX_ERROR, HL_INDEX_ERROR_BAD_DATE, "the period ends (%s) before it starts (%s)",
                   to, from);
      return NULL;
    }

  index = g_new0 (HlIndex, 1);
  index->from = g_strdup (from);
  index->to = g_strdup (to);
  index->keys = g_array_ref (keys);
  index->rows = g_ptr_array_new_with_free_func (group_free);
  index->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  index->surveys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  index->store = store;
  index->scratch = g_string_sized_new (128);
  index->unit_map = unit_map;

  if (!read_period (index, store, from, to, error))
    return NULL;
  g_string_free (g_steal_pointer (&index->scratch), TRUE);
  for (guint i = 0; i < index->rows->len; i++)
    {
      Group *group = g_ptr_array_index (index->rows, i);

      if (!finish_group (index, group, error))
        return NULL;
      methods |= 1 << group->row.method;
    }
  g_ptr_array_sort_with_data (index->rows, compare_groups, index->keys);
  if (methods == 0)
    index->method = HL_INDEX_ELEMENTS_MEAN;
  else if ((methods & (methods - 1)) != 0)
    index->method = HL_INDEX_MIXED;
  else
    index->method = g_bit_nth_lsf (methods, -1);
  index->store = NULL;
  index->unit_map = NULL;
  /* Rows are always measured against a target: the defaults until a configuration gives others. */
  hl_index_set_targets (index, NULL);
  return g_steal_pointer (&index);
}

/* Adds every count of @from into @into (both "survey\x1fversion\x1fquestion\x1fvalue" -> gint64*). */
static void
add_counts (GHashTable *into,
            GHashTable *from)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 *count = g_hash_table_lookup (into, key);

      if (count == NULL)
        {
          count = g_new0 (gint64, 1);
          g_hash_table_insert (into, g_strdup (key), count);
        }
      *count += *(gint64 *) value;
    }
}

/* The groups' raw counts are exactly what a scan without keys would have added into its one group, so
 * their sum, finished by the same finish_group(), is that index: a caller that needs a period's total
 * beside a grouped table (the dashboard) reads the period's rollups once instead of twice. */
HlIndex *
hl_index_total (HlIndex  *grouped,
                HlStore  *store,
                GError  **error)
{
  g_autoptr(HlIndex) index = NULL;
  GHashTableIter iter;
  gpointer key, value;
  Group *total = NULL;

  g_return_val_if_fail (grouped != NULL && grouped->rows != NULL, NULL);
  g_return_val_if_fail (store != NULL, NULL);

  index = g_new0 (HlIndex, 1);
  index->from = g_strdup (grouped->from);
  index->to = g_strdup (grouped->to);
  index->keys = g_array_new (FALSE, FALSE, sizeof (HlKey));
  index->rows = g_ptr_array_new_with_free_func (group_free);
  index->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  index->surveys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  index->store = store;
  /* The grouped index has loaded every survey its counts name. */
  g_hash_table_iter_init (&iter, grouped->surveys);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (index->surveys, g_strdup (key), g_object_ref (value));

  for (guint i = 0; i < grouped->rows->len; i++)
    {
      Group *group = g_ptr_array_index (grouped->rows, i);

      if (total == NULL)
        {
          total = g_new0 (Group, 1);
          total->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          total->burst_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_ptr_array_add (index->rows, total);
          g_hash_table_insert (index->groups, g_strdup (""), total);
        }
      total->row.responses += group->row.responses;
      total->row.bursts += group->row.bursts;
      add_counts (total->counts, group->counts);
      add_counts (total->burst_counts, group->burst_counts);
    }
  if (total != NULL)
    {
      if (!finish_group (index, total, error))
        return NULL;
      index->method = total->row.method;
    }
  else
    index->method = HL_INDEX_ELEMENTS_MEAN;
  index->store = NULL;
  hl_index_set_targets (index, NULL);
  return g_steal_pointer (&index);
}

guint
hl_index_get_n_rows (HlIndex *index)
{
  return index->rows->len;
}

HlIndexRow *
hl_index_get_row (HlIndex *index,
                  guint    i)
{
  g_return_val_if_fail (i < index->rows->len, NULL);
  return &((Group *) g_ptr_array_index (index->rows, i))->row;
}

HlIndexMethod
hl_index_get_method (HlIndex *index)
{
  return index->method;
}

/* Percentages are rounded to 2 decimals (FORMATS.md §4). */
double
hl_index_round2 (double x)
{
  return round (x * 100.0) / 100.0;
}

#define round2 hl_index_round2

/* The rate and its interval's upper end are compared as printed, rounded to 2 decimals, so that a report
 * never shows 90.0 below a target of 90, nor an interval reaching 90.00 as lying below it. */
HlVerdict
hl_rate_verdict (const HlRate *rate,
                 double        target)
{
  g_return_val_if_fail (rate != NULL, HL_VERDICT_NONE);

  if (rate->n <= 0 || isnan (rate->rate))
    return HL_VERDICT_NONE;
  if (round2 (rate->rate) >= target)
    return HL_VERDICT_MEETS;
  if (round2 (rate->ci_high) < target)
    return HL_VERDICT_BELOW;
  return HL_VERDICT_UNCLEAR;
}

const char *
hl_verdict_to_string (HlVerdict verdict)
{
  switch (verdict)
    {
    case HL_VERDICT_NONE:
      return NULL;
    case HL_VERDICT_MEETS:
      return "meets";
    case HL_VERDICT_UNCLEAR:
      return "unclear";
    case HL_VERDICT_BELOW:
      return "below";
    }
  g_return_val_if_reached (NULL);
}

/* Marked for translation but returned in Vietnamese: the province's reports are Vietnamese documents;
 * the kiosk's dashboard translates the words where it shows them. */
const char *
hl_verdict_describe (HlVerdict verdict)
{
  switch (verdict)
    {
    case HL_VERDICT_NONE:
      return "";
    case HL_VERDICT_MEETS:
      return N_("đạt mục tiêu");
    case HL_VERDICT_UNCLEAR:
      return N_("chưa rõ");
    case HL_VERDICT_BELOW:
      return N_("dưới mục tiêu");
    }
  g_return_val_if_reached ("");
}

/* Marks each row with its target and whether the rate is below it or too small to rank, by @config's
 * "targets" and "min_sample" (NULL: 90 % and 30 answers). A row grouped by field gets its field's
 * target; any other row the default one. The rate compared is the one printed, rounded to 2 decimals,
 * so that a report never shows 90.0 below a target of 90. */
static double
config_target_cb (gpointer    user_data,
                  const char *unit,
                  const char *field)
{
  return hl_config_get_target (user_data, field);
}

void
hl_index_set_targets (HlIndex  *index,
                      HlConfig *config)
{
  g_return_if_fail (index != NULL);

  hl_index_set_targets_by (index, config_target_cb, config, config ? config->min_sample : HL_DEFAULT_MIN_SAMPLE);
}

void
hl_index_set_targets_by (HlIndex  *index,
                         double  (*target_func) (gpointer    user_data,
                                                 const char *unit,
                                                 const char *field),
                         gpointer  user_data,
                         guint     min_sample)
{
  gboolean by_field = FALSE, by_unit = FALSE;

  g_return_if_fail (index != NULL && target_func != NULL);

  for (guint i = 0; i < index->keys->len; i++)
    {
      by_field |= g_array_index (index->keys, HlKey, i) == HL_KEY_FIELD;
      by_unit |= g_array_index (index->keys, HlKey, i) == HL_KEY_UNIT;
    }
  index->min_sample = min_sample;
  for (guint r = 0; r < index->rows->len; r++)
    {
      HlIndexRow *row = hl_index_get_row (index, r);

      row->target = target_func (user_data, by_unit ? row->key[HL_KEY_UNIT] : NULL,
                                 by_field ? row->key[HL_KEY_FIELD] : NULL);
      row->below_target = row->overall.n > 0 ? round2 (row->overall.rate) < row->target : -1;
      row->too_small = row->overall.n < index->min_sample;
      row->verdict = hl_rate_verdict (&row->overall, row->target);
    }
}

static double
province_target_cb (gpointer    user_data,
                    const char *unit,
                    const char *field)
{
  return hl_province_get_target (user_data, unit, field);
}

/* The targets and minimum sample of a province's configuration (hl_province_get_target()). */
void
hl_index_set_province_targets (HlIndex    *index,
                               HlProvince *province)
{
  g_return_if_fail (province != NULL);

  hl_index_set_targets_by (index, province_target_cb, province, province->min_sample);
}

guint
hl_index_get_min_sample (HlIndex *index)
{
  return index->min_sample;
}

static void
add_percent (JsonBuilder *b,
             const char  *name,
             double       value)
{
  json_builder_set_member_name (b, name);
  if (isnan (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, round2 (value));
}

static void
add_rate (JsonBuilder  *b,
          const HlRate *rate,
          gboolean      with_ci)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "n");
  json_builder_add_int_value (b, rate->n);
  json_builder_set_member_name (b, "satisfied");
  json_builder_add_int_value (b, rate->satisfied);
  add_percent (b, "rate", rate->rate);
  if (with_ci)
    {
      json_builder_set_member_name (b, "ci95");
      if (rate->n == 0)
        json_builder_add_null_value (b);
      else
        {
          json_builder_begin_array (b);
          json_builder_add_double_value (b, round2 (rate->ci_low));
          json_builder_add_double_value (b, round2 (rate->ci_high));
          json_builder_end_array (b);
        }
    }
  json_builder_end_object (b);
}

static gboolean
criterion_json_cb (gpointer key,
                   gpointer value,
                   gpointer user_data)
{
  JsonBuilder *b = user_data;

  json_builder_set_member_name (b, key);
  add_rate (b, value, FALSE);
  return FALSE;
}

static gboolean
element_json_cb (gpointer key,
                 gpointer value,
                 gpointer user_data)
{
  JsonBuilder *b = user_data;
  HlElementIndex *ei = value;

  json_builder_set_member_name (b, key);
  json_builder_begin_object (b);
  add_percent (b, "index", ei->index);
  json_builder_set_member_name (b, "criteria");
  json_builder_add_int_value (b, ei->criteria);
  json_builder_end_object (b);
  return FALSE;
}

JsonNode *
hl_index_to_json (HlIndex *index)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "hailong-index/1");
  json_builder_set_member_name (b, "from");
  json_builder_add_string_value (b, index->from);
  json_builder_set_member_name (b, "to");
  json_builder_add_string_value (b, index->to);
  json_builder_set_member_name (b, "by");
  json_builder_begin_array (b);
  for (guint i = 0; i < index->keys->len; i++)
    json_builder_add_string_value (b, key_names[g_array_index (index->keys, HlKey, i)]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "method");
  json_builder_add_string_value (b, hl_index_method_to_string (index->method));
  json_builder_set_member_name (b, "min_sample");
  json_builder_add_int_value (b, index->min_sample);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint r = 0; r < index->rows->len; r++)
    {
      HlIndexRow *row = hl_index_get_row (index, r);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "key");
      json_builder_begin_object (b);
      for (guint i = 0; i < index->keys->len; i++)
        {
          HlKey key = g_array_index (index->keys, HlKey, i);

          json_builder_set_member_name (b, key_names[key]);
          if (row->key[key] == NULL)
            json_builder_add_null_value (b);
          else
            json_builder_add_string_value (b, row->key[key]);
        }
      json_builder_end_object (b);
      json_builder_set_member_name (b, "responses");
      json_builder_add_int_value (b, row->responses);
      /* Added to §4: how many of the responses were flagged as bursts, and the overall rate without
       * them; the same as "overall" when there were none. */
      json_builder_set_member_name (b, "bursts");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "responses");
      json_builder_add_int_value (b, row->bursts);
      json_builder_set_member_name (b, "overall_without");
      add_rate (b, &row->overall_without_bursts, TRUE);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "overall");
      add_rate (b, &row->overall, TRUE);
      json_builder_set_member_name (b, "criteria");
      json_builder_begin_object (b);
      g_tree_foreach (row->criteria, criterion_json_cb, b);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "elements");
      json_builder_begin_object (b);
      g_tree_foreach (row->elements, element_json_cb, b);
      json_builder_end_object (b);
      add_percent (b, "sipas", row->sipas);
      /* Added to §4: the method this row's figure was computed by, which differs from the top-level
       * one only when some rows mix surveys. */
      json_builder_set_member_name (b, "method");
      json_builder_add_string_value (b, hl_index_method_to_string (row->method));
      /* Added to §4: the target the row is measured against, and whether it is honest to rank it. */
      json_builder_set_member_name (b, "target");
      json_builder_add_double_value (b, row->target);
      json_builder_set_member_name (b, "below_target");
      if (row->below_target < 0)
        json_builder_add_null_value (b);
      else
        json_builder_add_boolean_value (b, row->below_target);
      json_builder_set_member_name (b, "too_small");
      json_builder_add_boolean_value (b, row->too_small);
      /* Added to §4 (docs/formats.md): below the target only when the whole interval is. */
      json_builder_set_member_name (b, "verdict");
      if (row->verdict == HL_VERDICT_NONE)
        json_builder_add_null_value (b);
      else
        json_builder_add_string_value (b, hl_verdict_to_string (row->verdict));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
hl_index_to_json_text (HlIndex *index)
{
  g_autoptr(JsonNode) root = hl_index_to_json (index);

  return hl_json_to_text (root);
}

static char *
format_percent (double value)
{
  return isnan (value) ? g_strdup ("–") : g_strdup_printf ("%.2f", round2 (value));
}

/* A number in the fewest digits: a target of 90 is "90", of 87.5 "87.5". */
static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", value));
}

/* The table's last column, for a supervisor: below the target (the whole interval), not yet clear (under
 * the target, the interval still reaching it), too few answers to rank. */
static char *
row_notes (const HlIndexRow *row)
{
  GString *notes = g_string_new (NULL);

  if (row->verdict == HL_VERDICT_BELOW || row->verdict == HL_VERDICT_UNCLEAR)
    g_string_append (notes, hl_verdict_describe (row->verdict));
  if (row->too_small)
    g_string_append_printf (notes, "%schưa đủ mẫu", notes->len > 0 ? ", " : "");
  return g_string_free (notes, FALSE);
}

/* Pads by characters, not bytes: Vietnamese letters take two or three bytes each. */
static void
append_cell (GString    *out,
             const char *text,
             guint       width,
             gboolean    right)
{
  glong len = g_utf8_strlen (text, -1);

  if (right)
    for (glong i = len; i < (glong) width; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!right)
    for (glong i = len; i < (glong) width; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, "  ");
}

char *
hl_index_to_table (HlIndex *index)
{
  static const char *headings[] = { "Lượt", "Trả lời", "Hài lòng", "Tỉ lệ %", "KTC 95 %", "SIPAS", "Mục tiêu %",
                                     "Ghi chú" };
  guint n_keys = index->keys->len;
  guint n_cols = n_keys + G_N_ELEMENTS (headings);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autofree guint *widths = g_new0 (guint, n_cols);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_keys; i++)
    g_ptr_array_add (cells, g_strdup (key_headings[g_array_index (index->keys, HlKey, i)]));
  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    g_ptr_array_add (cells, g_strdup (headings[i]));
  for (guint r = 0; r < index->rows->len; r++)
    {
      HlIndexRow *row = hl_index_get_row (index, r);
      g_autofree char *low = format_percent (row->overall.ci_low);
      g_autofree char *high = format_percent (row->overall.ci_high);

      for (guint i = 0; i < n_keys; i++)
        {
          const char *v = row->key[g_array_index (index->keys, HlKey, i)];

          g_ptr_array_add (cells, g_strdup (v ? v : "–"));
        }
      g_ptr_array_add (cells, g_strdup_printf ("%" G_GINT64_FORMAT, row->responses));
      g_ptr_array_add (cells, g_strdup_printf ("%" G_GINT64_FORMAT, row->overall.n));
      g_ptr_array_add (cells, g_strdup_printf ("%" G_GINT64_FORMAT, row->overall.satisfied));
      g_ptr_array_add (cells, format_percent (row->overall.rate));
      g_ptr_array_add (cells, row->overall.n > 0 ? g_strdup_printf ("%s–%s", low, high) : g_strdup ("–"));
      g_ptr_array_add (cells, format_percent (row->sipas));
      g_ptr_array_add (cells, format_number (row->target));
      g_ptr_array_add (cells, row_notes (row));
    }
  for (guint c = 0; c < cells->len; c++)
    widths[c % n_cols] = MAX (widths[c % n_cols], (guint) g_utf8_strlen (g_ptr_array_index (cells, c), -1));

  g_string_append_printf (out, "Kỳ %s – %s, phương pháp %s\n", index->from, index->to,
                          hl_index_method_to_string (index->method));
  for (guint c = 0; c < cells->len; c++)
    {
      guint col = c % n_cols;

      /* Numbers to the right, words (keys and notes) to the left. */
      append_cell (out, g_ptr_array_index (cells, c), widths[col], col >= n_keys && col != n_cols - 1);
      if (col == n_cols - 1)
        {
          while (out->len > 0 && out->str[out->len - 1] == ' ')
            g_string_truncate (out, out->len - 1);
          g_string_append_c (out, '\n');
        }
    }
  if (index->rows->len == 0)
    g_string_append (out, "(không có đánh giá nào trong kỳ này)\n");
  for (guint r = 0; r < index->rows->len; r++)
    if (hl_index_get_row (index, r)->too_small)
      {
        g_string_append_printf (out, "Chưa đủ mẫu: ít hơn %u câu trả lời chung, không xếp hạng.\n",
                                index->min_sample);
        break;
      }
  for (guint r = 0; r < index->rows->len; r++)
    if (hl_index_get_row (index, r)->verdict == HL_VERDICT_UNCLEAR)
      {
        g_string_append (out, "Chưa rõ: dưới mục tiêu, nhưng khoảng tin cậy 95 % còn chạm mục tiêu.\n");
        break;
      }
  return g_string_free (out, FALSE);
}

static void
append_csv_percent (GString *out,
                    double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isnan (value))
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.2f", round2 (value)));
  g_string_append_c (out, ',');
}

/* The rows as RFC 4180 CSV, for spreadsheets: UTF-8 with a byte order mark (without it Excel reads the
 * file in the legacy code page and garbles Vietnamese), CRLF line ends, one row per group: the key
 * columns, then the counts, rates, SIPAS, method and the target flags. Unknown values, and rates that
 * have no answers, are empty; percentages have 2 decimals and a decimal point. */
char *
hl_index_to_csv (HlIndex *index)
{
  static const char *columns[] = { "responses", "overall_n", "overall_satisfied", "overall_rate",
                                   "overall_ci95_low", "overall_ci95_high", "sipas", "method", "target",
                                   "below_target", "too_small", "verdict" };
  GString *out = g_string_new ("\xEF\xBB\xBF");

  for (guint i = 0; i < index->keys->len; i++)
    g_string_append_printf (out, "%s,", key_names[g_array_index (index->keys, HlKey, i)]);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_string_append_printf (out, "%s%s", columns[i], i + 1 < G_N_ELEMENTS (columns) ? "," : "\r\n");
  for (guint r = 0; r < index->rows->len; r++)
    {
      HlIndexRow *row = hl_index_get_row (index, r);
      g_autofree char *target = format_number (row->target);

      for (guint i = 0; i < index->keys->len; i++)
        {
          hl_csv_append_text_cell (out, row->key[g_array_index (index->keys, HlKey, i)]);
          g_string_append_c (out, ',');
        }
      g_string_append_printf (out, "%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",",
                              row->responses, row->overall.n, row->overall.satisfied);
      append_csv_percent (out, row->overall.rate);
      append_csv_percent (out, row->overall.ci_low);
      append_csv_percent (out, row->overall.ci_high);
      append_csv_percent (out, row->sipas);
      g_string_append_printf (out, "%s,%s,%s,%s,%s\r\n", hl_index_method_to_string (row->method), target,
                              row->below_target < 0 ? "" : row->below_target ? "true" : "false",
                              row->too_small ? "true" : "false",
                              row->verdict == HL_VERDICT_NONE ? "" : hl_verdict_to_string (row->verdict));
    }
  return g_string_free (out, FALSE);
}
