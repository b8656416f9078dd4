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
    g_autofree char *done = g_strdup_printf (_("Đã xuất xong %" PRId64 " phiếu (từ %s đến %s). Có thể rút USB."),
                                             result->range.responses, result->period_from, result->period_to);

    report_progress (progress, 1.0, done);
  }
  return TRUE;
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
  g_autofree char *key_path = hl_identity_key_path_for_db (db_path);
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
  if (!g_file_test (key_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, HL_EXPORT_ERROR, HL_EXPORT_ERROR_NO_KEY,
                   "%s: no kiosk key (the kiosk makes it on its first start); nothing can be signed", key_path);
      return FALSE;
    }
  identity = hl_identity_load_or_create (key_path, error);
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

  call->task = g_object_ref (task);
  call->export = a;
  call->fraction = fraction;
  call->message = g_strdup (message);
  g_main_context_invoke_full (a->context, G_PRIORITY_DEFAULT, progress_call_cb, call, progress_call_free);
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
