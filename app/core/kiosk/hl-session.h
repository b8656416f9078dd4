/* hl-session.h: who stands at the kiosk, and so what may end it.
 *
 * A kiosk in a public hall must not be left by anyone passing by: quitting the kiosk, restarting it and
 * shutting the machine down are allowed only while a supervisor is signed in (the dashboard signs in
 * with the supervisor's PIN and signs out when it closes or times out). The GTK kiosk asks this object
 * before it does any of them, so that the rule is decided once, here, without GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HL_SESSION_ERROR (hl_session_error_quark ())

typedef enum {
  HL_SESSION_ERROR_NOT_SIGNED_IN,  /* the action needs a supervisor and none is signed in */
  HL_SESSION_ERROR_BUSY,           /* an export to a stick runs (hl_session_begin_work): it ends first */
} HlSessionError;

/* What a supervisor may do to end or restart the kiosk session. */
typedef enum {
  HL_LEAVE_QUIT,      /* stop the kiosk until the next boot (or until the IT officer starts it) */
  HL_LEAVE_RESTART,   /* stop it and let the kiosk service start it again */
  HL_LEAVE_SHUTDOWN,  /* power the machine off */
} HlLeave;

#define HL_TYPE_SESSION (hl_session_get_type ())
G_DECLARE_FINAL_TYPE (HlSession, hl_session, HL, SESSION, GObject)

GQuark      hl_session_error_quark          (void);

HlSession  *hl_session_new                  (void);
void        hl_session_sign_in_supervisor   (HlSession   *self);
void        hl_session_sign_out             (HlSession   *self);
gboolean    hl_session_get_supervisor       (HlSession   *self);
void        hl_session_begin_work           (HlSession   *self);
void        hl_session_end_work             (HlSession   *self);
gboolean    hl_session_may_log_out_idle     (HlSession   *self);
gboolean    hl_session_check_leave          (HlSession   *self,
                                             HlLeave      what,
                                             GError     **error);
const char *hl_leave_to_string              (HlLeave      what);

G_END_DECLS
