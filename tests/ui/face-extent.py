#!/usr/bin/env python3
"""face-extent.py PNG X Y W H: prints "TOP LEFT WIDTH HEIGHT" of the face drawn in a face button's box, or
"none". The face's fill is strongly coloured (saturation and value above 40 %), the card's tint pale and
the words dark; the card's coloured border may fall inside the box, but it is a thin ring apart from the
face, so the face is the largest connected patch of coloured pixels. PIL labels no components, and the
test machines have no scipy, hence the few lines of flood fill.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import sys

from PIL import Image

path, x, y, w, h = sys.argv[1], *map(int, sys.argv[2:6])
image = Image.open(path).convert('RGB').crop((x, y, x + w, y + h)).convert('HSV')
width, height = image.size
coloured = {i for i, (_, s, v) in enumerate(image.getdata()) if s > 102 and v > 102}

largest = []
while coloured:
    seed = coloured.pop()
    patch, frontier = [seed], [seed]
    while frontier:
        i = frontier.pop()
        r, c = divmod(i, width)
        for j in ((i - width) if r > 0 else -1, (i + width) if r < height - 1 else -1,
                  (i - 1) if c > 0 else -1, (i + 1) if c < width - 1 else -1):
            if j in coloured:
                coloured.remove(j)
                patch.append(j)
                frontier.append(j)
    if len(patch) > len(largest):
        largest = patch

if not largest:
    print('none')
else:
    rows = [i // width for i in largest]
    columns = [i % width for i in largest]
    print(y + min(rows), x + min(columns), max(columns) - min(columns) + 1, max(rows) - min(rows) + 1)
