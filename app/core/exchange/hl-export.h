/* hl-export.h: a kiosk's export to a folder (a USB stick): the signed bundle and, if asked, its reports,
 * written safely (hl-usb.h) and checked as read back. For the CLI and the dashboard's Export button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hl-config.h"
#include "hl-store-export.h"
#include "hl-usb.h"

G_BEGIN_DECLS

#define HL_EXPORT_ERROR (hl_export_error_quark ())

typedef enum {
  HL_EXPORT_ERROR_NO_KEY,   /* the kiosk has no key yet: it makes one on its first start */
  HL_EXPORT_ERROR_FAILED,
} HlExportError;

/* How far the export is (0 to 1), and what it is doing, in Vietnamese for the progress bar. */
typedef void (*HlExportProgressFunc) (double      fraction,
                                      const char *message,
                                      gpointer    user_data);

typedef struct {
  const char *from;     /* YYYY-MM-DD, or NULL: from the last day of the previous export (or the start) */
  const char *to;       /* YYYY-MM-DD, or NULL: up to now */
  const char *name;     /* the files' name without extension, or NULL: hailong-KIOSK-FROM-TO */
  gboolean    reports;  /* NAME.pdf, NAME.csv and NAME.xlsx beside NAME.hlb */
} HlExportOptions;

typedef struct {
  HlBundleRange range;
  char         *bundle_id;
  char         *period_from;
  char         *period_to;
  GPtrArray    *files;      /* the paths written */
} HlExportResult;

GQuark    hl_export_error_quark     (void);
void      hl_export_result_free     (HlExportResult        *result);
gboolean  hl_export_to_dir          (const char            *db_path,
                                     HlConfig              *config,
                                     const HlExportOptions *options,
                                     const char            *dest_dir,
                                     HlExportProgressFunc   progress,
                                     gpointer               progress_data,
                                     GCancellable          *cancellable,
                                     HlExportResult       **result,
                                     GError               **error);
void      hl_export_to_dir_async    (const char            *db_path,
                                     HlConfig              *config,
                                     const HlExportOptions *options,
                                     const char            *dest_dir,
                                     HlExportProgressFunc   progress,
                                     gpointer               progress_data,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data);
HlExportResult *hl_export_to_dir_finish (GAsyncResult      *result,
                                         GError           **error);

/* The dashboard's Export page (docs/dashboard.md): what it offers and what it says, decided here so that
 * the page only shows and forwards. */

/* A period the page offers, in the order shown. */
typedef struct {
  const char *id;     /* "new" (everything not yet exported), "today", "week", "month", "last-month", … */
  const char *label;  /* for its button: the Vietnamese source, marked N_(); shown through _() */
} HlExportChoice;

const HlExportChoice *hl_export_choices          (guint                 *n_choices);
gboolean  hl_export_choice_period   (const char            *choice,
                                     GDateTime             *now,
                                     char                 **from,
                                     char                 **to,
                                     GError               **error);
void      hl_export_choice_async    (const char            *db_path,
                                     HlConfig              *config,
                                     const char            *choice,
                                     GDateTime             *now,
                                     const char            *dest_dir,
                                     HlExportProgressFunc   progress,
                                     gpointer               progress_data,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data);
char     *hl_export_result_describe (const HlExportResult  *result);
char     *hl_export_error_describe  (const GError          *error);
char     *hl_export_drive_describe  (const HlUsbDrive      *drive);
GPtrArray *hl_export_qr_series      (const char            *db_path,
                                     const char            *day,
                                     char                 **kiosk_id,
                                     GError               **error);
char     *hl_export_qr_day          (GDateTime             *now,
                                     int                    days_back);
char     *hl_export_qr_caption      (const char            *day,
                                     guint                  index,
                                     guint                  n_parts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlExportResult, hl_export_result_free)

G_END_DECLS
