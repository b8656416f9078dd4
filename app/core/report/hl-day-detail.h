/* hl-day-detail.h: what the dashboard's first page shows of a day besides the index (HlIndex): what went
 * wrong by SIPAS element (the answers to the follow-up's choice options, each pointing at an element,
 * from the per-day rollups), and the responses per hour with the repeats at the kiosk's counter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-store.h"

G_BEGIN_DECLS

typedef struct {
  char   *element;   /* the element's id (E1…E5) */
  gint64  answers;   /* answers to choice options pointing at it */
} HlReasonCount;

typedef struct {
  GArray *reasons;      /* HlReasonCount, by element id; elements nobody named are left out */
  gint64  reasons_total;
  gint64  counted[24];  /* the kiosk's counted responses per local hour */
  gint64  repeats[24];  /* and its repeats (stored, never counted) */
  gint64  repeats_total;
} HlDayDetail;

HlDayDetail *hl_day_detail_compute (HlStore     *store,
                                    const char  *day,
                                    const char  *kiosk_id,
                                    const char  *counter,
                                    gint64       from_utc,
                                    gint64       to_utc,
                                    GError     **error);
void         hl_day_detail_free    (HlDayDetail *detail);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlDayDetail, hl_day_detail_free)

G_END_DECLS
