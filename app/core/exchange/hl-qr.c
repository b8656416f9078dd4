/* hl-qr.c
 *
 * libqrencode makes the matrix; cairo draws it, with the four-module quiet zone that scanners need, on
 * white, so that the same code serves a PNG for the CLI and a widget on the kiosk's screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-qr"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <qrencode.h>

#include "hl-identity.h"
#include "hl-qr.h"

#define QUIET_ZONE 4

G_DEFINE_QUARK (hl-qr-error-quark, hl_qr_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QRcode, QRcode_free)

/* Draws @text as a QR code filling a @size × @size square at the origin of @cr. */
gboolean
hl_qr_draw (cairo_t     *cr,
            const char  *text,
            double       size,
            GError     **error)
{
  /* Level M: a kiosk screen or a printout may be a little dirty or glared. */
  g_autoptr(QRcode) code = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  double module;

  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (code == NULL)
    {
      g_set_error (error, HL_QR_ERROR, 0, "cannot make a QR code of %zu bytes: %s", strlen (text),
                   g_strerror (errno));
      return FALSE;
    }
  module = size / (code->width + 2 * QUIET_ZONE);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, size, size);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      if (code->data[y * code->width + x] & 1)
        cairo_rectangle (cr, (x + QUIET_ZONE) * module, (y + QUIET_ZONE) * module, module, module);
  cairo_fill (cr);
  cairo_restore (cr);
  return TRUE;
}

gboolean
hl_qr_write_png (const char  *text,
                 int          size,
                 const char  *path,
                 GError     **error)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  cairo_status_t status;
  gboolean ok;

  ok = hl_qr_draw (cr, text, size, error);
  cairo_destroy (cr);
  if (ok)
    {
      /* Written aside and renamed: never half a picture under the final name. */
      status = cairo_surface_write_to_png (surface, tmp);
      if (status != CAIRO_STATUS_SUCCESS || g_rename (tmp, path) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot write the QR code: %s", path,
                       status != CAIRO_STATUS_SUCCESS ? cairo_status_to_string (status) : g_strerror (errno));
          g_remove (tmp);
          ok = FALSE;
        }
    }
  cairo_surface_destroy (surface);
  return ok;
}

/* What the enrolment QR code says: the format, the kiosk id and its Ed25519 public key in hex. The
 * province checks that the id is derived from the key before it trusts the kiosk's exports. */
char *
hl_identity_enrolment_text (HlIdentity *identity)
{
  return g_strdup_printf ("hailong-kiosk-key/1:%s:%s", hl_identity_get_kiosk_id (identity),
                          hl_identity_get_public_key_hex (identity));
}
