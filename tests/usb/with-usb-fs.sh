#!/usr/bin/env bash
# with-usb-fs.sh PROGRAM [ARG...]: runs PROGRAM (a TAP test) with small real file systems standing in for
# USB sticks, each unmounted and removed when PROGRAM ends, however it ends:
#   HL_TEST_VFAT     an 8 MiB FAT image (mkfs.vfat, as sticks are formatted) on a loop device, mounted under
#                    /media like a stick the desktop mounts, so that GIO's volume monitor lists it;
#   HL_TEST_VFAT_RO  another, with a file on it, then remounted read-only (a write-protected stick);
# The FAT images are mounted with fusefat (the FAT driver as a FUSE file system), because the kernels the
# tests run on may lack the vfat module; the images are plain FAT all the same (fsck.vfat checks them).
#   HL_TEST_FULL     a 512 KiB tmpfs, to be filled (a full stick).
# Mounting needs root. Another user goes through `sudo -n`; without it the test fails, it never skips.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

sudo=()
if [ "$(id -u)" != 0 ]; then
  sudo=(sudo -n)
fi

top=$(mktemp -d "${TMPDIR:-/tmp}/hailong-usb-XXXXXX")
media=""
loops=()

cleanup () {
  local status=$?
  for mnt in "$media" "$top/ro" "$top/full"; do
    if [ -n "$mnt" ] && mountpoint -q "$mnt"; then
      "${sudo[@]}" umount "$mnt" 2>/dev/null || "${sudo[@]}" umount -l "$mnt" || status=1
    fi
  done
  [ -n "$media" ] && "${sudo[@]}" rmdir "$media" 2>/dev/null
  for loop in "${loops[@]}"; do
    "${sudo[@]}" losetup -d "$loop" || status=1
  done
  # The images are still FAT as the stick would be after the tests.
  for img in "$top"/*.img; do
    [ -e "$img" ] && { fsck.vfat -n "$img" >/dev/null || { echo "# $img: fsck.vfat found damage" >&2; status=1; }; }
  done
  rm -rf "$top"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

"${sudo[@]}" mkdir -p /media
media=$("${sudo[@]}" mktemp -d /media/hailong-test-XXXXXX)
mkdir "$top/ro" "$top/full"
for img in vfat ro; do
  truncate -s 8M "$top/$img.img"
  mkfs.vfat "$top/$img.img" >/dev/null
done
mount_fat () {
  local loop
  loop=$("${sudo[@]}" losetup -f --show "$1")
  loops+=("$loop")
  "${sudo[@]}" fusefat -o rw+,allow_other "$loop" "$2" >/dev/null
}
mount_fat "$top/vfat.img" "$media"
mount_fat "$top/ro.img" "$top/ro"
echo "written before the stick was write-protected" >"$top/ro/old.txt"
# -i: the kernel's remount, without mount.fuse (which would start a second fusefat).
"${sudo[@]}" mount -i -o remount,ro "$top/ro"
"${sudo[@]}" mount -t tmpfs -o "size=512k,mode=0700,uid=$(id -u),gid=$(id -g)" hailong-usb-full "$top/full"

HL_TEST_VFAT="$media" HL_TEST_VFAT_RO="$top/ro" HL_TEST_FULL="$top/full" "$@"
