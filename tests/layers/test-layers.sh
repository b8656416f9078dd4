#!/usr/bin/env bash
# test-layers.sh SRCDIR: every header a file of app/core includes lies in its own layer or a lower one.
# The build enforces this through each layer's include path (app/core/meson.build); this test states it
# for every file, so that a layer's include path widened by mistake is still caught. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
core="${1:?usage: test-layers.sh SRCDIR}/app/core"
layers=(base model store report exchange kiosk)

rank() { local i; for i in "${!layers[@]}"; do [ "${layers[$i]}" = "$1" ] && { echo "$i"; return; }; done; echo -1; }

n=0; failed=0
for layer in "${layers[@]}"; do
  [ -d "$core/$layer" ] || { n=$((n + 1)); echo "not ok $n - layer folder $layer exists"; failed=1; continue; }
  mine=$(rank "$layer")
  bad=""
  for f in "$core/$layer"/*.[ch]; do
    while IFS= read -r h; do
      where=$(cd "$core" && ls -d */"$h" 2>/dev/null | head -n 1)
      [ -n "$where" ] || continue   # a generated or system header: not core's
      theirs=$(rank "${where%%/*}")
      [ "$theirs" -le "$mine" ] || bad="$bad ${f#"$core"/} includes $where;"
    done < <(sed -n 's/^#include "\(hl-[^"]*\.h\)".*/\1/p' "$f")
  done
  n=$((n + 1))
  if [ -z "$bad" ]; then echo "ok $n - $layer includes only its own and lower layers"
  else echo "not ok $n - $layer:$bad"; failed=1; fi
done
# Every core source is in a layer folder: a file left at the top would escape the order.
n=$((n + 1))
loose=$(find "$core" -maxdepth 1 -name '*.[ch]' | wc -l)
if [ "$loose" -eq 0 ]; then echo "ok $n - no core source outside a layer folder"
else echo "not ok $n - $loose core sources outside a layer folder"; failed=1; fi
echo "1..$n"
exit "$failed"
