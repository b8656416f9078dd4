/* hl-bench-timers.c: a preload module (LD_PRELOAD) that makes the kiosk's short second-timers run in
 * milliseconds, for the `bench rss` and `bench tap-p95` runs.
 *
 * The thank-you page stays at least a second (thanks_timeout ≥ 1), so 10,000 responses through the real
 * kiosk would take hours. With HL_BENCH_SECOND_MS=N, a timer of S seconds (S < 60: the thank-you and
 * follow-up pages, the out-of-service retry) fires after S·N milliseconds instead; longer ones (the
 * hourly backup check) are left alone. Nothing that is measured runs inside such a timer: the tap is
 * timed from the press to the thank-you page's first frame, and memory after the pages came and went.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#define LONG_TIMER_SECONDS 60

static guint
scaled_ms (guint seconds)
{
  static guint second_ms = 0;

  if (second_ms == 0)
    {
      const char *value = g_getenv ("HL_BENCH_SECOND_MS");
      guint64 ms = value ? g_ascii_strtoull (value, NULL, 10) : 0;

      second_ms = ms > 0 && ms <= 1000 ? (guint) ms : 1000;
    }
  return seconds < LONG_TIMER_SECONDS ? seconds * second_ms : seconds * 1000;
}

guint
g_timeout_add_seconds_full (gint           priority,
                            guint          interval,
                            GSourceFunc    function,
                            gpointer       data,
                            GDestroyNotify notify)
{
  return g_timeout_add_full (priority, scaled_ms (interval), function, data, notify);
}

guint
g_timeout_add_seconds (guint       interval,
                       GSourceFunc function,
                       gpointer    data)
{
  return g_timeout_add_full (G_PRIORITY_DEFAULT, scaled_ms (interval), function, data, NULL);
}
