/* hl-store-chain.c: the hash chain (migration 2).
 *
 * Each kiosk's own records (a response with its first answers, or answers added to it later) are linked
 * 1, 2, 3… by SHA-256 over the previous link's hash and the record's canonical encoding.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include <string.h>

#include "hl-store-private.h"

/* meta keys "chain_backfill:KIOSK": the last sequence number migration 2 chained after the fact. */
#define HL_CHAIN_BACKFILL_KEY "chain_backfill:"

#define CHAIN_HASH_LEN 32

/* Length-prefixed, so that no value can be made to look like two (no field separator to smuggle in). */
static void
encode_field (GString    *out,
              const char *value)
{
  if (value == NULL)
    g_string_append (out, "-;");
  else
    g_string_append_printf (out, "%zu:%s;", strlen (value), value);
}

static void
encode_int (GString *out,
            gint64   value)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT ";", value);
}

/* The canonical encoding of a record, read back from the tables, so that appending and verifying hash
 * exactly the same bytes: "hailong-chain/1", the kind, every column of the response, then each covered
 * answer's id, question and value. */
static gboolean
encode_record (HlStore    *self,
               gint64      response_row,
               HlChainKind   kind,
               gint64      first_answer,
               gint64      last_answer,
               GString    *out,
               GError    **error)
{
  sqlite3_stmt *stmt = hl_store_get_stmt (self, STMT_RECORD_RESPONSE, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_string_truncate (out, 0);
  g_string_append (out, "hailong-chain/1;");
  encode_int (out, kind);
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
  for (int col = 0; col < sqlite3_column_count (stmt); col++)
    {
      if (sqlite3_column_type (stmt, col) == SQLITE_INTEGER)
        encode_int (out, sqlite3_column_int64 (stmt, col));
      else
        encode_field (out, (const char *) sqlite3_column_text (stmt, col));
    }
  sqlite3_reset (stmt);

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
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading answers", error);
  return TRUE;
}

static void
chain_hash (const guint8 *prev,
            const GString *record,
            guint8        *hash)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len = CHAIN_HASH_LEN;

  g_checksum_update (sum, prev, CHAIN_HASH_LEN);
  g_checksum_update (sum, (const guchar *) record->str, record->len);
  g_checksum_get_digest (sum, hash, &len);
}

/* The newest link of a kiosk's chain: its number (0 when none) and hash (zeros when none). */
static gboolean
chain_head (HlStore     *self,
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
  memset (hash, 0, CHAIN_HASH_LEN);
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *link = sqlite3_column_int64 (stmt, 0);
      if (sqlite3_column_bytes (stmt, 1) == CHAIN_HASH_LEN)
        memcpy (hash, sqlite3_column_blob (stmt, 1), CHAIN_HASH_LEN);
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
                       HlChainKind    kind,
                       gint64       first_answer,
                       gint64       last_answer,
                       GError     **error)
{
  g_autoptr(GString) record = g_string_new (NULL);
  guint8 prev[CHAIN_HASH_LEN], hash[CHAIN_HASH_LEN];
  sqlite3_stmt *stmt;
  gint64 link;

  if (!chain_head (self, kiosk_id, &link, prev, error))
    return FALSE;
  if (!encode_record (self, response_row, kind, first_answer, last_answer, record, error))
    return FALSE;
  chain_hash (prev, record, hash);
  stmt = hl_store_get_stmt (self, STMT_CHAIN_INSERT, error);
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
  sqlite3_bind_blob (stmt, 7, hash, CHAIN_HASH_LEN, SQLITE_TRANSIENT);
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

/* Checks every kiosk's chain in the database: each link's hash against the records as they are stored
 * now, the links numbered 1..N, the sequence numbers 1..S in order without a gap, and every answer of a
 * chained response covered by exactly one link. The error says where and why it breaks. */
gboolean
hl_store_verify_chain (HlStore     *self,
                       gint64      *n_responses,
                       gint64      *last_sequence,
                       GError     **error)
{
  sqlite3_stmt *links = NULL;
  g_autoptr(GString) record = g_string_new (NULL);
  g_autofree char *kiosk = NULL;
  g_autofree char *uncovered = NULL;
  guint8 prev[CHAIN_HASH_LEN], hash[CHAIN_HASH_LEN];
  gint64 expected_link = 0, expected_seq = 0, total = 0, newest = 0, covered = 0;
  g_autofree char *chained_answers = NULL;
  g_autofree char *chained_responses = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT c.kiosk_id, c.link, c.response, c.kind, c.first_answer, c.last_answer, c.hash, r.seq,"
                           " r.kiosk_id FROM chain c LEFT JOIN responses r ON r.id = c.response"
                           " ORDER BY c.kiosk_id, c.link", -1, &links, NULL);
  if (rc != SQLITE_OK)
    return hl_store_set_sqlite_error (self, rc, "reading the chain", error);
  while ((rc = sqlite3_step (links)) == SQLITE_ROW)
    {
      const char *k = (const char *) sqlite3_column_text (links, 0);
      gint64 link = sqlite3_column_int64 (links, 1);
      gint64 response_row = sqlite3_column_int64 (links, 2);
      HlChainKind kind = sqlite3_column_int (links, 3);
      gint64 first = sqlite3_column_int64 (links, 4);
      gint64 last = sqlite3_column_int64 (links, 5);
      gint64 seq = sqlite3_column_int64 (links, 7);

      if (g_strcmp0 (k, kiosk) != 0)
        {
          g_free (kiosk);
          kiosk = g_strdup (k);
          expected_link = 0;
          expected_seq = 0;
          memset (prev, 0, sizeof prev);
        }
      expected_link++;
      if (link != expected_link)
        {
          sqlite3_finalize (links);
          return chain_fail (self, error, "kiosk %s: link %" G_GINT64_FORMAT " follows link %" G_GINT64_FORMAT
                             " (a record was removed or inserted)", kiosk, link, expected_link - 1);
        }
      if (sqlite3_column_type (links, 8) == SQLITE_NULL || g_strcmp0 ((const char *) sqlite3_column_text (links, 8), k) != 0)
        {
          sqlite3_finalize (links);
          return chain_fail (self, error, "kiosk %s, link %" G_GINT64_FORMAT ": its response is missing", kiosk, link);
        }
      if (kind == HL_CHAIN_RESPONSE)
        {
          expected_seq++;
          if (seq != expected_seq)
            {
              sqlite3_finalize (links);
              return chain_fail (self, error, "kiosk %s, link %" G_GINT64_FORMAT ": response %" G_GINT64_FORMAT
                                 " where %" G_GINT64_FORMAT " was due (reordered or missing)", kiosk, link, seq,
                                 expected_seq);
            }
          total++;
          newest = MAX (newest, seq);
        }
      if (!encode_record (self, response_row, kind, first, last, record, error))
        {
          sqlite3_finalize (links);
          return FALSE;
        }
      chain_hash (prev, record, hash);
      if (sqlite3_column_bytes (links, 6) != CHAIN_HASH_LEN || memcmp (sqlite3_column_blob (links, 6), hash, CHAIN_HASH_LEN) != 0)
        {
          sqlite3_finalize (links);
          return chain_fail (self, error, "kiosk %s, link %" G_GINT64_FORMAT " (response %" G_GINT64_FORMAT
                             "): the stored record does not match its hash (changed since it was written)",
                             kiosk, link, seq);
        }
      memcpy (prev, hash, sizeof prev);
      if (first > 0)
        covered += last - first + 1;
    }
  sqlite3_finalize (links);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading the chain", error);

  /* Every kiosk's own response is in the chain, and every one of their answers under exactly one link: a
   * response or answer slipped in without a link is as much a break as a changed one. */
  chained_responses = hl_store_pragma_text (self, "SELECT count(*) FROM responses WHERE seq IS NOT NULL", error);
  if (chained_responses == NULL)
    return FALSE;
  if (g_ascii_strtoll (chained_responses, NULL, 10) != total)
    return chain_fail (self, error, "%s numbered responses, but the chain holds %" G_GINT64_FORMAT,
                       chained_responses, total);
  chained_answers = hl_store_pragma_text (self, "SELECT count(*) FROM answers a JOIN responses r ON r.id = a.response"
                                       " WHERE r.seq IS NOT NULL", error);
  if (chained_answers == NULL)
    return FALSE;
  if (g_ascii_strtoll (chained_answers, NULL, 10) != covered)
    {
      uncovered = hl_store_pragma_text (self, "SELECT coalesce(min(a.id), 0) FROM answers a JOIN responses r ON r.id = a.response"
                                     " WHERE r.seq IS NOT NULL AND NOT EXISTS (SELECT 1 FROM chain c WHERE"
                                     " c.response = a.response AND a.id BETWEEN c.first_answer AND c.last_answer)",
                               NULL);
      return chain_fail (self, error, "%s answers of numbered responses, but the chain covers %" G_GINT64_FORMAT
                         " (first answer outside it: row %s)", chained_answers, covered, uncovered ? uncovered : "?");
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

