/* hl-filing-period.c: the periods a province files its reports for (hl-filing-period.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-filing-period"

#include "config.h"

#include <string.h>

#include "hl-filing-period.h"

G_DEFINE_QUARK (hl-filing-period-error-quark, hl_filing_period_error)

static gboolean
bad_name (const char  *text,
          GError     **error)
{
  g_set_error (error, HL_FILING_PERIOD_ERROR, HL_FILING_PERIOD_ERROR_BAD_NAME,
               "“%s” is not a period: use YYYY-Q1 … YYYY-Q4, YYYY-H1, YYYY-H2, YYYY-9M or YYYY", text);
  return FALSE;
}

/* Written out by hand rather than with sscanf: "%u" would take a sign, spaces and leading zeros, and a
 * period name is exactly four digits and one of four fixed endings. */
gboolean
hl_filing_period_parse (const char      *text,
                        HlFilingPeriod  *period,
                        GError         **error)
{
  HlFilingPeriod parsed = { HL_FILING_YEAR, 0, 0 };
  size_t len;
  guint year = 0;

  g_return_val_if_fail (period != NULL, FALSE);

  if (text == NULL)
    return bad_name ("", error);
  len = strlen (text);
  if (len < 4)
    return bad_name (text, error);
  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return bad_name (text, error);
      year = year * 10 + (text[i] - '0');
    }
  if (year < 1000)
    return bad_name (text, error);
  /* *period is written only once the whole name is good. */
  parsed.year = year;
  if (len == 4)
    {
      *period = parsed;
      return TRUE;
    }
  if (len != 7 || text[4] != '-')
    return bad_name (text, error);
  if (text[5] == 'Q' && text[6] >= '1' && text[6] <= '4')
    {
      parsed.kind = HL_FILING_QUARTER;
      parsed.number = text[6] - '0';
    }
  else if (text[5] == 'H' && (text[6] == '1' || text[6] == '2'))
    {
      parsed.kind = HL_FILING_HALF;
      parsed.number = text[6] - '0';
    }
  else if (text[5] == '9' && text[6] == 'M')
    parsed.kind = HL_FILING_NINE_MONTHS;
  else
    return bad_name (text, error);
  *period = parsed;
  return TRUE;
}

char *
hl_filing_period_to_string (const HlFilingPeriod *period)
{
  switch (period->kind)
    {
    case HL_FILING_QUARTER: return g_strdup_printf ("%04u-Q%u", period->year, period->number);
    case HL_FILING_HALF: return g_strdup_printf ("%04u-H%u", period->year, period->number);
    case HL_FILING_NINE_MONTHS: return g_strdup_printf ("%04u-9M", period->year);
    case HL_FILING_YEAR: default: return g_strdup_printf ("%04u", period->year);
    }
}

void
hl_filing_period_months (const HlFilingPeriod *period,
                         guint                *first,
                         guint                *last)
{
  switch (period->kind)
    {
    case HL_FILING_QUARTER:
      *first = 3 * period->number - 2;
      *last = 3 * period->number;
      break;
    case HL_FILING_HALF:
      *first = period->number == 1 ? 1 : 7;
      *last = period->number == 1 ? 6 : 12;
      break;
    case HL_FILING_NINE_MONTHS:
      *first = 1;
      *last = 9;
      break;
    case HL_FILING_YEAR:
    default:
      *first = 1;
      *last = 12;
      break;
    }
}

gboolean
hl_filing_period_range (const HlFilingPeriod  *period,
                        gboolean               cutoff,
                        guint                  cutoff_day,
                        char                 **from,
                        char                 **to,
                        GError               **error)
{
  guint first, last;

  g_return_val_if_fail (period != NULL && from != NULL && to != NULL, FALSE);

  hl_filing_period_months (period, &first, &last);
  if (!cutoff)
    {
      *from = g_strdup_printf ("%04u-%02u-01", period->year, first);
      *to = g_strdup_printf ("%04u-%02u-%02u", period->year, last,
                             g_date_get_days_in_month (last, period->year));
      return TRUE;
    }
  if (cutoff_day < HL_FILING_MIN_CUTOFF_DAY || cutoff_day > HL_FILING_MAX_CUTOFF_DAY)
    {
      g_set_error (error, HL_FILING_PERIOD_ERROR, HL_FILING_PERIOD_ERROR_BAD_CUTOFF_DAY,
                   "the cut-off day must be from %d to %d, not %u", HL_FILING_MIN_CUTOFF_DAY,
                   HL_FILING_MAX_CUTOFF_DAY, cutoff_day);
      return FALSE;
    }
  /* The month before the first: December of the year before for a period that starts in January. */
  if (first == 1)
    *from = g_strdup_printf ("%04u-12-%02u", period->year - 1, cutoff_day);
  else
    *from = g_strdup_printf ("%04u-%02u-%02u", period->year, first - 1, cutoff_day);
  *to = g_strdup_printf ("%04u-%02u-%02u", period->year, last, cutoff_day - 1);
  return TRUE;
}

gboolean
hl_filing_period_previous (const HlFilingPeriod *period,
                           HlFilingPeriod       *previous)
{
  *previous = *period;
  if ((period->kind == HL_FILING_QUARTER || period->kind == HL_FILING_HALF) && period->number > 1)
    {
      previous->number--;
      return TRUE;
    }
  if (period->year <= 1000)
    return FALSE;
  previous->year--;
  if (period->kind == HL_FILING_QUARTER)
    previous->number = 4;
  else if (period->kind == HL_FILING_HALF)
    previous->number = 2;
  return TRUE;
}

char *
hl_filing_period_describe (const HlFilingPeriod *period)
{
  static const char *roman[] = { "", "I", "II", "III", "IV" };

  switch (period->kind)
    {
    case HL_FILING_QUARTER:
      return g_strdup_printf ("Quý %s năm %u", roman[period->number], period->year);
    case HL_FILING_HALF:
      return g_strdup_printf ("6 tháng %s năm %u", period->number == 1 ? "đầu" : "cuối", period->year);
    case HL_FILING_NINE_MONTHS:
      return g_strdup_printf ("9 tháng năm %u", period->year);
    case HL_FILING_YEAR:
    default:
      return g_strdup_printf ("Năm %u", period->year);
    }
}
