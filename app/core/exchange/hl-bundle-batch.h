/* hl-bundle-batch.h: the province's import of many bundles in one call (docs/province.md): each bundle
 * all or nothing, a refused one recorded with its reason for `hailong status`, the others untouched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-bundle.h"

G_BEGIN_DECLS

typedef enum {
  HL_BUNDLE_IMPORTED,   /* its new responses went in */
  HL_BUNDLE_HELD,       /* imported before: nothing changed */
  HL_BUNDLE_REFUSED,    /* nothing of it went in; the refusal is recorded */
} HlBundleOutcome;

/* What one bundle did. */
typedef struct {
  HlBundleOutcome  outcome;
  HlBundleInfo    *info;       /* NULL when refused */
  HlBundleImport   result;
  GError          *refusal;    /* why it was refused, or NULL */
  const char      *reason;     /* the refusal's short code (hl_bundle_refusal_reason()), or NULL */
} HlBundleReport;

/* A whole call's figures. */
typedef struct {
  guint   files;
  guint   imported;
  guint   held;
  guint   refused;
  gint64  responses_added;
  gint64  gap_responses;   /* responses missing around the bundles imported */
} HlBundleTotals;

const char *hl_bundle_refusal_reason  (const GError    *error);
gboolean    hl_bundle_import_recorded (HlStore         *store,
                                       const char      *path,
                                       gboolean         trust_new,
                                       HlBundleReport  *report,
                                       GError         **error);
void        hl_bundle_report_clear    (HlBundleReport  *report);
void        hl_bundle_totals_add      (HlBundleTotals       *totals,
                                       const HlBundleReport *report);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HlBundleReport, hl_bundle_report_clear)

G_END_DECLS
