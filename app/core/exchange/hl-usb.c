/* hl-usb.c
 *
 * A supervisor pulls the stick out when the screen says "done", and sometimes before. So each file is
 * written under a hidden temporary name (".NAME.part", which nobody takes for a finished export), synced,
 * renamed to its name, and the folder synced, so that the name appears only once the whole file is on
 * the stick; then the file is read back from the stick (its cached pages dropped first, so that the read
 * reaches the device where the kernel allows) and compared with what was written, and the caller's check
 * runs on it (a bundle's signature and chain). Only then is the write done. When anything fails, every
 * file this write put on the stick is removed again, so that a stick holds either a whole, checked export
 * or nothing that looks like one, and the same write can simply be tried again.
 *
 * The copy uses POSIX calls rather than GIO streams because it needs fsync() of the file and of its
 * folder, and errno to tell a full stick from a read-only or pulled one.
 *
 * Fault injection for tests: HL_TEST_USB_FAIL_WRITE=N makes the Nth write() of each hl_usb_write_files()
 * fail with EIO, as a pulled stick does; HL_TEST_USB_WRITE_DELAY_MS=N makes each write() wait N ms first, as
 * a slow stick does, so that a test sees the progress bar move and the idle logout wait for the export.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-usb"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "hl-usb.h"

G_DEFINE_QUARK (hl-usb-error-quark, hl_usb_error)

#define CHUNK (256 * 1024)
/* Room a file system needs beyond the bytes themselves (a FAT cluster is up to 64 KiB, plus the
 * directory entries): a stick with less than this to spare per file is reported full before writing. */
#define SLACK_PER_FILE (128 * 1024)

void
hl_usb_drive_free (HlUsbDrive *drive)
{
  if (drive == NULL)
    return;
  g_free (drive->name);
  g_free (drive->path);
  g_free (drive);
}

/* The mounted drives a stick can be: mounts that can be ejected or whose drive has removable media, and
 * the mounts of removable media that the system makes under /media or /run/media (udisks, as Debian's
 * desktop mounts a stick), which GIO's fallback monitor reports without a drive. */
GPtrArray *
hl_usb_list_drives (void)
{
  g_autoptr(GVolumeMonitor) monitor = g_volume_monitor_get ();
  GList *mounts = g_volume_monitor_get_mounts (monitor);
  GPtrArray *drives = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_usb_drive_free);

  for (GList *l = mounts; l != NULL; l = l->next)
    {
      GMount *mount = l->data;
      g_autoptr(GFile) root = g_mount_get_root (mount);
      g_autoptr(GDrive) drive = g_mount_get_drive (mount);
      g_autofree char *path = g_file_get_path (root);
      gboolean removable = drive != NULL && (g_drive_is_removable (drive) || g_drive_is_media_removable (drive));
      gboolean can_eject = g_mount_can_eject (mount);
      gboolean media_dir = path != NULL && (g_str_has_prefix (path, "/media/") || g_str_has_prefix (path, "/run/media/"));
      HlUsbDrive *d;

      if (path == NULL || g_mount_is_shadowed (mount) || !(removable || can_eject || media_dir))
        continue;
      d = g_new0 (HlUsbDrive, 1);
      d->name = g_mount_get_name (mount);
      d->path = g_steal_pointer (&path);
      d->can_eject = can_eject;
      d->removable = removable;
      g_ptr_array_add (drives, d);
    }
  g_list_free_full (mounts, g_object_unref);
  return drives;
}

/* The Vietnamese sentence of an HL_USB_ERROR, without the technical detail. */
char *
hl_usb_error_summary (const GError *error)
{
  const char *bracket;

  g_return_val_if_fail (error != NULL, NULL);

  bracket = error->domain == HL_USB_ERROR ? strstr (error->message, " [") : NULL;
  return bracket ? g_strndup (error->message, bracket - error->message) : g_strdup (error->message);
}

static gboolean usb_fail (GError **error, HlUsbError code, const char *detail, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

static gboolean
usb_fail (GError      **error,
          HlUsbError    code,
          const char   *detail,
          const char   *format,
          ...)
{
  va_list args;
  g_autofree char *sentence = NULL;

  va_start (args, format);
  sentence = g_strdup_vprintf (format, args);
  va_end (args);
  g_debug ("writing to a removable drive failed: %s", detail);
  g_set_error (error, HL_USB_ERROR, code, "%s [%s]", sentence, detail);
  return FALSE;
}

/* An errno met while writing @path, as the supervisor should understand it. */
static gboolean
fail_errno (GError     **error,
            int          err,
            const char  *what,
            const char  *path)
{
  g_autofree char *detail = g_strdup_printf ("%s %s: %s", what, path, g_strerror (err));

  switch (err)
    {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:  /* FAT holds no file of 4 GiB or more */
      return usb_fail (error, HL_USB_ERROR_FULL, detail,
                       _("USB đã đầy, không ghi hết được dữ liệu xuất. Hãy xoá bớt tệp trên USB hoặc dùng USB khác, "
                          "rồi xuất lại; dữ liệu trên kiosk vẫn nguyên vẹn."));
    case EROFS:
    case EACCES:
    case EPERM:
      return usb_fail (error, HL_USB_ERROR_READ_ONLY, detail,
                       _("USB chỉ cho đọc, không cho ghi (có thể khoá chống ghi đang bật). Hãy gạt khoá hoặc dùng USB "
                          "khác, rồi xuất lại; dữ liệu trên kiosk vẫn nguyên vẹn."));
    case ENOENT:
    case ENOTDIR:
      return usb_fail (error, HL_USB_ERROR_NOT_FOUND, detail,
                       _("Không tìm thấy USB hoặc thư mục cần ghi. Hãy cắm USB, chọn lại ổ, rồi xuất lại."));
    case EIO:
    case ENODEV:
    case ENXIO:
    case ESHUTDOWN:
    case ENOTCONN:
    case EBADF:
      return usb_fail (error, HL_USB_ERROR_GONE, detail,
                       _("Không ghi được vào USB: USB có thể đã bị rút ra giữa chừng hoặc bị hỏng. Tệp dở dang đã được "
                          "bỏ; dữ liệu trên kiosk vẫn nguyên vẹn. Hãy cắm lại USB và xuất lại."));
    default:
      return usb_fail (error, HL_USB_ERROR_FAILED, detail,
                       _("Không ghi được vào USB. Hãy thử lại hoặc dùng USB khác; dữ liệu trên kiosk vẫn nguyên vẹn."));
    }
}

/* A file of the export on the kiosk's own disk could not be read. */
static gboolean
source_fail (GError     **error,
             const char  *source,
             int          err)
{
  g_autofree char *detail = g_strdup_printf ("reading %s: %s", source, g_strerror (err));

  return usb_fail (error, HL_USB_ERROR_FAILED, detail, _("Không đọc được tệp xuất trên kiosk. Hãy thử lại."));
}

/* The test hooks: a slow stick's wait, and whether this write() is the one that fails. */
static gboolean
injected_failure (gint64 *writes)
{
  const char *nth = g_getenv ("HL_TEST_USB_FAIL_WRITE");
  const char *delay = g_getenv ("HL_TEST_USB_WRITE_DELAY_MS");

  if (delay != NULL)
    g_usleep (CLAMP (g_ascii_strtoll (delay, NULL, 10), 0, 10000) * 1000);
  ++*writes;
  return nth != NULL && g_ascii_strtoll (nth, NULL, 10) == *writes;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len,
           gint64      *writes)
{
  while (len > 0)
    {
      gssize n;

      if (injected_failure (writes))
        {
          errno = EIO;
          return FALSE;
        }
      n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          errno = ENOSPC;
          return FALSE;
        }
      data += n;
      len -= n;
    }
  return TRUE;
}

static gboolean
sync_dir (const char  *dir,
          GError     **error)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return fail_errno (error, errno, "opening", dir);
  if (fsync (fd) != 0 && errno != EINVAL)
    {
      int saved = errno;

      close (fd);
      return fail_errno (error, saved, "syncing", dir);
    }
  close (fd);
  return TRUE;
}

typedef struct {
  const char     *dest_dir;
  HlProgressFunc  progress;
  gpointer        progress_data;
  GCancellable   *cancellable;
  guint64         done;
  guint64         total;
  char           *buf;
  gint64          writes;    /* write() calls so far, for HL_TEST_USB_FAIL_WRITE */
} Copy;

/* Copies @source to @part and syncs it; @digest gets the SHA-256 of what was written. */
static gboolean
copy_file (Copy        *copy,
           const char  *source,
           const char  *part,
           const char  *final_name,
           GChecksum   *digest,
           GError     **error)
{
  int in = g_open (source, O_RDONLY | O_CLOEXEC, 0);
  int out;

  if (in < 0)
    return source_fail (error, source, errno);
  out = g_open (part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0)
    {
      int saved = errno;

      close (in);
      return fail_errno (error, saved, "creating", part);
    }
  for (;;)
    {
      gssize n = read (in, copy->buf, CHUNK);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (in);
          close (out);
          return source_fail (error, source, saved);
        }
      if (n == 0)
        break;
      if (g_cancellable_is_cancelled (copy->cancellable))
        {
          close (in);
          close (out);
          return usb_fail (error, HL_USB_ERROR_CANCELLED, "cancelled", _("Đã huỷ việc xuất dữ liệu."));
        }
      if (!write_all (out, copy->buf, n, &copy->writes))
        {
          int saved = errno;

          close (in);
          close (out);
          return fail_errno (error, saved, "writing", part);
        }
      g_checksum_update (digest, (const guchar *) copy->buf, n);
      copy->done += n;
      if (copy->progress)
        copy->progress (copy->done, copy->total, final_name, copy->progress_data);
    }
  close (in);
  /* A full or pulled stick often shows only here: the writes went to the page cache. */
  if (fsync (out) != 0)
    {
      int saved = errno;

      close (out);
      return fail_errno (error, saved, "syncing", part);
    }
  if (close (out) != 0)
    return fail_errno (error, errno, "closing", part);
  return TRUE;
}

/* Reads @path back from the drive and compares its SHA-256 with @expected. */
static gboolean
read_back (Copy        *copy,
           const char  *path,
           const char  *expected,
           GError     **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return fail_errno (error, errno, "reopening", path);
  /* The pages just written are clean after fsync: dropping them makes the read go to the stick. */
  posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
  for (;;)
    {
      gssize n = read (fd, copy->buf, CHUNK);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          return fail_errno (error, saved, "reading back", path);
        }
      if (n == 0)
        break;
      g_checksum_update (sum, (const guchar *) copy->buf, n);
    }
  close (fd);
  if (!g_str_equal (g_checksum_get_string (sum), expected))
    {
      g_autofree char *detail = g_strdup_printf ("%s reads back as SHA-256 %s, written as %s", path,
                                                 g_checksum_get_string (sum), expected);

      return usb_fail (error, HL_USB_ERROR_MISMATCH, detail,
                     _("Tệp đọc lại từ USB không giống tệp đã ghi: USB có thể bị hỏng. Hãy dùng USB khác và xuất lại."));
    }
  return TRUE;
}

static void
remove_quietly (const char *path)
{
  if (g_unlink (path) != 0 && errno != ENOENT)
    g_message ("could not remove %s from the drive: %s", path, g_strerror (errno));
}

/* Writes each of @sources (local files, NULL-terminated) into @dest_dir under its base name, each whole
 * and checked as described at the top of this file, @check (may be NULL) called on each file as read
 * back. On failure nothing this call wrote is left under a final name, and the error says in Vietnamese
 * what the supervisor can do (HlUsbError). */
gboolean
hl_usb_write_files (const char         *dest_dir,
                    const char *const  *sources,
                    HlCheckFunc         check,
                    gpointer            check_data,
                    HlProgressFunc      progress,
                    gpointer            progress_data,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFileInfo) fs = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *buf = g_malloc (CHUNK);
  Copy copy = { dest_dir, progress, progress_data, cancellable, 0, 0, buf, 0 };
  guint64 needed;
  guint n_sources;
  gboolean ok = TRUE;

  g_return_val_if_fail (dest_dir != NULL, FALSE);
  g_return_val_if_fail (sources != NULL, FALSE);

  if (!g_file_test (dest_dir, G_FILE_TEST_IS_DIR))
    return fail_errno (error, ENOENT, "opening", dest_dir);
  n_sources = g_strv_length ((char **) sources);
  for (guint i = 0; i < n_sources; i++)
    {
      GStatBuf st;

      if (g_stat (sources[i], &st) != 0)
        return source_fail (error, sources[i], errno);
      copy.total += st.st_size;
    }

  /* Full or read-only is told before a byte is written, where the file system says so. */
  dir = g_file_new_for_path (dest_dir);
  fs = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE "," G_FILE_ATTRIBUTE_FILESYSTEM_READONLY,
                                     cancellable, &local);
  if (fs != NULL)
    {
      needed = copy.total + (guint64) n_sources * SLACK_PER_FILE;
      if (g_file_info_get_attribute_boolean (fs, G_FILE_ATTRIBUTE_FILESYSTEM_READONLY))
        return fail_errno (error, EROFS, "checking", dest_dir);
      if (g_file_info_has_attribute (fs, G_FILE_ATTRIBUTE_FILESYSTEM_FREE)
          && g_file_info_get_attribute_uint64 (fs, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) < needed)
        {
          g_autofree char *need = g_format_size (needed);
          g_autofree char *free_text =
            g_format_size (g_file_info_get_attribute_uint64 (fs, G_FILE_ATTRIBUTE_FILESYSTEM_FREE));
          g_autofree char *detail = g_strdup_printf ("%s: %s free, %s needed", dest_dir, free_text, need);

          return usb_fail (error, HL_USB_ERROR_FULL, detail,
                           _("USB không còn đủ chỗ trống (cần %s, còn %s). Hãy xoá bớt tệp trên USB hoặc dùng USB khác, "
                              "rồi xuất lại; dữ liệu trên kiosk vẫn nguyên vẹn."), need, free_text);
        }
    }

  for (guint i = 0; ok && i < n_sources; i++)
    {
      g_autofree char *base = g_path_get_basename (sources[i]);
      g_autofree char *part_name = g_strdup_printf (".%s.part", base);
      g_autofree char *part = g_build_filename (dest_dir, part_name, NULL);
      g_autofree char *final = g_build_filename (dest_dir, base, NULL);
      g_autoptr(GChecksum) digest = g_checksum_new (G_CHECKSUM_SHA256);

      remove_quietly (part);
      if (!copy_file (&copy, sources[i], part, base, digest, error))
        {
          remove_quietly (part);
          ok = FALSE;
          break;
        }
      if (g_rename (part, final) != 0)
        {
          int saved = errno;

          remove_quietly (part);
          ok = fail_errno (error, saved, "renaming", part);
          break;
        }
      g_ptr_array_add (written, g_strdup (final));
      ok = sync_dir (dest_dir, error) && read_back (&copy, final, g_checksum_get_string (digest), error);
      if (ok && check != NULL && !check (final, check_data, &local))
        {
          g_autofree char *detail = g_strdup_printf ("%s: %s", final, local->message);

          ok = usb_fail (error, HL_USB_ERROR_CHECK, detail,
                         _("Tệp ghi trên USB không qua được bước kiểm tra khi đọc lại: USB có thể bị hỏng. Hãy dùng USB "
                            "khác và xuất lại."));
        }
    }
  if (!ok)
    {
      for (guint i = 0; i < written->len; i++)
        remove_quietly (g_ptr_array_index (written, i));
      sync_dir (dest_dir, NULL);
    }
  return ok;
}
