/* hl-supervisor.c: the supervisor PIN with its lock-out, and the alerts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-supervisor"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "hl-supervisor.h"
G_DEFINE_QUARK (hl-pin-error-quark, hl_pin_error)
G_DEFINE_ENUM_TYPE (HlPinStatus, hl_pin_status,
                    G_DEFINE_ENUM_VALUE (HL_PIN_STATUS_NEEDS_SETUP, "needs-setup"),
                    G_DEFINE_ENUM_VALUE (HL_PIN_STATUS_READY, "ready"),
                    G_DEFINE_ENUM_VALUE (HL_PIN_STATUS_LOCKED, "locked"))

static gint64
now_utc (HlKiosk *kiosk)
{
  g_autoptr(GDateTime) now = hl_kiosk_now (kiosk);

  return g_date_time_to_unix (now);
}

static gboolean
check_format (const char  *pin,
              GError     **error)
{
  size_t len = pin ? strlen (pin) : 0;

  for (size_t i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      len = 0;
  if (len < HL_PIN_MIN_DIGITS || len > HL_PIN_MAX_DIGITS)
    {
      g_set_error (error, HL_PIN_ERROR, HL_PIN_ERROR_INVALID, "a PIN is %d to %d digits",
                   HL_PIN_MIN_DIGITS, HL_PIN_MAX_DIGITS);
      return FALSE;
    }
  return TRUE;
}

/* argon2id explicitly (crypto_pwhash_str's default since libsodium 1.0.15, named here so that a change
 * of default cannot weaken it), with the interactive limits: about 0.1 s and 64 MiB on a kiosk. */
static char *
hash_pin (const char  *pin,
          GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (sodium_init () < 0
      || crypto_pwhash_str_alg (hash, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, HL_PIN_ERROR, HL_PIN_ERROR_FAILED, "hashing the PIN failed (out of memory)");
      return NULL;
    }
  return g_strdup (hash);
}

/* The PIN record as it stands now: a lock that has run out is over (the series of locks goes on until a
 * right PIN), and a lock that ends further away than the longest lock can only come from a clock set
 * back, so it is shortened to the longest lock from now, and stored so. */
static gboolean
read_record (HlKiosk      *kiosk,
             gint64        now,
             HlPinRecord  *record,
             GError      **error)
{
  if (!hl_store_get_pin (hl_kiosk_get_store (kiosk), record, error))
    return FALSE;
  if (record->locked_until != 0 && record->locked_until <= now)
    {
      record->locked_until = 0;
      record->failures = 0;
      return hl_store_put_pin (hl_kiosk_get_store (kiosk), record, error);
    }
  if (record->locked_until > now + HL_PIN_LOCK_MAX_SECONDS)
    {
      record->locked_until = now + HL_PIN_LOCK_MAX_SECONDS;
      return hl_store_put_pin (hl_kiosk_get_store (kiosk), record, error);
    }
  return TRUE;
}

static void
fill_state (const HlPinRecord *record,
            gint64             now,
            HlPinState        *state)
{
  memset (state, 0, sizeof *state);
  if (record->pin_hash == NULL)
    state->status = HL_PIN_STATUS_NEEDS_SETUP;
  else if (record->locked_until > now)
    {
      state->status = HL_PIN_STATUS_LOCKED;
      state->locked_until = record->locked_until;
      state->seconds_left = (guint) (record->locked_until - now);
    }
  else
    {
      state->status = HL_PIN_STATUS_READY;
      state->tries_left = record->failures < HL_PIN_MAX_FAILURES ? HL_PIN_MAX_FAILURES - record->failures : 0;
    }
}

gboolean
hl_kiosk_get_pin_state (HlKiosk     *kiosk,
                        HlPinState  *state,
                        GError     **error)
{
  gint64 now;
  HlPinRecord record = { 0 };

  g_return_val_if_fail (HL_IS_KIOSK (kiosk), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  now = now_utc (kiosk);
  if (!read_record (kiosk, now, &record, error))
    {
      hl_pin_record_clear (&record);
      return FALSE;
    }
  fill_state (&record, now, state);
  hl_pin_record_clear (&record);
  return TRUE;
}

static gboolean
store_new_pin (HlKiosk     *kiosk,
               const char  *pin,
               GError     **error)
{
  HlPinRecord record = { 0 };
  gboolean ok;

  record.pin_hash = hash_pin (pin, error);
  if (record.pin_hash == NULL)
    return FALSE;
  ok = hl_store_put_pin (hl_kiosk_get_store (kiosk), &record, error);
  hl_pin_record_clear (&record);
  return ok;
}

gboolean
hl_kiosk_set_pin (HlKiosk     *kiosk,
                  const char  *pin,
                  GError     **error)
{
  HlPinRecord record = { 0 };
  gboolean set;

  g_return_val_if_fail (HL_IS_KIOSK (kiosk), FALSE);

  if (!check_format (pin, error))
    return FALSE;
  if (!hl_store_get_pin (hl_kiosk_get_store (kiosk), &record, error))
    return FALSE;
  set = record.pin_hash != NULL;
  hl_pin_record_clear (&record);
  if (set)
    {
      g_set_error_literal (error, HL_PIN_ERROR, HL_PIN_ERROR_ALREADY_SET,
                           "a supervisor PIN is set already: change it from the dashboard, or reset it with "
                           "`hailong pin reset`");
      return FALSE;
    }
  if (!store_new_pin (kiosk, pin, error))
    return FALSE;
  g_message ("supervisor PIN set");
  return TRUE;
}

/* The failure is stored before the PIN is compared, so that cutting the power while the hash is being
 * computed does not buy a free try; a right PIN then clears it. */
gboolean
hl_kiosk_check_pin (HlKiosk     *kiosk,
                    const char  *pin,
                    GError     **error)
{
  HlStore *store;
  HlPinRecord record = { 0 };
  gint64 now;
  gboolean right;

  g_return_val_if_fail (HL_IS_KIOSK (kiosk), FALSE);

  store = hl_kiosk_get_store (kiosk);
  now = now_utc (kiosk);
  if (!read_record (kiosk, now, &record, error))
    goto fail;
  if (record.pin_hash == NULL)
    {
      g_set_error_literal (error, HL_PIN_ERROR, HL_PIN_ERROR_NOT_SET, "no supervisor PIN is set");
      goto fail;
    }
  if (record.locked_until > now)
    {
      g_set_error (error, HL_PIN_ERROR, HL_PIN_ERROR_LOCKED,
                   "too many wrong PINs: the pad is locked for %" G_GINT64_FORMAT " more seconds",
                   record.locked_until - now);
      goto fail;
    }
  if (!check_format (pin, error))
    goto fail;

  record.failures++;
  if (record.failures >= HL_PIN_MAX_FAILURES)
    {
      /* 30 s, then twice as long each time, at most an hour. */
      guint shift = MIN (record.lockouts, 16);
      gint64 delay = MIN ((gint64) HL_PIN_LOCK_SECONDS << shift, (gint64) HL_PIN_LOCK_MAX_SECONDS);

      record.lockouts++;
      record.failures = 0;
      record.locked_until = now + delay;
    }
  if (!hl_store_put_pin (store, &record, error))
    goto fail;

  right = sodium_init () >= 0 && crypto_pwhash_str_verify (record.pin_hash, pin, strlen (pin)) == 0;
  if (!right)
    {
      if (record.locked_until > now)
        {
          g_message ("wrong supervisor PIN: the pad is locked until %" G_GINT64_FORMAT, record.locked_until);
          g_set_error (error, HL_PIN_ERROR, HL_PIN_ERROR_WRONG,
                       "wrong PIN: the pad is locked for %" G_GINT64_FORMAT " seconds", record.locked_until - now);
        }
      else
        {
          g_message ("wrong supervisor PIN");
          g_set_error (error, HL_PIN_ERROR, HL_PIN_ERROR_WRONG, "wrong PIN: %u tries left",
                       HL_PIN_MAX_FAILURES - record.failures);
        }
      goto fail;
    }

  record.failures = 0;
  record.lockouts = 0;
  record.locked_until = 0;
  if (!hl_store_put_pin (store, &record, error))
    goto fail;
  hl_pin_record_clear (&record);
  return TRUE;

fail:
  hl_pin_record_clear (&record);
  return FALSE;
}

gboolean
hl_kiosk_change_pin (HlKiosk     *kiosk,
                     const char  *old_pin,
                     const char  *new_pin,
                     GError     **error)
{
  g_return_val_if_fail (HL_IS_KIOSK (kiosk), FALSE);

  if (!check_format (new_pin, error) || !hl_kiosk_check_pin (kiosk, old_pin, error))
    return FALSE;
  if (!store_new_pin (kiosk, new_pin, error))
    return FALSE;
  g_message ("supervisor PIN changed");
  return TRUE;
}

static gboolean
not_yet (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not implemented yet");
  return FALSE;
}

GPtrArray *hl_kiosk_evaluate_alerts (HlKiosk *kiosk, GError **error) { not_yet (error); return NULL; }
GPtrArray *hl_kiosk_list_alerts (HlKiosk *kiosk, GError **error) { not_yet (error); return NULL; }
