/* hl-window-automation.h: private to HlWindow. What the window does for tests and benchmarks only, kept
 * out of hl-window.c so that the window reads as what a citizen sees:
 *
 *   HlAutomation  with --automation-dir: after each change that shows, a screenshot and a state file
 *                 (the page, its buttons' boxes, its text) for the UI tests and the headless demo.
 *   HlTrace       with HAILONG_TRACE_FILE: when frames are painted after input, for the benchmarks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hl-kiosk.h"
#include "hl-sound.h"

G_BEGIN_DECLS

typedef struct _HlAutomation HlAutomation;
typedef struct _HlTrace HlTrace;

HlAutomation *hl_automation_new      (GtkWidget    *window,
                                      HlKiosk      *kiosk,
                                      const char   *dir);
void          hl_automation_schedule (HlAutomation *self);
/* The page's name when it is not the kiosk's (the supervisor's side): NULL for the kiosk's own. */
typedef const char *(*HlAutomationPageFunc) (gpointer user_data);
void          hl_automation_set_page_func (HlAutomation        *self,
                                           HlAutomationPageFunc func,
                                           gpointer             user_data);
void          hl_automation_set_sound (HlAutomation *self,
                                       HlSound      *sound);
void          hl_automation_free     (HlAutomation *self);

HlTrace      *hl_trace_start         (GtkWidget    *window,
                                      HlKiosk      *kiosk);
void          hl_trace_free          (HlTrace      *self);

G_END_DECLS
