/* hl-make-db.c: `hl-make-db FILE VERSION` makes an empty database at an older schema version, as that
 * version of the software left it, for the shell tests of what readers and writers do with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "hl-store.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = NULL;

  if (argc != 3)
    {
      fprintf (stderr, "usage: hl-make-db FILE VERSION\n");
      return 2;
    }
  store = hl_store_open_at_version (argv[1], atoi (argv[2]), &error);
  if (store == NULL)
    {
      fprintf (stderr, "hl-make-db: %s\n", error->message);
      return 1;
    }
  return 0;
}
