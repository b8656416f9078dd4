/* hl-json-write.c
 *
 * json-glib's generator prints every double with 17 significant digits (85.59 becomes
 * 85.590000000000003), which is correct but not what a report's reader or a diff wants. This writer walks
 * the same JsonNode tree and prints a double in the fewest digits that read back as the same number;
 * strings and other scalars are still escaped and printed by json-glib.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-json"

#include "config.h"

#include <stdlib.h>

#include "hl-json-write.h"

static void write_node (GString *out, JsonNode *node, guint depth);

static void
indent (GString *out,
        guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
write_double (GString *out,
              double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (int digits = 15; digits <= 17; digits++)
    {
      g_ascii_formatd (buf, sizeof buf, digits == 15 ? "%.15g" : digits == 16 ? "%.16g" : "%.17g", value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (out, buf);
  /* Keep a rate a JSON number that reads as one: 90.0, not 90. */
  if (strpbrk (buf, ".eEn") == NULL)
    g_string_append (out, ".0");
}

static void
write_object (GString    *out,
              JsonObject *object,
              guint       depth)
{
  g_autoptr(GList) members = json_object_get_members (object);

  if (members == NULL)
    {
      g_string_append (out, "{}");
      return;
    }
  g_string_append_c (out, '{');
  for (const GList *l = members; l != NULL; l = l->next)
    {
      g_autoptr(JsonNode) name = json_node_init_string (json_node_alloc (), l->data);
      g_autofree char *quoted = json_to_string (name, FALSE);

      indent (out, depth + 1);
      g_string_append (out, quoted);
      g_string_append (out, ": ");
      write_node (out, json_object_get_member (object, l->data), depth + 1);
      if (l->next != NULL)
        g_string_append_c (out, ',');
    }
  indent (out, depth);
  g_string_append_c (out, '}');
}

static gboolean
is_scalar_array (JsonArray *array)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!JSON_NODE_HOLDS_VALUE (json_array_get_element (array, i))
        && !JSON_NODE_HOLDS_NULL (json_array_get_element (array, i)))
      return FALSE;
  return TRUE;
}

static void
write_array (GString   *out,
             JsonArray *array,
             guint      depth)
{
  guint n = json_array_get_length (array);
  /* Short lists of numbers or strings (an interval, the keys) stay on one line. */
  gboolean inline_ = is_scalar_array (array);

  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (!inline_)
        indent (out, depth + 1);
      write_node (out, json_array_get_element (array, i), depth + 1);
      if (i + 1 < n)
        g_string_append (out, inline_ ? ", " : ",");
    }
  if (!inline_ && n > 0)
    indent (out, depth);
  g_string_append_c (out, ']');
}

static void
write_node (GString  *out,
            JsonNode *node,
            guint     depth)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      write_object (out, json_node_get_object (node), depth);
      break;
    case JSON_NODE_ARRAY:
      write_array (out, json_node_get_array (node), depth);
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        {
          write_double (out, json_node_get_double (node));
          break;
      }
      G_GNUC_FALLTHROUGH;
    case JSON_NODE_NULL:
    default:
      {
        g_autofree char *text = json_to_string (node, FALSE);

        g_string_append (out, text);
      }
    }
}

/* Pretty-printed with two spaces, ending in a newline. */
char *
hl_json_to_text (JsonNode *root)
{
  GString *out = g_string_new (NULL);

  write_node (out, root, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}
