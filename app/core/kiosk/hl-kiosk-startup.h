/* hl-kiosk-startup.h: one kiosk start-up, for the GTK kiosk and `hailong simulate` alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hl-backup.h"
#include "hl-config.h"
#include "hl-identity.h"
#include "hl-kiosk.h"
#include "hl-store.h"
#include "hl-survey.h"

G_BEGIN_DECLS

#define HL_KIOSK_STARTUP_ERROR (hl_kiosk_startup_error_quark ())

typedef enum {
  HL_KIOSK_STARTUP_ERROR_ARMING_KEY,  /* the configured arming key is not a key name */
  HL_KIOSK_STARTUP_ERROR_NO_KEY,      /* the database holds responses but the kiosk's key file is missing */
  HL_KIOSK_STARTUP_ERROR_FAILED,
} HlKioskStartupError;

/* Whether @name is the name of a key (the GTK kiosk asks GDK). */
typedef gboolean (*HlKeyNameFunc) (const char *name);

typedef struct {
  const char    *db_path;
  const char    *config_path;
  const char    *survey_dir;
  const char    *key_path;        /* NULL: beside the database (hl_identity_key_path_for_db()) */
  const char    *counter;         /* NULL: the configuration's counter */
  gboolean       demo;            /* the demo's short timeouts (hl_config_use_demo_timing()) */
  HlKeyNameFunc  key_name_known;  /* checks the arming key's name; NULL: the configuration's check only */
  HlStore       *store;           /* NULL: open db_path; else share this store (simulate's further kiosks) */
  HlStoreClaimKind claim;         /* how the database is claimed while it runs (a kiosk's: alone) */
  gboolean       defer_check;     /* open the database without PRAGMA quick_check: the caller runs
                                   * hl_kiosk_session_check_async() (the GTK kiosk, after its first frame),
                                   * and until it has passed the kiosk takes no rating (docs/storage.md) */
} HlKioskStartupOptions;

/* What a start-up made. The kiosk may start out of service (hl_kiosk_get_problem() says why): a database
 * that cannot be written is found here, not at the first citizen's tap. */
typedef struct {
  HlConfig   *config;
  HlSurvey   *survey;
  HlSurvey   *detailed;    /* the detailed survey offered after the quick one, or NULL */
  HlStoreClaim *claim;     /* held while the session runs, when it opened the database */
  HlStore    *store;
  gboolean    owns_store;
  HlIdentity *identity;
  HlKiosk    *kiosk;
  HlRecovery *recovery;    /* set when a damaged database was replaced by its newest good backup */
  char       *db_path;
  gboolean    checked;     /* quick_check has passed on this file since it was opened */
  gboolean    running;     /* a hl_kiosk_session_check_async() has not finished */
} HlKioskSession;

GQuark          hl_kiosk_startup_error_quark (void);
HlKioskSession *hl_kiosk_session_start       (const HlKioskStartupOptions *options,
                                              GError                     **error);
void            hl_kiosk_session_free        (HlKioskSession              *session);
void            hl_kiosk_session_check_async (HlKioskSession              *session,
                                              const char                  *today,
                                              GAsyncReadyCallback          callback,
                                              gpointer                     user_data);
gboolean        hl_kiosk_session_check_finish (HlKioskSession             *session,
                                              GAsyncResult                *result,
                                              GError                     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlKioskSession, hl_kiosk_session_free)

G_END_DECLS
