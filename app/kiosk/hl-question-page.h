/* hl-question-page.h: an optional follow-up question.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hl-kiosk.h"
#include "hl-kiosk-types.h"

G_BEGIN_DECLS

#define HL_TYPE_QUESTION_PAGE (hl_question_page_get_type ())
G_DECLARE_FINAL_TYPE (HlQuestionPage, hl_question_page, HL, QUESTION_PAGE, GtkWidget)

void hl_question_page_set_kiosk (HlQuestionPage *self,
                                 HlKiosk        *kiosk);

G_END_DECLS
