#!/usr/bin/env bash
# with-small-fs.sh PROGRAM [ARG...]: runs PROGRAM (a TAP test) on two small real file systems of its own,
# each mounted on a fresh temporary directory and unmounted when PROGRAM ends, however it ends:
#   HL_TEST_TMPFS  a 2 MiB tmpfs, to fill up;
#   HL_TEST_EXT4   a 16 MiB ext4 image on a loop device, whose files can be made immutable (chattr +i),
#                  which ext4 enforces even on files a process holds open for writing;
#   HL_TEST_EXT4_ERRORS  another, mounted with errors=remount-ro, and HL_TEST_EXT4_ERRORS_TRIGGER, the
#                  file of /sys/fs/ext4 that makes it meet an error (and so turn read-only) when written.
# Mounting needs root. Another user goes through `sudo -n`; without it the test fails, it never skips.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

sudo=()
if [ "$(id -u)" != 0 ]; then
  sudo=(sudo -n)
fi

top=$(mktemp -d "${TMPDIR:-/tmp}/hailong-smallfs-XXXXXX")

cleanup () {
  local status=$?
  # Lazily if something still holds a mount (a test program killed by its timeout), so that nothing is
  # left mounted and the directory always goes.
  for mnt in "$top/ext4-errors" "$top/ext4" "$top/tmpfs"; do
    if mountpoint -q "$mnt"; then
      "${sudo[@]}" umount "$mnt" 2>/dev/null || "${sudo[@]}" umount -l "$mnt" || status=1
    fi
  done
  rm -rf "$top"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

mkdir "$top/tmpfs" "$top/ext4" "$top/ext4-errors"
"${sudo[@]}" mount -t tmpfs -o "size=2m,mode=0700,uid=$(id -u),gid=$(id -g)" hailong-test "$top/tmpfs"
for fs in ext4 ext4-errors; do
  truncate -s 16M "$top/$fs.img"
  mkfs.ext4 -q -F -E "root_owner=$(id -u):$(id -g)" "$top/$fs.img"
done
"${sudo[@]}" mount -o loop "$top/ext4.img" "$top/ext4"
"${sudo[@]}" mount -o loop,errors=remount-ro "$top/ext4-errors.img" "$top/ext4-errors"
device=$(findmnt -n -o SOURCE --target "$top/ext4-errors")

HL_TEST_TMPFS="$top/tmpfs" HL_TEST_EXT4="$top/ext4" HL_TEST_EXT4_ERRORS="$top/ext4-errors" \
HL_TEST_EXT4_ERRORS_TRIGGER="/sys/fs/ext4/${device##*/}/trigger_fs_error" "$@"
