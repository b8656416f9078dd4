/* hl-chart.c
 *
 * Hand-drawn with cairo and pango because GTK 4.8 has no chart widget and a web view is not wanted on a
 * kiosk; the drawing is one function, used for the screen and for the PNG alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "hl-chart.h"
#include "hl-figure-table.h"

struct _HlChart {
  GtkDrawingArea  parent_instance;

  /* owned references */
  GArray         *points;   /* the trend: HlTrendPoint, oldest first, or NULL */
  GPtrArray      *labels;   /* bars: their labels, or NULL */
  GArray         *values;   /* bars: gint64 each */
  char           *title;

  /* state */
  double          target;
};

G_DEFINE_FINAL_TYPE (HlChart, hl_chart, GTK_TYPE_DRAWING_AREA)

/* Draws @text aligned on (x, y); returns its width, so that what follows it on a line can be placed. */
static double
text_at (cairo_t    *cr,
         const char *text,
         double      size,
         double      x,
         double      y,
         double      xalign,
         double      yalign,
         gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans");
  int w, h;

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - xalign * w, y - yalign * h);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
  return w;
}

/* A diagonal hatch, so that the interval band reads without colour. */
static cairo_pattern_t *
hatch_pattern (void)
{
  cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
  cairo_t *cr = cairo_create (tile);
  cairo_pattern_t *pattern;

  cairo_set_source_rgba (cr, 0.05, 0.36, 0.68, 0.16);
  cairo_paint (cr);
  cairo_set_source_rgba (cr, 0.05, 0.36, 0.68, 0.55);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, -1, 9);
  cairo_line_to (cr, 9, -1);
  cairo_stroke (cr);
  cairo_destroy (cr);
  pattern = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_surface_destroy (tile);
  return pattern;
}

static void
draw_chart (HlChart *self,
            cairo_t *cr,
            int      width,
            int      height)
{
  double font = height < 320 ? 12 : 15;
  double left = font * 4, right = font * 1.5, top = font * 4.2, bottom = font * 2.6;
  double pw = width - left - right, ph = height - top - bottom;
  double y_min = 100;
  guint n = self->points ? self->points->len : 0;
  cairo_pattern_t *hatch;
  gboolean open;
  g_autofree char *target_text = NULL, *target_pct = NULL;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  text_at (cr, self->title ? self->title : "", font * 1.15, left, font * 0.3, 0, 0, TRUE);
  if (n == 0 || pw < 50 || ph < 50)
    return;

  /* The scale starts at a round ten below the lowest interval, so that the band shows. */
  for (guint i = 0; i < n; i++)
    {
      HlTrendPoint *p = &g_array_index (self->points, HlTrendPoint, i);

      if (p->overall.n > 0)
        y_min = MIN (y_min, p->overall.ci_low);
    }
  y_min = MIN (y_min, self->target);
  y_min = MAX (0, floor ((y_min - 1) / 10) * 10);
#define X(i) (left + (n == 1 ? pw / 2 : pw * (i) / (n - 1)))
#define Y(v) (top + ph * (100 - (v)) / (100 - y_min))

  /* The legend, in words and in the same marks as the chart. */
  {
    double ly = font * 2.2, lx = left;

    cairo_set_line_width (cr, 2.5);
    cairo_set_source_rgb (cr, 0.05, 0.24, 0.42);
    cairo_move_to (cr, lx, ly + font * 0.6);
    cairo_line_to (cr, lx + font * 2, ly + font * 0.6);
    cairo_stroke (cr);
    cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
    /* Each entry after the width of the one before it, whatever the translation's length. */
    lx += font * 2.4 + text_at (cr, _("tỷ lệ hài lòng theo ngày"), font, lx + font * 2.4, ly, 0, 0, FALSE) + font * 1.5;
    hatch = hatch_pattern ();
    cairo_rectangle (cr, lx, ly, font * 2, font * 1.2);
    cairo_set_source (cr, hatch);
    cairo_fill (cr);
    cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
    lx += font * 2.4 + text_at (cr, _("khoảng tin cậy 95 %"), font, lx + font * 2.4, ly, 0, 0, FALSE) + font * 1.5;
    cairo_set_source_rgb (cr, 0.6, 0.1, 0.1);
    cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
    cairo_move_to (cr, lx, ly + font * 0.6);
    cairo_line_to (cr, lx + font * 2, ly + font * 0.6);
    cairo_stroke (cr);
    cairo_set_dash (cr, NULL, 0, 0);
    cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
    lx += font * 2.4 + text_at (cr, _("mục tiêu"), font, lx + font * 2.4, ly, 0, 0, FALSE) + font * 1.5;
    text_at (cr, _("● đạt  ○ chưa rõ  ✕ dưới mục tiêu"), font, lx, ly, 0, 0, FALSE);
  }

  /* Axes and grid. */
  cairo_set_line_width (cr, 1);
  for (double v = y_min; v <= 100.001; v += (100 - y_min) > 50 ? 20 : 10)
    {
      g_autofree char *label = g_strdup_printf ("%.0f %%", v);

      cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
      cairo_move_to (cr, left, Y (v));
      cairo_line_to (cr, left + pw, Y (v));
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      text_at (cr, label, font * 0.9, left - font * 0.4, Y (v), 1, 0.5, FALSE);
    }
  for (guint i = 0; i < n; i += MAX (1, n / 6))
    {
      HlTrendPoint *p = &g_array_index (self->points, HlTrendPoint, i);
      g_autofree char *label = g_strdup_printf ("%.2s/%.2s", p->day + 8, p->day + 5);

      text_at (cr, label, font * 0.9, X (i), top + ph + font * 0.4, 0.5, 0, FALSE);
    }

  /* The band: one closed shape per run of days with answers. */
  cairo_set_source (cr, hatch);
  for (guint i = 0; i < n;)
    {
      guint j = i;

      while (j < n && g_array_index (self->points, HlTrendPoint, j).overall.n > 0)
        j++;
      if (j > i)
        {
          for (guint k = i; k < j; k++)
            {
              HlTrendPoint *p = &g_array_index (self->points, HlTrendPoint, k);
              double x = X (k), w = j - i == 1 ? font * 0.5 : 0;

              if (k == i)
                cairo_move_to (cr, x - w, Y (p->overall.ci_high));
              cairo_line_to (cr, x + (k == j - 1 ? w : 0), Y (p->overall.ci_high));
            }
          for (guint k = j; k-- > i;)
            {
              HlTrendPoint *p = &g_array_index (self->points, HlTrendPoint, k);

              /* A day alone between days without answers is a bar as wide as its marker, not a line. */
              if (j - i == 1)
                {
                  cairo_line_to (cr, X (k) + font * 0.5, Y (p->overall.ci_low));
                  cairo_line_to (cr, X (k) - font * 0.5, Y (p->overall.ci_low));
                }
              else
                cairo_line_to (cr, X (k), Y (p->overall.ci_low));
            }
          cairo_close_path (cr);
          cairo_fill (cr);
        }
      i = j + 1;
    }
  cairo_pattern_destroy (hatch);

  /* The target. */
  target_pct = hl_format_percent (self->target);
  target_text = g_strdup_printf (_("mục tiêu %s"), target_pct);
  cairo_set_source_rgb (cr, 0.6, 0.1, 0.1);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
  cairo_move_to (cr, left, Y (self->target));
  cairo_line_to (cr, left + pw, Y (self->target));
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  text_at (cr, target_text, font * 0.9, left + pw, Y (self->target) - 2, 1, 1, FALSE);

  /* The line, broken on days without answers, and a marker per day. */
  cairo_set_source_rgb (cr, 0.05, 0.24, 0.42);
  cairo_set_line_width (cr, 2.5);
  open = FALSE;
  for (guint i = 0; i < n; i++)
    {
      HlTrendPoint *p = &g_array_index (self->points, HlTrendPoint, i);

      if (p->overall.n == 0)
        {
          open = FALSE;
          continue;
        }
      if (open)
        cairo_line_to (cr, X (i), Y (p->overall.rate));
      else
        cairo_move_to (cr, X (i), Y (p->overall.rate));
      open = TRUE;
    }
  cairo_stroke (cr);
  for (guint i = 0; i < n; i++)
    {
      HlTrendPoint *p = &g_array_index (self->points, HlTrendPoint, i);
      double x = X (i), y = Y (p->overall.rate), r = font * 0.35;

      if (p->overall.n == 0)
        continue;
      cairo_new_path (cr);
      if (p->verdict == HL_VERDICT_BELOW)
        {
          cairo_set_source_rgb (cr, 0.6, 0.1, 0.1);
          cairo_move_to (cr, x - r, y - r);
          cairo_line_to (cr, x + r, y + r);
          cairo_move_to (cr, x + r, y - r);
          cairo_line_to (cr, x - r, y + r);
          cairo_stroke (cr);
        }
      else
        {
          cairo_arc (cr, x, y, r, 0, 2 * G_PI);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, 0.05, 0.24, 0.42);
          if (p->verdict == HL_VERDICT_MEETS)
            cairo_fill (cr);
          else
            cairo_stroke (cr);
        }
    }
  /* The latest day's figure, written out. */
  for (guint i = n; i-- > 0;)
    {
      HlTrendPoint *p = &g_array_index (self->points, HlTrendPoint, i);
      g_autofree char *value = NULL;

      if (p->overall.n == 0)
        continue;
      value = hl_format_percent (p->overall.rate);
      cairo_set_source_rgb (cr, 0.05, 0.24, 0.42);
      text_at (cr, value, font, X (i) - font * 0.6, Y (p->overall.rate) - font * 0.5, 1, 1, TRUE);
      break;
    }
#undef X
#undef Y
}

static void
draw_bars (HlChart *self,
           cairo_t *cr,
           int      width,
           int      height)
{
  double font = height < 240 ? 12 : 15;
  double left = font * 1, right = font * 1, top = font * 2.6, bottom = font * 1.8;
  double pw = width - left - right, ph = height - top - bottom;
  guint n = self->values ? self->values->len : 0;
  gint64 max = 1;
  double slot;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  text_at (cr, self->title ? self->title : "", font * 1.15, left, font * 0.3, 0, 0, TRUE);
  if (n == 0 || pw < 50 || ph < 30)
    return;
  for (guint i = 0; i < n; i++)
    max = MAX (max, g_array_index (self->values, gint64, i));
  slot = pw / n;
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, left, top + ph);
  cairo_line_to (cr, left + pw, top + ph);
  cairo_stroke (cr);
  for (guint i = 0; i < n; i++)
    {
      gint64 v = g_array_index (self->values, gint64, i);
      double h = (ph - font * 1.4) * v / max, x = left + slot * i + slot * 0.15;

      if (v > 0)
        {
          g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, v);

          cairo_rectangle (cr, x, top + ph - h, slot * 0.7, h);
          cairo_set_source_rgb (cr, 0.05, 0.36, 0.68);
          cairo_fill (cr);
          /* The count above the bar: the height is not the only way to read it. */
          cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
          text_at (cr, count, font * 0.9, x + slot * 0.35, top + ph - h - 2, 0.5, 1, TRUE);
        }
      cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      text_at (cr, g_ptr_array_index (self->labels, i), font * 0.85, x + slot * 0.35, top + ph + 2, 0.5, 0, FALSE);
    }
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  if (HL_CHART (area)->values != NULL)
    draw_bars (HL_CHART (area), cr, width, height);
  else
    draw_chart (HL_CHART (area), cr, width, height);
}

static void
hl_chart_finalize (GObject *object)
{
  HlChart *self = HL_CHART (object);

  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_array_unref);
  g_free (self->title);

  G_OBJECT_CLASS (hl_chart_parent_class)->finalize (object);
}

static void
hl_chart_class_init (HlChartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hl_chart_finalize;
}

static void
hl_chart_init (HlChart *self)
{
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_cb, NULL, NULL);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
hl_chart_new (void)
{
  return g_object_new (HL_TYPE_CHART, NULL);
}

void
hl_chart_set_trend (HlChart    *self,
                    GArray     *points,
                    double      target,
                    const char *title)
{
  g_return_if_fail (HL_IS_CHART (self));

  g_clear_pointer (&self->points, g_array_unref);
  self->points = points ? g_array_ref (points) : NULL;
  self->target = target;
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
hl_chart_set_bars (HlChart           *self,
                   const char        *title,
                   const char *const *labels,
                   const gint64      *values,
                   guint              n)
{
  g_return_if_fail (HL_IS_CHART (self));

  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_array_unref);
  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->values = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->labels, g_strdup (labels[i]));
  g_array_append_vals (self->values, values, n);
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The same drawing into a PNG of the given size, written aside and renamed into place. */
gboolean
hl_chart_save_png (HlChart     *self,
                   const char  *path,
                   int          width,
                   int          height,
                   GError     **error)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  cairo_status_t status;

  if (self->values != NULL)
    draw_bars (self, cr, width, height);
  else
    draw_chart (self, cr, width, height);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, tmp);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS || g_rename (tmp, path) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot write the chart: %s", path,
                   status != CAIRO_STATUS_SUCCESS ? cairo_status_to_string (status) : g_strerror (errno));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

/* Saves as DIR/PREFIX-YYYYMMDD-HHMMSS.png, making DIR if need be; returns the path. */
char *
hl_chart_save_png_in (HlChart    *self,
                      const char *dir,
                      const char *prefix,
                      int         width,
                      int         height,
                      GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("%s-%s.png", prefix, stamp);
  g_autofree char *file = g_build_filename (dir, name, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return NULL;
    }
  if (!hl_chart_save_png (self, file, width, height, error))
    return NULL;
  return g_steal_pointer (&file);
}
