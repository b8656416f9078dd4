/* hl-config-hours.c: when the centre is open, and when the citizen's screen dims (docs/formats.md,
 * "opening_hours" and "dim_after").
 *
 *   "opening_hours": [
 *     {"days": ["mon", "tue", "wed", "thu", "fri"], "open": "07:30", "close": "11:30"},
 *     {"days": ["mon", "tue", "wed", "thu", "fri"], "open": "13:30", "close": "17:00"}
 *   ],
 *   "dim_after": 10
 *
 * Without "opening_hours" the kiosk takes ratings at every hour, as it did before the key existed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-config"

#include "config.h"

#include "hl-config-private.h"
#include "hl-json-util.h"

/* Minutes of no touch after which the first screen dims, unless "dim_after" says otherwise. */
#define DEFAULT_DIM_AFTER_MINUTES 10

/* GDateTime's numbering: 1 is Monday. */
static const char *day_names[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

static int
day_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (day_names); i++)
    if (g_str_equal (name, day_names[i]))
      return (int) i + 1;
  return 0;
}

/* "HH:MM", 00:00 to 24:00, into minutes after midnight; -1 if it is not one. Hand-written: GDateTime
 * parses only whole ISO 8601 times, and a closing time of 24:00 must be accepted. */
static int
parse_hhmm (const char *text)
{
  int hours, minutes;

  if (strlen (text) != 5 || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) || text[2] != ':'
      || !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return -1;
  hours = (text[0] - '0') * 10 + (text[1] - '0');
  minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0))
    return -1;
  return hours * 60 + minutes;
}

static int
get_time (HlDiagnostics *diag,
          JsonObject    *obj,
          const char    *member)
{
  const char *text = hl_json_get_string (diag, obj, member, TRUE);
  int minutes;

  if (text == NULL)
    return -1;
  minutes = parse_hhmm (text);
  if (minutes < 0)
    hl_diagnostics_at_member (diag, obj, member, "“%s” must be a time of day as HH:MM (00:00 to 24:00), not “%s”",
                              member, text);
  return minutes;
}

static gboolean
overlaps (GPtrArray *periods,
          int        day,
          int        open,
          int        close)
{
  for (guint i = 0; i < periods->len; i++)
    {
      const HlOpeningPeriod *p = g_ptr_array_index (periods, i);

      if (p->day == day && open < p->close && p->open < close)
        return TRUE;
    }
  return FALSE;
}

static void
parse_period (HlDiagnostics *diag,
              JsonObject    *obj,
              GPtrArray     *periods)
{
  static const char *period_keys[] = { "days", "open", "close", NULL };
  JsonArray *days;
  int open, close;
  guint8 seen = 0;

  hl_json_check_keys (diag, obj, period_keys);
  days = hl_json_get_array (diag, obj, "days", TRUE);
  open = get_time (diag, obj, "open");
  close = get_time (diag, obj, "close");
  if (open >= 0 && close >= 0 && open >= close)
    {
      hl_diagnostics_at_member (diag, obj, "close", "the centre closes (“close”) after it opens (“open”)");
      return;
    }
  if (days != NULL && json_array_get_length (days) == 0)
    hl_diagnostics_at_member (diag, obj, "days", "“days” lists no day (\"mon\" to \"sun\")");
  for (guint i = 0; days != NULL && i < json_array_get_length (days); i++)
    {
      JsonNode *node = json_array_get_element (days, i);
      const char *name = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                         ? json_node_get_string (node) : NULL;
      int day = name ? day_from_name (name) : 0;
      HlOpeningPeriod *period;

      if (day == 0)
        {
          hl_diagnostics_at_element (diag, days, i, "a day is one of \"mon\", \"tue\", \"wed\", \"thu\", \"fri\", "
                                     "\"sat\", \"sun\"");
          continue;
        }
      if (seen & (1u << day))
        {
          hl_diagnostics_at_element (diag, days, i, "“%s” is listed twice", name);
          continue;
        }
      seen |= 1u << day;
      if (open < 0 || close < 0)
        continue;
      if (overlaps (periods, day, open, close))
        {
          hl_diagnostics_at_element (diag, days, i, "on “%s” these hours overlap hours listed before", name);
          continue;
        }
      period = g_new0 (HlOpeningPeriod, 1);
      period->day = day;
      period->open = open;
      period->close = close;
      g_ptr_array_add (periods, period);
    }
}

void
hl_config_parse_hours (HlDiagnostics *diag,
                       JsonObject    *root,
                       HlConfig      *config)
{
  JsonArray *hours;
  gint64 value;

  config->dim_after = DEFAULT_DIM_AFTER_MINUTES;
  if (json_object_has_member (root, "dim_after") && hl_json_get_int (diag, root, "dim_after", TRUE, &value))
    {
      if (value < 0 || value > 240)
        hl_diagnostics_at_member (diag, root, "dim_after", "“dim_after” must be between 0 (never) and 240 minutes");
      else
        config->dim_after = (guint) value;
    }

  if (!json_object_has_member (root, "opening_hours"))
    return;
  hours = hl_json_get_array (diag, root, "opening_hours", TRUE);
  if (hours == NULL)
    return;
  config->opening_hours = g_ptr_array_new_with_free_func (g_free);
  if (json_array_get_length (hours) == 0)
    hl_diagnostics_at_member (diag, root, "opening_hours",
                              "“opening_hours” lists no hours: leave it out to take ratings at every hour");
  for (guint i = 0; i < json_array_get_length (hours); i++)
    {
      JsonObject *obj = hl_json_element_object (diag, hours, i, "opening hours");

      if (obj != NULL)
        parse_period (diag, obj, config->opening_hours);
    }
}

static int
minutes_of (GDateTime *time)
{
  return g_date_time_get_hour (time) * 60 + g_date_time_get_minute (time);
}

/* Whether the centre is open at @now (local time): always, without "opening_hours". */
gboolean
hl_config_is_open (HlConfig  *config,
                   GDateTime *now)
{
  int day, minutes;

  g_return_val_if_fail (config != NULL && now != NULL, FALSE);

  if (config->opening_hours == NULL)
    return TRUE;
  day = g_date_time_get_day_of_week (now);
  minutes = minutes_of (now);
  for (guint i = 0; i < config->opening_hours->len; i++)
    {
      const HlOpeningPeriod *p = g_ptr_array_index (config->opening_hours, i);

      if (p->day == day && p->open <= minutes && minutes < p->close)
        return TRUE;
    }
  return FALSE;
}

/* When the centre opens next after @now, in @now's time zone; NULL without "opening_hours". A week
 * ahead is always enough: every valid "opening_hours" opens on some day of the week. */
GDateTime *
hl_config_next_opening (HlConfig  *config,
                        GDateTime *now)
{
  GDateTime *best = NULL;

  g_return_val_if_fail (config != NULL && now != NULL, NULL);

  if (config->opening_hours == NULL)
    return NULL;
  for (int ahead = 0; ahead <= 7 && best == NULL; ahead++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (now, ahead);
      int day = g_date_time_get_day_of_week (date);

      for (guint i = 0; i < config->opening_hours->len; i++)
        {
          const HlOpeningPeriod *p = g_ptr_array_index (config->opening_hours, i);
          GDateTime *at;

          if (p->day != day || (ahead == 0 && p->open <= minutes_of (now)))
            continue;
          at = g_date_time_new (g_date_time_get_timezone (now), g_date_time_get_year (date),
                                g_date_time_get_month (date), g_date_time_get_day_of_month (date),
                                p->open / 60, p->open % 60, 0);
          if (best == NULL || g_date_time_compare (at, best) < 0)
            {
              g_clear_pointer (&best, g_date_time_unref);
              best = at;
            }
          else
            g_date_time_unref (at);
        }
    }
  return best;
}
