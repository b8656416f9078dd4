/* hl-completeness.c: what the province holds of each kiosk for a period, and what it lacks
 * (hl-completeness.h). The store lists the facts (hl-store-status.c); the rules are here:
 *
 *  - a kiosk has reported for the period when the index counts responses of it on days of the period (a
 *    day's aggregates read from its QR codes count too): the figure is `hailong index --by kiosk`'s, so
 *    that the status and the report can never give another;
 *  - one that has not is missing, unless it was replaced: another kiosk recording the same unit and counter
 *    began after its last response and did report (a broken kiosk swapped for a new one, with a new key and
 *    so a new id), or unless its first response is after the period (it had not started);
 *  - a gap touches the period when the responses around it do not both lie on one side of it; the gap's
 *    size is the number of sequence numbers never received;
 *  - with the province's configuration, a centre or service point (or a unit a kiosk records) that was not
 *    merged away by the period's first day and for which no kiosk reported — under its own code or that of
 *    a unit merged into it — is a missing unit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-report"

#include "config.h"

#include <string.h>

#include "hl-completeness.h"
#include "hl-index.h"
#include "hl-json-write.h"

static void
kiosk_free (gpointer data)
{
  HlKioskCompleteness *k = data;

  hl_store_kiosk_free (k->kiosk);
  g_free (k->replaced_by);
  g_free (k);
}

void
hl_completeness_free (HlCompleteness *completeness)
{
  if (completeness == NULL)
    return;
  g_free (completeness->from);
  g_free (completeness->to);
  g_clear_pointer (&completeness->kiosks, g_ptr_array_unref);
  g_clear_pointer (&completeness->gaps, g_ptr_array_unref);
  g_clear_pointer (&completeness->refusals, g_ptr_array_unref);
  g_clear_pointer (&completeness->missing_units, g_ptr_array_unref);
  g_free (completeness);
}

const char *
hl_kiosk_state_to_string (HlKioskState state)
{
  static const char *const names[] = { "reported", "missing", "replaced", "not-started" };

  return state < G_N_ELEMENTS (names) ? names[state] : "?";
}

const char *
hl_kiosk_state_to_vi (HlKioskState state)
{
  static const char *const names[] = { "đã báo cáo", "chưa báo cáo", "đã được thay thế", "chưa hoạt động" };

  return state < G_N_ELEMENTS (names) ? names[state] : "?";
}

const char *
hl_completeness_level_to_vi (HlProvinceLevel level)
{
  static const char *const names[] = { "tỉnh", "xã, phường", "trung tâm", "điểm phục vụ" };

  return level < G_N_ELEMENTS (names) ? names[level] : "?";
}

/* Why a bundle was refused, in a supervisor's words; the code itself stays in the JSON. */
const char *
hl_completeness_reason_to_vi (const char *reason)
{
  static const struct { const char *code, *vi; } reasons[] = {
    { "signature", "chữ ký không đúng" }, { "tampered", "dữ liệu bị sửa" }, { "damaged", "tệp bị hỏng" },
    { "invalid", "không đúng định dạng" }, { "manifest", "phần mô tả sai" }, { "rewritten", "lịch sử bị viết lại" },
    { "unknown-key", "khóa chưa đăng ký" }, { "foreign-key", "khóa lạ" }, { "survey", "bộ câu hỏi sai" },
    { "conflict", "mâu thuẫn với dữ liệu đã có" }, { "unreadable", "không đọc được" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (g_strcmp0 (reason, reasons[i].code) == 0)
      return reasons[i].vi;
  return "lỗi khác";
}

char *
hl_completeness_time_shown (const char *iso8601)
{
  char *shown = iso8601 ? g_strndup (iso8601, 16) : NULL;

  if (shown != NULL && strlen (shown) > 10 && shown[10] == 'T')
    shown[10] = ' ';
  return shown;
}

char *
hl_completeness_gap_days (const HlStoreGap *gap)
{
  return g_strdup_printf ("%s – %s", gap->after_day ? gap->after_day : "…", gap->before_day ? gap->before_day : "…");
}

/* The unit @code stands for at the end of its mergers, as the province counts it now. */
static const char *
successor_of (HlProvince *province,
              const char *code)
{
  const HlProvinceUnit *unit = province ? hl_province_lookup_unit (province, code) : NULL;
  guint steps = 0;

  /* The loader refused cycles of mergers; the step bound is a second guard. */
  while (unit != NULL && unit->successor != NULL && steps++ <= province->units->len)
    unit = hl_province_lookup_unit (province, unit->successor);
  return unit ? unit->code : code;
}

static int
compare_kiosks (gconstpointer a,
                gconstpointer b)
{
  const HlKioskCompleteness *ka = *(HlKioskCompleteness *const *) a;
  const HlKioskCompleteness *kb = *(HlKioskCompleteness *const *) b;

  return strcmp (ka->kiosk->kiosk_id, kb->kiosk->kiosk_id);
}

static gboolean
gap_touches (const HlStoreGap *gap,
             const char       *from,
             const char       *to)
{
  return (gap->after_day == NULL || strcmp (gap->after_day, to) <= 0)
         && (gap->before_day == NULL || strcmp (gap->before_day, from) >= 0);
}

/* Kiosks that did not report: replaced, not started yet, or missing. */
static void
judge_silent (HlCompleteness *c)
{
  for (guint i = 0; i < c->kiosks->len; i++)
    {
      HlKioskCompleteness *k = g_ptr_array_index (c->kiosks, i);
      const HlKioskCompleteness *by = NULL;

      if (k->state == HL_KIOSK_REPORTED)
        continue;
      if (k->kiosk->first_day != NULL && strcmp (k->kiosk->first_day, c->to) > 0)
        {
          k->state = HL_KIOSK_NOT_STARTED;
          continue;
        }
      k->state = HL_KIOSK_MISSING;
      if (k->kiosk->last_day == NULL || k->kiosk->unit == NULL)
        continue;
      for (guint j = 0; j < c->kiosks->len; j++)
        {
          const HlKioskCompleteness *o = g_ptr_array_index (c->kiosks, j);

          if (o == k || o->state != HL_KIOSK_REPORTED || o->kiosk->first_day == NULL
              || g_strcmp0 (o->kiosk->unit, k->kiosk->unit) != 0
              || g_strcmp0 (o->kiosk->counter, k->kiosk->counter) != 0
              || strcmp (o->kiosk->first_day, k->kiosk->last_day) <= 0)
            continue;
          /* The first to begin after it is the one that took its place. */
          if (by == NULL || strcmp (o->kiosk->first_day, by->kiosk->first_day) < 0)
            by = o;
        }
      if (by != NULL)
        {
          k->state = HL_KIOSK_REPLACED;
          k->replaced_by = g_strdup (by->kiosk->kiosk_id);
        }
    }
}

static void
find_missing_units (HlCompleteness *c,
                    HlProvince     *province)
{
  g_autoptr(GHashTable) covered = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) recorded = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < c->kiosks->len; i++)
    {
      const HlKioskCompleteness *k = g_ptr_array_index (c->kiosks, i);

      if (k->kiosk->unit == NULL)
        continue;
      g_hash_table_add (recorded, (gpointer) successor_of (province, k->kiosk->unit));
      if (k->state == HL_KIOSK_REPORTED)
        {
          g_hash_table_add (covered, k->kiosk->unit);
          g_hash_table_add (covered, (gpointer) successor_of (province, k->kiosk->unit));
        }
    }
  for (guint i = 0; i < province->units->len; i++)
    {
      const HlProvinceUnit *unit = g_ptr_array_index (province->units, i);
      gboolean expected = unit->level == HL_PROVINCE_LEVEL_CENTRE || unit->level == HL_PROVINCE_LEVEL_SERVICE_POINT
                          || g_hash_table_contains (recorded, unit->code);

      /* A unit merged away on or before the period's first day no longer exists in it. */
      if (unit->successor != NULL && unit->merged_on != NULL && strcmp (unit->merged_on, c->from) <= 0)
        continue;
      if (expected && !g_hash_table_contains (covered, unit->code))
        g_ptr_array_add (c->missing_units, (gpointer) unit);
    }
}

HlCompleteness *
hl_completeness_compute (HlStore     *store,
                         HlProvince  *province,
                         const char  *from,
                         const char  *to,
                         GError     **error)
{
  g_autoptr(HlCompleteness) c = g_new0 (HlCompleteness, 1);
  g_autoptr(GPtrArray) kiosks = NULL;
  g_autoptr(GPtrArray) gaps = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) responses = g_hash_table_new (g_str_hash, g_str_equal);  /* kiosk -> gint64*, the index's */
  g_autoptr(GArray) keys = NULL;
  g_autoptr(HlIndex) by_kiosk = NULL;

  g_return_val_if_fail (store != NULL && from != NULL && to != NULL, NULL);

  c->from = g_strdup (from);
  c->to = g_strdup (to);
  c->kiosks = g_ptr_array_new_with_free_func (kiosk_free);
  c->gaps = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_store_gap_free);
  c->missing_units = g_ptr_array_new ();
  keys = hl_index_parse_keys ("kiosk", error);
  by_kiosk = keys ? hl_index_compute (store, from, to, keys, error) : NULL;
  kiosks = by_kiosk ? hl_store_list_kiosks (store, error) : NULL;
  gaps = kiosks ? hl_store_list_gaps (store, error) : NULL;
  c->refusals = gaps ? hl_store_list_refusals (store, error) : NULL;
  if (c->refusals == NULL)
    return NULL;
  for (guint i = 0; i < hl_index_get_n_rows (by_kiosk); i++)
    {
      HlIndexRow *row = hl_index_get_row (by_kiosk, i);

      if (row->key[HL_KEY_KIOSK] != NULL)
        g_hash_table_insert (responses, row->key[HL_KEY_KIOSK], &row->responses);
    }

  for (guint i = 0; i < kiosks->len; i++)
    {
      HlKioskCompleteness *k = g_new0 (HlKioskCompleteness, 1);

      const gint64 *counted;

      k->kiosk = g_steal_pointer (&kiosks->pdata[i]);
      counted = g_hash_table_lookup (responses, k->kiosk->kiosk_id);
      k->responses = counted ? *counted : 0;
      k->state = k->responses > 0 ? HL_KIOSK_REPORTED : HL_KIOSK_MISSING;
      k->unit_known = TRUE;
      if (province != NULL && k->kiosk->unit != NULL)
        {
          const HlProvinceUnit *unit = hl_province_lookup_unit (province, k->kiosk->unit);

          k->unit_known = unit != NULL;
          k->unit_name = unit ? hl_text_get (unit->name, "vi") : NULL;
        }
      g_hash_table_insert (by_id, k->kiosk->kiosk_id, k);
      g_ptr_array_add (c->kiosks, k);
    }
  /* A kiosk known only by the manifest of a bundle refused: missing, since nothing of it arrived. */
  for (guint i = 0; i < c->refusals->len; i++)
    {
      const HlStoreRefusal *r = g_ptr_array_index (c->refusals, i);
      HlKioskCompleteness *k;

      if (r->kiosk_id == NULL || g_hash_table_contains (by_id, r->kiosk_id))
        continue;
      k = g_new0 (HlKioskCompleteness, 1);
      k->kiosk = g_new0 (HlStoreKiosk, 1);
      k->kiosk->kiosk_id = g_strdup (r->kiosk_id);
      k->state = HL_KIOSK_MISSING;
      k->unit_known = TRUE;
      k->only_refused = TRUE;
      g_hash_table_insert (by_id, k->kiosk->kiosk_id, k);
      g_ptr_array_add (c->kiosks, k);
    }
  g_ptr_array_sort (c->kiosks, compare_kiosks);
  judge_silent (c);
  for (guint i = 0; i < c->kiosks->len; i++)
    c->n_state[((HlKioskCompleteness *) g_ptr_array_index (c->kiosks, i))->state]++;

  for (guint i = 0; i < gaps->len; i++)
    {
      HlStoreGap *gap = g_ptr_array_index (gaps, i);
      HlKioskCompleteness *k = g_hash_table_lookup (by_id, gap->kiosk_id);

      if (!gap_touches (gap, from, to))
        continue;
      if (k != NULL)
        {
          k->gaps++;
          k->missing += gap->missing;
        }
      c->missing_responses += gap->missing;
      g_ptr_array_add (c->gaps, g_steal_pointer (&gaps->pdata[i]));
    }
  if (province != NULL)
    find_missing_units (c, province);
  return g_steal_pointer (&c);
}

static void
add_text (JsonBuilder *b,
          const char  *name,
          const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value == NULL)
    json_builder_add_null_value (b);
  else
    json_builder_add_string_value (b, value);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

char *
hl_completeness_to_json_text (HlCompleteness *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  add_text (b, "from", c->from);
  add_text (b, "to", c->to);
  json_builder_set_member_name (b, "summary");
  json_builder_begin_object (b);
  add_int (b, "kiosks", c->kiosks->len);
  for (HlKioskState s = HL_KIOSK_REPORTED; s <= HL_KIOSK_NOT_STARTED; s++)
    add_int (b, hl_kiosk_state_to_string (s), c->n_state[s]);
  add_int (b, "gaps", c->gaps->len);
  add_int (b, "missing_responses", c->missing_responses);
  add_int (b, "refused", c->refusals->len);
  add_int (b, "missing_units", c->missing_units->len);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "kiosks");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->kiosks->len; i++)
    {
      const HlKioskCompleteness *k = g_ptr_array_index (c->kiosks, i);

      json_builder_begin_object (b);
      add_text (b, "kiosk_id", k->kiosk->kiosk_id);
      add_text (b, "state", hl_kiosk_state_to_string (k->state));
      add_text (b, "unit", k->kiosk->unit);
      add_text (b, "unit_name", k->unit_name);
      json_builder_set_member_name (b, "unit_known");
      json_builder_add_boolean_value (b, k->unit_known);
      add_text (b, "counter", k->kiosk->counter);
      add_int (b, "responses", k->responses);
      add_int (b, "gaps", k->gaps);
      add_int (b, "missing", k->missing);
      add_text (b, "first_day", k->kiosk->first_day);
      add_text (b, "last_day", k->kiosk->last_day);
      add_int (b, "bundles", k->kiosk->bundles);
      add_text (b, "last_import", k->kiosk->last_import);
      add_text (b, "key", k->kiosk->key_source);
      add_text (b, "replaced_by", k->replaced_by);
      json_builder_set_member_name (b, "only_refused");
      json_builder_add_boolean_value (b, k->only_refused);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "gaps");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->gaps->len; i++)
    {
      const HlStoreGap *gap = g_ptr_array_index (c->gaps, i);

      json_builder_begin_object (b);
      add_text (b, "kiosk_id", gap->kiosk_id);
      add_int (b, "after_sequence", gap->after_seq);
      add_int (b, "before_sequence", gap->before_seq);
      add_int (b, "missing", gap->missing);
      add_text (b, "after_day", gap->after_day);
      add_text (b, "before_day", gap->before_day);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "refused");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->refusals->len; i++)
    {
      const HlStoreRefusal *r = g_ptr_array_index (c->refusals, i);

      json_builder_begin_object (b);
      add_text (b, "file", r->file);
      add_text (b, "kiosk_id", r->kiosk_id);
      add_text (b, "reason", r->reason);
      add_text (b, "message", r->message);
      add_text (b, "refused_at", r->refused_at);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "missing_units");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->missing_units->len; i++)
    {
      const HlProvinceUnit *unit = g_ptr_array_index (c->missing_units, i);

      json_builder_begin_object (b);
      add_text (b, "code", unit->code);
      add_text (b, "name", hl_text_get (unit->name, "vi"));
      add_text (b, "level", hl_province_level_to_string (unit->level));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return hl_json_to_text (root);
}

/* Rows of cells under their headings, each column as wide as its widest cell; numbers to the right. The
 * index's table (hl_index_to_table) is laid out the same way. */
static void
append_table (GString           *out,
              const char        *title,
              const char *const *headings,
              guint              n_cols,
              guint64            numeric,   /* bit c: column c holds numbers */
              GPtrArray         *cells)     /* char*, row after row, n_cols a row */
{
  g_autofree guint *widths = g_new0 (guint, n_cols);

  g_string_append_printf (out, "\n%s\n", title);
  for (guint c = 0; c < n_cols; c++)
    widths[c] = g_utf8_strlen (headings[c], -1);
  for (guint c = 0; c < cells->len; c++)
    widths[c % n_cols] = MAX (widths[c % n_cols], (guint) g_utf8_strlen (g_ptr_array_index (cells, c), -1));
  for (guint c = 0; c < n_cols + cells->len; c++)
    {
      guint col = c % n_cols;
      const char *text = c < n_cols ? headings[c] : g_ptr_array_index (cells, c - n_cols);
      glong pad = (glong) widths[col] - g_utf8_strlen (text, -1);
      gboolean right = (numeric >> col) & 1;

      for (glong i = 0; right && i < pad; i++)
        g_string_append_c (out, ' ');
      g_string_append (out, text);
      for (glong i = 0; !right && col != n_cols - 1 && i < pad; i++)
        g_string_append_c (out, ' ');
      g_string_append (out, col == n_cols - 1 ? "\n" : "  ");
    }
}

#define DASH(s) ((s) != NULL ? (s) : "–")

char *
hl_completeness_to_table (HlCompleteness *c)
{
  static const char *const kiosk_headings[] = { "Máy đánh giá", "Đơn vị", "Quầy", "Tình trạng", "Phiếu trong kỳ",
                                                "Lỗ hổng", "Phiếu thiếu", "Ngày phiếu đầu", "Ngày phiếu cuối",
                                                "Nhận lần cuối", "Ghi chú" };
  static const char *const gap_headings[] = { "Máy đánh giá", "Sau phiếu số", "Trước phiếu số", "Số phiếu thiếu",
                                              "Khoảng ngày" };
  static const char *const refusal_headings[] = { "Tệp", "Máy đánh giá (theo gói)", "Lý do", "Lúc", "Chi tiết" };
  static const char *const unit_headings[] = { "Mã", "Tên", "Cấp" };
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  g_string_append_printf (out, "Tình trạng báo cáo kỳ %s – %s\n", c->from, c->to);
  g_string_append_printf (out, "Máy đánh giá: %u; đã báo cáo %u, chưa báo cáo %u, đã được thay thế %u,"
                          " chưa hoạt động %u\n",
                          c->kiosks->len, c->n_state[HL_KIOSK_REPORTED], c->n_state[HL_KIOSK_MISSING],
                          c->n_state[HL_KIOSK_REPLACED], c->n_state[HL_KIOSK_NOT_STARTED]);
  g_string_append_printf (out, "Lỗ hổng trong kỳ: %u (%" G_GINT64_FORMAT " phiếu chưa nhận được);"
                          " gói dữ liệu bị từ chối: %u;"
                          " đơn vị không có máy nào báo cáo: %u\n", c->gaps->len, c->missing_responses,
                          c->refusals->len, c->missing_units->len);

  for (guint i = 0; i < c->kiosks->len; i++)
    {
      const HlKioskCompleteness *k = g_ptr_array_index (c->kiosks, i);
      g_autofree char *note = NULL;

      if (k->state == HL_KIOSK_REPLACED)
        note = g_strdup_printf ("thay bằng %s", k->replaced_by);
      else if (k->only_refused)
        note = g_strdup ("chỉ có gói dữ liệu bị từ chối");
      else if (!k->unit_known)
        note = g_strdup ("đơn vị không có trong cấu hình tỉnh");
      else if (k->kiosk->key_source == NULL)
        note = g_strdup ("chưa đăng ký khóa");
      g_ptr_array_add (cells, g_strdup (k->kiosk->kiosk_id));
      g_ptr_array_add (cells, g_strdup (DASH (k->kiosk->unit)));
      g_ptr_array_add (cells, g_strdup (DASH (k->kiosk->counter)));
      g_ptr_array_add (cells, g_strdup (hl_kiosk_state_to_vi (k->state)));
      g_ptr_array_add (cells, g_strdup_printf ("%" G_GINT64_FORMAT, k->responses));
      g_ptr_array_add (cells, g_strdup_printf ("%u", k->gaps));
      g_ptr_array_add (cells, g_strdup_printf ("%" G_GINT64_FORMAT, k->missing));
      g_ptr_array_add (cells, g_strdup (DASH (k->kiosk->first_day)));
      g_ptr_array_add (cells, g_strdup (DASH (k->kiosk->last_day)));
      g_ptr_array_add (cells, k->kiosk->last_import ? hl_completeness_time_shown (k->kiosk->last_import)
                                                    : g_strdup ("–"));
      g_ptr_array_add (cells, g_strdup (note ? note : ""));
    }
  append_table (out, "Các máy đánh giá:", kiosk_headings, G_N_ELEMENTS (kiosk_headings), 0x70, cells);
  g_ptr_array_set_size (cells, 0);

  for (guint i = 0; i < c->gaps->len; i++)
    {
      const HlStoreGap *gap = g_ptr_array_index (c->gaps, i);

      g_ptr_array_add (cells, g_strdup (gap->kiosk_id));
      g_ptr_array_add (cells, g_strdup_printf ("%" G_GINT64_FORMAT, gap->after_seq));
      g_ptr_array_add (cells, g_strdup_printf ("%" G_GINT64_FORMAT, gap->before_seq));
      g_ptr_array_add (cells, g_strdup_printf ("%" G_GINT64_FORMAT, gap->missing));
      g_ptr_array_add (cells, hl_completeness_gap_days (gap));
    }
  if (c->gaps->len > 0)
    append_table (out, "Lỗ hổng (phiếu chưa nhận được):", gap_headings, G_N_ELEMENTS (gap_headings), 0xe, cells);
  g_ptr_array_set_size (cells, 0);

  for (guint i = 0; i < c->refusals->len; i++)
    {
      const HlStoreRefusal *r = g_ptr_array_index (c->refusals, i);

      g_ptr_array_add (cells, g_strdup (r->file));
      g_ptr_array_add (cells, g_strdup (DASH (r->kiosk_id)));
      g_ptr_array_add (cells, g_strdup (hl_completeness_reason_to_vi (r->reason)));
      g_ptr_array_add (cells, hl_completeness_time_shown (r->refused_at));
      g_ptr_array_add (cells, g_strdup (r->message));
    }
  if (c->refusals->len > 0)
    append_table (out, "Gói dữ liệu bị từ chối (chưa nhập lại được):", refusal_headings,
                  G_N_ELEMENTS (refusal_headings), 0, cells);
  g_ptr_array_set_size (cells, 0);

  for (guint i = 0; i < c->missing_units->len; i++)
    {
      const HlProvinceUnit *unit = g_ptr_array_index (c->missing_units, i);

      g_ptr_array_add (cells, g_strdup (unit->code));
      g_ptr_array_add (cells, g_strdup (hl_text_get (unit->name, "vi")));
      g_ptr_array_add (cells, g_strdup (hl_completeness_level_to_vi (unit->level)));
    }
  if (c->missing_units->len > 0)
    append_table (out, "Đơn vị không có máy đánh giá nào báo cáo trong kỳ:", unit_headings,
                  G_N_ELEMENTS (unit_headings), 0, cells);
  return g_string_free (out, FALSE);
}
