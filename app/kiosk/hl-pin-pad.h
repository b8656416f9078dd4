/* hl-pin-pad.h: the supervisor's PIN pad. It only shows what HlSupervisor tells it (a title, one dot per
 * digit entered, a message) and its buttons name the supervisor's actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hl-kiosk-types.h"

G_BEGIN_DECLS

#define HL_TYPE_PIN_PAD (hl_pin_pad_get_type ())
G_DECLARE_FINAL_TYPE (HlPinPad, hl_pin_pad, HL, PIN_PAD, GtkWidget)

void hl_pin_pad_set_title   (HlPinPad   *self,
                             const char *title,
                             const char *detail);
void hl_pin_pad_set_entered (HlPinPad   *self,
                             guint       n_digits);
void hl_pin_pad_set_message (HlPinPad   *self,
                             const char *message,
                             gboolean    is_error);

G_END_DECLS
