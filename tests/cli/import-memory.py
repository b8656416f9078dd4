#!/usr/bin/env python3
# import-memory.py OUT EARLY -- COMMAND...: runs COMMAND (a `hailong import` of many bundles, its output not a
# terminal: one line or more a bundle), copies what it prints into OUT, and reads the process's resident memory
# (VmRSS, /proc/PID/status) when the EARLY-th bundle is done and when the last one is. Prints
# "EXIT RSS-EARLY-KB RSS-LAST-KB BUNDLES-EARLY BUNDLES-LAST". A bundle is done when its last line is printed:
# "FILE: N responses added, …", "FILE: imported before: …" or a refusal "hailong: import: FILE: refused: …".
# Both figures come from the same run, so the machine's load changes neither; memory, not time, is compared.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import re, subprocess, sys

out, early = sys.argv[1], int(sys.argv[2])
command = sys.argv[sys.argv.index("--") + 1:]
done_line = re.compile(r"(: \d+ responses added, \d+ already present, \d+ answers added"
                       r"|: imported before: nothing changed|^hailong: import: .*: refused: )")


def rss(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return -1


proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
done, rss_early, rss_last, at_early, at_last = 0, -1, -1, 0, 0
with open(out, "w") as log:
    for line in proc.stdout:
        log.write(line)
        if done_line.search(line):
            done += 1
            now = rss(proc.pid)
            if done == early:
                rss_early, at_early = now, done
            if now >= 0:
                rss_last = now
                at_last = done
proc.wait()
print(proc.returncode, rss_early, rss_last, at_early, at_last)
