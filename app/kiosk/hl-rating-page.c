/* hl-rating-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-rating-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-face.h"
#include "hl-rating-page.h"

struct _HlRatingPage {
  GtkWidget  parent_instance;

  /* template widgets */
  GtkWidget *box;
  GtkLabel  *unit_label;
  GtkLabel  *counter_label;
  GtkLabel  *question_label;
  GtkBox    *faces_box;
  GtkWidget *closed_box;
  GtkLabel  *opening_label;
  GtkLabel  *hint_label;
  GtkBox    *language_box;
  GtkBox    *options_box;
  GtkToggleButton *contrast_button;
  GtkToggleButton *large_button;

  /* owned references */
  HlKiosk   *kiosk;
  GtkSizeGroup *face_words;  /* the words under the faces, one height (hl_face_button_new) */
};

G_DEFINE_FINAL_TYPE (HlRatingPage, hl_rating_page, GTK_TYPE_WIDGET)

static void
update_counter (HlRatingPage *self)
{
  HlConfig *config = hl_kiosk_get_config (self->kiosk);
  const char *lang = hl_kiosk_get_language (self->kiosk);
  const char *officer = hl_kiosk_get_officer_name (self->kiosk);
  g_autofree char *text = NULL;

  /* "Quầy số 2 · Cán bộ: Giàng Thị Mai" */
  if (officer != NULL)
    text = g_strdup_printf ("%s · %s %s", hl_text_get (config->counter_name, lang), _("Cán bộ:"), officer);
  else
    text = g_strdup (hl_text_get (config->counter_name, lang));
  gtk_label_set_label (self->counter_label, text);
}

static void
officer_changed_cb (HlRatingPage *self)
{
  update_counter (self);
}

/* Armed mode: until the officer arms the kiosk the faces wait, and say so; the same while the database's
 * integrity check runs, for the few seconds after start that it takes. Outside the opening hours the faces
 * give way to when the centre opens: a face that takes no rating is not shown. */
static void
can_rate_changed_cb (HlRatingPage *self)
{
  gboolean can_rate = hl_kiosk_get_can_rate (self->kiosk);
  gboolean open = hl_kiosk_get_open (self->kiosk);
  const char *opening = hl_kiosk_get_opening (self->kiosk);

  gtk_widget_set_sensitive (GTK_WIDGET (self->faces_box), can_rate);
  gtk_widget_set_visible (GTK_WIDGET (self->faces_box), open);
  gtk_widget_set_visible (GTK_WIDGET (self->question_label), open);
  gtk_widget_set_visible (self->closed_box, !open);
  gtk_label_set_label (self->opening_label, opening ? opening : "");
  if (!open)
    gtk_label_set_label (self->hint_label, _("Ngoài giờ làm việc, máy không nhận đánh giá."));
  else if (can_rate)
    gtk_label_set_label (self->hint_label, _("Chạm vào một khuôn mặt để đánh giá"));
  else if (hl_kiosk_get_checking (self->kiosk))
    gtk_label_set_label (self->hint_label, _("Máy đang khởi động, xin chờ trong giây lát"));
  else
    gtk_label_set_label (self->hint_label, _("Xin chờ cán bộ mời đánh giá"));
}

/* The toggles show core's modes, which reset by themselves after each citizen. */
static void
modes_changed_cb (HlRatingPage *self)
{
  gtk_toggle_button_set_active (self->contrast_button, hl_kiosk_get_high_contrast (self->kiosk));
  gtk_toggle_button_set_active (self->large_button, hl_kiosk_get_large_text (self->kiosk));
}

static void
hl_rating_page_dispose (GObject *object)
{
  HlRatingPage *self = (HlRatingPage *) object;

  if (self->kiosk != NULL)
    g_signal_handlers_disconnect_by_data (self->kiosk, self);
  g_clear_object (&self->kiosk);
  g_clear_object (&self->face_words);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_RATING_PAGE);

  G_OBJECT_CLASS (hl_rating_page_parent_class)->dispose (object);
}

static void
hl_rating_page_class_init (HlRatingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_rating_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/hailong/Kiosk/hl-rating-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HlRatingPage, box);
  gtk_widget_class_bind_template_child (widget_class, HlRatingPage, unit_label);
  gtk_widget_class_bind_template_child (widget_class, HlRatingPage, counter_label);
  gtk_widget_class_bind_template_child (widget_class, HlRatingPage, question_label);
  gtk_widget_class_bind_template_child (widget_class, HlRatingPage, faces_box);
  gtk_widget_class_bind_template_child (widget_class, HlRatingPage, closed_box);
  gtk_widget_class_bind_template_child (widget_class, HlRatingPage, opening_label);
  gtk_widget_class_bind_template_child (widget_class, HlRatingPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, HlRatingPage, language_box);
  gtk_widget_class_bind_template_child (widget_class, HlRatingPage, options_box);
  gtk_widget_class_bind_template_child (widget_class, HlRatingPage, contrast_button);
  gtk_widget_class_bind_template_child (widget_class, HlRatingPage, large_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hl_rating_page_init (HlRatingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->face_words = gtk_size_group_new (GTK_SIZE_GROUP_VERTICAL);
}

/* A language as its button shows it, named in itself, as a citizen looking for it reads it; and as a
 * screen reader says it, in the language of the screen now. A code with no name here shows as written in
 * the survey. */
static const struct {
  const char *code, *own_name, *name;
} language_names[] = {
  { "vi", "Tiếng Việt", N_("Tiếng Việt") }, { "en", "English", N_("Tiếng Anh") },
  { "fr", "Français", N_("Tiếng Pháp") }, { "zh", "中文", N_("Tiếng Trung") }, { "ko", "한국어", N_("Tiếng Hàn") },
};

static GtkWidget *
language_button_new (const char *code)
{
  const char *own_name = code, *name = code;
  GtkWidget *button;

  for (guint i = 0; i < G_N_ELEMENTS (language_names); i++)
    if (g_str_equal (language_names[i].code, code))
      {
        own_name = language_names[i].own_name;
        name = _(language_names[i].name);
      }
  button = gtk_button_new_with_label (own_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, own_name, -1);
  return button;
}

/* One button per language of the survey, the current one marked (look and "pressed"); none when the
 * survey has a single language. */
static void
fill_languages (HlRatingPage *self)
{
  const char *const *languages = hl_kiosk_get_languages (self->kiosk);
  const char *current = hl_kiosk_get_language (self->kiosk);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->language_box))) != NULL)
    gtk_box_remove (self->language_box, child);
  for (guint i = 0; languages != NULL && languages[1] != NULL && languages[i] != NULL; i++)
    {
      GtkWidget *button = language_button_new (languages[i]);
      g_autofree char *name = g_strdup_printf ("lang-%s", languages[i]);
      gboolean chosen = g_str_equal (languages[i], current);

      gtk_widget_set_name (button, name);
      gtk_widget_add_css_class (button, "language-button");
      if (chosen)
        gtk_widget_add_css_class (button, "chosen");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "kiosk.language");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", languages[i]);
      gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
                                   chosen ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
      gtk_box_append (self->language_box, button);
    }
}

/* Everything on the page that is in the kiosk's language: again on each change of it. */
static void
fill (HlRatingPage *self)
{
  HlConfig *config = hl_kiosk_get_config (self->kiosk);
  const char *lang = hl_kiosk_get_language (self->kiosk);
  HlQuestion *question = hl_survey_get_first_question (hl_kiosk_get_survey (self->kiosk));
  GPtrArray *options = hl_question_get_options (question);
  GtkWidget *child;
  gboolean portrait = gtk_orientable_get_orientation (GTK_ORIENTABLE (self->faces_box)) == GTK_ORIENTATION_VERTICAL;

  gtk_label_set_label (self->unit_label, hl_text_get (config->unit_name, lang));
  gtk_label_set_label (self->question_label, hl_text_get (question->text, lang));
  update_counter (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->faces_box))) != NULL)
    gtk_box_remove (self->faces_box, child);
  for (guint i = 0; options != NULL && i < options->len; i++)
    gtk_box_append (self->faces_box, hl_face_button_new (question, i, lang, self->face_words));
  if (portrait)
    hl_rating_page_set_portrait (self, TRUE);
  fill_languages (self);
  can_rate_changed_cb (self);
  modes_changed_cb (self);
}

void
hl_rating_page_set_kiosk (HlRatingPage *self,
                          HlKiosk      *kiosk)
{
  g_return_if_fail (HL_IS_RATING_PAGE (self));
  g_return_if_fail (self->kiosk == NULL);

  self->kiosk = g_object_ref (kiosk);
  g_signal_connect_swapped (kiosk, "notify::officer", G_CALLBACK (officer_changed_cb), self);
  g_signal_connect_swapped (kiosk, "notify::can-rate", G_CALLBACK (can_rate_changed_cb), self);
  g_signal_connect_swapped (kiosk, "notify::language", G_CALLBACK (fill), self);
  g_signal_connect_swapped (kiosk, "notify::open", G_CALLBACK (can_rate_changed_cb), self);
  g_signal_connect_swapped (kiosk, "notify::opening", G_CALLBACK (can_rate_changed_cb), self);
  g_signal_connect_swapped (kiosk, "notify::high-contrast", G_CALLBACK (modes_changed_cb), self);
  g_signal_connect_swapped (kiosk, "notify::large-text", G_CALLBACK (modes_changed_cb), self);
  fill (self);
}

/* A screen mounted in portrait (cage -r): the faces go one under the other, each with its words beside it.
 * Side by side, four faces need more than 900 pixels of width, and a 720-pixel-wide portrait screen would
 * cut the last one off; one under the other with the words below, they would be taller than 1280. */
void
hl_rating_page_set_portrait (HlRatingPage *self,
                             gboolean      portrait)
{
  g_return_if_fail (HL_IS_RATING_PAGE (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->faces_box),
                                  portrait ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  /* The languages, then the modes under them: side by side they are wider than 720 pixels. */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->options_box),
                                  portrait ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  for (GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (self->faces_box)); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      GtkWidget *box = gtk_button_get_child (GTK_BUTTON (button));

      if (!GTK_IS_ORIENTABLE (box))
        continue;
      gtk_orientable_set_orientation (GTK_ORIENTABLE (box),
                                      portrait ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
      /* The words take the width beside the face instead of wrapping after each word. */
      gtk_widget_set_hexpand (gtk_widget_get_last_child (box), portrait);
    }
}
