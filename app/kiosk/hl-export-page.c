/* hl-export-page.c
 *
 * The page only shows and forwards: the drives are core's (hl_usb_list_drives(), refreshed whenever GIO's
 * volume monitor sees a mount come or go), the periods and every sentence are core's (hl-export.h), and
 * the export itself runs in a worker thread (hl_export_choice_async(), a GTask) whose progress comes back
 * to this thread for the bar, so that the screen never freezes.
 *
 * An export holds the idle logout while it runs (hl_session_begin_work(), docs/dashboard.md); a logout the
 * supervisor asks for destroys this page, which cancels the export: the stick is then left without any
 * file that looks complete and the kiosk's data as it was. The worker may outlive the page: what it
 * calls back with holds only a weak reference to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-export-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-application.h"
#include "hl-export.h"
#include "hl-export-page.h"
#include "hl-qr-view.h"
#include "hl-session.h"
#include "hl-usb.h"

typedef enum {
  STATE_IDLE,
  STATE_RUNNING,
  STATE_DONE,
  STATE_FAILED,
} State;

struct _HlExportPage {
  GtkWidget        parent_instance;

  /* template widgets */
  GtkStack        *stack;
  GtkLabel        *drives_label;
  GtkBox          *drives_box;
  GtkFlowBox      *choices_box;
  GtkWidget       *start_button;
  GtkProgressBar  *progress_bar;
  GtkLabel        *percent_label;
  GtkLabel        *status_label;
  GtkLabel        *qr_caption;
  HlQrView        *qr_view;
  GtkLabel        *qr_part;
  GtkWidget       *qr_prev;
  GtkWidget       *qr_next;

  /* owned references */
  HlKiosk         *kiosk;
  GVolumeMonitor  *monitor;
  GPtrArray       *drives;        /* HlUsbDrive, as listed now */
  char            *drive_path;    /* the drive picked, or NULL */
  char            *choice;        /* the period picked (HlExportChoice id) */
  GCancellable    *export_cancel; /* while an export runs */
  GCancellable    *qr_cancel;
  GPtrArray       *qr_texts;      /* the series shown, or NULL */
  char            *qr_day;

  /* state */
  State            state;
  gboolean         qr_loading;
  guint            qr_index;
};

G_DEFINE_FINAL_TYPE (HlExportPage, hl_export_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
changed (HlExportPage *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static HlSession *
supervision (void)
{
  return hl_application_get_session (HL_APPLICATION (g_application_get_default ()));
}

/* ---- what it shows ----------------------------------------------------------------------------- */

static void
set_status (HlExportPage *self,
            const char   *text,
            const char   *kind)
{
  static const char *kinds[] = { "export-done", "export-error", NULL };

  for (guint i = 0; kinds[i] != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), kinds[i]);
  if (kind != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), kind);
  gtk_label_set_label (self->status_label, text ? text : "");
}

static void
set_fraction (HlExportPage *self,
              double        fraction)
{
  g_autofree char *percent = g_strdup_printf ("%d %%", (int) (CLAMP (fraction, 0, 1) * 100 + 0.5));

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
  gtk_label_set_label (self->percent_label, percent);
}

static void
update_sensitivity (HlExportPage *self)
{
  gboolean running = self->state == STATE_RUNNING;

  gtk_widget_set_sensitive (self->start_button, !running && self->drive_path != NULL && self->choice != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->drives_box), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->choices_box), !running);
}

/* The drives as core lists them, one toggle button each ("dash-drive-N", its text "fig:export.drive.N"). */
static void
show_drives (HlExportPage *self)
{
  GtkWidget *child;
  gboolean picked_there = FALSE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->drives_box))) != NULL)
    gtk_box_remove (self->drives_box, child);
  g_clear_pointer (&self->drives, g_ptr_array_unref);
  self->drives = hl_usb_list_drives ();
  for (guint i = 0; i < self->drives->len; i++)
    {
      HlUsbDrive *drive = g_ptr_array_index (self->drives, i);
      g_autofree char *text = hl_export_drive_describe (drive);
      g_autofree char *name = g_strdup_printf ("dash-drive-%u", i + 1);
      g_autofree char *fig = g_strdup_printf ("fig:export.drive.%u", i + 1);
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *label = gtk_label_new (text);
      gboolean picked = g_strcmp0 (drive->path, self->drive_path) == 0;

      gtk_widget_set_name (label, fig);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_set_name (button, name);
      gtk_widget_add_css_class (button, "dash-button");
      gtk_widget_add_css_class (button, "dash-choice");
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), picked);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "export.drive");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", i);
      gtk_box_append (self->drives_box, button);
      picked_there |= picked;
    }
  /* A stick pulled out is no longer picked: the next export needs a drive that is there. */
  if (!picked_there)
    g_clear_pointer (&self->drive_path, g_free);
  gtk_label_set_label (self->drives_label, self->drives->len == 0
                       ? _("Chưa thấy USB nào. Hãy cắm USB vào máy; danh sách tự cập nhật.")
                       : _("Chạm vào ổ USB cần ghi:"));
  update_sensitivity (self);
}

static void
mounts_changed_cb (HlExportPage *self)
{
  show_drives (self);
  changed (self);
}

static void
show_choices (HlExportPage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->choices_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      const char *id = g_object_get_data (G_OBJECT (button), "choice");

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), g_strcmp0 (id, self->choice) == 0);
    }
}

/* ---- the export -------------------------------------------------------------------------------- */

/* A new drive or period picked after an export: its result gives way to the next one. */
static void
forget_result (HlExportPage *self)
{
  if (self->state != STATE_DONE && self->state != STATE_FAILED)
    return;
  self->state = STATE_IDLE;
  set_fraction (self, 0);
  set_status (self, _("Chạm “Xuất ra USB” để xuất."), NULL);
}

/* What the worker calls back with: the page, if it is still there, and the session it holds. */
typedef struct {
  GWeakRef   page;
  HlSession *session;
} Run;

static void
run_free (Run *run)
{
  g_weak_ref_clear (&run->page);
  hl_session_end_work (run->session);
  g_object_unref (run->session);
  g_free (run);
}

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  Run *run = user_data;
  g_autoptr(HlExportPage) self = g_weak_ref_get (&run->page);

  /* "Done" is said by export_done_cb(), when core has returned: after the read-back and the check. */
  if (self == NULL || self->state != STATE_RUNNING || fraction >= 1.0)
    return;
  set_fraction (self, fraction);
  set_status (self, message, NULL);
  changed (self);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(HlExportPage) self = g_weak_ref_get (&run->page);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlExportResult) exported = hl_export_to_dir_finish (result, &error);

  if (exported != NULL)
    g_message ("export: %" G_GINT64_FORMAT " responses to %s", exported->range.responses,
               (char *) g_ptr_array_index (exported->files, exported->files->len - 1));
  else
    g_message ("export failed: %s", error->message);
  run_free (run);
  if (self == NULL)
    return;
  g_clear_object (&self->export_cancel);
  if (exported != NULL)
    {
      g_autofree char *text = hl_export_result_describe (exported);

      self->state = STATE_DONE;
      set_fraction (self, 1.0);
      set_status (self, text, "export-done");
    }
  else
    {
      g_autofree char *text = hl_export_error_describe (error);

      /* Nothing of it is left on the stick: the bar starts again from nought. */
      self->state = STATE_FAILED;
      set_fraction (self, 0);
      gtk_label_set_label (self->percent_label, "");
      set_status (self, text, "export-error");
    }
  /* The room left on the stick changed. */
  show_drives (self);
  changed (self);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HlExportPage *self = HL_EXPORT_PAGE (widget);
  g_autoptr(GDateTime) now = NULL;
  Run *run;

  if (self->state == STATE_RUNNING || self->drive_path == NULL || self->choice == NULL)
    return;
  now = hl_kiosk_now (self->kiosk);
  run = g_new0 (Run, 1);
  g_weak_ref_init (&run->page, self);
  run->session = g_object_ref (supervision ());
  hl_session_begin_work (run->session);
  self->state = STATE_RUNNING;
  self->export_cancel = g_cancellable_new ();
  set_fraction (self, 0);
  set_status (self, _("Đang chuẩn bị xuất dữ liệu…"), NULL);
  update_sensitivity (self);
  g_message ("export: %s to %s", self->choice, self->drive_path);
  hl_export_choice_async (hl_store_get_path (hl_kiosk_get_store (self->kiosk)), hl_kiosk_get_config (self->kiosk),
                          self->choice, now, self->drive_path, progress_cb, run, self->export_cancel, export_done_cb,
                          run);
  changed (self);
}

static void
drive_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HlExportPage *self = HL_EXPORT_PAGE (widget);
  guint index = g_variant_get_uint32 (parameter);
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->drives_box));

  if (self->state == STATE_RUNNING || self->drives == NULL || index >= self->drives->len)
    return;
  g_free (self->drive_path);
  self->drive_path = g_strdup (((HlUsbDrive *) g_ptr_array_index (self->drives, index))->path);
  for (guint i = 0; child != NULL; child = gtk_widget_get_next_sibling (child), i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child), i == index);
  forget_result (self);
  update_sensitivity (self);
  changed (self);
}

static void
choice_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HlExportPage *self = HL_EXPORT_PAGE (widget);

  if (self->state == STATE_RUNNING)
    return;
  g_free (self->choice);
  self->choice = g_variant_dup_string (parameter, NULL);
  show_choices (self);
  forget_result (self);
  update_sensitivity (self);
  changed (self);
}

/* ---- the QR codes ------------------------------------------------------------------------------ */

static void
show_qr (HlExportPage *self)
{
  guint n = self->qr_texts->len;
  g_autofree char *caption = hl_export_qr_caption (self->qr_day, self->qr_index, n);
  g_autofree char *part = g_strdup_printf ("%u/%u", self->qr_index + 1, n);

  hl_qr_view_set_text (self->qr_view, g_ptr_array_index (self->qr_texts, self->qr_index));
  gtk_label_set_label (self->qr_caption, caption);
  gtk_label_set_label (self->qr_part, part);
  gtk_widget_set_sensitive (self->qr_prev, self->qr_index > 0);
  gtk_widget_set_sensitive (self->qr_next, self->qr_index + 1 < n);
}

static void
qr_thread (GTask        *task,
           gpointer      source,
           gpointer      task_data,
           GCancellable *cancellable)
{
  char **args = task_data;  /* the database's path, the day */
  GError *error = NULL;
  GPtrArray *texts = hl_export_qr_series (args[0], args[1], NULL, &error);

  if (texts != NULL)
    g_task_return_pointer (task, texts, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
qr_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = g_task_propagate_pointer (G_TASK (result), &error);
  HlExportPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Not cancelled: the page is alive (it cancels at dispose, and a cancelled task reports that). */
  self = user_data;
  self->qr_loading = FALSE;
  if (texts == NULL || texts->len == 0)
    {
      g_autofree char *text = error ? hl_export_error_describe (error) : NULL;

      g_message ("QR codes: %s", error ? error->message : "no part");
      set_status (self, text, "export-error");
      changed (self);
      return;
    }
  self->qr_texts = g_steal_pointer (&texts);
  self->qr_index = 0;
  show_qr (self);
  gtk_stack_set_visible_child_name (self->stack, "qr");
  changed (self);
}

static void
qr_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  HlExportPage *self = HL_EXPORT_PAGE (widget);
  g_autoptr(GDateTime) now = hl_kiosk_now (self->kiosk);
  g_autoptr(GTask) task = NULL;
  char **args = g_new0 (char *, 3);

  g_cancellable_cancel (self->qr_cancel);
  g_clear_object (&self->qr_cancel);
  self->qr_cancel = g_cancellable_new ();
  g_clear_pointer (&self->qr_texts, g_ptr_array_unref);
  g_free (self->qr_day);
  self->qr_day = hl_export_qr_day (now, g_variant_get_int32 (parameter));
  args[0] = g_strdup (hl_store_get_path (hl_kiosk_get_store (self->kiosk)));
  args[1] = g_strdup (self->qr_day);
  self->qr_loading = TRUE;
  task = g_task_new (NULL, self->qr_cancel, qr_done_cb, self);
  g_task_set_task_data (task, args, (GDestroyNotify) g_strfreev);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, qr_thread);
  changed (self);
}

static void
qr_step_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HlExportPage *self = HL_EXPORT_PAGE (widget);
  int step = g_variant_get_int32 (parameter);

  if (self->qr_texts == NULL || (step < 0 && self->qr_index == 0)
      || (step > 0 && self->qr_index + 1 >= self->qr_texts->len))
    return;
  self->qr_index += step;
  show_qr (self);
  changed (self);
}

static void
qr_close_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HlExportPage *self = HL_EXPORT_PAGE (widget);

  g_clear_pointer (&self->qr_texts, g_ptr_array_unref);
  hl_qr_view_set_text (self->qr_view, NULL);
  gtk_stack_set_visible_child_name (self->stack, "usb");
  changed (self);
}

/* ---- the object -------------------------------------------------------------------------------- */

static void
hl_export_page_dispose (GObject *object)
{
  HlExportPage *self = (HlExportPage *) object;

  /* A logout: the export stops at its next block and takes its files off the stick (hl-usb.c). */
  g_cancellable_cancel (self->export_cancel);
  g_clear_object (&self->export_cancel);
  g_cancellable_cancel (self->qr_cancel);
  g_clear_object (&self->qr_cancel);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->kiosk);
  g_clear_pointer (&self->drives, g_ptr_array_unref);
  g_clear_pointer (&self->drive_path, g_free);
  g_clear_pointer (&self->choice, g_free);
  g_clear_pointer (&self->qr_texts, g_ptr_array_unref);
  g_clear_pointer (&self->qr_day, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), HL_TYPE_EXPORT_PAGE);

  G_OBJECT_CLASS (hl_export_page_parent_class)->dispose (object);
}

static void
hl_export_page_class_init (HlExportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_export_page_dispose;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (HL_TYPE_QR_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/hailong/Kiosk/hl-export-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HlExportPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HlExportPage, drives_label);
  gtk_widget_class_bind_template_child (widget_class, HlExportPage, drives_box);
  gtk_widget_class_bind_template_child (widget_class, HlExportPage, choices_box);
  gtk_widget_class_bind_template_child (widget_class, HlExportPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, HlExportPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, HlExportPage, percent_label);
  gtk_widget_class_bind_template_child (widget_class, HlExportPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, HlExportPage, qr_caption);
  gtk_widget_class_bind_template_child (widget_class, HlExportPage, qr_view);
  gtk_widget_class_bind_template_child (widget_class, HlExportPage, qr_part);
  gtk_widget_class_bind_template_child (widget_class, HlExportPage, qr_prev);
  gtk_widget_class_bind_template_child (widget_class, HlExportPage, qr_next);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "export.drive", "u", drive_action);
  gtk_widget_class_install_action (widget_class, "export.choice", "s", choice_action);
  gtk_widget_class_install_action (widget_class, "export.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "export.qr", "i", qr_action);
  gtk_widget_class_install_action (widget_class, "export.qr-step", "i", qr_step_action);
  gtk_widget_class_install_action (widget_class, "export.qr-close", NULL, qr_close_action);
}

static void
hl_export_page_init (HlExportPage *self)
{
  guint n_choices = 0;
  const HlExportChoice *choices = hl_export_choices (&n_choices);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < n_choices; i++)
    {
      g_autofree char *name = g_strdup_printf ("dash-export-choice-%s", choices[i].id);
      GtkWidget *button = gtk_toggle_button_new_with_label (_(choices[i].label));

      gtk_widget_set_name (button, name);
      gtk_widget_add_css_class (button, "dash-button");
      gtk_widget_add_css_class (button, "dash-choice");
      g_object_set_data_full (G_OBJECT (button), "choice", g_strdup (choices[i].id), g_free);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "export.choice");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", choices[i].id);
      gtk_flow_box_append (self->choices_box, button);
    }
  /* What a supervisor does most: everything the province has not got yet. */
  self->choice = g_strdup (choices[0].id);
  show_choices (self);
  set_fraction (self, 0);
  set_status (self, _("Chọn ổ USB và dữ liệu cần xuất, rồi chạm “Xuất ra USB”."), NULL);
}

void
hl_export_page_set_kiosk (HlExportPage *self,
                          HlKiosk      *kiosk)
{
  g_return_if_fail (HL_IS_EXPORT_PAGE (self));
  g_return_if_fail (self->kiosk == NULL);

  self->kiosk = g_object_ref (kiosk);
}

/* The page came on screen: the drives are listed again (a stick may have come while it was hidden). The
 * volume monitor is taken the first time only, so that opening the dashboard does not wait for it. */
void
hl_export_page_shown (HlExportPage *self)
{
  g_return_if_fail (HL_IS_EXPORT_PAGE (self));

  if (self->monitor == NULL)
    {
      self->monitor = g_volume_monitor_get ();
      g_signal_connect_swapped (self->monitor, "mount-added", G_CALLBACK (mounts_changed_cb), self);
      g_signal_connect_swapped (self->monitor, "mount-removed", G_CALLBACK (mounts_changed_cb), self);
      g_signal_connect_swapped (self->monitor, "mount-changed", G_CALLBACK (mounts_changed_cb), self);
    }
  show_drives (self);
}

/* For the automation state: "dashboard-export", "-export-running" while an export runs, "-export-done" or
 * "-export-failed" after it, "-export-qr" with a QR code on screen, "dashboard-loading" while one is made. */
const char *
hl_export_page_get_state_name (HlExportPage *self)
{
  if (self->qr_loading)
    return "dashboard-loading";
  if (self->qr_texts != NULL)
    return "dashboard-export-qr";
  switch (self->state)
    {
    case STATE_RUNNING: return "dashboard-export-running";
    case STATE_DONE: return "dashboard-export-done";
    case STATE_FAILED: return "dashboard-export-failed";
    case STATE_IDLE:
    default: return "dashboard-export";
    }
}
