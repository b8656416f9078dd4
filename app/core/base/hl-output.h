/* hl-output.h: writing a command's output file (--output) so that it stays where it is put.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean hl_output_write_file (const char  *path,
                               const char  *data,
                               gssize       length,
                               GError     **error);

G_END_DECLS
