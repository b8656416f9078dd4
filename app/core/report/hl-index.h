/* hl-index.h: satisfaction and the SIPAS-style index, hailong-index/1 (FORMATS.md §4).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "hl-types.h"
#include "hl-store.h"
#include "hl-province.h"

G_BEGIN_DECLS

#define HL_INDEX_ERROR (hl_index_error_quark ())

typedef enum {
  HL_INDEX_ERROR_BAD_KEY,
  HL_INDEX_ERROR_BAD_DATE,
} HlIndexError;

typedef enum {
  HL_KEY_UNIT,
  HL_KEY_COUNTER,
  HL_KEY_OFFICER,
  HL_KEY_PROCEDURE,
  HL_KEY_FIELD,
  HL_KEY_KIOSK,
  HL_KEY_DAY,
  HL_KEY_MONTH,
  HL_KEY_QUARTER,
  HL_N_KEYS
} HlKey;

typedef struct {
  gint64   n;
  gint64   satisfied;
  double   rate;      /* percent; NAN when n == 0 */
  double   ci_low;    /* Wilson score interval at 95 %, percent */
  double   ci_high;
} HlRate;

/* How a rate stands against its target, honest about small numbers (docs/formats.md, "verdict"). */
typedef enum {
  HL_VERDICT_NONE,     /* no answer: nothing to say */
  HL_VERDICT_MEETS,    /* the rate (rounded to 2 decimals, as printed) is at or above the target */
  HL_VERDICT_UNCLEAR,  /* under the target, but its 95 % interval still reaches it: "chưa rõ" */
  HL_VERDICT_BELOW,    /* its whole 95 % interval lies below the target: "dưới mục tiêu" */
} HlVerdict;

typedef struct {
  char          *key[HL_N_KEYS]; /* by key; NULL when unknown or not grouped by */
  gint64         responses;
  HlRate         overall;
  GTree         *criteria;       /* question id -> HlRate* */
  GTree         *elements;       /* element id -> HlElementIndex* */
  HlIndexMethod  method;
  double         sipas;          /* NAN when no criterion was answered */
  double         target;         /* percent: the satisfaction target that applies to the row */
  int            below_target;   /* overall.rate < target: 1 or 0; -1 when there is no overall answer */
  gboolean       too_small;      /* fewer overall answers than the minimum sample: not to be ranked */
  gint64         bursts;         /* responses flagged as bursts (METHOD.md), among `responses` */
  HlRate         overall_without_bursts; /* `overall` without the responses flagged as bursts */
  HlVerdict      verdict;        /* `overall` against `target`; set with the target */
} HlIndexRow;

/* A place in a ranking (hl_rank_rates()). */
typedef enum {
  HL_RANK_ORDERED,       /* its place is clear */
  HL_RANK_SHARED_SMALL,  /* shares its rank: its interval overlaps another's of the group while one of
                          * them has fewer answers than the minimum sample */
  HL_RANK_SHARED_EQUAL,  /* shares its rank: the same rate (as printed) as another of the group */
  HL_RANK_UNRANKED,      /* no answer: not ranked (rank 0), listed last */
} HlRankReason;

typedef struct {
  guint        position; /* of the rate in the array given to hl_rank_rates() */
  guint        rank;     /* 1 for the best; rows sharing a rank get the same, the next distinct rank skips
                          * as many ("1, 1, 3"); 0 when unranked */
  HlRankReason reason;
} HlRankEntry;

/* The periods of the dashboard's history (hl_period_range()). */
typedef enum {
  HL_PERIOD_DAY,
  HL_PERIOD_WEEK,     /* from Monday */
  HL_PERIOD_MONTH,
  HL_PERIOD_QUARTER,
  HL_PERIOD_YEAR,
} HlPeriod;

/* One day of a trend (hl_index_trend()). */
typedef struct {
  char    day[11];    /* YYYY-MM-DD */
  gint64  responses;
  HlRate  overall;    /* n == 0 (rate NAN) on a day without answers */
  HlVerdict verdict;
} HlTrendPoint;

typedef struct {
  double index;
  guint  criteria;
} HlElementIndex;

GQuark       hl_index_error_quark   (void);
const char  *hl_key_to_string       (HlKey          key);
GArray      *hl_index_parse_keys    (const char    *spec,
                                     GError       **error);
gboolean     hl_index_check_date    (const char    *date,
                                     GError       **error);
void         hl_wilson_interval     (gint64         satisfied,
                                     gint64         n,
                                     double        *low,
                                     double        *high);

HlIndex     *hl_index_compute       (HlStore       *store,
                                     const char    *from,
                                     const char    *to,
                                     GArray        *keys,
                                     GError       **error);
/* As hl_index_compute(), each rollup row's unit first renamed by @unit_map (code -> code; a unit not in it
 * stays as recorded): how the province's hierarchy is rolled up (hl_province_unit_map()). */
HlIndex     *hl_index_compute_mapped(HlStore       *store,
                                     const char    *from,
                                     const char    *to,
                                     GArray        *keys,
                                     GHashTable    *unit_map,
                                     GError       **error);
/* The index of @grouped's period without keys (one row, none without responses), added up from
 * @grouped's own counts: what hl_index_compute() with no keys gives, without reading the rollups again.
 * @store is only asked for a survey definition @grouped did not load (none, normally). */
HlIndex     *hl_index_total         (HlIndex       *grouped,
                                     HlStore       *store,
                                     GError       **error);
/* Sets each row's target by @target_func (row's unit or NULL, row's field or NULL) and the minimum sample,
 * as hl_index_set_targets() does from a kiosk configuration. */
void         hl_index_set_targets_by(HlIndex       *index,
                                     double       (*target_func) (gpointer    user_data,
                                                                  const char *unit,
                                                                  const char *field),
                                     gpointer       user_data,
                                     guint          min_sample);
void         hl_index_set_province_targets (HlIndex    *index,
                                            HlProvince *province);
void         hl_index_free          (HlIndex       *index);
guint        hl_index_get_n_rows    (HlIndex       *index);
HlIndexRow  *hl_index_get_row       (HlIndex       *index,
                                     guint          i);
HlIndexMethod hl_index_get_method   (HlIndex       *index);
void         hl_index_set_targets   (HlIndex       *index,
                                     HlConfig      *config);
guint        hl_index_get_min_sample(HlIndex       *index);
JsonNode    *hl_index_to_json       (HlIndex       *index);
char        *hl_index_to_json_text  (HlIndex       *index);
char        *hl_index_to_table      (HlIndex       *index);
char        *hl_index_to_csv        (HlIndex       *index);

/* The verdict of @rate against @target (percent): MEETS when the rate rounded to 2 decimals is at least
 * the target, BELOW only when the interval's upper end (rounded likewise) lies below it, UNCLEAR in
 * between; NONE without answers. */
HlVerdict    hl_rate_verdict        (const HlRate  *rate,
                                     double         target);
/* "meets", "unclear", "below"; NULL for HL_VERDICT_NONE. */
const char  *hl_verdict_to_string   (HlVerdict      verdict);
/* For a supervisor, in Vietnamese: "đạt mục tiêu", "chưa rõ", "dưới mục tiêu"; "" for NONE. */
const char  *hl_verdict_describe    (HlVerdict      verdict);

/* Ranks @n_rates rates, best first, without ever placing one above another when the two cannot honestly
 * be told apart: rates whose 95 % intervals overlap while either has fewer than @min_sample answers share
 * a rank (and so does every rate between them), as do equal rates. Returns an array of HlRankEntry in
 * ranking order (ties in their given order), rates without answers last with rank 0. */
GArray      *hl_rank_rates          (const HlRate  *rates,
                                     guint          n_rates,
                                     guint          min_sample);
/* hl_rank_rates() over the rows' overall rates, with the index's minimum sample. */
GArray      *hl_index_rank          (HlIndex       *index);
/* Why a row has its place, for the table: e.g. "cùng hạng: khoảng tin cậy chồng nhau, dưới 30 câu trả
 * lời"; "" for HL_RANK_ORDERED. Free with g_free(). */
char        *hl_rank_reason_describe(HlRankReason   reason,
                                     guint          min_sample);

/* "day", "week", "month", "quarter", "year"; hl_period_from_string() returns FALSE for another name. */
const char  *hl_period_to_string    (HlPeriod       period);
gboolean     hl_period_from_string  (const char    *name,
                                     HlPeriod      *period);
/* The calendar period of @period that holds @date (YYYY-MM-DD), up to and including @date: the day
 * itself, the week from its Monday, the month from its 1st, the quarter from its first day, the year from
 * 1 January. *@from and *@to are YYYY-MM-DD (free with g_free()). */
gboolean     hl_period_range        (HlPeriod       period,
                                     const char    *date,
                                     char         **from,
                                     char         **to,
                                     GError       **error);

/* The daily trend of the overall rate over the @days days ending on @to (30 on the dashboard): one
 * HlTrendPoint per day, oldest first, days without answers included. Computed through hl_index_compute()
 * from the per-day rollups, never from the responses; verdicts against @config's default target (NULL:
 * 90 %). */
GArray      *hl_index_trend         (HlStore       *store,
                                     const char    *to,
                                     guint          days,
                                     HlConfig      *config,
                                     GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlIndex, hl_index_free)

G_END_DECLS
