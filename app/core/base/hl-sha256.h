/* hl-sha256.h: SHA-256 over a few pieces of memory, for the hash chain and the bundles' file digests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HL_SHA256_LEN 32

typedef struct {
  const void *data;
  gsize       len;
} HlSha256Piece;

void hl_sha256 (const HlSha256Piece *pieces,
                guint                n_pieces,
                guint8              *digest);

G_END_DECLS
