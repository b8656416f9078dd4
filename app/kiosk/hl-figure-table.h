/* hl-figure-table.h: a table of the index's figures, as core computed them (HlIndexRow). Each cell that
 * shows a figure is a label named "fig:ID.ROW.COLUMN", which the automation state exports with the text
 * it shows, so that a test can compare it with `hailong index`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hl-index.h"

G_BEGIN_DECLS

#define HL_TYPE_FIGURE_TABLE (hl_figure_table_get_type ())
G_DECLARE_FINAL_TYPE (HlFigureTable, hl_figure_table, HL, FIGURE_TABLE, GtkWidget)

GtkWidget *hl_figure_table_new           (const char        *id);
void       hl_figure_table_clear         (HlFigureTable     *self);
void       hl_figure_table_set_headers   (HlFigureTable     *self,
                                          const char *const *headers);
void       hl_figure_table_add_row       (HlFigureTable     *self,
                                          const char        *row_id,
                                          const char *const *column_ids,
                                          const char *const *cells);
void       hl_figure_table_add_index_row (HlFigureTable     *self,
                                          const char        *row_id,
                                          const char        *name,
                                          const HlIndexRow  *row);
void       hl_figure_table_add_note      (HlFigureTable     *self,
                                          const char        *note);
guint      hl_figure_table_get_n_rows    (HlFigureTable     *self);

/* How the dashboard writes the index's numbers: a percentage with two decimals and a decimal comma as
 * Vietnamese writes it ("85,59 %"), the interval as "78,14–90,81 %", and the verdict with a sign as well
 * as words, so that colour is never the only cue. Free with g_free(). */
char      *hl_format_percent             (double             value);
char      *hl_format_interval            (const HlRate      *rate);
char      *hl_format_verdict             (HlVerdict          verdict);

G_END_DECLS
