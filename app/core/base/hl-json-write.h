/* hl-json-write.h: JSON text with numbers as people write them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char *hl_json_to_text (JsonNode *root);

G_END_DECLS
