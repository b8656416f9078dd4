/* hl-qr-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-qr-view"

#include "config.h"

#include "hl-qr.h"
#include "hl-qr-view.h"

struct _HlQrView {
  GtkDrawingArea  parent_instance;

  /* owned references */
  char           *text;   /* what the code says, or NULL: nothing drawn */
};

G_DEFINE_FINAL_TYPE (HlQrView, hl_qr_view, GTK_TYPE_DRAWING_AREA)

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  HlQrView *self = HL_QR_VIEW (area);
  int size = MIN (width, height);
  g_autoptr(GError) error = NULL;

  if (self->text == NULL)
    return;
  cairo_translate (cr, (width - size) / 2, (height - size) / 2);
  if (!hl_qr_draw (cr, self->text, size, &error))
    g_warning ("%s", error->message);
}

static void
hl_qr_view_finalize (GObject *object)
{
  g_free (HL_QR_VIEW (object)->text);

  G_OBJECT_CLASS (hl_qr_view_parent_class)->finalize (object);
}

static void
hl_qr_view_class_init (HlQrViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hl_qr_view_finalize;
}

static void
hl_qr_view_init (HlQrView *self)
{
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_cb, NULL, NULL);
  /* Large enough for a phone to read from arm's length, small enough for a 1024×600 screen. */
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), 300);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 300);
}

void
hl_qr_view_set_text (HlQrView   *self,
                     const char *text)
{
  g_return_if_fail (HL_IS_QR_VIEW (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
