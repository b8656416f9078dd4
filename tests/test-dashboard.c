/* test-dashboard.c: what the supervisor's dashboard asks of core: migration 4, the PIN stored only as an
 * argon2id hash, the lock-out and that it survives a restart, officers on duty, and the alerts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <sodium.h>
#include <sqlite3.h>

#include "hl-config.h"
#include "hl-index.h"
#include "hl-kiosk.h"
#include "hl-store.h"
#include "hl-store-supervisor.h"
#include "hl-supervisor.h"
#include "hl-survey.h"
#include "hl-test-util.h"

typedef struct {
  char      *dir;
  char      *path;
  HlConfig  *config;
  HlSurvey  *survey;
  HlStore   *store;
  HlKiosk   *kiosk;
  gint64     now;    /* the fake clock, Unix seconds */
  gint64     step;   /* seconds between two taps of tap() */
  GPtrArray *signalled; /* HlAlert* emitted by HlKiosk::alert */
} Fixture;

static void
alert_cb (HlKiosk *kiosk,
          HlAlert *alert,
          Fixture *f)
{
  g_ptr_array_add (f->signalled, hl_alert_copy (alert));
}

/* A kiosk on f->path, as the application starts one: what a restart does. */
static void
start_kiosk (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = hl_store_open (f->path, &error);
  g_assert_no_error (error);
  f->kiosk = hl_kiosk_new (f->config, f->survey, f->store, "HL-TEST");
  hl_kiosk_set_clock (f->kiosk, hl_test_clock, &f->now);
  hl_kiosk_set_log_saves (f->kiosk, FALSE);
  g_assert_true (hl_kiosk_start (f->kiosk, &error));
  g_assert_no_error (error);
  g_signal_connect (f->kiosk, "alert", G_CALLBACK (alert_cb), f);
}

static void
stop_kiosk (Fixture *f)
{
  g_assert_finalize_object (f->kiosk);
  f->kiosk = NULL;
  g_clear_pointer (&f->store, hl_store_close);
}

static void
fixture_setup_with (Fixture    *f,
                    const char *config_text)
{
  g_autofree char *config_path = hl_test_source_path ("data/demo/kiosk.json");
  g_autofree char *survey_path = hl_test_source_path ("survey_defs/sipas-quick.json");
  g_autoptr(GError) error = NULL;

  f->dir = hl_test_tmpdir ();
  f->path = g_build_filename (f->dir, "kiosk.db", NULL);
  if (config_text != NULL)
    f->config = hl_config_load_data ("kiosk.json", config_text, -1, NULL, &error);
  else
    f->config = hl_config_load_file (config_path, NULL, &error);
  g_assert_no_error (error);
  f->config->thanks_timeout = 1;
  f->config->idle_timeout = 1;
  f->survey = hl_survey_load_file (survey_path, NULL, &error);
  g_assert_no_error (error);
  f->signalled = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_alert_free);
  /* 2026-07-14 09:00 at +07:00. */
  f->now = 1783994400;
  f->step = 30;  /* beyond the response interval (10 s): no repeats */
  start_kiosk (f);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fixture_setup_with (f, data);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  stop_kiosk (f);
  g_clear_object (&f->survey);
  g_clear_pointer (&f->config, hl_config_unref);
  g_clear_pointer (&f->signalled, g_ptr_array_unref);
  hl_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
query (Fixture    *f,
       const char *sql)
{
  return hl_test_query (f->path, sql);
}

static HlPinState
pin_state (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  HlPinState state;

  g_assert_true (hl_kiosk_get_pin_state (f->kiosk, &state, &error));
  g_assert_no_error (error);
  return state;
}

static void
assert_pin_fails (Fixture    *f,
                  const char *pin,
                  int         code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (hl_kiosk_check_pin (f->kiosk, pin, &error));
  g_assert_error (error, HL_PIN_ERROR, code);
}

static void
assert_pin_right (Fixture    *f,
                  const char *pin)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hl_kiosk_check_pin (f->kiosk, pin, &error));
  g_assert_no_error (error);
}

/* Migration 4 on a version-3 database: the dashboard's tables, the duty log append-only. */
static void
test_migration_4 (void)
{
  g_autofree char *dir = hl_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "m.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = hl_store_open_at_version (path, 3, &error);
  g_autofree char *before = NULL;
  g_autofree char *version = NULL;
  g_autofree char *tables = NULL;

  g_assert_no_error (error);
  before = hl_test_query (path, "SELECT count(*) FROM sqlite_master WHERE name IN ('supervisor_pin', 'duty_log', 'alerts')");
  g_assert_cmpstr (before, ==, "0");
  g_assert_true (hl_store_migrate (store, 4, &error));
  g_assert_no_error (error);
  version = hl_test_query (path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "4");
  tables = hl_test_query (path, "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE name IN"
                                " ('supervisor_pin', 'duty_log', 'alerts') ORDER BY name)");
  g_assert_cmpstr (tables, ==, "alerts duty_log supervisor_pin");
  g_assert_true (hl_store_log_duty (store, "K", "Q", "CB01", "2026-07-14T09:00:00+07:00", 1, &error));
  g_assert_cmpint (hl_test_exec (path, "UPDATE duty_log SET officer_code = 'CB09'"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (hl_test_exec (path, "DELETE FROM duty_log"), ==, SQLITE_CONSTRAINT);
  /* One PIN row at most. */
  g_assert_cmpint (hl_test_exec (path, "INSERT INTO supervisor_pin (id) VALUES (2)"), ==, SQLITE_CONSTRAINT);
  g_clear_pointer (&store, hl_store_close);
  hl_test_rm_rf (dir);
}

static void
test_pin_first_start (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *rows = NULL;
  HlPinState state = pin_state (f);

  g_assert_cmpint (state.status, ==, HL_PIN_STATUS_NEEDS_SETUP);
  assert_pin_fails (f, "2468", HL_PIN_ERROR_NOT_SET);
  g_assert_false (hl_kiosk_set_pin (f->kiosk, "12a4", &error));
  g_assert_error (error, HL_PIN_ERROR, HL_PIN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hl_kiosk_set_pin (f->kiosk, "123", &error));
  g_assert_error (error, HL_PIN_ERROR, HL_PIN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (pin_state (f).status, ==, HL_PIN_STATUS_NEEDS_SETUP);

  g_assert_true (hl_kiosk_set_pin (f->kiosk, "246813", &error));
  g_assert_no_error (error);
  state = pin_state (f);
  g_assert_cmpint (state.status, ==, HL_PIN_STATUS_READY);
  g_assert_cmpuint (state.tries_left, ==, HL_PIN_MAX_FAILURES);

  /* Stored as an argon2id hash of the PIN, with libsodium's interactive limits, and only so. */
  hash = query (f, "SELECT pin_hash FROM supervisor_pin");
  g_assert_true (g_str_has_prefix (hash, "$argon2id$v=19$m=65536,t=2,p=1$"));
  g_assert_cmpint (crypto_pwhash_str_verify (hash, "246813", 6), ==, 0);
  g_assert_cmpint (crypto_pwhash_str_verify (hash, "246814", 6), !=, 0);
  rows = query (f, "SELECT count(*) FROM meta WHERE value LIKE '%246813%'");
  g_assert_cmpstr (rows, ==, "0");

  /* The assistant cannot replace a PIN. */
  g_assert_false (hl_kiosk_set_pin (f->kiosk, "111111", &error));
  g_assert_error (error, HL_PIN_ERROR, HL_PIN_ERROR_ALREADY_SET);
  assert_pin_right (f, "246813");
  assert_pin_fails (f, "111111", HL_PIN_ERROR_WRONG);
  assert_pin_fails (f, "12", HL_PIN_ERROR_INVALID);
  /* A malformed PIN is not a try. */
  g_assert_cmpuint (pin_state (f).tries_left, ==, HL_PIN_MAX_FAILURES - 1);
}

static void
fail_times (Fixture *f,
            guint    times)
{
  for (guint i = 0; i < times; i++)
    assert_pin_fails (f, "0000", HL_PIN_ERROR_WRONG);
}

static void
test_pin_lockout (Fixture       *f,
                  gconstpointer  data)
{
  HlPinState state;
  gint64 locked_until;
  g_autofree char *stored = NULL;

  g_assert_true (hl_kiosk_set_pin (f->kiosk, "2468", NULL));
  fail_times (f, 4);
  state = pin_state (f);
  g_assert_cmpint (state.status, ==, HL_PIN_STATUS_READY);
  g_assert_cmpuint (state.tries_left, ==, 1);

  /* The fifth wrong PIN locks the pad for 30 s; the right PIN is refused too while it lasts. */
  fail_times (f, 1);
  state = pin_state (f);
  g_assert_cmpint (state.status, ==, HL_PIN_STATUS_LOCKED);
  g_assert_cmpint (state.locked_until, ==, f->now + 30);
  g_assert_cmpuint (state.seconds_left, ==, 30);
  assert_pin_fails (f, "2468", HL_PIN_ERROR_LOCKED);
  locked_until = state.locked_until;
  /* A notice for the supervisor, once per lock. */
  g_assert_cmpuint (hl_kiosk_get_notices (f->kiosk)->len, ==, 1);
  g_assert_cmpstr (((HlNotice *) g_ptr_array_index (hl_kiosk_get_notices (f->kiosk), 0))->text, ==,
                   "Nhập sai mã PIN 5 lần liên tiếp: khóa nhập mã PIN 30 giây.");

  /* A restart (the database closed and opened again) neither clears nor shortens the lock. */
  f->now += 10;
  stop_kiosk (f);
  start_kiosk (f);
  state = pin_state (f);
  g_assert_cmpint (state.status, ==, HL_PIN_STATUS_LOCKED);
  g_assert_cmpint (state.locked_until, ==, locked_until);
  g_assert_cmpuint (state.seconds_left, ==, 20);
  assert_pin_fails (f, "2468", HL_PIN_ERROR_LOCKED);

  /* Once it has run out, five more tries; five more wrong ones lock twice as long. */
  f->now += 20;
  state = pin_state (f);
  g_assert_cmpint (state.status, ==, HL_PIN_STATUS_READY);
  g_assert_cmpuint (state.tries_left, ==, 5);
  fail_times (f, 5);
  state = pin_state (f);
  g_assert_cmpint (state.status, ==, HL_PIN_STATUS_LOCKED);
  g_assert_cmpuint (state.seconds_left, ==, 60);
  g_assert_cmpuint (hl_kiosk_get_notices (f->kiosk)->len, ==, 1);  /* the kiosk restarted: its own only */
  g_assert_cmpstr (((HlNotice *) g_ptr_array_index (hl_kiosk_get_notices (f->kiosk), 0))->text, ==,
                   "Nhập sai mã PIN 5 lần liên tiếp: khóa nhập mã PIN 1 phút.");
  stored = query (f, "SELECT failures || ' ' || lockouts || ' ' || (locked_until - strftime('%s', '2026-07-14T02:00:30'))"
                     " FROM supervisor_pin");
  g_assert_cmpstr (stored, ==, "0 2 60");

  /* A right PIN after the lock ends the series: the next lock is 30 s again. */
  f->now += 60;
  assert_pin_right (f, "2468");
  g_assert_cmpuint (pin_state (f).tries_left, ==, 5);
  fail_times (f, 5);
  g_assert_cmpuint (pin_state (f).seconds_left, ==, 30);
}

/* Locks double up to the cap; a clock set back cannot stretch one beyond it. */
static void
test_pin_lock_cap (Fixture       *f,
                   gconstpointer  data)
{
  HlPinRecord record = { 0 };
  HlPinState state;

  g_assert_true (hl_kiosk_set_pin (f->kiosk, "2468", NULL));
  g_assert_true (hl_store_get_pin (f->store, &record, NULL));
  record.lockouts = 12;  /* 30 s · 2^12 is far beyond an hour */
  record.failures = 4;
  g_assert_true (hl_store_put_pin (f->store, &record, NULL));
  hl_pin_record_clear (&record);
  fail_times (f, 1);
  state = pin_state (f);
  g_assert_cmpint (state.status, ==, HL_PIN_STATUS_LOCKED);
  g_assert_cmpuint (state.seconds_left, ==, HL_PIN_LOCK_MAX_SECONDS);

  f->now -= 86400;
  state = pin_state (f);
  g_assert_cmpint (state.status, ==, HL_PIN_STATUS_LOCKED);
  g_assert_cmpuint (state.seconds_left, ==, HL_PIN_LOCK_MAX_SECONDS);
  f->now += HL_PIN_LOCK_MAX_SECONDS;
  g_assert_cmpint (pin_state (f).status, ==, HL_PIN_STATUS_READY);
}

static void
test_pin_change_and_reset (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean had_pin = FALSE;

  g_assert_true (hl_kiosk_set_pin (f->kiosk, "2468", NULL));
  g_assert_false (hl_kiosk_change_pin (f->kiosk, "1357", "97531", &error));
  g_assert_error (error, HL_PIN_ERROR, HL_PIN_ERROR_WRONG);
  g_clear_error (&error);
  g_assert_cmpuint (pin_state (f).tries_left, ==, 4);
  g_assert_false (hl_kiosk_change_pin (f->kiosk, "2468", "9x", &error));
  g_assert_error (error, HL_PIN_ERROR, HL_PIN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (hl_kiosk_change_pin (f->kiosk, "2468", "97531", &error));
  g_assert_no_error (error);
  assert_pin_fails (f, "2468", HL_PIN_ERROR_WRONG);
  assert_pin_right (f, "97531");

  /* `hailong pin reset`: forgotten, and its lock-out with it; the assistant runs again. */
  fail_times (f, 5);
  g_assert_true (hl_store_reset_pin (f->store, &had_pin, &error));
  g_assert_no_error (error);
  g_assert_true (had_pin);
  g_assert_cmpint (pin_state (f).status, ==, HL_PIN_STATUS_NEEDS_SETUP);
  g_assert_true (hl_store_reset_pin (f->store, &had_pin, &error));
  g_assert_false (had_pin);
  g_assert_true (hl_kiosk_set_pin (f->kiosk, "1111", &error));
  assert_pin_right (f, "1111");
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* hl_kiosk_check_pin_async() against the same rules; @code -1 expects the right PIN. */
static void
check_async (Fixture    *f,
             const char *pin,
             int         code)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  hl_kiosk_check_pin_async (f->kiosk, pin, NULL, async_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok = hl_kiosk_check_pin_finish (f->kiosk, result, &error);
  if (code < 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_false (ok);
      g_assert_error (error, HL_PIN_ERROR, code);
    }
}

static void
test_pin_async (Fixture       *f,
                gconstpointer  data)
{
  check_async (f, "2468", HL_PIN_ERROR_NOT_SET);
  g_assert_true (hl_kiosk_set_pin (f->kiosk, "2468", NULL));
  check_async (f, "1357", HL_PIN_ERROR_WRONG);
  g_assert_cmpuint (pin_state (f).tries_left, ==, 4);
  check_async (f, "2468", -1);
  g_assert_cmpuint (pin_state (f).tries_left, ==, 5);
  check_async (f, "24", HL_PIN_ERROR_INVALID);
  for (guint i = 0; i < 5; i++)
    check_async (f, "1357", HL_PIN_ERROR_WRONG);
  g_assert_cmpint (pin_state (f).status, ==, HL_PIN_STATUS_LOCKED);
  check_async (f, "2468", HL_PIN_ERROR_LOCKED);
  f->now += 30;
  check_async (f, "2468", -1);
  g_assert_cmpuint (pin_state (f).tries_left, ==, 5);
}

/* One tap on the first screen's face at @position; the follow-up, if any, is left. */
static void
tap (Fixture *f,
     guint    position)
{
  g_autoptr(GError) error = NULL;

  hl_kiosk_reset (f->kiosk);
  g_assert_true (hl_kiosk_choose (f->kiosk, position, &error));
  g_assert_no_error (error);
  f->now += f->step;
}

static void
test_duty (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *officers = NULL;
  g_autofree char *log = NULL;
  gint64 since = -1;
  guint notified = 0;

  /* The configuration's officer is on duty until someone signs in or out. */
  g_assert_cmpstr (hl_kiosk_get_on_duty (f->kiosk, &since), ==, "CB01");
  g_assert_cmpint (since, ==, 0);
  g_signal_connect_swapped (f->kiosk, "notify::on-duty", G_CALLBACK (g_atomic_int_inc), &notified);
  tap (f, 0);

  g_assert_false (hl_kiosk_sign_in (f->kiosk, "CB99", &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_UNKNOWN_CODE);
  g_clear_error (&error);
  g_assert_cmpstr (hl_kiosk_get_on_duty (f->kiosk, NULL), ==, "CB01");

  /* Signed out: the next ratings have no officer, rather than the wrong one. */
  g_assert_true (hl_kiosk_sign_out (f->kiosk, &error));
  g_assert_no_error (error);
  g_assert_null (hl_kiosk_get_on_duty (f->kiosk, NULL));
  g_assert_null (hl_kiosk_get_officer (f->kiosk));
  tap (f, 0);

  g_assert_true (hl_kiosk_sign_in (f->kiosk, "CB02", &error));
  g_assert_cmpstr (hl_kiosk_get_on_duty (f->kiosk, &since), ==, "CB02");
  g_assert_cmpint (since, ==, f->now);
  g_assert_cmpstr (hl_kiosk_get_officer_name (f->kiosk), ==, "Nguyễn Văn Hùng");
  tap (f, 1);
  g_assert_cmpuint (notified, ==, 2);

  officers = query (f, "SELECT group_concat(COALESCE(officer_code, '-'), ' ') FROM (SELECT officer_code FROM responses"
                       " ORDER BY seq)");
  g_assert_cmpstr (officers, ==, "CB01 - CB02");
  log = query (f, "SELECT group_concat(COALESCE(officer_code, 'out') || '@' || recorded_at, ' ') FROM"
                  " (SELECT * FROM duty_log ORDER BY id)");
  g_assert_cmpstr (log, ==, "out@2026-07-14T09:00:30+07:00 CB02@2026-07-14T09:01:00+07:00");

  /* A restart keeps who is on duty, and since when. */
  f->now += 600;
  stop_kiosk (f);
  start_kiosk (f);
  g_assert_cmpstr (hl_kiosk_get_on_duty (f->kiosk, &since), ==, "CB02");
  g_assert_cmpint (since, ==, 1783994460);
  g_assert_true (hl_kiosk_sign_out (f->kiosk, NULL));
  stop_kiosk (f);
  start_kiosk (f);
  g_assert_null (hl_kiosk_get_on_duty (f->kiosk, NULL));
  tap (f, 0);
  officers = query (f, "SELECT COALESCE(officer_code, '-') FROM responses ORDER BY seq DESC LIMIT 1");
  g_assert_cmpstr (officers, ==, "-");
}

static HlRate
make_rate (gint64 satisfied,
           gint64 n)
{
  HlRate rate = { n, satisfied, n > 0 ? 100.0 * satisfied / n : NAN, NAN, NAN };

  hl_wilson_interval (satisfied, n, &rate.ci_low, &rate.ci_high);
  return rate;
}

static void
test_verdict (void)
{
  HlRate r;

  r = make_rate (27, 30);    /* 90.00 */
  g_assert_cmpint (hl_rate_verdict (&r, 90.0), ==, HL_VERDICT_MEETS);
  r = make_rate (8, 10);     /* 80.00, [49.02, 94.33]: under 90, the interval reaching it */
  g_assert_cmpint (hl_rate_verdict (&r, 90.0), ==, HL_VERDICT_UNCLEAR);
  g_assert_cmpint (hl_rate_verdict (&r, 95.0), ==, HL_VERDICT_BELOW);  /* 94.33 < 95 */
  r = make_rate (60, 100);   /* 60.00, [50.20, 69.06]: wholly below */
  g_assert_cmpint (hl_rate_verdict (&r, 90.0), ==, HL_VERDICT_BELOW);
  r = make_rate (89999, 100000);  /* 89.999 prints as 90.00: meets, as printed */
  g_assert_cmpint (hl_rate_verdict (&r, 90.0), ==, HL_VERDICT_MEETS);
  r = make_rate (0, 0);
  g_assert_cmpint (hl_rate_verdict (&r, 90.0), ==, HL_VERDICT_NONE);
  g_assert_cmpstr (hl_verdict_to_string (HL_VERDICT_MEETS), ==, "meets");
  g_assert_cmpstr (hl_verdict_to_string (HL_VERDICT_UNCLEAR), ==, "unclear");
  g_assert_cmpstr (hl_verdict_to_string (HL_VERDICT_BELOW), ==, "below");
  g_assert_null (hl_verdict_to_string (HL_VERDICT_NONE));
  g_assert_cmpstr (hl_verdict_describe (HL_VERDICT_UNCLEAR), ==, "chưa rõ");
  g_assert_cmpstr (hl_verdict_describe (HL_VERDICT_BELOW), ==, "dưới mục tiêu");
}

static void
assert_rank (GArray       *ranking,
             guint         place,
             guint         position,
             guint         rank,
             HlRankReason  reason)
{
  HlRankEntry *entry = &g_array_index (ranking, HlRankEntry, place);

  g_assert_cmpuint (entry->position, ==, position);
  g_assert_cmpuint (entry->rank, ==, rank);
  g_assert_cmpint (entry->reason, ==, reason);
}

static void
test_rank (void)
{
  /* 0: 98 % [93.00, 99.45]; 1: 80 % [71.12, 86.66]; 2: 70 % of 10 answers [39.68, 89.22]; 3: 20 %
   * [13.34, 28.88]; 4: no answer; 5: 80 % like 1. */
  HlRate rates[] = { make_rate (98, 100), make_rate (80, 100), make_rate (7, 10), make_rate (20, 100),
                     make_rate (0, 0), make_rate (80, 100) };
  g_autoptr(GArray) ranking = hl_rank_rates (rates, G_N_ELEMENTS (rates), 30);
  g_autoptr(GArray) larger = NULL;
  g_autoptr(GArray) equal = NULL;
  g_autofree char *why = NULL;

  g_assert_cmpuint (ranking->len, ==, 6);
  /* 98 % stands clear of the rest. 70 % from 10 answers overlaps both 80 %s, which are equal: the
   * three share rank 2, because the small one says so. 20 % is clear of them all: rank 5. */
  assert_rank (ranking, 0, 0, 1, HL_RANK_ORDERED);
  assert_rank (ranking, 1, 1, 2, HL_RANK_SHARED_SMALL);
  assert_rank (ranking, 2, 5, 2, HL_RANK_SHARED_SMALL);
  assert_rank (ranking, 3, 2, 2, HL_RANK_SHARED_SMALL);
  assert_rank (ranking, 4, 3, 5, HL_RANK_ORDERED);
  assert_rank (ranking, 5, 4, 0, HL_RANK_UNRANKED);

  /* With a minimum sample of 10, the 70 % may be ordered below the 80 %s; those two still share. */
  larger = hl_rank_rates (rates, G_N_ELEMENTS (rates), 10);
  assert_rank (larger, 1, 1, 2, HL_RANK_SHARED_EQUAL);
  assert_rank (larger, 2, 5, 2, HL_RANK_SHARED_EQUAL);
  assert_rank (larger, 3, 2, 4, HL_RANK_ORDERED);

  /* A small rate far from the rest is ordered. */
  {
    HlRate apart[] = { make_rate (0, 4), make_rate (98, 100) };  /* [0, 48.99] against [93, 99.45] */

    equal = hl_rank_rates (apart, 2, 30);
    assert_rank (equal, 0, 1, 1, HL_RANK_ORDERED);
    assert_rank (equal, 1, 0, 2, HL_RANK_ORDERED);
  }

  why = hl_rank_reason_describe (HL_RANK_SHARED_SMALL, 30);
  g_assert_nonnull (strstr (why, "khoảng tin cậy chồng nhau"));
  g_assert_nonnull (strstr (why, "30"));
}

static void
assert_period (HlPeriod    period,
               const char *date,
               const char *from,
               const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *f = NULL;
  g_autofree char *t = NULL;

  g_assert_true (hl_period_range (period, date, &f, &t, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (f, ==, from);
  g_assert_cmpstr (t, ==, to);
}

static void
test_periods (void)
{
  g_autoptr(GError) error = NULL;
  char *from = NULL, *to = NULL;
  HlPeriod period;

  assert_period (HL_PERIOD_DAY, "2026-07-15", "2026-07-15", "2026-07-15");
  assert_period (HL_PERIOD_WEEK, "2026-07-15", "2026-07-13", "2026-07-15");  /* a Wednesday */
  assert_period (HL_PERIOD_WEEK, "2026-07-19", "2026-07-13", "2026-07-19");  /* a Sunday */
  assert_period (HL_PERIOD_WEEK, "2026-07-13", "2026-07-13", "2026-07-13");  /* a Monday */
  assert_period (HL_PERIOD_WEEK, "2026-01-01", "2025-12-29", "2026-01-01");
  assert_period (HL_PERIOD_MONTH, "2026-02-28", "2026-02-01", "2026-02-28");
  assert_period (HL_PERIOD_QUARTER, "2026-08-20", "2026-07-01", "2026-08-20");
  assert_period (HL_PERIOD_QUARTER, "2026-03-31", "2026-01-01", "2026-03-31");
  assert_period (HL_PERIOD_QUARTER, "2026-12-01", "2026-10-01", "2026-12-01");
  assert_period (HL_PERIOD_YEAR, "2026-07-15", "2026-01-01", "2026-07-15");
  g_assert_false (hl_period_range (HL_PERIOD_MONTH, "2026-02-30", &from, &to, &error));
  g_assert_error (error, HL_INDEX_ERROR, HL_INDEX_ERROR_BAD_DATE);
  g_assert_null (from);

  for (HlPeriod p = HL_PERIOD_DAY; p <= HL_PERIOD_YEAR; p++)
    {
      g_assert_true (hl_period_from_string (hl_period_to_string (p), &period));
      g_assert_cmpint (period, ==, p);
    }
  g_assert_cmpstr (hl_period_to_string (HL_PERIOD_QUARTER), ==, "quarter");
  g_assert_false (hl_period_from_string ("fortnight", &period));
}

/* The trend: a point for every day, answered or not, with the numbers of the index by day. */
static void
test_trend (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) trend = NULL;
  g_autoptr(GArray) keys = hl_index_parse_keys ("day", NULL);
  g_autoptr(HlIndex) index = NULL;
  HlTrendPoint *p;

  /* 2026-07-14: two satisfied, one not; 2026-07-16: one not satisfied. */
  tap (f, 0);
  tap (f, 1);
  tap (f, 3);
  f->now += 2 * 86400;
  tap (f, 2);

  trend = hl_index_trend (f->store, "2026-07-17", 5, f->config, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trend->len, ==, 5);
  p = &g_array_index (trend, HlTrendPoint, 0);
  g_assert_cmpstr (p->day, ==, "2026-07-13");
  g_assert_cmpint (p->overall.n, ==, 0);
  g_assert_true (isnan (p->overall.rate));
  g_assert_cmpint (p->verdict, ==, HL_VERDICT_NONE);
  p = &g_array_index (trend, HlTrendPoint, 1);
  g_assert_cmpstr (p->day, ==, "2026-07-14");
  g_assert_cmpint (p->responses, ==, 3);
  g_assert_cmpint (p->overall.n, ==, 3);
  g_assert_cmpint (p->overall.satisfied, ==, 2);
  g_assert_cmpint (p->verdict, ==, HL_VERDICT_UNCLEAR);
  g_assert_cmpstr (g_array_index (trend, HlTrendPoint, 2).day, ==, "2026-07-15");
  g_assert_cmpint (g_array_index (trend, HlTrendPoint, 2).overall.n, ==, 0);
  p = &g_array_index (trend, HlTrendPoint, 3);
  g_assert_cmpstr (p->day, ==, "2026-07-16");
  g_assert_cmpint (p->overall.n, ==, 1);
  g_assert_cmpint (p->overall.satisfied, ==, 0);
  g_assert_cmpstr (g_array_index (trend, HlTrendPoint, 4).day, ==, "2026-07-17");

  /* The same numbers as the index by day. */
  index = hl_index_compute (f->store, "2026-07-13", "2026-07-17", keys, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hl_index_get_n_rows (index), ==, 2);
  g_assert_cmpfloat (hl_index_get_row (index, 0)->overall.ci_low, ==, g_array_index (trend, HlTrendPoint, 1).overall.ci_low);
  g_assert_cmpfloat (hl_index_get_row (index, 0)->overall.ci_high, ==, g_array_index (trend, HlTrendPoint, 1).overall.ci_high);
  g_assert_cmpfloat (hl_index_get_row (index, 1)->overall.rate, ==, g_array_index (trend, HlTrendPoint, 3).overall.rate);

  /* From the per-day rollups, not the responses: with every response and answer gone (behind the
   * store's back), the trend is the same. */
  g_assert_cmpint (hl_test_exec (f->path, "DROP TRIGGER responses_append_only_d; DROP TRIGGER answers_append_only_d;"
                                 "DROP TRIGGER chain_append_only_d; DELETE FROM chain; DELETE FROM answers;"
                                 "DELETE FROM responses"), ==, SQLITE_OK);
  g_clear_pointer (&trend, g_array_unref);
  trend = hl_index_trend (f->store, "2026-07-17", 5, f->config, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (trend, HlTrendPoint, 1).overall.n, ==, 3);
  g_assert_cmpint (g_array_index (trend, HlTrendPoint, 1).overall.satisfied, ==, 2);
  g_assert_cmpint (g_array_index (trend, HlTrendPoint, 3).overall.n, ==, 1);
}

/* The demo configuration with @alerts inserted as its last key, one line per rule from line 47 on. */
static char *
config_with_alerts (const char *alerts)
{
  g_autofree char *demo_path = hl_test_source_path ("data/demo/kiosk.json");
  g_autofree char *demo = NULL;
  g_autofree char *tail = NULL;
  char *end;

  g_assert_true (g_file_get_contents (demo_path, &demo, NULL, NULL));
  end = strrchr (demo, '}');
  g_assert_nonnull (end);
  *end = '\0';
  g_strchomp (demo);
  return g_strdup_printf ("%s,\n  \"alerts\": %s\n}\n", demo, alerts);
}

static guint
line_of (const char *text,
         const char *needle)
{
  const char *at = strstr (text, needle);
  guint line = 1;

  g_assert_nonnull (at);
  for (const char *p = text; p < at; p++)
    line += *p == '\n';
  return line;
}

/* Problem @i is at k.json:@line:COLUMN and says @text. */
static void
assert_problem (GPtrArray  *problems,
                guint       i,
                guint       line,
                const char *text)
{
  const char *problem = g_ptr_array_index (problems, i);
  g_autofree char *prefix = g_strdup_printf ("k.json:%u:", line);
  const char *rest = problem + strlen (prefix);

  g_assert_true (g_str_has_prefix (problem, prefix));
  g_assert_true (g_ascii_isdigit (*rest));
  while (g_ascii_isdigit (*rest))
    rest++;
  g_assert_true (g_str_has_prefix (rest, ": "));
  g_assert_nonnull (strstr (rest, text));
}

static void
test_alert_config (void)
{
  g_autofree char *demo_path = hl_test_source_path ("data/demo/kiosk.json");
  g_autoptr(HlConfig) demo = hl_config_load_file (demo_path, NULL, NULL);
  g_autofree char *none_text = config_with_alerts ("[]");
  g_autoptr(HlConfig) none = hl_config_load_data ("k.json", none_text, -1, NULL, NULL);
  g_autofree char *custom_text = config_with_alerts ("[\n"
    "    {\"kind\": \"unsatisfied-share\", \"min_share\": 0.75, \"min_answers\": 6, \"window_minutes\": 30, \"per\": \"counter\"},\n"
    "    {\"kind\": \"day-below-target\", \"min_answers\": 50, \"x-note\": \"ours\"}\n  ]");
  g_autoptr(HlConfig) custom = hl_config_load_data ("k.json", custom_text, -1, NULL, NULL);
  g_autofree char *bad_text = config_with_alerts ("[\n"
    "    {\"kind\": \"unsatisfied-share\", \"min_share\": 1.5, \"min_answers\": 0, \"windw_minutes\": 15},\n"
    "    {\"kind\": \"unsatisfied-share\", \"per\": \"officer\"},\n"
    "    {\"kind\": \"day-above-target\"},\n"
    "    {\"kind\": \"day-below-target\", \"window_minutes\": 15},\n"
    "    7\n  ]");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) bad = hl_config_load_data ("k.json", bad_text, -1, problems, &error);
  const HlAlertRule *rule;
  guint line = line_of (bad_text, "\"min_share\": 1.5");

  /* No "alerts": the two default rules. */
  g_assert_nonnull (demo);
  g_assert_cmpuint (demo->alert_rules->len, ==, 2);
  rule = g_ptr_array_index (demo->alert_rules, 0);
  g_assert_cmpint (rule->kind, ==, HL_ALERT_UNSATISFIED_SHARE);
  g_assert_cmpfloat (rule->min_share, ==, 0.5);
  g_assert_cmpuint (rule->min_answers, ==, 4);
  g_assert_cmpuint (rule->window_minutes, ==, 15);
  rule = g_ptr_array_index (demo->alert_rules, 1);
  g_assert_cmpint (rule->kind, ==, HL_ALERT_DAY_BELOW_TARGET);
  g_assert_cmpuint (rule->min_answers, ==, 30);

  /* "alerts": [] turns them off. */
  g_assert_nonnull (none);
  g_assert_cmpuint (none->alert_rules->len, ==, 0);

  g_assert_nonnull (custom);
  g_assert_cmpuint (custom->alert_rules->len, ==, 2);
  rule = g_ptr_array_index (custom->alert_rules, 0);
  g_assert_cmpfloat (rule->min_share, ==, 0.75);
  g_assert_cmpuint (rule->min_answers, ==, 6);
  g_assert_cmpuint (rule->window_minutes, ==, 30);
  rule = g_ptr_array_index (custom->alert_rules, 1);
  g_assert_cmpuint (rule->min_answers, ==, 50);

  /* Every problem, each at its line and column. */
  g_assert_null (bad);
  g_assert_nonnull (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 7);
  assert_problem (problems, 0, line, "unknown key “windw_minutes”");
  assert_problem (problems, 1, line, "“min_share” is a share of the answers");
  assert_problem (problems, 2, line, "“min_answers” must be between 1 and 1000");
  assert_problem (problems, 3, line + 1, "“per” must be \"counter\", not “officer”");
  assert_problem (problems, 4, line + 2, "alert kind must be \"unsatisfied-share\" or \"day-below-target\", not “day-above-target”");
  assert_problem (problems, 5, line + 3, "unknown key “window_minutes”");
  assert_problem (problems, 6, line + 4, "an alert rule must be a JSON object");
}

/* A burst of unsatisfied taps, 11 s apart, until the rule's four answers are there: raised once, by the
 * signal and in the database; not again within the window, also after a restart; again in a later
 * window. */
static void
test_alert_share (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) listed = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *bursts = NULL;
  HlAlert *alert;

  f->step = 11;
  tap (f, 3);
  tap (f, 2);
  tap (f, 3);
  /* Three of three unsatisfied: 100 %, but fewer answers than min_answers (4). */
  g_assert_cmpuint (f->signalled->len, ==, 0);
  tap (f, 2);
  g_assert_cmpuint (f->signalled->len, ==, 1);
  alert = g_ptr_array_index (f->signalled, 0);
  g_assert_cmpint (alert->kind, ==, HL_ALERT_UNSATISFIED_SHARE);
  g_assert_cmpuint (alert->rule, ==, 0);
  g_assert_cmpstr (alert->counter, ==, "Q02");
  g_assert_cmpstr (alert->day, ==, "2026-07-14");
  g_assert_cmpstr (alert->raised_at, ==, "2026-07-14T09:00:33+07:00");
  g_assert_cmpint (alert->answers, ==, 4);
  g_assert_cmpint (alert->unsatisfied, ==, 4);
  g_assert_cmpfloat (alert->value, ==, 100.0);
  g_assert_cmpfloat (alert->threshold, ==, 50.0);
  g_assert_cmpstr (alert->message, ==, "Quầy số 2: 4/4 đánh giá chưa hài lòng (100 %) trong 15 phút qua");
  stored = query (f, "SELECT kind || ' ' || rule || ' ' || counter_code || ' ' || answers || ' ' || unsatisfied || ' ' || message"
                     " FROM alerts");
  g_assert_cmpstr (stored, ==, "unsatisfied-share 0 Q02 4 4 Quầy số 2: 4/4 đánh giá chưa hài lòng (100 %) trong 15 phút qua");

  /* Not on every tap: the next ones in the window raise nothing, and neither does a restart. */
  tap (f, 3);
  tap (f, 2);
  g_assert_cmpuint (f->signalled->len, ==, 1);
  stop_kiosk (f);
  start_kiosk (f);
  tap (f, 3);
  g_assert_cmpuint (f->signalled->len, ==, 1);
  /* More than 5 within 2 minutes: the last ones are flagged as a burst, and counted all the same. */
  bursts = query (f, "SELECT sum(burst) FROM responses");
  g_assert_cmpstr (bursts, ==, "2");
  listed = hl_kiosk_list_alerts (f->kiosk, NULL);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (((HlAlert *) g_ptr_array_index (listed, 0))->message, ==, alert->message);

  /* A quarter of an hour later, satisfied answers: nothing. Then two of four unsatisfied: 50 % is enough. */
  f->now += 16 * 60;
  f->step = 30;
  tap (f, 0);
  tap (f, 1);
  g_assert_cmpuint (f->signalled->len, ==, 1);
  tap (f, 2);
  g_assert_cmpuint (f->signalled->len, ==, 1);  /* 1 of 3 */
  tap (f, 3);
  g_assert_cmpuint (f->signalled->len, ==, 2);  /* 2 of 4 */
  g_assert_cmpint (((HlAlert *) g_ptr_array_index (f->signalled, 1))->unsatisfied, ==, 2);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = hl_kiosk_list_alerts (f->kiosk, NULL);
  g_assert_cmpuint (listed->len, ==, 2);
  /* Another day's list is empty. */
  f->now += 86400;
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = hl_kiosk_list_alerts (f->kiosk, NULL);
  g_assert_cmpuint (listed->len, ==, 0);
}

/* The GTK kiosk's way (hl_kiosk_set_alerts_deferred()): the tap returns, the thank-you page is shown, and
 * the alert it raised comes from the main loop afterwards, the same alert, once. */
static void
test_alert_deferred (Fixture       *f,
                     gconstpointer  data)
{
  HlAlert *alert;

  hl_kiosk_set_alerts_deferred (f->kiosk, TRUE);
  f->step = 11;
  tap (f, 3);
  tap (f, 2);
  tap (f, 3);
  tap (f, 2);
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_QUESTION);
  g_assert_cmpuint (f->signalled->len, ==, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (f->signalled->len, ==, 1);
  alert = g_ptr_array_index (f->signalled, 0);
  g_assert_cmpint (alert->kind, ==, HL_ALERT_UNSATISFIED_SHARE);
  g_assert_cmpint (alert->answers, ==, 4);
  g_assert_cmpint (alert->unsatisfied, ==, 4);
  tap (f, 3);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (f->signalled->len, ==, 1);
}

/* One unsatisfied answer in four, 30 s apart, for a long while: never 50 % in any window. (The day's
 * 75 % would raise the day's rule, which this configuration leaves out.) */
static void
test_alert_share_below (Fixture       *f,
                        gconstpointer  data)
{
  for (guint i = 0; i < 40; i++)
    tap (f, i % 4 == 0 ? 3 : 0);
  g_assert_cmpuint (f->signalled->len, ==, 0);
  g_assert_cmpuint (hl_kiosk_list_alerts (f->kiosk, NULL)->len, ==, 0);
}

static void
test_alert_day (Fixture       *f,
                gconstpointer  data)
{
  HlAlert *alert;

  /* 29 unsatisfied answers: 0 %, wholly below 90 %, but fewer than the rule's 30. */
  for (guint i = 0; i < 29; i++)
    tap (f, 3);
  g_assert_cmpuint (f->signalled->len, ==, 0);
  tap (f, 3);
  g_assert_cmpuint (f->signalled->len, ==, 1);
  alert = g_ptr_array_index (f->signalled, 0);
  g_assert_cmpint (alert->kind, ==, HL_ALERT_DAY_BELOW_TARGET);
  g_assert_cmpint (alert->answers, ==, 30);
  g_assert_cmpfloat (alert->value, ==, 0.0);
  g_assert_cmpfloat (alert->threshold, ==, 90.0);
  g_assert_cmpfloat (fabs (alert->ci_high - 11.35), <, 0.01);
  g_assert_cmpstr (alert->message, ==, "Quầy số 2: tỉ lệ hài lòng hôm nay 0.0 % (khoảng tin cậy 95 %: 0.0–11.4 %) "
                                       "dưới mục tiêu 90 %, từ 30 câu trả lời");
  /* Once a day. */
  tap (f, 3);
  g_assert_cmpuint (f->signalled->len, ==, 1);
  /* The next day starts afresh. */
  f->now += 86400;
  for (guint i = 0; i < 30; i++)
    tap (f, 3);
  g_assert_cmpuint (f->signalled->len, ==, 2);
  g_assert_cmpstr (((HlAlert *) g_ptr_array_index (f->signalled, 1))->day, ==, "2026-07-15");
}

/* Under the target, but not clearly: 26 of 30 (86.67 %, interval 70.32–94.69) raises nothing. */
static void
test_alert_day_unclear (Fixture       *f,
                        gconstpointer  data)
{
  for (guint i = 0; i < 30; i++)
    tap (f, i < 26 ? 0 : 3);
  g_assert_cmpuint (f->signalled->len, ==, 0);
}

static void
test_alerts_off (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) raised = NULL;

  for (guint i = 0; i < 6; i++)
    tap (f, 3);
  g_assert_cmpuint (f->signalled->len, ==, 0);
  raised = hl_kiosk_evaluate_alerts (f->kiosk, NULL);
  g_assert_cmpuint (raised->len, ==, 0);
}

static void
test_alerts_disabled (Fixture       *f,
                      gconstpointer  data)
{
  hl_kiosk_set_alerts_enabled (f->kiosk, FALSE);
  for (guint i = 0; i < 6; i++)
    tap (f, 3);
  g_assert_cmpuint (f->signalled->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *day_rule = NULL;
  g_autofree char *no_rules = NULL;
  g_autofree char *share_rule = NULL;

  g_test_init (&argc, &argv, NULL);
  day_rule = config_with_alerts ("[{\"kind\": \"day-below-target\", \"min_answers\": 30}]");
  no_rules = config_with_alerts ("[]");
  share_rule = config_with_alerts ("[{\"kind\": \"unsatisfied-share\"}]");
  g_assert_cmpint (sodium_init (), >=, 0);

  g_test_add_func ("/dashboard/migration/4", test_migration_4);
  g_test_add ("/dashboard/pin/first-start", Fixture, NULL, fixture_setup, test_pin_first_start, fixture_teardown);
  g_test_add ("/dashboard/pin/lockout", Fixture, NULL, fixture_setup, test_pin_lockout, fixture_teardown);
  g_test_add ("/dashboard/pin/lock-cap", Fixture, NULL, fixture_setup, test_pin_lock_cap, fixture_teardown);
  g_test_add ("/dashboard/pin/change-reset", Fixture, NULL, fixture_setup, test_pin_change_and_reset,
              fixture_teardown);
  g_test_add ("/dashboard/pin/async", Fixture, NULL, fixture_setup, test_pin_async, fixture_teardown);
  g_test_add ("/dashboard/duty", Fixture, NULL, fixture_setup, test_duty, fixture_teardown);
  g_test_add_func ("/dashboard/verdict", test_verdict);
  g_test_add_func ("/dashboard/rank", test_rank);
  g_test_add_func ("/dashboard/periods", test_periods);
  g_test_add ("/dashboard/trend", Fixture, NULL, fixture_setup, test_trend, fixture_teardown);
  g_test_add_func ("/dashboard/alerts/config", test_alert_config);
  g_test_add ("/dashboard/alerts/share", Fixture, NULL, fixture_setup, test_alert_share, fixture_teardown);
  g_test_add ("/dashboard/alerts/deferred", Fixture, NULL, fixture_setup, test_alert_deferred, fixture_teardown);
  g_test_add ("/dashboard/alerts/share-below", Fixture, share_rule, fixture_setup, test_alert_share_below, fixture_teardown);
  g_test_add ("/dashboard/alerts/day", Fixture, day_rule, fixture_setup, test_alert_day, fixture_teardown);
  g_test_add ("/dashboard/alerts/day-unclear", Fixture, day_rule, fixture_setup, test_alert_day_unclear,
              fixture_teardown);
  g_test_add ("/dashboard/alerts/off", Fixture, no_rules, fixture_setup, test_alerts_off, fixture_teardown);
  g_test_add ("/dashboard/alerts/disabled", Fixture, NULL, fixture_setup, test_alerts_disabled, fixture_teardown);
  return g_test_run ();
}
