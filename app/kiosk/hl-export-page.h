/* hl-export-page.h: the dashboard's Export: the kiosk's data to a USB stick (a signed bundle and its
 * reports, hl-export.h), or a day's figures as a numbered series of signed QR codes, one screen each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hl-kiosk.h"

G_BEGIN_DECLS

#define HL_TYPE_EXPORT_PAGE (hl_export_page_get_type ())
G_DECLARE_FINAL_TYPE (HlExportPage, hl_export_page, HL, EXPORT_PAGE, GtkWidget)

void        hl_export_page_set_kiosk      (HlExportPage *self,
                                           HlKiosk      *kiosk);
void        hl_export_page_shown          (HlExportPage *self);
const char *hl_export_page_get_state_name (HlExportPage *self);

G_END_DECLS
