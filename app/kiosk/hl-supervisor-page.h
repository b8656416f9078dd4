/* hl-supervisor-page.h: the supervisor's side of the kiosk, a page of the window: the PIN pad, the
 * first-start assistant and, after a right PIN only, the dashboard. Opened by a three-second press in a
 * top corner of the screen or by the configured key; closed by "Đăng xuất", by its idle timeout, or by
 * "Quay lại". Every decision (is the PIN right, is the pad locked) is core's (hl-supervisor.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hl-kiosk.h"
#include "hl-kiosk-types.h"

G_BEGIN_DECLS

#define HL_TYPE_SUPERVISOR_PAGE (hl_supervisor_page_get_type ())
G_DECLARE_FINAL_TYPE (HlSupervisorPage, hl_supervisor_page, HL, SUPERVISOR_PAGE, GtkWidget)

void        hl_supervisor_page_set_kiosk        (HlSupervisorPage *self,
                                                 HlKiosk          *kiosk);
void        hl_supervisor_page_set_enrolment    (HlSupervisorPage *self,
                                                 const char       *kiosk_id,
                                                 const char       *enrolment_text);
void        hl_supervisor_page_watch_corners    (HlSupervisorPage *self,
                                                 GtkWidget        *window);
gboolean    hl_supervisor_page_get_shown        (HlSupervisorPage *self);
void        hl_supervisor_page_open             (HlSupervisorPage *self);
void        hl_supervisor_page_close            (HlSupervisorPage *self);
gboolean    hl_supervisor_page_handle_key       (HlSupervisorPage *self,
                                                 guint             keyval);
const char *hl_supervisor_page_get_state_name   (HlSupervisorPage *self);

G_END_DECLS
