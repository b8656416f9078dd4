/* hl-paths.h: where things are when the command line does not say.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *hl_default_db_path    (void);
char *hl_default_survey_dir (void);
char *hl_default_config_path(void);
char *hl_locale_dir         (void);
char *hl_sound_dir          (void);

G_END_DECLS
