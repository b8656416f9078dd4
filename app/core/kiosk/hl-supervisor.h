/* hl-supervisor.h: what the supervisor's dashboard asks of the kiosk, without GTK: the supervisor PIN
 * with its lock-out, and the alerts. (Officers on duty are part of the session: hl-kiosk.h.)
 *
 * Every time is the kiosk's clock (hl_kiosk_set_clock()), so that tests can move it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hl-kiosk.h"
#include "hl-store-supervisor.h"

G_BEGIN_DECLS

#define HL_PIN_ERROR (hl_pin_error_quark ())

typedef enum {
  HL_PIN_ERROR_INVALID,     /* not a PIN: it must be 4 to 12 digits */
  HL_PIN_ERROR_WRONG,       /* not the supervisor PIN (counted towards the lock-out) */
  HL_PIN_ERROR_LOCKED,      /* too many wrong PINs: the pad refuses every PIN until the lock ends */
  HL_PIN_ERROR_NOT_SET,     /* no PIN yet: run the first-start assistant */
  HL_PIN_ERROR_ALREADY_SET, /* the first-start assistant may not replace a PIN */
  HL_PIN_ERROR_FAILED,      /* hashing failed (out of memory) */
} HlPinError;

/* The lock-out: after this many wrong PINs in a row the pad locks, first for HL_PIN_LOCK_SECONDS, each
 * further lock twice as long as the one before, at most HL_PIN_LOCK_MAX_SECONDS. A right PIN ends the
 * series. Failures and locks are in the database, so a restart neither clears nor shortens them. */
#define HL_PIN_MAX_FAILURES     5
#define HL_PIN_LOCK_SECONDS     30
#define HL_PIN_LOCK_MAX_SECONDS 3600
#define HL_PIN_MIN_DIGITS       4
#define HL_PIN_MAX_DIGITS       12

typedef enum {
  HL_PIN_STATUS_NEEDS_SETUP, /* no PIN set: the first-start assistant runs */
  HL_PIN_STATUS_READY,       /* the pad takes a PIN */
  HL_PIN_STATUS_LOCKED,      /* the pad refuses every PIN until locked_until */
} HlPinStatus;

GType hl_pin_status_get_type (void) G_GNUC_CONST;
#define HL_TYPE_PIN_STATUS (hl_pin_status_get_type ())

/* What the PIN pad shows. */
typedef struct {
  HlPinStatus status;
  guint       tries_left;     /* READY: wrong PINs left before the pad locks */
  gint64      locked_until;   /* LOCKED: Unix seconds (UTC) */
  guint       seconds_left;   /* LOCKED: until locked_until, by the kiosk's clock */
} HlPinState;

GQuark      hl_pin_error_quark        (void);

/* Reads the pad's state from the database, by the kiosk's clock. */
gboolean    hl_kiosk_get_pin_state    (HlKiosk      *kiosk,
                                       HlPinState   *state,
                                       GError      **error);
/* The first-start assistant: sets the PIN when none is set (else HL_PIN_ERROR_ALREADY_SET). Only its
 * argon2id hash (libsodium crypto_pwhash_str, interactive limits) is stored. Takes about a tenth of a
 * second, like hl_kiosk_check_pin(). */
gboolean    hl_kiosk_set_pin          (HlKiosk      *kiosk,
                                       const char   *pin,
                                       GError      **error);
/* TRUE for the right PIN. A wrong one fails with HL_PIN_ERROR_WRONG and counts towards the lock-out; a
 * locked pad fails with HL_PIN_ERROR_LOCKED without looking at the PIN. Hashing takes about a tenth of a
 * second (argon2id, interactive limits). */
gboolean    hl_kiosk_check_pin        (HlKiosk      *kiosk,
                                       const char   *pin,
                                       GError      **error);
/* hl_kiosk_check_pin() without blocking the kiosk's thread: the refusals that need no hash (locked, not
 * set, not a PIN) and the counting of the try happen at once, on the calling thread; only the hash is
 * computed on a worker thread, which never touches the database; the result is taken, and a right PIN
 * cleared, in hl_kiosk_check_pin_finish() on the calling thread. One check at a time. */
void        hl_kiosk_check_pin_async  (HlKiosk             *kiosk,
                                       const char          *pin,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean    hl_kiosk_check_pin_finish (HlKiosk             *kiosk,
                                       GAsyncResult        *result,
                                       GError             **error);
/* Replaces the PIN after checking the old one exactly as hl_kiosk_check_pin() does. */
gboolean    hl_kiosk_change_pin       (HlKiosk      *kiosk,
                                       const char   *old_pin,
                                       const char   *new_pin,
                                       GError      **error);

/* Evaluates the configuration's alert rules (HlConfig.alert_rules) at the kiosk's counter, by the
 * kiosk's clock, and returns the alerts newly raised (HlAlert*, possibly none), which are also stored.
 * Each rule raises at most once per window (unsatisfied-share) or per day (day-below-target), never below
 * its min_answers. The kiosk calls this after each committed response and emits HlKiosk::alert for each
 * alert it returns; call it yourself only for a kiosk that does not rate (tests, tools). */
GPtrArray  *hl_kiosk_evaluate_alerts  (HlKiosk      *kiosk,
                                       GError      **error);
/* TRUE unless disabled: `hailong simulate` records millions of responses and raises no alerts. */
void        hl_kiosk_set_alerts_enabled (HlKiosk    *kiosk,
                                       gboolean      enabled);
/* The alerts raised today (by the kiosk's clock) at this kiosk, oldest first, HlAlert*: what the
 * dashboard's first page lists, also after a restart. */
GPtrArray  *hl_kiosk_list_alerts      (HlKiosk      *kiosk,
                                       GError      **error);

G_END_DECLS
