/* hl-test-kiosk-hold.c: a running kiosk held open for test-trust.sh.
 *
 *   hl-test-kiosk-hold --db DB --config CONFIG --survey-dir DIR
 *
 * Starts the kiosk's session the way hailong-kiosk does (hl-application.c's load(): the database claimed
 * for the kiosk, opened, the kiosk's key loaded or made and given to the store to sign the chain, HlKiosk
 * started), prints "ready KIOSK-ID" and then reads commands from stdin, one a line, until "quit" or the
 * end of input:
 *
 *   tap N    a citizen presses face N on the first screen (and skips any follow-up): prints "saved SEQ"
 *            once it is stored, or "failed MESSAGE"
 *
 * Every answer is one line, flushed, so that the test can talk to it through a pair of pipes while it runs
 * other programs against the same database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-test-kiosk-hold"

#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>

#include "hl-config.h"
#include "hl-identity.h"
#include "hl-kiosk.h"
#include "hl-store.h"
#include "hl-survey.h"

static gboolean
tap (HlKiosk  *kiosk,
     guint     position,
     GError  **error)
{
  if (!hl_kiosk_choose (kiosk, position, error))
    return FALSE;
  if (hl_kiosk_get_page (kiosk) == HL_PAGE_QUESTION)
    hl_kiosk_skip (kiosk);
  if (hl_kiosk_get_page (kiosk) == HL_PAGE_OUT_OF_SERVICE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "out of service: %s", hl_kiosk_get_problem (kiosk));
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *survey_dir = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database", "FILE" },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path, "Kiosk configuration", "FILE" },
    { "survey-dir", 0, 0, G_OPTION_ARG_FILENAME, &survey_dir, "Survey definitions", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— a kiosk session held open");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = NULL;
  g_autoptr(HlSurvey) survey = NULL;
  g_autoptr(HlStoreClaim) claim = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(HlIdentity) identity = NULL;
  g_autoptr(HlKiosk) kiosk = NULL;
  g_autofree char *key_path = NULL;
  char line[256];

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    goto fail;
  if (db == NULL || config_path == NULL || survey_dir == NULL)
    {
      g_printerr ("hl-test-kiosk-hold: --db, --config and --survey-dir are needed\n");
      return 2;
    }
  config = hl_config_load_file (config_path, NULL, &error);
  if (config == NULL)
    goto fail;
  survey = hl_survey_find (survey_dir, config->survey_id, config->survey_version, &error);
  if (survey == NULL)
    goto fail;
  claim = hl_store_claim (db, HL_STORE_CLAIM_KIOSK, &error);
  if (claim == NULL)
    goto fail;
  store = hl_store_open (db, &error);
  if (store == NULL)
    goto fail;
  key_path = hl_identity_key_path_for_db (db);
  identity = hl_identity_load_or_create (key_path, &error);
  if (identity == NULL || !hl_identity_sign_chain (identity, store, &error))
    goto fail;
  kiosk = hl_kiosk_new (config, survey, store, hl_identity_get_kiosk_id (identity));
  hl_kiosk_set_log_saves (kiosk, FALSE);
  if (!hl_kiosk_start (kiosk, &error))
    goto fail;
  printf ("ready %s\n", hl_identity_get_kiosk_id (identity));
  fflush (stdout);

  while (fgets (line, sizeof line, stdin) != NULL)
    {
      guint64 position;

      g_strchomp (line);
      if (g_str_equal (line, "quit"))
        break;
      if (g_str_has_prefix (line, "tap ") && g_ascii_string_to_unsigned (line + 4, 10, 0, 9, &position, NULL))
        {
          g_autoptr(GError) local_error = NULL;

          if (tap (kiosk, position, &local_error))
            printf ("saved %" G_GINT64_FORMAT "\n", hl_kiosk_get_last_sequence (kiosk));
          else
            {
              printf ("failed %s\n", local_error->message);
              hl_kiosk_try_recover (kiosk);
            }
          hl_kiosk_reset (kiosk);
        }
      else
        printf ("failed unknown command %s\n", line);
      fflush (stdout);
    }
  return 0;

fail:
  g_printerr ("hl-test-kiosk-hold: %s\n", error->message);
  return 1;
}
