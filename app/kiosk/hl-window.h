/* hl-window.h: the kiosk's one window, showing the page HlKiosk says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hl-kiosk.h"
#include "hl-kiosk-types.h"

G_BEGIN_DECLS

#define HL_TYPE_WINDOW (hl_window_get_type ())
G_DECLARE_FINAL_TYPE (HlWindow, hl_window, HL, WINDOW, AdwApplicationWindow)

HlWindow *hl_window_new                (AdwApplication *application,
                                        HlKiosk        *kiosk);
void      hl_window_set_demo           (HlWindow       *self,
                                        gboolean        demo);
void      hl_window_set_automation_dir (HlWindow       *self,
                                        const char     *dir);
void      hl_window_set_enrolment      (HlWindow       *self,
                                        const char     *kiosk_id,
                                        const char     *enrolment_text);

G_END_DECLS
