/* hl-arm.h: the parameter of the kiosk's "arm" action, checked before it reaches the kiosk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HL_ARM_ERROR (hl_arm_error_quark ())

typedef enum {
  HL_ARM_ERROR_INVALID,  /* the parameter is not what the action takes */
} HlArmError;

/* Longest ticket accepted: queue-ticket numbers are short; a longer text is not one. */
#define HL_ARM_TICKET_MAX 64

/* The arm action's parameter once checked: each member NULL when not given, else non-empty, with no
 * surrounding white space and (procedure, officer) a code as in the configuration. */
typedef struct {
  char *procedure;
  char *officer;
  char *ticket;
} HlArmRequest;

GQuark        hl_arm_error_quark    (void);
HlArmRequest *hl_arm_request_parse  (GVariant      *parameter,
                                     GError       **error);
void          hl_arm_request_free   (HlArmRequest  *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlArmRequest, hl_arm_request_free)

G_END_DECLS
