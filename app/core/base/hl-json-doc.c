/* hl-json-doc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-json"

#include "config.h"

#include "hl-json-doc.h"

/* json-glib keeps no positions in its tree, but it reports the scanner's position while it parses, from
 * its signal handlers. We record the start of every object and array and the position of every member
 * and element there, keyed by the node they belong to. */

typedef struct {
  guint line;
  guint column;
} HlPos;

typedef struct {
  HlPos       start;
  GHashTable *children;  /* member name (char*) or index (GUINT_TO_POINTER (i + 1)) -> HlPos* */
} HlNodePos;

struct _HlJsonDoc {
  char       *name;
  JsonParser *parser;
  GHashTable *nodes;     /* JsonObject* / JsonArray* -> HlNodePos* */
  GArray     *stack;     /* HlPos: starts of the containers being parsed */
  HlPos       last_closed;  /* start of the container that ended last */
  char       *duplicate;    /* the first key found twice in one object, or NULL */
  HlPos       duplicate_pos;
};

G_DEFINE_QUARK (hl-json-error-quark, hl_json_error)

static void
node_pos_free (gpointer data)
{
  HlNodePos *np = data;

  g_clear_pointer (&np->children, g_hash_table_unref);
  g_free (np);
}

static HlPos
current_pos (JsonParser *parser)
{
  HlPos pos = { json_parser_get_current_line (parser), json_parser_get_current_pos (parser) };

  return pos;
}

static void
container_start_cb (JsonParser *parser,
                    HlJsonDoc  *doc)
{
  HlPos pos = current_pos (parser);

  g_array_append_val (doc->stack, pos);
}

static void
container_end (HlJsonDoc *doc,
               gpointer   container)
{
  HlNodePos *np;

  g_assert (doc->stack->len > 0);
  /* The entry exists already when members or elements were recorded while the container was open. */
  np = g_hash_table_lookup (doc->nodes, container);
  if (np == NULL)
    {
      np = g_new0 (HlNodePos, 1);
      g_hash_table_insert (doc->nodes, container, np);
    }
  np->start = g_array_index (doc->stack, HlPos, doc->stack->len - 1);
  g_array_set_size (doc->stack, doc->stack->len - 1);
  doc->last_closed = np->start;
}

static void
object_end_cb (JsonParser *parser,
               JsonObject *object,
               HlJsonDoc  *doc)
{
  container_end (doc, object);
}

static void
array_end_cb (JsonParser *parser,
              JsonArray  *array,
              HlJsonDoc  *doc)
{
  container_end (doc, array);
}

static void
record_child (HlJsonDoc *doc,
              gpointer   container,
              gpointer   key,
              gboolean   key_is_string,
              JsonNode  *value)
{
  HlNodePos *np;
  HlPos *pos;

  /* The container is still open, so its entry may not exist yet; container_end() fills its start in. */
  np = g_hash_table_lookup (doc->nodes, container);
  if (np == NULL)
    {
      np = g_new0 (HlNodePos, 1);
      g_hash_table_insert (doc->nodes, container, np);
    }
  if (np->children == NULL)
    np->children = key_is_string
      ? g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free)
      : g_hash_table_new_full (NULL, NULL, NULL, g_free);

  pos = g_new (HlPos, 1);
  if (value != NULL && (JSON_NODE_HOLDS_OBJECT (value) || JSON_NODE_HOLDS_ARRAY (value)))
    *pos = doc->last_closed;
  else
    *pos = current_pos (doc->parser);
  /* json-glib keeps the last of two members with one name, silently: a reader who sees the first one
   * would be misled about what is loaded. It still signals each of them, so they are caught here. */
  if (key_is_string && doc->duplicate == NULL && g_hash_table_contains (np->children, key))
    {
      doc->duplicate = g_strdup (key);
      doc->duplicate_pos = *pos;
    }
  g_hash_table_replace (np->children, key_is_string ? g_strdup (key) : key, pos);
}

static void
object_member_cb (JsonParser *parser,
                  JsonObject *object,
                  const char *member_name,
                  HlJsonDoc  *doc)
{
  record_child (doc, object, (gpointer) member_name, TRUE, json_object_get_member (object, member_name));
}

static void
array_element_cb (JsonParser *parser,
                  JsonArray  *array,
                  int         index,
                  HlJsonDoc  *doc)
{
  record_child (doc, array, GUINT_TO_POINTER ((guint) index + 1), FALSE, json_array_get_element (array, index));
}

static HlJsonDoc *
hl_json_doc_new (const char *name)
{
  HlJsonDoc *doc = g_new0 (HlJsonDoc, 1);

  doc->name = g_strdup (name);
  doc->parser = json_parser_new_immutable ();
  doc->nodes = g_hash_table_new_full (NULL, NULL, NULL, node_pos_free);
  doc->stack = g_array_new (FALSE, FALSE, sizeof (HlPos));
  g_signal_connect (doc->parser, "object-start", G_CALLBACK (container_start_cb), doc);
  g_signal_connect (doc->parser, "array-start", G_CALLBACK (container_start_cb), doc);
  g_signal_connect (doc->parser, "object-end", G_CALLBACK (object_end_cb), doc);
  g_signal_connect (doc->parser, "array-end", G_CALLBACK (array_end_cb), doc);
  g_signal_connect (doc->parser, "object-member", G_CALLBACK (object_member_cb), doc);
  g_signal_connect (doc->parser, "array-element", G_CALLBACK (array_element_cb), doc);
  return doc;
}

void
hl_json_doc_free (HlJsonDoc *doc)
{
  if (doc == NULL)
    return;
  g_signal_handlers_disconnect_by_data (doc->parser, doc);
  g_clear_object (&doc->parser);
  g_clear_pointer (&doc->nodes, g_hash_table_unref);
  g_clear_pointer (&doc->stack, g_array_unref);
  g_clear_pointer (&doc->name, g_free);
  g_clear_pointer (&doc->duplicate, g_free);
  g_free (doc);
}

/* What json-glib (1.6) lets through or cannot survive, checked on the text before it parses:
 *  - nesting: its parser recurses once per array or object, with no limit and no way to stop it from a
 *    signal handler, so about 100,000 '[' overflow the stack (SIGSEGV). Depth is counted here, outside
 *    strings, and more than HL_JSON_MAX_DEPTH levels is refused before json-glib sees the text;
 *  - "\u0000", which json-glib turns into the end of the string (the rest is silently cut off);
 *  - lone UTF-16 surrogates ("\udc00"), which it turns into bytes that are not UTF-8, or an odd error;
 *  - control characters written raw inside a string, which JSON forbids and json-glib accepts;
 *  - a second document after the first ("{}{}"), which json-glib accepts and drops.
 * A hand-written scan because no JSON library at hand (json-glib, GVariant's text parser) can be told a
 * depth limit or any of these rules; it only tokenises strings and brackets, json-glib does the rest. */
static gboolean
prescan_fail (GError     **error,
              const char  *name,
              guint        line,
              guint        column,
              const char  *what)
{
  g_set_error (error, HL_JSON_ERROR, HL_JSON_ERROR_SYNTAX, "%s:%u:%u: %s", name, line, column, what);
  return FALSE;
}

static int
hex4 (const char *p,
      const char *end)
{
  int value = 0;

  if (end - p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return -1;
      value = value * 16 + d;
    }
  return value;
}

static gboolean
prescan (const char  *name,
         const char  *data,
         gsize        length,
         GError     **error)
{
  const char *p = data, *end = data + length;
  guint line = 1, column = 1, depth = 0;
  gboolean ended = FALSE, in_string = FALSE;

  for (; p < end; p++, column++)
    {
      guchar c = (guchar) *p;

      if ((c & 0xC0) == 0x80)
        column--;  /* a continuation byte: one column per character */
      if (in_string)
        {
          if (c == '"')
            in_string = FALSE;
          else if (c < 0x20)
            return prescan_fail (error, name, line, column, "a control character inside a string (write it as \\uXXXX, or leave it out)");
          else if (c == '\\' && p + 1 < end && p[1] == 'u')
            {
              int unit = hex4 (p + 2, end);

              if (unit == 0)
                return prescan_fail (error, name, line, column, "\\u0000 (a NUL character) is not allowed in a string");
              if (unit >= 0xDC00 && unit <= 0xDFFF)
                return prescan_fail (error, name, line, column, "a lone UTF-16 surrogate (\\uDC00–\\uDFFF without a \\uD800–\\uDBFF before it)");
              if (unit >= 0xD800 && unit <= 0xDBFF)
                {
                  int low = (end - p >= 12 && p[6] == '\\' && p[7] == 'u') ? hex4 (p + 8, end) : -1;

                  if (low < 0xDC00 || low > 0xDFFF)
                    return prescan_fail (error, name, line, column, "a lone UTF-16 surrogate (\\uD800–\\uDBFF without a \\uDC00–\\uDFFF after it)");
                  p += 6;
                  column += 6;
                }
              if (unit > 0)
                {
                  p += 5;
                  column += 5;
                }
            }
          else if (c == '\\' && p + 1 < end)
            {
              /* json-glib takes any character after a backslash, a line break too (found by fuzzing):
               * only JSON's own escapes are text. */
              if (strchr ("\"\\/bfnrt", p[1]) == NULL || p[1] == '\0')
                return prescan_fail (error, name, line, column, "an escape that JSON does not have (only \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
              p++;
              column++;
            }
          continue;
        }
      switch (c)
        {
        case '\n':
          line++;
          column = 0;
          break;
        case ' ': case '\t': case '\r':
          break;
        default:
          if (ended)
            return prescan_fail (error, name, line, column, "text after the end of the JSON document");
          if (c == '"')
            in_string = TRUE;
          else if (c == '[' || c == '{')
            {
              if (++depth > HL_JSON_MAX_DEPTH)
                {
                  g_autofree char *what = g_strdup_printf ("nested more than %d levels deep", HL_JSON_MAX_DEPTH);

                  return prescan_fail (error, name, line, column, what);
                }
            }
          else if ((c == ']' || c == '}') && depth > 0)
            ended = --depth == 0;
          break;
        }
    }
  return TRUE;
}

/* json-glib's messages quote the text it choked on, and ours the values of the file: either may hold
 * line breaks, control characters and (json-glib's) bytes that are not UTF-8, found by fuzzing. An error
 * is one line of UTF-8, so those are escaped. */
static char *
one_line_message (const char *msg)
{
  g_autofree char *valid = g_utf8_make_valid (msg, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

static gboolean
hl_json_doc_parse (HlJsonDoc   *doc,
                   const char  *data,
                   gssize       length,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (length < 0)
    length = strlen (data);
  /* A UTF-8 byte order mark is what Windows editors write; accept it. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, HL_JSON_ERROR, HL_JSON_ERROR_SYNTAX, "%s:1:1: the file is not valid UTF-8", doc->name);
      return FALSE;
    }
  if (!prescan (doc->name, data, length, error))
    return FALSE;
  if (!json_parser_load_from_data (doc->parser, data, length, &local_error))
    {
      /* json-glib says "<data>:LINE:COL: Parse error: ..."; put the file's name in front instead. */
      const char *msg = local_error->message;
      g_autofree char *one_line = NULL;

      if (g_str_has_prefix (msg, "<data>:"))
        msg += strlen ("<data>:");
      one_line = one_line_message (msg);
      g_set_error (error, HL_JSON_ERROR, HL_JSON_ERROR_SYNTAX, "%s:%s", doc->name, one_line);
      return FALSE;
    }
  if (json_parser_get_root (doc->parser) == NULL)
    {
      g_set_error (error, HL_JSON_ERROR, HL_JSON_ERROR_SYNTAX, "%s:1:1: the file is empty", doc->name);
      return FALSE;
    }
  if (doc->duplicate != NULL)
    {
      g_set_error (error, HL_JSON_ERROR, HL_JSON_ERROR_SYNTAX, "%s:%u:%u: the key “%s” appears twice in one object",
                   doc->name, doc->duplicate_pos.line, doc->duplicate_pos.column, doc->duplicate);
      return FALSE;
    }
  return TRUE;
}

HlJsonDoc *
hl_json_doc_load_data (const char  *name,
                       const char  *data,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(HlJsonDoc) doc = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  doc = hl_json_doc_new (name);
  if (!hl_json_doc_parse (doc, data, length, error))
    return NULL;
  return g_steal_pointer (&doc);
}

HlJsonDoc *
hl_json_doc_load_file (const char  *path,
                       GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, HL_JSON_ERROR, HL_JSON_ERROR_SYNTAX, "%s:0:0: %s", path, local_error->message);
      return NULL;
    }
  return hl_json_doc_load_data (path, data, length, error);
}

/* For loaders that list every problem: a syntax error is also added to @problems (when given). */
HlJsonDoc *
hl_json_doc_load_listed (const char  *name,
                         const char  *data,
                         gssize       length,
                         GPtrArray   *problems,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  HlJsonDoc *doc = hl_json_doc_load_data (name, data, length, &local_error);

  if (doc == NULL)
    {
      if (problems != NULL)
        g_ptr_array_add (problems, g_strdup (local_error->message));
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return doc;
}

gboolean
hl_json_parse_listed (const char      *name,
                      const char      *data,
                      gssize           length,
                      HlJsonParseFunc  parse,
                      gpointer         target,
                      GPtrArray       *problems,
                      GError         **error)
{
  g_autoptr(HlJsonDoc) doc = NULL;
  HlDiagnostics diag;
  gboolean ok;

  g_return_val_if_fail (name != NULL && data != NULL && parse != NULL, FALSE);

  doc = hl_json_doc_load_listed (name, data, length, problems, error);
  if (doc == NULL)
    return FALSE;
  hl_diagnostics_init (&diag, doc);
  parse (&diag, target, hl_json_doc_get_root (doc));
  ok = hl_diagnostics_propagate (&diag, problems, error);
  hl_diagnostics_clear (&diag);
  return ok;
}

/* Reads @path whole; a file that cannot be read is the problem "PATH:0:0: why", added to @problems
 * (when given) and set in @error. */
char *
hl_json_read_file_listed (const char  *path,
                          gsize       *length,
                          GPtrArray   *problems,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *data = NULL;

  if (!g_file_get_contents (path, &data, length, &local_error))
    {
      g_autofree char *msg = g_strdup_printf ("%s:0:0: %s", path, local_error->message);

      if (problems != NULL)
        g_ptr_array_add (problems, g_strdup (msg));
      g_set_error_literal (error, HL_JSON_ERROR, HL_JSON_ERROR_SYNTAX, msg);
      return NULL;
    }
  return data;
}

const char *
hl_json_doc_get_name (HlJsonDoc *doc)
{
  return doc->name;
}

JsonNode *
hl_json_doc_get_root (HlJsonDoc *doc)
{
  return json_parser_get_root (doc->parser);
}

void
hl_json_doc_object_pos (HlJsonDoc  *doc,
                        JsonObject *object,
                        guint      *line,
                        guint      *column)
{
  HlNodePos *np = object ? g_hash_table_lookup (doc->nodes, object) : NULL;

  *line = np ? np->start.line : 1;
  *column = np ? np->start.column : 1;
}

static void
child_pos (HlJsonDoc *doc,
           gpointer   container,
           gpointer   key,
           guint     *line,
           guint     *column)
{
  HlNodePos *np = g_hash_table_lookup (doc->nodes, container);
  HlPos *pos = NULL;

  if (np != NULL && np->children != NULL)
    pos = g_hash_table_lookup (np->children, key);
  if (pos != NULL)
    {
      *line = pos->line;
      *column = pos->column;
    }
  else
    {
      *line = np ? np->start.line : 1;
      *column = np ? np->start.column : 1;
    }
}

void
hl_json_doc_member_pos (HlJsonDoc  *doc,
                        JsonObject *object,
                        const char *member,
                        guint      *line,
                        guint      *column)
{
  if (member == NULL)
    hl_json_doc_object_pos (doc, object, line, column);
  else
    child_pos (doc, object, (gpointer) member, line, column);
}

void
hl_json_doc_element_pos (HlJsonDoc *doc,
                         JsonArray *array,
                         guint      index,
                         guint     *line,
                         guint     *column)
{
  child_pos (doc, array, GUINT_TO_POINTER (index + 1), line, column);
}

void
hl_diagnostics_init (HlDiagnostics *diag,
                     HlJsonDoc     *doc)
{
  diag->doc = doc;
  diag->messages = g_ptr_array_new_with_free_func (g_free);
}

void
hl_diagnostics_clear (HlDiagnostics *diag)
{
  g_clear_pointer (&diag->messages, g_ptr_array_unref);
  diag->doc = NULL;
}

static void
add_at (HlDiagnostics *diag,
        guint          line,
        guint          column,
        const char    *format,
        va_list        args)
{
  g_autofree char *msg = g_strdup_vprintf (format, args);
  /* Messages quote values of the file, which may hold "\n" and other control characters. */
  g_autofree char *one_line = one_line_message (msg);

  g_ptr_array_add (diag->messages,
                   g_strdup_printf ("%s:%u:%u: %s", hl_json_doc_get_name (diag->doc), line, column, one_line));
}

void
hl_diagnostics_at_member (HlDiagnostics *diag,
                          JsonObject    *object,
                          const char    *member,
                          const char    *format,
                          ...)
{
  va_list args;
  guint line, column;

  hl_json_doc_member_pos (diag->doc, object, member, &line, &column);
  va_start (args, format);
  add_at (diag, line, column, format, args);
  va_end (args);
}

void
hl_diagnostics_at_object (HlDiagnostics *diag,
                          JsonObject    *object,
                          const char    *format,
                          ...)
{
  va_list args;
  guint line, column;

  hl_json_doc_object_pos (diag->doc, object, &line, &column);
  va_start (args, format);
  add_at (diag, line, column, format, args);
  va_end (args);
}

void
hl_diagnostics_at_element (HlDiagnostics *diag,
                           JsonArray     *array,
                           guint          index,
                           const char    *format,
                           ...)
{
  va_list args;
  guint line, column;

  hl_json_doc_element_pos (diag->doc, array, index, &line, &column);
  va_start (args, format);
  add_at (diag, line, column, format, args);
  va_end (args);
}

/* Copies every message to @all_messages (when given) and fails with the first one. */
gboolean
hl_diagnostics_propagate (HlDiagnostics *diag,
                          GPtrArray     *all_messages,
                          GError       **error)
{
  if (diag->messages->len == 0)
    return TRUE;
  if (all_messages != NULL)
    for (guint i = 0; i < diag->messages->len; i++)
      g_ptr_array_add (all_messages, g_strdup (g_ptr_array_index (diag->messages, i)));
  g_set_error_literal (error, HL_JSON_ERROR, HL_JSON_ERROR_INVALID, g_ptr_array_index (diag->messages, 0));
  return FALSE;
}
