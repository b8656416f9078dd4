/* hl-window-automation.c: the window's test automation and timing trace (hl-window-automation.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-window"

#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "hl-window-automation.h"

/* Automation, for the UI tests and the headless demo: after each change that shows, once the frame is
 * painted, save a screenshot rendered by GTK itself and a state file that says which page is shown, where
 * its buttons are (in the window's coordinates), which selection marks show and what text is on it. A
 * driver (tests/ui/kiosk-driver.sh) reads the state and presses the buttons with real input events. */

struct _HlAutomation {
  GtkWidget *window;          /* borrowed: the window owns this */
  HlKiosk   *kiosk;
  char      *dir;             /* where screenshots and the state file go */
  guint      shot_counter;
  guint      idle_id;         /* idle that writes the state after a frame */
  gulong     after_paint_id;
  gulong     map_id;
  guint      settle_id;       /* after a scroll: the state once the page has come to rest */
  GtkEventController *scroll; /* borrowed: the window owns it */
  HlAutomationPageFunc page_func; /* names a page that is not the kiosk's, or NULL */
  gboolean   retried;         /* the last screenshot failed and another write was asked for */
  gpointer   page_data;
  HlSound   *sound;           /* borrowed: the window's, whose last sound the state names; or NULL */
};

static void
append_box (HlAutomation *self,
            GtkWidget    *widget,
            const char   *kind,
            const char   *suffix,
            GString      *out)
{
  double sx = 0, sy = 0;
  graphene_rect_t bounds;

  gtk_native_get_surface_transform (GTK_NATIVE (self->window), &sx, &sy);
  if (gtk_widget_compute_bounds (widget, self->window, &bounds))
    g_string_append_printf (out, "%s %s %d %d %d %d%s\n", kind, gtk_widget_get_name (widget),
                            (int) (bounds.origin.x + sx), (int) (bounds.origin.y + sy),
                            (int) bounds.size.width, (int) bounds.size.height, suffix);
}

/* "widget NAME X Y W H" for each button a driver presses; "mark NAME X Y W H 1" for each selection mark
 * (hl-question-page.c) that shows, 0 for one that is there but transparent; "text TEXT" for each label
 * that shows; in the order drawn. */
static void
append_widgets (HlAutomation *self,
                GtkWidget    *widget,
                GString      *out)
{
  const char *name = gtk_widget_get_name (widget);
  gboolean transparent = gtk_widget_get_opacity (widget) == 0;

  if (!gtk_widget_get_mapped (widget))
    return;
  if (gtk_widget_has_css_class (widget, "selection-mark"))
    append_box (self, widget, "mark", transparent ? " 0" : " 1", out);
  if (transparent)
    return;
  if (g_str_has_prefix (name, "face-") || g_str_has_prefix (name, "option-")
      || g_str_equal (name, "submit") || g_str_equal (name, "skip") || g_str_equal (name, "back")
      || g_str_equal (name, "detailed") || g_str_has_prefix (name, "pin-") || g_str_has_prefix (name, "setup-")
      || g_str_has_prefix (name, "dash-") || g_str_has_prefix (name, "chart-")
      || g_str_has_prefix (name, "lang-") || g_str_has_prefix (name, "thanks-") || g_str_has_prefix (name, "mode-")
      || g_str_has_prefix (name, "privacy"))
    append_box (self, widget, "widget", "", out);
  /* The dashboard's figures, as each label shows them, for the tests to compare with `hailong index`. */
  if (g_str_has_prefix (name, "fig:") && GTK_IS_LABEL (widget))
    {
      g_auto(GStrv) lines = g_strsplit (gtk_label_get_label (GTK_LABEL (widget)), "\n", -1);
      g_autofree char *text = g_strjoinv (" ", lines);

      g_string_append_printf (out, "figure %s %s\n", name + 4, text);
    }
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    {
      g_auto(GStrv) lines = g_strsplit (gtk_label_get_text (GTK_LABEL (widget)), "\n", -1);
      g_autofree char *text = g_strjoinv (" ", lines);

      g_string_append_printf (out, "text %s\n", text);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    append_widgets (self, child, out);
}

static gboolean
save_screenshot (GtkWidget   *window,
                 const char  *path,
                 GError     **error)
{
  int w = gtk_widget_get_width (window);
  int h = gtk_widget_get_height (window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  /* No node: the window was changed after the frame painted and waits for its layout (GTK draws nothing
   * of a widget to be allocated). */
  if (node == NULL || renderer == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY, "nothing to render");
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
write_state_cb (gpointer user_data)
{
  static const char *looks[] = { "high-contrast", "large-text", "dimmed" };
  HlAutomation *self = user_data;
  g_autoptr(GEnumClass) klass = g_type_class_ref (HL_TYPE_PAGE);
  const char *other = self->page_func ? self->page_func (self->page_data) : NULL;
  const char *page = other ? other : g_enum_get_value (klass, hl_kiosk_get_page (self->kiosk))->value_nick;
  int width = gtk_widget_get_width (self->window);
  int height = gtk_widget_get_height (self->window);
  g_autoptr(GString) state = g_string_new (NULL);
  g_autofree char *shot_name = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *state_path = NULL;
  g_autoptr(GError) error = NULL;

  self->idle_id = 0;
  shot_name = g_strdup_printf ("%03u-%dx%d-%s.png", ++self->shot_counter, width, height, page);
  shot = g_build_filename (self->dir, shot_name, NULL);
  /* A window changed since its frame waits for its layout (GTK draws nothing of it yet): the state waits
   * for the next frame, so that it comes with its picture; once only, so that a page that changes its tree
   * at every frame (a countdown) gets its state all the same, without a picture. */
  if (!save_screenshot (self->window, shot, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY) && !self->retried)
        {
          g_debug ("%s: the state is written after the next frame", error->message);
          self->retried = TRUE;
          self->shot_counter--;
          hl_automation_schedule (self);
          return G_SOURCE_REMOVE;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY))
        g_message ("%s: %s", shot, error->message);
      else
        g_warning ("%s", error->message);
      g_clear_error (&error);
    }
  self->retried = FALSE;

  g_string_append_printf (state, "page %s\n", page);
  g_string_append_printf (state, "counter %u\n", self->shot_counter);
  g_string_append_printf (state, "sequence %" G_GINT64_FORMAT "\n", hl_kiosk_get_last_sequence (self->kiosk));
  g_string_append_printf (state, "can-rate %d\n", hl_kiosk_get_can_rate (self->kiosk));
  g_string_append_printf (state, "checking %d\n", hl_kiosk_get_checking (self->kiosk));
  g_string_append_printf (state, "size %d %d\n", width, height);
  g_string_append_printf (state, "notices %u\n", hl_kiosk_get_notices (self->kiosk)->len);
  g_string_append_printf (state, "open %d\n", hl_kiosk_get_open (self->kiosk));
  g_string_append_printf (state, "dimmed %d\n", hl_kiosk_get_dimmed (self->kiosk));
  /* The modes as the window shows them (its style classes), not only as core holds them. */
  g_string_append (state, "look");
  for (guint i = 0; i < G_N_ELEMENTS (looks); i++)
    if (gtk_widget_has_css_class (self->window, looks[i]))
      g_string_append_printf (state, " %s", looks[i]);
  g_string_append_c (state, '\n');
  g_string_append_printf (state, "screenshot %s\n", shot);
  /* "sound NAME FILE N STATE": the sound asked for last, how many in all, and whether GStreamer played it
   * to its end (hl_sound_get_last()), whether or not a device made it heard. */
  if (self->sound != NULL && hl_sound_get_last (self->sound, NULL, NULL, NULL) != NULL)
    {
      const char *path, *played;
      guint count;
      const char *name = hl_sound_get_last (self->sound, &path, &count, &played);

      g_string_append_printf (state, "sound %s %s %u %s\n", name, path, count, played);
    }
  if (hl_kiosk_get_page (self->kiosk) == HL_PAGE_QUESTION)
    {
      g_string_append (state, "selected");
      for (guint i = 0; i < 32; i++)
        if (hl_kiosk_is_selected (self->kiosk, i))
          g_string_append_printf (state, " %u", i + 1);
      g_string_append_c (state, '\n');
    }
  /* The whole window, not only the visible page: whatever else is drawn over or beside it shows too. */
  append_widgets (self, self->window, state);

  /* Atomic, so that a driver polling the file never reads half of it. */
  state_path = g_build_filename (self->dir, "state", NULL);
  if (!g_file_set_contents (state_path, state->str, state->len, &error))
    g_warning ("%s", error->message);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                HlAutomation  *self)
{
  g_clear_signal_handler (&self->after_paint_id, clock);
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_LOW, write_state_cb, self, NULL);
}

/* Writes the state once the next frame is painted. */
void
hl_automation_schedule (HlAutomation *self)
{
  GdkFrameClock *clock;

  if (self == NULL || !gtk_widget_get_realized (self->window))
    return;
  clock = gtk_widget_get_frame_clock (self->window);
  if (clock == NULL || self->after_paint_id != 0)
    return;
  self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
  gtk_widget_queue_draw (self->window);
}

/* The test clock: while DIR/clock holds a time (ISO 8601 with its offset, "2026-07-15T07:29:58+07:00"),
 * the kiosk's clock stands at that time, so that a UI test crosses an opening hour or an idle hour by
 * writing the file instead of waiting. Without the file, the real local time. */
static GDateTime *
automation_clock (gpointer user_data)
{
  HlAutomation *self = user_data;
  g_autofree char *path = g_build_filename (self->dir, "clock", NULL);
  g_autofree char *text = NULL;
  GDateTime *time = NULL;

  if (g_file_get_contents (path, &text, NULL, NULL))
    {
      time = g_date_time_new_from_iso8601 (g_strstrip (text), NULL);
      if (time == NULL)
        g_warning ("%s: not a time with its offset: “%s”", path, text);
    }
  return time ? time : g_date_time_new_now_local ();
}

static gboolean
settle_cb (gpointer user_data)
{
  HlAutomation *self = user_data;

  self->settle_id = 0;
  hl_automation_schedule (self);
  return G_SOURCE_REMOVE;
}

/* A scroll moves the buttons without changing the page: the state is written again once the scrolled
 * window's own animation of the step (a fraction of a second) is over, so that a test that scrolls to a
 * button reads where it now is. */
static gboolean
scroll_cb (HlAutomation *self)
{
  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = g_timeout_add (400, settle_cb, self);
  return GDK_EVENT_PROPAGATE;
}

HlAutomation *
hl_automation_new (GtkWidget  *window,
                   HlKiosk    *kiosk,
                   const char *dir)
{
  HlAutomation *self = g_new0 (HlAutomation, 1);

  self->window = window;
  self->kiosk = g_object_ref (kiosk);
  self->dir = g_strdup (dir);
  hl_kiosk_set_clock (kiosk, automation_clock, self);
  hl_kiosk_check_time (kiosk);  /* the first screen shows the test clock's hours from its first frame */
  self->scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_propagation_phase (self->scroll, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (self->scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (window, self->scroll);
  if (gtk_widget_get_realized (window))
    hl_automation_schedule (self);
  else
    self->map_id = g_signal_connect_swapped (window, "map", G_CALLBACK (hl_automation_schedule), self);
  return self;
}

void
hl_automation_free (HlAutomation *self)
{
  GdkFrameClock *clock;

  if (self == NULL)
    return;
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  gtk_widget_remove_controller (self->window, self->scroll);
  clock = gtk_widget_get_frame_clock (self->window);
  if (self->after_paint_id != 0 && clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, clock);
  g_clear_signal_handler (&self->map_id, self->window);
  hl_kiosk_set_clock (self->kiosk, NULL, NULL);
  g_clear_object (&self->kiosk);
  g_free (self->dir);
  g_free (self);
}

/* The timing trace: with HAILONG_TRACE_FILE set, one line for the first frame painted and one for the
 * first frame painted after each change of page, with the input event that led to it (docs/kiosk.md):
 * the release that ends a tap (a button acts on it) or the key press. The benchmarks read it; it is off
 * unless asked for. */

struct _HlTrace {
  GtkWidget          *window;        /* borrowed: the window owns this */
  HlKiosk            *kiosk;
  FILE               *file;
  GtkEventController *legacy;        /* owned by the window */
  GdkFrameClock      *clock;         /* the window's, once realized */
  gulong              realize_id;
  gulong              after_paint_id;
  gulong              page_id;
  guint32             event_time;    /* GDK time (ms) of the last tap or key that acts */
  gint64              event_mono;    /* when the kiosk saw it, monotonic µs */
  gboolean            painted;       /* the first frame is in the trace */
  gboolean            page_pending;  /* the page changed since the last frame */
  gboolean            checking;      /* the database's integrity check runs: "checked" is still to come */
  gulong              can_rate_id;
};

static gboolean
trace_event_cb (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                HlTrace                  *self)
{
  GdkEventType type = gdk_event_get_event_type (event);

  if (type == GDK_BUTTON_RELEASE || type == GDK_TOUCH_END || type == GDK_KEY_PRESS)
    {
      self->event_time = gdk_event_get_time (event);
      self->event_mono = g_get_monotonic_time ();
    }
  return GDK_EVENT_PROPAGATE;
}

static void
trace_page_cb (HlTrace *self)
{
  self->page_pending = TRUE;
}

/* "checked T": when the integrity check's verdict came (ratings are taken from then on, unless it failed). */
static void
trace_can_rate_cb (HlTrace *self)
{
  if (!self->checking || hl_kiosk_get_checking (self->kiosk))
    return;
  self->checking = FALSE;
  fprintf (self->file, "checked %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
}

static void
trace_after_paint_cb (GdkFrameClock *clock,
                      HlTrace       *self)
{
  gint64 now = g_get_monotonic_time ();

  if (!self->painted)
    {
      self->painted = TRUE;
      fprintf (self->file, "first-frame %" G_GINT64_FORMAT "\n", now);
      fprintf (self->file, "renderer %s\n", G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (self->window))));
    }
  if (self->page_pending)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (HL_TYPE_PAGE);

      self->page_pending = FALSE;
      fprintf (self->file, "page %s %" G_GUINT32_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
               g_enum_get_value (klass, hl_kiosk_get_page (self->kiosk))->value_nick,
               self->event_time, self->event_mono, now);
    }
}

static void
trace_realize_cb (HlTrace *self)
{
  self->clock = g_object_ref (gtk_widget_get_frame_clock (self->window));
  self->after_paint_id = g_signal_connect (self->clock, "after-paint", G_CALLBACK (trace_after_paint_cb), self);
}

/* NULL unless HAILONG_TRACE_FILE names a file it can append to. */
HlTrace *
hl_trace_start (GtkWidget *window,
                HlKiosk   *kiosk)
{
  const char *path = g_getenv ("HAILONG_TRACE_FILE");
  HlTrace *self;
  FILE *file;

  if (path == NULL || *path == '\0')
    return NULL;
  file = fopen (path, "a");
  if (file == NULL)
    {
      g_warning ("HAILONG_TRACE_FILE: %s: %s", path, g_strerror (errno));
      return NULL;
    }
  setvbuf (file, NULL, _IOLBF, 0);
  self = g_new0 (HlTrace, 1);
  self->window = window;
  self->kiosk = g_object_ref (kiosk);
  self->file = file;
  self->legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (self->legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (self->legacy, "event", G_CALLBACK (trace_event_cb), self);
  gtk_widget_add_controller (window, self->legacy);
  self->page_id = g_signal_connect_swapped (kiosk, "notify::page", G_CALLBACK (trace_page_cb), self);
  self->checking = hl_kiosk_get_checking (kiosk);
  self->can_rate_id = g_signal_connect_swapped (kiosk, "notify::can-rate", G_CALLBACK (trace_can_rate_cb), self);
  self->realize_id = g_signal_connect_swapped (window, "realize", G_CALLBACK (trace_realize_cb), self);
  return self;
}

void
hl_trace_free (HlTrace *self)
{
  if (self == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->legacy, self);
  g_clear_signal_handler (&self->realize_id, self->window);
  g_clear_signal_handler (&self->page_id, self->kiosk);
  g_clear_signal_handler (&self->can_rate_id, self->kiosk);
  if (self->clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->clock);
  g_clear_object (&self->clock);
  g_clear_object (&self->kiosk);
  fclose (self->file);
  g_free (self);
}

void
hl_automation_set_page_func (HlAutomation         *self,
                             HlAutomationPageFunc  func,
                             gpointer              user_data)
{
  if (self == NULL)
    return;
  self->page_func = func;
  self->page_data = user_data;
}

/* The window's sounds, for the state's "sound" line. */
void
hl_automation_set_sound (HlAutomation *self,
                         HlSound      *sound)
{
  self->sound = sound;
  hl_sound_set_changed_func (sound, (void (*) (gpointer)) hl_automation_schedule, self);
}
