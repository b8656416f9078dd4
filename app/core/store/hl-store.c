/* hl-store.c: opening the database, its settings, the prepared statements and transactions.
 *
 * The database runs in WAL mode with synchronous=FULL: a commit returns only once the write-ahead log is
 * on the disk, which is what lets the kiosk thank a citizen. The rest of the store is split by subject,
 * sharing hl-store-private.h: hl-store-schema.c (schema and migrations), hl-store-survey.c (survey
 * definitions), hl-store-append.c (appends and rollups), hl-store-chain.c (the hash chain),
 * hl-store-query.c (queries) and hl-store-backup.c (integrity check, backup, write probe). See
 * docs/storage.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include "hl-store-private.h"

G_DEFINE_QUARK (hl-store-error-quark, hl_store_error)

/* ?12 more (or fewer) for one key of a rollup table, as a transaction's increments summed in memory
 * (hl_store_flush_counts()); @period is its first column, day or month. */
#define ROLLUP_ADD_N(table, period) \
  "INSERT INTO " table " (" period ", kiosk_id, unit_code, counter_code, officer_code, procedure_code," \
  " field_code, survey_id, survey_version, question_id, value, n)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)" \
  " ON CONFLICT (" period ", kiosk_id, unit_code, counter_code, officer_code, procedure_code, field_code," \
  " survey_id, survey_version, question_id, value) DO UPDATE SET n = n + excluded.n"

static const char *stmt_sql[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  /* "seq IS NOT NULL" lets SQLite read the maximum off the partial index responses_by_seq; without it,
   * it walks every response of the kiosk, and each tap costs more than the one before. */
  [STMT_NEXT_SEQUENCE] = "SELECT COALESCE(MAX(seq), 0) + 1 FROM responses WHERE kiosk_id = ?1 AND seq IS NOT NULL",
  [STMT_INSERT_RESPONSE] =
    "INSERT INTO responses (kiosk_id, response_id, seq, recorded_at, recorded_utc, day, unit_code,"
    " counter_code, officer_code, procedure_code, field_code, survey_id, survey_version, is_repeat,"
    " ticket_hash, burst, detail_of)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
  [STMT_INSERT_ANSWER] = "INSERT INTO answers (response, question_id, value) VALUES (?1, ?2, ?3)",
  [STMT_LAST_RESPONSE] =
    "SELECT seq, recorded_utc FROM responses WHERE kiosk_id = ?1 AND seq IS NOT NULL ORDER BY seq DESC LIMIT 1",
  [STMT_LOOKUP_RESPONSE] = "SELECT id FROM responses WHERE kiosk_id = ?1 AND response_id = ?2",
  [STMT_CHAIN_HEAD] = "SELECT link, hash FROM chain WHERE kiosk_id = ?1 ORDER BY link DESC LIMIT 1",
  [STMT_CHAIN_INSERT] =
    "INSERT INTO chain (kiosk_id, link, response, kind, first_answer, last_answer, hash, format, signature)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
  /* Before schema 3 (the backfill of migration 2), the chain has neither format nor signature. */
  [STMT_CHAIN_INSERT_V1] =
    "INSERT INTO chain (kiosk_id, link, response, kind, first_answer, last_answer, hash)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  /* The response's columns, then (for format 2) the digest of its survey definition. */
  [STMT_RECORD_RESPONSE] = "SELECT " HL_CHAIN_RECORD_COLUMNS ("r") " FROM responses r WHERE id = ?1",
  [STMT_KIOSK_KEY] = "SELECT public_key, since_link, seal FROM kiosk_keys WHERE kiosk_id = ?1",
  [STMT_OWN_KIOSK] =
    "SELECT EXISTS (SELECT 1 FROM kiosk_keys WHERE kiosk_id = ?1) OR EXISTS (SELECT 1 FROM chain WHERE kiosk_id = ?1)",
  [STMT_RECENT_AT_COUNTER] =
    "SELECT count(*) FROM responses WHERE kiosk_id = ?1 AND counter_code = ?2 AND is_repeat = 0"
    " AND recorded_utc > ?3",
  [STMT_TICKET_USED] = "SELECT 1 FROM responses WHERE ticket_hash = ?1",
  [STMT_RECORD_ANSWERS] =
    "SELECT id, question_id, value, replaces FROM answers WHERE response = ?1 AND id BETWEEN ?2 AND ?3 ORDER BY id",
  [STMT_ADD_DAY_COUNTS] = ROLLUP_ADD_N ("day_counts", "day"),
  [STMT_ADD_BURST_COUNTS] = ROLLUP_ADD_N ("burst_counts", "day"),
  [STMT_ADD_MONTH_COUNTS] = ROLLUP_ADD_N ("month_counts", "month"),
  [STMT_ADD_MONTH_BURST_COUNTS] = ROLLUP_ADD_N ("month_burst_counts", "month"),
  /* What the rollups need of a response stored before this transaction (hl-store-append.c). */
  [STMT_RESPONSE_KEY] =
    "SELECT day, kiosk_id, unit_code, counter_code, officer_code, procedure_code, field_code, survey_id,"
    " survey_version, is_repeat, burst, detail_of FROM responses WHERE id = ?1",
  [STMT_CURRENT_ANSWER] =
    "SELECT a.id, a.value FROM answers a WHERE a.response = ?1 AND a.question_id = ?2"
    /* b.response first: the (response, question, value) index finds the few candidates, where
     * b.replaces alone would scan every answer. */
    " AND NOT EXISTS (SELECT 1 FROM answers b WHERE b.response = a.response AND b.replaces = a.id)"
    " ORDER BY a.id DESC LIMIT 1",
  [STMT_INSERT_REPLACING] = "INSERT INTO answers (response, question_id, value, replaces) VALUES (?1, ?2, ?3, ?4)",
};


/* The only place that knows SQLite's result codes: everything above the store sees HlStoreError. */
HlStoreError
hl_store_error_from_sqlite (int rc)
{
  switch (rc & 0xff)  /* the primary code of an extended one */
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return HL_STORE_ERROR_CORRUPT;
    case SQLITE_FULL:
      return HL_STORE_ERROR_FULL;
    case SQLITE_IOERR:
      return HL_STORE_ERROR_IO;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return HL_STORE_ERROR_BUSY;
    case SQLITE_CONSTRAINT:
      return HL_STORE_ERROR_CONSTRAINT;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return HL_STORE_ERROR_READ_ONLY;
    case SQLITE_CANTOPEN:
      return HL_STORE_ERROR_CANNOT_OPEN;
    case SQLITE_NOTFOUND:
      return HL_STORE_ERROR_NOT_FOUND;
    default:
      return HL_STORE_ERROR_FAILED;
    }
}

gboolean
hl_store_set_sqlite_error (HlStore     *self,
                           int          rc,
                           const char  *what,
                           GError     **error)
{
  g_set_error (error, HL_STORE_ERROR, hl_store_error_from_sqlite (rc), "%s: %s: %s", self->path, what,
               self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  return FALSE;
}

/* Sets @has to whether the schema holds the object @name of @type ("table", "index", "trigger"). */
gboolean
hl_store_schema_has (HlStore     *self,
                     const char  *type,
                     const char  *name,
                     gboolean    *has,
                     GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT 1 FROM sqlite_schema WHERE type = ?1 AND name = ?2", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading the schema", error);
  *has = rc == SQLITE_ROW;
  return TRUE;
}

gboolean
hl_store_exec (HlStore     *self,
               const char  *sql,
               GError     **error)
{
  char *errmsg = NULL;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &errmsg);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, HL_STORE_ERROR, hl_store_error_from_sqlite (sqlite3_extended_errcode (self->db)), "%s: %s",
                   self->path, errmsg ? errmsg : sqlite3_errstr (rc));
      sqlite3_free (errmsg);
      return FALSE;
    }
  return TRUE;
}

/* Runs a PRAGMA that answers with one text row, and returns that row. */
char *
hl_store_pragma_text (HlStore     *self,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      hl_store_set_sqlite_error (self, rc, sql, error);
      return NULL;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    hl_store_set_sqlite_error (self, rc, sql, error);
  else
    g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_SETTING, "%s: %s answered nothing", self->path, sql);
  sqlite3_finalize (stmt);
  return result;
}

sqlite3_stmt *
hl_store_get_stmt (HlStore     *self,
                   StmtId       id,
                   GError     **error)
{
  if (self->stmts[id] == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &self->stmts[id], NULL);

      if (rc != SQLITE_OK)
        {
          hl_store_set_sqlite_error (self, rc, "preparing a statement", error);
          return NULL;
        }
    }
  else
    {
      sqlite3_reset (self->stmts[id]);
      sqlite3_clear_bindings (self->stmts[id]);
    }
  return self->stmts[id];
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* @sql prepared once per connection and kept, for the queries run after every response (the kiosk's
 * alerts, the index they compute) besides the fixed ones of stmt_sql: preparing them again each time was a
 * third of a tap's CPU (perf). The caller gives it back with sqlite3_reset() (g_autoptr(HlCachedStmt)). */
HlCachedStmt *
hl_store_cached_stmt (HlStore     *self,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt;

  if (self->cached == NULL)
    self->cached = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
  stmt = g_hash_table_lookup (self->cached, sql);
  if (stmt == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

      if (rc != SQLITE_OK)
        {
          hl_store_set_sqlite_error (self, rc, "preparing a statement", error);
          return NULL;
        }
      g_hash_table_insert (self->cached, g_strdup (sql), stmt);
    }
  return stmt;
}

/* Steps a statement that returns no row. */
gboolean
hl_store_step_done (HlStore      *self,
                    sqlite3_stmt *stmt,
                    const char   *what,
                    GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      hl_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), what, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
run_stmt (HlStore     *self,
          StmtId       id,
          GError     **error)
{
  sqlite3_stmt *stmt = hl_store_get_stmt (self, id, error);

  return stmt != NULL && hl_store_step_done (self, stmt, stmt_sql[id], error);
}

gboolean
hl_store_tx_begin (HlStore  *self,
                   GError  **error)
{
  return run_stmt (self, STMT_BEGIN, error);
}

gboolean
hl_store_tx_commit (HlStore  *self,
                    GError  **error)
{
  if (run_stmt (self, STMT_COMMIT, error))
    return TRUE;
  /* A failed COMMIT (disk full, I/O error) may leave the transaction open: end it. */
  hl_store_tx_rollback (self);
  return FALSE;
}

void
hl_store_tx_rollback (HlStore *self)
{
  /* What was loaded inside the transaction may be undone with it. */
  if (self->surveys != NULL)
    g_hash_table_remove_all (self->surveys);
  if (!sqlite3_get_autocommit (self->db))
    run_stmt (self, STMT_ROLLBACK, NULL);
}


/* Runs @work inside the caller's transaction when there is one (hl_store_begin()), else in a durable one
 * of its own. Inside the caller's transaction a failed statement undid itself; the caller decides the
 * rest. */
gboolean
hl_store_in_transaction (HlStore       *self,
                         HlStoreWorkFunc work,
                         gpointer       data,
                         GError       **error)
{
  if (self->in_transaction)
    return work (self, data, error);
  if (!hl_store_tx_begin (self, error))
    return FALSE;
  /* The work's rollup increments are summed in memory and written once per key before the commit. */
  if (!work (self, data, error) || !hl_store_flush_counts (self, error))
    {
      hl_store_clear_counts (self);
      hl_store_tx_rollback (self);
      return FALSE;
    }
  hl_store_clear_counts (self);
  return hl_store_tx_commit (self, error);
}

/* sqlite3_open_v2(), after SQLite's process-wide settings have been made, once, before its first use
 * (SQLite takes them only then). Every connection of the store is opened through this.
 *
 * Memory statistics off: with them on, every allocation of every connection takes one process-wide
 * mutex, so that two threads working on two connections (a bundle verified beside its import) waited on
 * each other: the verification took 990 ms beside the import instead of 450 ms alone. The store never
 * reads those statistics. */
int
hl_store_sqlite_open (const char  *path,
                      sqlite3    **db,
                      int          flags)
{
  static gsize configured = 0;

  if (g_once_init_enter (&configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&configured, 1);
    }
  return sqlite3_open_v2 (path, db, flags, NULL);
}

static HlStore *
open_connection (const char  *path,
                 int          flags,
                 GError     **error)
{
  g_autoptr(HlStore) self = g_new0 (HlStore, 1);
  int rc;

  self->path = g_strdup (path);
  rc = hl_store_sqlite_open (path, &self->db, flags | SQLITE_OPEN_NOMUTEX);
  if (rc != SQLITE_OK)
    {
      hl_store_set_sqlite_error (self, rc, "cannot open the database", error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);
  if (!hl_store_register_functions (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

static gboolean
configure (HlStore  *self,
           GError  **error)
{
  g_autofree char *mode = NULL;
  g_autofree char *sync = NULL;
  g_autofree char *fk = NULL;

  /* Every setting is read back: SQLite ignores a PRAGMA it cannot honour without saying so. */
  mode = hl_store_pragma_text (self, "PRAGMA journal_mode = WAL", error);
  if (mode == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_SETTING,
                   "%s: the database cannot use write-ahead logging (journal mode is %s)", self->path, mode);
      return FALSE;
    }
  if (!hl_store_exec (self, "PRAGMA synchronous = FULL", error))
    return FALSE;
  sync = hl_store_pragma_text (self, "PRAGMA synchronous", error);
  if (sync == NULL)
    return FALSE;
  if (atoi (sync) != 2)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_SETTING, "%s: synchronous=FULL was refused", self->path);
      return FALSE;
    }
  if (!hl_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;
  fk = hl_store_pragma_text (self, "PRAGMA foreign_keys", error);
  if (fk == NULL)
    return FALSE;
  if (atoi (fk) != 1)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_SETTING, "%s: foreign keys cannot be enforced", self->path);
      return FALSE;
    }
  return TRUE;
}

HlStore *
hl_store_open_at_version (const char  *path,
                          int          version,
                          GError     **error)
{
  g_autoptr(HlStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = open_connection (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
  if (self == NULL || !configure (self, error) || !hl_store_migrate (self, version, error))
    return NULL;
  return g_steal_pointer (&self);
}

static HlStore *
open_readonly (const char  *path,
               gboolean     immutable,
               GError     **error)
{
  g_autoptr(HlStore) self = NULL;

  if (immutable)
    {
      g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
      g_autofree char *uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);

      self = open_connection (uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, error);
      if (self != NULL)
        {
          g_free (self->path);
          self->path = g_strdup (path);
        }
    }
  else
    self = open_connection (path, SQLITE_OPEN_READONLY, error);
  if (self == NULL)
    return NULL;
  /* query_only as well: a write would be refused even if a statement tried one. */
  if (!hl_store_exec (self, "PRAGMA query_only = ON; PRAGMA foreign_keys = ON", error)
      || !hl_store_check_schema (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* For readers (verify, index, later the dashboard and reports): a database that exists, at exactly this
 * software's schema version, opened so that nothing through this connection can write. It creates no
 * database and migrates none: an older schema is refused, not upgraded, because an upgrade is a write
 * (and the chain's migration would vouch for whatever the file holds). SQLite may still create the
 * database's -wal and -shm side files, which a reader needs to see a kiosk's commits while it runs; the
 * database file itself is never written. */
HlStore *
hl_store_open_readonly (const char  *path,
                        GError     **error)
{
  g_autoptr(HlStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *wal = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  wal = g_strconcat (path, "-wal", NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CANNOT_OPEN, "%s: no such database", path);
      return NULL;
    }
  self = open_readonly (path, FALSE, &local_error);
  if (self == NULL && g_error_matches (local_error, HL_STORE_ERROR, HL_STORE_ERROR_CANNOT_OPEN) && !g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      /* A write-ahead-log database needs its -shm file, which SQLite cannot make on a read-only folder or
       * medium (a USB stick mounted read-only). With no -wal beside it no writer has it open, and none can
       * start there: the file alone is the whole database, and SQLite may read it as unchanging. */
      g_clear_error (&local_error);
      self = open_readonly (path, TRUE, &local_error);
    }
  if (self == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&self);
}

HlStore *
hl_store_open (const char  *path,
               GError     **error)
{
  return hl_store_open_at_version (path, HL_STORE_SCHEMA_VERSION, error);
}

void
hl_store_close (HlStore *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  hl_store_signers_free (self);
  hl_store_drop_counts (self);
  g_clear_pointer (&self->surveys, g_hash_table_unref);
  g_clear_pointer (&self->cached, g_hash_table_unref);
  hl_store_forget_own_kiosk_guard (self);
  if (self->db != NULL)
    {
      int rc = sqlite3_close (self->db);

      if (rc != SQLITE_OK)
        g_warning ("%s: closing the database: %s", self->path, sqlite3_errstr (rc));
    }
  g_free (self->path);
  g_free (self);
}

const char *
hl_store_get_path (HlStore *self)
{
  return self->path;
}


gboolean
hl_store_set_meta (HlStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;
  gboolean ok;

  rc = sqlite3_prepare_v2 (self->db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return hl_store_set_sqlite_error (self, rc, "writing settings", error);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  ok = hl_store_step_done (self, stmt, "writing settings", error);
  sqlite3_finalize (stmt);
  return ok;
}

char *
hl_store_get_meta (HlStore     *self,
                   const char  *key,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      hl_store_set_sqlite_error (self, rc, "reading settings", error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc == SQLITE_DONE)
    g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND, "%s: no setting “%s”", self->path, key);
  else
    hl_store_set_sqlite_error (self, rc, "reading settings", error);
  sqlite3_finalize (stmt);
  return value;
}


/* Page cache sizes (negative: KiB): SQLite's default, and inside an explicit transaction. */
#define HL_STORE_DEFAULT_CACHE     "-2000"
#define HL_STORE_TRANSACTION_CACHE "-65536"

/* An explicit transaction, for all-or-nothing work such as an import: the appends made until
 * hl_store_commit() are durable together, or (after hl_store_rollback()) not at all.
 *
 * Such a transaction may add millions of rows to the rollups, and each write would run a guard trigger
 * (migration 3), which makes an import half as slow again. So the guards are dropped inside the
 * transaction and made again just before it commits: no other connection can write while this one
 * holds the write lock, none ever sees the schema without them (the drop is not committed apart from
 * the re-creation), and a rollback or a crash restores them with the rest. */
/* A big transaction's settings (hl_store_begin() says why), for a transaction begun without
 * hl_store_begin(): set before its BEGIN, hl_store_default_cache() after its end. A failure costs
 * speed only. */
void
hl_store_bulk_cache (HlStore *self)
{
  hl_store_exec (self, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = " HL_STORE_TRANSACTION_CACHE, NULL);
}

/* SQLite's default cache again, so that a kiosk's memory stays as it was. */
void
hl_store_default_cache (HlStore *self)
{
  hl_store_exec (self, "PRAGMA cache_size = " HL_STORE_DEFAULT_CACHE "; PRAGMA temp_store = DEFAULT", NULL);
}

gboolean
hl_store_begin (HlStore  *self,
                GError  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  /* The statement journal (the response insert runs a trigger, so SQLite keeps one for it) lives in
   * memory until one statement journals more than 64 KiB, and from then on in a temporary file for the
   * connection's life: an import of a million rows then made 5.6 million pwrite calls into
   * /var/tmp/etilqs_* (strace), two per page per statement, and spent a third of its time in the kernel.
   * Each statement of an explicit transaction journals a few pages, so they stay in memory; set before
   * BEGIN (SQLite refuses the change inside a transaction that uses temporary storage), the default again
   * after the end. A failure costs speed only. */
  hl_store_exec (self, "PRAGMA temp_store = MEMORY", NULL);
  if (!hl_store_tx_begin (self, error))
    return FALSE;
  /* A transaction of a million rows touches more pages than SQLite's default 2 MiB cache holds, and
   * then spills dirty pages into the write-ahead log and reads them back: a quarter fewer pwrite and half
   * the pread calls of an import with 64 MiB (strace -c, 100,000 rows). Back to the default at the end,
   * so that a kiosk's memory stays as it was. */
  if (!hl_store_exec (self, "PRAGMA cache_size = " HL_STORE_TRANSACTION_CACHE, error))
    {
      hl_store_tx_rollback (self);
      return FALSE;
    }
  if (self->version >= 3)
    {
      if (!hl_store_exec (self, self->version >= 6 ? HL_STORE_ROLLUP_GUARDS_DROP HL_STORE_MONTH_GUARDS_DROP
                                                   : HL_STORE_ROLLUP_GUARDS_DROP, error))
        {
          hl_store_rollback (self);
          return FALSE;
        }
      self->guards_lifted = TRUE;
    }
  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
hl_store_commit (HlStore  *self,
                 GError  **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  /* The transaction's rollup increments, summed in memory, are written before the guards return. */
  if (!hl_store_restore_own_kiosk_guard (self, error) || !hl_store_flush_counts (self, error))
    {
      hl_store_rollback (self);
      return FALSE;
    }
  hl_store_drop_counts (self);
  self->in_transaction = FALSE;
  if (self->guards_lifted)
    {
      self->guards_lifted = FALSE;
      if (!hl_store_exec (self, self->version >= 6 ? HL_STORE_ROLLUP_GUARDS HL_STORE_MONTH_GUARDS
                                                   : HL_STORE_ROLLUP_GUARDS, error))
        {
          hl_store_rollback (self);
          return FALSE;
        }
    }
  ok = hl_store_tx_commit (self, error);
  /* After the commit: a smaller cache inside the transaction would spill its dirty pages first. */
  hl_store_default_cache (self);
  return ok;
}

void
hl_store_rollback (HlStore *self)
{
  g_return_if_fail (self != NULL);

  self->in_transaction = FALSE;
  self->guards_lifted = FALSE;  /* the rollback brings them back */
  hl_store_forget_own_kiosk_guard (self);
  hl_store_drop_counts (self);  /* the increments of what is undone */
  hl_store_tx_rollback (self);
  hl_store_default_cache (self);
}

