/* hl-config-alerts.c: the supervisor's alert rules of a kiosk configuration (docs/formats.md, "alerts").
 *
 *   "alerts": [
 *     {"kind": "unsatisfied-share", "min_share": 0.5, "min_answers": 4, "window_minutes": 15, "per": "counter"},
 *     {"kind": "day-below-target", "min_answers": 30}
 *   ]
 *
 * Without "alerts" those two rules apply; "alerts": [] turns alerts off.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-config"

#include "config.h"

#include "hl-config-private.h"
#include "hl-json-util.h"

G_DEFINE_ENUM_TYPE (HlAlertKind, hl_alert_kind,
                    G_DEFINE_ENUM_VALUE (HL_ALERT_UNSATISFIED_SHARE, "unsatisfied-share"),
                    G_DEFINE_ENUM_VALUE (HL_ALERT_DAY_BELOW_TARGET, "day-below-target"))

const char *
hl_alert_kind_to_string (HlAlertKind kind)
{
  switch (kind)
    {
    case HL_ALERT_UNSATISFIED_SHARE:
      return "unsatisfied-share";
    case HL_ALERT_DAY_BELOW_TARGET:
      return "day-below-target";
    }
  g_return_val_if_reached (NULL);
}

static HlAlertRule *
rule_new (HlAlertKind kind)
{
  HlAlertRule *rule = g_new0 (HlAlertRule, 1);

  rule->kind = kind;
  if (kind == HL_ALERT_UNSATISFIED_SHARE)
    {
      rule->min_share = HL_DEFAULT_ALERT_MIN_SHARE;
      rule->min_answers = HL_DEFAULT_ALERT_MIN_ANSWERS;
      rule->window_minutes = HL_DEFAULT_ALERT_WINDOW_MINUTES;
    }
  else
    rule->min_answers = HL_DEFAULT_ALERT_DAY_MIN_ANSWERS;
  return rule;
}

/* An optional whole number from @min to @max. */
static void
get_count (HlDiagnostics *diag,
           JsonObject    *obj,
           const char    *member,
           gint64         min,
           gint64         max,
           guint         *into)
{
  gint64 value;

  if (!json_object_has_member (obj, member) || !hl_json_get_int (diag, obj, member, TRUE, &value))
    return;
  if (value < min || value > max)
    hl_diagnostics_at_member (diag, obj, member, "“%s” must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT,
                              member, min, max);
  else
    *into = (guint) value;
}

static HlAlertRule *
parse_rule (HlDiagnostics *diag,
            JsonObject    *obj)
{
  static const char *share_keys[] = { "kind", "min_share", "min_answers", "window_minutes", "per", NULL };
  static const char *day_keys[] = { "kind", "min_answers", NULL };
  const char *kind = hl_json_get_string (diag, obj, "kind", TRUE);
  HlAlertRule *rule;

  if (g_strcmp0 (kind, "unsatisfied-share") == 0)
    {
      const char *per;

      rule = rule_new (HL_ALERT_UNSATISFIED_SHARE);
      hl_json_check_keys (diag, obj, share_keys);
      if (json_object_has_member (obj, "min_share")
          && hl_json_get_number (diag, obj, "min_share", TRUE, &rule->min_share)
          && (rule->min_share <= 0 || rule->min_share > 1))
        hl_diagnostics_at_member (diag, obj, "min_share",
                                  "“min_share” is a share of the answers, more than 0 and at most 1 (0.5 is half)");
      get_count (diag, obj, "min_answers", 1, 1000, &rule->min_answers);
      get_count (diag, obj, "window_minutes", 1, 1440, &rule->window_minutes);
      /* One kiosk stands at one counter: "counter" is the only grouping there is to choose today. */
      per = json_object_has_member (obj, "per") ? hl_json_get_string (diag, obj, "per", TRUE) : NULL;
      if (per != NULL && !g_str_equal (per, "counter"))
        hl_diagnostics_at_member (diag, obj, "per", "“per” must be \"counter\", not “%s”", per);
    }
  else if (g_strcmp0 (kind, "day-below-target") == 0)
    {
      rule = rule_new (HL_ALERT_DAY_BELOW_TARGET);
      hl_json_check_keys (diag, obj, day_keys);
      get_count (diag, obj, "min_answers", 1, 1000000, &rule->min_answers);
    }
  else
    {
      if (kind != NULL)
        hl_diagnostics_at_member (diag, obj, "kind",
                                  "alert kind must be \"unsatisfied-share\" or \"day-below-target\", not “%s”", kind);
      return NULL;
    }
  return rule;
}

void
hl_config_parse_alerts (HlDiagnostics *diag,
                        JsonObject    *root,
                        HlConfig      *config)
{
  JsonArray *alerts;

  config->alert_rules = g_ptr_array_new_with_free_func (g_free);
  if (!json_object_has_member (root, "alerts"))
    {
      g_ptr_array_add (config->alert_rules, rule_new (HL_ALERT_UNSATISFIED_SHARE));
      g_ptr_array_add (config->alert_rules, rule_new (HL_ALERT_DAY_BELOW_TARGET));
      return;
    }
  alerts = hl_json_get_array (diag, root, "alerts", TRUE);
  for (guint i = 0; alerts != NULL && i < json_array_get_length (alerts); i++)
    {
      JsonObject *obj = hl_json_element_object (diag, alerts, i, "an alert rule");
      HlAlertRule *rule = obj ? parse_rule (diag, obj) : NULL;

      if (rule != NULL)
        g_ptr_array_add (config->alert_rules, rule);
    }
}
