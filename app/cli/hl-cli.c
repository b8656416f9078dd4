/* hl-cli.c: `hailong`, the command-line tool for supervisors and the province (FORMATS.md §1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include <gio/gio.h>

#include "hl-filing-period.h"

#include "hl-cli-private.h"

typedef int (*CommandFunc) (int argc, char **argv);

/* Every error is one line on stderr, and a non-zero exit. */
int
hl_cli_fail (const char *format,
             ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("hailong: %s\n", msg);
  return 2;
}

gboolean
hl_cli_parse_options (GOptionContext  *context,
                      int             *argc,
                      char          ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      hl_cli_fail ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

char *
hl_cli_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* --period P, with --cutoff the reporting regime's data cut-off on @cutoff_day (0: the regime's 15th),
 * as the dates --from and --to would give. On bad input prints the one-line error and returns FALSE. */
gboolean
hl_cli_period_dates (const char  *command,
                     const char  *period,
                     gboolean     cutoff,
                     int          cutoff_day,
                     char       **from,
                     char       **to)
{
  HlFilingPeriod parsed;
  g_autoptr(GError) error = NULL;

  if (period == NULL)
    {
      if (cutoff || cutoff_day != 0)
        {
          hl_cli_fail ("%s: --cutoff needs --period", command);
          return FALSE;
        }
      return TRUE;
    }
  if (*from != NULL || *to != NULL)
    {
      hl_cli_fail ("%s: give either --period or --from/--to, not both", command);
      return FALSE;
    }
  if (cutoff_day < 0)
    {
      hl_cli_fail ("%s: --cutoff-day must be from %d to %d, not %d", command, HL_FILING_MIN_CUTOFF_DAY,
                   HL_FILING_MAX_CUTOFF_DAY, cutoff_day);
      return FALSE;
    }
  if (cutoff_day != 0 && !cutoff)
    {
      hl_cli_fail ("%s: --cutoff-day needs --cutoff", command);
      return FALSE;
    }
  if (!hl_filing_period_parse (period, &parsed, &error)
      || !hl_filing_period_range (&parsed, cutoff, cutoff_day != 0 ? (guint) cutoff_day
                                                                    : HL_FILING_DEFAULT_CUTOFF_DAY,
                                  from, to, &error))
    {
      hl_cli_fail ("%s: %s", command, error->message);
      return FALSE;
    }
  return TRUE;
}

static const struct {
  const char  *name;
  CommandFunc  func;
  const char  *summary;
} commands[] = {
  { "validate", hl_cli_validate, "check survey definitions and kiosk configurations" },
  { "import", hl_cli_import, "import responses from hailong-csv/1 files and export bundles" },
  { "export", hl_cli_export, "write a signed export bundle (and its reports)" },
  { "keys", hl_cli_keys, "enrol a kiosk's key from its enrolment text" },
  { "index", hl_cli_index, "satisfaction and the SIPAS-style index" },
  { "report", hl_cli_report, "the province's period report: ranking, below target, fields, trend (PDF, XLSX, CSV)" },
  { "status", hl_cli_status, "which kiosks have reported for a period, their gaps, the refused bundles" },
  { "simulate", hl_cli_simulate, "record realistic responses through the kiosk's code path" },
  { "identity", hl_cli_identity, "the kiosk's id, public key and enrolment QR code" },
  { "verify", hl_cli_verify, "check bundles (FILE...) or a kiosk's database (--db FILE)" },
  { "pin", hl_cli_pin, "reset a forgotten supervisor PIN (pin reset --db FILE)" },
};

static void
usage (FILE *to)
{
  fprintf (to, "Usage: hailong COMMAND [OPTION…]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (to, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (to, "\n'hailong COMMAND --help' tells a command's options.\n");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      usage (stderr);
      return 2;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      usage (stdout);
      return 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("hailong %s\n", PACKAGE_VERSION);
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        /* The command sees its own name as argv[0], so its --help reads "hailong index …". */
        g_autofree char *name = g_strdup_printf ("hailong %s", commands[i].name);

        g_set_prgname (name);
        argv[1] = name;
        return commands[i].func (argc - 1, argv + 1);
      }
  hl_cli_fail ("unknown command “%s”", argv[1]);
  usage (stderr);
  return 2;
}
