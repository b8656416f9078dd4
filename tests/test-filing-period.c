/* test-filing-period.c: period names as the province files them, their calendar ranges and the reporting
 * regime's data cut-off (hl-filing-period.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "hl-filing-period.h"

typedef struct {
  const char *name;
  const char *from, *to;                /* calendar */
  const char *cut_from, *cut_to;        /* cut-off on the 15th */
  const char *previous;
  const char *described;
} Case;

static const Case cases[] = {
  { "2026-Q1", "2026-01-01", "2026-03-31", "2025-12-15", "2026-03-14", "2025-Q4", "Quý I năm 2026" },
  { "2026-Q2", "2026-04-01", "2026-06-30", "2026-03-15", "2026-06-14", "2026-Q1", "Quý II năm 2026" },
  { "2026-Q3", "2026-07-01", "2026-09-30", "2026-06-15", "2026-09-14", "2026-Q2", "Quý III năm 2026" },
  { "2026-Q4", "2026-10-01", "2026-12-31", "2026-09-15", "2026-12-14", "2026-Q3", "Quý IV năm 2026" },
  { "2026-H1", "2026-01-01", "2026-06-30", "2025-12-15", "2026-06-14", "2025-H2", "6 tháng đầu năm 2026" },
  { "2026-H2", "2026-07-01", "2026-12-31", "2026-06-15", "2026-12-14", "2026-H1", "6 tháng cuối năm 2026" },
  { "2026-9M", "2026-01-01", "2026-09-30", "2025-12-15", "2026-09-14", "2025-9M", "9 tháng năm 2026" },
  { "2026", "2026-01-01", "2026-12-31", "2025-12-15", "2026-12-14", "2025", "Năm 2026" },
  /* February of a leap year ends on the 29th. */
  { "2028-Q1", "2028-01-01", "2028-03-31", "2027-12-15", "2028-03-14", "2027-Q4", "Quý I năm 2028" },
};

static void
test_ranges (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      HlFilingPeriod period, previous;
      g_autofree char *from = NULL, *to = NULL, *cut_from = NULL, *cut_to = NULL;
      g_autofree char *name = NULL, *prev_name = NULL, *described = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (hl_filing_period_parse (c->name, &period, &error));
      g_assert_no_error (error);
      g_assert_true (hl_filing_period_range (&period, FALSE, HL_FILING_DEFAULT_CUTOFF_DAY, &from, &to, &error));
      g_assert_cmpstr (from, ==, c->from);
      g_assert_cmpstr (to, ==, c->to);
      g_assert_true (hl_filing_period_range (&period, TRUE, HL_FILING_DEFAULT_CUTOFF_DAY, &cut_from, &cut_to,
                                             &error));
      g_assert_cmpstr (cut_from, ==, c->cut_from);
      g_assert_cmpstr (cut_to, ==, c->cut_to);
      name = hl_filing_period_to_string (&period);
      g_assert_cmpstr (name, ==, c->name);
      g_assert_true (hl_filing_period_previous (&period, &previous));
      prev_name = hl_filing_period_to_string (&previous);
      g_assert_cmpstr (prev_name, ==, c->previous);
      described = hl_filing_period_describe (&period);
      g_assert_cmpstr (described, ==, c->described);
    }
}

/* Every day of a year falls in exactly one quarter's cut-off range, and the four together make the year's:
 * the ranges neither overlap nor leave a gap. */
static void
test_cutoff_quarters_tile_the_year (void)
{
  HlFilingPeriod year;
  g_autofree char *year_from = NULL, *year_to = NULL;
  g_autofree char *expect_next = NULL;

  g_assert_true (hl_filing_period_parse ("2027", &year, NULL));
  g_assert_true (hl_filing_period_range (&year, TRUE, 10, &year_from, &year_to, NULL));
  g_assert_cmpstr (year_from, ==, "2026-12-10");
  g_assert_cmpstr (year_to, ==, "2027-12-09");
  expect_next = g_strdup (year_from);
  for (guint q = 1; q <= 4; q++)
    {
      HlFilingPeriod period = { HL_FILING_QUARTER, 2027, q };
      g_autofree char *from = NULL, *to = NULL;
      GDate d;

      g_assert_true (hl_filing_period_range (&period, TRUE, 10, &from, &to, NULL));
      g_assert_cmpstr (from, ==, expect_next);
      g_date_set_parse (&d, to);
      g_assert_true (g_date_valid (&d));
      g_date_add_days (&d, 1);
      g_free (expect_next);
      expect_next = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&d), g_date_get_month (&d),
                                     g_date_get_day (&d));
      if (q == 4)
        g_assert_cmpstr (to, ==, year_to);
    }
}

static void
test_bad_input (void)
{
  static const char *bad[] = {
    "", "26", "2026-Q0", "2026-Q5", "2026-q3", "2026-H3", "2026-H", "2026-8M", "2026-9m", "2026-Q3 ",
    " 2026", "+2026", "0999", "20261", "2026-Q33", "2026/Q3", "2026-01", "abcd",
  };
  HlFilingPeriod period = { HL_FILING_QUARTER, 2026, 3 };
  char *from = NULL, *to = NULL;
  g_autoptr(GError) day_error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (hl_filing_period_parse (bad[i], &period, &error));
      g_assert_error (error, HL_FILING_PERIOD_ERROR, HL_FILING_PERIOD_ERROR_BAD_NAME);
      g_assert_nonnull (strstr (error->message, "YYYY-Q1"));
      /* A refused name leaves the period as it was. */
      g_assert_cmpint (period.kind, ==, HL_FILING_QUARTER);
      g_assert_cmpuint (period.year, ==, 2026);
      g_assert_cmpuint (period.number, ==, 3);
    }
  g_assert_false (hl_filing_period_parse (NULL, &period, NULL));

  /* A cut-off day that some month lacks (29..31), or whose day before does not exist (1), is refused. */
  for (guint day = 0; day <= 31; day++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = hl_filing_period_range (&period, TRUE, day, &from, &to, &error);

      g_assert_cmpint (ok, ==, day >= HL_FILING_MIN_CUTOFF_DAY && day <= HL_FILING_MAX_CUTOFF_DAY);
      if (ok)
        {
          g_clear_pointer (&from, g_free);
          g_clear_pointer (&to, g_free);
        }
      else
        g_assert_error (error, HL_FILING_PERIOD_ERROR, HL_FILING_PERIOD_ERROR_BAD_CUTOFF_DAY);
    }
  /* The calendar range does not look at the day. */
  g_assert_true (hl_filing_period_range (&period, FALSE, 0, &from, &to, &day_error));
  g_assert_cmpstr (from, ==, "2026-07-01");
  g_free (from);
  g_free (to);
}

static void
test_previous_bounds (void)
{
  HlFilingPeriod first = { HL_FILING_YEAR, 1000, 0 }, previous;
  HlFilingPeriod q1 = { HL_FILING_QUARTER, 1000, 1 };
  HlFilingPeriod q2 = { HL_FILING_QUARTER, 1000, 2 };

  g_assert_false (hl_filing_period_previous (&first, &previous));
  g_assert_false (hl_filing_period_previous (&q1, &previous));
  g_assert_true (hl_filing_period_previous (&q2, &previous));
  g_assert_cmpuint (previous.number, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/filing-period/ranges", test_ranges);
  g_test_add_func ("/filing-period/cutoff-quarters-tile-the-year", test_cutoff_quarters_tile_the_year);
  g_test_add_func ("/filing-period/bad-input", test_bad_input);
  g_test_add_func ("/filing-period/previous-bounds", test_previous_bounds);
  return g_test_run ();
}
