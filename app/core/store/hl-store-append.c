/* hl-store-append.c: appending responses and answers, and keeping the per-day rollups.
 *
 * Every counted answer is added to the rollups in the same transaction as the answer itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

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

static gboolean
add_to_rollups (HlStore     *self,
                gint64       response_row,
                const char  *question_id,
                int          value,
                GError     **error)
{
  sqlite3_stmt *stmt = hl_store_get_stmt (self, STMT_COUNT_RESPONSE, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, response_row);
  sqlite3_bind_text (stmt, 2, question_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, value);
  if (!hl_store_step_done (self, stmt, "updating the daily counts", error))
    return FALSE;
  /* A no-op unless the response is flagged as part of a burst. */
  stmt = hl_store_get_stmt (self, STMT_COUNT_BURST, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, response_row);
  sqlite3_bind_text (stmt, 2, question_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, value);
  return hl_store_step_done (self, stmt, "updating the burst counts", error);
}

/* The rollups' guard (migration 3) lets the store's own connection write them only while this flag is
 * up: see hl_store_counting() in hl-store-trust.c. */
static gboolean
count_in_rollups (HlStore     *self,
                  gint64       response_row,
                  const char  *question_id,
                  int          value,
                  GError     **error)
{
  gboolean ok;

  self->counting = TRUE;
  ok = add_to_rollups (self, response_row, question_id, value, error);
  self->counting = FALSE;
  return ok;
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
      if (!count_in_rollups (self, response_row, answers[i].question_id, answers[i].value, error))
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

  if (!count_in_rollups (self, response->row_id, "", 0, error))
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
uncount (HlStore     *self,
         gint64       response_row,
         const char  *question_id,
         int          value,
         GError     **error)
{
  StmtId ids[] = { STMT_UNCOUNT, STMT_UNCOUNT_BURST };
  gboolean ok = TRUE;

  self->counting = TRUE;
  for (guint i = 0; ok && i < G_N_ELEMENTS (ids); i++)
    {
      sqlite3_stmt *stmt = hl_store_get_stmt (self, ids[i], error);

      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, response_row);
          sqlite3_bind_text (stmt, 2, question_id, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 3, value);
          ok = hl_store_step_done (self, stmt, "updating the daily counts", error);
        }
    }
  self->counting = FALSE;
  return ok;
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
  if (!uncount (self, response_row, question_id, old_value, error)
      || !count_in_rollups (self, response_row, question_id, value, error))
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

