/* hl-store-import.c: the database as an import compares with it.
 *
 * An import runs in one write transaction of its HlStore (hl_store_begin() … hl_store_commit()). To tell
 * whether a response it meets was stored before, and whether the file says the same about it, it reads
 * that response here through a second, read-only connection opened once the write transaction holds the
 * database's write lock. In write-ahead-log mode that connection sees exactly what was committed before
 * the import began (nobody else can commit while the import holds the lock, and the import's own rows
 * are not committed yet), which is the right thing to compare with; and it keeps this file from needing
 * HlStore's internals (it shares only the mapping of SQLite's codes onto the store's errors).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include <sqlite3.h>

#include "hl-store-import.h"
#include "hl-store-private.h"

struct _HlStoreSnapshot {
  sqlite3      *db;
  char         *path;
  sqlite3_stmt *response;  /* a response by (kiosk, response id) */
  sqlite3_stmt *answers;   /* its answers */
};

static void *
snapshot_fail (HlStoreSnapshot  *self,
               int               rc,
               const char       *what,
               GError          **error)
{
  g_set_error (error, HL_STORE_ERROR, hl_store_error_from_sqlite (rc), "%s: %s: %s", self->path, what,
               self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  return NULL;
}

HlStoreSnapshot *
hl_store_snapshot_open (HlStore  *store,
                        GError  **error)
{
  g_autoptr(HlStoreSnapshot) self = NULL;
  sqlite3_stmt *probe = NULL;
  gboolean replaces;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);

  self = g_new0 (HlStoreSnapshot, 1);
  self->path = g_strdup (hl_store_get_path (store));
  rc = hl_store_sqlite_open (self->path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
  if (rc != SQLITE_OK)
    return snapshot_fail (self, rc, "cannot open the database for reading", error);
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT id, recorded_at, unit_code, counter_code, officer_code, procedure_code, field_code,"
                           " survey_id, survey_version FROM responses WHERE kiosk_id = ?1 AND response_id = ?2",
                           -1, &self->response, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->db, "SELECT 1 FROM pragma_table_info('answers') WHERE name = 'replaces'",
                             -1, &probe, NULL);
  if (rc != SQLITE_OK)
    return snapshot_fail (self, rc, "preparing to read responses", error);
  /* Where the schema lets a later answer replace an earlier one (a citizen going back), the replaced
   * answer is history, not one of the response's answers. The replacing answer is looked for among the
   * same response's, through the (response, …) index: answers.replaces has none of its own. */
  replaces = sqlite3_step (probe) == SQLITE_ROW;
  sqlite3_finalize (probe);
  rc = sqlite3_prepare_v2 (self->db,
                           replaces
                           ? "SELECT question_id, value FROM answers a WHERE response = ?1 AND NOT EXISTS"
                             " (SELECT 1 FROM answers b WHERE b.response = a.response AND b.replaces = a.id)"
                             " ORDER BY id"
                           : "SELECT question_id, value FROM answers WHERE response = ?1 ORDER BY id",
                           -1, &self->answers, NULL);
  if (rc != SQLITE_OK)
    return snapshot_fail (self, rc, "preparing to read responses", error);
  /* One read transaction for the snapshot's life: every read sees the same committed state. */
  rc = sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return snapshot_fail (self, rc, "starting to read", error);
  return g_steal_pointer (&self);
}

void
hl_store_snapshot_close (HlStoreSnapshot *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->response, sqlite3_finalize);
  g_clear_pointer (&self->answers, sqlite3_finalize);
  if (self->db != NULL)
    {
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close (self->db);
    }
  g_free (self->path);
  g_free (self);
}

void
hl_stored_response_free (HlStoredResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->recorded_at);
  g_free (response->unit);
  g_free (response->counter);
  g_free (response->officer);
  g_free (response->procedure);
  g_free (response->field);
  g_free (response->survey_id);
  g_clear_pointer (&response->answers, g_array_unref);
  g_clear_pointer (&response->strings, g_string_chunk_free);
  g_free (response);
}

static char *
column_or_null (sqlite3_stmt *stmt,
                int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text == NULL || *text == '\0' ? NULL : g_strdup (text);
}

/* The response (@kiosk_id, @response_id) with its answers as committed before the import began; NULL
 * with no error when there is none. */
HlStoredResponse *
hl_store_snapshot_read_response (HlStoreSnapshot  *self,
                                 const char       *kiosk_id,
                                 const char       *response_id,
                                 GError          **error)
{
  g_autoptr(HlStoredResponse) response = NULL;
  gint64 row;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (kiosk_id != NULL && response_id != NULL, NULL);

  sqlite3_reset (self->response);
  sqlite3_bind_text (self->response, 1, kiosk_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (self->response, 2, response_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (self->response);
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (self->response);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (self->response);
      return snapshot_fail (self, rc, "reading a response", error);
    }
  response = g_new0 (HlStoredResponse, 1);
  row = sqlite3_column_int64 (self->response, 0);
  response->recorded_at = column_or_null (self->response, 1);
  response->unit = column_or_null (self->response, 2);
  response->counter = column_or_null (self->response, 3);
  response->officer = column_or_null (self->response, 4);
  response->procedure = column_or_null (self->response, 5);
  response->field = column_or_null (self->response, 6);
  response->survey_id = column_or_null (self->response, 7);
  response->survey_version = sqlite3_column_int (self->response, 8);
  sqlite3_reset (self->response);

  response->answers = g_array_new (FALSE, FALSE, sizeof (HlAnswer));
  response->strings = g_string_chunk_new (64);
  sqlite3_reset (self->answers);
  sqlite3_bind_int64 (self->answers, 1, row);
  while ((rc = sqlite3_step (self->answers)) == SQLITE_ROW)
    {
      HlAnswer answer = {
        .question_id = g_string_chunk_insert_const (response->strings,
                                                    (const char *) sqlite3_column_text (self->answers, 0)),
        .value = sqlite3_column_int (self->answers, 1),
      };

      g_array_append_val (response->answers, answer);
    }
  sqlite3_reset (self->answers);
  if (rc != SQLITE_DONE)
    return snapshot_fail (self, rc, "reading answers", error);
  return g_steal_pointer (&response);
}

/* The own-kiosk guard (migration 3: responses_own_kiosk) refuses an unnumbered response under the id of
 * a kiosk whose key or chain the database holds. As a trigger it runs a sub-program with two look-ups for
 * every response inserted: half the cost of an imported response (an INSERT … SELECT of 178,000 rows took
 * 0.89 s of CPU with it, 0.47 s without). An import therefore lifts it inside its own write transaction
 * and checks the same rule once, over the rows it added, before the trigger is made again from its own
 * stored text and the transaction commits. As with the rollup guards (hl_store_begin()), no other
 * connection can write meanwhile, none ever sees the schema without it (the drop is committed only
 * together with the re-creation), and a rollback or a crash brings it back with the rest. */
gboolean
hl_store_lift_own_kiosk_guard (HlStore  *self,
                               GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!sqlite3_get_autocommit (self->db), FALSE);

  if (self->own_kiosk_guard != NULL)
    return TRUE;
  rc = sqlite3_prepare_v2 (self->db, "SELECT sql, (SELECT coalesce(max(id), 0) FROM responses) FROM sqlite_schema"
                           " WHERE type = 'trigger' AND name = 'responses_own_kiosk'", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      self->own_kiosk_guard = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      self->own_kiosk_since = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading the schema", error);
  if (self->own_kiosk_guard == NULL)
    return TRUE;  /* a schema before migration 3: there is no guard */
  if (!hl_store_exec (self, "DROP TRIGGER responses_own_kiosk", error))
    {
      g_clear_pointer (&self->own_kiosk_guard, g_free);
      return FALSE;
    }
  return TRUE;
}

/* The guard's rule over the responses added since it was lifted, then the guard itself again. */
static gboolean
restore_guard (HlStore  *self,
               GError  **error)
{
  g_autofree char *guard = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->own_kiosk_guard == NULL)
    return TRUE;
  guard = g_steal_pointer (&self->own_kiosk_guard);
  /* The database's own kiosks are few (kiosk_keys, and the kiosks of the chain found by skipping from one
   * to the next along its primary key); the rows added are read once, by row id. */
  rc = sqlite3_prepare_v2 (self->db,
                           "WITH RECURSIVE chained (k) AS (SELECT min(kiosk_id) FROM chain UNION ALL"
                           "  SELECT (SELECT min(kiosk_id) FROM chain WHERE kiosk_id > k) FROM chained"
                           "  WHERE k IS NOT NULL)"
                           " SELECT kiosk_id FROM responses WHERE id > ?1 AND seq IS NULL AND kiosk_id IN"
                           " (SELECT kiosk_id FROM kiosk_keys UNION SELECT k FROM chained WHERE k IS NOT NULL) LIMIT 1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, self->own_kiosk_since);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CONFLICT, "%s: kiosk %s is this database's own: only the "
                   "kiosk records its responses", self->path, (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "checking the imported kiosks", error);
  /* A savepoint rolled back inside the transaction may have brought it back already. */
  rc = sqlite3_prepare_v2 (self->db, "SELECT 1 FROM sqlite_schema WHERE type = 'trigger'"
                           " AND name = 'responses_own_kiosk'", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading the schema", error);
  return hl_store_exec (self, guard, error);
}

/* The guard's rule over the responses added since it was lifted, then the guard itself again, and the
 * index an import into a database without responses dropped (hl_store_begin_import()) built again from
 * its stored text. FALSE (the caller rolls back, which also brings both back) when a row breaks the rule
 * or the index cannot be built. */
gboolean
hl_store_restore_own_kiosk_guard (HlStore  *self,
                                  GError  **error)
{
  g_autofree char *index = NULL;
  gboolean has = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!restore_guard (self, error))
    {
      g_clear_pointer (&self->deferred_index, g_free);
      return FALSE;
    }
  if (self->deferred_index == NULL)
    return TRUE;
  index = g_steal_pointer (&self->deferred_index);
  /* A savepoint rolled back inside the transaction may have brought the dropped index back already. */
  if (!hl_store_schema_has (self, "index", "responses_by_counter_time", &has, error))
    return FALSE;
  return has || hl_store_exec (self, index, error);
}

/* After a rollback: the guard, and the index, are back with it. */
void
hl_store_forget_own_kiosk_guard (HlStore *self)
{
  g_clear_pointer (&self->own_kiosk_guard, g_free);
  g_clear_pointer (&self->deferred_index, g_free);
}

/* A CSV import into a database that holds no response at all (a new database, a province's first import)
 * drops the one secondary index of responses that every imported row adds to, responses_by_counter_time
 * (kiosk_id, counter_code, recorded_utc), and builds it once before the transaction commits: CREATE
 * INDEX sorts the rows it reads, where each insert walked the B-tree to its place. The unique indexes stay
 * (sqlite_autoindex_responses_1 of UNIQUE (kiosk_id, response_id), responses_by_seq, responses_by_ticket,
 * and the answers' UNIQUE (response, question_id, value)), so that every constraint is checked row by row
 * as before; nothing the import reads goes through the dropped one. As with the own-kiosk guard, the drop
 * is committed only together with the re-creation, and a rollback or a crash brings the index back. */
static gboolean
defer_counter_index (HlStore  *self,
                     GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT sql FROM sqlite_schema WHERE type = 'index'"
                           " AND name = 'responses_by_counter_time' AND NOT EXISTS (SELECT 1 FROM responses)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    self->deferred_index = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading the schema", error);
  if (self->deferred_index == NULL)
    return TRUE;  /* responses are stored already, or a schema without the index */
  if (!hl_store_exec (self, "DROP INDEX responses_by_counter_time", error))
    {
      g_clear_pointer (&self->deferred_index, g_free);
      return FALSE;
    }
  return TRUE;
}

/* The write transaction of an import (hl_store_begin()), with the own-kiosk guard lifted until
 * hl_store_commit(), which checks its rule over the rows added first, and, in a database without
 * responses, responses_by_counter_time built only then (defer_counter_index()). */
gboolean
hl_store_begin_import (HlStore  *store,
                       GError  **error)
{
  if (!hl_store_begin (store, error))
    return FALSE;
  if (!hl_store_lift_own_kiosk_guard (store, error) || !defer_counter_index (store, error))
    {
      hl_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/* Whether the database holds any response of @kiosk_id: an import asks once per kiosk, and need not look
 * up each response of a kiosk that has none (the import's own rows it tracks itself). */
gboolean
hl_store_kiosk_has_responses (HlStore     *store,
                              const char  *kiosk_id,
                              gboolean    *has,
                              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (store != NULL && kiosk_id != NULL && has != NULL, FALSE);

  *has = FALSE;
  rc = sqlite3_prepare_v2 (store->db, "SELECT EXISTS (SELECT 1 FROM responses WHERE kiosk_id = ?1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    *has = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return hl_store_set_sqlite_error (store, rc, "looking up a kiosk's responses", error);
  return TRUE;
}
