/* test-key-names.c: the arming key names core accepts (the list made at build time from GDK, since core
 * links no GTK) are exactly keys GDK knows, so that `hailong validate` and the kiosk agree. Needs GTK,
 * no display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/gdk.h>

#include "hl-config.h"
#include "hl-key-names.h"

static void
test_all_known_to_gdk (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (hl_key_names), >, 1000);
  for (guint i = 0; i < G_N_ELEMENTS (hl_key_names); i++)
    {
      if (gdk_keyval_from_name (hl_key_names[i]) == GDK_KEY_VoidSymbol)
        g_error ("core accepts “%s”, which GDK does not know", hl_key_names[i]);
      g_assert_true (hl_config_is_key_name (hl_key_names[i]));
      if (i > 0)
        g_assert_cmpint (strcmp (hl_key_names[i - 1], hl_key_names[i]), <, 0);  /* bsearch needs the order */
    }
}

static void
test_examples (void)
{
  const char *known[] = { "F9", "KP_Multiply", "Return", "space", "a", "KP_Enter" };
  const char *unknown[] = { "F99", "KP_Star", " F9", "F9 ", "f9x", "", "0xffc6" };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_assert_true (hl_config_is_key_name (known[i]));
      g_assert_cmpuint (gdk_keyval_from_name (known[i]), !=, GDK_KEY_VoidSymbol);
    }
  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    g_assert_false (hl_config_is_key_name (unknown[i]));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/key-names/all-known-to-gdk", test_all_known_to_gdk);
  g_test_add_func ("/key-names/examples", test_examples);
  return g_test_run ();
}
