/* hl-bench-commit.c: `bench commit`, the durable commit of one response.
 *
 * Each sample is one citizen's tap through the kiosk's own path: hl_kiosk_choose() on the first screen,
 * which checks the burst rule, appends the response and its answer, adds them to the rollups, extends the
 * hash chain with a link signed by the kiosk's Ed25519 key and commits with synchronous=FULL. The
 * baseline is the physical limit of a durable write on the same filesystem: one small write into a file
 * beside the database, then fdatasync(). Samples of the two are taken in turns, so that both see the same
 * disk and the same neighbours; the medians are compared. A benchmark, not a test: it asserts nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-bench"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "hl-config.h"
#include "hl-identity.h"
#include "hl-kiosk.h"
#include "hl-store.h"
#include "hl-survey.h"

/* A clock that moves 47 s per citizen from a fixed morning: no press is a repeat or part of a burst, so
 * every sample takes the full path and counts in the rollups. */
typedef struct {
  GTimeZone *tz;
  gint64     utc;
} BenchClock;

static GDateTime *
bench_clock_cb (gpointer user_data)
{
  BenchClock *clock = user_data;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (clock->utc);

  clock->utc += 47;
  return g_date_time_to_timezone (utc, clock->tz);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

static double
percentile (GArray *samples,
            double  p)
{
  guint rank = (guint) (p * samples->len + 0.999999);

  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, CLAMP (rank, 1, samples->len) - 1);
}

/* One small durable write: what any durable commit must pay at least once. */
static gboolean
sync_small_write (int      fd,
                  double  *ms,
                  GError **error)
{
  static const char block[512] = "hailong bench: a small write made durable with fdatasync";
  gint64 start = g_get_monotonic_time ();

  if (pwrite (fd, block, sizeof block, 0) != (ssize_t) sizeof block || fdatasync (fd) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "small write: %s", g_strerror (saved));
      return FALSE;
    }
  *ms = (g_get_monotonic_time () - start) / 1000.0;
  return TRUE;
}

static gboolean
tap (HlKiosk  *kiosk,
     double   *ms,
     GError  **error)
{
  gint64 start = g_get_monotonic_time ();

  /* The first face: satisfied, so the kiosk goes straight to the thank-you page. */
  if (!hl_kiosk_choose (kiosk, 0, error))
    return FALSE;
  *ms = (g_get_monotonic_time () - start) / 1000.0;
  if (hl_kiosk_get_page (kiosk) != HL_PAGE_THANKS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the kiosk did not thank the citizen");
      return FALSE;
    }
  hl_kiosk_reset (kiosk);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *survey_dir = NULL;
  int samples = 500;
  int warmup = 300;
  GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Where the database goes (default: a new temporary directory)", "DIR" },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path, "Kiosk configuration", "FILE" },
    { "survey-dir", 0, 0, G_OPTION_ARG_FILENAME, &survey_dir, "Where survey definitions are", "DIR" },
    { "samples", 0, 0, G_OPTION_ARG_INT, &samples, "Responses measured (default 500)", "N" },
    { "warmup", 0, 0, G_OPTION_ARG_INT, &warmup,
      "Responses first recorded unmeasured, so that the write-ahead log has wrapped once (default 300)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— durable commit of one response vs fdatasync");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = NULL;
  g_autoptr(HlSurvey) survey = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(HlIdentity) identity = NULL;
  g_autoptr(HlKiosk) kiosk = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(GArray) commits = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) syncs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *db = NULL;
  g_autofree char *sync_path = NULL;
  BenchClock clock = { 0 };
  gboolean made_dir = FALSE;
  double c, s;
  int fd;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    goto fail;
  if (config_path == NULL || survey_dir == NULL || samples < 1 || warmup < 0)
    {
      g_printerr ("hl-bench-commit: --config and --survey-dir are needed, --samples at least 1\n");
      return 2;
    }
  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("hailong-bench-commit-XXXXXX", &error);
      if (dir == NULL)
        goto fail;
      made_dir = TRUE;
    }
  db = g_build_filename (dir, "commit.db", NULL);
  sync_path = g_build_filename (dir, "fdatasync.dat", NULL);
  g_unlink (db);

  config = hl_config_load_file (config_path, NULL, &error);
  if (config == NULL)
    goto fail;
  survey = hl_survey_find (survey_dir, config->survey_id, config->survey_version, &error);
  if (survey == NULL)
    goto fail;
  store = hl_store_open (db, &error);
  if (store == NULL)
    goto fail;
  /* A kiosk key of its own, as a kiosk signs every link with: the signature is part of the commit. */
  key_path = hl_identity_key_path_for_db (db);
  g_unlink (key_path);
  identity = hl_identity_load_or_create (key_path, &error);
  if (identity == NULL || !hl_identity_sign_chain (identity, store, &error))
    goto fail;
  kiosk = hl_kiosk_new (config, survey, store, hl_identity_get_kiosk_id (identity));
  hl_kiosk_set_log_saves (kiosk, FALSE);
  clock.tz = g_time_zone_new_identifier ("+07:00");
  clock.utc = 1783995000;  /* 2026-07-14 07:30 in Vietnam */
  hl_kiosk_set_clock (kiosk, bench_clock_cb, &clock);
  if (!hl_kiosk_start (kiosk, &error))
    goto fail;

  fd = g_open (sync_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    {
      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", sync_path, g_strerror (errno));
      goto fail;
    }
  /* The file gets its block before the first sample, so that no sample pays for allocating it. */
  if (!sync_small_write (fd, &s, &error))
    goto fail_fd;

  for (int i = 0; i < warmup; i++)
    if (!tap (kiosk, &c, &error))
      goto fail_fd;
  for (int i = 0; i < samples; i++)
    {
      if (!tap (kiosk, &c, &error) || !sync_small_write (fd, &s, &error))
        goto fail_fd;
      g_array_append_val (commits, c);
      g_array_append_val (syncs, s);
    }
  close (fd);

  g_printerr ("# commit: %d responses after %d unmeasured; commit p90 %.2f ms, fdatasync p90 %.2f ms\n",
              samples, warmup, percentile (commits, 0.9), percentile (syncs, 0.9));
  c = median (commits);
  s = median (syncs);
  printf ("bench commit: %.2f ms (baseline %.2f ms, ratio %.2f)\n", c, s, c / s);

  g_clear_pointer (&kiosk, g_object_unref);
  g_clear_pointer (&store, hl_store_close);
  g_time_zone_unref (clock.tz);
  if (made_dir)
    {
      const char *suffixes[] = { "", "-wal", "-shm", ".key" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *path = g_strconcat (db, suffixes[i], NULL);

          g_unlink (path);
        }
      g_unlink (sync_path);
      g_rmdir (dir);
    }
  return 0;

fail_fd:
  close (fd);
fail:
  g_printerr ("hl-bench-commit: %s\n", error->message);
  return 1;
}
