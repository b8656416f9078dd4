/* test-url-template.c: the feedback page's address, filled in and escaped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hl-url-template.h"

static void
test_expand (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = hl_url_template_expand ("https://dvc.example.vn/phan-anh?dv={unit}&q={counter}&tt={procedure}",
                                                 "LC-XA-BACHA", "Quầy 2&x=1", "1.001193", &error);
  g_autofree char *empty = NULL;

  g_assert_no_error (error);
  /* The '&' and '=' of a value cannot add a parameter; Vietnamese letters are escaped as UTF-8. */
  g_assert_cmpstr (url, ==, "https://dvc.example.vn/phan-anh?dv=LC-XA-BACHA&q=Qu%E1%BA%A7y%202%26x%3D1&tt=1.001193");
  empty = hl_url_template_expand ("https://dvc.example.vn/{unit}/{procedure}", "A", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (empty, ==, "https://dvc.example.vn/A/");
}

static void
test_refused (void)
{
  const char *bad[] = { "ftp://x/{unit}", "dvc.example.vn/{unit}", "https://x/{officer}", "https://x/{unit",
                        "https://x/{}" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = hl_url_template_expand (bad[i], "A", "B", "C", &error);

      g_assert_null (url);
      g_assert_nonnull (error);
      g_assert_false (hl_url_template_check (bad[i], NULL));
    }
  g_assert_true (hl_url_template_check ("https://x/?q={counter}", NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/url-template/expand", test_expand);
  g_test_add_func ("/url-template/refused", test_refused);
  return g_test_run ();
}
