/* hl-crash-kit.h: what the durability tests share. The demo kiosk (data/demo/kiosk.json with the quick
 * survey), citizens whose every choice follows from the sequence number their response will get, acting
 * them out through HlKiosk exactly as the touch screen does, and the checks a restarted kiosk's database
 * must pass: nothing acknowledged is lost, nothing half-stored is kept, the file is sound, the chain
 * verifies and the per-day rollups agree with the rows they count.
 *
 * Because a citizen is a pure function of a sequence number, a check needs no record of what was pressed
 * beyond which sequence numbers were acknowledged: whatever is stored under number S must be exactly what
 * citizen S does, and the test that crashed the writer only has to remember the acknowledgements.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hl-config.h"
#include "hl-kiosk.h"
#include "hl-store.h"
#include "hl-survey.h"

G_BEGIN_DECLS

/* The kiosk id every durability test records under. */

/* What a citizen does when the follow-up question appears. */
typedef enum {
  HL_CRASH_ANSWER,     /* chooses one or more reasons and submits them */
  HL_CRASH_SKIP,       /* goes past the question */
  HL_CRASH_WALK_AWAY,  /* leaves it on the screen; the idle timeout would reset the kiosk */
} HlCrashFollowUp;

#define HL_CRASH_MAX_REASONS 8

/* One citizen: the response that gets sequence number @sequence. The strings are borrowed from the
 * configuration. */
typedef struct {
  gint64           sequence;
  gint64           utc;            /* when the face is pressed, Unix seconds */
  gboolean         repeat;         /* within the response interval after the previous response */
  guint            face;           /* position of the face pressed, from 0, left to right */
  int              overall;        /* the value stored for that face */
  gboolean         unsatisfied;    /* the follow-up question is shown, unless it is a repeat */
  HlCrashFollowUp  follow_up;
  guint            n_reasons;      /* HL_CRASH_ANSWER: how many options are chosen */
  guint            reason_positions[HL_CRASH_MAX_REASONS];  /* in the order shown */
  int              reason_values[HL_CRASH_MAX_REASONS];     /* the values stored for them, same order */
  const char      *arm_procedure;  /* what the officer arms the kiosk with, or NULL: not armed */
  const char      *arm_officer;    /* NULL: the officer on duty */
  const char      *officer;        /* the officer stored with the response */
  const char      *procedure;      /* the procedure stored, or NULL */
  const char      *field;          /* the field stored, or NULL */
} HlCrashCitizen;

/* The demo kiosk's configuration and survey, loaded from the source tree (HL_SOURCE_ROOT). */
typedef struct {
  HlConfig   *config;
  HlSurvey   *survey;
  HlQuestion *first;      /* borrowed: the faces */
  HlQuestion *follow_up;  /* borrowed: what went wrong, a multiple choice shown when unsatisfied */
  char       *key_db;     /* the database whose kiosk id is kiosk_id (the id its key file beside it makes) */
  char       *kiosk_id;
} HlCrashKit;

/* Which kinds of acknowledgement a sequence number got. */
#define HL_CRASH_ACK_RATING    (1u << 0)  /* the face: the response exists */
#define HL_CRASH_ACK_FOLLOW_UP (1u << 1)  /* the reasons were submitted and stored */

typedef struct {
  GByteArray *flags;  /* indexed by sequence number: HL_CRASH_ACK_* */
  gint64      last;   /* the newest acknowledged sequence number, 0 when none */
  guint64     n;      /* acknowledgements of either kind */
} HlCrashAcks;

/* Called right after a call that stored something returned TRUE: the kiosk thanks only after such a
 * call, so this is the moment the citizen was told the answer is kept. */
typedef void (*HlCrashAckFunc) (gint64    sequence,
                                gboolean  follow_up,
                                gpointer  user_data);

typedef enum {
  HL_CRASH_CHECK_DEFAULT = 0,
  /* Everything stored was acknowledged too: no response after the last acknowledged one, no reasons that
   * were not acknowledged. True when a write was refused (a full disk) rather than cut short. */
  HL_CRASH_CHECK_EXACT = 1 << 0,
} HlCrashCheckFlags;

/* Counts of what a check saw, for the test's summary. */
typedef struct {
  gint64 n_responses;   /* the responses stored, 1..N */
  gint64 n_unacked;     /* stored but never acknowledged (committed, then cut before the thank-you) */
  gint64 n_days;        /* distinct days in the rollups */
} HlCrashCheckStats;

HlCrashKit *hl_crash_kit_new          (void);
void        hl_crash_kit_free         (HlCrashKit           *kit);
void        hl_crash_kit_plan         (HlCrashKit           *kit,
                                       gint64                sequence,
                                       HlCrashCitizen       *citizen);
HlKiosk    *hl_crash_kit_new_kiosk    (HlCrashKit           *kit,
                                       HlStore              *store,
                                       GError              **error);
gboolean    hl_crash_kit_act          (HlCrashKit           *kit,
                                       HlKiosk              *kiosk,
                                       HlCrashAckFunc        ack,
                                       gpointer              user_data,
                                       GError              **error);
gboolean    hl_crash_kit_check        (HlCrashKit           *kit,
                                       const char           *path,
                                       const HlCrashAcks    *acks,
                                       HlCrashCheckFlags     flags,
                                       HlCrashCheckStats    *stats,
                                       GError              **error);

void        hl_crash_acks_init        (HlCrashAcks          *acks);
void        hl_crash_acks_clear       (HlCrashAcks          *acks);
void        hl_crash_acks_add         (HlCrashAcks          *acks,
                                       gint64                sequence,
                                       gboolean              follow_up);
guint       hl_crash_acks_get         (const HlCrashAcks    *acks,
                                       gint64                sequence);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlCrashKit, hl_crash_kit_free)

G_END_DECLS
