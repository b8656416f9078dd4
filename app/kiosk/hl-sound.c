/* hl-sound.c
 *
 * GTK's own media streams (GtkMediaFile, GStreamer's backend on Debian: libgtk-4-media-gstreamer), so
 * that the kiosk needs no sound library of its own. Which sound and when is core's decision
 * (hl_kiosk_get_sound()); this only plays it. On a machine with no sound device GStreamer's automatic
 * sink plays into a fake one: the file is still decoded to its end, silently, and the rating goes on as
 * always; an error GStreamer reports is logged once. What was asked for last, and whether it was played
 * to its end, is kept for the automation state, so that a test without a sound device still sees which
 * file the kiosk asked to play and that GStreamer read it through.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "hl-sound"

#include "config.h"

#include "hl-sound.h"

struct _HlSound {
  char       *dir;
  GHashTable *streams;    /* name -> GtkMediaStream*, made on first use */
  char       *last_name;  /* the sound asked for last, or NULL */
  char       *last_path;
  guint       count;      /* how many sounds were asked for */
  gboolean    told;       /* a playing error was logged already */
  void      (*changed) (gpointer data);  /* called with changed_data when the last sound ends or fails */
  gpointer    changed_data;
};

HlSound *
hl_sound_new (const char *dir)
{
  HlSound *self = g_new0 (HlSound, 1);

  self->dir = g_strdup (dir);
  self->streams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  return self;
}

static void
error_cb (GtkMediaStream *stream,
          GParamSpec     *pspec,
          HlSound        *self)
{
  const GError *error = gtk_media_stream_get_error (stream);

  if (error != NULL && !self->told)
    {
      g_message ("cannot play a sound: %s", error->message);
      self->told = TRUE;
    }
  if (self->changed != NULL)
    self->changed (self->changed_data);
}

static void
ended_cb (GtkMediaStream *stream,
          GParamSpec     *pspec,
          HlSound        *self)
{
  if (gtk_media_stream_get_ended (stream) && self->changed != NULL)
    self->changed (self->changed_data);
}

/* FUNC (DATA) is called when the last sound ends or fails (for the automation state). */
void
hl_sound_set_changed_func (HlSound  *self,
                           void    (*func) (gpointer data),
                           gpointer  data)
{
  self->changed = func;
  self->changed_data = data;
}

/* Plays NAME from its start, over whatever it was playing; NULL plays nothing. */
void
hl_sound_play (HlSound    *self,
               const char *name)
{
  g_autofree char *file = NULL;
  GtkMediaStream *stream;

  if (self == NULL || name == NULL)
    return;
  file = g_strconcat (name, ".wav", NULL);
  g_free (self->last_name);
  g_free (self->last_path);
  self->last_name = g_strdup (name);
  self->last_path = g_build_filename (self->dir, file, NULL);
  self->count++;
  stream = g_hash_table_lookup (self->streams, name);
  if (stream == NULL)
    {
      if (!g_file_test (self->last_path, G_FILE_TEST_IS_REGULAR))
        {
          g_message ("no sound file %s", self->last_path);
          return;
        }
      stream = gtk_media_file_new_for_filename (self->last_path);
      g_signal_connect (stream, "notify::error", G_CALLBACK (error_cb), self);
      g_signal_connect (stream, "notify::ended", G_CALLBACK (ended_cb), self);
      g_hash_table_insert (self->streams, g_strdup (name), stream);
    }
  if (gtk_media_stream_get_error (stream) != NULL)
    return;
  if (gtk_media_stream_is_seekable (stream))
    gtk_media_stream_seek (stream, 0);
  gtk_media_stream_play (stream);
}

/* The sound asked for last (NULL: none yet), its file, how many were asked for in all, and what became
 * of the last: "playing", "ended" (played to its end), "failed" (GStreamer's error) or "missing". */
const char *
hl_sound_get_last (HlSound     *self,
                   const char **path,
                   guint       *count,
                   const char **state)
{
  GtkMediaStream *stream = self->last_name ? g_hash_table_lookup (self->streams, self->last_name) : NULL;

  if (path != NULL)
    *path = self->last_path;
  if (count != NULL)
    *count = self->count;
  if (state != NULL)
    *state = stream == NULL ? "missing"
             : gtk_media_stream_get_error (stream) != NULL ? "failed"
             : gtk_media_stream_get_ended (stream) ? "ended" : "playing";
  return self->last_name;
}

void
hl_sound_free (HlSound *self)
{
  g_hash_table_unref (self->streams);
  g_free (self->dir);
  g_free (self->last_name);
  g_free (self->last_path);
  g_free (self);
}
