/* test-bundle.c: export bundles through core's API: migration 5, a detailed rating and a changed answer
 * split across two bundles (the importer ties them to what it holds), answers added after an export, the
 * kiosk's clock going back and running far ahead, and the export to a folder in a GTask with its
 * progress.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hl-bundle.h"
#include "hl-export.h"
#include "hl-index.h"
#include "hl-sha256.h"
#include "hl-store-export.h"
#include "hl-test-kiosk.h"

#define DAY1 "2026-07-13"
#define DAY2 "2026-07-14"
#define UTC1 1783908000  /* 2026-07-13T09:00:00+07:00 */

static char *
index_text (HlStore    *store,
            const char *by)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) keys = hl_index_parse_keys (by, &error);
  g_autoptr(HlIndex) index = hl_index_compute (store, "2026-07-01", "2026-07-31", keys, &error);

  g_assert_no_error (error);
  return hl_index_to_json_text (index);
}

static void
assert_same_index (HlStore *a,
                   HlStore *b)
{
  const char *by[] = { NULL, "counter", "officer", "procedure", "field", "day", "kiosk" };

  for (guint i = 0; i < G_N_ELEMENTS (by); i++)
    {
      g_autofree char *ta = index_text (a, by[i]);
      g_autofree char *tb = index_text (b, by[i]);

      g_assert_cmpstr (ta, ==, tb);
    }
}

/* Migration 5 adds its tables to a database of version 2 (which opens at the newest version) and keeps what
 * it held. */
static void
test_migration (void)
{
  g_autofree char *dir = hl_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "old.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) old = hl_store_open_at_version (db, 2, &error);
  const char *tables[] = { "export_log", "trusted_keys", "kiosk_links", "imported_bundles", "qr_day_counts",
                           "qr_burst_counts" };

  int version = 0;

  g_assert_no_error (error);
  g_assert_true (hl_store_get_schema_version (old, &version, &error));
  g_assert_cmpint (version, ==, 2);
  g_clear_pointer (&old, hl_store_close);
  {
    g_autoptr(HlStore) store = hl_store_open (db, &error);

    g_assert_no_error (error);
    g_assert_true (hl_store_get_schema_version (store, &version, &error));
    g_assert_cmpint (version, ==, HL_STORE_SCHEMA_VERSION);  /* migration 5 and those after it */
  }
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_schema WHERE name = '%s'", tables[i]);
      g_autofree char *n = hl_test_query (db, sql);

      g_assert_cmpstr (n, ==, "1");
    }
  hl_test_rm_rf (dir);
}

static HlBundleInfo *
export_and_import (HlStore     *kiosk,
                   HlIdentity  *identity,
                   HlStore     *province,
                   const char  *dir,
                   const char  *name,
                   const char  *from,
                   const char  *to,
                   HlBundleImport *result)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_auto(HlBundleRange) range = { 0 };
  g_autoptr(GError) error = NULL;
  HlBundleInfo *info;

  g_assert_true (hl_store_export_plan (kiosk, hl_identity_get_kiosk_id (identity), from, to, &range, &error));
  g_assert_no_error (error);
  g_assert_true (hl_bundle_write (kiosk, identity, NULL, &range, from, to, path, NULL, &error));
  g_assert_no_error (error);
  info = hl_bundle_import_file (province, path, TRUE, result, &error);
  g_assert_no_error (error);
  return info;
}

/* A citizen's quick rating goes in the first bundle; their detailed rating, an answer they changed, and
 * the answers they added after it, in the second. The province ties each to what it holds and counts
 * exactly what the kiosk counts. */
static void
test_split_records (void)
{
  g_autofree char *dir = hl_test_tmpdir ();
  g_autofree char *pdb = g_build_filename (dir, "province.db", NULL);
  g_autoptr(HlIdentity) identity = NULL;
  g_autoptr(HlStore) kiosk = hl_test_kiosk_new (dir, &identity);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) province = hl_store_open (pdb, &error);
  g_autoptr(HlBundleInfo) first = NULL;
  g_autoptr(HlBundleInfo) second = NULL;
  HlAnswer quick[] = { { "OVERALL", 3 } };
  HlAnswer detailed[] = { { "OVERALL", 4 }, { "C01", 5 }, { "C02", 2 } };
  HlAnswer later[] = { { "C03", 4 } };
  HlBundleImport result;
  gint64 q, d;

  g_assert_no_error (error);
  for (int i = 0; i < 5; i++)
    hl_test_kiosk_respond (kiosk, identity, DAY1, UTC1 + i * 60, "sipas-quick", 0, quick, 1);
  q = hl_test_kiosk_respond (kiosk, identity, DAY1, UTC1 + 600, "sipas-quick", 0, quick, 1);
  first = export_and_import (kiosk, identity, province, dir, "one.hlb", NULL, DAY1, &result);
  g_assert_cmpint (result.responses_added, ==, 6);
  assert_same_index (kiosk, province);

  d = hl_test_kiosk_respond (kiosk, identity, DAY2, UTC1 + 86400, "sipas-full", q, detailed, 3);
  g_assert_true (hl_store_replace_answer (kiosk, d, "C02", 3, &error));
  g_assert_no_error (error);
  g_assert_true (hl_store_replace_answer (kiosk, q, "OVERALL", 4, &error));
  g_assert_no_error (error);
  g_assert_true (hl_store_append_answers (kiosk, d, later, 1, &error));
  g_assert_no_error (error);
  hl_test_kiosk_respond (kiosk, identity, DAY2, UTC1 + 86460, "sipas-quick", 0, quick, 1);

  second = export_and_import (kiosk, identity, province, dir, "two.hlb", DAY2, NULL, &result);
  g_assert_cmpint (second->range.first_sequence, ==, 7);
  g_assert_cmpint (result.responses_added, ==, 2);
  g_assert_cmpint (result.gap_before, ==, 0);
  /* C02 replaced on the detailed response, OVERALL replaced on the quick one (held from the first
   * bundle), C03 added: all tied to the rows the province holds. */
  assert_same_index (kiosk, province);
  {
    g_autofree char *replaced = hl_test_query (pdb, "SELECT count(*) FROM answers WHERE replaces IS NOT NULL");
    g_autofree char *details = hl_test_query (pdb, "SELECT count(*) FROM responses WHERE detail_of IS NOT NULL");

    g_assert_cmpstr (replaced, ==, "2");
    g_assert_cmpstr (details, ==, "1");
  }
  /* The same again, and the whole history at once: nothing more is counted. */
  g_clear_pointer (&second, hl_bundle_info_free);
  second = export_and_import (kiosk, identity, province, dir, "all.hlb", NULL, NULL, &result);
  g_assert_cmpint (result.responses_added, ==, 0);
  g_assert_cmpint (result.responses_present, ==, 8);
  assert_same_index (kiosk, province);
  hl_test_rm_rf (dir);
}

/* The kiosk's clock went back two hours, and later ran a year ahead: both are named. */
static void
test_clock_jumps (void)
{
  g_autofree char *dir = hl_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "clock.hlb", NULL);
  g_autoptr(HlIdentity) identity = NULL;
  g_autoptr(HlStore) kiosk = hl_test_kiosk_new (dir, &identity);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlBundleInfo) info = NULL;
  g_auto(HlBundleRange) range = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  HlAnswer quick[] = { { "OVERALL", 4 } };
  g_autofree char *back = NULL;
  g_autofree char *ahead = NULL;

  hl_test_kiosk_respond (kiosk, identity, DAY1, UTC1, "sipas-quick", 0, quick, 1);
  hl_test_kiosk_respond (kiosk, identity, DAY1, UTC1 + 120, "sipas-quick", 0, quick, 1);
  hl_test_kiosk_respond (kiosk, identity, DAY1, UTC1 + 120 - 7200, "sipas-quick", 0, quick, 1);
  hl_test_kiosk_respond (kiosk, identity, DAY1, UTC1 + 60, "sipas-quick", 0, quick, 1); /* 1 min: not a jump */
  hl_test_kiosk_respond (kiosk, identity, "2027-12-01", g_date_time_to_unix (now) + 365 * 86400, "sipas-quick", 0,
                         quick, 1);
  g_assert_true (hl_store_export_plan (kiosk, hl_identity_get_kiosk_id (identity), NULL, NULL, &range, &error));
  g_assert_true (hl_bundle_write (kiosk, identity, NULL, &range, NULL, NULL, path, NULL, &error));
  g_assert_no_error (error);
  info = hl_bundle_verify_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->clock_jumps->len, ==, 2);
  back = hl_bundle_describe_jump (g_ptr_array_index (info->clock_jumps, 0));
  ahead = hl_bundle_describe_jump (g_ptr_array_index (info->clock_jumps, 1));
  g_assert_true (g_str_has_prefix (back, "clock went back 2 h 00 min: response 3 is dated"));
  g_assert_true (g_str_has_prefix (ahead, "clock far ahead: response 5 is dated 2027-"));
  hl_test_rm_rf (dir);
}

typedef struct {
  GMainLoop      *loop;
  HlExportResult *result;
  GError         *error;
  double          last;
  guint           calls;
  char           *message;
  GThread        *main_thread;
} Async;

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  Async *a = user_data;

  /* In the caller's context, never in the export's thread. */
  g_assert_true (g_thread_self () == a->main_thread);
  g_assert_cmpfloat (fraction, >=, a->last);
  a->last = fraction;
  a->calls++;
  g_free (a->message);
  a->message = g_strdup (message);
}

static void
done_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  Async *a = user_data;

  a->result = hl_export_to_dir_finish (res, &a->error);
  g_main_loop_quit (a->loop);
}

/* The dashboard's export: in a thread, with progress in the main context, files in the folder. */
static void
test_export_async (void)
{
  g_autofree char *dir = hl_test_tmpdir ();
  g_autofree char *stick = g_build_filename (dir, "stick", NULL);
  g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
  g_autoptr(HlIdentity) identity = NULL;
  g_autoptr(HlStore) kiosk = hl_test_kiosk_new (dir, &identity);
  HlAnswer quick[] = { { "OVERALL", 4 } };
  HlExportOptions options = { NULL, NULL, "xuat", TRUE };
  Async a = { g_main_loop_new (NULL, FALSE), NULL, NULL, 0, 0, NULL, g_thread_self () };
  g_autofree char *logged = NULL;

  for (int i = 0; i < 20; i++)
    hl_test_kiosk_respond (kiosk, identity, DAY1, UTC1 + i * 60, "sipas-quick", 0, quick, 1);
  g_clear_pointer (&kiosk, hl_store_close);
  g_assert_cmpint (g_mkdir (stick, 0755), ==, 0);
  hl_export_to_dir_async (db, NULL, &options, stick, progress_cb, &a, NULL, done_cb, &a);
  /* The caller is busy before its loop runs, as on a loaded machine: the export's progress must still
   * come in this thread, never in the export's own (which could then take the idle context). */
  g_usleep (G_USEC_PER_SEC / 2);
  g_main_loop_run (a.loop);
  g_assert_no_error (a.error);
  g_assert_nonnull (a.result);
  g_assert_cmpint (a.result->range.responses, ==, 20);
  g_assert_cmpuint (a.result->files->len, ==, 4);
  g_assert_cmpfloat (a.last, ==, 1.0);
  g_assert_cmpuint (a.calls, >=, 5);
  /* The last progress message is the supervisor's "done" (hl_export_result_describe), with the count. */
  g_assert_true (g_str_has_prefix (a.message, "Đã xuất xong và đã đọc lại, kiểm tra chữ ký trên USB: 20 phiếu, ngày "));
  for (guint i = 0; i < a.result->files->len; i++)
    g_assert_true (g_file_test (g_ptr_array_index (a.result->files, i), G_FILE_TEST_IS_REGULAR));
  logged = hl_test_query (db, "SELECT responses || ' ' || last_sequence FROM export_log");
  g_assert_cmpstr (logged, ==, "20 20");
  hl_export_result_free (a.result);
  g_free (a.message);
  g_main_loop_unref (a.loop);
  hl_test_rm_rf (dir);
}

/* The hex digest of @pieces by hl_sha256. */
static char *
sha256_hex (const HlSha256Piece *pieces,
            guint                n_pieces)
{
  guint8 digest[HL_SHA256_LEN];
  GString *hex = g_string_new (NULL);

  hl_sha256 (pieces, n_pieces, digest);
  for (guint i = 0; i < HL_SHA256_LEN; i++)
    g_string_append_printf (hex, "%02x", digest[i]);
  return g_string_free (hex, FALSE);
}

/* hl_sha256 (Nettle) gives FIPS 180-2's digests, whatever the pieces the input is cut into, and GLib's:
 * the chain's links and the bundles' file digests made before it must still verify. */
static void
test_sha256 (void)
{
  static const char abc_hex[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  static const char long_hex[] = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
  const char *long_text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  HlSha256Piece whole[] = { { "abc", 3 } };
  HlSha256Piece cut[] = { { "a", 1 }, { "", 0 }, { "bc", 2 } };
  HlSha256Piece long_cut[] = { { long_text, 20 }, { long_text + 20, strlen (long_text) - 20 } };
  g_autofree char *glib_long = g_compute_checksum_for_string (G_CHECKSUM_SHA256, long_text, -1);
  g_autofree char *a = sha256_hex (whole, G_N_ELEMENTS (whole));
  g_autofree char *b = sha256_hex (cut, G_N_ELEMENTS (cut));
  g_autofree char *c = sha256_hex (long_cut, G_N_ELEMENTS (long_cut));

  g_assert_cmpstr (a, ==, abc_hex);
  g_assert_cmpstr (b, ==, abc_hex);
  g_assert_cmpstr (c, ==, long_hex);
  g_assert_cmpstr (c, ==, glib_long);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bundle/migration-5", test_migration);
  g_test_add_func ("/bundle/sha256", test_sha256);
  g_test_add_func ("/bundle/split-records", test_split_records);
  g_test_add_func ("/bundle/clock-jumps", test_clock_jumps);
  g_test_add_func ("/bundle/export-async", test_export_async);
  return g_test_run ();
}
