/* hl-backup.c
 *
 * Backups live beside the database, in "<database>.backups/YYYY-MM-DD.db", one a day, the newest
 * HL_BACKUP_KEEP kept. A damaged database is never silently replaced by an empty one: it is moved aside
 * for analysis and the newest backup that passes quick_check takes its place; when there is none, the
 * damaged file is put back and opening fails, so that every start says so until someone acts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-backup"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "hl-backup.h"

void
hl_recovery_free (HlRecovery *recovery)
{
  if (recovery == NULL)
    return;
  g_free (recovery->restored_from);
  g_free (recovery->damaged_kept_at);
  g_free (recovery);
}

char *
hl_backup_dir (const char *db_path)
{
  return g_strconcat (db_path, ".backups", NULL);
}

static int
compare_names_desc (gconstpointer a,
                    gconstpointer b)
{
  return -strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The backups, newest first (the names sort by date). */
static GPtrArray *
list_backups (const char *db_path)
{
  g_autofree char *dir_path = hl_backup_dir (db_path);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".db") && strlen (name) == strlen ("YYYY-MM-DD.db"))
      g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));
  g_ptr_array_sort (paths, compare_names_desc);
  return paths;
}

/* Makes today's backup unless it exists, then keeps only the newest @keep. @made, when given, is set
 * to the new backup's path, or NULL when there was one already. */
gboolean
hl_backup_daily (HlStore     *store,
                 const char  *db_path,
                 const char  *today,
                 guint        keep,
                 char       **made,
                 GError     **error)
{
  g_autofree char *dir = hl_backup_dir (db_path);
  g_autofree char *name = g_strconcat (today, ".db", NULL);
  g_autofree char *dest = g_build_filename (dir, name, NULL);
  g_autoptr(GPtrArray) backups = NULL;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (keep > 0, FALSE);

  if (made != NULL)
    *made = NULL;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot make %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  if (!g_file_test (dest, G_FILE_TEST_EXISTS))
    {
      if (!hl_store_backup (store, dest, error))
        return FALSE;
      g_info ("backup made: %s", dest);
      if (made != NULL)
        *made = g_strdup (dest);
    }
  backups = list_backups (db_path);
  for (guint i = keep; i < backups->len; i++)
    if (g_unlink (g_ptr_array_index (backups, i)) == 0)
      g_info ("old backup removed: %s", (char *) g_ptr_array_index (backups, i));
  return TRUE;
}

/* Damage that a backup can mend. */
static gboolean
is_damage (const GError *error)
{
  return g_error_matches (error, HL_STORE_ERROR, HL_STORE_ERROR_CORRUPT);
}

static HlStore *
open_checked (const char  *path,
              gboolean     check,
              GError     **error)
{
  g_autoptr(HlStore) store = hl_store_open (path, error);

  if (store == NULL || (check && !hl_store_quick_check (store, error)))
    return NULL;
  return g_steal_pointer (&store);
}

/* Moves the database and its WAL and shared-memory files to @to (and @to-wal, @to-shm). */
static void
move_db_files (const char *from,
               const char *to)
{
  static const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *a = g_strconcat (from, suffixes[i], NULL);
      g_autofree char *b = g_strconcat (to, suffixes[i], NULL);

      if (g_file_test (a, G_FILE_TEST_EXISTS) && g_rename (a, b) != 0)
        g_warning ("cannot move %s to %s: %s", a, b, g_strerror (errno));
    }
}

/* The file that says a database failed its integrity check after the kiosk had started on it
 * (hl-kiosk-startup.c): the next start checks it before anything else and restores a backup if need be. */
char *
hl_backup_check_marker (const char *db_path)
{
  return g_strconcat (db_path, ".check-failed", NULL);
}

/* Opens @db_path, replacing a damaged one by its newest good backup. With @check, PRAGMA quick_check
 * judges the file first (minutes for gigabytes on slow storage); without, only damage that stops SQLite
 * from opening it is found here, and the caller runs the check later (hl_kiosk_session_check_async()).
 * A restored backup is always checked. */
HlStore *
hl_backup_open_store_full (const char  *db_path,
                           gboolean     check,
                           HlRecovery **recovery,
                           GError     **error)
{
  g_autoptr(GError) damage = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *damaged = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  HlStore *store;
  gboolean missing;

  g_return_val_if_fail (db_path != NULL, NULL);

  if (recovery != NULL)
    *recovery = NULL;
  backups = list_backups (db_path);
  missing = !g_file_test (db_path, G_FILE_TEST_EXISTS) && backups->len > 0;
  if (missing)
    {
      /* Backups but no database: it was removed, which is no reason to start from nothing. */
      damage = g_error_new (HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND, "%s: the database is missing", db_path);
    }
  else
    {
      store = open_checked (db_path, check, &damage);
      if (store != NULL)
        return store;
    }
  if (!missing && !is_damage (damage))
    {
      g_propagate_error (error, g_steal_pointer (&damage));
      return NULL;
    }

  if (backups->len == 0)
    {
      /* Nothing to restore: the file stays where it is, for analysis, and no empty database takes its
       * place. Say exactly that, and nothing of a backup that does not exist. */
      g_set_error (error, HL_STORE_ERROR, damage->code,
                   "%s; there is no backup in %s.backups to restore, so the kiosk will not start on an "
                   "empty database. The damaged file is left where it is: keep it for analysis, and move it "
                   "away only to start again with an empty database", damage->message, db_path);
      return NULL;
    }
  now = g_date_time_new_now_local ();
  stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  damaged = g_strdup_printf ("%s.damaged-%s", db_path, stamp);
  g_warning ("%s; moving it to %s and looking for a good backup among %u", damage->message, damaged, backups->len);
  move_db_files (db_path, damaged);

  for (guint i = 0; i < backups->len; i++)
    {
      const char *backup = g_ptr_array_index (backups, i);
      g_autoptr(GFile) src = g_file_new_for_path (backup);
      g_autoptr(GFile) dst = g_file_new_for_path (db_path);
      g_autoptr(GError) local_error = NULL;

      if (!g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &local_error))
        {
          g_warning ("cannot restore %s: %s", backup, local_error->message);
          continue;
        }
      store = open_checked (db_path, TRUE, &local_error);
      if (store != NULL)
        {
          g_warning ("restored %s from %s; the damaged database is kept at %s", db_path, backup, damaged);
          if (recovery != NULL)
            {
              *recovery = g_new0 (HlRecovery, 1);
              (*recovery)->restored_from = g_strdup (backup);
              (*recovery)->damaged_kept_at = g_strdup (damaged);
            }
          return store;
        }
      g_warning ("backup %s is no good either: %s", backup, local_error->message);
      g_unlink (db_path);
    }

  /* Nothing good to restore: put the damaged file back, so that no empty database takes its place. */
  move_db_files (damaged, db_path);
  g_set_error (error, HL_STORE_ERROR, damage->code,
               "%s; none of the %u backups in %s.backups is good either, so the kiosk will not start on an "
               "empty database. The damaged file is back where it was: keep it and the backups for analysis",
               damage->message, backups->len, db_path);
  return NULL;
}

HlStore *
hl_backup_open_store (const char  *db_path,
                      HlRecovery **recovery,
                      GError     **error)
{
  return hl_backup_open_store_full (db_path, TRUE, recovery, error);
}
