/* hl-test-vfs.c: a power-cutting VFS shim over SQLite's "unix" VFS (see hl-test-vfs.h).
 *
 * The model of the disk
 * ---------------------
 * A file's content is durable as of its last xSync: fsync(2) is per file (per inode), so one handle's
 * xSync makes every earlier write to that file durable, whichever handle made it. Until then each write
 * and truncation is kept as a change holding the bytes it overwrote or cut off and the file's size before
 * it, so that a reboot can undo them newest first. The bytes are taken from the file itself, which in a
 * single process (the page cache) holds what the last write put there.
 *
 * A file's name is durable as of the last sync of its directory. SQLite's unix VFS syncs a directory in
 * two places, which this shim mirrors: on the first xSync of a journal or write-ahead log opened with
 * SQLITE_OPEN_CREATE (the UNIXFILE_DIRSYNC flag of os_unix.c), and in xDelete when its syncDir argument
 * is set. A directory sync makes every name in that directory durable as it stands: created files stay,
 * deleted ones stay deleted. So a main database file created by sqlite3_open() and never followed by a
 * journal or log sync vanishes at a power cut, and a log deleted at close without syncDir comes back,
 * with its durable content, unless a later directory sync made the deletion stick.
 *
 * A power cut happens instead of the n-th call of the kind armed (hl_test_vfs_arm()). From then on every
 * call fails with an SQLITE_IOERR code, except those that only let go: xClose, xUnlock, unlocking
 * xShmLock, xShmUnmap (which then never deletes the -shm) and xShmBarrier, so that the test can close
 * every connection. hl_test_vfs_reboot() then, for each file: removes it if its name was never durable,
 * writes back the durable content of one deleted without a directory sync, or undoes its unsynced
 * changes; HL_TEST_VFS_LOSE_SUFFIX undoes only a random number of the newest ones, as a disk that wrote
 * them in order and stopped. It fills each database's -shm with random bytes, since the wal-index lives in
 * memory and nothing of it is durable: SQLite must rebuild it from the log, never trust it.
 *
 * What it does not model
 * ----------------------
 * - Writes reordered within a file, or torn inside a write: a write is kept or lost whole, and only newer
 *   writes are lost before older ones (SQLite's write-ahead log checksums exist for torn and reordered
 *   frames; this shim does not exercise them). Writes to different files are lost independently.
 * - A disk that lies about fsync, or loses data it acknowledged as synced: that is outside what any
 *   database can survive.
 * - Directory operations other than create and delete (SQLite renames nothing), hard links and symbolic
 *   links (files are known by the path SQLite opens them with), and files SQLite does not open through
 *   the VFS. The -shm is opened inside the unix VFS and is never synced; it is only scrambled at reboot.
 * - Nameless temporary files (statement journals, sorter files) pass through untracked: they do not
 *   outlive a connection.
 * - The real fsync(2) is not called: the model, not the machine's disk, decides what survives, and the
 *   process does not really lose power. Syncing for real would only make the test slow.
 * - Memory-mapped I/O (PRAGMA mmap_size) writes nothing through the VFS in SQLite, but the store does not
 *   turn it on, and xFetch fails once the power is off.
 * - One process, one thread; the shim is not thread-safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-test-vfs"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "hl-test-vfs.h"

/* One unsynced write or truncation: the bytes it replaced or cut off, and the size of the file before. */
typedef struct {
  gint64  offset;
  gint64  size_before;
  guint8 *old;     /* the overwritten bytes, the part of [offset, offset + len) inside size_before */
  gsize   len;
} Change;

/* What the shim knows of one file, by the path SQLite opened it with. */
typedef struct {
  char     *path;
  char     *dir;
  guint     n_open;          /* handles open on it now */
  gboolean  is_main_db;
  gboolean  durable_exists;  /* the name is in the directory as of its last sync */
  GBytes   *durable_image;   /* the durable content of a file deleted since that sync, or NULL */
  GArray   *changes;         /* Change, oldest first, since the file's last xSync */
} Tracked;

typedef struct {
  sqlite3_file  base;
  Tracked      *tracked;   /* NULL for a nameless temporary file */
  gboolean      sync_dir;  /* as the unix VFS does, the next xSync syncs the directory too */
  sqlite3_file *real;      /* the unix VFS's file, in the memory after this struct */
} ShimFile;

static struct {
  sqlite3_vfs     vfs;
  sqlite3_vfs    *real;
  GHashTable     *files;        /* path -> Tracked */
  gboolean        powered_off;
  HlTestVfsEvent  armed;
  guint64         countdown;    /* calls of the armed kind until the cut; 0: not armed */
  HlTestVfsStats  stats;
} shim;

static void
change_clear (gpointer data)
{
  Change *change = data;

  g_free (change->old);
}

static void
tracked_free (gpointer data)
{
  Tracked *t = data;

  g_free (t->path);
  g_free (t->dir);
  g_clear_pointer (&t->durable_image, g_bytes_unref);
  g_array_unref (t->changes);
  g_free (t);
}

static gboolean
file_exists (const char *path)
{
  return g_access (path, F_OK) == 0;
}

/* The record of @path. A file seen for the first time is taken to be durable as it was before the call
 * that shows it to the shim: @existed says whether it was there. */
static Tracked *
tracked_get (const char *path,
             gboolean    existed)
{
  Tracked *t = g_hash_table_lookup (shim.files, path);

  if (t == NULL)
    {
      t = g_new0 (Tracked, 1);
      t->path = g_strdup (path);
      t->dir = g_path_get_dirname (path);
      t->durable_exists = existed;
      t->changes = g_array_new (FALSE, FALSE, sizeof (Change));
      g_array_set_clear_func (t->changes, change_clear);
      g_hash_table_insert (shim.files, t->path, t);
    }
  return t;
}

/* A directory sync: every name in @dir is durable as it stands now. */
static void
directory_synced (const char *dir)
{
  GHashTableIter iter;
  Tracked *t;

  g_hash_table_iter_init (&iter, shim.files);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
    if (g_str_equal (t->dir, dir))
      {
        t->durable_exists = file_exists (t->path);
        g_clear_pointer (&t->durable_image, g_bytes_unref);
      }
}

static void
cut_power (void)
{
  GHashTableIter iter;
  Tracked *t;

  shim.powered_off = TRUE;
  shim.countdown = 0;
  shim.stats.n_cuts++;
  shim.stats.n_cuts_by_event[shim.armed]++;
  g_hash_table_iter_init (&iter, shim.files);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
    if (t->is_main_db && t->changes->len > 0)
      {
        shim.stats.n_cuts_mid_checkpoint++;
        break;
      }
}

/* Whether a call of kind @event may go ahead: not once the power is off, and not the call the power goes
 * off at. */
static gboolean
powered (HlTestVfsEvent event)
{
  if (shim.powered_off)
    return FALSE;
  if (shim.countdown > 0 && (shim.armed == HL_TEST_VFS_ANY_CALL || shim.armed == event))
    {
      shim.countdown--;
      if (shim.countdown == 0)
        {
          cut_power ();
          return FALSE;
        }
    }
  return TRUE;
}

/* Keeps what a write or truncation of [@offset, @offset + @len) is about to replace, through the real
 * file (which, in this process, reads what the page cache holds). */
static int
remember_change (ShimFile *f,
                 gint64    offset,
                 gint64    len)
{
  sqlite3_int64 size = 0;
  Change change = { .offset = offset };
  int rc;

  rc = f->real->pMethods->xFileSize (f->real, &size);
  if (rc != SQLITE_OK)
    return rc;
  change.size_before = size;
  if (offset < size && len > 0)
    {
      change.len = (gsize) (MIN (offset + len, size) - offset);
      change.old = g_malloc (change.len);
      rc = f->real->pMethods->xRead (f->real, change.old, (int) change.len, offset);
      if (rc != SQLITE_OK)
        {
          g_free (change.old);
          return rc;
        }
    }
  g_array_append_val (f->tracked->changes, change);
  return SQLITE_OK;
}

/* The file's content with every unsynced change undone: what the disk holds for it. */
static GBytes *
durable_content (Tracked *t)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  GByteArray *content;

  g_file_get_contents (t->path, &data, &len, &error);
  g_assert_no_error (error);
  content = g_byte_array_new_take ((guint8 *) g_steal_pointer (&data), len);
  for (guint i = t->changes->len; i > 0; i--)
    {
      Change *change = &g_array_index (t->changes, Change, i - 1);

      if ((gint64) content->len < change->offset + (gint64) change->len)
        g_byte_array_set_size (content, change->offset + change->len);
      if (change->len > 0)
        memcpy (content->data + change->offset, change->old, change->len);
      g_byte_array_set_size (content, change->size_before);
    }
  return g_byte_array_free_to_bytes (content);
}

/* sqlite3_io_methods */

static int
shim_close (sqlite3_file *file)
{
  ShimFile *f = (ShimFile *) file;
  int rc = f->real->pMethods->xClose (f->real);

  if (f->tracked != NULL)
    f->tracked->n_open--;
  return rc;
}

static int
shim_read (sqlite3_file *file,
           void         *buf,
           int           amount,
           sqlite3_int64 offset)
{
  ShimFile *f = (ShimFile *) file;

  if (!powered (HL_TEST_VFS_ANY_CALL))
    return SQLITE_IOERR_READ;
  return f->real->pMethods->xRead (f->real, buf, amount, offset);
}

static int
shim_write (sqlite3_file *file,
            const void   *buf,
            int           amount,
            sqlite3_int64 offset)
{
  ShimFile *f = (ShimFile *) file;
  int rc;

  if (!powered (f->tracked && f->tracked->is_main_db ? HL_TEST_VFS_DB_WRITE : HL_TEST_VFS_ANY_CALL))
    return SQLITE_IOERR_WRITE;
  if (f->tracked != NULL && (rc = remember_change (f, offset, amount)) != SQLITE_OK)
    return rc;
  return f->real->pMethods->xWrite (f->real, buf, amount, offset);
}

static int
shim_truncate (sqlite3_file *file,
               sqlite3_int64 size)
{
  ShimFile *f = (ShimFile *) file;
  sqlite3_int64 current = 0;
  int rc;

  if (!powered (HL_TEST_VFS_ANY_CALL))
    return SQLITE_IOERR_TRUNCATE;
  if (f->tracked != NULL)
    {
      rc = f->real->pMethods->xFileSize (f->real, &current);
      if (rc == SQLITE_OK)
        rc = remember_change (f, size, MAX (current - size, 0));
      if (rc != SQLITE_OK)
        return rc;
    }
  return f->real->pMethods->xTruncate (f->real, size);
}

static int
shim_sync (sqlite3_file *file,
           int           flags)
{
  ShimFile *f = (ShimFile *) file;

  if (!powered (HL_TEST_VFS_SYNC))
    return SQLITE_IOERR_FSYNC;
  /* The real fsync is left out on purpose: see the top of this file. */
  if (f->tracked != NULL)
    {
      g_array_set_size (f->tracked->changes, 0);
      if (f->sync_dir)
        directory_synced (f->tracked->dir);
    }
  f->sync_dir = FALSE;
  return SQLITE_OK;
}

static int
shim_file_size (sqlite3_file  *file,
                sqlite3_int64 *size)
{
  ShimFile *f = (ShimFile *) file;

  if (!powered (HL_TEST_VFS_ANY_CALL))
    return SQLITE_IOERR_FSTAT;
  return f->real->pMethods->xFileSize (f->real, size);
}

static int
shim_lock (sqlite3_file *file,
           int           level)
{
  ShimFile *f = (ShimFile *) file;

  if (!powered (HL_TEST_VFS_ANY_CALL))
    return SQLITE_IOERR_LOCK;
  return f->real->pMethods->xLock (f->real, level);
}

static int
shim_unlock (sqlite3_file *file,
             int           level)
{
  ShimFile *f = (ShimFile *) file;

  /* Letting go always works, so that a connection can be closed after the cut. */
  return f->real->pMethods->xUnlock (f->real, level);
}

static int
shim_check_reserved_lock (sqlite3_file *file,
                          int          *reserved)
{
  ShimFile *f = (ShimFile *) file;

  if (!powered (HL_TEST_VFS_ANY_CALL))
    return SQLITE_IOERR_CHECKRESERVEDLOCK;
  return f->real->pMethods->xCheckReservedLock (f->real, reserved);
}

static int
shim_file_control (sqlite3_file *file,
                   int           op,
                   void         *arg)
{
  ShimFile *f = (ShimFile *) file;

  /* Some file controls write (SQLITE_FCNTL_SIZE_HINT may extend the file), and none is needed to close. */
  if (shim.powered_off)
    return SQLITE_IOERR;
  return f->real->pMethods->xFileControl (f->real, op, arg);
}

static int
shim_sector_size (sqlite3_file *file)
{
  ShimFile *f = (ShimFile *) file;

  return f->real->pMethods->xSectorSize (f->real);
}

static int
shim_device_characteristics (sqlite3_file *file)
{
  ShimFile *f = (ShimFile *) file;

  return f->real->pMethods->xDeviceCharacteristics (f->real);
}

static int
shim_shm_map (sqlite3_file  *file,
              int            page,
              int            page_size,
              int            extend,
              void volatile **pp)
{
  ShimFile *f = (ShimFile *) file;

  if (!powered (HL_TEST_VFS_ANY_CALL))
    return SQLITE_IOERR_SHMMAP;
  return f->real->pMethods->xShmMap (f->real, page, page_size, extend, pp);
}

static int
shim_shm_lock (sqlite3_file *file,
               int           offset,
               int           n,
               int           flags)
{
  ShimFile *f = (ShimFile *) file;

  if (!(flags & SQLITE_SHM_UNLOCK) && !powered (HL_TEST_VFS_ANY_CALL))
    return SQLITE_IOERR_SHMLOCK;
  return f->real->pMethods->xShmLock (f->real, offset, n, flags);
}

static void
shim_shm_barrier (sqlite3_file *file)
{
  ShimFile *f = (ShimFile *) file;

  f->real->pMethods->xShmBarrier (f->real);
}

static int
shim_shm_unmap (sqlite3_file *file,
                int           delete_flag)
{
  ShimFile *f = (ShimFile *) file;

  return f->real->pMethods->xShmUnmap (f->real, delete_flag && !shim.powered_off);
}

static int
shim_fetch (sqlite3_file  *file,
            sqlite3_int64  offset,
            int            amount,
            void         **pp)
{
  ShimFile *f = (ShimFile *) file;

  *pp = NULL;
  if (!powered (HL_TEST_VFS_ANY_CALL))
    return SQLITE_IOERR_MMAP;
  return f->real->pMethods->xFetch (f->real, offset, amount, pp);
}

static int
shim_unfetch (sqlite3_file  *file,
              sqlite3_int64  offset,
              void          *p)
{
  ShimFile *f = (ShimFile *) file;

  return f->real->pMethods->xUnfetch (f->real, offset, p);
}

static const sqlite3_io_methods shim_io_methods = {
  .iVersion = 3,
  .xClose = shim_close,
  .xRead = shim_read,
  .xWrite = shim_write,
  .xTruncate = shim_truncate,
  .xSync = shim_sync,
  .xFileSize = shim_file_size,
  .xLock = shim_lock,
  .xUnlock = shim_unlock,
  .xCheckReservedLock = shim_check_reserved_lock,
  .xFileControl = shim_file_control,
  .xSectorSize = shim_sector_size,
  .xDeviceCharacteristics = shim_device_characteristics,
  .xShmMap = shim_shm_map,
  .xShmLock = shim_shm_lock,
  .xShmBarrier = shim_shm_barrier,
  .xShmUnmap = shim_shm_unmap,
  .xFetch = shim_fetch,
  .xUnfetch = shim_unfetch,
};

/* sqlite3_vfs */

static int
shim_open (sqlite3_vfs  *vfs,
           const char   *name,
           sqlite3_file *file,
           int           flags,
           int          *out_flags)
{
  ShimFile *f = (ShimFile *) file;
  gboolean existed;
  int rc;

  f->base.pMethods = NULL;
  f->tracked = NULL;
  f->sync_dir = FALSE;
  f->real = (sqlite3_file *) (f + 1);
  if (!powered (HL_TEST_VFS_ANY_CALL))
    return SQLITE_IOERR;

  existed = name != NULL && file_exists (name);
  rc = shim.real->xOpen (shim.real, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK)
    {
      if (f->real->pMethods != NULL)
        f->real->pMethods->xClose (f->real);
      return rc;
    }
  f->base.pMethods = &shim_io_methods;
  g_assert_cmpint (f->real->pMethods->iVersion, >=, 3);

  if (name != NULL && !(flags & SQLITE_OPEN_DELETEONCLOSE))
    {
      Tracked *t = tracked_get (name, existed);

      /* A new file: its content starts empty, and what was recorded of the name's previous file (deleted
       * since) is in its durable image already. */
      if (!existed)
        g_array_set_size (t->changes, 0);
      t->n_open++;
      if (flags & SQLITE_OPEN_MAIN_DB)
        t->is_main_db = TRUE;
      f->tracked = t;
      /* os_unix.c syncs the directory on the first xSync of these. */
      f->sync_dir = (flags & SQLITE_OPEN_CREATE)
                    && (flags & (SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_SUPER_JOURNAL | SQLITE_OPEN_WAL));
    }
  return SQLITE_OK;
}

static int
shim_delete (sqlite3_vfs *vfs,
             const char  *name,
             int          sync_dir)
{
  Tracked *t;
  int rc;

  if (!powered (HL_TEST_VFS_ANY_CALL))
    return SQLITE_IOERR_DELETE;
  t = tracked_get (name, file_exists (name));
  /* Until the directory is synced, the name still leads to the file's durable content. */
  if (t->durable_exists && t->durable_image == NULL && file_exists (name))
    t->durable_image = durable_content (t);
  g_array_set_size (t->changes, 0);
  rc = shim.real->xDelete (shim.real, name, sync_dir);
  if (rc == SQLITE_OK && sync_dir)
    directory_synced (t->dir);
  return rc;
}

static int
shim_access (sqlite3_vfs *vfs,
             const char  *name,
             int          flags,
             int         *result)
{
  if (!powered (HL_TEST_VFS_ANY_CALL))
    return SQLITE_IOERR_ACCESS;
  return shim.real->xAccess (shim.real, name, flags, result);
}

static int
shim_full_pathname (sqlite3_vfs *vfs,
                    const char  *name,
                    int          n_out,
                    char        *out)
{
  return shim.real->xFullPathname (shim.real, name, n_out, out);
}

static void *
shim_dl_open (sqlite3_vfs *vfs,
              const char  *filename)
{
  return shim.real->xDlOpen (shim.real, filename);
}

static void
shim_dl_error (sqlite3_vfs *vfs,
               int          n,
               char        *message)
{
  shim.real->xDlError (shim.real, n, message);
}

static void (*shim_dl_sym (sqlite3_vfs *vfs,
                           void        *handle,
                           const char  *symbol)) (void)
{
  return shim.real->xDlSym (shim.real, handle, symbol);
}

static void
shim_dl_close (sqlite3_vfs *vfs,
               void        *handle)
{
  shim.real->xDlClose (shim.real, handle);
}

static int
shim_randomness (sqlite3_vfs *vfs,
                 int          n,
                 char        *out)
{
  return shim.real->xRandomness (shim.real, n, out);
}

static int
shim_sleep (sqlite3_vfs *vfs,
            int          microseconds)
{
  return shim.real->xSleep (shim.real, microseconds);
}

static int
shim_current_time (sqlite3_vfs *vfs,
                   double      *now)
{
  return shim.real->xCurrentTime (shim.real, now);
}

static int
shim_get_last_error (sqlite3_vfs *vfs,
                     int          n,
                     char        *out)
{
  return shim.real->xGetLastError (shim.real, n, out);
}

static int
shim_current_time_int64 (sqlite3_vfs   *vfs,
                         sqlite3_int64 *now)
{
  return shim.real->xCurrentTimeInt64 (shim.real, now);
}

/* Registers the shim as the default VFS of this process. Call it before anything opens a database. */
void
hl_test_vfs_install (void)
{
  g_assert_null (shim.real);
  shim.real = sqlite3_vfs_find ("unix");
  g_assert_nonnull (shim.real);
  g_assert_cmpint (shim.real->iVersion, >=, 2);
  shim.files = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, tracked_free);

  shim.vfs.iVersion = 2;
  /* Rounded up, so that the real file after the ShimFile is aligned as SQLite aligns its own. */
  shim.vfs.szOsFile = (int) (((sizeof (ShimFile) + 7) & ~(gsize) 7) + shim.real->szOsFile);
  shim.vfs.mxPathname = shim.real->mxPathname;
  shim.vfs.zName = "hl-test";
  shim.vfs.xOpen = shim_open;
  shim.vfs.xDelete = shim_delete;
  shim.vfs.xAccess = shim_access;
  shim.vfs.xFullPathname = shim_full_pathname;
  shim.vfs.xDlOpen = shim_dl_open;
  shim.vfs.xDlError = shim_dl_error;
  shim.vfs.xDlSym = shim_dl_sym;
  shim.vfs.xDlClose = shim_dl_close;
  shim.vfs.xRandomness = shim_randomness;
  shim.vfs.xSleep = shim_sleep;
  shim.vfs.xCurrentTime = shim_current_time;
  shim.vfs.xGetLastError = shim_get_last_error;
  shim.vfs.xCurrentTimeInt64 = shim_current_time_int64;
  g_assert_cmpint (sqlite3_vfs_register (&shim.vfs, 1), ==, SQLITE_OK);
  g_assert_true (sqlite3_vfs_find (NULL) == &shim.vfs);
}

/* The power goes off instead of the @n-th call of kind @event from now (@n from 1). */
void
hl_test_vfs_arm (HlTestVfsEvent event,
                 guint64        n)
{
  g_assert_false (shim.powered_off);
  g_assert_cmpuint (n, >, 0);
  shim.armed = event;
  shim.countdown = n;
}

gboolean
hl_test_vfs_is_powered (void)
{
  return !shim.powered_off;
}

/* Undoes the newest of @t's unsynced changes, keeping the oldest @keep. */
static void
undo_changes (Tracked *t,
              guint    keep)
{
  int fd;

  if (keep >= t->changes->len)
    return;
  fd = g_open (t->path, O_RDWR, 0);
  g_assert_cmpint (fd, >=, 0);
  for (guint i = t->changes->len; i > keep; i--)
    {
      Change *change = &g_array_index (t->changes, Change, i - 1);

      if (change->len > 0)
        g_assert_cmpint (pwrite (fd, change->old, change->len, change->offset), ==, (gssize) change->len);
    }
  g_assert_cmpint (ftruncate (fd, g_array_index (t->changes, Change, keep).size_before), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);
}

/* The wal-index is shared memory: after a power cut it holds whatever it holds. */
static void
scramble_shm (const char *db_path)
{
  g_autofree char *path = g_strconcat (db_path, "-shm", NULL);
  g_autofree guint8 *noise = NULL;
  GStatBuf st;

  if (g_stat (path, &st) != 0 || st.st_size == 0)
    return;
  noise = g_malloc (st.st_size);
  for (goffset i = 0; i < st.st_size; i++)
    noise[i] = (guint8) g_test_rand_int_range (0, 256);
  g_assert_true (g_file_set_contents (path, (const char *) noise, st.st_size, NULL));
}

/* Everything is closed: puts every file back into its durable state, and the power on. */
void
hl_test_vfs_reboot (HlTestVfsLoss loss)
{
  GHashTableIter iter;
  Tracked *t;

  g_hash_table_iter_init (&iter, shim.files);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
    {
      if (t->n_open != 0)
        g_error ("%s is still open at the reboot: close every connection first", t->path);

      if (!t->durable_exists)
        {
          if (file_exists (t->path))
            {
              g_assert_cmpint (g_unlink (t->path), ==, 0);
              shim.stats.n_files_vanished++;
            }
        }
      else if (t->durable_image != NULL)
        {
          g_autoptr(GError) error = NULL;
          gsize len = 0;
          const char *data = g_bytes_get_data (t->durable_image, &len);

          g_file_set_contents (t->path, data, len, &error);
          g_assert_no_error (error);
          shim.stats.n_files_resurrected++;
        }
      else
        {
          guint keep = 0;

          if (!file_exists (t->path))
            g_error ("%s is gone, though its name is durable and SQLite never deleted it", t->path);
          if (loss == HL_TEST_VFS_LOSE_SUFFIX)
            keep = g_test_rand_int_range (0, t->changes->len + 1);
          undo_changes (t, keep);
          shim.stats.n_changes_kept += keep;
          shim.stats.n_changes_lost += t->changes->len - keep;
        }
      g_array_set_size (t->changes, 0);
      g_clear_pointer (&t->durable_image, g_bytes_unref);
      t->durable_exists = file_exists (t->path);
    }

  g_hash_table_iter_init (&iter, shim.files);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
    if (t->is_main_db)
      scramble_shm (t->path);

  shim.powered_off = FALSE;
  shim.countdown = 0;
}

/* Forgets every file, for a test that goes on with new ones; nothing may be open. */
void
hl_test_vfs_forget (void)
{
  GHashTableIter iter;
  Tracked *t;

  g_hash_table_iter_init (&iter, shim.files);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
    g_assert_cmpuint (t->n_open, ==, 0);
  g_hash_table_remove_all (shim.files);
}

const HlTestVfsStats *
hl_test_vfs_get_stats (void)
{
  return &shim.stats;
}
