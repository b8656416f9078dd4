/* test-report.c: the PDF, CSV and XLSX reports hold exactly the index's figures.
 *
 * A database of responses across counters, officers, procedures and fields, with the detailed survey's
 * criteria (so that the SIPAS elements have figures), and a configuration whose unit has a Vietnamese
 * name and one of whose officers is called "=SUM(1+2) Hoa". The reports are written under the build
 * directory (test-report-output/, kept to be looked at, with the PDF's pages as PNG), and
 * tests/check-report.py reads them with real readers — Python's csv, openpyxl, pdftotext — and compares
 * every figure with the index as `hailong index --format json` prints it (hl_index_to_json_text, the
 * function the command calls).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hl-config.h"
#include "hl-index.h"
#include "hl-report.h"
#include "hl-store.h"
#include "hl-survey.h"
#include "hl-test-util.h"

#define UNIT_NAME "Trung tâm Phục vụ hành chính công xã Bắc Hà"
#define RISKY_NAME "=SUM(1+2) Hoa"

static HlConfig *
load_config (void)
{
  g_autofree char *path = hl_test_source_path ("data/demo/kiosk.json");
  g_autofree char *text = NULL;
  g_autoptr(GString) changed = NULL;
  g_autoptr(GError) error = NULL;
  HlConfig *config;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  changed = g_string_new (text);
  g_assert_cmpuint (g_string_replace (changed, "Lò Thị Hoa", RISKY_NAME, 0), ==, 1);
  config = hl_config_load_data (path, changed->str, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hl_text_get (config->unit_name, "vi"), ==, UNIT_NAME);
  return config;
}

static void
save_survey (HlStore    *store,
             const char *id)
{
  g_autofree char *dir = hl_test_source_path ("survey_defs");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlSurvey) survey = hl_survey_find (dir, id, 1, &error);

  g_assert_no_error (error);
  g_assert_true (hl_store_save_survey (store, survey, &error));
  g_assert_no_error (error);
}

/* Responses spread over three days, two counters, three officers (and none), three procedures with
 * their fields, quick ratings and detailed ones. A fixed generator: the same data every run. */
static void
fill (HlStore *store)
{
  static const char *officers[] = { "CB01", "CB02", "CB03", NULL };
  static const char *procedures[] = { "1.001193", "2.000815", "1.004227" };
  static const char *fields[] = { "HT", "CT", "DD" };
  static const char *days[] = { "2026-07-13", "2026-07-14", "2026-07-15" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (int i = 0; i < 90; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *day = days[i % 3];
      g_autofree char *at = g_strdup_printf ("%sT%02d:%02d:00+07:00", day, 8 + i % 8, i % 60);
      gboolean detailed = i % 3 == 0;
      int p = g_rand_int_range (rand, 0, 3);
      HlResponse r = {
        .kiosk_id = "HL-TEST-0000-0001", .recorded_at = at, .recorded_utc = 1783900000 + i * 60, .day = day,
        .unit = "LC-XA-BACHA", .counter = i % 4 == 0 ? "Q01" : "Q02",
        .officer = officers[g_rand_int_range (rand, 0, 4)], .procedure = i % 10 == 9 ? NULL : procedures[p],
        .field = i % 10 == 9 ? NULL : fields[p], .survey_id = detailed ? "sipas-full" : "sipas-quick",
        .survey_version = 1, .repeat = i % 17 == 16,
      };
      HlAnswer answers[23];
      g_autofree char *ids[23] = { NULL };
      guint n = 0;

      if (detailed)
        {
          answers[n++] = (HlAnswer) { "OVERALL", g_rand_int_range (rand, 2, 6) };
          for (int c = 1; c <= 22; c += g_rand_int_range (rand, 1, 4))
            {
              ids[n] = g_strdup_printf ("C%02d", c);
              answers[n] = (HlAnswer) { ids[n], g_rand_int_range (rand, 1, 6) };
              n++;
            }
        }
      else
        answers[n++] = (HlAnswer) { "OVERALL", g_rand_int_range (rand, 1, 5) };
      g_assert_true (hl_store_append_response (store, &r, answers, n, &error));
      g_assert_no_error (error);
    }
}

static void
write_index (HlStore    *store,
             HlConfig   *config,
             const char *dir,
             const char *by)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) keys = hl_index_parse_keys (by, &error);
  g_autoptr(HlIndex) index = hl_index_compute (store, "2026-07-13", "2026-07-15", keys, &error);
  g_autofree char *text = NULL;
  g_autofree char *name = g_strdup_printf ("%s.json", by ? by : "all");
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  hl_index_set_targets (index, config);
  text = hl_index_to_json_text (index);
  path = hl_test_write (dir, name, text);
}

static int
run (const char *const *argv,
     char              **out)
{
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, NULL, &status, &error);
  g_assert_no_error (error);
  return status;
}

static void
test_report_figures (void)
{
  g_autofree char *tmp = hl_test_tmpdir ();
  g_autofree char *db = g_build_filename (tmp, "k.db", NULL);
  g_autofree char *outdir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "test-report-output", NULL);
  g_autofree char *stem = g_build_filename (outdir, "report", NULL);
  g_autofree char *pages = g_build_filename (outdir, "page", NULL);
  g_autofree char *page1 = g_build_filename (outdir, "page-1.png", NULL);
  g_autofree char *checker = hl_test_source_path ("tests/check-report.py");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = load_config ();
  g_autoptr(HlStore) store = hl_store_open (db, &error);
  g_autoptr(HlReport) report = NULL;
  const char *by[] = { NULL, "counter", "officer", "procedure", "field" };

  g_assert_no_error (error);
  save_survey (store, "sipas-quick");
  save_survey (store, "sipas-full");
  fill (store);

  hl_test_rm_rf (outdir);
  g_assert_cmpint (g_mkdir_with_parents (outdir, 0755), ==, 0);
  report = hl_report_new (store, config, "2026-07-13", "2026-07-15", "HL-TEST-0000-0001", &error);
  g_assert_no_error (error);
  g_assert_true (hl_report_write_all (report, stem, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (by); i++)
    write_index (store, config, outdir, by[i]);

  {
    /* Debian's Python, where python3-openpyxl is installed (a python3 earlier on PATH may lack it). */
    const char *argv[] = { "/usr/bin/python3", checker, stem, outdir, UNIT_NAME, RISKY_NAME, NULL };
    int status = run (argv, &out);

    if (!g_spawn_check_wait_status (status, NULL))
      g_test_message ("check-report.py:\n%s", out);
    g_assert_cmpstr (out, ==, "");
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  /* The pages as pictures, to look at (build/tests/test-report-output/page-1.png). */
  {
    g_autofree char *pdf = g_strconcat (stem, ".pdf", NULL);
    const char *argv[] = { "pdftoppm", "-png", "-r", "80", pdf, pages, NULL };

    g_clear_pointer (&out, g_free);
    g_assert_true (g_spawn_check_wait_status (run (argv, &out), NULL));
    g_assert_true (g_file_test (page1, G_FILE_TEST_IS_REGULAR));
  }
  /* No file of a report is left under a temporary name. */
  {
    g_autofree char *part = g_strconcat (stem, ".pdf.part", NULL);

    g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  }
  hl_test_rm_rf (tmp);
}

/* The period's report of a database without a single response: empty tables, no failure. */
static void
test_report_empty (void)
{
  g_autofree char *tmp = hl_test_tmpdir ();
  g_autofree char *db = g_build_filename (tmp, "k.db", NULL);
  g_autofree char *stem = g_build_filename (tmp, "empty", NULL);
  g_autofree char *csv_path = g_strconcat (stem, ".csv", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlStore) store = hl_store_open (db, &error);
  g_autoptr(HlReport) report = NULL;

  g_assert_no_error (error);
  report = hl_report_new (store, NULL, "2026-07-01", "2026-07-31", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hl_report_write_all (report, stem, &error));
  g_assert_no_error (error);
  g_file_get_contents (csv_path, &csv, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF"));
  g_assert_nonnull (strstr (csv, "Theo yếu tố SIPAS\r\n"));
  hl_test_rm_rf (tmp);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/figures", test_report_figures);
  g_test_add_func ("/report/empty", test_report_empty);
  return g_test_run ();
}
