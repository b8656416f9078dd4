/* hl-today-page.h: the dashboard's first page: today's alerts, the kiosk's notices, today's result with its interval against
 * the target, and the tables per counter, officer, procedure and field, all as core computed them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hl-dashboard-query.h"

G_BEGIN_DECLS

#define HL_TYPE_TODAY_PAGE (hl_today_page_get_type ())
G_DECLARE_FINAL_TYPE (HlTodayPage, hl_today_page, HL, TODAY_PAGE, GtkWidget)

void     hl_today_page_show (HlTodayPage    *self,
                         HlKiosk        *kiosk,
                         HlTodayFigures *figures);
void     hl_today_page_show_notices (HlTodayPage *self,
                                     HlKiosk     *kiosk);
gboolean hl_today_page_save_chart (HlTodayPage *self,
                                   const char  *dir,
                                   char       **path,
                                   GError     **error);

G_END_DECLS
