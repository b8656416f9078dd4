/* hl-report.c: PDF (cairo and pango), CSV and XLSX (libxlsxwriter) of one period.
 *
 * Every figure comes from an HlIndex computed over the store, the same one `hailong index` prints, so
 * that a report and the index can never disagree: a summary row, a table per counter, officer,
 * procedure and field (responses, overall satisfaction with its Wilson 95 % interval, the SIPAS figure),
 * and a table of the SIPAS elements. The tables are built once as cells and handed to each writer, so the
 * three files hold the same rows.
 *
 * Each file is written beside its final name and renamed into place, so that a reader never finds half a
 * report under the final name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-report"

#include "config.h"

#include <errno.h>
#include <math.h>

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <xlsxwriter.h>

#include "hl-completeness.h"
#include "hl-csv.h"
#include "hl-index.h"
#include "hl-index-private.h"
#include "hl-report.h"
#include "hl-survey.h"

G_DEFINE_QUARK (hl-report-error-quark, hl_report_error)

/* Named explicitly: a kiosk's default sans font may lack Vietnamese stacked diacritics (ắ, ề, ợ), and
 * Noto Sans (fonts-noto-core) has all of them. */
#define REPORT_FONT "Noto Sans"

typedef enum {
  CELL_EMPTY,
  CELL_TEXT,
  CELL_INT,
  CELL_PERCENT,   /* shown with two decimals, as the index rounds */
} CellKind;

typedef struct {
  CellKind  kind;
  char     *text;    /* CELL_TEXT */
  double    number;  /* CELL_INT, CELL_PERCENT */
} Cell;

typedef struct {
  const char        *title;      /* the heading in the PDF and the CSV */
  const char        *sheet;      /* the XLSX sheet's name (at most 31 characters) */
  guint              n_columns;
  const char *const *headings;
  const double      *widths;     /* of each column in the PDF, as shares of the page's width */
  guint64            text_columns; /* bit c: column c holds words, set left in the PDF (besides the first two) */
  guint64            whole_columns; /* bit c: column c holds codes (kiosk ids, unit codes, days) that the PDF
                                     * never breaks across lines: it widens the column to its widest cell */
  const char        *empty;      /* what the PDF says in place of no rows; NULL: no responses in the period */
  GPtrArray         *rows;       /* Cell[n_columns] */
} Table;

struct _HlReport {
  char      *title;    /* the PDF's heading; NULL: a kiosk's report */
  GPtrArray *lines;    /* char*: the heading's lines of a province's report, instead of the kiosk's */
  char      *trend_title; /* a province's report: the trend table's title (the table borrows it) */
  char      *from;
  char      *to;
  char      *unit_code;
  char      *unit_name;
  char      *counter;
  char      *kiosk_id;
  char      *created;
  double     target;
  GPtrArray *tables;   /* Table* */
  /* The summary, for the PDF's first lines. */
  gint64     responses;
  HlRate     overall;
  double     sipas;
};

static const char *const rate_headings[] = {
  "Mã", "Tên", "Số phiếu", "Số trả lời", "Hài lòng", "Tỷ lệ hài lòng (%)", "KTC 95 % dưới (%)",
  "KTC 95 % trên (%)", "Chỉ số SIPAS (%)",
};
static const double rate_widths[] = { 0.11, 0.29, 0.08, 0.08, 0.08, 0.09, 0.09, 0.09, 0.09 };

static const char *const element_headings[] = { "Mã", "Yếu tố", "Chỉ số (%)", "Số tiêu chí" };
static const double element_widths[] = { 0.11, 0.59, 0.15, 0.15 };

G_STATIC_ASSERT (G_N_ELEMENTS (rate_headings) == G_N_ELEMENTS (rate_widths));
G_STATIC_ASSERT (G_N_ELEMENTS (element_headings) == G_N_ELEMENTS (element_widths));

static void
cells_free (gpointer data)
{
  Cell *cells = data;

  /* The row's length is not stored with it: every row ends in a sentinel of kind CELL_EMPTY and
   * number -1. */
  for (guint i = 0; !(cells[i].kind == CELL_EMPTY && cells[i].number < 0); i++)
    g_free (cells[i].text);
  g_free (cells);
}

/* The SIPAS elements' table is empty when the responses held are quick ratings only. */
#define NO_DETAILED "Không có phiếu đánh giá chi tiết nào trong kỳ."

static Table *
table_new (const char        *title,
           const char        *sheet,
           guint              n_columns,
           const char *const *headings,
           const double      *widths)
{
  Table *table = g_new0 (Table, 1);

  table->title = title;
  table->sheet = sheet;
  table->n_columns = n_columns;
  table->headings = headings;
  table->widths = widths;
  table->rows = g_ptr_array_new_with_free_func (cells_free);
  return table;
}

static void
table_free (gpointer data)
{
  Table *table = data;

  g_ptr_array_unref (table->rows);
  g_free (table);
}

static Cell *
table_add_row (Table *table)
{
  Cell *cells = g_new0 (Cell, table->n_columns + 1);

  cells[table->n_columns].number = -1;
  g_ptr_array_add (table->rows, cells);
  return cells;
}

static void
cell_text (Cell       *cell,
           const char *text)
{
  cell->kind = text ? CELL_TEXT : CELL_EMPTY;
  cell->text = g_strdup (text);
}

static void
cell_int (Cell   *cell,
          gint64  n)
{
  cell->kind = CELL_INT;
  cell->number = n;
}

/* A percentage as the index gives it (JSON rounds to two decimals); empty when there is none. */
static void
cell_percent (Cell   *cell,
              double  value)
{
  if (isnan (value))
    return;
  cell->kind = CELL_PERCENT;
  cell->number = round (value * 100.0) / 100.0;
}

void
hl_report_free (HlReport *report)
{
  if (report == NULL)
    return;
  g_free (report->title);
  g_clear_pointer (&report->lines, g_ptr_array_unref);
  g_free (report->trend_title);
  g_free (report->from);
  g_free (report->to);
  g_free (report->unit_code);
  g_free (report->unit_name);
  g_free (report->counter);
  g_free (report->kiosk_id);
  g_free (report->created);
  g_clear_pointer (&report->tables, g_ptr_array_unref);
  g_free (report);
}

/* The name a supervisor knows a code by, from the kiosk configuration; NULL when it does not say. */
static const char *
name_of (HlConfig   *config,
         HlKey       key,
         const char *code)
{
  const HlCodeName *named = NULL;

  if (config == NULL || code == NULL)
    return NULL;
  switch (key)
    {
    case HL_KEY_UNIT:
      return g_strcmp0 (code, config->unit_code) == 0 ? hl_text_get (config->unit_name, "vi") : NULL;
    case HL_KEY_COUNTER:
      return g_strcmp0 (code, config->counter_code) == 0 ? hl_text_get (config->counter_name, "vi") : NULL;
    case HL_KEY_OFFICER:
      {
        const HlOfficer *officer = hl_config_lookup_officer (config, code);

        return officer ? officer->name : NULL;
      }
    case HL_KEY_PROCEDURE:
      named = hl_config_lookup_procedure (config, code);
      break;
    case HL_KEY_FIELD:
      named = hl_config_lookup_field (config, code);
      break;
    case HL_KEY_KIOSK:
    case HL_KEY_DAY:
    case HL_KEY_MONTH:
    case HL_KEY_QUARTER:
    case HL_N_KEYS:
    default:
      break;
    }
  return named ? hl_text_get (named->name, "vi") : NULL;
}

static void
add_rate_row (Table       *table,
              HlIndexRow  *row,
              const char  *code,
              const char  *name)
{
  Cell *cells = table_add_row (table);

  cell_text (&cells[0], code);
  cell_text (&cells[1], name);
  cell_int (&cells[2], row->responses);
  cell_int (&cells[3], row->overall.n);
  cell_int (&cells[4], row->overall.satisfied);
  cell_percent (&cells[5], row->overall.rate);
  cell_percent (&cells[6], row->overall.ci_low);
  cell_percent (&cells[7], row->overall.ci_high);
  cell_percent (&cells[8], row->sipas);
}

static HlIndex *
compute (HlStore     *store,
         HlConfig    *config,
         const char  *from,
         const char  *to,
         const char  *by,
         GError     **error)
{
  g_autoptr(GArray) keys = hl_index_parse_keys (by, error);
  HlIndex *index;

  if (keys == NULL)
    return NULL;
  index = hl_index_compute (store, from, to, keys, error);
  if (index != NULL)
    hl_index_set_targets (index, config);
  return index;
}

/* An element's title, from the surveys the configuration names. */
static const char *
element_title (HlSurvey  **surveys,
               guint       n_surveys,
               const char *id)
{
  for (guint i = 0; i < n_surveys; i++)
    {
      HlElement *element = surveys[i] ? hl_survey_lookup_element (surveys[i], id) : NULL;

      if (element != NULL)
        return hl_text_get (element->title, "vi");
    }
  return NULL;
}

typedef struct {
  Table     *table;
  HlSurvey **surveys;
  guint      n_surveys;
} ElementRows;

static gboolean
add_element_cb (gpointer key,
                gpointer value,
                gpointer user_data)
{
  ElementRows *er = user_data;
  HlElementIndex *ei = value;
  Cell *cells = table_add_row (er->table);

  cell_text (&cells[0], key);
  cell_text (&cells[1], element_title (er->surveys, er->n_surveys, key));
  cell_percent (&cells[2], ei->index);
  cell_int (&cells[3], ei->criteria);
  return FALSE;
}

/* Computes every table of the period [@from, @to] from @store's index. @config (may be NULL) gives the
 * names of codes and the satisfaction target; @kiosk_id (may be NULL) is printed on the report. */
HlReport *
hl_report_new (HlStore     *store,
               HlConfig    *config,
               const char  *from,
               const char  *to,
               const char  *kiosk_id,
               GError     **error)
{
  static const struct {
    HlKey       key;
    const char *by;
    const char *title;
    const char *sheet;
  } groupings[] = {
    { HL_KEY_COUNTER, "counter", "Theo quầy", "Quầy" },
    { HL_KEY_OFFICER, "officer", "Theo cán bộ", "Cán bộ" },
    { HL_KEY_PROCEDURE, "procedure", "Theo thủ tục hành chính", "Thủ tục" },
    { HL_KEY_FIELD, "field", "Theo lĩnh vực", "Lĩnh vực" },
  };
  g_autoptr(HlReport) report = g_new0 (HlReport, 1);
  g_autoptr(HlIndex) all = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  HlSurvey *surveys[2] = { NULL, NULL };
  Table *table;

  g_return_val_if_fail (store != NULL, NULL);

  report->from = g_strdup (from);
  report->to = g_strdup (to);
  report->kiosk_id = g_strdup (kiosk_id);
  report->created = g_date_time_format (now, "%Y-%m-%d %H:%M");
  report->tables = g_ptr_array_new_with_free_func (table_free);
  report->target = config ? config->target : HL_DEFAULT_TARGET;
  if (config != NULL)
    {
      report->unit_code = g_strdup (config->unit_code);
      report->unit_name = g_strdup (hl_text_get (config->unit_name, "vi"));
      report->counter = g_strdup (hl_text_get (config->counter_name, "vi"));
    }

  all = compute (store, config, from, to, NULL, error);
  if (all == NULL)
    return NULL;
  table = table_new ("Tổng hợp", "Tổng hợp", G_N_ELEMENTS (rate_headings), rate_headings, rate_widths);
  g_ptr_array_add (report->tables, table);
  report->sipas = NAN;
  report->overall.rate = report->overall.ci_low = report->overall.ci_high = NAN;
  if (hl_index_get_n_rows (all) > 0)
    {
      HlIndexRow *row = hl_index_get_row (all, 0);

      add_rate_row (table, row, NULL, "Toàn bộ kỳ báo cáo");
      report->responses = row->responses;
      report->overall = row->overall;
      report->sipas = row->sipas;
    }

  for (guint g = 0; g < G_N_ELEMENTS (groupings); g++)
    {
      g_autoptr(HlIndex) index = compute (store, config, from, to, groupings[g].by, error);

      if (index == NULL)
        return NULL;
      table = table_new (groupings[g].title, groupings[g].sheet, G_N_ELEMENTS (rate_headings), rate_headings,
                         rate_widths);
      g_ptr_array_add (report->tables, table);
      for (guint i = 0; i < hl_index_get_n_rows (index); i++)
        {
          HlIndexRow *row = hl_index_get_row (index, i);
          const char *code = row->key[groupings[g].key];
          const char *name = name_of (config, groupings[g].key, code);

          add_rate_row (table, row, code, code ? name : "(không ghi)");
        }
    }

  /* The elements' titles are in the surveys the configuration names, as the store holds them. */
  if (config != NULL)
    {
      surveys[0] = hl_store_load_survey (store, config->survey_id, config->survey_version, NULL);
      if (config->detailed_id != NULL)
        surveys[1] = hl_store_load_survey (store, config->detailed_id, config->detailed_version, NULL);
    }
  table = table_new ("Theo yếu tố SIPAS", "Yếu tố SIPAS", G_N_ELEMENTS (element_headings), element_headings,
                     element_widths);
  table->empty = NO_DETAILED;
  g_ptr_array_add (report->tables, table);
  if (hl_index_get_n_rows (all) > 0)
    {
      ElementRows er = { table, surveys, G_N_ELEMENTS (surveys) };

      g_tree_foreach (hl_index_get_row (all, 0)->elements, add_element_cb, &er);
    }
  for (guint i = 0; i < G_N_ELEMENTS (surveys); i++)
    g_clear_object (&surveys[i]);
  return g_steal_pointer (&report);
}

static gboolean
write_failed (GError     **error,
              const char  *path,
              const char  *why)
{
  g_set_error (error, HL_REPORT_ERROR, HL_REPORT_ERROR_WRITE, "%s: cannot write the report: %s", path, why);
  return FALSE;
}

/* Renames the finished @tmp to @path; on failure removes @tmp. */
static gboolean
finish_file (const char  *tmp,
             const char  *path,
             GError     **error)
{
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      return write_failed (error, path, g_strerror (saved));
    }
  return TRUE;
}

/* CSV: UTF-8 with a BOM (so that Excel reads it as UTF-8), CRLF line ends (RFC 4180, and what Excel
 * writes), RFC 4180 quoting, '.' as the decimal point. Each table is a block: its title on a line of its
 * own, its headings, its rows, then an empty line. Names that a spreadsheet would run as formulas are
 * written with a leading apostrophe. */


static void
append_number (GString *out,
               CellKind kind,
               double   number)
{
  if (kind == CELL_INT)
    g_string_append_printf (out, "%.0f", number);
  else
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.2f", number));
    }
}

static char *
report_to_csv (HlReport *report)
{
  GString *out = g_string_new ("\xEF\xBB\xBF");

  hl_csv_append_text_cell (out, "Báo cáo mức độ hài lòng");
  g_string_append (out, ",");
  hl_csv_append_text_cell (out, report->unit_name ? report->unit_name : report->unit_code);
  g_string_append_printf (out, ",%s,%s\r\n\r\n", report->from, report->to);
  for (guint t = 0; t < report->tables->len; t++)
    {
      Table *table = g_ptr_array_index (report->tables, t);

      hl_csv_append_text_cell (out, table->title);
      g_string_append (out, "\r\n");
      for (guint c = 0; c < table->n_columns; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          hl_csv_append_text_cell (out, table->headings[c]);
        }
      g_string_append (out, "\r\n");
      for (guint r = 0; r < table->rows->len; r++)
        {
          Cell *cells = g_ptr_array_index (table->rows, r);

          for (guint c = 0; c < table->n_columns; c++)
            {
              if (c > 0)
                g_string_append_c (out, ',');
              if (cells[c].kind == CELL_TEXT)
                hl_csv_append_text_cell (out, cells[c].text);
              else if (cells[c].kind != CELL_EMPTY)
                append_number (out, cells[c].kind, cells[c].number);
            }
          g_string_append (out, "\r\n");
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

gboolean
hl_report_write_csv (HlReport    *report,
                     const char  *path,
                     GError     **error)
{
  g_autofree char *text = report_to_csv (report);
  g_autoptr(GError) local = NULL;

  /* g_file_set_contents writes aside, syncs and renames. */
  if (!g_file_set_contents (path, text, -1, &local))
    return write_failed (error, path, local->message);
  return TRUE;
}

/* XLSX: a sheet per table, numbers as numbers (two decimals shown), text always written as a string
 * cell, which no spreadsheet evaluates: there the name stays exactly as written, without an apostrophe. */
gboolean
hl_report_write_xlsx (HlReport    *report,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  lxw_workbook *workbook;
  lxw_format *bold, *percent, *integer;
  lxw_error rc;

  g_unlink (tmp);
  workbook = workbook_new (tmp);
  if (workbook == NULL)
    return write_failed (error, path, "libxlsxwriter cannot create the workbook");
  bold = workbook_add_format (workbook);
  format_set_bold (bold);
  format_set_text_wrap (bold);
  percent = workbook_add_format (workbook);
  format_set_num_format (percent, "0.00");
  integer = workbook_add_format (workbook);
  format_set_num_format (integer, "0");

  for (guint t = 0; t < report->tables->len; t++)
    {
      Table *table = g_ptr_array_index (report->tables, t);
      lxw_worksheet *sheet = workbook_add_worksheet (workbook, table->sheet);
      g_autofree char *heading = g_strdup_printf ("%s — %s, %s đến %s", table->title,
                                                  report->unit_name ? report->unit_name
                                                  : report->unit_code ? report->unit_code : "",
                                                  report->from, report->to);

      worksheet_write_string (sheet, 0, 0, heading, bold);
      for (guint c = 0; c < table->n_columns; c++)
        {
          worksheet_write_string (sheet, 2, c, table->headings[c], bold);
          worksheet_set_column (sheet, c, c, c == 1 ? 40 : 14, NULL);
        }
      for (guint r = 0; r < table->rows->len; r++)
        {
          Cell *cells = g_ptr_array_index (table->rows, r);

          for (guint c = 0; c < table->n_columns; c++)
            {
              if (cells[c].kind == CELL_TEXT)
                worksheet_write_string (sheet, 3 + r, c, cells[c].text, NULL);
              else if (cells[c].kind != CELL_EMPTY)
                worksheet_write_number (sheet, 3 + r, c, cells[c].number,
                                        cells[c].kind == CELL_INT ? integer : percent);
            }
        }
    }
  rc = workbook_close (workbook);
  if (rc != LXW_NO_ERROR)
    {
      g_unlink (tmp);
      return write_failed (error, path, lxw_strerror (rc));
    }
  return finish_file (tmp, path, error);
}

/* PDF: A4, Noto Sans, a summary, a bar chart of the satisfaction rate with its interval, then the
 * tables, breaking across pages with the headings repeated. Numbers as Vietnamese write them (decimal
 * comma). */

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 40.0
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define MAX_COLUMNS 16
#define CELL_PAD 2.0
#define MAX_WHOLE 0.4  /* the widest a column of codes grows to, as a share of the page (pdf_fit_columns()) */

typedef struct {
  cairo_t     *cr;
  PangoLayout *layout;
  double       y;
  int          page;
  HlReport    *report;
  double       widths[MAX_COLUMNS]; /* of the table being drawn, in points (pdf_fit_columns()) */
} Pdf;

static void
pdf_font (Pdf        *pdf,
          double      size,
          gboolean    bold)
{
  g_autoptr(PangoFontDescription) desc = pango_font_description_new ();

  pango_font_description_set_family (desc, REPORT_FONT);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (pdf->layout, desc);
}

/* Lays @text out @width wide; returns its height. Draws it at (@x, @y) when @draw. */
static double
pdf_text_at (Pdf            *pdf,
             double          x,
             double          y,
             double          width,
             PangoAlignment  align,
             const char     *text,
             gboolean        draw)
{
  int w, h;

  pango_layout_set_width (pdf->layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (pdf->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (pdf->layout, align);
  pango_layout_set_text (pdf->layout, text ? text : "", -1);
  pango_layout_get_size (pdf->layout, &w, &h);
  if (draw)
    {
      cairo_move_to (pdf->cr, x, y);
      pango_cairo_show_layout (pdf->cr, pdf->layout);
    }
  return (double) h / PANGO_SCALE;
}

static void
pdf_footer (Pdf *pdf)
{
  g_autofree char *text = g_strdup_printf ("%s · %s đến %s · trang %d",
                                           pdf->report->unit_name ? pdf->report->unit_name : "",
                                           pdf->report->from, pdf->report->to, pdf->page);

  pdf_font (pdf, 7.5, FALSE);
  cairo_set_source_rgb (pdf->cr, 0.4, 0.4, 0.4);
  pdf_text_at (pdf, MARGIN, PAGE_H - MARGIN + 12, CONTENT_W, PANGO_ALIGN_CENTER, text, TRUE);
  cairo_set_source_rgb (pdf->cr, 0, 0, 0);
}

/* Starts a new page when @height does not fit on this one. */
static gboolean
pdf_need (Pdf    *pdf,
          double  height)
{
  if (pdf->y + height <= PAGE_H - MARGIN)
    return FALSE;
  pdf_footer (pdf);
  cairo_show_page (pdf->cr);
  pdf->page++;
  pdf->y = MARGIN;
  return TRUE;
}

static void
pdf_line (Pdf        *pdf,
          double      size,
          gboolean    bold,
          const char *text)
{
  double h;

  pdf_font (pdf, size, bold);
  h = pdf_text_at (pdf, MARGIN, pdf->y, CONTENT_W, PANGO_ALIGN_LEFT, text, FALSE);
  pdf_need (pdf, h);
  pdf_font (pdf, size, bold);
  pdf_text_at (pdf, MARGIN, pdf->y, CONTENT_W, PANGO_ALIGN_LEFT, text, TRUE);
  pdf->y += h + size * 0.3;
}

/* "85,59": two decimals and a decimal comma, as Vietnamese write numbers. */
static char *
format_vi (double value,
           int    decimals)
{
  char *text;

  if (isnan (value))
    return g_strdup ("—");
  text = g_strdup_printf ("%.*f", decimals, value);
  g_strdelimit (text, ".", ',');
  return text;
}

static char *
cell_to_text (const Cell *cell)
{
  switch (cell->kind)
    {
    case CELL_TEXT: return g_strdup (cell->text);
    case CELL_INT: return g_strdup_printf ("%.0f", cell->number);
    case CELL_PERCENT: return format_vi (cell->number, 2);
    case CELL_EMPTY:
    default: return g_strdup ("");
    }
}

static double
pdf_row (Pdf          *pdf,
         Table        *table,
         const char  **texts,
         gboolean      heading,
         gboolean      draw)
{
  double x = MARGIN, height = 0;

  pdf_font (pdf, heading ? 7.5 : 8, heading);
  for (guint c = 0; c < table->n_columns; c++)
    {
      double w = pdf->widths[c];
      PangoAlignment align = c < 2 || (table->text_columns >> c & 1) ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;

      height = MAX (height, pdf_text_at (pdf, x + CELL_PAD, pdf->y + CELL_PAD, w - 2 * CELL_PAD, align,
                                         texts[c], draw));
      x += w;
    }
  return height + 2 * CELL_PAD;
}

/* Sets the widths @table is drawn with: its shares of the page, except that a column of codes is made as
 * wide as its widest cell (at most MAX_WHOLE of the page), the width it takes from the columns of words.
 * A code broken across two lines is misread, and a kiosk id's width depends on its letters ("HL-WMWM-…"
 * is a quarter wider than "HL-7I2J-…"), so no fixed share fits every id. */
static void
pdf_fit_columns (Pdf   *pdf,
                 Table *table)
{
  double grown = 0, words = 0;

  g_assert (table->n_columns <= MAX_COLUMNS);
  pdf_font (pdf, 8, FALSE);
  pango_layout_set_width (pdf->layout, -1);
  for (guint c = 0; c < table->n_columns; c++)
    {
      double natural = 0;

      pdf->widths[c] = table->widths[c] * CONTENT_W;
      if (!(table->whole_columns >> c & 1))
        {
          words += pdf->widths[c];
          continue;
        }
      for (guint r = 0; r < table->rows->len; r++)
        {
          Cell *cells = g_ptr_array_index (table->rows, r);
          g_autofree char *text = cell_to_text (&cells[c]);
          int w;

          pango_layout_set_text (pdf->layout, text, -1);
          pango_layout_get_size (pdf->layout, &w, NULL);
          /* A point to spare: pdf_text_at() rounds the width it lays out down to Pango units. */
          natural = MAX (natural, (double) w / PANGO_SCALE + 2 * CELL_PAD + 1);
        }
      natural = MIN (natural, MAX_WHOLE * CONTENT_W);
      if (natural > pdf->widths[c])
        {
          grown += natural - pdf->widths[c];
          pdf->widths[c] = natural;
        }
    }
  if (grown > 0 && words > grown)
    for (guint c = 0; c < table->n_columns; c++)
      if (!(table->whole_columns >> c & 1))
        pdf->widths[c] *= (words - grown) / words;
}

/* Draws a row @h high on a band of grey @shade (1: none) and moves below it. */
static void
pdf_band_row (Pdf          *pdf,
              Table        *table,
              const char  **texts,
              gboolean      heading,
              double        h,
              double        shade)
{
  if (shade < 1)
    {
      cairo_set_source_rgb (pdf->cr, shade, shade + 0.02, heading ? shade + 0.09 : shade);
      cairo_rectangle (pdf->cr, MARGIN, pdf->y, CONTENT_W, h);
      cairo_fill (pdf->cr);
      cairo_set_source_rgb (pdf->cr, 0, 0, 0);
    }
  pdf_row (pdf, table, texts, heading, TRUE);
  pdf->y += h;
}

static void
pdf_table_heading (Pdf   *pdf,
                   Table *table)
{
  double h = pdf_row (pdf, table, (const char **) table->headings, TRUE, FALSE);

  pdf_band_row (pdf, table, (const char **) table->headings, TRUE, h, 0.87);
}

static void
pdf_table (Pdf   *pdf,
           Table *table)
{
  double heading_h;

  pdf_fit_columns (pdf, table);
  pdf->y += 6;
  pdf_font (pdf, 11, TRUE);
  heading_h = pdf_text_at (pdf, MARGIN, pdf->y, CONTENT_W, PANGO_ALIGN_LEFT, table->title, FALSE)
              + pdf_row (pdf, table, (const char **) table->headings, TRUE, FALSE) + 20;
  /* A title is never left alone at the foot of a page. */
  pdf_need (pdf, heading_h);
  pdf_line (pdf, 11, TRUE, table->title);
  pdf_table_heading (pdf, table);
  if (table->rows->len == 0)
    {
      pdf_line (pdf, 8, FALSE, table->empty ? table->empty : "Không có phiếu nào trong kỳ.");
      return;
    }
  for (guint r = 0; r < table->rows->len; r++)
    {
      Cell *cells = g_ptr_array_index (table->rows, r);
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      double h;

      for (guint c = 0; c < table->n_columns; c++)
        g_ptr_array_add (texts, cell_to_text (&cells[c]));
      h = pdf_row (pdf, table, (const char **) texts->pdata, FALSE, FALSE);
      if (pdf_need (pdf, h))
        pdf_table_heading (pdf, table);
      pdf_band_row (pdf, table, (const char **) texts->pdata, FALSE, h, r % 2 == 1 ? 0.95 : 1);
    }
}

/* Horizontal bars of the satisfaction rate of each row of @table, with the 95 % interval as a whisker
 * and the target as a dashed line. */
static void
pdf_chart (Pdf   *pdf,
           Table *table)
{
  const double label_w = CONTENT_W * 0.34, bar_x = MARGIN + label_w + 6, bar_w = CONTENT_W - label_w - 40;
  const double bar_h = 11, gap = 5;
  guint n = MIN (table->rows->len, 20);
  double top;
  g_autofree char *lower = g_utf8_strdown (table->title, -1);
  g_autofree char *title = g_strdup_printf ("Tỷ lệ hài lòng %s (%%, có khoảng tin cậy 95 %%)", lower);

  if (n == 0)
    return;
  pdf->y += 8;
  pdf_need (pdf, 30 + n * (bar_h + gap) + 20);
  pdf_line (pdf, 11, TRUE, title);
  top = pdf->y;
  for (guint r = 0; r < n; r++)
    {
      Cell *cells = g_ptr_array_index (table->rows, r);
      double y = top + r * (bar_h + gap);
      g_autofree char *code = cells[0].text ? g_strconcat (" · ", cells[0].text, NULL) : g_strdup ("");
      g_autofree char *value = format_vi (cells[5].kind == CELL_PERCENT ? cells[5].number : NAN, 1);
      int code_w;

      /* "name · code", right-aligned: a name too long is shortened with "…", the code never, as it is
       * what finds the row in the tables. */
      pdf_font (pdf, 7.5, FALSE);
      pango_layout_set_width (pdf->layout, -1);
      pango_layout_set_text (pdf->layout, code, -1);
      pango_layout_get_size (pdf->layout, &code_w, NULL);
      pdf_text_at (pdf, MARGIN, y, label_w, PANGO_ALIGN_RIGHT, code, TRUE);
      pango_layout_set_ellipsize (pdf->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (pdf->layout, -1);
      pdf_text_at (pdf, MARGIN, y, label_w - (double) code_w / PANGO_SCALE, PANGO_ALIGN_RIGHT, cells[1].text, TRUE);
      pango_layout_set_ellipsize (pdf->layout, PANGO_ELLIPSIZE_NONE);
      cairo_set_source_rgb (pdf->cr, 0.93, 0.93, 0.93);
      cairo_rectangle (pdf->cr, bar_x, y, bar_w, bar_h);
      cairo_fill (pdf->cr);
      if (cells[5].kind == CELL_PERCENT)
        {
          gboolean below = cells[5].number < pdf->report->target;

          cairo_set_source_rgb (pdf->cr, below ? 0.85 : 0.18, below ? 0.42 : 0.55, below ? 0.18 : 0.34);
          cairo_rectangle (pdf->cr, bar_x, y, bar_w * cells[5].number / 100.0, bar_h);
          cairo_fill (pdf->cr);
          if (cells[6].kind == CELL_PERCENT && cells[7].kind == CELL_PERCENT)
            {
              cairo_set_source_rgb (pdf->cr, 0.1, 0.1, 0.1);
              cairo_set_line_width (pdf->cr, 0.8);
              cairo_move_to (pdf->cr, bar_x + bar_w * cells[6].number / 100.0, y + bar_h / 2);
              cairo_line_to (pdf->cr, bar_x + bar_w * cells[7].number / 100.0, y + bar_h / 2);
              cairo_move_to (pdf->cr, bar_x + bar_w * cells[6].number / 100.0, y + 2);
              cairo_line_to (pdf->cr, bar_x + bar_w * cells[6].number / 100.0, y + bar_h - 2);
              cairo_move_to (pdf->cr, bar_x + bar_w * cells[7].number / 100.0, y + 2);
              cairo_line_to (pdf->cr, bar_x + bar_w * cells[7].number / 100.0, y + bar_h - 2);
              cairo_stroke (pdf->cr);
            }
        }
      cairo_set_source_rgb (pdf->cr, 0, 0, 0);
      pdf_text_at (pdf, bar_x + bar_w + 3, y, 34, PANGO_ALIGN_LEFT, value, TRUE);
    }
  /* The target, dashed, across every bar. */
  {
    double x = bar_x + bar_w * pdf->report->target / 100.0;
    double dash[] = { 3, 2 };
    g_autofree char *target = format_vi (pdf->report->target, 0);
    g_autofree char *label = g_strdup_printf ("mục tiêu %s %%", target);

    cairo_set_source_rgb (pdf->cr, 0.7, 0.1, 0.1);
    cairo_set_line_width (pdf->cr, 0.8);
    cairo_set_dash (pdf->cr, dash, 2, 0);
    cairo_move_to (pdf->cr, x, top - 3);
    cairo_line_to (pdf->cr, x, top + n * (bar_h + gap));
    cairo_stroke (pdf->cr);
    cairo_set_dash (pdf->cr, NULL, 0, 0);
    pdf_font (pdf, 7, FALSE);
    pdf_text_at (pdf, x - 40, top + n * (bar_h + gap), 80, PANGO_ALIGN_CENTER, label, TRUE);
    cairo_set_source_rgb (pdf->cr, 0, 0, 0);
  }
  pdf->y = top + n * (bar_h + gap) + 14;
}

static void
pdf_summary (Pdf *pdf)
{
  HlReport *report = pdf->report;
  g_autofree char *rate = format_vi (report->overall.rate, 2);
  g_autofree char *low = format_vi (report->overall.ci_low, 2);
  g_autofree char *high = format_vi (report->overall.ci_high, 2);
  g_autofree char *sipas_figure = format_vi (report->sipas, 2);
  /* No SIPAS figure without detailed answers: a dash, not "— %". */
  g_autofree char *sipas = isnan (report->sipas) ? g_strdup (sipas_figure) : g_strconcat (sipas_figure, " %", NULL);
  g_autofree char *unit = g_strdup_printf ("Đơn vị: %s%s%s%s", report->unit_name ? report->unit_name : "",
                                           report->unit_code ? " (" : "", report->unit_code ? report->unit_code : "",
                                           report->unit_code ? ")" : "");
  g_autofree char *period = g_strdup_printf ("Kỳ báo cáo: từ %s đến %s", report->from, report->to);
  g_autofree char *where = g_strdup_printf ("Quầy: %s · Kiosk: %s · Lập lúc %s",
                                            report->counter ? report->counter : "—",
                                            report->kiosk_id ? report->kiosk_id : "—", report->created);
  g_autofree char *counts = g_strdup_printf ("Số phiếu được tính: %" G_GINT64_FORMAT " · Số trả lời câu hỏi chung: %"
                                             G_GINT64_FORMAT " · Hài lòng: %" G_GINT64_FORMAT,
                                             report->responses, report->overall.n, report->overall.satisfied);
  g_autofree char *figures = g_strdup_printf ("Tỷ lệ hài lòng: %s %% (khoảng tin cậy 95 %%: %s – %s %%) · "
                                              "Chỉ số SIPAS: %s", rate, low, high, sipas);

  pdf_line (pdf, 16, TRUE, report->title ? report->title : "Báo cáo mức độ hài lòng của người dân, tổ chức");
  if (report->lines != NULL)
    {
      for (guint i = 0; i < report->lines->len; i++)
        pdf_line (pdf, i == 0 ? 11 : 10, FALSE, g_ptr_array_index (report->lines, i));
      pdf->y += 4;
      pdf_line (pdf, 10, TRUE, counts);
      pdf_line (pdf, 10, TRUE, figures);
      return;
    }
  pdf_line (pdf, 11, FALSE, unit);
  pdf_line (pdf, 10, FALSE, period);
  pdf_line (pdf, 9, FALSE, where);
  pdf->y += 4;
  pdf_line (pdf, 10, TRUE, counts);
  pdf_line (pdf, 10, TRUE, figures);
}

gboolean
hl_report_write_pdf (HlReport    *report,
                     const char  *path,
                     GError     **error)
{
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  cairo_surface_t *surface;
  cairo_status_t status;
  Pdf pdf = { .report = report, .y = MARGIN, .page = 1 };
  Table *chart_table = NULL;

  surface = cairo_pdf_surface_create (tmp, PAGE_W, PAGE_H);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      status = cairo_surface_status (surface);
      cairo_surface_destroy (surface);
      return write_failed (error, path, cairo_status_to_string (status));
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, "Báo cáo mức độ hài lòng");
  pdf.cr = cairo_create (surface);
  pdf.layout = pango_cairo_create_layout (pdf.cr);
  /* Points on the page are the layout's units: a 10-point font is 10 points high. */
  pango_cairo_context_set_resolution (pango_layout_get_context (pdf.layout), 72);
  pango_layout_context_changed (pdf.layout);

  pdf_summary (&pdf);
  /* The chart shows the procedures, the finest grouping a centre acts on; a kiosk that does not record
   * procedures shows its counters. */
  for (guint t = 0; t < report->tables->len && chart_table == NULL; t++)
    {
      Table *table = g_ptr_array_index (report->tables, t);

      if ((g_str_equal (table->sheet, "Thủ tục") || g_str_equal (table->sheet, "Xếp hạng")) && table->rows->len > 0)
        chart_table = table;
    }
  if (chart_table == NULL && report->tables->len > 1)
    chart_table = g_ptr_array_index (report->tables, 1);
  if (chart_table != NULL)
    pdf_chart (&pdf, chart_table);
  for (guint t = 0; t < report->tables->len; t++)
    pdf_table (&pdf, g_ptr_array_index (report->tables, t));
  pdf_footer (&pdf);

  g_object_unref (pdf.layout);
  cairo_destroy (pdf.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp);
      return write_failed (error, path, cairo_status_to_string (status));
    }
  return finish_file (tmp, path, error);
}

/* STEM.pdf, STEM.csv and STEM.xlsx. */
gboolean
hl_report_write_all (HlReport    *report,
                     const char  *stem,
                     GError     **error)
{
  g_autofree char *pdf = g_strconcat (stem, ".pdf", NULL);
  g_autofree char *csv = g_strconcat (stem, ".csv", NULL);
  g_autofree char *xlsx = g_strconcat (stem, ".xlsx", NULL);

  return hl_report_write_pdf (report, pdf, error) && hl_report_write_csv (report, csv, error)
         && hl_report_write_xlsx (report, xlsx, error);
}

/* ---- The province's period report (docs/province.md, "The period report") ---- */

static const char *const rank_headings[] = {
  "Mã", "Đơn vị", "Số phiếu", "Số trả lời", "Hài lòng", "Tỷ lệ hài lòng (%)", "KTC 95 % dưới (%)",
  "KTC 95 % trên (%)", "Chỉ số SIPAS (%)", "Hạng", "Mục tiêu (%)", "Đánh giá",
};
/* The verdict is words ("dưới mục tiêu, chưa đủ mẫu"), at most two lines in its share, set left. */
static const double rank_widths[] = { 0.09, 0.19, 0.06, 0.06, 0.06, 0.08, 0.07, 0.07, 0.07, 0.05, 0.06, 0.14 };
static const char *const trend_headings[] = {
  "Mã", "Đơn vị", "Số trả lời kỳ này", "Tỷ lệ kỳ này (%)", "Số trả lời kỳ trước", "Tỷ lệ kỳ trước (%)",
  "Chênh lệch (điểm %)",
};
static const double trend_widths[] = { 0.11, 0.29, 0.12, 0.12, 0.12, 0.12, 0.12 };

G_STATIC_ASSERT (G_N_ELEMENTS (rank_headings) == G_N_ELEMENTS (rank_widths));
G_STATIC_ASSERT (G_N_ELEMENTS (trend_headings) == G_N_ELEMENTS (trend_widths));

/* The dashboard's verdict (hl_rate_verdict(): below only when the whole 95 % interval lies under the
 * target, "chưa rõ" when the rate is under it but the interval still reaches it). */
static const char *
verdict_of (const HlIndexRow *row)
{
  HlVerdict verdict = hl_rate_verdict (&row->overall, row->target);

  return verdict == HL_VERDICT_NONE ? "không có trả lời" : hl_verdict_describe (verdict);
}

static gboolean
row_is_below (const HlIndexRow *row)
{
  return hl_rate_verdict (&row->overall, row->target) == HL_VERDICT_BELOW;
}

static void
add_rank_row (Table            *table,
              const HlIndexRow *row,
              const char       *name,
              guint             rank)
{
  g_autofree char *verdict = NULL;
  Cell *cells;

  /* The first nine columns are those of every other table of rates; the ranking adds three. */
  add_rate_row (table, (HlIndexRow *) row, row->key[HL_KEY_UNIT], name);
  cells = g_ptr_array_index (table->rows, table->rows->len - 1);
  if (rank > 0)
    cell_int (&cells[9], rank);
  cells[10].kind = CELL_PERCENT;
  cells[10].number = row->target;
  verdict = g_strdup_printf ("%s%s", verdict_of (row), row->too_small ? ", chưa đủ mẫu" : "");
  cell_text (&cells[11], verdict);
}

static const char *
unit_name (HlProvince *province,
           const char *code)
{
  const HlProvinceUnit *unit = hl_province_lookup_unit (province, code);

  return unit != NULL ? hl_text_get (unit->name, "vi") : code ? "(không có trong danh mục đơn vị)" : "(không ghi)";
}

static HlIndex *
province_index (HlStore     *store,
                HlProvince  *province,
                const char  *from,
                const char  *to,
                const char  *by,
                GHashTable  *unit_map,
                GError     **error)
{
  g_autoptr(GArray) keys = hl_index_parse_keys (by, error);
  HlIndex *index;

  if (keys == NULL)
    return NULL;
  index = hl_index_compute_mapped (store, from, to, keys, unit_map, error);
  if (index != NULL)
    hl_index_set_province_targets (index, province);
  return index;
}

/* One row of the fields' table: the responses of the fields for which @lci is the answer, summed (a rate
 * of summed counts is exact; the SIPAS figure is not a sum, so it is left out here). */
static void
add_field_group (Table      *table,
                 HlIndex    *by_field,
                 HlProvince *province,
                 gboolean    lci,
                 const char *title)
{
  HlIndexRow sum = { 0 };
  Cell *cells;

  for (guint i = 0; i < hl_index_get_n_rows (by_field); i++)
    {
      HlIndexRow *row = hl_index_get_row (by_field, i);
      const char *field = row->key[HL_KEY_FIELD];
      const char *name = field ? g_hash_table_lookup (province->field_names, field) : NULL;

      if (hl_field_name_is_lci (name) != lci)
        continue;
      sum.responses += row->responses;
      sum.overall.n += row->overall.n;
      sum.overall.satisfied += row->overall.satisfied;
    }
  sum.overall.rate = sum.overall.n > 0 ? 100.0 * sum.overall.satisfied / sum.overall.n : NAN;
  hl_wilson_interval (sum.overall.satisfied, sum.overall.n, &sum.overall.ci_low, &sum.overall.ci_high);
  sum.sipas = NAN;
  add_rate_row (table, &sum, NULL, title);
  cells = g_ptr_array_index (table->rows, table->rows->len - 1);
  cell_text (&cells[0], lci ? "ĐĐ-XD-ĐT" : "KHÁC");
}

/* The completeness tables (hl-completeness.c decides; docs/province.md, "hailong status"). */
static const char *const summary_headings[] = { "Chỉ tiêu", "Số" };
static const double summary_widths[] = { 0.70, 0.30 };
static const char *const missing_headings[] = {
  "Máy đánh giá", "Đơn vị", "Tên đơn vị", "Quầy", "Tình trạng", "Ngày phiếu cuối", "Nhận lần cuối", "Ghi chú",
};
static const double missing_widths[] = { 0.19, 0.10, 0.18, 0.05, 0.10, 0.10, 0.12, 0.16 };
static const char *const kiosk_headings[] = {
  "Máy đánh giá", "Đơn vị", "Quầy", "Tình trạng", "Số phiếu trong kỳ", "Lỗ hổng", "Phiếu thiếu", "Ngày phiếu cuối",
  "Nhận lần cuối",
};
static const double kiosk_widths[] = { 0.19, 0.12, 0.06, 0.12, 0.09, 0.07, 0.08, 0.12, 0.15 };
static const char *const gap_headings[] = {
  "Máy đánh giá", "Đơn vị", "Sau phiếu số", "Trước phiếu số", "Số phiếu thiếu", "Khoảng ngày",
};
static const double gap_widths[] = { 0.19, 0.14, 0.12, 0.12, 0.12, 0.31 };
static const char *const refusal_headings[] = { "Tệp", "Máy đánh giá (theo gói)", "Lý do", "Lúc", "Chi tiết" };
static const double refusal_widths[] = { 0.16, 0.19, 0.12, 0.13, 0.40 };
static const char *const unit_headings[] = { "Mã", "Tên đơn vị", "Cấp" };
static const double unit_widths[] = { 0.20, 0.60, 0.20 };

G_STATIC_ASSERT (G_N_ELEMENTS (summary_headings) == G_N_ELEMENTS (summary_widths));
G_STATIC_ASSERT (G_N_ELEMENTS (missing_headings) == G_N_ELEMENTS (missing_widths));
G_STATIC_ASSERT (G_N_ELEMENTS (kiosk_headings) == G_N_ELEMENTS (kiosk_widths));
G_STATIC_ASSERT (G_N_ELEMENTS (gap_headings) == G_N_ELEMENTS (gap_widths));
G_STATIC_ASSERT (G_N_ELEMENTS (refusal_headings) == G_N_ELEMENTS (refusal_widths));
G_STATIC_ASSERT (G_N_ELEMENTS (unit_headings) == G_N_ELEMENTS (unit_widths));

/* An ISO 8601 time of the database as a person reads it in a table: "2026-12-02 05:12". */
static void
cell_time (Cell       *cell,
           const char *iso8601)
{
  g_autofree char *shown = hl_completeness_time_shown (iso8601);

  cell_text (cell, shown);
}

static void
add_summary_row (Table      *table,
                 const char *what,
                 gint64      n)
{
  Cell *cells = table_add_row (table);

  cell_text (&cells[0], what);
  cell_int (&cells[1], n);
}

static char *
kiosk_note (const HlKioskCompleteness *k)
{
  if (k->state == HL_KIOSK_REPLACED)
    return g_strdup_printf ("thay bằng %s", k->replaced_by);
  if (k->only_refused)
    return g_strdup ("chỉ có gói dữ liệu bị từ chối");
  if (k->kiosk->bundles == 0 && k->kiosk->key_source != NULL)
    return g_strdup ("đã đăng ký khóa, chưa gửi gói dữ liệu nào");
  if (!k->unit_known)
    return g_strdup ("đơn vị không có trong danh mục");
  return NULL;
}

/* A refusal's message without the "PATH: refused: " it begins with (the form of the bundle checks'
 * errors, hl-bundle.c): the table's first column names the file already, and the JSON of `hailong
 * status` keeps the message whole. A message of another form is shown as it is. */
static const char *
refusal_detail (const HlStoreRefusal *r)
{
  const char *detail = r->message ? r->message : "";

  if (r->file != NULL && g_str_has_prefix (detail, r->file) && g_str_has_prefix (detail + strlen (r->file), ": "))
    detail += strlen (r->file) + 2;
  if (g_str_has_prefix (detail, "refused: "))
    detail += strlen ("refused: ");
  return detail;
}

static gboolean
add_completeness (HlReport    *report,
                  HlStore     *store,
                  HlProvince  *province,
                  GError     **error)
{
  g_autoptr(HlCompleteness) c = hl_completeness_compute (store, province, report->from, report->to, error);
  Table *summary, *missing, *kiosks, *gaps, *refused, *units;

  if (c == NULL)
    return FALSE;
  summary = table_new ("Tính đầy đủ của dữ liệu", "Đầy đủ", G_N_ELEMENTS (summary_headings), summary_headings,
                       summary_widths);
  add_summary_row (summary, "Máy đánh giá tỉnh đã biết", c->kiosks->len);
  add_summary_row (summary, "Đã báo cáo trong kỳ", c->n_state[HL_KIOSK_REPORTED]);
  add_summary_row (summary, "Chưa báo cáo", c->n_state[HL_KIOSK_MISSING]);
  add_summary_row (summary, "Đã được thay thế bằng máy mới", c->n_state[HL_KIOSK_REPLACED]);
  add_summary_row (summary, "Chưa hoạt động trong kỳ", c->n_state[HL_KIOSK_NOT_STARTED]);
  add_summary_row (summary, "Lỗ hổng dữ liệu trong kỳ", c->gaps->len);
  add_summary_row (summary, "Phiếu chưa nhận được (trong các lỗ hổng)", c->missing_responses);
  add_summary_row (summary, "Gói dữ liệu bị từ chối", c->refusals->len);
  add_summary_row (summary, "Đơn vị không có máy đánh giá nào báo cáo", c->missing_units->len);
  g_ptr_array_add (report->tables, summary);

  missing = table_new ("Máy đánh giá chưa báo cáo trong kỳ", "Chưa báo cáo", G_N_ELEMENTS (missing_headings),
                       missing_headings, missing_widths);
  kiosks = table_new ("Lần báo cáo cuối của từng máy đánh giá", "Máy đánh giá", G_N_ELEMENTS (kiosk_headings),
                      kiosk_headings, kiosk_widths);
  missing->text_columns = 0xff;
  missing->whole_columns = 0x2b;  /* kiosk, unit, counter, last day */
  missing->empty = "Mọi máy đánh giá đã báo cáo trong kỳ.";
  kiosks->text_columns = 0x18f;
  kiosks->whole_columns = 0x87;   /* kiosk, unit, counter, last day */
  for (guint i = 0; i < c->kiosks->len; i++)
    {
      const HlKioskCompleteness *k = g_ptr_array_index (c->kiosks, i);
      g_autofree char *note = kiosk_note (k);
      Cell *cells;

      if (k->state == HL_KIOSK_MISSING || k->state == HL_KIOSK_REPLACED)
        {
          cells = table_add_row (missing);
          cell_text (&cells[0], k->kiosk->kiosk_id);
          cell_text (&cells[1], k->kiosk->unit);
          cell_text (&cells[2], k->kiosk->unit ? unit_name (province, k->kiosk->unit) : NULL);
          cell_text (&cells[3], k->kiosk->counter);
          cell_text (&cells[4], hl_kiosk_state_to_vi (k->state));
          cell_text (&cells[5], k->kiosk->last_day);
          cell_time (&cells[6], k->kiosk->last_import);
          cell_text (&cells[7], note);
        }
      cells = table_add_row (kiosks);
      cell_text (&cells[0], k->kiosk->kiosk_id);
      cell_text (&cells[1], k->kiosk->unit);
      cell_text (&cells[2], k->kiosk->counter);
      cell_text (&cells[3], hl_kiosk_state_to_vi (k->state));
      cell_int (&cells[4], k->responses);
      cell_int (&cells[5], k->gaps);
      cell_int (&cells[6], k->missing);
      cell_text (&cells[7], k->kiosk->last_day);
      cell_time (&cells[8], k->kiosk->last_import);
    }
  g_ptr_array_add (report->tables, missing);

  gaps = table_new ("Lỗ hổng dữ liệu (phiếu chưa nhận được)", "Lỗ hổng", G_N_ELEMENTS (gap_headings), gap_headings,
                    gap_widths);
  gaps->text_columns = 0x23;
  gaps->whole_columns = 0x3;      /* kiosk, unit */
  gaps->empty = "Không có lỗ hổng nào trong kỳ.";
  for (guint i = 0; i < c->gaps->len; i++)
    {
      const HlStoreGap *gap = g_ptr_array_index (c->gaps, i);
      g_autofree char *days = hl_completeness_gap_days (gap);
      const HlKioskCompleteness *k = NULL;
      Cell *cells = table_add_row (gaps);

      for (guint j = 0; j < c->kiosks->len && k == NULL; j++)
        if (g_str_equal (((HlKioskCompleteness *) g_ptr_array_index (c->kiosks, j))->kiosk->kiosk_id, gap->kiosk_id))
          k = g_ptr_array_index (c->kiosks, j);
      cell_text (&cells[0], gap->kiosk_id);
      cell_text (&cells[1], k ? k->kiosk->unit : NULL);
      cell_int (&cells[2], gap->after_seq);
      cell_int (&cells[3], gap->before_seq);
      cell_int (&cells[4], gap->missing);
      cell_text (&cells[5], days);
    }
  g_ptr_array_add (report->tables, gaps);

  refused = table_new ("Gói dữ liệu bị từ chối (chưa nhập lại được)", "Bị từ chối", G_N_ELEMENTS (refusal_headings),
                       refusal_headings, refusal_widths);
  refused->text_columns = 0x1f;
  refused->whole_columns = 0x2;   /* the bundle's kiosk */
  refused->empty = "Không có gói dữ liệu nào bị từ chối.";
  for (guint i = 0; i < c->refusals->len; i++)
    {
      const HlStoreRefusal *r = g_ptr_array_index (c->refusals, i);
      g_autofree char *file = g_path_get_basename (r->file);
      Cell *cells = table_add_row (refused);

      cell_text (&cells[0], file);
      cell_text (&cells[1], r->kiosk_id);
      cell_text (&cells[2], hl_completeness_reason_to_vi (r->reason));
      cell_time (&cells[3], r->refused_at);
      cell_text (&cells[4], refusal_detail (r));
    }
  g_ptr_array_add (report->tables, refused);

  units = table_new ("Đơn vị không có máy đánh giá nào báo cáo trong kỳ", "Đơn vị thiếu", G_N_ELEMENTS (unit_headings),
                     unit_headings, unit_widths);
  units->text_columns = 0x7;
  units->whole_columns = 0x1;     /* the unit's code */
  units->empty = "Đơn vị nào cũng có máy đánh giá báo cáo.";
  for (guint i = 0; i < c->missing_units->len; i++)
    {
      const HlProvinceUnit *unit = g_ptr_array_index (c->missing_units, i);
      Cell *cells = table_add_row (units);

      cell_text (&cells[0], unit->code);
      cell_text (&cells[1], hl_text_get (unit->name, "vi"));
      cell_text (&cells[2], hl_completeness_level_to_vi (unit->level));
    }
  g_ptr_array_add (report->tables, units);
  /* Last, since it has a row for every kiosk of the province: the others are read first. */
  g_ptr_array_add (report->tables, kiosks);
  return TRUE;
}

HlReport *
hl_report_new_province (HlStore          *store,
                        HlProvince       *province,
                        const char       *period_name,
                        gboolean          cutoff,
                        HlProvinceLevel   level,
                        gboolean          as_recorded,
                        GError          **error)
{
  g_autoptr(HlReport) report = g_new0 (HlReport, 1);
  g_autoptr(GHashTable) unit_map = NULL;
  g_autoptr(HlIndex) all = NULL, by_unit = NULL, previous = NULL, by_field = NULL;
  g_autoptr(GArray) ranked = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *prev_from = NULL, *prev_to = NULL, *described = NULL, *prev_described = NULL;
  HlFilingPeriod period, prev_period;
  gboolean has_previous;
  Table *ranking, *below, *fields, *elements, *trend;
  HlSurvey *surveys[2] = { NULL, NULL };

  g_return_val_if_fail (store != NULL && province != NULL, NULL);

  if (!hl_filing_period_parse (period_name, &period, error)
      || !hl_filing_period_range (&period, cutoff, province->cutoff_day, &report->from, &report->to, error))
    return NULL;
  has_previous = hl_filing_period_previous (&period, &prev_period)
                 && hl_filing_period_range (&prev_period, cutoff, province->cutoff_day, &prev_from, &prev_to, error);
  described = hl_filing_period_describe (&period);
  report->title = g_strdup_printf ("Báo cáo mức độ hài lòng của người dân, tổ chức — %s", described);
  report->created = g_date_time_format (now, "%Y-%m-%d %H:%M");
  report->unit_code = g_strdup (province->code);
  report->unit_name = g_strdup (unit_name (province, province->code));
  report->target = province->target;
  report->tables = g_ptr_array_new_with_free_func (table_free);
  report->lines = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (report->lines, g_strdup_printf ("%s (%s)", report->unit_name, province->code));
  g_ptr_array_add (report->lines, g_strdup_printf ("Kỳ báo cáo: %s, từ %s đến %s (%s)", described, report->from,
                                                   report->to,
                                                   cutoff ? "thời gian chốt số liệu theo chế độ báo cáo"
                                                          : "theo lịch"));
  g_ptr_array_add (report->lines, g_strdup_printf ("Đơn vị tổng hợp theo cấp: %s%s · Lập lúc %s",
                                                   level == HL_PROVINCE_LEVEL_PROVINCE ? "tỉnh"
                                                   : level == HL_PROVINCE_LEVEL_COMMUNE ? "xã, phường"
                                                   : "trung tâm",
                                                   as_recorded ? " (đơn vị đã sáp nhập ghi theo đơn vị cũ)"
                                                               : " (đơn vị đã sáp nhập tính vào đơn vị kế thừa)",
                                                   report->created));

  unit_map = hl_province_unit_map (province, level, as_recorded);
  all = province_index (store, province, report->from, report->to, NULL, NULL, error);
  by_unit = all ? province_index (store, province, report->from, report->to, "unit", unit_map, error) : NULL;
  by_field = by_unit ? province_index (store, province, report->from, report->to, "field", NULL, error) : NULL;
  if (by_field == NULL)
    return NULL;
  if (has_previous)
    {
      previous = province_index (store, province, prev_from, prev_to, "unit", unit_map, error);
      if (previous == NULL)
        return NULL;
    }
  report->sipas = NAN;
  report->overall.rate = report->overall.ci_low = report->overall.ci_high = NAN;
  if (hl_index_get_n_rows (all) > 0)
    {
      HlIndexRow *row = hl_index_get_row (all, 0);

      report->responses = row->responses;
      report->overall = row->overall;
      report->sipas = row->sipas;
    }

  /* The ranking, best first, by the dashboard's rule (hl_index_rank()), and the units below target. */
  ranked = hl_index_rank (by_unit);
  ranking = table_new ("Xếp hạng đơn vị (khoảng tin cậy 95 %)", "Xếp hạng", G_N_ELEMENTS (rank_headings),
                       rank_headings, rank_widths);
  below = table_new ("Đơn vị dưới mục tiêu (cả khoảng tin cậy 95 % dưới mục tiêu)", "Dưới mục tiêu",
                     G_N_ELEMENTS (rank_headings), rank_headings, rank_widths);
  ranking->text_columns = below->text_columns = 1 << 11;
  ranking->whole_columns = below->whole_columns = 0x1;  /* the unit's code */
  below->empty = "Không có đơn vị nào dưới mục tiêu.";
  g_ptr_array_add (report->tables, ranking);
  g_ptr_array_add (report->tables, below);
  for (guint i = 0; i < ranked->len; i++)
    {
      const HlRankEntry *entry = &g_array_index (ranked, HlRankEntry, i);
      const HlIndexRow *row = hl_index_get_row (by_unit, entry->position);
      const char *name = unit_name (province, row->key[HL_KEY_UNIT]);

      add_rank_row (ranking, row, name, entry->rank);
      if (row_is_below (row))
        add_rank_row (below, row, name, entry->rank);
    }

  /* Land, construction and investment against the other fields. */
  fields = table_new ("Lĩnh vực đất đai, xây dựng, đầu tư so với các lĩnh vực khác", "Lĩnh vực",
                      G_N_ELEMENTS (rate_headings), rate_headings, rate_widths);
  g_ptr_array_add (report->tables, fields);
  add_field_group (fields, by_field, province, TRUE, "Đất đai, xây dựng, đầu tư");
  add_field_group (fields, by_field, province, FALSE, "Các lĩnh vực khác (kể cả không ghi lĩnh vực)");

  /* The SIPAS elements over the whole province; their titles from the surveys the store holds. */
  surveys[0] = hl_store_load_survey (store, "sipas-full", 1, NULL);
  surveys[1] = hl_store_load_survey (store, "sipas-quick", 1, NULL);
  elements = table_new ("Theo yếu tố SIPAS", "Yếu tố SIPAS", G_N_ELEMENTS (element_headings), element_headings,
                        element_widths);
  elements->empty = NO_DETAILED;
  g_ptr_array_add (report->tables, elements);
  if (hl_index_get_n_rows (all) > 0)
    {
      ElementRows er = { elements, surveys, G_N_ELEMENTS (surveys) };

      g_tree_foreach (hl_index_get_row (all, 0)->elements, add_element_cb, &er);
    }
  for (guint i = 0; i < G_N_ELEMENTS (surveys); i++)
    g_clear_object (&surveys[i]);

  /* The trend against the period of the same kind before. */
  if (has_previous)
    {
      hl_filing_period_previous (&period, &prev_period);
      prev_described = hl_filing_period_describe (&prev_period);
      report->trend_title = g_strdup_printf ("So với kỳ trước (%s, từ %s đến %s)", prev_described, prev_from,
                                             prev_to);
      trend = table_new (report->trend_title, "Xu hướng",
                         G_N_ELEMENTS (trend_headings), trend_headings, trend_widths);
      g_ptr_array_add (report->tables, trend);
      for (guint i = 0; i < hl_index_get_n_rows (by_unit); i++)
        {
          HlIndexRow *row = hl_index_get_row (by_unit, i);
          HlIndexRow *before = NULL;
          Cell *cells = table_add_row (trend);

          for (guint j = 0; j < hl_index_get_n_rows (previous) && before == NULL; j++)
            if (g_strcmp0 (hl_index_get_row (previous, j)->key[HL_KEY_UNIT], row->key[HL_KEY_UNIT]) == 0)
              before = hl_index_get_row (previous, j);
          cell_text (&cells[0], row->key[HL_KEY_UNIT]);
          cell_text (&cells[1], unit_name (province, row->key[HL_KEY_UNIT]));
          cell_int (&cells[2], row->overall.n);
          cell_percent (&cells[3], row->overall.rate);
          cell_int (&cells[4], before ? before->overall.n : 0);
          if (before != NULL)
            cell_percent (&cells[5], before->overall.rate);
          if (before != NULL && before->overall.n > 0 && row->overall.n > 0)
            cell_percent (&cells[6], hl_index_round2 (row->overall.rate) - hl_index_round2 (before->overall.rate));
        }
    }
  if (!add_completeness (report, store, province, error))
    return NULL;
  return g_steal_pointer (&report);
}
