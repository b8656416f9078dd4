/* hl-timestamp.h: ISO 8601 times with a UTC offset, as hailong-csv/1's recorded_at (FORMATS.md §3).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A time as written: the local date and time, and the offset that makes it an instant. */
typedef struct {
  int     year, month, day, hour, minute, second;
  gint32  nsec;       /* the fraction of the second, in nanoseconds */
  gint32  offset;     /* seconds east of UTC */
  gint64  utc;        /* the instant, Unix seconds (the fraction dropped) */
} HlTimestamp;

/* "YYYY-MM-DDTHH:MM:SS.fffffffff+HH:MM" and its NUL */
#define HL_TIMESTAMP_MAX_LEN 36

gboolean  hl_timestamp_parse         (const char         *text,
                                      HlTimestamp        *timestamp,
                                      char              **problem);
void      hl_timestamp_from_instant  (HlTimestamp        *timestamp,
                                      gint64              utc,
                                      gint32              nsec,
                                      gint32              offset);
gboolean  hl_timestamp_equal         (const HlTimestamp  *a,
                                      const HlTimestamp  *b);
void      hl_timestamp_format        (const HlTimestamp  *timestamp,
                                      char               *buf);
void      hl_timestamp_format_day    (const HlTimestamp  *timestamp,
                                      char               *buf);

G_END_DECLS
