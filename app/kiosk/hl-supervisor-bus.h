/* hl-supervisor-bus.h: the supervisor's side of the kiosk on D-Bus, for a centre's queue system, display
 * or messaging (docs/kiosk.md):
 *   - application actions "duty-sign-in" (ss: counter, officer) and "duty-sign-out" (s: counter);
 *   - the signal vn.hailong.Kiosk.Supervisor.Alert on the application's object path for every alert
 *     core raises. Never shown on the citizen's screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hl-kiosk.h"

G_BEGIN_DECLS

#define HL_SUPERVISOR_BUS_INTERFACE "vn.hailong.Kiosk.Supervisor"

#define HL_TYPE_SUPERVISOR_BUS (hl_supervisor_bus_get_type ())
G_DECLARE_FINAL_TYPE (HlSupervisorBus, hl_supervisor_bus, HL, SUPERVISOR_BUS, GObject)

HlSupervisorBus *hl_supervisor_bus_new (GApplication *application,
                                        HlKiosk      *kiosk);

G_END_DECLS
