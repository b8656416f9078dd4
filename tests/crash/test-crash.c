/* test-crash.c: kills a recording kiosk with SIGKILL at random moments, again and again, and after every
 * kill holds the reopened database to what the kiosk acknowledged.
 *
 * hl-crash-writer records citizens through HlKiosk and prints "ack SEQ" right after each call that stored
 * something returned TRUE (the moment the kiosk would thank). This test reads those lines, kills the
 * writer, and checks (hl_crash_kit_check()) that every acknowledged response is there with its answers,
 * the sequence numbers run 1..N, PRAGMA integrity_check is ok, the chain verifies and the per-day rollups
 * agree with the rows. The next writer then goes on in the same file, so the crashes pile up on one
 * database, and hundreds of them cover the start-up (migrations and WAL recovery of a file cut short),
 * the middle of transactions, commits and checkpoints.
 *
 * The kill moments: one kill in four comes after a random delay from 0 to 4 ms after the start (a third
 * of them at once), which lands in the start-up; the others come once the writer has acknowledged 1 to 40
 * more responses, plus a random 0 to 2 ms, which lands anywhere in the recording. HL_CRASH_KILLS sets the
 * number of kills (200 by default; `make torture` runs thousands). A new database is begun every 100
 * kills, so that a torture run keeps its files (and checks) small and also crashes many fresh files.
 *
 * This is a process crash: the kernel keeps what was written, so it proves that SQLite's commit, the
 * store's transactions and the kiosk's order of "store, then thank" leave nothing acknowledged behind.
 * Losing the page cache as well is test-power-loss's job.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-test-crash"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hl-crash-kit.h"
#include "../hl-test-util.h"

#define DEFAULT_KILLS 200
#define KILLS_PER_DATABASE 100
/* Only there so that a writer that hangs cannot hang the test: no assertion depends on timing. */
#define HANG_GUARD_US (120 * G_USEC_PER_SEC)

/* One running writer and what it printed. */
typedef struct {
  GPid         pid;
  int          out_fd;
  int          err_fd;
  GString     *out;            /* stdout not yet parsed: at most a partial line */
  GString     *err;
  gboolean     out_eof;
  gboolean     err_eof;
  gint64       current;        /* the newest sequence number it acknowledged */
  gboolean     current_reasons;/* …and whether that one's reasons were acknowledged too */
  guint        n_acks;
} Writer;

static void
writer_spawn (Writer     *w,
              const char *program,
              const char *db)
{
  const char *argv[] = { program, db, NULL };
  g_autoptr(GError) error = NULL;

  memset (w, 0, sizeof *w);
  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &w->pid, NULL, &w->out_fd, &w->err_fd, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fcntl (w->out_fd, F_SETFL, O_NONBLOCK), ==, 0);
  g_assert_cmpint (fcntl (w->err_fd, F_SETFL, O_NONBLOCK), ==, 0);
  w->out = g_string_new (NULL);
  w->err = g_string_new (NULL);
}

static void
writer_free (Writer *w)
{
  g_string_free (w->out, TRUE);
  g_string_free (w->err, TRUE);
  close (w->out_fd);
  close (w->err_fd);
  g_spawn_close_pid (w->pid);
}

/* One line of the writer's stdout: "ack SEQ", the response's own or, the second time, its reasons'. */
static void
writer_parse_line (Writer      *w,
                   const char  *line,
                   HlCrashAcks *acks)
{
  gint64 sequence = 0;

  if (!g_str_has_prefix (line, "ack ")
      || !g_ascii_string_to_signed (line + 4, 10, 1, G_MAXINT64, &sequence, NULL))
    g_error ("the writer printed “%s”, which is not an acknowledgement; its stderr:\n%s", line, w->err->str);

  if (sequence == w->current)
    {
      /* The reasons come once, after the response. */
      g_assert_false (w->current_reasons);
      w->current_reasons = TRUE;
      hl_crash_acks_add (acks, sequence, TRUE);
    }
  else
    {
      /* Within one writer the numbers follow each other; across a crash they go on above the last
       * acknowledged one (hl_crash_acks_add() holds it to that). */
      if (w->current > 0)
        g_assert_cmpint (sequence, ==, w->current + 1);
      w->current = sequence;
      w->current_reasons = FALSE;
      hl_crash_acks_add (acks, sequence, FALSE);
    }
  w->n_acks++;
}

static gboolean
drain (int       fd,
       GString  *buffer)
{
  char chunk[4096];

  for (;;)
    {
      ssize_t n = read (fd, chunk, sizeof chunk);

      if (n > 0)
        g_string_append_len (buffer, chunk, n);
      else if (n == 0)
        return TRUE;  /* end of file */
      else if (errno == EINTR)
        continue;
      else
        {
          g_assert_cmpint (errno, ==, EAGAIN);
          return FALSE;
        }
    }
}

/* Reads what the writer prints, until @deadline (monotonic µs), until it acknowledged @want_acks in all,
 * or until it closes its stdout. */
static void
writer_pump (Writer      *w,
             HlCrashAcks *acks,
             gint64       deadline,
             guint        want_acks)
{
  for (;;)
    {
      struct pollfd fds[2] = {
        { .fd = w->out_fd, .events = POLLIN },
        { .fd = w->err_eof ? -1 : w->err_fd, .events = POLLIN },
      };
      gint64 now;
      char *newline;

      while (w->n_acks < want_acks && (newline = strchr (w->out->str, '\n')) != NULL)
        {
          *newline = '\0';
          writer_parse_line (w, w->out->str, acks);
          g_string_erase (w->out, 0, newline - w->out->str + 1);
        }
      now = g_get_monotonic_time ();
      if (w->out_eof || w->n_acks >= want_acks || now >= deadline)
        return;
      if (poll (fds, 2, (int) MAX (1, (deadline - now + 999) / 1000)) < 0)
        {
          g_assert_cmpint (errno, ==, EINTR);
          continue;
        }
      if (fds[0].revents)
        w->out_eof = drain (w->out_fd, w->out);
      if (fds[1].revents)
        w->err_eof = drain (w->err_fd, w->err);
    }
}

/* Kills the writer and takes in everything it printed before it died. */
static void
writer_kill (Writer      *w,
             HlCrashAcks *acks)
{
  int status = 0;

  kill (w->pid, SIGKILL);
  g_assert_cmpint (waitpid (w->pid, &status, 0), ==, w->pid);
  /* Its pipes hold every line it wrote; read them to the end. */
  writer_pump (w, acks, g_get_monotonic_time () + HANG_GUARD_US, G_MAXUINT);
  while (!w->err_eof)
    {
      struct pollfd fd = { .fd = w->err_fd, .events = POLLIN };

      g_assert_cmpint (poll (&fd, 1, 1000), >=, 0);
      w->err_eof = drain (w->err_fd, w->err);
    }
  if (!WIFSIGNALED (status) || WTERMSIG (status) != SIGKILL)
    g_error ("the writer ended by itself (status %d) instead of being killed; its stderr:\n%s", status, w->err->str);
  /* A line is written with one write(2), so a kill cannot cut one in half. */
  g_assert_cmpstr (w->out->str, ==, "");
  g_assert_true (w->out_eof);
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

/* The writer is a program of its own, and so is `hailong verify`: meson names them. */
static const char *
get_program (const char *variable)
{
  const char *path = g_getenv (variable);

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("%s must name the program (meson test sets it)", variable);
  return path;
}

/* `hailong verify --db`, as the province or a supervisor would run it on the crashed file. */
static void
verify_with_cli (const char *db,
                 gint64      n_responses)
{
  const char *argv[] = { get_program ("HL_CLI"), "verify", "--db", db, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = g_strdup_printf ("chain ok: %" G_GINT64_FORMAT " responses, last sequence %"
                                               G_GINT64_FORMAT "\n"
                                               "signatures ok: 1 kiosk, each chain signed with the key its id "
                                               "was made from\n"
                                               "surveys ok: 1 definition, each matching its digest\n"
                                               "counts ok: the daily counts follow from the answers\n",
                                               n_responses, n_responses);
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("hailong verify --db %s: %s\n%s", db, error->message, err);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_kill (void)
{
  const char *writer = get_program ("HL_CRASH_WRITER");
  guint n_kills = get_count ("HL_CRASH_KILLS", DEFAULT_KILLS);
  g_autoptr(HlCrashKit) kit = hl_crash_kit_new ();
  g_autofree char *dir = hl_test_tmpdir ();
  g_autofree char *db = NULL;
  HlCrashAcks acks;
  HlCrashCheckStats stats = { 0 };
  guint n_early = 0, n_waited = 0;
  guint64 n_acks = 0;
  gint64 n_unacked = 0, n_responses = 0, n_days = 0;
  gint64 started = g_get_monotonic_time ();

  hl_crash_acks_init (&acks);
  for (guint i = 0; i < n_kills; i++)
    {
      g_autoptr(GError) error = NULL;
      Writer w;

      if (i % KILLS_PER_DATABASE == 0)
        {
          if (db != NULL)
            {
              verify_with_cli (db, stats.n_responses);
              n_unacked += stats.n_unacked;
              n_responses += stats.n_responses;
              n_days += stats.n_days;
            }
          g_free (db);
          db = g_strdup_printf ("%s/kiosk-%u.db", dir, i / KILLS_PER_DATABASE);
          hl_crash_acks_clear (&acks);
          hl_crash_acks_init (&acks);
        }

      writer_spawn (&w, writer, db);
      if (i % 4 == 0)
        {
          /* The start-up: opening, recovering, migrating a new file, storing the survey. */
          gulong delay = g_test_rand_int_range (0, 3) == 0 ? 0 : g_test_rand_int_range (0, 4000);

          /* Its output waits in the pipe, which a few milliseconds of acknowledgements cannot fill. */
          if (delay > 0)
            g_usleep (delay);
          n_early++;
        }
      else
        {
          /* The recording: after a few acknowledgements, at a moment between two of them or inside a
           * commit. */
          guint want = g_test_rand_int_range (1, 41);

          writer_pump (&w, &acks, g_get_monotonic_time () + HANG_GUARD_US, want);
          if (w.n_acks < want)
            g_error ("the writer acknowledged %u responses where %u were awaited (%s); its stderr:\n%s",
                     w.n_acks, want, w.out_eof ? "it closed its output" : "it hung", w.err->str);
          g_usleep (g_test_rand_int_range (0, 2000));
          n_waited++;
        }
      writer_kill (&w, &acks);
      n_acks += w.n_acks;

      if (!hl_crash_kit_check (kit, db, &acks, HL_CRASH_CHECK_DEFAULT, &stats, &error))
        g_error ("after kill %u (the writer had acknowledged %u, the newest %" G_GINT64_FORMAT "): %s",
                 i + 1, w.n_acks, acks.last, error->message);
      writer_free (&w);
    }
  verify_with_cli (db, stats.n_responses);
  n_unacked += stats.n_unacked;
  n_responses += stats.n_responses;
  n_days += stats.n_days;

  g_test_message ("%u kills in %.1f s: %u in the start-up, %u while recording; %" G_GUINT64_FORMAT
                  " acknowledgements; %" G_GINT64_FORMAT " responses over %" G_GINT64_FORMAT " days, %"
                  G_GINT64_FORMAT " of them committed but killed before their acknowledgement",
                  n_kills, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC, n_early, n_waited,
                  n_acks, n_responses, n_days, n_unacked);
  /* Every kill while recording came after at least one acknowledgement, so the checks above had
   * something to hold the database to. */
  g_assert_cmpuint (n_acks, >=, n_waited);
  g_assert_cmpint (n_responses, >=, (gint64) n_waited);

  hl_crash_acks_clear (&acks);
  hl_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* A writer killed while it writes to us must not take the test with it. */
  signal (SIGPIPE, SIG_IGN);
  g_test_add_func ("/durability/crash/kill", test_kill);
  return g_test_run ();
}
