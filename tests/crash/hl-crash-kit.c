/* hl-crash-kit.c: the demo kiosk, planned citizens and the checks after a restart (see hl-crash-kit.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-crash"

#include "config.h"

#include <string.h>
#include <sqlite3.h>

#include "hl-crash-kit.h"
#include "hl-identity.h"
#include "../hl-test-util.h"

/* 2026-07-14 00:00 UTC, 07:00 in Vietnam: the first citizen's morning. */
#define BASE_UTC G_GINT64_CONSTANT (1783987200)
/* Ten minutes and a bit between most citizens, so that a few hundred responses span several days of
 * rollups. */
#define STEP_SECONDS 613
/* Of every 64 citizens, those from BURST_FIRST on come 13 s apart (BURST_LENGTH of them): a queue that
 * could not have been served, which the kiosk flags as a burst once more than the configuration allows
 * fall within its window. */
#define BURST_PERIOD 64
#define BURST_FIRST 50
#define BURST_LENGTH 8
#define BURST_GAP 13
/* Now and then a press comes this soon after the one before: a repeat, stored and never counted. */
#define REPEAT_GAP 6

static GQuark hl_crash_check_error_quark (void);
G_DEFINE_QUARK (hl-crash-check-error-quark, hl_crash_check_error)
#define CHECK_ERROR (hl_crash_check_error_quark ())

HlCrashKit *
hl_crash_kit_new (void)
{
  g_autofree char *config_path = hl_test_source_path ("data/demo/kiosk.json");
  g_autofree char *survey_path = hl_test_source_path ("survey_defs/sipas-quick.json");
  g_autoptr(GError) error = NULL;
  HlCrashKit *kit = g_new0 (HlCrashKit, 1);

  kit->config = hl_config_load_file (config_path, NULL, &error);
  g_assert_no_error (error);
  kit->survey = hl_survey_load_file (survey_path, NULL, &error);
  g_assert_no_error (error);
  kit->first = hl_survey_get_first_question (kit->survey);
  g_assert_nonnull (kit->first);
  /* The quick survey's one follow-up: a multiple choice for the unsatisfied. The plan below chooses among
   * its options, so it must be the question the kiosk shows after an unsatisfied face. */
  g_assert_cmpuint (hl_survey_get_n_questions (kit->survey), >=, 2);
  kit->follow_up = hl_survey_get_question (kit->survey, 1);
  g_assert_cmpint (kit->follow_up->type, ==, HL_QUESTION_CHOICE);
  g_assert_true (kit->follow_up->multiple);
  g_assert_cmpuint (kit->config->procedures->len, >, 0);
  g_assert_cmpuint (kit->config->officers->len, >, 0);
  return kit;
}

void
hl_crash_kit_free (HlCrashKit *kit)
{
  if (kit == NULL)
    return;
  g_clear_pointer (&kit->config, hl_config_unref);
  g_clear_object (&kit->survey);
  g_free (kit->key_db);
  g_free (kit->kiosk_id);
  g_free (kit);
}

/* A bijective mix of the sequence number (SplitMix64's finaliser), so that neighbouring citizens differ
 * in every choice. */
static guint64
mix (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

/* Takes a choice among @n from the random bits @r. */
static guint
take (guint64 *r,
      guint    n)
{
  guint choice = *r % n;

  *r /= n;
  return choice;
}

/* How much earlier than the regular step citizen @sequence comes. */
static gint64
advance (gint64 sequence)
{
  gint64 in_period = sequence % BURST_PERIOD;

  if (in_period >= BURST_FIRST && in_period < BURST_FIRST + BURST_LENGTH)
    return (in_period - BURST_FIRST + 1) * (STEP_SECONDS - BURST_GAP);
  /* Elsewhere, one citizen in twelve presses again right after the one before. */
  if (mix (~(guint64) sequence) % 12 == 0)
    return STEP_SECONDS - REPEAT_GAP;
  return 0;
}

static gint64
planned_utc (gint64 sequence)
{
  return BASE_UTC + sequence * STEP_SECONDS - advance (sequence);
}

void
hl_crash_kit_plan (HlCrashKit     *kit,
                   gint64          sequence,
                   HlCrashCitizen *c)
{
  GPtrArray *faces = hl_question_get_options (kit->first);
  GPtrArray *reasons = hl_question_get_options (kit->follow_up);
  guint n_reasons = MIN (reasons->len, HL_CRASH_MAX_REASONS);
  guint64 r = mix ((guint64) sequence);
  const HlOption *face;
  guint mask;

  g_assert_cmpint (sequence, >, 0);
  memset (c, 0, sizeof *c);
  c->sequence = sequence;
  c->utc = planned_utc (sequence);
  /* FORMATS.md §4, as the kiosk applies it: within the response interval after the previous response
   * (which is always sequence - 1: the numbers have no gaps). */
  c->repeat = sequence > 1 && c->utc - planned_utc (sequence - 1) < (gint64) kit->config->response_interval;

  c->face = take (&r, faces->len);
  face = g_ptr_array_index (faces, c->face);
  c->overall = face->value;
  c->unsatisfied = !face->satisfied;

  /* Half of the unsatisfied answer the follow-up, a quarter skip it, a quarter walk away. */
  switch (take (&r, 4))
    {
    case 0:
    case 1:
      c->follow_up = HL_CRASH_ANSWER;
      break;
    case 2:
      c->follow_up = HL_CRASH_SKIP;
      break;
    default:
      c->follow_up = HL_CRASH_WALK_AWAY;
      break;
    }
  /* A non-empty set of reasons. */
  mask = 1 + take (&r, (1u << n_reasons) - 1);
  for (guint i = 0; i < n_reasons; i++)
    if (mask & (1u << i))
      {
        c->reason_positions[c->n_reasons] = i;
        c->reason_values[c->n_reasons] = ((HlOption *) g_ptr_array_index (reasons, i))->value;
        c->n_reasons++;
      }

  /* One citizen in four is not announced by the officer; the others are armed with a procedure, an
   * officer or both, so that the rollups see many key combinations. */
  switch (take (&r, 4))
    {
    case 0:
      break;
    case 1:
      c->arm_procedure = ((HlCodeName *) g_ptr_array_index (kit->config->procedures,
                                                            take (&r, kit->config->procedures->len)))->code;
      break;
    case 2:
      c->arm_officer = ((HlOfficer *) g_ptr_array_index (kit->config->officers,
                                                         take (&r, kit->config->officers->len)))->code;
      break;
    default:
      c->arm_procedure = ((HlCodeName *) g_ptr_array_index (kit->config->procedures,
                                                            take (&r, kit->config->procedures->len)))->code;
      c->arm_officer = ((HlOfficer *) g_ptr_array_index (kit->config->officers,
                                                         take (&r, kit->config->officers->len)))->code;
      break;
    }

  /* What the kiosk stores for it (FORMATS.md): the armed officer or the one on duty; the armed procedure,
   * or the counter's only one. */
  c->officer = c->arm_officer ? c->arm_officer : kit->config->officer_on_duty;
  c->procedure = c->arm_procedure;
  if (c->procedure == NULL && kit->config->procedures->len == 1)
    c->procedure = ((HlCodeName *) g_ptr_array_index (kit->config->procedures, 0))->code;
  if (c->procedure != NULL)
    c->field = hl_config_lookup_procedure (kit->config, c->procedure)->field;
}

/* The kiosk's clock: the planned moment of the citizen about to press, that is of the response that will
 * get the next sequence number. */
static GDateTime *
planned_clock_cb (gpointer user_data)
{
  HlKiosk *kiosk = user_data;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  gint64 sequence = hl_kiosk_get_last_sequence (kiosk) + 1;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (planned_utc (sequence));

  return g_date_time_to_timezone (utc, tz);
}

/* The kiosk id of the database @path: the one its key file (made on first use, as a kiosk does) makes. */
static const char *
kiosk_id_for (HlCrashKit *kit,
              const char *path)
{
  if (g_strcmp0 (kit->key_db, path) != 0)
    {
      g_autofree char *key_path = hl_identity_key_path_for_db (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(HlIdentity) identity = hl_identity_load_or_create (key_path, &error);

      g_assert_no_error (error);
      g_free (kit->key_db);
      g_free (kit->kiosk_id);
      kit->key_db = g_strdup (path);
      kit->kiosk_id = g_strdup (hl_identity_get_kiosk_id (identity));
    }
  return kit->kiosk_id;
}

/* A kiosk on @store with the planned clock and without the per-save log; not started yet. It signs its
 * chain with the key beside the database, as a kiosk does, so that the signing is crashed too; giving
 * the store the key writes (the key's registration, the first time), which may fail as the kiosk's
 * start may. */
HlKiosk *
hl_crash_kit_new_kiosk (HlCrashKit  *kit,
                        HlStore     *store,
                        GError     **error)
{
  g_autofree char *key_path = hl_identity_key_path_for_db (hl_store_get_path (store));
  g_autoptr(HlIdentity) identity = hl_identity_load_or_create (key_path, error);
  HlKiosk *kiosk;

  if (identity == NULL || !hl_identity_sign_chain (identity, store, error))
    return NULL;
  kiosk = hl_kiosk_new (kit->config, kit->survey, store, hl_identity_get_kiosk_id (identity));
  hl_kiosk_set_clock (kiosk, planned_clock_cb, kiosk);
  hl_kiosk_set_log_saves (kiosk, FALSE);
  return kiosk;
}

/* Acts out the next citizen on @kiosk, which shows its first screen. FALSE with @error when a tap that
 * stores was refused; the kiosk is then out of service, which the caller checks. */
gboolean
hl_crash_kit_act (HlCrashKit      *kit,
                  HlKiosk         *kiosk,
                  HlCrashAckFunc   ack,
                  gpointer         user_data,
                  GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  HlCrashCitizen c;

  g_assert_cmpint (hl_kiosk_get_page (kiosk), ==, HL_PAGE_WELCOME);
  hl_crash_kit_plan (kit, hl_kiosk_get_last_sequence (kiosk) + 1, &c);

  if (c.arm_procedure != NULL || c.arm_officer != NULL)
    {
      g_assert_true (hl_kiosk_arm (kiosk, c.arm_procedure, c.arm_officer, NULL, &local_error));
      g_assert_no_error (local_error);
    }

  if (!hl_kiosk_choose (kiosk, c.face, error))
    return FALSE;
  g_assert_cmpint (hl_kiosk_get_last_sequence (kiosk), ==, c.sequence);
  ack (c.sequence, FALSE, user_data);

  /* A repeat is thanked at once: it is not asked about. */
  if (!c.unsatisfied || c.repeat)
    g_assert_cmpint (hl_kiosk_get_page (kiosk), ==, HL_PAGE_THANKS);
  else
    {
      g_assert_cmpint (hl_kiosk_get_page (kiosk), ==, HL_PAGE_QUESTION);
      g_assert_true (hl_kiosk_get_question (kiosk) == kit->follow_up);
      switch (c.follow_up)
        {
        case HL_CRASH_ANSWER:
          /* Selecting stores nothing; only the submission does. */
          for (guint i = 0; i < c.n_reasons; i++)
            {
              g_assert_true (hl_kiosk_choose (kiosk, c.reason_positions[i], &local_error));
              g_assert_no_error (local_error);
            }
          if (!hl_kiosk_submit (kiosk, error))
            return FALSE;
          g_assert_cmpint (hl_kiosk_get_page (kiosk), ==, HL_PAGE_THANKS);
          ack (c.sequence, TRUE, user_data);
          break;
        case HL_CRASH_SKIP:
          hl_kiosk_skip (kiosk);
          g_assert_cmpint (hl_kiosk_get_page (kiosk), ==, HL_PAGE_THANKS);
          break;
        case HL_CRASH_WALK_AWAY:
          g_assert_cmpint (hl_kiosk_get_page (kiosk), ==, HL_PAGE_QUESTION);
          break;
        }
    }

  /* The thank-you page's timeout, or the idle timeout of an abandoned follow-up. */
  hl_kiosk_reset (kiosk);
  g_assert_cmpint (hl_kiosk_get_page (kiosk), ==, HL_PAGE_WELCOME);
  return TRUE;
}

void
hl_crash_acks_init (HlCrashAcks *acks)
{
  acks->flags = g_byte_array_new ();
  acks->last = 0;
  acks->n = 0;
}

void
hl_crash_acks_clear (HlCrashAcks *acks)
{
  g_clear_pointer (&acks->flags, g_byte_array_unref);
  acks->last = 0;
  acks->n = 0;
}

guint
hl_crash_acks_get (const HlCrashAcks *acks,
                   gint64             sequence)
{
  if (sequence <= 0 || (guint64) sequence >= acks->flags->len)
    return 0;
  return acks->flags->data[sequence];
}

/* Records an acknowledgement. A response is acknowledged once, with a number above every earlier one
 * (a number given twice would mean an acknowledged response was lost and its number reused), and its
 * reasons only after it. */
void
hl_crash_acks_add (HlCrashAcks *acks,
                   gint64       sequence,
                   gboolean     follow_up)
{
  g_assert_cmpint (sequence, >, 0);
  if ((guint64) sequence >= acks->flags->len)
    {
      guint old_len = acks->flags->len;

      g_byte_array_set_size (acks->flags, MAX ((guint) sequence + 1, old_len * 2));
      memset (acks->flags->data + old_len, 0, acks->flags->len - old_len);
    }
  if (follow_up)
    {
      g_assert_cmpuint (acks->flags->data[sequence], ==, HL_CRASH_ACK_RATING);
      acks->flags->data[sequence] |= HL_CRASH_ACK_FOLLOW_UP;
    }
  else
    {
      g_assert_cmpint (sequence, >, acks->last);
      acks->flags->data[sequence] = HL_CRASH_ACK_RATING;
      acks->last = sequence;
    }
  acks->n++;
}

static gboolean
check_fail (GError     **error,
            const char  *path,
            const char  *format,
            ...) G_GNUC_PRINTF (3, 4);

static gboolean
check_fail (GError     **error,
            const char  *path,
            const char  *format,
            ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CHECK_ERROR, 0, "%s: %s", path, msg);
  return FALSE;
}

static gboolean
prepare (sqlite3       *db,
         const char    *path,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  if (sqlite3_prepare_v2 (db, sql, -1, stmt, NULL) != SQLITE_OK)
    return check_fail (error, path, "%s: %s", sql, sqlite3_errmsg (db));
  return TRUE;
}

/* Runs a query whose one row holds one integer. */
static gboolean
query_int64 (sqlite3     *db,
             const char  *path,
             const char  *sql,
             gint64      *value,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!prepare (db, path, sql, &stmt, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return check_fail (error, path, "%s: %s", sql, sqlite3_errstr (rc));
  return TRUE;
}

/* Every row of a query, as "a|b|c" lines; for PRAGMAs that answer with a list. */
static gboolean
query_rows (sqlite3     *db,
            const char  *path,
            const char  *sql,
            GString     *out,
            guint       *n_rows,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *n_rows = 0;
  if (!prepare (db, path, sql, &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (*n_rows < 10)
        {
          for (int i = 0; i < sqlite3_column_count (stmt); i++)
            {
              const char *text = (const char *) sqlite3_column_text (stmt, i);

              g_string_append_printf (out, "%s%s", i ? "|" : "", text ? text : "NULL");
            }
          g_string_append_c (out, '\n');
        }
      (*n_rows)++;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return check_fail (error, path, "%s: %s", sql, sqlite3_errstr (rc));
  return TRUE;
}

/* The hash chain after a restart: every response and answer is linked, numbered 1..N. Kept in one
 * function so that the checks read as a list. */
static gboolean
check_chain (HlStore  *store,
             gint64   *n_chained,
             gint64   *last_chained,
             GError  **error)
{
  return hl_store_verify_chain (store, n_chained, last_chained, error);
}

static gboolean
same_text (const unsigned char *stored,
           const char          *expected)
{
  return g_strcmp0 ((const char *) stored, expected) == 0;
}

/* Whether the kiosk flags citizen @c as part of a burst (METHOD.md): more counted responses at the counter
 * within the burst window than could have been served, the citizen's own included. */
static gboolean
planned_burst (HlCrashKit           *kit,
               const HlCrashCitizen *c)
{
  gint64 since = c->utc - 60 * (gint64) kit->config->burst_minutes;
  guint recent = 0;

  if (c->repeat)
    return FALSE;
  for (gint64 s = c->sequence - 1; s > 0; s--)
    {
      HlCrashCitizen earlier;

      hl_crash_kit_plan (kit, s, &earlier);
      if (earlier.utc <= since)
        break;
      if (!earlier.repeat)
        recent++;
    }
  return recent + 1 > kit->config->burst_responses;
}

/* The stored response @seq (a row of the walk in check_responses()) against what citizen @seq does. */
static gboolean
check_response (HlCrashKit          *kit,
                const char          *path,
                sqlite3_stmt        *row,
                sqlite3_stmt        *answers,
                const HlCrashAcks   *acks,
                HlCrashCheckFlags    flags,
                gint64               seq,
                GError             **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *recorded_at = NULL;
  g_autofree char *day = NULL;
  g_autofree char *response_id = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  guint ack = hl_crash_acks_get (acks, seq);
  HlCrashCitizen c;
  guint n_overall = 0, n_reasons = 0;
  gboolean reasons_match = TRUE;
  int rc;

  hl_crash_kit_plan (kit, seq, &c);
  utc = g_date_time_new_from_unix_utc (c.utc);
  local = g_date_time_to_timezone (utc, tz);
  recorded_at = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
  day = g_date_time_format (local, "%Y-%m-%d");

  /* Columns: id, seq, kiosk_id, response_id, recorded_at, recorded_utc, day, unit_code, counter_code,
   * officer_code, procedure_code, field_code, survey_id, survey_version, is_repeat, burst. */
  if (!same_text (sqlite3_column_text (row, 2), kiosk_id_for (kit, path))
      || !same_text (sqlite3_column_text (row, 3), response_id)
      || !same_text (sqlite3_column_text (row, 4), recorded_at)
      || sqlite3_column_int64 (row, 5) != c.utc
      || !same_text (sqlite3_column_text (row, 6), day)
      || !same_text (sqlite3_column_text (row, 7), kit->config->unit_code)
      || !same_text (sqlite3_column_text (row, 8), kit->config->counter_code)
      || !same_text (sqlite3_column_text (row, 9), c.officer)
      || !same_text (sqlite3_column_text (row, 10), c.procedure)
      || !same_text (sqlite3_column_text (row, 11), c.field)
      || !same_text (sqlite3_column_text (row, 12), hl_survey_get_id (kit->survey))
      || sqlite3_column_int (row, 13) != hl_survey_get_version (kit->survey)
      || sqlite3_column_int (row, 14) != c.repeat
      || sqlite3_column_int (row, 15) != planned_burst (kit, &c))
    return check_fail (error, path, "response %" G_GINT64_FORMAT " is not what its citizen did: stored %s at %s"
                       " (utc %" G_GINT64_FORMAT "), officer %s, procedure %s, repeat %d, burst %d; planned %s, officer %s,"
                       " procedure %s, repeat %d, burst %d", seq, sqlite3_column_text (row, 3),
                       sqlite3_column_text (row, 4), (gint64) sqlite3_column_int64 (row, 5),
                       sqlite3_column_text (row, 9), sqlite3_column_text (row, 10), sqlite3_column_int (row, 14),
                       sqlite3_column_int (row, 15), recorded_at, c.officer, c.procedure ? c.procedure : "NULL",
                       c.repeat, planned_burst (kit, &c));

  sqlite3_reset (answers);
  sqlite3_bind_int64 (answers, 1, sqlite3_column_int64 (row, 0));
  while ((rc = sqlite3_step (answers)) == SQLITE_ROW)
    {
      const char *question = (const char *) sqlite3_column_text (answers, 0);
      int value = sqlite3_column_int (answers, 1);

      if (g_strcmp0 (question, kit->first->id) == 0)
        {
          if (n_overall > 0 || n_reasons > 0 || value != c.overall)
            return check_fail (error, path, "response %" G_GINT64_FORMAT ": answer %s=%d where one %s=%d first was due",
                               seq, question, value, kit->first->id, c.overall);
          n_overall++;
        }
      else if (g_strcmp0 (question, kit->follow_up->id) == 0)
        {
          if (n_reasons >= c.n_reasons || c.reason_values[n_reasons] != value)
            reasons_match = FALSE;
          n_reasons++;
        }
      else
        return check_fail (error, path, "response %" G_GINT64_FORMAT ": an answer to %s, which no citizen was asked",
                           seq, question);
    }
  if (rc != SQLITE_DONE)
    return check_fail (error, path, "reading the answers: %s", sqlite3_errstr (rc));
  if (n_overall != 1)
    return check_fail (error, path, "response %" G_GINT64_FORMAT " is stored without its face", seq);

  /* The reasons are all there or not at all: they were one transaction. */
  if (n_reasons > 0
      && (!reasons_match || n_reasons != c.n_reasons || !c.unsatisfied || c.repeat || c.follow_up != HL_CRASH_ANSWER))
    return check_fail (error, path, "response %" G_GINT64_FORMAT ": %u reasons stored, not the %u its citizen submitted"
                       " (or a partial submission)", seq, n_reasons,
                       c.unsatisfied && !c.repeat && c.follow_up == HL_CRASH_ANSWER ? c.n_reasons : 0);
  if ((ack & HL_CRASH_ACK_FOLLOW_UP) && n_reasons == 0)
    return check_fail (error, path, "response %" G_GINT64_FORMAT ": the reasons were acknowledged (thanked for) but "
                       "are not stored", seq);
  if ((flags & HL_CRASH_CHECK_EXACT) && !(ack & HL_CRASH_ACK_FOLLOW_UP) && n_reasons > 0)
    return check_fail (error, path, "response %" G_GINT64_FORMAT ": reasons are stored whose submission failed", seq);
  return TRUE;
}

/* The responses are 1..N without a gap, N at least the newest acknowledged, each what its citizen did. */
static gboolean
check_responses (HlCrashKit          *kit,
                 const char          *path,
                 sqlite3             *db,
                 const HlCrashAcks   *acks,
                 HlCrashCheckFlags    flags,
                 HlCrashCheckStats   *stats,
                 GError             **error)
{
  sqlite3_stmt *rows = NULL;
  sqlite3_stmt *answers = NULL;
  gint64 expected = 0;
  gboolean ok = TRUE;
  int rc;

  if (!prepare (db, path,
                "SELECT id, seq, kiosk_id, response_id, recorded_at, recorded_utc, day, unit_code, counter_code,"
                " officer_code, procedure_code, field_code, survey_id, survey_version, is_repeat, burst"
                " FROM responses ORDER BY seq", &rows, error)
      || !prepare (db, path, "SELECT question_id, value FROM answers WHERE response = ?1 ORDER BY id", &answers, error))
    {
      sqlite3_finalize (rows);
      return FALSE;
    }
  while (ok && (rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      expected++;
      if (sqlite3_column_type (rows, 1) == SQLITE_NULL || sqlite3_column_int64 (rows, 1) != expected)
        ok = check_fail (error, path, "sequence %s where %" G_GINT64_FORMAT " was due: a gap or a stray row",
                         sqlite3_column_text (rows, 1) ? (const char *) sqlite3_column_text (rows, 1) : "NULL",
                         expected);
      else
        ok = check_response (kit, path, rows, answers, acks, flags, expected, error);
      if (ok && !(hl_crash_acks_get (acks, expected) & HL_CRASH_ACK_RATING))
        stats->n_unacked++;
    }
  sqlite3_finalize (rows);
  sqlite3_finalize (answers);
  if (!ok)
    return FALSE;
  if (rc != SQLITE_DONE)
    return check_fail (error, path, "reading the responses: %s", sqlite3_errstr (rc));

  stats->n_responses = expected;
  if (expected < acks->last)
    return check_fail (error, path, "responses 1..%" G_GINT64_FORMAT " are stored, but %" G_GINT64_FORMAT
                       " was acknowledged (the citizen was thanked): %" G_GINT64_FORMAT " lost",
                       expected, acks->last, acks->last - expected);
  if ((flags & HL_CRASH_CHECK_EXACT) && expected > acks->last)
    return check_fail (error, path, "responses up to %" G_GINT64_FORMAT " are stored, but only %" G_GINT64_FORMAT
                       " were acknowledged, and none was cut short", expected, acks->last);
  return TRUE;
}

/* The rollups, counted again from the rows: what the store keeps per day (and per month, schema 6) must be
 * exactly what a full scan finds, in both directions. The first %s narrows the counted responses
 * (day_counts counts every response that is not a repeat; burst_counts only those flagged as part of a
 * burst), the next two are the period of a response (its day, or its month), the last two the table's
 * period column and the table. */
static const char rollup_recount_sql[] =
  "WITH counted AS (SELECT * FROM responses WHERE is_repeat = 0 %s),"
  " expected (day, kiosk_id, unit_code, counter_code, officer_code, procedure_code, field_code, survey_id,"
  "           survey_version, question_id, value, n) AS ("
  "  SELECT %s, kiosk_id, unit_code, counter_code, COALESCE (officer_code, ''), COALESCE (procedure_code, ''),"
  "         COALESCE (field_code, ''), survey_id, survey_version, '', 0, COUNT (*)"
  "  FROM counted GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"
  "  UNION ALL"
  "  SELECT %s, r.kiosk_id, r.unit_code, r.counter_code, COALESCE (r.officer_code, ''),"
  "         COALESCE (r.procedure_code, ''), COALESCE (r.field_code, ''), r.survey_id, r.survey_version,"
  "         a.question_id, a.value, COUNT (*)"
  "  FROM counted r JOIN answers a ON a.response = r.id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),"
  " stored AS (SELECT %s, kiosk_id, unit_code, counter_code, officer_code, procedure_code, field_code,"
  "                   survey_id, survey_version, question_id, value, n FROM %s)"
  " SELECT 'not stored as counted', * FROM (SELECT * FROM expected EXCEPT SELECT * FROM stored)"
  " UNION ALL"
  " SELECT 'stored but not counted', * FROM (SELECT * FROM stored EXCEPT SELECT * FROM expected)";

static gboolean
check_rollup (sqlite3     *db,
              const char  *path,
              const char  *table,
              const char  *condition,
              GError     **error)
{
  gboolean months = g_str_has_prefix (table, "month_");
  g_autofree char *sql = g_strdup_printf (rollup_recount_sql, condition, months ? "substr (day, 1, 7)" : "day",
                                          months ? "substr (r.day, 1, 7)" : "r.day", months ? "month" : "day",
                                          table);
  g_autoptr(GString) rows = g_string_new (NULL);
  guint n_rows;

  if (!query_rows (db, path, sql, rows, &n_rows, error))
    return FALSE;
  if (n_rows != 0)
    return check_fail (error, path, "the rollups in %s disagree with the responses in %u rows:\n%s",
                       table, n_rows, rows->str);
  return TRUE;
}

gboolean
hl_crash_kit_check (HlCrashKit          *kit,
                    const char          *path,
                    const HlCrashAcks   *acks,
                    HlCrashCheckFlags    flags,
                    HlCrashCheckStats   *stats,
                    GError             **error)
{
  g_autoptr(HlStore) store = NULL;
  g_autoptr(GString) rows = g_string_new (NULL);
  HlCrashCheckStats local_stats = { 0 };
  gint64 n_chained = 0, last_chained = 0;
  sqlite3 *db = NULL;
  guint n_rows;
  gboolean ok = FALSE;

  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);

  /* The way a restarted kiosk comes back: opening recovers the write-ahead log (and would migrate a file
   * cut short before its schema was complete). */
  store = hl_store_open (path, error);
  if (store == NULL)
    {
      g_prefix_error (error, "reopening after the crash: ");
      return FALSE;
    }
  if (!check_chain (store, &n_chained, &last_chained, error))
    return FALSE;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      check_fail (error, path, "opening for the checks: %s", sqlite3_errmsg (db));
      goto out;
    }
  sqlite3_extended_result_codes (db, 1);

  if (!query_rows (db, path, "PRAGMA integrity_check", rows, &n_rows, error))
    goto out;
  if (n_rows != 1 || g_strcmp0 (rows->str, "ok\n") != 0)
    {
      check_fail (error, path, "PRAGMA integrity_check: %s", rows->str);
      goto out;
    }
  g_string_truncate (rows, 0);
  if (!query_rows (db, path, "PRAGMA foreign_key_check", rows, &n_rows, error))
    goto out;
  if (n_rows != 0)
    {
      check_fail (error, path, "PRAGMA foreign_key_check: %s", rows->str);
      goto out;
    }

  if (!check_responses (kit, path, db, acks, flags, stats, error))
    goto out;
  if (n_chained != stats->n_responses || last_chained != stats->n_responses)
    {
      check_fail (error, path, "the chain holds %" G_GINT64_FORMAT " responses up to %" G_GINT64_FORMAT
                  ", the table %" G_GINT64_FORMAT, n_chained, last_chained, stats->n_responses);
      goto out;
    }

  if (!check_rollup (db, path, "day_counts", "", error)
      || !check_rollup (db, path, "burst_counts", "AND burst = 1", error)
      || !check_rollup (db, path, "month_counts", "", error)
      || !check_rollup (db, path, "month_burst_counts", "AND burst = 1", error))
    goto out;
  if (!query_int64 (db, path, "SELECT COUNT (DISTINCT day) FROM day_counts", &stats->n_days, error))
    goto out;
  ok = TRUE;

out:
  sqlite3_close (db);
  return ok;
}
