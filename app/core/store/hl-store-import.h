/* hl-store-import.h: what an import reads from the database besides the appends of hl-store.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-store.h"

G_BEGIN_DECLS

/* A response as the database holds it. Unknown keys are NULL. */
typedef struct {
  char       *recorded_at;
  char       *unit;
  char       *counter;
  char       *officer;
  char       *procedure;
  char       *field;
  char       *survey_id;
  int         survey_version;
  GArray     *answers;   /* HlAnswer, question ids owned by strings */
  GStringChunk *strings;
} HlStoredResponse;

typedef struct _HlStoreSnapshot HlStoreSnapshot;

gboolean          hl_store_begin_import           (HlStore           *store,
                                                   GError           **error);
gboolean          hl_store_kiosk_has_responses    (HlStore           *store,
                                                   const char        *kiosk_id,
                                                   gboolean          *has,
                                                   GError           **error);
HlStoreSnapshot  *hl_store_snapshot_open          (HlStore           *store,
                                                   GError           **error);
void              hl_store_snapshot_close         (HlStoreSnapshot   *self);
HlStoredResponse *hl_store_snapshot_read_response (HlStoreSnapshot   *self,
                                                   const char        *kiosk_id,
                                                   const char        *response_id,
                                                   GError           **error);
void              hl_stored_response_free         (HlStoredResponse  *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlStoreSnapshot, hl_store_snapshot_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlStoredResponse, hl_stored_response_free)

G_END_DECLS
