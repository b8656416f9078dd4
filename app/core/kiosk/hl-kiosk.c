/* hl-kiosk.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-kiosk"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <gio/gio.h>
#include <sodium.h>

#include "hl-kiosk.h"
#include "hl-store-supervisor.h"
#include "hl-supervisor.h"
#include "hl-url-template.h"

struct _HlKiosk {
  GObject      parent_instance;

  /* owned references */
  HlConfig    *config;
  HlSurvey    *survey;
  HlSurvey    *detailed;         /* offered after the quick rating, or NULL */
  HlStore     *store;
  char        *kiosk_id;
  char        *armed_procedure;  /* context given by the officer for the next response, or NULL */
  char        *armed_officer;
  char        *armed_ticket;     /* the keyed hash of the arming ticket, or NULL */
  char        *last_officer;     /* the context of the newest response, which a detailed rating shares */
  char        *last_procedure;
  char        *last_field;
  guint8       ticket_key[32];   /* for hashing tickets; see hl_identity_derive_ticket_key() */
  char        *problem;          /* why the kiosk is out of service, for the supervisor */
  char        *on_duty;          /* the officer on duty at the counter, or NULL: signed out */
  GArray      *selected;         /* guint positions chosen on the current choice question */
  GPtrArray   *notices;          /* HlNotice*, for the supervisor, oldest first; never on the citizen's screen */
  char        *language;         /* of the citizen's screens now: the configured one, or the citizen's choice */

  /* state */
  HlClockFunc  clock_func;
  gpointer     clock_data;
  HlPage       page;
  HlQuestion  *question;         /* borrowed from walking: the question on the QUESTION page */
  HlSurvey    *walking;          /* borrowed: the survey being answered, the main one or the detailed one */
  GPtrArray   *trail;            /* HlQuestion*, the follow-ups shown so far, for "back" */
  GHashTable  *given;            /* question id (borrowed) -> GArray of int values: this response's answers */
  gint64       response_row;     /* the response being answered, 0 when none */
  gint64       last_sequence;
  gint64       last_utc;         /* when the newest response was pressed, Unix seconds; 0 when none */
  gboolean     last_repeat;
  gboolean     last_burst;
  gboolean     rated_by_key;     /* the newest response's rating came from a key: no detailed rating */
  HlInput      input;            /* what the citizen acts with now */
  gboolean     armed;            /* the officer armed the kiosk for the next response */
  gboolean     log_saves;
  gboolean     alerts_enabled;   /* evaluate the alert rules after each response (not for `simulate`) */
  gboolean     alerts_deferred;  /* ... from an idle, after the thank-you page is painted (the GTK kiosk) */
  guint        alerts_id;
  gint64       on_duty_since;    /* when on_duty signed in, Unix seconds; 0: by the configuration */
  gboolean     surveys_saved;    /* the definitions are stored: a response may name them */
  gboolean     checking;         /* the database's integrity check has not passed yet: no rating is taken */
  gboolean     damaged;          /* the check failed: never back in service on this file */
  HlKioskRecoverFunc recover_func; /* what must still succeed before recording (hl_kiosk_set_recover_func()) */
  gpointer     recover_data;
  guint        timeout_id;
  guint        recover_id;       /* while out of service: retries a write now and then */

  /* the citizen's screen beyond the rating (hl-kiosk.h) */
  gboolean     open;             /* within the opening hours, by the last look at the clock */
  char        *opening;          /* closed: when the centre opens, for the first screen; NULL while open */
  gboolean     dimmed;           /* the first screen is dimmed; the next touch only wakes it */
  gboolean     activity;         /* a touch or a page change since the last look at the clock */
  gint64       last_activity;    /* when the clock was last looked at after one, Unix seconds; 0: never */
  gboolean     high_contrast;
  gboolean     large_text;
  guint        tick_id;          /* looks at the clock every second */
};

/* How often an out-of-service kiosk tries to write again. */
#define RECOVER_INTERVAL_SECONDS 5

enum {
  PROP_0,
  PROP_PAGE,
  PROP_QUESTION,
  PROP_OFFICER,
  PROP_LAST_SEQUENCE,
  PROP_PROBLEM,
  PROP_CAN_RATE,
  PROP_ON_DUTY,
  PROP_LANGUAGE,
  PROP_OPEN,
  PROP_OPENING,
  PROP_DIMMED,
  PROP_HIGH_CONTRAST,
  PROP_LARGE_TEXT,
  N_PROPS
};

enum {
  SELECTION_CHANGED,
  ALERT,
  NOTICE_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HlKiosk, hl_kiosk, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (HlPage, hl_page,
                    G_DEFINE_ENUM_VALUE (HL_PAGE_WELCOME, "welcome"),
                    G_DEFINE_ENUM_VALUE (HL_PAGE_QUESTION, "question"),
                    G_DEFINE_ENUM_VALUE (HL_PAGE_THANKS, "thanks"),
                    G_DEFINE_ENUM_VALUE (HL_PAGE_OUT_OF_SERVICE, "out-of-service"),
                    G_DEFINE_ENUM_VALUE (HL_PAGE_PRIVACY, "privacy"))
G_DEFINE_QUARK (hl-kiosk-error-quark, hl_kiosk_error)

static GDateTime *
default_clock (gpointer user_data)
{
  return g_date_time_new_now_local ();
}

static void
hl_kiosk_dispose (GObject *object)
{
  HlKiosk *self = (HlKiosk *) object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->recover_id, g_source_remove);
  g_clear_handle_id (&self->alerts_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);

  G_OBJECT_CLASS (hl_kiosk_parent_class)->dispose (object);
}

static void
hl_kiosk_finalize (GObject *object)
{
  HlKiosk *self = (HlKiosk *) object;

  g_clear_pointer (&self->config, hl_config_unref);
  g_clear_object (&self->survey);
  g_clear_object (&self->detailed);
  g_clear_pointer (&self->trail, g_ptr_array_unref);
  g_clear_pointer (&self->kiosk_id, g_free);
  g_clear_pointer (&self->armed_procedure, g_free);
  g_clear_pointer (&self->armed_officer, g_free);
  g_clear_pointer (&self->armed_ticket, g_free);
  g_clear_pointer (&self->last_officer, g_free);
  g_clear_pointer (&self->last_procedure, g_free);
  g_clear_pointer (&self->last_field, g_free);
  g_clear_pointer (&self->language, g_free);
  sodium_memzero (self->ticket_key, sizeof self->ticket_key);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->on_duty, g_free);
  g_clear_pointer (&self->opening, g_free);
  g_clear_pointer (&self->selected, g_array_unref);
  g_clear_pointer (&self->given, g_hash_table_unref);
  g_clear_pointer (&self->notices, g_ptr_array_unref);

  G_OBJECT_CLASS (hl_kiosk_parent_class)->finalize (object);
}

static void
hl_kiosk_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  HlKiosk *self = HL_KIOSK (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_enum (value, self->page);
      break;
    case PROP_QUESTION:
      g_value_set_pointer (value, self->question);
      break;
    case PROP_OFFICER:
      g_value_set_string (value, hl_kiosk_get_officer (self));
      break;
    case PROP_ON_DUTY:
      g_value_set_string (value, self->on_duty);
      break;
    case PROP_LAST_SEQUENCE:
      g_value_set_int64 (value, self->last_sequence);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_CAN_RATE:
      g_value_set_boolean (value, hl_kiosk_get_can_rate (self));
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_OPEN:
      g_value_set_boolean (value, self->open);
      break;
    case PROP_OPENING:
      g_value_set_string (value, self->opening);
      break;
    case PROP_DIMMED:
      g_value_set_boolean (value, self->dimmed);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    case PROP_LARGE_TEXT:
      g_value_set_boolean (value, self->large_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_kiosk_class_init (HlKioskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hl_kiosk_dispose;
  object_class->finalize = hl_kiosk_finalize;
  object_class->get_property = hl_kiosk_get_property;

  properties[PROP_PAGE] =
    g_param_spec_enum ("page", NULL, NULL, HL_TYPE_PAGE, HL_PAGE_WELCOME,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUESTION] =
    g_param_spec_pointer ("question", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OFFICER] =
    g_param_spec_string ("officer", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SEQUENCE] =
    g_param_spec_int64 ("last-sequence", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* FALSE in armed mode until the officer arms the kiosk, and while the database's integrity check has not
   * passed (hl_kiosk_set_checking()): the faces wait. */
  properties[PROP_CAN_RATE] =
    g_param_spec_boolean ("can-rate", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The officer on duty at the counter (hl_kiosk_sign_in()), or NULL. */
  properties[PROP_ON_DUTY] =
    g_param_spec_string ("on-duty", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The language of the citizen's screens (hl_kiosk_set_language()); back to the configured one after
   * each citizen. */
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Within the opening hours (always, without "opening_hours"); see hl-kiosk.h. */
  properties[PROP_OPEN] =
    g_param_spec_boolean ("open", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Closed: "Trung tâm mở cửa lúc …" (hl_kiosk_describe_opening()), kept up to date each second. */
  properties[PROP_OPENING] =
    g_param_spec_string ("opening", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIMMED] =
    g_param_spec_boolean ("dimmed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGH_CONTRAST] =
    g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LARGE_TEXT] =
    g_param_spec_boolean ("large-text", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The options chosen on the current choice question changed. */
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* An alert rule was met after a committed response (hl_kiosk_evaluate_alerts()). */
  signals[ALERT] =
    g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, HL_TYPE_ALERT);

  /* A notice for the supervisor was added (the newest of hl_kiosk_get_notices(), given as a pointer). */
  signals[NOTICE_ADDED] =
    g_signal_new ("notice-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
hl_kiosk_init (HlKiosk *self)
{
  self->clock_func = default_clock;
  self->selected = g_array_new (FALSE, FALSE, sizeof (guint));
  self->given = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
  self->log_saves = TRUE;
  self->alerts_enabled = TRUE;
  self->trail = g_ptr_array_new ();
  self->notices = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_notice_free);
  self->open = TRUE;
  self->activity = TRUE;
}

HlKiosk *
hl_kiosk_new (HlConfig   *config,
              HlSurvey   *survey,
              HlStore    *store,
              const char *kiosk_id)
{
  HlKiosk *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (HL_IS_SURVEY (survey), NULL);
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (kiosk_id != NULL, NULL);

  self = g_object_new (HL_TYPE_KIOSK, NULL);
  self->config = hl_config_ref (config);
  self->survey = g_object_ref (survey);
  self->walking = self->survey;
  self->store = store;  /* the store outlives the kiosk: its owner closes it after */
  self->kiosk_id = g_strdup (kiosk_id);
  self->on_duty = g_strdup (config->officer_on_duty);
  self->language = g_strdup (config->language);
  return self;
}

/* Who is on duty at the counter: the duty log's newest entry, or the configuration's officer when the
 * log has none. An officer the configuration no longer lists is not put on ratings. */
static gboolean
load_duty (HlKiosk  *self,
           GError  **error)
{
  g_autofree char *officer = NULL;
  gboolean found;
  gint64 since;

  if (!hl_store_get_duty (self->store, self->kiosk_id, self->config->counter_code, &found, &officer, &since, error))
    return FALSE;
  if (!found)
    return TRUE;
  if (officer != NULL && hl_config_lookup_officer (self->config, officer) == NULL)
    {
      g_warning ("officer “%s”, on duty by the log, is not listed in %s: nobody is on duty", officer,
                 self->config->path);
      g_clear_pointer (&officer, g_free);
    }
  if (g_strcmp0 (officer, self->on_duty) != 0)
    {
      g_free (self->on_duty);
      self->on_duty = g_steal_pointer (&officer);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_DUTY]);
      if (self->armed_officer == NULL)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFICER]);
    }
  self->on_duty_since = since;
  return TRUE;
}

static void out_of_service (HlKiosk *self, const GError *error);
static void start_ticking (HlKiosk *self);
static gboolean update_open (HlKiosk *self, GDateTime *now);
static void reset_modes (HlKiosk *self);
static char *describe_opening (HlKiosk *self, GDateTime *now);

static gboolean
save_surveys (HlKiosk  *self,
              GError  **error)
{
  if (!hl_store_save_survey (self->store, self->survey, error))
    return FALSE;
  if (self->detailed != NULL && !hl_store_save_survey (self->store, self->detailed, error))
    return FALSE;
  self->surveys_saved = TRUE;
  return TRUE;
}

/* After a write went through: what must succeed before the kiosk records (the surveys stored, and the
 * work of hl_kiosk_set_recover_func()), each done once. */
static gboolean
ready_to_record (HlKiosk  *self,
                 GError  **error)
{
  if (!self->surveys_saved && !save_surveys (self, error))
    return FALSE;
  if (self->recover_func != NULL)
    {
      if (!self->recover_func (self->recover_data, error))
        return FALSE;
      self->recover_func = NULL;
    }
  return TRUE;
}

/* @func must succeed, once, before the kiosk records: at start, and while out of service after a write
 * went through again (the start-up registers the kiosk's signing key this way when the database took no
 * writes at start). @user_data must outlive the kiosk or the call. */
void
hl_kiosk_set_recover_func (HlKiosk            *self,
                           HlKioskRecoverFunc  func,
                           gpointer            user_data)
{
  g_return_if_fail (HL_IS_KIOSK (self));

  self->recover_func = func;
  self->recover_data = user_data;
}

/* Learns where the kiosk's numbering stands, finds out whether the database takes writes, and stores the
 * survey definitions. A database that does not take writes (a read-only file, folder or disk, a full disk,
 * another writer holding it) is found here rather than at the first citizen's tap: the kiosk starts out of
 * service with the reason for the officer, and comes back by itself once a write goes through. FALSE only
 * when the database cannot even be read. */
gboolean
hl_kiosk_start (HlKiosk  *self,
                GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean found;

  g_return_val_if_fail (HL_IS_KIOSK (self), FALSE);

  /* None yet leaves both at 0: the first response is number 1 and no repeat. */
  if (!hl_store_get_last_response (self->store, self->kiosk_id, &found, &self->last_sequence, &self->last_utc,
                                   error))
    return FALSE;
  if (!load_duty (self, error))
    return FALSE;
  if (!hl_store_probe_write (self->store, &local_error) || !ready_to_record (self, &local_error))
    {
      g_prefix_error (&local_error, "the database does not take writes at start-up: ");
      out_of_service (self, local_error);
    }
  start_ticking (self);
  return TRUE;
}

void
hl_kiosk_set_clock (HlKiosk     *self,
                    HlClockFunc  func,
                    gpointer     user_data)
{
  g_return_if_fail (HL_IS_KIOSK (self));

  self->clock_func = func ? func : default_clock;
  self->clock_data = user_data;
}

/* `hailong simulate` records millions of responses for benchmarks; it may silence the per-save log. */
void
hl_kiosk_set_log_saves (HlKiosk  *self,
                        gboolean  log_saves)
{
  self->log_saves = log_saves;
}

HlConfig *
hl_kiosk_get_config (HlKiosk *self)
{
  return self->config;
}

HlSurvey *
hl_kiosk_get_survey (HlKiosk *self)
{
  return self->survey;
}

const char *
hl_kiosk_get_kiosk_id (HlKiosk *self)
{
  return self->kiosk_id;
}

const char *
hl_kiosk_get_language (HlKiosk *self)
{
  return self->language;
}

/* The languages the citizen may choose on the first screen: those the survey offers ("languages" of its
 * definition, Vietnamese first as written there). */
const char *const *
hl_kiosk_get_languages (HlKiosk *self)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), NULL);

  return hl_survey_get_languages (self->survey);
}

/* The thank-you page's QR code: the configuration's "feedback_url" for this unit, this counter and the
 * procedure of the response just thanked for (empty when the officer did not name one); NULL without it. */
char *
hl_kiosk_get_feedback_url (HlKiosk *self)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), NULL);

  if (self->config->feedback_url == NULL)
    return NULL;
  return hl_url_template_expand (self->config->feedback_url, self->config->unit_code, self->config->counter_code,
                                 self->last_procedure, NULL);
}

/* The sounds the kiosk ships, by name (NAME.wav, data/sounds/meson.build): "tap", and a thank-you spoken
 * in each of these languages. */
static const struct { const char *language, *sound; } spoken_thanks[] = {
  { "vi", "thanks-vi" }, { "en", "thanks-en" },
};

/* What to play now, or NULL for silence: the configuration's "sound" decides, off unless set. A thank-you
 * is spoken in the citizen's language, in Vietnamese where no voice of it ships. */
const char *
hl_kiosk_get_sound (HlKiosk      *self,
                    HlSoundEvent  event)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), NULL);

  switch (event)
    {
    case HL_SOUND_TAP:
      return self->config->sound_tap ? "tap" : NULL;
    case HL_SOUND_THANKS:
      if (!self->config->sound_thanks)
        return NULL;
      for (guint i = 0; i < G_N_ELEMENTS (spoken_thanks); i++)
        if (g_str_equal (spoken_thanks[i].language, self->language))
          return spoken_thanks[i].sound;
      return "thanks-vi";
    }
  g_return_val_if_reached (NULL);
}

static void restart_timer (HlKiosk *self);

static void
change_language (HlKiosk    *self,
                 const char *language)
{
  if (g_strcmp0 (self->language, language) == 0)
    return;
  g_free (self->language);
  self->language = g_strdup (language);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

/* The citizen's choice on the first screen: the interface and the survey's texts in LANGUAGE until this
 * citizen is done (the thank-you page's end, a timeout, or the idle timeout on the first screen itself
 * for a citizen who chose and walked away). Nothing is stored for it. */
gboolean
hl_kiosk_set_language (HlKiosk     *self,
                       const char  *language,
                       GError     **error)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), FALSE);
  g_return_val_if_fail (language != NULL, FALSE);

  if (self->page != HL_PAGE_WELCOME)
    {
      g_set_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_WRONG_PAGE,
                   "the language is chosen on the first screen, not on page %u", self->page);
      return FALSE;
    }
  if (!g_strv_contains (hl_kiosk_get_languages (self), language))
    {
      g_set_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_NO_LANGUAGE,
                   "the survey %s offers no language \"%s\"", hl_survey_get_id (self->survey), language);
      return FALSE;
    }
  change_language (self, language);
  restart_timer (self);
  return TRUE;
}

HlPage
hl_kiosk_get_page (HlKiosk *self)
{
  return self->page;
}

HlQuestion *
hl_kiosk_get_question (HlKiosk *self)
{
  return self->page == HL_PAGE_WELCOME ? hl_survey_get_first_question (self->survey) : self->question;
}

/* The survey offered as "Đánh giá chi tiết" on the thank-you page (hl_kiosk_start_detailed()). */
void
hl_kiosk_set_detailed_survey (HlKiosk  *self,
                              HlSurvey *detailed)
{
  g_return_if_fail (HL_IS_KIOSK (self));

  g_set_object (&self->detailed, detailed);
}

/* The thank-you page may offer the detailed rating: a first, counted rating of the main survey was
 * just stored, and the detailed survey is another one. */
gboolean
hl_kiosk_get_can_go_detailed (HlKiosk *self)
{
  return self->page == HL_PAGE_THANKS && self->detailed != NULL && self->detailed != self->survey
         && self->walking == self->survey && self->response_row != 0 && !self->last_repeat && !self->rated_by_key;
}

gboolean
hl_kiosk_get_can_go_back (HlKiosk *self)
{
  HlQuestion *previous;

  if (self->page != HL_PAGE_QUESTION || self->trail->len < 2)
    return FALSE;
  previous = g_ptr_array_index (self->trail, self->trail->len - 2);
  /* A choice, once sent, is not sent again; a rating may be changed. */
  return previous->type == HL_QUESTION_RATING;
}

/* Where the current follow-up stands among the survey's follow-ups: @index from 1 of @total. */
void
hl_kiosk_get_progress (HlKiosk *self,
                       guint   *index,
                       guint   *total)
{
  HlQuestion *first = hl_survey_get_first_question (self->walking);
  guint n = hl_survey_get_n_questions (self->walking);

  *index = *total = 0;
  for (guint i = 0; i < n; i++)
    {
      HlQuestion *q = hl_survey_get_question (self->walking, i);

      if (q->overall || q == first)
        continue;
      (*total)++;
      if (q == self->question)
        *index = *total;
    }
}

const char *
hl_kiosk_get_officer (HlKiosk *self)
{
  return self->armed_officer ? self->armed_officer : self->on_duty;
}

const char *
hl_kiosk_get_officer_name (HlKiosk *self)
{
  const HlOfficer *officer = hl_config_lookup_officer (self->config, hl_kiosk_get_officer (self));

  return officer ? officer->name : NULL;
}

gint64
hl_kiosk_get_last_sequence (HlKiosk *self)
{
  return self->last_sequence;
}

gboolean
hl_kiosk_get_last_repeat (HlKiosk *self)
{
  return self->last_repeat;
}

gboolean
hl_kiosk_get_last_burst (HlKiosk *self)
{
  return self->last_burst;
}

gboolean
hl_kiosk_get_armed (HlKiosk *self)
{
  return self->armed;
}

gboolean
hl_kiosk_get_can_rate (HlKiosk *self)
{
  return !self->checking && !self->damaged && (!self->config->armed_required || self->armed);
}

/* Whether the database's integrity check is still running (hl_kiosk_set_checking()). */
gboolean
hl_kiosk_get_checking (HlKiosk *self)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), FALSE);

  return self->checking;
}

void
hl_kiosk_set_ticket_key (HlKiosk      *self,
                         const guint8 *key)
{
  memcpy (self->ticket_key, key, sizeof self->ticket_key);
}

const char *
hl_kiosk_get_problem (HlKiosk *self)
{
  return self->problem;
}

gboolean
hl_kiosk_is_selected (HlKiosk *self,
                      guint    position)
{
  for (guint i = 0; i < self->selected->len; i++)
    if (g_array_index (self->selected, guint, i) == position)
      return TRUE;
  return FALSE;
}

static void clear_selection (HlKiosk *self);

static gboolean
page_timeout_cb (gpointer user_data)
{
  HlKiosk *self = user_data;

  self->timeout_id = 0;
  hl_kiosk_reset (self);
  return G_SOURCE_REMOVE;
}

/* The welcome page waits for ever, unless a citizen chose another language there: then it goes back to
 * the configured one after the idle timeout. The others go back to it after their timeout. */
static void
restart_timer (HlKiosk *self)
{
  guint seconds = 0;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->page == HL_PAGE_QUESTION || self->page == HL_PAGE_PRIVACY
      || (self->page == HL_PAGE_WELCOME && g_strcmp0 (self->language, self->config->language) != 0))
    seconds = self->config->idle_timeout;
  else if (self->page == HL_PAGE_WELCOME && (self->high_contrast || self->large_text))
    /* A citizen who switched a mode and walked away: the next one finds the screen as usual. */
    seconds = self->config->idle_timeout;
  else if (self->page == HL_PAGE_THANKS)
    /* Twice as long when the detailed rating is offered, to read the offer. */
    seconds = self->config->thanks_timeout * (hl_kiosk_get_can_go_detailed (self) ? 2 : 1);
  if (seconds > 0)
    self->timeout_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, seconds, page_timeout_cb, self, NULL);
}

static void
set_page (HlKiosk    *self,
          HlPage      page,
          HlQuestion *question)
{
  gboolean page_changed = self->page != page;
  gboolean question_changed = self->question != question;

  self->page = page;
  self->question = question;
  self->activity = TRUE;
  if (question_changed)
    clear_selection (self);
  restart_timer (self);
  if (question_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUESTION]);
  if (page_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
clear_selection (HlKiosk *self)
{
  if (self->selected->len == 0)
    return;
  g_array_set_size (self->selected, 0);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

/* Back to the first screen; whatever was answered is kept, as it is on disk already. */
void
hl_kiosk_reset (HlKiosk *self)
{
  g_return_if_fail (HL_IS_KIOSK (self));

  if (self->page == HL_PAGE_OUT_OF_SERVICE)
    return;
  self->response_row = 0;
  self->walking = self->survey;
  g_ptr_array_set_size (self->trail, 0);
  g_hash_table_remove_all (self->given);
  reset_modes (self);
  /* The next citizen finds the configured language, before the first screen shows again. */
  change_language (self, self->config->language);
  set_page (self, HL_PAGE_WELCOME, NULL);
}

void
hl_kiosk_touch (HlKiosk *self)
{
  g_return_if_fail (HL_IS_KIOSK (self));

  self->activity = TRUE;
  /* A citizen still reading the first screen in the language or mode chosen keeps it (restart_timer()
   * starts the first screen's timeout only for those). */
  if (self->page == HL_PAGE_QUESTION || self->page == HL_PAGE_PRIVACY || self->page == HL_PAGE_WELCOME)
    restart_timer (self);
}

/* Says what the citizen's next action comes from; the window calls it as each tap or key arrives, before
 * the action it triggers. Touch until told otherwise. */
void
hl_kiosk_set_input (HlKiosk *self,
                    HlInput  input)
{
  g_return_if_fail (HL_IS_KIOSK (self));

  self->input = input;
}

/* Notes something the supervisor must know: kept on the session with the time (the kiosk's clock),
 * logged, and announced by "notice-added". The caller writes the text in Vietnamese. */
void
hl_kiosk_add_notice (HlKiosk    *self,
                     const char *text)
{
  g_autoptr(GDateTime) now = NULL;
  HlNotice *notice;

  g_return_if_fail (HL_IS_KIOSK (self));
  g_return_if_fail (text != NULL);

  now = self->clock_func (self->clock_data);
  notice = hl_notice_new (now, text);
  g_ptr_array_add (self->notices, notice);
  hl_notice_log (notice, self->kiosk_id);
  g_signal_emit (self, signals[NOTICE_ADDED], 0, notice);
}

/* The supervisor's notices so far, oldest first (HlNotice*, owned by the kiosk). */
GPtrArray *
hl_kiosk_get_notices (HlKiosk *self)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), NULL);

  return self->notices;
}

static gboolean
question_is_shown (HlKiosk    *self,
                   HlQuestion *question)
{
  GArray *values;

  if (question->show_if_question == NULL)
    return TRUE;
  values = g_hash_table_lookup (self->given, question->show_if_question->id);
  if (values == NULL)
    return FALSE;
  for (guint i = 0; i < values->len; i++)
    {
      int value = g_array_index (values, int, i);

      if (question->show_if_satisfied >= 0)
        {
          const HlOption *option = hl_question_lookup_option (question->show_if_question, value);

          if (option != NULL && option->satisfied == (gboolean) question->show_if_satisfied)
            return TRUE;
        }
      else if (question->show_if_in != NULL)
        {
          for (guint j = 0; j < question->show_if_in->len; j++)
            if (g_array_index (question->show_if_in, int, j) == value)
              return TRUE;
        }
    }
  return FALSE;
}

/* After @after (NULL: from the start), the next question whose show_if holds, or NULL when the survey is
 * done. The overall question is never a follow-up: it was answered on the first screen. */
static HlQuestion *
next_question (HlKiosk    *self,
               HlQuestion *after)
{
  guint n = hl_survey_get_n_questions (self->walking);

  for (guint i = after ? after->position + 1 : 0; i < n; i++)
    {
      HlQuestion *question = hl_survey_get_question (self->walking, i);

      if (question->overall || question == hl_survey_get_first_question (self->walking))
        continue;
      if (question_is_shown (self, question))
        return question;
    }
  return NULL;
}

static void
go_on_after (HlKiosk    *self,
             HlQuestion *answered)
{
  HlQuestion *next = self->last_repeat ? NULL : next_question (self, answered);

  if (next != NULL)
    g_ptr_array_add (self->trail, next);
  set_page (self, next ? HL_PAGE_QUESTION : HL_PAGE_THANKS, next);
}

static void
remember_answers (HlKiosk        *self,
                  const HlAnswer *answers,
                  guint           n_answers)
{
  for (guint i = 0; i < n_answers; i++)
    {
      GArray *values = g_hash_table_lookup (self->given, answers[i].question_id);

      if (values == NULL)
        {
          values = g_array_new (FALSE, FALSE, sizeof (int));
          g_hash_table_insert (self->given, (gpointer) answers[i].question_id, values);
        }
      g_array_append_val (values, answers[i].value);
    }
}

static gboolean
recover_cb (gpointer user_data)
{
  HlKiosk *self = user_data;

  if (hl_kiosk_try_recover (self))
    {
      self->recover_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
out_of_service_with (HlKiosk    *self,
                     const char *notice,
                     const char *problem)
{
  hl_kiosk_add_notice (self, notice);
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
  self->response_row = 0;
  set_page (self, HL_PAGE_OUT_OF_SERVICE, NULL);
  /* A damaged file is not written to again however well it takes writes (hl_kiosk_checked()). */
  if (self->damaged)
    g_clear_handle_id (&self->recover_id, g_source_remove);
  else if (self->recover_id == 0)
    self->recover_id = g_timeout_add_seconds (RECOVER_INTERVAL_SECONDS, recover_cb, self);
}

static void
out_of_service (HlKiosk     *self,
                const GError *error)
{
  g_autofree char *notice = g_strdup_printf (_("Tạm ngừng phục vụ: không ghi được đánh giá vào cơ sở dữ liệu (%s)."),
                                              error->message);

  g_warning ("out of service: %s", error->message);
  out_of_service_with (self, notice, error->message);
}

/* Out of service: tries a small durable write; when it succeeds the kiosk is back on its first screen.
 * Called by a timer every few seconds, so that the kiosk recovers by itself when space returns. */
gboolean
hl_kiosk_try_recover (HlKiosk *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (HL_IS_KIOSK (self), FALSE);

  if (self->page != HL_PAGE_OUT_OF_SERVICE)
    return TRUE;
  /* A file that failed its integrity check takes no rating however well it takes writes: it is replaced
   * from a backup at the next start (hl_kiosk_checked()). */
  if (self->damaged)
    return FALSE;
  if (!hl_store_probe_write (self->store, &error) || !ready_to_record (self, &error))
    {
      g_debug ("still out of service: %s", error->message);
      return FALSE;
    }
  g_message ("back in service after: %s", self->problem);
  hl_kiosk_add_notice (self, _("Đã phục vụ trở lại: cơ sở dữ liệu ghi được."));
  g_clear_handle_id (&self->recover_id, g_source_remove);
  g_clear_pointer (&self->problem, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
  self->page = HL_PAGE_WELCOME;  /* hl_kiosk_reset() does nothing while out of service */
  g_hash_table_remove_all (self->given);
  change_language (self, self->config->language);
  self->question = NULL;
  clear_selection (self);
  restart_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUESTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  return TRUE;
}

/* The database is opened before its integrity check has run (the GTK kiosk checks it on a thread after
 * its first frame, so that starting does not grow with the file): until hl_kiosk_checked(), the first
 * screen shows but no rating is taken into the file. Call before hl_kiosk_start(). */
void
hl_kiosk_set_checking (HlKiosk  *self,
                       gboolean  checking)
{
  g_return_if_fail (HL_IS_KIOSK (self));

  self->checking = checking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RATE]);
}

/* The integrity check's verdict: NULL, the file is sound and ratings are taken from now on; else the
 * kiosk goes out of service for good on this file, since a rating must never go into a damaged one.
 * What replaces the file (the newest good backup, at the next start) is the start-up's (hl-kiosk-startup.h). */
void
hl_kiosk_checked (HlKiosk      *self,
                  const GError *damage)
{
  g_return_if_fail (HL_IS_KIOSK (self));

  self->checking = FALSE;
  if (damage != NULL)
    {
      g_autofree char *notice = g_strdup_printf (_("Tạm ngừng phục vụ: cơ sở dữ liệu không qua được bước kiểm tra "
                                                    "(%s). Máy sẽ khởi động lại và khôi phục từ bản sao lưu tốt "
                                                    "mới nhất."), damage->message);

      g_warning ("out of service: the integrity check failed: %s", damage->message);
      self->damaged = TRUE;
      out_of_service_with (self, notice, damage->message);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RATE]);
}

static void
log_saved (HlKiosk  *self,
           gboolean  repeat)
{
  g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, self->last_sequence);

  if (!self->log_saves)
    return;
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "HL_KIOSK_ID", self->kiosk_id,
                    "HL_SEQUENCE", seq,
                    "MESSAGE", "saved response %s/%s%s", self->kiosk_id, seq,
                    repeat ? " (repeat: stored, not counted)" : "");
}

/* After a committed response: the alerts it raised go to the supervisor (HlKiosk::alert). A failure
 * here is logged and nothing more: the response is on disk and the citizen is thanked, and a database
 * that fails to read will fail the next write too, which puts the kiosk out of service and tells the
 * supervisor (a notice). So it is a message, not a warning. */
static void
raise_alerts (HlKiosk *self)
{
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GError) error = NULL;

  if (!self->alerts_enabled || self->config->alert_rules == NULL || self->config->alert_rules->len == 0)
    return;
  alerts = hl_kiosk_evaluate_alerts (self, &error);
  if (alerts == NULL)
    {
      g_message ("alerts not evaluated: %s", error->message);
      return;
    }
  for (guint i = 0; i < alerts->len; i++)
    {
      HlAlert *alert = g_ptr_array_index (alerts, i);

      g_message ("alert: %s", alert->message);
      g_signal_emit (self, signals[ALERT], 0, alert);
    }
}

static gboolean
alerts_cb (gpointer user_data)
{
  HlKiosk *self = user_data;

  self->alerts_id = 0;
  raise_alerts (self);
  return G_SOURCE_REMOVE;
}

/* The alerts are the supervisor's, and reading the day's figures for them takes a millisecond or more:
 * the GTK kiosk evaluates them after the tap's frame, at low priority, instead of before it. Responses
 * that come before the idle runs are judged together, on the figures after the last of them. */
void
hl_kiosk_set_alerts_deferred (HlKiosk  *self,
                              gboolean  deferred)
{
  g_return_if_fail (HL_IS_KIOSK (self));

  self->alerts_deferred = deferred;
}

/* The citizen's first tap: a new response with the answer to the first question, committed to disk
 * before this returns TRUE. */
static gboolean
rate (HlKiosk     *self,
      HlQuestion  *question,
      const HlOption *option,
      GDateTime   *now,
      GError     **error)
{
  g_autofree char *recorded_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  gint64 utc = g_date_time_to_unix (now);
  const char *procedure = self->armed_procedure;
  const HlCodeName *proc;
  HlAnswer answer = { question->id, option->value };
  HlResponse response = { 0 };
  g_autoptr(GError) local_error = NULL;

  /* A counter that serves a single procedure needs no officer to say which one it was. */
  if (procedure == NULL && self->config->procedures->len == 1)
    procedure = ((HlCodeName *) g_ptr_array_index (self->config->procedures, 0))->code;
  proc = hl_config_lookup_procedure (self->config, procedure);

  response.kiosk_id = self->kiosk_id;
  response.recorded_at = recorded_at;
  response.recorded_utc = utc;
  response.day = day;
  response.unit = self->config->unit_code;
  response.counter = self->config->counter_code;
  response.officer = hl_kiosk_get_officer (self);
  response.procedure = procedure;
  response.field = proc ? proc->field : NULL;
  response.survey_id = hl_survey_get_id (self->survey);
  response.survey_version = hl_survey_get_version (self->survey);
  /* FORMATS.md §4: a press within the response interval after the previous response is a repeat. A
   * clock that went backwards is not taken for a repeat. */
  response.repeat = self->last_utc > 0 && utc >= self->last_utc
                    && utc - self->last_utc < (gint64) self->config->response_interval;
  response.ticket_hash = self->armed_ticket;
  if (!response.repeat)
    {
      /* METHOD.md: more responses at one counter than could have been served are a burst. They are
       * counted, flagged, and every figure can be given without them. */
      gint64 recent = hl_store_count_recent (self->store, self->kiosk_id, self->config->counter_code,
                                             utc - 60 * (gint64) self->config->burst_minutes, &local_error);

      if (recent < 0)
        {
          out_of_service (self, local_error);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      response.burst = recent + 1 > self->config->burst_responses;
    }

  if (!hl_store_append_response (self->store, &response, &answer, 1, &local_error))
    {
      out_of_service (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->response_row = response.row_id;
  g_free (self->last_officer);
  self->last_officer = g_strdup (response.officer);
  g_free (self->last_procedure);
  self->last_procedure = g_strdup (response.procedure);
  g_free (self->last_field);
  self->last_field = g_strdup (response.field);
  self->walking = self->survey;
  g_ptr_array_set_size (self->trail, 0);
  self->last_sequence = response.sequence;
  self->last_utc = utc;
  self->last_repeat = response.repeat;
  self->last_burst = response.burst;
  self->rated_by_key = self->input == HL_INPUT_KEY;
  g_hash_table_remove_all (self->given);
  remember_answers (self, &answer, 1);
  /* The officer's context served this response; the next one needs a new arming. */
  g_clear_pointer (&self->armed_procedure, g_free);
  g_clear_pointer (&self->armed_ticket, g_free);
  if (self->armed)
    {
      self->armed = FALSE;
      if (self->config->armed_required)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RATE]);
    }
  if (self->armed_officer != NULL)
    {
      g_clear_pointer (&self->armed_officer, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFICER]);
    }
  log_saved (self, response.repeat);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SEQUENCE]);
  go_on_after (self, question);
  if (!response.repeat && self->alerts_deferred)
    {
      if (self->alerts_id == 0)
        self->alerts_id = g_idle_add_full (G_PRIORITY_LOW, alerts_cb, self, NULL);
    }
  else if (!response.repeat)
    raise_alerts (self);
  return TRUE;
}

static gboolean
store_answers (HlKiosk        *self,
               HlQuestion     *question,
               const HlAnswer *answers,
               guint           n_answers,
               GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!hl_store_append_answers (self->store, self->response_row, answers, n_answers, &local_error))
    {
      out_of_service (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  remember_answers (self, answers, n_answers);
  go_on_after (self, question);
  return TRUE;
}

/* A rating follow-up: stored at once; answered again after "back", the new answer replaces the old. */
static gboolean
answer_rating (HlKiosk     *self,
               HlQuestion  *question,
               int          value,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  HlAnswer answer = { question->id, value };

  if (!hl_store_replace_answer (self->store, self->response_row, question->id, value, &local_error))
    {
      out_of_service (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_hash_table_remove (self->given, question->id);
  remember_answers (self, &answer, 1);
  go_on_after (self, question);
  return TRUE;
}

static const HlOption *
option_at (HlQuestion  *question,
           guint        position,
           GError     **error)
{
  GPtrArray *options = hl_question_get_options (question);

  if (options == NULL || position >= options->len)
    {
      g_set_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_NO_OPTION, "question “%s” has no option %u",
                   question->id, position + 1);
      return NULL;
    }
  return g_ptr_array_index (options, position);
}

/* The option at @position (from 0, left to right as shown) is pressed: on the first screen it rates, on a
 * rating follow-up it answers, on a choice it is selected or unselected. */
gboolean
hl_kiosk_choose (HlKiosk   *self,
                 guint      position,
                 GError   **error)
{
  HlQuestion *question;
  const HlOption *option;

  g_return_val_if_fail (HL_IS_KIOSK (self), FALSE);

  if (self->page != HL_PAGE_WELCOME && self->page != HL_PAGE_QUESTION)
    {
      g_set_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_WRONG_PAGE, "no question is shown");
      return FALSE;
    }
  question = hl_kiosk_get_question (self);
  option = option_at (question, position, error);
  if (option == NULL)
    return FALSE;

  if (self->page == HL_PAGE_WELCOME)
    {
      g_autoptr(GDateTime) now = NULL;

      /* The touch that wakes a dimmed screen was not aimed at a face: the citizen could not see them. */
      if (hl_kiosk_wake (self))
        {
          g_set_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_DIMMED, "the screen was dimmed: this touch woke it");
          return FALSE;
        }
      if (self->checking)
        {
          g_set_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_CHECKING,
                       "the database is still being checked: no rating is taken until it has passed");
          return FALSE;
        }
      if (!hl_kiosk_get_can_rate (self))
        {
          g_set_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_NOT_ARMED, "the officer has not armed the kiosk");
          return FALSE;
        }
      /* Judged by the clock of the tap itself, not by the last look at it: one reading, which is also
       * the response's time. */
      now = self->clock_func (self->clock_data);
      if (!update_open (self, now))
        {
          g_set_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_CLOSED, "outside the opening hours: not a rating");
          return FALSE;
        }
      return rate (self, question, option, now, error);
    }

  restart_timer (self);
  if (question->type == HL_QUESTION_RATING)
    return answer_rating (self, question, option->value, error);

  if (hl_kiosk_is_selected (self, position))
    {
      for (guint i = 0; i < self->selected->len; i++)
        if (g_array_index (self->selected, guint, i) == position)
          {
            g_array_remove_index (self->selected, i);
            break;
          }
    }
  else
    {
      if (!question->multiple)
        g_array_set_size (self->selected, 0);
      g_array_append_val (self->selected, position);
    }
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
  return TRUE;
}

/* Stores what is selected on the current choice question and moves on. */
gboolean
hl_kiosk_submit (HlKiosk  *self,
                 GError  **error)
{
  g_autofree HlAnswer *answers = NULL;
  GPtrArray *options;
  guint n = 0;

  g_return_val_if_fail (HL_IS_KIOSK (self), FALSE);

  if (self->page != HL_PAGE_QUESTION)
    {
      g_set_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_WRONG_PAGE, "no follow-up question is shown");
      return FALSE;
    }
  options = hl_question_get_options (self->question);
  answers = g_new0 (HlAnswer, self->selected->len + 1);
  /* In the order shown, whatever order they were tapped in. */
  for (guint i = 0; i < options->len; i++)
    if (hl_kiosk_is_selected (self, i))
      {
        answers[n].question_id = self->question->id;
        answers[n].value = ((HlOption *) g_ptr_array_index (options, i))->value;
        n++;
      }
  return store_answers (self, self->question, answers, n, error);
}

/* Back to the previous follow-up, to change its answer. */
void
hl_kiosk_back (HlKiosk *self)
{
  HlQuestion *previous;

  g_return_if_fail (HL_IS_KIOSK (self));

  if (!hl_kiosk_get_can_go_back (self))
    return;
  g_ptr_array_set_size (self->trail, self->trail->len - 1);
  previous = g_ptr_array_index (self->trail, self->trail->len - 1);
  set_page (self, HL_PAGE_QUESTION, previous);
}

/* From the thank-you page: the citizen accepts the detailed rating. It is a response of the detailed
 * survey of its own, tied to the quick one (it adds criteria, not a second citizen), stored before its
 * first question shows, so that a citizen who walks away leaves a valid partial response. */
gboolean
hl_kiosk_start_detailed (HlKiosk  *self,
                         GError  **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *recorded_at = NULL;
  g_autofree char *day = NULL;
  g_autoptr(GError) local_error = NULL;
  HlResponse response = { 0 };
  HlQuestion *first;

  g_return_val_if_fail (HL_IS_KIOSK (self), FALSE);

  if (!hl_kiosk_get_can_go_detailed (self))
    {
      g_set_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_WRONG_PAGE, "no detailed rating is offered now");
      return FALSE;
    }
  /* A key on the thank-you page (Enter on a focused button, say) never starts 22 questions. */
  if (self->input == HL_INPUT_KEY)
    {
      g_set_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_WRONG_PAGE, "the detailed rating starts by touch only");
      return FALSE;
    }
  now = self->clock_func (self->clock_data);
  recorded_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  day = g_date_time_format (now, "%Y-%m-%d");
  response.kiosk_id = self->kiosk_id;
  response.recorded_at = recorded_at;
  response.recorded_utc = g_date_time_to_unix (now);
  response.day = day;
  response.unit = self->config->unit_code;
  response.counter = self->config->counter_code;
  response.officer = self->last_officer;
  response.procedure = self->last_procedure;
  response.field = self->last_field;
  response.survey_id = hl_survey_get_id (self->detailed);
  response.survey_version = hl_survey_get_version (self->detailed);
  response.detail_of = self->response_row;
  if (!hl_store_append_response (self->store, &response, NULL, 0, &local_error))
    {
      out_of_service (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->response_row = response.row_id;
  self->last_sequence = response.sequence;
  log_saved (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SEQUENCE]);
  self->walking = self->detailed;
  g_hash_table_remove_all (self->given);
  g_ptr_array_set_size (self->trail, 0);
  first = next_question (self, NULL);
  if (first != NULL)
    g_ptr_array_add (self->trail, first);
  set_page (self, first ? HL_PAGE_QUESTION : HL_PAGE_THANKS, first);
  return TRUE;
}

/* Goes past the current follow-up question without answering it. */
void
hl_kiosk_skip (HlKiosk *self)
{
  g_return_if_fail (HL_IS_KIOSK (self));

  /* Escape on the keypad closes the privacy notice as its button does. */
  if (self->page == HL_PAGE_PRIVACY)
    hl_kiosk_close_privacy (self);
  if (self->page != HL_PAGE_QUESTION)
    return;
  go_on_after (self, self->question);
}

/* The officer's side: the next response is for this procedure and officer (either may be NULL), and
 * for this ticket number, which may rate once; in armed mode only an armed kiosk rates. */
gboolean
hl_kiosk_arm (HlKiosk     *self,
              const char  *procedure,
              const char  *officer,
              const char  *ticket,
              GError     **error)
{
  g_autofree char *ticket_hash = NULL;
  gboolean used;

  g_return_val_if_fail (HL_IS_KIOSK (self), FALSE);

  if (procedure != NULL && hl_config_lookup_procedure (self->config, procedure) == NULL)
    {
      g_set_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_UNKNOWN_CODE,
                   "procedure “%s” is not served at this counter (%s)", procedure, self->config->path);
      return FALSE;
    }
  if (officer != NULL && hl_config_lookup_officer (self->config, officer) == NULL)
    {
      g_set_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_UNKNOWN_CODE,
                   "officer “%s” is not listed in %s", officer, self->config->path);
      return FALSE;
    }
  if (ticket != NULL && *ticket != '\0')
    {
      guint8 hash[32];
      char hex[65];

      /* Keyed (BLAKE2b with the kiosk's ticket key): the database never holds a ticket number, and
       * one cannot be guessed from its hash without the kiosk's key. */
      crypto_generichash (hash, sizeof hash, (const guchar *) ticket, strlen (ticket),
                          self->ticket_key, sizeof self->ticket_key);
      sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
      ticket_hash = g_strdup (hex);
      if (!hl_store_ticket_used (self->store, ticket_hash, &used, error))
        return FALSE;
      if (used)
        {
          g_set_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_TICKET_USED, "this ticket has rated already");
          return FALSE;
        }
    }

  g_free (self->armed_procedure);
  self->armed_procedure = g_strdup (procedure);
  g_free (self->armed_ticket);
  self->armed_ticket = g_steal_pointer (&ticket_hash);
  if (g_strcmp0 (self->armed_officer, officer) != 0)
    {
      g_free (self->armed_officer);
      self->armed_officer = g_strdup (officer);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFICER]);
    }
  if (!self->armed)
    {
      self->armed = TRUE;
      if (self->config->armed_required)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RATE]);
    }
  /* The officer invites the next citizen: a dimmed screen lights up for them. */
  hl_kiosk_wake (self);
  return TRUE;
}

GDateTime *
hl_kiosk_now (HlKiosk *self)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), NULL);
  return self->clock_func (self->clock_data);
}

HlStore *
hl_kiosk_get_store (HlKiosk *self)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), NULL);
  return self->store;
}

void
hl_kiosk_set_alerts_enabled (HlKiosk  *self,
                             gboolean  enabled)
{
  g_return_if_fail (HL_IS_KIOSK (self));
  self->alerts_enabled = enabled;
}

/* Logs the change with its time, then takes it: a failed write changes nobody's duty. */
static gboolean
set_on_duty (HlKiosk     *self,
             const char  *officer,
             GError     **error)
{
  g_autoptr(GDateTime) now = self->clock_func (self->clock_data);
  g_autofree char *recorded_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  gint64 utc = g_date_time_to_unix (now);

  if (!hl_store_log_duty (self->store, self->kiosk_id, self->config->counter_code, officer, recorded_at, utc, error))
    return FALSE;
  g_message ("%s %s counter %s", officer ? officer : self->on_duty ? self->on_duty : "nobody",
             officer ? "signed in to" : "signed out of", self->config->counter_code);
  self->on_duty_since = officer ? utc : 0;
  if (g_strcmp0 (self->on_duty, officer) != 0)
    {
      g_free (self->on_duty);
      self->on_duty = g_strdup (officer);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_DUTY]);
      if (self->armed_officer == NULL)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFICER]);
    }
  return TRUE;
}

gboolean
hl_kiosk_sign_in (HlKiosk     *self,
                  const char  *officer,
                  GError     **error)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), FALSE);
  g_return_val_if_fail (officer != NULL, FALSE);

  if (hl_config_lookup_officer (self->config, officer) == NULL)
    {
      g_set_error (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_UNKNOWN_CODE,
                   "officer “%s” is not listed in %s", officer, self->config->path);
      return FALSE;
    }
  return set_on_duty (self, officer, error);
}

gboolean
hl_kiosk_sign_out (HlKiosk  *self,
                   GError  **error)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), FALSE);
  return set_on_duty (self, NULL, error);
}

const char *
hl_kiosk_get_on_duty (HlKiosk *self,
                      gint64  *since_utc)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), NULL);

  if (since_utc != NULL)
    *since_utc = self->on_duty ? self->on_duty_since : 0;
  return self->on_duty;
}

/* ---- The citizen's screen beyond the rating: opening hours, dimming, display modes, privacy ---- */

static void
set_flag (HlKiosk  *self,
          gboolean *flag,
          gboolean  value,
          guint     prop)
{
  if (*flag == value)
    return;
  *flag = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Whether @now is within the opening hours; notifies a change. A change also counts as activity: the
 * first screen shows its new message undimmed. */
static gboolean
update_open (HlKiosk   *self,
             GDateTime *now)
{
  gboolean open = hl_config_is_open (self->config, now);

  if (open != self->open)
    {
      g_message ("%s", open ? "the centre opens: ratings are taken" : "the centre closes: taps are not ratings");
      self->activity = TRUE;
      set_flag (self, &self->open, open, PROP_OPEN);
    }
  return open;
}

static void
reset_modes (HlKiosk *self)
{
  set_flag (self, &self->high_contrast, FALSE, PROP_HIGH_CONTRAST);
  set_flag (self, &self->large_text, FALSE, PROP_LARGE_TEXT);
}

/* Looks at the clock: the opening hours, and whether the first screen has gone "dim_after" minutes
 * without a touch. Activity (a touch, a page shown) is only noted as it happens and given its time here,
 * so that nothing else reads the clock for it. The kiosk calls this every second; tests call it after
 * moving their clock. */
void
hl_kiosk_check_time (HlKiosk *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *opening = NULL;
  gint64 utc;
  gboolean dim;

  g_return_if_fail (HL_IS_KIOSK (self));

  now = self->clock_func (self->clock_data);
  utc = g_date_time_to_unix (now);
  update_open (self, now);
  opening = describe_opening (self, now);
  if (g_strcmp0 (opening, self->opening) != 0)
    {
      g_free (self->opening);
      self->opening = g_steal_pointer (&opening);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPENING]);
    }
  /* A clock set back must not keep the screen bright (or dark) for the hours it went back. */
  if (self->activity || utc < self->last_activity)
    {
      self->activity = FALSE;
      self->last_activity = utc;
    }
  dim = self->page == HL_PAGE_WELCOME && self->config->dim_after > 0
        && utc - self->last_activity >= 60 * (gint64) self->config->dim_after;
  if (dim && !self->dimmed)
    reset_modes (self);
  set_flag (self, &self->dimmed, dim, PROP_DIMMED);
}

static gboolean
tick_cb (gpointer user_data)
{
  hl_kiosk_check_time (user_data);
  return G_SOURCE_CONTINUE;
}

static void
start_ticking (HlKiosk *self)
{
  hl_kiosk_check_time (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

gboolean
hl_kiosk_get_open (HlKiosk *self)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), FALSE);
  return self->open;
}

gboolean
hl_kiosk_get_dimmed (HlKiosk *self)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), FALSE);
  return self->dimmed;
}

/* A touch or key arrived. TRUE when the screen was dimmed: it wakes, and that input is spent on waking
 * (the window drops it; hl_kiosk_choose() refuses it), since the citizen could not see what it hit. */
gboolean
hl_kiosk_wake (HlKiosk *self)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), FALSE);

  if (!self->dimmed)
    return FALSE;
  self->activity = TRUE;
  set_flag (self, &self->dimmed, FALSE, PROP_DIMMED);
  return TRUE;
}

/* "Trung tâm mở cửa lúc 07:30 ngày mai, thứ Năm 03/12/2026.": when the centre opens next, for the
 * first screen outside the opening hours; NULL while open (or without "opening_hours"). */
static char *
describe_opening (HlKiosk   *self,
                  GDateTime *now)
{
  static const char *weekdays[] = { NULL, N_("thứ Hai"), N_("thứ Ba"), N_("thứ Tư"), N_("thứ Năm"), N_("thứ Sáu"),
                                    N_("thứ Bảy"), N_("Chủ nhật") };
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autofree char *time = NULL;
  g_autofree char *date = NULL;
  const char *weekday;

  if (self->open)
    return NULL;
  next = hl_config_next_opening (self->config, now);
  if (next == NULL)
    return NULL;
  time = g_date_time_format (next, "%H:%M");
  date = g_date_time_format (next, "%d/%m/%Y");
  weekday = _(weekdays[g_date_time_get_day_of_week (next)]);
  tomorrow = g_date_time_add_days (now, 1);
  if (g_date_time_get_day_of_year (next) == g_date_time_get_day_of_year (now)
      && g_date_time_get_year (next) == g_date_time_get_year (now))
    return g_strdup_printf (_("Trung tâm mở cửa lúc %s hôm nay."), time);
  if (g_date_time_get_day_of_year (next) == g_date_time_get_day_of_year (tomorrow)
      && g_date_time_get_year (next) == g_date_time_get_year (tomorrow))
    return g_strdup_printf (_("Trung tâm mở cửa lúc %s ngày mai, %s %s."), time, weekday, date);
  return g_strdup_printf (_("Trung tâm mở cửa lúc %s %s, %s."), time, weekday, date);
}

char *
hl_kiosk_describe_opening (HlKiosk *self)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (HL_IS_KIOSK (self), NULL);

  now = self->clock_func (self->clock_data);
  return describe_opening (self, now);
}

/* What the "opening" property holds: the text of hl_kiosk_describe_opening() at the kiosk's last look at
 * its clock ("hôm nay" turns into "ngày mai" as the day changes), NULL while open. */
const char *
hl_kiosk_get_opening (HlKiosk *self)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), NULL);
  return self->opening;
}

gboolean
hl_kiosk_get_high_contrast (HlKiosk *self)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), FALSE);
  return self->high_contrast;
}

gboolean
hl_kiosk_get_large_text (HlKiosk *self)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), FALSE);
  return self->large_text;
}

/* The modes are switched on the first screen only (their buttons are there), and a switch is a touch:
 * the first screen's idle timeout counts from it. */
static void
set_mode (HlKiosk  *self,
          gboolean *flag,
          gboolean  value,
          guint     prop)
{
  if (self->page != HL_PAGE_WELCOME && self->page != HL_PAGE_PRIVACY)
    return;
  set_flag (self, flag, value, prop);
  hl_kiosk_touch (self);
}

void
hl_kiosk_set_high_contrast (HlKiosk  *self,
                            gboolean  high_contrast)
{
  g_return_if_fail (HL_IS_KIOSK (self));
  set_mode (self, &self->high_contrast, high_contrast, PROP_HIGH_CONTRAST);
}

void
hl_kiosk_set_large_text (HlKiosk  *self,
                         gboolean  large_text)
{
  g_return_if_fail (HL_IS_KIOSK (self));
  set_mode (self, &self->large_text, large_text, PROP_LARGE_TEXT);
}

/* From the first screen, open or closed: the privacy notice, until it is closed or "idle_timeout"
 * seconds pass without a touch. FALSE on any other page. */
gboolean
hl_kiosk_show_privacy (HlKiosk *self)
{
  g_return_val_if_fail (HL_IS_KIOSK (self), FALSE);

  if (self->page != HL_PAGE_WELCOME)
    return FALSE;
  set_page (self, HL_PAGE_PRIVACY, NULL);
  return TRUE;
}

/* Back to the first screen from the privacy notice, for the same citizen: the modes stay. (Its timeout
 * is hl_kiosk_reset(), for the next citizen.) */
void
hl_kiosk_close_privacy (HlKiosk *self)
{
  g_return_if_fail (HL_IS_KIOSK (self));

  if (self->page == HL_PAGE_PRIVACY)
    set_page (self, HL_PAGE_WELCOME, NULL);
}
