/* hl-dashboard.h: the supervisor's dashboard: Today (alerts, notices), History, Officers on duty, Export. Built
 * only after a right PIN (HlSupervisorPage) and destroyed at logout. Its figures come from core's index,
 * computed off the main thread (hl-dashboard-query.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hl-kiosk.h"

G_BEGIN_DECLS

#define HL_TYPE_DASHBOARD (hl_dashboard_get_type ())
G_DECLARE_FINAL_TYPE (HlDashboard, hl_dashboard, HL, DASHBOARD, GtkWidget)

HlDashboard *hl_dashboard_new            (HlKiosk     *kiosk);
void         hl_dashboard_load           (HlDashboard *self);
gboolean     hl_dashboard_get_loaded     (HlDashboard *self);
const char  *hl_dashboard_get_state_name (HlDashboard *self);

G_END_DECLS
