/* hl-sha256.c: SHA-256 through Nettle.
 *
 * Verifying a bundle hashes the whole file and every link's record again: with GLib's GChecksum (or
 * libsodium's crypto_hash_sha256, as fast) that was a fifth of a bundle's import at about 450 MB/s of CPU.
 * Nettle picks the processor's SHA extensions where there are any (its "fat" build, Debian's), 1.3–1.6
 * GB/s on this machine; the digests are the same bytes, as SHA-256 is one function.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <nettle/sha2.h>

#include "hl-sha256.h"

G_STATIC_ASSERT (HL_SHA256_LEN == SHA256_DIGEST_SIZE);

void
hl_sha256 (const HlSha256Piece *pieces,
           guint                n_pieces,
           guint8              *digest)
{
  struct sha256_ctx ctx;

  sha256_init (&ctx);
  for (guint i = 0; i < n_pieces; i++)
    sha256_update (&ctx, pieces[i].len, pieces[i].data);
  sha256_digest (&ctx, SHA256_DIGEST_SIZE, digest);
}
