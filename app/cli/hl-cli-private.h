/* hl-cli-private.h: what the commands of `hailong` share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-bundle.h"
#include "hl-store.h"

G_BEGIN_DECLS

/* Each command: argv[0] is "hailong COMMAND"; returns the process's exit code. */
int       hl_cli_validate  (int argc, char **argv);
int       hl_cli_import    (int argc, char **argv);
int       hl_cli_index     (int argc, char **argv);
int       hl_cli_report    (int argc, char **argv);
int       hl_cli_simulate  (int argc, char **argv);
int       hl_cli_verify    (int argc, char **argv);
int       hl_cli_identity  (int argc, char **argv);
int       hl_cli_pin       (int argc, char **argv);
int       hl_cli_export    (int argc, char **argv);
int       hl_cli_keys      (int argc, char **argv);
int       hl_cli_status    (int argc, char **argv);

int       hl_cli_fail          (const char  *format,
                                ...) G_GNUC_PRINTF (1, 2);
gboolean  hl_cli_parse_options (GOptionContext *context,
                                int            *argc,
                                char         ***argv);
char     *hl_cli_today         (void);
gboolean  hl_cli_period_dates  (const char  *command,
                                const char  *period,
                                gboolean     cutoff,
                                int          cutoff_day,
                                char       **from,
                                char       **to);
void      hl_cli_print_bundle  (const char      *path,
                                HlBundleInfo    *info);

G_END_DECLS
