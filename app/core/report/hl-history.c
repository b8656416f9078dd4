/* hl-history.c: what the dashboard's history adds to the index: an honest ranking, calendar periods and
 * the daily trend. Everything is computed from HlIndex, that is from the per-day rollups.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-index"

#include "config.h"

#include <math.h>
#include <stdio.h>

#include "hl-config.h"
#include "hl-index.h"
#include "hl-index-private.h"

/* Two rates that cannot honestly be told apart (shared/sipas/METHOD.md, "Honesty of the numbers"): the
 * same rate as printed, or intervals that overlap while either rests on fewer answers than the minimum
 * sample. */
static gboolean
equal_rates (const HlRate *a,
             const HlRate *b)
{
  return hl_index_round2 (a->rate) == hl_index_round2 (b->rate);
}

static gboolean
small_overlap (const HlRate *a,
               const HlRate *b,
               guint         min_sample)
{
  return (a->n < (gint64) min_sample || b->n < (gint64) min_sample)
         && a->ci_low <= b->ci_high && b->ci_low <= a->ci_high;
}

typedef struct {
  const HlRate *rates;
} SortData;

static int
compare_by_rate (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const HlRankEntry *x = a, *y = b;
  const HlRate *rates = ((SortData *) user_data)->rates;
  gboolean x_none = rates[x->position].n <= 0, y_none = rates[y->position].n <= 0;
  double rx = hl_index_round2 (rates[x->position].rate), ry = hl_index_round2 (rates[y->position].rate);

  if (x_none != y_none)
    return x_none ? 1 : -1;
  if (!x_none && rx != ry)
    return rx > ry ? -1 : 1;
  return x->position < y->position ? -1 : x->position > y->position;
}

/* Sorted best first, each rate starts a group of its own unless it cannot be told apart from an earlier
 * one; then it joins that one's group, and so does every rate between them (they lie between two rates
 * that cannot be ordered, so ordering them against either would order the two). A group's members share
 * the rank of its first ("1, 1, 3"). O(n²) comparisons: a table has tens of officers, not thousands. */
GArray *
hl_rank_rates (const HlRate *rates,
               guint         n_rates,
               guint         min_sample)
{
  g_autoptr(GArray) entries = g_array_sized_new (FALSE, FALSE, sizeof (HlRankEntry), n_rates);
  g_autofree guint *start = g_new0 (guint, n_rates + 1);  /* the sorted index where each one's group starts */
  g_autofree gboolean *small = g_new0 (gboolean, n_rates + 1);  /* the group joined through a small sample */
  SortData data = { rates };
  guint ranked = 0;

  g_return_val_if_fail (rates != NULL || n_rates == 0, NULL);

  for (guint i = 0; i < n_rates; i++)
    {
      HlRankEntry entry = { i, 0, HL_RANK_UNRANKED };

      g_array_append_val (entries, entry);
      if (rates[i].n > 0)
        ranked++;
    }
  g_array_sort_with_data (entries, compare_by_rate, &data);

  for (guint i = 0; i < ranked; i++)
    {
      const HlRate *ri = &rates[g_array_index (entries, HlRankEntry, i).position];
      guint first = i;
      gboolean via_small = FALSE;

      for (guint j = 0; j < i; j++)
        {
          const HlRate *rj = &rates[g_array_index (entries, HlRankEntry, j).position];
          gboolean is_small = small_overlap (ri, rj, min_sample);

          if (is_small || equal_rates (ri, rj))
            {
              first = MIN (first, start[j]);
              via_small |= is_small;
            }
        }
      /* The groups merged may have been joined through a small sample themselves. */
      for (guint k = first; k < i; k++)
        via_small |= small[start[k]];
      for (guint k = first; k <= i; k++)
        start[k] = first;
      small[first] = via_small;
    }
  for (guint i = 0; i < ranked; i++)
    {
      HlRankEntry *entry = &g_array_index (entries, HlRankEntry, i);
      gboolean shared = (i > start[i]) || (i + 1 < ranked && start[i + 1] == start[i]);

      entry->rank = start[i] + 1;
      entry->reason = !shared ? HL_RANK_ORDERED : small[start[i]] ? HL_RANK_SHARED_SMALL : HL_RANK_SHARED_EQUAL;
    }
  return g_steal_pointer (&entries);
}

GArray *
hl_index_rank (HlIndex *index)
{
  guint n;
  g_autofree HlRate *rates = NULL;

  g_return_val_if_fail (index != NULL, NULL);

  n = hl_index_get_n_rows (index);
  rates = g_new0 (HlRate, n + 1);
  for (guint i = 0; i < n; i++)
    rates[i] = hl_index_get_row (index, i)->overall;
  return hl_rank_rates (rates, n, hl_index_get_min_sample (index));
}

char *
hl_rank_reason_describe (HlRankReason reason,
                         guint        min_sample)
{
  switch (reason)
    {
    case HL_RANK_ORDERED:
      return g_strdup ("");
    case HL_RANK_SHARED_SMALL:
      return g_strdup_printf ("cùng hạng: khoảng tin cậy chồng nhau, có tỉ lệ từ dưới %u câu trả lời", min_sample);
    case HL_RANK_SHARED_EQUAL:
      return g_strdup ("cùng hạng: cùng tỉ lệ");
    case HL_RANK_UNRANKED:
      return g_strdup ("không xếp hạng: chưa có câu trả lời");
    }
  g_return_val_if_reached (g_strdup (""));
}

static const char *period_names[] = { "day", "week", "month", "quarter", "year" };

const char *
hl_period_to_string (HlPeriod period)
{
  g_return_val_if_fail (period <= HL_PERIOD_YEAR, NULL);
  return period_names[period];
}

gboolean
hl_period_from_string (const char *name,
                       HlPeriod   *period)
{
  for (guint i = 0; i < G_N_ELEMENTS (period_names); i++)
    if (g_strcmp0 (name, period_names[i]) == 0)
      {
        *period = i;
        return TRUE;
      }
  return FALSE;
}

static GDate *
parse_date (const char  *date,
            GError     **error)
{
  guint y, m, d;

  if (!hl_index_check_date (date, error))
    return NULL;
  sscanf (date, "%4u-%2u-%2u", &y, &m, &d);
  return g_date_new_dmy (d, m, y);
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

gboolean
hl_period_range (HlPeriod     period,
                 const char  *date,
                 char       **from,
                 char       **to,
                 GError     **error)
{
  g_autoptr(GDate) end = NULL;
  g_autoptr(GDate) start = NULL;

  g_return_val_if_fail (period <= HL_PERIOD_YEAR, FALSE);
  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  end = parse_date (date, error);
  if (end == NULL)
    return FALSE;
  start = g_date_copy (end);
  switch (period)
    {
    case HL_PERIOD_DAY:
      break;
    case HL_PERIOD_WEEK:
      /* GDate numbers Monday 1 … Sunday 7. */
      g_date_subtract_days (start, g_date_get_weekday (end) - G_DATE_MONDAY);
      break;
    case HL_PERIOD_MONTH:
      g_date_set_day (start, 1);
      break;
    case HL_PERIOD_QUARTER:
      g_date_set_day (start, 1);
      g_date_set_month (start, (g_date_get_month (end) - 1) / 3 * 3 + 1);
      break;
    case HL_PERIOD_YEAR:
      g_date_set_dmy (start, 1, G_DATE_JANUARY, g_date_get_year (end));
      break;
    }
  *from = format_date (start);
  *to = format_date (end);
  return TRUE;
}

/* One index grouped by day over the whole span, then a point for every day, answered or not. */
GArray *
hl_index_trend (HlStore     *store,
                const char  *to,
                guint        days,
                HlConfig    *config,
                GError     **error)
{
  g_autoptr(GDate) end = NULL;
  g_autoptr(GDate) day = NULL;
  g_autofree char *from = NULL;
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (HlKey));
  g_autoptr(HlIndex) index = NULL;
  g_autoptr(GArray) points = NULL;
  HlKey key = HL_KEY_DAY;
  double target = hl_config_get_target (config, NULL);
  guint r = 0;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (days > 0, NULL);

  end = parse_date (to, error);
  if (end == NULL)
    return NULL;
  day = g_date_copy (end);
  g_date_subtract_days (day, days - 1);
  from = format_date (day);
  g_array_append_val (keys, key);
  index = hl_index_compute (store, from, to, keys, error);
  if (index == NULL)
    return NULL;

  points = g_array_sized_new (FALSE, TRUE, sizeof (HlTrendPoint), days);
  for (guint i = 0; i < days; i++, g_date_add_days (day, 1))
    {
      g_autofree char *name = format_date (day);
      HlTrendPoint point = { 0 };
      HlIndexRow *row;

      g_strlcpy (point.day, name, sizeof point.day);
      point.overall.rate = point.overall.ci_low = point.overall.ci_high = NAN;
      /* The index's rows are sorted by day, like the points. */
      while (r < hl_index_get_n_rows (index) && g_strcmp0 (hl_index_get_row (index, r)->key[HL_KEY_DAY], name) < 0)
        r++;
      if (r < hl_index_get_n_rows (index) && g_strcmp0 ((row = hl_index_get_row (index, r))->key[HL_KEY_DAY], name) == 0)
        {
          point.responses = row->responses;
          point.overall = row->overall;
        }
      point.verdict = hl_rate_verdict (&point.overall, target);
      g_array_append_val (points, point);
    }
  return g_steal_pointer (&points);
}
