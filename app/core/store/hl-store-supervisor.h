/* hl-store-supervisor.h: what the supervisor's dashboard keeps in the database (schema migration 4):
 * the supervisor PIN's hash and its lock-out, the log of officers signing in and out of a counter, and
 * the alerts raised. The policy (how many tries, how long a lock) is the kiosk layer's (hl-supervisor.h);
 * this layer only stores and reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "hl-config.h"
#include "hl-store.h"

G_BEGIN_DECLS

/* The schema version that added the tables below. */
#define HL_STORE_SCHEMA_VERSION_DASHBOARD 4

/* The supervisor PIN as stored: never the PIN itself. A database without a PIN reads as all zeros and a
 * NULL hash. */
typedef struct {
  char   *pin_hash;      /* crypto_pwhash_str() output ("$argon2id$…"), or NULL: not set */
  guint   failures;      /* wrong PINs since the last right one or the last lock */
  guint   lockouts;      /* locks since the last right PIN: each one doubles the next delay */
  gint64  locked_until;  /* Unix seconds (UTC) until which the pad refuses every PIN; 0 when not locked */
} HlPinRecord;

void       hl_pin_record_clear          (HlPinRecord     *record);

/* Reads the PIN record into @record (which the caller clears with hl_pin_record_clear()). */
gboolean   hl_store_get_pin             (HlStore         *self,
                                         HlPinRecord     *record,
                                         GError         **error);
/* Replaces the PIN record, durably (its own transaction unless the caller holds one). */
gboolean   hl_store_put_pin             (HlStore         *self,
                                         const HlPinRecord *record,
                                         GError         **error);
/* Forgets the PIN and its lock-out (`hailong pin reset`): the next start runs the first-start assistant.
 * @had_pin, if not NULL, says whether a PIN was set. */
gboolean   hl_store_reset_pin           (HlStore         *self,
                                         gboolean        *had_pin,
                                         GError         **error);

/* An officer signing in to (@officer a code) or out of (@officer NULL) a kiosk's counter, appended to
 * the duty log with the time it happened. */
gboolean   hl_store_log_duty            (HlStore         *self,
                                         const char      *kiosk_id,
                                         const char      *counter,
                                         const char      *officer,
                                         const char      *recorded_at,
                                         gint64           recorded_utc,
                                         GError         **error);
/* The newest entry of the duty log for the counter: *@found is FALSE when nobody has ever signed in or
 * out there (then the configuration's officer on duty holds); else *@officer is the officer on duty
 * (NULL: signed out) and *@since_utc when that began. */
gboolean   hl_store_get_duty            (HlStore         *self,
                                         const char      *kiosk_id,
                                         const char      *counter,
                                         gboolean        *found,
                                         char           **officer,
                                         gint64          *since_utc,
                                         GError         **error);

typedef void (*HlValueCountFunc) (int      value,
                                  gint64   n,
                                  gpointer user_data);

/* For the alerts: how many counted (not repeat) responses pressed at @counter of @kiosk_id since
 * @since_utc gave each value to @question_id (the newest answer of each response). Reads the responses
 * of that window only, through their (kiosk, counter, time) index: never a scan of every response. */
gboolean   hl_store_foreach_recent_value(HlStore         *self,
                                         const char      *kiosk_id,
                                         const char      *counter,
                                         const char      *question_id,
                                         gint64           since_utc,
                                         HlValueCountFunc func,
                                         gpointer         user_data,
                                         GError         **error);

/* An alert that was raised. Owned strings; a boxed type, so that it can travel in a signal. */
typedef struct {
  HlAlertKind kind;
  guint       rule;          /* the position of its rule in the configuration's "alerts" */
  char       *kiosk_id;
  char       *counter;
  char       *day;           /* the local date it was raised on, YYYY-MM-DD */
  char       *raised_at;     /* ISO 8601 with the kiosk's offset */
  gint64      raised_utc;    /* Unix seconds */
  gint64      answers;       /* answers the rule looked at */
  gint64      unsatisfied;   /* of which unsatisfied */
  double      value;         /* unsatisfied-share: the share in percent; day-below-target: the rate */
  double      ci_low;        /* day-below-target: the rate's 95 % interval; NAN otherwise */
  double      ci_high;
  double      threshold;     /* the rule's min_share in percent, or the target */
  char       *message;       /* one line in Vietnamese, for the dashboard and the D-Bus signal */
} HlAlert;

GType        hl_alert_get_type        (void) G_GNUC_CONST;
#define HL_TYPE_ALERT (hl_alert_get_type ())
HlAlert     *hl_alert_copy            (const HlAlert *alert);
void         hl_alert_free            (HlAlert       *alert);

gboolean   hl_store_add_alert           (HlStore         *self,
                                         const HlAlert   *alert,
                                         GError         **error);
/* When the rule at position @rule of kind @kind last raised an alert at @counter: *@found FALSE if never. */
gboolean   hl_store_get_last_alert      (HlStore         *self,
                                         const char      *kiosk_id,
                                         const char      *counter,
                                         HlAlertKind      kind,
                                         guint            rule,
                                         gboolean        *found,
                                         gint64          *raised_utc,
                                         char           **day,
                                         GError         **error);
/* The alerts of @kiosk_id raised on local day @day, oldest first, as HlAlert* (free with
 * g_ptr_array_unref). */
GPtrArray *hl_store_list_alerts         (HlStore         *self,
                                         const char      *kiosk_id,
                                         const char      *day,
                                         GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlAlert, hl_alert_free)

G_END_DECLS
