/* hl-survey.c: loading and checking hailong-survey/1 definitions.
 *
 * Every rule of FORMATS.md §2 is checked here, and each problem is reported at the line and column of
 * the JSON that causes it, so that `hailong validate` and the kiosk say the same thing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-survey"

#include "config.h"

#include "hl-json-doc.h"
#include <gio/gio.h>

#include "hl-survey.h"
#include "hl-json-util.h"

struct _HlText {
  GHashTable *values;  /* language -> text */
};

struct _HlSurvey {
  GObject        parent_instance;

  char          *id;
  int            version;
  char          *source;       /* the definition as written, stored with the responses */
  HlText        *title;
  HlIndexMethod  method;
  GStrv          languages;
  GPtrArray     *scales;       /* HlScale* */
  GPtrArray     *elements;     /* HlElement* */
  GPtrArray     *questions;    /* HlQuestion* */
  /* id -> the scale, element, question of that id (the first, when a definition repeats one): lookups
   * and duplicate checks in constant time, so that checking a long definition is linear. */
  GHashTable    *scale_index;
  GHashTable    *element_index;
  GHashTable    *question_index;
};

G_DEFINE_FINAL_TYPE (HlSurvey, hl_survey, G_TYPE_OBJECT)

HlText *
hl_text_new (void)
{
  HlText *text = g_new0 (HlText, 1);

  text->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return text;
}

void
hl_text_free (HlText *text)
{
  if (text == NULL)
    return;
  g_clear_pointer (&text->values, g_hash_table_unref);
  g_free (text);
}

void
hl_text_set (HlText     *text,
             const char *lang,
             const char *value)
{
  g_hash_table_replace (text->values, g_strdup (lang), g_strdup (value));
}

/* Other languages fall back to Vietnamese, which is always present. */
const char *
hl_text_get (const HlText *text,
             const char   *lang)
{
  const char *value = NULL;

  if (text == NULL)
    return "";
  if (lang != NULL)
    value = g_hash_table_lookup (text->values, lang);
  if (value == NULL)
    value = g_hash_table_lookup (text->values, "vi");
  return value ? value : "";
}

static void
option_free (gpointer data)
{
  HlOption *option = data;

  g_free (option->element);
  hl_text_free (option->label);
  g_free (option);
}

static void
scale_free (gpointer data)
{
  HlScale *scale = data;

  g_free (scale->id);
  g_clear_pointer (&scale->options, g_ptr_array_unref);
  g_free (scale);
}

static void
element_free (gpointer data)
{
  HlElement *element = data;

  g_free (element->id);
  hl_text_free (element->title);
  g_free (element);
}

static void
question_free (gpointer data)
{
  HlQuestion *question = data;

  g_free (question->id);
  g_free (question->element);
  hl_text_free (question->text);
  g_clear_pointer (&question->options, g_ptr_array_unref);
  g_clear_pointer (&question->show_if_in, g_array_unref);
  g_free (question);
}

static void
hl_survey_finalize (GObject *object)
{
  HlSurvey *self = (HlSurvey *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->title, hl_text_free);
  g_clear_pointer (&self->languages, g_strfreev);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->elements, g_ptr_array_unref);
  g_clear_pointer (&self->scales, g_ptr_array_unref);
  g_clear_pointer (&self->scale_index, g_hash_table_unref);
  g_clear_pointer (&self->element_index, g_hash_table_unref);
  g_clear_pointer (&self->question_index, g_hash_table_unref);

  G_OBJECT_CLASS (hl_survey_parent_class)->finalize (object);
}

static void
hl_survey_class_init (HlSurveyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hl_survey_finalize;
}

static void
hl_survey_init (HlSurvey *self)
{
  self->scales = g_ptr_array_new_with_free_func (scale_free);
  self->elements = g_ptr_array_new_with_free_func (element_free);
  self->questions = g_ptr_array_new_with_free_func (question_free);
  /* Keys are the entries' own ids, freed with them. */
  self->scale_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->element_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->question_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->method = HL_INDEX_ELEMENTS_MEAN;
}

static HlScale *
lookup_scale (HlSurvey   *self,
              const char *id)
{
  return id != NULL ? g_hash_table_lookup (self->scale_index, id) : NULL;
}

/* The first entry of an id is the one lookups find, as before the index. */
static void
index_add (GHashTable *index,
           char       *id,
           gpointer    entry)
{
  if (id != NULL && !g_hash_table_contains (index, id))
    g_hash_table_insert (index, id, entry);
}

/* Options of a scale or of a choice question: unique integer values and a label each. */
static GPtrArray *
parse_options (HlDiagnostics *diag,
               HlSurvey      *self,
               JsonObject    *owner,
               JsonArray     *array,
               gboolean       in_scale)
{
  static const char *scale_keys[] = { "value", "satisfied", "label", NULL };
  static const char *choice_keys[] = { "value", "element", "label", NULL };
  GPtrArray *options = g_ptr_array_new_with_free_func (option_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *obj = hl_json_element_object (diag, array, i, "an option");
      HlOption *option;
      gint64 value;

      if (obj == NULL)
        continue;
      hl_json_check_keys (diag, obj, in_scale ? scale_keys : choice_keys);
      option = g_new0 (HlOption, 1);
      g_ptr_array_add (options, option);
      if (hl_json_get_int (diag, obj, "value", TRUE, &value))
        {
          if (value < G_MININT || value > G_MAXINT)
            hl_diagnostics_at_member (diag, obj, "value", "option value %" G_GINT64_FORMAT " is out of range", value);
          else if (g_hash_table_contains (seen, GINT_TO_POINTER ((int) value)))
            hl_diagnostics_at_member (diag, obj, "value", "option value %d appears twice", (int) value);
          g_hash_table_add (seen, GINT_TO_POINTER ((int) value));
          option->value = (int) value;
        }
      option->label = hl_json_get_text (diag, obj, "label", TRUE);
      if (in_scale)
        hl_json_get_bool (diag, obj, "satisfied", TRUE, &option->satisfied);
      else
        {
          const char *element = hl_json_get_string (diag, obj, "element", FALSE);

          if (element != NULL)
            {
              if (hl_survey_lookup_element (self, element) == NULL)
                hl_diagnostics_at_member (diag, obj, "element", "unknown element “%s”", element);
              option->element = g_strdup (element);
            }
        }
    }
  if (json_array_get_length (array) == 0)
    hl_diagnostics_at_object (diag, owner, "there must be at least one option");
  return options;
}

/* Ids of scales and elements are written into the database and reports like question ids: the same
 * plain ASCII, and so no control character (docs/formats.md). */
static const char *
get_id (HlDiagnostics *diag,
        JsonObject    *obj,
        const char    *what)
{
  const char *id = hl_json_get_string (diag, obj, "id", TRUE);

  if (id != NULL && !hl_json_is_identifier (id))
    {
      hl_diagnostics_at_member (diag, obj, "id", "%s id “%s” may hold only letters, digits, '.', '_' and '-'",
                                what, id);
      return NULL;
    }
  return id;
}

static void
parse_scales (HlDiagnostics *diag,
              HlSurvey      *self,
              JsonObject    *root)
{
  static const char *keys[] = { "id", "options", NULL };
  JsonArray *array = hl_json_get_array (diag, root, "scales", TRUE);

  if (array == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *obj = hl_json_element_object (diag, array, i, "a scale");
      JsonArray *options;
      const char *id;
      HlScale *scale;
      gboolean any_satisfied = FALSE, any_unsatisfied = FALSE;

      if (obj == NULL)
        continue;
      hl_json_check_keys (diag, obj, keys);
      id = get_id (diag, obj, "scale");
      if (id != NULL && lookup_scale (self, id) != NULL)
        hl_diagnostics_at_member (diag, obj, "id", "scale “%s” is defined twice", id);
      scale = g_new0 (HlScale, 1);
      scale->id = g_strdup (id);
      options = hl_json_get_array (diag, obj, "options", TRUE);
      scale->options = options ? parse_options (diag, self, obj, options, TRUE)
                               : g_ptr_array_new_with_free_func (option_free);
      for (guint j = 0; j < scale->options->len; j++)
        {
          HlOption *option = g_ptr_array_index (scale->options, j);

          if (option->satisfied)
            any_satisfied = TRUE;
          else
            any_unsatisfied = TRUE;
        }
      if (options != NULL && scale->options->len > 0 && !(any_satisfied && any_unsatisfied))
        hl_diagnostics_at_member (diag, obj, "options",
                                  "scale “%s” needs at least one option with \"satisfied\": true and one with false",
                                  id ? id : "");
      /* A scale without an id cannot be named, but keep it so that its problems are all reported. */
      g_ptr_array_add (self->scales, scale);
      index_add (self->scale_index, scale->id, scale);
    }
}

static void
parse_elements (HlDiagnostics *diag,
                HlSurvey      *self,
                JsonObject    *root)
{
  static const char *keys[] = { "id", "title", NULL };
  JsonArray *array = hl_json_get_array (diag, root, "elements", FALSE);

  if (array == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *obj = hl_json_element_object (diag, array, i, "an element");
      const char *id;
      HlElement *element;

      if (obj == NULL)
        continue;
      hl_json_check_keys (diag, obj, keys);
      id = get_id (diag, obj, "element");
      if (id != NULL && hl_survey_lookup_element (self, id) != NULL)
        hl_diagnostics_at_member (diag, obj, "id", "element “%s” is defined twice", id);
      element = g_new0 (HlElement, 1);
      element->id = g_strdup (id);
      element->title = hl_json_get_text (diag, obj, "title", TRUE);
      g_ptr_array_add (self->elements, element);
      index_add (self->element_index, element->id, element);
    }
}

static void
parse_show_if (HlDiagnostics *diag,
               HlSurvey      *self,
               JsonObject    *qobj,
               HlQuestion    *question)
{
  static const char *keys[] = { "question", "satisfied", "in", NULL };
  JsonObject *obj = hl_json_get_object (diag, qobj, "show_if", FALSE);
  const char *ref;
  HlQuestion *target = NULL;
  gboolean has_satisfied, has_in;

  if (obj == NULL)
    return;
  hl_json_check_keys (diag, obj, keys);
  ref = hl_json_get_string (diag, obj, "question", TRUE);
  if (ref != NULL)
    {
      /* Only questions before this one are in the list yet, which is the rule. */
      target = hl_survey_lookup_question (self, ref);
      if (target == NULL)
        {
          hl_diagnostics_at_member (diag, obj, "question",
                                    "show_if refers to “%s”, which is not an earlier question", ref);
        }
    }
  question->show_if_question = target;
  question->show_if_satisfied = -1;

  has_satisfied = json_object_has_member (obj, "satisfied");
  has_in = json_object_has_member (obj, "in");
  if (has_satisfied == has_in)
    {
      hl_diagnostics_at_object (diag, obj, "show_if needs exactly one of \"satisfied\" and \"in\"");
      return;
    }
  if (has_satisfied)
    {
      gboolean satisfied = FALSE;

      if (hl_json_get_bool (diag, obj, "satisfied", TRUE, &satisfied))
        question->show_if_satisfied = satisfied;
      if (target != NULL && target->type != HL_QUESTION_RATING)
        hl_diagnostics_at_member (diag, obj, "satisfied",
                                  "\"satisfied\" needs a rating question, and “%s” is a choice", target->id);
    }
  else
    {
      JsonArray *in = hl_json_get_array (diag, obj, "in", TRUE);

      if (in == NULL)
        return;
      question->show_if_in = g_array_new (FALSE, FALSE, sizeof (int));
      for (guint i = 0; i < json_array_get_length (in); i++)
        {
          JsonNode *node = json_array_get_element (in, i);
          int value;

          if (!hl_json_node_is_int (node))
            {
              hl_diagnostics_at_element (diag, in, i, "\"in\" lists option values, which are integers");
              continue;
            }
          value = (int) json_node_get_int (node);
          if (target != NULL && hl_question_lookup_option (target, value) == NULL)
            hl_diagnostics_at_element (diag, in, i, "“%s” has no option with value %d", target->id, value);
          g_array_append_val (question->show_if_in, value);
        }
      if (json_array_get_length (in) == 0)
        hl_diagnostics_at_member (diag, obj, "in", "\"in\" lists no value");
    }
}

static void
parse_questions (HlDiagnostics *diag,
                 HlSurvey      *self,
                 JsonObject    *root)
{
  static const char *keys[] = { "id", "type", "role", "scale", "element", "text", "multiple",
                                "options", "show_if", NULL };
  JsonArray *array = hl_json_get_array (diag, root, "questions", TRUE);
  HlQuestion *overall = NULL;

  if (array == NULL)
    return;
  if (json_array_get_length (array) == 0)
    hl_diagnostics_at_member (diag, root, "questions", "a survey needs at least one question");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *obj = hl_json_element_object (diag, array, i, "a question");
      const char *id, *type, *role;
      HlQuestion *question;

      if (obj == NULL)
        continue;
      hl_json_check_keys (diag, obj, keys);
      question = g_new0 (HlQuestion, 1);
      question->show_if_satisfied = -1;
      id = hl_json_get_string (diag, obj, "id", TRUE);
      if (id != NULL)
        {
          if (!hl_json_is_identifier (id))
            hl_diagnostics_at_member (diag, obj, "id",
                                      "question id “%s” may hold only letters, digits, '.', '_' and '-'", id);
          if (hl_survey_lookup_question (self, id) != NULL)
            hl_diagnostics_at_member (diag, obj, "id", "question id “%s” is used twice", id);
        }
      question->id = g_strdup (id);
      question->text = hl_json_get_text (diag, obj, "text", TRUE);

      type = hl_json_get_string (diag, obj, "type", TRUE);
      if (g_strcmp0 (type, "rating") == 0)
        question->type = HL_QUESTION_RATING;
      else if (g_strcmp0 (type, "choice") == 0)
        question->type = HL_QUESTION_CHOICE;
      else if (type != NULL)
        hl_diagnostics_at_member (diag, obj, "type", "type must be \"rating\" or \"choice\", not “%s”", type);

      role = hl_json_get_string (diag, obj, "role", FALSE);
      if (role != NULL)
        {
          if (g_strcmp0 (role, "overall") != 0)
            hl_diagnostics_at_member (diag, obj, "role", "the only role is \"overall\", not “%s”", role);
          else if (overall != NULL)
            hl_diagnostics_at_member (diag, obj, "role",
                                      "only one question may have the role \"overall\"; “%s” has it already",
                                      overall->id ? overall->id : "");
          else
            {
              question->overall = TRUE;
              overall = question;
            }
        }

      if (question->type == HL_QUESTION_RATING && type != NULL)
        {
          const char *scale_id = hl_json_get_string (diag, obj, "scale", TRUE);
          const char *element = hl_json_get_string (diag, obj, "element", FALSE);

          if (scale_id != NULL)
            {
              question->scale = lookup_scale (self, scale_id);
              if (question->scale == NULL)
                hl_diagnostics_at_member (diag, obj, "scale", "unknown scale “%s”", scale_id);
            }
          if (element != NULL)
            {
              if (hl_survey_lookup_element (self, element) == NULL)
                hl_diagnostics_at_member (diag, obj, "element", "unknown element “%s”", element);
              question->element = g_strdup (element);
            }
          if (json_object_has_member (obj, "options"))
            hl_diagnostics_at_member (diag, obj, "options", "a rating question takes its options from its scale");
          if (json_object_has_member (obj, "multiple"))
            hl_diagnostics_at_member (diag, obj, "multiple", "\"multiple\" is for choice questions");
        }
      else if (question->type == HL_QUESTION_CHOICE && type != NULL)
        {
          JsonArray *options = hl_json_get_array (diag, obj, "options", TRUE);

          question->options = options ? parse_options (diag, self, obj, options, FALSE)
                                      : g_ptr_array_new_with_free_func (option_free);
          if (json_object_has_member (obj, "multiple"))
            hl_json_get_bool (diag, obj, "multiple", TRUE, &question->multiple);
          if (json_object_has_member (obj, "scale"))
            hl_diagnostics_at_member (diag, obj, "scale", "a choice question has its own options, not a scale");
          if (json_object_has_member (obj, "element"))
            hl_diagnostics_at_member (diag, obj, "element",
                                      "a choice question names elements on its options, not on itself");
          if (question->overall)
            hl_diagnostics_at_member (diag, obj, "role", "the overall question must be a rating question");
        }
      if (!question->options)
        question->options = g_ptr_array_new_with_free_func (option_free);

      parse_show_if (diag, self, obj, question);
      question->position = self->questions->len;
      g_ptr_array_add (self->questions, question);
      index_add (self->question_index, question->id, question);
    }
}

static void
parse_survey (HlDiagnostics *diag,
              gpointer       target,
              JsonNode      *root_node)
{
  HlSurvey *self = target;
  static const char *keys[] = { "format", "id", "version", "languages", "title", "index", "scales",
                                "elements", "questions", NULL };
  JsonObject *root;
  const char *format, *id;
  gint64 version = 0;
  JsonArray *languages;
  JsonObject *index;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      hl_diagnostics_at_object (diag, NULL, "a survey definition is a JSON object");
      return;
    }
  root = json_node_get_object (root_node);
  hl_json_check_keys (diag, root, keys);

  format = hl_json_get_string (diag, root, "format", TRUE);
  if (format != NULL && g_strcmp0 (format, HL_SURVEY_FORMAT) != 0)
    hl_diagnostics_at_member (diag, root, "format", "format must be \"%s\", not “%s”", HL_SURVEY_FORMAT, format);

  id = hl_json_get_string (diag, root, "id", TRUE);
  if (id != NULL && !hl_json_is_survey_id (id))
    hl_diagnostics_at_member (diag, root, "id", "survey id “%s” must match [a-z0-9][a-z0-9._-]*", id);
  self->id = g_strdup (id);

  if (hl_json_get_int (diag, root, "version", TRUE, &version))
    {
      if (version < 1 || version > G_MAXINT)
        hl_diagnostics_at_member (diag, root, "version", "version must be a positive integer");
      else
        self->version = (int) version;
    }

  languages = hl_json_get_array (diag, root, "languages", FALSE);
  if (languages != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < json_array_get_length (languages); i++)
        {
          JsonNode *node = json_array_get_element (languages, i);

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
              || !hl_json_is_language (json_node_get_string (node)))
            hl_diagnostics_at_element (diag, languages, i, "a language is a code such as \"vi\" or \"en\"");
          else
            g_strv_builder_add (builder, json_node_get_string (node));
        }
      self->languages = g_strv_builder_end (builder);
    }
  else
    {
      self->languages = g_new0 (char *, 2);
      self->languages[0] = g_strdup ("vi");
    }

  self->title = hl_json_get_text (diag, root, "title", TRUE);

  index = hl_json_get_object (diag, root, "index", FALSE);
  if (index != NULL)
    {
      static const char *index_keys[] = { "method", NULL };
      const char *method;

      hl_json_check_keys (diag, index, index_keys);
      method = hl_json_get_string (diag, index, "method", FALSE);
      if (method == NULL || g_strcmp0 (method, "elements-mean") == 0)
        self->method = HL_INDEX_ELEMENTS_MEAN;
      else if (g_strcmp0 (method, "criteria-mean") == 0)
        self->method = HL_INDEX_CRITERIA_MEAN;
      else if (g_strcmp0 (method, "pooled") == 0)
        self->method = HL_INDEX_POOLED;
      else
        hl_diagnostics_at_member (diag, index, "method",
                                  "index method must be elements-mean, criteria-mean or pooled, not “%s”", method);
    }

  /* Order matters: questions refer to scales and elements, which must be known first. */
  parse_elements (diag, self, root);
  parse_scales (diag, self, root);
  parse_questions (diag, self, root);
}

HlSurvey *
hl_survey_load_data (const char  *name,
                     const char  *data,
                     gssize       length,
                     GPtrArray   *problems,
                     GError     **error)
{
  g_autoptr(HlSurvey) self = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (HL_TYPE_SURVEY, NULL);
  self->source = length < 0 ? g_strdup (data) : g_strndup (data, length);
  if (!hl_json_parse_listed (name, data, length, parse_survey, self, problems, error))
    return NULL;
  return g_steal_pointer (&self);
}

HlSurvey *
hl_survey_load_file (const char  *path,
                     GPtrArray   *problems,
                     GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  data = hl_json_read_file_listed (path, &length, problems, error);
  if (data == NULL)
    return NULL;
  return hl_survey_load_data (path, data, length, problems, error);
}

G_DEFINE_QUARK (hl-survey-error-quark, hl_survey_error)

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The "id" and "version" a file that is not a valid definition says it has, when it is JSON enough to
 * say: so that a broken definition of the survey asked for is named, not passed over. */
static gboolean
claims (const char *path,
        const char *data,
        gsize       length,
        const char *id,
        int         version)
{
  g_autoptr(HlJsonDoc) doc = hl_json_doc_load_data (path, data, length, NULL);
  JsonNode *root = doc ? hl_json_doc_get_root (doc) : NULL;
  JsonObject *obj;
  JsonNode *id_node, *version_node;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  obj = json_node_get_object (root);
  id_node = json_object_get_member (obj, "id");
  version_node = json_object_get_member (obj, "version");
  return id_node != NULL && JSON_NODE_HOLDS_VALUE (id_node) && json_node_get_value_type (id_node) == G_TYPE_STRING
         && g_strcmp0 (json_node_get_string (id_node), id) == 0
         && version_node != NULL && hl_json_node_is_int (version_node) && json_node_get_int (version_node) == version;
}

/* Finds the definition of (@id, @version) in @survey_dir. Files are named freely, so every *.json file is
 * read (in name order, so that messages do not depend on the file system); a directory holds a few dozen
 * at most. Refused, rather than chosen by file order: two different definitions of (@id, @version), and a
 * file that claims to be one but is not valid (HL_SURVEY_ERROR_INVALID, at the file's line). Files that
 * define other surveys, or are not JSON at all, do not matter unless nothing is found, when the first
 * unreadable one is named too (it may be the one meant). */
HlSurvey *
hl_survey_find (const char  *survey_dir,
                const char  *id,
                int          version,
                GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(HlSurvey) found = NULL;
  g_autofree char *found_path = NULL;
  g_autofree char *unreadable = NULL;
  const char *name;

  g_return_val_if_fail (survey_dir != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  dir = g_dir_open (survey_dir, 0, NULL);
  if (dir == NULL)
    {
      g_set_error (error, HL_SURVEY_ERROR, HL_SURVEY_ERROR_NO_FOLDER, "%s: no such folder of survey definitions",
                   survey_dir);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (survey_dir, (char *) names->pdata[i], NULL);
      g_autofree char *data = NULL;
      gsize length = 0;
      g_autoptr(HlSurvey) survey = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!g_file_get_contents (path, &data, &length, &local_error))
        {
          if (unreadable == NULL)
            unreadable = g_strdup_printf ("%s:0:0: %s", path, local_error->message);
          continue;
        }
      survey = hl_survey_load_data (path, data, length, NULL, &local_error);
      if (survey == NULL)
        {
          if (claims (path, data, length, id, version))
            {
              g_set_error_literal (error, HL_SURVEY_ERROR, HL_SURVEY_ERROR_INVALID, local_error->message);
              return NULL;
            }
          if (unreadable == NULL && g_error_matches (local_error, HL_JSON_ERROR, HL_JSON_ERROR_SYNTAX))
            unreadable = g_strdup (local_error->message);
          continue;
        }
      if (g_strcmp0 (survey->id, id) != 0 || survey->version != version)
        continue;
      if (found != NULL && g_strcmp0 (found->source, survey->source) != 0)
        {
          g_set_error (error, HL_SURVEY_ERROR, HL_SURVEY_ERROR_AMBIGUOUS,
                       "%s and %s are two different definitions of survey “%s” version %d: keep one, or give the "
                       "other a new version", found_path, path, id, version);
          return NULL;
        }
      if (found == NULL)
        {
          found = g_steal_pointer (&survey);
          found_path = g_steal_pointer (&path);
        }
    }
  if (found != NULL)
    return g_steal_pointer (&found);
  g_set_error (error, HL_SURVEY_ERROR, HL_SURVEY_ERROR_NOT_FOUND, "no definition of survey “%s” version %d in %s%s%s",
               id, version, survey_dir, unreadable ? "; this file could not be read: " : "", unreadable ? unreadable : "");
  return NULL;
}

const char *
hl_survey_get_id (HlSurvey *self)
{
  g_return_val_if_fail (HL_IS_SURVEY (self), NULL);
  return self->id;
}

int
hl_survey_get_version (HlSurvey *self)
{
  g_return_val_if_fail (HL_IS_SURVEY (self), 0);
  return self->version;
}

const char *
hl_survey_get_source (HlSurvey *self)
{
  g_return_val_if_fail (HL_IS_SURVEY (self), NULL);
  return self->source;
}

const HlText *
hl_survey_get_title (HlSurvey *self)
{
  g_return_val_if_fail (HL_IS_SURVEY (self), NULL);
  return self->title;
}

HlIndexMethod
hl_survey_get_method (HlSurvey *self)
{
  g_return_val_if_fail (HL_IS_SURVEY (self), HL_INDEX_ELEMENTS_MEAN);
  return self->method;
}

const char * const *
hl_survey_get_languages (HlSurvey *self)
{
  g_return_val_if_fail (HL_IS_SURVEY (self), NULL);
  return (const char * const *) self->languages;
}

guint
hl_survey_get_n_questions (HlSurvey *self)
{
  g_return_val_if_fail (HL_IS_SURVEY (self), 0);
  return self->questions->len;
}

HlQuestion *
hl_survey_get_question (HlSurvey *self,
                        guint     position)
{
  g_return_val_if_fail (HL_IS_SURVEY (self), NULL);
  g_return_val_if_fail (position < self->questions->len, NULL);
  return g_ptr_array_index (self->questions, position);
}

HlQuestion *
hl_survey_lookup_question (HlSurvey   *self,
                           const char *id)
{
  g_return_val_if_fail (HL_IS_SURVEY (self), NULL);

  return id != NULL ? g_hash_table_lookup (self->question_index, id) : NULL;
}

/* The question of the kiosk's first screen: the overall question, else the first one. */
HlQuestion *
hl_survey_get_first_question (HlSurvey *self)
{
  g_return_val_if_fail (HL_IS_SURVEY (self), NULL);

  for (guint i = 0; i < self->questions->len; i++)
    {
      HlQuestion *question = g_ptr_array_index (self->questions, i);

      if (question->overall)
        return question;
    }
  return self->questions->len > 0 ? g_ptr_array_index (self->questions, 0) : NULL;
}

HlElement *
hl_survey_lookup_element (HlSurvey   *self,
                          const char *id)
{
  g_return_val_if_fail (HL_IS_SURVEY (self), NULL);

  return id != NULL ? g_hash_table_lookup (self->element_index, id) : NULL;
}

guint
hl_survey_get_n_elements (HlSurvey *self)
{
  g_return_val_if_fail (HL_IS_SURVEY (self), 0);
  return self->elements->len;
}

HlElement *
hl_survey_get_element (HlSurvey *self,
                       guint     position)
{
  g_return_val_if_fail (HL_IS_SURVEY (self), NULL);
  g_return_val_if_fail (position < self->elements->len, NULL);
  return g_ptr_array_index (self->elements, position);
}

GPtrArray *
hl_question_get_options (const HlQuestion *question)
{
  if (question->type == HL_QUESTION_RATING)
    return question->scale ? question->scale->options : NULL;
  return question->options;
}

const HlOption *
hl_question_lookup_option (const HlQuestion *question,
                           int               value)
{
  GPtrArray *options = hl_question_get_options (question);

  for (guint i = 0; options && i < options->len; i++)
    {
      const HlOption *option = g_ptr_array_index (options, i);

      if (option->value == value)
        return option;
    }
  return NULL;
}

gboolean
hl_question_is_criterion (const HlQuestion *question)
{
  return question->type == HL_QUESTION_RATING && question->element != NULL;
}

/* How happy the face of a rating option looks, from 0 (least satisfied) to 1 (most): the option's value
 * placed between the smallest and the largest value of the scale. Values rise with satisfaction in every
 * SIPAS scale; a scale written the other way round is caught by the satisfied flags, which win. */
double
hl_option_mood (const HlQuestion *question,
                guint             position)
{
  GPtrArray *options = hl_question_get_options (question);
  const HlOption *option;
  int lo = G_MAXINT, hi = G_MININT;
  int sat_lo = G_MAXINT, unsat_hi = G_MININT;
  double mood;

  g_return_val_if_fail (options != NULL && position < options->len, 0.5);

  for (guint i = 0; i < options->len; i++)
    {
      const HlOption *o = g_ptr_array_index (options, i);

      lo = MIN (lo, o->value);
      hi = MAX (hi, o->value);
      if (o->satisfied)
        sat_lo = MIN (sat_lo, o->value);
      else
        unsat_hi = MAX (unsat_hi, o->value);
    }
  option = g_ptr_array_index (options, position);
  /* In double: values may be any int, and the span of two of them need not fit one (found by fuzzing). */
  mood = hi > lo ? ((double) option->value - lo) / ((double) hi - lo) : 0.5;
  if (sat_lo != G_MAXINT && unsat_hi != G_MININT && sat_lo < unsat_hi)
    mood = 1.0 - mood;  /* values fall as satisfaction rises */
  return mood;
}

const char *
hl_index_method_to_string (HlIndexMethod method)
{
  switch (method)
    {
    case HL_INDEX_ELEMENTS_MEAN: return "elements-mean";
    case HL_INDEX_CRITERIA_MEAN: return "criteria-mean";
    case HL_INDEX_POOLED: return "pooled";
    case HL_INDEX_MIXED: return "mixed";
    default: g_assert_not_reached ();
    }
}
