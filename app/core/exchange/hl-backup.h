/* hl-backup.h: daily backups in rotation, and opening a database that may be damaged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-store.h"

G_BEGIN_DECLS

#define HL_BACKUP_KEEP 7

/* What hl_backup_open_store() did to get a working database; NULLs when it only opened it. */
typedef struct {
  char *restored_from;   /* the backup now in use */
  char *damaged_kept_at; /* where the damaged file was moved, for analysis */
} HlRecovery;

void      hl_recovery_free          (HlRecovery  *recovery);
char     *hl_backup_dir             (const char  *db_path);
gboolean  hl_backup_daily           (HlStore     *store,
                                     const char  *db_path,
                                     const char  *today,
                                     guint        keep,
                                     char       **made,
                                     GError     **error);
HlStore  *hl_backup_open_store      (const char  *db_path,
                                     HlRecovery **recovery,
                                     GError     **error);
HlStore  *hl_backup_open_store_full (const char  *db_path,
                                     gboolean     check,
                                     HlRecovery **recovery,
                                     GError     **error);
char     *hl_backup_check_marker    (const char  *db_path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlRecovery, hl_recovery_free)

G_END_DECLS
