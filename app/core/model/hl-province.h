/* hl-province.h: a province's configuration, hailong-province/1 (docs/province.md): the unit hierarchy,
 * the mergers, the targets and the reporting regime's cut-off day.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-types.h"
#include "hl-survey.h"

G_BEGIN_DECLS

#define HL_PROVINCE_FORMAT "hailong-province/1"

/* From the top: the province; a commune or ward (xã/phường); a public service centre, at either level;
 * a service point under a centre. A unit's parent is always of a higher level (a smaller number). */
typedef enum {
  HL_PROVINCE_LEVEL_PROVINCE,
  HL_PROVINCE_LEVEL_COMMUNE,
  HL_PROVINCE_LEVEL_CENTRE,
  HL_PROVINCE_LEVEL_SERVICE_POINT,
  HL_PROVINCE_N_LEVELS
} HlProvinceLevel;

typedef struct {
  char            *code;
  HlText          *name;
  HlProvinceLevel  level;
  char            *parent;     /* NULL for the province */
  char            *successor;  /* the unit that took this one over ("mergers"), or NULL */
  char            *merged_on;  /* YYYY-MM-DD of the merger, or NULL */
  double           target;     /* percent: "targets.units", or NAN when it has none of its own */
} HlProvinceUnit;

typedef struct {
  char        *path;
  char        *code;           /* the province unit's code */
  GPtrArray   *units;          /* HlProvinceUnit*, in the file's order */
  GHashTable  *unit_index;     /* code -> HlProvinceUnit* (borrowed from units) */
  char        *covers_from;    /* "covers": the span of data the hierarchy describes, YYYY-MM-DD */
  char        *covers_to;
  guint        cutoff_day;     /* of the reporting regime's periods (hl-filing-period.h) */
  double       target;         /* percent: "targets.default" */
  GHashTable  *field_targets;  /* field code -> double*, percent: "targets.fields" */
  GHashTable  *field_names;    /* field code -> its Vietnamese name: "fields" */
  guint        min_sample;
} HlProvince;

HlProvince           *hl_province_load_file        (const char      *path,
                                                    GPtrArray       *problems,
                                                    GError         **error);
HlProvince           *hl_province_load_data        (const char      *name,
                                                    const char      *data,
                                                    gssize           length,
                                                    GPtrArray       *problems,
                                                    GError         **error);
void                  hl_province_free             (HlProvince      *province);
const HlProvinceUnit *hl_province_lookup_unit      (HlProvince      *province,
                                                    const char      *code);
/* "province", "commune", "centre", "service-point". */
const char           *hl_province_level_to_string  (HlProvinceLevel  level);
gboolean              hl_province_level_from_string(const char      *name,
                                                    HlProvinceLevel *level);
/* The unit each unit's responses count under when rolled up to @level: unless @as_recorded, a merged unit
 * is first replaced by its last successor; then the unit is replaced by its highest ancestor (or itself)
 * whose level is @level or lower, so that a provincial centre stays itself at the commune level. A map of
 * every unit's code to that code (owned strings); a code not in the hierarchy is not in the map. */
GHashTable           *hl_province_unit_map         (HlProvince      *province,
                                                    HlProvinceLevel  level,
                                                    gboolean         as_recorded);
/* The target (percent) of a row of @unit (NULL: not grouped by unit) and @field (NULL likewise): the
 * unit's own target if it has one, else the field's ("targets.fields"), else "targets.default". */
double                hl_province_get_target       (HlProvince      *province,
                                                    const char      *unit,
                                                    const char      *field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlProvince, hl_province_free)

G_END_DECLS
