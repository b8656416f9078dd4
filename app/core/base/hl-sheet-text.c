/* hl-sheet-text.c
 *
 * A spreadsheet (Excel, LibreOffice Calc) runs a cell of a CSV file that begins with =, +, - or @ as a
 * formula, and so does a cell that begins with a tab or a carriage return followed by one of them. A
 * name typed into a kiosk configuration ("=HYPERLINK(…)", "-Ban A-") must reach the province as the
 * text it is. The usual remedy, which both programs honour, is a leading apostrophe: the cell shows the
 * text and is never evaluated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-sheet-text"

#include "config.h"

#include "hl-sheet-text.h"

/* Whether a spreadsheet would take @text for a formula. */
gboolean
hl_sheet_text_is_risky (const char *text)
{
  if (text == NULL)
    return FALSE;
  return text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

/* @text as a spreadsheet keeps it as text: with a leading apostrophe when it would run as a formula. */
char *
hl_sheet_text_safe (const char *text)
{
  if (text == NULL)
    return g_strdup ("");
  return hl_sheet_text_is_risky (text) ? g_strconcat ("'", text, NULL) : g_strdup (text);
}
