/* hl-store-trust.c: what lets a reader trust the figures without trusting whoever could write the file
 * (schema 3; docs/storage.md, "Trust"; docs/threat-model.md).
 *
 *  - Signed links: each kiosk's links are signed with its Ed25519 key. The store never holds the key; the
 *    layer that loads it passes a signing function down (hl_store_set_signer()), and the public key is
 *    registered in kiosk_keys, so that verifying needs only the file (or, better, a key from outside it).
 *  - Survey definitions: append-only, their digest recomputed (hl_store_verify_surveys()) and covered by
 *    every format-2 link of a response given under them (hl-store-chain.c).
 *  - Rollups: written by the store's own counting only (a trigger asks hl_store_counting(), which only
 *    the store's connection defines), and recounted from the answers (hl_store_verify_rollups(),
 *    hl_store_rebuild_rollups(), which the province also uses to count imported responses itself).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "hl-store-private.h"

G_STATIC_ASSERT (HL_STORE_PUBLIC_KEY_LEN == crypto_sign_PUBLICKEYBYTES);
G_STATIC_ASSERT (HL_STORE_SIGNATURE_LEN == crypto_sign_BYTES);

typedef struct {
  guint8          public_key[HL_STORE_PUBLIC_KEY_LEN];
  HlStoreSignFunc func;
  gpointer        user_data;
  GDestroyNotify  destroy;
} Signer;

static void
signer_free (gpointer data)
{
  Signer *signer = data;

  if (signer->destroy != NULL)
    signer->destroy (signer->user_data);
  g_free (signer);
}

void
hl_store_signers_free (HlStore *self)
{
  g_clear_pointer (&self->signers, g_hash_table_unref);
}

/* What a kiosk signs for link @link of its chain: "hailong-link/1;", the kiosk id (length-prefixed, as
 * the chain's fields), the link number and the link's 32-byte hash. The hash covers every link before, so
 * one signature vouches for the whole chain up to it. */
void
hl_store_link_message (GString      *out,
                       const char   *kiosk_id,
                       gint64        link,
                       const guint8 *hash)
{
  g_string_truncate (out, 0);
  g_string_append_printf (out, "hailong-link/1;%zu:%s;%" G_GINT64_FORMAT ";", strlen (kiosk_id), kiosk_id, link);
  g_string_append_len (out, (const char *) hash, HL_STORE_HASH_LEN);
}

static gboolean
sign_message (HlStore      *self,
              Signer       *signer,
              const char   *kiosk_id,
              gint64        link,
              const guint8 *hash,
              guint8       *signature,
              GError      **error)
{
  g_autoptr(GString) message = g_string_new (NULL);

  hl_store_link_message (message, kiosk_id, link, hash);
  if (!signer->func ((const guint8 *) message->str, message->len, signature, signer->user_data))
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_KEY, "%s: kiosk %s: signing link %" G_GINT64_FORMAT
                   " failed", self->path, kiosk_id, link);
      return FALSE;
    }
  return TRUE;
}

/* Signs link @link of @kiosk_id's chain when the store was given the kiosk's signer (*is_signed TRUE). A
 * kiosk whose key the database holds but whose signer was not given is refused: an unsigned link would
 * leave its chain open to rebuilding, and verify would refuse it for good. */
gboolean
hl_store_sign_link (HlStore      *self,
                    const char   *kiosk_id,
                    gint64        link,
                    const guint8 *hash,
                    guint8       *signature,
                    gboolean     *is_signed,
                    GError      **error)
{
  Signer *signer = self->signers ? g_hash_table_lookup (self->signers, kiosk_id) : NULL;
  sqlite3_stmt *stmt;
  int rc;

  *is_signed = FALSE;
  if (signer != NULL)
    {
      if (!sign_message (self, signer, kiosk_id, link, hash, signature, error))
        return FALSE;
      *is_signed = TRUE;
      return TRUE;
    }
  stmt = hl_store_get_stmt (self, STMT_KIOSK_KEY, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_KEY, "%s: kiosk %s signs its chain, but its key was not "
                   "loaded", self->path, kiosk_id);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading the kiosk keys", error);
  return TRUE;
}

typedef struct {
  const char   *kiosk_id;
  Signer       *signer;
} Registration;

/* Registers the kiosk's public key once: its links so far (written before it signed) are sealed by a
 * signature over the newest of them, and every later link is signed. */
static gboolean
register_key (HlStore   *self,
              gpointer   data,
              GError   **error)
{
  Registration *reg = data;
  guint8 head_hash[HL_STORE_HASH_LEN], seal[HL_STORE_SIGNATURE_LEN];
  sqlite3_stmt *stmt = hl_store_get_stmt (self, STMT_KIOSK_KEY, error);
  gint64 head;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reg->kiosk_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gboolean same = sqlite3_column_bytes (stmt, 0) == HL_STORE_PUBLIC_KEY_LEN
                      && memcmp (sqlite3_column_blob (stmt, 0), reg->signer->public_key, HL_STORE_PUBLIC_KEY_LEN) == 0;

      sqlite3_reset (stmt);
      if (!same)
        g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_KEY, "%s: kiosk %s signs its chain with another key than "
                     "the one given (restore the kiosk's own key file)", self->path, reg->kiosk_id);
      return same;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading the kiosk keys", error);

  if (!hl_store_chain_head (self, reg->kiosk_id, &head, head_hash, error))
    return FALSE;
  if (head > 0 && !sign_message (self, reg->signer, reg->kiosk_id, head, head_hash, seal, error))
    return FALSE;
  rc = sqlite3_prepare_v2 (self->db, "INSERT INTO kiosk_keys (kiosk_id, public_key, since_link, seal)"
                           " VALUES (?1, ?2, ?3, ?4)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return hl_store_set_sqlite_error (self, rc, "registering the kiosk's key", error);
  sqlite3_bind_text (stmt, 1, reg->kiosk_id, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, reg->signer->public_key, HL_STORE_PUBLIC_KEY_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, head);
  if (head > 0)
    sqlite3_bind_blob (stmt, 4, seal, HL_STORE_SIGNATURE_LEN, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 4);
  rc = hl_store_step_done (self, stmt, "registering the kiosk's key", error);
  sqlite3_finalize (stmt);
  if (rc && head > 0)
    g_message ("%s: kiosk %s signs its chain from link %" G_GINT64_FORMAT " on; links 1 to %" G_GINT64_FORMAT
               " were written before and are sealed by its signature over link %" G_GINT64_FORMAT,
               self->path, reg->kiosk_id, head + 1, head, head);
  return rc;
}

/* From now on the store signs every link of @kiosk_id's chain through @func, which signs with the secret
 * key matching @public_key (checked here once, with a test message). The first time, the key is
 * registered in the database (kiosk_keys); a different key for a kiosk that has one is refused. @destroy
 * frees @user_data when the store closes, or at once on failure. */
gboolean
hl_store_set_signer (HlStore         *self,
                     const char      *kiosk_id,
                     const guint8    *public_key,
                     HlStoreSignFunc  func,
                     gpointer         user_data,
                     GDestroyNotify   destroy,
                     GError         **error)
{
  static const char probe[] = "hailong-signer-check";
  guint8 signature[HL_STORE_SIGNATURE_LEN];
  Signer *signer;
  Registration reg;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (kiosk_id != NULL && public_key != NULL && func != NULL, FALSE);

  signer = g_new0 (Signer, 1);
  memcpy (signer->public_key, public_key, HL_STORE_PUBLIC_KEY_LEN);
  signer->func = func;
  signer->user_data = user_data;
  signer->destroy = destroy;
  if (sodium_init () < 0
      || !func ((const guint8 *) probe, sizeof probe - 1, signature, user_data)
      || crypto_sign_verify_detached (signature, (const guchar *) probe, sizeof probe - 1, public_key) != 0)
    {
      signer_free (signer);
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_KEY, "%s: kiosk %s: the signing key does not match its "
                   "public key", self->path, kiosk_id);
      return FALSE;
    }
  reg.kiosk_id = kiosk_id;
  reg.signer = signer;
  if (!hl_store_in_transaction (self, register_key, &reg, error))
    {
      signer_free (signer);
      return FALSE;
    }
  if (self->signers == NULL)
    self->signers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, signer_free);
  g_hash_table_replace (self->signers, g_strdup (kiosk_id), signer);
  return TRUE;
}

/* Whether @kiosk_id is one of this database's own kiosks: its key is registered here, or it has a chain
 * here. Such a kiosk's responses are recorded by the kiosk, never imported. */
gboolean
hl_store_is_own_kiosk (HlStore     *self,
                       const char  *kiosk_id,
                       gboolean    *own,
                       GError     **error)
{
  sqlite3_stmt *stmt = hl_store_get_stmt (self, STMT_OWN_KIOSK, error);
  int rc;

  g_return_val_if_fail (self != NULL && kiosk_id != NULL && own != NULL, FALSE);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *own = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return hl_store_set_sqlite_error (self, rc, "looking up the database's kiosks", error);
  return TRUE;
}

/* hl_store_counting(): 1 while the store itself writes the rollups. The rollup tables' triggers refuse
 * any write made while it is not 1; on a connection that is not the store's, it does not exist. */
static void
counting_cb (sqlite3_context *context,
             int              argc,
             sqlite3_value  **argv)
{
  HlStore *self = sqlite3_user_data (context);

  sqlite3_result_int (context, self->counting ? 1 : 0);
}

gboolean
hl_store_register_functions (HlStore  *self,
                             GError  **error)
{
  /* SQLITE_INNOCUOUS: it reads a flag and nothing else, so triggers may call it even where the schema
   * is not trusted (PRAGMA trusted_schema = OFF). Not deterministic: its answer changes. */
  int rc = sqlite3_create_function_v2 (self->db, "hl_store_counting", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, self,
                                       counting_cb, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return hl_store_set_sqlite_error (self, rc, "defining the store's functions", error);
  return TRUE;
}

/* Each stored survey definition against its digest. */
gboolean
hl_store_verify_surveys (HlStore  *self,
                         gint64   *n_surveys,
                         GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);

  rc = sqlite3_prepare_v2 (self->db, "SELECT survey_id, version, definition, digest FROM surveys"
                           " ORDER BY survey_id, version", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return hl_store_set_sqlite_error (self, rc, "reading survey definitions", error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, sqlite3_column_blob (stmt, 2),
                                                             sqlite3_column_bytes (stmt, 2));

      if (g_strcmp0 (digest, (const char *) sqlite3_column_text (stmt, 3)) != 0)
        {
          g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_SURVEY, "%s: survey “%s” version %d: the stored "
                       "definition does not match its digest (changed since it was stored)", self->path,
                       (const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 1));
          sqlite3_finalize (stmt);
          return FALSE;
        }
      n++;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading survey definitions", error);
  if (n_surveys)
    *n_surveys = n;
  return TRUE;
}

static const struct {
  const char *name;
  const char *table;    /* with the columns of ROLLUP_KEY */
  const char *recount;
  int         version;  /* the schema that has it */
} rollups[] = {
  { "day_counts", "day_counts", RECOUNT (""), 1 },
  { "burst_counts", "burst_counts", RECOUNT (" AND r.burst = 1"), 2 },
  /* The months against the days, which the two above hold to the answers. */
  { "month_counts", "(SELECT month AS day, * FROM month_counts)",
    "SELECT month AS day, * FROM (" MONTHS_OF_DAYS ("day_counts", "") ")", 6 },
  { "month_burst_counts", "(SELECT month AS day, * FROM month_burst_counts)",
    "SELECT month AS day, * FROM (" MONTHS_OF_DAYS ("burst_counts", "") ")", 6 },
};

/* Recounts both rollup tables from the responses and answers, and compares: the first difference (day,
 * keys, question, value, stored and recounted) and how many rows differ make the error. Rows stored with
 * n = 0 (an answer replaced) are no difference. */
gboolean
hl_store_verify_rollups (HlStore  *self,
                         GError  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  /* Inside an explicit transaction, some increments may still be in memory (hl-store-append.c). */
  if (self->in_transaction && !hl_store_flush_counts (self, error))
    return FALSE;
  for (guint t = 0; t < G_N_ELEMENTS (rollups) && rollups[t].version <= self->version; t++)
    {
      g_autofree char *sql = g_strdup_printf (
        "SELECT " ROLLUP_KEY ", sum (stored), sum (recounted), count (*) OVER () FROM"
        " (SELECT " ROLLUP_KEY ", n AS stored, 0 AS recounted FROM %s"
        "  UNION ALL SELECT " ROLLUP_KEY ", 0, n FROM (%s))"
        " GROUP BY " ROLLUP_KEY " HAVING sum (stored) <> sum (recounted) ORDER BY " ROLLUP_KEY " LIMIT 1",
        rollups[t].table, rollups[t].recount);
      sqlite3_stmt *stmt = NULL;
      int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

      if (rc != SQLITE_OK)
        return hl_store_set_sqlite_error (self, rc, "recounting the rollups", error);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          g_autoptr(GString) where = g_string_new (NULL);
          static const char *names[] = { "kiosk", "unit", "counter", "officer", "procedure", "field" };
          gint64 differ = (gint64) sqlite3_column_int64 (stmt, 13);
          g_autofree char *more = differ > 1 ? g_strdup_printf (" (and %" G_GINT64_FORMAT " more rows)", differ - 1)
                                             : g_strdup ("");

          g_string_append (where, (const char *) sqlite3_column_text (stmt, 0));
          for (int c = 1; c <= 6; c++)
            {
              const char *v = (const char *) sqlite3_column_text (stmt, c);

              if (v != NULL && *v != '\0')
                g_string_append_printf (where, " %s %s", names[c - 1], v);
            }
          g_string_append_printf (where, " survey %s/%d", (const char *) sqlite3_column_text (stmt, 7),
                                  sqlite3_column_int (stmt, 8));
          if (*(const char *) sqlite3_column_text (stmt, 9) == '\0')
            g_string_append (where, " responses");
          else
            g_string_append_printf (where, " question %s value %d", (const char *) sqlite3_column_text (stmt, 9),
                                    sqlite3_column_int (stmt, 10));
          g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_ROLLUPS,
                       "%s: %s do not follow from the chained answers: %s: stored %" G_GINT64_FORMAT
                       ", recounted %" G_GINT64_FORMAT "%s", self->path, rollups[t].name, where->str,
                       (gint64) sqlite3_column_int64 (stmt, 11), (gint64) sqlite3_column_int64 (stmt, 12),
                       more);
          sqlite3_finalize (stmt);
          return FALSE;
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return hl_store_set_sqlite_error (self, rc, "recounting the rollups", error);
    }
  return TRUE;
}

static gboolean
rebuild (HlStore   *self,
         gpointer   data,
         GError   **error)
{
  gboolean ok = TRUE;

  /* The recount covers every answer, those of an open transaction too: its increments still in memory
   * (hl-store-append.c) are in it already. */
  if (self->pending_counts != NULL)
    g_hash_table_remove_all (self->pending_counts);
  self->counting = TRUE;
  for (guint t = 0; ok && t < 2; t++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s; INSERT INTO %s (" ROLLUP_KEY ", n) %s;",
                                              rollups[t].table, rollups[t].table, rollups[t].recount);

      ok = hl_store_exec (self, sql, error);
    }
  self->counting = FALSE;
  /* Every month, from the days just counted. */
  return ok && hl_store_recount_months (self, NULL, "0000-01-01", "9999-12-31", error);
}

/* Throws the rollups away and counts them again from the responses and answers, in one transaction (or
 * the caller's): for a database whose rollups cannot be trusted, such as the province's after an import
 * of responses whose own figures it does not take on trust. */
gboolean
hl_store_rebuild_rollups (HlStore  *self,
                          GError  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return hl_store_in_transaction (self, rebuild, NULL, error);
}
