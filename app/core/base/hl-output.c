/* hl-output.c: the one writer of every --output file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-output"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "hl-output.h"

/* Writes @data to @path whole or not at all: into a temporary file beside it, renamed over it
 * (g_file_set_contents), so that a reader never sees half a report and a failure leaves the old file.
 * The rename replaces whatever has the name, so only a new file or a regular file is written: a
 * symbolic link would be replaced by a file (not followed), and run as root `--output /dev/full` replaced
 * the device node itself. So a name that exists and is not a regular file (a link, a device, a folder, a
 * pipe) is refused, and nothing is written. (Between the check and the rename another process could put
 * a link there; the rename would then replace the link, not what it points to, which harms nothing.) */
gboolean
hl_output_write_file (const char  *path,
                      const char  *data,
                      gssize       length,
                      GError     **error)
{
  GStatBuf st;

  g_return_val_if_fail (path != NULL && data != NULL, FALSE);

  if (g_lstat (path, &st) == 0)
    {
      if (!S_ISREG (st.st_mode))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                       "%s: not a regular file (%s): --output writes a new file or replaces a regular one", path,
                       S_ISLNK (st.st_mode) ? "a symbolic link" : S_ISDIR (st.st_mode) ? "a folder"
                       : S_ISCHR (st.st_mode) || S_ISBLK (st.st_mode) ? "a device" : "a special file");
          return FALSE;
        }
    }
  else if (errno != ENOENT)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0666, error);
}
