/* hl-store-backup.c: the integrity check, the online backup and the write probe.
 *
 * The kiosk checks the file at start-up, backs it up while it records, and probes whether it takes
 * writes again after a failure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "hl-store-private.h"

/* PRAGMA quick_check: FALSE, with what SQLite found, when the file is damaged. */
gboolean
hl_store_quick_check (HlStore  *self,
                      GError  **error)
{
  g_autofree char *result = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  result = hl_store_pragma_text (self, "PRAGMA quick_check", error);
  if (result == NULL)
    return FALSE;
  if (!g_str_equal (result, "ok"))
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CORRUPT, "%s: the database is damaged: %s", self->path, result);
      return FALSE;
    }
  return TRUE;
}

/* An online backup (sqlite3_backup) of the whole database into @dest, written beside it first and
 * renamed into place once complete and synced, so that a power cut never leaves half a backup under
 * the final name. The kiosk goes on recording while it runs. */
gboolean
hl_store_backup (HlStore     *self,
                 const char  *dest,
                 GError     **error)
{
  g_autofree char *tmp = g_strconcat (dest, ".part", NULL);
  sqlite3 *to = NULL;
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  g_unlink (tmp);
  rc = hl_store_sqlite_open (tmp, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (to, "main", self->db, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (to);
      else
        {
          /* Every page in one step, that is one read transaction: the kiosk makes its backups on a
           * connection of their own on a thread (hl-kiosk-startup.c), and a backup done in pieces would
           * start again from the first page after every rating another connection commits. In WAL
           * mode the kiosk's commits go on meanwhile; the copy is of the moment the step began. */
          while ((rc = sqlite3_backup_step (backup, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep (10);
          sqlite3_backup_finish (backup);
          if (rc == SQLITE_DONE)
            rc = sqlite3_exec (to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
        }
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, HL_STORE_ERROR, hl_store_error_from_sqlite (rc), "%s: backup to %s failed: %s", self->path, dest,
                   to ? sqlite3_errmsg (to) : sqlite3_errstr (rc));
      sqlite3_close (to);
      g_unlink (tmp);
      return FALSE;
    }
  sqlite3_close (to);
  if (g_rename (tmp, dest) != 0)
    {
      int saved = errno;

      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_IO, "%s: cannot rename %s: %s", self->path, tmp,
                   g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }
  /* The rename is durable only once the directory is synced; until then a power cut may take the
   * backup's name away. */
  {
    g_autofree char *dir = g_path_get_dirname (dest);
    int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

    if (fd < 0 || fsync (fd) != 0)
      {
        int saved = errno;

        if (fd >= 0)
          close (fd);
        g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_IO, "%s: cannot sync %s: %s", self->path, dir,
                     g_strerror (saved));
        return FALSE;
      }
    close (fd);
  }
  return TRUE;
}

static gboolean
probe_write (HlStore   *self,
             gpointer   data,
             GError   **error)
{
  return hl_store_set_meta (self, "last_write_probe", data, error);
}

/* A small durable write, to learn whether the database takes writes again (after a full disk, a
 * read-only remount or an I/O error). */
gboolean
hl_store_probe_write (HlStore  *self,
                      GError  **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);

  g_return_val_if_fail (self != NULL, FALSE);

  return hl_store_in_transaction (self, probe_write, stamp, error);
}

