/* hl-store-export.h: export bundles (FORMATS.md §5, docs/bundle-format.md) as the database sees them:
 * writing one from a kiosk's chain, reading and checking one, importing one at the province.
 *
 * Signing is not done here: the manifest's figures come from here, the signature from the exchange
 * layer (hl-bundle.c), which holds the key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-store.h"

G_BEGIN_DECLS

#define HL_BUNDLE_FORMAT "hailong-bundle/1"

/* Errors of a bundle, in HL_STORE_ERROR with these codes. */
typedef enum {
  HL_STORE_ERROR_BUNDLE_DAMAGED  = 10101, /* not an SQLite file, or SQLite finds it damaged */
  HL_STORE_ERROR_BUNDLE_INVALID  = 10102, /* not laid out as a bundle, or a manifest figure does not hold */
  HL_STORE_ERROR_BUNDLE_TAMPERED = 10103, /* a record does not match the chain, or rows were added or removed */
  HL_STORE_ERROR_BUNDLE_REWRITTEN = 10104, /* its chain does not continue the one held for the kiosk */
} HlStoreBundleError;

/* What a bundle holds, as its manifest states it and the chain must confirm. */
typedef struct {
  char   *kiosk_id;
  gint64  first_link;      /* the chain's links it carries; 0 and 0 when it carries none */
  gint64  last_link;
  gint64  first_sequence;  /* the sequence numbers of the responses its links introduce; 0 and 0 when none */
  gint64  last_sequence;
  gint64  responses;       /* responses its links introduce */
  gint64  answers;         /* answers its links cover */
  char   *from_day;        /* local days of the first and last of them, or NULL */
  char   *to_day;
  char   *chain_prev;      /* hex SHA-256 of the link before first_link (zeros before the first) */
  char   *chain_head;      /* hex SHA-256 of last_link (chain_prev when it carries none) */
} HlBundleRange;

/* What an import did, or would do. */
typedef struct {
  gboolean already_imported; /* this very bundle was imported before: nothing changed */
  gint64   responses_added;
  gint64   responses_present; /* held already (an overlapping bundle): counted once */
  gint64   answers_added;
  gint64   gap_before;       /* responses missing between those held for the kiosk and this bundle */
  gint64   gap_after;        /* responses missing between this bundle and later ones held */
  gint64   held_last_sequence; /* before the import; 0 when nothing was held */
} HlBundleImport;

/* A jump of the kiosk's clock between two consecutive responses, or a time far after the export. */
typedef struct {
  gint64  sequence;        /* the response at which it shows */
  char   *recorded_at;
  char   *previous_at;     /* the response before, or NULL for "after the export was made" */
  gint64  seconds;         /* negative: backwards */
} HlClockJump;

void        hl_bundle_range_clear        (HlBundleRange       *range);
void        hl_clock_jump_free           (HlClockJump         *jump);

/* The kiosk's side. */
gboolean    hl_store_export_plan         (HlStore             *self,
                                          const char          *kiosk_id,
                                          const char          *from_day,
                                          const char          *to_day,
                                          HlBundleRange       *range,
                                          GError             **error);
gboolean    hl_store_last_export_day     (HlStore             *self,
                                          const char          *kiosk_id,
                                          char               **day,
                                          GError             **error);
gboolean    hl_store_write_bundle        (HlStore             *self,
                                          const HlBundleRange *range,
                                          const char          *path,
                                          GError             **error);
gboolean    hl_store_log_export          (HlStore             *self,
                                          const HlBundleRange *range,
                                          const char          *bundle_id,
                                          const char          *file,
                                          GError             **error);

/* A bundle file. */
HlStore    *hl_store_open_bundle         (const char          *path,
                                          gboolean             writable,
                                          GError             **error);
HlStore    *hl_store_open_bundle_unchecked (const char        *path,
                                          GError             **error);
gboolean    hl_store_bundle_check_whole  (HlStore             *bundle,
                                          GError             **error);
gboolean    hl_store_bundle_set_manifest (HlStore             *bundle,
                                          GHashTable          *manifest,
                                          GError             **error);
GHashTable *hl_store_bundle_get_manifest (HlStore             *bundle,
                                          GError             **error);
GPtrArray  *hl_store_bundle_get_surveys  (HlStore             *bundle,
                                          GError             **error);
gboolean    hl_store_bundle_verify       (HlStore             *bundle,
                                          const HlBundleRange *claimed,
                                          const char          *public_key,
                                          gint64               backwards_tolerance,
                                          gint64               ahead_of_utc,
                                          GPtrArray          **clock_jumps,
                                          GError             **error);

/* The province's side. */
char       *hl_store_get_kiosk_key       (HlStore             *self,
                                          const char          *kiosk_id,
                                          GError             **error);
gboolean    hl_store_add_kiosk_key       (HlStore             *self,
                                          const char          *kiosk_id,
                                          const char          *public_key,
                                          const char          *source,
                                          GError             **error);
gboolean    hl_store_import_bundle       (HlStore             *self,
                                          const char          *path,
                                          const HlBundleRange *range,
                                          const char          *bundle_id,
                                          HlBundleImport      *result,
                                          GError             **error);
/* Called inside a bundle's import transaction, last before it commits: FALSE, with @error set, rolls the
 * import back (the exchange layer waits there for the verification running beside the import). */
typedef gboolean (*HlStoreGateFunc) (gpointer   user_data,
                                     GError   **error);
gboolean    hl_store_import_bundle_enrol (HlStore             *self,
                                          const char          *path,
                                          const HlBundleRange *range,
                                          const char          *bundle_id,
                                          const char          *enrol_key,
                                          HlStoreGateFunc      gate,
                                          gpointer             gate_data,
                                          HlBundleImport      *result,
                                          GError             **error);
gboolean    hl_store_recount             (HlStore             *self,
                                          const char          *kiosk_id,
                                          const char          *from_day,
                                          const char          *to_day,
                                          GError             **error);

/* A day's aggregates carried by QR codes (hl-qr-series.c). */
gboolean    hl_store_replace_day_counts  (HlStore             *self,
                                          const char          *kiosk_id,
                                          const char          *day,
                                          const HlCountRow    *counts,
                                          guint                n_counts,
                                          const HlCountRow    *bursts,
                                          guint                n_bursts,
                                          GError             **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HlBundleRange, hl_bundle_range_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlClockJump, hl_clock_jump_free)

G_END_DECLS
