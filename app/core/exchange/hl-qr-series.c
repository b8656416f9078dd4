/* hl-qr-series.c
 *
 * A series of QR codes carries one kiosk's rollups of one day (hailong-qr/1, docs/bundle-format.md). The
 * day's rows are written as one payload of records separated by '/':
 *
 *   v1                                          the payload's version, always first
 *   G,UNIT,COUNTER,OFFICER,PROCEDURE,FIELD,SURVEY,VERSION   the key combination of the records after it
 *   n,QUESTION,VALUE,N                          a rollup row (QUESTION empty: counted responses)
 *   b,QUESTION,VALUE,N                          the same, of the responses flagged as bursts
 *
 * each field percent-escaped (RFC 3986: only letters, digits and -._~ stay as they are). The payload is cut
 * into parts of at most PART_BYTES, never inside an escape, and each part is one line of text:
 *
 *   HLQ1 KIOSK DAY I/N SERIES CHUNK SIGNATURE
 *
 * SERIES is the first 16 hex digits of the payload's SHA-256, which the joined parts must give again, and
 * SIGNATURE the base64 Ed25519 signature by the kiosk's key of everything before it on the line, so that
 * each code is checked alone: a changed digit or a code of another kiosk is refused by its signature, a
 * missing code by its number.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-qr"

#include "config.h"

#include <stdio.h>

#include "hl-identity.h"
#include "hl-index.h"
#include "hl-qr.h"
#include "hl-qr-series.h"
#include "hl-store-export.h"
#include "hl-survey.h"

G_DEFINE_QUARK (hl-qr-series-error-quark, hl_qr_series_error)

#define MAGIC "HLQ1"
/* About 650 bytes a code with its header and signature: QR version 17 or so at level M, which a phone
 * reads off a kiosk's screen at arm's length. */
#define PART_BYTES 480
#define PNG_SIZE 720

void
hl_qr_series_day_free (HlQrSeriesDay *day)
{
  if (day == NULL)
    return;
  g_free (day->kiosk_id);
  g_free (day->day);
  g_free (day);
}

typedef struct {
  const char *kiosk_id;
  GString    *payload;
  char       *group;     /* the key combination last written */
  gboolean    bursts;
} Writer;

static void
append_escaped (GString    *out,
                const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value ? value : "", NULL, FALSE);

  g_string_append (out, escaped);
}

static void
add_row_cb (const HlCountRow *row,
            gpointer          user_data)
{
  Writer *w = user_data;
  g_autoptr(GString) group = g_string_new ("G");
  const char *keys[] = { row->unit, row->counter, row->officer, row->procedure, row->field, row->survey_id };

  if (g_strcmp0 (row->kiosk_id, w->kiosk_id) != 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_string_append_c (group, ',');
      append_escaped (group, keys[i]);
    }
  g_string_append_printf (group, ",%d", row->survey_version);
  if (g_strcmp0 (group->str, w->group) != 0)
    {
      g_string_append_printf (w->payload, "/%s", group->str);
      g_free (w->group);
      w->group = g_strdup (group->str);
    }
  g_string_append_printf (w->payload, "/%c,", w->bursts ? 'b' : 'n');
  append_escaped (w->payload, row->question_id);
  g_string_append_printf (w->payload, ",%d,%" G_GINT64_FORMAT, row->value, row->n);
}

/* The texts of the series of @day (YYYY-MM-DD) of the kiosk @identity, in order. */
GPtrArray *
hl_qr_series_make (HlStore     *store,
                   HlIdentity  *identity,
                   const char  *day,
                   GError     **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) payload = g_string_new ("v1");
  Writer w = { hl_identity_get_kiosk_id (identity), payload, NULL, FALSE };
  g_autofree char *digest = NULL;
  gsize pos = 0;
  guint n_parts = 0, part = 0;
  gsize cuts[1024];

  if (!hl_store_foreach_count (store, day, day, add_row_cb, &w, error))
    return NULL;
  g_clear_pointer (&w.group, g_free);
  w.bursts = TRUE;
  if (!hl_store_foreach_burst_count (store, day, day, add_row_cb, &w, error))
    return NULL;
  g_clear_pointer (&w.group, g_free);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, payload->str, payload->len);

  /* Where each part ends: at most PART_BYTES, and never within a %XX. */
  while (pos < payload->len && n_parts < G_N_ELEMENTS (cuts))
    {
      gsize end = MIN (pos + PART_BYTES, payload->len);

      if (end < payload->len)
        {
          if (payload->str[end - 1] == '%')
            end -= 1;
          else if (payload->str[end - 2] == '%')
            end -= 2;
        }
      cuts[n_parts++] = end;
      pos = end;
    }
  if (pos < payload->len)
    {
      g_set_error (error, HL_QR_SERIES_ERROR, HL_QR_SERIES_ERROR_SYNTAX,
                   "%s: the day's figures need more than %zu QR codes; export a bundle instead", day,
                   G_N_ELEMENTS (cuts));
      return NULL;
    }
  pos = 0;
  for (part = 0; part < n_parts; part++)
    {
      g_autofree char *body = g_strdup_printf ("%s %s %s %u/%u %.16s %.*s", MAGIC, hl_identity_get_kiosk_id (identity),
                                               day, part + 1, n_parts, digest, (int) (cuts[part] - pos),
                                               payload->str + pos);
      g_autofree char *sig_hex = hl_identity_sign_hex (identity, (const guint8 *) body, strlen (body));
      guint8 sig[64];
      g_autofree char *sig64 = NULL;

      for (int i = 0; i < 64; i++)
        sig[i] = g_ascii_xdigit_value (sig_hex[2 * i]) << 4 | g_ascii_xdigit_value (sig_hex[2 * i + 1]);
      sig64 = g_base64_encode (sig, sizeof sig);
      g_ptr_array_add (texts, g_strdup_printf ("%s %s", body, sig64));
      pos = cuts[part];
    }
  return g_steal_pointer (&texts);
}

/* Writes each text as a PNG in @dir: hailong-KIOSK-DAY-qr-I-of-N.png. Returns the paths. */
GPtrArray *
hl_qr_series_write_pngs (GPtrArray   *texts,
                         const char  *dir,
                         const char  *kiosk_id,
                         const char  *day,
                         GError     **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < texts->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("hailong-%s-%s-qr-%u-of-%u.png", kiosk_id, day, i + 1, texts->len);
      char *path = g_build_filename (dir, name, NULL);

      g_ptr_array_add (paths, path);
      if (!hl_qr_write_png (g_ptr_array_index (texts, i), PNG_SIZE, path, error))
        return NULL;
    }
  return g_steal_pointer (&paths);
}

/* One scanned code. */
typedef struct {
  guint64  line;
  char    *kiosk_id;
  char    *day;
  guint    part;
  guint    n_parts;
  char    *series;
  char    *chunk;
  char    *body;    /* what the signature covers */
  char    *sig_hex;
} Part;

static void
part_free (gpointer data)
{
  Part *p = data;

  g_free (p->kiosk_id);
  g_free (p->day);
  g_free (p->series);
  g_free (p->chunk);
  g_free (p->body);
  g_free (p->sig_hex);
  g_free (p);
}

static Part *
parse_part (const char  *line,
            guint64      number,
            const char  *name,
            GError     **error)
{
  g_auto(GStrv) f = g_strsplit (line, " ", -1);
  Part *p;
  guint i = 0, n = 0;
  char extra;
  gsize sig_len = 0;
  g_autofree guint8 *sig = NULL;
  GString *hex;

  if (g_strv_length (f) != 7 || !g_str_equal (f[0], MAGIC)
      || sscanf (f[3], "%u/%u%c", &i, &n, &extra) != 2 || i < 1 || i > n || strlen (f[4]) != 16
      || !hl_index_check_date (f[2], NULL))
    {
      g_set_error (error, HL_QR_SERIES_ERROR, HL_QR_SERIES_ERROR_SYNTAX,
                   "%s:%" G_GUINT64_FORMAT ": not a code of a Hài Lòng QR series (" MAGIC " KIOSK DAY I/N …)", name,
                   number);
      return NULL;
    }
  sig = g_base64_decode (f[6], &sig_len);
  p = g_new0 (Part, 1);
  p->line = number;
  p->kiosk_id = g_strdup (f[1]);
  p->day = g_strdup (f[2]);
  p->part = i;
  p->n_parts = n;
  p->series = g_strdup (f[4]);
  p->chunk = g_strdup (f[5]);
  p->body = g_strndup (line, strlen (line) - strlen (f[6]) - 1);
  hex = g_string_new (NULL);
  for (gsize k = 0; k < sig_len; k++)
    g_string_append_printf (hex, "%02x", sig[k]);
  p->sig_hex = g_string_free (hex, FALSE);
  return p;
}

static char *
unescape (const char *text)
{
  return g_uri_unescape_string (text, NULL);
}

typedef struct {
  GArray       *counts;   /* HlCountRow */
  GArray       *bursts;
  GStringChunk *strings;
} Rows;

/* Reads the joined payload into rows; FALSE when it is not one. */
static gboolean
parse_payload (const char *payload,
               Rows       *rows)
{
  g_auto(GStrv) records = g_strsplit (payload, "/", -1);
  HlCountRow group = { 0 };
  gboolean have_group = FALSE;

  if (records[0] == NULL || !g_str_equal (records[0], "v1"))
    return FALSE;
  for (guint r = 1; records[r] != NULL; r++)
    {
      g_auto(GStrv) f = g_strsplit (records[r], ",", -1);
      guint n = g_strv_length (f);
      char *end = NULL;

      if (n == 8 && g_str_equal (f[0], "G"))
        {
          const char **keys[] = { &group.unit, &group.counter, &group.officer, &group.procedure, &group.field,
                                  &group.survey_id };

          for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
            {
              g_autofree char *value = unescape (f[k + 1]);

              if (value == NULL)
                return FALSE;
              *keys[k] = *value ? g_string_chunk_insert_const (rows->strings, value) : NULL;
            }
          group.survey_version = (int) g_ascii_strtoll (f[7], &end, 10);
          if (end == f[7] || *end != '\0' || group.unit == NULL || group.counter == NULL || group.survey_id == NULL)
            return FALSE;
          have_group = TRUE;
        }
      else if (n == 4 && have_group && (g_str_equal (f[0], "n") || g_str_equal (f[0], "b")))
        {
          HlCountRow row = group;
          g_autofree char *question = unescape (f[1]);
          char *end2 = NULL;

          if (question == NULL)
            return FALSE;
          row.question_id = g_string_chunk_insert_const (rows->strings, question);
          row.value = (int) g_ascii_strtoll (f[2], &end, 10);
          if (end == f[2] || *end != '\0')
            return FALSE;
          row.n = g_ascii_strtoll (f[3], &end2, 10);
          if (end2 == f[3] || *end2 != '\0' || row.n < 0)
            return FALSE;
          g_array_append_val (f[0][0] == 'n' ? rows->counts : rows->bursts, row);
        }
      else
        return FALSE;
    }
  return TRUE;
}

/* A survey the rows name, from @survey_dir when the store lacks it. */
static gboolean
ensure_survey (HlStore     *store,
               const char  *id,
               int          version,
               const char  *survey_dir,
               GError     **error)
{
  g_autoptr(HlSurvey) held = hl_store_load_survey (store, id, version, NULL);
  g_autoptr(HlSurvey) found = NULL;

  if (held != NULL)
    return TRUE;
  found = hl_survey_find (survey_dir, id, version, error);
  return found != NULL && hl_store_save_survey (store, found, error);
}

static gboolean
import_series (HlStore     *store,
               GPtrArray   *parts,   /* Part*, one series, sorted by part */
               const char  *name,
               const char  *survey_dir,
               gint64      *responses,
               GError     **error)
{
  Part *first = g_ptr_array_index (parts, 0);
  g_autofree char *key = NULL;
  g_autoptr(GString) payload = g_string_new (NULL);
  g_autofree char *digest = NULL;
  Rows rows = { g_array_new (FALSE, FALSE, sizeof (HlCountRow)), g_array_new (FALSE, FALSE, sizeof (HlCountRow)),
                g_string_chunk_new (1024) };
  gboolean ok = FALSE;
  g_autoptr(GError) local = NULL;

  key = hl_store_get_kiosk_key (store, first->kiosk_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      goto out;
    }
  if (key == NULL)
    {
      g_set_error (error, HL_QR_SERIES_ERROR, HL_QR_SERIES_ERROR_UNKNOWN_KEY,
                   "%s:%" G_GUINT64_FORMAT ": kiosk %s is not enrolled; enrol it with `hailong keys add TEXT` first",
                   name, first->line, first->kiosk_id);
      goto out;
    }
  for (guint i = 0; i < parts->len; i++)
    {
      Part *p = g_ptr_array_index (parts, i);

      if (!hl_identity_verify_hex (key, p->sig_hex, (const guint8 *) p->body, strlen (p->body)))
        {
          g_set_error (error, HL_QR_SERIES_ERROR, HL_QR_SERIES_ERROR_SIGNATURE,
                       "%s:%" G_GUINT64_FORMAT ": code %u of %u of kiosk %s for %s is not signed by the kiosk's "
                       "enrolled key (a foreign code, or a character of it changed)", name, p->line, p->part,
                       p->n_parts, p->kiosk_id, p->day);
          goto out;
        }
      g_string_append (payload, p->chunk);
    }
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, payload->str, payload->len);
  if (strncmp (digest, first->series, 16) != 0 || !parse_payload (payload->str, &rows))
    {
      g_set_error (error, HL_QR_SERIES_ERROR, HL_QR_SERIES_ERROR_DIGEST,
                   "%s: the %u codes of kiosk %s for %s do not join into the series they name", name, parts->len,
                   first->kiosk_id, first->day);
      goto out;
    }
  ok = TRUE;
  for (guint i = 0; ok && i < rows.counts->len; i++)
    {
      HlCountRow *r = &g_array_index (rows.counts, HlCountRow, i);

      ok = ensure_survey (store, r->survey_id, r->survey_version, survey_dir, error);
      if (*r->question_id == '\0')
        *responses += r->n;
    }
  ok = ok && hl_store_replace_day_counts (store, first->kiosk_id, first->day, (HlCountRow *) rows.counts->data,
                                          rows.counts->len, (HlCountRow *) rows.bursts->data, rows.bursts->len, error);
out:
  g_array_unref (rows.counts);
  g_array_unref (rows.bursts);
  g_string_chunk_free (rows.strings);
  return ok;
}

static int
compare_parts (gconstpointer a,
               gconstpointer b)
{
  const Part *pa = *(const Part **) a, *pb = *(const Part **) b;

  return (pa->part > pb->part) - (pa->part < pb->part);
}

/* Imports the decoded texts of one or more series, one per line in any order (a scanner's "QR-Code:"
 * in front is allowed), all or nothing: every series must be complete, each code signed by its kiosk's
 * enrolled key. Returns what each series held. */
GPtrArray *
hl_qr_series_import (HlStore     *store,
                     const char  *text,
                     const char  *name,
                     const char  *survey_dir,
                     GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GHashTable) series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_qr_series_day_free);
  g_autoptr(GList) keys = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      Part *p;
      GPtrArray *group;
      g_autofree char *key = NULL;

      if (g_str_has_prefix (line, "QR-Code:"))
        line += strlen ("QR-Code:");
      if (*line == '\0')
        continue;
      p = parse_part (line, i + 1, name, error);
      if (p == NULL)
        return NULL;
      key = g_strdup_printf ("%s %s %s", p->kiosk_id, p->day, p->series);
      group = g_hash_table_lookup (series, key);
      if (group == NULL)
        {
          group = g_ptr_array_new_with_free_func (part_free);
          g_hash_table_insert (series, g_strdup (key), group);
        }
      g_ptr_array_add (group, p);
    }
  if (g_hash_table_size (series) == 0)
    {
      g_set_error (error, HL_QR_SERIES_ERROR, HL_QR_SERIES_ERROR_SYNTAX, "%s: no QR code texts in it", name);
      return NULL;
    }

  /* Complete: parts 1..N each once (a code scanned twice is one code). */
  keys = g_hash_table_get_keys (series);
  keys = g_list_sort (keys, (GCompareFunc) strcmp);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      GPtrArray *group = g_hash_table_lookup (series, l->data);
      Part *first;
      guint expected = 1;

      g_ptr_array_sort (group, compare_parts);
      first = g_ptr_array_index (group, 0);
      for (guint i = 0; i < group->len; i++)
        {
          Part *p = g_ptr_array_index (group, i);

          if (p->n_parts != first->n_parts)
            {
              g_set_error (error, HL_QR_SERIES_ERROR, HL_QR_SERIES_ERROR_DIGEST,
                           "%s:%" G_GUINT64_FORMAT ": code of %u parts among codes of %u of the same series", name,
                           p->line, p->n_parts, first->n_parts);
              return NULL;
            }
          if (p->part < expected)
            {
              Part *same = g_ptr_array_index (group, i - 1);

              if (!g_str_equal (same->body, p->body))
                {
                  g_set_error (error, HL_QR_SERIES_ERROR, HL_QR_SERIES_ERROR_DIGEST,
                               "%s:%" G_GUINT64_FORMAT ": code %u of %u differs from line %" G_GUINT64_FORMAT
                               " of the same number", name, p->line, p->part, p->n_parts, same->line);
                  return NULL;
                }
              g_ptr_array_remove_index (group, i--);
              continue;
            }
          if (p->part > expected)
            break;
          expected++;
        }
      if (expected != first->n_parts + 1)
        {
          g_set_error (error, HL_QR_SERIES_ERROR, HL_QR_SERIES_ERROR_MISSING,
                       "%s: code %u of %u of kiosk %s for %s is missing; scan it and import all %u again", name,
                       expected, first->n_parts, first->kiosk_id, first->day, first->n_parts);
          return NULL;
        }
    }

  if (!hl_store_begin (store, error))
    return NULL;
  for (GList *l = keys; l != NULL; l = l->next)
    {
      GPtrArray *group = g_hash_table_lookup (series, l->data);
      Part *first = g_ptr_array_index (group, 0);
      HlQrSeriesDay *day;
      gint64 responses = 0;

      if (!import_series (store, group, name, survey_dir, &responses, error))
        {
          hl_store_rollback (store);
          return NULL;
        }
      day = g_new0 (HlQrSeriesDay, 1);
      day->kiosk_id = g_strdup (first->kiosk_id);
      day->day = g_strdup (first->day);
      day->parts = group->len;
      day->responses = responses;
      g_ptr_array_add (days, day);
    }
  if (!hl_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&days);
}
