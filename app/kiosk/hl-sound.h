/* hl-sound.h: plays the kiosk's shipped sounds by name (NAME.wav in the sound folder).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _HlSound HlSound;

HlSound    *hl_sound_new      (const char *dir);
void        hl_sound_play     (HlSound    *self,
                               const char *name);
const char *hl_sound_get_last (HlSound    *self,
                               const char **path,
                               guint       *count,
                               const char **state);
void        hl_sound_set_changed_func (HlSound  *self,
                                       void    (*func) (gpointer data),
                                       gpointer  data);
void        hl_sound_free     (HlSound    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlSound, hl_sound_free)

G_END_DECLS
