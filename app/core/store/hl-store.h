/* hl-store.h: the kiosk's and the province's database (SQLite; see docs/storage.md).
 *
 * All SQL of the project lives behind this header, so that the province side can move to another
 * database without touching the rest of core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-types.h"
#include "hl-survey.h"

G_BEGIN_DECLS

#define HL_STORE_ERROR (hl_store_error_quark ())

/* The store's errors say what went wrong in terms of the data, not of the database engine: the store maps
 * its back end's codes (SQLite's today) onto these, so that callers never depend on the engine and another
 * back end can come without touching them. The message keeps the engine's own words for the log. */
typedef enum {
  HL_STORE_ERROR_FAILED,       /* anything not named below */
  HL_STORE_ERROR_CORRUPT,      /* the file is damaged, or is not a database */
  HL_STORE_ERROR_FULL,         /* the disk (or the file's size limit) is full */
  HL_STORE_ERROR_IO,           /* reading or writing the file failed */
  HL_STORE_ERROR_BUSY,         /* another connection holds the database longer than the store waits */
  HL_STORE_ERROR_CONSTRAINT,   /* a rule of the schema refused the change (append-only, unique, reference) */
  HL_STORE_ERROR_READ_ONLY,    /* the file, its directory or the connection does not take writes */
  HL_STORE_ERROR_CANNOT_OPEN,  /* the file cannot be opened (missing, not permitted) */
  HL_STORE_ERROR_NEWER_SCHEMA, /* the file was written by a newer version of the software */
  HL_STORE_ERROR_OLDER_SCHEMA, /* a reader met a schema that only a writer may migrate */
  HL_STORE_ERROR_CONFLICT,     /* the data contradicts what is stored already */
  HL_STORE_ERROR_NOT_FOUND,    /* what was asked for is not stored */
  HL_STORE_ERROR_SETTING,      /* the database refused a setting the store depends on (WAL, durability) */
  HL_STORE_ERROR_CHAIN,        /* the hash chain does not match the stored records */
  HL_STORE_ERROR_ROLLUPS,      /* the per-day rollups do not follow from the stored answers */
  HL_STORE_ERROR_SURVEY,       /* a stored survey definition does not match its digest */
  HL_STORE_ERROR_OWNED,        /* a running kiosk owns the database: no other writer while it runs */
  HL_STORE_ERROR_KEY,          /* a signing key that does not fit the kiosk or its chain */
} HlStoreError;

/* One citizen's response. The strings are borrowed: the store copies what it keeps. */
struct _HlResponse {
  gint64      row_id;         /* out: the database row */
  const char *kiosk_id;
  const char *response_id;    /* NULL: the kiosk's own response, named by its sequence number */
  gint64      sequence;       /* out for the kiosk's own responses; 0 for imported ones */
  const char *recorded_at;    /* ISO 8601 with the kiosk's UTC offset */
  gint64      recorded_utc;   /* the same instant, Unix seconds */
  const char *day;            /* YYYY-MM-DD, the local date of recorded_at */
  const char *unit;
  const char *counter;
  const char *officer;        /* NULL when unknown */
  const char *procedure;      /* NULL when unknown */
  const char *field;          /* NULL when unknown */
  const char *survey_id;
  int         survey_version;
  gboolean    repeat;         /* pressed within the response interval: kept, never counted */
  gboolean    burst;          /* more at this counter than could have been served: counted, and flagged */
  const char *ticket_hash;    /* the keyed hash of the ticket that armed the kiosk, or NULL */
  gint64      detail_of;      /* a detailed rating: the row of the same citizen's quick response; else 0 */
};

typedef struct {
  const char *question_id;
  int         value;
} HlAnswer;

/* A row of the per-day rollups: how many answers of one value (or, with an empty question id, how many
 * counted responses) one day saw for one combination of keys. NULL keys are unknown. */
typedef struct {
  const char *day;
  const char *kiosk_id;
  const char *unit;
  const char *counter;
  const char *officer;
  const char *procedure;
  const char *field;
  const char *survey_id;
  int         survey_version;
  const char *question_id;  /* "" for the response count */
  int         value;
  gint64      n;
} HlCountRow;

typedef void (*HlCountFunc) (const HlCountRow *row,
                             gpointer          user_data);

/* The key columns a reader of the rollups needs (hl_store_foreach_rollup()); the others come as NULL, and
 * are not decoded: a year of a province is hundreds of thousands of rows. */
typedef enum {
  HL_COUNT_KEY_DAY       = 1 << 0,  /* the day, or the month of a month row */
  HL_COUNT_KEY_KIOSK     = 1 << 1,
  HL_COUNT_KEY_UNIT      = 1 << 2,
  HL_COUNT_KEY_COUNTER   = 1 << 3,
  HL_COUNT_KEY_OFFICER   = 1 << 4,
  HL_COUNT_KEY_PROCEDURE = 1 << 5,
  HL_COUNT_KEY_FIELD     = 1 << 6,
  HL_COUNT_KEYS_ALL      = (1 << 7) - 1,
} HlCountKeys;

/* A kiosk whose responses 1..@last_backfilled were stored before the database had a chain and were
 * chained when it was upgraded (at @backfilled_at, ISO 8601 UTC, or NULL when unknown). */
typedef void (*HlChainStartFunc) (const char *kiosk_id,
                                  gint64      last_backfilled,
                                  const char *backfilled_at,
                                  gpointer    user_data);

#define HL_STORE_SCHEMA_VERSION 7

GQuark     hl_store_error_quark            (void);

HlStore   *hl_store_open                   (const char     *path,
                                            GError        **error);
HlStore   *hl_store_open_at_version        (const char     *path,
                                            int             version,
                                            GError        **error);
HlStore   *hl_store_open_readonly          (const char     *path,
                                            GError        **error);
void       hl_store_close                  (HlStore        *self);
const char*hl_store_get_path               (HlStore        *self);
gboolean   hl_store_get_schema_version     (HlStore        *self,
                                            int            *version,
                                            GError        **error);
gboolean   hl_store_migrate                (HlStore        *self,
                                            int             target_version,
                                            GError        **error);

gboolean   hl_store_set_meta               (HlStore        *self,
                                            const char     *key,
                                            const char     *value,
                                            GError        **error);
char      *hl_store_get_meta               (HlStore        *self,
                                            const char     *key,
                                            GError        **error);

gboolean   hl_store_save_survey            (HlStore        *self,
                                            HlSurvey       *survey,
                                            GError        **error);
HlSurvey  *hl_store_load_survey            (HlStore        *self,
                                            const char     *id,
                                            int             version,
                                            GError        **error);

gboolean   hl_store_append_response        (HlStore        *self,
                                            HlResponse     *response,
                                            const HlAnswer *answers,
                                            guint           n_answers,
                                            GError        **error);
gboolean   hl_store_append_answers         (HlStore        *self,
                                            gint64          response_row,
                                            const HlAnswer *answers,
                                            guint           n_answers,
                                            GError        **error);
gboolean   hl_store_replace_answer         (HlStore        *self,
                                            gint64          response_row,
                                            const char     *question_id,
                                            int             value,
                                            GError        **error);
gboolean   hl_store_begin                  (HlStore        *self,
                                            GError        **error);
gboolean   hl_store_commit                 (HlStore        *self,
                                            GError        **error);
void       hl_store_rollback               (HlStore        *self);
gboolean   hl_store_quick_check            (HlStore        *self,
                                            GError        **error);
gboolean   hl_store_backup                 (HlStore        *self,
                                            const char     *dest,
                                            GError        **error);
gboolean   hl_store_probe_write            (HlStore        *self,
                                            GError        **error);
gboolean   hl_store_lookup_response        (HlStore        *self,
                                            const char     *kiosk_id,
                                            const char     *response_id,
                                            gboolean       *found,
                                            gint64         *row_id,
                                            GError        **error);
gint64     hl_store_count_recent           (HlStore        *self,
                                            const char     *kiosk_id,
                                            const char     *counter,
                                            gint64          since_utc,
                                            GError        **error);
gboolean   hl_store_ticket_used            (HlStore        *self,
                                            const char     *ticket_hash,
                                            gboolean       *used,
                                            GError        **error);
gboolean   hl_store_get_last_response      (HlStore        *self,
                                            const char     *kiosk_id,
                                            gboolean       *found,
                                            gint64         *sequence,
                                            gint64         *recorded_utc,
                                            GError        **error);
gboolean   hl_store_verify_chain           (HlStore        *self,
                                            gint64         *n_responses,
                                            gint64         *last_sequence,
                                            GError        **error);
gboolean   hl_store_foreach_chain_start    (HlStore        *self,
                                            HlChainStartFunc func,
                                            gpointer        user_data,
                                            GError        **error);
gboolean   hl_store_count_own_responses    (HlStore        *self,
                                            gint64         *n,
                                            char          **kiosk_ids,
                                            GError        **error);
gint64     hl_store_count_responses        (HlStore        *self,
                                            GError        **error);

/* Trust (hl-store-trust.c, schema 3; docs/storage.md "Trust").
 *
 * Signs @length bytes of @message with the kiosk's Ed25519 secret key into @signature (64 bytes). The
 * store never holds the key: the layer that loads it (exchange/hl-identity.c) passes this down. */
typedef gboolean (*HlStoreSignFunc) (const guint8 *message,
                                     gsize         length,
                                     guint8       *signature,
                                     gpointer      user_data);

/* What hl_store_verify_chains() found for one kiosk's chain. */
typedef struct {
  char     *kiosk_id;
  gint64    n_links;
  gint64    n_responses;
  gint64    last_sequence;
  gboolean  has_key;          /* the database holds the kiosk's public key (kiosk_keys) */
  guint8    public_key[32];
  gint64    signed_from;      /* the first link that must be signed (links before it were written before
                               * the kiosk signed, and are covered by the signature over the link just
                               * before it); 0 without a key */
} HlChainInfo;

void       hl_chain_info_free              (HlChainInfo    *info);

gboolean   hl_store_set_signer             (HlStore        *self,
                                            const char     *kiosk_id,
                                            const guint8   *public_key,
                                            HlStoreSignFunc func,
                                            gpointer        user_data,
                                            GDestroyNotify  destroy,
                                            GError        **error);
GPtrArray *hl_store_verify_chains          (HlStore        *self,
                                            GError        **error);
gboolean   hl_store_verify_surveys         (HlStore        *self,
                                            gint64         *n_surveys,
                                            GError        **error);
gboolean   hl_store_verify_rollups         (HlStore        *self,
                                            GError        **error);
gboolean   hl_store_rebuild_rollups        (HlStore        *self,
                                            GError        **error);
gboolean   hl_store_is_own_kiosk           (HlStore        *self,
                                            const char     *kiosk_id,
                                            gboolean       *own,
                                            GError        **error);

/* Who may write a database file (hl-store-owner.c). A running kiosk owns its database for its lifetime;
 * other writers (import, simulate) share it among themselves but never with a kiosk. Readers (verify,
 * index) need no claim. */
typedef enum {
  HL_STORE_CLAIM_KIOSK,   /* exclusive, for a kiosk's lifetime */
  HL_STORE_CLAIM_WRITER,  /* shared among writers that are not a kiosk */
} HlStoreClaimKind;

typedef struct _HlStoreClaim HlStoreClaim;

HlStoreClaim *hl_store_claim               (const char      *db_path,
                                            HlStoreClaimKind kind,
                                            GError         **error);
void       hl_store_claim_release          (HlStoreClaim   *claim);
gboolean   hl_store_foreach_count          (HlStore        *self,
                                            const char     *from_day,
                                            const char     *to_day,
                                            HlCountFunc     func,
                                            gpointer        user_data,
                                            GError        **error);

gboolean   hl_store_foreach_burst_count    (HlStore        *self,
                                            const char     *from_day,
                                            const char     *to_day,
                                            HlCountFunc     func,
                                            gpointer        user_data,
                                            GError        **error);

gboolean   hl_store_has_month_counts       (HlStore        *self);

gboolean   hl_store_foreach_rollup         (HlStore        *self,
                                            gboolean        months,
                                            gboolean        bursts,
                                            HlCountKeys     keys,
                                            const char     *from,
                                            const char     *to,
                                            HlCountFunc     func,
                                            gpointer        user_data,
                                            GError        **error);

gboolean   hl_store_foreach_month_count    (HlStore        *self,
                                            const char     *from_month,
                                            const char     *to_month,
                                            HlCountFunc     func,
                                            gpointer        user_data,
                                            GError        **error);

gboolean   hl_store_foreach_month_burst_count (HlStore     *self,
                                            const char     *from_month,
                                            const char     *to_month,
                                            HlCountFunc     func,
                                            gpointer        user_data,
                                            GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlStore, hl_store_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlStoreClaim, hl_store_claim_release)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlChainInfo, hl_chain_info_free)

G_END_DECLS
