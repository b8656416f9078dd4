/* hl-cli-simulate.c: `hailong simulate`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-cli"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>

#include "hl-kiosk-startup.h"
#include "hl-paths.h"
#include "hl-supervisor.h"

#include "hl-cli-private.h"

/* `hailong simulate`: realistic citizens pressing the kiosk, through HlKiosk exactly as the GTK kiosk does,
 * with a clock that walks through the office hours of the last D days. */
typedef struct {
  GRand     *rand;
  GTimeZone *tz;
  GArray    *times;   /* gint64 Unix seconds, sorted */
  guint      next;
} SimClock;

static GDateTime *
sim_clock_cb (gpointer user_data)
{
  SimClock *clock = user_data;
  gint64 t = g_array_index (clock->times, gint64, MIN (clock->next, clock->times->len - 1));
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);

  clock->next++;
  return g_date_time_to_timezone (utc, clock->tz);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Office hours of a Vietnamese public service centre: 7:30–11:30 and 13:30–17:00, Monday to Friday. */
static void
sim_make_times (SimClock *clock,
                gint64    n,
                guint     days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (clock->tz);
  g_autoptr(GDateTime) midnight = g_date_time_new (clock->tz, g_date_time_get_year (now),
                                                   g_date_time_get_month (now), g_date_time_get_day_of_month (now),
                                                   0, 0, 0);
  g_autoptr(GArray) workdays = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint d = 0; d < days; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (midnight, -(int) (days - 1 - d));

      /* Today always counts, even on a weekend, so that a demo run shows results. */
      if (g_date_time_get_day_of_week (day) <= 5 || d == days - 1)
        {
          gint64 t = g_date_time_to_unix (day);

          g_array_append_val (workdays, t);
        }
    }
  for (gint64 i = 0; i < n; i++)
    {
      gint64 day = g_array_index (workdays, gint64, g_rand_int_range (clock->rand, 0, workdays->len));
      gint64 second = g_rand_int_range (clock->rand, 0, 4 * 3600 + 3 * 3600 + 1800);
      gint64 t;

      /* Morning 07:30–11:30 (4 h), afternoon 13:30–17:00 (3.5 h). */
      if (second < 4 * 3600)
        t = day + 7 * 3600 + 1800 + second;
      else
        t = day + 13 * 3600 + 1800 + (second - 4 * 3600);
      g_array_append_val (clock->times, t);
    }
  g_array_sort (clock->times, compare_gint64);
}

/* 4 faces: most are satisfied, as at a well-run centre; a few are not. */
static guint
sim_pick_option (GRand *rand,
                 guint  n_options)
{
  static const double weights4[] = { 0.58, 0.30, 0.08, 0.04 };
  double r = g_rand_double (rand), acc = 0;

  if (n_options != 4)
    return g_rand_int_range (rand, 0, n_options);
  for (guint i = 0; i < 4; i++)
    {
      acc += weights4[i];
      if (r < acc)
        return i;
    }
  return 3;
}

/* One citizen at the kiosk: the first tap, then the follow-ups most unsatisfied citizens answer. */
static gboolean
sim_one_response (HlKiosk   *kiosk,
                  HlSurvey  *survey,
                  GRand     *rand,
                  GError   **error)
{
  HlConfig *c = hl_kiosk_get_config (kiosk);
  HlQuestion *first = hl_survey_get_first_question (survey);
  const char *procedure = NULL, *officer = NULL;

  if (c->procedures->len > 0)
    procedure = ((HlCodeName *) g_ptr_array_index (c->procedures, g_rand_int_range (rand, 0, c->procedures->len)))->code;
  if (c->officers->len > 0 && g_rand_double (rand) < 0.3)
    officer = ((HlOfficer *) g_ptr_array_index (c->officers, g_rand_int_range (rand, 0, c->officers->len)))->code;
  if (!hl_kiosk_arm (kiosk, procedure, officer, NULL, error)
      || !hl_kiosk_choose (kiosk, sim_pick_option (rand, hl_question_get_options (first)->len), error))
    return FALSE;

  /* Follow-ups: most unsatisfied citizens say what went wrong, some walk away. */
  while (hl_kiosk_get_page (kiosk) == HL_PAGE_QUESTION)
    {
      HlQuestion *q = hl_kiosk_get_question (kiosk);
      guint n_options = hl_question_get_options (q)->len;

      if (g_rand_double (rand) < 0.25)
        break;
      if (q->type == HL_QUESTION_CHOICE)
        {
          guint picks = q->multiple ? g_rand_int_range (rand, 1, 3) : 1;

          for (guint p = 0; p < picks; p++)
            {
              guint pos = g_rand_int_range (rand, 0, n_options);

              if (!hl_kiosk_is_selected (kiosk, pos) && !hl_kiosk_choose (kiosk, pos, error))
                return FALSE;
            }
          if (!hl_kiosk_submit (kiosk, error))
            return FALSE;
        }
      else if (!hl_kiosk_choose (kiosk, sim_pick_option (rand, n_options), error))
        return FALSE;
    }
  hl_kiosk_reset (kiosk);
  return TRUE;
}

/* Kiosk number @k (from 0) of @n_kiosks, started exactly as the GTK kiosk starts (restore, key, surveys,
 * detailed survey, write check): the first is the database's own (its key beside it, the configuration as
 * written) and opens the database; with more than one, each further kiosk shares that database, stands at
 * a counter of its own (Q02, …) and has its own key, so that its responses form a chain of their own as a
 * real kiosk's would. */
static HlKioskSession *
sim_start_kiosk (const char  *config_path,
                 const char  *survey_dir,
                 const char  *db,
                 HlStore     *store,
                 guint        k,
                 guint        n_kiosks,
                 GError     **error)
{
  g_autofree char *key_path = k == 0 ? NULL : g_strdup_printf ("%s.kiosk%u.key", db, k + 1);
  g_autofree char *counter = n_kiosks > 1 ? g_strdup_printf ("Q%02u", k + 1) : NULL;
  HlKioskSession *session;
  HlKioskStartupOptions startup = {
    .db_path = db,
    .config_path = config_path,
    .survey_dir = survey_dir,
    .key_path = key_path,
    .counter = counter,
    .store = store,
    /* Shared with other writers, refused while a kiosk runs on the database: see hl-store-owner.c. */
    .claim = HL_STORE_CLAIM_WRITER,
  };

  session = hl_kiosk_session_start (&startup, error);
  /* Recording, not supervising: alerts are for a kiosk that people stand at. */
  if (session != NULL)
    hl_kiosk_set_alerts_enabled (session->kiosk, FALSE);
  return session;
}

/* Whether @error is about the configuration or a survey definition rather than the database or the key. */
static gboolean
is_definition_error (const GError *error)
{
  return error->domain != HL_STORE_ERROR && error->domain != HL_KIOSK_STARTUP_ERROR
         && error->domain != HL_IDENTITY_ERROR && error->domain != HL_KIOSK_ERROR && error->domain != G_IO_ERROR;
}

/* The kiosks of one run. The first owns the database the others share: they go first. */
typedef GPtrArray SimSessions;

static void
sim_sessions_free (SimSessions *sessions)
{
  while (sessions->len > 0)
    g_ptr_array_remove_index (sessions, sessions->len - 1);
  g_ptr_array_unref (sessions);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimSessions, sim_sessions_free)

int
hl_cli_simulate (int    argc,
              char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *survey_dir = NULL;
  gint64 n_responses = -1;
  int days = 1;
  gint64 seed = 1;
  int batch = 0;
  int n_kiosks = 1;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database (default: the kiosk's)", "FILE" },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path, "Kiosk configuration (default: the demo)", "FILE" },
    { "survey-dir", 0, 0, G_OPTION_ARG_FILENAME, &survey_dir, "Where survey definitions are", "DIR" },
    { "responses", 0, 0, G_OPTION_ARG_INT64, &n_responses, "How many citizens", "N" },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, "Spread over the last D days (default 1)", "D" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed (default 1)", "S" },
    { "kiosks", 0, 0, G_OPTION_ARG_INT, &n_kiosks,
      "Share the responses among K kiosks at counters Q01…QK (default 1: the configured counter)", "K" },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch,
      "Commit N responses at a time, one disk sync each (default: every response, as the kiosk does)", "N" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not log each saved response", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— record realistic responses, as the kiosk does");
  g_autoptr(GError) error = NULL;
  g_autoptr(SimSessions) sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_kiosk_session_free);
  HlStore *store = NULL;
  SimClock clock = { 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!hl_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc > 1)
    return hl_cli_fail ("simulate: unexpected argument “%s”", argv[1]);
  if (n_responses < 0)
    return hl_cli_fail ("simulate: say how many responses with --responses N");
  if (days < 1 || days > 3660)
    return hl_cli_fail ("simulate: --days must be between 1 and 3660");
  if (n_kiosks < 1 || n_kiosks > 99)
    return hl_cli_fail ("simulate: --kiosks must be between 1 and 99");
  if (batch < 0)
    return hl_cli_fail ("simulate: --batch must not be negative");
  if (db == NULL)
    db = hl_default_db_path ();
  if (config_path == NULL)
    config_path = hl_default_config_path ();
  if (survey_dir == NULL)
    survey_dir = hl_default_survey_dir ();

  /* Every kiosk starts before any records: a kiosk's missing key is refused while the database holds no
   * response of the others yet, and one that cannot start leaves nothing recorded. */
  for (int k = 0; k < n_kiosks; k++)
    {
      HlKioskSession *session = sim_start_kiosk (config_path, survey_dir, db, store, k, n_kiosks, &error);

      /* A definition at fault is named first (FILE:LINE:COLUMN), as validate names it; the rest is
       * simulate's. */
      if (session == NULL)
        return hl_cli_fail ("%s%s", is_definition_error (error) ? "" : "simulate: ", error->message);
      g_ptr_array_add (sessions, session);
      store = ((HlKioskSession *) g_ptr_array_index (sessions, 0))->store;
      if (hl_kiosk_get_problem (session->kiosk) != NULL)
        return hl_cli_fail ("simulate: %s", hl_kiosk_get_problem (session->kiosk));
    }

  clock.rand = g_rand_new_with_seed ((guint32) seed);
  clock.tz = g_time_zone_new_local ();
  for (int k = 0; k < n_kiosks; k++)
    {
      /* The first kiosks take one more each when the responses do not share out evenly. */
      gint64 n = n_responses / n_kiosks + (k < n_responses % n_kiosks ? 1 : 0);
      HlKioskSession *session = g_ptr_array_index (sessions, k);
      HlKiosk *kiosk = session->kiosk;
      HlSurvey *survey = session->survey;

      hl_kiosk_set_log_saves (kiosk, !quiet);
      clock.times = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
      clock.next = 0;
      sim_make_times (&clock, n, days);
      hl_kiosk_set_clock (kiosk, sim_clock_cb, &clock);

      for (gint64 i = 0; i < n && error == NULL; i++)
        {
          /* A batch goes through the same appends, chain and rollups, in one transaction: one disk sync
           * for N responses instead of one each, so that a benchmark's millions take minutes. */
          if (batch > 0 && i % batch == 0 && !hl_store_begin (store, &error))
            break;
          if (!sim_one_response (kiosk, survey, clock.rand, &error))
            {
              if (batch > 0)
                hl_store_rollback (store);
              break;
            }
          if (batch > 0 && (i % batch == batch - 1 || i == n - 1) && !hl_store_commit (store, &error))
            break;
        }
      g_clear_pointer (&clock.times, g_array_unref);
      if (error != NULL)
        break;
    }
  g_rand_free (clock.rand);
  g_time_zone_unref (clock.tz);
  if (error != NULL)
    return hl_cli_fail ("simulate: %s", error->message);

  if (n_kiosks == 1)
    g_print ("simulated %" G_GINT64_FORMAT " responses over %d days in %s (kiosk %s)\n",
             n_responses, days, db, hl_kiosk_get_kiosk_id (((HlKioskSession *) sessions->pdata[0])->kiosk));
  else
    g_print ("simulated %" G_GINT64_FORMAT " responses over %d days in %s (%d kiosks, the first %s)\n",
             n_responses, days, db, n_kiosks, hl_kiosk_get_kiosk_id (((HlKioskSession *) sessions->pdata[0])->kiosk));
  return 0;
}
