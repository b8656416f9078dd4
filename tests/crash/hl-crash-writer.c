/* hl-crash-writer.c: a kiosk that records citizens until it is killed, for test-crash.
 *
 *   hl-crash-writer DB [N]
 *
 * Opens (or creates) DB through HlStore, starts an HlKiosk on the demo configuration and acts out citizens
 * (hl-crash-kit.h) through hl_kiosk_choose() and hl_kiosk_submit(), as the touch screen does, at most N of
 * them (no limit when N is not given). Right after each of those calls returns TRUE, which is when the
 * kiosk would show its thank-you page, it prints one line "ack SEQ" and flushes it: the test kills the
 * writer at a random moment and then holds the database to every line it read. A second "ack SEQ" for
 * the same number acknowledges the reasons given in the follow-up.
 *
 * Anything unexpected (a refused write, a failed assertion) ends it with a message on stderr and a status
 * other than death by SIGKILL, which the test reports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-crash-writer"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "hl-crash-kit.h"

static void
print_ack_cb (gint64    sequence,
              gboolean  follow_up,
              gpointer  user_data)
{
  /* One write(2) per line: a pipe takes it whole or not at all, so a kill never leaves half a line. */
  printf ("ack %" G_GINT64_FORMAT "\n", sequence);
  if (fflush (stdout) != 0)
    {
      /* The test is gone: nobody is left to hold the kiosk to its word. */
      exit (EXIT_FAILURE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HlCrashKit) kit = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(HlKiosk) kiosk = NULL;
  g_autoptr(GError) error = NULL;
  gint64 limit = G_MAXINT64;

  if (argc < 2 || argc > 3)
    {
      g_printerr ("usage: %s DB [N]\n", argv[0]);
      return EXIT_FAILURE;
    }
  if (argc == 3 && !g_ascii_string_to_signed (argv[2], 10, 1, G_MAXINT64, &limit, &error))
    {
      g_printerr ("%s: %s\n", argv[2], error->message);
      return EXIT_FAILURE;
    }

  kit = hl_crash_kit_new ();
  store = hl_store_open (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("hl-crash-writer: %s\n", error->message);
      return EXIT_FAILURE;
    }
  kiosk = hl_crash_kit_new_kiosk (kit, store, &error);
  if (kiosk == NULL || !hl_kiosk_start (kiosk, &error))
    {
      g_printerr ("hl-crash-writer: starting the kiosk: %s\n", error->message);
      return EXIT_FAILURE;
    }

  for (gint64 i = 0; i < limit; i++)
    if (!hl_crash_kit_act (kit, kiosk, print_ack_cb, NULL, &error))
      {
        g_printerr ("hl-crash-writer: citizen %" G_GINT64_FORMAT " was refused: %s\n",
                    hl_kiosk_get_last_sequence (kiosk) + 1, error->message);
        return EXIT_FAILURE;
      }

  /* The kiosk goes first: it borrows the store. */
  g_clear_object (&kiosk);
  return EXIT_SUCCESS;
}
