/* hl-face.c
 *
 * Faces are drawn with cairo rather than shipped as pictures, so that they stay sharp at any screen size
 * and follow the mood of any scale a survey defines (two faces or five). Their colour comes from CSS;
 * the shape of the mouth and brows carries the meaning without colour, and the button carries the words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-face"

#include "config.h"

#include <math.h>

#include "hl-face.h"

struct _HlFace {
  GtkWidget parent_instance;

  double    mood;  /* 0 (least satisfied) to 1 (most) */

  /* The face as last drawn, a texture at the screen's pixel size, reused on every frame and page switch
   * while what it was drawn from is the same: its size, scale, mood and the colour CSS gives it (a
   * change of style, such as a high-contrast mode, changes the colour or calls css_changed). GTK keeps a
   * widget's render node only while the widget stays mapped, and a cairo node is a recording that the
   * renderer plays again each frame (and the GL renderer uploads again): a texture is drawn once.
   * For the cairo renderer the drawn surface is kept in a cairo node instead (cache_cairo): GTK 4.8's
   * cairo renderer downloads a texture node's pixels anew on each frame, through floats
   * (gdk_memory_convert), which was a third of the kiosk's time in a burst of taps; a cairo node whose
   * recording is one paint of the kept surface is a plain composite. */
  GskRenderNode *cache;
  int            cache_width, cache_height, cache_scale;
  gboolean       cache_cairo;
  GdkRGBA        cache_color;
};

enum {
  PROP_0,
  PROP_MOOD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HlFace, hl_face, GTK_TYPE_WIDGET)

static void
hl_face_set_mood (HlFace *self,
                  double  mood)
{
  mood = CLAMP (mood, 0.0, 1.0);
  if (mood == self->mood)
    return;
  gtk_widget_remove_css_class (GTK_WIDGET (self), hl_mood_css_class (self->mood));
  self->mood = mood;
  gtk_widget_add_css_class (GTK_WIDGET (self), hl_mood_css_class (self->mood));
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOOD]);
}

static void
hl_face_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_MOOD:
      g_value_set_double (value, HL_FACE (object)->mood);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_face_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_MOOD:
      hl_face_set_mood (HL_FACE (object), g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Draws the face into @cr, a @w × @h area in widget units. */
static void
draw_face (cairo_t       *cr,
           double         mood,
           const GdkRGBA *color,
           int            w,
           int            h)
{
  double size = MIN (w, h);
  double cx = w / 2.0, cy = h / 2.0, r = size / 2.0 - size * 0.04;
  double curve = (mood - 0.5) * 2.0;  /* -1 frown .. +1 smile */

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* Head: the mood colour, with a dark rim so that it stands out on any background. */
  cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0.1, 0.1, 0.1, 0.85);
  cairo_set_line_width (cr, size * 0.035);
  cairo_stroke (cr);

  /* Eyes. */
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_arc (cr, cx - r * 0.36, cy - r * 0.22, r * 0.1, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_arc (cr, cx + r * 0.36, cy - r * 0.22, r * 0.1, 0, 2 * G_PI);
  cairo_fill (cr);

  /* Brows slant down towards the nose on the unhappiest faces. */
  if (mood < 0.2)
    {
      cairo_set_line_width (cr, size * 0.04);
      cairo_move_to (cr, cx - r * 0.55, cy - r * 0.5);
      cairo_line_to (cr, cx - r * 0.2, cy - r * 0.38);
      cairo_move_to (cr, cx + r * 0.55, cy - r * 0.5);
      cairo_line_to (cr, cx + r * 0.2, cy - r * 0.38);
      cairo_stroke (cr);
    }

  /* Mouth: a curve whose bend follows the mood; the happiest one is open. */
  cairo_set_line_width (cr, size * 0.05);
  cairo_move_to (cr, cx - r * 0.45, cy + r * 0.38 - curve * r * 0.08);
  cairo_curve_to (cr,
                  cx - r * 0.2, cy + r * 0.38 + curve * r * 0.3,
                  cx + r * 0.2, cy + r * 0.38 + curve * r * 0.3,
                  cx + r * 0.45, cy + r * 0.38 - curve * r * 0.08);
  if (mood > 0.8)
    {
      cairo_close_path (cr);
      cairo_fill_preserve (cr);
    }
  cairo_stroke (cr);
}

/* The face as a node of @w × @h, drawn at @scale pixels per unit: a texture node, or for the cairo
 * renderer (@for_cairo) a cairo node that paints the drawn surface. */
static GskRenderNode *
render_face (double         mood,
             const GdkRGBA *color,
             int            w,
             int            h,
             int            scale,
             gboolean       for_cairo)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w * scale, h * scale);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, scale, scale);
  draw_face (cr, mood, color, w, h);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (for_cairo)
    {
      GskRenderNode *node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, w, h));

      cr = gsk_cairo_node_get_draw_context (node);
      cairo_scale (cr, 1.0 / scale, 1.0 / scale);
      cairo_set_source_surface (cr, surface, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      return node;
    }
  /* The surface's own pixels, handed over without a copy: cairo's ARGB32 is premultiplied native-endian
   * 32-bit, which is GDK_MEMORY_DEFAULT. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * h * scale,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  texture = gdk_memory_texture_new (w * scale, h * scale, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  return gsk_texture_node_new (texture, &GRAPHENE_RECT_INIT (0, 0, w, h));
}

static void
hl_face_snapshot (GtkWidget   *widget,
                  GtkSnapshot *snapshot)
{
  HlFace *self = HL_FACE (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  gboolean for_cairo = native != NULL && GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (native));
  GdkRGBA color;

  if (MIN (w, h) < 8)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (self->cache == NULL || self->cache_width != w || self->cache_height != h || self->cache_scale != scale
      || self->cache_cairo != for_cairo || !gdk_rgba_equal (&self->cache_color, &color))
    {
      g_clear_pointer (&self->cache, gsk_render_node_unref);
      self->cache = render_face (self->mood, &color, w, h, scale, for_cairo);
      self->cache_cairo = for_cairo;
      self->cache_width = w;
      self->cache_height = h;
      self->cache_scale = scale;
      self->cache_color = color;
    }
  gtk_snapshot_append_node (snapshot, self->cache);
}

/* Any change of style may change how the face looks (the colour is compared anyway; a style may bring
 * more than colour). */
static void
hl_face_css_changed (GtkWidget         *widget,
                     GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (hl_face_parent_class)->css_changed (widget, change);
  g_clear_pointer (&HL_FACE (widget)->cache, gsk_render_node_unref);
}

static void
hl_face_finalize (GObject *object)
{
  g_clear_pointer (&HL_FACE (object)->cache, gsk_render_node_unref);

  G_OBJECT_CLASS (hl_face_parent_class)->finalize (object);
}

static void
hl_face_measure (GtkWidget      *widget,
                 GtkOrientation  orientation,
                 int             for_size,
                 int            *minimum,
                 int            *natural,
                 int            *minimum_baseline,
                 int            *natural_baseline)
{
  /* 15 mm on a 15.6-inch 1920×1080 panel is 84 px; the face alone stays above that. It asks for no more
   * (the style sheet's min-width and min-height set its size, and a face button gives it the room it
   * has): a larger natural size made the window taller than a 600-pixel screen. */
  *minimum = 88;
  *natural = 88;
}

static void
hl_face_class_init (HlFaceClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = hl_face_finalize;
  G_OBJECT_CLASS (klass)->get_property = hl_face_get_property;
  G_OBJECT_CLASS (klass)->set_property = hl_face_set_property;

  properties[PROP_MOOD] =
    g_param_spec_double ("mood", NULL, NULL, 0.0, 1.0, 0.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);

  widget_class->snapshot = hl_face_snapshot;
  widget_class->css_changed = hl_face_css_changed;
  widget_class->measure = hl_face_measure;
  gtk_widget_class_set_css_name (widget_class, "face");
  /* Decoration: a face button is named by its words, and the thank-you page by its heading. As an image
   * without a name a screen reader would read the type's name, "HlFace". */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
hl_face_init (HlFace *self)
{
  self->mood = 0.5;
  gtk_widget_add_css_class (GTK_WIDGET (self), hl_mood_css_class (self->mood));
}

GtkWidget *
hl_face_new (double mood)
{
  return g_object_new (HL_TYPE_FACE, "mood", mood, NULL);
}

double
hl_face_get_mood (HlFace *self)
{
  return self->mood;
}

/* Five colour classes from red to dark green; the CSS gives each its colour. */
const char *
hl_mood_css_class (double mood)
{
  static const char *classes[] = { "mood-0", "mood-1", "mood-2", "mood-3", "mood-4" };
  int i = (int) lround (CLAMP (mood, 0.0, 1.0) * 4.0);

  return classes[i];
}

/* A big button with a face and the option's words, which activates kiosk.choose(position). The words
 * of one row's buttons go into WORDS, a vertical size group, so that they all take the height of the
 * longest: where one option's words wrap onto a second line (on a 1024×600 screen, "Rất không hài
 * lòng" among five), its face does not sit higher in its card than the others do. */
GtkWidget *
hl_face_button_new (const HlQuestion *question,
                    guint             position,
                    const char       *language,
                    GtkSizeGroup     *words)
{
  const HlOption *option = g_ptr_array_index (hl_question_get_options (question), position);
  double mood = hl_option_mood (question, position);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 20);
  GtkWidget *face = hl_face_new (mood);
  GtkWidget *label = gtk_label_new (hl_text_get (option->label, language));
  g_autofree char *name = g_strdup_printf ("face-%u", position + 1);

  /* The face takes whatever height the button has beyond its words, so that it is as big as the screen
   * allows; its least size is the style sheet's (ui/style.css: face). */
  gtk_widget_set_vexpand (face, TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "face-label");
  gtk_size_group_add_widget (words, label);
  gtk_box_append (GTK_BOX (box), face);
  gtk_box_append (GTK_BOX (box), label);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "face-button");
  gtk_widget_add_css_class (button, hl_mood_css_class (mood));
  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_set_vexpand (button, TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "kiosk.choose");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", position);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  hl_text_get (option->label, language), -1);
  return button;
}
