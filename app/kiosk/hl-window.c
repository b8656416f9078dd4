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
      /* A key with no option behind it (5 on a four-face screen) is simply ignored. */
      if (!g_error_matches (error, HL_KIOSK_ERROR, HL_KIOSK_ERROR_NO_OPTION)
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

static void
hl_window_dispose (GObject *object)
{
  HlWindow *self = (HlWindow *) object;

  g_clear_pointer (&self->automation, hl_automation_free);
  g_clear_pointer (&self->trace, hl_trace_free);
  g_clear_pointer (&self->words, hl_words_free);
  g_clear_pointer (&self->sound, hl_sound_free);
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

  /* Keys 1–9, on the main row and on a numeric keypad, press the options from left to right. */
  for (guint i = 0; i < 9; i++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, 0, "kiosk.choose", "u", i);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1 + i, 0, "kiosk.choose", "u", i);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "kiosk.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "kiosk.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "kiosk.skip", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "kiosk.back", NULL);
}

static void
hl_window_init (HlWindow *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk");

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
