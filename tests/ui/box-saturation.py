#!/usr/bin/env python3
"""box-saturation.py PNG X Y W H: prints the mean saturation (0 to 255) of the box's pixels, to tell from
two screenshots whether a widget is drawn faded (a disabled face button: its colours blend into the page)
or in full colour.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import sys

from PIL import Image, ImageStat

path, x, y, w, h = sys.argv[1], *map(int, sys.argv[2:6])
image = Image.open(path).convert('RGB').crop((x, y, x + w, y + h)).convert('HSV')
print(round(ImageStat.Stat(image).mean[1]))
