/* test-identity.c: the kiosk's key: made once, private, stable, and never silently replaced.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/stat.h>

#include "hl-identity.h"
#include "hl-test-util.h"

static void
test_create_and_reload (void)
{
  g_autofree char *dir = hl_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "kiosk.db.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlIdentity) first = hl_identity_load_or_create (path, &error);
  g_autoptr(HlIdentity) again = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_true (g_regex_match_simple ("^HL-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$",
                                       hl_identity_get_kiosk_id (first), 0, 0));
  g_assert_cmpuint (strlen (hl_identity_get_public_key_hex (first)), ==, 64);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  again = hl_identity_load_or_create (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hl_identity_get_kiosk_id (again), ==, hl_identity_get_kiosk_id (first));
  g_assert_cmpstr (hl_identity_get_public_key_hex (again), ==, hl_identity_get_public_key_hex (first));
  hl_test_rm_rf (dir);
}

static void
test_corrupt_kept (void)
{
  g_autofree char *dir = hl_test_tmpdir ();
  g_autofree char *path = hl_test_write (dir, "kiosk.db.key", "not a key\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlIdentity) identity = hl_identity_load_or_create (path, &error);
  g_autofree char *contents = NULL;

  g_assert_null (identity);
  g_assert_error (error, HL_IDENTITY_ERROR, HL_IDENTITY_ERROR_CORRUPT);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "not a key\n");
  hl_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/identity/create-reload", test_create_and_reload);
  g_test_add_func ("/identity/corrupt-kept", test_corrupt_kept);
  return g_test_run ();
}
