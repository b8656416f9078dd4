/* hl-cli-identity.c: `hailong identity [--db FILE] [--qr FILE.png]`: the kiosk's id and public key, and
 * the QR code that enrols it at the province.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-cli"

#include "config.h"

#include "hl-identity.h"
#include "hl-paths.h"
#include "hl-qr.h"
#include "hl-cli-private.h"

int
hl_cli_identity (int    argc,
                 char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *qr = NULL;
  int size = 600;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The kiosk's database (default: the kiosk's)", "FILE" },
    { "qr", 0, 0, G_OPTION_ARG_FILENAME, &qr, "Also write the enrolment QR code as a PNG", "FILE" },
    { "size", 0, 0, G_OPTION_ARG_INT, &size, "Size of the QR code in pixels (default 600)", "PX" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the kiosk's id and public key, for enrolment");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlIdentity) identity = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *text = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!hl_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc > 1)
    return hl_cli_fail ("identity: unexpected argument “%s”", argv[1]);
  if (size < 100 || size > 4000)
    return hl_cli_fail ("identity: --size must be between 100 and 4000");
  if (db == NULL)
    db = hl_default_db_path ();
  key_path = hl_identity_key_path_for_db (db);
  /* Only a kiosk makes its key, on its first start; this command never does. */
  if (!g_file_test (key_path, G_FILE_TEST_EXISTS))
    return hl_cli_fail ("identity: %s: no kiosk key (the kiosk makes it on its first start)", key_path);
  identity = hl_identity_load_or_create (key_path, &error);
  if (identity == NULL)
    return hl_cli_fail ("identity: %s", error->message);
  text = hl_identity_enrolment_text (identity);
  if (qr != NULL && !hl_qr_write_png (text, size, qr, &error))
    return hl_cli_fail ("identity: %s", error->message);
  g_print ("kiosk %s\npublic key %s\nenrolment %s\n", hl_identity_get_kiosk_id (identity),
           hl_identity_get_public_key_hex (identity), text);
  return 0;
}
