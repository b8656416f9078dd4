/* hl-store-private.h: what the store's own files share with hl-store.c, and nobody outside this layer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "hl-store.h"

G_BEGIN_DECLS

/* The store's connection: statements prepared on it are the caller's to finalize. */
sqlite3  *hl_store_get_db  (HlStore     *self);
/* Sets @error for SQLite result @rc while doing @what, the way the store reports every failure; FALSE. */
gboolean  hl_store_fail    (HlStore     *self,
                            int          rc,
                            const char  *what,
                            GError     **error);

G_END_DECLS
