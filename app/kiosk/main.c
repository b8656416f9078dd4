/* main.c: hailong-kiosk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-main"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "hl-application.h"
#include "hl-paths.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(HlApplication) app = NULL;
  g_autofree char *locale_dir = hl_locale_dir ();
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = hl_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  return status != 0 ? status : hl_application_get_exit_status (app);
}
