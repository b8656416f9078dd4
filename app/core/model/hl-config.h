/* hl-config.h: a kiosk's configuration, hailong-kiosk/1 (documented in docs/formats.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "hl-types.h"
#include "hl-survey.h"

G_BEGIN_DECLS

#define HL_CONFIG_FORMAT "hailong-kiosk/1"

/* What the index is measured against when the configuration does not say (shared/sipas/METHOD.md): the
 * provincial plans ask at least 90 % satisfaction, and 85 % in the land, construction and investment
 * fields; a rate from fewer answers than the minimum sample is not ranked. */
#define HL_DEFAULT_TARGET        90.0
#define HL_DEFAULT_FIELD_TARGET  85.0
#define HL_DEFAULT_MIN_SAMPLE    30
/* The dashboard logs out after two minutes without a touch. */
#define HL_DEFAULT_SUPERVISOR_LOGOUT 120

typedef enum {
  HL_UNIT_PROVINCE,
  HL_UNIT_COMMUNE,
} HlUnitLevel;

typedef struct {
  char   *code;
  HlText *name;
  char   *field;    /* procedures: the field (lĩnh vực) it belongs to, or NULL */
} HlCodeName;

typedef struct {
  char *code;
  char *name;       /* a person's name is not translated */
} HlOfficer;

/* The supervisor's alerts (docs/formats.md, "alerts"): rules of the configuration, evaluated by the kiosk
 * after each committed response (hl-supervisor.h). */
typedef enum {
  HL_ALERT_UNSATISFIED_SHARE, /* many unsatisfied among the last answers at the counter */
  HL_ALERT_DAY_BELOW_TARGET,  /* the day's rate at the counter lies wholly below the target */
} HlAlertKind;

GType        hl_alert_kind_get_type   (void) G_GNUC_CONST;
#define HL_TYPE_ALERT_KIND (hl_alert_kind_get_type ())
/* "unsatisfied-share", "day-below-target": the names used by the configuration and the D-Bus signal. */
const char  *hl_alert_kind_to_string  (HlAlertKind kind);

typedef struct {
  HlAlertKind kind;
  double      min_share;      /* unsatisfied-share: the share of unsatisfied answers, 0–1, that raises it */
  guint       min_answers;    /* fewer answers than this (in the window, or in the day) never raise it */
  guint       window_minutes; /* unsatisfied-share: the window looked at; raised at most once per window */
} HlAlertRule;

/* "opening_hours": one opening period of one day of the week. */
typedef struct {
  int day;    /* 1 Monday … 7 Sunday, as g_date_time_get_day_of_week() */
  int open;   /* minutes after midnight, local time; open <= minute < close */
  int close;
} HlOpeningPeriod;

/* Without "alerts" in the configuration: at least 50 % unsatisfied among at least 4 answers within 15
 * minutes at the counter, and the day's rate below target with at least 30 answers. */
#define HL_DEFAULT_ALERT_MIN_SHARE       0.5
#define HL_DEFAULT_ALERT_MIN_ANSWERS     4
#define HL_DEFAULT_ALERT_WINDOW_MINUTES  15
#define HL_DEFAULT_ALERT_DAY_MIN_ANSWERS 30

struct _HlConfig {
  gatomicrefcount ref_count;

  char        *path;
  char        *unit_code;
  HlText      *unit_name;
  HlUnitLevel  unit_level;
  char        *unit_parent;     /* the unit above, or NULL */
  char        *unit_successor;  /* after a merger: the unit that took this one over, or NULL */
  char        *counter_code;
  HlText      *counter_name;
  char        *officer_on_duty; /* an officer's code, or NULL */
  char        *survey_id;
  int          survey_version;
  char        *detailed_id;     /* the detailed survey offered after the quick rating, or NULL */
  int          detailed_version;
  char        *language;        /* of the citizen's screens; "vi" unless set */
  GPtrArray   *fields;          /* HlCodeName* */
  GPtrArray   *procedures;      /* HlCodeName* */
  GPtrArray   *officers;        /* HlOfficer* */
  guint        idle_timeout;    /* seconds before an unfinished survey returns to the first screen */
  guint        thanks_timeout;  /* seconds the thank-you page stays */
  guint        response_interval; /* seconds after a response within which a press is a repeat */
  gboolean     armed_required;  /* a rating needs the officer to arm the kiosk first */
  char        *armed_key;       /* the key (a GDK key name) that arms the kiosk, or NULL */
  guint        burst_responses; /* more than this many responses… */
  guint        burst_minutes;   /* …within this many minutes at the counter are flagged as a burst */
  double       target;          /* percent: "targets.default", the plan's satisfaction target */
  GHashTable  *field_targets;   /* field code -> double*, percent: "targets.fields" */
  guint        min_sample;      /* answers below which a rate is too small to rank */
  char        *supervisor_key;  /* the key (a GDK key name) that opens the supervisor's PIN pad, or NULL */
  guint        supervisor_logout; /* seconds without a touch before the dashboard logs out */
  GPtrArray   *alert_rules;     /* HlAlertRule*: "alerts", or the defaults above when it is absent;
                                 * empty when the configuration says "alerts": [] */
  char        *feedback_url;    /* the feedback page's template ({unit}, {counter}, {procedure}), or NULL */
  gboolean     sound_tap;       /* "sound.tap": a click on each tap; off unless set */
  gboolean     sound_thanks;    /* "sound.thanks": a spoken thank-you; off unless set */
  GPtrArray   *opening_hours;   /* HlOpeningPeriod*: "opening_hours", or NULL: open at every hour */
  guint        dim_after;       /* minutes without a touch before the first screen dims; 0: never */

  /* Where "survey", "detailed_survey" and "armed.key" were written, so that the checks made after
   * loading (the survey folder) name the configuration's line and column. 0 when absent. */
  guint        survey_line, survey_column;
  guint        detailed_line, detailed_column;

  /* code -> the entry of fields, procedures, officers: lookups and duplicate checks in constant time,
   * so that checking a list of a million officers is linear. */
  GHashTable  *field_index;
  GHashTable  *procedure_index;
  GHashTable  *officer_index;
};

HlConfig         *hl_config_load_file       (const char  *path,
                                             GPtrArray   *problems,
                                             GError     **error);
HlConfig         *hl_config_load_data       (const char  *name,
                                             const char  *data,
                                             gssize       length,
                                             GPtrArray   *problems,
                                             GError     **error);
HlConfig         *hl_config_ref             (HlConfig    *config);
void              hl_config_use_demo_timing (HlConfig    *config);
void              hl_config_unref           (HlConfig    *config);
const HlOfficer  *hl_config_lookup_officer  (HlConfig    *config,
                                             const char  *code);
const HlCodeName *hl_config_lookup_procedure(HlConfig    *config,
                                             const char  *code);
const HlCodeName *hl_config_lookup_field    (HlConfig    *config,
                                             const char  *code);
gboolean          hl_config_find_surveys    (HlConfig    *config,
                                             const char  *survey_dir,
                                             HlSurvey   **survey,
                                             HlSurvey   **detailed,
                                             GPtrArray   *problems,
                                             GError     **error);
gboolean          hl_config_is_key_name     (const char  *name);
gboolean          hl_config_is_open         (HlConfig    *config,
                                             GDateTime   *now);
GDateTime        *hl_config_next_opening    (HlConfig    *config,
                                             GDateTime   *now);
double            hl_config_get_target      (HlConfig    *config,
                                             const char  *field);
/* A land, construction or investment field (đất đai, xây dựng, đầu tư), by its Vietnamese name, in any
 * case and either Unicode normal form: the plans' harder fields. */
gboolean          hl_field_name_is_lci      (const char  *name_vi);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlConfig, hl_config_unref)

G_END_DECLS
