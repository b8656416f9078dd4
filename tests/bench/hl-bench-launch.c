/* hl-bench-launch.c: `hl-bench-launch TRACE COMMAND [ARG…]`, the start of `bench startup`.
 *
 * Appends "start <monotonic µs>" to TRACE and then becomes COMMAND (exec keeps the process id). The
 * program, run with HAILONG_TRACE_FILE=TRACE, adds "first-frame <monotonic µs>" once it has painted,
 * so that the trace holds both ends of its start-up on one clock (CLOCK_MONOTONIC, which is also
 * g_get_monotonic_time()'s).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int
main (int    argc,
      char **argv)
{
  struct timespec now;
  FILE *trace;

  if (argc < 3)
    {
      fprintf (stderr, "usage: hl-bench-launch TRACE COMMAND [ARG…]\n");
      return 2;
    }
  trace = fopen (argv[1], "a");
  if (trace == NULL)
    {
      fprintf (stderr, "hl-bench-launch: %s: %s\n", argv[1], strerror (errno));
      return 2;
    }
  clock_gettime (CLOCK_MONOTONIC, &now);
  fprintf (trace, "start %lld\n", (long long) now.tv_sec * 1000000 + now.tv_nsec / 1000);
  fclose (trace);
  execvp (argv[2], argv + 2);
  fprintf (stderr, "hl-bench-launch: %s: %s\n", argv[2], strerror (errno));
  return 127;
}
