/* hl-store-schema.c: the schema, built by numbered migrations (PRAGMA user_version).
 *
 * Responses and answers are append-only, enforced by triggers; the per-day rollups (day_counts,
 * burst_counts) let dashboards and the index read a few rows per day instead of scanning every answer,
 * and the per-month rollups (month_counts, month_burst_counts) a few rows per month.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-store"

#include "config.h"

#include "hl-store-private.h"

/* Migration N takes the schema from version N - 1 to N. Never edit one that has shipped: add another. */
static const char *migrations[] = {
  NULL,
  /* 1: the foundation. */
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE surveys ("
  "  survey_id TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  definition TEXT NOT NULL,"            /* the hailong-survey/1 JSON as written */
  "  digest TEXT NOT NULL,"                /* SHA-256 of the definition */
  "  PRIMARY KEY (survey_id, version)"
  ") WITHOUT ROWID;"
  "CREATE TABLE responses ("
  "  id INTEGER PRIMARY KEY,"
  "  kiosk_id TEXT NOT NULL,"
  "  response_id TEXT NOT NULL,"           /* unique per kiosk; the sequence number for our own */
  "  seq INTEGER,"                         /* the kiosk's sequence number; NULL for imported CSV rows */
  "  recorded_at TEXT NOT NULL,"           /* ISO 8601 with the kiosk's UTC offset */
  "  recorded_utc INTEGER NOT NULL,"       /* Unix seconds */
  "  day TEXT NOT NULL,"                   /* local date of recorded_at, YYYY-MM-DD */
  "  unit_code TEXT NOT NULL,"
  "  counter_code TEXT NOT NULL,"
  "  officer_code TEXT,"
  "  procedure_code TEXT,"
  "  field_code TEXT,"
  "  survey_id TEXT NOT NULL,"
  "  survey_version INTEGER NOT NULL,"
  "  is_repeat INTEGER NOT NULL DEFAULT 0 CHECK (is_repeat IN (0, 1)),"
  "  UNIQUE (kiosk_id, response_id),"
  "  FOREIGN KEY (survey_id, survey_version) REFERENCES surveys (survey_id, version)"
  ");"
  "CREATE UNIQUE INDEX responses_by_seq ON responses (kiosk_id, seq) WHERE seq IS NOT NULL;"
  "CREATE TABLE answers ("
  "  id INTEGER PRIMARY KEY,"
  "  response INTEGER NOT NULL REFERENCES responses (id),"
  "  question_id TEXT NOT NULL,"
  "  value INTEGER NOT NULL,"
  "  UNIQUE (response, question_id, value)"
  ");"
  /* Counted responses (question_id '') and answers per day and key combination. Unknown keys are ''
   * here because a primary key cannot hold NULL. */
  "CREATE TABLE day_counts " ROLLUP_TABLE
  "CREATE TRIGGER responses_append_only_u BEFORE UPDATE ON responses"
  "  BEGIN SELECT RAISE (ABORT, 'responses are append-only'); END;"
  "CREATE TRIGGER responses_append_only_d BEFORE DELETE ON responses"
  "  BEGIN SELECT RAISE (ABORT, 'responses are append-only'); END;"
  "CREATE TRIGGER answers_append_only_u BEFORE UPDATE ON answers"
  "  BEGIN SELECT RAISE (ABORT, 'answers are append-only'); END;"
  "CREATE TRIGGER answers_append_only_d BEFORE DELETE ON answers"
  "  BEGIN SELECT RAISE (ABORT, 'answers are append-only'); END;"
  "CREATE TRIGGER surveys_append_only_u BEFORE UPDATE ON surveys"
  "  BEGIN SELECT RAISE (ABORT, 'survey definitions are never changed: give a new version'); END;",
  /* 2: the hash chain. Each kiosk's records (a response with its first answers, or answers added to it
   * later) are linked 1, 2, 3… by SHA-256 over the previous link's hash and the record's canonical
   * encoding (see encode_record()), so that changing, removing, reordering or inserting a record breaks
   * every link after it. Responses of other kiosks imported from CSV are not chained here. */
  "CREATE TABLE chain ("
  "  kiosk_id TEXT NOT NULL,"
  "  link INTEGER NOT NULL,"
  "  response INTEGER NOT NULL REFERENCES responses (id),"
  "  kind INTEGER NOT NULL CHECK (kind IN (1, 2)),"   /* 1: a new response; 2: answers added to it */
  "  first_answer INTEGER,"                           /* the answers.id range the record covers, or NULL */
  "  last_answer INTEGER,"
  "  hash BLOB NOT NULL,"
  "  PRIMARY KEY (kiosk_id, link)"
  ") WITHOUT ROWID;"
  "CREATE TRIGGER chain_append_only_u BEFORE UPDATE ON chain"
  "  BEGIN SELECT RAISE (ABORT, 'the chain is append-only'); END;"
  "CREATE TRIGGER chain_append_only_d BEFORE DELETE ON chain"
  "  BEGIN SELECT RAISE (ABORT, 'the chain is append-only'); END;"
  /* Anti-gaming (shared/sipas/METHOD.md, "Honesty of the numbers"): a ticket that rated, kept only as a
   * keyed hash, may not rate again; a response in a burst (more at one counter than could have been
   * served) is flagged, and its counts are also kept apart so that every figure can be given with and
   * without bursts. */
  "ALTER TABLE responses ADD COLUMN ticket_hash TEXT;"
  "ALTER TABLE responses ADD COLUMN burst INTEGER NOT NULL DEFAULT 0 CHECK (burst IN (0, 1));"
  /* The detailed rating offered after the quick one is a response of its own survey, tied to the quick
   * response of the same citizen: its criteria count, but it is not a second citizen. */
  "ALTER TABLE responses ADD COLUMN detail_of INTEGER REFERENCES responses (id);"
  /* Going back and answering again appends a new answer that replaces the earlier one; the answers stay
   * append-only, and the rollups count the newest answer only. */
  "ALTER TABLE answers ADD COLUMN replaces INTEGER REFERENCES answers (id);"
  "CREATE UNIQUE INDEX responses_by_ticket ON responses (ticket_hash) WHERE ticket_hash IS NOT NULL;"
  "CREATE INDEX responses_by_counter_time ON responses (kiosk_id, counter_code, recorded_utc);"
  "CREATE TABLE burst_counts " ROLLUP_TABLE,
  /* 3: trust (docs/storage.md, "Trust"; docs/threat-model.md). */
  /* Links written from now on cover the digest of the survey definition their response was given under
   * (format 2) and are signed with the kiosk's Ed25519 key; links written before keep format 1 and no
   * signature, and are covered by the kiosk's first signature (kiosk_keys.seal). */
  "ALTER TABLE chain ADD COLUMN format INTEGER NOT NULL DEFAULT 1 CHECK (format IN (1, 2));"
  "ALTER TABLE chain ADD COLUMN signature BLOB;"
  /* The kiosks whose chains this database keeps, with the public key that signs each: registered when a
   * kiosk first gives the store its key (hl_store_set_signer()). Links up to since_link were written
   * before; seal is the kiosk's signature over link since_link (NULL when since_link is 0). */
  "CREATE TABLE kiosk_keys ("
  "  kiosk_id TEXT PRIMARY KEY,"
  "  public_key BLOB NOT NULL CHECK (length (public_key) = 32),"
  "  since_link INTEGER NOT NULL,"
  "  seal BLOB"
  ") WITHOUT ROWID;"
  "CREATE TRIGGER kiosk_keys_append_only_u BEFORE UPDATE ON kiosk_keys"
  "  BEGIN SELECT RAISE (ABORT, 'a kiosk key is never changed'); END;"
  "CREATE TRIGGER kiosk_keys_append_only_d BEFORE DELETE ON kiosk_keys"
  "  BEGIN SELECT RAISE (ABORT, 'a kiosk key is never removed'); END;"
  /* Survey definitions were protected against UPDATE only. */
  "CREATE TRIGGER surveys_append_only_d BEFORE DELETE ON surveys"
  "  BEGIN SELECT RAISE (ABORT, 'survey definitions are never removed: responses were given under them'); END;"
  /* The rollups follow from the answers: only the store's own connection writes them, while it counts
   * (hl_store_counting() is a function that connection defines; on any other connection, such as the
   * sqlite3 shell, the function does not exist and the write fails with "no such function"). Dropping
   * these triggers gets around them; hl_store_verify_rollups() still finds any figure that does not
   * follow from the answers. */
  HL_STORE_ROLLUP_GUARDS
  /* A kiosk of this database (its key is here, or it has a chain here) numbers its own responses; a row
   * under its id without a number can only come from outside (an import), and would take a number the
   * kiosk is about to use. */
  "CREATE TRIGGER responses_own_kiosk BEFORE INSERT ON responses WHEN NEW.seq IS NULL AND"
  "  (EXISTS (SELECT 1 FROM kiosk_keys WHERE kiosk_id = NEW.kiosk_id)"
  "   OR EXISTS (SELECT 1 FROM chain WHERE kiosk_id = NEW.kiosk_id))"
  "  BEGIN SELECT RAISE (ABORT, 'this kiosk is the database''s own: only the kiosk records its responses'); END;",
  /* 4: the supervisor's dashboard. The supervisor PIN only as its argon2id hash (crypto_pwhash_str), with
   * the lock-out's state, so that a restart neither clears nor shortens a lock; one row at most. */
  "CREATE TABLE supervisor_pin ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  pin_hash TEXT,"                          /* NULL: not set, the first-start assistant runs */
  "  failures INTEGER NOT NULL DEFAULT 0,"    /* wrong PINs since the last right one or the last lock */
  "  lockouts INTEGER NOT NULL DEFAULT 0,"    /* locks since the last right PIN: each doubles the next */
  "  locked_until INTEGER NOT NULL DEFAULT 0" /* Unix seconds; 0 when not locked */
  ");"
  /* Officers signing in to and out of a counter, which ties ratings to officers: append-only, so that
   * who was on duty when can always be told. */
  "CREATE TABLE duty_log ("
  "  id INTEGER PRIMARY KEY,"
  "  kiosk_id TEXT NOT NULL,"
  "  counter_code TEXT NOT NULL,"
  "  officer_code TEXT,"                      /* NULL: signed out */
  "  recorded_at TEXT NOT NULL,"              /* ISO 8601 with the kiosk's offset */
  "  recorded_utc INTEGER NOT NULL"
  ");"
  "CREATE INDEX duty_log_by_counter ON duty_log (kiosk_id, counter_code, id);"
  "CREATE TRIGGER duty_log_append_only_u BEFORE UPDATE ON duty_log"
  "  BEGIN SELECT RAISE (ABORT, 'the duty log is append-only'); END;"
  "CREATE TRIGGER duty_log_append_only_d BEFORE DELETE ON duty_log"
  "  BEGIN SELECT RAISE (ABORT, 'the duty log is append-only'); END;"
  /* The alerts raised, so that each rule raises once per window or day also across a restart, and the
   * dashboard lists the day's alerts. */
  "CREATE TABLE alerts ("
  "  id INTEGER PRIMARY KEY,"
  "  kiosk_id TEXT NOT NULL,"
  "  counter_code TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"                     /* "unsatisfied-share", "day-below-target" */
  "  rule INTEGER NOT NULL,"                  /* the rule's position in the configuration's "alerts" */
  "  day TEXT NOT NULL,"                      /* local date, YYYY-MM-DD */
  "  raised_at TEXT NOT NULL,"
  "  raised_utc INTEGER NOT NULL,"
  "  answers INTEGER NOT NULL,"
  "  unsatisfied INTEGER NOT NULL,"
  "  value REAL,"
  "  ci_low REAL,"
  "  ci_high REAL,"
  "  threshold REAL,"
  "  message TEXT NOT NULL"
  ");"
  "CREATE INDEX alerts_by_rule ON alerts (kiosk_id, counter_code, kind, rule, raised_utc);"
  "CREATE INDEX alerts_by_day ON alerts (kiosk_id, day);",
  /* 5: export and import of bundles (docs/bundle-format.md).
   * On a kiosk: the log of its exports, so that the next one starts where the last ended. */
  "CREATE TABLE export_log ("
  "  id INTEGER PRIMARY KEY,"
  "  created_at TEXT NOT NULL,"             /* ISO 8601, local time with offset */
  "  kiosk_id TEXT NOT NULL,"
  "  period_from TEXT,"                     /* days of the first and last response exported, or NULL */
  "  period_to TEXT,"
  "  first_sequence INTEGER,"
  "  last_sequence INTEGER,"
  "  first_link INTEGER,"
  "  last_link INTEGER,"
  "  chain_head TEXT NOT NULL,"             /* hex: the hash of last_link */
  "  responses INTEGER NOT NULL,"
  "  bundle_id TEXT NOT NULL,"
  "  file TEXT NOT NULL"                    /* where it was written */
  ");"
  /* At the province: the kiosks whose bundles it accepts (kiosk_keys, of migration 3, holds the keys of
   * the database's own kiosks, which sign its chain), */
  "CREATE TABLE trusted_keys ("
  "  kiosk_id TEXT PRIMARY KEY,"
  "  public_key TEXT NOT NULL,"             /* Ed25519, hex */
  "  added_at TEXT NOT NULL,"
  "  source TEXT NOT NULL"                  /* 'enrolment' (hailong keys add) or 'trust-new' */
  ") WITHOUT ROWID;"
  /* the links of each kiosk's chain it holds (the records themselves are in responses and answers, under
   * the province's own row numbers, so only the hashes are kept, to check that the next bundle continues
   * the same history), */
  "CREATE TABLE kiosk_links ("
  "  kiosk_id TEXT NOT NULL,"
  "  link INTEGER NOT NULL,"
  "  seq INTEGER,"                          /* the response's sequence number for a link of a new response */
  "  prev BLOB NOT NULL,"                   /* the hash of the link before */
  "  hash BLOB NOT NULL,"
  "  PRIMARY KEY (kiosk_id, link)"
  ") WITHOUT ROWID;"
  /* and the bundles it imported, so that importing one again is recognised at once. */
  "CREATE TABLE imported_bundles ("
  "  bundle_id TEXT PRIMARY KEY,"           /* hex SHA-256 of the bundle's signature */
  "  kiosk_id TEXT NOT NULL,"
  "  first_link INTEGER,"
  "  last_link INTEGER,"
  "  first_sequence INTEGER,"
  "  last_sequence INTEGER,"
  "  responses INTEGER NOT NULL,"
  "  responses_added INTEGER NOT NULL,"
  "  imported_at TEXT NOT NULL,"
  "  file TEXT NOT NULL"
  ") WITHOUT ROWID;"
  /* and a day's rollups read from a kiosk's QR codes, kept apart from the rollups of the responses it
   * holds (which the answers must give again) and read with them by the index. */
  "CREATE TABLE qr_day_counts " ROLLUP_TABLE
  "CREATE TABLE qr_burst_counts " ROLLUP_TABLE,
  /* 6: the month rollups (MONTH_ROLLUP_TABLE), so that a year's index reads twelve months where it read
   * 365 days. Filled here from the day rollups the file holds, then kept by the same writes as the days
   * (hl_store_flush_counts(), hl_store_recount_months()), behind the same guards. */
  "CREATE TABLE month_counts " MONTH_ROLLUP_TABLE
  "CREATE TABLE month_burst_counts " MONTH_ROLLUP_TABLE
  "INSERT INTO month_counts (" MONTH_KEY ", n) " MONTHS_OF_DAYS ("day_counts", "") ";"
  "INSERT INTO month_burst_counts (" MONTH_KEY ", n) " MONTHS_OF_DAYS ("burst_counts", "") ";"
  HL_STORE_MONTH_GUARDS,
  /* 7: the province's completeness (docs/province.md, "hailong status"): the bundles it refused, with the
   * reason, so that `hailong status` and the report can say which kiosks' data did not arrive and why.
   * The kiosk is the one its manifest names, which a refused bundle does not prove; a refusal counts as
   * resolved once a bundle of the same file is imported later (a fixed copy, or a key enrolled since). */
  "CREATE TABLE refused_bundles ("
  "  id INTEGER PRIMARY KEY,"
  "  file TEXT NOT NULL,"                   /* as given to hailong import */
  "  kiosk_id TEXT,"                        /* as its manifest claims, or NULL when it could not be read */
  "  reason TEXT NOT NULL,"                 /* a short code: signature, tampered, unknown-key, … */
  "  message TEXT NOT NULL,"                /* the one line import printed */
  "  refused_at TEXT NOT NULL,"             /* ISO 8601, local time with offset */
  "  resolved_at TEXT"                      /* when a bundle of the same file was imported, or NULL */
  ");"
  "CREATE INDEX refused_bundles_by_file ON refused_bundles (file) WHERE resolved_at IS NULL;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == HL_STORE_SCHEMA_VERSION + 1);


gboolean
hl_store_get_schema_version (HlStore  *self,
                             int      *version,
                             GError  **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  *version = -1;
  text = hl_store_pragma_text (self, "PRAGMA user_version", error);
  if (text == NULL)
    return FALSE;
  *version = atoi (text);
  return TRUE;
}

/* Work a migration needs beyond its SQL, run in the same transaction; NULL for none. */
static gboolean (*const migration_steps[]) (HlStore *, GError **) = {
  NULL,
  NULL,
  hl_store_chain_backfill,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migration_steps) == HL_STORE_SCHEMA_VERSION + 1);

static gboolean
newer_schema (HlStore  *self,
              int       version,
              GError  **error)
{
  g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NEWER_SCHEMA,
               "%s: the database has schema version %d, newer than this software's %d; "
               "use a newer version of Hài Lòng", self->path, version, HL_STORE_SCHEMA_VERSION);
  return FALSE;
}

/* For a reader: the schema is exactly this software's, else an error that says what to do. */
gboolean
hl_store_check_schema (HlStore  *self,
                       GError  **error)
{
  int version;

  if (!hl_store_get_schema_version (self, &version, error))
    return FALSE;
  if (version > HL_STORE_SCHEMA_VERSION)
    return newer_schema (self, version, error);
  if (version == 0)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_OLDER_SCHEMA,
                   "%s: not a Hài Lòng database (schema version 0)", self->path);
      return FALSE;
    }
  if (version < HL_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_OLDER_SCHEMA,
                   "%s: the database has schema version %d, older than this software's %d, and reading "
                   "never upgrades it; the kiosk, `hailong import` and `hailong simulate` upgrade a database "
                   "when they open it (work on a copy if this file must stay as it is)",
                   self->path, version, HL_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  self->version = version;
  return TRUE;
}

gboolean
hl_store_migrate (HlStore  *self,
                  int       target_version,
                  GError  **error)
{
  int version;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (target_version >= 0 && target_version <= HL_STORE_SCHEMA_VERSION, FALSE);

  if (!hl_store_get_schema_version (self, &version, error))
    return FALSE;
  self->version = version;
  if (version > HL_STORE_SCHEMA_VERSION)
    return newer_schema (self, version, error);
  while (version < target_version)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      /* Each migration and its version number are one transaction: a power cut leaves either. */
      if (!hl_store_tx_begin (self, error))
        return FALSE;
      if (!hl_store_exec (self, migrations[version + 1], error)
          || (migration_steps[version + 1] != NULL && !migration_steps[version + 1] (self, error))
          || !hl_store_exec (self, set_version, error))
        {
          g_prefix_error (error, "migration %d: ", version + 1);
          hl_store_tx_rollback (self);
          return FALSE;
        }
      if (!hl_store_tx_commit (self, error))
        return FALSE;
      version++;
      self->version = version;
      g_debug ("%s: migrated to schema version %d", self->path, version);
    }
  return TRUE;
}

