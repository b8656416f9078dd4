/* hl-language.h: the screens' own words in the language core chose (hl_kiosk_get_language()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _HlWords HlWords;

void     hl_language_use     (const char *language);

HlWords *hl_words_new        (GtkWidget  *root);
void     hl_words_translate  (HlWords    *words);
void     hl_words_free       (HlWords    *words);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlWords, hl_words_free)

G_END_DECLS
