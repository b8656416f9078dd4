/* hl-dashboard-query.c
 *
 * The worker reads through a read-only connection of its own (HlDashboardReader), opened by the
 * dashboard's first query and kept until the dashboard closes: the kiosk's own connection stays on the
 * main thread, and SQLite in WAL mode lets this reader see every committed response without blocking the
 * kiosk's commits. Queries run one at a time on it (its mutex); one cancelled while it waited for the
 * connection (a newer period was tapped) is not computed at all. What a query needs from the kiosk (the
 * configuration, today's date by the kiosk's clock) is copied on the main thread before the worker starts.
 *
 * The 30-day trend does not depend on the period shown, so the reader keeps the last one computed and
 * gives it again while SQLite's data_version says that nothing was committed since and the day is the
 * same; each period's total is added up from its per-officer index (hl_index_total()), so that a period's
 * rollups are read once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-dashboard-query"

#include "config.h"

#include "hl-dashboard-query.h"
#include "hl-store.h"
#include "hl-store-day.h"

struct _HlDashboardReader {
  GMutex    lock;           /* held by the query that uses the connection */
  char     *db_path;
  HlStore  *store;          /* opened by the first query, in its worker thread */
  gint64    data_version;   /* the connection's data_version when the trend was computed */
  char     *trend_to;       /* the trend's last day, or NULL for no trend kept */
  GArray   *trend;
};

typedef struct {
  HlDashboardReader *reader;
  char     *kiosk_id;
  char     *today;
  char     *counter;
  gint64    today_utc;      /* today's local midnight, Unix seconds, by the kiosk's clock */
  gint64    tomorrow_utc;
  HlConfig *config;
  HlPeriod  period;
} Query;

HlDashboardReader *
hl_dashboard_reader_new (HlKiosk *kiosk)
{
  HlDashboardReader *reader = g_atomic_rc_box_new0 (HlDashboardReader);

  g_mutex_init (&reader->lock);
  reader->db_path = g_strdup (hl_store_get_path (hl_kiosk_get_store (kiosk)));
  return reader;
}

HlDashboardReader *
hl_dashboard_reader_ref (HlDashboardReader *reader)
{
  return g_atomic_rc_box_acquire (reader);
}

static void
reader_clear (gpointer data)
{
  HlDashboardReader *reader = data;

  g_clear_pointer (&reader->store, hl_store_close);
  g_clear_pointer (&reader->trend, g_array_unref);
  g_free (reader->trend_to);
  g_free (reader->db_path);
  g_mutex_clear (&reader->lock);
}

/* The last reference may be a query's, dropped in its worker thread: the connection is closed there. */
void
hl_dashboard_reader_unref (HlDashboardReader *reader)
{
  g_atomic_rc_box_release_full (reader, reader_clear);
}

/* With the reader's lock held: its connection, opened the first time. */
static HlStore *
reader_store (HlDashboardReader  *reader,
              GError            **error)
{
  if (reader->store == NULL)
    reader->store = hl_store_open_readonly (reader->db_path, error);
  return reader->store;
}

/* With the lock held: the 30 days ending @today, computed again only when the database changed. */
static GArray *
reader_trend (HlDashboardReader  *reader,
              const char         *today,
              HlConfig           *config,
              GError            **error)
{
  gint64 version;
  GArray *trend;

  if (!hl_store_get_data_version (reader->store, &version, error))
    return NULL;
  if (reader->trend != NULL && version == reader->data_version && g_strcmp0 (reader->trend_to, today) == 0)
    return g_array_ref (reader->trend);
  trend = hl_index_trend (reader->store, today, HL_DASHBOARD_TREND_DAYS, config, error);
  if (trend == NULL)
    return NULL;
  g_clear_pointer (&reader->trend, g_array_unref);
  reader->trend = g_array_ref (trend);
  g_free (reader->trend_to);
  reader->trend_to = g_strdup (today);
  reader->data_version = version;
  return trend;
}

static void
query_free (Query *query)
{
  g_clear_pointer (&query->reader, hl_dashboard_reader_unref);
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
query_new (HlDashboardReader *reader,
           HlKiosk           *kiosk)
{
  Query *query = g_new0 (Query, 1);
  g_autoptr(GDateTime) now = hl_kiosk_now (kiosk);
  g_autoptr(GDateTime) midnight = NULL, next = NULL;

  query->reader = hl_dashboard_reader_ref (reader);
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

/* The grouped index's total, measured against the configuration's targets. */
static HlIndex *
total_of (HlStore     *store,
          Query       *query,
          HlIndex     *grouped,
          GError     **error)
{
  HlIndex *index = hl_index_total (grouped, store, error);

  if (index != NULL)
    hl_index_set_targets (index, query->config);
  return index;
}

/* Takes the reader's connection for @task; FALSE (the task returned) when it was cancelled meanwhile or
 * the database cannot be opened. On TRUE the lock is held: the caller unlocks. */
static gboolean
take_store (GTask    *task,
            Query    *query,
            HlStore **store)
{
  GError *error = NULL;

  g_mutex_lock (&query->reader->lock);
  if (g_task_return_error_if_cancelled (task))
    {
      g_mutex_unlock (&query->reader->lock);
      return FALSE;
    }
  if ((*store = reader_store (query->reader, &error)) == NULL)
    {
      g_mutex_unlock (&query->reader->lock);
      g_task_return_error (task, error);
      return FALSE;
    }
  return TRUE;
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

  if (!take_store (task, query, &store))
    return;
  figures->day = g_strdup (query->today);
  if ((figures->by_counter = compute (store, query, query->today, query->today, "counter", &error)) == NULL
      || (figures->total = total_of (store, query, figures->by_counter, &error)) == NULL
      || (figures->by_officer = compute (store, query, query->today, query->today, "officer", &error)) == NULL
      || (figures->by_procedure = compute (store, query, query->today, query->today, "procedure", &error)) == NULL
      || (figures->by_field = compute (store, query, query->today, query->today, "field", &error)) == NULL
      || (figures->alerts = hl_store_list_alerts (store, query->kiosk_id, query->today, &error)) == NULL
      || (figures->detail = hl_day_detail_compute (store, query->today, query->kiosk_id, query->counter,
                                                   query->today_utc, query->tomorrow_utc, &error)) == NULL)
    {
      g_mutex_unlock (&query->reader->lock);
      g_task_return_error (task, error);
      return;
    }
  g_mutex_unlock (&query->reader->lock);
  figures->elapsed_us = g_get_monotonic_time () - start;
  g_task_return_pointer (task, g_steal_pointer (&figures), (GDestroyNotify) hl_today_figures_free);
}

void
hl_dashboard_query_today (HlDashboardReader   *reader,
                          HlKiosk             *kiosk,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, hl_dashboard_query_today);
  g_task_set_task_data (task, query_new (reader, kiosk), (GDestroyNotify) query_free);
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
  if (!hl_period_range (query->period, query->today, &figures->from, &figures->to, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!take_store (task, query, &store))
    return;
  if ((figures->by_officer = compute (store, query, figures->from, figures->to, "officer", &error)) == NULL
      || (figures->total = total_of (store, query, figures->by_officer, &error)) == NULL
      || (figures->trend = reader_trend (query->reader, query->today, query->config, &error)) == NULL)
    {
      g_mutex_unlock (&query->reader->lock);
      g_task_return_error (task, error);
      return;
    }
  g_mutex_unlock (&query->reader->lock);
  figures->ranking = hl_index_rank (figures->by_officer);
  figures->elapsed_us = g_get_monotonic_time () - start;
  g_task_return_pointer (task, g_steal_pointer (&figures), (GDestroyNotify) hl_history_figures_free);
}

void
hl_dashboard_query_history (HlDashboardReader   *reader,
                            HlKiosk             *kiosk,
                            HlPeriod             period,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Query *query = query_new (reader, kiosk);

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
