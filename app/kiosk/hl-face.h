/* hl-face.h: a drawn face, from frowning (mood 0) to beaming (mood 1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hl-survey.h"

G_BEGIN_DECLS

#define HL_TYPE_FACE (hl_face_get_type ())
G_DECLARE_FINAL_TYPE (HlFace, hl_face, HL, FACE, GtkWidget)

GtkWidget *hl_face_new          (double            mood);
double     hl_face_get_mood     (HlFace           *self);
GtkWidget *hl_face_button_new   (const HlQuestion *question,
                                 guint             position,
                                 const char       *language,
                                 GtkSizeGroup     *words);
const char*hl_mood_css_class    (double            mood);

G_END_DECLS
