/* hl-json-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-json"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hl-json-util.h"

/* Unknown keys are errors, to catch typos; keys starting with "x-" are left to their writers. */
void
hl_json_check_keys (HlDiagnostics *diag,
                    JsonObject    *object,
                    const char   **allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_str_has_prefix (name, "x-") || g_strv_contains (allowed, name))
        continue;
      hl_diagnostics_at_member (diag, object, name, "unknown key “%s”", name);
    }
}

JsonObject *
hl_json_element_object (HlDiagnostics *diag,
                        JsonArray     *array,
                        guint          index,
                        const char    *what)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      hl_diagnostics_at_element (diag, array, index, "%s must be a JSON object", what);
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonNode *
get_member (HlDiagnostics *diag,
            JsonObject    *object,
            const char    *member,
            gboolean       required)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL && required)
    hl_diagnostics_at_object (diag, object, "“%s” is missing", member);
  return node;
}

const char *
hl_json_get_string (HlDiagnostics *diag,
                    JsonObject    *object,
                    const char    *member,
                    gboolean       required)
{
  JsonNode *node = get_member (diag, object, member, required);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      hl_diagnostics_at_member (diag, object, member, "“%s” must be a string", member);
      return NULL;
    }
  if (*json_node_get_string (node) == '\0')
    {
      hl_diagnostics_at_member (diag, object, member, "“%s” must not be empty", member);
      return NULL;
    }
  return json_node_get_string (node);
}

gboolean
hl_json_node_is_int (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

gboolean
hl_json_get_int (HlDiagnostics *diag,
                 JsonObject    *object,
                 const char    *member,
                 gboolean       required,
                 gint64        *value)
{
  JsonNode *node = get_member (diag, object, member, required);

  if (node == NULL)
    return FALSE;
  if (!hl_json_node_is_int (node))
    {
      hl_diagnostics_at_member (diag, object, member, "“%s” must be an integer", member);
      return FALSE;
    }
  *value = json_node_get_int (node);
  return TRUE;
}

gboolean
hl_json_get_number (HlDiagnostics *diag,
                    JsonObject    *object,
                    const char    *member,
                    gboolean       required,
                    double        *value)
{
  JsonNode *node = get_member (diag, object, member, required);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    {
      hl_diagnostics_at_member (diag, object, member, "“%s” must be a number", member);
      return FALSE;
    }
  *value = json_node_get_double (node);
  return TRUE;
}

gboolean
hl_json_get_bool (HlDiagnostics *diag,
                  JsonObject    *object,
                  const char    *member,
                  gboolean       required,
                  gboolean      *value)
{
  JsonNode *node = get_member (diag, object, member, required);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      hl_diagnostics_at_member (diag, object, member, "“%s” must be true or false", member);
      return FALSE;
    }
  *value = json_node_get_boolean (node);
  return TRUE;
}

JsonArray *
hl_json_get_array (HlDiagnostics *diag,
                   JsonObject    *object,
                   const char    *member,
                   gboolean       required)
{
  JsonNode *node = get_member (diag, object, member, required);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      hl_diagnostics_at_member (diag, object, member, "“%s” must be a list ([...])", member);
      return NULL;
    }
  return json_node_get_array (node);
}

JsonObject *
hl_json_get_object (HlDiagnostics *diag,
                    JsonObject    *object,
                    const char    *member,
                    gboolean       required)
{
  JsonNode *node = get_member (diag, object, member, required);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      hl_diagnostics_at_member (diag, object, member, "“%s” must be an object ({...})", member);
      return NULL;
    }
  return json_node_get_object (node);
}

/* A text is an object keyed by language, and Vietnamese is required. Never returns NULL, so that a
 * definition with problems can still be walked to find the rest of them. */
HlText *
hl_json_get_text (HlDiagnostics *diag,
                  JsonObject    *object,
                  const char    *member,
                  gboolean       required)
{
  HlText *text = hl_text_new ();
  JsonObject *obj = hl_json_get_object (diag, object, member, required);
  g_autoptr(GList) langs = NULL;

  if (obj == NULL)
    return text;
  langs = json_object_get_members (obj);
  for (const GList *l = langs; l != NULL; l = l->next)
    {
      const char *lang = l->data;
      JsonNode *node = json_object_get_member (obj, lang);

      if (!hl_json_is_language (lang))
        hl_diagnostics_at_member (diag, obj, lang, "“%s” is not a language code such as \"vi\" or \"en\"", lang);
      else if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        hl_diagnostics_at_member (diag, obj, lang, "the “%s” text must be a string", lang);
      else
        hl_text_set (text, lang, json_node_get_string (node));
    }
  if (!json_object_has_member (obj, "vi"))
    hl_diagnostics_at_member (diag, object, member, "“%s” needs a Vietnamese (\"vi\") text", member);
  else if (*hl_text_get (text, "vi") == '\0')
    hl_diagnostics_at_member (diag, obj, "vi", "the Vietnamese text of “%s” is empty", member);
  return text;
}

/* Question and element ids appear in CSV files and reports: keep them to plain ASCII. */
gboolean
hl_json_is_identifier (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

/* [a-z0-9][a-z0-9._-]* (FORMATS.md §2) */
gboolean
hl_json_is_survey_id (const char *s)
{
  if (s == NULL || !(g_ascii_islower (*s) || g_ascii_isdigit (*s)))
    return FALSE;
  for (const char *p = s + 1; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '.' || *p == '_' || *p == '-'))
      return FALSE;
  return TRUE;
}

/* BCP 47 in the small: "vi", "en", "hmn", "zh-Hant". */
gboolean
hl_json_is_language (const char *s)
{
  guint n = 0;

  if (s == NULL)
    return FALSE;
  while (g_ascii_islower (s[n]))
    n++;
  if (n < 2 || n > 3)
    return FALSE;
  for (const char *p = s + n; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return s[n] == '\0' || s[n] == '-';
}

/* Codes travel into CSV files, bundles and the province's database: printable ASCII, no separators. */
const char *
hl_json_get_code (HlDiagnostics *diag,
                  JsonObject    *obj,
                  const char    *member,
                  gboolean       required)
{
  const char *code = hl_json_get_string (diag, obj, member, required);

  if (code != NULL && !hl_json_is_identifier (code))
    {
      hl_diagnostics_at_member (diag, obj, member,
                                "the code “%s” may hold only letters, digits, '.', '_' and '-'", code);
      return NULL;
    }
  return code;
}

/* A percentage: a JSON number from 0 to 100. */
gboolean
hl_json_get_percent (HlDiagnostics *diag,
                     JsonObject    *obj,
                     const char    *member,
                     double        *value)
{
  if (!hl_json_get_number (diag, obj, member, TRUE, value))
    return FALSE;
  if (*value < 0 || *value > 100)
    {
      hl_diagnostics_at_member (diag, obj, member, "“%s” is a percentage, from 0 to 100", member);
      return FALSE;
    }
  return TRUE;
}

/* A required date: YYYY-MM-DD and a real day. */
const char *
hl_json_get_date (HlDiagnostics *diag,
                  JsonObject    *obj,
                  const char    *member)
{
  const char *date = hl_json_get_string (diag, obj, member, TRUE);
  guint y, m, d;
  char end;

  if (date == NULL)
    return NULL;
  if (strlen (date) != 10 || sscanf (date, "%4u-%2u-%2u%c", &y, &m, &d, &end) != 3 || date[4] != '-'
      || date[7] != '-' || !g_date_valid_dmy (d, m, y))
    {
      hl_diagnostics_at_member (diag, obj, member, "“%s” is not a date of the form YYYY-MM-DD", date);
      return NULL;
    }
  return date;
}
