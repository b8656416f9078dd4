/* hl-store-survey.c: survey definitions, stored once per (id, version).
 *
 * Responses name the survey and version they were given under, so a stored definition never changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include "hl-store-private.h"

/* Stores a survey definition under (id, version) once. The same definition again changes nothing; a
 * different one under the same id and version is refused, because old responses must keep pointing at
 * the questions they were given. */
gboolean
hl_store_save_survey (HlStore   *self,
                      HlSurvey  *survey,
                      GError   **error)
{
  g_autofree char *digest = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *source;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (HL_IS_SURVEY (survey), FALSE);

  source = hl_survey_get_source (survey);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, source, -1);
  rc = sqlite3_prepare_v2 (self->db, "SELECT digest FROM surveys WHERE survey_id = ?1 AND version = ?2",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return hl_store_set_sqlite_error (self, rc, "reading survey definitions", error);
  sqlite3_bind_text (stmt, 1, hl_survey_get_id (survey), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, hl_survey_get_version (survey));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gboolean same = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), digest) == 0;

      sqlite3_finalize (stmt);
      if (same)
        return TRUE;
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CONFLICT,
                   "%s: survey “%s” version %d is stored already with a different definition; "
                   "a changed survey needs a new version", self->path,
                   hl_survey_get_id (survey), hl_survey_get_version (survey));
      return FALSE;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return hl_store_set_sqlite_error (self, rc, "reading survey definitions", error);

  rc = sqlite3_prepare_v2 (self->db,
                           "INSERT INTO surveys (survey_id, version, definition, digest) VALUES (?1, ?2, ?3, ?4)",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return hl_store_set_sqlite_error (self, rc, "storing a survey definition", error);
  sqlite3_bind_text (stmt, 1, hl_survey_get_id (survey), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, hl_survey_get_version (survey));
  sqlite3_bind_text (stmt, 3, source, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, digest, -1, SQLITE_STATIC);
  if (!hl_store_step_done (self, stmt, "storing a survey definition", error))
    {
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

HlSurvey *
hl_store_load_survey (HlStore     *self,
                      const char  *id,
                      int          version,
                      GError     **error)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%d", id, version);
  sqlite3_stmt *stmt = NULL;
  HlSurvey *survey = NULL;
  int rc;

  if (self->surveys != NULL && (survey = g_hash_table_lookup (self->surveys, key)) != NULL)
    return g_object_ref (survey);
  rc = sqlite3_prepare_v2 (self->db, "SELECT definition FROM surveys WHERE survey_id = ?1 AND version = ?2",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      hl_store_set_sqlite_error (self, rc, "reading survey definitions", error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autofree char *name = g_strdup_printf ("%s:survey %s/%d", self->path, id, version);

      survey = hl_survey_load_data (name, (const char *) sqlite3_column_text (stmt, 0),
                                    sqlite3_column_bytes (stmt, 0), NULL, error);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND, "%s: survey “%s” version %d is not stored",
                 self->path, id, version);
  else
    hl_store_set_sqlite_error (self, rc, "reading survey definitions", error);
  sqlite3_finalize (stmt);
  if (survey != NULL)
    {
      if (self->surveys == NULL)
        self->surveys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_hash_table_replace (self->surveys, g_steal_pointer (&key), g_object_ref (survey));
    }
  return survey;
}

