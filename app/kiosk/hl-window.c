/* hl-window.c
 *
 * Everything a person can do is an action of this window: kiosk.choose(u), kiosk.submit, kiosk.skip.
 * Buttons name them, and keys 1–9 (a USB keypad used as a button box) trigger the same ones, so touch,
 * keys and tests share one path into HlKiosk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-language.h"
#include "hl-paths.h"
#include "hl-question-page.h"
#include "hl-rating-page.h"
#include "hl-sound.h"
#include "hl-supervisor-page.h"
#include "hl-thanks-page.h"
#include "hl-window.h"
#include "hl-window-automation.h"

struct _HlWindow {
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  GtkStack             *stack;
  HlRatingPage         *rating_page;
  HlQuestionPage       *question_page;
  HlThanksPage         *thanks_page;
  HlSupervisorPage     *supervisor_page;
  GtkWidget            *demo_badge;

  /* owned references */
  HlKiosk              *kiosk;
  HlAutomation         *automation;     /* with --automation-dir, for tests and the demo; or NULL */
  HlTrace              *trace;          /* with HAILONG_TRACE_FILE, for the benchmarks; or NULL */
  HlWords              *words;          /* the templates' words, put in the kiosk's language */
  HlSound              *sound;          /* plays what core says (hl_kiosk_get_sound()) */

  /* state */
  guint                 arm_keyval;     /* the officer's key that arms the kiosk, or 0 */
  int                   width, height;  /* the last size allocated */
  gboolean              on_thanks;      /* the thank-you page was shown (and thanked for) last */
  gboolean              waking;         /* the press that woke the dimmed screen: its release goes nowhere */
  guint                 drift_id;       /* while dimmed: moves the content now and then */
  guint                 drift_step;
};

G_DEFINE_FINAL_TYPE (HlWindow, hl_window, ADW_TYPE_APPLICATION_WINDOW)

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HlWindow *self = HL_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!hl_kiosk_choose (self->kiosk, g_variant_get_uint32 (parameter), &error))
    {
      /* A key with no option behind it (5 on a four-face screen) is simply ignored; a tap while the
       * database is still being checked is expected for a few seconds after start; a tap outside the
       * opening hours or on a dimmed screen is no rating, by design. */
      if (g_error_matches (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_CHECKING))
        g_message ("rating refused: %s", error->message);
      else if (g_error_matches (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_CLOSED)
               || g_error_matches (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_DIMMED))
        g_debug ("%s", error->message);
      else if (!g_error_matches (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_NO_OPTION)
               && !g_error_matches (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_WRONG_PAGE))
        g_warning ("%s", error->message);
    }
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HlWindow *self = HL_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!hl_kiosk_submit (self->kiosk, &error)
      && !g_error_matches (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_WRONG_PAGE))
    g_warning ("%s", error->message);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  hl_kiosk_back (HL_WINDOW (widget)->kiosk);
}

static void
detailed_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;

  if (!hl_kiosk_start_detailed (HL_WINDOW (widget)->kiosk, &error)
      && !g_error_matches (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_WRONG_PAGE))
    g_warning ("%s", error->message);
}

static void
language_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;

  if (!hl_kiosk_set_language (HL_WINDOW (widget)->kiosk, g_variant_get_string (parameter, NULL), &error)
      && !g_error_matches (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_WRONG_PAGE))
    g_warning ("%s", error->message);
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  hl_kiosk_skip (HL_WINDOW (widget)->kiosk);
}

static void
high_contrast_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HlKiosk *kiosk = HL_WINDOW (widget)->kiosk;

  hl_kiosk_set_high_contrast (kiosk, !hl_kiosk_get_high_contrast (kiosk));
}

static void
large_text_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HlKiosk *kiosk = HL_WINDOW (widget)->kiosk;

  hl_kiosk_set_large_text (kiosk, !hl_kiosk_get_large_text (kiosk));
}

static void
privacy_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  hl_kiosk_show_privacy (HL_WINDOW (widget)->kiosk);
}

static void
privacy_close_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  hl_kiosk_close_privacy (HL_WINDOW (widget)->kiosk);
}

static void
set_css_class (GtkWidget  *widget,
               const char *name,
               gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

/* Burn-in protection: the dimmed screen's content wanders by a few pixels every few seconds, round a
 * square of 48 pixels, so that no pixel shows the same thing all night. The margins' sum stays the
 * same, so the content keeps its size as it moves. */
#define DRIFT_SECONDS 4
#define DRIFT_PIXELS  24

static void
set_drift (HlWindow *self,
           int       dx,
           int       dy)
{
  GtkWidget *stack = GTK_WIDGET (self->stack);

  gtk_widget_set_margin_start (stack, DRIFT_PIXELS + dx);
  gtk_widget_set_margin_end (stack, DRIFT_PIXELS - dx);
  gtk_widget_set_margin_top (stack, DRIFT_PIXELS + dy);
  gtk_widget_set_margin_bottom (stack, DRIFT_PIXELS - dy);
}

static gboolean
drift_cb (gpointer user_data)
{
  static const int path[][2] = { { -1, -1 }, { 0, -1 }, { 1, -1 }, { 1, 0 }, { 1, 1 }, { 0, 1 }, { -1, 1 }, { -1, 0 } };
  HlWindow *self = user_data;
  guint i = self->drift_step++ % G_N_ELEMENTS (path);

  set_drift (self, path[i][0] * DRIFT_PIXELS, path[i][1] * DRIFT_PIXELS);
  hl_automation_schedule (self->automation);
  return G_SOURCE_CONTINUE;
}

/* Core's modes and dimming, as classes of the window for the style sheet (ui/style.css). The
 * supervisor's side is never dimmed: core dims only its first screen, which the dashboard covers. */
static void
look_changed_cb (HlWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean dimmed = hl_kiosk_get_dimmed (self->kiosk) && !hl_supervisor_page_get_shown (self->supervisor_page);

  set_css_class (widget, "high-contrast", hl_kiosk_get_high_contrast (self->kiosk));
  set_css_class (widget, "large-text", hl_kiosk_get_large_text (self->kiosk));
  set_css_class (widget, "dimmed", dimmed);
  if (dimmed && self->drift_id == 0)
    {
      self->drift_step = 0;
      drift_cb (self);
      self->drift_id = g_timeout_add_seconds (DRIFT_SECONDS, drift_cb, self);
    }
  else if (!dimmed && self->drift_id != 0)
    {
      g_clear_handle_id (&self->drift_id, g_source_remove);
      gtk_widget_set_margin_start (GTK_WIDGET (self->stack), 0);
      gtk_widget_set_margin_end (GTK_WIDGET (self->stack), 0);
      gtk_widget_set_margin_top (GTK_WIDGET (self->stack), 0);
      gtk_widget_set_margin_bottom (GTK_WIDGET (self->stack), 0);
    }
  hl_automation_schedule (self->automation);
}

static gboolean
is_officer_key (HlWindow *self,
                guint     keyval)
{
  const char *supervisor = hl_kiosk_get_config (self->kiosk)->supervisor_key;

  return (self->arm_keyval != 0 && keyval == self->arm_keyval)
         || (supervisor != NULL && keyval == gdk_keyval_from_name (supervisor));
}

/* The first touch or key on a dimmed screen only wakes it: it is stopped here, in the capture phase,
 * before any button sees it, and so is the release that ends it. */
static gboolean
wake_event_cb (GtkEventControllerLegacy *controller,
               GdkEvent                 *event,
               HlWindow                 *self)
{
  GdkEventType type = gdk_event_get_event_type (event);
  gboolean press = type == GDK_BUTTON_PRESS || type == GDK_TOUCH_BEGIN || type == GDK_KEY_PRESS;

  if (self->waking)
    {
      if (type == GDK_BUTTON_RELEASE || type == GDK_TOUCH_END || type == GDK_TOUCH_CANCEL)
        self->waking = FALSE;
      return type != GDK_KEY_PRESS && type != GDK_KEY_RELEASE ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
    }
  /* The officer's keys (arming, the supervisor's pad) are not the citizen's: they act on a dimmed screen
   * as on a bright one (arming wakes it, in core). */
  if (type == GDK_KEY_PRESS && is_officer_key (self, gdk_key_event_get_keyval (event)))
    return GDK_EVENT_PROPAGATE;
  if (!press || hl_supervisor_page_get_shown (self->supervisor_page) || !hl_kiosk_wake (self->kiosk))
    return GDK_EVENT_PROPAGATE;
  self->waking = type != GDK_KEY_PRESS;
  return GDK_EVENT_STOP;
}

static void
page_changed_cb (HlWindow *self)
{
  HlPage page = hl_kiosk_get_page (self->kiosk);
  g_autoptr(GEnumClass) klass = g_type_class_ref (HL_TYPE_PAGE);

  /* Out of service, the page says so in Vietnamese and nothing more: the reason (a path, SQLite's words)
   * is for the supervisor, who finds it in the log and in the kiosk's notices (hl_kiosk_get_notices()). */
  hl_thanks_page_set_offer_detailed (self->thanks_page, hl_kiosk_get_can_go_detailed (self->kiosk));
  /* Once per thank-you page: the supervisor's side opening over it calls this again. */
  if (page == HL_PAGE_THANKS && !self->on_thanks)
    {
      g_autofree char *feedback = hl_kiosk_get_feedback_url (self->kiosk);

      hl_thanks_page_set_feedback_url (self->thanks_page, feedback);
      hl_sound_play (self->sound, hl_kiosk_get_sound (self->kiosk, HL_SOUND_THANKS));
    }
  self->on_thanks = page == HL_PAGE_THANKS;
  /* The supervisor's side stays in front until it closes; then the kiosk's page shows again. */
  if (hl_supervisor_page_get_shown (self->supervisor_page))
    gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->supervisor_page));
  else
    gtk_stack_set_visible_child_name (self->stack, g_enum_get_value (klass, page)->value_nick);
  hl_automation_schedule (self->automation);
}

static void
schedule_automation (HlWindow *self)
{
  hl_automation_schedule (self->automation);
}

/* Connected before the pages follow the language themselves, so that their words come from the new
 * catalogue. */
static void
language_changed_cb (HlWindow *self)
{
  hl_language_use (hl_kiosk_get_language (self->kiosk));
  hl_words_translate (self->words);
  schedule_automation (self);
}

/* For the automation state: the supervisor's page while it is shown. */
static const char *
supervisor_state_name (gpointer user_data)
{
  HlWindow *self = user_data;

  return hl_supervisor_page_get_shown (self->supervisor_page)
         ? hl_supervisor_page_get_state_name (self->supervisor_page) : NULL;
}

static void
supervisor_changed_cb (HlWindow *self)
{
  page_changed_cb (self);
  look_changed_cb (self);
}

/* Taps and keys are noticed in the capture phase, before the button or binding they trigger acts, so that
 * core knows which of the two the action came from (the detailed rating is for touch, hl-kiosk.h). */
static void
click_cb (HlWindow *self)
{
  hl_kiosk_set_input (self->kiosk, HL_INPUT_TOUCH);
  hl_kiosk_touch (self->kiosk);
  hl_sound_play (self->sound, hl_kiosk_get_sound (self->kiosk, HL_SOUND_TAP));
}

static gboolean
key_cb (GtkEventControllerKey *controller,
        guint                  keyval,
        guint                  keycode,
        GdkModifierType        state,
        HlWindow              *self)
{
  hl_kiosk_set_input (self->kiosk, HL_INPUT_KEY);
  hl_kiosk_touch (self->kiosk);
  /* The supervisor's key opens the PIN pad; while it is open, no key reaches the citizen's pages. */
  if (hl_supervisor_page_handle_key (self->supervisor_page, keyval))
    return GDK_EVENT_STOP;
  if (self->arm_keyval != 0 && keyval == self->arm_keyval)
    {
      g_autoptr(GError) error = NULL;

      if (!hl_kiosk_arm (self->kiosk, NULL, NULL, NULL, &error))
        g_message ("arm refused: %s", error->message);
      else
        g_message ("armed by key");
      return GDK_EVENT_STOP;
    }
  /* Enter sends a follow-up (kiosk.submit). Not left to the class's binding: GtkWindow binds Return and
   * KP_Enter to its own "activate-default" first, which takes the key even with no default widget, so
   * that a keypad's Enter sent nothing. */
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.submit", NULL);
      return GDK_EVENT_STOP;
    }
  /* Only noticed here: the key goes on to the bindings. */
  return GDK_EVENT_PROPAGATE;
}

/* A screen 720 pixels high or less (a 10-inch 1024×600 one): the style sheet tightens the type. The
 * class changes only when the size crosses the line, so this costs nothing on other allocations. */
static void
hl_window_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  gboolean small = height > 0 && height <= 720;

  if (small != gtk_widget_has_css_class (widget, "small"))
    {
      if (small)
        gtk_widget_add_css_class (widget, "small");
      else
        gtk_widget_remove_css_class (widget, "small");
    }
  /* Portrait: taller than wide. Decided on the size given, which is at least the content's minimum, so
   * the switch happens once and holds. */
  if ((width > 0 && width < height) != gtk_widget_has_css_class (widget, "portrait"))
    {
      gboolean portrait = width < height;

      if (portrait)
        gtk_widget_add_css_class (widget, "portrait");
      else
        gtk_widget_remove_css_class (widget, "portrait");
      hl_rating_page_set_portrait (HL_WINDOW (widget)->rating_page, portrait);
    }
  /* A new size is a change the automation's state must show (a portrait screen lays the window out
   * again, a size smaller than the first one). */
  if (width != HL_WINDOW (widget)->width || height != HL_WINDOW (widget)->height)
    {
      HL_WINDOW (widget)->width = width;
      HL_WINDOW (widget)->height = height;
      schedule_automation (HL_WINDOW (widget));
    }
  GTK_WIDGET_CLASS (hl_window_parent_class)->size_allocate (widget, width, height, baseline);
}

/* The screen's size decides "small" before the window's first layout too: its first size is computed
 * before any allocation, with the large type, and a window made taller than a 600-pixel screen (with no
 * window manager to make it fit, as under Xvfb) would keep that height. */
static void
hl_window_realize (GtkWidget *widget)
{
  GdkSurface *surface;
  GdkMonitor *monitor;
  GdkRectangle geometry;

  GTK_WIDGET_CLASS (hl_window_parent_class)->realize (widget);
  surface = gtk_native_get_surface (GTK_NATIVE (widget));
  monitor = surface ? gdk_display_get_monitor_at_surface (gtk_widget_get_display (widget), surface) : NULL;
  if (monitor == NULL)
    return;
  gdk_monitor_get_geometry (monitor, &geometry);
  if (geometry.height > 0 && geometry.height <= 720)
    gtk_widget_add_css_class (widget, "small");
}

static void
hl_window_dispose (GObject *object)
{
  HlWindow *self = (HlWindow *) object;

  g_clear_pointer (&self->automation, hl_automation_free);
  g_clear_pointer (&self->trace, hl_trace_free);
  g_clear_pointer (&self->words, hl_words_free);
  g_clear_pointer (&self->sound, hl_sound_free);
  g_clear_handle_id (&self->drift_id, g_source_remove);
  if (self->kiosk != NULL)
    g_signal_handlers_disconnect_by_data (self->kiosk, self);
  g_clear_object (&self->kiosk);

  G_OBJECT_CLASS (hl_window_parent_class)->dispose (object);
}

static void
hl_window_class_init (HlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_window_dispose;
  widget_class->size_allocate = hl_window_size_allocate;
  widget_class->realize = hl_window_realize;

  g_type_ensure (HL_TYPE_RATING_PAGE);
  g_type_ensure (HL_TYPE_QUESTION_PAGE);
  g_type_ensure (HL_TYPE_THANKS_PAGE);
  g_type_ensure (HL_TYPE_SUPERVISOR_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/hailong/Kiosk/hl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HlWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, rating_page);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, question_page);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, thanks_page);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, supervisor_page);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, demo_badge);

  gtk_widget_class_install_action (widget_class, "kiosk.choose", "u", choose_action);
  gtk_widget_class_install_action (widget_class, "kiosk.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "kiosk.skip", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "kiosk.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "kiosk.detailed", NULL, detailed_action);
  gtk_widget_class_install_action (widget_class, "kiosk.language", "s", language_action);
  gtk_widget_class_install_action (widget_class, "kiosk.high-contrast", NULL, high_contrast_action);
  gtk_widget_class_install_action (widget_class, "kiosk.large-text", NULL, large_text_action);
  gtk_widget_class_install_action (widget_class, "kiosk.privacy", NULL, privacy_action);
  gtk_widget_class_install_action (widget_class, "kiosk.privacy-close", NULL, privacy_close_action);

  /* Keys 1–9, on the main row and on a numeric keypad, press the options from left to right. */
  for (guint i = 0; i < 9; i++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, 0, "kiosk.choose", "u", i);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1 + i, 0, "kiosk.choose", "u", i);
    }
  /* Return and KP_Enter: kiosk.submit, in key_cb. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "kiosk.skip", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "kiosk.back", NULL);
}

static void
hl_window_init (HlWindow *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *wake = gtk_event_controller_legacy_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk");

  /* First, so that an input spent on waking reaches none of the others. */
  gtk_event_controller_set_propagation_phase (wake, GTK_PHASE_CAPTURE);
  g_signal_connect (wake, "event", G_CALLBACK (wake_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), wake);

  /* Any touch or key keeps a follow-up open: the idle timeout counts from the last one. */
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

HlWindow *
hl_window_new (AdwApplication *application,
               HlKiosk        *kiosk)
{
  HlWindow *self;

  g_return_val_if_fail (HL_IS_KIOSK (kiosk), NULL);

  self = g_object_new (HL_TYPE_WINDOW, "application", application, NULL);
  self->kiosk = g_object_ref (kiosk);
  self->words = hl_words_new (GTK_WIDGET (self));
  {
    g_autofree char *sound_dir = hl_sound_dir ();

    self->sound = hl_sound_new (sound_dir);
  }
  g_signal_connect_swapped (kiosk, "notify::language", G_CALLBACK (language_changed_cb), self);
  language_changed_cb (self);
  hl_rating_page_set_kiosk (self->rating_page, kiosk);
  hl_question_page_set_kiosk (self->question_page, kiosk);
  g_signal_connect_swapped (kiosk, "notify::page", G_CALLBACK (page_changed_cb), self);
  g_signal_connect_swapped (kiosk, "selection-changed", G_CALLBACK (schedule_automation), self);
  g_signal_connect_swapped (kiosk, "notify::can-rate", G_CALLBACK (schedule_automation), self);
  g_signal_connect_swapped (kiosk, "notify::question", G_CALLBACK (schedule_automation), self);
  g_signal_connect_swapped (kiosk, "notice-added", G_CALLBACK (schedule_automation), self);
  g_signal_connect_swapped (kiosk, "notify::officer", G_CALLBACK (schedule_automation), self);
  g_signal_connect_swapped (kiosk, "notify::open", G_CALLBACK (schedule_automation), self);
  g_signal_connect_swapped (kiosk, "notify::opening", G_CALLBACK (schedule_automation), self);
  g_signal_connect_swapped (kiosk, "notify::high-contrast", G_CALLBACK (look_changed_cb), self);
  g_signal_connect_swapped (kiosk, "notify::large-text", G_CALLBACK (look_changed_cb), self);
  g_signal_connect_swapped (kiosk, "notify::dimmed", G_CALLBACK (look_changed_cb), self);
  if (hl_kiosk_get_config (kiosk)->armed_key != NULL)
    self->arm_keyval = gdk_keyval_from_name (hl_kiosk_get_config (kiosk)->armed_key);
  hl_supervisor_page_set_kiosk (self->supervisor_page, kiosk);
  hl_supervisor_page_watch_corners (self->supervisor_page, GTK_WIDGET (self));
  g_signal_connect_swapped (self->supervisor_page, "changed", G_CALLBACK (supervisor_changed_cb), self);
  self->trace = hl_trace_start (GTK_WIDGET (self), kiosk);
  /* The kiosk may start on a page other than the first screen (out of service, when the database takes
   * no writes at start-up): show the page it is on. */
  page_changed_cb (self);
  return self;
}

void
hl_window_set_demo (HlWindow *self,
                    gboolean  demo)
{
  gtk_widget_set_visible (self->demo_badge, demo);
}

void
hl_window_set_automation_dir (HlWindow   *self,
                              const char *dir)
{
  hl_sound_set_changed_func (self->sound, NULL, NULL);
  g_clear_pointer (&self->automation, hl_automation_free);
  if (dir != NULL)
    {
      self->automation = hl_automation_new (GTK_WIDGET (self), self->kiosk, dir);
      hl_automation_set_page_func (self->automation, supervisor_state_name, self);
      hl_automation_set_sound (self->automation, self->sound);
    }
}

/* The kiosk's id and the text of its enrolment QR code, for the first-start assistant. */
void
hl_window_set_enrolment (HlWindow   *self,
                         const char *kiosk_id,
                         const char *enrolment_text)
{
  hl_supervisor_page_set_enrolment (self->supervisor_page, kiosk_id, enrolment_text);
}
