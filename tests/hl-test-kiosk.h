/* hl-test-kiosk.h: a kiosk's database with its key, filled through the store as the kiosk fills it, for
 * the tests of bundles and exports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hl-identity.h"
#include "hl-store.h"
#include "hl-survey.h"
#include "hl-test-util.h"

/* A kiosk database at @dir/kiosk.db with its key beside it and the two shipped surveys stored. */
static inline HlStore *
hl_test_kiosk_new (const char  *dir,
                   HlIdentity **identity)
{
  g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *key = g_strconcat (db, ".key", NULL);
  g_autofree char *surveys = hl_test_source_path ("survey_defs");
  g_autoptr(GError) error = NULL;
  HlStore *store = hl_store_open (db, &error);
  const char *ids[] = { "sipas-quick", "sipas-full" };

  g_assert_no_error (error);
  *identity = hl_identity_load_or_create (key, &error);
  g_assert_no_error (error);
  /* As the kiosk does: its links are signed with its key. */
  g_assert_true (hl_identity_sign_chain (*identity, store, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(HlSurvey) survey = hl_survey_find (surveys, ids[i], 1, &error);

      g_assert_no_error (error);
      g_assert_true (hl_store_save_survey (store, survey, &error));
      g_assert_no_error (error);
    }
  return store;
}

/* The kiosk's own response (numbered and chained) at @utc on @day; returns its row. */
static inline gint64
hl_test_kiosk_respond (HlStore        *store,
                       HlIdentity     *identity,
                       const char     *day,
                       gint64          utc,
                       const char     *survey_id,
                       gint64          detail_of,
                       const HlAnswer *answers,
                       guint           n_answers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (utc);
  g_autofree char *text = g_date_time_format (at, "%Y-%m-%dT%H:%M:%S+07:00");
  HlResponse r = {
    .kiosk_id = hl_identity_get_kiosk_id (identity), .recorded_at = text, .recorded_utc = utc, .day = day,
    .unit = "LC-XA-BACHA", .counter = "Q02", .officer = "CB01", .procedure = "1.001193", .field = "HT",
    .survey_id = survey_id, .survey_version = 1, .detail_of = detail_of,
  };

  g_assert_true (hl_store_append_response (store, &r, answers, n_answers, &error));
  g_assert_no_error (error);
  return r.row_id;
}
