/* hl-usb.h: removable drives, and writing files to one so that what is there is either whole and checked
 * or clearly unfinished.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HL_USB_ERROR (hl_usb_error_quark ())

/* Each error's message is first a sentence in Vietnamese for the supervisor, then, in brackets, the
 * technical detail in English for the logs (hl_usb_error_summary() gives the first part alone). */
typedef enum {
  HL_USB_ERROR_NOT_FOUND,  /* the folder is not there (no stick, or it was unmounted) */
  HL_USB_ERROR_FULL,       /* not enough free space */
  HL_USB_ERROR_READ_ONLY,  /* mounted read-only, or write-protected */
  HL_USB_ERROR_GONE,       /* an I/O error: pulled out mid-write, or failing */
  HL_USB_ERROR_MISMATCH,   /* what was read back differs from what was written */
  HL_USB_ERROR_CHECK,      /* the caller's check of the written file failed */
  HL_USB_ERROR_CANCELLED,
  HL_USB_ERROR_FAILED,
} HlUsbError;

typedef struct {
  char     *name;       /* as the system names it ("KINGSTON", "16 GB Volume") */
  char     *path;       /* where it is mounted */
  gboolean  can_eject;
  gboolean  removable;  /* its drive says its media can be removed */
} HlUsbDrive;

/* Progress of a write: @done of @total bytes, while writing @file (its final name). Called in the thread
 * that writes. */
typedef void     (*HlProgressFunc) (guint64     done,
                                    guint64     total,
                                    const char *file,
                                    gpointer    user_data);

/* A check of a file as it was read back from the drive (a bundle's signature and chain). */
typedef gboolean (*HlCheckFunc)    (const char  *path,
                                    gpointer     user_data,
                                    GError     **error);

GQuark      hl_usb_error_quark    (void);
GPtrArray  *hl_usb_list_drives    (void);
void        hl_usb_drive_free     (HlUsbDrive          *drive);
char       *hl_usb_error_summary  (const GError        *error);
gboolean    hl_usb_write_files    (const char          *dest_dir,
                                   const char *const   *sources,
                                   HlCheckFunc          check,
                                   gpointer             check_data,
                                   HlProgressFunc       progress,
                                   gpointer             progress_data,
                                   GCancellable        *cancellable,
                                   GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlUsbDrive, hl_usb_drive_free)

G_END_DECLS
