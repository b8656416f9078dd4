/* hl-supervisor-page.c
 *
 * The way in: a press held three seconds in a top corner of the screen (where no citizen's button is),
 * or the configured key on the officer's keypad. Then the PIN pad; on the first start, the assistant
 * (set the PIN twice, confirm the unit and counter of the configuration, show the kiosk's key as a QR
 * code for enrolment). The dashboard is built only after a right PIN and destroyed at logout, so nothing
 * of it stays in the window for a citizen to see.
 *
 * The PIN is checked by core, its hash (argon2id, about a tenth of a second) on a worker thread
 * (hl_kiosk_check_pin_async). Setting it, once in a kiosk's life in the assistant, takes the same tenth
 * of a second on the main thread (hl_kiosk_set_pin has no asynchronous form).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-supervisor-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hl-application.h"
#include "hl-dashboard.h"
#include "hl-pin-pad.h"
#include "hl-qr-view.h"
#include "hl-session.h"
#include "hl-supervisor.h"
#include "hl-supervisor-page.h"

/* A press this long in a corner opens the PIN pad. */
#define CORNER_PRESS_MS 3000
/* The corner's size, in pixels from the window's top edge and its left or right edge. */
#define CORNER_PX       96

typedef enum {
  MODE_LOGIN,         /* the PIN pad, for a PIN that is set */
  MODE_SETUP_FIRST,   /* the assistant: the new PIN */
  MODE_SETUP_REPEAT,  /* the assistant: the new PIN again */
  MODE_CONFIRM,       /* the assistant: unit and counter */
  MODE_ENROL,         /* the assistant: the kiosk's key as a QR code */
  MODE_DASHBOARD,
} Mode;

struct _HlSupervisorPage {
  GtkWidget     parent_instance;

  /* template widgets */
  GtkStack     *stack;
  HlPinPad     *pin_pad;
  GtkLabel     *unit_label;
  GtkLabel     *counter_label;
  GtkLabel     *config_label;
  HlQrView     *qr_view;
  GtkLabel     *kiosk_id_label;
  GtkBox       *dashboard_box;

  /* borrowed references */
  HlDashboard  *dashboard;       /* in dashboard_box while logged in, else NULL */
  GtkWidget    *window;          /* whose corners are watched */

  /* owned references */
  HlKiosk      *kiosk;
  GString      *digits;          /* the digits entered so far; wiped after use */
  char         *first_pin;       /* the assistant: the PIN entered first, until it is entered again */
  char         *kiosk_id;

  /* state */
  Mode          mode;
  gboolean      shown;
  gboolean      checking;        /* a PIN is being checked: the pad takes nothing meanwhile */
  guint         logout_id;       /* the idle logout */
  guint         corner_id;       /* a press held in a corner */
  guint         lock_tick_id;    /* updates the lock-out's remaining time every second */
};

G_DEFINE_FINAL_TYPE (HlSupervisorPage, hl_supervisor_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void show_pin_state (HlSupervisorPage *self);
static HlSession *supervision (void);

static void
changed (HlSupervisorPage *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* The digits are a secret: overwritten before they are let go. */
static void
wipe_digits (HlSupervisorPage *self)
{
  memset (self->digits->str, 0, self->digits->len);
  g_string_truncate (self->digits, 0);
  hl_pin_pad_set_entered (self->pin_pad, 0);
}

static void
wipe_first_pin (HlSupervisorPage *self)
{
  if (self->first_pin != NULL)
    memset (self->first_pin, 0, strlen (self->first_pin));
  g_clear_pointer (&self->first_pin, g_free);
}

static void
set_mode (HlSupervisorPage *self,
          Mode              mode)
{
  static const char *pages[] = {
    [MODE_LOGIN] = "pin", [MODE_SETUP_FIRST] = "pin", [MODE_SETUP_REPEAT] = "pin",
    [MODE_CONFIRM] = "confirm", [MODE_ENROL] = "enrol", [MODE_DASHBOARD] = "dashboard",
  };

  self->mode = mode;
  gtk_stack_set_visible_child_name (self->stack, pages[mode]);
  changed (self);
}

/* ---- idle logout ------------------------------------------------------------------------------- */

static gboolean
logout_cb (gpointer user_data)
{
  HlSupervisorPage *self = user_data;

  self->logout_id = 0;
  /* An export to a stick is under way: the logout waits for its end (busy_cb), docs/dashboard.md. */
  if (!hl_session_may_log_out_idle (supervision ()))
    {
      g_message ("supervisor: the idle logout waits for the work under way");
      return G_SOURCE_REMOVE;
    }
  g_message ("supervisor: logged out after %u s without a touch", hl_kiosk_get_config (self->kiosk)->supervisor_logout);
  hl_supervisor_page_close (self);
  return G_SOURCE_REMOVE;
}

static void
restart_logout_timer (HlSupervisorPage *self)
{
  g_clear_handle_id (&self->logout_id, g_source_remove);
  if (self->shown)
    self->logout_id = g_timeout_add_seconds (hl_kiosk_get_config (self->kiosk)->supervisor_logout, logout_cb, self);
}

/* The work ended (or began): the idle logout counts its time from now. */
static void
busy_cb (HlSupervisorPage *self)
{
  restart_logout_timer (self);
}

static gboolean
activity_cb (GtkEventControllerLegacy *controller,
             GdkEvent                 *event,
             HlSupervisorPage         *self)
{
  GdkEventType type = gdk_event_get_event_type (event);

  if (type == GDK_BUTTON_PRESS || type == GDK_TOUCH_BEGIN || type == GDK_TOUCH_UPDATE || type == GDK_SCROLL
      || type == GDK_MOTION_NOTIFY)
    restart_logout_timer (self);
  return GDK_EVENT_PROPAGATE;
}

/* ---- the dashboard ----------------------------------------------------------------------------- */

/* The dashboard goes on screen once today's figures are in it, so that the first frame it is in is the
 * one with the figures: no empty page is laid out and painted first. */
static void
dashboard_changed_cb (HlSupervisorPage *self)
{
  if (gtk_widget_get_parent (GTK_WIDGET (self->dashboard)) == NULL)
    {
      if (!hl_dashboard_get_loaded (self->dashboard))
        return;
      gtk_box_append (self->dashboard_box, GTK_WIDGET (self->dashboard));
      g_object_unref (self->dashboard);  /* the box holds it now */
      set_mode (self, MODE_DASHBOARD);
      return;
    }
  changed (self);
}

/* Who stands at the kiosk: held by the application, which guards its quit, restart and shutdown. */
static HlSession *
supervision (void)
{
  return hl_application_get_session (HL_APPLICATION (g_application_get_default ()));
}

static void
open_dashboard (HlSupervisorPage *self)
{
  g_assert (self->dashboard == NULL);

  /* A right PIN signs the supervisor in: only then do the application's quit, restart and shutdown
   * (the dashboard's buttons) do anything; logging out signs out again. */
  hl_session_sign_in_supervisor (supervision ());
  self->dashboard = g_object_ref_sink (hl_dashboard_new (self->kiosk));
  gtk_widget_set_vexpand (GTK_WIDGET (self->dashboard), TRUE);
  g_signal_connect_swapped (self->dashboard, "changed", G_CALLBACK (dashboard_changed_cb), self);
  hl_pin_pad_set_message (self->pin_pad, _("Đang mở trang quản lý…"), FALSE);
  changed (self);
  hl_dashboard_load (self->dashboard);
}

static void
destroy_dashboard (HlSupervisorPage *self)
{
  if (self->dashboard == NULL)
    return;
  hl_session_sign_out (supervision ());
  g_signal_handlers_disconnect_by_data (self->dashboard, self);
  /* Removing it from the box drops the only reference: its widgets, and every figure they showed, go. */
  if (gtk_widget_get_parent (GTK_WIDGET (self->dashboard)) != NULL)
    gtk_box_remove (self->dashboard_box, GTK_WIDGET (self->dashboard));
  else
    g_object_unref (self->dashboard);
  self->dashboard = NULL;
}

/* ---- the PIN pad ------------------------------------------------------------------------------- */

static gboolean
lock_tick_cb (gpointer user_data)
{
  HlSupervisorPage *self = user_data;

  show_pin_state (self);
  return self->lock_tick_id != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* What the pad says: the lock-out with its remaining time, or how many tries are left after a wrong
 * PIN. Read from core every time, so that a lock-out set before a restart shows as it is. */
static void
show_pin_state (HlSupervisorPage *self)
{
  HlPinState state = { 0 };
  g_autoptr(GError) error = NULL;

  if (!hl_kiosk_get_pin_state (self->kiosk, &state, &error))
    {
      g_warning ("supervisor PIN: %s", error->message);
      hl_pin_pad_set_message (self->pin_pad, _("Lỗi kỹ thuật: không đọc được mã PIN."), TRUE);
      return;
    }
  if (state.status == HL_PIN_STATUS_LOCKED)
    {
      g_autofree char *text = g_strdup_printf (_("Đã nhập sai quá nhiều lần. Bàn phím bị khoá, thử lại sau %u phút %02u giây."),
                                               state.seconds_left / 60, state.seconds_left % 60);

      hl_pin_pad_set_message (self->pin_pad, text, TRUE);
      if (self->lock_tick_id == 0)
        self->lock_tick_id = g_timeout_add_seconds (1, lock_tick_cb, self);
    }
  else
    {
      g_clear_handle_id (&self->lock_tick_id, g_source_remove);
      if (gtk_widget_has_css_class (GTK_WIDGET (self->pin_pad), "locked"))
        hl_pin_pad_set_message (self->pin_pad, _("Bàn phím đã mở lại. Xin nhập mã PIN."), FALSE);
    }
  if (state.status == HL_PIN_STATUS_LOCKED)
    gtk_widget_add_css_class (GTK_WIDGET (self->pin_pad), "locked");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->pin_pad), "locked");
  changed (self);
}

static void
start_login (HlSupervisorPage *self)
{
  hl_pin_pad_set_title (self->pin_pad, _("Nhập mã PIN quản lý"), NULL);
  hl_pin_pad_set_message (self->pin_pad, NULL, FALSE);
  set_mode (self, MODE_LOGIN);
  show_pin_state (self);
}

static void
start_setup (HlSupervisorPage *self,
             const char       *message)
{
  g_autofree char *detail = g_strdup_printf (_("Máy chưa có mã PIN quản lý. Chọn một mã từ %d đến %d chữ số; chỉ lãnh đạo bộ phận được biết."),
                                             HL_PIN_MIN_DIGITS, HL_PIN_MAX_DIGITS);

  wipe_first_pin (self);
  hl_pin_pad_set_title (self->pin_pad, _("Bước 1/3: Đặt mã PIN quản lý"), detail);
  hl_pin_pad_set_message (self->pin_pad, message, message != NULL);
  set_mode (self, MODE_SETUP_FIRST);
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HlSupervisorPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean right = hl_kiosk_check_pin_finish (HL_KIOSK (source), result, &error);

  self->checking = FALSE;
  /* Closed meanwhile (Escape, the idle logout): the try was counted, nothing opens. */
  if (!self->shown)
    return;
  if (right)
    {
      g_message ("supervisor: right PIN, dashboard opened");
      open_dashboard (self);
      return;
    }
  if (g_error_matches (error, HL_PIN_ERROR, HL_PIN_ERROR_WRONG))
    {
      HlPinState state = { 0 };

      g_message ("supervisor: wrong PIN");
      if (hl_kiosk_get_pin_state (self->kiosk, &state, NULL) && state.status == HL_PIN_STATUS_READY)
        {
          g_autofree char *text = g_strdup_printf (_("Mã PIN không đúng. Còn %u lần thử."), state.tries_left);

          hl_pin_pad_set_message (self->pin_pad, text, TRUE);
          changed (self);
          return;
        }
    }
  else if (g_error_matches (error, HL_PIN_ERROR, HL_PIN_ERROR_INVALID))
    {
      g_autofree char *text = g_strdup_printf (_("Mã PIN gồm %d đến %d chữ số."), HL_PIN_MIN_DIGITS, HL_PIN_MAX_DIGITS);

      hl_pin_pad_set_message (self->pin_pad, text, TRUE);
      changed (self);
      return;
    }
  else if (!g_error_matches (error, HL_PIN_ERROR, HL_PIN_ERROR_LOCKED))
    g_warning ("supervisor PIN: %s", error->message);
  show_pin_state (self);
}

/* The hash is computed by core on a worker thread (hl_kiosk_check_pin_async), so the pad keeps painting;
 * it takes nothing until the answer is there. */
static void
check_pin (HlSupervisorPage *self)
{
  self->checking = TRUE;
  hl_pin_pad_set_message (self->pin_pad, _("Đang kiểm tra…"), FALSE);
  changed (self);
  hl_kiosk_check_pin_async (self->kiosk, self->digits->str, NULL, check_done_cb, g_object_ref (self));
  wipe_digits (self);
}

static void
set_pin (HlSupervisorPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!hl_kiosk_set_pin (self->kiosk, self->first_pin, &error))
    {
      g_warning ("supervisor PIN: %s", error->message);
      start_setup (self, _("Không lưu được mã PIN. Xin thử lại."));
      return;
    }
  wipe_first_pin (self);
  g_message ("supervisor: PIN set by the first-start assistant");
  set_mode (self, MODE_ENROL);
}

/* ---- actions ----------------------------------------------------------------------------------- */

static gboolean
takes_digits (HlSupervisorPage *self)
{
  return self->shown && !self->checking
         && (self->mode == MODE_LOGIN || self->mode == MODE_SETUP_FIRST || self->mode == MODE_SETUP_REPEAT);
}

static void
digit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HlSupervisorPage *self = HL_SUPERVISOR_PAGE (widget);
  guint digit = g_variant_get_uint32 (parameter);

  if (!takes_digits (self) || digit > 9 || self->digits->len >= HL_PIN_MAX_DIGITS)
    return;
  g_string_append_c (self->digits, '0' + digit);
  hl_pin_pad_set_entered (self->pin_pad, self->digits->len);
  changed (self);
}

static void
erase_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HlSupervisorPage *self = HL_SUPERVISOR_PAGE (widget);

  if (!takes_digits (self) || self->digits->len == 0)
    return;
  self->digits->str[self->digits->len - 1] = '\0';
  g_string_truncate (self->digits, self->digits->len - 1);
  hl_pin_pad_set_entered (self->pin_pad, self->digits->len);
  changed (self);
}

static void
enter_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HlSupervisorPage *self = HL_SUPERVISOR_PAGE (widget);

  if (!takes_digits (self))
    return;
  switch (self->mode)
    {
    case MODE_LOGIN:
      check_pin (self);
      break;
    case MODE_SETUP_FIRST:
      if (self->digits->len < HL_PIN_MIN_DIGITS)
        {
          g_autofree char *text = g_strdup_printf (_("Mã PIN gồm %d đến %d chữ số."), HL_PIN_MIN_DIGITS, HL_PIN_MAX_DIGITS);

          wipe_digits (self);
          hl_pin_pad_set_message (self->pin_pad, text, TRUE);
          changed (self);
          break;
        }
      self->first_pin = g_strdup (self->digits->str);
      wipe_digits (self);
      hl_pin_pad_set_title (self->pin_pad, _("Bước 1/3: Nhập lại mã PIN để xác nhận"), NULL);
      hl_pin_pad_set_message (self->pin_pad, NULL, FALSE);
      set_mode (self, MODE_SETUP_REPEAT);
      break;
    case MODE_SETUP_REPEAT:
      if (g_strcmp0 (self->first_pin, self->digits->str) != 0)
        {
          wipe_digits (self);
          start_setup (self, _("Hai lần nhập không giống nhau. Xin đặt lại mã PIN."));
          break;
        }
      wipe_digits (self);
      set_mode (self, MODE_CONFIRM);
      break;
    case MODE_CONFIRM:
    case MODE_ENROL:
    case MODE_DASHBOARD:
    default:
      break;
    }
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  hl_supervisor_page_close (HL_SUPERVISOR_PAGE (widget));
}

static void
setup_confirm_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HlSupervisorPage *self = HL_SUPERVISOR_PAGE (widget);

  if (self->mode == MODE_CONFIRM && self->first_pin != NULL)
    set_pin (self);
}

static void
setup_wrong_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HlSupervisorPage *self = HL_SUPERVISOR_PAGE (widget);

  if (self->mode != MODE_CONFIRM)
    return;
  g_message ("supervisor: unit or counter not confirmed; the PIN was not saved");
  hl_supervisor_page_close (self);
}

static void
setup_done_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HlSupervisorPage *self = HL_SUPERVISOR_PAGE (widget);

  if (self->mode == MODE_ENROL)
    open_dashboard (self);
}

/* ---- opening and closing ----------------------------------------------------------------------- */

static gboolean
corner_cb (gpointer user_data)
{
  HlSupervisorPage *self = user_data;

  self->corner_id = 0;
  g_message ("supervisor: opened by a press in a corner");
  hl_supervisor_page_open (self);
  return G_SOURCE_REMOVE;
}

static gboolean
in_corner (HlSupervisorPage *self,
           GdkEvent         *event)
{
  double x, y;
  int width = gtk_widget_get_width (self->window);

  if (!gdk_event_get_position (event, &x, &y))
    return FALSE;
  return y < CORNER_PX && (x < CORNER_PX || x >= width - CORNER_PX);
}

static gboolean
corner_event_cb (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 HlSupervisorPage         *self)
{
  GdkEventType type = gdk_event_get_event_type (event);

  if (self->shown)
    return GDK_EVENT_PROPAGATE;
  if (type == GDK_BUTTON_PRESS || type == GDK_TOUCH_BEGIN)
    {
      g_clear_handle_id (&self->corner_id, g_source_remove);
      if (in_corner (self, event))
        self->corner_id = g_timeout_add (CORNER_PRESS_MS, corner_cb, self);
    }
  else if (type == GDK_BUTTON_RELEASE || type == GDK_TOUCH_END || type == GDK_TOUCH_CANCEL
           || ((type == GDK_MOTION_NOTIFY || type == GDK_TOUCH_UPDATE) && self->corner_id != 0
               && !in_corner (self, event)))
    g_clear_handle_id (&self->corner_id, g_source_remove);
  return GDK_EVENT_PROPAGATE;
}

/* ---- the object -------------------------------------------------------------------------------- */

static void
hl_supervisor_page_dispose (GObject *object)
{
  HlSupervisorPage *self = (HlSupervisorPage *) object;

  g_clear_handle_id (&self->logout_id, g_source_remove);
  g_clear_handle_id (&self->corner_id, g_source_remove);
  g_clear_handle_id (&self->lock_tick_id, g_source_remove);
  destroy_dashboard (self);
  if (self->digits != NULL)
    {
      memset (self->digits->str, 0, self->digits->len);
      g_string_free (g_steal_pointer (&self->digits), TRUE);
    }
  wipe_first_pin (self);
  g_clear_object (&self->kiosk);
  g_clear_pointer (&self->kiosk_id, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_SUPERVISOR_PAGE);

  G_OBJECT_CLASS (hl_supervisor_page_parent_class)->dispose (object);
}

static void
hl_supervisor_page_class_init (HlSupervisorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_supervisor_page_dispose;

  /* What it shows changed: the window writes the automation state after the next frame. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (HL_TYPE_PIN_PAD);
  g_type_ensure (HL_TYPE_QR_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/hailong/Kiosk/hl-supervisor-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HlSupervisorPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HlSupervisorPage, pin_pad);
  gtk_widget_class_bind_template_child (widget_class, HlSupervisorPage, unit_label);
  gtk_widget_class_bind_template_child (widget_class, HlSupervisorPage, counter_label);
  gtk_widget_class_bind_template_child (widget_class, HlSupervisorPage, config_label);
  gtk_widget_class_bind_template_child (widget_class, HlSupervisorPage, qr_view);
  gtk_widget_class_bind_template_child (widget_class, HlSupervisorPage, kiosk_id_label);
  gtk_widget_class_bind_template_child (widget_class, HlSupervisorPage, dashboard_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "supervisor.digit", "u", digit_action);
  gtk_widget_class_install_action (widget_class, "supervisor.erase", NULL, erase_action);
  gtk_widget_class_install_action (widget_class, "supervisor.enter", NULL, enter_action);
  gtk_widget_class_install_action (widget_class, "supervisor.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "supervisor.logout", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "supervisor.setup-confirm", NULL, setup_confirm_action);
  gtk_widget_class_install_action (widget_class, "supervisor.setup-wrong", NULL, setup_wrong_action);
  gtk_widget_class_install_action (widget_class, "supervisor.setup-done", NULL, setup_done_action);
}

static void
hl_supervisor_page_init (HlSupervisorPage *self)
{
  GtkEventController *legacy = gtk_event_controller_legacy_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->digits = g_string_sized_new (HL_PIN_MAX_DIGITS + 1);
  /* Every touch on the supervisor's side keeps it open: the idle logout counts from the last one. */
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (activity_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), legacy);
}

void
hl_supervisor_page_set_kiosk (HlSupervisorPage *self,
                              HlKiosk          *kiosk)
{
  HlConfig *config;
  const char *lang;
  g_autofree char *unit = NULL, *counter = NULL, *note = NULL;

  g_return_if_fail (HL_IS_SUPERVISOR_PAGE (self));
  g_return_if_fail (self->kiosk == NULL);

  self->kiosk = g_object_ref (kiosk);
  config = hl_kiosk_get_config (kiosk);
  lang = hl_kiosk_get_language (kiosk);
  unit = g_strdup_printf (_("Đơn vị: %s (mã %s)"), hl_text_get (config->unit_name, "vi"), config->unit_code);
  counter = g_strdup_printf (_("Quầy: %s (mã %s)"), hl_text_get (config->counter_name, "vi"), config->counter_code);
  note = g_strdup_printf (_("Theo tệp cấu hình %s. Nếu chưa đúng, mã PIN chưa được lưu: xin sửa tệp cấu hình rồi khởi động lại máy."),
                          config->path);
  (void) lang;
  gtk_label_set_label (self->unit_label, unit);
  gtk_label_set_label (self->counter_label, counter);
  gtk_label_set_label (self->config_label, note);
  g_signal_connect_object (supervision (), "notify::busy", G_CALLBACK (busy_cb), self, G_CONNECT_SWAPPED);
}

void
hl_supervisor_page_set_enrolment (HlSupervisorPage *self,
                                  const char       *kiosk_id,
                                  const char       *enrolment_text)
{
  g_autofree char *text = g_strdup_printf (_("Mã máy: %s"), kiosk_id);

  g_return_if_fail (HL_IS_SUPERVISOR_PAGE (self));

  hl_qr_view_set_text (self->qr_view, enrolment_text);
  gtk_label_set_label (self->kiosk_id_label, text);
}

void
hl_supervisor_page_watch_corners (HlSupervisorPage *self,
                                  GtkWidget        *window)
{
  GtkEventController *legacy = gtk_event_controller_legacy_new ();

  g_return_if_fail (HL_IS_SUPERVISOR_PAGE (self));

  self->window = window;
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (corner_event_cb), self);
  gtk_widget_add_controller (window, legacy);
}

gboolean
hl_supervisor_page_get_shown (HlSupervisorPage *self)
{
  g_return_val_if_fail (HL_IS_SUPERVISOR_PAGE (self), FALSE);

  return self->shown;
}

void
hl_supervisor_page_open (HlSupervisorPage *self)
{
  HlPinState state = { 0 };
  g_autoptr(GError) error = NULL;

  g_return_if_fail (HL_IS_SUPERVISOR_PAGE (self));

  if (self->shown)
    return;
  self->shown = TRUE;
  wipe_digits (self);
  restart_logout_timer (self);
  if (!hl_kiosk_get_pin_state (self->kiosk, &state, &error))
    g_warning ("supervisor PIN: %s", error->message);
  if (state.status == HL_PIN_STATUS_NEEDS_SETUP)
    start_setup (self, NULL);
  else
    start_login (self);
}

/* Back to the citizen's first screen: the dashboard and everything entered are destroyed. */
void
hl_supervisor_page_close (HlSupervisorPage *self)
{
  g_return_if_fail (HL_IS_SUPERVISOR_PAGE (self));

  if (!self->shown)
    return;
  self->shown = FALSE;
  g_clear_handle_id (&self->logout_id, g_source_remove);
  g_clear_handle_id (&self->lock_tick_id, g_source_remove);
  destroy_dashboard (self);
  wipe_digits (self);
  wipe_first_pin (self);
  hl_pin_pad_set_message (self->pin_pad, NULL, FALSE);
  set_mode (self, MODE_LOGIN);
}

/* The window's keys while the supervisor's side is shown: digits, Return, BackSpace and Escape work the
 * pad, and no key reaches the citizen's pages. When it is not shown, only the configured key is taken. */
gboolean
hl_supervisor_page_handle_key (HlSupervisorPage *self,
                               guint             keyval)
{
  const char *key_name = hl_kiosk_get_config (self->kiosk)->supervisor_key;

  if (!self->shown)
    {
      if (key_name == NULL || keyval != gdk_keyval_from_name (key_name))
        return FALSE;
      g_message ("supervisor: opened by key %s", key_name);
      hl_supervisor_page_open (self);
      return TRUE;
    }
  restart_logout_timer (self);
  if (keyval >= GDK_KEY_0 && keyval <= GDK_KEY_9)
    gtk_widget_activate_action (GTK_WIDGET (self), "supervisor.digit", "u", keyval - GDK_KEY_0);
  else if (keyval >= GDK_KEY_KP_0 && keyval <= GDK_KEY_KP_9)
    gtk_widget_activate_action (GTK_WIDGET (self), "supervisor.digit", "u", keyval - GDK_KEY_KP_0);
  else if (keyval == GDK_KEY_BackSpace)
    gtk_widget_activate_action (GTK_WIDGET (self), "supervisor.erase", NULL);
  else if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
    gtk_widget_activate_action (GTK_WIDGET (self), "supervisor.enter", NULL);
  else if (keyval == GDK_KEY_Escape)
    gtk_widget_activate_action (GTK_WIDGET (self), "supervisor.cancel", NULL);
  return TRUE;
}

/* For the automation state: "pin", "setup-pin", "setup-repeat", "setup-confirm", "setup-enrol", or the
 * dashboard's page ("dashboard-today", …). */
const char *
hl_supervisor_page_get_state_name (HlSupervisorPage *self)
{
  switch (self->mode)
    {
    case MODE_LOGIN: return "supervisor-pin";
    case MODE_SETUP_FIRST: return "supervisor-setup-pin";
    case MODE_SETUP_REPEAT: return "supervisor-setup-repeat";
    case MODE_CONFIRM: return "supervisor-setup-confirm";
    case MODE_ENROL: return "supervisor-setup-enrol";
    case MODE_DASHBOARD: return self->dashboard ? hl_dashboard_get_state_name (self->dashboard) : "dashboard";
    default: g_assert_not_reached ();
    }
}
