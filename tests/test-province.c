/* test-province.c: the province configuration (hl-province.h): the unit map's rules (successor first,
 * then the highest ancestor at or below the level asked) and each refusal at its line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "hl-province.h"

/* Line numbers matter below: one unit or merger per line. */
static const char *province_json =
  "{\"format\": \"hailong-province/1\", \"covers\": {\"from\": \"2025-01-01\", \"to\": \"2026-12-31\"},\n"
  " \"units\": [\n"
  "  {\"code\": \"P\", \"name\": {\"vi\": \"Tỉnh\"}, \"level\": \"province\"},\n"                 /* 3 */
  "  {\"code\": \"PC\", \"name\": {\"vi\": \"TT tỉnh\"}, \"level\": \"centre\", \"parent\": \"P\"},\n"  /* 4 */
  "  {\"code\": \"A\", \"name\": {\"vi\": \"Xã A\"}, \"level\": \"commune\", \"parent\": \"P\"},\n"     /* 5 */
  "  {\"code\": \"AC\", \"name\": {\"vi\": \"TT A\"}, \"level\": \"centre\", \"parent\": \"A\"},\n"     /* 6 */
  "  {\"code\": \"AS\", \"name\": {\"vi\": \"Điểm A\"}, \"level\": \"service-point\", \"parent\": \"AC\"},\n"
  "  {\"code\": \"B\", \"name\": {\"vi\": \"Xã B\"}, \"level\": \"commune\", \"parent\": \"P\"},\n"     /* 8 */
  "  {\"code\": \"C\", \"name\": {\"vi\": \"Xã C\"}, \"level\": \"commune\", \"parent\": \"P\"}\n"      /* 9 */
  " ],\n"
  " \"mergers\": [\n"
  "  {\"unit\": \"B\", \"into\": \"C\", \"on\": \"2025-07-01\"},\n"                                  /* 12 */
  "  {\"unit\": \"C\", \"into\": \"A\", \"on\": \"2026-01-01\"}\n"                                   /* 13 */
  " ]}\n";

static void
test_unit_map (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlProvince) province = hl_province_load_data ("p.json", province_json, -1, NULL, &error);
  g_autoptr(GHashTable) commune = NULL, centre = NULL, top = NULL, recorded = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (province->code, ==, "P");
  g_assert_cmpuint (province->cutoff_day, ==, 15);
  commune = hl_province_unit_map (province, HL_PROVINCE_LEVEL_COMMUNE, FALSE);
  g_assert_cmpstr (g_hash_table_lookup (commune, "AS"), ==, "A");
  g_assert_cmpstr (g_hash_table_lookup (commune, "AC"), ==, "A");
  g_assert_cmpstr (g_hash_table_lookup (commune, "PC"), ==, "PC");  /* no commune above it */
  g_assert_cmpstr (g_hash_table_lookup (commune, "B"), ==, "A");    /* B into C, C into A: the last */
  g_assert_cmpstr (g_hash_table_lookup (commune, "C"), ==, "A");
  g_assert_null (g_hash_table_lookup (commune, "UNLISTED"));
  centre = hl_province_unit_map (province, HL_PROVINCE_LEVEL_CENTRE, FALSE);
  g_assert_cmpstr (g_hash_table_lookup (centre, "AS"), ==, "AC");
  g_assert_cmpstr (g_hash_table_lookup (centre, "A"), ==, "A");     /* above the centres: stays */
  top = hl_province_unit_map (province, HL_PROVINCE_LEVEL_PROVINCE, FALSE);
  g_assert_cmpstr (g_hash_table_lookup (top, "AS"), ==, "P");
  g_assert_cmpstr (g_hash_table_lookup (top, "PC"), ==, "P");
  recorded = hl_province_unit_map (province, HL_PROVINCE_LEVEL_COMMUNE, TRUE);
  g_assert_cmpstr (g_hash_table_lookup (recorded, "B"), ==, "B");
  g_assert_cmpstr (g_hash_table_lookup (recorded, "AS"), ==, "A");
}

/* @from replaced by @to in the good file is refused with one problem, at @line, saying @message. */
static void
refused (const char *from,
         const char *to,
         guint       line,
         const char *message)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (province_json);
  g_autoptr(HlProvince) province = NULL;
  g_autofree char *prefix = g_strdup_printf ("p.json:%u:", line);

  g_assert_cmpuint (g_string_replace (text, from, to, 1), ==, 1);
  province = hl_province_load_data ("p.json", text->str, -1, problems, &error);
  g_assert_null (province);
  g_assert_nonnull (error);
  g_assert_cmpuint (problems->len, ==, 1);
  if (!g_str_has_prefix (g_ptr_array_index (problems, 0), prefix) || !strstr (g_ptr_array_index (problems, 0), message))
    g_error ("want %s… %s, got %s", prefix, message, (char *) g_ptr_array_index (problems, 0));
}

static void
test_refusals (void)
{
  refused ("\"parent\": \"A\"}", "\"parent\": \"AS\"}", 6, "a cycle");         /* AC under AS under AC */
  refused ("\"parent\": \"AC\"}", "\"parent\": \"ZZ\"}", 7, "unknown parent “ZZ”");
  refused ("\"on\": \"2026-01-01\"}\n", "\"on\": \"2026-01-01\"},\n  {\"unit\": \"B\", \"into\": \"A\", \"on\": \"2025-08-01\"}\n",
           14, "a second successor");
  refused ("\"on\": \"2025-07-01\"", "\"on\": \"2024-12-31\"", 12, "outside the data");
  refused ("{\"unit\": \"C\", \"into\": \"A\"", "{\"unit\": \"C\", \"into\": \"B\"", 12, "a cycle of mergers");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/province/unit-map", test_unit_map);
  g_test_add_func ("/province/refusals", test_refusals);
  return g_test_run ();
}
