/* hl-thanks-page.h: the thank-you page, shown only once the response is on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hl-kiosk-types.h"

G_BEGIN_DECLS

#define HL_TYPE_THANKS_PAGE (hl_thanks_page_get_type ())
G_DECLARE_FINAL_TYPE (HlThanksPage, hl_thanks_page, HL, THANKS_PAGE, GtkWidget)

void hl_thanks_page_set_offer_detailed (HlThanksPage *self,
                                        gboolean      offer);
void hl_thanks_page_set_feedback_url   (HlThanksPage *self,
                                        const char   *url);

G_END_DECLS
