/* hl-kiosk-types.h: forward declarations of the kiosk's widgets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HlApplication  HlApplication;
typedef struct _HlWindow       HlWindow;
typedef struct _HlRatingPage   HlRatingPage;
typedef struct _HlQuestionPage HlQuestionPage;
typedef struct _HlThanksPage   HlThanksPage;

G_END_DECLS
