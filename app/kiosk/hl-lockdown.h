/* hl-lockdown.h: the kiosk as the only thing on a public screen (`--fullscreen`, the kiosk session
 * under cage): no decorations, no pointer, no key that leaves it; quitting, restarting and shutting down
 * are application actions that only a signed-in supervisor can use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hl-session.h"

G_BEGIN_DECLS

void hl_lockdown_window          (GtkWindow      *window);
void hl_lockdown_install_actions (GtkApplication *application,
                                  HlSession      *session);

G_END_DECLS
