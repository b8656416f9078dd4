/* hl-bench-gtk.c: the baseline of `bench tap-p95`, `bench startup` and `bench rss`: a minimal GTK 4
 * program that the kiosk is measured against on the same X server, in the same run.
 *
 * A window the size of the screen, undecorated, as the kiosk's; in it a stack of two pages: a button in
 * the middle of the window, and a label. A tap on the button shows the label page, which goes back to
 * the button after HL_BENCH_THANKS_MS milliseconds (default 50), as the kiosk's thank-you page does. It
 * is the least a GTK 4 program does to answer a tap with a new page. With
 * HAILONG_TRACE_FILE set it writes the same trace as the kiosk (docs/kiosk.md): its first frame, and the
 * first frame after each change of page with the input event that led to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-bench"

#include "config.h"

#include <errno.h>
#include <gtk/gtk.h>
#include <stdio.h>

typedef struct {
  GtkWidget *window;
  GtkStack *stack;
  FILE     *trace;
  guint     thanks_ms;
  guint32   event_time;    /* GDK time (ms) of the last release or key press */
  gint64    event_mono;    /* when the program saw it, monotonic µs */
  gboolean  painted;       /* the first frame is in the trace */
  gboolean  page_pending;  /* the page changed since the last frame */
} Bench;

static gboolean
back_cb (gpointer user_data)
{
  Bench *bench = user_data;

  gtk_stack_set_visible_child_name (bench->stack, "welcome");
  bench->page_pending = TRUE;
  return G_SOURCE_REMOVE;
}

static void
clicked_cb (GtkButton *button,
            Bench     *bench)
{
  gtk_stack_set_visible_child_name (bench->stack, "thanks");
  bench->page_pending = TRUE;
  g_timeout_add (bench->thanks_ms, back_cb, bench);
}

static gboolean
event_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          Bench                    *bench)
{
  GdkEventType type = gdk_event_get_event_type (event);

  if (type == GDK_BUTTON_RELEASE || type == GDK_TOUCH_END || type == GDK_KEY_PRESS)
    {
      bench->event_time = gdk_event_get_time (event);
      bench->event_mono = g_get_monotonic_time ();
    }
  return GDK_EVENT_PROPAGATE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();

  if (!bench->painted)
    {
      bench->painted = TRUE;
      fprintf (bench->trace, "first-frame %" G_GINT64_FORMAT "\n", now);
      fprintf (bench->trace, "renderer %s\n",
               G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (bench->window))));
    }
  if (bench->page_pending)
    {
      bench->page_pending = FALSE;
      fprintf (bench->trace, "page %s %" G_GUINT32_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
               gtk_stack_get_visible_child_name (bench->stack), bench->event_time, bench->event_mono, now);
    }
}

static void
realize_cb (GtkWidget *window,
            Bench     *bench)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), bench);
}

static void
activate_cb (GtkApplication *app,
             Bench          *bench)
{
  GtkWidget *window = bench->window = gtk_application_window_new (app);
  GtkWidget *button = gtk_button_new_with_label ("Hài lòng");
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);

  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  bench->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (bench->stack, button, "welcome");
  gtk_stack_add_named (bench->stack, gtk_label_new ("Cảm ơn ông/bà!"), "thanks");
  g_signal_connect (button, "clicked", G_CALLBACK (clicked_cb), bench);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (bench->stack));

  /* As the kiosk does on a bare X server: the monitor's size, no decorations. */
  if (monitor != NULL)
    {
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      gtk_window_set_default_size (GTK_WINDOW (window), geometry.width, geometry.height);
    }
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_fullscreen (GTK_WINDOW (window));

  if (bench->trace != NULL)
    {
      GtkEventController *legacy = gtk_event_controller_legacy_new ();

      gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
      g_signal_connect (legacy, "event", G_CALLBACK (event_cb), bench);
      gtk_widget_add_controller (window, legacy);
      g_signal_connect (window, "realize", G_CALLBACK (realize_cb), bench);
    }
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GtkApplication) app = gtk_application_new ("vn.hailong.BenchBaseline", G_APPLICATION_DEFAULT_FLAGS);
  const char *trace_path = g_getenv ("HAILONG_TRACE_FILE");
  const char *thanks_ms = g_getenv ("HL_BENCH_THANKS_MS");
  Bench bench = { 0 };
  int status;

  bench.thanks_ms = thanks_ms ? (guint) g_ascii_strtoull (thanks_ms, NULL, 10) : 50;
  if (trace_path != NULL && *trace_path != '\0')
    {
      bench.trace = fopen (trace_path, "a");
      if (bench.trace == NULL)
        {
          g_printerr ("hl-bench-gtk: %s: %s\n", trace_path, g_strerror (errno));
          return 1;
        }
      setvbuf (bench.trace, NULL, _IOLBF, 0);
    }
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), &bench);
  status = g_application_run (G_APPLICATION (app), argc, argv);
  if (bench.trace != NULL)
    fclose (bench.trace);
  return status;
}
