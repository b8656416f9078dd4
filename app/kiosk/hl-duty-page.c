/* hl-duty-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-duty-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-duty-page.h"

struct _HlDutyPage {
  GtkWidget   parent_instance;

  /* template widgets */
  GtkWidget  *scroller;
  GtkWidget  *box;
  GtkLabel   *counter_label;
  GtkLabel   *on_duty_label;
  GtkWidget  *sign_out_button;
  GtkFlowBox *officers_box;

  /* owned references */
  HlKiosk    *kiosk;
};

G_DEFINE_FINAL_TYPE (HlDutyPage, hl_duty_page, GTK_TYPE_WIDGET)

/* Shows what core says: who is on duty and since when. */
static void
on_duty_changed_cb (HlDutyPage *self)
{
  gint64 since = 0;
  const char *code = hl_kiosk_get_on_duty (self->kiosk, &since);
  const HlOfficer *officer = code ? hl_config_lookup_officer (hl_kiosk_get_config (self->kiosk), code) : NULL;
  g_autofree char *text = NULL;

  if (code == NULL)
    text = g_strdup (_("Hiện không có cán bộ trực."));
  else if (since > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (since);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *when = g_date_time_format (local, "%H:%M %d/%m/%Y");

      text = g_strdup_printf (_("Đang trực: %s (%s), từ %s"), officer ? officer->name : code, code, when);
    }
  else
    text = g_strdup_printf (_("Đang trực: %s (%s), theo tệp cấu hình"), officer ? officer->name : code, code);
  gtk_label_set_label (self->on_duty_label, text);
  gtk_widget_set_sensitive (self->sign_out_button, code != NULL);
}

static void
hl_duty_page_dispose (GObject *object)
{
  HlDutyPage *self = (HlDutyPage *) object;

  if (self->kiosk != NULL)
    g_signal_handlers_disconnect_by_data (self->kiosk, self);
  g_clear_object (&self->kiosk);
  gtk_widget_dispose_template (GTK_WIDGET (object), HL_TYPE_DUTY_PAGE);

  G_OBJECT_CLASS (hl_duty_page_parent_class)->dispose (object);
}

static void
hl_duty_page_class_init (HlDutyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_duty_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/hailong/Kiosk/hl-duty-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HlDutyPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, HlDutyPage, box);
  gtk_widget_class_bind_template_child (widget_class, HlDutyPage, counter_label);
  gtk_widget_class_bind_template_child (widget_class, HlDutyPage, on_duty_label);
  gtk_widget_class_bind_template_child (widget_class, HlDutyPage, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, HlDutyPage, officers_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hl_duty_page_init (HlDutyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
hl_duty_page_set_kiosk (HlDutyPage *self,
                        HlKiosk    *kiosk)
{
  HlConfig *config = hl_kiosk_get_config (kiosk);
  g_autofree char *counter = NULL;

  g_return_if_fail (HL_IS_DUTY_PAGE (self));
  g_return_if_fail (self->kiosk == NULL);

  self->kiosk = g_object_ref (kiosk);
  counter = g_strdup_printf (_("Cán bộ trực %s (mã %s)"), hl_text_get (config->counter_name, "vi"), config->counter_code);
  gtk_label_set_label (self->counter_label, counter);
  for (guint i = 0; i < config->officers->len; i++)
    {
      const HlOfficer *officer = g_ptr_array_index (config->officers, i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", officer->name, officer->code);
      g_autofree char *name = g_strdup_printf ("dash-sign-in-%s", officer->code);
      GtkWidget *button = gtk_button_new_with_label (label);

      gtk_widget_set_name (button, name);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "dashboard.sign-in");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", officer->code);
      gtk_widget_add_css_class (button, "dash-button");
      gtk_flow_box_append (self->officers_box, button);
    }
  g_signal_connect_swapped (kiosk, "notify::on-duty", G_CALLBACK (on_duty_changed_cb), self);
  on_duty_changed_cb (self);
}
