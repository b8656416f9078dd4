#!/usr/bin/python3
"""a11y-tree.py APP_NAME: prints the accessibility tree of the running application APP_NAME as AT-SPI
(the real accessibility bus, through Debian's python3-pyatspi) shows it to a screen reader: one line per
object, "ROLE<TAB>NAME<TAB>DEPTH<TAB>STATES" (STATES: those of checked, pressed, sensitive the object has,
comma-separated), every page of the window included (under Xvfb with no window manager
GTK reports no object as showing, so the walk does not filter on it). Exits 1 when the application is not
on the bus.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import sys
import time

import pyatspi


def find_app(name, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.name == name:
                return app
        time.sleep(0.2)
    return None


def walk(node, depth, out):
    try:
        role = node.getRoleName()
        name = node.name or ""
        states = node.getState()
        flags = ",".join(word for word, state in (("checked", pyatspi.STATE_CHECKED),
                                                 ("pressed", pyatspi.STATE_PRESSED),
                                                 ("sensitive", pyatspi.STATE_SENSITIVE))
                         if states.contains(state))
    except Exception:  # an object that went away while we walked
        return
    out.append(f"{role}\t{name}\t{depth}\t{flags}")
    for child in node:
        if child is not None:
            walk(child, depth + 1, out)


def main():
    app = find_app(sys.argv[1])
    if app is None:
        print(f"# {sys.argv[1]} is not on the accessibility bus", file=sys.stderr)
        return 1
    out = []
    walk(app, 0, out)
    print("\n".join(out))
    return 0


sys.exit(main())
