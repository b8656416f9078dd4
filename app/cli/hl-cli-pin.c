/* hl-cli-pin.c: `hailong pin reset [--db FILE]`: forgets a forgotten supervisor PIN.
 *
 * Only here, on the kiosk's own command line, never from the screen: whoever can run this can read the
 * database anyway (docs/threat-model.md). The lock-out goes with the PIN, and the kiosk's next start
 * runs the first-start assistant, which sets a new one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-cli"

#include "config.h"

#include "hl-paths.h"
#include "hl-store-supervisor.h"

#include "hl-cli-private.h"

static int
pin_reset (int    argc,
           char **argv)
{
  g_autofree char *db = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The kiosk's database (default: the kiosk's)", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— forget the supervisor PIN; the kiosk asks for a "
                                                            "new one on its next start");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = NULL;
  gboolean had_pin = FALSE;
  int version = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!hl_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc > 1)
    return hl_cli_fail ("pin reset: unexpected argument “%s”", argv[1]);
  if (db == NULL)
    db = hl_default_db_path ();
  /* Opened as it is, neither created nor upgraded: resetting the PIN changes nothing else. */
  if (!g_file_test (db, G_FILE_TEST_IS_REGULAR))
    return hl_cli_fail ("pin reset: %s: no such database", db);
  store = hl_store_open_at_version (db, 0, &error);
  if (store == NULL || !hl_store_get_schema_version (store, &version, &error))
    return hl_cli_fail ("pin reset: %s", error->message);
  if (version == 0)
    return hl_cli_fail ("pin reset: %s: not a Hài Lòng database", db);
  if (version > HL_STORE_SCHEMA_VERSION)
    return hl_cli_fail ("pin reset: %s: written by a newer version of Hài Lòng (schema %d); use that version",
                        db, version);
  if (version < HL_STORE_SCHEMA_VERSION_DASHBOARD)
    {
      /* Older than the supervisor's tables: no PIN was ever set here. */
      g_print ("no supervisor PIN was set: the kiosk asks for one on its next start\n");
      return 0;
    }
  if (!hl_store_reset_pin (store, &had_pin, &error))
    return hl_cli_fail ("pin reset: %s", error->message);
  if (had_pin)
    g_print ("supervisor PIN reset: the kiosk asks for a new one on its next start\n");
  else
    g_print ("no supervisor PIN was set: the kiosk asks for one on its next start\n");
  return 0;
}

int
hl_cli_pin (int    argc,
            char **argv)
{
  static const char usage[] = "Usage: hailong pin reset [--db FILE]\n\n"
                              "  reset   forget the supervisor PIN; the kiosk asks for a new one on its next start\n";

  if (argc < 2)
    {
      g_printerr ("%s", usage);
      return 2;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      g_print ("%s", usage);
      return 0;
    }
  if (g_str_equal (argv[1], "reset"))
    {
      /* The subcommand sees its own name as argv[0], so its --help reads "hailong pin reset …". */
      g_set_prgname ("hailong pin reset");
      return pin_reset (argc - 1, argv + 1);
    }
  return hl_cli_fail ("pin: unknown subcommand “%s”: use `hailong pin reset [--db FILE]`", argv[1]);
}
