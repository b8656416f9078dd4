/* hl-rating-page.h: the first screen: who serves here, the question, and the faces.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hl-kiosk.h"
#include "hl-kiosk-types.h"

G_BEGIN_DECLS

#define HL_TYPE_RATING_PAGE (hl_rating_page_get_type ())
G_DECLARE_FINAL_TYPE (HlRatingPage, hl_rating_page, HL, RATING_PAGE, GtkWidget)

void hl_rating_page_set_kiosk    (HlRatingPage *self,
                                  HlKiosk      *kiosk);
void hl_rating_page_set_portrait (HlRatingPage *self,
                                  gboolean      portrait);

G_END_DECLS
