/* hl-cli-keys.c: `hailong keys add [--db FILE] TEXT`, `hailong keys list [--db FILE]`: the kiosks whose
 * bundles the province accepts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-cli"

#include "config.h"

#include <errno.h>

#include "hl-bundle.h"
#include "hl-paths.h"

#include "hl-cli-private.h"

int
hl_cli_keys (int    argc,
             char **argv)
{
  g_autofree char *db = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The province's database (default: the kiosk's); made if missing",
      "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("add TEXT — enrol a kiosk from its enrolment QR code's text");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *db_dir = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!hl_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc != 3 || !g_str_equal (argv[1], "add"))
    return hl_cli_fail ("keys: use `hailong keys add TEXT`, TEXT being the kiosk's enrolment text"
                        " (hailong-kiosk-key/1:…, shown by `hailong identity` on the kiosk)");
  if (db == NULL)
    db = hl_default_db_path ();
  db_dir = g_path_get_dirname (db);
  if (g_mkdir_with_parents (db_dir, 0700) != 0)
    return hl_cli_fail ("keys: cannot make %s: %s", db_dir, g_strerror (errno));
  store = hl_store_open (db, &error);
  if (store == NULL || !hl_keys_add_enrolment (store, argv[2], &kiosk_id, &error))
    return hl_cli_fail ("keys: %s", error->message);
  g_print ("enrolled kiosk %s\n", kiosk_id);
  return 0;
}
