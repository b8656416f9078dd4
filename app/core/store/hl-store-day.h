/* hl-store-day.h: what the dashboard's first page reads of one day besides the per-day rollups: the
 * responses per hour of the day at a kiosk's counter, counted and repeats. The rollups are per day, and
 * repeats are never in them; this reads the day's responses of the one counter through their (kiosk,
 * counter, time) index, never a scan of every response.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-store.h"

G_BEGIN_DECLS

/* Adds to @counted and @repeats, by the local hour of recorded_at (0–23), the responses of @kiosk_id at
 * @counter recorded in [@from_utc, @to_utc): counted ones and repeats (kept, never counted). Detailed
 * ratings, tied to a quick one, are not a response of their own and are left out. */
gboolean hl_store_count_hours (HlStore     *self,
                               const char  *kiosk_id,
                               const char  *counter,
                               gint64       from_utc,
                               gint64       to_utc,
                               gint64       counted[24],
                               gint64       repeats[24],
                               GError     **error);

/* SQLite's data_version of this connection: it changes when another connection (the kiosk's own, an
 * import) committed since the last call, so that a reader that keeps its connection open (the
 * dashboard's) knows whether figures it computed before are still those of the database. */
gboolean hl_store_get_data_version (HlStore     *self,
                                    gint64      *version,
                                    GError     **error);

G_END_DECLS
