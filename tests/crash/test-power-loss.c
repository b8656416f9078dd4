/* test-power-loss.c: cuts the power under a recording kiosk, hundreds of times, and holds the database
 * that comes back to what the kiosk acknowledged.
 *
 * Everything runs in this process, over hl-test-vfs (the default VFS here, so HlStore uses it without
 * knowing). A session opens the store and starts an HlKiosk as the kiosk does at boot, then acts out
 * citizens (hl-crash-kit.h) until the power goes: at a random call of any kind, at a random sync (just
 * before a commit or checkpoint would become durable), or at a random write to the database file (inside
 * a checkpoint). The tap that meets the dead disk must return FALSE and leave the kiosk out of service,
 * never on the thank-you page. Then every connection is closed, the VFS "reboots" (unsynced writes lost,
 * all of them or only the newest, files whose directory was never synced gone or back), and
 * hl_crash_kit_check() holds the reopened database to every acknowledgement: nothing lost, sequence 1..N,
 * integrity_check ok, chain verified, rollups equal to a recount.
 *
 * HL_POWER_CUTS sets the number of cuts (400 by default; `make torture` runs thousands). A new database is
 * begun every 25 cuts, so that the start-up of a new file (creation, WAL mode, migrations) is cut too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-test-power-loss"

#include "config.h"

#include <string.h>

#include "hl-crash-kit.h"
#include "hl-test-vfs.h"
#include "../hl-test-util.h"

#define DEFAULT_CUTS 400
#define CUTS_PER_DATABASE 25
/* Only there so that a cut that never comes cannot hang the test. */
#define MAX_CITIZENS_PER_SESSION 100000

static guint n_out_of_service_warnings;

/* The kiosk warns when it goes out of service; here that is expected after every cut, and counted. Any
 * other warning stays fatal. */
static gboolean
is_expected (const char     *log_domain,
             GLogLevelFlags  log_level,
             const char     *message)
{
  return g_strcmp0 (log_domain, "hl-kiosk") == 0
         && (log_level & G_LOG_LEVEL_WARNING)
         && g_str_has_prefix (message, "out of service: ");
}

static void
kiosk_log_cb (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
  if (is_expected (log_domain, log_level, message))
    n_out_of_service_warnings++;
  else if (!(log_level & G_LOG_LEVEL_DEBUG))
    g_log_default_handler (log_domain, log_level, message, user_data);
}

static gboolean
fatal_log_cb (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
  return !is_expected (log_domain, log_level, message);
}

static void
ack_cb (gint64    sequence,
        gboolean  follow_up,
        gpointer  user_data)
{
  hl_crash_acks_add (user_data, sequence, follow_up);
}

/* Boots the kiosk and records citizens until the power goes, then closes everything. */
static void
run_session (HlCrashKit  *kit,
             const char  *path,
             HlCrashAcks *acks)
{
  g_autoptr(GError) error = NULL;
  HlStore *store;
  HlKiosk *kiosk;
  gint64 before;
  guint warnings = n_out_of_service_warnings;

  store = hl_store_open (path, &error);
  if (store == NULL)
    {
      /* Only the cut may keep the store from opening. */
      g_assert_false (hl_test_vfs_is_powered ());
      return;
    }
  kiosk = hl_crash_kit_new_kiosk (kit, store, &error);
  if (kiosk == NULL)
    {
      /* Giving the store the kiosk's key writes its registration the first time: the cut may stop it. */
      g_assert_false (hl_test_vfs_is_powered ());
      hl_store_close (store);
      return;
    }
  if (!hl_kiosk_start (kiosk, &error))
    g_assert_false (hl_test_vfs_is_powered ());
  else if (hl_kiosk_get_page (kiosk) == HL_PAGE_OUT_OF_SERVICE)
    {
      /* The start's write check met the dead disk: out of service from the start, with the reason, and
       * no way back without power. */
      g_assert_false (hl_test_vfs_is_powered ());
      g_assert_nonnull (hl_kiosk_get_problem (kiosk));
      g_assert_false (hl_kiosk_try_recover (kiosk));
    }
  else
    {
      guint n = 0;

      for (;;)
        {
          g_clear_error (&error);
          before = hl_kiosk_get_last_sequence (kiosk);
          if (!hl_crash_kit_act (kit, kiosk, ack_cb, acks, &error))
            break;
          if (++n > MAX_CITIZENS_PER_SESSION)
            g_error ("%u citizens and the power never went", n);
        }
      /* The tap that met the dead disk: refused, out of service, and no thanks for it. */
      g_assert_false (hl_test_vfs_is_powered ());
      g_assert_nonnull (error);
      g_assert_cmpint (hl_kiosk_get_page (kiosk), ==, HL_PAGE_OUT_OF_SERVICE);
      g_assert_nonnull (hl_kiosk_get_problem (kiosk));
      g_assert_cmpuint (n_out_of_service_warnings, ==, warnings + 1);
      /* A refused rating leaves the kiosk's numbering where it was. */
      g_assert_cmpint (hl_kiosk_get_last_sequence (kiosk), >=, before);
      g_assert_cmpint (hl_kiosk_get_last_sequence (kiosk), <=, before + 1);
      /* Without power, the kiosk cannot come back by itself. */
      g_assert_false (hl_kiosk_try_recover (kiosk));
      g_assert_cmpint (hl_kiosk_get_page (kiosk), ==, HL_PAGE_OUT_OF_SERVICE);
    }
  g_assert_finalize_object (kiosk);
  hl_store_close (store);
}

static guint
get_count (const char *variable,
           guint       fallback)
{
  const char *text = g_getenv (variable);
  guint64 n = fallback;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &n, NULL))
    g_error ("%s=%s is not a positive number", variable, text);
  return (guint) n;
}

static void
test_power_loss (void)
{
  guint n_cuts = get_count ("HL_POWER_CUTS", DEFAULT_CUTS);
  g_autoptr(HlCrashKit) kit = hl_crash_kit_new ();
  g_autofree char *dir = hl_test_tmpdir ();
  g_autofree char *path = NULL;
  const HlTestVfsStats *stats = hl_test_vfs_get_stats ();
  HlCrashCheckStats check = { 0 };
  HlCrashAcks acks;
  guint64 n_acks = 0;
  guint n_armed[HL_TEST_VFS_N_EVENTS] = { 0 };
  gint64 n_responses = 0, n_unacked = 0;
  gint64 started = g_get_monotonic_time ();

  /* GLib resets the fatal handler before each test case. */
  g_test_log_set_fatal_handler (fatal_log_cb, NULL);
  hl_crash_acks_init (&acks);
  for (guint i = 0; i < n_cuts; i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 acks_before;
      HlTestVfsEvent event;
      guint64 n;
      guint dice;

      if (i % CUTS_PER_DATABASE == 0)
        {
          n_responses += check.n_responses;
          n_unacked += check.n_unacked;
          memset (&check, 0, sizeof check);
          hl_test_vfs_forget ();
          g_free (path);
          path = g_strdup_printf ("%s/kiosk-%u.db", dir, i / CUTS_PER_DATABASE);
          hl_crash_acks_clear (&acks);
          hl_crash_acks_init (&acks);
        }

      /* Where the power goes: the boot of a session (a new file's creation and migrations, a crashed
       * one's recovery), anywhere at all, just before a sync, or inside a checkpoint. A new file's first
       * session always loses power while booting. */
      dice = i % CUTS_PER_DATABASE == 0 ? 0 : g_test_rand_int_range (0, 10);
      if (dice < 1)
        {
          event = HL_TEST_VFS_ANY_CALL;
          n = g_test_rand_int_range (1, 60);
        }
      else if (dice < 5)
        {
          event = HL_TEST_VFS_ANY_CALL;
          n = g_test_rand_int_range (1, 3000);
        }
      else if (dice < 8)
        {
          event = HL_TEST_VFS_SYNC;
          n = g_test_rand_int_range (1, 120);
        }
      else
        {
          event = HL_TEST_VFS_DB_WRITE;
          n = g_test_rand_int_range (1, 40);
        }
      n_armed[event]++;
      hl_test_vfs_arm (event, n);
      acks_before = acks.n;

      run_session (kit, path, &acks);
      n_acks += acks.n - acks_before;

      hl_test_vfs_reboot (g_test_rand_bit () ? HL_TEST_VFS_LOSE_ALL : HL_TEST_VFS_LOSE_SUFFIX);
      if (!hl_crash_kit_check (kit, path, &acks, HL_CRASH_CHECK_DEFAULT, &check, &error))
        g_error ("after power cut %u (at call %" G_GUINT64_FORMAT " of kind %d; %" G_GUINT64_FORMAT
                 " acknowledgements in that session, the newest %" G_GINT64_FORMAT "): %s",
                 i + 1, n, event, acks.n - acks_before, acks.last, error->message);
    }
  n_responses += check.n_responses;
  n_unacked += check.n_unacked;

  g_test_message ("%u power cuts in %.1f s (%u at any call, %u at a sync, %u at a database write; %u with "
                  "unsynced database writes); %" G_GUINT64_FORMAT " acknowledgements, %" G_GINT64_FORMAT
                  " responses stored, %" G_GINT64_FORMAT " of them committed but never acknowledged; %"
                  G_GUINT64_FORMAT " unsynced writes lost and %" G_GUINT64_FORMAT " kept, %u files vanished, "
                  "%u came back", stats->n_cuts, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC,
                  stats->n_cuts_by_event[HL_TEST_VFS_ANY_CALL], stats->n_cuts_by_event[HL_TEST_VFS_SYNC],
                  stats->n_cuts_by_event[HL_TEST_VFS_DB_WRITE], stats->n_cuts_mid_checkpoint, n_acks,
                  n_responses, n_unacked, stats->n_changes_lost, stats->n_changes_kept, stats->n_files_vanished,
                  stats->n_files_resurrected);
  /* Every cut armed came, whatever its kind: a checkpoint cut that never came would mean the sessions
   * never reached a checkpoint, and the test would be weaker than it says. */
  g_assert_cmpuint (stats->n_cuts, ==, n_cuts);
  for (guint e = 0; e < HL_TEST_VFS_N_EVENTS; e++)
    g_assert_cmpuint (stats->n_cuts_by_event[e], ==, n_armed[e]);
  g_assert_cmpuint (n_out_of_service_warnings, <=, n_cuts);
  g_assert_cmpuint (n_acks, >, 0);

  hl_crash_acks_clear (&acks);
  hl_test_vfs_forget ();
  hl_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Before anything opens a database. */
  hl_test_vfs_install ();
  g_log_set_handler ("hl-kiosk", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL, kiosk_log_cb, NULL);
  g_test_add_func ("/durability/power-loss/cut", test_power_loss);
  return g_test_run ();
}
