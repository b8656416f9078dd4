/* hl-test-vfs.h: a SQLite VFS for power-loss tests. It wraps the real "unix" VFS, keeps track of what each
 * file would hold on the disk after a power cut (its content as of its last xSync, and whether its
 * directory entry was ever synced), and at a moment the test chooses "loses power": from then on every
 * call fails, until the test closes everything and "reboots", which puts every file back into its
 * durable state. The model and its limits are described at the top of hl-test-vfs.c.
 *
 * Registered as the default VFS of the test process only, so that HlStore, opening its database the way
 * the kiosk does, writes through it without knowing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the power cut is counted in. */
typedef enum {
  HL_TEST_VFS_ANY_CALL,  /* any call that reads, writes, syncs, locks, opens or deletes */
  HL_TEST_VFS_SYNC,      /* an xSync: the cut comes just before a commit or checkpoint becomes durable */
  HL_TEST_VFS_DB_WRITE,  /* an xWrite to a main database file, which in WAL mode only a checkpoint does */
  HL_TEST_VFS_N_EVENTS
} HlTestVfsEvent;

/* What becomes of the writes made since a file's last sync. */
typedef enum {
  HL_TEST_VFS_LOSE_ALL,     /* all of them are lost */
  HL_TEST_VFS_LOSE_SUFFIX,  /* each file keeps a random number of them, in the order they were made */
} HlTestVfsLoss;

typedef struct {
  guint   n_cuts;
  guint   n_cuts_by_event[HL_TEST_VFS_N_EVENTS];
  guint   n_cuts_mid_checkpoint;  /* a database file had writes not synced yet when the power went */
  guint64 n_changes_lost;         /* unsynced writes and truncations undone at reboots */
  guint64 n_changes_kept;         /* unsynced ones that reached the disk anyway (HL_TEST_VFS_LOSE_SUFFIX) */
  guint   n_files_vanished;       /* created, but their directory was never synced after */
  guint   n_files_resurrected;    /* deleted, but their directory was never synced after */
} HlTestVfsStats;

void                  hl_test_vfs_install    (void);
void                  hl_test_vfs_arm        (HlTestVfsEvent  event,
                                              guint64         n);
gboolean              hl_test_vfs_is_powered (void);
void                  hl_test_vfs_reboot     (HlTestVfsLoss   loss);
void                  hl_test_vfs_forget     (void);
const HlTestVfsStats *hl_test_vfs_get_stats  (void);

G_END_DECLS
