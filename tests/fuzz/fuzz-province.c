/* fuzz-province.c: libFuzzer target for the hailong-province/1 loader (hl_province_load_data).
 *
 * Built and run by run-fuzz.sh. Besides the sanitizers' findings, it checks what the loader promises
 * (docs/province.md): a province or an error, never both or neither; every problem named at "FILE:" on
 * one line; and a loaded province that holds together: exactly one unit of level province, every parent
 * listed and of a higher level, no cycle of parents or of mergers, every successor listed, every merger
 * date inside "covers", the cut-off day and the targets within their ranges, and unit maps at every level
 * that name only listed units.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hl-filing-period.h"
#include "hl-province.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_target (double target,
              gboolean may_be_nan)
{
  if (isnan (target) ? !may_be_nan : (target < 0 || target > 100))
    abort ();
}

static void
walk (HlProvince *province)
{
  guint provinces = 0;

  if (province->units->len == 0 || province->covers_from == NULL || province->covers_to == NULL
      || strcmp (province->covers_from, province->covers_to) > 0
      || province->cutoff_day < HL_FILING_MIN_CUTOFF_DAY || province->cutoff_day > HL_FILING_MAX_CUTOFF_DAY)
    abort ();
  check_target (province->target, FALSE);
  for (guint i = 0; i < province->units->len; i++)
    {
      const HlProvinceUnit *unit = g_ptr_array_index (province->units, i);
      const HlProvinceUnit *at = unit;
      guint steps = 0;

      if (hl_province_lookup_unit (province, unit->code) != unit || unit->level >= HL_PROVINCE_N_LEVELS)
        abort ();
      check_target (unit->target, TRUE);
      provinces += unit->level == HL_PROVINCE_LEVEL_PROVINCE;
      if ((unit->level == HL_PROVINCE_LEVEL_PROVINCE) != (unit->parent == NULL))
        abort ();
      /* Up the parents: each of a higher level, so the walk ends at the province. */
      while (at->parent != NULL)
        {
          const HlProvinceUnit *parent = hl_province_lookup_unit (province, at->parent);

          if (parent == NULL || parent->level >= at->level || ++steps > province->units->len)
            abort ();
          at = parent;
        }
      /* Along the mergers: every successor listed, the chain ends, each date inside "covers". */
      at = unit;
      steps = 0;
      while (at->successor != NULL)
        {
          const HlProvinceUnit *next = hl_province_lookup_unit (province, at->successor);

          if (next == NULL || at->merged_on == NULL || strcmp (at->merged_on, province->covers_from) < 0
              || strcmp (at->merged_on, province->covers_to) > 0 || ++steps > province->units->len)
            abort ();
          at = next;
        }
      (void) hl_province_get_target (province, unit->code, NULL);
    }
  if (provinces != 1)
    abort ();
  for (int level = HL_PROVINCE_LEVEL_PROVINCE; level < HL_PROVINCE_LEVEL_SERVICE_POINT; level++)
    for (int as_recorded = 0; as_recorded <= 1; as_recorded++)
      {
        g_autoptr(GHashTable) map = hl_province_unit_map (province, level, as_recorded);
        GHashTableIter iter;
        gpointer key, value;

        if (g_hash_table_size (map) != province->units->len)
          abort ();
        g_hash_table_iter_init (&iter, map);
        while (g_hash_table_iter_next (&iter, &key, &value))
          {
            const HlProvinceUnit *start = hl_province_lookup_unit (province, key);
            const HlProvinceUnit *to = hl_province_lookup_unit (province, value);
            const HlProvinceUnit *parent;

            while (!as_recorded && start != NULL && start->successor != NULL)
              start = hl_province_lookup_unit (province, start->successor);
            if (start == NULL || to == NULL)
              abort ();
            parent = to->parent ? hl_province_lookup_unit (province, to->parent) : NULL;
            /* The highest unit at or below the level asked; a unit above that level stays itself. */
            if (to->level >= (HlProvinceLevel) level ? parent != NULL && parent->level >= (HlProvinceLevel) level
                                                     : to != start)
              abort ();
          }
      }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlProvince) province = NULL;

  province = hl_province_load_data ("fuzz.json", (const char *) data, (gssize) size, problems, &error);
  if ((province == NULL) == (error == NULL))
    abort ();
  if (province == NULL && problems->len == 0)
    abort ();
  for (guint i = 0; i < problems->len; i++)
    if (!g_str_has_prefix (problems->pdata[i], "fuzz.json:") || strchr (problems->pdata[i], '\n') != NULL)
      abort ();
  if (province != NULL)
    walk (province);
  return 0;
}
