/* hl-identity.h: the kiosk's Ed25519 key pair and the kiosk id derived from it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-types.h"
#include "hl-store.h"

G_BEGIN_DECLS

#define HL_IDENTITY_ERROR (hl_identity_error_quark ())

typedef enum {
  HL_IDENTITY_ERROR_FAILED,
  HL_IDENTITY_ERROR_CORRUPT,  /* the key file exists but is not a key */
} HlIdentityError;

GQuark      hl_identity_error_quark       (void);
HlIdentity *hl_identity_load_or_create    (const char  *key_path,
                                           GError     **error);
void        hl_identity_free              (HlIdentity  *identity);
const char *hl_identity_get_kiosk_id      (HlIdentity  *identity);
const char *hl_identity_get_public_key_hex(HlIdentity  *identity);
char       *hl_identity_key_path_for_db   (const char  *db_path);
void        hl_identity_derive_ticket_key (HlIdentity  *identity,
                                           guint8       key[32]);
char       *hl_identity_sign_hex          (HlIdentity   *identity,
                                           const guint8 *data,
                                           gsize         len);
gboolean    hl_identity_verify_hex        (const char   *public_key_hex,
                                           const char   *signature_hex,
                                           const guint8 *data,
                                           gsize         len);
char       *hl_identity_kiosk_id_for_public_key (const char *public_key_hex);
gboolean    hl_identity_sign_chain        (HlIdentity  *identity,
                                           HlStore     *store,
                                           GError     **error);
char       *hl_identity_kiosk_id_for_key  (const guint8 *public_key);
gboolean    hl_identity_parse_public_key  (const char  *text,
                                           char       **kiosk_id,
                                           guint8      *public_key,
                                           GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlIdentity, hl_identity_free)

G_END_DECLS
