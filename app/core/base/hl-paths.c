/* hl-paths.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-paths"

#include "config.h"

#include "hl-paths.h"

/* The kiosk's database lives in the user's data directory (~/.local/share/hailong/kiosk.db). */
char *
hl_default_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "hailong", "kiosk.db", NULL);
}

/* $HAILONG_SURVEY_DIR, else the installed definitions, else (running from a build tree) the source's. */
char *
hl_default_survey_dir (void)
{
  const char *env = g_getenv ("HAILONG_SURVEY_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (g_file_test (HL_SURVEY_DIR, G_FILE_TEST_IS_DIR))
    return g_strdup (HL_SURVEY_DIR);
  return g_strdup (HL_SOURCE_SURVEY_DIR);
}

/* $ENV, else (a program run from the build tree, as the tests and `make run` do) what the build made in
 * BUILT, else what is installed in INSTALLED. Decided on the running program's own path, so that an
 * older installed copy never shadows the build's files. */
static char *
built_or_installed (const char *env,
                    const char *built,
                    const char *installed)
{
  const char *value = g_getenv (env);
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (value != NULL && *value != '\0')
    return g_strdup (value);
  if (exe != NULL && g_str_has_prefix (exe, HL_BUILD_ROOT G_DIR_SEPARATOR_S))
    return g_strdup (built);
  return g_strdup (installed);
}

/* Where the message catalogues are (LANG/LC_MESSAGES/hailong.mo). */
char *
hl_locale_dir (void)
{
  return built_or_installed ("HAILONG_LOCALEDIR", HL_BUILD_LOCALEDIR, LOCALEDIR);
}

/* Where the kiosk's sounds are (data/sounds/). */
char *
hl_sound_dir (void)
{
  return built_or_installed ("HAILONG_SOUND_DIR", HL_BUILD_SOUND_DIR, HL_SOUND_DIR);
}

/* The demo configuration, installed or in the source tree. */
char *
hl_default_config_path (void)
{
  if (g_file_test (HL_DEMO_CONFIG, G_FILE_TEST_EXISTS))
    return g_strdup (HL_DEMO_CONFIG);
  return g_strdup (HL_SOURCE_DEMO_CONFIG);
}
