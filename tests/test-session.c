/* test-session.c: quitting, restarting and shutting down need a supervisor signed in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hl-session.h"

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_refused_without_supervisor (void)
{
  g_autoptr(HlSession) session = hl_session_new ();
  HlLeave all[] = { HL_LEAVE_QUIT, HL_LEAVE_RESTART, HL_LEAVE_SHUTDOWN };

  g_assert_false (hl_session_get_supervisor (session));
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (hl_session_check_leave (session, all[i], &error));
      g_assert_error (error, HL_SESSION_ERROR, HL_SESSION_ERROR_NOT_SIGNED_IN);
      g_assert_nonnull (strstr (error->message, hl_leave_to_string (all[i])));
    }
}

static void
test_allowed_while_signed_in (void)
{
  g_autoptr(HlSession) session = hl_session_new ();
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  g_signal_connect (session, "notify::supervisor", G_CALLBACK (notify_cb), &notified);
  hl_session_sign_in_supervisor (session);
  hl_session_sign_in_supervisor (session);   /* no change: no second notification */
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (hl_session_check_leave (session, HL_LEAVE_QUIT, &error));
  g_assert_no_error (error);
  g_assert_true (hl_session_check_leave (session, HL_LEAVE_SHUTDOWN, &error));
  g_assert_no_error (error);

  /* Signing out closes the way again. */
  hl_session_sign_out (session);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_false (hl_session_check_leave (session, HL_LEAVE_RESTART, &error));
  g_assert_error (error, HL_SESSION_ERROR, HL_SESSION_ERROR_NOT_SIGNED_IN);
}

/* An export under way holds the idle logout, two at once until both end, and says so once each way. */
static void
test_work_holds_idle_logout (void)
{
  g_autoptr(HlSession) session = hl_session_new ();
  guint notified = 0;
  gboolean busy = TRUE;

  g_signal_connect (session, "notify::busy", G_CALLBACK (notify_cb), &notified);
  g_assert_true (hl_session_may_log_out_idle (session));
  hl_session_begin_work (session);
  g_assert_false (hl_session_may_log_out_idle (session));
  hl_session_begin_work (session);
  hl_session_end_work (session);
  g_assert_false (hl_session_may_log_out_idle (session));
  g_object_get (session, "busy", &busy, NULL);
  g_assert_true (busy);
  hl_session_end_work (session);
  g_assert_true (hl_session_may_log_out_idle (session));
  g_object_get (session, "busy", &busy, NULL);
  g_assert_false (busy);
  g_assert_cmpuint (notified, ==, 2);
}

/* Nor does the kiosk quit, restart or shut down in the middle of an export. */
static void
test_work_holds_leave (void)
{
  g_autoptr(HlSession) session = hl_session_new ();
  g_autoptr(GError) error = NULL;

  hl_session_sign_in_supervisor (session);
  hl_session_begin_work (session);
  g_assert_false (hl_session_check_leave (session, HL_LEAVE_SHUTDOWN, &error));
  g_assert_error (error, HL_SESSION_ERROR, HL_SESSION_ERROR_BUSY);
  g_clear_error (&error);
  hl_session_end_work (session);
  g_assert_true (hl_session_check_leave (session, HL_LEAVE_SHUTDOWN, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session/refused-without-supervisor", test_refused_without_supervisor);
  g_test_add_func ("/session/allowed-while-signed-in", test_allowed_while_signed_in);
  g_test_add_func ("/session/work-holds-idle-logout", test_work_holds_idle_logout);
  g_test_add_func ("/session/work-holds-leave", test_work_holds_leave);
  return g_test_run ();
}
