/* hl-survey.h: survey definitions in the hailong-survey/1 format (FORMATS.md §2).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "hl-types.h"

G_BEGIN_DECLS

#define HL_SURVEY_FORMAT "hailong-survey/1"

#define HL_SURVEY_ERROR (hl_survey_error_quark ())

/* Why hl_survey_find() found nothing. */
typedef enum {
  HL_SURVEY_ERROR_NO_FOLDER,  /* the survey folder does not exist */
  HL_SURVEY_ERROR_NOT_FOUND,  /* no file defines the survey */
  HL_SURVEY_ERROR_INVALID,    /* a file says it defines the survey but is not valid (message at its line) */
  HL_SURVEY_ERROR_AMBIGUOUS,  /* two files define it differently */
} HlSurveyError;

GQuark            hl_survey_error_quark       (void);

typedef enum {
  HL_INDEX_ELEMENTS_MEAN,
  HL_INDEX_CRITERIA_MEAN,
  HL_INDEX_POOLED,
  HL_INDEX_MIXED,  /* only ever a result: responses of surveys with different methods in one group */
} HlIndexMethod;

typedef enum {
  HL_QUESTION_RATING,
  HL_QUESTION_CHOICE,
} HlQuestionType;

/* A text in several languages; "vi" is always present. */
HlText     *hl_text_new        (void);
void        hl_text_free       (HlText     *text);
void        hl_text_set        (HlText     *text,
                                const char *lang,
                                const char *value);
const char *hl_text_get        (const HlText *text,
                                const char   *lang);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlText, hl_text_free)

struct _HlOption {
  int       value;
  gboolean  satisfied;  /* rating scales: whether the option counts as satisfied */
  char     *element;    /* choice options: the SIPAS element the option points at, or NULL */
  HlText   *label;
};

struct _HlScale {
  char      *id;
  GPtrArray *options;   /* HlOption*, in the order written (and shown) */
};

struct _HlElement {
  char   *id;
  HlText *title;
};

struct _HlQuestion {
  char           *id;
  guint           position;   /* index in the survey's questions */
  HlQuestionType  type;
  gboolean        overall;    /* "role": "overall" */
  gboolean        multiple;   /* choice questions: several options may be chosen */
  HlScale        *scale;      /* rating questions; borrowed from the survey */
  char           *element;    /* rating questions with an element are criteria of it */
  HlText         *text;
  GPtrArray      *options;    /* choice questions: HlOption* */

  /* show_if: shown only when the answer to an earlier question matches. */
  HlQuestion     *show_if_question;  /* borrowed; NULL when always shown */
  int             show_if_satisfied; /* -1 unset, else FALSE/TRUE */
  GArray         *show_if_in;        /* int values, or NULL */
};

#define HL_TYPE_SURVEY (hl_survey_get_type ())
G_DECLARE_FINAL_TYPE (HlSurvey, hl_survey, HL, SURVEY, GObject)

HlSurvey         *hl_survey_load_file         (const char    *path,
                                               GPtrArray     *problems,
                                               GError       **error);
HlSurvey         *hl_survey_load_data         (const char    *name,
                                               const char    *data,
                                               gssize         length,
                                               GPtrArray     *problems,
                                               GError       **error);
HlSurvey         *hl_survey_find              (const char    *survey_dir,
                                               const char    *id,
                                               int            version,
                                               GError       **error);
const char       *hl_survey_get_id            (HlSurvey      *survey);
int               hl_survey_get_version       (HlSurvey      *survey);
const char       *hl_survey_get_source        (HlSurvey      *survey);
const HlText     *hl_survey_get_title         (HlSurvey      *survey);
HlIndexMethod     hl_survey_get_method        (HlSurvey      *survey);
const char *const*hl_survey_get_languages     (HlSurvey      *survey);
guint             hl_survey_get_n_questions   (HlSurvey      *survey);
HlQuestion       *hl_survey_get_question      (HlSurvey      *survey,
                                               guint          position);
HlQuestion       *hl_survey_lookup_question   (HlSurvey      *survey,
                                               const char    *id);
HlQuestion       *hl_survey_get_first_question(HlSurvey      *survey);
HlElement        *hl_survey_lookup_element    (HlSurvey      *survey,
                                               const char    *id);
guint             hl_survey_get_n_elements    (HlSurvey      *survey);
HlElement        *hl_survey_get_element       (HlSurvey      *survey,
                                               guint          position);

const HlOption   *hl_question_lookup_option   (const HlQuestion *question,
                                               int               value);
GPtrArray        *hl_question_get_options     (const HlQuestion *question);
gboolean          hl_question_is_criterion    (const HlQuestion *question);
double            hl_option_mood              (const HlQuestion *question,
                                               guint             position);
const char       *hl_index_method_to_string   (HlIndexMethod  method);

G_END_DECLS
