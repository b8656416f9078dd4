/* hl-history-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-history-page"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "hl-chart.h"
#include "hl-figure-table.h"
#include "hl-history-page.h"

struct _HlHistoryPage {
  GtkWidget  parent_instance;

  /* template widgets */
  GtkWidget *scroller;
  GtkWidget *box;
  GtkBox    *periods_box;
  GtkLabel  *range_label;
  GtkLabel  *summary_label;
  HlChart   *chart;
  GtkLabel  *saved_label;
  GtkBox    *table_box;

  /* borrowed references */
  GtkWidget *period_buttons[HL_PERIOD_YEAR + 1];
  GArray    *shown_trend;  /* compared only: the chart holds its own reference */
};

G_DEFINE_FINAL_TYPE (HlHistoryPage, hl_history_page, GTK_TYPE_WIDGET)

static void
hl_history_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HL_TYPE_HISTORY_PAGE);

  G_OBJECT_CLASS (hl_history_page_parent_class)->dispose (object);
}

static void
hl_history_page_class_init (HlHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_history_page_dispose;

  g_type_ensure (HL_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/hailong/Kiosk/hl-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HlHistoryPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, HlHistoryPage, box);
  gtk_widget_class_bind_template_child (widget_class, HlHistoryPage, periods_box);
  gtk_widget_class_bind_template_child (widget_class, HlHistoryPage, range_label);
  gtk_widget_class_bind_template_child (widget_class, HlHistoryPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, HlHistoryPage, chart);
  gtk_widget_class_bind_template_child (widget_class, HlHistoryPage, saved_label);
  gtk_widget_class_bind_template_child (widget_class, HlHistoryPage, table_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hl_history_page_init (HlHistoryPage *self)
{
  static const char *labels[] = { N_("Hôm nay"), N_("Tuần này"), N_("Tháng này"), N_("Quý này"), N_("Năm nay") };

  gtk_widget_init_template (GTK_WIDGET (self));
  for (HlPeriod p = HL_PERIOD_DAY; p <= HL_PERIOD_YEAR; p++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (_(labels[p]));
      g_autofree char *name = g_strdup_printf ("dash-period-%s", hl_period_to_string (p));

      gtk_widget_set_name (button, name);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "dashboard.period");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", hl_period_to_string (p));
      gtk_widget_add_css_class (button, "dash-button");
      gtk_box_append (self->periods_box, button);
      self->period_buttons[p] = button;
    }
}

/* The chosen period's button stays pressed: its look and its state say which one is shown. */
void
hl_history_page_set_period (HlHistoryPage *self,
                            HlPeriod       period)
{
  for (HlPeriod p = HL_PERIOD_DAY; p <= HL_PERIOD_YEAR; p++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->period_buttons[p]), p == period);
}

static char *
format_day (const char *day)
{
  return g_strdup_printf ("%.2s/%.2s/%.4s", day + 8, day + 5, day);
}

void
hl_history_page_show (HlHistoryPage    *self,
                      HlKiosk          *kiosk,
                      HlHistoryFigures *figures)
{
  static const char *columns[] = { "rank", "responses", "n", "rate", "ci95", "reason", NULL };
  const char *headers[] = { _("Cán bộ"), _("Hạng"), _("Lượt đánh giá"), _("Trả lời"), _("Tỷ lệ"),
                            _("Khoảng tin cậy 95 %"), _("Ghi chú"), NULL };
  HlConfig *config = hl_kiosk_get_config (kiosk);
  HlIndexRow *total = hl_index_get_n_rows (figures->total) > 0 ? hl_index_get_row (figures->total, 0) : NULL;
  g_autofree char *from = format_day (figures->from), *to = format_day (figures->to);
  g_autofree char *range = g_strdup_printf (_("Từ %s đến %s"), from, to);
  g_autofree char *title = g_strdup_printf (_("Tỷ lệ hài lòng %d ngày gần nhất"), HL_DASHBOARD_TREND_DAYS);
  GtkWidget *table, *child;

  g_return_if_fail (HL_IS_HISTORY_PAGE (self));

  hl_history_page_set_period (self, figures->period);
  gtk_label_set_label (self->range_label, range);
  if (total != NULL)
    {
      g_autofree char *rate = hl_format_percent (total->overall.rate);
      g_autofree char *ci = hl_format_interval (&total->overall);
      g_autofree char *verdict = hl_format_verdict (total->verdict);
      g_autofree char *summary = g_strdup_printf (_("%" PRId64 " lượt đánh giá · tỷ lệ hài lòng %s (khoảng tin cậy 95 %%: %s) · %s"),
                                                  total->responses, rate, ci, verdict);

      gtk_label_set_label (self->summary_label, summary);
    }
  else
    gtk_label_set_label (self->summary_label, _("Chưa có lượt đánh giá nào trong khoảng này."));
  /* The trend is the same 30 days whatever the period: drawn again only when the reader computed it anew. */
  if (figures->trend != self->shown_trend)
    {
      hl_chart_set_trend (self->chart, figures->trend, config->target, title);
      self->shown_trend = figures->trend;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table_box))) != NULL)
    gtk_box_remove (self->table_box, child);
  table = hl_figure_table_new ("history-officer");
  hl_figure_table_set_headers (HL_FIGURE_TABLE (table), headers);
  for (guint i = 0; figures->ranking && i < figures->ranking->len; i++)
    {
      HlRankEntry *entry = &g_array_index (figures->ranking, HlRankEntry, i);
      HlIndexRow *row = hl_index_get_row (figures->by_officer, entry->position);
      const char *code = row->key[HL_KEY_OFFICER];
      const HlOfficer *officer = code ? hl_config_lookup_officer (config, code) : NULL;
      g_autofree char *name = code == NULL ? g_strdup (_("(không rõ cán bộ)"))
                              : officer ? g_strdup_printf ("%s (%s)", officer->name, code) : g_strdup (code);
      g_autofree char *rank = entry->rank ? g_strdup_printf ("%u", entry->rank) : g_strdup ("–");
      g_autofree char *responses = g_strdup_printf ("%" G_GINT64_FORMAT, row->responses);
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, row->overall.n);
      g_autofree char *rate = hl_format_percent (row->overall.rate);
      g_autofree char *ci = hl_format_interval (&row->overall);
      g_autofree char *reason = hl_rank_reason_describe (entry->reason, hl_index_get_min_sample (figures->by_officer));
      const char *cells[] = { name, rank, responses, n, rate, ci, reason, NULL };

      hl_figure_table_add_row (HL_FIGURE_TABLE (table), code ? code : "none", columns, cells);
    }
  if (figures->ranking == NULL || figures->ranking->len == 0)
    hl_figure_table_add_note (HL_FIGURE_TABLE (table), _("Chưa có lượt đánh giá nào trong khoảng này."));
  else
    {
      g_autofree char *note = g_strdup_printf (_("Hai cán bộ không được xếp trên nhau khi khoảng tin cậy chồng nhau mà một người có dưới %u câu trả lời: họ cùng hạng."),
                                               hl_index_get_min_sample (figures->by_officer));

      hl_figure_table_add_note (HL_FIGURE_TABLE (table), note);
    }
  gtk_box_append (self->table_box, table);
}

/* Saves the trend chart as DIR/xu-huong-YYYYMMDD-HHMMSS.png, at a size that prints well, and shows the
 * path. */
gboolean
hl_history_page_save_chart (HlHistoryPage  *self,
                            const char     *dir,
                            char          **path,
                            GError        **error)
{
  g_autofree char *file = hl_chart_save_png_in (self->chart, dir, "xu-huong", 1200, 500, error);
  g_autofree char *shown = NULL;

  if (file == NULL)
    return FALSE;
  shown = g_strdup_printf (_("Đã lưu biểu đồ: %s"), file);
  gtk_label_set_label (self->saved_label, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->saved_label), TRUE);
  if (path != NULL)
    *path = g_steal_pointer (&file);
  return TRUE;
}
