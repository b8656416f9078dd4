/* hl-bundle-batch.c: one bundle of a province's import of many (hl-bundle-batch.h).
 *
 * A bundle is verified and imported by hl_bundle_import_file(), in one transaction: refused, it leaves
 * nothing of itself. What this adds is the province's memory of the refusal (migration 7), written after
 * that transaction is gone, so that `hailong status` can name the file, the kiosk it claims and the reason
 * long after the import's output scrolled away; and, once a later import of the same file succeeds, the
 * refusal is marked resolved. Nothing is kept from one bundle to the next, so a call of hundreds of
 * bundles holds no more memory at its end than after its first (tests/cli/test-province-import.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-bundle"

#include "config.h"

#include <string.h>

#include "hl-bundle-batch.h"
#include "hl-store-status.h"

/* A short, stable code for why a bundle was refused: what `hailong status --format json` gives, so that a
 * province's own tools can sort the refusals without reading the sentences. */
const char *
hl_bundle_refusal_reason (const GError *error)
{
  if (error == NULL)
    return NULL;
  if (error->domain == HL_BUNDLE_ERROR)
    switch ((HlBundleError) error->code)
      {
      case HL_BUNDLE_ERROR_MANIFEST: return "manifest";
      case HL_BUNDLE_ERROR_SIGNATURE: return "signature";
      case HL_BUNDLE_ERROR_UNKNOWN_KEY: return "unknown-key";
      case HL_BUNDLE_ERROR_FOREIGN_KEY: return "foreign-key";
      case HL_BUNDLE_ERROR_SURVEY: return "survey";
      case HL_BUNDLE_ERROR_ENROLMENT: return "manifest";
      }
  if (error->domain == HL_STORE_ERROR)
    switch (error->code)
      {
      case HL_STORE_ERROR_BUNDLE_DAMAGED: return "damaged";
      case HL_STORE_ERROR_BUNDLE_INVALID: return "invalid";
      case HL_STORE_ERROR_BUNDLE_TAMPERED: return "tampered";
      case HL_STORE_ERROR_BUNDLE_REWRITTEN: return "rewritten";
      case HL_STORE_ERROR_CONFLICT: return "conflict";
      default: break;
      }
  if (error->domain == G_FILE_ERROR)
    return "unreadable";
  return "failed";
}

/* The kiosk a refused bundle's manifest names, read without trusting it (the refusal may be that the
 * manifest is not the kiosk's): NULL when the file is no bundle at all. */
static char *
claimed_kiosk (const char *path)
{
  g_autoptr(HlStore) bundle = hl_store_open_bundle (path, FALSE, NULL);
  g_autoptr(GHashTable) manifest = bundle ? hl_store_bundle_get_manifest (bundle, NULL) : NULL;
  const char *kiosk = manifest ? g_hash_table_lookup (manifest, "kiosk_id") : NULL;

  return kiosk && g_utf8_validate (kiosk, -1, NULL) && strlen (kiosk) <= 64 ? g_strdup (kiosk) : NULL;
}

void
hl_bundle_report_clear (HlBundleReport *report)
{
  g_clear_pointer (&report->info, hl_bundle_info_free);
  g_clear_error (&report->refusal);
  report->reason = NULL;
}

/* Imports the bundle at @path and tells in @report what it did. FALSE (with @error) only when the
 * province's database could not even record a refusal: the caller then stops. */
gboolean
hl_bundle_import_recorded (HlStore         *store,
                           const char      *path,
                           gboolean         trust_new,
                           HlBundleReport  *report,
                           GError         **error)
{
  g_return_val_if_fail (store != NULL && path != NULL && report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  report->info = hl_bundle_import_file (store, path, trust_new, &report->result, &report->refusal);
  if (report->info != NULL)
    {
      report->outcome = report->result.already_imported ? HL_BUNDLE_HELD : HL_BUNDLE_IMPORTED;
      return hl_store_resolve_refusals (store, path, error);
    }
  {
    g_autofree char *kiosk = claimed_kiosk (path);

    report->outcome = HL_BUNDLE_REFUSED;
    report->reason = hl_bundle_refusal_reason (report->refusal);
    return hl_store_record_refusal (store, path, kiosk, report->reason, report->refusal->message, error);
  }
}

void
hl_bundle_totals_add (HlBundleTotals       *totals,
                      const HlBundleReport *report)
{
  totals->files++;
  switch (report->outcome)
    {
    case HL_BUNDLE_IMPORTED:
      totals->imported++;
      totals->responses_added += report->result.responses_added;
      totals->gap_responses += report->result.gap_before + report->result.gap_after;
      break;
    case HL_BUNDLE_HELD:
      totals->held++;
      break;
    case HL_BUNDLE_REFUSED:
      totals->refused++;
      break;
    }
}
