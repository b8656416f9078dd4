#!/usr/bin/env bash
# test-readme.sh: the commands of README.md's "Using it" run as written, in order, on a clean clone with a
# fresh home (so `make install` installs into a fresh ~/.local), and do what the README says. The kiosk's
# line runs on a private X server until its window shows. TAP output.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${HL_SOURCE_ROOT:?}"

. "$HL_SOURCE_ROOT/tests/cli/tap.sh"
. "$HL_SOURCE_ROOT/tests/ui/kiosk-driver.sh"
tmp=$(mktemp -d)
kiosk_pid=
cleanup () { [ -n "$kiosk_pid" ] && kill "$kiosk_pid" 2>/dev/null; hl_stop; [ -n "${KEEP:-}" ] || rm -rf "$tmp"; }
trap cleanup EXIT

# The commands: the lines of the first ```sh block after "## Using it", each ending at its comment.
mapfile -t commands < <(awk '/^## Using it/ { on = 1 } on && /^```sh/ { block = 1; next } block && /^```/ { exit }
                             block && NF { print }' "$HL_SOURCE_ROOT/README.md")
check "README: “Using it” has its commands (${#commands[@]})" [ "${#commands[@]}" -ge 10 ]

# The documentation stands alone: it names no document outside the repository, and every docs/ page
# and top-level file it names is there.
outside () {
  local hits
  hits=$(grep -nE '\.\./shared|shared/|FORMATS\.md|METHOD\.md' "$HL_SOURCE_ROOT/README.md" \
           "$HL_SOURCE_ROOT/HACKING.md" "$HL_SOURCE_ROOT"/docs/*.md)
  [ -z "$hits" ] || { sed 's/^/# /' <<<"$hits"; return 1; }
}
check "README, HACKING.md and docs/ name no document outside the repository" outside
named_exist () {
  local f missing=0
  for f in $(grep -ohE '(docs/[a-z-]+\.md|HACKING\.md|data/examples/[a-z.]+)' "$HL_SOURCE_ROOT/README.md" \
               "$HL_SOURCE_ROOT/HACKING.md" "$HL_SOURCE_ROOT"/docs/*.md | sort -u); do
    [ -e "$HL_SOURCE_ROOT/$f" ] || { echo "# named but missing: $f"; missing=1; }
  done
  return $missing
}
check "every docs/ page and file they name exists" named_exist

# A clean clone: the files git tracks, as they are in the working tree (or the whole tree without build
# outputs when this is not a git checkout); and a user who has installed nothing.
mkdir -p "$tmp/clone" "$tmp/home"
if git -C "$HL_SOURCE_ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$HL_SOURCE_ROOT" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$tmp/clone")
else
  (cd "$HL_SOURCE_ROOT" && tar --exclude='./build*' --exclude=./demo-output -cf - .) | tar -C "$tmp/clone" -xf -
fi
check "the clone holds no build" [ ! -e "$tmp/clone/build" ]
export HOME="$tmp/home"
unset HAILONG_SURVEY_DIR XDG_DATA_HOME XDG_CONFIG_HOME
cd "$tmp/clone" || exit 1

i=0
for line in "${commands[@]}"; do
  i=$((i + 1))
  out="$tmp/out.$i"
  case $line in
    hailong-kiosk*)
      # It runs until closed: on a private X server, it must get as far as its window.
      if hl_start_xvfb 1024x600; then
        eval "$line" >"$out" 2>&1 &
        kiosk_pid=$!
        timeout 30 xdotool search --sync --onlyvisible --classname hailong-kiosk >/dev/null 2>&1; rc=$?
        sleep 1
        kill -0 "$kiosk_pid" 2>/dev/null || rc=1
        kill "$kiosk_pid" 2>/dev/null; wait "$kiosk_pid" 2>/dev/null; kiosk_pid=
      else
        rc=1
      fi
      ;;
    *)
      eval "$line" >"$out" 2>&1; rc=$?
      ;;
  esac
  name=${line%%  #*}; name=${name%"${name##*[! ]}"}
  check "README runs: $name" [ "$rc" -eq 0 ]
  [ "$rc" -eq 0 ] || sed 's/^/#   /' "$out" | tail -n 20
done

# What the commands said they would do.
check "make install put the programs into the fresh ~/.local/bin, and the README's PATH finds them there" \
  eq "$(command -v hailong) $(command -v hailong-kiosk)" "$HOME/.local/bin/hailong $HOME/.local/bin/hailong-kiosk"
check "the survey definitions, the demo configuration and the example CSV are installed" \
  test -f "$HOME/.local/share/hailong/survey_defs/sipas-quick.json" '&&' \
  test -f "$HOME/.local/share/hailong/demo/kiosk.json" '&&' test -f "$HOME/.local/share/hailong/examples/answers.csv"
check "simulate recorded 1000 responses in kiosk.db" eq "$(sqlite3 kiosk.db 'SELECT count(*) FROM responses')" 1000
check "identity wrote the enrolment QR code" test -s kiosk-key.png
check "the example CSV went into province.db: 6 responses of kiosk HL-EXAM-PLEA-NSWR" \
  eq "$(sqlite3 province.db "SELECT count(*) || ' ' || group_concat(DISTINCT kiosk_id) FROM responses")" "6 HL-EXAM-PLEA-NSWR"
tap_end
