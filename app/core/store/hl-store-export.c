/* hl-store-export.c: export bundles in the database (docs/bundle-format.md).
 *
 * A bundle is an SQLite file holding a contiguous run of one kiosk's chain (links first_link..last_link)
 * with the responses and answers those links cover, under the kiosk's own row numbers, so that each
 * link's hash can be computed again from the bundle alone with the very encoding the kiosk used
 * (hl_store_chain_encode). It is written by ATTACH and INSERT … SELECT from the kiosk's database, in one
 * transaction that only reads the kiosk's tables (WAL: the kiosk goes on recording meanwhile), and
 * imported the same way at the province: the verified rows are copied under the province's own row
 * numbers, and the per-day rollups of the days they touch are counted again from the responses, never
 * taken from the bundle.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "hl-store-export.h"
#include "hl-store-import.h"
#include "hl-store-private.h"

/* The columns of a response, as the chain encodes them (the bundle keeps them all, and its row id). */
#define RESPONSE_COLUMNS \
  "kiosk_id, response_id, seq, recorded_at, recorded_utc, day, unit_code, counter_code, officer_code," \
  " procedure_code, field_code, survey_id, survey_version, is_repeat, ticket_hash, burst, detail_of"

/* The bundle's tables. Same names and columns as the kiosk's, so that the chain's statements read
 * either; no triggers or foreign keys, so that any SQLite tool can read it as it is. */
static const char bundle_schema[] =
  "CREATE TABLE bundle.manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE bundle.surveys (survey_id TEXT NOT NULL, version INTEGER NOT NULL, definition TEXT NOT NULL,"
  "  digest TEXT NOT NULL, PRIMARY KEY (survey_id, version)) WITHOUT ROWID;"
  "CREATE TABLE bundle.responses (id INTEGER PRIMARY KEY, kiosk_id TEXT NOT NULL, response_id TEXT NOT NULL,"
  "  seq INTEGER, recorded_at TEXT NOT NULL, recorded_utc INTEGER NOT NULL, day TEXT NOT NULL,"
  "  unit_code TEXT NOT NULL, counter_code TEXT NOT NULL, officer_code TEXT, procedure_code TEXT,"
  "  field_code TEXT, survey_id TEXT NOT NULL, survey_version INTEGER NOT NULL, is_repeat INTEGER NOT NULL,"
  "  ticket_hash TEXT, burst INTEGER NOT NULL, detail_of INTEGER);"
  "CREATE TABLE bundle.answers (id INTEGER PRIMARY KEY, response INTEGER NOT NULL, question_id TEXT NOT NULL,"
  "  value INTEGER NOT NULL, replaces INTEGER);"
  "CREATE INDEX bundle.answers_by_response ON answers (response, id);"
  "CREATE TABLE bundle.chain (kiosk_id TEXT NOT NULL, link INTEGER NOT NULL, response INTEGER NOT NULL,"
  "  kind INTEGER NOT NULL, first_answer INTEGER, last_answer INTEGER, hash BLOB NOT NULL,"
  "  format INTEGER NOT NULL, signature BLOB, PRIMARY KEY (kiosk_id, link)) WITHOUT ROWID;"
  "CREATE TABLE bundle.day_counts " ROLLUP_TABLE
  "CREATE TABLE bundle.burst_counts " ROLLUP_TABLE;

void
hl_bundle_range_clear (HlBundleRange *range)
{
  g_clear_pointer (&range->kiosk_id, g_free);
  g_clear_pointer (&range->from_day, g_free);
  g_clear_pointer (&range->to_day, g_free);
  g_clear_pointer (&range->chain_prev, g_free);
  g_clear_pointer (&range->chain_head, g_free);
  memset (range, 0, sizeof *range);
}

void
hl_clock_jump_free (HlClockJump *jump)
{
  if (jump == NULL)
    return;
  g_free (jump->recorded_at);
  g_free (jump->previous_at);
  g_free (jump);
}

static gboolean
bundle_fail (HlStore     *self,
             int          code,
             GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (4, 5);

static gboolean
bundle_fail (HlStore     *self,
             int          code,
             GError     **error,
             const char  *format,
             ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HL_STORE_ERROR, code, "%s: %s", self->path, msg);
  return FALSE;
}

/* Prepares @sql and binds its parameters from @types: 't' a string (NULL binds NULL), 'i' a gint64,
 * 'b' a 32-byte hash. */
static sqlite3_stmt *
prepare (HlStore     *self,
         const char  *sql,
         GError     **error,
         const char  *types,
         ...)
{
  sqlite3_stmt *stmt = NULL;
  va_list args;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      hl_store_set_sqlite_error (self, rc, "reading an export bundle", error);
      return NULL;
    }
  va_start (args, types);
  for (int i = 0; types[i] != '\0'; i++)
    {
      if (types[i] == 't')
        {
          const char *text = va_arg (args, const char *);

          if (text == NULL)
            sqlite3_bind_null (stmt, i + 1);
          else
            sqlite3_bind_text (stmt, i + 1, text, -1, SQLITE_TRANSIENT);
        }
      else if (types[i] == 'i')
        sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
      else
        sqlite3_bind_blob (stmt, i + 1, va_arg (args, const guint8 *), HL_STORE_HASH_LEN, SQLITE_TRANSIENT);
    }
  va_end (args);
  return stmt;
}

/* Runs a prepared statement to its end, then finalizes it. */
static gboolean
run (HlStore      *self,
     sqlite3_stmt *stmt,
     const char   *what,
     GError      **error)
{
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  while (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), what, error);
  return TRUE;
}

/* The first column of the first row as an integer (0 for no row or NULL); FALSE on an error. */
static gboolean
query_int (HlStore      *self,
           sqlite3_stmt *stmt,
           gint64       *value,
           GError      **error)
{
  int rc;

  *value = 0;
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading an export bundle", error);
  return TRUE;
}

/* The first column of the first row as a string (NULL for no row or NULL); FALSE on an error. */
static gboolean
query_text (HlStore       *self,
            sqlite3_stmt  *stmt,
            char         **value,
            const char    *what,
            GError       **error)
{
  int rc;

  *value = NULL;
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, what, error);
  return TRUE;
}

static char *
hash_hex (const guint8 *hash)
{
  GString *out = g_string_sized_new (2 * HL_STORE_HASH_LEN);

  for (int i = 0; i < HL_STORE_HASH_LEN; i++)
    g_string_append_printf (out, "%02x", hash[i]);
  return g_string_free (out, FALSE);
}

static gboolean
hex_hash (const char *hex,
          guint8     *hash)
{
  if (hex == NULL || strlen (hex) != 2 * HL_STORE_HASH_LEN)
    return FALSE;
  for (int i = 0; i < HL_STORE_HASH_LEN; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]), lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      hash[i] = hi << 4 | lo;
    }
  return TRUE;
}

/* The hash of @link of @kiosk_id's chain in @self (zeros for link 0). */
static gboolean
link_hash (HlStore     *self,
           const char  *table,
           const char  *kiosk_id,
           gint64       link,
           guint8      *hash,
           gboolean    *found,
           GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT hash FROM %s WHERE kiosk_id = ?1 AND link = ?2", table);
  sqlite3_stmt *stmt;
  int rc;

  memset (hash, 0, HL_STORE_HASH_LEN);
  *found = link == 0;
  if (link == 0)
    return TRUE;
  stmt = prepare (self, sql, error, "ti", kiosk_id, link);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == HL_STORE_HASH_LEN)
    {
      memcpy (hash, sqlite3_column_blob (stmt, 0), HL_STORE_HASH_LEN);
      *found = TRUE;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading the chain", error);
  return TRUE;
}

/* The figures of the run of links [@first_link, @last_link] of @kiosk_id's chain in @self's main
 * database (a kiosk's, or a bundle's). */
static gboolean
describe_links (HlStore       *self,
                const char    *kiosk_id,
                gint64         first_link,
                gint64         last_link,
                HlBundleRange *range,
                GError       **error)
{
  guint8 prev[HL_STORE_HASH_LEN], head[HL_STORE_HASH_LEN];
  gboolean found;
  sqlite3_stmt *stmt;
  int rc;

  range->kiosk_id = g_strdup (kiosk_id);
  if (last_link < first_link)
    {
      /* Nothing new: the bundle carries no link, and its head is where the chain stands. */
      if (!link_hash (self, "chain", kiosk_id, last_link, prev, &found, error))
        return FALSE;
      range->chain_prev = hash_hex (prev);
      range->chain_head = hash_hex (prev);
      return TRUE;
    }
  range->first_link = first_link;
  range->last_link = last_link;
  if (!link_hash (self, "chain", kiosk_id, first_link - 1, prev, &found, error)
      || !link_hash (self, "chain", kiosk_id, last_link, head, &found, error))
    return FALSE;
  range->chain_prev = hash_hex (prev);
  range->chain_head = hash_hex (head);
  stmt = prepare (self,
                  "SELECT count(*) FILTER (WHERE c.kind = 1), min(r.seq) FILTER (WHERE c.kind = 1),"
                  " max(r.seq) FILTER (WHERE c.kind = 1), min(r.day) FILTER (WHERE c.kind = 1),"
                  " max(r.day) FILTER (WHERE c.kind = 1),"
                  " coalesce(sum(c.last_answer - c.first_answer + 1), 0)"
                  " FROM chain c JOIN responses r ON r.id = c.response"
                  " WHERE c.kiosk_id = ?1 AND c.link BETWEEN ?2 AND ?3",
                  error, "tii", kiosk_id, first_link, last_link);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      range->responses = sqlite3_column_int64 (stmt, 0);
      range->first_sequence = sqlite3_column_int64 (stmt, 1);
      range->last_sequence = sqlite3_column_int64 (stmt, 2);
      range->from_day = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      range->to_day = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      range->answers = sqlite3_column_int64 (stmt, 5);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return hl_store_set_sqlite_error (self, rc, "reading the chain", error);
  return TRUE;
}

/* The links an export of @kiosk_id's responses of the days [@from_day, @to_day] carries (either may be
 * NULL: from the first, up to now). The run starts at the link of the first response of @from_day or
 * later, and ends before the link of the first response after @to_day, so that answers added later to
 * a response of the period come with it. */
gboolean
hl_store_export_plan (HlStore        *self,
                      const char     *kiosk_id,
                      const char     *from_day,
                      const char     *to_day,
                      HlBundleRange  *range,
                      GError        **error)
{
  gint64 first = 1, last = 0, after = 0;

  g_return_val_if_fail (self != NULL && kiosk_id != NULL && range != NULL, FALSE);

  memset (range, 0, sizeof *range);
  if (!query_int (self, prepare (self, "SELECT max(link) FROM chain WHERE kiosk_id = ?1", error, "t", kiosk_id),
                  &last, error))
    return FALSE;
  if (from_day != NULL)
    {
      if (!query_int (self,
                      prepare (self, "SELECT min(c.link) FROM chain c JOIN responses r ON r.id = c.response"
                                     " WHERE c.kiosk_id = ?1 AND c.kind = 1 AND r.day >= ?2", error, "tt",
                               kiosk_id, from_day),
                      &first, error))
        return FALSE;
      if (first == 0)
        first = last + 1;
    }
  if (to_day != NULL)
    {
      if (!query_int (self,
                      prepare (self, "SELECT min(c.link) FROM chain c JOIN responses r ON r.id = c.response"
                                     " WHERE c.kiosk_id = ?1 AND c.kind = 1 AND r.day > ?2 AND c.link > ?3",
                               error, "tti", kiosk_id, to_day, first),
                      &after, error))
        return FALSE;
      if (after > 0)
        last = after - 1;
    }
  return describe_links (self, kiosk_id, first, last, range, error);
}

/* The last day the kiosk's previous export covered, or NULL (and TRUE) when it never exported. */
gboolean
hl_store_last_export_day (HlStore     *self,
                          const char  *kiosk_id,
                          char       **day,
                          GError     **error)
{
  return query_text (self, prepare (self, "SELECT period_to FROM export_log WHERE kiosk_id = ?1 AND period_to IS NOT NULL"
                                         " ORDER BY id DESC LIMIT 1", error, "t", kiosk_id),
                     day, "reading the export log", error);
}

static gboolean
has_table (HlStore    *self,
           const char *name)
{
  gboolean has = FALSE;

  return hl_store_schema_has (self, "table", name, &has, NULL) && has;
}

#define KIOSK_DAYS " AND r.kiosk_id = ?1 AND r.day BETWEEN ?2 AND ?3"

/* RECOUNT's rules (hl-store-private.h) over one kiosk's days, written so that SQLite reads only that
 * kiosk's responses and their answers: RECOUNT's union of every response and answer is materialized whole
 * before the kiosk's are picked out of it, which at a province made each bundle's import read the whole
 * database again (EXPLAIN QUERY PLAN). The responses themselves (question '' and value 0) and the answers
 * are counted apart and summed, so that a key both gave would still be one row. */
#define RECOUNT_KIOSK_KEY \
  "r.day AS day, r.kiosk_id AS kiosk_id, r.unit_code AS unit_code, r.counter_code AS counter_code," \
  " COALESCE(r.officer_code, '') AS officer_code, COALESCE(r.procedure_code, '') AS procedure_code," \
  " COALESCE(r.field_code, '') AS field_code, r.survey_id AS survey_id, r.survey_version AS survey_version"
#define RECOUNT_KIOSK_DAYS(cond) \
  "SELECT " ROLLUP_KEY ", sum(n) FROM" \
  " (SELECT " RECOUNT_KIOSK_KEY ", '' AS question_id, 0 AS value, count(*) AS n FROM responses r" \
  "  WHERE r.is_repeat = 0 AND r.detail_of IS NULL" KIOSK_DAYS cond " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9" \
  "  UNION ALL" \
  "  SELECT " RECOUNT_KIOSK_KEY ", a.question_id, a.value, count(*)" \
  "  FROM responses r JOIN answers a ON a.response = r.id" \
  "  WHERE r.is_repeat = 0" KIOSK_DAYS cond \
  "  AND NOT EXISTS (SELECT 1 FROM answers b WHERE b.response = a.response AND b.replaces = a.id)" \
  "  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)" \
  " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11"

/* The rollups' primary key begins with the day: a DELETE of one kiosk's range of days would read every
 * kiosk's rows of those days (at a province, all of them, for each bundle). One seek per day of the range
 * instead, on (day, kiosk_id). */
#define KIOSK_DAYS_LIST \
  " WHERE kiosk_id = ?1 AND day IN (WITH RECURSIVE d (day) AS (SELECT ?2 WHERE ?2 <= ?3 UNION ALL" \
  " SELECT date (day, '+1 day') FROM d WHERE day < ?3) SELECT day FROM d WHERE day <= ?3)"

/* Counts again, from the responses and answers, the rollups of @kiosk_id's days [@from_day, @to_day], by
 * the rules the appends follow (RECOUNT: repeats are never counted, a detailed rating is no second
 * citizen, an answer that another replaced is not counted), and drops the rollups of those days read from
 * QR codes, which the responses now stand for. In the caller's transaction. */
gboolean
hl_store_recount (HlStore     *self,
                  const char  *kiosk_id,
                  const char  *from_day,
                  const char  *to_day,
                  GError     **error)
{
  static const struct {
    const char *table;
    const char *recount;
  } rollups[] = {
    { "day_counts", RECOUNT_KIOSK_DAYS ("") },
    { "burst_counts", RECOUNT_KIOSK_DAYS (" AND r.burst = 1") },
  };
  gboolean qr = has_table (self, "qr_day_counts");
  gboolean ok = TRUE;

  /* Increments still summed in memory (hl-store-append.c) are written first: the recount replaces them. */
  if (self->in_transaction && !hl_store_flush_counts (self, error))
    return FALSE;
  /* The rollup tables take writes from the store's counting only (migration 3's guards). */
  self->counting = TRUE;
  for (guint t = 0; ok && t < G_N_ELEMENTS (rollups); t++)
    {
      g_autofree char *clear = g_strdup_printf ("DELETE FROM %s" KIOSK_DAYS_LIST, rollups[t].table);
      g_autofree char *clear_qr = g_strdup_printf ("DELETE FROM qr_%s" KIOSK_DAYS_LIST, rollups[t].table);
      g_autofree char *count = g_strdup_printf ("INSERT INTO %s (" ROLLUP_KEY ", n) %s", rollups[t].table,
                                                rollups[t].recount);

      ok = run (self, prepare (self, clear, error, "ttt", kiosk_id, from_day, to_day), "counting again", error)
           && run (self, prepare (self, count, error, "ttt", kiosk_id, from_day, to_day), "counting again", error)
           && (!qr || run (self, prepare (self, clear_qr, error, "ttt", kiosk_id, from_day, to_day),
                           "counting again", error));
    }
  self->counting = FALSE;
  /* The months of those days follow the days (a no-op on a bundle, which has no months). */
  return ok && hl_store_recount_months (self, kiosk_id, from_day, to_day, error);
}

/* One key of the rollups counted in memory: a response group's columns, a question and a value. */
typedef struct {
  guint  group;      /* index into the groups' columns */
  char  *question_id;
  gint64 value;
  gint64 n;          /* day_counts */
  gint64 burst_n;    /* burst_counts */
} CountKey;

static guint
count_key_hash (gconstpointer p)
{
  const CountKey *k = p;

  return (g_str_hash (k->question_id) * 31 + k->group) * 31 + (guint) k->value;
}

static gboolean
count_key_equal (gconstpointer a,
                 gconstpointer b)
{
  const CountKey *x = a, *y = b;

  return x->group == y->group && x->value == y->value && strcmp (x->question_id, y->question_id) == 0;
}

static void
count_key_free (gpointer p)
{
  CountKey *k = p;

  g_free (k->question_id);
  g_free (k);
}

static void
count_add (GHashTable *counts,
           guint       group,
           const char *question_id,
           gint64      value,
           gboolean    burst)
{
  CountKey probe = { group, (char *) question_id, value, 0, 0 };
  CountKey *key = g_hash_table_lookup (counts, &probe);

  if (key == NULL)
    {
      key = g_new0 (CountKey, 1);
      key->group = group;
      key->question_id = g_strdup (question_id);
      key->value = value;
      g_hash_table_add (counts, key);
    }
  key->n++;
  if (burst)
    key->burst_n++;
}

/* The nine columns of a response that open a rollup's key (RECOUNT_KIOSK_KEY). */
#define GROUP_COLUMNS 9

/* hl_store_recount() for a kiosk the database held no response of before this import: its responses are
 * then exactly the rows from @first_response on, their answers rows from @first_answer on, so that they
 * are counted in memory from one sequential read of each (by row id) instead of SQL's GROUP BY over the
 * kiosk's index; by RECOUNT's rules, the same rows (tests: compared row by row with hl_store_recount's). */
static gboolean
count_new_kiosk (HlStore     *self,
                 const char  *kiosk_id,
                 const char  *from_day,
                 const char  *to_day,
                 gint64       first_response,
                 gint64       first_answer,
                 GError     **error)
{
  static const char *const tables[] = { "day_counts", "burst_counts" };
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func ((GDestroyNotify) sqlite3_value_free);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (count_key_hash, count_key_equal, count_key_free, NULL);
  /* Per response row from @first_response: its group + 1 (0: not counted), and whether it is a burst's. */
  g_autoptr(GArray) of_row = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr(GString) group_key = g_string_new (NULL);
  gboolean qr = has_table (self, "qr_day_counts");
  gboolean ok = TRUE;
  sqlite3_stmt *stmt;
  int rc;

  if (self->in_transaction && !hl_store_flush_counts (self, error))
    return FALSE;

  stmt = prepare (self, "SELECT id, burst, detail_of IS NULL, " RECOUNT_KIOSK_KEY " FROM responses r"
                        " WHERE r.id >= ?4 AND r.is_repeat = 0" KIOSK_DAYS, error, "ttti", kiosk_id, from_day,
                  to_day, first_response);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row = sqlite3_column_int64 (stmt, 0) - first_response;
      gboolean burst = sqlite3_column_int (stmt, 1) != 0;
      gpointer found;
      guint group, mark;

      g_string_truncate (group_key, 0);
      for (int c = 0; c < GROUP_COLUMNS; c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, 3 + c);

          g_string_append (group_key, text ? text : "");
          g_string_append_c (group_key, '\x1f');
        }
      if (g_hash_table_lookup_extended (groups, group_key->str, NULL, &found))
        group = GPOINTER_TO_UINT (found);
      else
        {
          group = columns->len / GROUP_COLUMNS;
          for (int c = 0; c < GROUP_COLUMNS; c++)
            g_ptr_array_add (columns, sqlite3_value_dup (sqlite3_column_value (stmt, 3 + c)));
          g_hash_table_insert (groups, g_strdup (group_key->str), GUINT_TO_POINTER (group));
        }
      mark = ((group + 1) << 1) | (burst ? 1 : 0);
      if ((gint64) of_row->len <= row)
        g_array_set_size (of_row, row + 1);
      g_array_index (of_row, guint, row) = mark;
      /* The response itself (question '' and value 0), unless it details another. */
      if (sqlite3_column_int (stmt, 2))
        count_add (counts, group, "", 0, burst);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "counting again", error);

  stmt = prepare (self, "SELECT a.response, a.question_id, a.value FROM answers a WHERE a.id >= ?1 AND a.response >= ?2"
                        " AND NOT EXISTS (SELECT 1 FROM answers b WHERE b.response = a.response AND b.replaces = a.id)",
                  error, "ii", first_answer, first_response);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row = sqlite3_column_int64 (stmt, 0) - first_response;
      guint mark = row < (gint64) of_row->len ? g_array_index (of_row, guint, row) : 0;

      if (mark != 0)
        count_add (counts, (mark >> 1) - 1, (const char *) sqlite3_column_text (stmt, 1),
                   sqlite3_column_int64 (stmt, 2), mark & 1);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "counting again", error);

  /* The rollup tables take writes from the store's counting only (migration 3's guards). */
  self->counting = TRUE;
  for (guint t = 0; ok && t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *clear = g_strdup_printf ("DELETE FROM %s" KIOSK_DAYS_LIST, tables[t]);
      g_autofree char *clear_qr = g_strdup_printf ("DELETE FROM qr_%s" KIOSK_DAYS_LIST, tables[t]);
      g_autofree char *insert = g_strdup_printf ("INSERT INTO %s (" ROLLUP_KEY ", n)"
                                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                                                 tables[t]);
      GHashTableIter iter;
      CountKey *key;

      ok = run (self, prepare (self, clear, error, "ttt", kiosk_id, from_day, to_day), "counting again", error)
           && (!qr || run (self, prepare (self, clear_qr, error, "ttt", kiosk_id, from_day, to_day),
                           "counting again", error));
      if (!ok)
        break;
      stmt = prepare (self, insert, error, "");
      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      g_hash_table_iter_init (&iter, counts);
      while (ok && g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
        {
          gint64 n = t == 0 ? key->n : key->burst_n;

          if (n == 0)
            continue;
          for (int c = 0; c < GROUP_COLUMNS; c++)
            sqlite3_bind_value (stmt, c + 1, g_ptr_array_index (columns, key->group * GROUP_COLUMNS + c));
          sqlite3_bind_text (stmt, 10, key->question_id, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 11, key->value);
          sqlite3_bind_int64 (stmt, 12, n);
          rc = sqlite3_step (stmt);
          sqlite3_reset (stmt);
          if (rc != SQLITE_DONE)
            ok = hl_store_set_sqlite_error (self, rc, "counting again", error);
        }
      sqlite3_finalize (stmt);
    }
  self->counting = FALSE;
  /* The months of those days follow the days. */
  return ok && hl_store_recount_months (self, kiosk_id, from_day, to_day, error);
}

static gboolean
recount_work (HlStore  *self,
              gpointer  data,
              GError  **error)
{
  const HlBundleRange *range = data;

  return hl_store_recount (self, range->kiosk_id, range->from_day, range->to_day, error);
}

static gboolean
attach (HlStore     *self,
        const char  *path,
        const char  *name,
        GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("ATTACH DATABASE ?1 AS %s", name);

  return run (self, prepare (self, sql, error, "t", path), "opening the export bundle", error);
}

static void
detach (HlStore    *self,
        const char *name)
{
  g_autofree char *sql = g_strdup_printf ("DETACH DATABASE %s", name);

  hl_store_exec (self, sql, NULL);
}

/* Writes the data of @range into a new bundle file at @path (its manifest is left empty: the exchange
 * layer signs it and hl_store_bundle_set_manifest() writes it). */
gboolean
hl_store_write_bundle (HlStore              *self,
                       const HlBundleRange  *range,
                       const char           *path,
                       GError              **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL && range != NULL && path != NULL, FALSE);

  g_unlink (path);
  if (!attach (self, path, "bundle", error))
    return FALSE;
  ok = hl_store_tx_begin (self, error)
       && hl_store_exec (self, bundle_schema, error)
       && run (self, prepare (self, "INSERT INTO bundle.chain SELECT kiosk_id, link, response, kind, first_answer,"
                                    " last_answer, hash, format, signature FROM main.chain WHERE kiosk_id = ?1 AND link BETWEEN ?2 AND ?3",
                              error, "tii", range->kiosk_id, range->first_link, range->last_link),
               "exporting the chain", error)
       && hl_store_exec (self, "INSERT INTO bundle.responses SELECT id, " RESPONSE_COLUMNS " FROM main.responses"
                               " WHERE id IN (SELECT response FROM bundle.chain)", error)
       /* The quick rating a detailed one belongs to, when an earlier export carried it: the importer
        * needs it to tie the two together. */
       && hl_store_exec (self, "INSERT OR IGNORE INTO bundle.responses SELECT id, " RESPONSE_COLUMNS
                               " FROM main.responses WHERE id IN (SELECT detail_of FROM bundle.responses)", error)
       && hl_store_exec (self, "INSERT INTO bundle.answers SELECT a.id, a.response, a.question_id, a.value, a.replaces"
                               " FROM bundle.chain c JOIN main.answers a ON a.response = c.response"
                               " AND a.id BETWEEN c.first_answer AND c.last_answer", error)
       /* Likewise the answer a carried one replaces, when an earlier export carried it. */
       && hl_store_exec (self, "INSERT OR IGNORE INTO bundle.answers SELECT id, response, question_id, value, replaces"
                               " FROM main.answers WHERE id IN (SELECT replaces FROM bundle.answers)", error)
       && hl_store_exec (self, "INSERT INTO bundle.surveys SELECT survey_id, version, definition, digest"
                               " FROM main.surveys WHERE (survey_id, version) IN"
                               " (SELECT DISTINCT survey_id, survey_version FROM bundle.responses)", error)
       && hl_store_tx_commit (self, error);
  if (!ok && !sqlite3_get_autocommit (self->db))
    hl_store_tx_rollback (self);
  detach (self, "bundle");
  /* The informative per-day aggregates, counted from the bundle's own rows on a connection of its own
   * (the recount reads the tables of its main database). */
  if (ok && range->responses > 0)
    {
      g_autoptr(HlStore) bundle = hl_store_open_bundle (path, TRUE, error);

      ok = bundle != NULL
           && hl_store_in_transaction (bundle, recount_work, (gpointer) range, error);
    }
  if (!ok)
    g_unlink (path);
  return ok;
}

gboolean
hl_store_log_export (HlStore              *self,
                     const HlBundleRange  *range,
                     const char           *bundle_id,
                     const char           *file,
                     GError              **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);

  return run (self,
              prepare (self, "INSERT INTO export_log (created_at, kiosk_id, period_from, period_to, first_sequence,"
                             " last_sequence, first_link, last_link, chain_head, responses, bundle_id, file)"
                             " VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), nullif(?6, 0), nullif(?7, 0), nullif(?8, 0),"
                             " ?9, ?10, ?11, ?12)",
                       error, "ttttiiiititt", stamp, range->kiosk_id, range->from_day, range->to_day,
                       range->first_sequence, range->last_sequence, range->first_link, range->last_link,
                       range->chain_head, range->responses, bundle_id, file),
              "writing the export log", error);
}

/* PRAGMA quick_check of a bundle: FALSE, with the first problem SQLite found, when the file is damaged. */
gboolean
hl_store_bundle_check_whole (HlStore  *bundle,
                             GError  **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *check = hl_store_pragma_text (bundle, "PRAGMA quick_check", &local);
  g_autofree char *first = NULL;

  if (check != NULL && g_str_equal (check, "ok"))
    return TRUE;
  /* quick_check lists every problem, a line each: the first tells enough, on one line. */
  first = g_strdup (check ? check : local->message);
  g_strdelimit (first, "\n", ' ');
  if (strlen (first) > 160)
    strcpy (first + 157, "…");
  return bundle_fail (bundle, HL_STORE_ERROR_BUNDLE_DAMAGED, error, "refused: damaged (SQLite: %s)", first);
}

static HlStore *
open_bundle (const char  *path,
             gboolean     writable,
             gboolean     check_whole,
             GError     **error)
{
  g_autoptr(HlStore) self = g_new0 (HlStore, 1);
  g_autoptr(GError) local = NULL;
  gint64 tables = 0;
  int rc;

  self->path = g_strdup (path);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND, "%s: no such file", path);
      return NULL;
    }
  rc = hl_store_sqlite_open (path, &self->db,
                             (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX);
  if (rc != SQLITE_OK)
    {
      bundle_fail (self, HL_STORE_ERROR_BUNDLE_DAMAGED, error, "refused: damaged (SQLite: %s)", sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  if (check_whole && !hl_store_bundle_check_whole (self, error))
    return NULL;
  if (!query_int (self, prepare (self, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN"
                                       " ('manifest', 'surveys', 'responses', 'answers', 'chain')", &local, ""),
                  &tables, &local))
    {
      /* Unchecked, a damaged file is said to be damaged, as when checked first. */
      if (check_whole || hl_store_bundle_check_whole (self, error))
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (tables != 5)
    {
      bundle_fail (self, HL_STORE_ERROR_BUNDLE_INVALID, error, "not an export bundle (it lacks a bundle's tables)");
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* Opens a bundle file on its own connection, read-only unless @writable (to write its manifest), and
 * checks that SQLite reads it whole (hl_store_bundle_check_whole) and that it has a bundle's tables. */
HlStore *
hl_store_open_bundle (const char  *path,
                      gboolean     writable,
                      GError     **error)
{
  return open_bundle (path, writable, TRUE, error);
}

/* hl_store_open_bundle(), read-only, without reading the whole file first: the caller runs
 * hl_store_bundle_check_whole() before it trusts what it read (and says "damaged" when that fails). */
HlStore *
hl_store_open_bundle_unchecked (const char  *path,
                                GError     **error)
{
  return open_bundle (path, FALSE, FALSE, error);
}

gboolean
hl_store_bundle_set_manifest (HlStore     *bundle,
                              GHashTable  *manifest,
                              GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;

  if (!hl_store_tx_begin (bundle, error))
    return FALSE;
  if (!hl_store_exec (bundle, "DELETE FROM manifest", error))
    goto fail;
  g_hash_table_iter_init (&iter, manifest);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!run (bundle, prepare (bundle, "INSERT INTO manifest (key, value) VALUES (?1, ?2)", error, "tt", key, value),
              "writing the manifest", error))
      goto fail;
  return hl_store_tx_commit (bundle, error);

fail:
  hl_store_tx_rollback (bundle);
  return FALSE;
}

GHashTable *
hl_store_bundle_get_manifest (HlStore  *bundle,
                              GError  **error)
{
  g_autoptr(GHashTable) manifest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = prepare (bundle, "SELECT key, value FROM manifest", error, "");
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (sqlite3_column_type (stmt, 0) != SQLITE_TEXT || sqlite3_column_type (stmt, 1) != SQLITE_TEXT)
        {
          sqlite3_finalize (stmt);
          bundle_fail (bundle, HL_STORE_ERROR_BUNDLE_INVALID, error, "the manifest holds a value that is not text");
          return NULL;
        }
      g_hash_table_insert (manifest, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                           g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      hl_store_set_sqlite_error (bundle, rc, "reading the manifest", error);
      return NULL;
    }
  return g_steal_pointer (&manifest);
}

/* The survey definitions a bundle carries: each a NULL-terminated array of id, version, digest and
 * definition. */
GPtrArray *
hl_store_bundle_get_surveys (HlStore  *bundle,
                             GError  **error)
{
  g_autoptr(GPtrArray) surveys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  sqlite3_stmt *stmt = prepare (bundle, "SELECT survey_id, version, digest, definition FROM surveys", error, "");
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char **row = g_new0 (char *, 5);

      for (int i = 0; i < 4; i++)
        row[i] = g_strdup ((const char *) sqlite3_column_text (stmt, i));
      g_ptr_array_add (surveys, row);
      if (row[0] == NULL || row[1] == NULL || row[2] == NULL || row[3] == NULL)
        {
          sqlite3_finalize (stmt);
          bundle_fail (bundle, HL_STORE_ERROR_BUNDLE_INVALID, error, "a survey definition is incomplete");
          return NULL;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      hl_store_set_sqlite_error (bundle, rc, "reading survey definitions", error);
      return NULL;
    }
  return g_steal_pointer (&surveys);
}

static gboolean
tampered (HlStore     *bundle,
          GError     **error,
          const char  *format,
          ...) G_GNUC_PRINTF (3, 4);

static gboolean
tampered (HlStore     *bundle,
          GError     **error,
          const char  *format,
          ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  return bundle_fail (bundle, HL_STORE_ERROR_BUNDLE_TAMPERED, error, "refused: %s", msg);
}

/* Checks the bundle's chain against what its (signed) manifest claims: every link of the run in order,
 * each record hashed again from the bundle's rows with the kiosk's encoding, starting from the
 * manifest's chain_prev and ending at its chain_head; the sequence numbers in order without a gap; the
 * manifest's counts; and no response or answer that no link covers. The error says where and why.
 *
 * One pass over the links, each with its response's columns on the same row (the record is encoded from
 * that row and its answers from one prepared statement, which also counts them): a statement per link
 * for the response and another for its count of answers were most of a verification. The same pass
 * collects the jumps of the kiosk's clock (*@clock_jumps, HlClockJump): between consecutive responses
 * in sequence order back by more than @backwards_tolerance seconds, or later than @ahead_of_utc. */
gboolean
hl_store_bundle_verify (HlStore              *bundle,
                        const HlBundleRange  *claimed,
                        const char           *public_key,
                        gint64                backwards_tolerance,
                        gint64                ahead_of_utc,
                        GPtrArray           **clock_jumps,
                        GError              **error)
{
  enum { COL_RECORD = 12 };
  guint8 key[HL_STORE_PUBLIC_KEY_LEN];
  gsize key_len = 0;
  g_autoptr(GString) message = g_string_new (NULL);
  g_autoptr(GString) record = g_string_new (NULL);
  g_autoptr(GString) previous_at = g_string_new (NULL);
  g_autoptr(GPtrArray) jumps = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_clock_jump_free);
  guint8 prev[HL_STORE_HASH_LEN], hash[HL_STORE_HASH_LEN];
  gint64 expected_link = claimed->first_link, expected_seq = claimed->first_sequence;
  gint64 n_responses = 0, covered = 0, stray = 0, previous_utc = 0;
  gboolean have_previous = FALSE;
  sqlite3_stmt *links;
  int rc;

  g_return_val_if_fail (clock_jumps != NULL, FALSE);

  if (!hex_hash (claimed->chain_prev, prev))
    return bundle_fail (bundle, HL_STORE_ERROR_BUNDLE_INVALID, error, "the manifest's chain_prev is not a hash");
  if (public_key == NULL
      || sodium_hex2bin (key, sizeof key, public_key, strlen (public_key), NULL, &key_len, NULL) != 0
      || key_len != sizeof key)
    return bundle_fail (bundle, HL_STORE_ERROR_BUNDLE_INVALID, error, "the manifest's public key is not a key");
  /* In the order of the chain's primary key (kiosk_id, link), as stored: ORDER BY c.link alone had SQLite
   * sort every link with its response's columns in a temporary B-tree first, a quarter of the pass. A
   * link of another kiosk, wherever it sorts, is refused when it is reached. */
  links = prepare (bundle, "SELECT c.kiosk_id, c.link, c.response, c.kind, c.first_answer, c.last_answer, c.hash,"
                           " r.id IS NOT NULL, r.seq, r.kiosk_id, c.format, c.signature, "
                           HL_CHAIN_RECORD_COLUMNS ("r")
                           " FROM chain c LEFT JOIN responses r ON r.id = c.response ORDER BY c.kiosk_id, c.link", error, "");
  if (links == NULL)
    return FALSE;
  while ((rc = sqlite3_step (links)) == SQLITE_ROW)
    {
      const char *kiosk = (const char *) sqlite3_column_text (links, 0);
      gint64 link = sqlite3_column_int64 (links, 1);
      gint64 response_row = sqlite3_column_int64 (links, 2);
      int kind = sqlite3_column_int (links, 3);
      gint64 first = sqlite3_column_int64 (links, 4), last = sqlite3_column_int64 (links, 5);
      gint64 seq = sqlite3_column_int64 (links, 8);
      gint64 present = 0;
      int format = sqlite3_column_int (links, 10);
      gboolean ok = FALSE;

      if (g_strcmp0 (kiosk, claimed->kiosk_id) != 0)
        tampered (bundle, error, "link %" G_GINT64_FORMAT " belongs to kiosk %s, not to the manifest's %s", link,
                  kiosk ? kiosk : "(none)", claimed->kiosk_id);
      else if (claimed->first_link == 0 || link != expected_link)
        tampered (bundle, error, "link %" G_GINT64_FORMAT " where link %" G_GINT64_FORMAT " was due"
                  " (a record was removed, inserted or reordered)", link, expected_link);
      else if (!sqlite3_column_int (links, 7) || g_strcmp0 ((const char *) sqlite3_column_text (links, 9), kiosk) != 0)
        tampered (bundle, error, "link %" G_GINT64_FORMAT ": its response (row %" G_GINT64_FORMAT ") is missing"
                  " (deleted)", link, response_row);
      else if (kind == HL_CHAIN_RESPONSE && seq != expected_seq)
        tampered (bundle, error, "link %" G_GINT64_FORMAT ": response %" G_GINT64_FORMAT " where %" G_GINT64_FORMAT
                  " was due (reordered, inserted or deleted)", link, seq, expected_seq);
      else if ((hl_store_chain_encode_response (links, COL_RECORD, kind, format, record),
                hl_store_chain_encode_answers (bundle, response_row, first, last, record, &present, error)))
        {
          if (first > 0 && present != last - first + 1)
            tampered (bundle, error, "link %" G_GINT64_FORMAT " (response %" G_GINT64_FORMAT "): %" G_GINT64_FORMAT
                      " of its %" G_GINT64_FORMAT " answers are missing (deleted)", link, seq,
                      last - first + 1 - present, last - first + 1);
          else if (format != HL_CHAIN_FORMAT_1 && format != HL_CHAIN_FORMAT_2)
            tampered (bundle, error, "link %" G_GINT64_FORMAT ": unknown record format %d", link, format);
          else if (hl_store_chain_hash (prev, record, hash),
                   sqlite3_column_bytes (links, 6) != HL_STORE_HASH_LEN
                   || memcmp (sqlite3_column_blob (links, 6), hash, HL_STORE_HASH_LEN) != 0)
            tampered (bundle, error, "link %" G_GINT64_FORMAT " (response %" G_GINT64_FORMAT "): the record does"
                      " not match its hash (a response or answer was changed)", link, seq);
          else if (link == claimed->last_link && sqlite3_column_type (links, 11) != SQLITE_NULL
                   && (hl_store_link_message (message, kiosk, link, hash),
                       sqlite3_column_bytes (links, 11) != HL_STORE_SIGNATURE_LEN
                       || crypto_sign_verify_detached (sqlite3_column_blob (links, 11), (const guchar *) message->str,
                                                       message->len, key) != 0))
            /* The kiosk signs each link as it writes it (schema 3). The last link's signature covers every
             * link before it through the hashes, as the manifest's signature does: checking that one is
             * enough (an Ed25519 check per link would be most of an import's time), and any other byte
             * changed is caught by the file's digest. */
            tampered (bundle, error, "link %" G_GINT64_FORMAT " (response %" G_GINT64_FORMAT "): its signature is"
                      " not the kiosk's", link, seq);
          else
            ok = TRUE;
        }
      if (!ok)
        {
          sqlite3_finalize (links);
          return FALSE;
        }
      memcpy (prev, hash, sizeof prev);
      if (kind == HL_CHAIN_RESPONSE)
        {
          /* The record's recorded_at and recorded_utc: columns 3 and 4 of HL_CHAIN_RECORD_COLUMNS. */
          const char *at_text = (const char *) sqlite3_column_text (links, COL_RECORD + 3);
          gint64 at = sqlite3_column_int64 (links, COL_RECORD + 4);

          if (at > ahead_of_utc || (have_previous && at < previous_utc - backwards_tolerance))
            {
              HlClockJump *jump = g_new0 (HlClockJump, 1);

              jump->sequence = seq;
              jump->recorded_at = g_strdup (at_text);
              if (at > ahead_of_utc)
                jump->seconds = at - ahead_of_utc;
              else
                {
                  jump->previous_at = g_strdup (previous_at->str);
                  jump->seconds = at - previous_utc;
                }
              g_ptr_array_add (jumps, jump);
            }
          g_string_assign (previous_at, at_text ? at_text : "");
          previous_utc = at;
          have_previous = TRUE;
          n_responses++;
          expected_seq++;
        }
      if (first > 0)
        covered += last - first + 1;
      expected_link++;
    }
  sqlite3_finalize (links);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (bundle, rc, "reading the chain", error);

  if (claimed->first_link > 0 && expected_link - 1 != claimed->last_link)
    return tampered (bundle, error, "the chain ends at link %" G_GINT64_FORMAT " but the manifest says %"
                     G_GINT64_FORMAT " (a tail was cut off or added)", expected_link - 1, claimed->last_link);
  {
    g_autofree char *head = hash_hex (prev);

    if (g_ascii_strcasecmp (head, claimed->chain_head) != 0)
      return tampered (bundle, error, "the chain's head %.16s… is not the manifest's %.16s…", head,
                       claimed->chain_head);
  }
  if (n_responses != claimed->responses
      || (n_responses > 0 && expected_seq - 1 != claimed->last_sequence))
    return tampered (bundle, error, "%" G_GINT64_FORMAT " responses up to sequence %" G_GINT64_FORMAT
                     ", but the manifest says %" G_GINT64_FORMAT " up to %" G_GINT64_FORMAT, n_responses,
                     expected_seq - 1, claimed->responses, claimed->last_sequence);
  if (covered != claimed->answers)
    return tampered (bundle, error, "%" G_GINT64_FORMAT " answers, but the manifest says %" G_GINT64_FORMAT,
                     covered, claimed->answers);

  /* Rows no link covers: only the quick rating of a carried detailed one, and the answer a carried one
   * replaces, may be there besides. Anything else was slipped in. */
  /* NOT IN over a subquery: SQLite builds a temporary index of it, so that this costs N log N whatever
   * indexes the file brings (correlated NOT EXISTS would scan the whole table for each row). */
  if (!query_int (bundle, prepare (bundle, "SELECT coalesce(min(r.id), 0) FROM responses r WHERE r.id NOT IN"
                                           " (SELECT response FROM chain) AND r.id NOT IN"
                                           " (SELECT detail_of FROM responses WHERE detail_of IS NOT NULL)", error, ""),
                  &stray, error))
    return FALSE;
  if (stray != 0)
    return tampered (bundle, error, "response row %" G_GINT64_FORMAT " is in no link of the chain (inserted)", stray);
  /* The covered answers are found by each link's range of row ids (a range of the primary key). */
  if (!query_int (bundle, prepare (bundle, "SELECT coalesce(min(a.id), 0) FROM answers a WHERE a.id NOT IN"
                                           " (SELECT x.id FROM chain c JOIN answers x ON x.id BETWEEN c.first_answer"
                                           "  AND c.last_answer AND x.response = c.response)"
                                           " AND a.id NOT IN (SELECT replaces FROM answers WHERE replaces IS NOT NULL)",
                                   error, ""),
                  &stray, error))
    return FALSE;
  if (stray != 0)
    return tampered (bundle, error, "answer row %" G_GINT64_FORMAT " is in no link of the chain (inserted)", stray);
  *clock_jumps = g_steal_pointer (&jumps);
  return TRUE;
}

/* The public key (hex) the province trusts for @kiosk_id, or NULL (and no error) when it knows none. */
char *
hl_store_get_kiosk_key (HlStore     *self,
                        const char  *kiosk_id,
                        GError     **error)
{
  char *key = NULL;

  query_text (self, prepare (self, "SELECT public_key FROM trusted_keys WHERE kiosk_id = ?1", error, "t", kiosk_id),
              &key, "reading the kiosks' keys", error);
  return key;
}

/* Trusts @public_key for @kiosk_id. The same key again changes nothing; another key for a kiosk already
 * known is refused (a kiosk's key never changes: a new kiosk has a new id). */
gboolean
hl_store_add_kiosk_key (HlStore     *self,
                        const char  *kiosk_id,
                        const char  *public_key,
                        const char  *source,
                        GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *known = hl_store_get_kiosk_key (self, kiosk_id, &local);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (known != NULL)
    {
      if (g_ascii_strcasecmp (known, public_key) == 0)
        return TRUE;
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CONFLICT,
                   "%s: kiosk %s is enrolled with another key (%.16s…); a kiosk's key never changes", self->path,
                   kiosk_id, known);
      return FALSE;
    }
  return run (self, prepare (self, "INSERT INTO trusted_keys (kiosk_id, public_key, added_at, source)"
                                   " VALUES (?1, lower (?2), ?3, ?4)", error, "tttt", kiosk_id, public_key, stamp,
                             source),
              "storing a kiosk's key", error);
}

typedef struct {
  const char          *path;
  const HlBundleRange *range;
  const char          *bundle_id;
  const char          *enrol_key;
  HlStoreGateFunc      gate;
  gpointer             gate_data;
  HlBundleImport      *result;
} ImportWork;

/* Whether the held chain and the bundle's agree where they meet: the link before the bundle's first,
 * every link both hold, and the link after the bundle's last (whose prev must be the bundle's head). */
static gboolean
check_continuation (HlStore              *self,
                    const HlBundleRange  *range,
                    GError              **error)
{
  guint8 prev[HL_STORE_HASH_LEN], head[HL_STORE_HASH_LEN], held[HL_STORE_HASH_LEN];
  gboolean found;
  gint64 parts = 0, seq = 0, any = 0;

  if (!hex_hash (range->chain_prev, prev) || !hex_hash (range->chain_head, head))
    return bundle_fail (self, HL_STORE_ERROR_BUNDLE_INVALID, error, "the manifest's chain hashes are not hashes");
  /* Nothing held of the kiosk's chain, nothing to part from: the join below reads every link of the
   * bundle (5 ms of a 10,000-response bundle's import, the province's first bundle of each kiosk). */
  if (!query_int (self, prepare (self, "SELECT EXISTS (SELECT 1 FROM kiosk_links WHERE kiosk_id = ?1)", error, "t",
                                 range->kiosk_id), &any, error))
    return FALSE;
  if (!any)
    return TRUE;
  if (!link_hash (self, "kiosk_links", range->kiosk_id, range->first_link - 1, held, &found, error))
    return FALSE;
  if (found && memcmp (held, prev, HL_STORE_HASH_LEN) != 0)
    parts = range->first_link - 1;
  if (parts == 0
      && !query_int (self, prepare (self, "SELECT coalesce(min(c.link), 0) FROM b.chain c JOIN kiosk_links k"
                                          " ON k.kiosk_id = c.kiosk_id AND k.link = c.link WHERE k.hash <> c.hash",
                                    error, ""), &parts, error))
    return FALSE;
  if (parts == 0
      && !query_int (self, prepare (self, "SELECT coalesce(max(link), 0) FROM kiosk_links WHERE kiosk_id = ?1"
                                          " AND link = ?2 + 1 AND prev <> ?3", error, "tib", range->kiosk_id,
                                    range->last_link, head), &parts, error))
    return FALSE;
  if (parts == 0)
    return TRUE;
  query_int (self, prepare (self, "SELECT coalesce(max(seq), 0) FROM kiosk_links WHERE kiosk_id = ?1 AND link <= ?2",
                            NULL, "ti", range->kiosk_id, parts), &seq, NULL);
  return bundle_fail (self, HL_STORE_ERROR_BUNDLE_REWRITTEN, error,
                      "refused: its chain does not continue the one held for kiosk %s: they part at link %"
                      G_GINT64_FORMAT " (about response %" G_GINT64_FORMAT "), so the kiosk's history was rewritten",
                      range->kiosk_id, parts, seq);
}

/* The statements that copy a bundle's responses and answers. Of a kiosk the province already holds
 * something of, a row it holds is skipped (@cond: the NOT EXISTS look-ups); of a kiosk it holds nothing
 * of, every row is new, and the look-up, one index seek per row, is left out (@cond empty): should a row
 * be there after all, the UNIQUE constraints refuse it and the bundle with it. Responses are numbered
 * by the province's own row ids and carry no sequence number (it stays in response_id, and in
 * kiosk_links); the quick ratings first, so that the detailed ones find theirs. */
#define IMPORT_NOT_HELD_RESPONSE \
  " AND NOT EXISTS (SELECT 1 FROM main.responses m WHERE m.kiosk_id = r.kiosk_id AND m.response_id = r.response_id)"
#define IMPORT_QUICK_RESPONSES(cond) \
  "INSERT INTO main.responses (" RESPONSE_COLUMNS ")" \
  " SELECT r.kiosk_id, r.response_id, NULL, r.recorded_at, r.recorded_utc, r.day, r.unit_code," \
  " r.counter_code, r.officer_code, r.procedure_code, r.field_code, r.survey_id, r.survey_version," \
  " r.is_repeat, r.ticket_hash, r.burst, NULL FROM b.responses r WHERE r.detail_of IS NULL" cond " ORDER BY r.id"
#define IMPORT_DETAILED_RESPONSES(cond) \
  "INSERT INTO main.responses (" RESPONSE_COLUMNS ")" \
  " SELECT r.kiosk_id, r.response_id, NULL, r.recorded_at, r.recorded_utc, r.day, r.unit_code," \
  " r.counter_code, r.officer_code, r.procedure_code, r.field_code, r.survey_id," \
  " r.survey_version, r.is_repeat, r.ticket_hash, r.burst," \
  " (SELECT m.id FROM b.responses q JOIN main.responses m ON m.kiosk_id = q.kiosk_id" \
  "  AND m.response_id = q.response_id WHERE q.id = r.detail_of)" \
  " FROM b.responses r WHERE r.detail_of IS NOT NULL" cond " ORDER BY r.id"
#define IMPORT_NOT_HELD_ANSWER \
  " AND NOT EXISTS (SELECT 1 FROM main.answers x WHERE x.response = m.id AND x.question_id = a.question_id" \
  " AND x.value = a.value)"
#define IMPORT_ANSWERS(cond) \
  "INSERT INTO main.answers (response, question_id, value)" \
  " SELECT m.id, a.question_id, a.value FROM b.answers a JOIN b.responses br ON br.id = a.response" \
  " JOIN main.responses m ON m.kiosk_id = br.kiosk_id AND m.response_id = br.response_id" \
  " WHERE a.replaces IS NULL" cond " ORDER BY a.id"

static gboolean
import_work (HlStore  *self,
             gpointer  data,
             GError  **error)
{
  ImportWork *w = data;
  const HlBundleRange *range = w->range;
  HlBundleImport *result = w->result;
  gint64 known = 0, before = 0, held_below = 0, held_above = 0, first_response = 0, first_answer = 0;
  gboolean kiosk_held = TRUE;
  g_autofree char *from_day = NULL;
  g_autofree char *to_day = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  guint8 prev[HL_STORE_HASH_LEN];
  sqlite3_stmt *stmt;
  int rc;

  if (!query_int (self, prepare (self, "SELECT count(*) FROM imported_bundles WHERE bundle_id = ?1", error, "t",
                                 w->bundle_id), &known, error))
    return FALSE;
  if (known > 0)
    {
      result->already_imported = TRUE;
      result->responses_present = range->responses;
      return TRUE;
    }
  if (range->first_link == 0)
    goto record;
  if (!check_continuation (self, range, error))
    return FALSE;
  if (!query_int (self, prepare (self, "SELECT count(*) FROM b.surveys bs JOIN main.surveys s"
                                       " ON s.survey_id = bs.survey_id AND s.version = bs.version"
                                       " WHERE s.digest <> bs.digest", error, ""), &known, error))
    return FALSE;
  if (known > 0)
    return bundle_fail (self, HL_STORE_ERROR_CONFLICT, error, "refused: it carries a survey definition that differs"
                        " from the one stored under the same id and version");
  if (!query_int (self, prepare (self, "SELECT coalesce(max(seq), 0) FROM kiosk_links WHERE kiosk_id = ?1", error,
                                 "t", range->kiosk_id), &result->held_last_sequence, error))
    return FALSE;

  if (!hl_store_exec (self, "INSERT OR IGNORE INTO main.surveys SELECT survey_id, version, definition, digest"
                            " FROM b.surveys", error))
    return FALSE;
  /* A kiosk the province holds nothing of yet (its first bundle): its rows will be exactly those added
   * from the next row ids on, and its rollups are counted from them in memory (count_new_kiosk). Row ids
   * of an INTEGER PRIMARY KEY without AUTOINCREMENT are above every one held. */
  if (!hl_store_kiosk_has_responses (self, range->kiosk_id, &kiosk_held, error)
      || (!kiosk_held
          && (!query_int (self, prepare (self, "SELECT coalesce(max(id), 0) + 1 FROM main.responses", error, ""),
                          &first_response, error)
              || !query_int (self, prepare (self, "SELECT coalesce(max(id), 0) + 1 FROM main.answers", error, ""),
                             &first_answer, error))))
    return FALSE;
  /* The own-kiosk guard's trigger would run for every response: its rule is checked once instead, over
   * the responses added, before the answers (hl-store-import.c). */
  if (!hl_store_lift_own_kiosk_guard (self, error))
    return FALSE;
  /* The rows added are counted by SQLite's count of changes (after the schema change, which may count as
   * well): a count(*) of the province's tables before and after would read all of them for every bundle.
   * No trigger that changes rows runs for these inserts. */
  before = sqlite3_total_changes64 (self->db);
  /* The responses (see IMPORT_QUICK_RESPONSES). */
  if (!hl_store_exec (self, kiosk_held ? IMPORT_QUICK_RESPONSES (IMPORT_NOT_HELD_RESPONSE)
                                       : IMPORT_QUICK_RESPONSES (""), error)
      || !hl_store_exec (self, kiosk_held ? IMPORT_DETAILED_RESPONSES (IMPORT_NOT_HELD_RESPONSE)
                                          : IMPORT_DETAILED_RESPONSES (""), error))
    return FALSE;
  result->responses_added = sqlite3_total_changes64 (self->db) - before;
  if (!hl_store_restore_own_kiosk_guard (self, error))
    return FALSE;
  result->responses_present = range->responses - result->responses_added;
  if (result->responses_present < 0)
    result->responses_present = 0;

  /* Answers not held yet (an answer is one (response, question, value)); those that replace an earlier
   * one one at a time, in order, so that each finds the one it replaces among those just added. */
  before = sqlite3_total_changes64 (self->db);
  if (!hl_store_exec (self, kiosk_held ? IMPORT_ANSWERS (IMPORT_NOT_HELD_ANSWER) : IMPORT_ANSWERS (""), error))
    return FALSE;
  stmt = prepare (self, "SELECT id FROM b.answers WHERE replaces IS NOT NULL ORDER BY id", error, "");
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!run (self, prepare (self,
                             "INSERT INTO main.answers (response, question_id, value, replaces)"
                             " SELECT m.id, a.question_id, a.value,"
                             " (SELECT x.id FROM b.answers o JOIN main.answers x ON x.response = m.id"
                             "  AND x.question_id = o.question_id AND x.value = o.value WHERE o.id = a.replaces)"
                             " FROM b.answers a JOIN b.responses br ON br.id = a.response"
                             " JOIN main.responses m ON m.kiosk_id = br.kiosk_id AND m.response_id = br.response_id"
                             " WHERE a.id = ?1 AND NOT EXISTS (SELECT 1 FROM main.answers x WHERE x.response = m.id"
                             " AND x.question_id = a.question_id AND x.value = a.value)",
                             error, "i", sqlite3_column_int64 (stmt, 0)),
              "importing an answer", error))
      {
        sqlite3_finalize (stmt);
        return FALSE;
      }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "importing answers", error);
  result->answers_added = sqlite3_total_changes64 (self->db) - before;

  /* The rollups of every day the bundle touches, counted again from the responses now held. */
  stmt = prepare (self, "SELECT min(day), max(day) FROM b.responses", error, "");
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      from_day = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      to_day = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  if (from_day != NULL
      && !(kiosk_held ? hl_store_recount (self, range->kiosk_id, from_day, to_day, error)
                      : count_new_kiosk (self, range->kiosk_id, from_day, to_day, first_response, first_answer,
                                         error)))
    return FALSE;

  /* The links, so that the next bundle can be checked against them. Each link's prev is the hash of the
   * bundle's link before it (the run is contiguous: the verification checked it), found by its primary
   * key: lag() over the run sorted the whole chain into a temporary table first (255 ms of a
   * 100,000-response bundle's import, 150 ms this way). */
  hex_hash (range->chain_prev, prev);
  if (!run (self, prepare (self,
                           "INSERT OR IGNORE INTO kiosk_links (kiosk_id, link, seq, prev, hash)"
                           " SELECT c.kiosk_id, c.link, CASE WHEN c.kind = 1 THEN r.seq END,"
                           " coalesce ((SELECT p.hash FROM b.chain p WHERE p.kiosk_id = c.kiosk_id"
                           "  AND p.link = c.link - 1), ?1), c.hash"
                           " FROM b.chain c JOIN b.responses r ON r.id = c.response ORDER BY c.kiosk_id, c.link",
                           error, "b", prev),
            "storing the chain's links", error))
    return FALSE;

  /* Gaps around it: responses the province has never received. */
  if (range->first_link > 0)
    {
      if (!query_int (self, prepare (self, "SELECT coalesce(max(link), 0) FROM kiosk_links WHERE kiosk_id = ?1"
                                           " AND link < ?2", error, "ti", range->kiosk_id, range->first_link),
                      &held_below, error)
          || !query_int (self, prepare (self, "SELECT coalesce(min(link), 0) FROM kiosk_links WHERE kiosk_id = ?1"
                                              " AND link > ?2", error, "ti", range->kiosk_id, range->last_link),
                         &held_above, error))
        return FALSE;
      if (held_below < range->first_link - 1)
        {
          gint64 seq_below = 0;

          query_int (self, prepare (self, "SELECT coalesce(max(seq), 0) FROM kiosk_links WHERE kiosk_id = ?1"
                                          " AND link <= ?2", NULL, "ti", range->kiosk_id, held_below), &seq_below, NULL);
          result->gap_before = range->first_sequence - seq_below - 1;
        }
      if (held_above > range->last_link + 1)
        {
          gint64 seq_above = 0;

          query_int (self, prepare (self, "SELECT coalesce(min(seq), 0) FROM kiosk_links WHERE kiosk_id = ?1"
                                          " AND link >= ?2", NULL, "ti", range->kiosk_id, held_above), &seq_above, NULL);
          result->gap_after = seq_above > 0 ? seq_above - range->last_sequence - 1 : 0;
        }
    }

record:
  return run (self, prepare (self, "INSERT INTO imported_bundles (bundle_id, kiosk_id, first_link, last_link,"
                                   " first_sequence, last_sequence, responses, responses_added, imported_at, file)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                             error, "ttiiiiiitt", w->bundle_id, range->kiosk_id, range->first_link,
                             range->last_link, range->first_sequence, range->last_sequence, range->responses,
                             result->responses_added, stamp, w->path),
             "recording the import", error);
}

/* import_work(), then the key enrolled with --trust-new stored in the same transaction as the rows it
 * vouches for (also when the bundle was held already, as before), then the caller's gate. */
static gboolean
import_enrol_work (HlStore  *self,
                   gpointer  data,
                   GError  **error)
{
  ImportWork *w = data;

  return import_work (self, data, error)
         && (w->enrol_key == NULL
             || hl_store_add_kiosk_key (self, w->range->kiosk_id, w->enrol_key, "trust-new", error))
         && (w->gate == NULL || w->gate (w->gate_data, error));
}

/* Imports a verified bundle (hl-bundle.c checks its signature and chain first) into the province's
 * database, all or nothing: see the top of this file. */
gboolean
hl_store_import_bundle (HlStore              *self,
                        const char           *path,
                        const HlBundleRange  *range,
                        const char           *bundle_id,
                        HlBundleImport       *result,
                        GError              **error)
{
  return hl_store_import_bundle_enrol (self, path, range, bundle_id, NULL, NULL, NULL, result, error);
}

/* hl_store_import_bundle(), and, with @enrol_key, the kiosk's key enrolled (source "trust-new") in the
 * same transaction: one durable commit per bundle instead of two, and neither without the other. With
 * @gate, the transaction commits only if @gate says so. */
gboolean
hl_store_import_bundle_enrol (HlStore              *self,
                              const char           *path,
                              const HlBundleRange  *range,
                              const char           *bundle_id,
                              const char           *enrol_key,
                              HlStoreGateFunc       gate,
                              gpointer              gate_data,
                              HlBundleImport       *result,
                              GError              **error)
{
  ImportWork work = { path, range, bundle_id, enrol_key, gate, gate_data, result };
  gboolean own = !self->in_transaction;
  gboolean ok;

  g_return_val_if_fail (self != NULL && path != NULL && range != NULL && result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  if (!attach (self, path, "b", error))
    return FALSE;
  /* A bundle of 100,000 responses writes about 50 MB: with SQLite's default 2 MiB cache its dirty pages
   * spilled into the write-ahead log mid-transaction and were read back. */
  if (own)
    hl_store_bulk_cache (self);
  ok = hl_store_in_transaction (self, import_enrol_work, &work, error);
  if (own)
    hl_store_default_cache (self);
  /* A rollback brought the guard back; inside a caller's transaction its commit restores it. */
  if (!ok && !self->in_transaction)
    hl_store_forget_own_kiosk_guard (self);
  detach (self, "b");
  return ok;
}

typedef struct {
  const char       *kiosk_id;
  const char       *day;
  const HlCountRow *rows[2];
  guint             n_rows[2];
} DayCounts;

static gboolean
replace_day_counts_work (HlStore  *self,
                         gpointer  data,
                         GError  **error)
{
  static const char *tables[] = { "qr_day_counts", "qr_burst_counts" };
  DayCounts *d = data;
  gint64 held = 0;

  if (!query_int (self, prepare (self, "SELECT count(*) FROM responses WHERE kiosk_id = ?1 AND day = ?2", error, "tt",
                                 d->kiosk_id, d->day), &held, error))
    return FALSE;
  if (held > 0)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CONFLICT,
                   "%s: the responses of kiosk %s on %s are held already (from a bundle or a CSV file), and they "
                   "count; the day's QR codes are not counted over them", self->path, d->kiosk_id, d->day);
      return FALSE;
    }
  for (guint t = 0; t < 2; t++)
    {
      g_autofree char *clear = g_strdup_printf ("DELETE FROM %s WHERE kiosk_id = ?1 AND day = ?2", tables[t]);
      g_autofree char *insert = g_strdup_printf (
        "INSERT INTO %s (day, kiosk_id, unit_code, counter_code, officer_code, procedure_code, field_code,"
        " survey_id, survey_version, question_id, value, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
        " ON CONFLICT DO UPDATE SET n = n + excluded.n", tables[t]);

      if (!run (self, prepare (self, clear, error, "tt", d->kiosk_id, d->day), "replacing a day's counts", error))
        return FALSE;
      for (guint i = 0; i < d->n_rows[t]; i++)
        {
          const HlCountRow *r = &d->rows[t][i];

          if (!run (self, prepare (self, insert, error, "ttttttttitii", d->day, d->kiosk_id, r->unit, r->counter,
                                   r->officer ? r->officer : "", r->procedure ? r->procedure : "",
                                   r->field ? r->field : "", r->survey_id, (gint64) r->survey_version,
                                   r->question_id, (gint64) r->value, r->n),
                    "replacing a day's counts", error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Puts @counts (and @bursts, the same for responses flagged as bursts) in place of @kiosk_id's rollups of
 * @day, in one transaction: the aggregates of a day read from the kiosk's QR codes. Refused when the
 * province holds that day's responses, which count instead (and when a bundle of the day comes later, its
 * import counts the day again from its responses). */
gboolean
hl_store_replace_day_counts (HlStore           *self,
                             const char        *kiosk_id,
                             const char        *day,
                             const HlCountRow  *counts,
                             guint              n_counts,
                             const HlCountRow  *bursts,
                             guint              n_bursts,
                             GError           **error)
{
  DayCounts d = { kiosk_id, day, { counts, bursts }, { n_counts, n_bursts } };

  return hl_store_in_transaction (self, replace_day_counts_work, &d, error);
}
