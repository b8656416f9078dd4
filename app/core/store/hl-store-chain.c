/* hl-store-chain.c: the hash chain (migration 2).
 *
 * Each kiosk's own records (a response with its first answers, or answers added to it later) are linked
 * 1, 2, 3… by SHA-256 over the previous link's hash and the record's canonical encoding.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "hl-sha256.h"
#include "hl-store-private.h"

/* meta keys "chain_backfill:KIOSK": the last sequence number migration 2 chained after the fact. */
#define HL_CHAIN_BACKFILL_KEY "chain_backfill:"

/* The decimal digits of @value and @end, by hand: every link of a bundle is encoded again when it is
 * verified, and g_string_append_printf was a fifth of a bundle import's instructions (callgrind). The
 * bytes are those of "%" G_GINT64_FORMAT. */
static void
append_decimal (GString    *out,
                gint64      value,
                char        end)
{
  char digits[24];
  char *p = digits + sizeof digits;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;

  *--p = end;
  do
    *--p = (char) ('0' + v % 10);
  while ((v /= 10) > 0);
  if (value < 0)
    *--p = '-';
  g_string_append_len (out, p, digits + sizeof digits - p);
}

/* Length-prefixed, so that no value can be made to look like two (no field separator to smuggle in). */
static void
encode_field (GString    *out,
              const char *value)
{
  gsize len;

  if (value == NULL)
    {
      g_string_append_len (out, "-;", 2);
      return;
    }
  len = strlen (value);
  append_decimal (out, (gint64) len, ':');
  g_string_append_len (out, value, len);
  g_string_append_c (out, ';');
}

static void
encode_int (GString *out,
            gint64   value)
{
  append_decimal (out, value, ';');
}

/* The first part of a record's canonical encoding (see hl_store_chain_encode()): the header and the
 * response's columns, read from @stmt's columns @first_col… in the order of HL_CHAIN_RECORD_COLUMNS. */
void
hl_store_chain_encode_response (sqlite3_stmt *stmt,
                                int           first_col,
                                HlChainKind   kind,
                                int           format,
                                GString      *out)
{
  /* The last column is the survey's digest, which format 1 does not cover. */
  int end = first_col + HL_CHAIN_RECORD_N_COLUMNS - (format >= HL_CHAIN_FORMAT_2 ? 0 : 1);

  g_string_truncate (out, 0);
  g_string_append (out, "hailong-chain/");
  encode_int (out, format);
  encode_int (out, kind);
  for (int col = first_col; col < end; col++)
    {
      if (sqlite3_column_type (stmt, col) == SQLITE_INTEGER)
        encode_int (out, sqlite3_column_int64 (stmt, col));
      else
        encode_field (out, (const char *) sqlite3_column_text (stmt, col));
    }
}

/* The rest of it: each answer of @response_row with an id in [@first_answer, @last_answer], appended to
 * @out; @n_answers (optional) is set to how many there were. */
gboolean
hl_store_chain_encode_answers (HlStore     *self,
                               gint64       response_row,
                               gint64       first_answer,
                               gint64       last_answer,
                               GString     *out,
                               gint64      *n_answers,
                               GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 n = 0;
  int rc;

  if (n_answers != NULL)
    *n_answers = 0;
  if (first_answer <= 0)
    return TRUE;
  stmt = hl_store_get_stmt (self, STMT_RECORD_ANSWERS, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, response_row);
  sqlite3_bind_int64 (stmt, 2, first_answer);
  sqlite3_bind_int64 (stmt, 3, last_answer);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      encode_int (out, sqlite3_column_int64 (stmt, 0));
      encode_field (out, (const char *) sqlite3_column_text (stmt, 1));
      encode_int (out, sqlite3_column_int64 (stmt, 2));
      if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
        encode_field (out, NULL);
      else
        encode_int (out, sqlite3_column_int64 (stmt, 3));
      n++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading answers", error);
  if (n_answers != NULL)
    *n_answers = n;
  return TRUE;
}

/* The canonical encoding of a record, read back from the tables, so that appending and verifying hash
 * exactly the same bytes: "hailong-chain/F" (F the format), the kind, every column of the response, in
 * format 2 the digest of the survey definition it was given under, then each covered answer's id,
 * question, value and the answer it replaces. docs/formats.md, "The chain", gives it byte for byte. */
gboolean
hl_store_chain_encode (HlStore     *self,
                       gint64       response_row,
                       HlChainKind  kind,
                       int          format,
                       gint64       first_answer,
                       gint64       last_answer,
                       GString     *out,
                       GError     **error)
{
  sqlite3_stmt *stmt = hl_store_get_stmt (self, STMT_RECORD_RESPONSE, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, response_row);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        {
          g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CHAIN, "%s: the chain names response row %" G_GINT64_FORMAT
                       ", which is not in the database", self->path, response_row);
          return FALSE;
        }
      return hl_store_set_sqlite_error (self, rc, "reading a response", error);
    }
  hl_store_chain_encode_response (stmt, 0, kind, format, out);
  sqlite3_reset (stmt);
  return hl_store_chain_encode_answers (self, response_row, first_answer, last_answer, out, NULL, error);
}

void
hl_store_chain_hash (const guint8  *prev,
                     const GString *record,
                     guint8        *hash)
{
  /* On the stack, with no allocation per link (GChecksum allocates its state); hl-sha256.c says why Nettle. */
  HlSha256Piece pieces[] = { { prev, HL_STORE_HASH_LEN }, { record->str, record->len } };

  hl_sha256 (pieces, G_N_ELEMENTS (pieces), hash);
}

/* The newest link of a kiosk's chain: its number (0 when none) and hash (zeros when none). */
gboolean
hl_store_chain_head (HlStore     *self,
            const char  *kiosk_id,
            gint64      *link,
            guint8      *hash,
            GError     **error)
{
  sqlite3_stmt *stmt = hl_store_get_stmt (self, STMT_CHAIN_HEAD, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  *link = 0;
  memset (hash, 0, HL_STORE_HASH_LEN);
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *link = sqlite3_column_int64 (stmt, 0);
      if (sqlite3_column_bytes (stmt, 1) == HL_STORE_HASH_LEN)
        memcpy (hash, sqlite3_column_blob (stmt, 1), HL_STORE_HASH_LEN);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading the chain", error);
  return TRUE;
}

gboolean
hl_store_chain_append (HlStore     *self,
                       const char  *kiosk_id,
                       gint64       response_row,
                       HlChainKind  kind,
                       gint64       first_answer,
                       gint64       last_answer,
                       GError     **error)
{
  g_autoptr(GString) record = g_string_new (NULL);
  guint8 prev[HL_STORE_HASH_LEN], hash[HL_STORE_HASH_LEN], signature[HL_STORE_SIGNATURE_LEN];
  /* Migration 2's backfill runs before the chain has a format: those links are format 1. */
  int format = self->version >= 3 ? HL_CHAIN_FORMAT_2 : HL_CHAIN_FORMAT_1;
  gboolean is_signed = FALSE;
  sqlite3_stmt *stmt;
  gint64 link;

  if (!hl_store_chain_head (self, kiosk_id, &link, prev, error))
    return FALSE;
  if (!hl_store_chain_encode (self, response_row, kind, format, first_answer, last_answer, record, error))
    return FALSE;
  hl_store_chain_hash (prev, record, hash);
  if (format >= HL_CHAIN_FORMAT_2
      && !hl_store_sign_link (self, kiosk_id, link + 1, hash, signature, &is_signed, error))
    return FALSE;
  stmt = hl_store_get_stmt (self, format >= HL_CHAIN_FORMAT_2 ? STMT_CHAIN_INSERT : STMT_CHAIN_INSERT_V1, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, link + 1);
  sqlite3_bind_int64 (stmt, 3, response_row);
  sqlite3_bind_int (stmt, 4, kind);
  if (first_answer > 0)
    {
      sqlite3_bind_int64 (stmt, 5, first_answer);
      sqlite3_bind_int64 (stmt, 6, last_answer);
    }
  else
    {
      sqlite3_bind_null (stmt, 5);
      sqlite3_bind_null (stmt, 6);
    }
  sqlite3_bind_blob (stmt, 7, hash, HL_STORE_HASH_LEN, SQLITE_TRANSIENT);
  if (format >= HL_CHAIN_FORMAT_2)
    {
      sqlite3_bind_int (stmt, 8, format);
      if (is_signed)
        sqlite3_bind_blob (stmt, 9, signature, HL_STORE_SIGNATURE_LEN, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (stmt, 9);
    }
  return hl_store_step_done (self, stmt, "extending the chain", error);
}

/* Migration 2 on a database that has responses already: chains them in sequence order, each with all
 * its answers as one record. */
gboolean
hl_store_chain_backfill (HlStore  *self,
                         GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT r.id, r.kiosk_id, (SELECT min(id) FROM answers WHERE response = r.id),"
                           " (SELECT max(id) FROM answers WHERE response = r.id)"
                           " FROM responses r WHERE r.seq IS NOT NULL ORDER BY r.kiosk_id, r.seq", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return hl_store_set_sqlite_error (self, rc, "chaining stored responses", error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *kiosk_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));

      if (!hl_store_chain_append (self, kiosk_id, sqlite3_column_int64 (stmt, 0), HL_CHAIN_RESPONSE,
                         sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3), error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "chaining stored responses", error);
  /* The chain vouches for what was stored when it was made, no more: say where each kiosk's chain starts
   * to be made as the responses are recorded (see hl_store_foreach_chain_start()). */
  return hl_store_exec (self,
                        "INSERT INTO meta (key, value) SELECT '" HL_CHAIN_BACKFILL_KEY "' || kiosk_id,"
                        " CAST(max(seq) AS TEXT) FROM responses WHERE seq IS NOT NULL GROUP BY kiosk_id;"
                        "INSERT INTO meta (key, value) SELECT 'chain_backfilled_at',"
                        " strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE EXISTS (SELECT 1 FROM responses"
                        " WHERE seq IS NOT NULL)", error);
}

/* For each kiosk whose responses were stored before the chain existed (a database upgraded from schema
 * version 1): the last sequence number the upgrade chained, and when. Its chain is made as responses are
 * recorded only from the next one on. */
gboolean
hl_store_foreach_chain_start (HlStore           *self,
                              HlChainStartFunc   func,
                              gpointer           user_data,
                              GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT substr(b.key, length('" HL_CHAIN_BACKFILL_KEY "') + 1), b.value, a.value"
                           " FROM meta b LEFT JOIN meta a ON a.key = 'chain_backfilled_at'"
                           " WHERE substr(b.key, 1, length('" HL_CHAIN_BACKFILL_KEY "')) = '" HL_CHAIN_BACKFILL_KEY "'"
                           " ORDER BY b.key", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return hl_store_set_sqlite_error (self, rc, "reading where the chain starts", error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func ((const char *) sqlite3_column_text (stmt, 0), g_ascii_strtoll ((const char *) sqlite3_column_text (stmt, 1), NULL, 10),
          (const char *) sqlite3_column_text (stmt, 2), user_data);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading where the chain starts", error);
  return TRUE;
}

static gboolean
chain_fail (HlStore     *self,
            GError     **error,
            const char  *format,
            ...) G_GNUC_PRINTF (3, 4);

static gboolean
chain_fail (HlStore     *self,
            GError     **error,
            const char  *format,
            ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CHAIN, "%s: chain broken: %s", self->path, msg);
  return FALSE;
}

void
hl_chain_info_free (HlChainInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->kiosk_id);
  g_free (info);
}

/* A kiosk's key as the database holds it, for verifying its chain. */
typedef struct {
  HlChainInfo *info;
  gint64       since_link;
  guint8       seal[HL_STORE_SIGNATURE_LEN];
  gboolean     has_seal;
  guint8       head_hash[HL_STORE_HASH_LEN];
  guint8       head_signature[HL_STORE_SIGNATURE_LEN];
} KioskKey;

static gboolean
load_kiosk_key (HlStore      *self,
                HlChainInfo  *info,
                KioskKey     *key,
                GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  memset (key, 0, sizeof *key);
  key->info = info;
  if (self->version < 3)
    return TRUE;
  stmt = hl_store_get_stmt (self, STMT_KIOSK_KEY, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, info->kiosk_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == HL_STORE_PUBLIC_KEY_LEN)
    {
      info->has_key = TRUE;
      memcpy (info->public_key, sqlite3_column_blob (stmt, 0), HL_STORE_PUBLIC_KEY_LEN);
      key->since_link = sqlite3_column_int64 (stmt, 1);
      info->signed_from = key->since_link + 1;
      if (sqlite3_column_bytes (stmt, 2) == HL_STORE_SIGNATURE_LEN)
        {
          key->has_seal = TRUE;
          memcpy (key->seal, sqlite3_column_blob (stmt, 2), HL_STORE_SIGNATURE_LEN);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading the kiosk keys", error);
  return TRUE;
}

static gboolean
signature_ok (const HlChainInfo *info,
              gint64             link,
              const guint8      *hash,
              const guint8      *signature)
{
  g_autoptr(GString) message = g_string_new (NULL);

  hl_store_link_message (message, info->kiosk_id, link, hash);
  return crypto_sign_verify_detached (signature, (const guchar *) message->str, message->len, info->public_key) == 0;
}

/* After the last link of a kiosk: the signature of its newest link covers, through the hashes, every link
 * before it, so checking that one is enough to know the chain was signed as it is. When it fails, the
 * links' own signatures say where the chain stopped being the one the kiosk signed. */
static gboolean
finish_kiosk (HlStore   *self,
              KioskKey  *key,
              GError   **error)
{
  HlChainInfo *info = key->info;
  sqlite3_stmt *stmt = NULL;
  gint64 bad = 0;
  int rc;

  if (info == NULL || !info->has_key)
    return TRUE;
  if (key->since_link > info->n_links)
    return chain_fail (self, error, "kiosk %s: its key was registered at link %" G_GINT64_FORMAT
                       ", but the chain has only %" G_GINT64_FORMAT " links (links were removed)",
                       info->kiosk_id, key->since_link, info->n_links);
  if (info->n_links <= key->since_link
      || signature_ok (info, info->n_links, key->head_hash, key->head_signature))
    return TRUE;
  rc = sqlite3_prepare_v2 (self->db, "SELECT link, hash, signature FROM chain WHERE kiosk_id = ?1 AND link > ?2"
                           " ORDER BY link", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return hl_store_set_sqlite_error (self, rc, "reading the chain", error);
  sqlite3_bind_text (stmt, 1, info->kiosk_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, key->since_link);
  while (bad == 0 && sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 1) != HL_STORE_HASH_LEN
        || sqlite3_column_bytes (stmt, 2) != HL_STORE_SIGNATURE_LEN
        || !signature_ok (info, sqlite3_column_int64 (stmt, 0), sqlite3_column_blob (stmt, 1),
                          sqlite3_column_blob (stmt, 2)))
      bad = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return chain_fail (self, error, "kiosk %s, link %" G_GINT64_FORMAT ": the signature does not verify against the "
                     "kiosk's key (the chain was rebuilt or changed without the key)", info->kiosk_id,
                     bad > 0 ? bad : info->n_links);
}

/* Checks every kiosk's chain in the database: each link's hash against the records as they are stored
 * now, the links numbered 1..N, the sequence numbers 1..S in order without a gap, every answer of a
 * chained response covered by exactly one link, and, for a kiosk whose key the database holds, every link
 * since the key was registered signed, the newest signature and the seal over the older links verified
 * against that key. Returns one HlChainInfo per kiosk (also a kiosk with a key and no link yet); the
 * error says where and why a chain breaks. Whether a chain without a key is acceptable, and whether the
 * key is the kiosk's, is the caller's to decide (the CLI's verify checks both). */
GPtrArray *
hl_store_verify_chains (HlStore  *self,
                        GError  **error)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_chain_info_free);
  sqlite3_stmt *links = NULL;
  g_autoptr(GString) record = g_string_new (NULL);
  g_autofree char *uncovered = NULL;
  guint8 prev[HL_STORE_HASH_LEN], hash[HL_STORE_HASH_LEN];
  gint64 expected_seq = 0, total = 0, covered = 0;
  g_autofree char *chained_answers = NULL;
  g_autofree char *chained_responses = NULL;
  HlChainInfo *info = NULL;
  KioskKey key = { 0 };
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  rc = sqlite3_prepare_v2 (self->db,
                           self->version >= 3
                           ? "SELECT c.kiosk_id, c.link, c.response, c.kind, c.first_answer, c.last_answer, c.hash,"
                             " r.seq, r.kiosk_id, c.format, c.signature FROM chain c"
                             " LEFT JOIN responses r ON r.id = c.response ORDER BY c.kiosk_id, c.link"
                           : "SELECT c.kiosk_id, c.link, c.response, c.kind, c.first_answer, c.last_answer, c.hash,"
                             " r.seq, r.kiosk_id, 1, NULL FROM chain c"
                             " LEFT JOIN responses r ON r.id = c.response ORDER BY c.kiosk_id, c.link",
                           -1, &links, NULL);
  if (rc != SQLITE_OK)
    {
      hl_store_set_sqlite_error (self, rc, "reading the chain", error);
      return NULL;
    }
#define FAIL(...) G_STMT_START { sqlite3_finalize (links); chain_fail (self, error, __VA_ARGS__); return NULL; } G_STMT_END
  while ((rc = sqlite3_step (links)) == SQLITE_ROW)
    {
      const char *k = (const char *) sqlite3_column_text (links, 0);
      gint64 link = sqlite3_column_int64 (links, 1);
      gint64 response_row = sqlite3_column_int64 (links, 2);
      HlChainKind kind = sqlite3_column_int (links, 3);
      gint64 first = sqlite3_column_int64 (links, 4);
      gint64 last = sqlite3_column_int64 (links, 5);
      gint64 seq = sqlite3_column_int64 (links, 7);
      int format = sqlite3_column_int (links, 9);
      gboolean has_signature = sqlite3_column_type (links, 10) != SQLITE_NULL;
      const char *kiosk;

      if (info == NULL || g_strcmp0 (k, info->kiosk_id) != 0)
        {
          GError *local_error = NULL;

          if (!finish_kiosk (self, &key, &local_error))
            {
              sqlite3_finalize (links);
              g_propagate_error (error, local_error);
              return NULL;
            }
          info = g_new0 (HlChainInfo, 1);
          info->kiosk_id = g_strdup (k);
          g_ptr_array_add (infos, info);
          if (!load_kiosk_key (self, info, &key, &local_error))
            {
              sqlite3_finalize (links);
              g_propagate_error (error, local_error);
              return NULL;
            }
          expected_seq = 0;
          memset (prev, 0, sizeof prev);
        }
      kiosk = info->kiosk_id;
      info->n_links++;
      if (link != info->n_links)
        FAIL ("kiosk %s: link %" G_GINT64_FORMAT " follows link %" G_GINT64_FORMAT
              " (a record was removed or inserted)", kiosk, link, info->n_links - 1);
      if (sqlite3_column_type (links, 8) == SQLITE_NULL
          || g_strcmp0 ((const char *) sqlite3_column_text (links, 8), k) != 0)
        FAIL ("kiosk %s, link %" G_GINT64_FORMAT ": its response is missing", kiosk, link);
      if (kind == HL_CHAIN_RESPONSE)
        {
          expected_seq++;
          if (seq != expected_seq)
            FAIL ("kiosk %s, link %" G_GINT64_FORMAT ": response %" G_GINT64_FORMAT
                  " where %" G_GINT64_FORMAT " was due (reordered or missing)", kiosk, link, seq, expected_seq);
          total++;
          info->n_responses++;
          info->last_sequence = MAX (info->last_sequence, seq);
        }
      if (format != HL_CHAIN_FORMAT_1 && format != HL_CHAIN_FORMAT_2)
        FAIL ("kiosk %s, link %" G_GINT64_FORMAT ": unknown record format %d", kiosk, link, format);
      if (!hl_store_chain_encode (self, response_row, kind, format, first, last, record, error))
        {
          sqlite3_finalize (links);
          return NULL;
        }
      hl_store_chain_hash (prev, record, hash);
      if (sqlite3_column_bytes (links, 6) != HL_STORE_HASH_LEN
          || memcmp (sqlite3_column_blob (links, 6), hash, HL_STORE_HASH_LEN) != 0)
        FAIL ("kiosk %s, link %" G_GINT64_FORMAT " (response %" G_GINT64_FORMAT "): the stored record does not "
              "match its hash (changed since it was written)", kiosk, link, seq);

      /* Signatures: none before the key was registered; every link after it signed, in format 2. */
      if (!info->has_key && has_signature)
        FAIL ("kiosk %s, link %" G_GINT64_FORMAT ": signed, but the database holds no key for the kiosk "
              "(its key was removed)", kiosk, link);
      if (info->has_key && link == key.since_link
          && (!key.has_seal || !signature_ok (info, link, hash, key.seal)))
        FAIL ("kiosk %s: the signature over links 1 to %" G_GINT64_FORMAT ", made when the kiosk began signing, "
              "does not verify against its key", kiosk, link);
      if (info->has_key && link > key.since_link)
        {
          if (format < HL_CHAIN_FORMAT_2)
            FAIL ("kiosk %s, link %" G_GINT64_FORMAT ": written in the format of before signing, after the "
                  "kiosk began signing at link %" G_GINT64_FORMAT, kiosk, link, key.since_link + 1);
          if (!has_signature || sqlite3_column_bytes (links, 10) != HL_STORE_SIGNATURE_LEN)
            FAIL ("kiosk %s, link %" G_GINT64_FORMAT ": not signed, though every link of this kiosk since link %"
                  G_GINT64_FORMAT " must be (signatures were removed)", kiosk, link, key.since_link + 1);
          memcpy (key.head_hash, hash, sizeof hash);
          memcpy (key.head_signature, sqlite3_column_blob (links, 10), HL_STORE_SIGNATURE_LEN);
        }
      memcpy (prev, hash, sizeof prev);
      if (first > 0)
        covered += last - first + 1;
    }
#undef FAIL
  sqlite3_finalize (links);
  if (rc != SQLITE_DONE)
    {
      hl_store_set_sqlite_error (self, rc, "reading the chain", error);
      return NULL;
    }
  if (!finish_kiosk (self, &key, error))
    return NULL;

  /* Every kiosk's own response is in the chain, and every one of their answers under exactly one link: a
   * response or answer slipped in without a link is as much a break as a changed one. */
  chained_responses = hl_store_pragma_text (self, "SELECT count(*) FROM responses WHERE seq IS NOT NULL", error);
  if (chained_responses == NULL)
    return NULL;
  if (g_ascii_strtoll (chained_responses, NULL, 10) != total)
    {
      chain_fail (self, error, "%s numbered responses, but the chain holds %" G_GINT64_FORMAT, chained_responses,
                  total);
      return NULL;
    }
  chained_answers = hl_store_pragma_text (self, "SELECT count(*) FROM answers a JOIN responses r ON r.id = a.response"
                                                " WHERE r.seq IS NOT NULL", error);
  if (chained_answers == NULL)
    return NULL;
  if (g_ascii_strtoll (chained_answers, NULL, 10) != covered)
    {
      uncovered = hl_store_pragma_text (self, "SELECT coalesce(min(a.id), 0) FROM answers a JOIN responses r"
                                              " ON r.id = a.response WHERE r.seq IS NOT NULL AND NOT EXISTS"
                                              " (SELECT 1 FROM chain c WHERE c.response = a.response"
                                              " AND a.id BETWEEN c.first_answer AND c.last_answer)", NULL);
      chain_fail (self, error, "%s answers of numbered responses, but the chain covers %" G_GINT64_FORMAT
                  " (first answer outside it: row %s)", chained_answers, covered, uncovered ? uncovered : "?");
      return NULL;
    }
  /* Kiosks that registered their key and have recorded nothing yet. */
  if (self->version >= 3)
    {
      sqlite3_stmt *stmt = NULL;

      rc = sqlite3_prepare_v2 (self->db, "SELECT kiosk_id FROM kiosk_keys k WHERE NOT EXISTS"
                               " (SELECT 1 FROM chain c WHERE c.kiosk_id = k.kiosk_id) ORDER BY kiosk_id",
                               -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        {
          hl_store_set_sqlite_error (self, rc, "reading the kiosk keys", error);
          return NULL;
        }
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          HlChainInfo *idle = g_new0 (HlChainInfo, 1);

          idle->kiosk_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          g_ptr_array_add (infos, idle);
          if (!load_kiosk_key (self, idle, &key, error))
            {
              sqlite3_finalize (stmt);
              return NULL;
            }
          if (key.since_link != 0)
            {
              sqlite3_finalize (stmt);
              chain_fail (self, error, "kiosk %s: its key was registered at link %" G_GINT64_FORMAT
                          ", but it has no link (its chain was removed)", idle->kiosk_id, key.since_link);
              return NULL;
            }
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          hl_store_set_sqlite_error (self, rc, "reading the kiosk keys", error);
          return NULL;
        }
    }
  return g_steal_pointer (&infos);
}

/* hl_store_verify_chains() in sum: how many responses the chains hold, and the highest sequence. */
gboolean
hl_store_verify_chain (HlStore     *self,
                       gint64      *n_responses,
                       gint64      *last_sequence,
                       GError     **error)
{
  g_autoptr(GPtrArray) infos = hl_store_verify_chains (self, error);
  gint64 total = 0, newest = 0;

  if (infos == NULL)
    return FALSE;
  for (guint i = 0; i < infos->len; i++)
    {
      HlChainInfo *info = g_ptr_array_index (infos, i);

      total += info->n_responses;
      newest = MAX (newest, info->last_sequence);
    }
  if (n_responses)
    *n_responses = total;
  if (last_sequence)
    *last_sequence = newest;
  return TRUE;
}


/* Chains answers [@first_answer, @last_answer] added to a stored response as a record of their own,
 * when the response is the kiosk's own (numbered); imported responses are not chained here. */
gboolean
hl_store_chain_answers (HlStore  *self,
                        gint64    response_row,
                        gint64    first_answer,
                        gint64    last_answer,
                        GError  **error)
{
  sqlite3_stmt *stmt = hl_store_get_stmt (self, STMT_RECORD_RESPONSE, error);
  g_autofree char *kiosk_id = NULL;
  gboolean chained = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, response_row);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      kiosk_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      chained = sqlite3_column_type (stmt, 2) != SQLITE_NULL;
    }
  sqlite3_reset (stmt);
  /* A failed read must not leave the answers unchained: that would break the chain for good. */
  if (rc != SQLITE_ROW)
    return hl_store_set_sqlite_error (self, rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc, "chaining answers", error);
  return !chained || hl_store_chain_append (self, kiosk_id, response_row, HL_CHAIN_ANSWERS, first_answer, last_answer, error);
}

