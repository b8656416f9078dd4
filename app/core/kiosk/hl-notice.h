/* hl-notice.h: notices for the supervisor, such as a database restored from a backup or a kiosk out of
 * service and why. The citizen's screen never shows them: they name files and technical reasons, and a
 * citizen can do nothing about them. HlKiosk keeps them, in order, and logs each one; the supervisor's
 * dashboard shows them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-backup.h"

G_BEGIN_DECLS

typedef struct {
  GDateTime *at;    /* when it was noted, the kiosk's local time */
  char      *text;  /* for the supervisor, in Vietnamese; may name files and give a technical reason */
} HlNotice;

HlNotice *hl_notice_new               (GDateTime        *at,
                                       const char       *text);
void      hl_notice_free              (HlNotice         *notice);
void      hl_notice_log               (const HlNotice   *notice,
                                       const char       *kiosk_id);
char     *hl_notice_text_for_recovery (const HlRecovery *recovery);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlNotice, hl_notice_free)

G_END_DECLS
