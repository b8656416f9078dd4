/* hl-duty-page.h: officers on duty at the kiosk's counter: who is on duty, sign in, sign out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hl-kiosk.h"

G_BEGIN_DECLS

#define HL_TYPE_DUTY_PAGE (hl_duty_page_get_type ())
G_DECLARE_FINAL_TYPE (HlDutyPage, hl_duty_page, HL, DUTY_PAGE, GtkWidget)

void hl_duty_page_set_kiosk (HlDutyPage *self,
                             HlKiosk    *kiosk);

G_END_DECLS
