/* hl-index-private.h: what the report layer's files share, and nobody outside it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A percentage rounded to 2 decimals, as every format prints it (FORMATS.md §4). */
double  hl_index_round2  (double x);

G_END_DECLS
