/* hl-chart.h: the dashboard's charts, drawn with cairo. The trend: the daily rate as a line with a marker
 * per day, its 95 % interval as a hatched band, the target as a dashed line; the marker's shape says the
 * verdict (filled: meets the target, hollow: not yet clear, a cross: below), so that colour is never the
 * only cue. Bars (responses per hour): each bar with its count written above it. Savable as PNG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hl-index.h"

G_BEGIN_DECLS

#define HL_TYPE_CHART (hl_chart_get_type ())
G_DECLARE_FINAL_TYPE (HlChart, hl_chart, HL, CHART, GtkDrawingArea)

GtkWidget *hl_chart_new       (void);
void       hl_chart_set_trend (HlChart     *self,
                               GArray      *points,
                               double       target,
                               const char  *title);
void       hl_chart_set_bars  (HlChart           *self,
                               const char        *title,
                               const char *const *labels,
                               const gint64      *values,
                               guint              n);
gboolean   hl_chart_save_png  (HlChart     *self,
                               const char  *path,
                               int          width,
                               int          height,
                               GError     **error);
char      *hl_chart_save_png_in (HlChart    *self,
                                 const char *dir,
                                 const char *prefix,
                                 int         width,
                                 int         height,
                                 GError    **error);

G_END_DECLS
