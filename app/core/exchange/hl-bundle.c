/* hl-bundle.c: signed export bundles (docs/bundle-format.md).
 *
 * The store writes a bundle's rows and checks its chain (hl-store-export.c); this file gives the manifest
 * its signature and decides what import does. The manifest is signed with the kiosk's Ed25519 key over a
 * canonical encoding of all its fields, and holds the chain's head and the counts; so a changed,
 * removed, inserted or reordered record breaks the chain, and a bundle cut short together with its
 * manifest's figures breaks the signature.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-bundle"
#define _GNU_SOURCE  /* memmem() */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include <unistd.h>

#include "hl-bundle.h"
#include "hl-identity.h"
#include "hl-sha256.h"
#include "hl-survey.h"

G_DEFINE_QUARK (hl-bundle-error-quark, hl_bundle_error)

#define MANIFEST_ENCODING "hailong-bundle-manifest/1"
#define ENROLMENT_PREFIX "hailong-kiosk-key/1:"
/* A response more than this before the one it follows is a clock that went back, not the few seconds a
 * clock is set right by. */
#define CLOCK_BACK_TOLERANCE (5 * 60)
/* A response later than the export by more than this was recorded with a clock far ahead. */
#define CLOCK_AHEAD_TOLERANCE (60 * 60)

void
hl_bundle_info_free (HlBundleInfo *info)
{
  if (info == NULL)
    return;
  hl_bundle_range_clear (&info->range);
  g_free (info->public_key);
  g_free (info->unit);
  g_free (info->unit_name);
  g_free (info->counter);
  g_free (info->period_from);
  g_free (info->period_to);
  g_free (info->software_version);
  g_free (info->created_at);
  g_free (info->bundle_id);
  g_clear_pointer (&info->clock_jumps, g_ptr_array_unref);
  g_free (info);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The bytes the signature covers: every field but the signature, sorted by name, each length-prefixed
 * so that no value can pass for two. */
char *
hl_bundle_manifest_encode (GHashTable *manifest)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GString *out = g_string_new (MANIFEST_ENCODING "\n");
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, manifest);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_str_equal (key, "signature"))
      g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_keys);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = g_ptr_array_index (keys, i);
      const char *v = g_hash_table_lookup (manifest, k);

      g_string_append_printf (out, "%zu:%s=%zu:%s\n", strlen (k), k, strlen (v), v);
    }
  return g_string_free (out, FALSE);
}

static void
put (GHashTable *manifest,
     const char *key,
     const char *value)
{
  if (value != NULL)
    g_hash_table_insert (manifest, g_strdup (key), g_strdup (value));
}

static void
put_int (GHashTable *manifest,
         const char *key,
         gint64      value)
{
  g_hash_table_insert (manifest, g_strdup (key), g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

/* The file's own bytes are covered too (a damaged byte in a page's unused space changes no record, but
 * says the copy is not what the kiosk wrote): the manifest holds the SHA-256 of the whole file as it was
 * with these two placeholders in place of the digest and the signature, which are then written over
 * them byte for byte (SQLite stores text as it is, so the file stays a valid database). A verifier puts
 * the placeholders back and hashes again. */
#define DIGEST_PLACEHOLDER "################################################################"
#define SIGNATURE_PLACEHOLDER \
  "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~"
G_STATIC_ASSERT (sizeof DIGEST_PLACEHOLDER - 1 == 64);
G_STATIC_ASSERT (sizeof SIGNATURE_PLACEHOLDER - 1 == 128);

/* Where @needle is in @data, when it is there exactly once; else -1. */
static gssize
find_once (const char *data,
           gsize       len,
           const char *needle)
{
  gsize n = strlen (needle);
  const char *at = memmem (data, len, needle, n);

  if (at == NULL || memmem (at + 1, len - (at + 1 - data), needle, n) != NULL)
    return -1;
  return at - data;
}

/* SHA-256 of the file's bytes with the placeholders at @digest_at and @signature_at (-1: none). */
static char *
file_digest (const char *data,
             gsize       len,
             gssize      digest_at,
             gssize      signature_at)
{
  gboolean digest_first = digest_at < signature_at;
  gssize at[2] = { digest_first ? digest_at : signature_at, digest_first ? signature_at : digest_at };
  const char *text[2] = { digest_first ? DIGEST_PLACEHOLDER : SIGNATURE_PLACEHOLDER,
                          digest_first ? SIGNATURE_PLACEHOLDER : DIGEST_PLACEHOLDER };
  HlSha256Piece pieces[5];
  guint n = 0;
  gsize pos = 0;
  guint8 digest[HL_SHA256_LEN];
  char hex[2 * HL_SHA256_LEN + 1];

  for (int i = 0; i < 2; i++)
    {
      if (at[i] < 0)
        continue;
      pieces[n++] = (HlSha256Piece) { data + pos, at[i] - pos };
      pieces[n++] = (HlSha256Piece) { text[i], strlen (text[i]) };
      pos = at[i] + strlen (text[i]);
    }
  pieces[n++] = (HlSha256Piece) { data + pos, len - pos };
  /* Through Nettle: the whole file is hashed, see hl-sha256.c. */
  hl_sha256 (pieces, n, digest);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  return g_strdup (hex);
}

static char *
bundle_id_for (const char *signature)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, signature, -1);
}

/* Writes the bundle of @range to @path: the rows (by the store), then the signed manifest. */
gboolean
hl_bundle_write (HlStore              *store,
                 HlIdentity           *identity,
                 HlConfig             *config,
                 const HlBundleRange  *range,
                 const char           *period_from,
                 const char           *period_to,
                 const char           *path,
                 char                **bundle_id,
                 GError              **error)
{
  g_autoptr(GHashTable) manifest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(HlStore) bundle = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *created = g_date_time_format_iso8601 (now);
  g_autofree char *encoded = NULL;
  g_autofree char *signature = NULL;
  g_autoptr(GPtrArray) surveys = NULL;

  g_return_val_if_fail (g_str_equal (range->kiosk_id, hl_identity_get_kiosk_id (identity)), FALSE);

  if (!hl_store_write_bundle (store, range, path, error))
    return FALSE;
  bundle = hl_store_open_bundle (path, TRUE, error);
  if (bundle == NULL)
    return FALSE;
  surveys = hl_store_bundle_get_surveys (bundle, error);
  if (surveys == NULL)
    return FALSE;

  put (manifest, "format", HL_BUNDLE_FORMAT);
  put (manifest, "kiosk_id", range->kiosk_id);
  put (manifest, "public_key", hl_identity_get_public_key_hex (identity));
  if (config != NULL)
    {
      put (manifest, "unit", config->unit_code);
      put (manifest, "unit_name", hl_text_get (config->unit_name, "vi"));
      put (manifest, "counter", config->counter_code);
    }
  put (manifest, "period_from", period_from ? period_from : range->from_day);
  put (manifest, "period_to", period_to ? period_to : range->to_day);
  put_int (manifest, "first_link", range->first_link);
  put_int (manifest, "last_link", range->last_link);
  put_int (manifest, "first_sequence", range->first_sequence);
  put_int (manifest, "last_sequence", range->last_sequence);
  put_int (manifest, "responses", range->responses);
  put_int (manifest, "answers", range->answers);
  put (manifest, "first_day", range->from_day);
  put (manifest, "last_day", range->to_day);
  put (manifest, "chain_prev", range->chain_prev);
  put (manifest, "chain_head", range->chain_head);
  put_int (manifest, "surveys", surveys->len);
  put (manifest, "software_version", PACKAGE_VERSION);
  put (manifest, "created_at", created);
  put_int (manifest, "created_utc", g_date_time_to_unix (now));
  put (manifest, "file_digest", DIGEST_PLACEHOLDER);
  put (manifest, "signature", SIGNATURE_PLACEHOLDER);
  if (!hl_store_bundle_set_manifest (bundle, manifest, error))
    return FALSE;
  g_clear_pointer (&bundle, hl_store_close);

  /* The file as it now is, with the placeholders: its digest goes into the signed manifest. */
  {
    g_autofree char *data = NULL;
    g_autofree char *digest = NULL;
    gsize len = 0;
    gssize digest_at, signature_at;
    FILE *out;
    gboolean written;

    if (!g_file_get_contents (path, &data, &len, error))
      return FALSE;
    digest_at = find_once (data, len, DIGEST_PLACEHOLDER);
    signature_at = find_once (data, len, SIGNATURE_PLACEHOLDER);
    g_assert (digest_at >= 0 && signature_at >= 0);
    digest = file_digest (data, len, -1, -1);
    put (manifest, "file_digest", digest);
    encoded = hl_bundle_manifest_encode (manifest);
    signature = hl_identity_sign_hex (identity, (const guint8 *) encoded, strlen (encoded));
    out = fopen (path, "r+b");
    written = out != NULL
              && fseek (out, digest_at, SEEK_SET) == 0 && fwrite (digest, 1, 64, out) == 64
              && fseek (out, signature_at, SEEK_SET) == 0 && fwrite (signature, 1, 128, out) == 128
              && fflush (out) == 0 && fsync (fileno (out)) == 0;
    if (out != NULL)
      fclose (out);
    if (!written)
      {
        g_set_error (error, HL_BUNDLE_ERROR, HL_BUNDLE_ERROR_MANIFEST, "%s: cannot sign the bundle: %s", path,
                     g_strerror (errno));
        return FALSE;
      }
  }
  if (bundle_id != NULL)
    *bundle_id = bundle_id_for (signature);
  return TRUE;
}

static gboolean
manifest_fail (GError     **error,
               const char  *path,
               const char  *format,
               ...) G_GNUC_PRINTF (3, 4);

static gboolean
manifest_fail (GError     **error,
               const char  *path,
               const char  *format,
               ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HL_BUNDLE_ERROR, HL_BUNDLE_ERROR_MANIFEST, "%s: refused: %s", path, msg);
  return FALSE;
}

static const char *
field (GHashTable  *manifest,
       const char  *key,
       const char  *path,
       GError     **error)
{
  const char *value = g_hash_table_lookup (manifest, key);

  if (value == NULL && error != NULL && *error == NULL)
    manifest_fail (error, path, "the manifest has no “%s”", key);
  return value;
}

static gint64
field_int (GHashTable  *manifest,
           const char  *key,
           const char  *path,
           GError     **error)
{
  const char *text = field (manifest, key, path, error);
  gint64 value = 0;

  if (text != NULL && !g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &value, NULL) && *error == NULL)
    manifest_fail (error, path, "the manifest's “%s” is not a number: “%s”", key, text);
  return value;
}

/* The survey definitions this process has found valid, by digest, id and version: a province's import of
 * hundreds of bundles parses each definition once, not once per bundle (each bundle's definitions are
 * still checked against their digests, and a digest names its definition's bytes). As many entries as
 * distinct definitions met, a handful. */
G_LOCK_DEFINE_STATIC (valid_surveys);
static GHashTable *valid_surveys;

static char *
survey_cache_key (const char *digest,
                  const char *id,
                  const char *version)
{
  return g_strjoin ("\n", digest, id, version, NULL);
}

static gboolean
survey_known_valid (const char *digest,
                    const char *id,
                    const char *version)
{
  g_autofree char *key = survey_cache_key (digest, id, version);
  gboolean known;

  G_LOCK (valid_surveys);
  known = valid_surveys != NULL && g_hash_table_contains (valid_surveys, key);
  G_UNLOCK (valid_surveys);
  return known;
}

static void
survey_set_valid (const char *digest,
                  const char *id,
                  const char *version)
{
  G_LOCK (valid_surveys);
  if (valid_surveys == NULL)
    valid_surveys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (valid_surveys, survey_cache_key (digest, id, version));
  G_UNLOCK (valid_surveys);
}

/* A bundle's verification in two parts: the first (verify_manifest) opens it, the second
 * (verify_records) checks its records and bytes against what the first found signed. */
typedef struct {
  char         *path;
  gboolean      whole;     /* quick_check passed already */
  HlStore      *bundle;    /* the bundle's own connection */
  GHashTable   *manifest;
  HlBundleInfo *info;
} BundleCheck;

static void
bundle_check_clear (BundleCheck *check)
{
  g_clear_pointer (&check->path, g_free);
  g_clear_pointer (&check->bundle, hl_store_close);
  g_clear_pointer (&check->manifest, g_hash_table_unref);
  g_clear_pointer (&check->info, hl_bundle_info_free);
}

/* The first part: that SQLite reads the file whole, that its manifest is signed by the key it names and
 * that key is the kiosk id's, and that its survey definitions are whole and valid. */
static gboolean
verify_manifest (const char   *path,
                 gboolean      check_whole,
                 BundleCheck  *check,
                 GError      **error)
{
  g_autoptr(HlStore) bundle = NULL;
  g_autoptr(GHashTable) manifest = NULL;
  g_autoptr(HlBundleInfo) info = g_new0 (HlBundleInfo, 1);
  g_autoptr(GPtrArray) surveys = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *derived = NULL;
  GError *local = NULL;
  const char *format, *signature;
  HlBundleRange *r = &info->range;
  gint64 n_surveys;

  bundle = check_whole ? hl_store_open_bundle (path, FALSE, error) : hl_store_open_bundle_unchecked (path, error);
  if (bundle == NULL)
    return FALSE;
  manifest = hl_store_bundle_get_manifest (bundle, error);
  if (manifest == NULL)
    return FALSE;
  format = g_hash_table_lookup (manifest, "format");
  if (g_strcmp0 (format, HL_BUNDLE_FORMAT) != 0)
    {
      manifest_fail (error, path, "not a %s bundle (format “%s”)", HL_BUNDLE_FORMAT, format ? format : "");
      return FALSE;
    }
  r->kiosk_id = g_strdup (field (manifest, "kiosk_id", path, &local));
  info->public_key = g_strdup (field (manifest, "public_key", path, &local));
  signature = field (manifest, "signature", path, &local);
  r->chain_prev = g_strdup (field (manifest, "chain_prev", path, &local));
  r->chain_head = g_strdup (field (manifest, "chain_head", path, &local));
  r->first_link = field_int (manifest, "first_link", path, &local);
  r->last_link = field_int (manifest, "last_link", path, &local);
  r->first_sequence = field_int (manifest, "first_sequence", path, &local);
  r->last_sequence = field_int (manifest, "last_sequence", path, &local);
  r->responses = field_int (manifest, "responses", path, &local);
  r->answers = field_int (manifest, "answers", path, &local);
  info->created_utc = field_int (manifest, "created_utc", path, &local);
  info->created_at = g_strdup (field (manifest, "created_at", path, &local));
  n_surveys = field_int (manifest, "surveys", path, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  r->from_day = g_strdup (g_hash_table_lookup (manifest, "first_day"));
  r->to_day = g_strdup (g_hash_table_lookup (manifest, "last_day"));
  info->unit = g_strdup (g_hash_table_lookup (manifest, "unit"));
  info->unit_name = g_strdup (g_hash_table_lookup (manifest, "unit_name"));
  info->counter = g_strdup (g_hash_table_lookup (manifest, "counter"));
  info->period_from = g_strdup (g_hash_table_lookup (manifest, "period_from"));
  info->period_to = g_strdup (g_hash_table_lookup (manifest, "period_to"));
  info->software_version = g_strdup (g_hash_table_lookup (manifest, "software_version"));

  /* The signature first: until it holds, nothing the manifest says can be trusted. */
  encoded = hl_bundle_manifest_encode (manifest);
  if (!hl_identity_verify_hex (info->public_key, signature, (const guint8 *) encoded, strlen (encoded)))
    {
      g_set_error (error, HL_BUNDLE_ERROR, HL_BUNDLE_ERROR_SIGNATURE,
                   "%s: refused: the manifest's signature does not match it (the manifest was changed, or not "
                   "signed by the key it names)", path);
      return FALSE;
    }
  derived = hl_identity_kiosk_id_for_public_key (info->public_key);
  if (g_strcmp0 (derived, r->kiosk_id) != 0)
    {
      g_set_error (error, HL_BUNDLE_ERROR, HL_BUNDLE_ERROR_SIGNATURE,
                   "%s: refused: kiosk id %s does not belong to the key that signed it (that key's kiosk is %s)",
                   path, r->kiosk_id, derived ? derived : "none");
      return FALSE;
    }
  info->bundle_id = bundle_id_for (signature);

  surveys = hl_store_bundle_get_surveys (bundle, error);
  if (surveys == NULL)
    return FALSE;
  if ((gint64) surveys->len != n_surveys)
    {
      manifest_fail (error, path, "%u survey definitions, but the manifest says %" G_GINT64_FORMAT, surveys->len,
                     n_surveys);
      return FALSE;
    }
  for (guint i = 0; i < surveys->len; i++)
    {
      char **s = g_ptr_array_index (surveys, i);
      g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, s[3], -1);
      g_autofree char *name = g_strdup_printf ("%s:survey %s/%s", path, s[0], s[1]);
      g_autoptr(HlSurvey) survey = NULL;
      g_autoptr(GError) invalid = NULL;

      if (!g_str_equal (digest, s[2]))
        {
          g_set_error (error, HL_BUNDLE_ERROR, HL_BUNDLE_ERROR_SURVEY,
                       "%s: refused: survey %s version %s does not match its digest (changed)", path, s[0], s[1]);
          return FALSE;
        }
      if (survey_known_valid (s[2], s[0], s[1]))
        continue;
      survey = hl_survey_load_data (name, s[3], -1, NULL, &invalid);
      if (survey == NULL || !g_str_equal (hl_survey_get_id (survey), s[0])
          || hl_survey_get_version (survey) != atoi (s[1]))
        {
          g_set_error (error, HL_BUNDLE_ERROR, HL_BUNDLE_ERROR_SURVEY, "%s: refused: survey %s version %s is not a"
                       " valid definition of that survey: %s", path, s[0], s[1],
                       invalid ? invalid->message : "its id or version differs");
          return FALSE;
        }
      survey_set_valid (s[2], s[0], s[1]);
    }

  check->path = g_strdup (path);
  check->whole = check_whole;
  check->bundle = g_steal_pointer (&bundle);
  check->manifest = g_steal_pointer (&manifest);
  check->info = g_steal_pointer (&info);
  return TRUE;
}

/* The second part: that the chain holds exactly the records and figures the manifest states, and that
 * the file's bytes are those the kiosk signed. It reads the bundle through @check's own connection
 * only, so that it can run in a thread of its own (hl_bundle_import_file). */
static gboolean
verify_records (BundleCheck  *check,
                GError      **error)
{
  HlBundleInfo *info = check->info;
  const char *path = check->path;
  const char *signature = g_hash_table_lookup (check->manifest, "signature");
  g_autoptr(GPtrArray) clock_jumps = NULL;

  if (!check->whole && !hl_store_bundle_check_whole (check->bundle, error))
    return FALSE;
  if (!hl_store_bundle_verify (check->bundle, &info->range, info->public_key, CLOCK_BACK_TOLERANCE,
                               info->created_utc + CLOCK_AHEAD_TOLERANCE, &clock_jumps, error))
    return FALSE;
  /* Last, the bytes themselves: what is left to find once every record is as signed is damage. */
  {
    const char *digest = g_hash_table_lookup (check->manifest, "file_digest");
    g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, error);
    g_autofree char *computed = NULL;
    const char *data;
    gsize len;
    gssize digest_at, signature_at;

    if (file == NULL)
      return FALSE;
    data = g_mapped_file_get_contents (file);
    len = g_mapped_file_get_length (file);
    digest_at = digest && strlen (digest) == 64 ? find_once (data, len, digest) : -1;
    signature_at = find_once (data, len, signature);
    if (digest_at >= 0 && signature_at >= 0)
      computed = file_digest (data, len, digest_at, signature_at);
    if (computed == NULL || !g_str_equal (computed, digest))
      {
        g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_BUNDLE_DAMAGED,
                     "%s: refused: damaged: the file's bytes are not those the kiosk signed, although its records"
                     " are (changed or damaged on the way)", path);
        return FALSE;
      }
  }
  info->clock_jumps = g_steal_pointer (&clock_jumps);
  return TRUE;
}

/* Checks a bundle file without changing anything: both parts, one after the other. */
HlBundleInfo *
hl_bundle_verify_file (const char  *path,
                       GError     **error)
{
  BundleCheck check = { 0 };
  HlBundleInfo *info = NULL;

  if (verify_manifest (path, TRUE, &check, error) && verify_records (&check, error))
    info = g_steal_pointer (&check.info);
  bundle_check_clear (&check);
  return info;
}

/* An HlCheckFunc (hl-usb.h): the bundle, as read back from a stick, verifies. */
gboolean
hl_bundle_check_cb (const char  *path,
                    gpointer     user_data,
                    GError     **error)
{
  g_autoptr(HlBundleInfo) info = NULL;

  if (!g_str_has_suffix (path, ".hlb"))
    return TRUE;
  info = hl_bundle_verify_file (path, error);
  return info != NULL;
}

static char *
describe_duration (gint64 seconds)
{
  gint64 s = ABS (seconds);

  if (s >= 86400)
    return g_strdup_printf ("%" G_GINT64_FORMAT " d %" G_GINT64_FORMAT " h", s / 86400, s % 86400 / 3600);
  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT " h %02" G_GINT64_FORMAT " min", s / 3600, s % 3600 / 60);
  return g_strdup_printf ("%" G_GINT64_FORMAT " min", s / 60);
}

/* One line about a jump of the kiosk's clock. */
char *
hl_bundle_describe_jump (const HlClockJump *jump)
{
  g_autofree char *by = describe_duration (jump->seconds);

  if (jump->previous_at == NULL)
    return g_strdup_printf ("clock far ahead: response %" G_GINT64_FORMAT " is dated %s, %s after the export was made",
                            jump->sequence, jump->recorded_at, by);
  return g_strdup_printf ("clock went back %s: response %" G_GINT64_FORMAT " is dated %s, after one dated %s", by,
                          jump->sequence, jump->recorded_at, jump->previous_at);
}

/* The second part of a bundle's verification, run in a thread of its own beside the import. */
typedef struct {
  BundleCheck  check;
  GThread     *thread;
  gboolean     ok;
  GError      *error;
} RecordsCheck;

static gpointer
records_check_thread (gpointer data)
{
  RecordsCheck *rc = data;

  rc->ok = verify_records (&rc->check, &rc->error);
  return NULL;
}

/* Waits for the verification's verdict (once). */
static gboolean
records_check_join (RecordsCheck *rc)
{
  if (rc->thread != NULL)
    g_thread_join (g_steal_pointer (&rc->thread));
  return rc->ok;
}

/* The import's HlStoreGateFunc: it commits only what was verified. */
static gboolean
records_check_gate (gpointer   data,
                    GError   **error)
{
  RecordsCheck *rc = data;

  if (records_check_join (rc))
    return TRUE;
  g_set_error_literal (error, HL_BUNDLE_ERROR, HL_BUNDLE_ERROR_SIGNATURE, "the bundle did not verify");
  return FALSE;
}

/* Verifies and imports a bundle into the province's @store (see hl_store_import_bundle): only from a
 * kiosk whose key the province holds, or with @trust_new (the key is then enrolled).
 *
 * Once the manifest's signature holds, the records are verified in a thread of their own while the
 * import copies them, inside its transaction, on the caller's thread: the two are about equal halves of
 * the work, and a province's machine has more than one core. The import commits only after the
 * verification has passed (its gate); a bundle that does not verify is rolled back and refused with the
 * verification's reason, which comes first as when the two ran one after the other. */
HlBundleInfo *
hl_bundle_import_file (HlStore         *store,
                       const char      *path,
                       gboolean         trust_new,
                       HlBundleImport  *result,
                       GError         **error)
{
  RecordsCheck rc = { 0 };
  HlBundleInfo *info;
  g_autofree char *known = NULL;
  g_autoptr(GError) local = NULL;
  gboolean imported = FALSE;

  /* SQLite's quick_check reads the whole file: it is left to the thread too. Should the manifest not
   * hold, the file is opened again with it first, so that a damaged file is refused as damaged. */
  if (!verify_manifest (path, FALSE, &rc.check, NULL) && !verify_manifest (path, TRUE, &rc.check, error))
    return NULL;
  info = rc.check.info;
  rc.thread = g_thread_try_new ("hl-bundle-verify", records_check_thread, &rc, NULL);
  if (rc.thread == NULL)
    rc.ok = verify_records (&rc.check, &rc.error);  /* no thread to be had: one after the other */

  known = hl_store_get_kiosk_key (store, info->range.kiosk_id, &local);
  if (local == NULL)
    {
      if (known == NULL && !trust_new)
        g_set_error (&local, HL_BUNDLE_ERROR, HL_BUNDLE_ERROR_UNKNOWN_KEY,
                     "%s: refused: kiosk %s is not enrolled; enrol its key with `hailong keys add TEXT` (the text of"
                     " its enrolment QR code, `hailong identity` on the kiosk), or import with --trust-new", path,
                     info->range.kiosk_id);
      else if (known != NULL && g_ascii_strcasecmp (known, info->public_key) != 0)
        g_set_error (&local, HL_BUNDLE_ERROR, HL_BUNDLE_ERROR_FOREIGN_KEY,
                     "%s: refused: signed by key %.16s…, not by the key enrolled for kiosk %s (%.16s…)", path,
                     info->public_key, info->range.kiosk_id, known);
      else
        /* A new kiosk's key is enrolled inside the bundle's own transaction. */
        imported = hl_store_import_bundle_enrol (store, path, &info->range, info->bundle_id,
                                                 known == NULL ? info->public_key : NULL, records_check_gate, &rc,
                                                 result, &local);
    }

  if (!records_check_join (&rc))
    {
      g_propagate_error (error, g_steal_pointer (&rc.error));
      bundle_check_clear (&rc.check);
      return NULL;
    }
  if (!imported)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      bundle_check_clear (&rc.check);
      return NULL;
    }
  info = g_steal_pointer (&rc.check.info);
  bundle_check_clear (&rc.check);
  return info;
}

/* Enrols a kiosk from the text of its enrolment QR code ("hailong-kiosk-key/1:ID:KEY"), after checking
 * that the id is the one derived from the key. */
gboolean
hl_keys_add_enrolment (HlStore     *store,
                       const char  *text,
                       char       **kiosk_id,
                       GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *derived = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (!g_str_has_prefix (trimmed, ENROLMENT_PREFIX))
    {
      g_set_error (error, HL_BUNDLE_ERROR, HL_BUNDLE_ERROR_ENROLMENT,
                   "not the text of a kiosk's enrolment code (it starts “%s”)", ENROLMENT_PREFIX);
      return FALSE;
    }
  parts = g_strsplit (trimmed + strlen (ENROLMENT_PREFIX), ":", -1);
  if (g_strv_length (parts) != 2)
    {
      g_set_error (error, HL_BUNDLE_ERROR, HL_BUNDLE_ERROR_ENROLMENT,
                   "an enrolment text is %sKIOSK-ID:PUBLIC-KEY", ENROLMENT_PREFIX);
      return FALSE;
    }
  derived = hl_identity_kiosk_id_for_public_key (parts[1]);
  if (derived == NULL || !g_str_equal (derived, parts[0]))
    {
      g_set_error (error, HL_BUNDLE_ERROR, HL_BUNDLE_ERROR_ENROLMENT,
                   "kiosk id %s does not belong to public key %s (mistyped?)", parts[0], parts[1]);
      return FALSE;
    }
  if (!hl_store_add_kiosk_key (store, parts[0], parts[1], "enrolment", error))
    return FALSE;
  if (kiosk_id != NULL)
    *kiosk_id = g_strdup (parts[0]);
  return TRUE;
}
