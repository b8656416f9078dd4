/* hl-bundle.h: signed export bundles (docs/bundle-format.md): writing, verifying, importing, and the
 * province's list of kiosk keys.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-types.h"
#include "hl-config.h"
#include "hl-store-export.h"

G_BEGIN_DECLS

#define HL_BUNDLE_ERROR (hl_bundle_error_quark ())

typedef enum {
  HL_BUNDLE_ERROR_MANIFEST,     /* a manifest field is missing or malformed */
  HL_BUNDLE_ERROR_SIGNATURE,    /* the signature does not match the manifest and key */
  HL_BUNDLE_ERROR_UNKNOWN_KEY,  /* the kiosk is not enrolled (hailong keys add, or --trust-new) */
  HL_BUNDLE_ERROR_FOREIGN_KEY,  /* signed by another key than the kiosk's enrolled one */
  HL_BUNDLE_ERROR_SURVEY,       /* a survey definition it carries is damaged or invalid */
  HL_BUNDLE_ERROR_ENROLMENT,    /* not the text of an enrolment QR code */
} HlBundleError;

/* A bundle as verified: its manifest's figures (checked against its chain), and what else it says. */
typedef struct {
  HlBundleRange range;
  char         *public_key;
  char         *unit;
  char         *unit_name;      /* NULL when the kiosk's configuration gave none */
  char         *counter;
  char         *period_from;    /* the period asked for (may be wider than the responses' days) */
  char         *period_to;
  char         *software_version;
  char         *created_at;
  gint64        created_utc;
  char         *bundle_id;      /* hex SHA-256 of the signature: the same bundle, the same id */
  GPtrArray    *clock_jumps;    /* HlClockJump* */
} HlBundleInfo;

GQuark        hl_bundle_error_quark       (void);
void          hl_bundle_info_free         (HlBundleInfo        *info);
char         *hl_bundle_manifest_encode   (GHashTable          *manifest);
gboolean      hl_bundle_write             (HlStore             *store,
                                           HlIdentity          *identity,
                                           HlConfig            *config,
                                           const HlBundleRange *range,
                                           const char          *period_from,
                                           const char          *period_to,
                                           const char          *path,
                                           char               **bundle_id,
                                           GError             **error);
HlBundleInfo *hl_bundle_verify_file       (const char          *path,
                                           GError             **error);
gboolean      hl_bundle_check_cb          (const char          *path,
                                           gpointer             user_data,
                                           GError             **error);
HlBundleInfo *hl_bundle_import_file       (HlStore             *store,
                                           const char          *path,
                                           gboolean             trust_new,
                                           HlBundleImport      *result,
                                           GError             **error);
char         *hl_bundle_describe_jump     (const HlClockJump   *jump);
gboolean      hl_keys_add_enrolment       (HlStore             *store,
                                           const char          *text,
                                           char               **kiosk_id,
                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlBundleInfo, hl_bundle_info_free)

G_END_DECLS
