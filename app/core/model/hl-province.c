/* hl-province.c: loading and checking a province's configuration (hl-province.h, docs/province.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-province"

#include "config.h"

#include <math.h>
#include <string.h>

#include "hl-filing-period.h"
#include "hl-json-doc.h"
#include "hl-json-util.h"
#include "hl-province.h"

/* The plans' targets when the file does not say (as a kiosk configuration's, hl-config.h). */
#define DEFAULT_TARGET     90.0
#define DEFAULT_MIN_SAMPLE 30

static const char *level_names[HL_PROVINCE_N_LEVELS] = { "province", "commune", "centre", "service-point" };

const char *
hl_province_level_to_string (HlProvinceLevel level)
{
  g_return_val_if_fail (level < HL_PROVINCE_N_LEVELS, NULL);
  return level_names[level];
}

gboolean
hl_province_level_from_string (const char      *name,
                               HlProvinceLevel *level)
{
  for (guint i = 0; name != NULL && i < HL_PROVINCE_N_LEVELS; i++)
    if (g_str_equal (name, level_names[i]))
      {
        *level = i;
        return TRUE;
      }
  return FALSE;
}

static void
unit_free (gpointer data)
{
  HlProvinceUnit *unit = data;

  g_free (unit->code);
  g_clear_pointer (&unit->name, hl_text_free);
  g_free (unit->parent);
  g_free (unit->successor);
  g_free (unit->merged_on);
  g_free (unit);
}

void
hl_province_free (HlProvince *province)
{
  if (province == NULL)
    return;
  g_free (province->path);
  g_free (province->code);
  g_clear_pointer (&province->unit_index, g_hash_table_unref);
  g_clear_pointer (&province->units, g_ptr_array_unref);
  g_clear_pointer (&province->field_targets, g_hash_table_unref);
  g_clear_pointer (&province->field_names, g_hash_table_unref);
  g_free (province->covers_from);
  g_free (province->covers_to);
  g_free (province);
}

const HlProvinceUnit *
hl_province_lookup_unit (HlProvince *province,
                         const char *code)
{
  return code != NULL ? g_hash_table_lookup (province->unit_index, code) : NULL;
}

/* Every unit's parent exists, is of a higher level, and no chain of parents comes back to where it
 * started; @objects are the units' JSON objects, for the line of each problem. */
static void
check_hierarchy (HlDiagnostics *diag,
                 HlProvince    *province,
                 GPtrArray     *objects)
{
  g_autoptr(GHashTable) in_cycle = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_provinces = 0;

  for (guint i = 0; i < province->units->len; i++)
    {
      HlProvinceUnit *unit = g_ptr_array_index (province->units, i);
      JsonObject *obj = g_ptr_array_index (objects, i);
      const HlProvinceUnit *parent, *walk;
      guint steps = 0;

      if (unit->code == NULL)
        continue;
      if (unit->level == HL_PROVINCE_LEVEL_PROVINCE)
        {
          if (++n_provinces > 1)
            hl_diagnostics_at_member (diag, obj, "level", "a second unit of level \"province\": there is one");
          if (unit->parent != NULL)
            hl_diagnostics_at_member (diag, obj, "parent", "the province has no parent");
          continue;
        }
      if (unit->parent == NULL)
        {
          hl_diagnostics_at_object (diag, obj, "unit “%s” needs its \"parent\"", unit->code);
          continue;
        }
      parent = hl_province_lookup_unit (province, unit->parent);
      if (parent == NULL)
        {
          hl_diagnostics_at_member (diag, obj, "parent", "unknown parent “%s”: list it under \"units\"", unit->parent);
          continue;
        }
      /* Walk up at most as many steps as there are units: a longer walk has met a cycle. A cycle is told
       * once, at the first of its units in the file. */
      for (walk = parent; walk != NULL && walk != unit && steps <= province->units->len; steps++)
        walk = hl_province_lookup_unit (province, walk->parent);
      if (walk == unit)
        {
          if (!g_hash_table_contains (in_cycle, unit->code))
            {
              hl_diagnostics_at_member (diag, obj, "parent", "the parents of “%s” come back to it (a cycle)",
                                        unit->code);
              for (walk = parent; walk != unit; walk = hl_province_lookup_unit (province, walk->parent))
                g_hash_table_add (in_cycle, walk->code);
            }
          continue;
        }
      if (parent->level >= unit->level)
        hl_diagnostics_at_member (diag, obj, "parent",
                                  "a unit of level \"%s\" cannot be under “%s”, of level \"%s\"",
                                  level_names[unit->level], parent->code, level_names[parent->level]);
    }
  if (n_provinces == 0 && province->units->len > 0)
    hl_diagnostics_at_object (diag, NULL, "no unit of level \"province\": the hierarchy needs its top");
}

/* "mergers": [{"unit": "OLD", "into": "NEW", "on": "2025-07-01"}]: each unit merged once, into another
 * known unit, on a day within "covers", and no chain of successors coming back to where it started. */
static void
parse_mergers (HlDiagnostics *diag,
               JsonObject    *root,
               HlProvince    *province)
{
  static const char *merger_keys[] = { "unit", "into", "on", NULL };
  JsonArray *mergers = hl_json_get_array (diag, root, "mergers", FALSE);
  g_autoptr(GPtrArray) objects = g_ptr_array_new ();

  for (guint i = 0; mergers != NULL && i < json_array_get_length (mergers); i++)
    {
      JsonObject *obj = hl_json_element_object (diag, mergers, i, "a merger");
      const char *code, *into, *on;
      HlProvinceUnit *unit;

      if (obj == NULL)
        continue;
      hl_json_check_keys (diag, obj, merger_keys);
      code = hl_json_get_code (diag, obj, "unit", TRUE);
      into = hl_json_get_code (diag, obj, "into", TRUE);
      on = hl_json_get_date (diag, obj, "on");
      unit = code ? g_hash_table_lookup (province->unit_index, code) : NULL;
      if (code != NULL && unit == NULL)
        hl_diagnostics_at_member (diag, obj, "unit", "unknown unit “%s”: list it under \"units\"", code);
      if (into != NULL && hl_province_lookup_unit (province, into) == NULL)
        hl_diagnostics_at_member (diag, obj, "into", "unknown unit “%s”: list it under \"units\"", into);
      else if (into != NULL && g_strcmp0 (into, code) == 0)
        hl_diagnostics_at_member (diag, obj, "into", "a unit cannot be merged into itself");
      if (on != NULL && province->covers_from != NULL && province->covers_to != NULL
          && (strcmp (on, province->covers_from) < 0 || strcmp (on, province->covers_to) > 0))
        hl_diagnostics_at_member (diag, obj, "on", "the merger date %s is outside the data (\"covers\": %s to %s)",
                                  on, province->covers_from, province->covers_to);
      if (unit == NULL || into == NULL || hl_province_lookup_unit (province, into) == NULL || g_str_equal (into, code))
        continue;
      if (unit->successor != NULL)
        {
          hl_diagnostics_at_member (diag, obj, "unit", "unit “%s” has a second successor: it was merged into “%s” "
                                    "already", code, unit->successor);
          continue;
        }
      unit->successor = g_strdup (into);
      unit->merged_on = g_strdup (on);
      g_ptr_array_add (objects, obj);
    }

  /* A chain of successors (A into B, B later into C) is allowed; one that comes back is not. */
  for (guint i = 0, m = 0; i < province->units->len; i++)
    {
      HlProvinceUnit *unit = g_ptr_array_index (province->units, i);
      const HlProvinceUnit *walk;
      guint steps = 0;

      if (unit->successor == NULL)
        continue;
      for (walk = hl_province_lookup_unit (province, unit->successor);
           walk != NULL && walk != unit && steps <= province->units->len; steps++)
        walk = hl_province_lookup_unit (province, walk->successor);
      if (walk == unit)
        {
          /* Name the merger's own line: find the object that set this unit's successor. */
          for (m = 0; m < objects->len; m++)
            if (g_strcmp0 (json_object_get_string_member_with_default (g_ptr_array_index (objects, m), "unit", ""),
                           unit->code) == 0)
              break;
          if (m < objects->len)
            hl_diagnostics_at_member (diag, g_ptr_array_index (objects, m), "into",
                                      "the successors of “%s” come back to it (a cycle of mergers)", unit->code);
          /* Break the cycle so that later walks end and it is told once. */
          g_clear_pointer (&unit->successor, g_free);
        }
    }
}

static void
parse_targets (HlDiagnostics *diag,
               JsonObject    *root,
               HlProvince    *province)
{
  static const char *target_keys[] = { "default", "fields", "units", NULL };
  JsonObject *targets = hl_json_get_object (diag, root, "targets", FALSE);
  gint64 min_sample;

  if (targets != NULL)
    {
      JsonObject *fields, *units;
      g_autoptr(GList) field_members = NULL;
      g_autoptr(GList) unit_members = NULL;

      hl_json_check_keys (diag, targets, target_keys);
      if (json_object_has_member (targets, "default"))
        hl_json_get_percent (diag, targets, "default", &province->target);
      fields = hl_json_get_object (diag, targets, "fields", FALSE);
      field_members = fields ? json_object_get_members (fields) : NULL;
      for (const GList *l = field_members; l != NULL; l = l->next)
        {
          double value;

          if (!hl_json_is_identifier (l->data))
            hl_diagnostics_at_member (diag, fields, l->data, "the code “%s” may hold only letters, digits, '.', '_' "
                                      "and '-'", (const char *) l->data);
          else if (hl_json_get_percent (diag, fields, l->data, &value))
            g_hash_table_insert (province->field_targets, g_strdup (l->data), g_memdup2 (&value, sizeof value));
        }
      units = hl_json_get_object (diag, targets, "units", FALSE);
      unit_members = units ? json_object_get_members (units) : NULL;
      for (const GList *l = unit_members; l != NULL; l = l->next)
        {
          HlProvinceUnit *unit = g_hash_table_lookup (province->unit_index, l->data);
          double value;

          if (unit == NULL)
            hl_diagnostics_at_member (diag, units, l->data, "unknown unit “%s”: list it under \"units\"",
                                      (const char *) l->data);
          else if (hl_json_get_percent (diag, units, l->data, &value))
            unit->target = value;
        }
    }
  if (json_object_has_member (root, "min_sample") && hl_json_get_int (diag, root, "min_sample", TRUE, &min_sample))
    {
      if (min_sample < 1 || min_sample > 1000000)
        hl_diagnostics_at_member (diag, root, "min_sample", "“min_sample” must be between 1 and 1000000");
      else
        province->min_sample = (guint) min_sample;
    }
}

static void
parse_province (HlDiagnostics *diag,
                gpointer       target,
                JsonNode      *root_node)
{
  HlProvince *province = target;
  static const char *keys[] = { "format", "covers", "cutoff_day", "units", "mergers", "targets", "min_sample",
                                "fields", NULL };
  static const char *field_keys[] = { "code", "name", NULL };
  JsonArray *fields;
  static const char *covers_keys[] = { "from", "to", NULL };
  static const char *unit_keys[] = { "code", "name", "level", "parent", NULL };
  g_autoptr(GPtrArray) objects = g_ptr_array_new ();
  JsonObject *root, *covers;
  JsonArray *units;
  const char *format;
  gint64 cutoff_day;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      hl_diagnostics_at_object (diag, NULL, "a province configuration is a JSON object");
      return;
    }
  root = json_node_get_object (root_node);
  hl_json_check_keys (diag, root, keys);
  format = hl_json_get_string (diag, root, "format", TRUE);
  if (format != NULL && !g_str_equal (format, HL_PROVINCE_FORMAT))
    hl_diagnostics_at_member (diag, root, "format", "format must be \"%s\", not “%s”", HL_PROVINCE_FORMAT, format);

  covers = hl_json_get_object (diag, root, "covers", TRUE);
  if (covers != NULL)
    {
      hl_json_check_keys (diag, covers, covers_keys);
      province->covers_from = g_strdup (hl_json_get_date (diag, covers, "from"));
      province->covers_to = g_strdup (hl_json_get_date (diag, covers, "to"));
      if (province->covers_from != NULL && province->covers_to != NULL
          && strcmp (province->covers_from, province->covers_to) > 0)
        hl_diagnostics_at_member (diag, covers, "to", "“covers” ends (%s) before it starts (%s)", province->covers_to,
                                  province->covers_from);
    }
  if (json_object_has_member (root, "cutoff_day") && hl_json_get_int (diag, root, "cutoff_day", TRUE, &cutoff_day))
    {
      if (cutoff_day < HL_FILING_MIN_CUTOFF_DAY || cutoff_day > HL_FILING_MAX_CUTOFF_DAY)
        hl_diagnostics_at_member (diag, root, "cutoff_day", "“cutoff_day” must be from %d to %d (every month has it)",
                                  HL_FILING_MIN_CUTOFF_DAY, HL_FILING_MAX_CUTOFF_DAY);
      else
        province->cutoff_day = (guint) cutoff_day;
    }

  units = hl_json_get_array (diag, root, "units", TRUE);
  for (guint i = 0; units != NULL && i < json_array_get_length (units); i++)
    {
      JsonObject *obj = hl_json_element_object (diag, units, i, "a unit");
      HlProvinceUnit *unit;
      const char *code, *level;

      if (obj == NULL)
        continue;
      hl_json_check_keys (diag, obj, unit_keys);
      code = hl_json_get_code (diag, obj, "code", TRUE);
      if (code != NULL && g_hash_table_contains (province->unit_index, code))
        {
          hl_diagnostics_at_member (diag, obj, "code", "unit “%s” is listed twice", code);
          continue;
        }
      unit = g_new0 (HlProvinceUnit, 1);
      unit->code = g_strdup (code);
      unit->target = NAN;
      unit->name = hl_json_get_text (diag, obj, "name", TRUE);
      level = hl_json_get_string (diag, obj, "level", TRUE);
      if (level != NULL && !hl_province_level_from_string (level, &unit->level))
        {
          hl_diagnostics_at_member (diag, obj, "level", "level must be \"province\", \"commune\", \"centre\" or "
                                    "\"service-point\", not “%s”", level);
          unit->level = HL_PROVINCE_LEVEL_SERVICE_POINT;
        }
      unit->parent = g_strdup (hl_json_get_code (diag, obj, "parent", FALSE));
      if (unit->level == HL_PROVINCE_LEVEL_PROVINCE && level != NULL && province->code == NULL)
        province->code = g_strdup (code);
      g_ptr_array_add (province->units, unit);
      g_ptr_array_add (objects, obj);
      if (unit->code != NULL)
        g_hash_table_insert (province->unit_index, unit->code, unit);
    }
  check_hierarchy (diag, province, objects);

  /* "fields": [{"code": "DD", "name": {"vi": "Đất đai"}}]: the names the report shows, and by which it
   * tells land, construction and investment from the other fields. */
  fields = hl_json_get_array (diag, root, "fields", FALSE);
  for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
    {
      JsonObject *obj = hl_json_element_object (diag, fields, i, "a field");
      const char *code;
      g_autoptr(HlText) name = NULL;

      if (obj == NULL)
        continue;
      hl_json_check_keys (diag, obj, field_keys);
      code = hl_json_get_code (diag, obj, "code", TRUE);
      name = hl_json_get_text (diag, obj, "name", TRUE);
      if (code != NULL && g_hash_table_contains (province->field_names, code))
        hl_diagnostics_at_member (diag, obj, "code", "field “%s” is listed twice", code);
      else if (code != NULL && name != NULL)
        g_hash_table_insert (province->field_names, g_strdup (code), g_strdup (hl_text_get (name, "vi")));
    }
  parse_mergers (diag, root, province);
  parse_targets (diag, root, province);
}

HlProvince *
hl_province_load_data (const char  *name,
                       const char  *data,
                       gssize       length,
                       GPtrArray   *problems,
                       GError     **error)
{
  g_autoptr(HlProvince) province = NULL;

  g_return_val_if_fail (name != NULL && data != NULL, NULL);

  province = g_new0 (HlProvince, 1);
  province->path = g_strdup (name);
  province->units = g_ptr_array_new_with_free_func (unit_free);
  province->unit_index = g_hash_table_new (g_str_hash, g_str_equal);
  province->field_targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  province->field_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  province->cutoff_day = HL_FILING_DEFAULT_CUTOFF_DAY;
  province->target = DEFAULT_TARGET;
  province->min_sample = DEFAULT_MIN_SAMPLE;

  /* The same reader as every other file: depth limits and duplicate keys refused at their line. */
  if (!hl_json_parse_listed (name, data, length, parse_province, province, problems, error))
    return NULL;
  return g_steal_pointer (&province);
}

HlProvince *
hl_province_load_file (const char  *path,
                       GPtrArray   *problems,
                       GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  data = hl_json_read_file_listed (path, &length, problems, error);
  if (data == NULL)
    return NULL;
  return hl_province_load_data (path, data, length, problems, error);
}

GHashTable *
hl_province_unit_map (HlProvince      *province,
                      HlProvinceLevel  level,
                      gboolean         as_recorded)
{
  GHashTable *map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (province != NULL, map);

  for (guint i = 0; i < province->units->len; i++)
    {
      const HlProvinceUnit *unit = g_ptr_array_index (province->units, i);
      const HlProvinceUnit *at = unit, *walk;
      guint steps = 0;

      if (unit->code == NULL)
        continue;
      /* The loader refused cycles, so these walks end; the step bound is a second guard. */
      while (!as_recorded && at->successor != NULL && steps++ <= province->units->len)
        at = hl_province_lookup_unit (province, at->successor);
      for (walk = at; walk != NULL && steps++ <= 2 * province->units->len;
           walk = hl_province_lookup_unit (province, walk->parent))
        if (walk->level >= level)
          at = walk;
      g_hash_table_insert (map, g_strdup (unit->code), g_strdup (at->code));
    }
  return map;
}

double
hl_province_get_target (HlProvince *province,
                        const char *unit,
                        const char *field)
{
  const HlProvinceUnit *u = unit ? hl_province_lookup_unit (province, unit) : NULL;
  const double *target;

  if (u != NULL && !isnan (u->target))
    return u->target;
  target = field ? g_hash_table_lookup (province->field_targets, field) : NULL;
  return target ? *target : province->target;
}
