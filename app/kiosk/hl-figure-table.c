/* hl-figure-table.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-figure-table"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hl-figure-table.h"

struct _HlFigureTable {
  GtkWidget  parent_instance;

  /* owned references */
  GtkGrid   *grid;       /* the child */
  char      *id;         /* the table's part of its cells' names */

  /* state */
  guint      n_rows;     /* data rows, below the header */
  guint      next_row;   /* grid row of the next line */
};

G_DEFINE_FINAL_TYPE (HlFigureTable, hl_figure_table, GTK_TYPE_WIDGET)

static const char *index_columns[] = { "responses", "n", "satisfied", "rate", "ci95", "verdict", NULL };

char *
hl_format_percent (double value)
{
  char *text;

  if (isnan (value))
    return g_strdup ("–");
  /* Rounded as the index rounds it, then written with a decimal comma. */
  text = g_strdup_printf ("%.2f %%", round (value * 100) / 100);
  g_strdelimit (text, ".", ',');
  return text;
}

char *
hl_format_interval (const HlRate *rate)
{
  g_autofree char *low = NULL, *high = NULL;

  if (rate->n == 0)
    return g_strdup ("–");
  low = g_strdup_printf ("%.2f", round (rate->ci_low * 100) / 100);
  high = hl_format_percent (rate->ci_high);
  g_strdelimit (low, ".", ',');
  return g_strdup_printf ("%s–%s", low, high);
}

char *
hl_format_verdict (HlVerdict verdict)
{
  /* ✓ meets, ? not yet clear, ✗ below: the sign and the words say it, the colour only repeats it. */
  static const char *signs[] = { [HL_VERDICT_NONE] = "", [HL_VERDICT_MEETS] = "✓ ", [HL_VERDICT_UNCLEAR] = "? ",
                                 [HL_VERDICT_BELOW] = "✗ " };

  if (verdict == HL_VERDICT_NONE)
    return g_strdup ("–");
  return g_strconcat (signs[verdict], _(hl_verdict_describe (verdict)), NULL);
}

static void
hl_figure_table_dispose (GObject *object)
{
  HlFigureTable *self = (HlFigureTable *) object;

  g_clear_pointer ((GtkWidget **) &self->grid, gtk_widget_unparent);
  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (hl_figure_table_parent_class)->dispose (object);
}

static void
hl_figure_table_class_init (HlFigureTableClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hl_figure_table_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "figuretable");
}

static void
hl_figure_table_init (HlFigureTable *self)
{
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->grid, 18);
  gtk_grid_set_row_spacing (self->grid, 4);
  gtk_widget_set_parent (GTK_WIDGET (self->grid), GTK_WIDGET (self));
}

GtkWidget *
hl_figure_table_new (const char *id)
{
  HlFigureTable *self = g_object_new (HL_TYPE_FIGURE_TABLE, NULL);

  self->id = g_strdup (id);
  return GTK_WIDGET (self);
}

void
hl_figure_table_clear (HlFigureTable *self)
{
  GtkWidget *child;

  g_return_if_fail (HL_IS_FIGURE_TABLE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  self->n_rows = 0;
  self->next_row = 0;
}

static GtkWidget *
cell (const char *text,
      gboolean    first)
{
  GtkWidget *label = gtk_label_new (text);
  /* Words (a name, a reason) rather than a figure: they wrap instead of widening the table. */
  gboolean words = first || g_utf8_strlen (text, -1) > 16;

  gtk_label_set_xalign (GTK_LABEL (label), words ? 0 : 1);
  if (words && !first)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
    }
  if (first)
    {
      /* Names wrap rather than push the figures off a small screen. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
      gtk_widget_set_hexpand (label, TRUE);
    }
  return label;
}

void
hl_figure_table_set_headers (HlFigureTable     *self,
                             const char *const *headers)
{
  g_return_if_fail (HL_IS_FIGURE_TABLE (self));

  for (guint c = 0; headers[c] != NULL; c++)
    {
      GtkWidget *label = cell (headers[c], c == 0);

      gtk_widget_add_css_class (label, "table-header");
      gtk_grid_attach (self->grid, label, c, self->next_row, 1, 1);
    }
  self->next_row++;
}

/* A row: the first cell names it, the others are figures named fig:ID.ROW.COLUMN. */
void
hl_figure_table_add_row (HlFigureTable     *self,
                         const char        *row_id,
                         const char *const *column_ids,
                         const char *const *cells)
{
  g_return_if_fail (HL_IS_FIGURE_TABLE (self));

  for (guint c = 0; cells[c] != NULL; c++)
    {
      GtkWidget *label = cell (cells[c], c == 0);

      if (c > 0 && column_ids[c - 1] != NULL)
        {
          g_autofree char *name = g_strdup_printf ("fig:%s.%s.%s", self->id, row_id, column_ids[c - 1]);

          gtk_widget_set_name (label, name);
        }
      /* Stripes help the eye along a row; they are not a cue of their own. */
      if (self->n_rows % 2 == 1)
        gtk_widget_add_css_class (label, "odd-row");
      gtk_grid_attach (self->grid, label, c, self->next_row, 1, 1);
    }
  self->n_rows++;
  self->next_row++;
}

/* A row of the index as core computed it: responses, answers, satisfied, the rate, its interval and the
 * verdict against the row's target. */
void
hl_figure_table_add_index_row (HlFigureTable    *self,
                               const char       *row_id,
                               const char       *name,
                               const HlIndexRow *row)
{
  g_autofree char *responses = g_strdup_printf ("%" G_GINT64_FORMAT, row->responses);
  g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, row->overall.n);
  g_autofree char *satisfied = g_strdup_printf ("%" G_GINT64_FORMAT, row->overall.satisfied);
  g_autofree char *rate = hl_format_percent (row->overall.rate);
  g_autofree char *ci = hl_format_interval (&row->overall);
  g_autofree char *verdict = hl_format_verdict (row->verdict);
  const char *cells[] = { name, responses, n, satisfied, rate, ci, verdict, NULL };

  hl_figure_table_add_row (self, row_id, index_columns, cells);
}

void
hl_figure_table_add_note (HlFigureTable *self,
                          const char    *note)
{
  GtkWidget *label = gtk_label_new (note);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "table-note");
  gtk_grid_attach (self->grid, label, 0, self->next_row++, 8, 1);
}

guint
hl_figure_table_get_n_rows (HlFigureTable *self)
{
  return self->n_rows;
}
