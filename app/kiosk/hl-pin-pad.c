/* hl-pin-pad.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-pin-pad"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-pin-pad.h"

struct _HlPinPad {
  GtkWidget  parent_instance;

  /* template widgets */
  GtkWidget *box;
  GtkLabel  *title_label;
  GtkLabel  *detail_label;
  GtkLabel  *dots_label;
  GtkLabel  *message_label;
  GtkGrid   *grid;
};

G_DEFINE_FINAL_TYPE (HlPinPad, hl_pin_pad, GTK_TYPE_WIDGET)

static void
hl_pin_pad_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HL_TYPE_PIN_PAD);

  G_OBJECT_CLASS (hl_pin_pad_parent_class)->dispose (object);
}

static void
hl_pin_pad_class_init (HlPinPadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_pin_pad_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/hailong/Kiosk/hl-pin-pad.ui");
  gtk_widget_class_bind_template_child (widget_class, HlPinPad, box);
  gtk_widget_class_bind_template_child (widget_class, HlPinPad, title_label);
  gtk_widget_class_bind_template_child (widget_class, HlPinPad, detail_label);
  gtk_widget_class_bind_template_child (widget_class, HlPinPad, dots_label);
  gtk_widget_class_bind_template_child (widget_class, HlPinPad, message_label);
  gtk_widget_class_bind_template_child (widget_class, HlPinPad, grid);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static GtkWidget *
pad_button (const char *name,
            const char *label,
            const char *action,
            GVariant   *target)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_name (button, name);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_widget_add_css_class (button, "pin-key");
  return button;
}

static void
hl_pin_pad_init (HlPinPad *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* 1 2 3 / 4 5 6 / 7 8 9 / Xoá 0 Vào, as on a telephone. Built here rather than in the template so
   * that the ten digit buttons are written once. */
  for (guint d = 1; d <= 9; d++)
    {
      g_autofree char *name = g_strdup_printf ("pin-%u", d);
      g_autofree char *label = g_strdup_printf ("%u", d);

      gtk_grid_attach (self->grid, pad_button (name, label, "supervisor.digit", g_variant_new_uint32 (d)),
                       (d - 1) % 3, (d - 1) / 3, 1, 1);
    }
  gtk_grid_attach (self->grid, pad_button ("pin-erase", _("Xoá"), "supervisor.erase", NULL), 0, 3, 1, 1);
  gtk_grid_attach (self->grid, pad_button ("pin-0", "0", "supervisor.digit", g_variant_new_uint32 (0)), 1, 3, 1, 1);
  gtk_grid_attach (self->grid, pad_button ("pin-enter", _("Đồng ý"), "supervisor.enter", NULL), 2, 3, 1, 1);
}

void
hl_pin_pad_set_title (HlPinPad   *self,
                      const char *title,
                      const char *detail)
{
  g_return_if_fail (HL_IS_PIN_PAD (self));

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->detail_label, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL);
}

void
hl_pin_pad_set_entered (HlPinPad *self,
                        guint     n_digits)
{
  g_autoptr(GString) dots = g_string_new (NULL);

  g_return_if_fail (HL_IS_PIN_PAD (self));

  for (guint i = 0; i < n_digits; i++)
    g_string_append (dots, i ? " ●" : "●");
  /* A space keeps the line's height when nothing is entered yet. */
  gtk_label_set_label (self->dots_label, n_digits ? dots->str : " ");
}

/* An error (a wrong PIN, the lock-out) is marked by its words and an icon-like prefix, not by colour
 * alone. */
void
hl_pin_pad_set_message (HlPinPad   *self,
                        const char *message,
                        gboolean    is_error)
{
  g_return_if_fail (HL_IS_PIN_PAD (self));

  gtk_label_set_label (self->message_label, message && *message ? message : " ");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}
