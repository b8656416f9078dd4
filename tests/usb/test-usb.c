/* test-usb.c: writing an export to a stick, on real file systems (tests/usb/with-usb-fs.sh): a FAT image
 * on a loop device, the same write-protected (remounted read-only), a small tmpfs that fills up, and a
 * stick pulled out mid-write (the Nth write() fails with EIO, HL_TEST_USB_FAIL_WRITE). In every failure:
 * a Vietnamese message with the English detail, no file under a final name, no temporary file, the
 * source files unchanged, and the same write done again succeeds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include "hl-bundle.h"
#include "hl-export.h"
#include "hl-usb.h"
#include "hl-test-kiosk.h"

typedef struct {
  char    *src;        /* a local folder with the files to write */
  char    *bundle;     /* 2 MiB of random bytes, in 8 writes of 256 KiB */
  char    *report;
  char    *bundle_sum;
  guint64  last_done;
  guint64  last_total;
  guint    n_progress;
  GPtrArray *checked;
} Fixture;

static char *
file_sum (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GError) error = NULL;
  gsize len = 2 * 1024 * 1024;
  g_autofree guint32 *bytes = g_new (guint32, len / 4);

  for (gsize i = 0; i < len / 4; i++)
    bytes[i] = g_rand_int (rand);
  f->src = hl_test_tmpdir ();
  f->bundle = g_build_filename (f->src, "xuat-2026-07-15.hlb", NULL);
  g_file_set_contents (f->bundle, (const char *) bytes, len, &error);
  g_assert_no_error (error);
  f->report = hl_test_write (f->src, "xuat-2026-07-15.csv", "\xEF\xBB\xBFMã,Tên\r\nQ02,Quầy số 2\r\n");
  f->bundle_sum = file_sum (f->bundle);
  f->checked = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *sum = file_sum (f->bundle);

  /* The files being exported are never touched. */
  g_assert_cmpstr (sum, ==, f->bundle_sum);
  hl_test_rm_rf (f->src);
  g_free (f->src);
  g_free (f->bundle);
  g_free (f->report);
  g_free (f->bundle_sum);
  g_ptr_array_unref (f->checked);
  g_unsetenv ("HL_TEST_USB_FAIL_WRITE");
}

static const char *
mount_of (const char *var)
{
  const char *path = g_getenv (var);

  /* Run through with-usb-fs.sh, which sets them; a missing one is a failure, never a skip. */
  g_assert_nonnull (path);
  return path;
}

static void
progress_cb (guint64     done,
             guint64     total,
             const char *file,
             gpointer    user_data)
{
  Fixture *f = user_data;

  g_assert_cmpuint (done, >=, f->last_done);
  g_assert_cmpuint (done, <=, total);
  f->last_done = done;
  f->last_total = total;
  f->n_progress++;
}

static gboolean
check_cb (const char  *path,
          gpointer     user_data,
          GError     **error)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->checked, g_strdup (path));
  return TRUE;
}

static gboolean
check_refuses_cb (const char  *path,
                  gpointer     user_data,
                  GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "signature does not match");
  return FALSE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The names in @dir, sorted, joined by spaces. */
static char *
listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static gboolean
write_to (Fixture     *f,
          const char  *dir,
          HlCheckFunc  check,
          GError     **error)
{
  const char *sources[] = { f->report, f->bundle, NULL };

  f->last_done = 0;
  return hl_usb_write_files (dir, sources, check, f, progress_cb, f, NULL, error);
}

static void
remove_written (const char *dir)
{
  g_autofree char *a = g_build_filename (dir, "xuat-2026-07-15.hlb", NULL);
  g_autofree char *b = g_build_filename (dir, "xuat-2026-07-15.csv", NULL);

  g_unlink (a);
  g_unlink (b);
}

static void
assert_written (Fixture    *f,
                const char *dir)
{
  g_autofree char *copy = g_build_filename (dir, "xuat-2026-07-15.hlb", NULL);
  g_autofree char *sum = file_sum (copy);
  g_autofree char *names = listing (dir);

  g_test_message ("%s holds: %s", dir, names);
  g_assert_cmpstr (sum, ==, f->bundle_sum);
  g_assert_nonnull (strstr (names, "xuat-2026-07-15.csv xuat-2026-07-15.hlb"));
  g_assert_null (strstr (names, ".part"));
}

static void
test_vfat (Fixture       *f,
           gconstpointer  data)
{
  const char *stick = mount_of ("HL_TEST_VFAT");
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_build_filename (stick, "xuat-2026-07-15.hlb", NULL);

  g_assert_true (write_to (f, stick, check_cb, &error));
  g_assert_no_error (error);
  assert_written (f, stick);
  /* Progress throughout, ending at the total; each file checked as read back from the stick. */
  g_assert_cmpuint (f->n_progress, >=, 9);
  g_assert_cmpuint (f->last_done, ==, f->last_total);
  g_assert_cmpuint (f->checked->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->checked, 1), ==, expected);
  /* Again over the same names: replaced, still whole. */
  g_assert_true (write_to (f, stick, NULL, &error));
  g_assert_no_error (error);
  assert_written (f, stick);
  remove_written (stick);
}

/* The stick appears among the removable drives the dashboard offers. */
static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  const char *stick = mount_of ("HL_TEST_VFAT");
  g_autoptr(GPtrArray) drives = hl_usb_list_drives ();
  gboolean found = FALSE;

  for (guint i = 0; i < drives->len; i++)
    {
      HlUsbDrive *drive = g_ptr_array_index (drives, i);

      g_test_message ("drive %s at %s", drive->name, drive->path);
      found |= g_str_equal (drive->path, stick);
      g_assert_false (g_str_equal (drive->path, "/"));
    }
  g_assert_true (found);
}

static void
assert_vietnamese (const GError *error,
                   const char   *start)
{
  g_autofree char *summary = hl_usb_error_summary (error);

  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, start));
  g_assert_true (g_str_has_prefix (error->message, summary));
  /* The technical detail, in English, for the logs. */
  g_assert_nonnull (strstr (error->message, " ["));
  g_assert_null (strstr (summary, "["));
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  const char *stick = mount_of ("HL_TEST_VFAT_RO");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = listing (stick);
  g_autofree char *after = NULL;

  g_assert_false (write_to (f, stick, NULL, &error));
  g_assert_error (error, HL_USB_ERROR, HL_USB_ERROR_READ_ONLY);
  assert_vietnamese (error, "USB chỉ cho đọc");
  after = listing (stick);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (after, ==, "old.txt");
}

static void
test_full_before (Fixture       *f,
                  gconstpointer  data)
{
  const char *stick = mount_of ("HL_TEST_FULL");
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  /* 2 MiB onto 512 KiB: told before a byte is written, with both sizes. */
  g_assert_false (write_to (f, stick, NULL, &error));
  g_assert_error (error, HL_USB_ERROR, HL_USB_ERROR_FULL);
  assert_vietnamese (error, "USB không còn đủ chỗ trống (cần 2.4\u00a0MB, còn 524.3\u00a0kB)");
  after = listing (stick);
  g_assert_cmpstr (after, ==, "");
}

/* Fills the stick on the first progress report, as another program writing to it at the same time
 * would: the space checked before writing is gone, and the write meets ENOSPC. */
static void
fill_up_cb (guint64     done,
            guint64     total,
            const char *file,
            gpointer    user_data)
{
  const char *filler = user_data;
  static char block[4096];
  FILE *out;

  if (g_file_test (filler, G_FILE_TEST_EXISTS))
    return;
  out = fopen (filler, "w");
  g_assert_nonnull (out);
  while (fwrite (block, 1, sizeof block, out) == sizeof block && fflush (out) == 0)
    ;
  fclose (out);
}

static void
test_full_while_writing (Fixture       *f,
                         gconstpointer  data)
{
  const char *stick = mount_of ("HL_TEST_FULL");
  g_autoptr(GError) error = NULL;
  g_autofree char *filler = g_build_filename (stick, "filler", NULL);
  g_autofree char *small = g_build_filename (f->src, "small.hlb", NULL);
  g_autofree char *copy = g_build_filename (stick, "small.hlb", NULL);
  g_autofree char *after = NULL;
  g_autofree char *payload = g_malloc0 (300 * 1024);
  const char *sources[] = { small, NULL };

  g_file_set_contents (small, payload, 300 * 1024, &error);
  g_assert_no_error (error);
  g_assert_false (hl_usb_write_files (stick, sources, NULL, NULL, fill_up_cb, filler, NULL, &error));
  g_assert_error (error, HL_USB_ERROR, HL_USB_ERROR_FULL);
  assert_vietnamese (error, "USB đã đầy");
  after = listing (stick);
  g_assert_cmpstr (after, ==, "filler");
  g_clear_error (&error);

  /* Room made, the same write again. */
  g_unlink (filler);
  g_assert_true (hl_usb_write_files (stick, sources, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));
  g_unlink (copy);
}

/* Pulled out mid-write: the 4th write of 256 KiB fails with EIO. The report written before it is taken
 * away again, the bundle's temporary file too. */
static void
test_pulled (Fixture       *f,
             gconstpointer  data)
{
  const char *stick = mount_of ("HL_TEST_VFAT");
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  g_setenv ("HL_TEST_USB_FAIL_WRITE", "4", TRUE);
  g_assert_false (write_to (f, stick, NULL, &error));
  g_assert_error (error, HL_USB_ERROR, HL_USB_ERROR_GONE);
  assert_vietnamese (error, "Không ghi được vào USB: USB có thể đã bị rút ra");
  g_assert_nonnull (strstr (error->message, "Input/output error"));
  after = listing (stick);
  g_assert_cmpstr (after, ==, "");
  g_clear_error (&error);

  g_unsetenv ("HL_TEST_USB_FAIL_WRITE");
  g_assert_true (write_to (f, stick, NULL, &error));
  g_assert_no_error (error);
  assert_written (f, stick);
  remove_written (stick);
}

/* A file that does not pass the caller's check once read back is not left on the stick. */
static void
test_check_fails (Fixture       *f,
                  gconstpointer  data)
{
  const char *stick = mount_of ("HL_TEST_VFAT");
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  g_assert_false (write_to (f, stick, check_refuses_cb, &error));
  g_assert_error (error, HL_USB_ERROR, HL_USB_ERROR_CHECK);
  g_assert_nonnull (strstr (error->message, "signature does not match"));
  after = listing (stick);
  g_assert_cmpstr (after, ==, "");
}

static void
test_no_stick (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *gone = g_build_filename (mount_of ("HL_TEST_VFAT"), "no-such-folder", NULL);

  g_assert_false (write_to (f, gone, NULL, &error));
  g_assert_error (error, HL_USB_ERROR, HL_USB_ERROR_NOT_FOUND);
  assert_vietnamese (error, "Không tìm thấy USB");
}

/* The whole export, the kiosk's database behind it: pulled out mid-write and onto a write-protected
 * stick, the export fails with the stick's reason, leaves nothing on the stick and the kiosk's data and
 * export log as they were; put back, the same export succeeds and its bundle verifies from the stick. */
static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  const char *stick = mount_of ("HL_TEST_VFAT");
  g_autofree char *db = g_build_filename (f->src, "kiosk.db", NULL);
  g_autofree char *bundle = g_build_filename (stick, "xuat.hlb", NULL);
  g_autoptr(HlIdentity) identity = NULL;
  g_autoptr(HlStore) kiosk = hl_test_kiosk_new (f->src, &identity);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlExportResult) result = NULL;
  HlExportOptions options = { NULL, NULL, "xuat", TRUE };
  HlAnswer answers[] = { { "OVERALL", 4 } };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *names = NULL;
  g_autofree char *logged = NULL;

  for (int i = 0; i < 3000; i++)
    hl_test_kiosk_respond (kiosk, identity, "2026-07-14", 1783990000 + i * 10, "sipas-quick", 0, answers, 1);
  g_clear_pointer (&kiosk, hl_store_close);
  before = hl_test_query (db, "SELECT count(*) || ' ' || max(seq) || ' ' || (SELECT count(*) FROM export_log)"
                              " || ' ' || (SELECT count(*) FROM answers) FROM responses");

  g_setenv ("HL_TEST_USB_FAIL_WRITE", "3", TRUE);
  g_assert_false (hl_export_to_dir (db, NULL, &options, stick, NULL, NULL, NULL, &result, &error));
  g_assert_error (error, HL_USB_ERROR, HL_USB_ERROR_GONE);
  names = listing (stick);
  g_assert_cmpstr (names, ==, "");
  after = hl_test_query (db, "SELECT count(*) || ' ' || max(seq) || ' ' || (SELECT count(*) FROM export_log)"
                             " || ' ' || (SELECT count(*) FROM answers) FROM responses");
  g_assert_cmpstr (after, ==, before);
  g_clear_error (&error);

  g_assert_false (hl_export_to_dir (db, NULL, &options, mount_of ("HL_TEST_VFAT_RO"), NULL, NULL, NULL, &result,
                                    &error));
  g_assert_error (error, HL_USB_ERROR, HL_USB_ERROR_READ_ONLY);
  g_clear_error (&error);

  g_setenv ("HL_TEST_USB_FAIL_WRITE", "0", TRUE);
  g_assert_true (hl_export_to_dir (db, NULL, &options, stick, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_clear_pointer (&names, g_free);
  names = listing (stick);
  g_assert_cmpstr (names, ==, "xuat.csv xuat.hlb xuat.pdf xuat.xlsx");
  g_assert_cmpint (result->range.responses, ==, 3000);
  {
    g_autoptr(HlBundleInfo) info = hl_bundle_verify_file (bundle, &error);

    g_assert_no_error (error);
    g_assert_cmpint (info->range.last_sequence, ==, 3000);
  }
  logged = hl_test_query (db, "SELECT count(*) FROM export_log");
  g_assert_cmpstr (logged, ==, "1");
  for (guint i = 0; i < result->files->len; i++)
    g_unlink (g_ptr_array_index (result->files, i));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/usb/vfat", test_vfat);
  ADD ("/usb/list", test_list);
  ADD ("/usb/read-only", test_read_only);
  ADD ("/usb/full-before", test_full_before);
  ADD ("/usb/full-while-writing", test_full_while_writing);
  ADD ("/usb/pulled", test_pulled);
  ADD ("/usb/check-fails", test_check_fails);
  ADD ("/usb/no-stick", test_no_stick);
  ADD ("/usb/export", test_export);
#undef ADD
  return g_test_run ();
}
