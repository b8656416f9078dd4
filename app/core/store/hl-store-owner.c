/* hl-store-owner.c: a running kiosk owns its database.
 *
 * SQLite lets one writer in at a time and makes the others wait (5 s here, then fail). For a kiosk that is
 * the wrong way round: an import of a million rows holds the write lock for most of a minute, and a
 * citizen's tap in that time is lost. So a kiosk claims its database for its whole life, and any other
 * writer (import, simulate) is refused at once while it runs, with the kiosk's pid in the message; those
 * writers share the database among themselves, where SQLite's own lock orders them. Readers (verify,
 * index) claim nothing and are never refused.
 *
 * The claim is an flock(2) on a file beside the database ("kiosk.db" -> "kiosk.db.lock"), not on the
 * database itself, so that it never meets SQLite's own POSIX locks on that file, and so that it holds
 * while the kiosk moves a damaged database aside and restores a backup under the same name. The kernel
 * releases it when the process ends, however it ends: a crashed kiosk leaves nothing to clean up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "hl-store-private.h"

struct _HlStoreClaim {
  int   fd;
  char *path;
};

/* Who holds the lock file, as its holder (a kiosk) wrote it: "kiosk pid N". */
static char *
read_holder (int fd)
{
  char buffer[64] = "";
  gssize n = pread (fd, buffer, sizeof buffer - 1, 0);

  if (n <= 0)
    return g_strdup ("a kiosk");
  buffer[n] = '\0';
  g_strchomp (buffer);
  return g_strdup_printf ("a running kiosk (%s)", g_str_has_prefix (buffer, "kiosk ") ? buffer + 6 : buffer);
}

/* Claims @db_path for a kiosk (exclusive, for as long as the claim is held) or for another writer
 * (shared with other writers, refused while a kiosk holds it). Never waits: a claim that cannot be had
 * now fails at once with HL_STORE_ERROR_OWNED, saying who holds the database. */
HlStoreClaim *
hl_store_claim (const char       *db_path,
                HlStoreClaimKind  kind,
                GError          **error)
{
  g_autofree char *path = NULL;
  HlStoreClaim *claim;
  int fd;

  g_return_val_if_fail (db_path != NULL, NULL);

  path = g_strconcat (db_path, ".lock", NULL);
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CANNOT_OPEN, "%s: cannot open: %s", path, g_strerror (saved));
      return NULL;
    }
  if (flock (fd, (kind == HL_STORE_CLAIM_KIOSK ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0)
    {
      int saved = errno;
      g_autofree char *holder = NULL;

      if (saved != EWOULDBLOCK)
        {
          g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_IO, "%s: cannot lock: %s", path, g_strerror (saved));
          close (fd);
          return NULL;
        }
      /* A kiosk is refused by writers (who share the lock) or by another kiosk (who holds it alone):
       * a shared claim that succeeds tells them apart. */
      if (kind == HL_STORE_CLAIM_KIOSK && flock (fd, LOCK_SH | LOCK_NB) == 0)
        {
          flock (fd, LOCK_UN);
          holder = g_strdup ("another program (an import or a simulation)");
        }
      else
        holder = read_holder (fd);
      close (fd);
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_OWNED,
                   "%s: the database is in use by %s; %s", db_path, holder,
                   kind == HL_STORE_CLAIM_KIOSK
                   ? "start the kiosk once it has finished"
                   : "a kiosk's database takes no other writer while the kiosk runs (stop the kiosk, or work on "
                     "a copy)");
      return NULL;
    }
  if (kind == HL_STORE_CLAIM_KIOSK)
    {
      g_autofree char *text = g_strdup_printf ("kiosk pid %ld\n", (long) getpid ());

      /* Only for messages: the lock is what counts, so a failed write changes nothing. */
      if (ftruncate (fd, 0) != 0 || pwrite (fd, text, strlen (text), 0) < 0)
        g_debug ("%s: cannot note the kiosk's pid: %s", path, g_strerror (errno));
    }
  claim = g_new0 (HlStoreClaim, 1);
  claim->fd = fd;
  claim->path = g_steal_pointer (&path);
  return claim;
}

void
hl_store_claim_release (HlStoreClaim *claim)
{
  if (claim == NULL)
    return;
  /* Closing the file releases the lock. The file stays: removing it could let a second kiosk lock a new
   * file of the same name while a writer still holds the old one. */
  close (claim->fd);
  g_free (claim->path);
  g_free (claim);
}
