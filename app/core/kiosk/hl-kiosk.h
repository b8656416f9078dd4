/* hl-kiosk.h: what a kiosk does when a citizen touches it. The GTK kiosk and `hailong simulate` both
 * drive this object, so that every decision (which page comes next, what is stored, what counts as a
 * repeat) is taken once, here, without GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "hl-types.h"
#include "hl-config.h"
#include "hl-notice.h"
#include "hl-store.h"
#include "hl-survey.h"

G_BEGIN_DECLS

typedef enum {
  HL_PAGE_WELCOME,         /* the first screen: who serves here, and the faces */
  HL_PAGE_QUESTION,        /* an optional follow-up question */
  HL_PAGE_THANKS,          /* shown only once the response is on disk */
  HL_PAGE_OUT_OF_SERVICE,  /* the response could not be stored: never thank for it */
  HL_PAGE_PRIVACY,         /* the privacy notice, opened from the first screen */
} HlPage;

GType hl_page_get_type (void) G_GNUC_CONST;
#define HL_TYPE_PAGE (hl_page_get_type ())

#define HL_KIOSK_ERROR (hl_kiosk_error_quark ())

typedef enum {
  HL_KIOSK_ERROR_WRONG_PAGE,   /* the action does not belong on the page shown */
  HL_KIOSK_ERROR_NO_OPTION,    /* no option at that position */
  HL_KIOSK_ERROR_UNKNOWN_CODE, /* a procedure or officer the configuration does not list */
  HL_KIOSK_ERROR_NOT_ARMED,    /* armed mode: the officer has not armed the kiosk */
  HL_KIOSK_ERROR_TICKET_USED,  /* this ticket has rated already */
  HL_KIOSK_ERROR_NO_LANGUAGE,  /* the survey does not offer that language */
  HL_KIOSK_ERROR_CHECKING,     /* the database's integrity check has not passed yet (hl_kiosk_set_checking()) */
  HL_KIOSK_ERROR_CLOSED,       /* outside the opening hours: a tap is not a rating */
  HL_KIOSK_ERROR_DIMMED,       /* the screen was dimmed: the touch woke it and rates nothing */
} HlKioskError;

/* Work that must succeed before the kiosk records again, after a write went through (see
 * hl_kiosk_set_recover_func()). */
typedef gboolean (*HlKioskRecoverFunc) (gpointer   user_data,
                                        GError   **error);

/* How the citizen acts on the kiosk. The detailed rating is for touch: a citizen who rated with a key (a
 * keypad used as a button box) is not offered it, and no key starts it (docs/kiosk.md). */
typedef enum {
  HL_INPUT_TOUCH,  /* a tap on the screen, or a pointer click */
  HL_INPUT_KEY,    /* a key: the keypad's digits, Enter, Escape */
} HlInput;

/* What a sound is played for (hl_kiosk_get_sound()). */
typedef enum {
  HL_SOUND_TAP,     /* a tap on the screen */
  HL_SOUND_THANKS,  /* the thank-you page shows: the response is on disk */
} HlSoundEvent;

/* Returns the current local time with its UTC offset; tests and `hailong simulate` bring their own. */
typedef GDateTime *(*HlClockFunc) (gpointer user_data);

/* Signals:
 *   alert (HlAlert *alert): an alert rule was met after a committed response (hl-supervisor.h); for the
 *   supervisor's dashboard and the application's D-Bus signal, never for the citizen's screen. */
#define HL_TYPE_KIOSK (hl_kiosk_get_type ())
G_DECLARE_FINAL_TYPE (HlKiosk, hl_kiosk, HL, KIOSK, GObject)

GQuark         hl_kiosk_error_quark       (void);

HlKiosk       *hl_kiosk_new               (HlConfig     *config,
                                           HlSurvey     *survey,
                                           HlStore      *store,
                                           const char   *kiosk_id);
gboolean       hl_kiosk_start             (HlKiosk      *self,
                                           GError      **error);
void           hl_kiosk_set_clock         (HlKiosk      *self,
                                           HlClockFunc   func,
                                           gpointer      user_data);
void           hl_kiosk_set_log_saves     (HlKiosk      *self,
                                           gboolean      log_saves);
void           hl_kiosk_set_alerts_deferred (HlKiosk    *self,
                                           gboolean      deferred);

HlConfig      *hl_kiosk_get_config        (HlKiosk      *self);
HlSurvey      *hl_kiosk_get_survey        (HlKiosk      *self);
const char    *hl_kiosk_get_kiosk_id      (HlKiosk      *self);
const char    *hl_kiosk_get_language      (HlKiosk      *self);
const char *const *hl_kiosk_get_languages (HlKiosk      *self);
gboolean       hl_kiosk_set_language      (HlKiosk      *self,
                                           const char   *language,
                                           GError      **error);
char          *hl_kiosk_get_feedback_url  (HlKiosk      *self);
const char    *hl_kiosk_get_sound         (HlKiosk      *self,
                                           HlSoundEvent  event);
HlPage         hl_kiosk_get_page          (HlKiosk      *self);
HlQuestion    *hl_kiosk_get_question      (HlKiosk      *self);
const char    *hl_kiosk_get_officer       (HlKiosk      *self);
const char    *hl_kiosk_get_officer_name  (HlKiosk      *self);
gint64         hl_kiosk_get_last_sequence (HlKiosk      *self);
gboolean       hl_kiosk_get_last_repeat   (HlKiosk      *self);
const char    *hl_kiosk_get_problem       (HlKiosk      *self);
gboolean       hl_kiosk_is_selected       (HlKiosk      *self,
                                           guint         position);

gboolean       hl_kiosk_arm               (HlKiosk      *self,
                                           const char   *procedure,
                                           const char   *officer,
                                           const char   *ticket,
                                           GError      **error);
gboolean       hl_kiosk_get_armed         (HlKiosk      *self);
gboolean       hl_kiosk_get_can_rate      (HlKiosk      *self);
void           hl_kiosk_set_checking      (HlKiosk      *self,
                                           gboolean      checking);
gboolean       hl_kiosk_get_checking      (HlKiosk      *self);
void           hl_kiosk_checked           (HlKiosk      *self,
                                           const GError *damage);
gboolean       hl_kiosk_get_last_burst    (HlKiosk      *self);
void           hl_kiosk_set_ticket_key    (HlKiosk      *self,
                                           const guint8 *key);
gboolean       hl_kiosk_choose            (HlKiosk      *self,
                                           guint         position,
                                           GError      **error);
gboolean       hl_kiosk_submit            (HlKiosk      *self,
                                           GError      **error);
void           hl_kiosk_skip              (HlKiosk      *self);
void           hl_kiosk_back              (HlKiosk      *self);
void           hl_kiosk_set_detailed_survey (HlKiosk    *self,
                                           HlSurvey     *detailed);
gboolean       hl_kiosk_start_detailed    (HlKiosk      *self,
                                           GError      **error);
gboolean       hl_kiosk_get_can_go_detailed (HlKiosk    *self);
gboolean       hl_kiosk_get_can_go_back   (HlKiosk      *self);
void           hl_kiosk_get_progress      (HlKiosk      *self,
                                           guint        *index,
                                           guint        *total);
void           hl_kiosk_touch             (HlKiosk      *self);
void           hl_kiosk_set_input         (HlKiosk      *self,
                                           HlInput       input);
void           hl_kiosk_add_notice        (HlKiosk      *self,
                                           const char   *text);
GPtrArray     *hl_kiosk_get_notices       (HlKiosk      *self);
gboolean       hl_kiosk_try_recover       (HlKiosk      *self);
void           hl_kiosk_set_recover_func  (HlKiosk      *self,
                                           HlKioskRecoverFunc func,
                                           gpointer      user_data);
void           hl_kiosk_reset             (HlKiosk      *self);

/* The kiosk's clock (hl_kiosk_set_clock()): the current local time, a new reference. */
GDateTime     *hl_kiosk_now               (HlKiosk      *self);
HlStore       *hl_kiosk_get_store         (HlKiosk      *self);

/* Officers on duty. The officer on duty at the kiosk's counter rates every new response (unless the
 * officer's side arms the kiosk for another); signed out, responses have no officer rather than the
 * wrong one. Each sign-in and sign-out is logged in the database with its time and survives a restart;
 * until the first one, the configuration's counter.officer is on duty. Signing an officer in signs out
 * whoever was on duty. The "on-duty" property notifies each change. */
gboolean       hl_kiosk_sign_in           (HlKiosk      *self,
                                           const char   *officer,
                                           GError      **error);
gboolean       hl_kiosk_sign_out          (HlKiosk      *self,
                                           GError      **error);
/* Who is on duty: an officer's code, or NULL when nobody is; @since_utc, if not NULL, gets when the
 * officer signed in (Unix seconds; 0 when on duty by the configuration). */
const char    *hl_kiosk_get_on_duty       (HlKiosk      *self,
                                           gint64       *since_utc);

/* The citizen's screen beyond the rating (docs/kiosk.md): opening hours, dimming, display modes, the
 * privacy notice.
 *
 * Opening hours ("opening_hours" in the configuration): outside them the first screen says when the
 * centre opens (hl_kiosk_describe_opening()) and a tap is refused (HL_KIOSK_ERROR_CLOSED), nothing
 * stored. Dimming: after "dim_after" minutes with no touch on the first screen, "dimmed" is TRUE; the
 * next touch or key only wakes it (hl_kiosk_wake()). The kiosk looks at its clock every second
 * (hl_kiosk_check_time()); it reads the clock nowhere else for these, so that `hailong simulate`'s clock
 * gives one time per response as before.
 *
 * High contrast and large text are the citizen's, not the centre's: each is switched from the first
 * screen and both return to normal when the citizen is done, i.e. whenever the kiosk goes back to its
 * first screen by itself (after the thank-you page, an abandoned follow-up or privacy notice), after
 * "idle_timeout" seconds without a touch on the first screen, and when the screen dims. */
gboolean       hl_kiosk_get_open          (HlKiosk      *self);
gboolean       hl_kiosk_get_dimmed        (HlKiosk      *self);
gboolean       hl_kiosk_wake              (HlKiosk      *self);
void           hl_kiosk_check_time        (HlKiosk      *self);
char          *hl_kiosk_describe_opening  (HlKiosk      *self);
const char    *hl_kiosk_get_opening       (HlKiosk      *self);
gboolean       hl_kiosk_get_high_contrast (HlKiosk      *self);
void           hl_kiosk_set_high_contrast (HlKiosk      *self,
                                           gboolean      high_contrast);
gboolean       hl_kiosk_get_large_text    (HlKiosk      *self);
void           hl_kiosk_set_large_text    (HlKiosk      *self,
                                           gboolean      large_text);
gboolean       hl_kiosk_show_privacy      (HlKiosk      *self);
void           hl_kiosk_close_privacy     (HlKiosk      *self);

G_END_DECLS
