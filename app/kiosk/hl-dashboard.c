/* hl-dashboard.c
 *
 * Everything a supervisor can press is an action of this widget (dashboard.show, dashboard.period,
 * dashboard.save-chart('trend' or 'hours'), dashboard.sign-in, dashboard.sign-out); the buttons name them. The figures are
 * asked of core in a worker thread; a newer question cancels an older one, so that a fast finger never
 * sees an old period's figures last.
 *
 * With HAILONG_TRACE_FILE set (docs/kiosk.md) it appends, for the benchmarks:
 *   dashboard open START PAINTED              the dashboard was built (the PIN was right) at START; the
 *                                             first frame with today's figures ended at PAINTED
 *   dashboard period NAME EVENT SEEN PAINTED  the tap on a period's button (GDK time EVENT, seen at SEEN)
 *                                             and the end of the first frame with its figures
 * in monotonic microseconds (EVENT in GDK's milliseconds), as the window's own trace lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-dashboard"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "hl-dashboard.h"
#include "hl-dashboard-query.h"
#include "hl-duty-page.h"
#include "hl-export-page.h"
#include "hl-history-page.h"
#include "hl-today-page.h"

struct _HlDashboard {
  GtkWidget        parent_instance;

  /* template widgets */
  GtkWidget       *box;
  GtkLabel        *title_label;
  GtkToggleButton *today_tab;
  GtkToggleButton *history_tab;
  GtkToggleButton *duty_tab;
  GtkToggleButton *export_tab;
  GtkLabel        *status_label;
  GtkStack        *stack;
  HlTodayPage     *today_page;
  HlHistoryPage   *history_page;
  HlDutyPage      *duty_page;
  HlExportPage    *export_page;

  /* owned references */
  HlKiosk         *kiosk;
  HlDashboardReader *reader;       /* the figures' connection, kept while the dashboard is open */
  GCancellable    *today_cancel;
  GCancellable    *history_cancel;
  FILE            *trace;

  /* state */
  gboolean         today_loaded;
  gboolean         ready;          /* today's query answered, with figures or an error: it may show */
  gboolean         history_loaded;
  HlPeriod         period;
  gint64           opened_at;      /* monotonic µs when the dashboard was built */
  guint32          event_time;     /* GDK time of the last tap or key */
  gint64           event_seen;
  char            *trace_pending;  /* the trace line to finish at the next frame painted, or NULL */
  gulong           after_paint_id;
};

G_DEFINE_FINAL_TYPE (HlDashboard, hl_dashboard, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
changed (HlDashboard *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* ---- the trace --------------------------------------------------------------------------------- */

static void
trace_painted_cb (GdkFrameClock *clock,
                  HlDashboard   *self)
{
  g_clear_signal_handler (&self->after_paint_id, clock);
  if (self->trace != NULL && self->trace_pending != NULL)
    fprintf (self->trace, "%s %" G_GINT64_FORMAT "\n", self->trace_pending, g_get_monotonic_time ());
  g_clear_pointer (&self->trace_pending, g_free);
}

/* The line is written with the end of the next frame painted: the one that shows the new figures. */
static void
trace_at_next_frame (HlDashboard *self,
                     char        *line)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (self->trace == NULL || clock == NULL)
    {
      g_free (line);
      return;
    }
  g_free (self->trace_pending);
  self->trace_pending = line;
  if (self->after_paint_id == 0)
    self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (trace_painted_cb), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
event_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          HlDashboard              *self)
{
  GdkEventType type = gdk_event_get_event_type (event);

  if (type == GDK_BUTTON_RELEASE || type == GDK_TOUCH_END || type == GDK_KEY_PRESS)
    {
      self->event_time = gdk_event_get_time (event);
      self->event_seen = g_get_monotonic_time ();
    }
  return GDK_EVENT_PROPAGATE;
}

/* ---- the figures ------------------------------------------------------------------------------- */

static void
show_problem (HlDashboard *self,
              GError      *error)
{
  g_autofree char *text = g_strdup_printf (_("Không đọc được số liệu: %s"), error->message);

  g_warning ("dashboard: %s", error->message);
  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
  changed (self);
}

static void
today_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlTodayFigures) figures = hl_dashboard_query_today_finish (result, &error);
  HlDashboard *self;
  gboolean first;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  self->ready = TRUE;
  if (figures == NULL)
    {
      show_problem (self, error);
      return;
    }
  {
    gint64 t0 = g_get_monotonic_time ();

    hl_today_page_show (self->today_page, self->kiosk, figures);
    g_debug ("today's page built in %" G_GINT64_FORMAT " µs, %" G_GINT64_FORMAT " µs after opening",
             g_get_monotonic_time () - t0, t0 - self->opened_at);
  }
  first = !self->today_loaded;
  self->today_loaded = TRUE;
  g_debug ("today's figures in %" G_GINT64_FORMAT " µs", figures->elapsed_us);
  /* First "changed": the supervisor's page puts the dashboard on screen, so that it has a frame clock. */
  changed (self);
  if (first && self->opened_at != 0)
    trace_at_next_frame (self, g_strdup_printf ("dashboard open %" G_GINT64_FORMAT, self->opened_at));
}

static void
load_today (HlDashboard *self)
{
  g_cancellable_cancel (self->today_cancel);
  g_clear_object (&self->today_cancel);
  self->today_cancel = g_cancellable_new ();
  /* The callback runs only if not cancelled, and the dashboard cancels at dispose: self is alive then. */
  hl_dashboard_query_today (self->reader, self->kiosk, self->today_cancel, today_done_cb, self);
}

static void
history_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlHistoryFigures) figures = hl_dashboard_query_history_finish (result, &error);
  HlDashboard *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (figures == NULL)
    {
      show_problem (self, error);
      return;
    }
  hl_history_page_show (self->history_page, self->kiosk, figures);
  self->history_loaded = TRUE;
  if (self->event_seen != 0)
    trace_at_next_frame (self, g_strdup_printf ("dashboard period %s %" G_GUINT32_FORMAT " %" G_GINT64_FORMAT,
                                                hl_period_to_string (figures->period), self->event_time,
                                                self->event_seen));
  g_debug ("history figures in %" G_GINT64_FORMAT " µs", figures->elapsed_us);
  changed (self);
}

static void
load_history (HlDashboard *self)
{
  g_cancellable_cancel (self->history_cancel);
  g_clear_object (&self->history_cancel);
  self->history_cancel = g_cancellable_new ();
  self->history_loaded = FALSE;
  hl_history_page_set_period (self->history_page, self->period);
  hl_dashboard_query_history (self->reader, self->kiosk, self->period, self->history_cancel, history_done_cb, self);
}

/* An alert was raised while the dashboard is open: today's page shows it at once. */
static void
alert_cb (HlDashboard *self)
{
  load_today (self);
}

/* A notice for the supervisor while the dashboard is open: shown at once (no query: the kiosk keeps them). */
static void
notice_cb (HlDashboard *self)
{
  hl_today_page_show_notices (self->today_page, self->kiosk);
  changed (self);
}

/* ---- actions ----------------------------------------------------------------------------------- */

static void
show_page (HlDashboard *self,
           const char  *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_toggle_button_set_active (self->today_tab, g_str_equal (name, "today"));
  gtk_toggle_button_set_active (self->history_tab, g_str_equal (name, "history"));
  gtk_toggle_button_set_active (self->duty_tab, g_str_equal (name, "duty"));
  gtk_toggle_button_set_active (self->export_tab, g_str_equal (name, "export"));
  changed (self);
}

static void
show_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HlDashboard *self = HL_DASHBOARD (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (!g_str_equal (name, "today") && !g_str_equal (name, "history") && !g_str_equal (name, "duty")
      && !g_str_equal (name, "export"))
    return;
  if (g_str_equal (name, "export"))
    hl_export_page_shown (self->export_page);
  if (g_str_equal (name, "history") && !self->history_loaded)
    load_history (self);
  else if (g_str_equal (name, "today"))
    load_today (self);
  show_page (self, name);
}

static void
period_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HlDashboard *self = HL_DASHBOARD (widget);
  HlPeriod period;

  if (!hl_period_from_string (g_variant_get_string (parameter, NULL), &period))
    return;
  self->period = period;
  load_history (self);
  changed (self);
}

static void
save_chart_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HlDashboard *self = HL_DASHBOARD (widget);
  g_autofree char *dir = g_strconcat (hl_store_get_path (hl_kiosk_get_store (self->kiosk)), ".charts", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  gboolean hours = g_str_equal (g_variant_get_string (parameter, NULL), "hours");

  if (hours ? !self->today_loaded : !self->history_loaded)
    return;
  if (hours ? !hl_today_page_save_chart (self->today_page, dir, &path, &error)
            : !hl_history_page_save_chart (self->history_page, dir, &path, &error))
    {
      show_problem (self, error);
      return;
    }
  g_message ("dashboard: chart saved as %s", path);
  changed (self);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HlDashboard *self = HL_DASHBOARD (widget);
  g_autoptr(GError) error = NULL;

  if (!hl_kiosk_sign_in (self->kiosk, g_variant_get_string (parameter, NULL), &error))
    show_problem (self, error);
  else
    g_message ("dashboard: officer %s signed in", g_variant_get_string (parameter, NULL));
  changed (self);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HlDashboard *self = HL_DASHBOARD (widget);
  g_autoptr(GError) error = NULL;

  if (!hl_kiosk_sign_out (self->kiosk, &error))
    show_problem (self, error);
  else
    g_message ("dashboard: officer signed out");
  changed (self);
}

/* ---- the object -------------------------------------------------------------------------------- */

static void
hl_dashboard_dispose (GObject *object)
{
  HlDashboard *self = (HlDashboard *) object;

  g_cancellable_cancel (self->today_cancel);
  g_cancellable_cancel (self->history_cancel);
  g_clear_object (&self->today_cancel);
  g_clear_object (&self->history_cancel);
  if (self->after_paint_id != 0 && gtk_widget_get_frame_clock (GTK_WIDGET (self)) != NULL)
    g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  if (self->kiosk != NULL)
    g_signal_handlers_disconnect_by_data (self->kiosk, self);
  g_clear_object (&self->kiosk);
  g_clear_pointer (&self->reader, hl_dashboard_reader_unref);
  g_clear_pointer (&self->trace, fclose);
  g_clear_pointer (&self->trace_pending, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_DASHBOARD);

  G_OBJECT_CLASS (hl_dashboard_parent_class)->dispose (object);
}

static void
hl_dashboard_class_init (HlDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_dashboard_dispose;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (HL_TYPE_TODAY_PAGE);
  g_type_ensure (HL_TYPE_HISTORY_PAGE);
  g_type_ensure (HL_TYPE_DUTY_PAGE);
  g_type_ensure (HL_TYPE_EXPORT_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/hailong/Kiosk/hl-dashboard.ui");
  gtk_widget_class_bind_template_child (widget_class, HlDashboard, box);
  gtk_widget_class_bind_template_child (widget_class, HlDashboard, title_label);
  gtk_widget_class_bind_template_child (widget_class, HlDashboard, today_tab);
  gtk_widget_class_bind_template_child (widget_class, HlDashboard, history_tab);
  gtk_widget_class_bind_template_child (widget_class, HlDashboard, duty_tab);
  gtk_widget_class_bind_template_child (widget_class, HlDashboard, export_tab);
  gtk_widget_class_bind_template_child (widget_class, HlDashboard, status_label);
  gtk_widget_class_bind_template_child (widget_class, HlDashboard, stack);
  gtk_widget_class_bind_template_child (widget_class, HlDashboard, today_page);
  gtk_widget_class_bind_template_child (widget_class, HlDashboard, history_page);
  gtk_widget_class_bind_template_child (widget_class, HlDashboard, duty_page);
  gtk_widget_class_bind_template_child (widget_class, HlDashboard, export_page);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "dashboard.show", "s", show_action);
  gtk_widget_class_install_action (widget_class, "dashboard.period", "s", period_action);
  gtk_widget_class_install_action (widget_class, "dashboard.save-chart", "s", save_chart_action);
  gtk_widget_class_install_action (widget_class, "dashboard.sign-in", "s", sign_in_action);
  gtk_widget_class_install_action (widget_class, "dashboard.sign-out", NULL, sign_out_action);
}

static void
hl_dashboard_init (HlDashboard *self)
{
  GtkEventController *legacy = gtk_event_controller_legacy_new ();
  const char *trace = g_getenv ("HAILONG_TRACE_FILE");

  gtk_widget_init_template (GTK_WIDGET (self));
  self->period = HL_PERIOD_MONTH;
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), legacy);
  if (trace != NULL && *trace != '\0')
    {
      self->trace = fopen (trace, "a");
      if (self->trace == NULL)
        g_warning ("HAILONG_TRACE_FILE: %s: %s", trace, g_strerror (errno));
      else
        setvbuf (self->trace, NULL, _IOLBF, 0);
    }
}

HlDashboard *
hl_dashboard_new (HlKiosk *kiosk)
{
  HlDashboard *self;
  HlConfig *config;
  g_autofree char *title = NULL;

  g_return_val_if_fail (HL_IS_KIOSK (kiosk), NULL);

  self = g_object_new (HL_TYPE_DASHBOARD, NULL);
  self->kiosk = g_object_ref (kiosk);
  self->reader = hl_dashboard_reader_new (kiosk);
  self->opened_at = g_get_monotonic_time ();
  config = hl_kiosk_get_config (kiosk);
  title = g_strdup_printf (_("Trang quản lý · %s · %s"), hl_text_get (config->unit_name, "vi"),
                           hl_text_get (config->counter_name, "vi"));
  gtk_label_set_label (self->title_label, title);
  hl_duty_page_set_kiosk (self->duty_page, kiosk);
  hl_export_page_set_kiosk (self->export_page, kiosk);
  g_signal_connect_swapped (self->export_page, "changed", G_CALLBACK (changed), self);
  g_signal_connect_swapped (kiosk, "alert", G_CALLBACK (alert_cb), self);
  hl_today_page_show_notices (self->today_page, kiosk);
  g_signal_connect_swapped (kiosk, "notice-added", G_CALLBACK (notice_cb), self);
  return self;
}

/* Opens on today's page, with the alerts at its top. */
void
hl_dashboard_load (HlDashboard *self)
{
  g_return_if_fail (HL_IS_DASHBOARD (self));

  show_page (self, "today");
  load_today (self);
}

/* Whether today's query has answered (with its figures, or a problem to show): the dashboard is put on
 * screen only then. */
gboolean
hl_dashboard_get_loaded (HlDashboard *self)
{
  g_return_val_if_fail (HL_IS_DASHBOARD (self), FALSE);

  return self->ready;
}

/* For the automation state: "dashboard-today", "dashboard-history", "dashboard-duty", "dashboard-export…"
 * (hl_export_page_get_state_name()), or
 * "dashboard-loading" until the page's figures are there. */
const char *
hl_dashboard_get_state_name (HlDashboard *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_str_equal (page, "today"))
    return self->today_loaded ? "dashboard-today" : "dashboard-loading";
  if (g_str_equal (page, "history"))
    return self->history_loaded ? "dashboard-history" : "dashboard-loading";
  if (g_str_equal (page, "export"))
    return hl_export_page_get_state_name (self->export_page);
  return "dashboard-duty";
}
