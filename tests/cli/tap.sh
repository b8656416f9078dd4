# tap.sh: the TAP helpers of the shell tests, sourced by each (not run on its own).
#
#   check WHAT CMD…  runs ONE command and reports "ok N - WHAT" when it succeeds, "not ok N - WHAT" when
#                    not; wrap a compound condition in a function or `sh -c` (what follows && is not checked)
#   tap_end          prints the plan and exits non-zero when a check failed
#
# SPDX-License-Identifier: GPL-3.0-or-later
n=0 failed=0
ok () { n=$((n + 1)); echo "ok $n - $*"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check () { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
tap_end () { echo "1..$n"; [ "$failed" -eq 0 ]; }
