/* hl-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hl-kiosk-types.h"
#include "hl-session.h"

G_BEGIN_DECLS

#define HL_TYPE_APPLICATION (hl_application_get_type ())
G_DECLARE_FINAL_TYPE (HlApplication, hl_application, HL, APPLICATION, AdwApplication)

HlApplication *hl_application_new              (void);
int            hl_application_get_exit_status (HlApplication *self);
HlSession     *hl_application_get_session     (HlApplication *self);

G_END_DECLS
