/* hl-session.c: see hl-session.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-session"

#include "config.h"

#include "hl-session.h"

struct _HlSession {
  GObject   parent_instance;

  gboolean  supervisor;   /* a supervisor signed in on the dashboard and has not signed out */
  guint     busy;         /* works under way that the idle logout must wait for (an export to a stick) */
};

enum {
  PROP_0,
  PROP_SUPERVISOR,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HlSession, hl_session, G_TYPE_OBJECT)
G_DEFINE_QUARK (hl-session-error-quark, hl_session_error)

static void
hl_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HlSession *self = HL_SESSION (object);

  switch (prop_id)
    {
    case PROP_SUPERVISOR:
      g_value_set_boolean (value, self->supervisor);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_session_class_init (HlSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = hl_session_get_property;

  /* TRUE while a supervisor is signed in: the dashboard binds its quit, restart and shut-down buttons
   * to it, and the kiosk's own actions check it again (hl_session_check_leave). */
  properties[PROP_SUPERVISOR] =
    g_param_spec_boolean ("supervisor", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE while a work the supervisor started runs (hl_session_begin_work): the dashboard's idle logout
   * waits for its end and counts its time from there. */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hl_session_init (HlSession *self)
{
}

HlSession *
hl_session_new (void)
{
  return g_object_new (HL_TYPE_SESSION, NULL);
}

static void
set_supervisor (HlSession *self,
                gboolean   supervisor)
{
  if (self->supervisor == supervisor)
    return;
  self->supervisor = supervisor;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUPERVISOR]);
}

/* Called by the dashboard once the supervisor's PIN has been checked; the PIN itself is not this
 * object's business. */
void
hl_session_sign_in_supervisor (HlSession *self)
{
  g_return_if_fail (HL_IS_SESSION (self));

  set_supervisor (self, TRUE);
}

void
hl_session_sign_out (HlSession *self)
{
  g_return_if_fail (HL_IS_SESSION (self));

  set_supervisor (self, FALSE);
}

gboolean
hl_session_get_supervisor (HlSession *self)
{
  g_return_val_if_fail (HL_IS_SESSION (self), FALSE);

  return self->supervisor;
}

/* An export to a stick must not be cut by the idle logout: a supervisor watches the progress bar without
 * touching the screen, and a logout would cancel the export at the end of a long write. So the work holds
 * the idle logout from hl_session_begin_work() to hl_session_end_work(); the dashboard then counts its
 * two minutes from the end, so that the supervisor reads "done" (or what went wrong) first. A logout the
 * supervisor asks for (Đăng xuất, Escape) is not held: it cancels the work, which leaves the kiosk's data
 * as it was. */
void
hl_session_begin_work (HlSession *self)
{
  g_return_if_fail (HL_IS_SESSION (self));

  if (self->busy++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
hl_session_end_work (HlSession *self)
{
  g_return_if_fail (HL_IS_SESSION (self));
  g_return_if_fail (self->busy > 0);

  if (--self->busy == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Whether the idle logout, when its time has come, may close the dashboard now. */
gboolean
hl_session_may_log_out_idle (HlSession *self)
{
  g_return_val_if_fail (HL_IS_SESSION (self), TRUE);

  return self->busy == 0;
}

const char *
hl_leave_to_string (HlLeave what)
{
  switch (what)
    {
    case HL_LEAVE_QUIT:
      return "quit";
    case HL_LEAVE_RESTART:
      return "restart";
    case HL_LEAVE_SHUTDOWN:
      return "shutdown";
    default:
      g_return_val_if_reached ("unknown");
    }
}

/* Whether WHAT may happen now. Every way out of the kiosk goes through here, whether it comes from a
 * dashboard button, a key or `gapplication action` over D-Bus. */
gboolean
hl_session_check_leave (HlSession  *self,
                        HlLeave     what,
                        GError    **error)
{
  g_return_val_if_fail (HL_IS_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->supervisor)
    {
      g_set_error (error, HL_SESSION_ERROR, HL_SESSION_ERROR_NOT_SIGNED_IN,
                   "%s needs a supervisor signed in on the dashboard", hl_leave_to_string (what));
      return FALSE;
    }
  /* Stopping mid-export would leave the stick with part of the export (hl-usb.c removes it only when it
   * runs to its end): the supervisor waits for the bar, a matter of seconds. */
  if (self->busy > 0)
    {
      g_set_error (error, HL_SESSION_ERROR, HL_SESSION_ERROR_BUSY,
                   "%s waits for the export to a USB stick under way", hl_leave_to_string (what));
      return FALSE;
    }
  return TRUE;
}
