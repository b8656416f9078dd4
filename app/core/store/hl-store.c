/* hl-store.c: SQLite storage.
 *
 * The database runs in WAL mode with synchronous=FULL: a commit returns only once the write-ahead log is
 * on the disk, which is what lets the kiosk thank a citizen. The schema is built by numbered migrations
 * (PRAGMA user_version). Responses and answers are append-only, enforced by triggers, and every counted
 * answer is also added to per-day rollups in the same transaction, so that dashboards and the index read
 * a few rows per day instead of scanning every answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "hl-store.h"
#include "hl-store-private.h"

G_DEFINE_QUARK (hl-store-error-quark, hl_store_error)

/* The statements used on every response, prepared once. */
typedef enum {
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_NEXT_SEQUENCE,
  STMT_INSERT_RESPONSE,
  STMT_INSERT_ANSWER,
  STMT_COUNT_RESPONSE,
  STMT_LAST_RESPONSE,
  STMT_LOOKUP_RESPONSE,
  STMT_CHAIN_HEAD,
  STMT_CHAIN_INSERT,
  STMT_RECORD_RESPONSE,
  STMT_RECORD_ANSWERS,
  STMT_COUNT_BURST,
  STMT_RECENT_AT_COUNTER,
  STMT_TICKET_USED,
  STMT_UNCOUNT,
  STMT_UNCOUNT_BURST,
  STMT_CURRENT_ANSWER,
  STMT_INSERT_REPLACING,
  N_STMTS
} StmtId;

/* One more in a rollup table for response ?1's key combination, question ?2 and value ?3 (question ''
 * and value 0 count the response itself, and not for a detailed rating, which is no second citizen);
 * repeats are never counted. @cond narrows it further (bursts). */
#define ROLLUP_ADD(table, cond) \
  "INSERT INTO " table " (day, kiosk_id, unit_code, counter_code, officer_code, procedure_code," \
  " field_code, survey_id, survey_version, question_id, value, n)" \
  " SELECT day, kiosk_id, unit_code, counter_code, COALESCE(officer_code, ''), COALESCE(procedure_code, '')," \
  " COALESCE(field_code, ''), survey_id, survey_version, ?2, ?3, 1" \
  " FROM responses WHERE id = ?1 AND is_repeat = 0" cond " AND (?2 <> '' OR detail_of IS NULL)" \
  " ON CONFLICT (day, kiosk_id, unit_code, counter_code, officer_code, procedure_code, field_code," \
  " survey_id, survey_version, question_id, value) DO UPDATE SET n = n + 1"

/* One less, for an answer that a newer one replaced. */
#define ROLLUP_REMOVE(table, cond) \
  "UPDATE " table " SET n = n - 1 WHERE (day, kiosk_id, unit_code, counter_code, officer_code, procedure_code," \
  " field_code, survey_id, survey_version) = (SELECT day, kiosk_id, unit_code, counter_code," \
  " COALESCE(officer_code, ''), COALESCE(procedure_code, ''), COALESCE(field_code, ''), survey_id, survey_version" \
  " FROM responses WHERE id = ?1 AND is_repeat = 0" cond ") AND question_id = ?2 AND value = ?3"

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
  [STMT_COUNT_RESPONSE] = ROLLUP_ADD ("day_counts", ""),
  [STMT_LAST_RESPONSE] =
    "SELECT seq, recorded_utc FROM responses WHERE kiosk_id = ?1 AND seq IS NOT NULL ORDER BY seq DESC LIMIT 1",
  [STMT_LOOKUP_RESPONSE] = "SELECT id FROM responses WHERE kiosk_id = ?1 AND response_id = ?2",
  [STMT_CHAIN_HEAD] = "SELECT link, hash FROM chain WHERE kiosk_id = ?1 ORDER BY link DESC LIMIT 1",
  [STMT_CHAIN_INSERT] =
    "INSERT INTO chain (kiosk_id, link, response, kind, first_answer, last_answer, hash)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  [STMT_RECORD_RESPONSE] =
    "SELECT kiosk_id, response_id, seq, recorded_at, recorded_utc, day, unit_code, counter_code, officer_code,"
    " procedure_code, field_code, survey_id, survey_version, is_repeat, ticket_hash, burst, detail_of"
    " FROM responses WHERE id = ?1",
  [STMT_COUNT_BURST] = ROLLUP_ADD ("burst_counts", " AND burst = 1"),
  [STMT_RECENT_AT_COUNTER] =
    "SELECT count(*) FROM responses WHERE kiosk_id = ?1 AND counter_code = ?2 AND is_repeat = 0"
    " AND recorded_utc > ?3",
  [STMT_TICKET_USED] = "SELECT 1 FROM responses WHERE ticket_hash = ?1",
  [STMT_RECORD_ANSWERS] =
    "SELECT id, question_id, value, replaces FROM answers WHERE response = ?1 AND id BETWEEN ?2 AND ?3 ORDER BY id",
  [STMT_UNCOUNT] = ROLLUP_REMOVE ("day_counts", ""),
  [STMT_UNCOUNT_BURST] = ROLLUP_REMOVE ("burst_counts", " AND burst = 1"),
  [STMT_CURRENT_ANSWER] =
    "SELECT a.id, a.value FROM answers a WHERE a.response = ?1 AND a.question_id = ?2"
    /* b.response first: the (response, question, value) index finds the few candidates, where
     * b.replaces alone would scan every answer. */
    " AND NOT EXISTS (SELECT 1 FROM answers b WHERE b.response = a.response AND b.replaces = a.id)"
    " ORDER BY a.id DESC LIMIT 1",
  [STMT_INSERT_REPLACING] = "INSERT INTO answers (response, question_id, value, replaces) VALUES (?1, ?2, ?3, ?4)",
};

struct _HlStore {
  sqlite3      *db;
  char         *path;
  sqlite3_stmt *stmts[N_STMTS];  /* prepared on first use, finalized on close */
  gboolean      in_transaction; /* hl_store_begin() was called: appends join that transaction */
};

/* The columns of the rollup tables (day_counts, burst_counts): one row per day, key combination,
 * question and value. Part of migrations that have shipped: never change it, add a migration. */
#define ROLLUP_TABLE \
  "(day TEXT NOT NULL, kiosk_id TEXT NOT NULL, unit_code TEXT NOT NULL, counter_code TEXT NOT NULL," \
  " officer_code TEXT NOT NULL, procedure_code TEXT NOT NULL, field_code TEXT NOT NULL," \
  " survey_id TEXT NOT NULL, survey_version INTEGER NOT NULL, question_id TEXT NOT NULL," \
  " value INTEGER NOT NULL, n INTEGER NOT NULL," \
  " PRIMARY KEY (day, kiosk_id, unit_code, counter_code, officer_code, procedure_code, field_code," \
  " survey_id, survey_version, question_id, value)) WITHOUT ROWID;"

/* Migration N takes the schema from version N - 1 to N. Never edit one that has shipped: add another. */
static const char *migrations[] = {
  NULL,
  /* 1: the foundation. */
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE surveys ("
  "  survey_id TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  definition TEXT NOT NULL,"            /* the hailong-survey/1 JSON as written */
  "  digest TEXT NOT NULL,"                /* SHA-256 of the definition */
  "  PRIMARY KEY (survey_id, version)"
  ") WITHOUT ROWID;"
  "CREATE TABLE responses ("
  "  id INTEGER PRIMARY KEY,"
  "  kiosk_id TEXT NOT NULL,"
  "  response_id TEXT NOT NULL,"           /* unique per kiosk; the sequence number for our own */
  "  seq INTEGER,"                         /* the kiosk's sequence number; NULL for imported CSV rows */
  "  recorded_at TEXT NOT NULL,"           /* ISO 8601 with the kiosk's UTC offset */
  "  recorded_utc INTEGER NOT NULL,"       /* Unix seconds */
  "  day TEXT NOT NULL,"                   /* local date of recorded_at, YYYY-MM-DD */
  "  unit_code TEXT NOT NULL,"
  "  counter_code TEXT NOT NULL,"
  "  officer_code TEXT,"
  "  procedure_code TEXT,"
  "  field_code TEXT,"
  "  survey_id TEXT NOT NULL,"
  "  survey_version INTEGER NOT NULL,"
  "  is_repeat INTEGER NOT NULL DEFAULT 0 CHECK (is_repeat IN (0, 1)),"
  "  UNIQUE (kiosk_id, response_id),"
  "  FOREIGN KEY (survey_id, survey_version) REFERENCES surveys (survey_id, version)"
  ");"
  "CREATE UNIQUE INDEX responses_by_seq ON responses (kiosk_id, seq) WHERE seq IS NOT NULL;"
  "CREATE TABLE answers ("
  "  id INTEGER PRIMARY KEY,"
  "  response INTEGER NOT NULL REFERENCES responses (id),"
  "  question_id TEXT NOT NULL,"
  "  value INTEGER NOT NULL,"
  "  UNIQUE (response, question_id, value)"
  ");"
  /* Counted responses (question_id '') and answers per day and key combination. Unknown keys are ''
   * here because a primary key cannot hold NULL. */
  "CREATE TABLE day_counts " ROLLUP_TABLE
  "CREATE TRIGGER responses_append_only_u BEFORE UPDATE ON responses"
  "  BEGIN SELECT RAISE (ABORT, 'responses are append-only'); END;"
  "CREATE TRIGGER responses_append_only_d BEFORE DELETE ON responses"
  "  BEGIN SELECT RAISE (ABORT, 'responses are append-only'); END;"
  "CREATE TRIGGER answers_append_only_u BEFORE UPDATE ON answers"
  "  BEGIN SELECT RAISE (ABORT, 'answers are append-only'); END;"
  "CREATE TRIGGER answers_append_only_d BEFORE DELETE ON answers"
  "  BEGIN SELECT RAISE (ABORT, 'answers are append-only'); END;"
  "CREATE TRIGGER surveys_append_only_u BEFORE UPDATE ON surveys"
  "  BEGIN SELECT RAISE (ABORT, 'survey definitions are never changed: give a new version'); END;",
  /* 2: the hash chain. Each kiosk's records (a response with its first answers, or answers added to it
   * later) are linked 1, 2, 3… by SHA-256 over the previous link's hash and the record's canonical
   * encoding (see encode_record()), so that changing, removing, reordering or inserting a record breaks
   * every link after it. Responses of other kiosks imported from CSV are not chained here. */
  "CREATE TABLE chain ("
  "  kiosk_id TEXT NOT NULL,"
  "  link INTEGER NOT NULL,"
  "  response INTEGER NOT NULL REFERENCES responses (id),"
  "  kind INTEGER NOT NULL CHECK (kind IN (1, 2)),"   /* 1: a new response; 2: answers added to it */
  "  first_answer INTEGER,"                           /* the answers.id range the record covers, or NULL */
  "  last_answer INTEGER,"
  "  hash BLOB NOT NULL,"
  "  PRIMARY KEY (kiosk_id, link)"
  ") WITHOUT ROWID;"
  "CREATE TRIGGER chain_append_only_u BEFORE UPDATE ON chain"
  "  BEGIN SELECT RAISE (ABORT, 'the chain is append-only'); END;"
  "CREATE TRIGGER chain_append_only_d BEFORE DELETE ON chain"
  "  BEGIN SELECT RAISE (ABORT, 'the chain is append-only'); END;"
  /* Anti-gaming (shared/sipas/METHOD.md, "Honesty of the numbers"): a ticket that rated, kept only as a
   * keyed hash, may not rate again; a response in a burst (more at one counter than could have been
   * served) is flagged, and its counts are also kept apart so that every figure can be given with and
   * without bursts. */
  "ALTER TABLE responses ADD COLUMN ticket_hash TEXT;"
  "ALTER TABLE responses ADD COLUMN burst INTEGER NOT NULL DEFAULT 0 CHECK (burst IN (0, 1));"
  /* The detailed rating offered after the quick one is a response of its own survey, tied to the quick
   * response of the same citizen: its criteria count, but it is not a second citizen. */
  "ALTER TABLE responses ADD COLUMN detail_of INTEGER REFERENCES responses (id);"
  /* Going back and answering again appends a new answer that replaces the earlier one; the answers stay
   * append-only, and the rollups count the newest answer only. */
  "ALTER TABLE answers ADD COLUMN replaces INTEGER REFERENCES answers (id);"
  "CREATE UNIQUE INDEX responses_by_ticket ON responses (ticket_hash) WHERE ticket_hash IS NOT NULL;"
  "CREATE INDEX responses_by_counter_time ON responses (kiosk_id, counter_code, recorded_utc);"
  "CREATE TABLE burst_counts " ROLLUP_TABLE,
  /* 3: reserved for the trust changes (rollup guards, survey chain, signed links), written on another
   * branch; empty here so that the dashboard's migration keeps its number 4. */
  "",
  /* 4: the supervisor's dashboard. The supervisor PIN only as its argon2id hash (crypto_pwhash_str), with
   * the lock-out's state, so that a restart neither clears nor shortens a lock; one row at most. */
  "CREATE TABLE supervisor_pin ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  pin_hash TEXT,"                          /* NULL: not set, the first-start assistant runs */
  "  failures INTEGER NOT NULL DEFAULT 0,"    /* wrong PINs since the last right one or the last lock */
  "  lockouts INTEGER NOT NULL DEFAULT 0,"    /* locks since the last right PIN: each doubles the next */
  "  locked_until INTEGER NOT NULL DEFAULT 0" /* Unix seconds; 0 when not locked */
  ");"
  /* Officers signing in to and out of a counter, which ties ratings to officers: append-only, so that
   * who was on duty when can always be told. */
  "CREATE TABLE duty_log ("
  "  id INTEGER PRIMARY KEY,"
  "  kiosk_id TEXT NOT NULL,"
  "  counter_code TEXT NOT NULL,"
  "  officer_code TEXT,"                      /* NULL: signed out */
  "  recorded_at TEXT NOT NULL,"              /* ISO 8601 with the kiosk's offset */
  "  recorded_utc INTEGER NOT NULL"
  ");"
  "CREATE INDEX duty_log_by_counter ON duty_log (kiosk_id, counter_code, id);"
  "CREATE TRIGGER duty_log_append_only_u BEFORE UPDATE ON duty_log"
  "  BEGIN SELECT RAISE (ABORT, 'the duty log is append-only'); END;"
  "CREATE TRIGGER duty_log_append_only_d BEFORE DELETE ON duty_log"
  "  BEGIN SELECT RAISE (ABORT, 'the duty log is append-only'); END;"
  /* The alerts raised, so that each rule raises once per window or day also across a restart, and the
   * dashboard lists the day's alerts. */
  "CREATE TABLE alerts ("
  "  id INTEGER PRIMARY KEY,"
  "  kiosk_id TEXT NOT NULL,"
  "  counter_code TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"                     /* "unsatisfied-share", "day-below-target" */
  "  rule INTEGER NOT NULL,"                  /* the rule's position in the configuration's "alerts" */
  "  day TEXT NOT NULL,"                      /* local date, YYYY-MM-DD */
  "  raised_at TEXT NOT NULL,"
  "  raised_utc INTEGER NOT NULL,"
  "  answers INTEGER NOT NULL,"
  "  unsatisfied INTEGER NOT NULL,"
  "  value REAL,"
  "  ci_low REAL,"
  "  ci_high REAL,"
  "  threshold REAL,"
  "  message TEXT NOT NULL"
  ");"
  "CREATE INDEX alerts_by_rule ON alerts (kiosk_id, counter_code, kind, rule, raised_utc);"
  "CREATE INDEX alerts_by_day ON alerts (kiosk_id, day);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == HL_STORE_SCHEMA_VERSION + 1);

static gboolean
set_sqlite_error (HlStore     *self,
                  int          rc,
                  const char  *what,
                  GError     **error)
{
  g_set_error (error, HL_STORE_ERROR, rc, "%s: %s: %s", self->path, what,
               self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  return FALSE;
}

/* For the store's other files (hl-store-private.h). */
sqlite3 *
hl_store_get_db (HlStore *self)
{
  return self->db;
}

gboolean
hl_store_fail (HlStore     *self,
               int          rc,
               const char  *what,
               GError     **error)
{
  return set_sqlite_error (self, rc, what, error);
}

static gboolean
exec (HlStore     *self,
      const char  *sql,
      GError     **error)
{
  char *errmsg = NULL;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &errmsg);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, HL_STORE_ERROR, sqlite3_extended_errcode (self->db), "%s: %s",
                   self->path, errmsg ? errmsg : sqlite3_errstr (rc));
      sqlite3_free (errmsg);
      return FALSE;
    }
  return TRUE;
}

/* Runs a PRAGMA that answers with one text row, and returns that row. */
static char *
pragma_text (HlStore     *self,
             const char  *sql,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, sql, error);
      return NULL;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    set_sqlite_error (self, rc, sql, error);
  else
    g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_PRAGMA, "%s: %s answered nothing", self->path, sql);
  sqlite3_finalize (stmt);
  return result;
}

static sqlite3_stmt *
get_stmt (HlStore     *self,
          StmtId       id,
          GError     **error)
{
  if (self->stmts[id] == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &self->stmts[id], NULL);

      if (rc != SQLITE_OK)
        {
          set_sqlite_error (self, rc, "preparing a statement", error);
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

/* Steps a statement that returns no row. */
static gboolean
step_done (HlStore      *self,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, sqlite3_extended_errcode (self->db), what, error);
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
  sqlite3_stmt *stmt = get_stmt (self, id, error);

  return stmt != NULL && step_done (self, stmt, stmt_sql[id], error);
}

static gboolean
begin (HlStore  *self,
       GError  **error)
{
  return run_stmt (self, STMT_BEGIN, error);
}

static gboolean
commit (HlStore  *self,
        GError  **error)
{
  if (run_stmt (self, STMT_COMMIT, error))
    return TRUE;
  /* A failed COMMIT (disk full, I/O error) may leave the transaction open: end it. */
  if (!sqlite3_get_autocommit (self->db))
    run_stmt (self, STMT_ROLLBACK, NULL);
  return FALSE;
}

static void
rollback (HlStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    run_stmt (self, STMT_ROLLBACK, NULL);
}

int
hl_store_get_schema_version (HlStore *self)
{
  g_autofree char *text = pragma_text (self, "PRAGMA user_version", NULL);

  return text ? atoi (text) : -1;
}

static gboolean chain_backfill (HlStore *self, GError **error);

/* Work a migration needs beyond its SQL, run in the same transaction; NULL for none. */
static gboolean (*const migration_steps[]) (HlStore *, GError **) = {
  NULL,
  NULL,
  chain_backfill,
  NULL,
  NULL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migration_steps) == HL_STORE_SCHEMA_VERSION + 1);

gboolean
hl_store_migrate (HlStore  *self,
                  int       target_version,
                  GError  **error)
{
  int version;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (target_version >= 0 && target_version <= HL_STORE_SCHEMA_VERSION, FALSE);

  version = hl_store_get_schema_version (self);
  if (version < 0)
    return set_sqlite_error (self, sqlite3_errcode (self->db), "reading the schema version", error);
  if (version > HL_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NEWER_SCHEMA,
                   "%s: the database has schema version %d, newer than this software's %d; "
                   "use a newer version of Hài Lòng", self->path, version, HL_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  while (version < target_version)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      /* Each migration and its version number are one transaction: a power cut leaves either. */
      if (!begin (self, error))
        return FALSE;
      if (!exec (self, migrations[version + 1], error)
          || (migration_steps[version + 1] != NULL && !migration_steps[version + 1] (self, error))
          || !exec (self, set_version, error))
        {
          g_prefix_error (error, "migration %d: ", version + 1);
          rollback (self);
          return FALSE;
        }
      if (!commit (self, error))
        return FALSE;
      version++;
      g_debug ("%s: migrated to schema version %d", self->path, version);
    }
  return TRUE;
}

static gboolean
configure (HlStore  *self,
           GError  **error)
{
  g_autofree char *mode = NULL;
  g_autofree char *sync = NULL;
  g_autofree char *fk = NULL;

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);

  /* Every setting is read back: SQLite ignores a PRAGMA it cannot honour without saying so. */
  mode = pragma_text (self, "PRAGMA journal_mode = WAL", error);
  if (mode == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_PRAGMA,
                   "%s: the database cannot use write-ahead logging (journal mode is %s)", self->path, mode);
      return FALSE;
    }
  if (!exec (self, "PRAGMA synchronous = FULL", error))
    return FALSE;
  sync = pragma_text (self, "PRAGMA synchronous", error);
  if (sync == NULL)
    return FALSE;
  if (atoi (sync) != 2)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_PRAGMA, "%s: synchronous=FULL was refused", self->path);
      return FALSE;
    }
  if (!exec (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;
  fk = pragma_text (self, "PRAGMA foreign_keys", error);
  if (fk == NULL)
    return FALSE;
  if (atoi (fk) != 1)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_PRAGMA, "%s: foreign keys cannot be enforced", self->path);
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
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_new0 (HlStore, 1);
  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, "cannot open the database", error);
      return NULL;
    }
  if (!configure (self, error) || !hl_store_migrate (self, version, error))
    return NULL;
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

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text == NULL || *text == '\0')
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
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
    return set_sqlite_error (self, rc, "writing settings", error);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  ok = step_done (self, stmt, "writing settings", error);
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
      set_sqlite_error (self, rc, "reading settings", error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc == SQLITE_DONE)
    g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND, "%s: no setting “%s”", self->path, key);
  else
    set_sqlite_error (self, rc, "reading settings", error);
  sqlite3_finalize (stmt);
  return value;
}

/* Stores a survey definition under (id, version) once. The same definition again changes nothing; a
 * different one under the same id and version is refused, because old responses must keep pointing at
 * the questions they were given. */
gboolean
hl_store_save_survey (HlStore   *self,
                      HlSurvey  *survey,
                      GError   **error)
{
  g_autofree char *digest = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *source;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (HL_IS_SURVEY (survey), FALSE);

  source = hl_survey_get_source (survey);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, source, -1);
  rc = sqlite3_prepare_v2 (self->db, "SELECT digest FROM surveys WHERE survey_id = ?1 AND version = ?2",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, "reading survey definitions", error);
  sqlite3_bind_text (stmt, 1, hl_survey_get_id (survey), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, hl_survey_get_version (survey));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gboolean same = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), digest) == 0;

      sqlite3_finalize (stmt);
      if (same)
        return TRUE;
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CONFLICT,
                   "%s: survey “%s” version %d is stored already with a different definition; "
                   "a changed survey needs a new version", self->path,
                   hl_survey_get_id (survey), hl_survey_get_version (survey));
      return FALSE;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, "reading survey definitions", error);

  rc = sqlite3_prepare_v2 (self->db,
                           "INSERT INTO surveys (survey_id, version, definition, digest) VALUES (?1, ?2, ?3, ?4)",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, "storing a survey definition", error);
  sqlite3_bind_text (stmt, 1, hl_survey_get_id (survey), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, hl_survey_get_version (survey));
  sqlite3_bind_text (stmt, 3, source, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, digest, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, "storing a survey definition", error))
    {
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

HlSurvey *
hl_store_load_survey (HlStore     *self,
                      const char  *id,
                      int          version,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  HlSurvey *survey = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT definition FROM surveys WHERE survey_id = ?1 AND version = ?2",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, "reading survey definitions", error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autofree char *name = g_strdup_printf ("%s:survey %s/%d", self->path, id, version);

      survey = hl_survey_load_data (name, (const char *) sqlite3_column_text (stmt, 0),
                                    sqlite3_column_bytes (stmt, 0), NULL, error);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND, "%s: survey “%s” version %d is not stored",
                 self->path, id, version);
  else
    set_sqlite_error (self, rc, "reading survey definitions", error);
  sqlite3_finalize (stmt);
  return survey;
}

static gboolean
count_in_rollups (HlStore     *self,
                  gint64       response_row,
                  const char  *question_id,
                  int          value,
                  GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_COUNT_RESPONSE, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, response_row);
  sqlite3_bind_text (stmt, 2, question_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, value);
  if (!step_done (self, stmt, "updating the daily counts", error))
    return FALSE;
  /* A no-op unless the response is flagged as part of a burst. */
  stmt = get_stmt (self, STMT_COUNT_BURST, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, response_row);
  sqlite3_bind_text (stmt, 2, question_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, value);
  return step_done (self, stmt, "updating the burst counts", error);
}

/* Counted responses at one counter of a kiosk since @since_utc (exclusive), for the burst rule. */
gint64
hl_store_count_recent (HlStore     *self,
                       const char  *kiosk_id,
                       const char  *counter,
                       gint64       since_utc,
                       GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_RECENT_AT_COUNTER, error);
  gint64 n = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, counter, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, since_utc);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    set_sqlite_error (self, rc, "counting recent responses", error);
  sqlite3_reset (stmt);
  return n;
}

/* Whether a response with this ticket hash is stored: a ticket rates once. */
gboolean
hl_store_ticket_used (HlStore     *self,
                      const char  *ticket_hash,
                      GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_TICKET_USED, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ticket_hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_sqlite_error (self, rc, "looking up a ticket", error);
  return rc == SQLITE_ROW;
}

static gboolean
insert_answers (HlStore        *self,
                gint64          response_row,
                const HlAnswer *answers,
                guint           n_answers,
                gint64         *first_id,
                gint64         *last_id,
                GError        **error)
{
  *first_id = *last_id = 0;
  for (guint i = 0; i < n_answers; i++)
    {
      sqlite3_stmt *stmt = get_stmt (self, STMT_INSERT_ANSWER, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, response_row);
      sqlite3_bind_text (stmt, 2, answers[i].question_id, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, answers[i].value);
      if (!step_done (self, stmt, "storing an answer", error))
        return FALSE;
      *last_id = sqlite3_last_insert_rowid (self->db);
      if (*first_id == 0)
        *first_id = *last_id;
      if (!count_in_rollups (self, response_row, answers[i].question_id, answers[i].value, error))
        return FALSE;
    }
  return TRUE;
}

/* The hash chain (migration 2). */

typedef enum {
  CHAIN_RESPONSE = 1,
  CHAIN_ANSWERS = 2,
} ChainKind;

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
               ChainKind   kind,
               gint64      first_answer,
               gint64      last_answer,
               GString    *out,
               GError    **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_RECORD_RESPONSE, error);
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
      return set_sqlite_error (self, rc, "reading a response", error);
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
  stmt = get_stmt (self, STMT_RECORD_ANSWERS, error);
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
    return set_sqlite_error (self, rc, "reading answers", error);
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
  sqlite3_stmt *stmt = get_stmt (self, STMT_CHAIN_HEAD, error);
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
    return set_sqlite_error (self, rc, "reading the chain", error);
  return TRUE;
}

static gboolean
chain_append (HlStore     *self,
              const char  *kiosk_id,
              gint64       response_row,
              ChainKind    kind,
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
  stmt = get_stmt (self, STMT_CHAIN_INSERT, error);
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
  return step_done (self, stmt, "extending the chain", error);
}

/* Migration 2 on a database that has responses already: chains them in sequence order, each with all
 * its answers as one record. */
static gboolean
chain_backfill (HlStore  *self,
                GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT r.id, r.kiosk_id, (SELECT min(id) FROM answers WHERE response = r.id),"
                           " (SELECT max(id) FROM answers WHERE response = r.id)"
                           " FROM responses r WHERE r.seq IS NOT NULL ORDER BY r.kiosk_id, r.seq", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, "chaining stored responses", error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *kiosk_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));

      if (!chain_append (self, kiosk_id, sqlite3_column_int64 (stmt, 0), CHAIN_RESPONSE,
                         sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3), error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, "chaining stored responses", error);
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
    return set_sqlite_error (self, rc, "reading the chain", error);
  while ((rc = sqlite3_step (links)) == SQLITE_ROW)
    {
      const char *k = (const char *) sqlite3_column_text (links, 0);
      gint64 link = sqlite3_column_int64 (links, 1);
      gint64 response_row = sqlite3_column_int64 (links, 2);
      ChainKind kind = sqlite3_column_int (links, 3);
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
      if (kind == CHAIN_RESPONSE)
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
    return set_sqlite_error (self, rc, "reading the chain", error);

  /* Every kiosk's own response is in the chain, and every one of their answers under exactly one link: a
   * response or answer slipped in without a link is as much a break as a changed one. */
  chained_responses = pragma_text (self, "SELECT count(*) FROM responses WHERE seq IS NOT NULL", error);
  if (chained_responses == NULL)
    return FALSE;
  if (g_ascii_strtoll (chained_responses, NULL, 10) != total)
    return chain_fail (self, error, "%s numbered responses, but the chain holds %" G_GINT64_FORMAT,
                       chained_responses, total);
  chained_answers = pragma_text (self, "SELECT count(*) FROM answers a JOIN responses r ON r.id = a.response"
                                       " WHERE r.seq IS NOT NULL", error);
  if (chained_answers == NULL)
    return FALSE;
  if (g_ascii_strtoll (chained_answers, NULL, 10) != covered)
    {
      uncovered = pragma_text (self, "SELECT coalesce(min(a.id), 0) FROM answers a JOIN responses r ON r.id = a.response"
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

/* Appends a response and its first answers in one durable transaction. A kiosk's own response
 * (response_id NULL) gets the kiosk's next sequence number, which also names it. */
gboolean
hl_store_append_response (HlStore         *self,
                          HlResponse      *response,
                          const HlAnswer  *answers,
                          guint            n_answers,
                          GError         **error)
{
  g_autofree char *own_id = NULL;
  sqlite3_stmt *stmt;
  gint64 sequence = 0;
  gint64 first_answer, last_answer;
  gboolean own;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (response != NULL, FALSE);
  g_return_val_if_fail (response->kiosk_id && response->recorded_at && response->day, FALSE);
  g_return_val_if_fail (response->unit && response->counter && response->survey_id, FALSE);

  own = !self->in_transaction;
  if (own && !begin (self, error))
    return FALSE;

  if (response->response_id == NULL)
    {
      stmt = get_stmt (self, STMT_NEXT_SEQUENCE, error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, response->kiosk_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          set_sqlite_error (self, sqlite3_extended_errcode (self->db), "numbering the response", error);
          sqlite3_reset (stmt);
          goto fail;
        }
      sequence = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      own_id = g_strdup_printf ("%" G_GINT64_FORMAT, sequence);
    }

  stmt = get_stmt (self, STMT_INSERT_RESPONSE, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, response->kiosk_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, own_id ? own_id : response->response_id, -1, SQLITE_STATIC);
  if (sequence > 0)
    sqlite3_bind_int64 (stmt, 3, sequence);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_text (stmt, 4, response->recorded_at, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, response->recorded_utc);
  sqlite3_bind_text (stmt, 6, response->day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, response->unit, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, response->counter, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 9, response->officer);
  bind_text_or_null (stmt, 10, response->procedure);
  bind_text_or_null (stmt, 11, response->field);
  sqlite3_bind_text (stmt, 12, response->survey_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 13, response->survey_version);
  sqlite3_bind_int (stmt, 14, response->repeat ? 1 : 0);
  bind_text_or_null (stmt, 15, response->ticket_hash);
  sqlite3_bind_int (stmt, 16, response->burst ? 1 : 0);
  if (response->detail_of > 0)
    sqlite3_bind_int64 (stmt, 17, response->detail_of);
  else
    sqlite3_bind_null (stmt, 17);
  if (!step_done (self, stmt, "storing a response", error))
    goto fail;
  response->row_id = sqlite3_last_insert_rowid (self->db);
  response->sequence = sequence;

  if (!count_in_rollups (self, response->row_id, "", 0, error))
    goto fail;
  if (!insert_answers (self, response->row_id, answers, n_answers, &first_answer, &last_answer, error))
    goto fail;
  /* The kiosk's own responses are chained; imported ones keep the chain of the kiosk they came from. */
  if (sequence > 0
      && !chain_append (self, response->kiosk_id, response->row_id, CHAIN_RESPONSE, first_answer, last_answer, error))
    goto fail;
  return own ? commit (self, error) : TRUE;

fail:
  /* Inside the caller's transaction the failed statement undid itself; the caller decides the rest. */
  if (own)
    rollback (self);
  return FALSE;
}

/* Chains answers [@first_answer, @last_answer] added to a stored response as a record of their own,
 * when the response is the kiosk's own (numbered); imported responses are not chained here. */
static gboolean
chain_answers (HlStore  *self,
               gint64    response_row,
               gint64    first_answer,
               gint64    last_answer,
               GError  **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_RECORD_RESPONSE, error);
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
    return set_sqlite_error (self, rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc, "chaining answers", error);
  return !chained || chain_append (self, kiosk_id, response_row, CHAIN_ANSWERS, first_answer, last_answer, error);
}

/* Adds answers given later (the follow-up) to a stored response, and chains them as a record of their own
 * when the response is chained. */
static gboolean
add_answers (HlStore         *self,
             gint64           response_row,
             const HlAnswer  *answers,
             guint            n_answers,
             GError         **error)
{
  gint64 first_answer, last_answer;

  if (!insert_answers (self, response_row, answers, n_answers, &first_answer, &last_answer, error))
    return FALSE;
  return chain_answers (self, response_row, first_answer, last_answer, error);
}

/* Appends answers given later (the follow-up) to a stored response, in one durable transaction. */
gboolean
hl_store_append_answers (HlStore         *self,
                         gint64           response_row,
                         const HlAnswer  *answers,
                         guint            n_answers,
                         GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (n_answers == 0)
    return TRUE;
  if (self->in_transaction)
    return add_answers (self, response_row, answers, n_answers, error);
  if (!begin (self, error))
    return FALSE;
  if (!add_answers (self, response_row, answers, n_answers, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

static gboolean
uncount (HlStore     *self,
         gint64       response_row,
         const char  *question_id,
         int          value,
         GError     **error)
{
  StmtId ids[] = { STMT_UNCOUNT, STMT_UNCOUNT_BURST };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      sqlite3_stmt *stmt = get_stmt (self, ids[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, response_row);
      sqlite3_bind_text (stmt, 2, question_id, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, value);
      if (!step_done (self, stmt, "updating the daily counts", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
replace_answer (HlStore     *self,
                gint64       response_row,
                const char  *question_id,
                int          value,
                GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_CURRENT_ANSWER, error);
  gint64 old_id = 0, new_id;
  int old_value = 0, rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, response_row);
  sqlite3_bind_text (stmt, 2, question_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      old_id = sqlite3_column_int64 (stmt, 0);
      old_value = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, "reading an answer", error);
  if (old_id == 0)
    {
      HlAnswer answer = { question_id, value };

      return add_answers (self, response_row, &answer, 1, error);
    }
  if (old_value == value)
    return TRUE;

  stmt = get_stmt (self, STMT_INSERT_REPLACING, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, response_row);
  sqlite3_bind_text (stmt, 2, question_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, value);
  sqlite3_bind_int64 (stmt, 4, old_id);
  if (!step_done (self, stmt, "storing an answer", error))
    return FALSE;
  new_id = sqlite3_last_insert_rowid (self->db);
  if (!uncount (self, response_row, question_id, old_value, error)
      || !count_in_rollups (self, response_row, question_id, value, error))
    return FALSE;

  return chain_answers (self, response_row, new_id, new_id, error);
}

/* The citizen went back and answered @question_id again: the new answer is appended and replaces the
 * one given before (both stay stored; the rollups count the new one only). With no earlier answer this
 * is a plain append. One durable transaction. */
gboolean
hl_store_replace_answer (HlStore     *self,
                         gint64       response_row,
                         const char  *question_id,
                         int          value,
                         GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->in_transaction)
    return replace_answer (self, response_row, question_id, value, error);
  if (!begin (self, error))
    return FALSE;
  if (!replace_answer (self, response_row, question_id, value, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

/* An explicit transaction, for all-or-nothing work such as an import: the appends made until
 * hl_store_commit() are durable together, or (after hl_store_rollback()) not at all. */
gboolean
hl_store_begin (HlStore  *self,
                GError  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (!begin (self, error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
hl_store_commit (HlStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  self->in_transaction = FALSE;
  return commit (self, error);
}

void
hl_store_rollback (HlStore *self)
{
  g_return_if_fail (self != NULL);

  self->in_transaction = FALSE;
  rollback (self);
}

/* PRAGMA quick_check: FALSE, with what SQLite found, when the file is damaged. */
gboolean
hl_store_quick_check (HlStore  *self,
                      GError  **error)
{
  g_autofree char *result = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  result = pragma_text (self, "PRAGMA quick_check", error);
  if (result == NULL)
    return FALSE;
  if (!g_str_equal (result, "ok"))
    {
      g_set_error (error, HL_STORE_ERROR, SQLITE_CORRUPT, "%s: the database is damaged: %s", self->path, result);
      return FALSE;
    }
  return TRUE;
}

/* An online backup (sqlite3_backup) of the whole database into @dest, written beside it first and
 * renamed into place once complete and synced, so that a power cut never leaves half a backup under
 * the final name. The kiosk goes on recording while it runs. */
gboolean
hl_store_backup (HlStore     *self,
                 const char  *dest,
                 GError     **error)
{
  g_autofree char *tmp = g_strconcat (dest, ".part", NULL);
  sqlite3 *to = NULL;
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  g_unlink (tmp);
  rc = sqlite3_open_v2 (tmp, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (to, "main", self->db, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (to);
      else
        {
          /* A few hundred pages at a time, so that the kiosk's own commits get in between. */
          while ((rc = sqlite3_backup_step (backup, 256)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep (rc == SQLITE_OK ? 0 : 10);
          sqlite3_backup_finish (backup);
          if (rc == SQLITE_DONE)
            rc = sqlite3_exec (to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
        }
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, HL_STORE_ERROR, rc, "%s: backup to %s failed: %s", self->path, dest,
                   to ? sqlite3_errmsg (to) : sqlite3_errstr (rc));
      sqlite3_close (to);
      g_unlink (tmp);
      return FALSE;
    }
  sqlite3_close (to);
  if (g_rename (tmp, dest) != 0)
    {
      int saved = errno;

      g_set_error (error, HL_STORE_ERROR, SQLITE_IOERR, "%s: cannot rename %s: %s", self->path, tmp,
                   g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }
  /* The rename is durable only once the directory is synced; until then a power cut may take the
   * backup's name away. */
  {
    g_autofree char *dir = g_path_get_dirname (dest);
    int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

    if (fd < 0 || fsync (fd) != 0)
      {
        int saved = errno;

        if (fd >= 0)
          close (fd);
        g_set_error (error, HL_STORE_ERROR, SQLITE_IOERR, "%s: cannot sync %s: %s", self->path, dir,
                     g_strerror (saved));
        return FALSE;
      }
    close (fd);
  }
  return TRUE;
}

/* A small durable write, to learn whether the database takes writes again (after a full disk, a
 * read-only remount or an I/O error). */
gboolean
hl_store_probe_write (HlStore  *self,
                      GError  **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);

  g_return_val_if_fail (self != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;
  if (!hl_store_set_meta (self, "last_write_probe", stamp, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

/* Whether (@kiosk_id, @response_id) is stored, and its row. FALSE with no error: it is not. */
gboolean
hl_store_lookup_response (HlStore     *self,
                          const char  *kiosk_id,
                          const char  *response_id,
                          gint64      *row_id,
                          GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_LOOKUP_RESPONSE, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, response_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && row_id != NULL)
    *row_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_sqlite_error (self, rc, "looking up a response", error);
  return rc == SQLITE_ROW;
}

/* The kiosk's newest response, for its sequence and the repeat rule. FALSE with no error: none yet. */
gboolean
hl_store_get_last_response (HlStore     *self,
                            const char  *kiosk_id,
                            gint64      *sequence,
                            gint64      *recorded_utc,
                            GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_LAST_RESPONSE, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (sequence)
        *sequence = sqlite3_column_int64 (stmt, 0);
      if (recorded_utc)
        *recorded_utc = sqlite3_column_int64 (stmt, 1);
      sqlite3_reset (stmt);
      return TRUE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    set_sqlite_error (self, rc, "reading the last response", error);
  return FALSE;
}

gint64
hl_store_count_responses (HlStore  *self,
                          GError  **error)
{
  g_autofree char *text = pragma_text (self, "SELECT COUNT(*) FROM responses", error);

  return text ? g_ascii_strtoll (text, NULL, 10) : -1;
}

static const char *
key_or_null (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text == NULL || *text == '\0' ? NULL : text;
}

static gboolean foreach_rollup (HlStore *self, const char *table, const char *from_day, const char *to_day,
                                HlCountFunc func, gpointer user_data, GError **error);

/* Calls @func for every rollup row of the days in [@from_day, @to_day] (YYYY-MM-DD, inclusive). */
gboolean
hl_store_foreach_count (HlStore      *self,
                        const char   *from_day,
                        const char   *to_day,
                        HlCountFunc   func,
                        gpointer      user_data,
                        GError      **error)
{
  return foreach_rollup (self, "day_counts", from_day, to_day, func, user_data, error);
}

/* The same for the responses flagged as bursts only (burst_counts), so that every figure can also be
 * given without them. */
gboolean
hl_store_foreach_burst_count (HlStore      *self,
                              const char   *from_day,
                              const char   *to_day,
                              HlCountFunc   func,
                              gpointer      user_data,
                              GError      **error)
{
  return foreach_rollup (self, "burst_counts", from_day, to_day, func, user_data, error);
}

static gboolean
foreach_rollup (HlStore      *self,
                const char   *table,
                const char   *from_day,
                const char   *to_day,
                HlCountFunc   func,
                gpointer      user_data,
                GError      **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  sql = g_strdup_printf ("SELECT day, kiosk_id, unit_code, counter_code, officer_code, procedure_code, field_code,"
                         " survey_id, survey_version, question_id, value, n"
                         " FROM %s WHERE day BETWEEN ?1 AND ?2", table);
  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, "reading the daily counts", error);
  sqlite3_bind_text (stmt, 1, from_day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to_day, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HlCountRow row = {
        .day = (const char *) sqlite3_column_text (stmt, 0),
        .kiosk_id = (const char *) sqlite3_column_text (stmt, 1),
        .unit = (const char *) sqlite3_column_text (stmt, 2),
        .counter = (const char *) sqlite3_column_text (stmt, 3),
        .officer = key_or_null (stmt, 4),
        .procedure = key_or_null (stmt, 5),
        .field = key_or_null (stmt, 6),
        .survey_id = (const char *) sqlite3_column_text (stmt, 7),
        .survey_version = sqlite3_column_int (stmt, 8),
        .question_id = (const char *) sqlite3_column_text (stmt, 9),
        .value = sqlite3_column_int (stmt, 10),
        .n = sqlite3_column_int64 (stmt, 11),
      };

      func (&row, user_data);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, "reading the daily counts", error);
  return TRUE;
}
