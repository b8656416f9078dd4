/* hl-config.c: loading and checking a kiosk's configuration.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-config"

#include "config.h"

#include "hl-config.h"
#include "hl-config-private.h"
#include "hl-json-doc.h"
#include "hl-json-util.h"
#include "hl-key-names.h"

#define DEFAULT_IDLE_TIMEOUT      30
#define DEFAULT_THANKS_TIMEOUT    5
#define DEFAULT_RESPONSE_INTERVAL 10
/* METHOD.md: more than 5 within 2 minutes at one counter is more than could have been served. */
#define DEFAULT_BURST_RESPONSES   5
#define DEFAULT_BURST_MINUTES     2

static void
code_name_free (gpointer data)
{
  HlCodeName *cn = data;

  g_free (cn->code);
  g_free (cn->field);
  hl_text_free (cn->name);
  g_free (cn);
}

static void
officer_free (gpointer data)
{
  HlOfficer *officer = data;

  g_free (officer->code);
  g_free (officer->name);
  g_free (officer);
}

HlConfig *
hl_config_ref (HlConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);
  g_atomic_ref_count_inc (&config->ref_count);
  return config;
}

void
hl_config_unref (HlConfig *config)
{
  g_return_if_fail (config != NULL);
  if (!g_atomic_ref_count_dec (&config->ref_count))
    return;
  g_free (config->path);
  g_free (config->unit_code);
  hl_text_free (config->unit_name);
  g_free (config->unit_parent);
  g_free (config->unit_successor);
  g_free (config->counter_code);
  hl_text_free (config->counter_name);
  g_free (config->officer_on_duty);
  g_free (config->survey_id);
  g_free (config->detailed_id);
  g_free (config->language);
  g_free (config->feedback_url);
  g_free (config->armed_key);
  g_free (config->supervisor_key);
  g_clear_pointer (&config->fields, g_ptr_array_unref);
  g_clear_pointer (&config->procedures, g_ptr_array_unref);
  g_clear_pointer (&config->officers, g_ptr_array_unref);
  g_clear_pointer (&config->field_targets, g_hash_table_unref);
  g_clear_pointer (&config->alert_rules, g_ptr_array_unref);
  g_clear_pointer (&config->opening_hours, g_ptr_array_unref);
  g_clear_pointer (&config->field_index, g_hash_table_unref);
  g_clear_pointer (&config->procedure_index, g_hash_table_unref);
  g_clear_pointer (&config->officer_index, g_hash_table_unref);
  g_free (config);
}

static gconstpointer
lookup_code (GHashTable *index,
             const char *code)
{
  return code != NULL && index != NULL ? g_hash_table_lookup (index, code) : NULL;
}

/* Demo mode: simulated citizens press every few seconds, and at these settings each press is a new
 * citizen rather than a repeat. */
void
hl_config_use_demo_timing (HlConfig *config)
{
  g_return_if_fail (config != NULL);

  config->response_interval = MIN (config->response_interval, 2);
  config->thanks_timeout = MIN (config->thanks_timeout, 2);
}

const HlCodeName *
hl_config_lookup_procedure (HlConfig   *config,
                            const char *code)
{
  return lookup_code (config->procedure_index, code);
}

const HlCodeName *
hl_config_lookup_field (HlConfig   *config,
                        const char *code)
{
  return lookup_code (config->field_index, code);
}

const HlOfficer *
hl_config_lookup_officer (HlConfig   *config,
                          const char *code)
{
  return lookup_code (config->officer_index, code);
}

static guint
get_seconds (HlDiagnostics *diag,
             JsonObject    *root,
             const char    *member,
             guint          fallback,
             guint          min,
             guint          max)
{
  gint64 value;

  if (!json_object_has_member (root, member) || !hl_json_get_int (diag, root, member, TRUE, &value))
    return fallback;
  if (value < min || value > max)
    {
      hl_diagnostics_at_member (diag, root, member, "“%s” must be between %u and %u seconds", member, min, max);
      return fallback;
    }
  return (guint) value;
}

static void
parse_code_names (HlDiagnostics *diag,
                  JsonObject    *root,
                  const char    *member,
                  GPtrArray     *into,
                  GHashTable    *index,
                  HlConfig      *config)
{
  static const char *field_keys[] = { "code", "name", NULL };
  static const char *procedure_keys[] = { "code", "name", "field", NULL };
  gboolean is_procedure = g_str_equal (member, "procedures");
  JsonArray *array = hl_json_get_array (diag, root, member, FALSE);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *obj = hl_json_element_object (diag, array, i, is_procedure ? "a procedure" : "a field");
      HlCodeName *cn;
      const char *code;

      if (obj == NULL)
        continue;
      hl_json_check_keys (diag, obj, is_procedure ? procedure_keys : field_keys);
      code = hl_json_get_code (diag, obj, "code", TRUE);
      if (code != NULL && lookup_code (index, code) != NULL)
        hl_diagnostics_at_member (diag, obj, "code", "“%s” is listed twice", code);
      cn = g_new0 (HlCodeName, 1);
      cn->code = g_strdup (code);
      if (code != NULL && !g_hash_table_contains (index, code))
        g_hash_table_insert (index, cn->code, cn);
      cn->name = hl_json_get_text (diag, obj, "name", TRUE);
      if (is_procedure)
        {
          const char *field = hl_json_get_code (diag, obj, "field", FALSE);

          if (field != NULL && hl_config_lookup_field (config, field) == NULL)
            hl_diagnostics_at_member (diag, obj, "field", "unknown field “%s”: list it under \"fields\"", field);
          cn->field = g_strdup (field);
        }
      g_ptr_array_add (into, cn);
    }
}

/* A survey named by (id, version): "survey", and "detailed_survey", offered after the quick rating. */
static void
parse_survey_ref (HlDiagnostics  *diag,
                  JsonObject     *root,
                  const char     *member,
                  gboolean        required,
                  char          **id_out,
                  int            *version_out,
                  guint          *line_out,
                  guint          *column_out)
{
  static const char *survey_keys[] = { "id", "version", NULL };
  JsonObject *survey = hl_json_get_object (diag, root, member, required);
  const char *id;
  gint64 version;

  if (survey == NULL)
    return;
  hl_json_doc_member_pos (diag->doc, root, member, line_out, column_out);
  hl_json_check_keys (diag, survey, survey_keys);
  id = hl_json_get_string (diag, survey, "id", TRUE);
  if (id != NULL && !hl_json_is_survey_id (id))
    hl_diagnostics_at_member (diag, survey, "id", "survey id “%s” must match [a-z0-9][a-z0-9._-]*", id);
  *id_out = g_strdup (id);
  if (hl_json_get_int (diag, survey, "version", TRUE, &version))
    {
      if (version < 1 || version > G_MAXINT)
        hl_diagnostics_at_member (diag, survey, "version", "version must be a positive integer");
      else
        *version_out = (int) version;
    }
}

/* "supervisor": {"key": "F10", "logout_timeout": 120}: the key on the officer's keypad that opens the
 * supervisor's PIN pad (besides a three-second press in a top corner), and the seconds without a touch
 * after which the dashboard logs out. */
static void
parse_supervisor (HlDiagnostics *diag,
                  JsonObject    *root,
                  HlConfig      *config)
{
  static const char *supervisor_keys[] = { "key", "logout_timeout", NULL };
  JsonObject *supervisor = hl_json_get_object (diag, root, "supervisor", FALSE);
  gint64 value;

  config->supervisor_logout = HL_DEFAULT_SUPERVISOR_LOGOUT;
  if (supervisor == NULL)
    return;
  hl_json_check_keys (diag, supervisor, supervisor_keys);
  config->supervisor_key = g_strdup (hl_json_get_string (diag, supervisor, "key", FALSE));
  if (config->supervisor_key != NULL && !hl_config_is_key_name (config->supervisor_key))
    {
      hl_diagnostics_at_member (diag, supervisor, "key", "the supervisor's key “%s” is not a key name (such as F10 or KP_Divide)",
                                config->supervisor_key);
      g_clear_pointer (&config->supervisor_key, g_free);
    }
  if (hl_json_get_int (diag, supervisor, "logout_timeout", FALSE, &value))
    {
      if (value < 1 || value > 3600)
        hl_diagnostics_at_member (diag, supervisor, "logout_timeout", "“logout_timeout” must be between 1 and 3600");
      else
        config->supervisor_logout = (guint) value;
    }
}

static int
compare_key_name (const void *a,
                  const void *b)
{
  return strcmp (a, *(const char *const *) b);
}

/* A GDK key name ("F9", "KP_Multiply"): looked up in the list of GDK's names made when core was built
 * (gen-key-names.c), so that `hailong validate` refuses what the kiosk would, without core linking GTK. */
gboolean
hl_config_is_key_name (const char *name)
{
  return name != NULL && bsearch (name, hl_key_names, G_N_ELEMENTS (hl_key_names), sizeof hl_key_names[0],
                                  compare_key_name) != NULL;
}

static const char *
get_key_name (HlDiagnostics *diag,
              JsonObject    *obj,
              const char    *member)
{
  const char *name = hl_json_get_string (diag, obj, member, FALSE);

  if (name != NULL && !hl_config_is_key_name (name))
    {
      hl_diagnostics_at_member (diag, obj, member, "the arming key “%s” is not a key name (such as F9 or KP_Multiply)",
                                name);
      return NULL;
    }
  return name;
}

/* "armed": {"required": true, "key": "KP_Multiply"} and "burst": {"responses": 5, "minutes": 2}. */
static void
parse_anti_gaming (HlDiagnostics *diag,
                   JsonObject    *root,
                   HlConfig      *config)
{
  static const char *armed_keys[] = { "required", "key", NULL };
  static const char *burst_keys[] = { "responses", "minutes", NULL };
  JsonObject *armed = hl_json_get_object (diag, root, "armed", FALSE);
  JsonObject *burst = hl_json_get_object (diag, root, "burst", FALSE);
  gint64 value;

  config->burst_responses = DEFAULT_BURST_RESPONSES;
  config->burst_minutes = DEFAULT_BURST_MINUTES;
  if (armed != NULL)
    {
      hl_json_check_keys (diag, armed, armed_keys);
      if (json_object_has_member (armed, "required"))
        hl_json_get_bool (diag, armed, "required", TRUE, &config->armed_required);
      config->armed_key = g_strdup (get_key_name (diag, armed, "key"));
    }
  if (burst != NULL)
    {
      hl_json_check_keys (diag, burst, burst_keys);
      if (hl_json_get_int (diag, burst, "responses", TRUE, &value))
        {
          if (value < 1 || value > 1000)
            hl_diagnostics_at_member (diag, burst, "responses", "“responses” must be between 1 and 1000");
          else
            config->burst_responses = (guint) value;
        }
      if (hl_json_get_int (diag, burst, "minutes", TRUE, &value))
        {
          if (value < 1 || value > 1440)
            hl_diagnostics_at_member (diag, burst, "minutes", "“minutes” must be between 1 and 1440");
          else
            config->burst_minutes = (guint) value;
        }
    }
}

/* "targets": {"default": 90, "fields": {"DD": 85}} and "min_sample": 30, for `hailong index --config`.
 * A field named under "targets" must be listed under "fields", which catches a mistyped code. */
static void
parse_targets (HlDiagnostics *diag,
               JsonObject    *root,
               HlConfig      *config)
{
  static const char *target_keys[] = { "default", "fields", NULL };
  JsonObject *targets = hl_json_get_object (diag, root, "targets", FALSE);
  JsonObject *fields;
  gint64 min_sample;

  config->target = HL_DEFAULT_TARGET;
  config->field_targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  config->min_sample = HL_DEFAULT_MIN_SAMPLE;
  if (targets != NULL)
    {
      g_autoptr(GList) members = NULL;

      hl_json_check_keys (diag, targets, target_keys);
      if (json_object_has_member (targets, "default"))
        hl_json_get_percent (diag, targets, "default", &config->target);
      fields = hl_json_get_object (diag, targets, "fields", FALSE);
      members = fields ? json_object_get_members (fields) : NULL;
      for (const GList *l = members; l != NULL; l = l->next)
        {
          const char *code = l->data;
          double value;

          if (hl_config_lookup_field (config, code) == NULL)
            hl_diagnostics_at_member (diag, fields, code, "unknown field “%s”: list it under \"fields\"", code);
          else if (hl_json_get_percent (diag, fields, code, &value))
            g_hash_table_insert (config->field_targets, g_strdup (code), g_memdup2 (&value, sizeof value));
        }
    }
  if (json_object_has_member (root, "min_sample") && hl_json_get_int (diag, root, "min_sample", TRUE, &min_sample))
    {
      if (min_sample < 1 || min_sample > 1000000)
        hl_diagnostics_at_member (diag, root, "min_sample", "“min_sample” must be between 1 and 1000000");
      else
        config->min_sample = (guint) min_sample;
    }
}

/* The plans' harder fields, recognised by their Vietnamese name because field codes differ from one
 * province to the next: a name holding "đất đai" (land), "xây dựng" (construction) or "đầu tư"
 * (investment), in any case and either Unicode normal form. */
gboolean
hl_field_name_is_lci (const char *name_vi)
{
  static const char *words[] = { "đất đai", "xây dựng", "đầu tư" };
  g_autofree char *folded = name_vi ? g_utf8_casefold (name_vi, -1) : NULL;
  g_autofree char *name = folded ? g_utf8_normalize (folded, -1, G_NORMALIZE_NFC) : NULL;

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (words); i++)
    if (strstr (name, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
is_land_construction_investment (const HlCodeName *field)
{
  return hl_field_name_is_lci (hl_text_get (field->name, "vi"));
}

/* The satisfaction target, in percent, of @field (a code, or NULL for the whole of a group): the one
 * "targets.fields" gives it; else HL_DEFAULT_FIELD_TARGET for a land, construction or investment field
 * listed under "fields"; else "targets.default". Without a configuration: HL_DEFAULT_TARGET. */
double
hl_config_get_target (HlConfig   *config,
                      const char *field)
{
  const HlCodeName *listed;
  const double *target;

  if (config == NULL)
    return HL_DEFAULT_TARGET;
  if (field == NULL)
    return config->target;
  target = g_hash_table_lookup (config->field_targets, field);
  if (target != NULL)
    return *target;
  listed = hl_config_lookup_field (config, field);
  if (listed != NULL && is_land_construction_investment (listed))
    return HL_DEFAULT_FIELD_TARGET;
  return config->target;
}

static void
parse_config (HlDiagnostics *diag,
              gpointer       target,
              JsonNode      *root_node)
{
  HlConfig *config = target;
  static const char *keys[] = { "format", "unit", "counter", "survey", "language", "fields", "procedures",
                                "targets", "min_sample",
                                "officers", "idle_timeout", "thanks_timeout", "response_interval", "armed",
                                "burst", "detailed_survey", "supervisor", "alerts",
                                "feedback_url", "sound", "opening_hours", "dim_after", NULL };
  static const char *unit_keys[] = { "code", "name", "level", "parent", "successor", NULL };
  static const char *counter_keys[] = { "code", "name", "officer", NULL };
  static const char *officer_keys[] = { "code", "name", NULL };
  JsonObject *root, *unit, *counter;
  JsonArray *officers;
  const char *format, *language;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      hl_diagnostics_at_object (diag, NULL, "a kiosk configuration is a JSON object");
      return;
    }
  root = json_node_get_object (root_node);
  hl_json_check_keys (diag, root, keys);

  format = hl_json_get_string (diag, root, "format", TRUE);
  if (format != NULL && !g_str_equal (format, HL_CONFIG_FORMAT))
    hl_diagnostics_at_member (diag, root, "format", "format must be \"%s\", not “%s”", HL_CONFIG_FORMAT, format);

  unit = hl_json_get_object (diag, root, "unit", TRUE);
  if (unit != NULL)
    {
      const char *level;

      hl_json_check_keys (diag, unit, unit_keys);
      config->unit_code = g_strdup (hl_json_get_code (diag, unit, "code", TRUE));
      config->unit_name = hl_json_get_text (diag, unit, "name", TRUE);
      level = hl_json_get_string (diag, unit, "level", TRUE);
      if (g_strcmp0 (level, "province") == 0)
        config->unit_level = HL_UNIT_PROVINCE;
      else if (g_strcmp0 (level, "commune") == 0)
        config->unit_level = HL_UNIT_COMMUNE;
      else if (level != NULL)
        hl_diagnostics_at_member (diag, unit, "level", "level must be \"province\" or \"commune\", not “%s”", level);
      config->unit_parent = g_strdup (hl_json_get_code (diag, unit, "parent", FALSE));
      config->unit_successor = g_strdup (hl_json_get_code (diag, unit, "successor", FALSE));
      if (config->unit_level == HL_UNIT_COMMUNE && config->unit_parent == NULL && level != NULL)
        hl_diagnostics_at_object (diag, unit, "a commune unit needs its \"parent\" (the province's code)");
      if (config->unit_successor != NULL && g_strcmp0 (config->unit_successor, config->unit_code) == 0)
        hl_diagnostics_at_member (diag, unit, "successor", "a unit cannot be its own successor");
    }
  if (config->unit_name == NULL)
    config->unit_name = hl_text_new ();

  /* Fields first: procedures name them. */
  parse_code_names (diag, root, "fields", config->fields, config->field_index, config);
  parse_code_names (diag, root, "procedures", config->procedures, config->procedure_index, config);

  officers = hl_json_get_array (diag, root, "officers", FALSE);
  for (guint i = 0; officers != NULL && i < json_array_get_length (officers); i++)
    {
      JsonObject *obj = hl_json_element_object (diag, officers, i, "an officer");
      HlOfficer *officer;
      const char *code;

      if (obj == NULL)
        continue;
      hl_json_check_keys (diag, obj, officer_keys);
      code = hl_json_get_code (diag, obj, "code", TRUE);
      if (code != NULL && hl_config_lookup_officer (config, code) != NULL)
        hl_diagnostics_at_member (diag, obj, "code", "officer “%s” is listed twice", code);
      officer = g_new0 (HlOfficer, 1);
      officer->code = g_strdup (code);
      if (code != NULL && !g_hash_table_contains (config->officer_index, code))
        g_hash_table_insert (config->officer_index, officer->code, officer);
      officer->name = g_strdup (hl_json_get_string (diag, obj, "name", TRUE));
      g_ptr_array_add (config->officers, officer);
    }

  counter = hl_json_get_object (diag, root, "counter", TRUE);
  if (counter != NULL)
    {
      const char *officer;

      hl_json_check_keys (diag, counter, counter_keys);
      config->counter_code = g_strdup (hl_json_get_code (diag, counter, "code", TRUE));
      config->counter_name = hl_json_get_text (diag, counter, "name", TRUE);
      officer = hl_json_get_code (diag, counter, "officer", FALSE);
      if (officer != NULL && hl_config_lookup_officer (config, officer) == NULL)
        hl_diagnostics_at_member (diag, counter, "officer", "unknown officer “%s”: list them under \"officers\"",
                                  officer);
      config->officer_on_duty = g_strdup (officer);
    }
  if (config->counter_name == NULL)
    config->counter_name = hl_text_new ();

  parse_survey_ref (diag, root, "survey", TRUE, &config->survey_id, &config->survey_version,
                    &config->survey_line, &config->survey_column);
  parse_survey_ref (diag, root, "detailed_survey", FALSE, &config->detailed_id, &config->detailed_version,
                    &config->detailed_line, &config->detailed_column);

  language = json_object_has_member (root, "language") ? hl_json_get_string (diag, root, "language", TRUE) : NULL;
  if (language != NULL && !hl_json_is_language (language))
    hl_diagnostics_at_member (diag, root, "language", "“%s” is not a language code such as \"vi\"", language);
  config->language = g_strdup (language ? language : "vi");

  config->idle_timeout = get_seconds (diag, root, "idle_timeout", DEFAULT_IDLE_TIMEOUT, 5, 600);
  config->thanks_timeout = get_seconds (diag, root, "thanks_timeout", DEFAULT_THANKS_TIMEOUT, 1, 60);
  config->response_interval = get_seconds (diag, root, "response_interval", DEFAULT_RESPONSE_INTERVAL, 0, 600);
  parse_targets (diag, root, config);
  parse_anti_gaming (diag, root, config);
  parse_supervisor (diag, root, config);
  hl_config_parse_alerts (diag, root, config);
  hl_config_parse_thanks (diag, root, config);
  hl_config_parse_hours (diag, root, config);
}

HlConfig *
hl_config_load_data (const char  *name,
                     const char  *data,
                     gssize       length,
                     GPtrArray   *problems,
                     GError     **error)
{
  g_autoptr(HlConfig) config = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  config = g_new0 (HlConfig, 1);
  g_atomic_ref_count_init (&config->ref_count);
  config->path = g_strdup (name);
  config->fields = g_ptr_array_new_with_free_func (code_name_free);
  config->procedures = g_ptr_array_new_with_free_func (code_name_free);
  config->officers = g_ptr_array_new_with_free_func (officer_free);
  /* Keys are the entries' own codes, freed with them. */
  config->field_index = g_hash_table_new (g_str_hash, g_str_equal);
  config->procedure_index = g_hash_table_new (g_str_hash, g_str_equal);
  config->officer_index = g_hash_table_new (g_str_hash, g_str_equal);

  if (!hl_json_parse_listed (name, data, length, parse_config, config, problems, error))
    return NULL;
  return g_steal_pointer (&config);
}

HlConfig *
hl_config_load_file (const char  *path,
                     GPtrArray   *problems,
                     GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  data = hl_json_read_file_listed (path, &length, problems, error);
  if (data == NULL)
    return NULL;
  return hl_config_load_data (path, data, length, problems, error);
}

/* One survey the configuration names, found in @survey_dir; problems as hl_config_find_surveys(). */
static HlSurvey *
find_survey (HlConfig    *config,
             const char  *survey_dir,
             const char  *id,
             int          version,
             guint        line,
             guint        column,
             GPtrArray   *problems,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  HlSurvey *survey = hl_survey_find (survey_dir, id, version, &local_error);
  g_autofree char *msg = NULL;

  if (survey != NULL)
    return survey;
  if (g_error_matches (local_error, HL_SURVEY_ERROR, HL_SURVEY_ERROR_INVALID))
    /* The survey file is at fault, at its own line: say so first, and which configuration led there. */
    msg = g_strdup_printf ("%s (survey “%s” version %d, named at %s:%u:%u)", local_error->message, id, version,
                           config->path, line, column);
  else if (g_error_matches (local_error, HL_SURVEY_ERROR, HL_SURVEY_ERROR_NO_FOLDER))
    msg = g_strdup (local_error->message);  /* not the configuration's fault */
  else
    msg = g_strdup_printf ("%s:%u:%u: %s", config->path, line, column, local_error->message);
  if (problems != NULL)
    g_ptr_array_add (problems, g_strdup (msg));
  g_set_error_literal (error, local_error->domain, local_error->code, msg);
  return NULL;
}

/* Finds the surveys @config names in @survey_dir: "survey" into @survey and, when named,
 * "detailed_survey" into @detailed (else NULL). The kiosk, simulate and `hailong validate` all check
 * through this function, so that they accept and refuse the same and say it alike: a survey that is
 * not in the folder at the configuration's FILE:LINE:COLUMN; a broken or doubly defined survey file at
 * its own; a missing folder as such. Every problem is added to @problems (when given); @error is the
 * first. */
gboolean
hl_config_find_surveys (HlConfig    *config,
                        const char  *survey_dir,
                        HlSurvey   **survey,
                        HlSurvey   **detailed,
                        GPtrArray   *problems,
                        GError     **error)
{
  g_autoptr(HlSurvey) found = NULL;
  g_autoptr(HlSurvey) found_detailed = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (config != NULL && survey_dir != NULL, FALSE);

  found = find_survey (config, survey_dir, config->survey_id, config->survey_version, config->survey_line,
                       config->survey_column, problems, &local_error);
  if (config->detailed_id != NULL
      && !(local_error != NULL && g_error_matches (local_error, HL_SURVEY_ERROR, HL_SURVEY_ERROR_NO_FOLDER)))
    found_detailed = find_survey (config, survey_dir, config->detailed_id, config->detailed_version,
                                  config->detailed_line, config->detailed_column, problems,
                                  local_error == NULL ? &local_error : NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *survey = g_steal_pointer (&found);
  if (detailed != NULL)
    *detailed = g_steal_pointer (&found_detailed);
  return TRUE;
}
