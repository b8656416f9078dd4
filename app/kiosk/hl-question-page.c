/* hl-question-page.c
 *
 * Shows whatever question HlKiosk says is current. Choice options are plain buttons whose "selected" look
 * follows HlKiosk's selection, so that a tap, a key and a test all change the same state. A chosen option
 * shows a tick as well as its tint, so that the choice does not rest on colour alone (a citizen who does
 * not tell the tints apart, a faded screen in sunlight), and says "pressed" to assistive technologies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-question-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-face.h"
#include "hl-question-page.h"

struct _HlQuestionPage {
  GtkWidget   parent_instance;

  /* template widgets */
  GtkWidget  *box;
  GtkLabel   *question_label;
  GtkLabel   *hint_label;
  GtkFlowBox *options_box;
  GtkBox     *faces_box;
  GtkWidget  *footer;
  GtkWidget  *submit_button;
  GtkWidget  *back_button;
  GtkLabel   *progress_label;

  /* owned references */
  HlKiosk    *kiosk;
  GPtrArray  *option_buttons;  /* GtkWidget*, by position */
  GPtrArray  *option_marks;    /* GtkWidget*, each button's tick, by position */
  GtkSizeGroup *face_words;    /* the words under the faces, one height (hl_face_button_new) */
};

G_DEFINE_FINAL_TYPE (HlQuestionPage, hl_question_page, GTK_TYPE_WIDGET)

static void
selection_changed_cb (HlQuestionPage *self)
{
  for (guint i = 0; i < self->option_buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->option_buttons, i);
      gboolean selected = hl_kiosk_is_selected (self->kiosk, i);

      if (selected)
        gtk_widget_add_css_class (button, "selected");
      else
        gtk_widget_remove_css_class (button, "selected");
      /* Transparent rather than hidden, so that the label does not move when the tick comes. */
      gtk_widget_set_opacity (g_ptr_array_index (self->option_marks, i), selected ? 1.0 : 0.0);
      gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
                                   hl_kiosk_is_selected (self->kiosk, i) ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                                                         : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
    }
}

/* A button with a tick (see selection_changed_cb) and the option's words; *mark is the tick. */
static GtkWidget *
option_button_new (const HlOption *option,
                   guint           position,
                   const char     *lang,
                   GtkWidget     **mark)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (hl_text_get (option->label, lang));
  g_autofree char *name = g_strdup_printf ("option-%u", position + 1);
  g_autofree char *mark_name = g_strdup_printf ("tick-%u", position + 1);

  /* The tick only shows the button's pressed state, which screen readers get from the button itself. */
  *mark = g_object_new (GTK_TYPE_IMAGE, "icon-name", "object-select-symbolic",
                        "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  gtk_widget_set_name (*mark, mark_name);
  gtk_widget_add_css_class (*mark, "selection-mark");
  gtk_widget_set_opacity (*mark, 0.0);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), *mark);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (box), label);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "option-button");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "kiosk.choose");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", position);
  /* Named by its words, as the face buttons are: a screen reader would otherwise say "GtkButton". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  hl_text_get (option->label, lang), -1);
  return button;
}

static void
question_changed_cb (HlQuestionPage *self)
{
  HlQuestion *question = hl_kiosk_get_question (self->kiosk);
  const char *lang = hl_kiosk_get_language (self->kiosk);
  GPtrArray *options;
  GtkWidget *child;
  gboolean is_choice;

  if (hl_kiosk_get_page (self->kiosk) != HL_PAGE_QUESTION || question == NULL)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->options_box))) != NULL)
    gtk_flow_box_remove (self->options_box, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->faces_box))) != NULL)
    gtk_box_remove (self->faces_box, child);
  g_ptr_array_set_size (self->option_buttons, 0);
  g_ptr_array_set_size (self->option_marks, 0);

  gtk_label_set_label (self->question_label, hl_text_get (question->text, lang));
  options = hl_question_get_options (question);
  is_choice = question->type == HL_QUESTION_CHOICE;
  for (guint i = 0; options != NULL && i < options->len; i++)
    {
      if (is_choice)
        {
          GtkWidget *mark;
          GtkWidget *button = option_button_new (g_ptr_array_index (options, i), i, lang, &mark);

          g_ptr_array_add (self->option_buttons, button);
          g_ptr_array_add (self->option_marks, mark);
          gtk_flow_box_append (self->options_box, button);
        }
      else
        gtk_box_append (self->faces_box, hl_face_button_new (question, i, lang, self->face_words));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->options_box), is_choice);
  gtk_widget_set_visible (GTK_WIDGET (self->faces_box), !is_choice);
  /* A rating is answered by its tap; a choice needs "send". Either can be skipped. */
  gtk_widget_set_visible (self->submit_button, is_choice);
  gtk_label_set_label (self->hint_label,
                       !is_choice ? _("Chạm vào một khuôn mặt, hoặc bỏ qua")
                       : question->multiple ? _("Có thể chọn nhiều ý, rồi bấm «Gửi ý kiến»")
                       : _("Chọn một ý, rồi bấm «Gửi ý kiến»"));
  /* "Câu 3/22" on a walk through several criteria; nothing for a single follow-up. */
  {
    guint index, total;

    hl_kiosk_get_progress (self->kiosk, &index, &total);
    if (total > 1 && index > 0)
      {
        g_autofree char *text = g_strdup_printf (_("Câu %u/%u"), index, total);

        gtk_label_set_label (self->progress_label, text);
      }
    gtk_widget_set_visible (GTK_WIDGET (self->progress_label), total > 1 && index > 0);
  }
  gtk_widget_set_visible (self->back_button, hl_kiosk_get_can_go_back (self->kiosk));
  selection_changed_cb (self);
}

static void
hl_question_page_dispose (GObject *object)
{
  HlQuestionPage *self = (HlQuestionPage *) object;

  if (self->kiosk != NULL)
    g_signal_handlers_disconnect_by_data (self->kiosk, self);
  g_clear_object (&self->kiosk);
  g_clear_pointer (&self->option_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->option_marks, g_ptr_array_unref);
  g_clear_object (&self->face_words);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_QUESTION_PAGE);

  G_OBJECT_CLASS (hl_question_page_parent_class)->dispose (object);
}

static void
hl_question_page_class_init (HlQuestionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_question_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/hailong/Kiosk/hl-question-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HlQuestionPage, box);
  gtk_widget_class_bind_template_child (widget_class, HlQuestionPage, question_label);
  gtk_widget_class_bind_template_child (widget_class, HlQuestionPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, HlQuestionPage, options_box);
  gtk_widget_class_bind_template_child (widget_class, HlQuestionPage, faces_box);
  gtk_widget_class_bind_template_child (widget_class, HlQuestionPage, footer);
  gtk_widget_class_bind_template_child (widget_class, HlQuestionPage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, HlQuestionPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, HlQuestionPage, progress_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hl_question_page_init (HlQuestionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->option_buttons = g_ptr_array_new ();
  self->option_marks = g_ptr_array_new ();
  self->face_words = gtk_size_group_new (GTK_SIZE_GROUP_VERTICAL);
}

void
hl_question_page_set_kiosk (HlQuestionPage *self,
                            HlKiosk        *kiosk)
{
  g_return_if_fail (HL_IS_QUESTION_PAGE (self));
  g_return_if_fail (self->kiosk == NULL);

  self->kiosk = g_object_ref (kiosk);
  g_signal_connect_swapped (kiosk, "notify::question", G_CALLBACK (question_changed_cb), self);
  g_signal_connect_swapped (kiosk, "selection-changed", G_CALLBACK (selection_changed_cb), self);
}
