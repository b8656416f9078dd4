/* hl-sheet-text.h: text for spreadsheets that stays text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean hl_sheet_text_is_risky (const char *text);
char    *hl_sheet_text_safe     (const char *text);

G_END_DECLS
