/* hl-completeness.h: whether the province has every kiosk's data for a period (docs/province.md,
 * "hailong status"): which kiosks reported, which did not, which were replaced, the gaps in what arrived,
 * the bundles refused, and the units no kiosk reported for. `hailong status` prints it; the province's
 * report carries it as its completeness tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-province.h"
#include "hl-store.h"
#include "hl-store-status.h"

G_BEGIN_DECLS

typedef enum {
  HL_KIOSK_REPORTED,     /* responses of it are held on days of the period */
  HL_KIOSK_MISSING,      /* none: the province waits for its data */
  HL_KIOSK_REPLACED,     /* none, but a kiosk at its unit and counter that began after its last response did report */
  HL_KIOSK_NOT_STARTED,  /* its first response is after the period */
} HlKioskState;

typedef struct {
  HlStoreKiosk *kiosk;
  HlKioskState  state;
  char         *replaced_by;  /* HL_KIOSK_REPLACED: the kiosk that took its place */
  const char   *unit_name;    /* from the province configuration, or NULL */
  gboolean      unit_known;   /* the configuration lists its unit (TRUE without a configuration) */
  gboolean      only_refused; /* known only from the manifest of a bundle refused */
  gint64        responses;    /* counted in the period, as the index counts them (hl_index_compute() by kiosk) */
  guint         gaps;         /* gaps that touch the period, and the responses missing in them */
  gint64        missing;
} HlKioskCompleteness;

typedef struct {
  char      *from;
  char      *to;
  GPtrArray *kiosks;         /* HlKioskCompleteness*, by kiosk id */
  GPtrArray *gaps;           /* HlStoreGap* touching the period, by kiosk and sequence */
  GPtrArray *refusals;       /* HlStoreRefusal* not resolved since, oldest first */
  GPtrArray *missing_units;  /* const HlProvinceUnit* (the configuration's) no kiosk reported for */
  guint      n_state[4];     /* kiosks per HlKioskState */
  gint64     missing_responses;
} HlCompleteness;

HlCompleteness *hl_completeness_compute        (HlStore        *store,
                                                HlProvince     *province,
                                                const char     *from,
                                                const char     *to,
                                                GError        **error);
void            hl_completeness_free           (HlCompleteness *completeness);
/* "reported", "missing", "replaced", "not-started" (JSON), and the Vietnamese a supervisor reads. */
const char     *hl_kiosk_state_to_string       (HlKioskState    state);
const char     *hl_kiosk_state_to_vi           (HlKioskState    state);
/* A unit's level ("xã, phường", …), a refusal's reason code ("dữ liệu bị sửa", …), an ISO 8601 time
 * ("2026-12-02 05:12"), as the Vietnamese tables show them. */
const char     *hl_completeness_level_to_vi    (HlProvinceLevel  level);
const char     *hl_completeness_reason_to_vi   (const char      *reason);
char           *hl_completeness_time_shown     (const char      *iso8601);
/* The gap's days as a person reads them: "2026-07-03 – 2026-07-09", "… – 2026-07-09" at the start. */
char           *hl_completeness_gap_days       (const HlStoreGap *gap);
char           *hl_completeness_to_json_text   (HlCompleteness *completeness);
char           *hl_completeness_to_table       (HlCompleteness *completeness);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlCompleteness, hl_completeness_free)

G_END_DECLS
