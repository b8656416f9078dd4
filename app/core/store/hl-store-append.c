/* hl-store-append.c: appending responses and answers, and keeping the per-day rollups.
 *
 * Every counted answer is added to the rollups (by day and by month) in the same transaction as the answer
 * itself: summed in memory while the transaction runs, written once per key before it commits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hl-store-private.h"

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

/* Rollup increments summed in memory inside a write transaction (hl_store_begin(), or one of
 * hl_store_in_transaction()'s own), written by hl_store_flush_counts() before it commits.
 *
 * A key is the rollup's key columns, each NUL-terminated, in the order of the rollup tables' primary
 * key (day, kiosk, unit, counter, officer, procedure, field, survey, version, question, value), with the
 * integers written in decimal: so sorting the keys bytewise puts them near the order of the tables'
 * B-trees, and hl_store_flush_counts() writes them in that order. Hand-written instead of a GHashTable of
 * strings because the lookup must not allocate: it runs for every answer. */
typedef struct {
  gint64 n_day;    /* to add to day_counts (negative: an answer that a newer one replaced) */
  gint64 n_burst;  /* to add to burst_counts */
  gboolean burst;  /* a burst response's key: burst_counts has its row (n_burst may sum to 0) */
  guint  len;
  char   key[];
} HlPendingCount;

/* What the rollups need of a response appended in this transaction, so that its answers are counted
 * without reading the response back: its key columns up to the question (as in HlPendingCount). */
typedef struct {
  gint64   row;
  gboolean counted;   /* not a repeat */
  gboolean burst;
  gboolean detail;    /* a detailed rating: its criteria count, the response itself does not */
  guint    len;
  char     prefix[];
} HlPendingResponse;

static guint
pending_count_hash (gconstpointer data)
{
  const HlPendingCount *count = data;
  guint h = 5381;

  for (guint i = 0; i < count->len; i++)
    h = h * 33 + (guchar) count->key[i];
  return h;
}

static gboolean
pending_count_equal (gconstpointer a,
                     gconstpointer b)
{
  const HlPendingCount *x = a, *y = b;

  return x->len == y->len && memcmp (x->key, y->key, x->len) == 0;
}

static void
append_field (GByteArray *out,
              const char *text)
{
  g_byte_array_append (out, (const guint8 *) (text ? text : ""), text ? strlen (text) + 1 : 1);
}

static void
append_int_field (GByteArray *out,
                  gint64      value)
{
  char digits[24];
  char *p = digits + sizeof digits;

  /* By hand: this runs for every answer of an import, and g_snprintf was 1.5 % of it (callgrind). */
  if (value < 0)
    {
      g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, value);
      append_field (out, digits);
      return;
    }
  *--p = '\0';
  do
    *--p = (char) ('0' + value % 10);
  while ((value /= 10) > 0);
  g_byte_array_append (out, (const guint8 *) p, digits + sizeof digits - p);
}

/* Remembers what the rollups need of the response at row @row (its key columns as append_field() wrote
 * them into self->count_scratch), and returns it. */
static const HlPendingResponse *
remember_prefix (HlStore  *self,
                 gint64    row,
                 gboolean  counted,
                 gboolean  burst,
                 gboolean  detail)
{
  GByteArray *prefix = self->count_scratch;
  HlPendingResponse *pending = g_malloc (sizeof (HlPendingResponse) + prefix->len);

  pending->row = row;
  pending->counted = counted;
  pending->burst = burst;
  pending->detail = detail;
  pending->len = prefix->len;
  memcpy (pending->prefix, prefix->data, prefix->len);
  g_hash_table_replace (self->pending_responses, &pending->row, pending);
  return pending;
}

static GByteArray *
start_prefix (HlStore *self)
{
  if (self->pending_responses == NULL)
    self->pending_responses = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  if (self->count_scratch == NULL)
    self->count_scratch = g_byte_array_new ();
  g_byte_array_set_size (self->count_scratch, 0);
  return self->count_scratch;
}

/* Remembers what the rollups need of @response, appended (row @response->row_id) in this transaction. */
static void
remember_response (HlStore          *self,
                   const HlResponse *response)
{
  GByteArray *prefix = start_prefix (self);

  append_field (prefix, response->day);
  append_field (prefix, response->kiosk_id);
  append_field (prefix, response->unit);
  append_field (prefix, response->counter);
  append_field (prefix, response->officer);
  append_field (prefix, response->procedure);
  append_field (prefix, response->field);
  append_field (prefix, response->survey_id);
  append_int_field (prefix, response->survey_version);
  remember_prefix (self, response->row_id, !response->repeat, response->burst, response->detail_of > 0);
}

/* The same for a response stored before this transaction (answers added to it later, or replaced), read
 * back from the database once per transaction. */
static const HlPendingResponse *
remember_stored (HlStore  *self,
                 gint64    row,
                 GError  **error)
{
  sqlite3_stmt *stmt = hl_store_get_stmt (self, STMT_RESPONSE_KEY, error);
  const HlPendingResponse *pending;
  GByteArray *prefix;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, row);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND, "%s: no response at row %" G_GINT64_FORMAT,
                     self->path, row);
      else
        hl_store_set_sqlite_error (self, rc, "reading a response", error);
      sqlite3_reset (stmt);
      return NULL;
    }
  prefix = start_prefix (self);
  for (int column = 0; column < 8; column++)
    append_field (prefix, (const char *) sqlite3_column_text (stmt, column));
  append_int_field (prefix, sqlite3_column_int64 (stmt, 8));
  pending = remember_prefix (self, row, sqlite3_column_int (stmt, 9) == 0, sqlite3_column_int (stmt, 10) != 0,
                             sqlite3_column_type (stmt, 11) != SQLITE_NULL);
  sqlite3_reset (stmt);
  return pending;
}

/* Adds @delta (1, or -1 for an answer that a newer one replaced) to the rollups in memory for @pending's
 * key, @question_id and @value. */
static void
count_pending (HlStore                 *self,
               const HlPendingResponse *pending,
               const char              *question_id,
               int                      value,
               int                      delta)
{
  GByteArray *scratch = self->count_scratch;
  HlPendingCount *count;

  /* As RECOUNT: repeats are never counted, nor a detailed rating as a second citizen. */
  if (!pending->counted || (*question_id == '\0' && pending->detail))
    return;
  if (self->pending_counts == NULL)
    self->pending_counts = g_hash_table_new_full (pending_count_hash, pending_count_equal, g_free, NULL);
  g_byte_array_set_size (scratch, G_STRUCT_OFFSET (HlPendingCount, key));
  g_byte_array_append (scratch, (const guint8 *) pending->prefix, pending->len);
  append_field (scratch, question_id);
  append_int_field (scratch, value);
  ((HlPendingCount *) scratch->data)->len = scratch->len - G_STRUCT_OFFSET (HlPendingCount, key);
  count = g_hash_table_lookup (self->pending_counts, scratch->data);
  if (count == NULL)
    {
      count = g_memdup2 (scratch->data, scratch->len);
      count->n_day = count->n_burst = 0;
      count->burst = FALSE;
      g_hash_table_add (self->pending_counts, count);
    }
  count->n_day += delta;
  if (pending->burst)
    {
      count->n_burst += delta;
      count->burst = TRUE;
    }
}

/* @delta more in the rollups for an answer (or, with question "" and value 0, the response itself): summed
 * in memory, and written by hl_store_flush_counts() before the transaction commits. */
static gboolean
count_in_rollups (HlStore     *self,
                  gint64       response_row,
                  const char  *question_id,
                  int          value,
                  int          delta,
                  GError     **error)
{
  const HlPendingResponse *pending = NULL;

  if (self->pending_responses != NULL)
    pending = g_hash_table_lookup (self->pending_responses, &response_row);
  if (pending == NULL)
    pending = remember_stored (self, response_row, error);
  if (pending == NULL)
    return FALSE;
  count_pending (self, pending, question_id, value, delta);
  return TRUE;
}

static int
compare_pending (gconstpointer a,
                 gconstpointer b)
{
  const HlPendingCount *x = *(HlPendingCount * const *) a, *y = *(HlPendingCount * const *) b;
  int c = memcmp (x->key, y->key, MIN (x->len, y->len));

  return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

static gboolean
write_pending (HlStore              *self,
               StmtId                id,
               const HlPendingCount *count,
               gint64                n,
               GError              **error)
{
  sqlite3_stmt *stmt = hl_store_get_stmt (self, id, error);
  const char *field = count->key;

  if (stmt == NULL)
    return FALSE;
  for (int column = 1; column <= 11; column++)
    {
      if (column == 9 || column == 11)
        sqlite3_bind_int64 (stmt, column, g_ascii_strtoll (field, NULL, 10));
      else
        sqlite3_bind_text (stmt, column, field, -1, SQLITE_STATIC);
      field += strlen (field) + 1;
    }
  sqlite3_bind_int64 (stmt, 12, n);
  return hl_store_step_done (self, stmt, id == STMT_ADD_DAY_COUNTS || id == STMT_ADD_MONTH_COUNTS
                                         ? "updating the counts" : "updating the burst counts", error);
}

/* Writes @counts (sorted) into the rollup tables @day_id and @burst_id, merging neighbours with equal keys. */
static gboolean
write_sorted (HlStore         *self,
              StmtId           day_id,
              StmtId           burst_id,
              HlPendingCount **counts,
              guint            n_counts,
              GError         **error)
{
  for (guint i = 0; i < n_counts;)
    {
      const HlPendingCount *count = counts[i];
      gint64 n_day = 0, n_burst = 0;
      gboolean burst = FALSE;

      for (; i < n_counts && pending_count_equal (counts[i], count); i++)
        {
          n_day += counts[i]->n_day;
          n_burst += counts[i]->n_burst;
          burst |= counts[i]->burst;
        }
      if (!write_pending (self, day_id, count, n_day, error)
          || (burst && !write_pending (self, burst_id, count, n_burst, error)))
        return FALSE;
    }
  return TRUE;
}

/* Writes the increments summed since the transaction began (or the last flush): once per key, in key
 * order, into the day rollups and (from schema 6) the month rollups. The one place that adds to the
 * rollups as answers come: every writer of answers counts through it, so the months keep in step with
 * the days. Called before a transaction commits, and before anything in it reads or recounts the
 * rollups. */
gboolean
hl_store_flush_counts (HlStore  *self,
                       GError  **error)
{
  g_autofree HlPendingCount **counts = NULL;
  guint n_counts = 0;
  gboolean ok;

  if (self->pending_counts == NULL || g_hash_table_size (self->pending_counts) == 0)
    return TRUE;
  counts = (HlPendingCount **) g_hash_table_get_keys_as_array (self->pending_counts, &n_counts);
  /* The table gives up its keys: they become the months' keys below, and are freed here. */
  g_hash_table_steal_all (self->pending_counts);
  qsort (counts, n_counts, sizeof (gpointer), compare_pending);
  self->counting = TRUE;
  ok = write_sorted (self, STMT_ADD_DAY_COUNTS, STMT_ADD_BURST_COUNTS, counts, n_counts, error);
  if (ok && self->version >= 6)
    {
      /* Each key's day YYYY-MM-DD becomes its month YYYY-MM, in place; the days of one month then sort
       * together and are written as one row. */
      for (guint i = 0; i < n_counts; i++)
        {
          HlPendingCount *count = counts[i];
          guint day_len = strlen (count->key);

          if (day_len > 7)
            {
              memmove (count->key + 7, count->key + day_len, count->len - day_len);
              count->len -= day_len - 7;
            }
        }
      qsort (counts, n_counts, sizeof (gpointer), compare_pending);
      ok = write_sorted (self, STMT_ADD_MONTH_COUNTS, STMT_ADD_MONTH_BURST_COUNTS, counts, n_counts, error);
    }
  self->counting = FALSE;
  for (guint i = 0; i < n_counts; i++)
    g_free (counts[i]);
  return ok;
}

/* Counts again, from the day rollups, the month rollups of the months of [@from_day, @to_day] (and of
 * @kiosk_id only, unless NULL): for the writers that replace day rollups wholesale (a bundle's recount,
 * a rebuild). In the caller's transaction; a no-op before schema 6. */
gboolean
hl_store_recount_months (HlStore     *self,
                         const char  *kiosk_id,
                         const char  *from_day,
                         const char  *to_day,
                         GError     **error)
{
  static const struct {
    const char *table;
    const char *days;
  } months[] = {
    { "month_counts", "day_counts" },
    { "month_burst_counts", "burst_counts" },
  };
  g_autofree char *from_month = g_strndup (from_day, 7);
  g_autofree char *to_month = g_strndup (to_day, 7);
  g_autofree char *first_day = g_strconcat (from_month, "-01", NULL);
  g_autofree char *last_day = g_strconcat (to_month, "-31", NULL);  /* at or after every day of the month */
  gboolean ok = TRUE;

  if (self->version < 6)
    return TRUE;
  self->counting = TRUE;
  for (guint t = 0; ok && t < G_N_ELEMENTS (months); t++)
    {
      /* For one kiosk, its months and days are listed and each sought on the tables' (month or day,
       * kiosk_id) primary key: a range of months or days would read every kiosk's rows of them, which at a
       * province is all of them again for every bundle imported (hl-store-export.c, hl_store_recount). */
      const char *months_of = kiosk_id
        ? " kiosk_id = ?3 AND month IN (WITH RECURSIVE m (month) AS (SELECT ?1 UNION ALL"
          " SELECT substr (date (month || '-01', '+1 month'), 1, 7) FROM m WHERE month < ?2)"
          " SELECT month FROM m WHERE month <= ?2)"
        : " month BETWEEN ?1 AND ?2";
      const char *days_of = kiosk_id
        ? " kiosk_id = ?3 AND day IN (WITH RECURSIVE d (day) AS (SELECT ?1 UNION ALL"
          " SELECT date (day, '+1 day') FROM d WHERE day < ?2) SELECT day FROM d WHERE day <= ?2)"
        : " day BETWEEN ?1 AND ?2";
      g_autofree char *clear = g_strdup_printf ("DELETE FROM %s WHERE%s", months[t].table, months_of);
      g_autofree char *count = g_strdup_printf ("INSERT INTO %s (" MONTH_KEY ", n) SELECT substr (day, 1, 7),"
                                                " kiosk_id, unit_code, counter_code, officer_code, procedure_code,"
                                                " field_code, survey_id, survey_version, question_id, value, sum (n)"
                                                " FROM %s WHERE%s"
                                                " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11",
                                                months[t].table, months[t].days, days_of);
      const char *sql[] = { clear, count };

      for (guint q = 0; ok && q < G_N_ELEMENTS (sql); q++)
        {
          sqlite3_stmt *stmt = NULL;
          int rc = sqlite3_prepare_v2 (self->db, sql[q], -1, &stmt, NULL);

          if (rc != SQLITE_OK)
            {
              ok = hl_store_set_sqlite_error (self, rc, "counting the months again", error);
              break;
            }
          sqlite3_bind_text (stmt, 1, q == 0 ? from_month : first_day, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, q == 0 ? to_month : last_day, -1, SQLITE_STATIC);
          if (kiosk_id != NULL)
            sqlite3_bind_text (stmt, 3, kiosk_id, -1, SQLITE_STATIC);
          ok = hl_store_step_done (self, stmt, "counting the months again", error);
          sqlite3_finalize (stmt);
        }
    }
  self->counting = FALSE;
  return ok;
}

/* Forgets the transaction's increments and responses (a rollback, or the end of the transaction). */
void
hl_store_drop_counts (HlStore *self)
{
  g_clear_pointer (&self->pending_counts, g_hash_table_unref);
  g_clear_pointer (&self->pending_responses, g_hash_table_unref);
  g_clear_pointer (&self->count_scratch, g_byte_array_unref);
}

/* The same at the end of one of hl_store_in_transaction()'s own short transactions (a kiosk's commit),
 * keeping the emptied tables for the next. */
void
hl_store_clear_counts (HlStore *self)
{
  if (self->pending_counts != NULL)
    g_hash_table_remove_all (self->pending_counts);
  if (self->pending_responses != NULL)
    g_hash_table_remove_all (self->pending_responses);
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
      sqlite3_stmt *stmt = hl_store_get_stmt (self, STMT_INSERT_ANSWER, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, response_row);
      sqlite3_bind_text (stmt, 2, answers[i].question_id, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, answers[i].value);
      if (!hl_store_step_done (self, stmt, "storing an answer", error))
        return FALSE;
      *last_id = sqlite3_last_insert_rowid (self->db);
      if (*first_id == 0)
        *first_id = *last_id;
      if (!count_in_rollups (self, response_row, answers[i].question_id, answers[i].value, 1, error))
        return FALSE;
    }
  return TRUE;
}


/* Appends a response and its first answers in one durable transaction. A kiosk's own response
 * (response_id NULL) gets the kiosk's next sequence number, which also names it. */
typedef struct {
  HlResponse     *response;
  const HlAnswer *answers;
  guint           n_answers;
} AppendResponse;

static gboolean
append_response (HlStore   *self,
                 gpointer   data,
                 GError   **error)
{
  AppendResponse *args = data;
  HlResponse *response = args->response;
  g_autofree char *own_id = NULL;
  sqlite3_stmt *stmt;
  gint64 sequence = 0;
  gint64 first_answer, last_answer;

  if (response->response_id == NULL)
    {
      stmt = hl_store_get_stmt (self, STMT_NEXT_SEQUENCE, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, response->kiosk_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          hl_store_set_sqlite_error (self, sqlite3_extended_errcode (self->db), "numbering the response", error);
          sqlite3_reset (stmt);
          return FALSE;
        }
      sequence = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      own_id = g_strdup_printf ("%" G_GINT64_FORMAT, sequence);
    }

  stmt = hl_store_get_stmt (self, STMT_INSERT_RESPONSE, error);
  if (stmt == NULL)
    return FALSE;
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
  if (!hl_store_step_done (self, stmt, "storing a response", error))
    return FALSE;
  response->row_id = sqlite3_last_insert_rowid (self->db);
  response->sequence = sequence;
  remember_response (self, response);

  if (!count_in_rollups (self, response->row_id, "", 0, 1, error))
    return FALSE;
  if (!insert_answers (self, response->row_id, args->answers, args->n_answers, &first_answer, &last_answer, error))
    return FALSE;
  /* The kiosk's own responses are chained; imported ones keep the chain of the kiosk they came from. */
  if (sequence > 0
      && !hl_store_chain_append (self, response->kiosk_id, response->row_id, HL_CHAIN_RESPONSE, first_answer, last_answer, error))
    return FALSE;
  return TRUE;
}

gboolean
hl_store_append_response (HlStore         *self,
                          HlResponse      *response,
                          const HlAnswer  *answers,
                          guint            n_answers,
                          GError         **error)
{
  AppendResponse args = { response, answers, n_answers };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (response != NULL, FALSE);
  g_return_val_if_fail (response->kiosk_id && response->recorded_at && response->day, FALSE);
  g_return_val_if_fail (response->unit && response->counter && response->survey_id, FALSE);

  return hl_store_in_transaction (self, append_response, &args, error);
}

/* The arguments of hl_store_append_answers() and hl_store_replace_answer(), for hl_store_in_transaction(). */
typedef struct {
  gint64          response_row;
  const HlAnswer *answers;
  guint           n_answers;
  const char     *question_id;
  int             value;
} AnswerWork;

/* Adds answers given later (the follow-up) to a stored response, and chains them as a record of their own
 * when the response is chained. */
static gboolean
add_answers (HlStore   *self,
             gpointer   data,
             GError   **error)
{
  AnswerWork *args = data;
  gint64 first_answer, last_answer;

  if (!insert_answers (self, args->response_row, args->answers, args->n_answers, &first_answer, &last_answer, error))
    return FALSE;
  return hl_store_chain_answers (self, args->response_row, first_answer, last_answer, error);
}

/* Appends answers given later (the follow-up) to a stored response, in one durable transaction. */
gboolean
hl_store_append_answers (HlStore         *self,
                         gint64           response_row,
                         const HlAnswer  *answers,
                         guint            n_answers,
                         GError         **error)
{
  AnswerWork args = { .response_row = response_row, .answers = answers, .n_answers = n_answers };

  g_return_val_if_fail (self != NULL, FALSE);

  if (n_answers == 0)
    return TRUE;
  return hl_store_in_transaction (self, add_answers, &args, error);
}

static gboolean
replace_answer (HlStore   *self,
                gpointer   data,
                GError   **error)
{
  AnswerWork *args = data;
  gint64 response_row = args->response_row;
  const char *question_id = args->question_id;
  int value = args->value;
  sqlite3_stmt *stmt = hl_store_get_stmt (self, STMT_CURRENT_ANSWER, error);
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
    return hl_store_set_sqlite_error (self, rc, "reading an answer", error);
  if (old_id == 0)
    {
      HlAnswer answer = { question_id, value };
      AnswerWork append = { .response_row = response_row, .answers = &answer, .n_answers = 1 };

      return add_answers (self, &append, error);
    }
  if (old_value == value)
    return TRUE;

  stmt = hl_store_get_stmt (self, STMT_INSERT_REPLACING, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, response_row);
  sqlite3_bind_text (stmt, 2, question_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, value);
  sqlite3_bind_int64 (stmt, 4, old_id);
  if (!hl_store_step_done (self, stmt, "storing an answer", error))
    return FALSE;
  new_id = sqlite3_last_insert_rowid (self->db);
  if (!count_in_rollups (self, response_row, question_id, old_value, -1, error)
      || !count_in_rollups (self, response_row, question_id, value, 1, error))
    return FALSE;

  return hl_store_chain_answers (self, response_row, new_id, new_id, error);
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
  AnswerWork args = { .response_row = response_row, .question_id = question_id, .value = value };

  g_return_val_if_fail (self != NULL, FALSE);

  return hl_store_in_transaction (self, replace_answer, &args, error);
}

