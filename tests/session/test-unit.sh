#!/usr/bin/env bash
# test-unit.sh UNIT: the kiosk session's systemd unit, as built (data/systemd/hailong-kiosk.service.in).
# systemd-analyze verify must accept it without a word (it only warns about a misspelt setting, so any
# output fails here), and it must say what docs/deployment.md says it does. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
unit=$1
. "$(dirname "$0")/../cli/tap.sh"
has () { grep -qE "$1" "$unit" || { echo "# no line matching: $1"; return 1; }; }

verify_silent () {
  local out rc
  out=$(systemd-analyze verify "$unit" 2>&1); rc=$?
  [ -n "$out" ] && echo "$out" | sed 's/^/# /'
  [ $rc -eq 0 ] && [ -z "$out" ]
}

check "systemd-analyze verify accepts the unit without a warning" verify_silent
check "it runs the kiosk full screen under cage" has "^ExecStart=.*/usr/bin/cage .*-- /.*/hailong-kiosk --fullscreen"
check "on the dedicated user hailong, in a login session on tty1" \
  has '^User=hailong$' '&&' has '^PAMName=login$' '&&' has '^TTYPath=/dev/tty1$'
check "and starts it again whenever it ends" has "^Restart=always$"
check "at boot" has "^WantedBy=graphical.target$"

# The condition that keeps a kiosk the supervisor quit stopped until the next boot.
condition=$(sed -n "s/^ExecCondition=\/bin\/sh -c '\(.*\)'$/\1/p" "$unit")
run_condition () { sh -c "${condition//\/run\/hailong-kiosk/$1}"; }
refused_condition () { ! run_condition "$1"; }
tmp=$(mktemp -d)
check "the kiosk starts when the supervisor has not quit it" run_condition "$tmp"
touch "$tmp/stopped"
check "and does not once the supervisor's quit left its mark in /run/hailong-kiosk" refused_condition "$tmp"
rm -rf "$tmp"

tap_end
