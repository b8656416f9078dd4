/* hl-export.c
 *
 * An export is made in a private folder on the kiosk's own disk first (the bundle, signed, and the
 * reports), and only then copied to the stick by hl_usb_write_files(), which syncs, renames, reads back
 * and verifies the bundle there. The kiosk's database is only read until the very end, when the export is
 * entered in its log; so a failed export leaves the kiosk's data exactly as it was, and the next try
 * starts from the same place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include <glib/gstdio.h>

#include "hl-bundle.h"
#include "hl-export.h"
#include "hl-identity.h"
#include "hl-index.h"
#include "hl-qr-series.h"
#include "hl-report.h"
#include "hl-usb.h"

G_DEFINE_QUARK (hl-export-error-quark, hl_export_error)

void
hl_export_result_free (HlExportResult *result)
{
  if (result == NULL)
    return;
  hl_bundle_range_clear (&result->range);
  g_free (result->bundle_id);
  g_free (result->period_from);
  g_free (result->period_to);
  g_clear_pointer (&result->files, g_ptr_array_unref);
  g_free (result);
}

typedef struct {
  HlExportProgressFunc func;
  gpointer             data;
} Progress;

static void
report_progress (Progress   *progress,
                 double      fraction,
                 const char *message)
{
  if (progress->func != NULL)
    progress->func (fraction, message, progress->data);
}

/* The copy to the stick is the part that takes time: from 40 % to 95 % of the bar. */
static void
usb_progress_cb (guint64     done,
                 guint64     total,
                 const char *file,
                 gpointer    user_data)
{
  g_autofree char *message = g_strdup_printf (_("Đang ghi %s lên USB…"), file);

  report_progress (user_data, 0.4 + 0.55 * (total ? (double) done / total : 1.0), message);
}

static void
remove_staging (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static gboolean
export_in (HlStore                *store,
           HlIdentity             *identity,
           HlConfig               *config,
           const HlExportOptions  *options,
           const char             *dest_dir,
           const char             *staging,
           Progress               *progress,
           GCancellable           *cancellable,
           HlExportResult         *result,
           GError                **error)
{
  const char *kiosk_id = hl_identity_get_kiosk_id (identity);
  g_autofree char *last_day = NULL;
  g_autofree char *today = NULL;
  g_autofree char *name = NULL;
  g_autofree char *bundle = NULL;
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char *from = options->from;

  /* Everything not exported yet, overlapping the previous export by its last day: a day that was still
   * going on then is carried whole again, and the province counts what it holds once. */
  if (from == NULL && !hl_store_last_export_day (store, kiosk_id, &last_day, error))
    return FALSE;
  if (from == NULL)
    from = last_day;
  if (!hl_store_export_plan (store, kiosk_id, from, options->to, &result->range, error))
    return FALSE;
  today = g_date_time_format (now, "%Y-%m-%d");
  result->period_from = g_strdup (options->from ? options->from : result->range.from_day ? result->range.from_day
                                  : today);
  result->period_to = g_strdup (options->to ? options->to : result->range.to_day ? result->range.to_day : today);
  if (strcmp (result->period_to, result->period_from) < 0)
    {
      g_free (result->period_to);
      result->period_to = g_strdup (result->period_from);
    }
  name = options->name ? g_strdup (options->name)
         : g_strdup_printf ("hailong-%s-%s-%s", kiosk_id, result->period_from, result->period_to);

  report_progress (progress, 0.05, _("Đang đóng gói dữ liệu…"));
  bundle = g_strdup_printf ("%s/%s.hlb", staging, name);
  if (!hl_bundle_write (store, identity, config, &result->range, result->period_from, result->period_to, bundle,
                        &result->bundle_id, error))
    return FALSE;
  if (options->reports)
    {
      g_autofree char *stem = g_build_filename (staging, name, NULL);
      g_autoptr(HlReport) report = NULL;

      report_progress (progress, 0.25, _("Đang lập báo cáo…"));
      report = hl_report_new (store, config, result->period_from, result->period_to, kiosk_id, error);
      if (report == NULL || !hl_report_write_all (report, stem, error))
        return FALSE;
      g_ptr_array_add (sources, g_strconcat (stem, ".pdf", NULL));
      g_ptr_array_add (sources, g_strconcat (stem, ".csv", NULL));
      g_ptr_array_add (sources, g_strconcat (stem, ".xlsx", NULL));
    }
  /* The bundle last, so that a reader who finds it finds the reports beside it. */
  g_ptr_array_add (sources, g_strdup (bundle));
  g_ptr_array_add (sources, NULL);
  report_progress (progress, 0.4, _("Đang ghi lên USB…"));
  if (!hl_usb_write_files (dest_dir, (const char *const *) sources->pdata, hl_bundle_check_cb, NULL, usb_progress_cb,
                           progress, cancellable, error))
    return FALSE;

  result->files = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i + 1 < sources->len; i++)
    {
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (sources, i));

      g_ptr_array_add (result->files, g_build_filename (dest_dir, base, NULL));
    }
  report_progress (progress, 0.97, _("Đang ghi sổ xuất dữ liệu…"));
  /* The files are on the stick and verified; the log only moves where the next export starts. */
  if (!hl_store_log_export (store, &result->range, result->bundle_id, g_ptr_array_index (result->files,
                            result->files->len - 1), error))
    return FALSE;
  {
    g_autofree char *done = hl_export_result_describe (result);

    report_progress (progress, 1.0, done);
  }
  return TRUE;
}

/* The key beside the kiosk's database @db_path. Never made here: a key is made by the kiosk on its first
 * start, and one made now would sign data it never recorded. */
static HlIdentity *
load_kiosk_identity (const char  *db_path,
                     GError     **error)
{
  g_autofree char *key_path = hl_identity_key_path_for_db (db_path);

  if (!g_file_test (key_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, HL_EXPORT_ERROR, HL_EXPORT_ERROR_NO_KEY,
                   "%s: no kiosk key (the kiosk makes it on its first start); nothing can be signed", key_path);
      return NULL;
    }
  return hl_identity_load_or_create (key_path, error);
}

/* Exports the kiosk whose database is @db_path (its key beside it) into @dest_dir, as described at the
 * top of this file. @config (may be NULL) names the unit in the manifest and the reports. Runs in the
 * calling thread; hl_export_to_dir_async() runs it in a thread of its own. */
gboolean
hl_export_to_dir (const char             *db_path,
                  HlConfig               *config,
                  const HlExportOptions  *options,
                  const char             *dest_dir,
                  HlExportProgressFunc    progress_func,
                  gpointer                progress_data,
                  GCancellable           *cancellable,
                  HlExportResult        **result,
                  GError                **error)
{
  g_autoptr(HlStore) store = NULL;
  g_autoptr(HlIdentity) identity = NULL;
  g_autoptr(HlExportResult) res = g_new0 (HlExportResult, 1);
  g_autofree char *staging = NULL;
  HlExportOptions defaults = { NULL };
  Progress progress = { progress_func, progress_data };
  gboolean ok;

  g_return_val_if_fail (db_path != NULL && dest_dir != NULL, FALSE);

  if (options == NULL)
    options = &defaults;
  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, HL_EXPORT_ERROR, HL_EXPORT_ERROR_FAILED, "%s: no such database", db_path);
      return FALSE;
    }
  identity = load_kiosk_identity (db_path, error);
  if (identity == NULL)
    return FALSE;
  store = hl_store_open (db_path, error);
  if (store == NULL)
    return FALSE;
  staging = g_dir_make_tmp ("hailong-export-XXXXXX", error);
  if (staging == NULL)
    return FALSE;
  ok = export_in (store, identity, config, options, dest_dir, staging, &progress, cancellable, res, error);
  remove_staging (staging);
  if (ok && result != NULL)
    *result = g_steal_pointer (&res);
  return ok;
}

/* The asynchronous form: the export runs in a GTask thread with a database connection of its own, and
 * @progress is called in the thread-default main context of the caller, so that a progress bar can be
 * moved from it directly. */

typedef struct {
  char                 *db_path;
  HlConfig             *config;
  char                 *from;
  char                 *to;
  char                 *name;
  gboolean              reports;
  char                 *dest_dir;
  HlExportProgressFunc  progress;
  gpointer              progress_data;
  GMainContext         *context;
} AsyncExport;

typedef struct {
  GTask       *task;     /* owned: keeps the task's data alive until the call ran */
  AsyncExport *export;
  double       fraction;
  char        *message;
} ProgressCall;

static void
async_export_free (AsyncExport *a)
{
  g_free (a->db_path);
  g_clear_pointer (&a->config, hl_config_unref);
  g_free (a->from);
  g_free (a->to);
  g_free (a->name);
  g_free (a->dest_dir);
  g_main_context_unref (a->context);
  g_free (a);
}

static gboolean
progress_call_cb (gpointer data)
{
  ProgressCall *call = data;

  call->export->progress (call->fraction, call->message, call->export->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer data)
{
  ProgressCall *call = data;

  g_free (call->message);
  g_object_unref (call->task);
  g_free (call);
}

static void
thread_progress_cb (double      fraction,
                    const char *message,
                    gpointer    user_data)
{
  GTask *task = user_data;
  AsyncExport *a = g_task_get_task_data (task);
  ProgressCall *call = g_new0 (ProgressCall, 1);
  g_autoptr(GSource) source = NULL;

  call->task = g_object_ref (task);
  call->export = a;
  call->fraction = fraction;
  call->message = g_strdup (message);
  /* Always through a source of the caller's context, never g_main_context_invoke(): that calls the
   * function at once in this thread whenever it can acquire the context, as it can while the caller's
   * thread is between two iterations of its loop or has not started it yet. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, progress_call_cb, call, progress_call_free);
  g_source_set_static_name (source, "[hailong] export progress");
  g_source_attach (source, a->context);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AsyncExport *a = task_data;
  HlExportOptions options = { a->from, a->to, a->name, a->reports };
  HlExportResult *result = NULL;
  GError *error = NULL;

  if (hl_export_to_dir (a->db_path, a->config, &options, a->dest_dir, a->progress ? thread_progress_cb : NULL, task,
                        cancellable, &result, &error))
    g_task_return_pointer (task, result, (GDestroyNotify) hl_export_result_free);
  else
    g_task_return_error (task, error);
}

void
hl_export_to_dir_async (const char             *db_path,
                        HlConfig               *config,
                        const HlExportOptions  *options,
                        const char             *dest_dir,
                        HlExportProgressFunc    progress,
                        gpointer                progress_data,
                        GCancellable           *cancellable,
                        GAsyncReadyCallback     callback,
                        gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  AsyncExport *a = g_new0 (AsyncExport, 1);

  a->db_path = g_strdup (db_path);
  a->config = config ? hl_config_ref (config) : NULL;
  if (options != NULL)
    {
      a->from = g_strdup (options->from);
      a->to = g_strdup (options->to);
      a->name = g_strdup (options->name);
      a->reports = options->reports;
    }
  a->dest_dir = g_strdup (dest_dir);
  a->progress = progress;
  a->progress_data = progress_data;
  a->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, a, (GDestroyNotify) async_export_free);
  g_task_set_source_tag (task, hl_export_to_dir_async);
  g_task_run_in_thread (task, export_thread);
}

HlExportResult *
hl_export_to_dir_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the dashboard's Export page --------------------------------------------------------------- */

/* "new" first: what a supervisor does every week or month is to carry out what the province has not got
 * yet; a calendar period is for a report asked for (or a stick lost on the way). */
static const HlExportChoice choices[] = {
  { "new", N_("Dữ liệu chưa xuất") },
  { "today", N_("Hôm nay") },
  { "week", N_("Tuần này") },
  { "month", N_("Tháng này") },
  { "last-month", N_("Tháng trước") },
  { "quarter", N_("Quý này") },
  { "year", N_("Năm nay") },
};

const HlExportChoice *
hl_export_choices (guint *n_choices)
{
  *n_choices = G_N_ELEMENTS (choices);
  return choices;
}

/* The days of @choice by the clock @now: *@from and *@to (YYYY-MM-DD, free with g_free()), both NULL for
 * "new" (hl_export_to_dir() then starts from the last day of the previous export). */
gboolean
hl_export_choice_period (const char  *choice,
                         GDateTime   *now,
                         char       **from,
                         char       **to,
                         GError     **error)
{
  static const struct { const char *id; HlPeriod period; } periods[] = {
    { "today", HL_PERIOD_DAY }, { "week", HL_PERIOD_WEEK }, { "month", HL_PERIOD_MONTH },
    { "quarter", HL_PERIOD_QUARTER }, { "year", HL_PERIOD_YEAR },
  };
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  *from = *to = NULL;
  if (g_strcmp0 (choice, "new") == 0)
    return TRUE;
  if (g_strcmp0 (choice, "last-month") == 0)
    {
      /* The whole of the month before, to its last day. */
      g_autoptr(GDateTime) first = g_date_time_new (g_date_time_get_timezone (now), g_date_time_get_year (now),
                                                    g_date_time_get_month (now), 1, 12, 0, 0);
      g_autoptr(GDateTime) last = g_date_time_add_days (first, -1);
      g_autofree char *last_day = g_date_time_format (last, "%Y-%m-%d");

      return hl_period_range (HL_PERIOD_MONTH, last_day, from, to, error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    if (g_strcmp0 (choice, periods[i].id) == 0)
      return hl_period_range (periods[i].period, today, from, to, error);
  g_set_error (error, HL_EXPORT_ERROR, HL_EXPORT_ERROR_FAILED, "“%s”: not a period of the export", choice);
  return FALSE;
}

/* The dashboard's export: the period of @choice by the kiosk's clock @now, always with the reports (a
 * supervisor who carries a stick to the province carries what people can read too), the files' names by
 * hl_export_to_dir(). */
void
hl_export_choice_async (const char           *db_path,
                        HlConfig             *config,
                        const char           *choice,
                        GDateTime            *now,
                        const char           *dest_dir,
                        HlExportProgressFunc  progress,
                        gpointer              progress_data,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GError) error = NULL;
  HlExportOptions options = { NULL, NULL, NULL, TRUE };

  if (!hl_export_choice_period (choice, now, &from, &to, &error))
    {
      g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

      g_task_set_source_tag (task, hl_export_to_dir_async);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  options.from = from;
  options.to = to;
  hl_export_to_dir_async (db_path, config, &options, dest_dir, progress, progress_data, cancellable, callback,
                          user_data);
}

/* YYYY-MM-DD as a Vietnamese reader writes it: DD/MM/YYYY. */
static char *
day_for_people (const char *day)
{
  if (day == NULL || strlen (day) != 10)
    return g_strdup (day ? day : "");
  return g_strdup_printf ("%.2s/%.2s/%.4s", day + 8, day + 5, day);
}

/* What the supervisor reads when the export is on the stick and was read back and verified. */
char *
hl_export_result_describe (const HlExportResult *result)
{
  g_autofree char *from = day_for_people (result->period_from);
  g_autofree char *to = day_for_people (result->period_to);
  GString *text = g_string_new (NULL);

  if (g_strcmp0 (from, to) == 0)
    g_string_append_printf (text, _("Đã xuất xong và đã đọc lại, kiểm tra chữ ký trên USB: %" PRId64 " phiếu, "
                                    "ngày %s."), (int64_t) result->range.responses, from);
  else
    g_string_append_printf (text, _("Đã xuất xong và đã đọc lại, kiểm tra chữ ký trên USB: %" PRId64 " phiếu, "
                                    "từ %s đến %s."), (int64_t) result->range.responses, from, to);
  if (result->files != NULL && result->files->len > 0)
    {
      g_autofree char *bundle = g_path_get_basename (g_ptr_array_index (result->files, result->files->len - 1));

      g_string_append_c (text, ' ');
      g_string_append_printf (text, result->files->len > 1 ? _("Tệp %s và báo cáo PDF, CSV, XLSX cùng tên.")
                              : _("Tệp %s."), bundle);
    }
  g_string_append_c (text, ' ');
  g_string_append (text, _("Có thể rút USB."));
  return g_string_free (text, FALSE);
}

/* A failed export as the supervisor should read it: a stick's trouble as hl-usb.c words it, the rest in
 * general words (the English detail is for the log). Every failure leaves the kiosk's data as it was. */
char *
hl_export_error_describe (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == HL_USB_ERROR)
    return hl_usb_error_summary (error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup (_("Đã huỷ việc xuất dữ liệu; dữ liệu trên kiosk vẫn nguyên vẹn."));
  if (g_error_matches (error, HL_EXPORT_ERROR, HL_EXPORT_ERROR_NO_KEY))
    return g_strdup (_("Máy chưa có khoá ký số nên chưa ký được dữ liệu xuất. Hãy khởi động lại máy đánh giá để "
                       "máy tạo khoá, rồi xuất lại."));
  return g_strdup (_("Không xuất được dữ liệu. Dữ liệu trên kiosk vẫn nguyên vẹn; hãy thử lại, nếu vẫn lỗi thì "
                     "báo cán bộ kỹ thuật."));
}

/* A drive as the list shows it: its name, where it is, and the room left on it. */
char *
hl_export_drive_describe (const HlUsbDrive *drive)
{
  g_autoptr(GFile) root = g_file_new_for_path (drive->path);
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info (root, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);

  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    {
      g_autofree char *free_text = g_format_size (g_file_info_get_attribute_uint64 (info,
                                                                                   G_FILE_ATTRIBUTE_FILESYSTEM_FREE));

      return g_strdup_printf (_("%s — %s (còn trống %s)"), drive->name, drive->path, free_text);
    }
  return g_strdup_printf ("%s — %s", drive->name, drive->path);
}

/* The QR codes of @day (YYYY-MM-DD) of the kiosk whose database is @db_path (its key beside it), read
 * through a read-only connection of its own, so that it can run in any thread. */
GPtrArray *
hl_export_qr_series (const char  *db_path,
                     const char  *day,
                     char       **kiosk_id,
                     GError     **error)
{
  g_autoptr(HlIdentity) identity = NULL;
  g_autoptr(HlStore) store = NULL;
  GPtrArray *texts;

  if (!hl_index_check_date (day, error))
    return NULL;
  identity = load_kiosk_identity (db_path, error);
  if (identity == NULL)
    return NULL;
  store = hl_store_open_readonly (db_path, error);
  if (store == NULL)
    return NULL;
  texts = hl_qr_series_make (store, identity, day, error);
  if (texts != NULL && kiosk_id != NULL)
    *kiosk_id = g_strdup (hl_identity_get_kiosk_id (identity));
  return texts;
}

/* The day whose QR codes the dashboard offers: today (@days_back 0) or a day before, by the clock @now. */
char *
hl_export_qr_day (GDateTime *now,
                  int        days_back)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (now, -days_back);

  return g_date_time_format (day, "%Y-%m-%d");
}

/* The line under code @index (from 0) of @n_parts: "n/N", which the province needs all of. */
char *
hl_export_qr_caption (const char *day,
                      guint       index,
                      guint       n_parts)
{
  g_autofree char *when = day_for_people (day);

  return g_strdup_printf (_("Mã %u/%u · số liệu ngày %s. Quét lần lượt đủ %u mã rồi gửi cho tỉnh."), index + 1,
                          n_parts, when, n_parts);
}
