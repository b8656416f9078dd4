# tap.sh: the TAP helpers of the shell tests (tests/cli, tests/ui and any other), sourced by each of them.
#
#   check WHAT CMD [ARG...] ['&&' CMD [ARG...]]...
#       one test point: WHAT passes when every command succeeds, run in order; the first that fails is
#       printed as a TAP comment. Write the && between commands QUOTED ('&&'), so that the shell hands it
#       to check: an unquoted && ends check's command line, and what follows it is run but never checked
#       (tests/meta/test-check-lint.py refuses that).
#   eq GOT EXPECTED    a command for check that says what it got when it fails.
#   tap_end            prints the plan; its status is the script's (non-zero when a check failed).
#
# A literal "&&" argument of a command under check is always taken as the separator; no check needs one.
#
# SPDX-License-Identifier: GPL-3.0-or-later

n=0 failed=0
ok () { n=$((n + 1)); echo "ok $n - $*"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }

check () {
  local what=$1 more=true said; shift
  local -a cmd
  [ $# -gt 0 ] || { not_ok "$what"; echo "# check: no command"; return; }
  while $more; do
    cmd=()
    while [ $# -gt 0 ] && [ "$1" != '&&' ]; do cmd+=("$1"); shift; done
    if [ $# -gt 0 ]; then shift; else more=false; fi
    if [ ${#cmd[@]} -eq 0 ]; then
      not_ok "$what"; echo "# check: an empty command (a '&&' at the start or the end, or two together)"; return
    fi
    if ! "${cmd[@]}"; then
      said="${cmd[*]}"
      not_ok "$what"; echo "# failed: ${said//$'\n'/ }"; return
    fi
  done
  ok "$what"
}

# Newlines become spaces in the comment, which TAP wants on one line.
eq () { [ "$1" = "$2" ] || { echo "# expected '${2//$'\n'/ }', got '${1//$'\n'/ }'"; return 1; }; }

tap_end () { echo "1..$n"; [ "$failed" -eq 0 ]; }
