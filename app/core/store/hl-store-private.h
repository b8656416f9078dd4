/* hl-store-private.h: what the store's files share and nothing outside the store may see.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "hl-store.h"

G_BEGIN_DECLS

/* The statements used on every response, prepared once. */
typedef enum {
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_NEXT_SEQUENCE,
  STMT_INSERT_RESPONSE,
  STMT_INSERT_ANSWER,
  STMT_LAST_RESPONSE,
  STMT_LOOKUP_RESPONSE,
  STMT_CHAIN_HEAD,
  STMT_CHAIN_INSERT,
  STMT_RECORD_RESPONSE,
  STMT_RECORD_ANSWERS,
  STMT_RECENT_AT_COUNTER,
  STMT_TICKET_USED,
  STMT_CURRENT_ANSWER,
  STMT_INSERT_REPLACING,
  STMT_CHAIN_INSERT_V1,
  STMT_KIOSK_KEY,
  STMT_OWN_KIOSK,
  STMT_ADD_DAY_COUNTS,
  STMT_ADD_BURST_COUNTS,
  STMT_ADD_MONTH_COUNTS,
  STMT_ADD_MONTH_BURST_COUNTS,
  STMT_RESPONSE_KEY,
  N_STMTS
} StmtId;

struct _HlStore {
  sqlite3      *db;
  char         *path;
  sqlite3_stmt *stmts[N_STMTS];  /* prepared on first use, finalized on close */
  gboolean      in_transaction; /* hl_store_begin() was called: appends join that transaction */
  int           version;        /* the schema version the file has (committed migrations) */
  gboolean      counting;       /* the store itself is writing the rollups: hl_store_counting() answers 1 */
  GHashTable   *signers;        /* kiosk id -> HlStoreSigner: the kiosks whose links this store signs */
  gboolean      guards_lifted;  /* the rollup guards are dropped inside this store's own open transaction */
  /* In every write transaction (hl_store_begin() … hl_store_commit(), or one of hl_store_in_transaction()'s
   * own), the rollup increments are summed here and written once per key at commit, by
   * hl_store_flush_counts() (hl-store-append.c), which keeps the month rollups too: an import of a million
   * answers touches a few hundred thousand keys, where writing each increment would run several upserts
   * per answer; and a kiosk's commit writes each key once with its values, reading nothing back. */
  GHashTable   *pending_counts;    /* HlPendingCount (its own key) */
  GHashTable   *pending_responses; /* response row (gint64 *) -> HlPendingResponse, this transaction's */
  GByteArray   *count_scratch;     /* the key being looked up */
  /* The survey definitions loaded, "id\x1fversion" -> HlSurvey: a stored definition never changes (the
   * surveys table is append-only), and the kiosk's alerts load one after every response, where parsing its
   * JSON again took two fifths of a tap's CPU (perf). Emptied on a rollback, which may undo a saved one. */
  GHashTable   *surveys;
  GHashTable   *cached;        /* SQL text -> sqlite3_stmt: hl_store_cached_stmt() */
  /* The own-kiosk guard (migration 3's responses_own_kiosk) while an import has it lifted
   * (hl-store-import.c): its CREATE statement, and the last response row before the import. */
  char         *own_kiosk_guard;
  gint64        own_kiosk_since;
  /* The secondary index a CSV import into a database without responses builds once before it commits
   * (hl_store_begin_import()), with its stored CREATE INDEX text; NULL when none is dropped. */
  char         *deferred_index;
};

/* A statement of hl_store_cached_stmt(), given back (reset, its bindings cleared) when it goes out of
 * scope: g_autoptr(HlCachedStmt). */
typedef sqlite3_stmt HlCachedStmt;
static inline void
hl_cached_stmt_release (HlCachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlCachedStmt, hl_cached_stmt_release)

/* Ed25519 sizes, as libsodium's crypto_sign_* (hl-store-trust.c checks that they agree). */
#define HL_STORE_PUBLIC_KEY_LEN 32
#define HL_STORE_SIGNATURE_LEN  64
#define HL_STORE_HASH_LEN       32

/* The guards of the rollup tables (migration 3): each refuses one kind of write made while the store is
 * not counting. Part of a migration that has shipped: never change them, add a migration. */
#define HL_STORE_ROLLUP_GUARD(table, op, suffix) \
  "CREATE TRIGGER " table "_guard_" suffix " BEFORE " op " ON " table " WHEN hl_store_counting () IS NOT 1" \
  "  BEGIN SELECT RAISE (ABORT, 'the " table " follow from the answers: only the store writes them'); END;"
#define HL_STORE_ROLLUP_GUARDS \
  HL_STORE_ROLLUP_GUARD ("day_counts", "INSERT", "i") \
  HL_STORE_ROLLUP_GUARD ("day_counts", "UPDATE", "u") \
  HL_STORE_ROLLUP_GUARD ("day_counts", "DELETE", "d") \
  HL_STORE_ROLLUP_GUARD ("burst_counts", "INSERT", "i") \
  HL_STORE_ROLLUP_GUARD ("burst_counts", "UPDATE", "u") \
  HL_STORE_ROLLUP_GUARD ("burst_counts", "DELETE", "d")
#define HL_STORE_ROLLUP_GUARDS_DROP \
  "DROP TRIGGER IF EXISTS day_counts_guard_i; DROP TRIGGER IF EXISTS day_counts_guard_u;" \
  "DROP TRIGGER IF EXISTS day_counts_guard_d; DROP TRIGGER IF EXISTS burst_counts_guard_i;" \
  "DROP TRIGGER IF EXISTS burst_counts_guard_u; DROP TRIGGER IF EXISTS burst_counts_guard_d;"

/* The same guards for the month rollups (migration 6), the three of a table at a time. Part of a migration
 * that has shipped. */
#define HL_STORE_TABLE_GUARDS(table) \
  HL_STORE_ROLLUP_GUARD (table, "INSERT", "i") HL_STORE_ROLLUP_GUARD (table, "UPDATE", "u") \
  HL_STORE_ROLLUP_GUARD (table, "DELETE", "d")
#define HL_STORE_TABLE_GUARDS_DROP(table) \
  "DROP TRIGGER IF EXISTS " table "_guard_i; DROP TRIGGER IF EXISTS " table "_guard_u;" \
  "DROP TRIGGER IF EXISTS " table "_guard_d;"
#define HL_STORE_MONTH_GUARDS HL_STORE_TABLE_GUARDS ("month_counts") HL_STORE_TABLE_GUARDS ("month_burst_counts")
#define HL_STORE_MONTH_GUARDS_DROP \
  HL_STORE_TABLE_GUARDS_DROP ("month_counts") HL_STORE_TABLE_GUARDS_DROP ("month_burst_counts")

/* The chain's record formats: 1 until schema 3 (the link hashes the response and its answers); 2 from
 * schema 3 (also the digest of the survey definition the response was given under). */
#define HL_CHAIN_FORMAT_1 1
#define HL_CHAIN_FORMAT_2 2


/* The columns of the rollup tables (day_counts, burst_counts): one row per day, key combination,
 * question and value. Part of migrations that have shipped: never change it, add a migration. Also the
 * per-day aggregates of an export bundle and the rollups read from QR codes (hl-store-export.c). */
#define ROLLUP_TABLE \
  "(day TEXT NOT NULL, kiosk_id TEXT NOT NULL, unit_code TEXT NOT NULL, counter_code TEXT NOT NULL," \
  " officer_code TEXT NOT NULL, procedure_code TEXT NOT NULL, field_code TEXT NOT NULL," \
  " survey_id TEXT NOT NULL, survey_version INTEGER NOT NULL, question_id TEXT NOT NULL," \
  " value INTEGER NOT NULL, n INTEGER NOT NULL," \
  " PRIMARY KEY (day, kiosk_id, unit_code, counter_code, officer_code, procedure_code, field_code," \
  " survey_id, survey_version, question_id, value)) WITHOUT ROWID;"

/* The rollups as the answers make them: for every counted (not repeated) response, one for the response
 * itself under question '' and value 0 (unless it is a detailed rating, which is no second citizen), and
 * one for each of its answers that no later answer replaced. @cond narrows the responses (bursts, a
 * kiosk's days). The same rules as count_pending() in hl-store-append.c, which keeps the rollups as
 * answers come. Used by hl-store-trust.c (verify, rebuild) and hl-store-export.c (import). */
#define RECOUNT(cond) \
  "SELECT r.day AS day, r.kiosk_id AS kiosk_id, r.unit_code AS unit_code, r.counter_code AS counter_code," \
  " COALESCE(r.officer_code, '') AS officer_code, COALESCE(r.procedure_code, '') AS procedure_code," \
  " COALESCE(r.field_code, '') AS field_code, r.survey_id AS survey_id, r.survey_version AS survey_version," \
  " i.question_id AS question_id, i.value AS value, count(*) AS n" \
  " FROM (SELECT id AS response, '' AS question_id, 0 AS value FROM responses WHERE detail_of IS NULL" \
  "       UNION ALL" \
  "       SELECT a.response, a.question_id, a.value FROM answers a WHERE NOT EXISTS" \
  "        (SELECT 1 FROM answers b WHERE b.response = a.response AND b.replaces = a.id)) i" \
  " JOIN responses r ON r.id = i.response WHERE r.is_repeat = 0" cond \
  " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11"

/* The month rollups (migration 6: month_counts, month_burst_counts): the day rollups summed by calendar
 * month, month YYYY-MM, so that the index of a year reads twelve rows where it read 365. Only the rollups of
 * the responses held: the days read from QR codes stay in qr_day_counts alone. Part of a migration that has
 * shipped: never change it, add a migration. */
#define MONTH_ROLLUP_TABLE \
  "(month TEXT NOT NULL, kiosk_id TEXT NOT NULL, unit_code TEXT NOT NULL, counter_code TEXT NOT NULL," \
  " officer_code TEXT NOT NULL, procedure_code TEXT NOT NULL, field_code TEXT NOT NULL," \
  " survey_id TEXT NOT NULL, survey_version INTEGER NOT NULL, question_id TEXT NOT NULL," \
  " value INTEGER NOT NULL, n INTEGER NOT NULL," \
  " PRIMARY KEY (month, kiosk_id, unit_code, counter_code, officer_code, procedure_code, field_code," \
  " survey_id, survey_version, question_id, value)) WITHOUT ROWID;"

#define MONTH_KEY \
  "month, kiosk_id, unit_code, counter_code, officer_code, procedure_code, field_code, survey_id, survey_version," \
  " question_id, value"

/* A day rollup table summed by month, with the columns of MONTH_ROLLUP_TABLE; @cond narrows its days. Used
 * by migration 6 (part of it: never change it, add a migration), hl_store_recount_months() and the verify. */
#define MONTHS_OF_DAYS(table, cond) \
  "SELECT substr (day, 1, 7) AS month, kiosk_id, unit_code, counter_code, officer_code, procedure_code," \
  " field_code, survey_id, survey_version, question_id, value, sum (n) AS n FROM " table " WHERE 1" cond \
  " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11"

#define ROLLUP_KEY \
  "day, kiosk_id, unit_code, counter_code, officer_code, procedure_code, field_code, survey_id, survey_version," \
  " question_id, value"

/* The kinds of record in the hash chain (hl-store-chain.c). */
typedef enum {
  HL_CHAIN_RESPONSE = 1,
  HL_CHAIN_ANSWERS = 2,
} HlChainKind;

/* Work done inside a transaction: see hl_store_in_transaction(). */
typedef gboolean (*HlStoreWorkFunc) (HlStore  *self,
                                     gpointer  data,
                                     GError  **error);

/* hl-store.c */
HlStoreError  hl_store_error_from_sqlite (int             rc);
gboolean      hl_store_set_sqlite_error (HlStore        *self,
                                         int             rc,
                                         const char     *what,
                                         GError        **error);
gboolean      hl_store_exec             (HlStore        *self,
                                         const char     *sql,
                                         GError        **error);
gboolean      hl_store_schema_has       (HlStore        *self,
                                         const char     *type,
                                         const char     *name,
                                         gboolean       *has,
                                         GError        **error);
char         *hl_store_pragma_text      (HlStore        *self,
                                         const char     *sql,
                                         GError        **error);
sqlite3_stmt *hl_store_get_stmt         (HlStore        *self,
                                         StmtId          id,
                                         GError        **error);
HlCachedStmt *hl_store_cached_stmt      (HlStore        *self,
                                         const char     *sql,
                                         GError        **error);
gboolean      hl_store_step_done        (HlStore        *self,
                                         sqlite3_stmt   *stmt,
                                         const char     *what,
                                         GError        **error);
gboolean      hl_store_tx_begin         (HlStore        *self,
                                         GError        **error);
gboolean      hl_store_tx_commit        (HlStore        *self,
                                         GError        **error);
void          hl_store_tx_rollback      (HlStore        *self);
gboolean      hl_store_in_transaction   (HlStore        *self,
                                         HlStoreWorkFunc work,
                                         gpointer        data,
                                         GError        **error);

int           hl_store_sqlite_open      (const char     *path,
                                         sqlite3       **db,
                                         int             flags);
void          hl_store_bulk_cache       (HlStore        *self);
void          hl_store_default_cache    (HlStore        *self);

/* hl-store-append.c */
gboolean      hl_store_flush_counts     (HlStore        *self,
                                         GError        **error);
void          hl_store_drop_counts      (HlStore        *self);
void          hl_store_clear_counts     (HlStore        *self);
gboolean      hl_store_recount_months   (HlStore        *self,
                                         const char     *kiosk_id,
                                         const char     *from_day,
                                         const char     *to_day,
                                         GError        **error);

/* hl-store-import.c */
gboolean      hl_store_lift_own_kiosk_guard    (HlStore  *self,
                                                GError  **error);
gboolean      hl_store_restore_own_kiosk_guard (HlStore  *self,
                                                GError  **error);
void          hl_store_forget_own_kiosk_guard  (HlStore  *self);

/* hl-store-schema.c */
gboolean      hl_store_check_schema     (HlStore        *self,
                                         GError        **error);

/* hl-store-chain.c */
gboolean      hl_store_chain_append     (HlStore        *self,
                                         const char     *kiosk_id,
                                         gint64          response_row,
                                         HlChainKind     kind,
                                         gint64          first_answer,
                                         gint64          last_answer,
                                         GError        **error);
gboolean      hl_store_chain_answers    (HlStore        *self,
                                         gint64          response_row,
                                         gint64          first_answer,
                                         gint64          last_answer,
                                         GError        **error);
gboolean      hl_store_chain_backfill   (HlStore        *self,
                                         GError        **error);
gboolean      hl_store_chain_head       (HlStore        *self,
                                         const char     *kiosk_id,
                                         gint64         *link,
                                         guint8         *hash,
                                         GError        **error);

/* The columns a chain record encodes, of responses @r: the response's own, then the digest of its survey
 * definition (format 2 only). */
#define HL_CHAIN_RECORD_COLUMNS(r) \
  r ".kiosk_id, " r ".response_id, " r ".seq, " r ".recorded_at, " r ".recorded_utc, " r ".day, " r ".unit_code, " \
  r ".counter_code, " r ".officer_code, " r ".procedure_code, " r ".field_code, " r ".survey_id, " \
  r ".survey_version, " r ".is_repeat, " r ".ticket_hash, " r ".burst, " r ".detail_of," \
  " (SELECT digest FROM surveys s WHERE s.survey_id = " r ".survey_id AND s.version = " r ".survey_version)"
#define HL_CHAIN_RECORD_N_COLUMNS 18

void          hl_store_chain_encode_response (sqlite3_stmt *stmt,
                                              int           first_col,
                                              HlChainKind   kind,
                                              int           format,
                                              GString      *out);
gboolean      hl_store_chain_encode_answers  (HlStore      *self,
                                              gint64        response_row,
                                              gint64        first_answer,
                                              gint64        last_answer,
                                              GString      *out,
                                              gint64       *n_answers,
                                              GError      **error);
gboolean      hl_store_chain_encode     (HlStore        *self,
                                         gint64          response_row,
                                         HlChainKind     kind,
                                         int             format,
                                         gint64          first_answer,
                                         gint64          last_answer,
                                         GString        *out,
                                         GError        **error);
void          hl_store_chain_hash       (const guint8   *prev,
                                         const GString  *record,
                                         guint8         *hash);

/* hl-store-trust.c */
void          hl_store_link_message     (GString        *out,
                                         const char     *kiosk_id,
                                         gint64          link,
                                         const guint8   *hash);
gboolean      hl_store_sign_link        (HlStore        *self,
                                         const char     *kiosk_id,
                                         gint64          link,
                                         const guint8   *hash,
                                         guint8         *signature,
                                         gboolean       *is_signed,
                                         GError        **error);
gboolean      hl_store_register_functions (HlStore      *self,
                                         GError        **error);
void          hl_store_signers_free     (HlStore        *self);

/* A statement prepared per call on the store's connection, for the files whose statements are not on a
 * citizen's path: finalized when it goes out of scope (g_autoptr (HlStoreStmt)). */
typedef sqlite3_stmt HlStoreStmt;
static inline void hl_store_stmt_free (HlStoreStmt *stmt) { sqlite3_finalize (stmt); }
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlStoreStmt, hl_store_stmt_free)

static inline HlStoreStmt *
hl_store_prepare_stmt (HlStore     *self,
                       const char  *sql,
                       const char  *what,
                       GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      hl_store_set_sqlite_error (self, rc, what, error);
      return NULL;
    }
  return stmt;
}

/* Binds @text, or NULL when it is NULL. */
static inline void
hl_store_bind_text_or_null (HlStoreStmt *stmt,
                            int          index,
                            const char  *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* A copy of a text column, or NULL for NULL. */
static inline char *
hl_store_column_dup (HlStoreStmt *stmt,
                     int          column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *) text) : NULL;
}

G_END_DECLS
