#!/usr/bin/env bash
# with-usb-fs.sh PROGRAM [ARG...]: runs PROGRAM (a TAP test) with small real file systems standing in for
# USB sticks, each unmounted and removed when PROGRAM ends, however it ends:
#   HL_TEST_VFAT       an 8 MiB FAT image (mkfs.vfat, as sticks are formatted) on a loop device, mounted
#                      under /media like a stick the desktop mounts, so that GIO's volume monitor lists it;
#   HL_TEST_VFAT_RO    another, with a file on it, then remounted read-only (a write-protected stick);
#   HL_TEST_VFAT_FULL  a 1 MiB FAT image with a file that leaves about 100 KiB free (a stick nearly full);
# all three in one folder under /media (GIO shows a mount there: g_unix_mount_guess_should_display()).
# The FAT images are mounted with fusefat (the FAT driver as a FUSE file system), because the kernels the
# tests run on may lack the vfat module; the images are plain FAT all the same (fsck.vfat checks them).
#   HL_TEST_FULL       a 512 KiB tmpfs, to be filled (a full stick). GIO never lists a tmpfs (it counts
#                      as the system's own), so the dashboard's test uses HL_TEST_VFAT_FULL instead.
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
  for mnt in "$media/stick" "$media/write-protected" "$media/nearly-full" "$top/full"; do
    if [ -n "$mnt" ] && mountpoint -q "$mnt"; then
      "${sudo[@]}" umount "$mnt" 2>/dev/null || "${sudo[@]}" umount -l "$mnt" || status=1
    fi
  done
  [ -n "$media" ] && "${sudo[@]}" rm -rf --one-file-system "$media"
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
"${sudo[@]}" mkdir "$media/stick" "$media/write-protected" "$media/nearly-full"
mkdir "$top/full"
for img in vfat ro; do
  truncate -s 8M "$top/$img.img"
  mkfs.vfat "$top/$img.img" >/dev/null
done
truncate -s 1M "$top/nearly-full.img"
mkfs.vfat "$top/nearly-full.img" >/dev/null
mount_fat () {
  local loop
  loop=$("${sudo[@]}" losetup -f --show "$1")
  loops+=("$loop")
  "${sudo[@]}" fusefat -o rw+,allow_other "$loop" "$2" >/dev/null
}
mount_fat "$top/vfat.img" "$media/stick"
mount_fat "$top/ro.img" "$media/write-protected"
mount_fat "$top/nearly-full.img" "$media/nearly-full"
echo "written before the stick was write-protected" >"$media/write-protected/old.txt"
# -i: the kernel's remount, without mount.fuse (which would start a second fusefat).
"${sudo[@]}" mount -i -o remount,ro "$media/write-protected"
# What is left free: less than an export with its reports needs (hl-usb.c asks 128 KiB a file beyond it).
free_kib=$(df --output=avail -k "$media/nearly-full" | tail -n1)
head -c "$(( (free_kib - 100) * 1024 ))" /dev/zero >"$media/nearly-full/old-photos.bin"
"${sudo[@]}" mount -t tmpfs -o "size=512k,mode=0700,uid=$(id -u),gid=$(id -g)" hailong-usb-full "$top/full"

HL_TEST_VFAT="$media/stick" HL_TEST_VFAT_RO="$media/write-protected" HL_TEST_VFAT_FULL="$media/nearly-full" \
  HL_TEST_FULL="$top/full" "$@"
