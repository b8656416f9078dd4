/* hl-cli-verify.c: `hailong verify --db FILE`: checks a database's hash chain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-cli"

#include "config.h"

#include "hl-store.h"
#include "hl-cli-private.h"

/* A chain made when the database was upgraded vouches for the responses before it only from that day. */
static void
print_chain_start (const char *kiosk_id,
                   gint64      last_backfilled,
                   const char *backfilled_at,
                   gpointer    user_data)
{
  g_print ("kiosk %s: chain starts at response %" G_GINT64_FORMAT "; the %" G_GINT64_FORMAT
           " before it were stored unchained and chained when the database was upgraded (%s), so the chain"
           " shows only that they were not changed since then\n",
           kiosk_id, last_backfilled + 1, last_backfilled, backfilled_at ? backfilled_at : "time unknown");
}

int
hl_cli_verify (int    argc,
               char **argv)
{
  g_autofree char *db = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database whose chain to check", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("--db FILE — check that no stored response was changed");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = NULL;
  gint64 n = 0, last = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!hl_cli_parse_options (context, &argc, &argv))
    return 2;
  if (db == NULL || argc > 1)
    return hl_cli_fail ("verify: name the database with --db FILE");
  /* Read-only: verifying must not change what it verifies (an upgrade would chain whatever is stored). */
  store = hl_store_open_readonly (db, &error);
  if (store == NULL)
    return hl_cli_fail ("verify: %s", error->message);
  if (!hl_store_verify_chain (store, &n, &last, &error))
    return hl_cli_fail ("verify: %s", error->message);
  g_print ("chain ok: %" G_GINT64_FORMAT " responses, last sequence %" G_GINT64_FORMAT "\n", n, last);
  if (!hl_store_foreach_chain_start (store, print_chain_start, NULL, &error))
    return hl_cli_fail ("verify: %s", error->message);
  return 0;
}
