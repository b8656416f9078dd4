/* test-disk-full.c: a kiosk whose disk fills up, or stops taking writes, while it records; run by
 * with-small-fs.sh, which mounts the file systems (HL_TEST_TMPFS, HL_TEST_EXT4) and unmounts them after.
 *
 * Each case records citizens through HlKiosk (hl-crash-kit.h) until a write is refused, and then holds
 * the kiosk to its word: the tap returns FALSE, the kiosk is out of service and says why, it did not
 * thank, everything it acknowledged is stored and nothing it did not, and the file is sound. When writes
 * work again the kiosk comes back to its first screen (by its own timer, or hl_kiosk_try_recover()) and
 * records again.
 *
 * Why the immutable attribute and not a read-only remount: Linux refuses `mount -o remount,ro` while a
 * process holds a file open for writing (EBUSY), and the kiosk always holds its database and log open, so
 * a remount cannot happen under a running kiosk; and the read-only state ext4 falls into by itself after
 * an error (errors=remount-ro) cannot be undone without unmounting. ext4's immutable attribute refuses
 * every write, also through descriptors opened before it was set (EPERM), and can be taken away again:
 * the closest reversible refusal a running kiosk can meet. chmod would not do: permissions are checked
 * when a file is opened, not on each write. The one-way case is tested too: an ext4 mounted with
 * errors=remount-ro is made to meet an error (its trigger_fs_error file in /sys/fs/ext4, which leaves a
 * line in the kernel log) and turns read-only under the kiosk, which must refuse and stay out of service.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-test-disk-full"

#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hl-crash-kit.h"
#include "../hl-test-util.h"

/* Only there so that nothing can hang the test: no assertion depends on timing. */
#define MAX_CITIZENS 200000
#define RECOVERY_GUARD_SECONDS 120

/* The out-of-service warnings the kiosk gave, which this test expects and checks. */
static GPtrArray *warnings;

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
    g_ptr_array_add (warnings, g_strdup (message));
  else
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

typedef struct {
  HlCrashKit  *kit;
  char        *dir;
  char        *path;
  HlStore     *store;
  HlKiosk     *kiosk;
  HlCrashAcks  acks;
  guint        n_thanks;       /* times the kiosk went to its thank-you page */
  /* Called right after the next rating's acknowledgement, to refuse writes from then on. */
  void       (*after_rating) (gpointer user_data);
  gpointer     after_rating_data;
} Fixture;

static void
page_changed_cb (HlKiosk    *kiosk,
                 GParamSpec *pspec,
                 Fixture    *f)
{
  if (hl_kiosk_get_page (kiosk) == HL_PAGE_THANKS)
    f->n_thanks++;
}

static void
ack_cb (gint64    sequence,
        gboolean  follow_up,
        gpointer  user_data)
{
  Fixture *f = user_data;

  hl_crash_acks_add (&f->acks, sequence, follow_up);
  if (!follow_up && f->after_rating != NULL)
    {
      f->after_rating (f->after_rating_data);
      f->after_rating = NULL;
    }
}

/* A kiosk whose database lives in a fresh directory on the file system named by @variable. */
static void
fixture_setup (Fixture    *f,
               const char *variable)
{
  const char *mount = g_getenv (variable);
  g_autoptr(GError) error = NULL;

  if (mount == NULL || !g_file_test (mount, G_FILE_TEST_IS_DIR))
    g_error ("%s must name a mounted file system: run this test through with-small-fs.sh", variable);
  memset (f, 0, sizeof *f);
  f->kit = hl_crash_kit_new ();
  f->dir = g_build_filename (mount, "kiosk-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (f->dir));
  f->path = g_build_filename (f->dir, "kiosk.db", NULL);
  hl_crash_acks_init (&f->acks);
  f->store = hl_store_open (f->path, &error);
  g_assert_no_error (error);
  f->kiosk = hl_crash_kit_new_kiosk (f->kit, f->store, &error);
  g_assert_no_error (error);
  g_signal_connect (f->kiosk, "notify::page", G_CALLBACK (page_changed_cb), f);
  g_assert_true (hl_kiosk_start (f->kiosk, &error));
  g_assert_no_error (error);
  warnings = g_ptr_array_new_with_free_func (g_free);
  /* GLib resets the fatal handler before each test case. */
  g_test_log_set_fatal_handler (fatal_log_cb, NULL);
}

static void
fixture_teardown (Fixture *f)
{
  g_assert_finalize_object (f->kiosk);
  hl_store_close (f->store);
  hl_crash_acks_clear (&f->acks);
  hl_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  hl_crash_kit_free (f->kit);
  g_clear_pointer (&warnings, g_ptr_array_unref);
}

/* Records @n citizens, every one of which must be stored. */
static void
record (Fixture *f,
        guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (hl_crash_kit_act (f->kit, f->kiosk, ack_cb, f, &error));
      g_assert_no_error (error);
    }
}

/* Records citizens until a write is refused, and checks what the kiosk did about that tap. */
static void
record_until_refused (Fixture  *f,
                      GError  **error)
{
  guint thanks_before = 0;
  gint64 sequence_before = 0;

  for (guint n = 0; ; n++)
    {
      if (n > MAX_CITIZENS)
        g_error ("%u citizens were stored and no write was refused", n);
      thanks_before = f->n_thanks;
      sequence_before = hl_kiosk_get_last_sequence (f->kiosk);
      if (!hl_crash_kit_act (f->kit, f->kiosk, ack_cb, f, error))
        break;
    }
  g_assert_nonnull (*error);
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_OUT_OF_SERVICE);
  /* No thank-you for that citizen: a refused rating is not thanked, and one whose reasons were refused
   * had not been thanked yet (the follow-up came first). */
  g_assert_cmpuint (f->n_thanks, ==, thanks_before);
  /* Either the rating was refused (its number was not given), or the reasons after it. */
  if (hl_kiosk_get_last_sequence (f->kiosk) == sequence_before)
    g_assert_cmpuint (hl_crash_acks_get (&f->acks, sequence_before + 1), ==, 0);
  else
    {
      g_assert_cmpint (hl_kiosk_get_last_sequence (f->kiosk), ==, sequence_before + 1);
      g_assert_cmpuint (hl_crash_acks_get (&f->acks, sequence_before + 1), ==, HL_CRASH_ACK_RATING);
    }
  g_assert_cmpint (f->acks.last, ==, hl_kiosk_get_last_sequence (f->kiosk));
  /* The kiosk says why, once. */
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (hl_kiosk_get_problem (f->kiosk));
  g_assert_nonnull (strstr (warnings->pdata[0], hl_kiosk_get_problem (f->kiosk)));
  g_ptr_array_set_size (warnings, 0);
}

static void
check_exact (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  HlCrashCheckStats stats;

  /* Everything acknowledged is stored, and nothing else: the refused write left no trace. */
  if (!hl_crash_kit_check (f->kit, f->path, &f->acks, HL_CRASH_CHECK_EXACT, &stats, &error))
    g_error ("%s", error->message);
  g_assert_cmpint (stats.n_responses, ==, f->acks.last);
}

static gboolean
guard_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the kiosk's own timer bring it back, as it would on the counter: nobody calls it. */
static void
wait_for_recovery (Fixture *f)
{
  gboolean expired = FALSE;
  guint guard = g_timeout_add_seconds (RECOVERY_GUARD_SECONDS, guard_cb, &expired);

  while (hl_kiosk_get_page (f->kiosk) != HL_PAGE_WELCOME && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (expired)
    g_error ("the kiosk was still out of service %d s after writes worked again: %s", RECOVERY_GUARD_SECONDS,
             hl_kiosk_get_problem (f->kiosk));
  g_source_remove (guard);
  g_assert_null (hl_kiosk_get_problem (f->kiosk));
}

/* A file of @size bytes that takes its room on the disk. */
static void
write_ballast (const char *path,
               gsize       size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = g_malloc (size);

  /* Not zeros only, so that no file system may keep it as a hole. */
  for (gsize i = 0; i < size; i++)
    data[i] = (char) (i * 131 + 7);
  g_file_set_contents (path, data, size, &error);
  g_assert_no_error (error);
}

/* The tmpfs fills up under the kiosk: SQLite's "database or disk is full". A ballast file made before is
 * deleted, the kiosk comes back by itself and records until the disk is full a second time. */
static void
test_disk_full (void)
{
  Fixture fixture, *f = &fixture;
  g_autofree char *ballast = NULL;

  fixture_setup (f, "HL_TEST_TMPFS");
  /* Room to give back once the disk is full: a quarter of it, some ten citizens' worth of log. */
  ballast = g_build_filename (g_getenv ("HL_TEST_TMPFS"), "ballast", NULL);
  write_ballast (ballast, 512 * 1024);

  for (guint round = 1; round <= 2; round++)
    {
      g_autoptr(GError) error = NULL;

      record_until_refused (f, &error);
      g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_FULL);
      g_assert_nonnull (strstr (hl_kiosk_get_problem (f->kiosk), "database or disk is full"));
      g_test_message ("the disk was full after %" G_GINT64_FORMAT " responses; the kiosk said: %s",
                      f->acks.last, hl_kiosk_get_problem (f->kiosk));
      /* The reads of the checks need no space. */
      check_exact (f);

      if (round == 1)
        {
          g_assert_cmpint (g_unlink (ballast), ==, 0);
          wait_for_recovery (f);
          record (f, 3);
          check_exact (f);
        }
    }
  fixture_teardown (f);
}

/* Runs chattr on the kiosk's database and log (not on the -shm, which SQLite writes through a memory
 * map: refusing that would kill the process, not refuse a write). */
static void
set_immutable (Fixture  *f,
               gboolean  immutable)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  /* Setting the attribute needs CAP_LINUX_IMMUTABLE. */
  if (getuid () != 0)
    {
      g_ptr_array_add (argv, (char *) "sudo");
      g_ptr_array_add (argv, (char *) "-n");
    }
  g_ptr_array_add (argv, (char *) "chattr");
  g_ptr_array_add (argv, (char *) (immutable ? "+i" : "-i"));
  g_ptr_array_add (argv, f->path);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_ptr_array_add (argv, wal);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("chattr %s: %s: %s", immutable ? "+i" : "-i", error->message, err);
}

static void
set_immutable_cb (gpointer user_data)
{
  set_immutable (user_data, TRUE);
}

/* The next planned citizen is unsatisfied and answers the follow-up. */
static gboolean
next_answers_follow_up (Fixture *f)
{
  HlCrashCitizen c;

  hl_crash_kit_plan (f->kit, hl_kiosk_get_last_sequence (f->kiosk) + 1, &c);
  return c.unsatisfied && c.follow_up == HL_CRASH_ANSWER;
}

static void
assert_refused_write (Fixture *f,
                      GError  *error)
{
  /* The store's word for a write the system refused. */
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_IO);
  g_assert_nonnull (strstr (hl_kiosk_get_problem (f->kiosk), "disk I/O error"));
}

/* The database stops taking writes under the running kiosk, first before a rating, then between a
 * rating and its reasons; each time writes work again and the kiosk is brought back. */
static void
test_read_only (void)
{
  Fixture fixture, *f = &fixture;

  fixture_setup (f, "HL_TEST_EXT4");
  record (f, 30);

  /* The rating is refused. */
  {
    g_autoptr(GError) error = NULL;

    set_immutable (f, TRUE);
    record_until_refused (f, &error);
    assert_refused_write (f, error);
    g_assert_cmpint (hl_kiosk_get_last_sequence (f->kiosk), ==, f->acks.last);
    /* Still refused: the probe write fails and the kiosk stays out of service. */
    g_assert_false (hl_kiosk_try_recover (f->kiosk));
    g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_OUT_OF_SERVICE);
    g_assert_nonnull (hl_kiosk_get_problem (f->kiosk));
    set_immutable (f, FALSE);
    check_exact (f);
    g_assert_true (hl_kiosk_try_recover (f->kiosk));
    g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_WELCOME);
    g_assert_null (hl_kiosk_get_problem (f->kiosk));
    record (f, 10);
    check_exact (f);
  }

  /* The rating is stored and thanked for, then the reasons are refused. */
  {
    g_autoptr(GError) error = NULL;
    gint64 sequence;

    while (!next_answers_follow_up (f))
      record (f, 1);
    sequence = hl_kiosk_get_last_sequence (f->kiosk) + 1;
    f->after_rating = set_immutable_cb;
    f->after_rating_data = f;
    record_until_refused (f, &error);
    assert_refused_write (f, error);
    g_assert_cmpint (f->acks.last, ==, sequence);
    g_assert_cmpuint (hl_crash_acks_get (&f->acks, sequence), ==, HL_CRASH_ACK_RATING);
    set_immutable (f, FALSE);
    check_exact (f);
    /* This time the kiosk's timer brings it back. */
    wait_for_recovery (f);
    record (f, 10);
    check_exact (f);
  }
  fixture_teardown (f);
}

/* Makes the file system meet an error, as a failing card would: ext4 (errors=remount-ro) turns it
 * read-only at once, under every open file. */
static void
trigger_fs_error (void)
{
  const char *trigger = g_getenv ("HL_TEST_EXT4_ERRORS_TRIGGER");
  const char *tee[] = { "sudo", "-n", "tee", trigger, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (trigger);
  if (getuid () == 0)
    {
      /* A sysfs file takes one write; g_file_set_contents() would try to rename a copy over it. */
      FILE *file = fopen (trigger, "w");

      g_assert_nonnull (file);
      g_assert_cmpint (fputs ("hailong durability test", file), >=, 0);
      g_assert_cmpint (fclose (file), ==, 0);
      return;
    }
  g_spawn_sync (NULL, (char **) tee, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                | G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* The kernel turns the file system read-only under the running kiosk. It stays so until it is unmounted,
 * which the kiosk's open database prevents: the kiosk must refuse and stay out of service, and what it
 * acknowledged must still read back whole. */
static void
test_emergency_read_only (void)
{
  Fixture fixture, *f = &fixture;
  g_autoptr(GError) error = NULL;

  fixture_setup (f, "HL_TEST_EXT4_ERRORS");
  record (f, 30);
  trigger_fs_error ();
  record_until_refused (f, &error);
  g_test_message ("on a file system turned read-only, the kiosk said: %s", hl_kiosk_get_problem (f->kiosk));
  assert_refused_write (f, error);
  g_assert_false (hl_kiosk_try_recover (f->kiosk));
  g_assert_cmpint (hl_kiosk_get_page (f->kiosk), ==, HL_PAGE_OUT_OF_SERVICE);
  check_exact (f);
  fixture_teardown (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_handler ("hl-kiosk", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL, kiosk_log_cb, NULL);
  g_test_add_func ("/durability/disk-full", test_disk_full);
  g_test_add_func ("/durability/read-only", test_read_only);
  g_test_add_func ("/durability/read-only/emergency", test_emergency_read_only);
  return g_test_run ();
}
