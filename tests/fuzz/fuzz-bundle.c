/* fuzz-bundle.c: libFuzzer target for reading export bundles: hl_bundle_import_file(), which verifies a
 * bundle (SQLite's check, the manifest, its signature, the surveys, the chain, the file's digest) and
 * imports it into a province's database. The input is written as the bundle file.
 *
 * Built and run by run-fuzz.sh, from the seed tests/fuzz/corpus/bundle/four-responses.hlb (a real bundle
 * of four responses). Besides the sanitizers' findings, it checks what import promises: an error is one
 * line; a refused bundle leaves the province's responses as they were.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>

#include "hl-bundle.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *dir;
static HlStore *province;

static gint64
count_responses (void)
{
  g_autoptr(GError) error = NULL;
  gint64 n = hl_store_count_responses (province, &error);

  if (error != NULL)
    abort ();
  return n;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlBundleInfo) info = NULL;
  HlBundleImport result;
  gint64 before;

  if (dir == NULL)
    {
      g_autofree char *db = NULL;

      dir = g_dir_make_tmp ("hailong-fuzz-bundle-XXXXXX", NULL);
      db = g_build_filename (dir, "province.db", NULL);
      province = hl_store_open (db, NULL);
      if (province == NULL)
        abort ();
    }
  path = g_build_filename (dir, "input.hlb", NULL);
  if (!g_file_set_contents (path, (const char *) data, (gssize) size, NULL))
    abort ();
  before = count_responses ();
  info = hl_bundle_import_file (province, path, TRUE, &result, &error);
  if (info == NULL)
    {
      if (error == NULL || strchr (error->message, '\n') != NULL)
        abort ();
      if (count_responses () != before)
        abort ();
    }
  else if (count_responses () != before + result.responses_added)
    abort ();
  g_unlink (path);
  return 0;
}
