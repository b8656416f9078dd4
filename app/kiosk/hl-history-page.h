/* hl-history-page.h: the dashboard's history: a period, the 30-day trend chart, and the per-officer
 * table with shared ranks and their reason, as core computed them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hl-dashboard-query.h"

G_BEGIN_DECLS

#define HL_TYPE_HISTORY_PAGE (hl_history_page_get_type ())
G_DECLARE_FINAL_TYPE (HlHistoryPage, hl_history_page, HL, HISTORY_PAGE, GtkWidget)

void     hl_history_page_show       (HlHistoryPage    *self,
                                     HlKiosk          *kiosk,
                                     HlHistoryFigures *figures);
void     hl_history_page_set_period (HlHistoryPage    *self,
                                     HlPeriod          period);
gboolean hl_history_page_save_chart (HlHistoryPage    *self,
                                     const char       *dir,
                                     char            **path,
                                     GError          **error);

G_END_DECLS
