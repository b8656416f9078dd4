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
} HlIndexRow;

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlIndex, hl_index_free)

G_END_DECLS
