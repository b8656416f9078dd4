/* hl-filing-period.h: the periods a province files its reports for (docs/province.md, "Periods").
 *
 * "2026-Q3", "2026-H1", "2026-9M" and "2026" name a quarter, the first half, the first nine months and the
 * whole year. Each has two date ranges: the calendar one (1 July – 30 September) and the reporting regime's
 * data cut-off (Nghị định 09/2019/NĐ-CP, Điều 12), which starts on the cut-off day of the month before the
 * period and ends the day before the cut-off day of its last month (15 June – 14 September).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HL_FILING_PERIOD_ERROR (hl_filing_period_error_quark ())

typedef enum {
  HL_FILING_PERIOD_ERROR_BAD_NAME,
  HL_FILING_PERIOD_ERROR_BAD_CUTOFF_DAY,
} HlFilingPeriodError;

typedef enum {
  HL_FILING_QUARTER,      /* "YYYY-Qn": months 3n-2 .. 3n */
  HL_FILING_HALF,         /* "YYYY-H1": January – June; "YYYY-H2": July – December */
  HL_FILING_NINE_MONTHS,  /* "YYYY-9M": January – September */
  HL_FILING_YEAR,         /* "YYYY" */
} HlFilingKind;

/* The day of the month on which the regime's data year, quarter or half begins (the 15th): its periods run
 * from that day of the month before to the day before it in the period's last month. */
#define HL_FILING_DEFAULT_CUTOFF_DAY 15
/* A cut-off day must exist in every month, and the day before it too: 2 .. 28. */
#define HL_FILING_MIN_CUTOFF_DAY 2
#define HL_FILING_MAX_CUTOFF_DAY 28

typedef struct {
  HlFilingKind kind;
  guint        year;    /* 1000 .. 9999 */
  guint        number;  /* the quarter (1..4) or the half (1..2); 0 for the others */
} HlFilingPeriod;

GQuark    hl_filing_period_error_quark (void);
gboolean  hl_filing_period_parse       (const char           *text,
                                        HlFilingPeriod       *period,
                                        GError              **error);
/* Its name as parsed: "2026-Q3", "2026-H1", "2026-9M", "2026". Free with g_free(). */
char     *hl_filing_period_to_string   (const HlFilingPeriod *period);
/* The first and last month (1..12) of the period. */
void      hl_filing_period_months      (const HlFilingPeriod *period,
                                        guint                *first,
                                        guint                *last);
/* The period's first and last day (YYYY-MM-DD, inclusive; free with g_free()): the calendar months when
 * @cutoff is FALSE; else from @cutoff_day of the month before the first month to the day before
 * @cutoff_day of the last month. Fails only for a cut-off day outside 2..28. */
gboolean  hl_filing_period_range       (const HlFilingPeriod *period,
                                        gboolean              cutoff,
                                        guint                 cutoff_day,
                                        char                **from,
                                        char                **to,
                                        GError              **error);
/* The period of the same kind before @period: 2026-Q1 → 2025-Q4, 2026-H1 → 2025-H2, 2026-9M → 2025-9M,
 * 2026 → 2025. FALSE when there is none (before the year 1000). */
gboolean  hl_filing_period_previous    (const HlFilingPeriod *period,
                                        HlFilingPeriod       *previous);
/* For a report's heading, in Vietnamese: "Quý III năm 2026", "6 tháng đầu năm 2026", "9 tháng năm 2026",
 * "Năm 2026". Free with g_free(). */
char     *hl_filing_period_describe    (const HlFilingPeriod *period);

G_END_DECLS
