/* hl-qr-series.h: a day's aggregates as a short numbered series of signed QR codes, for a kiosk with no
 * stick at hand: the dashboard shows them one screen each, `hailong export --qr` writes them as PNG, and
 * the province reads them with any scanner and imports the texts (`hailong import --qr`).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-types.h"
#include "hl-store.h"

G_BEGIN_DECLS

#define HL_QR_SERIES_ERROR (hl_qr_series_error_quark ())

typedef enum {
  HL_QR_SERIES_ERROR_SYNTAX,     /* a line is not a part of a series */
  HL_QR_SERIES_ERROR_MISSING,    /* a part of a series is missing */
  HL_QR_SERIES_ERROR_SIGNATURE,  /* a part is not signed by the kiosk's enrolled key (foreign, or changed) */
  HL_QR_SERIES_ERROR_UNKNOWN_KEY,
  HL_QR_SERIES_ERROR_DIGEST,     /* the parts do not join into the series they name */
} HlQrSeriesError;

/* What one series held. */
typedef struct {
  char   *kiosk_id;
  char   *day;
  guint   parts;
  gint64  responses;  /* counted responses of the day */
} HlQrSeriesDay;

GQuark     hl_qr_series_error_quark (void);
GPtrArray *hl_qr_series_make        (HlStore      *store,
                                     HlIdentity   *identity,
                                     const char   *day,
                                     GError      **error);
GPtrArray *hl_qr_series_write_pngs  (GPtrArray    *texts,
                                     const char   *dir,
                                     const char   *kiosk_id,
                                     const char   *day,
                                     GError      **error);
GPtrArray *hl_qr_series_import      (HlStore      *store,
                                     const char   *text,
                                     const char   *name,
                                     const char   *survey_dir,
                                     GError      **error);
void       hl_qr_series_day_free    (HlQrSeriesDay *day);

G_END_DECLS
