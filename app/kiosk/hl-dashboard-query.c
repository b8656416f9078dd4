/* hl-dashboard-query.c
 *
 * The worker opens the database anew for each query: the kiosk's own connection stays on the main thread,
 * and SQLite in WAL mode lets this reader see every committed response without blocking the kiosk's
 * commits. What it needs from the kiosk (the path, the configuration, today's date by the kiosk's clock)
 * is copied on the main thread before the worker starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-dashboard-query"

#include "config.h"

#include "hl-dashboard-query.h"
#include "hl-store.h"

typedef struct {
  char     *db_path;
  char     *kiosk_id;
  char     *today;
  char     *counter;
  gint64    today_utc;      /* today's local midnight, Unix seconds, by the kiosk's clock */
  gint64    tomorrow_utc;
  HlConfig *config;
  HlPeriod  period;
} Query;

static void
query_free (Query *query)
{
  g_free (query->db_path);
  g_free (query->kiosk_id);
  g_free (query->today);
  g_free (query->counter);
  g_clear_pointer (&query->config, hl_config_unref);
  g_free (query);
}

void
hl_today_figures_free (HlTodayFigures *figures)
{
  g_free (figures->day);
  g_clear_pointer (&figures->total, hl_index_free);
  g_clear_pointer (&figures->by_counter, hl_index_free);
  g_clear_pointer (&figures->by_officer, hl_index_free);
  g_clear_pointer (&figures->by_procedure, hl_index_free);
  g_clear_pointer (&figures->by_field, hl_index_free);
  g_clear_pointer (&figures->alerts, g_ptr_array_unref);
  g_clear_pointer (&figures->detail, hl_day_detail_free);
  g_free (figures);
}

void
hl_history_figures_free (HlHistoryFigures *figures)
{
  g_free (figures->from);
  g_free (figures->to);
  g_clear_pointer (&figures->total, hl_index_free);
  g_clear_pointer (&figures->by_officer, hl_index_free);
  g_clear_pointer (&figures->ranking, g_array_unref);
  g_clear_pointer (&figures->trend, g_array_unref);
  g_free (figures);
}

static Query *
query_new (HlKiosk *kiosk)
{
  Query *query = g_new0 (Query, 1);
  g_autoptr(GDateTime) now = hl_kiosk_now (kiosk);
  g_autoptr(GDateTime) midnight = NULL, next = NULL;

  query->db_path = g_strdup (hl_store_get_path (hl_kiosk_get_store (kiosk)));
  query->kiosk_id = g_strdup (hl_kiosk_get_kiosk_id (kiosk));
  query->today = g_date_time_format (now, "%Y-%m-%d");
  query->config = hl_config_ref (hl_kiosk_get_config (kiosk));
  query->counter = g_strdup (query->config->counter_code);
  midnight = g_date_time_new (g_date_time_get_timezone (now), g_date_time_get_year (now),
                              g_date_time_get_month (now), g_date_time_get_day_of_month (now), 0, 0, 0);
  next = g_date_time_add_days (midnight, 1);
  query->today_utc = g_date_time_to_unix (midnight);
  query->tomorrow_utc = g_date_time_to_unix (next);
  return query;
}

/* The index of [from, to] grouped by @spec ("" for none), measured against the configuration's targets,
 * exactly as `hailong index --config` computes it. */
static HlIndex *
compute (HlStore     *store,
         Query       *query,
         const char  *from,
         const char  *to,
         const char  *spec,
         GError     **error)
{
  g_autoptr(GArray) keys = hl_index_parse_keys (spec, error);
  HlIndex *index;

  if (keys == NULL)
    return NULL;
  index = hl_index_compute (store, from, to, keys, error);
  if (index != NULL)
    hl_index_set_targets (index, query->config);
  return index;
}

static void
today_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Query *query = task_data;
  g_autoptr(HlTodayFigures) figures = g_new0 (HlTodayFigures, 1);
  HlStore *store;
  GError *error = NULL;
  gint64 start = g_get_monotonic_time ();

  store = hl_store_open_readonly (query->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  figures->day = g_strdup (query->today);
  if ((figures->total = compute (store, query, query->today, query->today, "", &error)) == NULL
      || (figures->by_counter = compute (store, query, query->today, query->today, "counter", &error)) == NULL
      || (figures->by_officer = compute (store, query, query->today, query->today, "officer", &error)) == NULL
      || (figures->by_procedure = compute (store, query, query->today, query->today, "procedure", &error)) == NULL
      || (figures->by_field = compute (store, query, query->today, query->today, "field", &error)) == NULL
      || (figures->alerts = hl_store_list_alerts (store, query->kiosk_id, query->today, &error)) == NULL
      || (figures->detail = hl_day_detail_compute (store, query->today, query->kiosk_id, query->counter,
                                                   query->today_utc, query->tomorrow_utc, &error)) == NULL)
    {
      hl_store_close (store);
      g_task_return_error (task, error);
      return;
    }
  hl_store_close (store);
  figures->elapsed_us = g_get_monotonic_time () - start;
  g_task_return_pointer (task, g_steal_pointer (&figures), (GDestroyNotify) hl_today_figures_free);
}

void
hl_dashboard_query_today (HlKiosk             *kiosk,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, hl_dashboard_query_today);
  g_task_set_task_data (task, query_new (kiosk), (GDestroyNotify) query_free);
  g_task_run_in_thread (task, today_thread);
}

HlTodayFigures *
hl_dashboard_query_today_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
history_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Query *query = task_data;
  g_autoptr(HlHistoryFigures) figures = g_new0 (HlHistoryFigures, 1);
  HlStore *store;
  GError *error = NULL;
  gint64 start = g_get_monotonic_time ();

  figures->period = query->period;
  if (!hl_period_range (query->period, query->today, &figures->from, &figures->to, &error)
      || (store = hl_store_open_readonly (query->db_path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if ((figures->total = compute (store, query, figures->from, figures->to, "", &error)) == NULL
      || (figures->by_officer = compute (store, query, figures->from, figures->to, "officer", &error)) == NULL
      || (figures->trend = hl_index_trend (store, query->today, HL_DASHBOARD_TREND_DAYS, query->config, &error)) == NULL)
    {
      hl_store_close (store);
      g_task_return_error (task, error);
      return;
    }
  hl_store_close (store);
  figures->ranking = hl_index_rank (figures->by_officer);
  figures->elapsed_us = g_get_monotonic_time () - start;
  g_task_return_pointer (task, g_steal_pointer (&figures), (GDestroyNotify) hl_history_figures_free);
}

void
hl_dashboard_query_history (HlKiosk             *kiosk,
                            HlPeriod             period,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Query *query = query_new (kiosk);

  query->period = period;
  g_task_set_source_tag (task, hl_dashboard_query_history);
  g_task_set_task_data (task, query, (GDestroyNotify) query_free);
  g_task_run_in_thread (task, history_thread);
}

HlHistoryFigures *
hl_dashboard_query_history_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
