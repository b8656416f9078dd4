/* hl-timestamp.c: ISO 8601 with a UTC offset, parsed strictly and written as the kiosk writes it.
 *
 * GDateTime's ISO 8601 parser is not used: it accepts times without an offset (taking a default zone),
 * week and ordinal dates, and it keeps no record of the date as written, which is the response's local
 * day whatever the instant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-timestamp"

#include "config.h"

#include <string.h>

#include "hl-csv.h"
#include "hl-timestamp.h"

/* The Julian day (GDate's count, from 1 January of year 1) of 1970-01-01. */
#define UNIX_EPOCH_JULIAN 719163
/* Offsets in use run from -12:00 to +14:00; ±18:00 is the widest any system writes. */
#define MAX_OFFSET_SECONDS (18 * 3600)

/* Reads exactly @n digits. Stops at the first byte that is not one, so never reads past a NUL. */
static gboolean
read_digits (const char **p,
             int          n,
             int         *value)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *value = v;
  return TRUE;
}

static gboolean
skip_char (const char **p,
           char         c)
{
  if (**p != c)
    return FALSE;
  (*p)++;
  return TRUE;
}

/* Says what is wrong with @text, shown as messages show values; always FALSE. */
static gboolean
timestamp_problem (char       **problem,
                   const char  *text,
                   const char  *what)
{
  if (problem != NULL)
    {
      g_autofree char *shown = hl_csv_describe (text);

      *problem = g_strdup_printf ("%s %s", shown, what);
    }
  return FALSE;
}

/* Parses ISO 8601 with a UTC offset: YYYY-MM-DDTHH:MM[:SS[.f…]] followed by Z, ±HH:MM, ±HHMM or ±HH.
 * A space or a lower-case t may stand for the T, as RFC 3339 allows. The local date is the date as
 * written, whatever the offset. On failure, *problem says why. */
gboolean
hl_timestamp_parse (const char   *text,
                    HlTimestamp  *ts,
                    char        **problem)
{
  const char *p = text;
  int offset_hours = 0, offset_minutes = 0, sign = 1;
  GDate date;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (ts != NULL, FALSE);

  memset (ts, 0, sizeof *ts);
  if (!read_digits (&p, 4, &ts->year) || !skip_char (&p, '-') || !read_digits (&p, 2, &ts->month)
      || !skip_char (&p, '-') || !read_digits (&p, 2, &ts->day))
    goto syntax;
  if (*p == '\0')
    {
      return timestamp_problem (problem, text,
                                "is a date without a time and UTC offset, e.g. 2026-07-14T09:31:05+07:00");
    }
  if (*p != 'T' && *p != 't' && *p != ' ')
    goto syntax;
  p++;
  if (!read_digits (&p, 2, &ts->hour) || !skip_char (&p, ':') || !read_digits (&p, 2, &ts->minute))
    goto syntax;
  if (skip_char (&p, ':'))
    {
      if (!read_digits (&p, 2, &ts->second))
        goto syntax;
      if (*p == '.' || *p == ',')
        {
          int digits = 0;

          p++;
          while (g_ascii_isdigit (*p))
            {
              if (++digits > 9)
                goto syntax;
              ts->nsec = ts->nsec * 10 + (*p++ - '0');
            }
          if (digits == 0)
            goto syntax;
          for (; digits < 9; digits++)
            ts->nsec *= 10;
        }
    }
  if (*p == '\0')
    {
      return timestamp_problem (problem, text, "has no UTC offset: write the kiosk's, e.g. +07:00, or Z for UTC");
    }
  if (*p == 'Z' || *p == 'z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      sign = *p++ == '-' ? -1 : 1;
      if (!read_digits (&p, 2, &offset_hours))
        goto syntax;
      if (skip_char (&p, ':'))
        {
          if (!read_digits (&p, 2, &offset_minutes))
            goto syntax;
        }
      else if (g_ascii_isdigit (*p) && !read_digits (&p, 2, &offset_minutes))
        goto syntax;
    }
  else
    goto syntax;
  if (*p != '\0')
    goto syntax;

  if (ts->year < 1 || !g_date_valid_dmy (ts->day, ts->month, ts->year))
    {
      return timestamp_problem (problem, text, "is not a real date");
    }
  if (ts->hour > 23 || ts->minute > 59 || ts->second > 59)
    {
      return timestamp_problem (problem, text, "is not a real time of day");
    }
  ts->offset = sign * (offset_hours * 3600 + offset_minutes * 60);
  if (offset_minutes > 59 || ABS (ts->offset) > MAX_OFFSET_SECONDS)
    {
      return timestamp_problem (problem, text, "has an impossible UTC offset");
    }

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, ts->day, ts->month, ts->year);
  ts->utc = ((gint64) g_date_get_julian (&date) - UNIX_EPOCH_JULIAN) * 86400
            + ts->hour * 3600 + ts->minute * 60 + ts->second - ts->offset;
  return TRUE;

syntax:
  return timestamp_problem (problem, text,
                            "is not a date and time with a UTC offset, e.g. 2026-07-14T09:31:05+07:00");
}

/* @value (0 ≤ value < 10^width) in exactly @width decimal digits; returns the end. */
static char *
put_digits (char *p,
            int   value,
            int   width)
{
  for (int i = width - 1; i >= 0; i--, value /= 10)
    p[i] = (char) ('0' + value % 10);
  return p + width;
}

static char *
put_date (char              *p,
          const HlTimestamp *ts)
{
  p = put_digits (p, ts->year, 4);
  *p++ = '-';
  p = put_digits (p, ts->month % 100, 2);
  *p++ = '-';
  return put_digits (p, ts->day % 100, 2);
}

/* The form the kiosk writes, so that imported and recorded responses read alike: seconds always, the
 * fraction only when there is one, and the offset as ±HH:MM (+00:00 for Z). @buf holds
 * HL_TIMESTAMP_MAX_LEN bytes. */
void
hl_timestamp_format (const HlTimestamp *ts,
                     char              *buf)
{
  int offset = ABS (ts->offset) / 60;
  char *p;

  /* Written digit by digit rather than with g_snprintf: an import formats one per response, and
   * printf's parsing of the format was 6 % of an import's instructions (callgrind). */
  if (ts->year < 0 || ts->year > 9999)
    {
      char fraction[11] = "";

      if (ts->nsec > 0)
        {
          int end;

          g_snprintf (fraction, sizeof fraction, ".%09d", (int) ts->nsec);
          for (end = 9; fraction[end] == '0'; end--)
            fraction[end] = '\0';
        }
      g_snprintf (buf, HL_TIMESTAMP_MAX_LEN, "%04d-%02d-%02dT%02d:%02d:%02d%s%c%02d:%02d",
                  ts->year, ts->month, ts->day, ts->hour, ts->minute, ts->second, fraction,
                  ts->offset < 0 ? '-' : '+', offset / 60, offset % 60);
      return;
    }
  p = put_date (buf, ts);
  *p++ = 'T';
  p = put_digits (p, ts->hour, 2);
  *p++ = ':';
  p = put_digits (p, ts->minute, 2);
  *p++ = ':';
  p = put_digits (p, ts->second, 2);
  if (ts->nsec > 0)
    {
      int digits = 9, nsec = (int) ts->nsec;

      while (nsec % 10 == 0)
        nsec /= 10, digits--;
      *p++ = '.';
      p = put_digits (p, nsec, digits);
    }
  *p++ = ts->offset < 0 ? '-' : '+';
  p = put_digits (p, offset / 60 % 100, 2);
  *p++ = ':';
  p = put_digits (p, offset % 60, 2);
  *p = '\0';
}

/* The local date, YYYY-MM-DD: @buf holds 11 bytes. */
void
hl_timestamp_format_day (const HlTimestamp *ts,
                         char              *buf)
{
  if (ts->year < 0 || ts->year > 9999)
    g_snprintf (buf, 11, "%04d-%02d-%02d", ts->year, ts->month, ts->day);
  else
    *put_date (buf, ts) = '\0';
}

/* The same instant, written with the same offset: what two rows of one response must agree on. */
gboolean
hl_timestamp_equal (const HlTimestamp *a,
                    const HlTimestamp *b)
{
  return a->utc == b->utc && a->nsec == b->nsec && a->offset == b->offset;
}

/* The time written at @offset for the instant @utc (+ @nsec): the inverse of hl_timestamp_parse(). */
void
hl_timestamp_from_instant (HlTimestamp *ts,
                           gint64       utc,
                           gint32       nsec,
                           gint32       offset)
{
  gint64 local = utc + offset;
  gint64 days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  gint64 second = local - days * 86400;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (days + UNIX_EPOCH_JULIAN));
  ts->year = g_date_get_year (&date);
  ts->month = g_date_get_month (&date);
  ts->day = g_date_get_day (&date);
  ts->hour = (int) (second / 3600);
  ts->minute = (int) (second / 60 % 60);
  ts->second = (int) (second % 60);
  ts->nsec = nsec;
  ts->offset = offset;
  ts->utc = utc;
}
