/* hl-import.c: importing hailong-csv/1 files (FORMATS.md §3), all or nothing.
 *
 * One file is one store transaction. The rows are read once, in order, and each is checked as it comes:
 * in itself (codes, the date, the survey, the question, the value), against the earlier rows of the same
 * response, and against the database when the response was stored before. The first bad row stops the
 * import, the transaction is rolled back and the error names that row's line, so that nothing changes
 * and the first bad line is the one reported.
 *
 * Rows of one response may be scattered through the file. What a later row must be checked against is
 * kept in memory per response, not per row: its key, its attributes (the unit, counter, officer,
 * procedure and field as one interned tuple, which a handful of distinct values share), its time, its
 * survey, and one bit per (question, option) of the survey for the answers given so far, which is enough
 * to refuse a rating answered twice or an option given twice. That is about 100 bytes per response,
 * whatever its number of answers, and nothing is kept of the rows themselves: a run of consecutive rows
 * of a response is written to the database as soon as the next response begins.
 *
 * A response stored before (the same kiosk and response id) is not added again: each of its rows must
 * match the stored one, and at the end of the file the answers given must be exactly the stored answers.
 * So importing the same file twice changes nothing, and importing a changed one says where it differs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-import"

#include "config.h"

#include <string.h>

#include "hl-import.h"
#include "hl-json-util.h"
#include "hl-store-import.h"
#include "hl-survey.h"
#include "hl-timestamp.h"

G_DEFINE_QUARK (hl-import-error-quark, hl_import_error)

enum {
  COL_RESPONSE_ID,
  COL_KIOSK_ID,
  COL_RECORDED_AT,
  COL_UNIT,
  COL_COUNTER,
  COL_OFFICER,
  COL_PROCEDURE,
  COL_FIELD,
  COL_SURVEY_ID,
  COL_SURVEY_VERSION,
  COL_QUESTION_ID,
  COL_VALUE,
  N_COLUMNS
};

/* Officer, procedure and field may be unknown (empty), so their columns may also be left out. */
static const HlCsvColumn csv_columns[N_COLUMNS] = {
  [COL_RESPONSE_ID] = { "response_id", TRUE },
  [COL_KIOSK_ID] = { "kiosk_id", TRUE },
  [COL_RECORDED_AT] = { "recorded_at", TRUE },
  [COL_UNIT] = { "unit", TRUE },
  [COL_COUNTER] = { "counter", TRUE },
  [COL_OFFICER] = { "officer", FALSE },
  [COL_PROCEDURE] = { "procedure", FALSE },
  [COL_FIELD] = { "field", FALSE },
  [COL_SURVEY_ID] = { "survey_id", TRUE },
  [COL_SURVEY_VERSION] = { "survey_version", TRUE },
  [COL_QUESTION_ID] = { "question_id", TRUE },
  [COL_VALUE] = { "value", TRUE },
};

/* The attributes a response's rows must agree on, besides its time and survey, in the order of the
 * interned tuple. */
static const int tuple_columns[] = { COL_UNIT, COL_COUNTER, COL_OFFICER, COL_PROCEDURE, COL_FIELD };
#define N_TUPLE G_N_ELEMENTS (tuple_columns)

/* What the database held of a kiosk when the import began. */
typedef enum {
  KIOSK_OTHER = 1,        /* another kiosk, with responses stored before */
  KIOSK_OWN = 2,          /* this database's own (its key is here) */
  KIOSK_NEW = 3,          /* another kiosk, with none stored before: no response of it needs looking up */
} KioskKind;

/* A survey the file uses, with a numbering of its answers: option o of the question at position q is
 * slot slot_base[q] + o. */
typedef struct {
  HlSurvey *survey;
  guint    *slot_base;
  guint     n_slots;
  guint     n_bytes;     /* of a bitset with a bit per slot */
} SurveyInfo;

/* A response the file gives. */
typedef struct {
  gint64      row_id;      /* its row in the database: stored before, or added when its first run is written */
  gint64      utc;         /* recorded_at: the instant… */
  const char *tuple;       /* interned "unit\x1fcounter\x1fofficer\x1fprocedure\x1ffield" */
  SurveyInfo *survey;      /* borrowed from the import's surveys */
  guint64     first_line;  /* where the file first gives it */
  gsize       bits;        /* its bitsets in Import.bits: the answers given, then (if stored before) the stored */
  gint32      nsec;        /* …the fraction of its second… */
  gint32      offset;      /* …and its UTC offset */
  gboolean    existing;    /* stored before this import: its rows are compared, never added */
} Seen;

typedef struct {
  HlStore         *store;         /* borrowed */
  const char      *name;          /* the file, as messages name it */
  const char      *survey_dir;
  HlCsvReader     *reader;
  HlStoreSnapshot *snapshot;      /* the database before the import, opened for the first stored response met */
  GHashTable      *surveys;       /* "id\x1fversion" -> SurveyInfo* */
  SurveyInfo      *last_survey;   /* the last row's, to spare a lookup… */
  char            *last_survey_id;       /* …as that row wrote it */
  char            *last_survey_version;
  GHashTable      *index;         /* "kiosk\x1fresponse id" -> its position in seen + 1 */
  GHashTable      *kiosks;        /* kiosk id -> a KioskKind */
  GStringChunk    *strings;       /* the index's keys and the interned tuples */
  GArray          *seen;          /* Seen */
  GArray          *bits;          /* guint8, zeroed as it grows */
  GString         *key;           /* scratch: the current row's index key */
  GString         *tuple;         /* scratch: the current row's tuple */

  /* The run: consecutive rows of one response, written together when the next response begins. */
  guint            run;           /* its position in seen, or G_MAXUINT */
  guint64          run_line;
  GArray          *run_answers;   /* HlAnswer; question ids borrowed from the surveys */
  GString         *run_kiosk;
  GString         *run_response;
  char             run_recorded_at[HL_TIMESTAMP_MAX_LEN];
  char             run_day[11];

  HlImportStats    stats;
} Import;

static void
survey_info_free (gpointer data)
{
  SurveyInfo *info = data;

  g_clear_object (&info->survey);
  g_free (info->slot_base);
  g_free (info);
}

static gboolean
row_error (Import        *imp,
           GError       **error,
           HlImportError  code,
           guint64        line,
           const char    *format,
           ...) G_GNUC_PRINTF (5, 6);

static gboolean
row_error (Import        *imp,
           GError       **error,
           HlImportError  code,
           guint64        line,
           const char    *format,
           ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HL_IMPORT_ERROR, code, "%s:%" G_GUINT64_FORMAT ": %s", imp->name, line, msg);
  return FALSE;
}

static gboolean
has_control (const char *s)
{
  for (; *s; s++)
    if ((guchar) *s < 0x20 || *s == 0x7f)
      return TRUE;
  return FALSE;
}

/* A strict decimal integer: an optional minus sign and digits, nothing else. */
static gboolean
parse_int (const char *text,
           gint64      min,
           gint64      max,
           int        *value)
{
  gint64 v;

  if (*text == '+' || !g_ascii_string_to_signed (text, 10, min, max, &v, NULL))
    return FALSE;
  *value = (int) v;
  return TRUE;
}

/* Codes travel into bundles and the province's database: the kiosk configuration's rule. */
static gboolean
check_code (Import      *imp,
            guint64      line,
            const char  *column,
            const char  *value,
            gboolean     required,
            GError     **error)
{
  g_autofree char *shown = NULL;

  if (*value == '\0')
    return required ? row_error (imp, error, HL_IMPORT_ERROR_INVALID, line, "%s is empty", column) : TRUE;
  if (hl_json_is_identifier (value))
    return TRUE;
  shown = hl_csv_describe (value);
  return row_error (imp, error, HL_IMPORT_ERROR_INVALID, line,
                    "%s %s is not a code: codes hold only letters, digits, '.', '_' and '-'", column, shown);
}

static SurveyInfo *
survey_info_new (HlSurvey *survey)
{
  SurveyInfo *info = g_new0 (SurveyInfo, 1);
  guint n = hl_survey_get_n_questions (survey);

  info->survey = survey;
  info->slot_base = g_new (guint, n);
  for (guint q = 0; q < n; q++)
    {
      GPtrArray *options = hl_question_get_options (hl_survey_get_question (survey, q));

      info->slot_base[q] = info->n_slots;
      info->n_slots += options ? options->len : 0;
    }
  info->n_bytes = (info->n_slots + 7) / 8;
  return info;
}

/* The survey (@id, @version_text) of a row: from the survey directory, where it is also stored in the
 * database (in the import's transaction); else a definition the database holds already. */
static SurveyInfo *
resolve_survey (Import      *imp,
                guint64      line,
                const char  *id,
                const char  *version_text,
                GError     **error)
{
  g_autofree char *key = NULL;
  g_autoptr(HlSurvey) survey = NULL;
  g_autoptr(GError) dir_error = NULL;
  g_autoptr(GError) local_error = NULL;
  SurveyInfo *info;
  int version;

  /* Most rows name the survey of the row before. */
  if (imp->last_survey != NULL && g_str_equal (id, imp->last_survey_id)
      && g_str_equal (version_text, imp->last_survey_version))
    return imp->last_survey;

  if (*id == '\0')
    {
      row_error (imp, error, HL_IMPORT_ERROR_INVALID, line, "survey_id is empty");
      return NULL;
    }
  if (!parse_int (version_text, 1, G_MAXINT, &version))
    {
      g_autofree char *shown = hl_csv_describe (version_text);

      row_error (imp, error, HL_IMPORT_ERROR_INVALID, line, "survey_version %s is not a positive integer", shown);
      return NULL;
    }
  /* Keyed by the version's value, so that "1" and "01" are one survey. */
  key = g_strdup_printf ("%s\x1f%d", id, version);
  info = g_hash_table_lookup (imp->surveys, key);
  if (info != NULL)
    goto found;
  if (!hl_json_is_survey_id (id))
    {
      g_autofree char *shown = hl_csv_describe (id);

      row_error (imp, error, HL_IMPORT_ERROR_INVALID, line, "unknown survey %s: survey ids match [a-z0-9][a-z0-9._-]*",
                 shown);
      return NULL;
    }

  survey = hl_survey_find (imp->survey_dir, id, version, &dir_error);
  /* A broken or doubly defined file of this survey is an error; only a survey the folder does not have
   * is looked for in the database. */
  if (g_error_matches (dir_error, HL_SURVEY_ERROR, HL_SURVEY_ERROR_INVALID)
      || g_error_matches (dir_error, HL_SURVEY_ERROR, HL_SURVEY_ERROR_AMBIGUOUS))
    {
      row_error (imp, error, HL_IMPORT_ERROR_INVALID, line, "survey “%s” version %d: %s", id, version,
                 dir_error->message);
      return NULL;
    }
  if (survey != NULL)
    {
      if (!hl_store_save_survey (imp->store, survey, &local_error))
        {
          row_error (imp, error, HL_IMPORT_ERROR_CONFLICT, line, "survey “%s” version %d of %s: %s", id, version,
                     imp->survey_dir, local_error->message);
          return NULL;
        }
    }
  else
    {
      survey = hl_store_load_survey (imp->store, id, version, &local_error);
      if (survey == NULL && !g_error_matches (local_error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND))
        {
          row_error (imp, error, HL_IMPORT_ERROR_FAILED, line, "%s", local_error->message);
          return NULL;
        }
      if (survey == NULL)
        {
          row_error (imp, error, HL_IMPORT_ERROR_INVALID, line, "unknown survey “%s” version %d: %s, and the "
                     "database has none", id, version, dir_error->message);
          return NULL;
        }
    }
  info = survey_info_new (g_steal_pointer (&survey));
  g_hash_table_insert (imp->surveys, g_strdup (key), info);

found:
  g_free (imp->last_survey_id);
  g_free (imp->last_survey_version);
  imp->last_survey_id = g_strdup (id);
  imp->last_survey_version = g_strdup (version_text);
  imp->last_survey = info;
  return info;
}

static gboolean
bit_is_set (const guint8 *bits,
            guint         slot)
{
  return (bits[slot / 8] >> (slot % 8)) & 1;
}

static void
set_bit (guint8 *bits,
         guint   slot)
{
  bits[slot / 8] |= 1 << (slot % 8);
}

static Seen *
seen_at (Import *imp,
         guint   i)
{
  return &g_array_index (imp->seen, Seen, i);
}

static guint8 *
bits_of (Import     *imp,
         const Seen *seen)
{
  return (guint8 *) imp->bits->data + seen->bits;
}

/* The question and option of @slot in @info's survey. */
static const HlOption *
slot_option (SurveyInfo  *info,
             guint        slot,
             HlQuestion **question)
{
  for (guint q = hl_survey_get_n_questions (info->survey); q-- > 0;)
    if (info->slot_base[q] <= slot)
      {
        *question = hl_survey_get_question (info->survey, q);
        return g_ptr_array_index (hl_question_get_options (*question), slot - info->slot_base[q]);
      }
  g_assert_not_reached ();
}

/* Splits an interned tuple into its values. */
static void
split_tuple (const char *tuple,
             char      **values)
{
  g_auto(GStrv) parts = g_strsplit (tuple, "\x1f", N_TUPLE);

  g_assert (g_strv_length (parts) == N_TUPLE);
  for (guint i = 0; i < N_TUPLE; i++)
    values[i] = g_strdup (parts[i]);
}

/* Names the first attribute in which the row's @tuple differs from @other, and both values. */
static void
describe_difference (const char  *tuple,
                     const char  *other,
                     const char **column,
                     char       **here,
                     char       **there)
{
  char *a[N_TUPLE], *b[N_TUPLE];

  split_tuple (tuple, a);
  split_tuple (other, b);
  *column = NULL;
  for (guint i = 0; i < N_TUPLE; i++)
    {
      if (*column == NULL && !g_str_equal (a[i], b[i]))
        {
          *column = csv_columns[tuple_columns[i]].name;
          *here = hl_csv_describe (a[i]);
          *there = hl_csv_describe (b[i]);
        }
      g_free (a[i]);
      g_free (b[i]);
    }
  g_assert (*column != NULL);
}

/* A later row of a response the file gave before: it must say the same about the response. Called for
 * every such row, so nothing is allocated unless the row is wrong. */
static gboolean
check_same_response (Import             *imp,
                     guint64             line,
                     const Seen         *seen,
                     const char         *response_id,
                     const char         *kiosk_id,
                     const HlTimestamp  *ts,
                     SurveyInfo         *info,
                     GError            **error)
{
  g_autofree char *rid = NULL;

  if (ts->utc != seen->utc || ts->nsec != seen->nsec || ts->offset != seen->offset)
    {
      char a[HL_TIMESTAMP_MAX_LEN], b[HL_TIMESTAMP_MAX_LEN];
      HlTimestamp first;

      hl_timestamp_from_instant (&first, seen->utc, seen->nsec, seen->offset);
      hl_timestamp_format (ts, a);
      hl_timestamp_format (&first, b);
      rid = hl_csv_describe (response_id);
      return row_error (imp, error, HL_IMPORT_ERROR_INVALID, line,
                        "response %s of kiosk “%s” is recorded at %s here but at %s on line %" G_GUINT64_FORMAT,
                        rid, kiosk_id, a, b, seen->first_line);
    }
  if (info != seen->survey)
    {
      rid = hl_csv_describe (response_id);
      return row_error (imp, error, HL_IMPORT_ERROR_INVALID, line,
                        "response %s of kiosk “%s” is given under survey “%s” version %d here but under “%s” "
                        "version %d on line %" G_GUINT64_FORMAT,
                        rid, kiosk_id, hl_survey_get_id (info->survey), hl_survey_get_version (info->survey),
                        hl_survey_get_id (seen->survey->survey), hl_survey_get_version (seen->survey->survey),
                        seen->first_line);
    }
  if (!g_str_equal (imp->tuple->str, seen->tuple))
    {
      const char *column = NULL;
      g_autofree char *here = NULL;
      g_autofree char *there = NULL;

      describe_difference (imp->tuple->str, seen->tuple, &column, &here, &there);
      rid = hl_csv_describe (response_id);
      return row_error (imp, error, HL_IMPORT_ERROR_INVALID, line,
                        "response %s of kiosk “%s” has %s %s here but %s on line %" G_GUINT64_FORMAT,
                        rid, kiosk_id, column, here, there, seen->first_line);
    }
  return TRUE;
}

/* The first row of a response stored before: it must say what the database says, and the stored
 * answers are marked in the response's second bitset. */
static gboolean
check_stored_response (Import             *imp,
                       guint64             line,
                       guint               index,
                       const char         *response_id,
                       const char         *kiosk_id,
                       const HlTimestamp  *ts,
                       GError            **error)
{
  g_autoptr(HlStoredResponse) stored = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *rid = hl_csv_describe (response_id);
  g_autofree char *stored_tuple = NULL;
  Seen *seen = seen_at (imp, index);
  SurveyInfo *info = seen->survey;
  HlTimestamp stored_ts;
  guint8 *stored_bits;

  if (imp->snapshot == NULL)
    {
      imp->snapshot = hl_store_snapshot_open (imp->store, &local_error);
      if (imp->snapshot == NULL)
        return row_error (imp, error, HL_IMPORT_ERROR_FAILED, line, "%s", local_error->message);
    }
  stored = hl_store_snapshot_read_response (imp->snapshot, kiosk_id, response_id, &local_error);
  if (stored == NULL)
    {
      if (local_error != NULL)
        return row_error (imp, error, HL_IMPORT_ERROR_FAILED, line, "%s", local_error->message);
      /* The write transaction holds the lock, so nobody else can have added it meanwhile. */
      return row_error (imp, error, HL_IMPORT_ERROR_FAILED, line,
                        "response %s of kiosk “%s” appeared in the database during the import", rid, kiosk_id);
    }

  if (g_strcmp0 (stored->survey_id, hl_survey_get_id (info->survey)) != 0
      || stored->survey_version != hl_survey_get_version (info->survey))
    return row_error (imp, error, HL_IMPORT_ERROR_CONFLICT, line,
                      "response %s of kiosk “%s” is stored under survey “%s” version %d, not “%s” version %d: "
                      "a response already imported cannot change",
                      rid, kiosk_id, stored->survey_id, stored->survey_version,
                      hl_survey_get_id (info->survey), hl_survey_get_version (info->survey));
  if (stored->recorded_at == NULL || !hl_timestamp_parse (stored->recorded_at, &stored_ts, NULL)
      || !hl_timestamp_equal (&stored_ts, ts))
    {
      char here[HL_TIMESTAMP_MAX_LEN];

      hl_timestamp_format (ts, here);
      return row_error (imp, error, HL_IMPORT_ERROR_CONFLICT, line,
                        "response %s of kiosk “%s” is stored as recorded at %s, not %s: "
                        "a response already imported cannot change", rid, kiosk_id,
                        stored->recorded_at ? stored->recorded_at : "", here);
    }
  stored_tuple = g_strjoin ("\x1f", stored->unit ? stored->unit : "", stored->counter ? stored->counter : "",
                            stored->officer ? stored->officer : "", stored->procedure ? stored->procedure : "",
                            stored->field ? stored->field : "", NULL);
  if (!g_str_equal (stored_tuple, imp->tuple->str))
    {
      const char *column = NULL;
      g_autofree char *here = NULL;
      g_autofree char *there = NULL;

      describe_difference (imp->tuple->str, stored_tuple, &column, &here, &there);
      return row_error (imp, error, HL_IMPORT_ERROR_CONFLICT, line,
                        "response %s of kiosk “%s” is stored with %s %s, not %s: "
                        "a response already imported cannot change", rid, kiosk_id, column, there, here);
    }

  /* The second bitset: the stored answers, which the file's must equal. */
  g_array_set_size (imp->bits, imp->bits->len + info->n_bytes);
  seen = seen_at (imp, index);
  stored_bits = bits_of (imp, seen) + info->n_bytes;
  for (guint i = 0; i < stored->answers->len; i++)
    {
      const HlAnswer *answer = &g_array_index (stored->answers, HlAnswer, i);
      HlQuestion *question = hl_survey_lookup_question (info->survey, answer->question_id);
      GPtrArray *options = question ? hl_question_get_options (question) : NULL;
      guint o;

      for (o = 0; options != NULL && o < options->len; o++)
        if (((HlOption *) g_ptr_array_index (options, o))->value == answer->value)
          break;
      if (options == NULL || o == options->len)
        return row_error (imp, error, HL_IMPORT_ERROR_CONFLICT, line,
                          "response %s of kiosk “%s” is stored with an answer %s = %d that its survey does not "
                          "define", rid, kiosk_id, answer->question_id, answer->value);
      set_bit (stored_bits, info->slot_base[question->position] + o);
    }
  return TRUE;
}

/* Writes the run to the database: a new response with its first answers, or more answers of one. */
static gboolean
flush_run (Import  *imp,
           GError **error)
{
  g_autoptr(GError) local_error = NULL;
  Seen *seen;
  gboolean ok = TRUE;

  if (imp->run == G_MAXUINT)
    return TRUE;
  seen = seen_at (imp, imp->run);
  if (seen->existing)
    ;  /* compared row by row already */
  else if (seen->row_id == 0)
    {
      /* The tuple's values, split in a copy on the stack: this runs for every response, and g_strsplit's
       * allocations were 3.7 % of an import (callgrind). */
      char *values[N_TUPLE];
      HlResponse response = { 0 };
      gsize tuple_len = strlen (seen->tuple);
      char *copy = g_alloca (tuple_len + 1);
      char *p = memcpy (copy, seen->tuple, tuple_len + 1);

      for (guint i = 0; i < N_TUPLE; i++)
        {
          char *sep = strchr (p, '\x1f');

          g_assert (sep != NULL || i == N_TUPLE - 1);
          values[i] = p;
          if (sep != NULL)
            {
              *sep = '\0';
              p = sep + 1;
            }
        }
      response.kiosk_id = imp->run_kiosk->str;
      response.response_id = imp->run_response->str;
      response.recorded_at = imp->run_recorded_at;
      response.recorded_utc = seen->utc;
      response.day = imp->run_day;
      response.unit = values[0];
      response.counter = values[1];
      response.officer = *values[2] ? values[2] : NULL;
      response.procedure = *values[3] ? values[3] : NULL;
      response.field = *values[4] ? values[4] : NULL;
      response.survey_id = hl_survey_get_id (seen->survey->survey);
      response.survey_version = hl_survey_get_version (seen->survey->survey);
      response.repeat = FALSE;  /* imported rows are never repeats: the kiosk that recorded them decided */
      ok = hl_store_append_response (imp->store, &response, (const HlAnswer *) imp->run_answers->data,
                                     imp->run_answers->len, &local_error);
      seen->row_id = response.row_id;
    }
  else
    ok = hl_store_append_answers (imp->store, seen->row_id, (const HlAnswer *) imp->run_answers->data,
                                  imp->run_answers->len, &local_error);
  if (!ok)
    return row_error (imp, error, HL_IMPORT_ERROR_FAILED, imp->run_line, "%s", local_error->message);
  if (!seen->existing)
    imp->stats.answers_added += imp->run_answers->len;
  imp->run = G_MAXUINT;
  g_array_set_size (imp->run_answers, 0);
  return TRUE;
}

/* A kiosk of this database (its key is here) numbers and chains its own responses as they are given;
 * rows claiming its id can only come from elsewhere, and would take numbers the kiosk is about to use.
 * The kiosk's kind is looked up once, at its first row (before any row of it is added). */
static gboolean
check_foreign_kiosk (Import      *imp,
                     guint64      line,
                     const char  *kiosk_id,
                     KioskKind   *kind,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gpointer known = g_hash_table_lookup (imp->kiosks, kiosk_id);
  gboolean own = FALSE, held = TRUE;

  if (known == NULL)
    {
      if (!hl_store_is_own_kiosk (imp->store, kiosk_id, &own, &local_error)
          || (!own && !hl_store_kiosk_has_responses (imp->store, kiosk_id, &held, &local_error)))
        return row_error (imp, error, HL_IMPORT_ERROR_FAILED, line, "%s", local_error->message);
      known = GINT_TO_POINTER (own ? KIOSK_OWN : held ? KIOSK_OTHER : KIOSK_NEW);
      g_hash_table_insert (imp->kiosks, g_string_chunk_insert_const (imp->strings, kiosk_id), known);
    }
  *kind = GPOINTER_TO_INT (known);
  if (*kind == KIOSK_OWN)
    return row_error (imp, error, HL_IMPORT_ERROR_CONFLICT, line,
                      "kiosk “%s” is this database's own kiosk (its key is here): its responses are recorded by "
                      "the kiosk itself and are never imported", kiosk_id);
  return TRUE;
}

static gboolean
import_row (Import  *imp,
            GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *problem = NULL;
  const char *v[N_COLUMNS];
  guint64 line = hl_csv_reader_get_line (imp->reader);
  HlTimestamp ts;
  SurveyInfo *info;
  HlQuestion *question;
  GPtrArray *options;
  gpointer found;
  guint index, slot, option = 0;
  int value;
  Seen *seen;
  guint8 *given;

  for (guint i = 0; i < N_COLUMNS; i++)
    v[i] = hl_csv_reader_get (imp->reader, i);
  imp->stats.rows++;

  /* The row in itself, column by column. */
  if (*v[COL_RESPONSE_ID] == '\0')
    return row_error (imp, error, HL_IMPORT_ERROR_INVALID, line, "response_id is empty");
  if (has_control (v[COL_RESPONSE_ID]))
    {
      g_autofree char *shown = hl_csv_describe (v[COL_RESPONSE_ID]);

      return row_error (imp, error, HL_IMPORT_ERROR_INVALID, line, "response_id %s holds a control character",
                        shown);
    }
  if (!check_code (imp, line, "kiosk_id", v[COL_KIOSK_ID], TRUE, error))
    return FALSE;
  if (!hl_timestamp_parse (v[COL_RECORDED_AT], &ts, &problem))
    return row_error (imp, error, HL_IMPORT_ERROR_INVALID, line, "recorded_at %s", problem);
  for (guint i = 0; i < N_TUPLE; i++)
    {
      int col = tuple_columns[i];

      if (!check_code (imp, line, csv_columns[col].name, v[col], csv_columns[col].required, error))
        return FALSE;
    }
  info = resolve_survey (imp, line, v[COL_SURVEY_ID], v[COL_SURVEY_VERSION], error);
  if (info == NULL)
    return FALSE;
  question = hl_survey_lookup_question (info->survey, v[COL_QUESTION_ID]);
  if (question == NULL)
    {
      g_autofree char *shown = hl_csv_describe (v[COL_QUESTION_ID]);

      return row_error (imp, error, HL_IMPORT_ERROR_INVALID, line, "survey “%s” version %d has no question %s",
                        hl_survey_get_id (info->survey), hl_survey_get_version (info->survey), shown);
    }
  if (!parse_int (v[COL_VALUE], G_MININT, G_MAXINT, &value))
    {
      g_autofree char *shown = hl_csv_describe (v[COL_VALUE]);

      return row_error (imp, error, HL_IMPORT_ERROR_INVALID, line, "value %s is not an integer", shown);
    }
  options = hl_question_get_options (question);
  while (options != NULL && option < options->len && ((HlOption *) g_ptr_array_index (options, option))->value != value)
    option++;
  if (options == NULL || option == options->len)
    {
      g_autoptr(GString) values = g_string_new (NULL);

      for (guint o = 0; options != NULL && o < options->len; o++)
        g_string_append_printf (values, "%s%d", o ? ", " : "", ((HlOption *) g_ptr_array_index (options, o))->value);
      return row_error (imp, error, HL_IMPORT_ERROR_INVALID, line,
                        "%d is not an option of question %s (its values are %s)", value, question->id, values->str);
    }
  slot = info->slot_base[question->position] + option;

  /* The row against the response's other rows, or against the database. */
  g_string_truncate (imp->tuple, 0);
  for (guint i = 0; i < N_TUPLE; i++)
    {
      if (i > 0)
        g_string_append_c (imp->tuple, '\x1f');
      g_string_append (imp->tuple, v[tuple_columns[i]]);
    }
  g_string_printf (imp->key, "%s\x1f%s", v[COL_KIOSK_ID], v[COL_RESPONSE_ID]);
  if (g_hash_table_lookup_extended (imp->index, imp->key->str, NULL, &found))
    {
      index = GPOINTER_TO_UINT (found) - 1;
      if (!check_same_response (imp, line, seen_at (imp, index), v[COL_RESPONSE_ID], v[COL_KIOSK_ID], &ts, info,
                                error))
        return FALSE;
    }
  else
    {
      Seen fresh = {
        .utc = ts.utc,
        .nsec = ts.nsec,
        .offset = ts.offset,
        .tuple = g_string_chunk_insert_const (imp->strings, imp->tuple->str),
        .survey = info,
        .first_line = line,
        .bits = imp->bits->len,
      };
      gint64 row_id = 0;
      KioskKind kind;

      if (!check_foreign_kiosk (imp, line, v[COL_KIOSK_ID], &kind, error))
        return FALSE;
      if (kind != KIOSK_NEW
          && !hl_store_lookup_response (imp->store, v[COL_KIOSK_ID], v[COL_RESPONSE_ID], &fresh.existing, &row_id,
                                        &local_error))
        return row_error (imp, error, HL_IMPORT_ERROR_FAILED, line, "%s", local_error->message);
      fresh.row_id = fresh.existing ? row_id : 0;
      index = imp->seen->len;
      g_array_append_val (imp->seen, fresh);
      g_array_set_size (imp->bits, imp->bits->len + info->n_bytes);
      g_hash_table_insert (imp->index, g_string_chunk_insert (imp->strings, imp->key->str),
                           GUINT_TO_POINTER (index + 1));
      if (fresh.existing)
        {
          if (!check_stored_response (imp, line, index, v[COL_RESPONSE_ID], v[COL_KIOSK_ID], &ts, error))
            return FALSE;
          imp->stats.responses_present++;
        }
      else
        imp->stats.responses_added++;
    }

  /* The answer against the response's other answers. */
  seen = seen_at (imp, index);
  given = bits_of (imp, seen);
  if (bit_is_set (given, slot))
    {
      g_autofree char *rid = hl_csv_describe (v[COL_RESPONSE_ID]);

      return row_error (imp, error, HL_IMPORT_ERROR_INVALID, line,
                        "response %s of kiosk “%s” gives the answer %s = %d twice", rid, v[COL_KIOSK_ID],
                        question->id, value);
    }
  if (!question->multiple)
    for (guint o = 0; o < options->len; o++)
      if (bit_is_set (given, info->slot_base[question->position] + o))
        {
          g_autofree char *rid = hl_csv_describe (v[COL_RESPONSE_ID]);

          return row_error (imp, error, HL_IMPORT_ERROR_INVALID, line,
                            "question %s takes one answer, but response %s of kiosk “%s” answers it with %d "
                            "and with %d", question->id, rid, v[COL_KIOSK_ID],
                            ((HlOption *) g_ptr_array_index (options, o))->value, value);
        }
  if (seen->existing && !bit_is_set (given + info->n_bytes, slot))
    {
      g_autofree char *rid = hl_csv_describe (v[COL_RESPONSE_ID]);

      return row_error (imp, error, HL_IMPORT_ERROR_CONFLICT, line,
                        "response %s of kiosk “%s” is stored without the answer %s = %d: "
                        "a response already imported cannot change", rid, v[COL_KIOSK_ID], question->id, value);
    }
  set_bit (given, slot);

  /* The answer joins the run, which is written when the next response begins. */
  if (imp->run != index)
    {
      if (!flush_run (imp, error))
        return FALSE;
      seen = seen_at (imp, index);
      imp->run = index;
      imp->run_line = line;
      if (!seen->existing && seen->row_id == 0)
        {
          g_string_assign (imp->run_kiosk, v[COL_KIOSK_ID]);
          g_string_assign (imp->run_response, v[COL_RESPONSE_ID]);
          hl_timestamp_format (&ts, imp->run_recorded_at);
          hl_timestamp_format_day (&ts, imp->run_day);
        }
    }
  if (!seen->existing)
    {
      HlAnswer answer = { question->id, value };

      g_array_append_val (imp->run_answers, answer);
    }
  return TRUE;
}

/* At the end of the file: every response stored before must have been given with all its answers. */
static gboolean
check_stored_complete (Import  *imp,
                       GError **error)
{
  for (guint i = 0; i < imp->seen->len; i++)
    {
      Seen *seen = seen_at (imp, i);
      SurveyInfo *info = seen->survey;
      const guint8 *given, *stored;

      if (!seen->existing)
        continue;
      given = bits_of (imp, seen);
      stored = given + info->n_bytes;
      for (guint slot = 0; slot < info->n_slots; slot++)
        if (bit_is_set (stored, slot) && !bit_is_set (given, slot))
          {
            HlQuestion *question = NULL;
            const HlOption *option = slot_option (info, slot, &question);
            const char *key = NULL;
            g_auto(GStrv) parts = NULL;
            GHashTableIter iter;
            gpointer k, v;

            /* The message names the response; its key is found back from the index. */
            g_hash_table_iter_init (&iter, imp->index);
            while (key == NULL && g_hash_table_iter_next (&iter, &k, &v))
              if (GPOINTER_TO_UINT (v) == i + 1)
                key = k;
            parts = g_strsplit (key, "\x1f", 2);
            return row_error (imp, error, HL_IMPORT_ERROR_CONFLICT, seen->first_line,
                              "response “%s” of kiosk “%s” is stored with the answer %s = %d, which the file "
                              "does not give: a response already imported cannot change",
                              parts[1], parts[0], question->id, option->value);
          }
    }
  return TRUE;
}

static void
import_clear (Import *imp)
{
  g_clear_pointer (&imp->reader, hl_csv_reader_free);
  g_clear_pointer (&imp->snapshot, hl_store_snapshot_close);
  g_clear_pointer (&imp->surveys, g_hash_table_unref);
  g_clear_pointer (&imp->last_survey_id, g_free);
  g_clear_pointer (&imp->last_survey_version, g_free);
  g_clear_pointer (&imp->index, g_hash_table_unref);
  g_clear_pointer (&imp->kiosks, g_hash_table_unref);
  g_clear_pointer (&imp->strings, g_string_chunk_free);
  g_clear_pointer (&imp->seen, g_array_unref);
  g_clear_pointer (&imp->bits, g_array_unref);
  g_clear_pointer (&imp->run_answers, g_array_unref);
  if (imp->key)
    g_string_free (imp->key, TRUE);
  if (imp->tuple)
    g_string_free (imp->tuple, TRUE);
  if (imp->run_kiosk)
    g_string_free (imp->run_kiosk, TRUE);
  if (imp->run_response)
    g_string_free (imp->run_response, TRUE);
}

/* Imports one hailong-csv/1 stream, named @name in messages, into @store: every row or none. Survey
 * definitions are looked up in @survey_dir, then in the database. */
gboolean
hl_import_csv_stream (HlStore        *store,
                      GInputStream   *stream,
                      const char     *name,
                      const char     *survey_dir,
                      HlImportStats  *stats,
                      GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  Import imp = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (survey_dir != NULL, FALSE);

  imp.store = store;
  imp.name = name;
  imp.survey_dir = survey_dir;
  imp.reader = hl_csv_reader_new (stream, name, csv_columns, N_COLUMNS);
  imp.surveys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, survey_info_free);
  imp.index = g_hash_table_new (g_str_hash, g_str_equal);
  imp.kiosks = g_hash_table_new (g_str_hash, g_str_equal);
  imp.strings = g_string_chunk_new (64 * 1024);
  imp.seen = g_array_new (FALSE, FALSE, sizeof (Seen));
  imp.bits = g_array_new (FALSE, TRUE, sizeof (guint8));
  imp.key = g_string_new (NULL);
  imp.tuple = g_string_new (NULL);
  imp.run = G_MAXUINT;
  imp.run_answers = g_array_new (FALSE, FALSE, sizeof (HlAnswer));
  imp.run_kiosk = g_string_new (NULL);
  imp.run_response = g_string_new (NULL);

  /* A bad header is refused before the database is touched. */
  if (!hl_csv_reader_read_header (imp.reader, error))
    goto out;
  if (!hl_store_begin_import (store, &local_error))
    {
      g_set_error (error, HL_IMPORT_ERROR, HL_IMPORT_ERROR_FAILED, "%s: %s", name, local_error->message);
      goto out;
    }
  while (hl_csv_reader_next (imp.reader, &local_error))
    if (!import_row (&imp, error))
      goto rollback;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto rollback;
    }
  if (!flush_run (&imp, error) || !check_stored_complete (&imp, error))
    goto rollback;
  /* The snapshot's read transaction ends before the commit, so that it holds nothing back. */
  g_clear_pointer (&imp.snapshot, hl_store_snapshot_close);
  if (!hl_store_commit (store, &local_error))
    {
      g_set_error (error, HL_IMPORT_ERROR, HL_IMPORT_ERROR_FAILED, "%s: %s", name, local_error->message);
      goto out;
    }
  if (stats != NULL)
    *stats = imp.stats;
  ok = TRUE;
  goto out;

rollback:
  g_clear_pointer (&imp.snapshot, hl_store_snapshot_close);
  hl_store_rollback (store);
out:
  import_clear (&imp);
  return ok;
}

gboolean
hl_import_csv_file (HlStore        *store,
                    const char     *path,
                    const char     *survey_dir,
                    HlImportStats  *stats,
                    GError        **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, HL_IMPORT_ERROR, HL_IMPORT_ERROR_INVALID, "%s: cannot open: %s", path,
                   local_error->message);
      return FALSE;
    }
  return hl_import_csv_stream (store, G_INPUT_STREAM (stream), path, survey_dir, stats, error);
}
