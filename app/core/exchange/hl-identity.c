/* hl-identity.c
 *
 * The key pair is made on the kiosk's first start and kept in a file readable by its owner only. The
 * kiosk id is derived from the public key, so that a kiosk cannot claim another's id without its key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-identity"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <unistd.h>

#include "hl-identity.h"

#define KEY_FILE_MAGIC "hailong-key/1\n"

struct _HlIdentity {
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 secret_key[crypto_sign_SECRETKEYBYTES];
  char   public_hex[crypto_sign_PUBLICKEYBYTES * 2 + 1];
  char  *kiosk_id;
};

G_DEFINE_QUARK (hl-identity-error-quark, hl_identity_error)

void
hl_identity_free (HlIdentity *identity)
{
  if (identity == NULL)
    return;
  sodium_memzero (identity->secret_key, sizeof identity->secret_key);
  g_free (identity->kiosk_id);
  g_free (identity);
}

/* RFC 4648 base32, written here because GLib has only base64, and base64's mixed case and '+' '/'
 * are poor for an id that people read aloud over the phone and type into forms. */
static char *
base32 (const guint8 *data,
        gsize         len,
        guint         n_chars)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  GString *out = g_string_new (NULL);
  guint buffer = 0, bits = 0;

  for (gsize i = 0; i < len && out->len < n_chars; i++)
    {
      buffer = (buffer << 8) | data[i];
      bits += 8;
      while (bits >= 5 && out->len < n_chars)
        {
          g_string_append_c (out, alphabet[(buffer >> (bits - 5)) & 31]);
          bits -= 5;
        }
    }
  return g_string_free (out, FALSE);
}

/* "HL-" and 12 base32 characters (60 bits) of the public key's SHA-256, in groups of four. */
char *
hl_identity_kiosk_id_for_key (const guint8 *public_key)
{
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *b32 = NULL;

  g_checksum_update (sum, public_key, crypto_sign_PUBLICKEYBYTES);
  g_checksum_get_digest (sum, digest, &digest_len);
  b32 = base32 (digest, digest_len, 12);
  return g_strdup_printf ("HL-%.4s-%.4s-%.4s", b32, b32 + 4, b32 + 8);
}

static void
derive_ids (HlIdentity *identity)
{
  identity->kiosk_id = hl_identity_kiosk_id_for_key (identity->public_key);
  sodium_bin2hex (identity->public_hex, sizeof identity->public_hex,
                  identity->public_key, sizeof identity->public_key);
}

static HlIdentity *
load (const char  *key_path,
      GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(HlIdentity) identity = NULL;
  const char *hex;
  gsize bin_len = 0;

  if (!g_file_get_contents (key_path, &contents, &length, error))
    return NULL;
  identity = g_new0 (HlIdentity, 1);
  hex = contents + strlen (KEY_FILE_MAGIC);
  if (!g_str_has_prefix (contents, KEY_FILE_MAGIC)
      || sodium_hex2bin (identity->secret_key, sizeof identity->secret_key, hex, length - strlen (KEY_FILE_MAGIC),
                         "\n", &bin_len, NULL) != 0
      || bin_len != sizeof identity->secret_key)
    {
      g_set_error (error, HL_IDENTITY_ERROR, HL_IDENTITY_ERROR_CORRUPT,
                   "%s:1:1: not a Hài Lòng key file; the kiosk will not make a new key over it", key_path);
      return NULL;
    }
  crypto_sign_ed25519_sk_to_pk (identity->public_key, identity->secret_key);
  derive_ids (identity);
  return g_steal_pointer (&identity);
}

static HlIdentity *
create (const char  *key_path,
        GError     **error)
{
  g_autoptr(HlIdentity) identity = g_new0 (HlIdentity, 1);
  char hex[crypto_sign_SECRETKEYBYTES * 2 + 1];
  g_autofree char *contents = NULL;
  gsize written = 0, len;
  int fd;

  crypto_sign_keypair (identity->public_key, identity->secret_key);
  sodium_bin2hex (hex, sizeof hex, identity->secret_key, sizeof identity->secret_key);
  contents = g_strconcat (KEY_FILE_MAGIC, hex, "\n", NULL);
  sodium_memzero (hex, sizeof hex);
  len = strlen (contents);

  /* O_EXCL: two processes starting at once must not both make a key. Mode 0600 from the start, so the
   * secret is never readable by others, not even for a moment. */
  fd = g_open (key_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      sodium_memzero (contents, len);
      if (saved == EEXIST)
        return load (key_path, error);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: cannot create the kiosk key: %s",
                   key_path, g_strerror (saved));
      return NULL;
    }
  while (written < len)
    {
      gssize n = write (fd, contents + written, len - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      written += n;
    }
  sodium_memzero (contents, len);
  if (written != len || fsync (fd) != 0)
    {
      int saved = errno;

      close (fd);
      g_unlink (key_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: cannot write the kiosk key: %s",
                   key_path, g_strerror (saved));
      return NULL;
    }
  close (fd);
  derive_ids (identity);
  g_info ("made a new kiosk key %s: kiosk id %s", key_path, identity->kiosk_id);
  return g_steal_pointer (&identity);
}

HlIdentity *
hl_identity_load_or_create (const char  *key_path,
                            GError     **error)
{
  g_return_val_if_fail (key_path != NULL, NULL);

  if (sodium_init () < 0)
    {
      g_set_error (error, HL_IDENTITY_ERROR, HL_IDENTITY_ERROR_FAILED, "libsodium cannot start");
      return NULL;
    }
  if (g_file_test (key_path, G_FILE_TEST_EXISTS))
    return load (key_path, error);
  return create (key_path, error);
}

const char *
hl_identity_get_kiosk_id (HlIdentity *identity)
{
  return identity->kiosk_id;
}

const char *
hl_identity_get_public_key_hex (HlIdentity *identity)
{
  return identity->public_hex;
}

/* A 32-byte key for hashing tickets, derived from the kiosk's secret seed (libsodium's KDF), so that a
 * ticket number can be recognised when it comes again but never read back from the database. */
void
hl_identity_derive_ticket_key (HlIdentity *identity,
                               guint8      key[32])
{
  G_STATIC_ASSERT (crypto_kdf_KEYBYTES == 32);
  /* The first 32 bytes of a libsodium Ed25519 secret key are its seed. */
  crypto_kdf_derive_from_key (key, 32, 1, "hl-tickt", identity->secret_key);
}

/* The key lives beside the database: "kiosk.db" -> "kiosk.db.key". */
char *
hl_identity_key_path_for_db (const char *db_path)
{
  return g_strconcat (db_path, ".key", NULL);
}

/* Signs @data with the kiosk's secret key: a detached Ed25519 signature, as hex. */
char *
hl_identity_sign_hex (HlIdentity   *identity,
                      const guint8 *data,
                      gsize         len)
{
  guint8 sig[crypto_sign_BYTES];
  char hex[crypto_sign_BYTES * 2 + 1];

  crypto_sign_detached (sig, NULL, data, len, identity->secret_key);
  sodium_bin2hex (hex, sizeof hex, sig, sizeof sig);
  return g_strdup (hex);
}

/* Whether @signature_hex is the Ed25519 signature of @data by @public_key_hex. */
gboolean
hl_identity_verify_hex (const char   *public_key_hex,
                        const char   *signature_hex,
                        const guint8 *data,
                        gsize         len)
{
  guint8 pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
  gsize pk_len = 0, sig_len = 0;

  if (sodium_init () < 0 || public_key_hex == NULL || signature_hex == NULL
      || sodium_hex2bin (pk, sizeof pk, public_key_hex, strlen (public_key_hex), NULL, &pk_len, NULL) != 0
      || pk_len != sizeof pk
      || sodium_hex2bin (sig, sizeof sig, signature_hex, strlen (signature_hex), NULL, &sig_len, NULL) != 0
      || sig_len != sizeof sig)
    return FALSE;
  return crypto_sign_verify_detached (sig, data, len, pk) == 0;
}

/* The kiosk id that belongs to @public_key_hex, or NULL when it is not a public key. */
char *
hl_identity_kiosk_id_for_public_key (const char *public_key_hex)
{
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  gsize pk_len = 0;

  if (public_key_hex == NULL || strlen (public_key_hex) != 2 * sizeof pk
      || sodium_hex2bin (pk, sizeof pk, public_key_hex, strlen (public_key_hex), NULL, &pk_len, NULL) != 0
      || pk_len != sizeof pk)
    return NULL;
  return hl_identity_kiosk_id_for_key (pk);
}

/* What the store calls to sign a link: the identity's copy it was given. */
static gboolean
sign_cb (const guint8 *message,
         gsize         length,
         guint8       *signature,
         gpointer      user_data)
{
  HlIdentity *identity = user_data;

  return crypto_sign_detached (signature, NULL, message, length, identity->secret_key) == 0;
}

/* Gives @store the means to sign this kiosk's chain (and registers its public key there on first use).
 * The store keeps its own copy of the identity, wiped when the store closes, so that the caller may free
 * @identity whenever it likes. */
gboolean
hl_identity_sign_chain (HlIdentity  *identity,
                        HlStore     *store,
                        GError     **error)
{
  HlIdentity *copy;

  g_return_val_if_fail (identity != NULL && store != NULL, FALSE);

  copy = g_new0 (HlIdentity, 1);
  memcpy (copy, identity, sizeof *copy);
  copy->kiosk_id = g_strdup (identity->kiosk_id);
  return hl_store_set_signer (store, identity->kiosk_id, identity->public_key, sign_cb, copy,
                              (GDestroyNotify) hl_identity_free, error);
}

/* A kiosk's public key from outside the database: the enrolment text ("hailong-kiosk-key/1:ID:HEX", as
 * `hailong identity` prints it and its QR code holds) or the 64 hex digits alone. The kiosk id is the one
 * the key makes; an enrolment text naming another id is refused. */
gboolean
hl_identity_parse_public_key (const char  *text,
                              char       **kiosk_id,
                              guint8      *public_key,
                              GError     **error)
{
  const char *hex = text;
  g_autofree char *claimed = NULL;
  g_autofree char *derived = NULL;
  gsize len = 0;

  if (g_str_has_prefix (text, "hailong-kiosk-key/1:"))
    {
      const char *id = text + strlen ("hailong-kiosk-key/1:");
      const char *colon = strchr (id, ':');

      if (colon == NULL)
        {
          g_set_error (error, HL_IDENTITY_ERROR, HL_IDENTITY_ERROR_CORRUPT, "“%s”: not an enrolment text", text);
          return FALSE;
        }
      claimed = g_strndup (id, colon - id);
      hex = colon + 1;
    }
  if (strlen (hex) != crypto_sign_PUBLICKEYBYTES * 2
      || sodium_hex2bin (public_key, crypto_sign_PUBLICKEYBYTES, hex, strlen (hex), NULL, &len, NULL) != 0
      || len != crypto_sign_PUBLICKEYBYTES)
    {
      g_set_error (error, HL_IDENTITY_ERROR, HL_IDENTITY_ERROR_CORRUPT,
                   "“%s”: not a public key (64 hex digits, or the enrolment text hailong-kiosk-key/1:ID:KEY)", text);
      return FALSE;
    }
  derived = hl_identity_kiosk_id_for_key (public_key);
  if (claimed != NULL && !g_str_equal (claimed, derived))
    {
      g_set_error (error, HL_IDENTITY_ERROR, HL_IDENTITY_ERROR_CORRUPT,
                   "“%s”: the enrolment names kiosk %s, but its key is that of kiosk %s", text, claimed, derived);
      return FALSE;
    }
  *kiosk_id = g_steal_pointer (&derived);
  return TRUE;
}
