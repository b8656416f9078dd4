/* hl-supervisor.c: the supervisor PIN with its lock-out, and the alerts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-supervisor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include <math.h>
#include <sodium.h>
#include <string.h>

#include "hl-index.h"
#include "hl-supervisor.h"
G_DEFINE_QUARK (hl-pin-error-quark, hl_pin_error)
G_DEFINE_ENUM_TYPE (HlPinStatus, hl_pin_status,
                    G_DEFINE_ENUM_VALUE (HL_PIN_STATUS_NEEDS_SETUP, "needs-setup"),
                    G_DEFINE_ENUM_VALUE (HL_PIN_STATUS_READY, "ready"),
                    G_DEFINE_ENUM_VALUE (HL_PIN_STATUS_LOCKED, "locked"))

static gint64
now_utc (HlKiosk *kiosk)
{
  g_autoptr(GDateTime) now = hl_kiosk_now (kiosk);

  return g_date_time_to_unix (now);
}

static gboolean
check_format (const char  *pin,
              GError     **error)
{
  size_t len = pin ? strlen (pin) : 0;

  for (size_t i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      len = 0;
  if (len < HL_PIN_MIN_DIGITS || len > HL_PIN_MAX_DIGITS)
    {
      g_set_error (error, HL_PIN_ERROR, HL_PIN_ERROR_INVALID, "a PIN is %d to %d digits",
                   HL_PIN_MIN_DIGITS, HL_PIN_MAX_DIGITS);
      return FALSE;
    }
  return TRUE;
}

/* argon2id explicitly (crypto_pwhash_str's default since libsodium 1.0.15, named here so that a change
 * of default cannot weaken it), with the interactive limits: about 0.1 s and 64 MiB on a kiosk. */
static char *
hash_pin (const char  *pin,
          GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (sodium_init () < 0
      || crypto_pwhash_str_alg (hash, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, HL_PIN_ERROR, HL_PIN_ERROR_FAILED, "hashing the PIN failed (out of memory)");
      return NULL;
    }
  return g_strdup (hash);
}

/* The PIN record as it stands now: a lock that has run out is over (the series of locks goes on until a
 * right PIN), and a lock that ends further away than the longest lock can only come from a clock set
 * back, so it is shortened to the longest lock from now, and stored so. */
static gboolean
read_record (HlKiosk      *kiosk,
             gint64        now,
             HlPinRecord  *record,
             GError      **error)
{
  if (!hl_store_get_pin (hl_kiosk_get_store (kiosk), record, error))
    return FALSE;
  if (record->locked_until != 0 && record->locked_until <= now)
    {
      record->locked_until = 0;
      record->failures = 0;
      return hl_store_put_pin (hl_kiosk_get_store (kiosk), record, error);
    }
  if (record->locked_until > now + HL_PIN_LOCK_MAX_SECONDS)
    {
      record->locked_until = now + HL_PIN_LOCK_MAX_SECONDS;
      return hl_store_put_pin (hl_kiosk_get_store (kiosk), record, error);
    }
  return TRUE;
}

static void
fill_state (const HlPinRecord *record,
            gint64             now,
            HlPinState        *state)
{
  memset (state, 0, sizeof *state);
  if (record->pin_hash == NULL)
    state->status = HL_PIN_STATUS_NEEDS_SETUP;
  else if (record->locked_until > now)
    {
      state->status = HL_PIN_STATUS_LOCKED;
      state->locked_until = record->locked_until;
      state->seconds_left = (guint) (record->locked_until - now);
    }
  else
    {
      state->status = HL_PIN_STATUS_READY;
      state->tries_left = record->failures < HL_PIN_MAX_FAILURES ? HL_PIN_MAX_FAILURES - record->failures : 0;
    }
}

gboolean
hl_kiosk_get_pin_state (HlKiosk     *kiosk,
                        HlPinState  *state,
                        GError     **error)
{
  gint64 now;
  HlPinRecord record = { 0 };

  g_return_val_if_fail (HL_IS_KIOSK (kiosk), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  now = now_utc (kiosk);
  if (!read_record (kiosk, now, &record, error))
    {
      hl_pin_record_clear (&record);
      return FALSE;
    }
  fill_state (&record, now, state);
  hl_pin_record_clear (&record);
  return TRUE;
}

static gboolean
store_new_pin (HlKiosk     *kiosk,
               const char  *pin,
               GError     **error)
{
  HlPinRecord record = { 0 };
  gboolean ok;

  record.pin_hash = hash_pin (pin, error);
  if (record.pin_hash == NULL)
    return FALSE;
  ok = hl_store_put_pin (hl_kiosk_get_store (kiosk), &record, error);
  hl_pin_record_clear (&record);
  return ok;
}

gboolean
hl_kiosk_set_pin (HlKiosk     *kiosk,
                  const char  *pin,
                  GError     **error)
{
  HlPinRecord record = { 0 };
  gboolean set;

  g_return_val_if_fail (HL_IS_KIOSK (kiosk), FALSE);

  if (!check_format (pin, error))
    return FALSE;
  if (!hl_store_get_pin (hl_kiosk_get_store (kiosk), &record, error))
    return FALSE;
  set = record.pin_hash != NULL;
  hl_pin_record_clear (&record);
  if (set)
    {
      g_set_error_literal (error, HL_PIN_ERROR, HL_PIN_ERROR_ALREADY_SET,
                           "a supervisor PIN is set already: change it from the dashboard, or reset it with "
                           "`hailong pin reset`");
      return FALSE;
    }
  if (!store_new_pin (kiosk, pin, error))
    return FALSE;
  g_message ("supervisor PIN set");
  return TRUE;
}

/* Checking a PIN takes three steps, so that the slow one can run on a worker thread without touching
 * the database (whose connection belongs to the kiosk's thread):
 *
 *   1. begin_check(): refuse at once when no PIN is set, the pad is locked or the entry is no PIN; else
 *      count the try as a failure (locking the pad at the fifth) and store that, before comparing, so
 *      that cutting the power while the hash is computed does not buy a free try;
 *   2. pin_matches(): argon2id, about a tenth of a second, no database;
 *   3. end_check(): a right PIN clears the failures and the locks; a wrong one says how it stands. */
static gboolean
begin_check (HlKiosk      *kiosk,
             const char   *pin,
             HlPinRecord  *record,
             gint64       *now,
             GError      **error)
{
  *now = now_utc (kiosk);
  if (!read_record (kiosk, *now, record, error))
    return FALSE;
  if (record->pin_hash == NULL)
    {
      g_set_error_literal (error, HL_PIN_ERROR, HL_PIN_ERROR_NOT_SET, "no supervisor PIN is set");
      return FALSE;
    }
  if (record->locked_until > *now)
    {
      g_set_error (error, HL_PIN_ERROR, HL_PIN_ERROR_LOCKED,
                   "too many wrong PINs: the pad is locked for %" G_GINT64_FORMAT " more seconds",
                   record->locked_until - *now);
      return FALSE;
    }
  if (!check_format (pin, error))
    return FALSE;
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, HL_PIN_ERROR, HL_PIN_ERROR_FAILED, "libsodium could not start");
      return FALSE;
    }

  record->failures++;
  if (record->failures >= HL_PIN_MAX_FAILURES)
    {
      /* 30 s, then twice as long each time, at most an hour. */
      guint shift = MIN (record->lockouts, 16);
      gint64 delay = MIN ((gint64) HL_PIN_LOCK_SECONDS << shift, (gint64) HL_PIN_LOCK_MAX_SECONDS);

      record->lockouts++;
      record->failures = 0;
      record->locked_until = *now + delay;
    }
  return hl_store_put_pin (hl_kiosk_get_store (kiosk), record, error);
}

static gboolean
pin_matches (const char *hash,
             const char *pin)
{
  return crypto_pwhash_str_verify (hash, pin, strlen (pin)) == 0;
}

/* "Nhập sai mã PIN 5 lần liên tiếp: khóa nhập mã PIN 30 giây." (or minutes, when whole). */
static char *
lock_notice (gint64 seconds)
{
  g_autofree char *length = seconds % 60 == 0 ? g_strdup_printf (_("%" PRId64 " phút"), seconds / 60)
                                              : g_strdup_printf (_("%" PRId64 " giây"), seconds);

  return g_strdup_printf (_("Nhập sai mã PIN %d lần liên tiếp: khóa nhập mã PIN %s."), HL_PIN_MAX_FAILURES, length);
}

static gboolean
end_check (HlKiosk      *kiosk,
           gboolean      right,
           HlPinRecord  *record,
           gint64        now,
           GError      **error)
{
  if (!right)
    {
      if (record->locked_until > now)
        {
          /* This try locked the pad (a locked pad refuses before comparing): the supervisor should know
           * that someone tried, also after the lock has run out. */
          g_autofree char *notice = lock_notice (record->locked_until - now);

          hl_kiosk_add_notice (kiosk, notice);
          g_message ("wrong supervisor PIN: the pad is locked until %" G_GINT64_FORMAT, record->locked_until);
          g_set_error (error, HL_PIN_ERROR, HL_PIN_ERROR_WRONG,
                       "wrong PIN: the pad is locked for %" G_GINT64_FORMAT " seconds", record->locked_until - now);
        }
      else
        {
          g_message ("wrong supervisor PIN");
          g_set_error (error, HL_PIN_ERROR, HL_PIN_ERROR_WRONG, "wrong PIN: %u tries left",
                       HL_PIN_MAX_FAILURES - record->failures);
        }
      return FALSE;
    }
  record->failures = 0;
  record->lockouts = 0;
  record->locked_until = 0;
  return hl_store_put_pin (hl_kiosk_get_store (kiosk), record, error);
}

gboolean
hl_kiosk_check_pin (HlKiosk     *kiosk,
                    const char  *pin,
                    GError     **error)
{
  HlPinRecord record = { 0 };
  gint64 now;
  gboolean ok;

  g_return_val_if_fail (HL_IS_KIOSK (kiosk), FALSE);

  ok = begin_check (kiosk, pin, &record, &now, error)
       && end_check (kiosk, pin_matches (record.pin_hash, pin), &record, now, error);
  hl_pin_record_clear (&record);
  return ok;
}

typedef struct {
  HlPinRecord record;
  gint64      now;
  char       *pin;
} CheckData;

static void
check_data_free (gpointer data)
{
  CheckData *check = data;

  hl_pin_record_clear (&check->record);
  if (check->pin != NULL)
    sodium_memzero (check->pin, strlen (check->pin));
  g_free (check->pin);
  g_free (check);
}

static void
check_pin_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CheckData *check = task_data;

  g_task_return_boolean (task, pin_matches (check->record.pin_hash, check->pin));
}

void
hl_kiosk_check_pin_async (HlKiosk             *kiosk,
                          const char          *pin,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckData *check;
  GError *error = NULL;

  g_return_if_fail (HL_IS_KIOSK (kiosk));

  task = g_task_new (kiosk, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_kiosk_check_pin_async);
  check = g_new0 (CheckData, 1);
  g_task_set_task_data (task, check, check_data_free);
  if (!begin_check (kiosk, pin, &check->record, &check->now, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  check->pin = g_strdup (pin);
  /* Not cancellable once counted: the try stands either way. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, check_pin_thread);
}

gboolean
hl_kiosk_check_pin_finish (HlKiosk       *kiosk,
                           GAsyncResult  *result,
                           GError       **error)
{
  GTask *task = G_TASK (result);
  CheckData *check;
  GError *local_error = NULL;
  gboolean right;

  g_return_val_if_fail (g_task_is_valid (result, kiosk), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (task) == hl_kiosk_check_pin_async, FALSE);

  right = g_task_propagate_boolean (task, &local_error);
  if (local_error != NULL)
    {
      /* Refused before comparing: locked, not set, no PIN, or the database failed. */
      g_propagate_error (error, local_error);
      return FALSE;
    }
  check = g_task_get_task_data (task);
  return end_check (kiosk, right, &check->record, check->now, error);
}

gboolean
hl_kiosk_change_pin (HlKiosk     *kiosk,
                     const char  *old_pin,
                     const char  *new_pin,
                     GError     **error)
{
  g_return_val_if_fail (HL_IS_KIOSK (kiosk), FALSE);

  if (!check_format (new_pin, error) || !hl_kiosk_check_pin (kiosk, old_pin, error))
    return FALSE;
  if (!store_new_pin (kiosk, new_pin, error))
    return FALSE;
  g_message ("supervisor PIN changed");
  return TRUE;
}

/* The alerts. */

typedef struct {
  HlQuestion *overall;
  gint64      n;
  gint64      unsatisfied;
} ShareCount;

static void
count_value_cb (int      value,
                gint64   n,
                gpointer user_data)
{
  ShareCount *count = user_data;
  const HlOption *option = hl_question_lookup_option (count->overall, value);

  count->n += n;
  if (option != NULL && !option->satisfied)
    count->unsatisfied += n;
}

static HlQuestion *
overall_question (HlSurvey *survey)
{
  for (guint i = 0; i < hl_survey_get_n_questions (survey); i++)
    if (hl_survey_get_question (survey, i)->overall)
      return hl_survey_get_question (survey, i);
  return NULL;
}

/* A percentage as the dashboard writes it, with a decimal point whatever the locale: "75", "87.5". */
static char *
percent_text (double value,
              int    decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *format = g_strdup_printf ("%%.%df", decimals);

  return g_strdup (g_ascii_formatd (buf, sizeof buf, format, value));
}

typedef struct {
  HlKiosk    *kiosk;
  HlConfig   *config;
  HlStore    *store;
  const char *kiosk_id;
  const char *counter;
  const char *counter_name;
  char       *day;
  char       *raised_at;
  gint64      utc;
} Evaluation;

static HlAlert *
alert_new (Evaluation  *ev,
           HlAlertKind  kind,
           guint        rule)
{
  HlAlert *alert = g_new0 (HlAlert, 1);

  alert->kind = kind;
  alert->rule = rule;
  alert->kiosk_id = g_strdup (ev->kiosk_id);
  alert->counter = g_strdup (ev->counter);
  alert->day = g_strdup (ev->day);
  alert->raised_at = g_strdup (ev->raised_at);
  alert->raised_utc = ev->utc;
  alert->ci_low = alert->ci_high = NAN;
  return alert;
}

/* At least min_share unsatisfied among at least min_answers overall answers in the last window_minutes
 * at the counter; once raised, not again until a whole window has passed, so that a burst raises one
 * alert and not one per tap. */
static gboolean
evaluate_share (Evaluation         *ev,
                const HlAlertRule  *rule,
                guint               position,
                HlAlert           **raised,
                GError            **error)
{
  gint64 window = 60 * (gint64) rule->window_minutes;
  ShareCount count = { overall_question (hl_kiosk_get_survey (ev->kiosk)), 0, 0 };
  gboolean found;
  gint64 last_utc;
  double share;
  g_autofree char *share_text = NULL;
  HlAlert *alert;

  *raised = NULL;
  if (count.overall == NULL)
    return TRUE;
  if (!hl_store_get_last_alert (ev->store, ev->kiosk_id, ev->counter, rule->kind, position, &found, &last_utc, NULL,
                                error))
    return FALSE;
  if (found && last_utc > ev->utc - window && last_utc <= ev->utc)
    return TRUE;
  if (!hl_store_foreach_recent_value (ev->store, ev->kiosk_id, ev->counter, count.overall->id, ev->utc - window + 1,
                                      count_value_cb, &count, error))
    return FALSE;
  if (count.n < (gint64) rule->min_answers || count.n == 0)
    return TRUE;
  share = (double) count.unsatisfied / count.n;
  if (share < rule->min_share)
    return TRUE;

  alert = alert_new (ev, rule->kind, position);
  alert->answers = count.n;
  alert->unsatisfied = count.unsatisfied;
  alert->value = 100.0 * share;
  alert->threshold = 100.0 * rule->min_share;
  share_text = percent_text (alert->value, 0);
  alert->message = g_strdup_printf ("%s: %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " đánh giá chưa hài lòng (%s %%) "
                                    "trong %u phút qua", ev->counter_name, count.unsatisfied, count.n, share_text,
                                    rule->window_minutes);
  *raised = alert;
  return TRUE;
}

/* The day's rate at the counter, from the per-day rollups through HlIndex, below its target: only when
 * its whole 95 % interval is (HL_VERDICT_BELOW), with at least min_answers answers; once a day. */
static gboolean
evaluate_day (Evaluation         *ev,
              const HlAlertRule  *rule,
              guint               position,
              HlAlert           **raised,
              GError            **error)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (HlKey));
  g_autoptr(HlIndex) index = NULL;
  g_autofree char *last_day = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  g_autofree char *target = NULL;
  HlKey by[] = { HL_KEY_KIOSK, HL_KEY_COUNTER };
  HlIndexRow *row = NULL;
  gboolean found;
  HlAlert *alert;

  *raised = NULL;
  if (!hl_store_get_last_alert (ev->store, ev->kiosk_id, ev->counter, rule->kind, position, &found, NULL, &last_day,
                                error))
    return FALSE;
  if (found && g_strcmp0 (last_day, ev->day) == 0)
    return TRUE;
  g_array_append_vals (keys, by, G_N_ELEMENTS (by));
  index = hl_index_compute (ev->store, ev->day, ev->day, keys, error);
  if (index == NULL)
    return FALSE;
  hl_index_set_targets (index, ev->config);
  for (guint i = 0; i < hl_index_get_n_rows (index); i++)
    {
      HlIndexRow *r = hl_index_get_row (index, i);

      if (g_strcmp0 (r->key[HL_KEY_KIOSK], ev->kiosk_id) == 0 && g_strcmp0 (r->key[HL_KEY_COUNTER], ev->counter) == 0)
        row = r;
    }
  if (row == NULL || row->overall.n < (gint64) rule->min_answers || row->verdict != HL_VERDICT_BELOW)
    return TRUE;

  alert = alert_new (ev, rule->kind, position);
  alert->answers = row->overall.n;
  alert->unsatisfied = row->overall.n - row->overall.satisfied;
  alert->value = row->overall.rate;
  alert->ci_low = row->overall.ci_low;
  alert->ci_high = row->overall.ci_high;
  alert->threshold = row->target;
  rate = percent_text (row->overall.rate, 1);
  low = percent_text (row->overall.ci_low, 1);
  high = percent_text (row->overall.ci_high, 1);
  target = percent_text (row->target, 0);
  alert->message = g_strdup_printf ("%s: tỉ lệ hài lòng hôm nay %s %% (khoảng tin cậy 95 %%: %s–%s %%) dưới mục tiêu "
                                    "%s %%, từ %" G_GINT64_FORMAT " câu trả lời", ev->counter_name, rate, low, high,
                                    target, row->overall.n);
  *raised = alert;
  return TRUE;
}

GPtrArray *
hl_kiosk_evaluate_alerts (HlKiosk  *kiosk,
                          GError  **error)
{
  g_autoptr(GPtrArray) raised = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_alert_free);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *day = NULL;
  g_autofree char *raised_at = NULL;
  Evaluation ev = { 0 };
  const char *name;

  g_return_val_if_fail (HL_IS_KIOSK (kiosk), NULL);

  ev.kiosk = kiosk;
  ev.config = hl_kiosk_get_config (kiosk);
  ev.store = hl_kiosk_get_store (kiosk);
  ev.kiosk_id = hl_kiosk_get_kiosk_id (kiosk);
  ev.counter = ev.config->counter_code;
  name = hl_text_get (ev.config->counter_name, "vi");
  ev.counter_name = name != NULL && *name != '\0' ? name : ev.counter;
  now = hl_kiosk_now (kiosk);
  ev.utc = g_date_time_to_unix (now);
  ev.day = day = g_date_time_format (now, "%Y-%m-%d");
  ev.raised_at = raised_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");

  for (guint i = 0; ev.config->alert_rules != NULL && i < ev.config->alert_rules->len; i++)
    {
      const HlAlertRule *rule = g_ptr_array_index (ev.config->alert_rules, i);
      g_autoptr(HlAlert) alert = NULL;
      gboolean ok = FALSE;

      switch (rule->kind)
        {
        case HL_ALERT_UNSATISFIED_SHARE:
          ok = evaluate_share (&ev, rule, i, &alert, error);
          break;
        case HL_ALERT_DAY_BELOW_TARGET:
          ok = evaluate_day (&ev, rule, i, &alert, error);
          break;
        }
      if (!ok)
        return NULL;
      if (alert == NULL)
        continue;
      /* Stored before it is returned: raised once, also across a restart. */
      if (!hl_store_add_alert (ev.store, alert, error))
        return NULL;
      g_ptr_array_add (raised, g_steal_pointer (&alert));
    }
  return g_steal_pointer (&raised);
}

GPtrArray *
hl_kiosk_list_alerts (HlKiosk  *kiosk,
                      GError  **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *day = NULL;

  g_return_val_if_fail (HL_IS_KIOSK (kiosk), NULL);

  now = hl_kiosk_now (kiosk);
  day = g_date_time_format (now, "%Y-%m-%d");
  return hl_store_list_alerts (hl_kiosk_get_store (kiosk), hl_kiosk_get_kiosk_id (kiosk), day, error);
}
