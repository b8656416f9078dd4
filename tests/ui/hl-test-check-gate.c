/* hl-test-check-gate.c: a preload module (LD_PRELOAD) that holds the kiosk's integrity check until the
 * test says, for the kiosk-startup UI test: "a rating tapped before the check finished".
 *
 * On a test's small database PRAGMA quick_check takes a millisecond, far less than a real tap needs to
 * arrive; on a kiosk's gigabytes it takes seconds to minutes. With HL_TEST_CHECK_GATE=FILE, the step of
 * a statement that is PRAGMA quick_check (not one that only names it: a migration of the schema does)
 * waits until FILE exists (at most a minute), so that the test can tap and
 * press keys while the check runs, then let it finish. Every other statement runs untouched, and the
 * check itself is SQLite's own, run in full once the gate opens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include "config.h"

#include <dlfcn.h>
#include <glib.h>
#include <sqlite3.h>

int
sqlite3_step (sqlite3_stmt *stmt)
{
  static int (*real_step) (sqlite3_stmt *) = NULL;
  const char *gate = g_getenv ("HL_TEST_CHECK_GATE");
  const char *sql = sqlite3_sql (stmt);

  if (real_step == NULL)
    real_step = (int (*) (sqlite3_stmt *)) dlsym (RTLD_NEXT, "sqlite3_step");
  if (gate != NULL && sql != NULL && g_str_has_prefix (sql, "PRAGMA quick_check"))
    for (guint i = 0; i < 3000 && !g_file_test (gate, G_FILE_TEST_EXISTS); i++)
      g_usleep (20000);
  return real_step (stmt);
}
