/* fuzz-qr.c: libFuzzer target for the texts of QR codes (hailong-qr/1): hl_qr_series_import() parses them,
 * checks each code's signature against the enrolled key of the kiosk that made the seeds, joins the
 * series and imports the day's rollups into a province's database.
 *
 * Built and run by run-fuzz.sh, from the seeds in tests/fuzz/corpus/qr (a one-code and a three-code series
 * of that kiosk, decoded by zbarimg). Besides the sanitizers' findings, it checks that an error is one
 * line naming the input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "hl-bundle.h"
#include "hl-qr-series.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The kiosk whose codes are the seeds (its key is a test key, made for them). */
#define SEED_KIOSK "hailong-kiosk-key/1:HL-ND5S-BVRO-Z2P6:a0f9da96463bb6cf7624fe541ced0f5b5c7801d5e1bdf5ce84c2ffceb82f1362"

static HlStore *province;

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) days = NULL;

  if (province == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("hailong-fuzz-qr-XXXXXX", NULL);
      g_autofree char *db = g_build_filename (dir, "province.db", NULL);

      province = hl_store_open (db, NULL);
      if (province == NULL || !hl_keys_add_enrolment (province, SEED_KIOSK, NULL, NULL))
        abort ();
    }
  days = hl_qr_series_import (province, text, "fuzz.txt", HL_SOURCE_SURVEY_DIR, &error);
  if (days == NULL)
    {
      if (error == NULL || strchr (error->message, '\n') != NULL)
        abort ();
    }
  else if (days->len == 0)
    abort ();
  return 0;
}
