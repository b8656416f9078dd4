/* hl-notice.c: notices for the supervisor (hl-notice.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-kiosk"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hl-notice.h"

HlNotice *
hl_notice_new (GDateTime  *at,
               const char *text)
{
  HlNotice *notice = g_new0 (HlNotice, 1);

  g_return_val_if_fail (at != NULL && text != NULL, NULL);

  notice->at = g_date_time_ref (at);
  notice->text = g_strdup (text);
  return notice;
}

void
hl_notice_free (HlNotice *notice)
{
  if (notice == NULL)
    return;
  g_date_time_unref (notice->at);
  g_free (notice->text);
  g_free (notice);
}

/* One structured entry per notice (HL_NOTICE_AT and the kiosk's id as fields), so that the journal of a
 * kiosk holds every notice even when no dashboard was watching. */
void
hl_notice_log (const HlNotice *notice,
               const char     *kiosk_id)
{
  g_autofree char *at = g_date_time_format (notice->at, "%Y-%m-%dT%H:%M:%S%:z");

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "HL_KIOSK_ID", kiosk_id,
                    "HL_NOTICE_AT", at,
                    "MESSAGE", "supervisor notice: %s", notice->text);
}

/* The notice for a database found damaged at start and replaced by its newest good backup. */
char *
hl_notice_text_for_recovery (const HlRecovery *recovery)
{
  g_return_val_if_fail (recovery != NULL && recovery->restored_from != NULL, NULL);

  return g_strdup_printf (_("Cơ sở dữ liệu bị hỏng khi khởi động và đã được khôi phục từ bản sao lưu %s; "
                             "tệp hỏng được giữ tại %s để phân tích. Các đánh giá ghi sau lần sao lưu đó "
                             "không có trong cơ sở dữ liệu đang dùng."),
                          recovery->restored_from, recovery->damaged_kept_at);
}
