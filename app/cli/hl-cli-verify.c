/* hl-cli-verify.c: `hailong verify FILE...` checks export bundles without importing them
 * (docs/bundle-format.md); `hailong verify --db FILE [--key KEY]…`: whether a database's figures can be
 * trusted.
 *
 * It checks, and refuses the database (exit 1, a line per problem) unless all hold:
 *  - every kiosk's chain: hashes, numbering, coverage (hl_store_verify_chains());
 *  - every kiosk's chain is signed, by the key its id was made from, and by the key given with --key
 *    when one is (a file rewritten by someone could carry a key of their own, with a chain signed by it);
 *  - every stored survey definition against its digest (hl_store_verify_surveys());
 *  - every rollup recounted from the chained answers (hl_store_verify_rollups()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-cli"

#include "config.h"

#include <sodium.h>

#include "hl-bundle.h"
#include "hl-identity.h"
#include "hl-store.h"
#include "hl-cli-private.h"

/* What a verified bundle holds, and what its times say about the kiosk's clock. */
void
hl_cli_print_bundle (const char   *path,
                     HlBundleInfo *info)
{
  g_print ("%s: ok: kiosk %s, unit %s, %" G_GINT64_FORMAT " responses", path, info->range.kiosk_id,
           info->unit ? info->unit : "?", info->range.responses);
  if (info->range.responses > 0)
    g_print (" (sequences %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT ", %s to %s)", info->range.first_sequence,
             info->range.last_sequence, info->range.from_day, info->range.to_day);
  g_print (", %" G_GINT64_FORMAT " answers, chain head %.16s…, signed %s\n", info->range.answers,
           info->range.chain_head, info->created_at);
  for (guint i = 0; i < info->clock_jumps->len; i++)
    {
      g_autofree char *line = hl_bundle_describe_jump (g_ptr_array_index (info->clock_jumps, i));

      g_print ("%s: note: %s\n", path, line);
    }
}

/* `hailong verify FILE...`: each bundle on its own; exit 1 when any is refused. */
static int
verify_bundles (int    argc,
                char **argv)
{
  gboolean failed = FALSE;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HlBundleInfo) info = hl_bundle_verify_file (argv[i], &error);

      if (info == NULL)
        {
          hl_cli_fail ("verify: %s", error->message);
          failed = TRUE;
          continue;
        }
      hl_cli_print_bundle (argv[i], info);
    }
  return failed ? 1 : 0;
}

/* The keys given with --key, by kiosk id. */
static GHashTable *
parse_keys (char    **texts,
            GError  **error)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      guint8 *key = g_malloc (32);
      char *kiosk_id = NULL;

      if (!hl_identity_parse_public_key (texts[i], &kiosk_id, key, error))
        {
          g_free (key);
          return NULL;
        }
      g_hash_table_replace (keys, kiosk_id, key);
    }
  return g_steal_pointer (&keys);
}

/* One kiosk's chain against its keys; FALSE (with the problem printed) when it cannot be trusted. */
static gboolean
check_kiosk_key (const char        *db,
                 const HlChainInfo *info,
                 GHashTable        *given)
{
  const guint8 *expected = g_hash_table_lookup (given, info->kiosk_id);
  g_autofree char *made = NULL;

  if (!info->has_key)
    {
      hl_cli_fail ("verify: %s: kiosk %s: its chain is not signed (the database holds no key for it), so anyone "
                   "who could write the file could have rebuilt it", db, info->kiosk_id);
      return FALSE;
    }
  made = hl_identity_kiosk_id_for_key (info->public_key);
  if (!g_str_equal (made, info->kiosk_id))
    {
      hl_cli_fail ("verify: %s: kiosk %s: the key stored for it is not the key its id was made from "
                   "(that key makes %s): the chain was signed again with another key", db, info->kiosk_id, made);
      return FALSE;
    }
  if (expected != NULL && sodium_memcmp (expected, info->public_key, 32) != 0)
    {
      hl_cli_fail ("verify: %s: kiosk %s: its chain is signed with another key than the one given", db,
                   info->kiosk_id);
      return FALSE;
    }
  return TRUE;
}

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
  g_auto(GStrv) key_texts = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database to check", "FILE" },
    { "key", 0, 0, G_OPTION_ARG_STRING_ARRAY, &key_texts,
      "A kiosk's public key as enrolled (the enrolment text of `hailong identity`, or 64 hex digits): its "
      "chain must be in the database and signed with it (may be given more than once)", "KEY" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE... | --db FILE — check export bundles, or that no "
                                                            "stored response, survey definition or figure was changed");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(GHashTable) given = NULL;
  g_autoptr(GPtrArray) chains = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 n = 0, last = 0, n_surveys = 0;
  gboolean ok = TRUE;
  GHashTableIter iter;
  gpointer kiosk_id;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!hl_cli_parse_options (context, &argc, &argv))
    return 2;
  if (db == NULL && argc > 1 && key_texts == NULL)
    return verify_bundles (argc, argv);
  if (db == NULL || argc > 1)
    return hl_cli_fail ("verify: name bundles (FILE...) or a database (--db FILE)");
  given = parse_keys (key_texts, &error);
  if (given == NULL)
    return hl_cli_fail ("verify: --key %s", error->message);
  /* Read-only: verifying must not change what it verifies (an upgrade would chain whatever is stored). */
  store = hl_store_open_readonly (db, &error);
  if (store == NULL)
    return hl_cli_fail ("verify: %s", error->message);

  chains = hl_store_verify_chains (store, &error);
  if (chains == NULL)
    {
      hl_cli_fail ("verify: %s", error->message);
      g_clear_error (&error);
      ok = FALSE;
    }
  for (guint i = 0; chains != NULL && i < chains->len; i++)
    {
      HlChainInfo *info = g_ptr_array_index (chains, i);

      g_hash_table_add (seen, info->kiosk_id);
      n += info->n_responses;
      last = MAX (last, info->last_sequence);
      if (!check_kiosk_key (db, info, given))
        ok = FALSE;
      else if (info->signed_from > 1 && info->n_links > 0)
        g_print ("kiosk %s: links 1 to %" G_GINT64_FORMAT " were written before it signed its chain and are covered "
                 "by its signature over link %" G_GINT64_FORMAT "; every link from %" G_GINT64_FORMAT " is signed\n",
                 info->kiosk_id, info->signed_from - 1, info->signed_from - 1, info->signed_from);
    }
  g_hash_table_iter_init (&iter, given);
  while (chains != NULL && g_hash_table_iter_next (&iter, &kiosk_id, NULL))
    if (!g_hash_table_contains (seen, kiosk_id))
      {
        hl_cli_fail ("verify: %s: kiosk %s, whose key was given, has no chain in the database", db,
                     (const char *) kiosk_id);
        ok = FALSE;
      }
  if (!hl_store_verify_surveys (store, &n_surveys, &error))
    {
      hl_cli_fail ("verify: %s", error->message);
      g_clear_error (&error);
      ok = FALSE;
    }
  if (!hl_store_verify_rollups (store, &error))
    {
      hl_cli_fail ("verify: %s", error->message);
      g_clear_error (&error);
      ok = FALSE;
    }
  /* Where chains start is worth knowing whether or not the rest holds. */
  if (!hl_store_foreach_chain_start (store, print_chain_start, NULL, &error))
    return hl_cli_fail ("verify: %s", error->message);
  if (!ok)
    return 1;
  g_print ("chain ok: %" G_GINT64_FORMAT " responses, last sequence %" G_GINT64_FORMAT "\n"
           "signatures ok: %u kiosk%s, each chain signed with the key its id was made from\n"
           "surveys ok: %" G_GINT64_FORMAT " definition%s, each matching its digest\n"
           "counts ok: the daily counts follow from the answers\n",
           n, last, chains->len, chains->len == 1 ? "" : "s", n_surveys, n_surveys == 1 ? "" : "s");
  return 0;
}
