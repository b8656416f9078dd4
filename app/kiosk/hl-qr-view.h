/* hl-qr-view.h: a QR code drawn by core (hl_qr_draw) into a square drawing area.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HL_TYPE_QR_VIEW (hl_qr_view_get_type ())
G_DECLARE_FINAL_TYPE (HlQrView, hl_qr_view, HL, QR_VIEW, GtkDrawingArea)

void hl_qr_view_set_text (HlQrView   *self,
                          const char *text);

G_END_DECLS
