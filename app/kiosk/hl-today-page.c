/* hl-today-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-today-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hl-chart.h"
#include "hl-figure-table.h"
#include "hl-today-page.h"

struct _HlTodayPage {
  GtkWidget   parent_instance;

  /* template widgets */
  GtkWidget  *scroller;
  GtkWidget  *box;
  GtkBox     *alerts_box;
  GtkBox     *notices_box;
  GtkLabel   *day_label;
  GtkFlowBox *summary_box;
  GtkBox     *reasons_box;
  HlChart    *hours_chart;
  GtkLabel   *saved_label;
  GtkBox     *tables_box;
};

G_DEFINE_FINAL_TYPE (HlTodayPage, hl_today_page, GTK_TYPE_WIDGET)

static void
hl_today_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HL_TYPE_TODAY_PAGE);

  G_OBJECT_CLASS (hl_today_page_parent_class)->dispose (object);
}

static void
hl_today_page_class_init (HlTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_today_page_dispose;

  g_type_ensure (HL_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/hailong/Kiosk/hl-today-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HlTodayPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, HlTodayPage, box);
  gtk_widget_class_bind_template_child (widget_class, HlTodayPage, alerts_box);
  gtk_widget_class_bind_template_child (widget_class, HlTodayPage, notices_box);
  gtk_widget_class_bind_template_child (widget_class, HlTodayPage, day_label);
  gtk_widget_class_bind_template_child (widget_class, HlTodayPage, summary_box);
  gtk_widget_class_bind_template_child (widget_class, HlTodayPage, reasons_box);
  gtk_widget_class_bind_template_child (widget_class, HlTodayPage, hours_chart);
  gtk_widget_class_bind_template_child (widget_class, HlTodayPage, saved_label);
  gtk_widget_class_bind_template_child (widget_class, HlTodayPage, tables_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hl_today_page_init (HlTodayPage *self)
{
  g_type_ensure (HL_TYPE_CHART);
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
remove_children (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_widget_unparent (child);
}

/* A tile of the summary: the figure large, what it is below it. */
static void
add_tile (HlTodayPage *self,
          const char  *id,
          const char  *title,
          const char  *value)
{
  GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *figure = gtk_label_new (value);
  GtkWidget *caption = gtk_label_new (title);
  g_autofree char *name = g_strdup_printf ("fig:today.%s", id);

  gtk_widget_set_name (figure, name);
  gtk_widget_add_css_class (figure, "tile-figure");
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_label_set_justify (GTK_LABEL (caption), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (caption, "tile-caption");
  gtk_box_append (GTK_BOX (tile), figure);
  gtk_box_append (GTK_BOX (tile), caption);
  gtk_widget_add_css_class (tile, "tile");
  gtk_flow_box_append (self->summary_box, tile);
}

static const char *
key_name (HlKiosk    *kiosk,
          HlKey       key,
          const char *code)
{
  HlConfig *config = hl_kiosk_get_config (kiosk);
  const char *lang = hl_kiosk_get_language (kiosk);

  if (code == NULL)
    return NULL;
  switch (key)
    {
    case HL_KEY_OFFICER:
      {
        const HlOfficer *officer = hl_config_lookup_officer (config, code);

        return officer ? officer->name : NULL;
      }
    case HL_KEY_PROCEDURE:
      {
        const HlCodeName *procedure = hl_config_lookup_procedure (config, code);

        return procedure ? hl_text_get (procedure->name, lang) : NULL;
      }
    case HL_KEY_FIELD:
      {
        const HlCodeName *field = hl_config_lookup_field (config, code);

        return field ? hl_text_get (field->name, lang) : NULL;
      }
    case HL_KEY_COUNTER:
      return g_strcmp0 (code, config->counter_code) == 0 ? hl_text_get (config->counter_name, lang) : NULL;
    default:
      return NULL;
    }
}

static void
add_table (HlTodayPage *self,
           HlKiosk     *kiosk,
           const char  *title,
           const char  *id,
           HlKey        key,
           HlIndex     *index)
{
  static const char *headers[] = { NULL, N_("Lượt đánh giá"), N_("Trả lời"), N_("Hài lòng"), N_("Tỷ lệ"),
                                   N_("Khoảng tin cậy 95 %"), N_("So với mục tiêu"), NULL };
  const char *translated[G_N_ELEMENTS (headers)];
  GtkWidget *table = hl_figure_table_new (id);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    translated[i] = headers[i] ? _(headers[i]) : NULL;
  translated[0] = title;
  hl_figure_table_set_headers (HL_FIGURE_TABLE (table), translated);
  for (guint r = 0; r < hl_index_get_n_rows (index); r++)
    {
      HlIndexRow *row = hl_index_get_row (index, r);
      const char *code = row->key[key];
      const char *name = key_name (kiosk, key, code);
      g_autofree char *label = NULL;

      if (code == NULL)
        label = g_strdup (_("(không rõ)"));
      else if (name != NULL)
        label = g_strdup_printf ("%s (%s)", name, code);
      else
        label = g_strdup (code);
      hl_figure_table_add_index_row (HL_FIGURE_TABLE (table), code ? code : "none", label, row);
    }
  if (hl_index_get_n_rows (index) == 0)
    hl_figure_table_add_note (HL_FIGURE_TABLE (table), _("Chưa có lượt đánh giá nào."));
  gtk_box_append (self->tables_box, table);
}

/* The detailed survey's elements, when citizens answered it today: each element's index and how many
 * criteria entered it. */
static void
add_elements (HlTodayPage      *self,
              const HlIndexRow *row)
{
  static const char *columns[] = { "index", "criteria", NULL };
  const char *headers[] = { _("Yếu tố SIPAS (khảo sát chi tiết)"), _("Chỉ số"), _("Số tiêu chí"), NULL };
  GtkWidget *table;
  g_autoptr(GList) keys = NULL;

  if (row == NULL || g_tree_nnodes (row->elements) == 0)
    return;
  table = hl_figure_table_new ("today-elements");
  hl_figure_table_set_headers (HL_FIGURE_TABLE (table), headers);
  {
    GTreeNode *node;

    for (node = g_tree_node_first (row->elements); node != NULL; node = g_tree_node_next (node))
      {
        const char *id = g_tree_node_key (node);
        const HlElementIndex *element = g_tree_node_value (node);
        g_autofree char *index = hl_format_percent (element->index);
        g_autofree char *criteria = g_strdup_printf ("%u", element->criteria);
        const char *cells[] = { id, index, criteria, NULL };

        hl_figure_table_add_row (HL_FIGURE_TABLE (table), id, columns, cells);
      }
  }
  if (!isnan (row->sipas))
    {
      g_autofree char *sipas = hl_format_percent (row->sipas);
      const char *cells[] = { _("SIPAS"), sipas, "", NULL };

      hl_figure_table_add_row (HL_FIGURE_TABLE (table), "sipas", columns, cells);
    }
  gtk_box_append (self->tables_box, table);
}

/* What went wrong, by SIPAS element: how many times citizens named each in the follow-up. */
static void
show_reasons (HlTodayPage       *self,
              HlKiosk           *kiosk,
              const HlDayDetail *detail)
{
  static const char *columns[] = { "answers", NULL };
  const char *headers[] = { _("Chưa hài lòng về điều gì (yếu tố SIPAS)"), _("Số lần chọn"), NULL };
  GtkWidget *table = hl_figure_table_new ("today-reasons");
  HlSurvey *survey = hl_kiosk_get_survey (kiosk);

  remove_children (GTK_WIDGET (self->reasons_box));
  hl_figure_table_set_headers (HL_FIGURE_TABLE (table), headers);
  for (guint i = 0; i < detail->reasons->len; i++)
    {
      const HlReasonCount *reason = &g_array_index (detail->reasons, HlReasonCount, i);
      HlElement *element = hl_survey_lookup_element (survey, reason->element);
      g_autofree char *name = element ? g_strdup_printf ("%s %s", reason->element,
                                                         hl_text_get (element->title, hl_kiosk_get_language (kiosk)))
                                      : g_strdup (reason->element);
      g_autofree char *answers = g_strdup_printf ("%" G_GINT64_FORMAT, reason->answers);
      const char *cells[] = { name, answers, NULL };

      hl_figure_table_add_row (HL_FIGURE_TABLE (table), reason->element, columns, cells);
    }
  if (detail->reasons->len == 0)
    hl_figure_table_add_note (HL_FIGURE_TABLE (table), _("Hôm nay chưa ai chọn lý do chưa hài lòng."));
  gtk_box_append (self->reasons_box, table);
}

/* Responses per hour at this kiosk's counter, from 7 h to 17 h and any other hour with responses. */
static void
show_hours (HlTodayPage       *self,
            const HlDayDetail *detail)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  gint64 values[24];
  guint n = 0, first = 7, last = 17;

  for (guint h = 0; h < 24; h++)
    if (detail->counted[h] > 0)
      {
        first = MIN (first, h);
        last = MAX (last, h);
      }
  for (guint h = first; h <= last; h++)
    {
      g_ptr_array_add (labels, g_strdup_printf ("%uh", h));
      values[n++] = detail->counted[h];
    }
  g_ptr_array_add (labels, NULL);
  hl_chart_set_bars (self->hours_chart, _("Lượt đánh giá theo giờ tại quầy này"), (const char *const *) labels->pdata,
                     values, n);
}

/* The kiosk's notices for the supervisor since it started (a database restored from a backup, a time out
 * of service and why, a locked PIN pad), newest first, each with its time: they are kept in memory by
 * HlKiosk, not in the database, so they need no query. */
void
hl_today_page_show_notices (HlTodayPage *self,
                            HlKiosk     *kiosk)
{
  GPtrArray *notices = hl_kiosk_get_notices (kiosk);
  g_autoptr(GDateTime) now = hl_kiosk_now (kiosk);

  g_return_if_fail (HL_IS_TODAY_PAGE (self));

  remove_children (GTK_WIDGET (self->notices_box));
  for (guint i = notices ? notices->len : 0; i > 0; i--)
    {
      const HlNotice *notice = g_ptr_array_index (notices, i - 1);
      /* A notice of an earlier day (a kiosk that runs for days) says its date too. */
      gboolean today = g_date_time_get_year (notice->at) == g_date_time_get_year (now)
                       && g_date_time_get_day_of_year (notice->at) == g_date_time_get_day_of_year (now);
      g_autofree char *at = g_date_time_format (notice->at, today ? "%H:%M" : "%H:%M %d/%m/%Y");
      g_autofree char *text = g_strdup_printf ("ⓘ %s  %s", at, notice->text);
      g_autofree char *name = g_strdup_printf ("fig:notice.%u", notices->len - i + 1);
      GtkWidget *label = gtk_label_new (text);

      gtk_widget_set_name (label, name);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "notice-line");
      gtk_box_append (self->notices_box, label);
    }
  if (notices == NULL || notices->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("Không có thông báo nào từ khi máy khởi động."));

      gtk_widget_set_name (label, "fig:notice.none");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (self->notices_box, label);
    }
}

/* Saves the chart of responses per hour as DIR/theo-gio-YYYYMMDD-HHMMSS.png and shows the path. */
gboolean
hl_today_page_save_chart (HlTodayPage  *self,
                          const char   *dir,
                          char        **path,
                          GError      **error)
{
  g_autofree char *file = hl_chart_save_png_in (self->hours_chart, dir, "theo-gio", 1200, 400, error);
  g_autofree char *shown = NULL;

  if (file == NULL)
    return FALSE;
  shown = g_strdup_printf (_("Đã lưu biểu đồ: %s"), file);
  gtk_label_set_label (self->saved_label, shown);
  if (path != NULL)
    *path = g_steal_pointer (&file);
  return TRUE;
}

void
hl_today_page_show (HlTodayPage    *self,
                    HlKiosk        *kiosk,
                    HlTodayFigures *figures)
{
  HlIndexRow *total = hl_index_get_n_rows (figures->total) > 0 ? hl_index_get_row (figures->total, 0) : NULL;
  HlIndexRow empty = { 0 };
  g_autofree char *day = NULL;

  g_return_if_fail (HL_IS_TODAY_PAGE (self));

  remove_children (GTK_WIDGET (self->alerts_box));
  for (guint i = 0; figures->alerts && i < figures->alerts->len; i++)
    {
      HlAlert *alert = g_ptr_array_index (figures->alerts, i);
      g_autofree char *text = g_strdup_printf ("⚠ %.5s  %s", alert->raised_at + 11, alert->message);
      g_autofree char *name = g_strdup_printf ("fig:alert.%u", i + 1);
      GtkWidget *label = gtk_label_new (text);

      gtk_widget_set_name (label, name);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "alert-line");
      gtk_box_append (self->alerts_box, label);
    }
  if (figures->alerts == NULL || figures->alerts->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("Không có cảnh báo nào hôm nay."));

      gtk_widget_set_name (label, "fig:alert.none");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (self->alerts_box, label);
    }

  day = g_strdup_printf (_("Kết quả hôm nay, %.2s/%.2s/%.4s"), figures->day + 8, figures->day + 5, figures->day);
  gtk_label_set_label (self->day_label, day);

  if (total == NULL)
    {
      /* No response yet: the figures are zero and the rate is not known, which the tiles say. */
      empty.overall.rate = NAN;
      empty.overall_without_bursts.rate = NAN;
      empty.target = hl_kiosk_get_config (kiosk)->target;
      total = &empty;
    }
  remove_children (GTK_WIDGET (self->summary_box));
  {
    g_autofree char *responses = g_strdup_printf ("%" G_GINT64_FORMAT, total->responses);
    g_autofree char *rate = hl_format_percent (total->overall.rate);
    g_autofree char *ci = hl_format_interval (&total->overall);
    g_autofree char *target_pct = hl_format_percent (total->target);
    g_autofree char *target = g_strdup_printf (_("so với mục tiêu %s"), target_pct);
    g_autofree char *verdict = hl_format_verdict (total->verdict);
    g_autofree char *bursts = g_strdup_printf ("%" G_GINT64_FORMAT, total->bursts);
    g_autofree char *without = hl_format_percent (total->overall_without_bursts.rate);

    add_tile (self, "responses", _("lượt đánh giá được tính"), responses);
    add_tile (self, "rate", _("tỷ lệ hài lòng"), rate);
    add_tile (self, "ci95", _("khoảng tin cậy 95 %"), ci);
    add_tile (self, "verdict", target, verdict);
    add_tile (self, "bursts", _("lượt trong đợt dồn dập"), bursts);
    add_tile (self, "rate-without-bursts", _("tỷ lệ không tính đợt dồn dập"), without);
    {
      g_autofree char *repeats = g_strdup_printf ("%" G_GINT64_FORMAT, figures->detail->repeats_total);

      add_tile (self, "repeats", _("lượt bấm lặp lại tại quầy này (lưu, không tính)"), repeats);
    }
  }
  show_reasons (self, kiosk, figures->detail);
  show_hours (self, figures->detail);

  remove_children (GTK_WIDGET (self->tables_box));
  add_table (self, kiosk, _("Theo quầy"), "today-counter", HL_KEY_COUNTER, figures->by_counter);
  add_table (self, kiosk, _("Theo cán bộ"), "today-officer", HL_KEY_OFFICER, figures->by_officer);
  add_table (self, kiosk, _("Theo thủ tục"), "today-procedure", HL_KEY_PROCEDURE, figures->by_procedure);
  add_table (self, kiosk, _("Theo lĩnh vực"), "today-field", HL_KEY_FIELD, figures->by_field);
  add_elements (self, total == &empty ? NULL : total);
}
