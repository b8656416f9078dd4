#!/usr/bin/env python3
"""dark-pixels.py PNG X Y W H: prints how many pixels of the box are dark (luminance below 128 of 255), to
tell from a screenshot whether a mark is drawn there: the options' tints are light, their ticks dark.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import sys

from PIL import Image

path, x, y, w, h = sys.argv[1], *map(int, sys.argv[2:6])
image = Image.open(path).convert('L').crop((x, y, x + w, y + h))
print(sum(1 for value in image.getdata() if value < 128))
