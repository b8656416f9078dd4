/* hl-report.h: the reports people read beside an export: PDF, CSV and XLSX of the same tables, every
 * figure taken from the index (hl-index.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-types.h"
#include "hl-config.h"
#include "hl-filing-period.h"
#include "hl-province.h"
#include "hl-store.h"

G_BEGIN_DECLS

#define HL_REPORT_ERROR (hl_report_error_quark ())

typedef enum {
  HL_REPORT_ERROR_WRITE,   /* a file could not be written; the message names it */
} HlReportError;

typedef struct _HlReport HlReport;

GQuark    hl_report_error_quark (void);
HlReport *hl_report_new         (HlStore     *store,
                                 HlConfig    *config,
                                 const char  *from,
                                 const char  *to,
                                 const char  *kiosk_id,
                                 GError     **error);
/* The province's report of @period (a name such as "2026-Q3", calendar dates or the regime's cut-off on
 * the province's day): units ranked with their intervals at @level (merged units under their successor
 * unless @as_recorded), the units below target, land, construction and investment against the other
 * fields, the SIPAS elements, and the trend against the period of the same kind before. */
HlReport *hl_report_new_province(HlStore          *store,
                                 HlProvince       *province,
                                 const char       *period,
                                 gboolean          cutoff,
                                 HlProvinceLevel   level,
                                 gboolean          as_recorded,
                                 GError          **error);
void      hl_report_free        (HlReport    *report);
gboolean  hl_report_write_pdf   (HlReport    *report,
                                 const char  *path,
                                 GError     **error);
gboolean  hl_report_write_csv   (HlReport    *report,
                                 const char  *path,
                                 GError     **error);
gboolean  hl_report_write_xlsx  (HlReport    *report,
                                 const char  *path,
                                 GError     **error);
gboolean  hl_report_write_all   (HlReport    *report,
                                 const char  *stem,
                                 GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlReport, hl_report_free)

G_END_DECLS
