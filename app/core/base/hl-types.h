/* hl-types.h: forward declarations shared by the core headers, so that they need not include each other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HlConfig     HlConfig;
typedef struct _HlIdentity   HlIdentity;
typedef struct _HlKiosk      HlKiosk;
typedef struct _HlStore      HlStore;
typedef struct _HlSurvey     HlSurvey;
typedef struct _HlJsonDoc    HlJsonDoc;
typedef struct _HlText       HlText;
typedef struct _HlScale      HlScale;
typedef struct _HlOption     HlOption;
typedef struct _HlElement    HlElement;
typedef struct _HlQuestion   HlQuestion;
typedef struct _HlResponse   HlResponse;
typedef struct _HlIndex      HlIndex;

G_END_DECLS
