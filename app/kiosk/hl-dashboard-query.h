/* hl-dashboard-query.h: the dashboard's figures, computed by core (HlIndex) in a worker thread (GTask)
 * on a read-only database connection of its own (HlDashboardReader: opened by the first query, kept until
 * the dashboard closes), so that the screen never waits for them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hl-day-detail.h"
#include "hl-index.h"
#include "hl-kiosk.h"
#include "hl-supervisor.h"

G_BEGIN_DECLS

/* Today at this kiosk's database. */
typedef struct {
  char      *day;           /* YYYY-MM-DD, by the kiosk's clock */
  HlIndex   *total;         /* no key: one row, or none without responses */
  HlIndex   *by_counter;
  HlIndex   *by_officer;
  HlIndex   *by_procedure;
  HlIndex   *by_field;
  GPtrArray *alerts;        /* HlAlert*, raised today, oldest first */
  HlDayDetail *detail;      /* what went wrong by element; per hour and repeats at this kiosk's counter */
  gint64     elapsed_us;    /* how long the worker took */
} HlTodayFigures;

/* A period of the history, and the 30 days up to today. */
typedef struct {
  HlPeriod   period;
  char      *from;
  char      *to;
  HlIndex   *total;
  HlIndex   *by_officer;
  GArray    *ranking;       /* HlRankEntry over by_officer's rows */
  GArray    *trend;         /* HlTrendPoint, 30 days ending today */
  gint64     elapsed_us;
} HlHistoryFigures;

#define HL_DASHBOARD_TREND_DAYS 30

/* The worker's connection and what it may reuse while the database has not changed. */
typedef struct _HlDashboardReader HlDashboardReader;

void              hl_today_figures_free          (HlTodayFigures   *figures);
void              hl_history_figures_free        (HlHistoryFigures *figures);

HlDashboardReader *hl_dashboard_reader_new       (HlKiosk             *kiosk);
HlDashboardReader *hl_dashboard_reader_ref       (HlDashboardReader   *reader);
void              hl_dashboard_reader_unref      (HlDashboardReader   *reader);

void              hl_dashboard_query_today       (HlDashboardReader   *reader,
                                                  HlKiosk             *kiosk,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
HlTodayFigures   *hl_dashboard_query_today_finish (GAsyncResult       *result,
                                                  GError             **error);
void              hl_dashboard_query_history     (HlDashboardReader   *reader,
                                                  HlKiosk             *kiosk,
                                                  HlPeriod             period,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
HlHistoryFigures *hl_dashboard_query_history_finish (GAsyncResult     *result,
                                                  GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlTodayFigures, hl_today_figures_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlHistoryFigures, hl_history_figures_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlDashboardReader, hl_dashboard_reader_unref)

G_END_DECLS
