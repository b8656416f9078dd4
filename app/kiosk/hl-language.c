/* hl-language.c
 *
 * The catalogue is chosen with LANGUAGE, which GNU gettext reads on every lookup, so the process can
 * change language between two citizens. GtkBuilder translates a template's words once, when it is
 * built; HlWords remembers, for each label and button built from a template, the Vietnamese words it
 * was built with (the templates are built in the source language, hl-application.c) and puts them in
 * the new language on each change. Words the pages set themselves (the survey's texts, the hints) are
 * set again by their pages, which follow the kiosk's "language" too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-language"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "hl-language.h"

/* Vietnamese is the source language: "vi" has no catalogue and shows the words as written. Called on
 * the main thread only, between citizens (setenv is not safe against another thread's getenv). */
void
hl_language_use (const char *language)
{
  g_autofree char *messages = g_strdup (setlocale (LC_MESSAGES, NULL));

  /* GNU gettext ignores LANGUAGE in the "C" locale (a kiosk started by systemd has no LANG); C.UTF-8
   * is built into glibc and keeps the messages' words as UTF-8. */
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    {
      g_free (messages);
      messages = g_strdup (setlocale (LC_MESSAGES, "C.UTF-8") ? "C.UTF-8" : "C");
    }
  setlocale (LC_MESSAGES, messages);
  g_setenv ("LANGUAGE", language, TRUE);
  /* glibc keeps the translations it found, for as long as its catalogue counter stays; textdomain()
   * moves the counter (setting the same locale again does not), so that the new language is looked up. */
  textdomain (GETTEXT_PACKAGE);
}

typedef enum {
  WORD_LABEL,
  WORD_BUTTON,
  WORD_STATUS_TITLE,
  WORD_STATUS_DESCRIPTION,
} WordKind;

typedef struct {
  GtkWidget *widget;   /* weak */
  WordKind   kind;
  char      *msgid;    /* the words as built, in Vietnamese */
  char      *shown;    /* what was last put there: a page that set other words since keeps them */
} Word;

struct _HlWords {
  GPtrArray *words;
};

static void
word_free (Word *word)
{
  if (word->widget != NULL)
    g_object_remove_weak_pointer (G_OBJECT (word->widget), (gpointer *) &word->widget);
  g_free (word->msgid);
  g_free (word->shown);
  g_free (word);
}

static const char *
word_get (Word *word)
{
  switch (word->kind)
    {
    case WORD_LABEL:
      return gtk_label_get_label (GTK_LABEL (word->widget));
    case WORD_BUTTON:
      return gtk_button_get_label (GTK_BUTTON (word->widget));
    case WORD_STATUS_TITLE:
      return adw_status_page_get_title (ADW_STATUS_PAGE (word->widget));
    case WORD_STATUS_DESCRIPTION:
      return adw_status_page_get_description (ADW_STATUS_PAGE (word->widget));
    }
  g_return_val_if_reached (NULL);
}

static void
word_set (Word       *word,
          const char *text)
{
  switch (word->kind)
    {
    case WORD_LABEL:
      gtk_label_set_label (GTK_LABEL (word->widget), text);
      break;
    case WORD_BUTTON:
      gtk_button_set_label (GTK_BUTTON (word->widget), text);
      break;
    case WORD_STATUS_TITLE:
      adw_status_page_set_title (ADW_STATUS_PAGE (word->widget), text);
      break;
    case WORD_STATUS_DESCRIPTION:
      adw_status_page_set_description (ADW_STATUS_PAGE (word->widget), text);
      break;
    }
}

static void
remember (HlWords   *self,
          GtkWidget *widget,
          WordKind   kind)
{
  Word *word = g_new0 (Word, 1);
  const char *text;

  word->widget = widget;
  word->kind = kind;
  text = word_get (word);
  if (text == NULL || *text == '\0')
    {
      word->widget = NULL;
      word_free (word);
      return;
    }
  word->msgid = g_strdup (text);
  word->shown = g_strdup (text);
  g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &word->widget);
  g_ptr_array_add (self->words, word);
}

static void
walk (HlWords   *self,
      GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    {
      /* Its label is the button's own child: changed through the button, so that both agree. */
      remember (self, widget, WORD_BUTTON);
      return;
    }
  if (GTK_IS_LABEL (widget))
    remember (self, widget, WORD_LABEL);
  else if (ADW_IS_STATUS_PAGE (widget))
    {
      remember (self, widget, WORD_STATUS_TITLE);
      remember (self, widget, WORD_STATUS_DESCRIPTION);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk (self, child);
}

/* Remembers the words of every label and button under ROOT, as they are now (Vietnamese). */
HlWords *
hl_words_new (GtkWidget *root)
{
  HlWords *self = g_new0 (HlWords, 1);

  self->words = g_ptr_array_new_with_free_func ((GDestroyNotify) word_free);
  walk (self, root);
  return self;
}

/* Puts the remembered words in the language now in use (hl_language_use()). */
void
hl_words_translate (HlWords *self)
{
  for (guint i = 0; i < self->words->len; i++)
    {
      Word *word = g_ptr_array_index (self->words, i);
      const char *translated;

      if (word->widget == NULL || g_strcmp0 (word_get (word), word->shown) != 0)
        continue;
      translated = _(word->msgid);
      word_set (word, translated);
      g_free (word->shown);
      word->shown = g_strdup (translated);
    }
}

void
hl_words_free (HlWords *self)
{
  g_ptr_array_unref (self->words);
  g_free (self);
}
