/* hl-thanks-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-thanks-page"

#include "config.h"

#include "hl-face.h"
#include "hl-qr-view.h"
#include "hl-thanks-page.h"

struct _HlThanksPage {
  GtkWidget  parent_instance;

  /* template widgets */
  GtkWidget *box;
  GtkWidget *face;
  GtkWidget *detailed_button;
  GtkWidget *feedback_box;
  GtkWidget *feedback_qr;
};

G_DEFINE_FINAL_TYPE (HlThanksPage, hl_thanks_page, GTK_TYPE_WIDGET)

static void
hl_thanks_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HL_TYPE_THANKS_PAGE);

  G_OBJECT_CLASS (hl_thanks_page_parent_class)->dispose (object);
}

static void
hl_thanks_page_class_init (HlThanksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_thanks_page_dispose;

  g_type_ensure (HL_TYPE_FACE);
  g_type_ensure (HL_TYPE_QR_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/hailong/Kiosk/hl-thanks-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HlThanksPage, box);
  gtk_widget_class_bind_template_child (widget_class, HlThanksPage, face);
  gtk_widget_class_bind_template_child (widget_class, HlThanksPage, detailed_button);
  gtk_widget_class_bind_template_child (widget_class, HlThanksPage, feedback_box);
  gtk_widget_class_bind_template_child (widget_class, HlThanksPage, feedback_qr);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hl_thanks_page_init (HlThanksPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_size_request (self->face, 160, 160);
}

/* Whether to offer the detailed rating below the thanks. */
void
hl_thanks_page_set_offer_detailed (HlThanksPage *self,
                                   gboolean      offer)
{
  g_return_if_fail (HL_IS_THANKS_PAGE (self));

  gtk_widget_set_visible (self->detailed_button, offer);
}

/* The QR code to the province's feedback page (hl_kiosk_get_feedback_url()), or none for NULL. */
void
hl_thanks_page_set_feedback_url (HlThanksPage *self,
                                 const char   *url)
{
  g_return_if_fail (HL_IS_THANKS_PAGE (self));

  hl_qr_view_set_text (HL_QR_VIEW (self->feedback_qr), url);
  gtk_widget_set_visible (self->feedback_box, url != NULL);
}
