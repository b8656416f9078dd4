/* test-kiosk.c: the citizen's flow as core decides it: pages, follow-up, selection, repeats, the
 * officer's arming, timeouts, and a failed commit that must never be thanked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "hl-config.h"
#include "hl-kiosk.h"
#include "hl-store.h"
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
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *config_path = hl_test_source_path ("data/demo/kiosk.json");
  g_autofree char *survey_path = hl_test_source_path ("survey_defs/sipas-quick.json");
  g_autoptr(GError) error = NULL;

  f->dir = hl_test_tmpdir ();
  f->path = g_build_filename (f->dir, "kiosk.db", NULL);
  f->config = hl_config_load_file (config_path, NULL, &error);
  g_assert_no_error (error);
  f->config->thanks_timeout = 1;
  f->config->idle_timeout = 1;
  f->survey = hl_survey_load_file (survey_path, NULL, &error);
  g_assert_no_error (error);
  f->store = hl_store_open (f->path, &error);
  g_assert_no_error (error);
  f->kiosk = hl_kiosk_new (f->config, f->survey, f->store, "HL-TEST");
  g_assert_true (hl_kiosk_start (f->kiosk, &error));
  g_assert_no_error (error);
  /* 2026-07-15 00:30 at +07:00, which is 2026-07-14 17:30 UTC: the local date and the UTC date differ,
   * so that a kiosk storing the UTC day fails (test_satisfied, test_local_day_at_midnight). */
  f->now = 1784050200;
  hl_kiosk_set_clock (f->kiosk, hl_test_clock, &f->now);
  hl_kiosk_set_log_saves (f->kiosk, FALSE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->kiosk);
  g_clear_pointer (&f->store, hl_store_close);
  g_clear_object (&f->survey);
  g_clear_pointer (&f->config, hl_config_unref);
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

static void
test_satisfied (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;

  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_WELCOME);
  g_assert_cmpstr (hl_kiosk_get_question (f->kiosk)->id, ==, "OVERALL");
  g_assert_true (hl_kiosk_choose (f->kiosk, 1, &error));
  g_assert_no_error (error);
  /* Hài lòng: no follow-up, thanked at once, and on disk already. */
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_THANKS);
  g_assert_cmpint (hl_kiosk_get_last_sequence (f->kiosk), ==, 1);
  row = query (f, "SELECT seq || ' ' || recorded_at || ' ' || day || ' ' || unit_code || ' ' || counter_code || ' ' "
                  "|| officer_code || ' ' || is_repeat || ' ' || (SELECT value FROM answers) FROM responses");
  g_assert_cmpstr (row, ==, "1 2026-07-15T00:30:00+07:00 2026-07-15 LC-XA-BACHA Q02 CB01 0 3");

  /* A second tap on the thank-you page is not a rating. */
  g_assert_false (hl_kiosk_choose (f->kiosk, 0, &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_WRONG_PAGE);
}

static void
test_followup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *answers = NULL;

  g_assert_true (hl_kiosk_choose (f->kiosk, 2, &error));
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_QUESTION);
  g_assert_cmpstr (hl_kiosk_get_question (f->kiosk)->id, ==, "REASONS");

  g_assert_true (hl_kiosk_choose (f->kiosk, 4, &error));
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, &error));
  g_assert_true (hl_kiosk_choose (f->kiosk, 2, &error));
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, &error));  /* changed their mind */
  g_assert_false (hl_kiosk_is_selected (f->kiosk, 0));
  g_assert_true (hl_kiosk_is_selected (f->kiosk, 2));
  g_assert_true (hl_kiosk_is_selected (f->kiosk, 4));
  g_assert_false (hl_kiosk_choose (f->kiosk, 5, &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_NO_OPTION);
  g_clear_error (&error);

  g_assert_true (hl_kiosk_submit (f->kiosk, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_THANKS);
  /* Stored in the order shown, whatever the order tapped. */
  answers = query (f, "SELECT group_concat(question_id || '=' || value, ' ') FROM (SELECT * FROM answers ORDER BY id)");
  g_assert_cmpstr (answers, ==, "OVERALL=2 REASONS=3 REASONS=5");
}

static void
test_skip (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *answers = NULL;

  g_assert_true (hl_kiosk_choose (f->kiosk, 3, NULL));
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_QUESTION);
  hl_kiosk_skip (f->kiosk);
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_THANKS);
  answers = query (f, "SELECT group_concat(question_id || '=' || value, ' ') FROM answers");
  g_assert_cmpstr (answers, ==, "OVERALL=1");
}

static gboolean
quit_on_welcome (gpointer user_data)
{
  Fixture *f = user_data;

  return hl_kiosk_get_page (f->kiosk) != HL_PAGE_WELCOME;
}

/* The follow-up and the thank-you page go back to the first screen by themselves; the answer stays. */
static void
test_timeouts (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *count = NULL;

  g_assert_true (hl_kiosk_choose (f->kiosk, 3, NULL));
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_QUESTION);
  while (quit_on_welcome (f))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_WELCOME);

  f->now += 60;
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, NULL));
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_THANKS);
  while (quit_on_welcome (f))
    g_main_context_iteration (NULL, TRUE);
  count = query (f, "SELECT count(*) FROM answers WHERE question_id = 'OVERALL'");
  g_assert_cmpstr (count, ==, "2");
}

static void
test_repeats (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *flags = NULL;

  g_assert_true (hl_kiosk_choose (f->kiosk, 0, NULL));
  hl_kiosk_reset (f->kiosk);
  f->now += 9;  /* within the 10 s interval */
  g_assert_true (hl_kiosk_choose (f->kiosk, 3, NULL));
  g_assert_true (hl_kiosk_get_last_repeat (f->kiosk));
  /* A repeat is thanked (it is stored) but asks nothing more. */
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_THANKS);
  hl_kiosk_reset (f->kiosk);
  f->now += 10;  /* counted from the previous press, repeat or not */
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, NULL));
  g_assert_false (hl_kiosk_get_last_repeat (f->kiosk));
  hl_kiosk_reset (f->kiosk);
  f->now -= 3600;  /* the clock was set back: not taken for a repeat */
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, NULL));
  g_assert_false (hl_kiosk_get_last_repeat (f->kiosk));

  flags = query (f, "SELECT group_concat(seq || ':' || is_repeat, ' ') FROM (SELECT * FROM responses ORDER BY seq)");
  g_assert_cmpstr (flags, ==, "1:0 2:1 3:0 4:0");
}

/* The numbering goes on after a restart, and so does the repeat rule. */
static void
test_restart (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlKiosk) again = NULL;

  g_assert_true (hl_kiosk_choose (f->kiosk, 0, NULL));
  again = hl_kiosk_new (f->config, f->survey, f->store, "HL-TEST");
  hl_kiosk_set_clock (again, hl_test_clock, &f->now);
  hl_kiosk_set_log_saves (again, FALSE);
  g_assert_true (hl_kiosk_start (again, &error));
  g_assert_cmpint (hl_kiosk_get_last_sequence (again), ==, 1);
  f->now += 2;
  g_assert_true (hl_kiosk_choose (again, 0, NULL));
  g_assert_cmpint (hl_kiosk_get_last_sequence (again), ==, 2);
  g_assert_true (hl_kiosk_get_last_repeat (again));
}

static void
test_arm (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;
  g_autofree char *next = NULL;

  g_assert_false (hl_kiosk_arm (f->kiosk, "9.999999", NULL, NULL, &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_UNKNOWN_CODE);
  g_clear_error (&error);
  g_assert_false (hl_kiosk_arm (f->kiosk, NULL, "CB99", NULL, &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_UNKNOWN_CODE);
  g_clear_error (&error);

  g_assert_true (hl_kiosk_arm (f->kiosk, "1.004227", "CB03", NULL, &error));
  g_assert_cmpstr (hl_kiosk_get_officer_name (f->kiosk), ==, "Lò Thị Hoa");
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, NULL));
  row = query (f, "SELECT officer_code || ' ' || procedure_code || ' ' || field_code FROM responses WHERE seq = 1");
  g_assert_cmpstr (row, ==, "CB03 1.004227 DD");
  /* One arming serves one response: the officer on duty is back, the procedure unknown. */
  g_assert_cmpstr (hl_kiosk_get_officer (f->kiosk), ==, "CB01");
  hl_kiosk_reset (f->kiosk);
  f->now += 60;
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, NULL));
  next = query (f, "SELECT officer_code || ' ' || coalesce(procedure_code, '-') FROM responses WHERE seq = 2");
  g_assert_cmpstr (next, ==, "CB01 -");
}


static void
test_armed_mode (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  guint8 key[32];

  memset (key, 7, sizeof key);
  hl_kiosk_set_ticket_key (f->kiosk, key);
  f->config->armed_required = TRUE;
  g_assert_false (hl_kiosk_get_can_rate (f->kiosk));
  g_assert_false (hl_kiosk_choose (f->kiosk, 0, &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_NOT_ARMED);
  g_clear_error (&error);
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_WELCOME);

  g_assert_true (hl_kiosk_arm (f->kiosk, "1.001193", NULL, "A-0042", &error));
  g_assert_true (hl_kiosk_get_can_rate (f->kiosk));
  g_assert_true (hl_kiosk_choose (f->kiosk, 1, &error));
  /* One rating per arming. */
  g_assert_false (hl_kiosk_get_can_rate (f->kiosk));
  hl_kiosk_reset (f->kiosk);
  f->now += 60;
  g_assert_false (hl_kiosk_choose (f->kiosk, 0, &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_NOT_ARMED);
  g_clear_error (&error);

  /* The ticket is stored only as a keyed hash, and a ticket that rated cannot rate again. */
  stored = query (f, "SELECT ticket_hash FROM responses WHERE seq = 1");
  g_assert_cmpuint (strlen (stored), ==, 64);
  g_assert_null (strstr (stored, "0042"));
  g_assert_false (hl_kiosk_arm (f->kiosk, NULL, NULL, "A-0042", &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_TICKET_USED);
  g_clear_error (&error);
  g_assert_false (hl_kiosk_get_can_rate (f->kiosk));
  g_assert_true (hl_kiosk_arm (f->kiosk, NULL, NULL, "A-0043", &error));
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, &error));
  g_assert_no_error (error);
}

/* More than 5 responses within 2 minutes at one counter: the 6th and later are flagged, counted both in
 * the rollups and apart, so that figures can be given with and without them. */
static void
test_bursts (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *flags = NULL;
  g_autofree char *apart = NULL;

  for (int i = 0; i < 7; i++)
    {
      g_assert_true (hl_kiosk_choose (f->kiosk, 0, NULL));
      g_assert_cmpint (hl_kiosk_get_last_burst (f->kiosk), ==, i >= 5);
      hl_kiosk_reset (f->kiosk);
      f->now += 11;  /* past the response interval, so none is a repeat */
    }
  f->now += 120;
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, NULL));
  g_assert_false (hl_kiosk_get_last_burst (f->kiosk));

  flags = query (f, "SELECT group_concat(burst, '') FROM (SELECT burst FROM responses ORDER BY seq)");
  g_assert_cmpstr (flags, ==, "00000110");
  apart = query (f, "SELECT group_concat(question_id || '=' || value || ':' || n, ' ') FROM burst_counts");
  g_assert_cmpstr (apart, ==, "=0:2 OVERALL=4:2");
}


static HlSurvey *
full_survey (void)
{
  g_autofree char *path = hl_test_source_path ("survey_defs/sipas-full.json");
  g_autoptr(GError) error = NULL;
  HlSurvey *survey = hl_survey_load_file (path, NULL, &error);

  g_assert_no_error (error);
  return survey;
}

static void
assert_at (Fixture    *f,
           const char *id,
           guint       index,
           gboolean    can_go_back)
{
  guint i, total;

  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_QUESTION);
  g_assert_cmpstr (hl_kiosk_get_question (f->kiosk)->id, ==, id);
  hl_kiosk_get_progress (f->kiosk, &i, &total);
  g_assert_cmpuint (i, ==, index);
  g_assert_cmpuint (total, ==, 22);
  g_assert_cmpint (hl_kiosk_get_can_go_back (f->kiosk), ==, can_go_back);
}

/* After the quick rating the thank-you page offers the full SIPAS survey: one criterion per screen, with
 * progress, skip and back; a changed answer replaces the earlier one; walking away keeps what was given. */
static void
test_detailed (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(HlSurvey) full = full_survey ();
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *answers = NULL;
  g_autofree char *counts = NULL;
  gint64 n = 0, last = 0;

  hl_kiosk_set_detailed_survey (f->kiosk, full);
  g_assert_true (hl_store_save_survey (f->store, full, NULL));
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, &error));
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_THANKS);
  g_assert_true (hl_kiosk_get_can_go_detailed (f->kiosk));

  g_assert_true (hl_kiosk_start_detailed (f->kiosk, &error));
  g_assert_no_error (error);
  assert_at (f, "C01", 1, FALSE);
  g_assert_false (hl_kiosk_get_can_go_detailed (f->kiosk));
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, &error));   /* Rất hài lòng (5) */
  assert_at (f, "C02", 2, TRUE);
  g_assert_true (hl_kiosk_choose (f->kiosk, 4, &error));   /* Rất không hài lòng (1) */
  assert_at (f, "C03", 3, TRUE);
  hl_kiosk_back (f->kiosk);
  assert_at (f, "C02", 2, TRUE);
  g_assert_true (hl_kiosk_choose (f->kiosk, 1, &error));   /* changed: Hài lòng (4) */
  assert_at (f, "C03", 3, TRUE);
  hl_kiosk_skip (f->kiosk);
  assert_at (f, "C04", 4, TRUE);
  hl_kiosk_reset (f->kiosk);  /* walked away */

  detail = query (f, "SELECT survey_id || ' ' || detail_of || ' ' || seq FROM responses WHERE detail_of IS NOT NULL");
  g_assert_cmpstr (detail, ==, "sipas-full 1 2");
  answers = query (f, "SELECT group_concat(question_id || '=' || value || coalesce('>' || replaces, ''), ' ') FROM "
                      "(SELECT a.* FROM answers a JOIN responses r ON r.id = a.response WHERE r.seq = 2 ORDER BY a.id)");
  g_assert_cmpstr (answers, ==, "C01=5 C02=1 C02=4>3");
  /* The rollups count the newest answer only, and the detailed rating is not a second citizen. */
  counts = query (f, "SELECT group_concat(question_id || '=' || value || ':' || n, ' ') FROM "
                     "(SELECT * FROM day_counts WHERE survey_id = 'sipas-full' ORDER BY question_id, value)");
  g_assert_cmpstr (counts, ==, "C01=5:1 C02=1:0 C02=4:1");
  g_assert_true (hl_store_verify_chain (f->store, &n, &last, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 2);
}

/* Around midnight at +07:00 (17:00 UTC, the same UTC date on both sides): the stored day, the day the
 * rollups count and the index reads, is the kiosk's local date, for the quick rating and for a detailed
 * one started after midnight. A kiosk that stored the UTC day would give 2026-07-14 three times. */
static void
test_local_day_at_midnight (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(HlSurvey) full = full_survey ();
  g_autoptr(GError) error = NULL;
  g_autofree char *days = NULL;
  g_autofree char *counted = NULL;

  hl_kiosk_set_detailed_survey (f->kiosk, full);
  g_assert_true (hl_store_save_survey (f->store, full, NULL));
  f->now = 1784048370;  /* 2026-07-14 23:59:30 at +07:00, 16:59:30 UTC */
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, &error));
  g_assert_no_error (error);
  hl_kiosk_reset (f->kiosk);
  f->now += 60;         /* 2026-07-15 00:00:30 at +07:00, 17:00:30 UTC on the 14th */
  g_assert_true (hl_kiosk_choose (f->kiosk, 1, &error));
  g_assert_true (hl_kiosk_start_detailed (f->kiosk, &error));
  g_assert_no_error (error);
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, &error));
  hl_kiosk_reset (f->kiosk);

  days = query (f, "SELECT group_concat(seq || ' ' || recorded_at || ' ' || day, ', ') FROM "
                   "(SELECT * FROM responses ORDER BY seq)");
  g_assert_cmpstr (days, ==, "1 2026-07-14T23:59:30+07:00 2026-07-14, 2 2026-07-15T00:00:30+07:00 2026-07-15, "
                             "3 2026-07-15T00:00:30+07:00 2026-07-15");
  counted = query (f, "SELECT group_concat(day || '=' || n, ' ') FROM (SELECT day, sum(n) AS n FROM day_counts "
                      "WHERE question_id = 'OVERALL' GROUP BY day ORDER BY day)");
  g_assert_cmpstr (counted, ==, "2026-07-14=1 2026-07-15=1");
}

/* The detailed rating is for touch: a citizen who rated with a key is thanked without the offer, and a
 * key on the thank-you page (Enter on the focused button) does not start it after a tap either. */
static void
test_detailed_by_touch_only (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(HlSurvey) full = full_survey ();
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;

  hl_kiosk_set_detailed_survey (f->kiosk, full);
  g_assert_true (hl_store_save_survey (f->store, full, NULL));

  hl_kiosk_set_input (f->kiosk, HL_INPUT_KEY);
  g_assert_true (hl_kiosk_choose (f->kiosk, 1, &error));
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_THANKS);
  g_assert_false (hl_kiosk_get_can_go_detailed (f->kiosk));
  g_assert_false (hl_kiosk_start_detailed (f->kiosk, &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_WRONG_PAGE);
  g_clear_error (&error);
  hl_kiosk_reset (f->kiosk);

  f->now += 60;
  hl_kiosk_set_input (f->kiosk, HL_INPUT_TOUCH);
  g_assert_true (hl_kiosk_choose (f->kiosk, 1, &error));
  g_assert_true (hl_kiosk_get_can_go_detailed (f->kiosk));
  hl_kiosk_set_input (f->kiosk, HL_INPUT_KEY);
  g_assert_false (hl_kiosk_start_detailed (f->kiosk, &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_WRONG_PAGE);
  g_clear_error (&error);
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_THANKS);
  details = query (f, "SELECT count(*) FROM responses WHERE detail_of IS NOT NULL");
  g_assert_cmpstr (details, ==, "0");

  hl_kiosk_set_input (f->kiosk, HL_INPUT_TOUCH);
  g_assert_true (hl_kiosk_start_detailed (f->kiosk, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hl_kiosk_get_question (f->kiosk)->id, ==, "C01");
}

/* A notice names what happened, when (the kiosk's clock) and, for a restored database, the files. */
static void
test_notices (Fixture       *f,
              gconstpointer  data)
{
  HlRecovery recovery = { (char *) "/var/lib/k.db.backups/2026-07-14.db", (char *) "/var/lib/k.db.damaged-1" };
  g_autofree char *text = hl_notice_text_for_recovery (&recovery);
  GPtrArray *notices = hl_kiosk_get_notices (f->kiosk);
  HlNotice *notice;
  g_autofree char *at = NULL;

  g_assert_cmpuint (notices->len, ==, 0);
  g_assert_nonnull (strstr (text, "khôi phục từ bản sao lưu /var/lib/k.db.backups/2026-07-14.db"));
  g_assert_nonnull (strstr (text, "/var/lib/k.db.damaged-1"));
  hl_kiosk_add_notice (f->kiosk, text);
  g_assert_cmpuint (notices->len, ==, 1);
  notice = g_ptr_array_index (notices, 0);
  g_assert_cmpstr (notice->text, ==, text);
  at = g_date_time_format (notice->at, "%Y-%m-%dT%H:%M:%S%:z");
  g_assert_cmpstr (at, ==, "2026-07-15T00:30:00+07:00");
  /* It says nothing to the citizen: the page is the first screen still. */
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_WELCOME);
}

/* A configuration can make the full survey the kiosk's main one: OVERALL on the first screen, then the
 * criteria one by one. */
static void
test_full_as_main (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(HlSurvey) full = full_survey ();
  g_autoptr(HlKiosk) kiosk = hl_kiosk_new (f->config, full, f->store, "HL-FULL");
  g_autoptr(GError) error = NULL;
  guint i, total;

  g_assert_true (hl_kiosk_start (kiosk, &error));
  hl_kiosk_set_log_saves (kiosk, FALSE);
  g_assert_cmpstr (hl_kiosk_get_question (kiosk)->id, ==, "OVERALL");
  g_assert_cmpuint (hl_question_get_options (hl_kiosk_get_question (kiosk))->len, ==, 5);
  g_assert_true (hl_kiosk_choose (kiosk, 3, &error));
  g_assert_cmpint (hl_kiosk_get_page (kiosk), ==, HL_PAGE_QUESTION);
  g_assert_cmpstr (hl_kiosk_get_question (kiosk)->id, ==, "C01");
  hl_kiosk_get_progress (kiosk, &i, &total);
  g_assert_cmpuint (i, ==, 1);
  g_assert_cmpuint (total, ==, 22);
  /* No offer of itself on the thank-you page. */
  for (guint q = 0; q < 22; q++)
    hl_kiosk_skip (kiosk);
  g_assert_cmpint (hl_kiosk_get_page (kiosk), ==, HL_PAGE_THANKS);
  g_assert_false (hl_kiosk_get_can_go_detailed (kiosk));
}

/* The database refuses the write (as a full disk would): no thank-you, the out-of-service page, and the
 * reason for the supervisor. */
static void
test_commit_fails (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  g_autofree char *count = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TRIGGER fail BEFORE INSERT ON answers "
                                     "BEGIN SELECT RAISE (ABORT, 'database or disk is full'); END;"
                                     "CREATE TRIGGER fail_meta BEFORE INSERT ON meta "
                                     "BEGIN SELECT RAISE (ABORT, 'database or disk is full'); END;", NULL, NULL, NULL),
                   ==, SQLITE_OK);

  g_test_expect_message ("hl-kiosk", G_LOG_LEVEL_WARNING, "*disk is full*");
  g_assert_false (hl_kiosk_choose (f->kiosk, 0, &error));
  g_test_assert_expected_messages ();
  g_assert_nonnull (error);
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_OUT_OF_SERVICE);
  g_assert_nonnull (strstr (hl_kiosk_get_problem (f->kiosk), "disk is full"));
  g_clear_error (&error);
  /* The response and its answer went together or not at all. */
  count = query (f, "SELECT count(*) FROM responses");
  g_assert_cmpstr (count, ==, "0");

  /* Still failing: it stays out of service, and a tap there rates nothing. */
  g_assert_false (hl_kiosk_try_recover (f->kiosk));
  g_assert_false (hl_kiosk_choose (f->kiosk, 0, NULL));
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_OUT_OF_SERVICE);

  /* The disk has room again: back on the first screen by itself, and the next citizen is thanked. */
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER fail; DROP TRIGGER fail_meta", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_test_expect_message ("hl-kiosk", G_LOG_LEVEL_MESSAGE, "back in service*");
  g_assert_true (hl_kiosk_try_recover (f->kiosk));
  g_test_assert_expected_messages ();
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_WELCOME);
  g_assert_null (hl_kiosk_get_problem (f->kiosk));
  /* The supervisor was told both, with the kiosk's time and the technical reason; the citizen's page
   * shows neither (tests/ui). */
  {
    GPtrArray *notices = hl_kiosk_get_notices (f->kiosk);
    HlNotice *out, *back;
    g_autofree char *at = NULL;

    g_assert_cmpuint (notices->len, ==, 2);
    out = g_ptr_array_index (notices, 0);
    back = g_ptr_array_index (notices, 1);
    g_assert_true (g_str_has_prefix (out->text, "Tạm ngừng phục vụ: "));
    g_assert_nonnull (strstr (out->text, "disk is full"));
    at = g_date_time_format (out->at, "%Y-%m-%dT%H:%M:%S%:z");
    g_assert_cmpstr (at, ==, "2026-07-15T00:30:00+07:00");
    g_assert_true (g_str_has_prefix (back->text, "Đã phục vụ trở lại"));
  }
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_THANKS);
}

static void
count_notify (gpointer  kiosk,
              gpointer  pspec,
              guint    *count)
{
  (*count)++;
}

/* The citizen's language: chosen on the first screen among the survey's, for this citizen only; the
 * next one finds the configured language, whether the last one rated or walked away. */
static void
test_language (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  const char *const *languages = hl_kiosk_get_languages (f->kiosk);
  guint notified = 0;

  g_assert_cmpuint (g_strv_length ((char **) languages), ==, 2);
  g_assert_cmpstr (languages[0], ==, "vi");
  g_assert_cmpstr (languages[1], ==, "en");
  g_assert_cmpstr (hl_kiosk_get_language (f->kiosk), ==, "vi");
  g_signal_connect (f->kiosk, "notify::language", G_CALLBACK (count_notify), &notified);

  /* A language the survey does not have is refused; the language stays. */
  g_assert_false (hl_kiosk_set_language (f->kiosk, "fr", &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_NO_LANGUAGE);
  g_clear_error (&error);
  g_assert_cmpstr (hl_kiosk_get_language (f->kiosk), ==, "vi");
  g_assert_cmpuint (notified, ==, 0);

  /* English for this citizen: nothing stored for the choice, the survey goes on in English. */
  g_assert_true (hl_kiosk_set_language (f->kiosk, "en", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hl_kiosk_get_language (f->kiosk), ==, "en");
  g_assert_cmpuint (notified, ==, 1);
  count = query (f, "SELECT count(*) FROM responses");
  g_assert_cmpstr (count, ==, "0");
  g_clear_pointer (&count, g_free);
  g_assert_true (hl_kiosk_choose (f->kiosk, 3, NULL));
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_QUESTION);
  g_assert_cmpstr (hl_kiosk_get_language (f->kiosk), ==, "en");
  /* Only on the first screen. */
  g_assert_false (hl_kiosk_set_language (f->kiosk, "vi", &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_WRONG_PAGE);
  g_clear_error (&error);
  g_assert_cmpstr (hl_kiosk_get_language (f->kiosk), ==, "en");

  /* The follow-up times out: the next citizen finds Vietnamese. */
  while (quit_on_welcome (f))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (hl_kiosk_get_language (f->kiosk), ==, "vi");
  g_assert_cmpuint (notified, ==, 2);

  /* Rated and thanked: back to Vietnamese with the first screen. */
  f->now += 60;
  g_assert_true (hl_kiosk_set_language (f->kiosk, "en", NULL));
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, NULL));
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_THANKS);
  g_assert_cmpstr (hl_kiosk_get_language (f->kiosk), ==, "en");
  while (quit_on_welcome (f))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (hl_kiosk_get_language (f->kiosk), ==, "vi");

  /* Chosen and walked away without rating: the first screen returns to Vietnamese after the idle
   * timeout, and stores nothing. */
  g_assert_true (hl_kiosk_set_language (f->kiosk, "en", NULL));
  while (g_strcmp0 (hl_kiosk_get_language (f->kiosk), "en") == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (hl_kiosk_get_language (f->kiosk), ==, "vi");
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_WELCOME);
  count = query (f, "SELECT count(*) FROM responses");
  g_assert_cmpstr (count, ==, "2");
}

/* A kiosk configured in English starts in English and comes back to it, not to Vietnamese. */
static void
test_language_configured (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(HlKiosk) kiosk = NULL;
  g_autoptr(GError) error = NULL;

  g_free (f->config->language);
  f->config->language = g_strdup ("en");
  kiosk = hl_kiosk_new (f->config, f->survey, f->store, "HL-TEST");
  g_assert_true (hl_kiosk_start (kiosk, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hl_kiosk_get_language (kiosk), ==, "en");
  g_assert_true (hl_kiosk_set_language (kiosk, "vi", NULL));
  g_assert_cmpstr (hl_kiosk_get_language (kiosk), ==, "vi");
  hl_kiosk_reset (kiosk);
  g_assert_cmpstr (hl_kiosk_get_language (kiosk), ==, "en");
}

/* The thank-you page's extras: none by default; the feedback address for this unit, counter and the
 * procedure just rated; the sounds, a thank-you in the citizen's language. */
static void
test_thanks_extras (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *none = hl_kiosk_get_feedback_url (f->kiosk);
  g_autofree char *url = NULL;
  g_autofree char *plain = NULL;

  g_assert_null (none);
  g_assert_null (hl_kiosk_get_sound (f->kiosk, HL_SOUND_TAP));
  g_assert_null (hl_kiosk_get_sound (f->kiosk, HL_SOUND_THANKS));

  f->config->feedback_url = g_strdup ("https://dvc.example.vn/pakn?dv={unit}&q={counter}&tt={procedure}");
  f->config->sound_tap = TRUE;
  f->config->sound_thanks = TRUE;
  g_assert_true (hl_kiosk_arm (f->kiosk, "1.004227", NULL, NULL, NULL));
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, NULL));
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_THANKS);
  url = hl_kiosk_get_feedback_url (f->kiosk);
  g_assert_cmpstr (url, ==, "https://dvc.example.vn/pakn?dv=LC-XA-BACHA&q=Q02&tt=1.004227");
  g_assert_cmpstr (hl_kiosk_get_sound (f->kiosk, HL_SOUND_TAP), ==, "tap");
  g_assert_cmpstr (hl_kiosk_get_sound (f->kiosk, HL_SOUND_THANKS), ==, "thanks-vi");

  /* The next citizen, in English, with no procedure named: an empty {procedure}, an English thank-you. */
  hl_kiosk_reset (f->kiosk);
  f->now += 60;
  g_assert_true (hl_kiosk_set_language (f->kiosk, "en", NULL));
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, NULL));
  plain = hl_kiosk_get_feedback_url (f->kiosk);
  g_assert_cmpstr (plain, ==, "https://dvc.example.vn/pakn?dv=LC-XA-BACHA&q=Q02&tt=");
  g_assert_cmpstr (hl_kiosk_get_sound (f->kiosk, HL_SOUND_THANKS), ==, "thanks-en");
  f->config->sound_tap = FALSE;
  g_assert_null (hl_kiosk_get_sound (f->kiosk, HL_SOUND_TAP));
}

/* Monday to Friday 07:30–11:30 and 13:30–17:00, as "opening_hours" would give them. */
static void
set_opening_hours (Fixture *f)
{
  static const int hours[][2] = { { 7 * 60 + 30, 11 * 60 + 30 }, { 13 * 60 + 30, 17 * 60 } };

  f->config->opening_hours = g_ptr_array_new_with_free_func (g_free);
  for (int day = 1; day <= 5; day++)
    for (guint i = 0; i < G_N_ELEMENTS (hours); i++)
      {
        HlOpeningPeriod *p = g_new0 (HlOpeningPeriod, 1);

        p->day = day;
        p->open = hours[i][0];
        p->close = hours[i][1];
        g_ptr_array_add (f->config->opening_hours, p);
      }
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
assert_opening (Fixture    *f,
                const char *expected)
{
  g_autofree char *text = NULL;

  hl_kiosk_check_time (f->kiosk);
  text = hl_kiosk_describe_opening (f->kiosk);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (hl_kiosk_get_opening (f->kiosk), ==, expected);  /* what the first screen shows */
}

/* Outside the opening hours the first screen says when the centre opens, and a tap stores nothing; the
 * tap at the opening minute itself is a rating, judged by the clock of the tap. */
static void
test_opening_hours (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;
  guint notified = 0;

  /* Without "opening_hours", open at 00:30. */
  hl_kiosk_check_time (f->kiosk);
  g_assert_true (hl_kiosk_get_open (f->kiosk));
  g_assert_null (hl_kiosk_describe_opening (f->kiosk));

  set_opening_hours (f);
  g_signal_connect_swapped (f->kiosk, "notify::open", G_CALLBACK (count_cb), &notified);
  assert_opening (f, "Trung tâm mở cửa lúc 07:30 hôm nay.");  /* Wednesday 00:30 */
  g_assert_false (hl_kiosk_get_open (f->kiosk));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_false (hl_kiosk_choose (f->kiosk, 0, &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_CLOSED);
  g_clear_error (&error);
  f->now += 7 * 3600 - 1;  /* 07:29:59: still closed */
  g_assert_false (hl_kiosk_choose (f->kiosk, 3, &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_WELCOME);
  rows = query (f, "SELECT count(*) FROM responses");
  g_assert_cmpstr (rows, ==, "0");
  g_clear_pointer (&rows, g_free);

  f->now += 1;  /* 07:30:00, before the kiosk has looked at its clock again */
  g_assert_true (hl_kiosk_choose (f->kiosk, 1, &error));
  g_assert_no_error (error);
  g_assert_true (hl_kiosk_get_open (f->kiosk));
  g_assert_cmpuint (notified, ==, 2);
  rows = query (f, "SELECT recorded_at FROM responses");
  g_assert_cmpstr (rows, ==, "2026-07-15T07:30:00+07:00");
  hl_kiosk_reset (f->kiosk);

  f->now += 4 * 3600 + 30 * 60;  /* 12:00, the lunch break */
  assert_opening (f, "Trung tâm mở cửa lúc 13:30 hôm nay.");
  f->now += 5 * 3600 + 30 * 60;  /* 17:30 */
  assert_opening (f, "Trung tâm mở cửa lúc 07:30 ngày mai, thứ Năm 16/07/2026.");
  f->now += 2 * 86400 - 30 * 60;  /* Friday 17:00, closing time */
  assert_opening (f, "Trung tâm mở cửa lúc 07:30 thứ Hai, 20/07/2026.");
  f->now -= 1;  /* 16:59:59 */
  assert_opening (f, NULL);
  g_assert_true (hl_kiosk_get_open (f->kiosk));
}

/* After "dim_after" minutes without a touch the first screen dims; the next touch only wakes it. */
static void
test_dimming (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;

  g_assert_cmpuint (f->config->dim_after, ==, 10);  /* the default */
  hl_kiosk_check_time (f->kiosk);
  f->now += 10 * 60 - 1;
  hl_kiosk_check_time (f->kiosk);
  g_assert_false (hl_kiosk_get_dimmed (f->kiosk));
  hl_kiosk_set_high_contrast (f->kiosk, TRUE);  /* a touch: the count starts again… */
  hl_kiosk_check_time (f->kiosk);               /* …from the kiosk's next look at its clock */
  f->now += 10 * 60 - 1;
  hl_kiosk_check_time (f->kiosk);
  g_assert_false (hl_kiosk_get_dimmed (f->kiosk));
  g_assert_true (hl_kiosk_get_high_contrast (f->kiosk));
  f->now += 1;
  hl_kiosk_check_time (f->kiosk);
  g_assert_true (hl_kiosk_get_dimmed (f->kiosk));
  /* Dimmed, the citizen who switched the mode has gone. */
  g_assert_false (hl_kiosk_get_high_contrast (f->kiosk));

  /* A tap on a face of the dimmed screen wakes it and stores nothing. */
  g_assert_false (hl_kiosk_choose (f->kiosk, 0, &error));
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_DIMMED);
  g_clear_error (&error);
  g_assert_false (hl_kiosk_get_dimmed (f->kiosk));
  rows = query (f, "SELECT count(*) FROM responses");
  g_assert_cmpstr (rows, ==, "0");
  g_clear_pointer (&rows, g_free);
  hl_kiosk_check_time (f->kiosk);  /* the waking counts as a touch */
  g_assert_false (hl_kiosk_get_dimmed (f->kiosk));
  g_assert_false (hl_kiosk_wake (f->kiosk));  /* awake: a touch is not spent on waking */

  /* The window's path: the touch wakes first (TRUE: it is dropped), the next one rates. */
  f->now += 3600;
  hl_kiosk_check_time (f->kiosk);
  g_assert_true (hl_kiosk_wake (f->kiosk));
  g_assert_true (hl_kiosk_choose (f->kiosk, 1, &error));
  g_assert_no_error (error);
  rows = query (f, "SELECT count(*) FROM responses");
  g_assert_cmpstr (rows, ==, "1");
  g_clear_pointer (&rows, g_free);

  /* The officer's arming lights a dimmed screen for the next citizen. */
  f->now += 3600;
  hl_kiosk_reset (f->kiosk);
  hl_kiosk_check_time (f->kiosk);
  f->now += 3600;
  hl_kiosk_check_time (f->kiosk);
  g_assert_true (hl_kiosk_get_dimmed (f->kiosk));
  g_assert_true (hl_kiosk_arm (f->kiosk, NULL, "CB02", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (hl_kiosk_get_dimmed (f->kiosk));
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, &error));
  g_assert_no_error (error);

  /* Only the first screen dims. */
  f->now += 3600;
  hl_kiosk_check_time (f->kiosk);
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_THANKS);
  g_assert_false (hl_kiosk_get_dimmed (f->kiosk));
  hl_kiosk_reset (f->kiosk);

  /* "dim_after": 0 never dims. */
  f->config->dim_after = 0;
  f->now += 86400;
  hl_kiosk_check_time (f->kiosk);
  g_assert_false (hl_kiosk_get_dimmed (f->kiosk));
}

static gboolean
large_text_on (gpointer user_data)
{
  return hl_kiosk_get_large_text (((Fixture *) user_data)->kiosk);
}

/* High contrast and large text are the citizen's: they stay through the rating and return to normal
 * when the kiosk goes back to its first screen by itself, or after the first screen's idle timeout. */
static void
test_modes (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *rows = NULL;

  g_assert_false (hl_kiosk_get_high_contrast (f->kiosk));
  g_assert_false (hl_kiosk_get_large_text (f->kiosk));
  hl_kiosk_set_high_contrast (f->kiosk, TRUE);
  hl_kiosk_set_large_text (f->kiosk, TRUE);
  g_assert_true (hl_kiosk_choose (f->kiosk, 2, NULL));
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_QUESTION);
  g_assert_true (hl_kiosk_get_high_contrast (f->kiosk));
  g_assert_true (hl_kiosk_get_large_text (f->kiosk));
  /* Switched on the first screen only. */
  hl_kiosk_set_large_text (f->kiosk, FALSE);
  g_assert_true (hl_kiosk_get_large_text (f->kiosk));
  hl_kiosk_skip (f->kiosk);
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_THANKS);
  g_assert_true (hl_kiosk_get_high_contrast (f->kiosk));
  hl_kiosk_reset (f->kiosk);  /* what the thank-you page's timeout does */
  g_assert_false (hl_kiosk_get_high_contrast (f->kiosk));
  g_assert_false (hl_kiosk_get_large_text (f->kiosk));

  /* Switched on and left: after the idle timeout (1 s here) the first screen is as usual again. */
  hl_kiosk_set_large_text (f->kiosk, TRUE);
  while (large_text_on (f))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_WELCOME);
  rows = query (f, "SELECT count(*) FROM responses");
  g_assert_cmpstr (rows, ==, "1");
}

/* The privacy notice opens from the first screen, closes back to it (the modes kept: the same citizen),
 * and returns by itself after the idle timeout (the modes reset: the next citizen). */
static void
test_privacy (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  hl_kiosk_set_high_contrast (f->kiosk, TRUE);
  g_assert_true (hl_kiosk_show_privacy (f->kiosk));
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_PRIVACY);
  g_assert_false (hl_kiosk_choose (f->kiosk, 0, &error));  /* a key 1 on the notice rates nothing */
  g_assert_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_WRONG_PAGE);
  g_clear_error (&error);
  hl_kiosk_close_privacy (f->kiosk);
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_WELCOME);
  g_assert_true (hl_kiosk_get_high_contrast (f->kiosk));

  g_assert_true (hl_kiosk_show_privacy (f->kiosk));
  hl_kiosk_skip (f->kiosk);  /* Escape closes it too */
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_WELCOME);

  g_assert_true (hl_kiosk_show_privacy (f->kiosk));
  while (quit_on_welcome (f))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (hl_kiosk_get_high_contrast (f->kiosk));

  /* Only from the first screen. */
  g_assert_true (hl_kiosk_choose (f->kiosk, 0, NULL));
  g_assert_false (hl_kiosk_show_privacy (f->kiosk));
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_THANKS);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/kiosk/satisfied", test_satisfied);
  ADD ("/kiosk/follow-up", test_followup);
  ADD ("/kiosk/skip", test_skip);
  ADD ("/kiosk/timeouts", test_timeouts);
  ADD ("/kiosk/repeats", test_repeats);
  ADD ("/kiosk/restart", test_restart);
  ADD ("/kiosk/arm", test_arm);
  ADD ("/kiosk/commit-fails", test_commit_fails);
  ADD ("/kiosk/armed-mode", test_armed_mode);
  ADD ("/kiosk/bursts", test_bursts);
  ADD ("/kiosk/detailed", test_detailed);
  ADD ("/kiosk/full-as-main", test_full_as_main);
  ADD ("/kiosk/local-day-at-midnight", test_local_day_at_midnight);
  ADD ("/kiosk/detailed-by-touch-only", test_detailed_by_touch_only);
  ADD ("/kiosk/notices", test_notices);
  ADD ("/kiosk/language", test_language);
  ADD ("/kiosk/language-configured", test_language_configured);
  ADD ("/kiosk/thanks-extras", test_thanks_extras);
  ADD ("/kiosk/opening-hours", test_opening_hours);
  ADD ("/kiosk/dimming", test_dimming);
  ADD ("/kiosk/modes", test_modes);
  ADD ("/kiosk/privacy", test_privacy);
#undef ADD
  return g_test_run ();
}
