/* hl-qr.h: QR codes (libqrencode), drawn with cairo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "hl-types.h"

G_BEGIN_DECLS

#define HL_QR_ERROR (hl_qr_error_quark ())

GQuark   hl_qr_error_quark        (void);
gboolean hl_qr_draw               (cairo_t     *cr,
                                   const char  *text,
                                   double       size,
                                   GError     **error);
gboolean hl_qr_write_png          (const char  *text,
                                   int          size,
                                   const char  *path,
                                   GError     **error);
char    *hl_identity_enrolment_text (HlIdentity *identity);

G_END_DECLS
