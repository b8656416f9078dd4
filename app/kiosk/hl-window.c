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

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "hl-question-page.h"
#include "hl-rating-page.h"
#include "hl-supervisor-page.h"
#include "hl-thanks-page.h"
#include "hl-window.h"

struct _HlWindow {
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  GtkStack             *stack;
  HlRatingPage         *rating_page;
  HlQuestionPage       *question_page;
  HlThanksPage         *thanks_page;
  HlSupervisorPage     *supervisor_page;
  AdwStatusPage        *out_of_service_page;
  GtkLabel             *problem_label;
  GtkWidget            *demo_badge;
  GtkLabel             *notice_label;

  /* owned references */
  HlKiosk              *kiosk;
  char                 *automation_dir;
  guint                 arm_keyval;      /* the officer's key that arms the kiosk, or 0 */  /* where screenshots and the state file go, or NULL */

  /* state */
  guint                 shot_counter;
  guint                 automation_id;   /* idle that writes the state after a frame */
  gulong                after_paint_id;

  /* timing trace (HAILONG_TRACE_FILE), for the benchmarks; trace is NULL when it is off */
  FILE                 *trace;
  guint32               trace_event_time;   /* GDK time (ms) of the last tap or key that acts */
  gint64                trace_event_mono;   /* when the kiosk saw it, monotonic µs */
  gboolean              trace_painted;      /* the first frame is in the trace */
  gboolean              trace_page_pending; /* the page changed since the last frame */
};

G_DEFINE_FINAL_TYPE (HlWindow, hl_window, ADW_TYPE_APPLICATION_WINDOW)

static void schedule_automation (HlWindow *self);

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

  if (page == HL_PAGE_OUT_OF_SERVICE)
    {
      g_autofree char *text = g_strdup_printf ("%s %s", _("Lỗi kỹ thuật (dành cho cán bộ):"),
                                               hl_kiosk_get_problem (self->kiosk));

      gtk_label_set_label (self->problem_label, text);
    }
  hl_thanks_page_set_offer_detailed (self->thanks_page, hl_kiosk_get_can_go_detailed (self->kiosk));
  /* The supervisor's side stays in front until it closes; then the kiosk's page shows again. */
  if (hl_supervisor_page_get_shown (self->supervisor_page))
    gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->supervisor_page));
  else
    gtk_stack_set_visible_child_name (self->stack, g_enum_get_value (klass, page)->value_nick);
  schedule_automation (self);
}

static void
supervisor_changed_cb (HlWindow *self)
{
  page_changed_cb (self);
}

static void
click_cb (HlWindow *self)
{
  hl_kiosk_touch (self->kiosk);
}

static gboolean
key_cb (GtkEventControllerKey *controller,
        guint                  keyval,
        guint                  keycode,
        GdkModifierType        state,
        HlWindow              *self)
{
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
  GTK_WIDGET_CLASS (hl_window_parent_class)->size_allocate (widget, width, height, baseline);
}

/* Automation, for the UI tests and the headless demo: after each change that shows, once the frame is
 * painted, save a screenshot rendered by GTK itself and a state file that says which page is shown and
 * where its buttons are, in the window's coordinates. A driver reads the state and presses the buttons
 * with real input events. */

static void
append_widget_boxes (HlWindow  *self,
                     GtkWidget *widget,
                     GString   *out)
{
  const char *name = gtk_widget_get_name (widget);
  double sx = 0, sy = 0;

  if (!gtk_widget_get_mapped (widget))
    return;
  gtk_native_get_surface_transform (GTK_NATIVE (self), &sx, &sy);
  if (g_str_has_prefix (name, "face-") || g_str_has_prefix (name, "option-")
      || g_str_equal (name, "submit") || g_str_equal (name, "skip") || g_str_equal (name, "back")
      || g_str_equal (name, "detailed") || g_str_has_prefix (name, "pin-") || g_str_has_prefix (name, "setup-")
      || g_str_has_prefix (name, "dash-") || g_str_has_prefix (name, "chart-"))
    {
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (widget, GTK_WIDGET (self), &bounds))
        g_string_append_printf (out, "widget %s %d %d %d %d\n", name,
                                (int) (bounds.origin.x + sx), (int) (bounds.origin.y + sy),
                                (int) bounds.size.width, (int) bounds.size.height);
    }
  /* The dashboard's figures, as each label shows them, for the tests to compare with `hailong index`. */
  if (g_str_has_prefix (name, "fig:") && GTK_IS_LABEL (widget))
    {
      g_autofree char *text = g_strdup (gtk_label_get_label (GTK_LABEL (widget)));

      g_string_append_printf (out, "figure %s %s\n", name + 4, g_strdelimit (text, "\n", ' '));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    append_widget_boxes (self, child, out);
}

static gboolean
save_screenshot (HlWindow    *self,
                 const char  *path,
                 GError     **error)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (self));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (self));

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL || renderer == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "nothing to render");
      return FALSE;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot write the screenshot", path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_automation_cb (gpointer user_data)
{
  HlWindow *self = user_data;
  g_autoptr(GEnumClass) klass = g_type_class_ref (HL_TYPE_PAGE);
  const char *page = hl_supervisor_page_get_shown (self->supervisor_page)
                     ? hl_supervisor_page_get_state_name (self->supervisor_page)
                     : g_enum_get_value (klass, hl_kiosk_get_page (self->kiosk))->value_nick;
  g_autoptr(GString) state = g_string_new (NULL);
  g_autofree char *shot_name = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *state_path = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *visible = gtk_stack_get_visible_child (self->stack);

  self->automation_id = 0;
  shot_name = g_strdup_printf ("%03u-%dx%d-%s.png", ++self->shot_counter,
                               gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)),
                               page);
  shot = g_build_filename (self->automation_dir, shot_name, NULL);
  if (!save_screenshot (self, shot, &error))
    g_warning ("%s", error->message);

  g_string_append_printf (state, "page %s\n", page);
  g_string_append_printf (state, "counter %u\n", self->shot_counter);
  g_string_append_printf (state, "sequence %" G_GINT64_FORMAT "\n", hl_kiosk_get_last_sequence (self->kiosk));
  g_string_append_printf (state, "can-rate %d\n", hl_kiosk_get_can_rate (self->kiosk));
  g_string_append_printf (state, "size %d %d\n", gtk_widget_get_width (GTK_WIDGET (self)),
                          gtk_widget_get_height (GTK_WIDGET (self)));
  g_string_append_printf (state, "screenshot %s\n", shot);
  if (hl_kiosk_get_page (self->kiosk) == HL_PAGE_QUESTION)
    {
      g_string_append (state, "selected");
      for (guint i = 0; i < 32; i++)
        if (hl_kiosk_is_selected (self->kiosk, i))
          g_string_append_printf (state, " %u", i + 1);
      g_string_append_c (state, '\n');
    }
  append_widget_boxes (self, visible, state);

  /* Atomic, so that a driver polling the file never reads half of it. */
  state_path = g_build_filename (self->automation_dir, "state", NULL);
  if (!g_file_set_contents (state_path, state->str, state->len, &error))
    g_warning ("%s", error->message);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                HlWindow      *self)
{
  g_clear_signal_handler (&self->after_paint_id, clock);
  if (self->automation_id == 0)
    self->automation_id = g_idle_add_full (G_PRIORITY_LOW, write_automation_cb, self, NULL);
}

static void
schedule_automation (HlWindow *self)
{
  GdkFrameClock *clock;

  if (self->automation_dir == NULL || !gtk_widget_get_realized (GTK_WIDGET (self)))
    return;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock == NULL || self->after_paint_id != 0)
    return;
  self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The timing trace: with HAILONG_TRACE_FILE set, one line for the first frame painted and one for the
 * first frame painted after each change of page, with the input event that led to it (docs/kiosk.md):
 * the release that ends a tap (a button acts on it) or the key press. The benchmarks read it; it is off
 * unless asked for. */

static gboolean
trace_event_cb (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                HlWindow                 *self)
{
  GdkEventType type = gdk_event_get_event_type (event);

  if (type == GDK_BUTTON_RELEASE || type == GDK_TOUCH_END || type == GDK_KEY_PRESS)
    {
      self->trace_event_time = gdk_event_get_time (event);
      self->trace_event_mono = g_get_monotonic_time ();
    }
  return GDK_EVENT_PROPAGATE;
}

static void
trace_page_cb (HlWindow *self)
{
  self->trace_page_pending = TRUE;
}

static void
trace_after_paint_cb (GdkFrameClock *clock,
                      HlWindow      *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->trace == NULL)
    return;
  if (!self->trace_painted)
    {
      self->trace_painted = TRUE;
      fprintf (self->trace, "first-frame %" G_GINT64_FORMAT "\n", now);
    }
  if (self->trace_page_pending)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (HL_TYPE_PAGE);

      self->trace_page_pending = FALSE;
      fprintf (self->trace, "page %s %" G_GUINT32_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
               g_enum_get_value (klass, hl_kiosk_get_page (self->kiosk))->value_nick,
               self->trace_event_time, self->trace_event_mono, now);
    }
}

static void
trace_realize_cb (HlWindow *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (trace_after_paint_cb), self, 0);
}

static void
trace_start (HlWindow *self)
{
  const char *path = g_getenv ("HAILONG_TRACE_FILE");
  GtkEventController *legacy;

  if (path == NULL || *path == '\0')
    return;
  self->trace = fopen (path, "a");
  if (self->trace == NULL)
    {
      g_warning ("HAILONG_TRACE_FILE: %s: %s", path, g_strerror (errno));
      return;
    }
  setvbuf (self->trace, NULL, _IOLBF, 0);
  legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (trace_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), legacy);
  g_signal_connect_swapped (self->kiosk, "notify::page", G_CALLBACK (trace_page_cb), self);
  g_signal_connect (self, "realize", G_CALLBACK (trace_realize_cb), NULL);
}

static void
hl_window_dispose (GObject *object)
{
  HlWindow *self = (HlWindow *) object;

  g_clear_handle_id (&self->automation_id, g_source_remove);
  if (self->after_paint_id != 0 && gtk_widget_get_frame_clock (GTK_WIDGET (self)) != NULL)
    g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  if (self->kiosk != NULL)
    g_signal_handlers_disconnect_by_data (self->kiosk, self);
  g_clear_object (&self->kiosk);
  g_clear_pointer (&self->automation_dir, g_free);
  g_clear_pointer (&self->trace, fclose);

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
  gtk_widget_class_bind_template_child (widget_class, HlWindow, out_of_service_page);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, problem_label);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, demo_badge);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, notice_label);

  gtk_widget_class_install_action (widget_class, "kiosk.choose", "u", choose_action);
  gtk_widget_class_install_action (widget_class, "kiosk.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "kiosk.skip", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "kiosk.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "kiosk.detailed", NULL, detailed_action);

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
  hl_rating_page_set_kiosk (self->rating_page, kiosk);
  hl_question_page_set_kiosk (self->question_page, kiosk);
  g_signal_connect_swapped (kiosk, "notify::page", G_CALLBACK (page_changed_cb), self);
  g_signal_connect_swapped (kiosk, "selection-changed", G_CALLBACK (schedule_automation), self);
  g_signal_connect_swapped (kiosk, "notify::can-rate", G_CALLBACK (schedule_automation), self);
  g_signal_connect_swapped (kiosk, "notify::question", G_CALLBACK (schedule_automation), self);
  g_signal_connect_swapped (kiosk, "notify::officer", G_CALLBACK (schedule_automation), self);
  if (hl_kiosk_get_config (kiosk)->armed_key != NULL)
    self->arm_keyval = gdk_keyval_from_name (hl_kiosk_get_config (kiosk)->armed_key);
  hl_supervisor_page_set_kiosk (self->supervisor_page, kiosk);
  hl_supervisor_page_watch_corners (self->supervisor_page, GTK_WIDGET (self));
  g_signal_connect_swapped (self->supervisor_page, "changed", G_CALLBACK (supervisor_changed_cb), self);
  trace_start (self);
  return self;
}

void
hl_window_set_demo (HlWindow *self,
                    gboolean  demo)
{
  gtk_widget_set_visible (self->demo_badge, demo);
}

/* A message for the supervisor that stays on screen, such as a database restored from a backup. */
void
hl_window_set_notice (HlWindow   *self,
                      const char *notice)
{
  gtk_label_set_label (self->notice_label, notice ? notice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), notice != NULL);
}

void
hl_window_set_automation_dir (HlWindow   *self,
                              const char *dir)
{
  g_free (self->automation_dir);
  self->automation_dir = g_strdup (dir);
  if (gtk_widget_get_realized (GTK_WIDGET (self)))
    schedule_automation (self);
  else
    g_signal_connect_swapped (self, "map", G_CALLBACK (schedule_automation), self);
}

/* The kiosk's id and the text of its enrolment QR code, for the first-start assistant. */
void
hl_window_set_enrolment (HlWindow   *self,
                         const char *kiosk_id,
                         const char *enrolment_text)
{
  hl_supervisor_page_set_enrolment (self->supervisor_page, kiosk_id, enrolment_text);
}
