/* hl-store-status.h: what the province's database says about the kiosks that report to it (migration 7,
 * docs/province.md "hailong status"): each kiosk's days and bundles, the gaps in its sequence numbers, and
 * the bundles refused at import. What counts as missing is decided above, in hl-completeness.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-store.h"

G_BEGIN_DECLS

#define HL_STORE_SCHEMA_VERSION_STATUS 7

/* A kiosk the province knows: its key is trusted, a bundle of it was imported, or responses of it are held. */
typedef struct {
  char   *kiosk_id;
  char   *key_source;     /* "enrolment" or "trust-new"; NULL when no key is trusted (responses from CSV) */
  char   *key_added_at;
  char   *unit;           /* the unit and counter of its last day held, or NULL */
  char   *counter;
  char   *first_day;      /* local days of its first and last counted responses held, or NULL */
  char   *last_day;
  gint64  bundles;        /* bundles of it imported */
  char   *last_import;    /* ISO 8601: when its last bundle was imported, or NULL */
} HlStoreKiosk;

/* Responses of a kiosk the province has never received: sequence numbers after_seq + 1 .. before_seq - 1. */
typedef struct {
  char   *kiosk_id;
  gint64  after_seq;      /* the last held before the gap; 0: the gap starts at the kiosk's first response */
  gint64  before_seq;     /* the first held after it */
  gint64  missing;
  char   *after_day;      /* the days of those two responses (NULL for sequence 0) */
  char   *before_day;
} HlStoreGap;

/* A bundle import refused, not yet followed by an import of the same file. */
typedef struct {
  gint64  id;
  char   *file;
  char   *kiosk_id;       /* as its manifest claims (unproved), or NULL */
  char   *reason;
  char   *message;
  char   *refused_at;
} HlStoreRefusal;

void        hl_store_kiosk_free          (HlStoreKiosk  *kiosk);
void        hl_store_gap_free            (HlStoreGap    *gap);
void        hl_store_refusal_free        (HlStoreRefusal *refusal);

GPtrArray  *hl_store_list_kiosks         (HlStore       *self,
                                          GError       **error);
GPtrArray  *hl_store_list_gaps           (HlStore       *self,
                                          GError       **error);
GPtrArray  *hl_store_list_refusals       (HlStore       *self,
                                          GError       **error);
gboolean    hl_store_record_refusal      (HlStore       *self,
                                          const char    *file,
                                          const char    *kiosk_id,
                                          const char    *reason,
                                          const char    *message,
                                          GError       **error);
gboolean    hl_store_resolve_refusals    (HlStore       *self,
                                          const char    *file,
                                          GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlStoreKiosk, hl_store_kiosk_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlStoreGap, hl_store_gap_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlStoreRefusal, hl_store_refusal_free)

G_END_DECLS
