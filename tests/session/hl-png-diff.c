/* hl-png-diff: compares two PNG images pixel by pixel, for the kiosk session test.
 *
 *   hl-png-diff A.png B.png   prints "A_WIDTH A_HEIGHT B_WIDTH B_HEIGHT DIFFERING MEAN" where DIFFERING
 *                             is the number of pixels whose colour differs by more than 8 in any channel
 *                             and MEAN is A's mean brightness (0–255, to tell a black capture apart);
 *                             with sizes that differ, DIFFERING is every pixel of A.
 *
 * Written here rather than taken from ImageMagick's `compare` so that the test needs only GTK's own
 * gdk-pixbuf, which the kiosk already depends on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <stdlib.h>

static guint8
channel (GdkPixbuf *pixbuf,
         int        x,
         int        y,
         int        c)
{
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);

  return pixels[y * gdk_pixbuf_get_rowstride (pixbuf) + x * gdk_pixbuf_get_n_channels (pixbuf) + c];
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GdkPixbuf) a = NULL;
  g_autoptr(GdkPixbuf) b = NULL;
  g_autoptr(GError) error = NULL;
  int aw, ah, bw, bh;
  guint64 differing = 0, sum = 0;

  if (argc != 3)
    {
      g_printerr ("usage: hl-png-diff A.png B.png\n");
      return 2;
    }
  if ((a = gdk_pixbuf_new_from_file (argv[1], &error)) == NULL
      || (b = gdk_pixbuf_new_from_file (argv[2], &error)) == NULL)
    {
      g_printerr ("hl-png-diff: %s\n", error->message);
      return 2;
    }
  aw = gdk_pixbuf_get_width (a);
  ah = gdk_pixbuf_get_height (a);
  bw = gdk_pixbuf_get_width (b);
  bh = gdk_pixbuf_get_height (b);
  for (int y = 0; y < ah; y++)
    for (int x = 0; x < aw; x++)
      {
        gboolean differs = aw != bw || ah != bh;

        for (int c = 0; c < 3; c++)
          {
            sum += channel (a, x, y, c);
            if (!differs && abs (channel (a, x, y, c) - channel (b, x, y, c)) > 8)
              differs = TRUE;
          }
        differing += differs;
      }
  g_print ("%d %d %d %d %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT "\n", aw, ah, bw, bh, differing,
           aw * ah > 0 ? sum / (3 * (guint64) aw * ah) : 0);
  return 0;
}
